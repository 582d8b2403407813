//! One element list (the differential or the snapshot) of a StructureDefinition, element by
//! element: paths that start with the type, slicing where the base allows it, fixed values of the
//! base's type, what an element's types allow (bindings, lengths, ranges: the type
//! characteristics), must-support on types, value types in a snapshot, and the properties a root
//! or specialised element may or must have.

use std::collections::HashSet;

use serde_json::Value;

use super::invariants::Seen;
use super::{
    binding, choice, extension_value, invariants, is_true, items, snapshot_elements, text,
    type_definition, types, Sd,
};
use crate::json::{JsonValue, Pos};
use crate::validate::issue::IssueType;
use crate::validate::walk::Walk;

const TYPE_MUST_SUPPORT: &str =
    "http://hl7.org/fhir/StructureDefinition/elementdefinition-type-must-support";
const FHIR_TYPE: &str = "http://hl7.org/fhir/StructureDefinition/structuredefinition-fhir-type";
const JSON_TYPE: &str = "http://hl7.org/fhir/StructureDefinition/structuredefinition-json-type";
const TYPE_CHARACTERISTICS: &str =
    "http://hl7.org/fhir/StructureDefinition/structuredefinition-type-characteristics";
const MIN_LENGTH: &str = "http://hl7.org/fhir/StructureDefinition/minLength";
const MAX_DECIMALS: &str = "http://hl7.org/fhir/StructureDefinition/maxDecimalPlaces";
const MAX_SIZE: &str = "http://hl7.org/fhir/StructureDefinition/maxSize";

/// Which list is being checked.
#[derive(Clone, Copy)]
pub(super) struct List {
    pub snapshot: bool,
    pub has_snapshot: bool,
}

pub(super) fn check_list(
    walk: &mut Walk<'_>,
    sd: &Sd<'_>,
    list: &JsonValue,
    at: &str,
    snapshot: bool,
    has_snapshot: bool,
) {
    let elements = items(list, "element");
    let mode = List {
        snapshot,
        has_snapshot,
    };
    let mut seen = Seen::default();
    for index in 0..elements.len() {
        let at = format!("{at}.element[{index}]");
        check_element(walk, sd, elements, index, &at, mode, &mut seen);
    }
}

