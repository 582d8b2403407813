//! Value set parameters of an item's `answerValueSet`: a value set that declares parameters
//! (`valueset-parameter` extensions, each with a `name`) needs a value for each, given as a
//! `binding-parameter` extension on the `answerValueSet`; a binding parameter the value set does
//! not declare should be one of the standard expansion parameters.

use serde_json::Value;

use super::Flat;
use crate::json::JsonValue;
use crate::validate::issue::IssueType;
use crate::validate::walk::Walk;

/// Declares a parameter of a value set (on the ValueSet).
const VALUESET_PARAMETER: &str = "http://hl7.org/fhir/tools/StructureDefinition/valueset-parameter";

/// Gives a value to a parameter of the bound value set (on the `answerValueSet`).
const BINDING_PARAMETER: &str = "http://hl7.org/fhir/tools/StructureDefinition/binding-parameter";

/// The expansion parameters a binding may give without the value set declaring them.
const EXPANSION_PARAMETERS: [&str; 29] = [
    "abstract",
    "activeOnly",
    "check-system-version",
    "check-valueset-version",
    "context",
    "contextDirection",
    "count",
    "date",
    "default-valueset-version",
    "designation",
    "displayLanguage",
    "exclude-system",
    "excludeNested",
    "excludeNotForUI",
    "excludePostCoordinated",
    "filter",
    "filterProperty",
    "force-system-version",
    "force-valueset-version",
    "includeDefinition",
    "includeDesignations",
    "inferSystem",
    "lenient-display-validation",
    "manifest",
    "offset",
    "property",
    "system-version",
    "useSupplement",
    "valueset-membership-only",
];

/// The item's `answerValueSet` binding parameters against the parameters its value set declares.
pub(super) fn check(walk: &mut Walk<'_>, item: &Flat<'_>) {
    let Some(url) = item.json.get("answerValueSet").and_then(JsonValue::as_str) else {
        return;
    };
    let Some(value_set) = walk.defs.resolve(url) else {
        return;
    };
    if value_set.get("resourceType").and_then(Value::as_str) != Some("ValueSet") {
        return;
    }
    let declared: Vec<&str> = value_set
        .get("extension")
        .and_then(Value::as_array)
        .map(Vec::as_slice)
        .unwrap_or_default()
        .iter()
        .filter(|e| e.get("url").and_then(Value::as_str) == Some(VALUESET_PARAMETER))
        .filter_map(|e| part_text(e.get("extension")))
        .collect();
    let any_declared = value_set
        .get("extension")
        .and_then(Value::as_array)
        .is_some_and(|list| {
            list.iter()
                .any(|e| e.get("url").and_then(Value::as_str) == Some(VALUESET_PARAMETER))
        });
    if !any_declared {
        return;
    }
    let versioned = match value_set.get("version").and_then(Value::as_str) {
        Some(version) => format!(
            "{}|{version}",
            value_set.get("url").and_then(Value::as_str).unwrap_or(url)
        ),
        None => value_set
            .get("url")
            .and_then(Value::as_str)
            .unwrap_or(url)
            .to_string(),
    };
    let given: Vec<Option<&str>> = item
        .json
        .get("_answerValueSet")
        .and_then(|companion| companion.get("extension"))
        .map(JsonValue::items)
        .unwrap_or_default()
        .iter()
        .filter(|e| e.get("url").and_then(JsonValue::as_str) == Some(BINDING_PARAMETER))
        .map(|e| json_part_text(e.get("extension")))
        .collect();
    for name in &declared {
        if !given.contains(&Some(*name)) {
            walk.sink.error(
                IssueType::BusinessRule,
                "questionnaire.value_set_parameter_missing",
                &item.path,
                item.json.pos,
                format!("The value set {versioned} has a parameter named '{name}', but no value is given for it (a binding-parameter extension on answerValueSet)"),
            );
        }
    }
    for name in given {
        let known =
            name.is_some_and(|n| declared.contains(&n) || EXPANSION_PARAMETERS.contains(&n));
        if !known {
            walk.sink.warning(
                IssueType::BusinessRule,
                "questionnaire.binding_parameter_unknown",
                &item.path,
                item.json.pos,
                format!(
                    "The binding parameter '{}' is not a parameter of the value set {versioned} nor a standard expansion parameter",
                    name.unwrap_or_default()
                ),
            );
        }
    }
}

/// The text of the `name` part among a definition's extension parts.
fn part_text(parts: Option<&Value>) -> Option<&str> {
    parts?
        .as_array()?
        .iter()
        .find(|p| p.get("url").and_then(Value::as_str) == Some("name"))
        .and_then(|p| {
            ["valueString", "valueCode", "valueId"]
                .iter()
                .find_map(|key| p.get(*key).and_then(Value::as_str))
        })
}

/// The text of the `name` part among an instance's extension parts.
fn json_part_text(parts: Option<&JsonValue>) -> Option<&str> {
    parts?
        .items()
        .iter()
        .find(|p| p.get("url").and_then(JsonValue::as_str) == Some("name"))
        .and_then(|p| {
            ["valueString", "valueCode", "valueId"]
                .iter()
                .find_map(|key| p.get(key).and_then(JsonValue::as_str))
        })
}
