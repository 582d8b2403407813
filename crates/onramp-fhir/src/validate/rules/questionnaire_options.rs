//! Coded answers of a QuestionnaireResponse item as a whole: an exclusive answer option
//! (`questionnaire-optionExclusive`) cannot be selected with other answers, and Coding answers of
//! an item with an `answerValueSet` must be in that value set (when it can be expanded from the
//! packages) with a display the code system gives for the code.

use serde_json::Value;

use super::questionnaire::text;
use crate::json::JsonValue;
use crate::validate::issue::IssueType;
use crate::validate::walk::Walk;

const OPTION_EXCLUSIVE: &str =
    "http://hl7.org/fhir/StructureDefinition/questionnaire-optionExclusive";

pub(super) fn check_item(
    walk: &mut Walk<'_>,
    q_item: &Value,
    answers: &[Value],
    answers_json: &[JsonValue],
    path: &str,
) {
    let values: Vec<Option<&Value>> = answers
        .iter()
        .map(|answer| {
            answer.as_object().and_then(|o| {
                o.iter()
                    .find(|(k, _)| k.starts_with("value"))
                    .map(|(_, v)| v)
            })
        })
        .collect();
    let position_of = |index: usize| answers_json.get(index).map(|j| j.pos).unwrap_or_default();
    if answers.len() > 1 {
        for (index, value) in values.iter().enumerate() {
            let Some(value) = value else { continue };
            if is_exclusive(q_item, value) {
                walk.sink.error(
                    IssueType::Structure,
                    "questionnaire.exclusive_option",
                    &format!("{path}.answer[{index}]"),
                    position_of(index),
                    format!("Selected answer {} is an exclusive option - can't select anything else at the same time", shown(value)),
                );
            }
        }
    }
    let Some(value_set) = text(q_item, "answerValueSet") else {
        return;
    };
    let Some(expansion) = walk.defs.expansion(value_set) else {
        return;
    };
    for (index, value) in values.iter().enumerate() {
        let Some(coding) = value.filter(|v| v.get("code").is_some()) else {
            continue;
        };
        let (Some(system), Some(code)) = (text(coding, "system"), text(coding, "code")) else {
            continue;
        };
        let answer_path = format!("{path}.answer[{index}]");
        let wrong_display = text(coding, "display").and_then(|display| {
            let valid = display_of(walk, system, code)?;
            (!valid.eq_ignore_ascii_case(display)).then(|| {
                format!("Wrong Display Name '{display}' for {system}#{code}. Valid display is '{valid}'")
            })
        });
        if let Some(message) = &wrong_display {
            walk.sink.error(
                IssueType::CodeInvalid,
                "questionnaire.answer_display",
                &format!("{answer_path}.value.ofType(Coding).display"),
                position_of(index),
                message.clone(),
            );
        }
        if !expansion.contains(Some(system), code) || wrong_display.is_some() {
            let detail = wrong_display
                .map(|message| format!(". Terminology Error: {message}"))
                .unwrap_or_default();
            walk.sink.error(
                IssueType::CodeInvalid,
                "questionnaire.answer_value_set",
                &answer_path,
                position_of(index),
                format!("The code '{code}' in the system '{system}' is not in the options value set ({value_set}) specified by the questionnaire{detail}"),
            );
        }
    }
}

fn shown(value: &Value) -> String {
    match (text(value, "system"), text(value, "code")) {
        (Some(system), Some(code)) => format!("{system}#{code}"),
        (None, Some(code)) => code.to_string(),
        _ => super::questionnaire_answers::show(value),
    }
}

/// Whether the answer is an answer option marked exclusive.
fn is_exclusive(q_item: &Value, value: &Value) -> bool {
    q_item
        .get("answerOption")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .any(|option| {
            let exclusive = option
                .get("extension")
                .and_then(Value::as_array)
                .into_iter()
                .flatten()
                .any(|e| {
                    text(e, "url") == Some(OPTION_EXCLUSIVE)
                        && e.get("valueBoolean") == Some(&Value::Bool(true))
                });
            exclusive && super::questionnaire_answers::option_matches(option, value)
        })
}

/// The display of a code in a code system of the packages (`None` when not known there).
fn display_of(walk: &Walk<'_>, system: &str, code: &str) -> Option<String> {
    let code_system = walk.defs.resolve(system)?;
    find_display(code_system.get("concept")?, code, 0)
}

fn find_display(concepts: &Value, code: &str, depth: usize) -> Option<String> {
    if depth > 32 {
        return None;
    }
    for concept in concepts.as_array()? {
        if text(concept, "code") == Some(code) {
            return text(concept, "display").map(str::to_string);
        }
        if let Some(found) = concept
            .get("concept")
            .and_then(|nested| find_display(nested, code, depth + 1))
        {
            return Some(found);
        }
    }
    None
}
