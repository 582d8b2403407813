//! The measure score of one MeasureReport group: none in a data collection or for a cohort
//! measure; for proportion, ratio and continuous-variable measures a value, a unitless proportion
//! between 0 and 1, and the unit the Measure fixes (`questionnaire-unit`) for the others.

use serde_json::Value;

use super::{scoring_of, Context};
use crate::json::JsonValue;
use crate::validate::issue::IssueType;
use crate::validate::walk::Walk;

const UNIT: &str = "http://hl7.org/fhir/StructureDefinition/questionnaire-unit";
const ALTERNATE_SCORE: &str =
    "http://hl7.org/fhir/us/davinci-deqm/StructureDefinition/extension-alternateScoreType";

pub(super) fn check(
    walk: &mut Walk<'_>,
    context: &Context<'_>,
    measure_group: &Value,
    group: &JsonValue,
    path: &str,
) {
    let score = group.get("measureScore");
    let score_path = format!("{path}.measureScore");
    let scoring = scoring_of(measure_group, context.root_scoring);
    if context.report_type == Some("data-collection") {
        if let Some(score) = score {
            walk.sink.error(
                IssueType::BusinessRule,
                "measure_report.score_data_collection",
                &score_path,
                score.pos,
                "A MeasureReport of type data-collection has no measureScore".to_string(),
            );
        }
        return;
    }
    let Some(scoring) = scoring else { return };
    if scoring == "cohort" {
        if let Some(score) = score {
            walk.sink.error(
                IssueType::BusinessRule,
                "measure_report.cohort_score",
                &score_path,
                score.pos,
                "No measureScore when the scoring of the message is 'cohort'".to_string(),
            );
        }
        return;
    }
    if !["proportion", "ratio", "continuous-variable"].contains(&scoring) {
        return;
    }
    let Some(score) = score else {
        walk.sink.error(
            IssueType::Required,
            "measure_report.score_required",
            path,
            group.pos,
            format!("A measureScore is required when the scoring of the Measure is '{scoring}'"),
        );
        return;
    };
    let value = score.get("value").or_else(|| {
        score
            .get("extension")
            .map(JsonValue::items)
            .unwrap_or_default()
            .iter()
            .find(|e| e.get("url").and_then(JsonValue::as_str) == Some(ALTERNATE_SCORE))
            .and_then(|e| {
                e.as_object()?
                    .iter()
                    .find(|(k, _)| k.starts_with("value"))
                    .map(|(_, v)| v)
            })
    });
    if scoring == "proportion" {
        for key in ["unit", "system", "code"] {
            if let Some(found) = score.get(key) {
                walk.sink.error(
                    IssueType::BusinessRule,
                    "measure_report.score_unit_prohibited",
                    &format!("{score_path}.{key}"),
                    found.pos,
                    format!("A measureScore for a proportion measure has no units, but this one has a {key}"),
                );
            }
        }
    }
    let Some(value) = value else {
        walk.sink.error(
            IssueType::Required,
            "measure_report.score_value_required",
            &score_path,
            score.pos,
            format!("The measureScore of a '{scoring}' measure needs a value"),
        );
        return;
    };
    if scoring == "proportion" {
        if let Some(number) = value.as_f64().filter(|n| !(0.0..=1.0).contains(n)) {
            walk.sink.error(
                IssueType::Required,
                "measure_report.score_range",
                &format!("{score_path}.value"),
                value.pos,
                format!(
                    "The measureScore of a proportion measure is between 0 and 1, not {number}"
                ),
            );
        }
        return;
    }
    let fixed = super::list(context.measure, "extension")
        .iter()
        .find(|e| e.get("url").and_then(Value::as_str) == Some(UNIT))
        .and_then(|e| e.get("valueCoding"));
    let text = |v: &Value, key: &str| v.get(key).and_then(Value::as_str).map(str::to_string);
    match (score.get("code"), fixed) {
        (Some(code), Some(fixed)) => {
            let expected_code = text(fixed, "code");
            if code.as_str().map(str::to_string) != expected_code {
                walk.sink.error(
                    IssueType::CodeInvalid,
                    "measure_report.score_unit_fixed",
                    &format!("{score_path}.code"),
                    code.pos,
                    format!(
                        "The unit of the measureScore must be '{}', as the Measure fixes it",
                        expected_code.unwrap_or_default()
                    ),
                );
            }
            let expected_system = text(fixed, "system");
            let system = score.get("system").and_then(JsonValue::as_str);
            if system.map(str::to_string) != expected_system {
                walk.sink.error(
                    IssueType::CodeInvalid,
                    "measure_report.score_unit_fixed",
                    &score_path,
                    score.pos,
                    format!(
                        "The unit system of the measureScore must be '{}', as the Measure fixes it",
                        expected_system.unwrap_or_default()
                    ),
                );
            }
        }
        (None, Some(fixed)) => walk.sink.error(
            IssueType::NotFound,
            "measure_report.score_unit_fixed",
            &score_path,
            score.pos,
            format!(
                "The measureScore has no unit, but the Measure fixes it to {}#{}",
                text(fixed, "system").unwrap_or_default(),
                text(fixed, "code").unwrap_or_default()
            ),
        ),
        (None, None) if scoring == "ratio" => walk.sink.warning(
            IssueType::NotFound,
            "measure_report.score_unit_required",
            &score_path,
            score.pos,
            "The measureScore of a ratio measure should have a unit".to_string(),
        ),
        _ => {}
    }
}
