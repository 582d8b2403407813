//! The profiles an element's type names (`ElementDefinition.type.profile`): each must be known,
//! and a value whose type names several must match exactly one of them (the reference
//! validator's `checkChildByDefinition`).
//!
//! A single named profile is what the walk descends into; this module reports it when it is not
//! in the loaded packages. With several, the value is validated against each into a scratch sink:
//! one match keeps that profile's findings, none is an error (with every profile's findings), and
//! several is a warning (with the findings of those that matched).

use std::sync::Arc;

use crate::validate::issue::{Issue, IssueSink, IssueType};
use crate::validate::profile::{ElementNode, Profile};
use crate::validate::walk::{Item, Walk};

/// The type profiles that apply to a value of type `type_code` of `element`: every profile of a
/// single-typed element, the first profile of the matching type of a choice (not of a
/// Reference, whose profiles are about the Reference itself in other FHIR versions).
pub(crate) fn applicable<'e>(element: &'e ElementNode, type_code: &str) -> &'e [String] {
    if element.types.len() == 1 {
        let only = element.types.first();
        if only.is_some_and(|t| matches!(t.code.as_str(), "Element" | "BackboneElement")) {
            return &[];
        }
        return only.map(|t| t.profiles.as_slice()).unwrap_or_default();
    }
    element
        .types
        .iter()
        .find(|t| t.code == type_code && t.code != "Reference")
        .and_then(|t| t.profiles.get(..1))
        .unwrap_or_default()
}

/// Reports the type profiles of a value that are not in the loaded packages (one error each).
/// Returns the profiles found, in the element's order.
pub(crate) fn resolve(walk: &mut Walk<'_>, urls: &[String], item: &Item<'_>) -> Vec<Arc<Profile>> {
    let mut found = Vec::with_capacity(urls.len());
    for url in urls {
        let without_element = url.split('#').next().unwrap_or(url);
        match walk.defs.profile(without_element) {
            Some(profile) => found.push(profile),
            // HL7's extensions are a package the reference validator loads by itself, so it
            // knows them; one that is not loaded here is validated as a plain Extension, silently.
            None if item.type_code == "Extension" && is_hl7_extension(without_element) => {}
            None => walk.sink.error(
                IssueType::Structure,
                "profile.type_profile_unknown",
                &item.path,
                item.pos,
                format!("Unknown profile {url}: the profile named by the element's type is not in the loaded packages"),
            ),
        }
    }
    found
}

/// An extension definition in HL7's namespaces (core, tools, and version-specific URLs).
fn is_hl7_extension(url: &str) -> bool {
    let Some(rest) = url.strip_prefix("http://hl7.org/fhir/") else {
        return false;
    };
    let first = rest.split('/').next().unwrap_or_default();
    matches!(first, "StructureDefinition" | "tools")
        || first.chars().next().is_some_and(|c| c.is_ascii_digit())
}

/// Runs `validate` once per profile, each into a scratch sink of its own, and returns each
/// profile's findings (for "matches one of several profiles" rules: the findings of the one that
/// matched are kept, the others only counted).
pub(crate) fn each_into_scratch<'p>(
    walk: &mut Walk<'_>,
    profiles: &'p [Arc<Profile>],
    mut validate: impl FnMut(&mut Walk<'_>, &Arc<Profile>),
) -> Vec<(&'p Arc<Profile>, IssueSink)> {
    profiles
        .iter()
        .map(|profile| {
            let saved = std::mem::take(walk.sink);
            validate(walk, profile);
            (profile, std::mem::replace(walk.sink, saved))
        })
        .collect()
}

/// Validates a complex value against each of several type profiles and reports how many it
/// matches (see the module documentation).
pub(crate) fn check_several(
    walk: &mut Walk<'_>,
    profiles: &[Arc<Profile>],
    item: &Item<'_>,
    json: &crate::json::JsonValue,
) {
    let mut matching: Vec<(&Arc<Profile>, Vec<Issue>)> = Vec::new();
    let mut failing: Vec<(&Arc<Profile>, Vec<Issue>)> = Vec::new();
    let outcomes = each_into_scratch(walk, profiles, |walk, profile| {
        if let Some(root) = profile.node(0) {
            crate::validate::rules::invariant::check(
                walk,
                root,
                json,
                &item.path,
                json.pos,
                &item.type_code,
                None,
            );
        }
        walk.object(profile, 0, json, &item.path, &item.type_code);
    });
    for (profile, scratch) in outcomes {
        if scratch.error_count() == 0 {
            matching.push((profile, scratch.issues));
        } else {
            failing.push((profile, scratch.issues));
        }
    }
    let urls = |list: &[(&Arc<Profile>, Vec<Issue>)]| {
        list.iter()
            .map(|(profile, _)| profile.url.as_str())
            .collect::<Vec<_>>()
            .join(", ")
    };
    match matching.len() {
        1 => {}
        0 => {
            walk.sink.error(
                IssueType::Structure,
                "profile.type_profile_no_match",
                &item.path,
                item.pos,
                format!(
                    "Unable to find a match for the specified profile among choices: {}",
                    urls(&failing)
                ),
            );
        }
        _ => walk.sink.warning(
            IssueType::Structure,
            "profile.type_profile_several_match",
            &item.path,
            item.pos,
            format!(
                "Found {} matches for the profiles named by the element's type: {}",
                matching.len(),
                urls(&matching)
            ),
        ),
    }
    // One match: its findings as they are; otherwise each finding names its profile.
    let name_source = matching.len() != 1;
    let kept = if matching.is_empty() {
        failing
    } else {
        matching
    };
    for (profile, issues) in kept {
        for mut issue in issues {
            if name_source {
                issue.message = format!("{} (validating against {})", issue.message, profile.url);
            }
            walk.sink.issues.push(issue);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::is_hl7_extension;

    #[test]
    fn hl7_extensions_are_those_in_the_core_tools_and_versioned_namespaces() {
        assert!(is_hl7_extension(
            "http://hl7.org/fhir/StructureDefinition/organization-brand"
        ));
        assert!(is_hl7_extension(
            "http://hl7.org/fhir/5.0/StructureDefinition/extension-Patient.x"
        ));
        assert!(!is_hl7_extension(
            "http://hl7.org/fhir/us/core/StructureDefinition/us-core-race"
        ));
        assert!(!is_hl7_extension("http://example.org/ext"));
    }
}
