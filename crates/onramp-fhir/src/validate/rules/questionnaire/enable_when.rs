//! Whether a Questionnaire item is enabled in a QuestionnaireResponse: its `enableWhen` conditions
//! evaluated against the answers given to the questions they name (all or any of them, as
//! `enableBehavior` says). Items enabled by an expression (`enableWhenExpression`) count as enabled.

use std::cmp::Ordering;

use serde_json::Value;

use super::text;

/// Whether the item is enabled by the answers of the response.
pub(super) fn is_enabled(q_item: &Value, response: &Value) -> bool {
    let Some(conditions) = q_item.get("enableWhen").and_then(Value::as_array) else {
        return true;
    };
    if conditions.is_empty() {
        return true;
    }
    let mut results = conditions
        .iter()
        .map(|condition| holds(condition, response));
    if text(q_item, "enableBehavior") == Some("all") {
        results.all(|r| r)
    } else {
        results.any(|r| r)
    }
}

fn holds(condition: &Value, response: &Value) -> bool {
    let Some(question) = text(condition, "question") else {
        return true;
    };
    let Some((kind, expected)) = condition.as_object().and_then(|o| {
        o.iter()
            .find_map(|(k, v)| k.strip_prefix("answer").map(|t| (t, v)))
    }) else {
        return true;
    };
    let mut answers = Vec::new();
    collect_answers(response, question, &mut answers, 0);
    let operator = text(condition, "operator").unwrap_or("=");
    if operator == "exists" {
        let wanted = expected.as_bool().unwrap_or(true);
        return answers.is_empty() != wanted;
    }
    let values: Vec<&Value> = answers
        .iter()
        .filter_map(|answer| {
            answer
                .as_object()?
                .iter()
                .find_map(|(k, v)| k.strip_prefix("value").map(|_| v))
        })
        .collect();
    if operator == "!=" {
        return !values.is_empty() && values.iter().all(|v| !equal(kind, v, expected));
    }
    values.iter().any(|value| match operator {
        "=" => equal(kind, value, expected),
        ">" => compare(value, expected) == Some(Ordering::Greater),
        "<" => compare(value, expected) == Some(Ordering::Less),
        ">=" => matches!(
            compare(value, expected),
            Some(Ordering::Greater | Ordering::Equal)
        ),
        "<=" => matches!(
            compare(value, expected),
            Some(Ordering::Less | Ordering::Equal)
        ),
        _ => false,
    })
}

/// The answers of every response item with this link id.
fn collect_answers<'v>(node: &'v Value, link_id: &str, out: &mut Vec<&'v Value>, depth: usize) {
    if depth > 64 {
        return;
    }
    for item in node
        .get("item")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
    {
        let answers = item.get("answer").and_then(Value::as_array);
        if text(item, "linkId") == Some(link_id) {
            out.extend(answers.into_iter().flatten());
        }
        collect_answers(item, link_id, out, depth + 1);
        for answer in answers.into_iter().flatten() {
            collect_answers(answer, link_id, out, depth + 1);
        }
    }
}

fn equal(kind: &str, value: &Value, expected: &Value) -> bool {
    match kind {
        "Coding" => {
            text(value, "code") == text(expected, "code")
                && (text(expected, "system").is_none()
                    || text(value, "system") == text(expected, "system"))
        }
        "Quantity" => compare(value, expected) == Some(Ordering::Equal),
        "Reference" => text(value, "reference") == text(expected, "reference"),
        _ => compare(value, expected) == Some(Ordering::Equal) || value == expected,
    }
}

/// Numbers as numbers, Quantities by value (same code), dates and strings as written.
fn compare(value: &Value, expected: &Value) -> Option<Ordering> {
    if let (Some(a), Some(b)) = (value.as_f64(), expected.as_f64()) {
        return a.partial_cmp(&b);
    }
    if let (Some(a), Some(b)) = (value.as_str(), expected.as_str()) {
        return Some(a.cmp(b));
    }
    if value.get("value").is_some() && expected.get("value").is_some() {
        if text(value, "code") != text(expected, "code") {
            return None;
        }
        return compare(value.get("value")?, expected.get("value")?);
    }
    if let (Some(a), Some(b)) = (value.as_bool(), expected.as_bool()) {
        return Some(a.cmp(&b));
    }
    None
}
