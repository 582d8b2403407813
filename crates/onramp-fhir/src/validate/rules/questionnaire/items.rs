//! The items of a QuestionnaireResponse against the Questionnaire's: each has a link id of an
//! item at that level, in the Questionnaire's order, with its text; enabled required items are
//! answered (warned only while the response is not completed), items that are not enabled have no
//! answers, groups and display items have no answers, questions nest items under their answers,
//! and each answer has a type the item allows.

use serde_json::Value;

use super::enable_when::is_enabled;
use super::{extension_value, items_of, text, AllItems, Response};
use crate::json::JsonValue;
use crate::validate::issue::{IssueType, Severity};
use crate::validate::rules::questionnaire_answers::answer_value;
use crate::validate::walk::Walk;

/// One level of items: the response items of `json`/`serde` against the questionnaire items.
pub(super) fn level(
    walk: &mut Walk<'_>,
    response: &Response<'_>,
    all: &AllItems<'_>,
    q_items: &[Value],
    json: &JsonValue,
    serde: &Value,
    path: &str,
) {
    let r_items = items_of(serde);
    let r_json = json.get("item").map(JsonValue::items).unwrap_or_default();
    let mut last_index = 0;
    let mut at_level: Vec<(usize, usize)> = Vec::new(); // (questionnaire item, response item)
    for (position, r_item) in r_items.iter().enumerate() {
        let pos = r_json.get(position).map_or(json.pos, |j| j.pos);
        let Some(link_id) = text(r_item, "linkId").filter(|l| !l.is_empty()) else {
            walk.sink.error(
                IssueType::Required,
                "questionnaire.no_link_id",
                path,
                pos,
                "The item has no linkId, so it cannot be matched to the Questionnaire".to_string(),
            );
            continue;
        };
        let item_path = format!("{path}.item[{position}]");
        match q_items
            .iter()
            .position(|q| text(q, "linkId") == Some(link_id))
        {
            Some(index) => {
                if index < last_index {
                    walk.sink.error(
                        IssueType::Structure,
                        "questionnaire.item_order",
                        path,
                        pos,
                        format!("The item '{link_id}' is out of order: the items must be in the order of the Questionnaire"),
                    );
                }
                last_index = index;
                at_level.push((index, position));
            }
            None => match all.find(link_id) {
                Some(q_item) => {
                    walk.sink.error(
                        IssueType::Structure,
                        "questionnaire.misplaced_item",
                        path,
                        pos,
                        format!("The item '{link_id}' is in the wrong place: the Questionnaire has it at another level"),
                    );
                    if let Some(item_json) = r_json.get(position) {
                        let enabled = is_enabled(q_item, response.root);
                        item(
                            walk, response, all, q_item, item_json, r_item, &item_path, enabled,
                        );
                    }
                }
                None => walk.sink.error(
                    IssueType::Structure,
                    "questionnaire.unknown_link_id",
                    path,
                    pos,
                    format!("LinkId '{link_id}' not found in questionnaire"),
                ),
            },
        }
    }
    for (index, q_item) in q_items.iter().enumerate() {
        let link_id = text(q_item, "linkId").unwrap_or_default();
        let matching: Vec<usize> = at_level
            .iter()
            .filter(|(q, _)| *q == index)
            .map(|(_, r)| *r)
            .collect();
        let enabled = is_enabled(q_item, response.root);
        if matching.is_empty() {
            if enabled && q_item.get("required") == Some(&Value::Bool(true)) {
                missing(walk, response, link_id, path, json.pos);
            }
            continue;
        }
        if !enabled {
            for &p in &matching {
                let Some(r) = r_items.get(p) else { continue };
                if r.get("answer").is_some() || r.get("item").is_some() {
                    walk.sink.error(
                        IssueType::Invalid,
                        "questionnaire.not_enabled",
                        &format!("{path}.item[{p}]"),
                        r_json.get(p).map_or(json.pos, |j| j.pos),
                        format!("The item '{link_id}' has answers, but it is not enabled by the answers given (enableWhen)"),
                    );
                }
            }
        }
        if matching.len() > 1 && q_item.get("repeats") != Some(&Value::Bool(true)) {
            if let Some(&second) = matching.get(1) {
                let pos = r_json.get(second).map_or(json.pos, |j| j.pos);
                walk.sink.error(
                    IssueType::Structure,
                    "questionnaire.one_item",
                    &format!("{path}.item[{second}]"),
                    pos,
                    format!("Only one response item with the linkId '{link_id}' is allowed, as the item does not repeat"),
                );
            }
        }
        for &p in &matching {
            if let (Some(item_json), Some(r_item)) = (r_json.get(p), r_items.get(p)) {
                let item_path = format!("{path}.item[{p}]");
                item(
                    walk, response, all, q_item, item_json, r_item, &item_path, enabled,
                );
            }
        }
    }
}

