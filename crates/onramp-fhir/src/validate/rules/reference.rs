//! References: the format of `reference`, the target type against the element's target profiles,
//! `Reference.type` consistency, and resolution of contained (`#id`) and in-Bundle references.
//! Submodules: `bundled` looks a reference up among a Bundle's entries, `conditional` checks the
//! query of a conditional reference, and `targets` holds what the element's `Reference` type says
//! of the target (declared type, target profiles, aggregation).

mod bundled;
mod conditional;
mod targets;

use targets::Found;

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
    let is_conditional = conditional::is_conditional(walk, reference);
    if is_conditional {
        conditional::check(walk, item, reference);
    }
    targets::check_declared_type(walk, element, item);
    let allowed = allowed_types(walk, element);
    let mut target_type: Option<String> = None;
    let mut resolved: Option<(&JsonValue, Found)> = None;
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
            Some(resource) => {
                target_type = resource_type(resource);
                resolved = Some((resource, Found::Contained));
            }
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
            resolved = Some((resource, Found::Bundled));
        }
    } else {
        target_type = type_from_url(walk, reference);
        let in_bundle = walk.bundle.and_then(|bundle| bundle.resolve(reference));
        if target_type.is_none()
            && !is_conditional
            && !reference.contains("://")
            && !reference.starts_with("?")
        {
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
            resolved = Some((resource, Found::Bundled));
        }
    }
    match resolved {
        Some((target, found)) => {
            targets::check_resolved(walk, element, item, reference, target, found);
        }
        None => targets::check_unresolved(walk, element, item, reference),
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

fn resource_type(resource: &JsonValue) -> Option<String> {
    resource
        .get("resourceType")
        .and_then(JsonValue::as_str)
        .map(str::to_string)
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
