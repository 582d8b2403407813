//! The value of one QuestionnaireResponse answer against its Questionnaire item (answer options
//! and string value sets are in `choices`): minValue/maxValue, decimal places, lengths and regex, quantity bounds, reference answers and
//! attachments.

mod choices;

use serde_json::Value;

use super::questionnaire::{extension_value, text};
use crate::validate::issue::IssueType;
use crate::validate::walk::Walk;

/// Whether an `answerOption` holds this answer value (a Coding matches on system and code).
pub(super) fn option_matches(option: &Value, value: &Value) -> bool {
    option.as_object().is_some_and(|o| {
        o.iter().any(|(k, v)| {
            k.starts_with("value")
                && (v == value
                    || (v.get("code").is_some()
                        && v.get("code") == value.get("code")
                        && v.get("system") == value.get("system")))
        })
    })
}

pub(super) fn answer_value(
    walk: &mut Walk<'_>,
    q_item: &Value,
    value_type: &str,
    value: &Value,
    path: &str,
    pos: crate::json::Pos,
) {
    choices::check(walk, q_item, value_type, value, path, pos);
    if value_type == "Quantity" {
        super::questionnaire_units::quantity_answer(walk, q_item, value, path, pos);
        return;
    }
    if value_type == "Reference" {
        reference_answer(walk, q_item, value, path, pos);
        return;
    }
    if value_type == "Attachment" {
        attachment_answer(walk, q_item, value, path, pos);
        return;
    }
    let as_number = |v: &Value| v.as_f64();
    if let Some((_, min)) = extension_value(q_item, "minValue") {
        if below(value, min, as_number) {
            walk.sink.error(
                IssueType::Value,
                "questionnaire.min_value",
                path,
                pos,
                format!(
                    "The value {} is less than the allowed minimum of {}",
                    show(value),
                    show(min)
                ),
            );
        }
    }
    if let Some((_, max)) = extension_value(q_item, "maxValue") {
        if below(max, value, as_number) {
            walk.sink.error(
                IssueType::Value,
                "questionnaire.max_value",
                path,
                pos,
                format!(
                    "The value {} is greater than the allowed maximum of {}",
                    show(value),
                    show(max)
                ),
            );
        }
    }
    if let (Some((_, places)), Some(number)) = (
        extension_value(q_item, "maxDecimalPlaces"),
        value.as_number(),
    ) {
        let text = number.to_string();
        let found = text.split_once('.').map_or(0, |(_, d)| d.len());
        if places.as_u64().is_some_and(|p| found as u64 > p) {
            walk.sink.error(
                IssueType::Value,
                "questionnaire.decimal_places",
                path,
                pos,
                format!("The value {text} has too many decimal places (limit = {places})"),
            );
        }
    }
    if let Some(text) = value.as_str().filter(|_| value_type == "string") {
        let length = text.chars().count() as u64;
        if let Some(min) = extension_value(q_item, "minLength").and_then(|(_, v)| v.as_u64()) {
            if length < min {
                walk.sink.error(
                    IssueType::Value,
                    "questionnaire.min_length",
                    path,
                    pos,
                    format!(
                        "The answer '{text}' is shorter then the required minimum length of {min}"
                    ),
                );
            }
        }
        if let Some(max) = q_item.get("maxLength").and_then(Value::as_u64) {
            if length > max {
                walk.sink.error(
                    IssueType::Value,
                    "questionnaire.max_length",
                    path,
                    pos,
                    format!(
                        "The answer '{text}' is longer then the allowed maximum length of {max}"
                    ),
                );
            }
        }
        if let Some(pattern) = extension_value(q_item, "regex").and_then(|(_, v)| v.as_str()) {
            if let Ok(regex) = regex::Regex::new(pattern) {
                if !regex.is_match(text) {
                    walk.sink.error(IssueType::Value, "questionnaire.regex", path, pos, format!("The answer '{text}' does not conform to the expected format (regex '{pattern}')"));
                }
            }
        }
    }
}

pub(super) fn show(value: &Value) -> String {
    value
        .as_str()
        .map_or_else(|| value.to_string(), str::to_string)
}