/// A required item with no answer: an error in a completed response, a warning before.
fn missing(
    walk: &mut Walk<'_>,
    response: &Response<'_>,
    link_id: &str,
    at: &str,
    pos: crate::json::Pos,
) {
    let severity = if response.not_completed {
        Severity::Warning
    } else {
        Severity::Error
    };
    walk.sink.push(
        severity,
        IssueType::Required,
        "questionnaire.required",
        at,
        pos,
        format!("No response answer found for required item '{link_id}'"),
    );
}

/// The types of `QuestionnaireResponse.item.answer.value[x]`.
const ANSWER_TYPES: &[&str] = &[
    "boolean",
    "decimal",
    "integer",
    "date",
    "dateTime",
    "time",
    "string",
    "uri",
    "Attachment",
    "Coding",
    "Quantity",
    "Reference",
];

fn expected_answer_types(q_type: &str) -> &'static [&'static str] {
    match q_type {
        "boolean" => &["boolean"],
        "decimal" => &["decimal"],
        "integer" => &["integer"],
        "date" => &["date"],
        "dateTime" => &["dateTime"],
        "time" => &["time"],
        "string" | "text" => &["string"],
        "url" => &["uri"],
        "choice" | "open-choice" => &["Coding", "date", "time", "integer", "string"],
        "attachment" => &["Attachment"],
        "reference" => &["Reference"],
        "quantity" => &["Quantity"],
        _ => &[],
    }
}