fn check_element(
    walk: &mut Walk<'_>,
    sd: &Sd<'_>,
    elements: &[JsonValue],
    index: usize,
    at: &str,
    mode: List,
    seen: &mut Seen,
) {
    let Some(element) = elements.get(index) else {
        return;
    };
    let Some(path) = text(element, "path") else {
        return;
    };
    let pos = element.pos;
    if let Some(type_name) = sd.type_name {
        if path != type_name && !path.starts_with(&format!("{type_name}.")) {
            walk.sink.error(
                IssueType::NotFound,
                "structure_definition.path_not_type",
                at,
                pos,
                format!("The element path '{path}' must start with the type '{type_name}'"),
            );
        }
    }
    let root = !path.contains('.');
    if !mode.snapshot && root && element.get("slicing").is_some() {
        walk.sink.error(
            IssueType::Invalid,
            "structure_definition.slicing_on_root",
            at,
            pos,
            format!("The root element '{path}' cannot be sliced"),
        );
    }
    let extension_root = path == "Extension" || path.ends_with(".extension");
    if !mode.snapshot
        && sd.constraint
        && element.get("meaningWhenMissing").is_some()
        && !extension_root
    {
        walk.sink.error(
            IssueType::NotFound,
            "structure_definition.not_in_constraint",
            at,
            pos,
            format!("The element {path} sets meaningWhenMissing, which a constraint cannot do (only the definition of a type can)"),
        );
    }
    let mut type_codes: Vec<String> = Vec::new();
    let mut characteristics: HashSet<String> = HashSet::new();
    let mut characteristics_valid = false;
    if root {
        type_codes.push(path.to_string());
        characteristics.extend(characteristics_of(path).iter().map(|c| c.to_string()));
        characteristics_valid = true;
    }
    if let Some(slicing) = element.get("slicing") {
        check_slicing(walk, element, slicing, path, &format!("{at}.slicing"));
    }
    if !mode.snapshot {
        fixed_against_base(walk, sd, element, path, at);
    }
    let mut type_must_support = false;
    for type_ref in items(element, "type") {
        type_must_support |= has_type_must_support(type_ref);
        // R4 gives the type of a primitive's value as extensions on `_code` (json-type).
        let json_type = type_ref
            .get("_code")
            .and_then(|c| extension_value(c, JSON_TYPE))
            .and_then(JsonValue::as_str);
        let code = type_code_of(type_ref)
            .or(json_type)
            .filter(|c| !c.is_empty());
        let Some(code) = code else {
            if type_ref.get("code").is_some() || type_ref.get("_code").is_some() {
                walk.sink.error(
                    IssueType::Invalid,
                    "structure_definition.type_without_code",
                    at,
                    pos,
                    format!("The type of {path} has no code"),
                );
            }
            continue;
        };
        type_codes.push(code.to_string());
        if !mode.snapshot {
            in_own_snapshot(walk, sd, path, code, &format!("{at}.type"), type_ref.pos);
        }
        if let Some(definition) = type_definition(walk.defs, code) {
            characteristics_valid = true;
            let declared: Vec<&str> = definition
                .get("extension")
                .and_then(Value::as_array)
                .map(Vec::as_slice)
                .unwrap_or_default()
                .iter()
                .filter(|e| e.get("url").and_then(Value::as_str) == Some(TYPE_CHARACTERISTICS))
                .filter_map(|e| e.get("valueCode").and_then(Value::as_str))
                .collect();
            let own: Vec<&str> = if declared.is_empty() {
                characteristics_of(code).to_vec()
            } else {
                declared
            };
            if type_ref.get("targetProfile").is_some() && !own.contains(&"has-target") {
                illegal(walk, at, pos, "targetProfile", &[code.to_string()]);
            }
            characteristics.extend(own.iter().map(|c| c.to_string()));
        }
        types::check(walk, sd, type_ref, &format!("{at}.type"), path, code);
    }
    if type_must_support {
        let must_support = is_true(element.get("mustSupport"));
        if mode.snapshot && !must_support {
            walk.sink.warning(
                IssueType::Processing,
                "structure_definition.nested_must_support",
                at,
                pos,
                format!("The element {path} has types, profiles or target profiles marked as must-support, but the element itself is not must-support"),
            );
        } else if !mode.snapshot && !mode.has_snapshot && !must_support {
            walk.sink.info(
                IssueType::Processing,
                "structure_definition.nested_must_support_diff",
                at,
                pos,
                format!("The element {path} has types, profiles or target profiles marked as must-support, but the element itself is not marked must-support in the differential"),
            );
        }
    }
    let relevant = !type_codes.is_empty() && characteristics_valid;
    if let Some(binding) = element.get("binding") {
        if relevant && !characteristics.contains("can-bind") {
            illegal(walk, at, pos, "Binding", &type_codes);
        }
        binding::check(
            walk,
            sd,
            binding,
            &format!("{at}.binding"),
            &type_codes,
            mode.snapshot,
            path,
        );
    }
    if relevant {
        let checks: [(bool, &str, &str); 6] = [
            (
                element.get("maxLength").is_some(),
                "has-length",
                "MaxLength",
            ),
            (
                extension_value(element, MIN_LENGTH).is_some(),
                "has-length",
                "MinLength Extension",
            ),
            (
                choice(element, "minValue").is_some(),
                "has-range",
                "MinValue",
            ),
            (
                choice(element, "maxValue").is_some(),
                "has-range",
                "MaxValue",
            ),
            (
                extension_value(element, MAX_DECIMALS).is_some(),
                "is-continuous",
                "Max Decimal Places Extension",
            ),
            (
                extension_value(element, MAX_SIZE).is_some(),
                "has-size",
                "Max Size",
            ),
        ];
        for (present, needed, what) in checks {
            if present && !characteristics.contains(needed) {
                illegal(walk, at, pos, what, &type_codes);
            }
        }
    }
    if mode.snapshot {
        super::values::value_types(walk, element, at, &type_codes);
    }
    invariants::check(walk, sd, elements, index, at, mode.snapshot, seen);
    if mode.snapshot {
        super::values::tables(walk, sd, element, path, at);
    }
}