/// `left < right` for numbers, or for dates and times compared as written.
fn below(left: &Value, right: &Value, as_number: impl Fn(&Value) -> Option<f64>) -> bool {
    if let (Some(a), Some(b)) = (as_number(left), as_number(right)) {
        return a < b;
    }
    if let (Some(a), Some(b)) = (left.as_str(), right.as_str()) {
        // Dates and times as written: a more precise value inside a less precise bound's period
        // is after it (2022-06-30 is greater than 2022-06), as the reference compares them.
        return a < b;
    }
    false
}

/// A Reference answer: a valid reference to an existing resource type, of an allowed type.
fn reference_answer(
    walk: &mut Walk<'_>,
    q_item: &Value,
    value: &Value,
    path: &str,
    pos: crate::json::Pos,
) {
    let Some(reference) = text(value, "reference") else {
        return;
    };
    if reference.contains(char::is_whitespace) {
        walk.sink.error(
            IssueType::Value,
            "questionnaire.reference_invalid",
            path,
            pos,
            format!("The reference '{reference}' is not a valid reference"),
        );
    }
    if reference.starts_with('#') || reference.starts_with("urn:") {
        return;
    }
    let mut segments = reference.trim_end_matches('/').rsplit('/');
    let _id = segments.next();
    let Some(resource_type) = segments.next() else {
        return;
    };
    if !walk.defs.model().is_resource(resource_type) {
        walk.sink.error(
            IssueType::Value,
            "questionnaire.reference_type_unknown",
            path,
            pos,
            format!("The resource type {resource_type} in the reference {reference} is not valid"),
        );
        return;
    }
    let allowed: Vec<&str> = q_item
        .get("extension")
        .and_then(Value::as_array)
        .map(|extensions| {
            extensions
                .iter()
                .filter(|e| text(e, "url") == Some("http://hl7.org/fhir/StructureDefinition/questionnaire-referenceResource"))
                .filter_map(|e| text(e, "valueCode"))
                .collect()
        })
        .unwrap_or_default();
    if !allowed.is_empty() && !allowed.contains(&resource_type) {
        walk.sink.error(
            IssueType::Value,
            "questionnaire.reference_type_not_allowed",
            path,
            pos,
            format!("The resource type '{resource_type}' in the reference {reference} is not allowed (allowed = {})", allowed.join(",")),
        );
    }
}

/// An Attachment answer: mime type and maximum size (the stated size against the data is the
/// Attachment rule's, for every Attachment).
fn attachment_answer(
    walk: &mut Walk<'_>,
    q_item: &Value,
    value: &Value,
    path: &str,
    pos: crate::json::Pos,
) {
    let answer_path = path.rsplit_once(".value").map_or(path, |(head, _)| head);
    let allowed: Vec<&str> = q_item
        .get("extension")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter(|e| {
            matches!(
                text(e, "url"),
                Some("http://hl7.org/fhir/StructureDefinition/mimeType")
                    | Some(
                        "http://hl7.org/fhir/uv/sdc/StructureDefinition/sdc-questionnaire-mimeType"
                    )
            )
        })
        .filter_map(|e| text(e, "valueCode"))
        .collect();
    if !allowed.is_empty() {
        match text(value, "contentType") {
            None => walk.sink.error(
                IssueType::Required,
                "questionnaire.no_mime_type",
                answer_path,
                pos,
                format!(
                    "The attachment has no contentType, but the item only allows {}",
                    allowed.join(", ")
                ),
            ),
            Some(found) if !allowed.iter().any(|a| found.starts_with(a)) => walk.sink.error(
                IssueType::Value,
                "questionnaire.mime_type",
                answer_path,
                pos,
                format!(
                    "The mime type {found} is not valid for this answer (allowed = {})",
                    allowed.join(", ")
                ),
            ),
            Some(_) => {}
        }
    }
    let data_size = text(value, "data")
        .and_then(super::primitive::decode_base64)
        .map(|bytes| bytes.len() as u64);
    if let (Some((_, max)), Some(size)) = (extension_value(q_item, "maxSize"), data_size) {
        if max.as_f64().is_some_and(|max| size as f64 > max) {
            walk.sink.error(
                IssueType::Value,
                "questionnaire.max_size",
                answer_path,
                pos,
                format!(
                    "The attachment is too large (allowed = {}, found = {size})",
                    show(max)
                ),
            );
        }
    }
}
