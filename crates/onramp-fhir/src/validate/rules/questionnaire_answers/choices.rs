//! An answer against the item's `answerOption`s: a Coding, integer, date, time, string or decimal
//! answer is one of the options of its type (an item with options but none of that type cannot be
//! answered so); an open-choice string should not be one of the coded options written as text; a
//! choice answered without options to check is noted. String answers of a `string` item have no
//! line breaks and are in the item's `answerValueSet` when it can be expanded.

use serde_json::Value;

use super::super::questionnaire::text;
use super::show;
use crate::json::Pos;
use crate::validate::issue::IssueType;
use crate::validate::walk::Walk;

pub(super) fn check(
    walk: &mut Walk<'_>,
    q_item: &Value,
    value_type: &str,
    value: &Value,
    path: &str,
    pos: Pos,
) {
    let q_type = text(q_item, "type").unwrap_or_default();
    if value_type == "string" {
        strings(walk, q_item, q_type, value, path, pos);
    }
    let key = match value_type {
        "Coding" => "valueCoding",
        "integer" => "valueInteger",
        "date" | "dateTime" => "valueDate",
        "time" => "valueTime",
        "string" => "valueString",
        "decimal" => "valueDecimal",
        _ => return,
    };
    let open = q_type == "open-choice";
    let options = q_item
        .get("answerOption")
        .and_then(Value::as_array)
        .map(Vec::as_slice)
        .unwrap_or_default();
    if options.is_empty() {
        let choice = q_type == "choice" || open;
        let coded_elsewhere = value_type == "Coding" && q_item.get("answerValueSet").is_some();
        if choice && !coded_elsewhere && value_type != "decimal" {
            walk.sink.info(
                IssueType::Invariant,
                "questionnaire.no_options",
                path,
                pos,
                format!("The item has no answer options to check the {value_type} answer against"),
            );
        }
        return;
    }
    if value_type == "string" && open {
        let written_as_text = value.as_str().is_some_and(|answer| {
            options
                .iter()
                .filter_map(|o| o.get("valueCoding"))
                .any(|c| {
                    [text(c, "display"), text(c, "code")]
                        .into_iter()
                        .flatten()
                        .any(|t| t.eq_ignore_ascii_case(answer))
                })
        });
        if written_as_text {
            walk.sink.warning(
                IssueType::Invariant,
                "questionnaire.string_in_coding",
                path,
                pos,
                format!("The string answer '{}' is the code or display of one of the coded options: the Coding should be given instead", show(value)),
            );
        }
        return;
    }
    let typed: Vec<&Value> = options.iter().filter_map(|o| o.get(key)).collect();
    if typed.is_empty() {
        if open && value_type != "Coding" {
            not_permitted(walk, value_type, value, path, pos);
        } else {
            walk.sink.error(
                IssueType::Invariant,
                "questionnaire.no_options_of_type",
                path,
                pos,
                format!("The item has answer options, but none of type {value_type}, so a {value_type} answer is not possible"),
            );
        }
        return;
    }
    let found = typed.iter().any(|option| match value_type {
        "Coding" => {
            text(option, "system") == text(value, "system")
                && text(option, "code") == text(value, "code")
        }
        _ => *option == value || option.as_f64().is_some() && option.as_f64() == value.as_f64(),
    });
    if !found {
        not_permitted(walk, value_type, value, path, pos);
    }
}

fn not_permitted(walk: &mut Walk<'_>, value_type: &str, value: &Value, path: &str, pos: Pos) {
    let shown = match value_type {
        "Coding" => format!(
            "code {}::{}",
            text(value, "system").unwrap_or_default(),
            text(value, "code").unwrap_or_default()
        ),
        other => format!("{other} {}", show(value)),
    };
    walk.sink.error(
        IssueType::Structure,
        "questionnaire.not_permitted",
        path,
        pos,
        format!("The {shown} is not in the set of permitted values"),
    );
}

fn strings(walk: &mut Walk<'_>, q_item: &Value, q_type: &str, value: &Value, path: &str, pos: Pos) {
    let Some(answer) = value.as_str() else { return };
    if q_type != "string" {
        return;
    }
    if answer.contains(['\r', '\n']) {
        walk.sink.warning(
            IssueType::Invariant,
            "questionnaire.string_line_breaks",
            path,
            pos,
            "The answer to a string item has line breaks; an item of type text is for answers over several lines".to_string(),
        );
    }
    let Some(url) = text(q_item, "answerValueSet") else {
        return;
    };
    if walk.defs.resolve(url).is_none() {
        walk.sink.warning(
            IssueType::Invariant,
            "questionnaire.value_set_not_found",
            path,
            pos,
            format!("The answer value set '{url}' is not known, so the answer is not checked against it"),
        );
        return;
    }
    if let Some(expansion) = walk.defs.expansion(url) {
        if !expansion.contains(None, answer) {
            walk.sink.error(
                IssueType::Invariant,
                "questionnaire.string_not_in_value_set",
                path,
                pos,
                format!("The answer '{answer}' is not a code of the value set '{url}'"),
            );
        }
    }
}
