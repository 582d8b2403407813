//! CodeSystem definitions: supplements (content `supplement`, no `caseSensitive`, codes that exist
//! in the supplemented code system), the stated `count` of a complete code system, and no concepts
//! when the content is `not-present`.

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

pub(crate) fn check(walk: &mut Walk<'_>, json: &JsonValue, path: &str) {
    let text = |key: &str| json.get(key).and_then(JsonValue::as_str);
    let content = text("content");
    let supplements = text("supplements");
    if supplements.is_some() {
        if content != Some("supplement") {
            let at = json.get("content").unwrap_or(json);
            walk.sink.error(
                IssueType::BusinessRule,
                "code_system.supplement_content",
                &format!("{path}.content"),
                at.pos,
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
    } else if content == Some("supplement") {
        let at = json.get("content").unwrap_or(json);
        walk.sink.error(
            IssueType::BusinessRule,
            "code_system.supplement_without_base",
            &format!("{path}.content"),
            at.pos,
            "CodeSystem with content 'supplement' SHALL name the code system it supplements in 'supplements'".to_string(),
        );
    }
    let concepts = json
        .get("concept")
        .map(JsonValue::items)
        .unwrap_or_default();
    if let (Some(count), Some("complete")) = (json.get("count"), content) {
        let stated = count.number_text().and_then(|n| n.parse::<usize>().ok());
        let actual = count_concepts(concepts, 0);
        if let Some(stated) = stated.filter(|stated| *stated != actual) {
            walk.sink.error(
                IssueType::Invalid,
                "code_system.count",
                &format!("{path}.count"),
                count.pos,
                format!("The code system is complete, but the number of concepts ({actual}) does not match the stated total number ({stated})"),
            );
        }
    }
    if content == Some("not-present") {
        if let Some(first) = concepts.first() {
            walk.sink.error(
                IssueType::Invalid,
                "code_system.not_present_concepts",
                &format!("{path}.concept[0]"),
                first.pos,
                "The code system content is 'not-present', so it cannot have concepts".to_string(),
            );
        }
    }
    if let Some(base) = supplements {
        supplement_codes(walk, concepts, base, path);
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

/// The codes of a supplement must exist in the supplemented code system: checked against a
/// complete local code system, and for SNOMED CT and LOINC as far as the shape of the code goes.
fn supplement_codes(walk: &mut Walk<'_>, concepts: &[JsonValue], base: &str, path: &str) {
    let base_url = base.split('|').next().unwrap_or(base);
    let local = walk
        .defs
        .resolve(base)
        .filter(|cs| cs.get("resourceType").and_then(Value::as_str) == Some("CodeSystem"))
        .filter(|cs| cs.get("content").and_then(Value::as_str) == Some("complete"));
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
