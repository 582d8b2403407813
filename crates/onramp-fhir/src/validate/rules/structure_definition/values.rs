//! Values and properties of the elements of a snapshot: non-root elements have types, default,
//! fixed and pattern values of one of those types (a hint or warning for repeating or complex
//! ones), and the properties a root element, or any element of a specialization, may or must have.

use super::{choice, items, text, Sd, PRIMITIVES};
use crate::json::JsonValue;
use crate::validate::issue::IssueType;
use crate::validate::walk::Walk;

pub(super) fn upper_first(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => format!("{}{}", first.to_ascii_uppercase(), chars.as_str()),
        None => String::new(),
    }
}

/// In a snapshot, non-root elements have types (or a content reference), and their default,
/// fixed and pattern values are of one of those types.
pub(super) fn value_types(
    walk: &mut Walk<'_>,
    element: &JsonValue,
    at: &str,
    type_codes: &[String],
) {
    let Some(id) = text(element, "id").filter(|id| id.contains('.')) else {
        return;
    };
    if system_typed(element) {
        return;
    }
    if type_codes.is_empty() && element.get("contentReference").is_none() {
        walk.sink.error(
            IssueType::Processing,
            "structure_definition.no_types",
            at,
            element.pos,
            format!("The element {id} has no types and no content reference"),
        );
        return;
    }
    let repeating = !matches!(text(element, "max"), Some("0" | "1"));
    for prefix in ["defaultValue", "fixed", "pattern"] {
        let Some((value_type, value)) = choice(element, prefix) else {
            continue;
        };
        let value_at = format!("{at}.{prefix}{}", upper_first(&value_type));
        if !type_codes.contains(&value_type) {
            walk.sink.error(
                IssueType::Processing,
                "structure_definition.value_type",
                &value_at,
                value.pos,
                format!("The {prefix} value of {id} is of type {value_type}, which is not one of the element's types [{}]", type_codes.join(", ")),
            );
        }
        if prefix == "defaultValue" {
            continue;
        }
        let primitive = PRIMITIVES.contains(&value_type.as_str());
        if repeating {
            walk.sink.info(
                IssueType::Processing,
                "structure_definition.repeating_fixed",
                &value_at,
                value.pos,
                format!("The element {id} repeats, and a {prefix} value applies to each repeat; consider slicing instead"),
            );
            if primitive {
                walk.sink.warning(
                    IssueType::Processing,
                    "structure_definition.repeating_fixed_primitive",
                    &value_at,
                    value.pos,
                    format!("The element {id} repeats and has a primitive {prefix} value: some tools (.NET) do not support this"),
                );
            }
        }
        if prefix == "fixed" && !primitive {
            walk.sink.warning(
                IssueType::Processing,
                "structure_definition.complex_fixed",
                &value_at,
                value.pos,
                format!("The fixed value of type {value_type} fixes every element inside it, including ids and extensions: a pattern is usually what is meant"),
            );
        }
    }
}

/// What a root element (and, in a specialization, any element) may or must have in a snapshot.
pub(super) fn tables(walk: &mut Walk<'_>, sd: &Sd<'_>, element: &JsonValue, path: &str, at: &str) {
    let root = !path.contains('.');
    if system_typed(element) {
        // The value of a primitive type carries the type's own limits (string.value's maxLength).
        return;
    }
    let (mode, prohibited, required): (&str, &[&str], &[&str]) = match (sd.constraint, root) {
        (true, false) => return,
        (true, true) => (
            "constraint",
            &[
                "sliceName",
                "slicing",
                "requirements",
                "nameReference",
                "defaultValue",
                "meaningWhenMissing",
                "fixed",
                "pattern",
                "example",
                "minValue",
                "maxValue",
                "maxLength",
            ],
            &[],
        ),
        (false, false) => (
            "specialization",
            &[
                "sliceName",
                "fixed",
                "pattern",
                "minValue",
                "maxValue",
                "maxLength",
            ],
            &["min", "max"],
        ),
        (false, true) => (
            "specialization",
            &[
                "sliceName",
                "slicing",
                "requirements",
                "nameReference",
                "defaultValue",
                "fixed",
                "pattern",
                "example",
                "minValue",
                "maxValue",
                "maxLength",
            ],
            &[],
        ),
    };
    let choices = ["defaultValue", "fixed", "pattern", "minValue", "maxValue"];
    let has = |name: &str| {
        element.get(name).is_some() || (choices.contains(&name) && choice(element, name).is_some())
    };
    for name in prohibited.iter().filter(|name| has(name)) {
        walk.sink.error(
            IssueType::Processing,
            "structure_definition.property_prohibited",
            at,
            element.pos,
            format!("The property {name} is not allowed on the element {path} in a {mode}"),
        );
    }
    for name in required.iter().filter(|name| !has(name)) {
        walk.sink.error(
            IssueType::Processing,
            "structure_definition.property_required",
            at,
            element.pos,
            format!("The property {name} is required on the element {path} in a {mode}"),
        );
    }
}

/// Whether the element is a primitive's value, typed with a FHIRPath system type.
fn system_typed(element: &JsonValue) -> bool {
    items(element, "type").iter().any(|t| {
        text(t, "code").is_some_and(|c| c.starts_with("http://hl7.org/fhirpath/"))
            || (t.get("code").is_none() && t.get("_code").is_some())
    })
}
