//! MeasureReport against its Measure (found in the packages or contained): the Measure is named
//! and known, its scoring is a known one, and each report group matches one group of the Measure
//! by code (an only group may be anonymous), with no group missing unless the report is a data
//! collection. Populations and stratifiers are in `populations`, the measure score in `score`.

mod populations;
mod score;

use serde_json::Value;

use crate::json::JsonValue;
use crate::validate::issue::IssueType;
use crate::validate::walk::Walk;

pub(crate) fn check(walk: &mut Walk<'_>, json: &JsonValue, path: &str) {
    let reference = json.get("measure").and_then(|m| {
        m.as_str()
            .or_else(|| m.get("reference").and_then(JsonValue::as_str))
    });
    let Some(reference) = reference.filter(|r| !r.trim().is_empty()) else {
        walk.sink.info(
            IssueType::Required,
            "measure_report.no_measure",
            path,
            json.pos,
            "The MeasureReport does not name the Measure it reports on, so it cannot be checked against it".to_string(),
        );
        return;
    };
    let measure_pos = json.get("measure").map_or(json.pos, |m| m.pos);
    let measure = match reference.strip_prefix('#') {
        Some(id) => contained(json, id),
        None => walk
            .defs
            .resolve(reference)
            .filter(|m| m.get("resourceType").and_then(Value::as_str) == Some("Measure"))
            .map(|m| (*m).clone()),
    };
    let Some(measure) = measure else {
        walk.sink.warning(
            IssueType::Required,
            "measure_report.measure_not_found",
            path,
            measure_pos,
            format!("The Measure '{reference}' could not be found, so the MeasureReport cannot be checked against it"),
        );
        return;
    };
    let measure_groups = list(&measure, "group");
    let root_scoring = first_code(measure.get("scoring"));
    let known = |s: Option<&str>| s.is_some_and(|s| KNOWN_SCORING.contains(&s));
    let unknown = if measure_groups.is_empty() {
        !known(root_scoring)
    } else {
        measure_groups
            .iter()
            .any(|g| !known(scoring_of(g, root_scoring)))
    };
    if unknown {
        let found = root_scoring.unwrap_or("none");
        walk.sink.info(
            IssueType::BusinessRule,
            "measure_report.scoring_unknown",
            &format!("{path}.measure"),
            measure_pos,
            format!("The scoring of the Measure ('{found}') is not one of proportion, ratio, continuous-variable or cohort, so the measure scores are not checked"),
        );
    }
    let report_type = json.get("type").and_then(JsonValue::as_str);
    let report_groups = json.get("group").map(JsonValue::items).unwrap_or_default();
    let context = Context {
        measure: &measure,
        root_scoring,
        report_type,
    };
    if measure_groups.is_empty() {
        // Nothing to match the groups to; their scores still follow the Measure's scoring.
        for (index, group) in report_groups.iter().enumerate() {
            let group_path = format!("{path}.group[{index}]");
            score::check(walk, &context, &Value::Null, group, &group_path);
        }
        return;
    }
    if let ([group], [measure_group]) = (report_groups, measure_groups) {
        let group_path = format!("{path}.group[0]");
        if let (Some(expected), Some(code)) = (measure_group.get("code"), group.get("code")) {
            if !has_usable_code(code) {
                walk.sink.error(
                    IssueType::BusinessRule,
                    "measure_report.group_code_unusable",
                    &group_path,
                    group.pos,
                    "The group's code has no coding with both a system and a code, so it cannot be matched to the Measure's group".to_string(),
                );
            } else if !concept_matches(code, expected) {
                walk.sink.error(
                    IssueType::BusinessRule,
                    "measure_report.group_code_wrong",
                    &group_path,
                    group.pos,
                    format!(
                        "The group's code {} does not match the code of the Measure's group {}",
                        show_concept_json(code),
                        show_concept(expected)
                    ),
                );
            }
        }
        populations::check_group(walk, &context, measure_group, group, &group_path);
        return;
    }
    let mut matched: Vec<usize> = Vec::new();
    for (index, group) in report_groups.iter().enumerate() {
        let group_path = format!("{path}.group[{index}]");
        let Some(code) = group.get("code") else {
            walk.sink.error(
                IssueType::BusinessRule,
                "measure_report.group_no_code",
                &group_path,
                group.pos,
                "The Measure has more than one group, so each group of the report needs a code saying which one it is".to_string(),
            );
            continue;
        };
        let Some(found) = find_by_code(measure_groups, code) else {
            walk.sink.error(
                IssueType::BusinessRule,
                "measure_report.group_unknown_code",
                &group_path,
                group.pos,
                format!(
                    "The group code {} does not match any group of the Measure",
                    show_concept_json(code)
                ),
            );
            continue;
        };
        if matched.contains(&found) {
            walk.sink.error(
                IssueType::BusinessRule,
                "measure_report.group_duplicate_code",
                &group_path,
                group.pos,
                format!(
                    "The group code {} matches a group of the Measure already reported",
                    show_concept_json(code)
                ),
            );
            continue;
        }
        matched.push(found);
        if let Some(measure_group) = measure_groups.get(found) {
            populations::check_group(walk, &context, measure_group, group, &group_path);
        }
    }
    if report_type != Some("data-collection") {
        for (index, measure_group) in measure_groups.iter().enumerate() {
            if !matched.contains(&index) {
                walk.sink.error(
                    IssueType::BusinessRule,
                    "measure_report.group_missing",
                    path,
                    json.pos,
                    format!(
                        "The MeasureReport has no group for the Measure's group {}",
                        measure_group
                            .get("code")
                            .map_or_else(|| format!("#{index}"), show_concept)
                    ),
                );
            }
        }
    }
}

