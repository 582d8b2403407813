//! What a reference may point to, by the element's `Reference` type: the type `Reference.type`
//! declares must be one of the target profiles' types; a target found in the instance (contained,
//! or an entry of the Bundle) must conform to one of the target profiles of its type, and be
//! contained or bundled as the element's `aggregation` allows; a target not found there is
//! reported when the aggregation does not allow `referenced`.

use std::sync::Arc;

use crate::json::JsonValue;
use crate::validate::issue::IssueType;
use crate::validate::profile::{ElementNode, Profile, TypeRef};
use crate::validate::walk::{Item, Walk};

use super::CORE_PREFIX;

/// `http://hl7.org/fhir/StructureDefinition/Resource`: a target profile that allows any resource.
const ANY_RESOURCE: &str = "http://hl7.org/fhir/StructureDefinition/Resource";

/// Where a resolved target was found.
#[derive(Clone, Copy, PartialEq)]
pub(super) enum Found {
    /// A contained resource (`#id`), or the container (`#`).
    Contained,
    /// An entry of the enclosing Bundle.
    Bundled,
}

/// The element's `Reference` type, if it has one.
fn reference_type(element: &ElementNode) -> Option<&TypeRef> {
    element.types.iter().find(|t| t.code == "Reference")
}

/// `Reference.type` against the element's target profiles: a declared type that none of them has
/// is the wrong target (each target profile that cannot be found is reported on the way).
pub(super) fn check_declared_type(walk: &mut Walk<'_>, element: &ElementNode, item: &Item<'_>) {
    let Some(declared) = item.value().get("type").and_then(JsonValue::as_str) else {
        return;
    };
    let Some(type_ref) = reference_type(element) else {
        return;
    };
    let declared_url = if declared.contains(':') {
        declared.to_string()
    } else {
        format!("{CORE_PREFIX}{declared}")
    };
    let targets = &type_ref.target_profiles;
    if targets.is_empty()
        || targets
            .iter()
            .any(|t| *t == declared_url || t == ANY_RESOURCE)
    {
        return;
    }
    let mut matching = false;
    for target in targets {
        match resolve_profile(walk, target) {
            Some(profile) => {
                if format!("{CORE_PREFIX}{}", profile.type_name) == declared_url {
                    matching = true;
                    break;
                }
            }
            None => cannot_resolve_profile(walk, item, target),
        }
    }
    if !matching {
        walk.sink.error(
            IssueType::Structure,
            "reference.declared_type_not_allowed",
            &item.path,
            item.pos,
            format!(
                "The type '{declared}' is not a valid Target for this element (must be one of [{}])",
                targets.join(", ")
            ),
        );
    }
}

/// A target profile by its canonical URL; `None` when it is not loaded (or is one contained in
/// the profile, `#id`, which Onramp does not look into: reported as found).
fn resolve_profile(walk: &Walk<'_>, url: &str) -> Option<Arc<Profile>> {
    walk.defs.profile(url)
}

fn cannot_resolve_profile(walk: &mut Walk<'_>, item: &Item<'_>, url: &str) {
    if url.starts_with('#') {
        return;
    }
    walk.sink.error(
        IssueType::NotFound,
        "reference.target_profile_unknown",
        &item.path,
        item.pos,
        format!("Unable to resolve the profile with the reference '{url}'"),
    );
}