/// A type's code as written (`code`, or the FHIR-type extension of R4's system types).
fn type_code_of(type_ref: &JsonValue) -> Option<&str> {
    extension_value(type_ref, FHIR_TYPE)
        .and_then(JsonValue::as_str)
        .or_else(|| text(type_ref, "code"))
}

/// A differential type is one of the types the StructureDefinition's snapshot gives the element's
/// path (the reference compares with the snapshot it generates; a definition that carries its own
/// snapshot is compared with that one, and one generated by Onramp agrees by construction).
fn in_own_snapshot(walk: &mut Walk<'_>, sd: &Sd<'_>, path: &str, code: &str, at: &str, pos: Pos) {
    let Some(snapshot) = sd.json.get("snapshot") else {
        return;
    };
    let mut types: Vec<&str> = Vec::new();
    for element in items(snapshot, "element") {
        if text(element, "path") != Some(path) {
            continue;
        }
        for type_code in items(element, "type").iter().filter_map(type_code_of) {
            if !types.contains(&type_code) {
                types.push(type_code);
            }
        }
    }
    if types.is_empty() || types.contains(&code) {
        return;
    }
    let url = match (sd.url, sd.version) {
        (Some(url), Some(version)) => format!("{url}|{version}"),
        (Some(url), None) => url.to_string(),
        _ => String::new(),
    };
    walk.sink.error(
        IssueType::Processing,
        "structure_definition.type_not_in_snapshot",
        at,
        pos,
        format!(
            "The type {code} is not in the list of allowed types [{}] in the profile {url}",
            types.join(", ")
        ),
    );
}

fn illegal(walk: &mut Walk<'_>, at: &str, pos: crate::json::Pos, what: &str, types: &[String]) {
    walk.sink.error(
        IssueType::BusinessRule,
        "structure_definition.illegal_characteristic",
        at,
        pos,
        format!(
            "This element has a {what} but the types [{}] do not make this kind of constraint relevant",
            types.join(", ")
        ),
    );
}

/// The characteristics of a type when its definition does not declare them.
fn characteristics_of(type_code: &str) -> &'static [&'static str] {
    match type_code {
        "integer" | "integer64" | "date" | "positiveInt" | "unsignedInt" => {
            &["has-range", "has-length"]
        }
        "decimal" | "instant" | "dateTime" | "time" => {
            &["has-range", "is-continuous", "has-length"]
        }
        "base64Binary" => &["has-size"],
        "string" => &["has-length", "do-translations", "can-bind"],
        "uri" | "code" | "oid" | "url" | "uuid" => &["has-length", "can-bind"],
        "canonical" => &["has-target", "has-length"],
        "id" => &["has-length"],
        "markdown" => &["do-translations", "has-length"],
        "Address" => &["do-translations"],
        "Age" | "Distance" | "Duration" | "Quantity" | "MoneyQuantity" | "SimpleQuantity" => {
            &["has-range", "is-continuous", "can-bind", "has-units"]
        }
        "Attachment" => &["has-size", "do-translations"],
        "CodeableConcept" | "Coding" => &["can-bind", "do-translations"],
        "CodeableReference" => &["has-target", "can-bind", "do-translations"],
        "Count" => &["has-range"],
        "Money" => &["has-range", "is-continuous"],
        "Range" => &["has-units", "can-bind"],
        "Ratio" | "RatioRange" => &["has-units"],
        "Reference" => &["has-target"],
        "Extension" => &["can-bind"],
        _ => &[],
    }
}

fn has_type_must_support(type_ref: &JsonValue) -> bool {
    let flagged = |json: &JsonValue| is_true(extension_value(json, TYPE_MUST_SUPPORT));
    flagged(type_ref)
        || ["_profile", "_targetProfile"]
            .iter()
            .any(|key| items(type_ref, key).iter().any(flagged))
}

