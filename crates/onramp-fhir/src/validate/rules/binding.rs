//! Bindings through local terminology: a coded value against the value set of its element
//! (required → error when not in it, extensible → warning), and codes of code systems the packages
//! hold against those code systems. Codes of systems the packages do not hold (SNOMED CT, LOINC, …)
//! are reported as not checked offline, at information level. A binding names a value set (not a
//! code system, and not none); a CodeableConcept of a required or extensible binding has a coding.
//! An extensible binding with a maximum value set requires its codes to be in that one.
//! The system of a Coding on its own is judged in [`system`].

use std::sync::Arc;

use rustc_hash::FxHashSet;
use serde_json::Value;

use crate::json::JsonValue;
use crate::validate::issue::IssueType;
use crate::validate::profile::ElementNode;
use crate::validate::walk::Item;
use crate::validate::walk::Walk;

mod system;

/// (system, code) pairs of a coded value.
fn codings(type_code: &str, value: &JsonValue) -> Vec<(Option<String>, String)> {
    let pair = |v: &JsonValue| {
        let code = v.get("code").and_then(JsonValue::as_str)?;
        let system = v
            .get("system")
            .and_then(JsonValue::as_str)
            .map(str::to_string);
        Some((system, code.to_string()))
    };
    match type_code {
        "code" | "string" | "uri" => value
            .as_str()
            .map(|code| vec![(None, code.to_string())])
            .unwrap_or_default(),
        "Coding" | "Quantity" => pair(value).into_iter().collect(),
        "CodeableConcept" => value
            .get("coding")
            .and_then(JsonValue::as_array)
            .map(|items| items.iter().filter_map(pair).collect())
            .unwrap_or_default(),
        _ => Vec::new(),
    }
}

/// A code system whose complete content the packages hold (or a supplement), with its codes.
pub(crate) struct CompleteCodeSystem {
    pub is_supplement: bool,
    /// Whether it lists concepts at all (one without them cannot say a code is unknown).
    pub has_concepts: bool,
    /// Every concept's code, nested ones too (to the depth [`has_concept`] reads).
    pub codes: FxHashSet<String>,
}

impl CompleteCodeSystem {
    /// `None` when the resource is not a CodeSystem, or its content is not complete.
    pub fn new(resource: Arc<Value>) -> Option<CompleteCodeSystem> {
        if resource.get("resourceType").and_then(Value::as_str) != Some("CodeSystem") {
            return None;
        }
        let is_supplement = super::code_system::is_supplement(&resource);
        let content = resource
            .get("content")
            .and_then(Value::as_str)
            .unwrap_or("complete");
        if !is_supplement && content != "complete" {
            return None;
        }
        let mut codes = FxHashSet::default();
        if let Some(concepts) = resource.get("concept") {
            gather_codes(concepts, 0, &mut codes);
        }
        Some(CompleteCodeSystem {
            is_supplement,
            has_concepts: resource.get("concept").is_some(),
            codes,
        })
    }
}

fn gather_codes(concepts: &Value, depth: usize, out: &mut FxHashSet<String>) {
    if depth >= 32 {
        return;
    }
    for concept in concepts.as_array().map(Vec::as_slice).unwrap_or_default() {
        if let Some(code) = concept.get("code").and_then(Value::as_str) {
            out.insert(code.to_string());
        }
        if let Some(nested) = concept.get("concept") {
            gather_codes(nested, depth + 1, out);
        }
    }
}

pub(crate) fn has_concept(concepts: &Value, code: &str, depth: usize) -> bool {
    let Some(items) = concepts.as_array() else {
        return false;
    };
    depth < 32
        && items.iter().any(|concept| {
            concept.get("code").and_then(Value::as_str) == Some(code)
                || concept
                    .get("concept")
                    .is_some_and(|nested| has_concept(nested, code, depth + 1))
        })
}