/// A target found in the instance: against the target profiles of its type, and against the
/// element's aggregation modes.
pub(super) fn check_resolved(
    walk: &mut Walk<'_>,
    element: &ElementNode,
    item: &Item<'_>,
    reference: &str,
    target: &JsonValue,
    found: Found,
) {
    let Some(type_ref) = reference_type(element) else {
        return;
    };
    if !type_ref.target_profiles.is_empty()
        && !type_ref.target_profiles.iter().any(|t| t == ANY_RESOURCE)
    {
        check_target_profiles(walk, type_ref, item, reference, target);
    }
    if type_ref.aggregation.is_empty() {
        return;
    }
    let allowed = type_ref.aggregation.iter().any(|mode| {
        matches!(
            (mode.as_str(), found),
            ("contained", Found::Contained)
                | ("bundled", Found::Bundled)
                | ("referenced", Found::Bundled)
        )
    });
    if !allowed {
        let kind = match found {
            Found::Contained => "contained",
            Found::Bundled => "bundled",
        };
        walk.sink.error(
            IssueType::Structure,
            "reference.aggregation",
            &item.path,
            item.pos,
            format!(
                "The reference is {kind}, which the aggregation modes of this element do not allow ({})",
                type_ref.aggregation.join(", ")
            ),
        );
    }
}

/// A target not found in the instance: only allowed where the aggregation allows `referenced`
/// (the same id as a resolved target the modes do not allow: both break the aggregation).
pub(super) fn check_unresolved(
    walk: &mut Walk<'_>,
    element: &ElementNode,
    item: &Item<'_>,
    reference: &str,
) {
    let Some(type_ref) = reference_type(element) else {
        return;
    };
    if type_ref.aggregation.is_empty() || type_ref.aggregation.iter().any(|m| m == "referenced") {
        return;
    }
    walk.sink.error(
        IssueType::Required,
        "reference.aggregation",
        &item.path,
        item.pos,
        format!(
            "Bundled or contained reference not found within the bundle/resource {reference} (aggregation: {})",
            type_ref.aggregation.join(", ")
        ),
    );
}

/// The target against the target profiles for its type: none conforming is an error (unless all
/// are the core definitions), several conforming a warning; each one it does not conform to is
/// a hint beside them.
fn check_target_profiles(
    walk: &mut Walk<'_>,
    type_ref: &TypeRef,
    item: &Item<'_>,
    reference: &str,
    target: &JsonValue,
) {
    // Validating a target validates its references' targets in turn: a bound on the depth keeps
    // cycles of references finite.
    if super::super::conformance::conformance_depth() > 2 {
        return;
    }
    let Some(target_type) = target.get("resourceType").and_then(JsonValue::as_str) else {
        return;
    };
    let mut candidates = Vec::new();
    for url in &type_ref.target_profiles {
        match resolve_profile(walk, url) {
            Some(profile) if profile.type_name == target_type => candidates.push(profile),
            Some(_) => {}
            None => cannot_resolve_profile(walk, item, url),
        }
    }
    // Against the core definitions alone, the target's own validation says everything.
    let all_core = candidates.iter().all(|p| p.url.starts_with(CORE_PREFIX));
    if candidates.is_empty() || all_core {
        return;
    }
    let mut good = Vec::new();
    let mut bad = Vec::new();
    for profile in candidates {
        if super::super::conformance::resource_conforms(walk, &profile, target, &item.path) {
            good.push(profile);
        } else {
            bad.push(profile);
        }
    }
    let listed = |profiles: &[Arc<Profile>]| {
        profiles
            .iter()
            .map(|p| p.url.as_str())
            .collect::<Vec<_>>()
            .join(", ")
    };
    match good.len() {
        1 => return,
        0 => walk.sink.error(
            IssueType::Structure,
            "reference.target_profile",
            &item.path,
            item.pos,
            format!(
                "Unable to find a profile match for {reference} among choices: {}",
                type_ref.target_profiles.join(", ")
            ),
        ),
        _ => walk.sink.warning(
            IssueType::Structure,
            "reference.target_profiles_several",
            &item.path,
            item.pos,
            format!(
                "Found multiple matching profiles for {reference} among choices: {}",
                listed(&good)
            ),
        ),
    }
    for profile in &bad {
        walk.sink.info(
            IssueType::Structure,
            "reference.target_profile_details",
            &item.path,
            item.pos,
            format!(
                "Details for {reference} matching against profile {}: it does not conform",
                profile.url
            ),
        );
    }
}
