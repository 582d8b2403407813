//! The profiles a nested resource's element names (`Bundle.entry.resource`, `contained`,
//! `Parameters.parameter.resource` typed `Resource` with profiles, or typed as one resource type):
//! the reference validator's `validateContains`. The resource's type must be one the element
//! allows; one named profile is validated against, and with several the resource must match one
//! of them.

use std::sync::Arc;

use crate::json::JsonValue;
use crate::validate::issue::IssueType;
use crate::validate::profile::{ElementNode, Profile};
use crate::validate::rules::canonical::type_profiles::each_into_scratch;
use crate::validate::walk::Walk;

/// Validates `json`, a resource of type `resource_type` held by `element`, as the element's type
/// says (see the module documentation).
pub(super) fn check(
    walk: &mut Walk<'_>,
    element: &ElementNode,
    json: &JsonValue,
    path: &str,
    resource_type: &str,
    container: Option<&JsonValue>,
) {
    // Without a declared type (or before the resource's type is known) there is nothing to match.
    let declared = element.types.iter().find(|t| {
        matches!(t.code.as_str(), "Resource" | "DomainResource") || t.code == resource_type
    });
    let Some(declared) = declared.filter(|_| !resource_type.is_empty()) else {
        if !element.types.is_empty() && !resource_type.is_empty() {
            let allowed: Vec<&str> = element.types.iter().map(|t| t.code.as_str()).collect();
            walk.sink.error(
                IssueType::Invalid,
                "resource.type_not_allowed",
                path,
                json.pos,
                format!(
                    "A {resource_type} is not allowed here: the element allows {}",
                    allowed.join(", ")
                ),
            );
            return;
        }
        super::resource_in(walk, json, path, &[], container);
        return;
    };
    if declared.profiles.is_empty() {
        super::resource_in(walk, json, path, &[], container);
        return;
    }
    let profiles: Vec<(&str, Option<Arc<Profile>>)> = declared
        .profiles
        .iter()
        .map(|url| (url.as_str(), walk.defs.profile(url)))
        .collect();
    let fits = |profile: &Profile| {
        profile.type_name == resource_type
            || walk
                .defs
                .model()
                .is_subtype(resource_type, &profile.type_name)
    };
    if declared.code != resource_type
        && !profiles
            .iter()
            .any(|(_, profile)| profile.as_deref().is_some_and(fits))
    {
        let mut types: Vec<&str> = Vec::new();
        for profile in profiles.iter().filter_map(|(_, p)| p.as_deref()) {
            if !types.contains(&profile.type_name.as_str()) {
                types.push(profile.type_name.as_str());
            }
        }
        // With no profile known there is no type to compare with: each unknown one is reported.
        if !types.is_empty() {
            walk.sink.error(
                IssueType::Invalid,
                "resource.type_not_profiled",
                path,
                json.pos,
                format!(
                    "A {resource_type} is not allowed here: the element's profiles are for {}",
                    types.join(", ")
                ),
            );
            return;
        }
    }
    let mut known = Vec::with_capacity(profiles.len());
    for (url, profile) in profiles {
        match profile {
            Some(profile) => known.push(profile),
            None => walk.sink.error(
                IssueType::Invalid,
                "resource.element_profile_unknown",
                path,
                json.pos,
                format!("The profile {url} that the element names for this resource is not in the loaded packages"),
            ),
        }
    }
    match known.as_slice() {
        [] => {}
        [only] => super::resource_in(walk, json, path, std::slice::from_ref(only), container),
        several => one_of(walk, several, json, path, container),
    }
}

/// A resource whose element names several profiles: validated against each into a scratch sink;
/// one match keeps that profile's findings, none is an error with each profile's reasons, and
/// several are noted.
fn one_of(
    walk: &mut Walk<'_>,
    profiles: &[Arc<Profile>],
    json: &JsonValue,
    path: &str,
    container: Option<&JsonValue>,
) {
    let outcomes = each_into_scratch(walk, profiles, |walk, profile| {
        super::resource_in(walk, json, path, std::slice::from_ref(profile), container);
    });
    let matching: Vec<usize> = outcomes
        .iter()
        .enumerate()
        .filter(|(_, (_, sink))| sink.error_count() == 0)
        .map(|(i, _)| i)
        .collect();
    let urls = |indexes: &mut dyn Iterator<Item = usize>| {
        indexes
            .filter_map(|i| outcomes.get(i).map(|(p, _)| p.url.as_str()))
            .collect::<Vec<_>>()
            .join(", ")
    };
    match matching.as_slice() {
        [] => {
            let all = urls(&mut (0..outcomes.len()));
            walk.sink.error(
                IssueType::Invalid,
                "resource.element_profiles_no_match",
                path,
                json.pos,
                format!("The resource matches none of the profiles the element names: {all}"),
            );
            for (profile, sink) in &outcomes {
                let reasons: Vec<String> = sink
                    .issues
                    .iter()
                    .filter(|issue| issue.severity.is_error())
                    .take(5)
                    .map(|issue| format!("{}: {}", issue.expression, issue.message))
                    .collect();
                walk.sink.info(
                    IssueType::Informational,
                    "resource.element_profile_mismatch",
                    path,
                    json.pos,
                    format!(
                        "Why the resource does not match {}: {}",
                        profile.url,
                        reasons.join("; ")
                    ),
                );
            }
        }
        [only] => {
            if let Some((_, sink)) = outcomes.into_iter().nth(*only) {
                walk.sink.issues.extend(sink.issues);
            }
        }
        several => {
            let list = urls(&mut several.iter().copied());
            walk.sink.info(
                IssueType::Informational,
                "resource.element_profiles_several_match",
                path,
                json.pos,
                format!(
                    "The resource matches more than one of the profiles the element names: {list}"
                ),
            );
            if let Some((_, sink)) = several.first().and_then(|&i| outcomes.into_iter().nth(i)) {
                walk.sink.issues.extend(sink.issues);
            }
        }
    }
}
