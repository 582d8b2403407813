//! Where an extension may be used: `context` only on extension definitions (or definitions with a
//! JSON name), element contexts that name an element that exists, `Element` and element-shaped
//! FHIRPath contexts worth a second look, and `contextInvariant` expressions that compile.

use serde_json::Value;

use super::{items, snapshot_elements, text, type_definition};
use crate::json::JsonValue;
use crate::validate::context::Definitions;
use crate::validate::issue::IssueType;
use crate::validate::walk::Walk;

const JSON_NAMES: &[&str] = &[
    "http://hl7.org/fhir/tools/StructureDefinition/json-name",
    "http://hl7.org/fhir/StructureDefinition/elementdefinition-json-name",
];

/// Deeper element paths than this are not followed.
const MAX_SEGMENTS: usize = 32;

pub(super) fn check(walk: &mut Walk<'_>, json: &JsonValue, path: &str) {
    let is_extension = text(json, "type") == Some("Extension");
    let id = text(json, "id").unwrap_or_default();
    for (index, context) in items(json, "context").iter().enumerate() {
        let at = format!("{path}.context[{index}]");
        if !is_extension {
            if !has_json_name(json) {
                walk.sink.error(
                    IssueType::Invalid,
                    "structure_definition.context_not_extension",
                    &at,
                    context.pos,
                    format!(
                        "A context can only be given on an extension definition, but this definition's type is '{}'",
                        text(json, "type").unwrap_or_default()
                    ),
                );
            }
            continue;
        }
        let kind = text(context, "type");
        let Some(expression) = text(context, "expression") else {
            continue;
        };
        if kind == Some("element") && !element_exists(walk.defs, expression) {
            walk.sink.error(
                IssueType::Invalid,
                "structure_definition.context_element_not_found",
                &at,
                context.pos,
                format!(
                    "The extension context names the element '{expression}', which cannot be found"
                ),
            );
        }
        if kind == Some("element") && expression == "Element" {
            walk.sink.warning(
                IssueType::BusinessRule,
                "structure_definition.context_element",
                &at,
                context.pos,
                format!("Review the extension type for {id}: extensions should not have a context of {expression} unless it's really intended that they can be used anywhere"),
            );
        } else if kind == Some("fhirpath") && is_element(walk.defs, expression) {
            walk.sink.warning(
                IssueType::BusinessRule,
                "structure_definition.context_fhirpath_element",
                &at,
                context.pos,
                format!("The extension {id} has a FHIRPath context '{expression}' that is an element path: use a context of type 'element' instead"),
            );
        }
    }
    if !is_extension {
        for (index, invariant) in items(json, "contextInvariant").iter().enumerate() {
            walk.sink.error(
                IssueType::Invalid,
                "structure_definition.context_invariant_not_extension",
                &format!("{path}.contextInvariant[{index}]"),
                invariant.pos,
                format!(
                    "A contextInvariant can only be given on an extension definition, but this definition's type is '{}'",
                    text(json, "type").unwrap_or_default()
                ),
            );
        }
    }
}

/// `contextInvariant` expressions compile, and there is an element context to evaluate them on.
pub(super) fn context_invariants(walk: &mut Walk<'_>, json: &JsonValue, path: &str) {
    let has_element_context = items(json, "context")
        .iter()
        .any(|c| text(c, "type") == Some("element"));
    for (index, invariant) in items(json, "contextInvariant").iter().enumerate() {
        let Some(expression) = invariant.as_str().filter(|e| !e.is_empty()) else {
            continue;
        };
        let at = format!("{path}.contextInvariant[{index}]");
        if !has_element_context {
            let contexts: Vec<String> = items(json, "context")
                .iter()
                .map(|c| {
                    format!(
                        "{}={}",
                        text(c, "type").unwrap_or_default(),
                        text(c, "expression").unwrap_or_default()
                    )
                })
                .collect();
            walk.sink.info(
                IssueType::Informational,
                "structure_definition.context_invariant_no_type",
                &at,
                invariant.pos,
                format!("Unable to determine the type the context invariant applies to from the contexts {}, so it was not checked", contexts.join(", ")),
            );
        } else if let Err(error) = walk.defs.engine().compile(expression) {
            walk.sink.error(
                IssueType::Invalid,
                "structure_definition.context_invariant_error",
                &at,
                invariant.pos,
                format!("Error in the context invariant '{expression}': {error}"),
            );
        }
    }
}

/// Whether the root element declares a JSON name (such a logical definition can be used as an
/// extension).
fn has_json_name(json: &JsonValue) -> bool {
    let root = ["snapshot", "differential"].iter().find_map(|list| {
        json.get(list)
            .and_then(|l| l.get("element"))
            .and_then(|e| e.items().first())
    });
    root.is_some_and(|root| {
        items(root, "extension")
            .iter()
            .any(|e| text(e, "url").is_some_and(|url| JSON_NAMES.contains(&url)))
    })
}

/// Whether an element path is one of its type's snapshot paths.
fn is_element(defs: &Definitions, expression: &str) -> bool {
    let type_name = expression.split('.').next().unwrap_or(expression);
    type_definition(defs, type_name).is_some_and(|definition| {
        snapshot_elements(&definition)
            .iter()
            .any(|e| e.get("path").and_then(Value::as_str) == Some(expression))
    })
}

/// Whether an element path (`Patient.name.given`) names an element: followed through the
/// snapshot of its type, and into the types of complex elements.
fn element_exists(defs: &Definitions, expression: &str) -> bool {
    if expression.contains('#') || expression.contains("://") {
        // A profile-qualified context: not resolved here.
        return true;
    }
    let mut segments = expression.split('.');
    let first = segments.next().unwrap_or(expression);
    let Some(mut definition) = type_definition(defs, first) else {
        return false;
    };
    let mut current = first.to_string();
    for (count, segment) in segments.enumerate() {
        if count > MAX_SEGMENTS {
            return true;
        }
        if let Some(found) = child(&definition, &current, segment) {
            current = found;
            continue;
        }
        // Into the element's type.
        let Some(element) = snapshot_elements(&definition)
            .iter()
            .find(|e| e.get("path").and_then(Value::as_str) == Some(current.as_str()))
        else {
            return false;
        };
        if let Some(reference) = element.get("contentReference").and_then(Value::as_str) {
            let target = reference.trim_start_matches('#').to_string();
            match child(&definition, &target, segment) {
                Some(found) => {
                    current = found;
                    continue;
                }
                None => return false,
            }
        }
        let types: Vec<&str> = element
            .get("type")
            .and_then(Value::as_array)
            .map(Vec::as_slice)
            .unwrap_or_default()
            .iter()
            .filter_map(|t| t.get("code").and_then(Value::as_str))
            .collect();
        let [type_code] = types.as_slice() else {
            return false;
        };
        let root = type_code.to_string();
        let Some(type_definition) = type_definition(defs, &root) else {
            return false;
        };
        definition = type_definition;
        match child(&definition, &root, segment) {
            Some(found) => current = found,
            None => return false,
        }
    }
    true
}

/// The path of the child `name` of `parent` in a definition's snapshot (a choice matches too).
fn child(definition: &Value, parent: &str, name: &str) -> Option<String> {
    let plain = format!("{parent}.{name}");
    let as_choice = format!("{plain}[x]");
    snapshot_elements(definition)
        .iter()
        .filter_map(|e| e.get("path").and_then(Value::as_str))
        .find(|p| *p == plain || *p == as_choice)
        .map(str::to_string)
}
