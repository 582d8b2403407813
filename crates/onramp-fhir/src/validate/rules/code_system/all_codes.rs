//! `CodeSystem.valueSet`: the value set of all the code system's codes, which only a complete code
//! system (or a supplement of one that has such a value set) names, and which (when the packages
//! hold it) includes exactly the whole code system.

use serde_json::Value;

use crate::json::JsonValue;
use crate::validate::issue::IssueType;
use crate::validate::walk::Walk;

/// `CodeSystem.valueSet`: the value set of all the code system's codes, when it is in the packages.
pub(super) fn check(walk: &mut Walk<'_>, json: &JsonValue, path: &str, count: usize) {
    let Some(vsu) = super::text(json, "valueSet") else {
        return;
    };
    let url = super::text(json, "url").unwrap_or_default();
    let content = super::text(json, "content");
    if content == Some("supplement") {
        let base =
            super::text(json, "supplements").and_then(|base| super::local_code_system(walk, base));
        match base {
            Some(base) if base.get("valueSet").is_none() => walk.sink.warning(
                IssueType::BusinessRule,
                "code_system.supplement_value_set",
                path,
                json.pos,
                "A supplement names a value set of all codes, but the code system it supplements has none".to_string(),
            ),
            Some(_) => {}
            None => walk.sink.warning(
                IssueType::BusinessRule,
                "code_system.value_set_not_complete",
                path,
                json.pos,
                "The code system names a value set of all its codes, but its content is not complete".to_string(),
            ),
        }
    } else if content != Some("complete") {
        walk.sink.info(
            IssueType::BusinessRule,
            "code_system.value_set_not_complete",
            path,
            json.pos,
            "The code system names a value set of all its codes, but its content is not complete"
                .to_string(),
        );
    }
    let Some(vs) = walk
        .defs
        .resolve(vsu)
        .filter(|vs| vs.get("resourceType").and_then(Value::as_str) == Some("ValueSet"))
    else {
        return;
    };
    let includes = vs
        .get("compose")
        .and_then(|c| c.get("include"))
        .and_then(Value::as_array);
    let problem = match includes.map(Vec::as_slice) {
        None | Some([]) | Some([_, _, ..]) => Some((
            "code_system.value_set_invalid",
            format!("The value set {vsu} of all codes of {url} must include exactly one code system (and nothing else)"),
        )),
        Some([include]) => {
            let system = include.get("system").and_then(Value::as_str).unwrap_or_default();
            if system != url {
                Some((
                    "code_system.value_set_wrong_system",
                    format!("The value set {vsu} of all codes of {url} includes the system {system}, not {url}"),
                ))
            } else if ["valueSet", "concept", "filter"].iter().any(|k| include.get(k).is_some()) {
                Some((
                    "code_system.value_set_include_details",
                    format!("The value set {vsu} of all codes of {url} must include the whole code system, without value sets, concepts or filters"),
                ))
            } else {
                let expanded = vs
                    .get("expansion")
                    .map(|e| e.get("contains").and_then(Value::as_array).map_or(0, Vec::len));
                expanded.filter(|n| *n != count).map(|n| {
                    (
                        "code_system.value_set_expansion",
                        format!("The value set {vsu} of all codes of {url} has {n} codes in its expansion, but the code system has {count} concepts"),
                    )
                })
            }
        }
    };
    if let Some((id, message)) = problem {
        walk.sink
            .error(IssueType::BusinessRule, id, path, json.pos, message);
    }
}