const KNOWN_SCORING: &[&str] = &["proportion", "ratio", "continuous-variable", "cohort"];

/// What the group rules need to know about the Measure and the report.
pub(super) struct Context<'m> {
    pub measure: &'m Value,
    pub root_scoring: Option<&'m str>,
    pub report_type: Option<&'m str>,
}

/// A resource contained in `json` with this id, as JSON.
fn contained(json: &JsonValue, id: &str) -> Option<Value> {
    json.get("contained")?
        .items()
        .iter()
        .find(|c| c.get("id").and_then(JsonValue::as_str) == Some(id))
        .map(JsonValue::to_serde)
        .filter(|m| m.get("resourceType").and_then(Value::as_str) == Some("Measure"))
}

pub(super) fn list<'v>(value: &'v Value, key: &str) -> &'v [Value] {
    value
        .get(key)
        .and_then(Value::as_array)
        .map(Vec::as_slice)
        .unwrap_or_default()
}

/// The first code of a CodeableConcept.
fn first_code(concept: Option<&Value>) -> Option<&str> {
    list(concept?, "coding")
        .first()
        .and_then(|c| c.get("code"))
        .and_then(Value::as_str)
}

/// A group's scoring: the CQM group scoring extension, or the Measure's.
pub(super) fn scoring_of<'m>(group: &'m Value, root: Option<&'m str>) -> Option<&'m str> {
    list(group, "extension")
        .iter()
        .find(|e| {
            e.get("url").and_then(Value::as_str)
                == Some("http://hl7.org/fhir/uv/cqm/StructureDefinition/cqm-scoring")
        })
        .and_then(|e| first_code(e.get("valueCodeableConcept")))
        .or(root)
}

/// The (system, code) pairs of a CodeableConcept of the report.
pub(super) fn codings(concept: &JsonValue) -> Vec<(Option<&str>, Option<&str>)> {
    concept
        .get("coding")
        .map(JsonValue::items)
        .unwrap_or_default()
        .iter()
        .map(|c| {
            (
                c.get("system").and_then(JsonValue::as_str),
                c.get("code").and_then(JsonValue::as_str),
            )
        })
        .collect()
}

fn has_usable_code(concept: &JsonValue) -> bool {
    codings(concept)
        .iter()
        .any(|(s, c)| s.is_some() && c.is_some())
}

/// Whether the report's concept has one of the Measure concept's codings.
pub(super) fn concept_matches(concept: &JsonValue, expected: &Value) -> bool {
    let have = codings(concept);
    list(expected, "coding").iter().any(|c| {
        let pair = (
            c.get("system").and_then(Value::as_str),
            c.get("code").and_then(Value::as_str),
        );
        have.contains(&pair)
    })
}

/// The index of the first definition whose `code` the concept matches.
pub(super) fn find_by_code(definitions: &[Value], concept: &JsonValue) -> Option<usize> {
    definitions.iter().position(|d| {
        d.get("code")
            .is_some_and(|expected| concept_matches(concept, expected))
    })
}

pub(super) fn show_concept(concept: &Value) -> String {
    let codes: Vec<String> = list(concept, "coding")
        .iter()
        .map(|c| {
            format!(
                "{}#{}",
                c.get("system").and_then(Value::as_str).unwrap_or_default(),
                c.get("code").and_then(Value::as_str).unwrap_or_default()
            )
        })
        .collect();
    match concept.get("text").and_then(Value::as_str) {
        Some(text) if codes.is_empty() => format!("'{text}'"),
        _ => codes.join(", "),
    }
}

pub(super) fn show_concept_json(concept: &JsonValue) -> String {
    show_concept(&concept.to_serde())
}