#[allow(clippy::too_many_arguments)]
fn item(
    walk: &mut Walk<'_>,
    response: &Response<'_>,
    all: &AllItems<'_>,
    q_item: &Value,
    json: &JsonValue,
    serde: &Value,
    path: &str,
    enabled: bool,
) {
    let link_id = text(q_item, "linkId").unwrap_or_default();
    if let Some(found) = text(serde, "text").filter(|t| !t.is_empty()) {
        if Some(found) != text(q_item, "text") {
            walk.sink.error(
                IssueType::Invalid,
                "questionnaire.item_text",
                path,
                json.pos,
                format!(
                    "The text of item '{link_id}' is '{found}', but the Questionnaire's is '{}'",
                    text(q_item, "text").unwrap_or_default()
                ),
            );
        }
    }
    let q_type = text(q_item, "type").unwrap_or_default();
    let answers = items_of_answers(serde);
    let answers_json = json.get("answer").map(JsonValue::items).unwrap_or_default();
    let required = q_item.get("required") == Some(&Value::Bool(true));
    if answers.is_empty() && required && q_type != "group" && (enabled || response.not_completed) {
        missing(walk, response, link_id, path, json.pos);
    }
    let has_items = serde.get("item").is_some();
    match q_type {
        "" => walk.sink.push(
            Severity::Fatal,
            IssueType::Required,
            "questionnaire.item_no_type",
            path,
            json.pos,
            format!(
                "The Questionnaire item '{link_id}' has no type, so its answers cannot be checked"
            ),
        ),
        "group" => {
            if !answers.is_empty() {
                walk.sink.error(
                    IssueType::Structure,
                    "questionnaire.group_answers",
                    path,
                    json.pos,
                    format!("The item '{link_id}' is a group, and groups have no answers"),
                );
            }
            if required && !has_items {
                walk.sink.error(
                    IssueType::Invariant,
                    "questionnaire.group_required",
                    path,
                    json.pos,
                    format!("The group '{link_id}' is required, so it must have items"),
                );
            }
            level(walk, response, all, items_of(q_item), json, serde, path);
            return;
        }
        "display" => {
            if !answers.is_empty() {
                walk.sink.error(
                    IssueType::Structure,
                    "questionnaire.display_answers",
                    path,
                    json.pos,
                    format!(
                        "The item '{link_id}' is a display item, and display items have no answers"
                    ),
                );
            }
            if has_items {
                walk.sink.error(
                    IssueType::Structure,
                    "questionnaire.display_items",
                    path,
                    json.pos,
                    format!("The item '{link_id}' is a display item, and display items have no nested items"),
                );
            }
            return;
        }
        _ => {
            if has_items {
                walk.sink.error(
                    IssueType::Structure,
                    "questionnaire.question_items",
                    path,
                    json.pos,
                    format!("The item '{link_id}' is a question: its nested items go inside its answers, not beside them"),
                );
            }
        }
    }
    let count = answers.len();
    if count > 1 && q_item.get("repeats") != Some(&Value::Bool(true)) {
        walk.sink.error(
            IssueType::Structure,
            "questionnaire.one_answer",
            path,
            json.pos,
            format!("The item '{link_id}' does not repeat, so it has only one answer"),
        );
    }
    occurs(walk, q_item, count, json, path);
    super::super::questionnaire_options::check_item(walk, q_item, answers, answers_json, path);
    for (position, answer) in answers.iter().enumerate() {
        let answer_path = format!("{path}.answer[{position}]");
        let pos = answers_json.get(position).map_or(json.pos, |j| j.pos);
        let value = answer.as_object().and_then(|o| {
            o.iter()
                .find_map(|(k, v)| k.strip_prefix("value").map(|t| (t, v)))
        });
        if let Some((value_type, value)) = value {
            let value_type = lower_primitive(value_type);
            if ANSWER_TYPES.contains(&value_type.as_str()) {
                let value_path = format!("{answer_path}.value.ofType({value_type})");
                let expected = expected_answer_types(q_type);
                if !expected.is_empty() && !expected.contains(&value_type.as_str()) {
                    walk.sink.error(
                        IssueType::Structure,
                        "questionnaire.answer_type",
                        &value_path,
                        pos,
                        format!(
                            "Answer value must be of the type {} not {value_type}",
                            expected.join(", ")
                        ),
                    );
                } else {
                    answer_value(walk, q_item, &value_type, value, &value_path, pos);
                }
            }
        }
        if let Some(nested) = answers_json.get(position) {
            if answer.get("item").is_some() || !items_of(q_item).is_empty() {
                level(
                    walk,
                    response,
                    all,
                    items_of(q_item),
                    nested,
                    answer,
                    &answer_path,
                );
            }
        }
    }
}

fn occurs(walk: &mut Walk<'_>, q_item: &Value, count: usize, json: &JsonValue, path: &str) {
    if let Some((_, min)) = extension_value(q_item, "questionnaire-minOccurs") {
        if min.as_u64().is_some_and(|min| (count as u64) < min) {
            walk.sink.error(
                IssueType::Structure,
                "questionnaire.min_occurs",
                path,
                json.pos,
                format!("The minimum number of answers is {min} but this has {count} answers"),
            );
        }
    }
    if let Some((_, max)) = extension_value(q_item, "questionnaire-maxOccurs") {
        if max.as_u64().is_some_and(|max| (count as u64) > max) {
            walk.sink.error(
                IssueType::Structure,
                "questionnaire.max_occurs",
                path,
                json.pos,
                format!("The maximum number of answers is {max} but this has {count} answers"),
            );
        }
    }
}

fn items_of_answers(serde: &Value) -> &[Value] {
    serde
        .get("answer")
        .and_then(Value::as_array)
        .map(Vec::as_slice)
        .unwrap_or_default()
}

fn lower_primitive(value_type: &str) -> String {
    match value_type {
        "Boolean" | "Decimal" | "Integer" | "Date" | "DateTime" | "Time" | "String" | "Uri" => {
            let mut chars = value_type.chars();
            chars
                .next()
                .map(|c| c.to_ascii_lowercase().to_string() + chars.as_str())
                .unwrap_or_default()
        }
        other => other.to_string(),
    }
}
