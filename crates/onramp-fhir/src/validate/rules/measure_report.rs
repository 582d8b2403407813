//! MeasureReport against its Measure (when the packages hold it): a cohort measure has no score.

use serde_json::Value;

use crate::json::JsonValue;
use crate::validate::issue::IssueType;
use crate::validate::walk::Walk;

pub(crate) fn check(walk: &mut Walk<'_>, json: &JsonValue, path: &str) {
    let Some(canonical) = json.get("measure").and_then(JsonValue::as_str) else {
        return;
    };
    let Some(measure) = walk
        .defs
        .resolve(canonical)
        .filter(|m| m.get("resourceType").and_then(Value::as_str) == Some("Measure"))
    else {
        return;
    };
    let scoring = measure
        .pointer("/scoring/coding")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .find_map(|coding| coding.get("code").and_then(Value::as_str));
    if scoring != Some("cohort") {
        return;
    }
    for (index, group) in json
        .get("group")
        .map(JsonValue::items)
        .unwrap_or_default()
        .iter()
        .enumerate()
    {
        if let Some(score) = group.get("measureScore") {
            walk.sink.error(
                IssueType::BusinessRule,
                "measure_report.cohort_score",
                &format!("{path}.group[{index}].measureScore"),
                score.pos,
                "No measureScore when the scoring of the message is 'cohort'".to_string(),
            );
        }
    }
}
