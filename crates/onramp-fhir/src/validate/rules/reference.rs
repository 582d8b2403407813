//! References: the format of `reference`, the target type against the element's target profiles,
//! `Reference.type` consistency, and resolution of contained (`#id`) and in-Bundle references.

use serde_json::Value;

use crate::validate::issue::IssueType;
use crate::validate::profile::ElementNode;
use crate::validate::walk::{Item, Walk};

const CORE_PREFIX: &str = "http://hl7.org/fhir/StructureDefinition/";

pub(crate) fn check(walk: &mut Walk<'_>, element: &ElementNode, item: &Item<'_>) {
    let Some(reference) = item.serde.get("reference").and_then(Value::as_str) else {
        return;
    };
    let path = format!("{}.reference", item.path);
    let allowed = allowed_types(walk, element);
    let mut target_type: Option<String> = None;
    if let Some(id) = reference.strip_prefix('#') {
        let in_contained = |resource: &Value| {
            resource
                .get("contained")
                .and_then(Value::as_array)
                .and_then(|items| {
                    items
                        .iter()
                        .find(|c| c.get("id").and_then(Value::as_str) == Some(id))
                })
                .cloned()
        };
        let found = in_contained(walk.resource).or_else(|| {
            let container = walk.container?;
            if id.is_empty() {
                return Some(container.clone());
            }
            in_contained(container)
        });
        match found {
            Some(resource) => {
                target_type = resource.get("resourceType").and_then(Value::as_str).map(str::to_string);
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
        if let Some(bundle) = walk.bundle {
            if let Some(resource) = bundle.resolve(reference) {
                target_type = resource
                    .get("resourceType")
                    .and_then(Value::as_str)
                    .map(str::to_string);
            }
        }
    } else {
        target_type = type_from_url(walk, reference);
        if target_type.is_none() && !reference.contains("://") && !reference.starts_with("?") {
            walk.sink.warning(
                IssueType::Structure,
                "reference.format",
                &path,
                item.pos,
                format!("The reference '{reference}' is neither Type/id, an absolute URL, #id nor a urn"),
            );
        }
        if let Some(bundle) = walk.bundle {
            if let Some(resource) = bundle.resolve(reference) {
                target_type = resource
                    .get("resourceType")
                    .and_then(Value::as_str)
                    .map(str::to_string);
            }
        }
    }
    if let (Some(declared), Some(found)) =
        (item.serde.get("type").and_then(Value::as_str), &target_type)
    {
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
