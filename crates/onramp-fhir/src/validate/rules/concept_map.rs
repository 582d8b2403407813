//! ConceptMap definitions (R4): `source[x]`/`target[x]` name value sets; each group names its
//! source and target code systems, whose codes (when the packages hold the code system with its
//! content) the elements and targets use, with matching displays, and that are in the map's
//! source and target value sets; and no source code is mapped twice to the same target.

use std::collections::HashMap;

use serde_json::Value;

use crate::json::JsonValue;
use crate::validate::issue::IssueType;
use crate::validate::walk::Walk;

/// Checks a ConceptMap resource.
pub(crate) fn check(walk: &mut Walk<'_>, json: &JsonValue, path: &str) {
    let source_scope = scope(walk, json, path, "source");
    let target_scope = scope(walk, json, path, "target");
    for (index, group) in json
        .get("group")
        .map(JsonValue::items)
        .unwrap_or_default()
        .iter()
        .enumerate()
    {
        check_group(
            walk,
            group,
            &format!("{path}.group[{index}]"),
            source_scope,
            target_scope,
        );
    }
}

/// A map's `source[x]` or `target[x]`.
#[derive(Clone, Copy)]
struct Scope<'j> {
    /// Whether the map names one.
    named: bool,
    /// Its canonical, when the packages hold it as a ValueSet.
    value_set: Option<&'j str>,
}

/// `source[x]` or `target[x]`: present, and a ValueSet when the packages know it.
fn scope<'j>(walk: &mut Walk<'_>, json: &'j JsonValue, path: &str, name: &str) -> Scope<'j> {
    let none = Scope {
        named: false,
        value_set: None,
    };
    let Some((_, value)) = json.members().find(|(key, _)| {
        key.strip_prefix(name)
            .is_some_and(|rest| rest.starts_with(|c: char| c.is_ascii_uppercase()))
    }) else {
        return none;
    };
    let Some(canonical) = value.as_str() else {
        return none;
    };
    let mut value_set = None;
    if let Some(resource) = walk.defs.resolve(canonical) {
        let resource_type = resource
            .get("resourceType")
            .and_then(Value::as_str)
            .unwrap_or_default();
        if resource_type != "ValueSet" {
            walk.sink.error(
                IssueType::Invalid,
                "concept_map.scope_not_value_set",
                &format!("{path}.{name}"),
                value.pos,
                format!("The {name} of a ConceptMap must be a value set, but {canonical} is a {resource_type}"),
            );
        } else {
            value_set = Some(canonical);
        }
    }
    Scope {
        named: true,
        value_set,
    }
}

/// The code system one side of a group uses, when its content can be checked, and the value set
/// the map names for that side.
struct Side<'j> {
    code_system: Option<std::sync::Arc<Value>>,
    value_set: Option<&'j str>,
}

