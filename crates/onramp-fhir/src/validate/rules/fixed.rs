//! Fixed and pattern values: a fixed value must be equal in every detail (a complex one is compared
//! element by element: each difference, missing or extra element is its own finding); a pattern
//! must be contained (every property of the pattern present with the same value, every array item
//! matched).

use crate::json::{JsonKind, JsonObject, JsonValue, NULL};

mod pattern;
mod timing;

use crate::validate::issue::{IssueSink, IssueType};
use crate::validate::profile::ElementNode;
use crate::validate::walk::Item;

pub(crate) fn check(sink: &mut IssueSink, element: &ElementNode, item: &Item<'_>) {
    if element.fixed.is_none() && element.pattern.is_none() {
        return;
    }
    let Some(value) = item.json else {
        return;
    };
    if let Some(fixed) = &element.fixed {
        if fixed.is_object() && value.is_object() {
            let mut differences = Vec::new();
            if item.type_code == "Timing" {
                // The reference compares a fixed Timing's events by count first, and one by one
                // only when the counts agree.
                let skipped = timing::event_count(sink, fixed, value, item);
                if let (Some(expected), Some(found)) = (fixed.as_object(), value.as_object()) {
                    member_differences(expected, found, &item.path, &mut differences, skipped);
                }
            } else {
                fixed_differences(fixed, value, &item.path, &mut differences);
            }
            for (id, at, message) in differences {
                sink.error(IssueType::Value, id, &at, item.pos, message);
            }
        } else if !equal(fixed, value) {
            sink.error(
                IssueType::Value,
                "fixed.mismatch",
                &item.path,
                item.pos,
                format!(
                    "The value of {} must be exactly {} but is {}",
                    item.path,
                    short(fixed),
                    short(value)
                ),
            );
        }
    }
    if let (Some(fixed), Some(extensions)) = (
        element.fixed.as_ref().filter(|f| !f.is_object()),
        item.companion
            .and_then(|c| c.get("extension"))
            .and_then(JsonValue::as_array),
    ) {
        if !extensions.is_empty() {
            sink.error(
                IssueType::Value,
                "fixed.extension_not_allowed",
                &item.path,
                item.pos,
                format!(
                    "The value of {} is fixed to {} without extensions, but it has {} extension(s)",
                    item.path,
                    short(fixed),
                    extensions.len()
                ),
            );
        }
    }
    if let Some(pattern) = &element.pattern {
        if pattern::codeable_concept(sink, pattern, value, item) {
            return;
        }
        if !matches_pattern(pattern, value) {
            sink.error(
                IssueType::Value,
                "pattern.mismatch",
                &item.path,
                item.pos,
                format!(
                    "The value of {} must match the pattern {} but is {}",
                    item.path,
                    short(pattern),
                    short(value)
                ),
            );
        }
    }
}

