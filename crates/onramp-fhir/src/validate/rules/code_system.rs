//! CodeSystem definitions: the metadata a code system states (content, caseSensitive,
//! hierarchyMeaning, `count` against its concepts), supplements (content `supplement`, no
//! `caseSensitive`, codes that exist in the supplemented code system), the value set of "all
//! codes" it names ([`all_codes`]), its codes and designations ([`concepts`]), its property
//! definitions ([`properties`]), its concepts' property values ([`property_values`]) and a
//! supplement's displays against its base's ([`supplement_displays`]).

mod all_codes;
mod concepts;
mod properties;
mod property_values;
mod supplement_displays;

use serde_json::Value;

use super::code_syntax::impossible_code;
use crate::json::JsonValue;
use crate::validate::issue::IssueType;
use crate::validate::walk::Walk;

/// Whether a CodeSystem resource is a supplement (it names the code system it supplements).
pub(crate) fn is_supplement(code_system: &Value) -> bool {
    code_system
        .get("supplements")
        .and_then(Value::as_str)
        .is_some()
        || code_system.get("content").and_then(Value::as_str) == Some("supplement")
}

/// Whether a canonical resource is HL7's (its url mentions hl7).
pub(crate) fn is_hl7(json: &JsonValue) -> bool {
    json.get("url")
        .and_then(JsonValue::as_str)
        .is_some_and(|url| url.contains("hl7"))
}

/// The CodeSystem of the packages with this canonical (`url` or `url|version`).
pub(crate) fn local_code_system(walk: &Walk<'_>, canonical: &str) -> Option<std::sync::Arc<Value>> {
    walk.defs
        .resolve(canonical)
        .filter(|cs| cs.get("resourceType").and_then(Value::as_str) == Some("CodeSystem"))
}

/// The text of a field.
fn text<'j>(json: &'j JsonValue, key: &str) -> Option<&'j str> {
    json.get(key).and_then(JsonValue::as_str)
}

pub(crate) fn check(walk: &mut Walk<'_>, json: &JsonValue, path: &str) {
    let content = text(json, "content");
    let supplements = text(json, "supplements");
    let concepts = json
        .get("concept")
        .map(JsonValue::items)
        .unwrap_or_default();
    let count = count_concepts(concepts, 0);
    metadata(walk, json, path, count);
    counts(walk, json, path, count);
    all_codes::check(walk, json, path, count);
    if content == Some("supplement") && supplements.is_none() {
        walk.sink.error(
            IssueType::BusinessRule,
            "code_system.supplement_no_supplements",
            path,
            json.pos,
            "A CodeSystem supplement must say which code system it supplements (supplements is missing)".to_string(),
        );
    }
    if let Some(base) = supplements {
        supplement(walk, json, concepts, base, path);
    }
    supplement_displays::check(walk, json, concepts, path);
    if walk.container.is_some() {
        let root_type = text(walk.root, "resourceType");
        if !matches!(root_type, Some("Questionnaire" | "CodeSystem")) {
            walk.sink.info(
                IssueType::BusinessRule,
                "code_system.contained",
                path,
                json.pos,
                "A contained CodeSystem cannot be used by other resources; it is better to define it as a resource in its own right".to_string(),
            );
        }
    }
    let codes = concepts::check(walk, json, concepts, path);
    properties::check(walk, json, concepts, &codes, path);
}

/// content, caseSensitive and hierarchyMeaning, as a supplement or a code system in its own right.
fn metadata(walk: &mut Walk<'_>, json: &JsonValue, path: &str, count: usize) {
    let content = text(json, "content");
    let here = |key: &str| match json.get(key) {
        Some(value) => (format!("{path}.{key}"), value.pos),
        None => (path.to_string(), json.pos),
    };
    if text(json, "supplements").is_some() {
        if content != Some("supplement") {
            let (at, pos) = here("content");
            walk.sink.error(
                IssueType::BusinessRule,
                "code_system.supplement_content",
                &at,
                pos,
                "CodeSystem Supplements SHALL have a content value of 'supplement'".to_string(),
            );
        }
        if let Some(case_sensitive) = json.get("caseSensitive") {
            walk.sink.error(
                IssueType::BusinessRule,
                "code_system.supplement_case_sensitive",
                &format!("{path}.caseSensitive"),
                case_sensitive.pos,
                "CodeSystem Supplements SHALL NOT have a caseSensitive value: it is a property of the code system they supplement".to_string(),
            );
        }
    } else {
        let hl7 = text(json, "url")
            .is_some_and(|url| url.contains("hl7.org") || url.contains("fhir.org"));
        match content {
            None => {
                let (at, pos) = here("content");
                if hl7 {
                    walk.sink.error(
                        IssueType::BusinessRule,
                        "code_system.hl7_missing_content",
                        &at,
                        pos,
                        "HL7 defined code systems SHALL state their content".to_string(),
                    );
                } else {
                    walk.sink.warning(
                        IssueType::BusinessRule,
                        "code_system.missing_element",
                        &at,
                        pos,
                        "Code systems should state their content".to_string(),
                    );
                }
            }
            Some("supplement") => {
                let (at, pos) = here("content");
                walk.sink.error(
                    IssueType::BusinessRule,
                    "code_system.supplement_without_base",
                    &at,
                    pos,
                    "CodeSystem with content 'supplement' SHALL name the code system it supplements in 'supplements'".to_string(),
                );
            }
            Some(_) => {}
        }
        let hierarchical = json
            .get("concept")
            .map(JsonValue::items)
            .unwrap_or_default()
            .iter()
            .any(|concept| {
                concept
                    .get("concept")
                    .is_some_and(|c| !c.items().is_empty())
            });
        for (key, missing) in [
            ("caseSensitive", json.get("caseSensitive").is_none()),
            (
                "hierarchyMeaning",
                hierarchical && json.get("hierarchyMeaning").is_none(),
            ),
        ] {
            if !missing {
                continue;
            }
            let (at, pos) = here(key);
            if hl7 {
                walk.sink.warning(
                    IssueType::BusinessRule,
                    "code_system.hl7_missing_element",
                    &at,
                    pos,
                    format!("HL7 defined code systems should state their {key}"),
                );
            } else {
                walk.sink.info(
                    IssueType::BusinessRule,
                    "code_system.missing_element",
                    &at,
                    pos,
                    format!("Code systems should state their {key}"),
                );
            }
        }
    }
    if count == 0 && content == Some("complete") {
        walk.sink.warning(
            IssueType::BusinessRule,
            "code_system.complete_empty",
            path,
            json.pos,
            "The code system says its content is complete, but it has no concepts".to_string(),
        );
    }
    if content == Some("not-present") {
        if let Some(first) = json.get("concept").and_then(|c| c.items().first()) {
            walk.sink.error(
                IssueType::Invalid,
                "code_system.not_present_concepts",
                &format!("{path}.concept[0]"),
                first.pos,
                "The code system content is 'not-present', so it cannot have concepts".to_string(),
            );
        }
    }
}