pub(crate) fn check(walk: &mut Walk<'_>, element: &ElementNode, item: &Item<'_>) {
    let Some(value) = item.json else {
        return;
    };
    system::check(walk, element, item);
    let codes = codings(&item.type_code, value);
    // Codes of local, complete code systems must exist there.
    let mut not_local = Vec::new();
    for (system, code) in &codes {
        let Some(system) = system else { continue };
        if item.type_code == "CodeableConcept" {
            // Checked on each Coding when the walk reaches it.
            not_local.extend(
                walk.defs
                    .complete_code_system(system)
                    .is_none()
                    .then(|| system.clone()),
            );
            continue;
        }
        match walk.defs.complete_code_system(system) {
            Some(code_system) if code_system.is_supplement => {
                walk.sink.error(
                    IssueType::BusinessRule,
                    "terminology.supplement_as_system",
                    &format!("{}.system", item.path),
                    item.pos,
                    format!("CodeSystem {system} is a supplement, so can't be used as a value in Coding.system"),
                );
            }
            Some(code_system) => {
                if code_system.has_concepts && !code_system.codes.contains(code.as_str()) {
                    walk.sink.error(
                        IssueType::CodeInvalid,
                        "terminology.unknown_code",
                        &item.path,
                        item.pos,
                        format!("Unknown code '{code}' in the CodeSystem '{system}'"),
                    );
                }
            }
            None => {
                // A Coding on its own: its system is judged by [`system::check`].
                if item.type_code == "Coding" && system::in_codeable_concept(element) {
                    walk.sink.info(
                        IssueType::NotSupported,
                        "terminology.not_checked_offline",
                        &item.path,
                        item.pos,
                        format!("The code system {system} is not in the loaded packages: the code '{code}' was not checked offline"),
                    );
                }
                not_local.push(system.clone());
            }
        }
    }
    let Some(binding) = &element.binding else {
        return;
    };
    if binding.value_set.is_none() {
        if system::states_a_code(element, item, value) {
            walk.sink.info(
                IssueType::CodeInvalid,
                "binding.no_value_set",
                &item.path,
                item.pos,
                format!(
                    "The binding of {} names no value set, so the code cannot be checked",
                    element.path
                ),
            );
        }
        return;
    }
    if let Some(value_set) = &binding.value_set {
        if system::names_code_system(walk, value_set) {
            walk.sink.error(
                IssueType::CodeInvalid,
                "binding.value_set_is_code_system",
                &item.path,
                item.pos,
                format!("The binding names {value_set}, which is a CodeSystem, not a ValueSet: the code cannot be checked against it"),
            );
            return;
        }
    }
    if item.type_code == "CodeableConcept" {
        check_no_coding(walk, item, binding, value);
    }
    if !matches!(binding.strength.as_str(), "required" | "extensible") || codes.is_empty() {
        return;
    }
    let Some(value_set) = &binding.value_set else {
        return;
    };
    let Some(expansion) = walk.defs.expansion(value_set) else {
        let value_set_json = walk.defs.resolve(value_set);
        if value_set_json
            .as_deref()
            .is_some_and(|vs| outside_every_included_system(vs, &codes))
        {
            report_not_in_value_set(walk, item, binding, value_set, &codes);
            return;
        }
        if !not_local.is_empty() && not_local.len() == codes.len() {
            walk.sink.info(
                        IssueType::NotSupported,
                        "terminology.not_checked_offline",
                        &item.path,
                        item.pos,
                        format!(
                                "The code system {} is not in the loaded packages: membership in {value_set} was not checked offline",
                                not_local.join(", ")
                        ),
                );
            return;
        }

        if walk.defs.resolve(value_set).is_none() {
            walk.sink.warning(
                IssueType::NotFound,
                "terminology.value_set_not_found",
                &item.path,
                item.pos,
                format!("The value set {value_set} is not in the loaded packages, so the code was not checked"),
            );
        } else {
            walk.sink.info(
                IssueType::NotSupported,
                "terminology.not_checked_offline",
                &item.path,
                item.pos,
                format!("The value set {value_set} cannot be expanded offline; the code was not checked"),
            );
        }
        return;
    };
    let inside = codes
        .iter()
        .any(|(system, code)| expansion.contains(system.as_deref(), code));
    if inside {
        return;
    }
    let value_set_json = walk.defs.resolve(value_set);
    let mentions = |system: &str| {
        value_set_json.as_ref().is_some_and(|vs| {
            vs.pointer("/compose/include")
                .and_then(Value::as_array)
                .is_some_and(|includes| {
                    includes
                        .iter()
                        .any(|i| i.get("system").and_then(Value::as_str) == Some(system))
                })
        })
    };
    let undecidable = codes.iter().all(|(system, _)| {
        system
            .as_deref()
            .is_some_and(|s| not_local.iter().any(|n| n == s) && !mentions(s))
    });
    if undecidable {
        walk.sink.info(
            IssueType::NotSupported,
            "terminology.not_checked_offline",
            &item.path,
            item.pos,
            format!("The code system {} is not in the loaded packages: membership in {value_set} was not checked offline", not_local.join(", ")),
        );
        return;
    }
    report_not_in_value_set(walk, item, binding, value_set, &codes);
}

