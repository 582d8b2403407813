//! Extension contexts in a profile (`profile#path`): the context holds only in resources that
//! conform to the profile. A profile that cannot be found is an error (the context then does not
//! hold); a profile of another type than the resource cannot be checked (a warning, and the
//! context is judged by its path alone); a profile of the resource's type is checked by
//! validating the resource against it, and any error means the resource does not conform.

use std::cell::Cell;

use crate::json::JsonValue;
use crate::validate::issue::{IssueSink, IssueType};
use crate::validate::walk::{Item, Walk};

thread_local! {
    /// Set while the resource is validated against a context's profile: the extensions met in that
    /// validation take their profile contexts as holding, rather than validating again.
    static CHECKING: Cell<bool> = const { Cell::new(false) };
}

/// Whether the resource the extension is in conforms to `profile`, the profile of the context
/// `expression` of extension `url` (as far as can be told: true when it cannot be checked).
pub(super) fn holds(
    walk: &mut Walk<'_>,
    item: &Item<'_>,
    url: &str,
    expression: &str,
    profile: &str,
) -> bool {
    let resource_type = walk
        .resource
        .get("resourceType")
        .and_then(JsonValue::as_str)
        .unwrap_or_default()
        .to_string();
    if profile == format!("http://hl7.org/fhir/StructureDefinition/{resource_type}") {
        return true;
    }
    let holder = item
        .path
        .rsplit_once('.')
        .map_or(item.path.as_str(), |(holder, _)| holder);
    let Some(definition) = walk.defs.profile(profile) else {
        walk.sink.error(
            IssueType::NotFound,
            "extension.context_profile_unknown",
            holder,
            item.pos,
            format!("The extension {url} has the context {expression}, but its profile {profile} could not be found"),
        );
        return false;
    };
    if definition.type_name != resource_type {
        walk.sink.warning(
            IssueType::NotSupported,
            "extension.context_profile_unchecked",
            holder,
            item.pos,
            format!("The extension {url} has the context {expression}, whose profile {profile} is for {} and cannot be checked against this {resource_type}", definition.type_name),
        );
        return true;
    }
    if CHECKING.with(Cell::get) {
        return true;
    }
    let mut scratch = IssueSink::default();
    CHECKING.with(|checking| checking.set(true));
    {
        let mut nested = Walk {
            defs: walk.defs,
            options: walk.options,
            sink: &mut scratch,
            resource: walk.resource,
            root: walk.root,
            depth: walk.depth,
            bundle: walk.bundle,
            container: walk.container,
            environment: None,
        };
        nested.object(
            &definition,
            0,
            walk.resource,
            &resource_type,
            &resource_type,
        );
    }
    CHECKING.with(|checking| checking.set(false));
    scratch.error_count() == 0
}
