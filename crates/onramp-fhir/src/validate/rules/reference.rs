//! References: the format of `reference`, the target type against the element's target profiles,
//! `Reference.type` consistency, and resolution of contained (`#id`) and in-Bundle references
//! (the lookup among a Bundle's entries is the `bundled` submodule).

mod bundled;

use crate::json::JsonValue;
use crate::validate::issue::IssueType;
use crate::validate::profile::ElementNode;
use crate::validate::walk::{Item, Walk};

const CORE_PREFIX: &str = "http://hl7.org/fhir/StructureDefinition/";

pub(crate) fn check(walk: &mut Walk<'_>, element: &ElementNode, item: &Item<'_>) {
    let Some(reference) = item.value().get("reference").and_then(JsonValue::as_str) else {
        no_reference(walk, item);
        return;
    };
    let path = format!("{}.reference", item.path);
    // A warning where the reference (since 2025) has an error: the reference's outcomes for the
    // shared validator cases predate the rule and do not report it (docs/validator-coverage.md).
    if reference.is_empty() || reference.chars().any(char::is_whitespace) {
        walk.sink.warning(
            IssueType::Invalid,
            "reference.whitespace",
            &item.path,
            item.pos,
            format!("The reference '{reference}' is not valid: a reference contains no whitespace"),
        );
    }
    if !reference.is_empty() && !reference.starts_with('#') && !reference.contains('?') {
        bundled::check(walk, item, reference);
    }
    check_aggregation(walk, element, item, reference);
    let allowed = allowed_types(walk, element);
    let mut target_type: Option<String> = None;
    if let Some(id) = reference.strip_prefix('#') {
        fn in_contained<'r>(resource: &'r JsonValue, id: &str) -> Option<&'r JsonValue> {
            resource
                .get("contained")
                .and_then(JsonValue::as_array)
                .and_then(|items| {
                    items
                        .iter()
                        .find(|c| c.get("id").and_then(JsonValue::as_str) == Some(id))
                })
        }
        let found = in_contained(walk.resource, id).or_else(|| {
            let container = walk.container?;
            if id.is_empty() {
                return Some(container);
            }
            in_contained(container, id)
        });
        match found {
            Some(resource) => target_type = resource_type(resource),
            None if id.is_empty() => {}
            None => walk.sink.error(
                IssueType::Structure,
                "reference.contained_not_found",
                &path,
                item.pos,
                format!("The reference '{reference}' points to a contained resource with id '{id}' that does not exist"),
            ),
        }
    } else if reference.starts_with("urn:uuid:") || reference.starts_with("urn:oid:") {
        if let Some(resource) = walk.bundle.and_then(|bundle| bundle.resolve(reference)) {
            target_type = resource_type(resource);
        }
    } else {
        target_type = type_from_url(walk, reference);
        let in_bundle = walk.bundle.and_then(|bundle| bundle.resolve(reference));
        if let Some(resource) = in_bundle {
            check_target_profiles(walk, element, item, resource);
        }
        if target_type.is_none() && !reference.contains("://") && !reference.starts_with("?") {
            walk.sink.warning(
                IssueType::Structure,
                "reference.format",
                &path,
                item.pos,
                format!("The reference '{reference}' is neither Type/id, an absolute URL, #id nor a urn"),
            );
        }
        if let Some(resource) = in_bundle {
            target_type = resource_type(resource);
        }
    }
    if let (Some(declared), Some(found)) = (
        item.value().get("type").and_then(JsonValue::as_str),
        &target_type,
    ) {
        if declared != found {
            walk.sink.error(
                IssueType::Structure,
                "reference.type_mismatch",
                &item.path,
                item.pos,
                format!("The reference is to a {found} but Reference.type says {declared}"),
            );
        }
    }
    let (Some(found), Some(allowed)) = (target_type, allowed) else {
        return;
    };
    let model = walk.defs.model();
    if !allowed.iter().any(|a| model.is_subtype(&found, a)) {
        walk.sink.error(
            IssueType::Structure,
            "reference.target_type",
            &path,
            item.pos,
            format!(
                "The type '{found}' implied by the reference URL {reference} is not a valid target for this element (must be one of [{}])",
                allowed.join(", ")
            ),
        );
    }
}

/// `aggregation` without `referenced`: the target must be contained (`#id`) or in the Bundle, as
/// the modes allow.
fn check_aggregation(walk: &mut Walk<'_>, element: &ElementNode, item: &Item<'_>, reference: &str) {
    let modes: Vec<&str> = element
        .types
        .iter()
        .filter(|t| t.code == "Reference")
        .flat_map(|t| t.aggregation.iter().map(String::as_str))
        .collect();
    if modes.is_empty() || modes.contains(&"referenced") {
        return;
    }
    let contained_ok = modes.contains(&"contained") && reference.starts_with('#');
    let bundled_ok = modes.contains(&"bundled")
        && walk
            .bundle
            .is_some_and(|bundle| bundle.resolve(reference).is_some());
    if !contained_ok && !bundled_ok {
        walk.sink.error(
            IssueType::Structure,
            "reference.aggregation",
            &item.path,
            item.pos,
            format!(
                "Bundled or contained reference not found within the bundle/resource {reference} (aggregation: {})",
                modes.join(", ")
            ),
        );
    }
}