/// A CodeableConcept of a required or extensible binding (to a value set the packages hold) with
/// no coding at all: text alone cannot be in the value set.
fn check_no_coding(
    walk: &mut Walk<'_>,
    item: &Item<'_>,
    binding: &crate::validate::profile::Binding,
    value: &JsonValue,
) {
    let has_coding = value
        .get("coding")
        .and_then(JsonValue::as_array)
        .is_some_and(|codings| !codings.is_empty());
    let Some(value_set) = binding.value_set.as_deref() else {
        return;
    };
    if has_coding || !system::names_value_set(walk, value_set) {
        return;
    }
    match binding.strength.as_str() {
        "required" => walk.sink.error(
            IssueType::CodeInvalid,
            "binding.no_coding",
            &item.path,
            item.pos,
            format!("No code provided, and a code is required from the value set {value_set}"),
        ),
        "extensible" if binding.max_value_set.is_some() => walk.sink.error(
            IssueType::CodeInvalid,
            "binding.no_coding_max",
            &item.path,
            item.pos,
            format!(
                "No code provided, and a code must be provided from the maximum value set {} (the binding to {value_set} is extensible)",
                binding.max_value_set.as_deref().unwrap_or_default()
            ),
        ),
        "extensible" => walk.sink.warning(
            IssueType::CodeInvalid,
            "binding.no_coding_extensible",
            &item.path,
            item.pos,
            format!(
                "No code provided, and a code should be provided from the value set {value_set}"
            ),
        ),
        _ => {}
    }
}

/// Whether no coding can be in the value set because its compose includes only whole or partial
/// code systems (no imported value sets) and no coding's system is one of them: decidable offline
/// even when the included systems (SNOMED CT, LOINC) are not loaded.
fn outside_every_included_system(value_set: &Value, codes: &[(Option<String>, String)]) -> bool {
    let Some(includes) = value_set
        .pointer("/compose/include")
        .and_then(Value::as_array)
    else {
        return false;
    };
    let systems: Vec<&str> = includes
        .iter()
        .filter_map(|i| i.get("system").and_then(Value::as_str))
        .collect();
    let only_systems = !includes.is_empty()
        && systems.len() == includes.len()
        && includes.iter().all(|i| i.get("valueSet").is_none());
    only_systems
        && !codes.is_empty()
        && codes.iter().all(|(system, _)| {
            system
                .as_deref()
                .is_some_and(|system| !systems.contains(&system))
        })
}

fn report_not_in_value_set(
    walk: &mut Walk<'_>,
    item: &Item<'_>,
    binding: &crate::validate::profile::Binding,
    value_set: &str,
    codes: &[(Option<String>, String)],
) {
    let shown: Vec<String> = codes
        .iter()
        .map(|(system, code)| match system {
            Some(system) => format!("{system}#{code}"),
            None => code.clone(),
        })
        .collect();
    let message = format!(
        "The code {} is not in the value set {value_set} ({} binding)",
        shown.join(", "),
        binding.strength
    );
    if binding.strength == "required" {
        if let (true, Some((None, code))) = (item.type_code == "code", codes.first()) {
            // A bare code names no system: the reference first reports that it could not find
            // one in the value set, then that the code is not in it.
            walk.sink.error(
                IssueType::CodeInvalid,
                "binding.system_undetermined",
                &item.path,
                item.pos,
                format!("The System URI could not be determined for the code '{code}' in the ValueSet '{value_set}'"),
            );
        }
        walk.sink.error(
            IssueType::CodeInvalid,
            "binding.required",
            &item.path,
            item.pos,
            message,
        );
    } else if let Some(max) = &binding.max_value_set {
        check_max_value_set(walk, item, max, &shown);
    } else {
        walk.sink.warning(
            IssueType::CodeInvalid,
            "binding.extensible",
            &item.path,
            item.pos,
            message,
        );
    }
}

/// Codes of an extensible binding that are not in its value set must be in its maximum value set
/// (the `elementdefinition-maxValueSet` extension): an error otherwise.
fn check_max_value_set(walk: &mut Walk<'_>, item: &Item<'_>, max: &str, shown: &[String]) {
    let Some(value) = item.json else {
        return;
    };
    let codes = codings(&item.type_code, value);
    match walk.defs.expansion(max) {
        Some(expansion) => {
            let inside = codes
                .iter()
                .any(|(system, code)| expansion.contains(system.as_deref(), code));
            if !inside {
                walk.sink.error(
                    IssueType::CodeInvalid,
                    "binding.max_value_set",
                    &item.path,
                    item.pos,
                    format!(
                        "The code {} is not in the maximum value set {max} of its extensible binding",
                        shown.join(", ")
                    ),
                );
            }
        }
        None if walk.defs.resolve(max).is_none() => walk.sink.warning(
            IssueType::NotFound,
            "terminology.value_set_not_found",
            &item.path,
            item.pos,
            format!("The maximum value set {max} is not in the loaded packages, so the code was not checked against it"),
        ),
        None => walk.sink.info(
            IssueType::NotSupported,
            "terminology.not_checked_offline",
            &item.path,
            item.pos,
            format!("The maximum value set {max} cannot be expanded offline; the code was not checked against it"),
        ),
    }
}
