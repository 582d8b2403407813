//! Fixed and pattern values: a fixed value must be equal in every detail (a complex one is compared
//! element by element: each difference, missing or extra element is its own finding); a pattern
//! must be contained (every property of the pattern present with the same value, every array item
//! matched).

use serde_json::Value;

use crate::validate::issue::{IssueSink, IssueType};
use crate::validate::profile::ElementNode;
use crate::validate::walk::Item;

pub(crate) fn check(sink: &mut IssueSink, element: &ElementNode, item: &Item<'_>) {
    if element.fixed.is_none() && element.pattern.is_none() {
        return;
    }
    let value = if item.serde.is_null() {
        match item.json {
            Some(json) => json.to_serde(),
            None => return,
        }
    } else {
        item.serde.clone()
    };
    if let Some(fixed) = &element.fixed {
        if fixed.is_object() && value.is_object() {
            let mut differences = Vec::new();
            fixed_differences(fixed, &value, &item.path, &mut differences);
            for (id, at, message) in differences {
                sink.error(IssueType::Value, id, &at, item.pos, message);
            }
        } else if !equal(fixed, &value) {
            sink.error(
                IssueType::Value,
                "fixed.mismatch",
                &item.path,
                item.pos,
                format!(
                    "The value of {} must be exactly {} but is {}",
                    item.path,
                    short(fixed),
                    short(&value)
                ),
            );
        }
    }
    if let Some(pattern) = &element.pattern {
        if !matches_pattern(pattern, &value) {
            sink.error(
                IssueType::Value,
                "pattern.mismatch",
                &item.path,
                item.pos,
                format!(
                    "The value of {} must match the pattern {} but is {}",
                    item.path,
                    short(pattern),
                    short(&value)
                ),
            );
        }
    }
}

/// Where a complex value departs from its fixed value, element by element (as the reference
/// reports it): (message id, location, message).
fn fixed_differences(
    fixed: &Value,
    actual: &Value,
    path: &str,
    out: &mut Vec<(&'static str, String, String)>,
) {
    match (fixed, actual) {
        (Value::Object(expected), Value::Object(found)) => {
            for (key, expected_value) in expected {
                let at = format!("{path}.{key}");
                match found.get(key) {
                    Some(found_value) => fixed_differences(expected_value, found_value, &at, out),
                    None => out.push((
                        "fixed.missing_element",
                        path.to_string(),
                        format!("Missing element '{key}': required by the fixed value assigned in the profile"),
                    )),
                }
            }
            for key in found.keys() {
                if key == "id" || key.starts_with('_') || expected.contains_key(key) {
                    continue;
                }
                out.push((
                    "fixed.unexpected_element",
                    format!("{path}.{key}"),
                    format!("The element {key} is present in the instance but not allowed in the applicable fixed value specified in the profile"),
                ));
            }
        }
        (Value::Array(expected), Value::Array(found)) if expected.len() == found.len() => {
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

fn short(value: &Value) -> String {
    let text = value.to_string();
    if text.len() > 200 {
        format!("{}...", text.chars().take(197).collect::<String>())
    } else {
        text
    }
}

/// Equality of JSON values with numbers compared by value (`1.0` and `1` differ in FHIR only in
/// precision, which a fixed value does fix: so compared as written).
pub(crate) fn equal(expected: &Value, actual: &Value) -> bool {
    match (expected, actual) {
        (Value::Object(e), Value::Object(a)) => {
            e.len() == a.len() && e.iter().all(|(k, v)| a.get(k).is_some_and(|w| equal(v, w)))
        }
        (Value::Array(e), Value::Array(a)) => {
            e.len() == a.len() && e.iter().zip(a).all(|(v, w)| equal(v, w))
        }
        _ => expected == actual,
    }
}

/// Whether `actual` contains `pattern`.
pub(crate) fn matches_pattern(pattern: &Value, actual: &Value) -> bool {
    match (pattern, actual) {
        (Value::Object(p), Value::Object(a)) => p
            .iter()
            .all(|(k, v)| a.get(k).is_some_and(|w| matches_pattern(v, w))),
        (Value::Array(p), Value::Array(a)) => {
            p.iter().all(|v| a.iter().any(|w| matches_pattern(v, w)))
        }
        (Value::Object(_), Value::Array(a)) => a.iter().any(|w| matches_pattern(pattern, w)),
        (Value::Number(p), Value::Number(a)) => {
            p == a || p.as_f64().zip(a.as_f64()).is_some_and(|(x, y)| x == y)
        }
        _ => pattern == actual,
    }
}
