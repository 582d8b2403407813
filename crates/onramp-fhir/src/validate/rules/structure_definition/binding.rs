//! Bindings on elements: on a bindable type, to a value set that can be found and is a value set
//! (not a code system), not experimental unless the profile is, and the usages of additional
//! bindings (the tools extension) naming elements of the profile.

use serde_json::Value;

use super::{choice, items, text, type_definition, Sd};
use crate::json::JsonValue;
use crate::validate::issue::IssueType;
use crate::validate::walk::Walk;

const ADDITIONAL: &str = "http://hl7.org/fhir/tools/StructureDefinition/additional-binding";
const BINDING_STYLE: &str = "http://hl7.org/fhir/tools/StructureDefinition/binding-style";
const TYPE_CHARACTERISTICS: &str =
    "http://hl7.org/fhir/StructureDefinition/structuredefinition-type-characteristics";

/// Longer base chains than this are a cycle.
const MAX_CHAIN: usize = 16;

pub(super) fn check(
    walk: &mut Walk<'_>,
    sd: &Sd<'_>,
    binding: &JsonValue,
    at: &str,
    type_codes: &[String],
    snapshot: bool,
    path: &str,
) {
    if snapshot && !type_codes.iter().any(|t| bindable(walk, t)) {
        walk.sink.error(
            IssueType::BusinessRule,
            "structure_definition.binding_not_bindable",
            at,
            binding.pos,
            format!(
                "The element {path} has a binding, but none of its types [{}] can be bound",
                type_codes.join(", ")
            ),
        );
    }
    if !snapshot {
        let bindables = type_codes
            .iter()
            .filter(|t| {
                matches!(
                    t.as_str(),
                    "code"
                        | "string"
                        | "url"
                        | "uri"
                        | "Coding"
                        | "CodeableConcept"
                        | "Quantity"
                        | "CodeableReference"
                )
            })
            .count();
        if bindables > 1 {
            walk.sink.info(
                IssueType::BusinessRule,
                "structure_definition.binding_multiple_types",
                at,
                binding.pos,
                format!("The element {path} has a binding and more than one bindable type [{}]: the binding applies to each of them", type_codes.join(", ")),
            );
        }
    }
    let reference = text(binding, "valueSet");
    if reference.is_none() && binding.get("_valueSet").is_some() && snapshot {
        walk.sink.warning(
            IssueType::BusinessRule,
            "structure_definition.binding_without_value_set",
            at,
            binding.pos,
            format!("The binding of {path} should name a value set"),
        );
    }
    if let Some(reference) = reference {
        let example = text(binding, "strength") == Some("example");
        value_set(walk, sd, reference, at, binding.pos, path, example);
    }
    for extension in items(binding, "extension") {
        if text(extension, "url") == Some(ADDITIONAL) {
            additional(walk, sd, extension, at, path);
        }
    }
}

/// Whether values of a type can be bound: coded types, strings and URIs, and types that say so.
fn bindable(walk: &Walk<'_>, type_code: &str) -> bool {
    const BY_NAME: &[&str] = &[
        "code",
        "Coding",
        "CodeableConcept",
        "Quantity",
        "CodeableReference",
        "string",
        "uri",
    ];
    if BY_NAME.contains(&type_code) {
        return true;
    }
    let mut current = type_definition(walk.defs, type_code);
    for _ in 0..MAX_CHAIN {
        let Some(definition) = current else {
            return false;
        };
        let extensions = definition
            .get("extension")
            .and_then(Value::as_array)
            .map(Vec::as_slice)
            .unwrap_or_default();
        let says_so = extensions.iter().any(|e| {
            let url = e.get("url").and_then(Value::as_str);
            url == Some(BINDING_STYLE)
                || (url == Some(TYPE_CHARACTERISTICS)
                    && e.get("valueCode").and_then(Value::as_str) == Some("can-bind"))
        });
        let of_type = definition.get("type").and_then(Value::as_str);
        if says_so
            || of_type.is_some_and(|t| {
                matches!(
                    t,
                    "string" | "uri" | "CodeableConcept" | "Quantity" | "CodeableReference"
                )
            })
        {
            return true;
        }
        current = definition
            .get("baseDefinition")
            .and_then(Value::as_str)
            .and_then(|base| walk.defs.resolve(base));
    }
    false
}

fn value_set(
    walk: &mut Walk<'_>,
    sd: &Sd<'_>,
    reference: &str,
    at: &str,
    pos: crate::json::Pos,
    path: &str,
    example: bool,
) {
    let Some(found) = walk.defs.resolve(reference) else {
        walk.sink.warning(
            IssueType::BusinessRule,
            "structure_definition.binding_value_set_unknown",
            at,
            pos,
            format!("The value set {reference} bound to {path} cannot be found, so it cannot be checked"),
        );
        return;
    };
    let found_type = found
        .get("resourceType")
        .and_then(Value::as_str)
        .unwrap_or_default();
    if found_type != "ValueSet" {
        walk.sink.error(
            IssueType::BusinessRule,
            "structure_definition.binding_not_value_set",
            at,
            pos,
            format!("The binding of {path} points to {reference}, which is a {found_type}, not a ValueSet"),
        );
        return;
    }
    let experimental = found.get("experimental").and_then(Value::as_bool) == Some(true);
    if experimental && !example && !sd.experimental {
        walk.sink.warning(
            IssueType::BusinessRule,
            "structure_definition.binding_experimental",
            at,
            pos,
            format!("The element {path} is bound to the experimental value set {reference}, but the profile is not experimental"),
        );
    }
}

/// An additional binding (tools extension): its value set, and usages that name elements.
fn additional(walk: &mut Walk<'_>, sd: &Sd<'_>, extension: &JsonValue, at: &str, path: &str) {
    let part = |name: &'static str| {
        items(extension, "extension")
            .iter()
            .filter(move |e| text(e, "url") == Some(name))
    };
    if let Some(reference) = part("valueSet")
        .find_map(|e| choice(e, "value"))
        .and_then(|(_, value)| value.as_str())
    {
        value_set(walk, sd, reference, at, extension.pos, path, false);
    }
    for usage in part("usage") {
        let Some((_, context)) = choice(usage, "value") else {
            continue;
        };
        let Some(code) = context.get("code") else {
            continue;
        };
        let system = text(code, "system");
        let code_value = text(code, "code").unwrap_or_default();
        if system.is_some() && system == sd.url {
            let named = ["differential", "snapshot"].iter().any(|list| {
                sd.json
                    .get(list)
                    .map(|l| items(l, "element"))
                    .unwrap_or_default()
                    .iter()
                    .any(|e| text(e, "path") == Some(code_value))
            });
            if !named {
                walk.sink.error(
                    IssueType::BusinessRule,
                    "structure_definition.binding_usage_element",
                    at,
                    usage.pos,
                    format!("The additional binding usage names the element {code_value} of {}, which is not in this profile", system.unwrap_or_default()),
                );
            } else if let Some((value_type, _)) = choice(context, "value") {
                if value_type != "CodeableConcept" {
                    walk.sink.error(
                        IssueType::BusinessRule,
                        "structure_definition.binding_usage_type",
                        at,
                        usage.pos,
                        format!("The additional binding usage value is of type {value_type}, but it must be a CodeableConcept"),
                    );
                }
            }
        } else {
            walk.sink.info(
                IssueType::BusinessRule,
                "structure_definition.binding_usage_unknown",
                at,
                usage.pos,
                format!("The additional binding usage {}#{code_value} is not understood, so it was not checked", system.unwrap_or_default()),
            );
        }
    }
}