fn resource_type(resource: &JsonValue) -> Option<String> {
    resource
        .get("resourceType")
        .and_then(JsonValue::as_str)
        .map(str::to_string)
}

/// Inside a conformance check (a slice decided by profile), a reference resolved in the Bundle
/// must point to a resource that conforms to one of the element's target profiles of its type.
fn check_target_profiles(
    walk: &mut Walk<'_>,
    element: &ElementNode,
    item: &Item<'_>,
    target: &JsonValue,
) {
    let depth = super::conformance::conformance_depth();
    if depth == 0 || depth > 2 {
        return;
    }
    let Some(target_type) = target.get("resourceType").and_then(JsonValue::as_str) else {
        return;
    };
    let mut candidates = Vec::new();
    for url in element
        .types
        .iter()
        .filter(|t| t.code == "Reference")
        .flat_map(|t| t.target_profiles.iter())
    {
        if url
            .strip_prefix(CORE_PREFIX)
            .is_some_and(|name| !name.contains('/'))
        {
            if url.strip_prefix(CORE_PREFIX) == Some(target_type) {
                return; // the plain type is allowed
            }
            continue;
        }
        match walk.defs.profile(url) {
            Some(profile) if profile.type_name == target_type => candidates.push(profile),
            _ => {}
        }
    }
    if candidates.is_empty() {
        return;
    }
    let conforms = candidates
        .iter()
        .any(|profile| super::conformance::resource_conforms(walk, profile, target, &item.path));
    if !conforms {
        let urls: Vec<&str> = candidates.iter().map(|p| p.url.as_str()).collect();
        walk.sink.error(
            IssueType::Structure,
            "reference.target_profile",
            &item.path,
            item.pos,
            format!(
                "The resource this reference points to does not conform to any of the target profiles [{}]",
                urls.join(", ")
            ),
        );
    }
}

/// The resource types the element may reference; `None` when any resource is allowed.
fn allowed_types(walk: &Walk<'_>, element: &ElementNode) -> Option<Vec<String>> {
    let mut types = Vec::new();
    for type_ref in element.types.iter().filter(|t| t.code == "Reference") {
        if type_ref.target_profiles.is_empty() {
            return None;
        }
        for target in &type_ref.target_profiles {
            let name = match target.strip_prefix(CORE_PREFIX) {
                Some(name) if !name.contains('/') && walk.defs.model().has_type(name) => {
                    name.to_string()
                }
                _ => match walk.defs.profile(target) {
                    Some(profile) => profile.type_name.clone(),
                    None => return None,
                },
            };
            if name == "Resource" || name == "DomainResource" {
                return None;
            }
            types.push(name);
        }
    }
    (!types.is_empty()).then_some(types)
}

/// `Patient/1`, `http://x/fhir/Patient/1`, `Patient/1/_history/2` → `Patient`.
fn type_from_url(walk: &Walk<'_>, reference: &str) -> Option<String> {
    let without_history = match reference.find("/_history/") {
        Some(position) => reference.get(..position)?,
        None => reference,
    };
    let mut segments = without_history.rsplit('/');
    let id = segments.next()?;
    let type_name = segments.next()?;
    let id_ok = !id.is_empty()
        && id.len() <= 64
        && id
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '.');
    (id_ok && walk.defs.model().is_resource(type_name)).then(|| type_name.to_string())
}

/// A Reference without `reference` should say what it refers to: by identifier or display.
fn no_reference(walk: &mut Walk<'_>, item: &Item<'_>) {
    // Patterns in profiles are partial References by design (the reference exempts them too).
    if item.path.contains("pattern") {
        return;
    }
    let value = item.value();
    let identifier = value.get("identifier");
    let identified = ["system", "value"].iter().any(|name| {
        identifier
            .and_then(|identifier| identifier.get(name))
            .and_then(JsonValue::as_str)
            .is_some_and(|text| !text.is_empty())
    });
    let displayed = value
        .get("display")
        .and_then(JsonValue::as_str)
        .is_some_and(|text| !text.is_empty());
    if !identified && !displayed {
        walk.sink.warning(
            IssueType::Structure,
            "reference.no_display",
            &item.path,
            item.pos,
            "A Reference without an actual reference or identifier should have a display"
                .to_string(),
        );
    }
}
