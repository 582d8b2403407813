//! Expanding a ValueSet from the loaded packages into sets of codes per system.

use std::collections::{HashMap, HashSet};

use serde_json::Value;

use crate::package::PackageSet;

/// Nested value sets deeper than this are a cycle.
const MAX_DEPTH: usize = 16;

/// The codes of an expanded value set, by code system.
#[derive(Debug, Default)]
pub(crate) struct Expansion {
    by_system: HashMap<String, HashSet<String>>,
}

impl Expansion {
    /// `system` absent matches the code in any system.
    pub fn contains(&self, system: Option<&str>, code: &str) -> bool {
        match system {
            Some(system) => self
                .by_system
                .get(system)
                .is_some_and(|codes| codes.contains(code)),
            None => self.by_system.values().any(|codes| codes.contains(code)),
        }
    }

    fn add(&mut self, system: &str, code: &str) {
        self.by_system
            .entry(system.to_string())
            .or_default()
            .insert(code.to_string());
    }

    fn union(&mut self, other: Expansion) {
        for (system, codes) in other.by_system {
            self.by_system.entry(system).or_default().extend(codes);
        }
    }

    fn intersect(&mut self, other: &Expansion) {
        for (system, codes) in &mut self.by_system {
            match other.by_system.get(system) {
                Some(kept) => codes.retain(|code| kept.contains(code)),
                None => codes.clear(),
            }
        }
    }

    fn remove(&mut self, other: &Expansion) {
        for (system, codes) in &mut self.by_system {
            if let Some(removed) = other.by_system.get(system) {
                codes.retain(|code| !removed.contains(code));
            }
        }
    }
}

/// A code system's concepts: every code, its children, and its properties.
pub(crate) struct Hierarchy {
    pub codes: Vec<String>,
    pub children: HashMap<String, Vec<String>>,
    pub properties: HashMap<String, Vec<(String, String)>>,
}

fn text_of(value: &Value) -> Option<String> {
    [
        "valueCode",
        "valueString",
        "valueCoding",
        "valueBoolean",
        "valueInteger",
    ]
    .iter()
    .find_map(|key| value.get(*key))
    .and_then(|value| match value {
        Value::String(text) => Some(text.clone()),
        Value::Object(coding) => coding
            .get("code")
            .and_then(Value::as_str)
            .map(str::to_string),
        other => Some(other.to_string()),
    })
}

fn walk_concepts(concepts: &[Value], parent: Option<&str>, hierarchy: &mut Hierarchy) {
    for concept in concepts {
        let Some(code) = concept.get("code").and_then(Value::as_str) else {
            continue;
        };
        hierarchy.codes.push(code.to_string());
        if let Some(parent) = parent {
            hierarchy
                .children
                .entry(parent.to_string())
                .or_default()
                .push(code.to_string());
        }
        let mut properties = Vec::new();
        for property in concept
            .get("property")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
        {
            let (Some(name), Some(value)) = (
                property.get("code").and_then(Value::as_str),
                text_of(property),
            ) else {
                continue;
            };
            if name == "parent" || name == "subsumedBy" {
                hierarchy
                    .children
                    .entry(value.clone())
                    .or_default()
                    .push(code.to_string());
            }
            properties.push((name.to_string(), value));
        }
        hierarchy.properties.insert(code.to_string(), properties);
        if let Some(children) = concept.get("concept").and_then(Value::as_array) {
            walk_concepts(children, Some(code), hierarchy);
        }
    }
}

/// The complete content of a code system from the packages.
pub(crate) fn hierarchy(packages: &PackageSet, system: &str) -> Result<Hierarchy, String> {
    let code_system = packages
        .resolve_canonical(system)
        .map_err(|error| error.to_string())?;
    if code_system.get("resourceType").and_then(Value::as_str) != Some("CodeSystem") {
        return Err(format!("{system} is not a CodeSystem"));
    }
    let content = code_system
        .get("content")
        .and_then(Value::as_str)
        .unwrap_or("complete");
    if content != "complete" && content != "supplement" {
        return Err(format!(
            "the packages do not hold the content of {system} ({content})"
        ));
    }
    let mut hierarchy = Hierarchy {
        codes: Vec::new(),
        children: HashMap::new(),
        properties: HashMap::new(),
    };
    if let Some(concepts) = code_system.get("concept").and_then(Value::as_array) {
        walk_concepts(concepts, None, &mut hierarchy);
    }
    Ok(hierarchy)
}

pub(crate) fn collect_descendants<'h>(
    hierarchy: &'h Hierarchy,
    code: &str,
    into: &mut HashSet<&'h str>,
) {
    let mut pending: Vec<&str> = hierarchy
        .children
        .get(code)
        .map(|children| children.iter().map(String::as_str).collect())
        .unwrap_or_default();
    while let Some(child) = pending.pop() {
        if into.insert(child) {
            if let Some(children) = hierarchy.children.get(child) {
                pending.extend(children.iter().map(String::as_str));
            }
        }
    }
}