/// The stated `count` against the concepts, by content.
fn counts(walk: &mut Walk<'_>, json: &JsonValue, path: &str, actual: usize) {
    let Some(count) = json.get("count") else {
        return;
    };
    let Some(stated) = count.number_text().and_then(|n| n.parse::<usize>().ok()) else {
        return;
    };
    let at = format!("{path}.count");
    match text(json, "content") {
        Some("complete") if stated != actual => walk.sink.error(
            IssueType::Invalid,
            "code_system.count",
            &at,
            count.pos,
            format!("The code system is complete, but the number of concepts ({actual}) does not match the stated total number ({stated})"),
        ),
        Some("example" | "fragment") if actual >= stated => walk.sink.warning(
            IssueType::Invalid,
            "code_system.count_fragment",
            &at,
            count.pos,
            format!("The code system is a fragment or an example, so it should have fewer concepts ({actual}) than the stated total number ({stated})"),
        ),
        Some("not-present") if stated == 0 && json.get("concept").is_some() => walk.sink.info(
            IssueType::Invalid,
            "code_system.count_not_present",
            &format!("{path}.concept"),
            json.get("concept").map_or(json.pos, |c| c.pos),
            "The code system's content is not present, and its stated count is 0".to_string(),
        ),
        Some("supplement") => {
            let base = text(json, "supplements").and_then(|base| local_code_system(walk, base));
            let base_count = base
                .as_ref()
                .map(|cs| cs.get("count").and_then(Value::as_u64).unwrap_or(0) as usize);
            if let Some(base_count) = base_count.filter(|n| *n != actual) {
                walk.sink.error(
                    IssueType::Invalid,
                    "code_system.count_supplement",
                    &at,
                    count.pos,
                    format!("The supplement has {actual} concepts, but the code system it supplements states a count of {base_count} (the supplement states {stated})"),
                );
            }
        }
        _ => {}
    }
}

fn count_concepts(concepts: &[JsonValue], depth: usize) -> usize {
    if depth > 64 {
        return 0;
    }
    concepts
        .iter()
        .map(|concept| {
            let nested = concept
                .get("concept")
                .map(JsonValue::items)
                .unwrap_or_default();
            1 + count_concepts(nested, depth + 1)
        })
        .sum()
}

/// A supplement: its hierarchyMeaning is its base's, and its codes exist in the supplemented code
/// system (checked against a local code system, and for SNOMED CT and LOINC as far as the shape
/// of the code goes; otherwise they cannot be checked).
fn supplement(
    walk: &mut Walk<'_>,
    json: &JsonValue,
    concepts: &[JsonValue],
    base: &str,
    path: &str,
) {
    let base_url = base.split('|').next().unwrap_or(base);
    let local = local_code_system(walk, base);
    if let (Some(code_system), Some(own)) = (&local, text(json, "hierarchyMeaning")) {
        if let Some(theirs) = code_system.get("hierarchyMeaning").and_then(Value::as_str) {
            if own != theirs {
                walk.sink.error(
                    IssueType::BusinessRule,
                    "code_system.supplement_hierarchy",
                    path,
                    json.pos,
                    format!("The supplement's hierarchyMeaning '{own}' is not that of the code system it supplements ('{theirs}')"),
                );
            }
        }
    }
    let checkable =
        local.is_some() || matches!(base_url, "http://snomed.info/sct" | "http://loinc.org");
    if !checkable {
        if !concepts.is_empty() {
            walk.sink.warning(
                IssueType::BusinessRule,
                "code_system.supplement_unchecked",
                path,
                json.pos,
                format!("The code system {base} is not known, so the codes of this supplement cannot be checked"),
            );
        }
        return;
    }
    let local = local.filter(|cs| cs.get("content").and_then(Value::as_str) == Some("complete"));
    for (index, concept) in concepts.iter().enumerate() {
        let Some(code) = concept.get("code").and_then(JsonValue::as_str) else {
            continue;
        };
        let known = match &local {
            Some(code_system) => code_system
                .get("concept")
                .is_some_and(|all| super::binding::has_concept(all, code, 0)),
            None => impossible_code(base_url, code).is_none(),
        };
        if !known {
            walk.sink.error(
                IssueType::BusinessRule,
                "code_system.supplement_unknown_code",
                &format!("{path}.concept[{index}]"),
                concept.pos,
                format!("The code '{code}' is not declared in the base CodeSystem {base} so is not valid in the supplement"),
            );
        }
    }
}