impl<'j> Side<'j> {
    fn read(
        walk: &mut Walk<'_>,
        group: &JsonValue,
        path: &str,
        name: &'static str,
        scope: Scope<'j>,
    ) -> Side<'j> {
        let has_scope = scope.named;
        let none = Side {
            code_system: None,
            value_set: None,
        };
        let Some(url_value) = group.get(name) else {
            walk.sink.warning(
                IssueType::Required,
                if name == "source" {
                    "concept_map.group_source_missing"
                } else {
                    "concept_map.group_target_missing"
                },
                path,
                group.pos,
                format!("The group has no {name} code system, so its codes cannot be checked"),
            );
            return none;
        };
        let Some(url) = url_value.as_str() else {
            return none;
        };
        let at = format!("{path}.{name}");
        let version = group
            .get(&format!("{name}Version"))
            .and_then(JsonValue::as_str);
        let canonical = match (version, url.contains('|')) {
            (Some(version), false) => format!("{url}|{version}"),
            _ => url.to_string(),
        };
        let found = super::code_system::local_code_system(walk, &canonical);
        let Some(code_system) = found else {
            if !has_scope {
                walk.sink.warning(
                    IssueType::NotFound,
                    if name == "source" {
                        "concept_map.group_source_unknown"
                    } else {
                        "concept_map.group_target_unknown"
                    },
                    &at,
                    url_value.pos,
                    format!(
                        "The {name} code system {url} is not known, so its codes cannot be checked"
                    ),
                );
            }
            return none;
        };
        let base = url.split('|').next().unwrap_or(url);
        if matches!(base, "http://snomed.info/sct" | "http://loinc.org") {
            walk.sink.info(
                IssueType::BusinessRule,
                if name == "source" {
                    "concept_map.group_source_server_side"
                } else {
                    "concept_map.group_target_server_side"
                },
                &at,
                url_value.pos,
                format!("The {name} code system {url} is only checked by a terminology server"),
            );
            return none;
        }
        let content = code_system.get("content").and_then(Value::as_str);
        if matches!(content, Some("not-present" | "example" | "fragment")) {
            walk.sink.warning(
                IssueType::NotFound,
                if name == "source" { "concept_map.group_source_incomplete" } else { "concept_map.group_target_incomplete" },
                &at,
                url_value.pos,
                format!("The {name} code system {url} has the content '{}', so its codes cannot be checked", content.unwrap_or_default()),
            );
            return none;
        }
        Side {
            code_system: Some(code_system),
            value_set: scope.value_set,
        }
    }

    /// `code` (and its display) in this side's code system.
    fn check_code(&self, walk: &mut Walk<'_>, owner: &JsonValue, path: &str, side: &'static str) {
        let (Some(code_system), Some(code_value)) = (&self.code_system, owner.get("code")) else {
            return;
        };
        let Some(code) = code_value.as_str() else {
            return;
        };
        let at = format!("{path}.code");
        let url = code_system
            .get("url")
            .and_then(Value::as_str)
            .unwrap_or_default();
        let versioned = match code_system.get("version").and_then(Value::as_str) {
            Some(version) => format!("{url}|{version}"),
            None => url.to_string(),
        };
        let Some(concept) = code_system
            .get("concept")
            .and_then(|all| find_concept(all, code, 0))
        else {
            let message = format!("The {side} code '{code}' is not a code of {versioned}");
            let id = if side == "source" {
                "concept_map.source_code_unknown"
            } else {
                "concept_map.target_code_unknown"
            };
            if code_system.get("content").and_then(Value::as_str) == Some("complete") {
                walk.sink
                    .error(IssueType::Required, id, &at, code_value.pos, message);
            } else {
                walk.sink
                    .warning(IssueType::Required, id, &at, code_value.pos, message);
            }
            return;
        };
        self.check_value_set(walk, url, code, &at, code_value, side);
        let Some(display) = owner.get("display").and_then(JsonValue::as_str) else {
            return;
        };
        let mut displays: Vec<&str> = concept
            .get("display")
            .and_then(Value::as_str)
            .into_iter()
            .collect();
        displays.extend(
            concept
                .get("designation")
                .and_then(Value::as_array)
                .into_iter()
                .flatten()
                .filter_map(|d| d.get("value").and_then(Value::as_str)),
        );
        if !displays.is_empty() && !displays.iter().any(|d| d.eq_ignore_ascii_case(display)) {
            walk.sink.warning(
                IssueType::Required,
                if side == "source" { "concept_map.source_display" } else { "concept_map.target_display" },
                &at,
                code_value.pos,
                format!(
                    "The display '{display}' is not a display of {versioned}#{code}; it could be one of '{}'",
                    displays.join("', '")
                ),
            );
        }
    }
}

