//! QuestionnaireResponse against its Questionnaire (when the packages hold it): link ids, required
//! and repeating items, answer types, answer options and value sets, and the value constraints of
//! the standard extensions (minValue, maxValue, maxDecimalPlaces, minLength, maxLength, regex,
//! minOccurs, maxOccurs).

use serde_json::Value;

use crate::json::JsonValue;
use crate::validate::issue::IssueType;
use crate::validate::walk::Walk;

use super::questionnaire_answers::answer_value;

const EXT: &str = "http://hl7.org/fhir/StructureDefinition/";

pub(crate) fn check(walk: &mut Walk<'_>, json: &JsonValue, path: &str) {
    // The answers are compared with the Questionnaire's options, which come from the packages as
    // `serde_json` values: the response is read the same way (only QuestionnaireResponses pay this).
    let serde = &json.to_serde();
    let Some(canonical) = serde.get("questionnaire").and_then(Value::as_str) else {
        return;
    };
    let Some(questionnaire) = walk.defs.resolve(canonical) else {
        return;
    };
    if questionnaire.get("resourceType").and_then(Value::as_str) != Some("Questionnaire") {
        return;
    }
    let q_items = items_of(&questionnaire);
    level(walk, q_items, json, serde, path);
}

fn items_of(value: &Value) -> &[Value] {
    value
        .get("item")
        .and_then(Value::as_array)
        .map(Vec::as_slice)
        .unwrap_or_default()
}

pub(super) fn text<'v>(value: &'v Value, key: &str) -> Option<&'v str> {
    value.get(key).and_then(Value::as_str)
}

fn extension<'v>(item: &'v Value, name: &str) -> Option<&'v Value> {
    let url = format!("{EXT}{name}");
    item.get("extension")?
        .as_array()?
        .iter()
        .find(|e| text(e, "url") == Some(url.as_str()))
}

pub(super) fn extension_value<'v>(item: &'v Value, name: &str) -> Option<(&'v str, &'v Value)> {
    let ext = extension(item, name).or_else(|| {
        // The SDC names of the same constraints.
        let url =
            format!("http://hl7.org/fhir/uv/sdc/StructureDefinition/sdc-questionnaire-{name}");
        item.get("extension")?
            .as_array()?
            .iter()
            .find(|e| text(e, "url") == Some(url.as_str()))
    })?;
    ext.as_object()?
        .iter()
        .find_map(|(k, v)| k.strip_prefix("value").map(|t| (t, v)))
}

/// One level of items: the response items of `json`/`serde` against the questionnaire items.
fn level(walk: &mut Walk<'_>, q_items: &[Value], json: &JsonValue, serde: &Value, path: &str) {
    let r_items = items_of(serde);
    let r_json = json.get("item").map(JsonValue::items).unwrap_or_default();
    for (position, r_item) in r_items.iter().enumerate() {
        let link_id = text(r_item, "linkId").unwrap_or_default();
        let item_path = format!("{path}.item[{position}]");
        let pos = r_json.get(position).map_or(json.pos, |j| j.pos);
        let Some(q_item) = q_items.iter().find(|q| text(q, "linkId") == Some(link_id)) else {
            walk.sink.error(
                IssueType::Structure,
                "questionnaire.unknown_link_id",
                path,
                pos,
                format!("LinkId '{link_id}' not found in questionnaire"),
            );
            continue;
        };
        let Some(item_json) = r_json.get(position) else {
            continue;
        };
        item(walk, q_item, item_json, r_item, &item_path);
    }
    for q_item in q_items {
        let link_id = text(q_item, "linkId").unwrap_or_default();
        let matching: Vec<usize> = r_items
            .iter()
            .enumerate()
            .filter(|(_, r)| text(r, "linkId") == Some(link_id))
            .map(|(p, _)| p)
            .collect();
        let q_type = text(q_item, "type").unwrap_or_default();
        if matching.len() > 1 && q_type != "group"
            || matching.len() > 1 && q_item.get("repeats") != Some(&Value::Bool(true))
        {
            if let Some(&second) = matching.get(1) {
                let pos = r_json.get(second).map_or(json.pos, |j| j.pos);
                walk.sink.error(
                    IssueType::Structure,
                    "questionnaire.one_item",
                    &format!("{path}.item[{second}]"),
                    pos,
                    "Only one response answer item with this linkId allowed".to_string(),
                );
            }
        }
        if q_item.get("required") == Some(&Value::Bool(true)) && q_type != "display" {
            let answered = matching.iter().any(|&p| {
                r_items.get(p).is_some_and(|r| {
                    if q_type == "group" {
                        r.get("item").is_some()
                    } else {
                        r.get("answer")
                            .and_then(Value::as_array)
                            .is_some_and(|a| !a.is_empty())
                    }
                })
            });
            if !answered {
                let (at, pos) = match matching.first() {
                    Some(&p) => (
                        format!("{path}.item[{p}]"),
                        r_json.get(p).map_or(json.pos, |j| j.pos),
                    ),
                    None => (path.to_string(), json.pos),
                };
                walk.sink.error(
                    IssueType::Required,
                    "questionnaire.required",
                    &at,
                    pos,
                    format!("No response answer found for required item '{link_id}'"),
                );
            }
        }
    }
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
        "choice" => &["Coding", "string", "integer", "date", "time", "Reference"],
        "open-choice" => &["Coding", "string", "integer", "date", "time", "Reference"],
        "attachment" => &["Attachment"],
        "reference" => &["Reference"],
        "quantity" => &["Quantity"],
        _ => &[],
    }
}

fn item(walk: &mut Walk<'_>, q_item: &Value, json: &JsonValue, serde: &Value, path: &str) {
    let q_type = text(q_item, "type").unwrap_or_default();
    let answers = serde
        .get("answer")
        .and_then(Value::as_array)
        .map(Vec::as_slice)
        .unwrap_or_default();
    let answers_json = json.get("answer").map(JsonValue::items).unwrap_or_default();
    if q_type == "group" || q_type == "display" {
        if !answers.is_empty() {
            walk.sink.error(
                IssueType::Structure,
                "questionnaire.group_answers",
                path,
                json.pos,
                format!("Items of type {q_type} should not have answers"),
            );
        }
        level(walk, items_of(q_item), json, serde, path);
        return;
    }
    let count = answers.len();
    if count > 1 && q_item.get("repeats") != Some(&Value::Bool(true)) {
        walk.sink.error(
            IssueType::Structure,
            "questionnaire.one_answer",
            path,
            json.pos,
            "Only one response answer item with this linkId allowed".to_string(),
        );
    }
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
    super::questionnaire_options::check_item(walk, q_item, answers, answers_json, path);
    for (position, answer) in answers.iter().enumerate() {
        let answer_path = format!("{path}.answer[{position}]");
        let pos = answers_json.get(position).map_or(json.pos, |j| j.pos);
        let Some((value_type, value)) = answer.as_object().and_then(|o| {
            o.iter()
                .find_map(|(k, v)| k.strip_prefix("value").map(|t| (t, v)))
        }) else {
            continue;
        };
        let value_type = lower_primitive(value_type);
        if !ANSWER_TYPES.contains(&value_type.as_str()) {
            continue; // not an answer type at all: the structure rules report the property
        }
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
                    expected.first().copied().unwrap_or_default()
                ),
            );
            continue;
        }
        answer_value(walk, q_item, &value_type, value, &value_path, pos);
        if let Some(nested) = answers_json.get(position) {
            if answer.get("item").is_some() {
                level(walk, items_of(q_item), nested, answer, &answer_path);
            }
        }
    }
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