fn filter_codes(hierarchy: &Hierarchy, filter: &Value) -> Result<HashSet<String>, String> {
    let property = filter.get("property").and_then(Value::as_str).unwrap_or("");
    let op = filter.get("op").and_then(Value::as_str).unwrap_or("");
    let value = filter.get("value").and_then(Value::as_str).unwrap_or("");
    let mut selected: HashSet<&str> = HashSet::new();
    match (property, op) {
        (_, "is-a") => {
            selected.insert(value);
            collect_descendants(hierarchy, value, &mut selected);
        }
        (_, "descendent-of") => collect_descendants(hierarchy, value, &mut selected),
        (_, "is-not-a") => {
            let mut excluded = HashSet::from([value]);
            collect_descendants(hierarchy, value, &mut excluded);
            selected = hierarchy
                .codes
                .iter()
                .map(String::as_str)
                .filter(|code| !excluded.contains(code))
                .collect();
        }
        ("concept" | "code", "=") => {
            selected.insert(value);
        }
        ("concept" | "code", "in") => selected.extend(value.split(',').map(str::trim)),
        ("concept" | "code", "regex") => {
            let regex =
                regex::Regex::new(&format!("^(?:{value})$")).map_err(|error| error.to_string())?;
            selected = hierarchy
                .codes
                .iter()
                .map(String::as_str)
                .filter(|code| regex.is_match(code))
                .collect();
        }
        (property, "=" | "in" | "exists") => {
            let wanted: Vec<&str> = if op == "in" {
                value.split(',').map(str::trim).collect()
            } else {
                vec![value]
            };
            for code in &hierarchy.codes {
                let properties = hierarchy
                    .properties
                    .get(code)
                    .map(Vec::as_slice)
                    .unwrap_or_default();
                let has = properties.iter().filter(|(name, _)| name == property);
                let matched = if op == "exists" {
                    (has.count() > 0) == (value == "true")
                } else {
                    has.into_iter()
                        .any(|(_, found)| wanted.contains(&found.as_str()))
                };
                if matched {
                    selected.insert(code);
                }
            }
        }
        _ => {
            return Err(format!(
                "the filter {property} {op} {value} is not supported"
            ))
        }
    }
    Ok(selected.into_iter().map(str::to_string).collect())
}

/// The codes one `include` or `exclude` names.
fn expand_set(packages: &PackageSet, set: &Value, depth: usize) -> Result<Expansion, String> {
    let mut result = Expansion::default();
    let system = set.get("system").and_then(Value::as_str);
    if let Some(system) = system {
        let concepts = set.get("concept").and_then(Value::as_array);
        let filters = set
            .get("filter")
            .and_then(Value::as_array)
            .filter(|filters| !filters.is_empty());
        match (concepts, filters) {
            (Some(concepts), _) => {
                for code in concepts
                    .iter()
                    .filter_map(|concept| concept.get("code").and_then(Value::as_str))
                {
                    result.add(system, code);
                }
            }
            (None, Some(filters)) => {
                let hierarchy = hierarchy(packages, system)?;
                let mut codes: Option<HashSet<String>> = None;
                for filter in filters {
                    let selected = filter_codes(&hierarchy, filter)?;
                    codes = Some(match codes {
                        Some(codes) => codes.intersection(&selected).cloned().collect(),
                        None => selected,
                    });
                }
                for code in codes.unwrap_or_default() {
                    result.add(system, &code);
                }
            }
            (None, None) => {
                for code in hierarchy(packages, system)?.codes {
                    result.add(system, &code);
                }
            }
        }
    }
    for (position, url) in set
        .get("valueSet")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(Value::as_str)
        .enumerate()
    {
        let nested = expand(packages, url, depth + 1)?;
        if system.is_some() || position > 0 {
            result.intersect(&nested);
        } else {
            result = nested;
        }
    }
    Ok(result)
}

fn flatten_contains(contains: &[Value], into: &mut Expansion) {
    for entry in contains {
        if let (Some(system), Some(code)) = (
            entry.get("system").and_then(Value::as_str),
            entry.get("code").and_then(Value::as_str),
        ) {
            into.add(system, code);
        }
        if let Some(nested) = entry.get("contains").and_then(Value::as_array) {
            flatten_contains(nested, into);
        }
    }
}

pub(crate) fn expand(packages: &PackageSet, url: &str, depth: usize) -> Result<Expansion, String> {
    if depth > MAX_DEPTH {
        return Err(format!("value set {url} nests too deeply"));
    }
    let value_set = packages
        .resolve_canonical(url)
        .map_err(|error| error.to_string())?;
    if value_set.get("resourceType").and_then(Value::as_str) != Some("ValueSet") {
        return Err(format!("{url} is not a ValueSet"));
    }
    if let Some(contains) = value_set
        .get("expansion")
        .and_then(|expansion| expansion.get("contains"))
        .and_then(Value::as_array)
    {
        let mut expansion = Expansion::default();
        flatten_contains(contains, &mut expansion);
        return Ok(expansion);
    }
    let compose = value_set
        .get("compose")
        .ok_or_else(|| format!("{url} has neither compose nor expansion"))?;
    let mut expansion = Expansion::default();
    for include in compose
        .get("include")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
    {
        expansion.union(expand_set(packages, include, depth)?);
    }
    for exclude in compose
        .get("exclude")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
    {
        expansion.remove(&expand_set(packages, exclude, depth)?);
    }
    Ok(expansion)
}