/// Where a complex value departs from its fixed value, element by element (as the reference
/// reports it): (message id, location, message).
fn fixed_differences(
    fixed: &JsonValue,
    actual: &JsonValue,
    path: &str,
    out: &mut Vec<(&'static str, String, String)>,
) {
    match (
        fixed.as_object(),
        actual.as_object(),
        &fixed.kind,
        &actual.kind,
    ) {
        (Some(expected), Some(found), _, _) => member_differences(expected, found, path, out, &[]),
        (_, _, JsonKind::Array(expected), JsonKind::Array(found))
            if expected.len() == found.len() =>
        {
            for (position, (e, f)) in expected.iter().zip(found).enumerate() {
                fixed_differences(e, f, &format!("{path}[{position}]"), out);
            }
        }
        _ => {
            if !equal(fixed, actual) {
                out.push((
                    "fixed.mismatch",
                    path.to_string(),
                    format!(
                        "The value of {path} must be exactly {} but is {}",
                        short(fixed),
                        short(actual)
                    ),
                ));
            }
        }
    }
}

/// The members of a fixed complex value against the instance's, leaving out `skipped` keys.
fn member_differences(
    expected: JsonObject<'_>,
    found: JsonObject<'_>,
    path: &str,
    out: &mut Vec<(&'static str, String, String)>,
    skipped: &[&str],
) {
    for (key, expected_value) in expected.iter() {
        if skipped.contains(&key) {
            continue;
        }
        let at = format!("{path}.{key}");
        if key == "extension" {
            extension_differences(expected_value, found.get(key), path, out);
            continue;
        }
        match found.get(key) {
            Some(found_value) if count_differs(expected_value, found_value) => {
                out.push((
                    "fixed.count_mismatch",
                    path.to_string(),
                    format!(
                        "The fixed value has {} '{key}' value(s), but the instance has {}",
                        count(expected_value),
                        count(found_value)
                    ),
                ));
            }
            Some(found_value) => fixed_differences(expected_value, found_value, &at, out),
            None => out.push((
                "fixed.missing_element",
                path.to_string(),
                format!(
                    "Missing element '{key}': required by the fixed value assigned in the profile"
                ),
            )),
        }
    }
    for key in found.keys() {
        if key == "id"
            || key.starts_with('_')
            || expected.contains_key(key)
            || skipped.contains(&key)
        {
            continue;
        }
        if key == "extension" {
            extension_differences(&NULL, found.get(key), path, out);
            continue;
        }
        out.push((
            "fixed.unexpected_element",
            format!("{path}.{key}"),
            format!("The element {key} is present in the instance but not allowed in the applicable fixed value specified in the profile"),
        ));
    }
}

/// How many values a JSON value holds (an array's length, else one).
fn count(value: &JsonValue) -> usize {
    value.as_array().map_or(1, <[JsonValue]>::len)
}

fn count_differs(expected: &JsonValue, found: &JsonValue) -> bool {
    (expected.as_array().is_some() || found.as_array().is_some()) && count(expected) != count(found)
}

/// The extensions of a complex value against those of its fixed value: none when it has none, as
/// many as it has, and each of its urls present.
fn extension_differences(
    expected: &JsonValue,
    found: Option<&JsonValue>,
    path: &str,
    out: &mut Vec<(&'static str, String, String)>,
) {
    let expected = expected.as_array().unwrap_or_default();
    let found = found.and_then(JsonValue::as_array).unwrap_or_default();
    if expected.is_empty() {
        if !found.is_empty() {
            out.push((
                "fixed.extension_not_allowed",
                path.to_string(),
                format!(
                    "The fixed value has no extensions, but the instance has {}",
                    found.len()
                ),
            ));
        }
        return;
    }
    if expected.len() != found.len() {
        out.push((
            "fixed.extension_count",
            path.to_string(),
            format!(
                "The fixed value has {} extension(s), but the instance has {}",
                expected.len(),
                found.len()
            ),
        ));
        return;
    }
    for (position, extension) in expected.iter().enumerate() {
        let url = extension.get("url").and_then(JsonValue::as_str);
        let matching = found
            .iter()
            .find(|f| f.get("url").and_then(JsonValue::as_str) == url);
        match matching {
            Some(matching) => fixed_differences(
                extension,
                matching,
                &format!("{path}.extension[{position}]"),
                out,
            ),
            None => out.push((
                "fixed.extension_missing",
                path.to_string(),
                format!(
                    "The extension {} of the fixed value is not present",
                    url.unwrap_or("(no url)")
                ),
            )),
        }
    }
}

pub(super) fn short(value: &JsonValue) -> String {
    let text = value.to_string();
    if text.len() > 200 {
        format!("{}...", text.chars().take(197).collect::<String>())
    } else {
        text
    }
}

/// Equality of JSON values with numbers compared by value (`1.0` and `1` differ in FHIR only in
/// precision, which a fixed value does fix: so compared as written).
pub(crate) fn equal(expected: &JsonValue, actual: &JsonValue) -> bool {
    expected.same_content(actual)
}

/// Whether `actual` contains `pattern`.
pub(crate) fn matches_pattern(pattern: &JsonValue, actual: &JsonValue) -> bool {
    match (&pattern.kind, &actual.kind) {
        (JsonKind::Object(p), JsonKind::Object(_)) => p.iter().all(|member| {
            actual
                .get(&member.key)
                .is_some_and(|w| matches_pattern(&member.value, w))
        }),
        (JsonKind::Array(p), JsonKind::Array(a)) => {
            p.iter().all(|v| a.iter().any(|w| matches_pattern(v, w)))
        }
        (JsonKind::Object(_), JsonKind::Array(a)) => a.iter().any(|w| matches_pattern(pattern, w)),
        (JsonKind::Number(p), JsonKind::Number(a)) => {
            p == a
                || pattern
                    .as_f64()
                    .zip(actual.as_f64())
                    .is_some_and(|(x, y)| x == y)
        }
        (p, a) => p == a,
    }
}
