//! Displays of a supplement: a supplement that names its value set of all codes (`valueSet`) and
//! whose base code system is known, in the same language as the base, should not give a code
//! another display than the base does (a supplement adds designations in other languages; the
//! base's display is the display).

use serde_json::Value;

use crate::json::JsonValue;
use crate::validate::issue::IssueType;
use crate::validate::walk::Walk;

/// Deeper concept trees than this are not followed.
const MAX_DEPTH: usize = 64;

pub(super) fn check(walk: &mut Walk<'_>, json: &JsonValue, concepts: &[JsonValue], path: &str) {
    let text = |key: &str| json.get(key).and_then(JsonValue::as_str);
    if text("valueSet").is_none_or(str::is_empty) || text("content") != Some("supplement") {
        return;
    }
    let Some(base) = text("supplements").and_then(|url| super::local_code_system(walk, url)) else {
        return;
    };
    let language = text("language");
    let base_language = base.get("language").and_then(Value::as_str);
    let same_language = match (language, base_language) {
        (None, None) => true,
        (own, Some(theirs)) => own == Some(theirs),
        (Some(_), None) => false,
    };
    if !same_language {
        return;
    }
    let base_concepts = base
        .get("concept")
        .and_then(Value::as_array)
        .map(Vec::as_slice)
        .unwrap_or_default();
    let mut differing = Vec::new();
    collect(concepts, base_concepts, path, 0, &mut differing);
    for (at, display, base_display) in differing {
        walk.sink.info(
            IssueType::BusinessRule,
            "code_system.supplement_display",
            &at,
            json.pos,
            format!(
                "The display '{display}' differs from the display '{base_display}' of the supplemented code system, in the same language ({}): a supplement should add designations, not change the display",
                language.unwrap_or("undefined")
            ),
        );
    }
}

/// The concepts (at any depth) whose display differs, ignoring case, from their base concept's:
/// their path, display and the base's display.
fn collect(
    concepts: &[JsonValue],
    base: &[Value],
    path: &str,
    depth: usize,
    out: &mut Vec<(String, String, String)>,
) {
    if depth > MAX_DEPTH {
        return;
    }
    for (index, concept) in concepts.iter().enumerate() {
        let at = format!("{path}.concept[{index}]");
        let code = concept.get("code").and_then(JsonValue::as_str);
        let display = concept
            .get("display")
            .and_then(JsonValue::as_str)
            .filter(|d| !d.is_empty());
        if let (Some(code), Some(display)) = (code, display) {
            let base_display = find(base, code, 0)
                .and_then(|found| found.get("display"))
                .and_then(Value::as_str);
            if let Some(base_display) = base_display {
                if base_display.to_lowercase() != display.to_lowercase() {
                    out.push((at.clone(), display.to_string(), base_display.to_string()));
                }
            }
        }
        let children = concept
            .get("concept")
            .map(JsonValue::items)
            .unwrap_or_default();
        collect(children, base, &at, depth + 1, out);
    }
}

/// The concept with this code anywhere in a concept tree.
fn find<'v>(concepts: &'v [Value], code: &str, depth: usize) -> Option<&'v Value> {
    if depth > MAX_DEPTH {
        return None;
    }
    concepts.iter().find_map(|concept| {
        if concept.get("code").and_then(Value::as_str) == Some(code) {
            return Some(concept);
        }
        let children = concept.get("concept").and_then(Value::as_array)?;
        find(children, code, depth + 1)
    })
}