impl Side<'_> {
    /// A code of the side's code system in the value set the map names for that side (an error
    /// when the code system is complete, else a warning). A value set that cannot be expanded
    /// offline is not judged.
    fn check_value_set(
        &self,
        walk: &mut Walk<'_>,
        system: &str,
        code: &str,
        at: &str,
        code_value: &JsonValue,
        side: &'static str,
    ) {
        let (Some(code_system), Some(value_set)) = (&self.code_system, self.value_set) else {
            return;
        };
        let Some(expansion) = walk.defs.expansion(value_set) else {
            return;
        };
        if expansion.contains(Some(system), code) {
            return;
        }
        let id = if side == "source" {
            "concept_map.source_code_not_in_value_set"
        } else {
            "concept_map.target_code_not_in_value_set"
        };
        let message =
            format!("The {side} code '{code}' is not in the {side} value set {value_set}");
        if code_system.get("content").and_then(Value::as_str) == Some("complete") {
            walk.sink
                .error(IssueType::Required, id, at, code_value.pos, message);
        } else {
            walk.sink
                .warning(IssueType::Required, id, at, code_value.pos, message);
        }
    }
}

fn find_concept<'v>(concepts: &'v Value, code: &str, depth: usize) -> Option<&'v Value> {
    if depth > 32 {
        return None;
    }
    concepts.as_array()?.iter().find_map(|concept| {
        if concept.get("code").and_then(Value::as_str) == Some(code) {
            Some(concept)
        } else {
            concept
                .get("concept")
                .and_then(|nested| find_concept(nested, code, depth + 1))
        }
    })
}

fn check_group(
    walk: &mut Walk<'_>,
    group: &JsonValue,
    path: &str,
    source_scope: Scope<'_>,
    target_scope: Scope<'_>,
) {
    let source = Side::read(walk, group, path, "source", source_scope);
    let target = Side::read(walk, group, path, "target", target_scope);
    // (source, target) → equivalence; a target without a code is keyed by the source alone.
    let mut seen: HashMap<(String, Option<String>), String> = HashMap::new();
    for (index, element) in group
        .get("element")
        .map(JsonValue::items)
        .unwrap_or_default()
        .iter()
        .enumerate()
    {
        let element_path = format!("{path}.element[{index}]");
        source.check_code(walk, element, &element_path, "source");
        let source_code = element.get("code").and_then(JsonValue::as_str);
        for (t, mapping) in element
            .get("target")
            .map(JsonValue::items)
            .unwrap_or_default()
            .iter()
            .enumerate()
        {
            let target_path = format!("{element_path}.target[{t}]");
            target.check_code(walk, mapping, &target_path, "target");
            let (Some(source_code), Some(equivalence)) = (
                source_code,
                mapping.get("equivalence").and_then(JsonValue::as_str),
            ) else {
                continue;
            };
            let target_code = mapping.get("code").and_then(JsonValue::as_str);
            duplication(
                walk,
                &mut seen,
                mapping,
                &target_path,
                source_code,
                target_code,
                equivalence,
            );
        }
    }
}

/// A source code mapped twice to the same target (or to none, twice).
fn duplication(
    walk: &mut Walk<'_>,
    seen: &mut HashMap<(String, Option<String>), String>,
    mapping: &JsonValue,
    path: &str,
    source: &str,
    target: Option<&str>,
    equivalence: &str,
) {
    let report = |walk: &mut Walk<'_>, previous: &str, unmapped_before: bool| {
        let (id, message) = if previous == equivalence && !unmapped_before {
            (
                "concept_map.duplicate_mapping",
                format!("The source code '{source}' is mapped to the same target more than once"),
            )
        } else {
            (
                "concept_map.duplicate_mapping_different",
                format!("The source code '{source}' is mapped to the same target more than once, with different equivalences ('{equivalence}' and '{previous}')"),
            )
        };
        walk.sink
            .warning(IssueType::BusinessRule, id, path, mapping.pos, message);
    };
    let alone = (source.to_string(), None);
    match target {
        None => match seen.get(&alone) {
            None => {
                seen.insert(alone, equivalence.to_string());
            }
            Some(previous) => report(walk, &previous.clone(), false),
        },
        Some(target) => {
            if let Some(previous) = seen.get(&alone) {
                let previous = previous.clone();
                report(walk, &previous, true);
            }
            let key = (source.to_string(), Some(target.to_string()));
            match seen.get(&key) {
                Some(previous) => {
                    let previous = previous.clone();
                    report(walk, &previous, false);
                }
                None => {
                    seen.insert(key, equivalence.to_string());
                }
            }
        }
    }
}