/// Slicing only where the element can repeat (or is a choice); `pattern` discriminators are
/// deprecated; discriminator paths that are valid on the sliced element's types.
fn check_slicing(
    walk: &mut Walk<'_>,
    element: &JsonValue,
    slicing: &JsonValue,
    path: &str,
    at: &str,
) {
    let type_name = path.split('.').next().unwrap_or(path);
    let base_element = type_definition(walk.defs, type_name).and_then(|definition| {
        snapshot_elements(&definition)
            .iter()
            .find(|e| e.get("path").and_then(Value::as_str) == Some(path))
            .cloned()
    });
    if let Some(base_element) = &base_element {
        let max = base_element.get("max").and_then(Value::as_str);
        if max == Some("1") && !path.contains("[x]") {
            walk.sink.error(
                IssueType::NotFound,
                "structure_definition.slicing_not_repeating",
                at,
                slicing.pos,
                format!(
                    "The element {path} cannot be sliced: it does not repeat and is not a choice"
                ),
            );
        }
    }
    for (index, discriminator) in items(slicing, "discriminator").iter().enumerate() {
        let at = format!("{at}.discriminator[{index}]");
        if text(discriminator, "type") == Some("pattern") {
            walk.sink.info(
                IssueType::BusinessRule,
                "structure_definition.pattern_discriminator",
                &at,
                discriminator.pos,
                "The discriminator type 'pattern' is deprecated in R5+. For future compatibility, you could consider using type=value with a pattern[x] instead (if this is not an inherited slicing)".to_string(),
            );
        }
        let Some(expression) = text(discriminator, "path") else {
            continue;
        };
        if base_element.is_none() {
            continue;
        }
        let codes: Vec<&str> = items(element, "type")
            .iter()
            .filter_map(|t| text(t, "code"))
            .collect();
        if codes.is_empty() {
            continue;
        }
        let engine = walk.defs.engine();
        match engine.compile(expression) {
            Err(error) => walk.sink.error(
                IssueType::Invalid,
                "structure_definition.discriminator_error",
                &at,
                discriminator.pos,
                format!("The discriminator path '{expression}' of the slicing of '{path}' is not valid: {error}"),
            ),
            Ok(compiled) => {
                let known = codes.iter().all(|code| {
                    !matches!(*code, "Element" | "BackboneElement" | "Resource" | "DomainResource")
                        && engine.types().named(code).is_some()
                });
                if known && codes.iter().all(|code| engine.check(&compiled, code).is_err()) {
                    walk.sink.error(
                        IssueType::Invalid,
                        "structure_definition.discriminator_invalid",
                        &at,
                        discriminator.pos,
                        format!("The discriminator path '{expression}' does not appear to be valid for the element that is being sliced '{path}'"),
                    );
                }
            }
        }
    }
}

/// Where the base fixes a value, a differential's fixed value has the same type, and it cannot
/// replace it by a pattern.
fn fixed_against_base(walk: &mut Walk<'_>, sd: &Sd<'_>, element: &JsonValue, path: &str, at: &str) {
    let own_fixed = choice(element, "fixed");
    let own_pattern = choice(element, "pattern");
    if own_fixed.is_none() && own_pattern.is_none() {
        return;
    }
    let Some(base_element) = snapshot_elements(&sd.base)
        .iter()
        .find(|e| e.get("id").and_then(Value::as_str) == Some(path))
    else {
        return;
    };
    let base_json = JsonValue::from_serde(base_element);
    if let Some((base_type, _)) = choice(&base_json, "fixed") {
        if let Some((own_type, value)) = own_fixed {
            if own_type != base_type {
                walk.sink.error(
                    IssueType::Invalid,
                    "structure_definition.fixed_wrong_type",
                    &format!("{at}.fixed{}", super::values::upper_first(&own_type)),
                    value.pos,
                    format!("The base fixes this element to a value of type {base_type}, but the fixed value here is of type {own_type}"),
                );
            }
        }
    } else if choice(&base_json, "pattern").is_some() {
        if let Some((own_type, value)) = own_pattern {
            walk.sink.error(
                IssueType::Invalid,
                "structure_definition.pattern_over_pattern",
                &format!("{at}.pattern{}", super::values::upper_first(&own_type)),
                value.pos,
                format!("The base gives this element a pattern, and a pattern of type {own_type} can only be given where the base fixes a value"),
            );
        }
    }
}
