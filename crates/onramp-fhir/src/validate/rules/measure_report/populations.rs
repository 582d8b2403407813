//! The populations and stratifiers of one MeasureReport group against the Measure's group: each
//! is identified by a code of the Measure's, once, none is missing (measure-observation excepted),
//! and the counts agree with the subject results the report type allows.

use serde_json::Value;

use super::{find_by_code, list, show_concept, show_concept_json, Context};
use crate::json::JsonValue;
use crate::validate::issue::IssueType;
use crate::validate::walk::Walk;

pub(super) fn check_group(
    walk: &mut Walk<'_>,
    context: &Context<'_>,
    measure_group: &Value,
    group: &JsonValue,
    path: &str,
) {
    let definitions = list(measure_group, "population");
    let matched = members(walk, definitions, group, "population", path);
    for (index, definition) in definitions.iter().enumerate() {
        let observation = list(definition.get("code").unwrap_or(&Value::Null), "coding")
            .iter()
            .any(|c| c.get("code").and_then(Value::as_str) == Some("measure-observation"));
        if !matched.iter().any(|(d, _)| *d == index) && !observation {
            missing(walk, definition, index, group, path);
        }
    }
    let populations = group
        .get("population")
        .map(JsonValue::items)
        .unwrap_or_default();
    for (_, report_index) in &matched {
        if let Some(population) = populations.get(*report_index) {
            counts(
                walk,
                context,
                population,
                &format!("{path}.population[{report_index}]"),
            );
        }
    }
    super::score::check(walk, context, measure_group, group, path);
    let definitions = list(measure_group, "stratifier");
    let matched = members(walk, definitions, group, "stratifier", path);
    for (index, definition) in definitions.iter().enumerate() {
        if !matched.iter().any(|(d, _)| *d == index) {
            missing(walk, definition, index, group, path);
        }
    }
}

/// Matches the report's `key` members to the definitions by code: (definition, member) pairs.
fn members(
    walk: &mut Walk<'_>,
    definitions: &[Value],
    group: &JsonValue,
    key: &str,
    path: &str,
) -> Vec<(usize, usize)> {
    let mut matched: Vec<(usize, usize)> = Vec::new();
    for (index, member) in group
        .get(key)
        .map(JsonValue::items)
        .unwrap_or_default()
        .iter()
        .enumerate()
    {
        let member_path = format!("{path}.{key}[{index}]");
        // MeasureReport.group.stratifier.code repeats: the first one names it.
        let code = member.get("code").and_then(|c| match c.as_array() {
            Some(all) => all.first(),
            None => Some(c),
        });
        let Some(code) = code else {
            walk.sink.error(
                IssueType::BusinessRule,
                "measure_report.population_no_code",
                &member_path,
                member.pos,
                format!("The {key} has no code saying which {key} of the Measure it reports"),
            );
            continue;
        };
        let found = find_by_code(definitions, code).or_else(|| {
            // A stratifier defined by text alone matches on the same text.
            let text = code.get("text").and_then(JsonValue::as_str)?;
            definitions.iter().position(|d| {
                d.get("code").is_some_and(|c| {
                    list(c, "coding").is_empty()
                        && code.get("coding").is_none()
                        && c.get("text").and_then(Value::as_str) == Some(text)
                })
            })
        });
        let Some(found) = found.filter(|_| key == "stratifier" || code.get("coding").is_some())
        else {
            walk.sink.error(
                IssueType::BusinessRule,
                "measure_report.population_unknown_code",
                &member_path,
                member.pos,
                format!(
                    "The {key} code {} does not match any {key} of the Measure's group",
                    show_concept_json(code)
                ),
            );
            continue;
        };
        if matched.iter().any(|(d, _)| *d == found) {
            walk.sink.error(
                IssueType::BusinessRule,
                "measure_report.population_duplicate_code",
                &member_path,
                member.pos,
                format!(
                    "The {key} code {} matches a {key} of the Measure already reported",
                    show_concept_json(code)
                ),
            );
            continue;
        }
        matched.push((found, index));
    }
    matched
}

fn missing(walk: &mut Walk<'_>, definition: &Value, index: usize, group: &JsonValue, path: &str) {
    walk.sink.error(
        IssueType::BusinessRule,
        "measure_report.group_missing",
        path,
        group.pos,
        format!(
            "The group has nothing for the Measure's {}",
            definition
                .get("code")
                .map_or_else(|| format!("#{index}"), show_concept)
        ),
    );
}

/// A subject-list report has as many subject results as its count; other reports have a count
/// and no subject results.
fn counts(walk: &mut Walk<'_>, context: &Context<'_>, population: &JsonValue, path: &str) {
    let subjects = usize::from(population.get("subjectResults").is_some());
    if context.report_type == Some("subject-list") {
        let count = population
            .get("count")
            .and_then(JsonValue::number_text)
            .and_then(|t| t.parse::<usize>().ok());
        if let Some(count) = count.filter(|c| *c != subjects) {
            walk.sink.error(
                IssueType::BusinessRule,
                "measure_report.count_mismatch",
                path,
                population.pos,
                format!("The count is {count} but the population has {subjects} subject results"),
            );
        }
        return;
    }
    if subjects > 0 {
        walk.sink.error(
            IssueType::BusinessRule,
            "measure_report.subjects_not_allowed",
            path,
            population.pos,
            "Subject results are only allowed in a report of type subject-list".to_string(),
        );
    }
    if population.get("count").is_none() {
        walk.sink.warning(
            IssueType::BusinessRule,
            "measure_report.no_count",
            path,
            population.pos,
            "The population has no count; a report other than a subject list should give it"
                .to_string(),
        );
    }
}
