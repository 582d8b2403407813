//! Rules of a resource as a whole that the reference validator has in code: the resource's own
//! id (required on a contained resource, at most 64 characters of `[A-Za-z0-9\-.]`), the ids of
//! its contained resources are unique, its security labels (`meta.security`, a set of
//! system|code) are not repeated, element ids are unique within it, and a resource with a
//! `language` says so on its narrative too.

mod element_ids;
mod language;

use crate::json::{JsonKind, JsonValue};
use crate::validate::issue::IssueType;
use crate::validate::walk::Walk;

pub(crate) fn check(walk: &mut Walk<'_>, json: &JsonValue, path: &str) {
    own_id(walk, json, path);
    contained_ids(walk, json, path);
    security_labels(walk, json, path);
    element_ids::check(walk, json, path);
    language::check(walk, json, path);
}

/// The resource's own id: a contained resource must have one (the containing resource refers to
/// it by it); any id is 1 to 64 characters of letters, digits, `-` and `.`.
fn own_id(walk: &mut Walk<'_>, json: &JsonValue, path: &str) {
    let Some(id) = json.get("id") else {
        let contained = path
            .rsplit('.')
            .next()
            .is_some_and(|last| last.starts_with("contained["));
        if contained {
            walk.sink.error(
                IssueType::Invalid,
                "resource.id_missing",
                path,
                json.pos,
                "A contained resource must have an id, but this one has none".to_string(),
            );
        }
        return;
    };
    let JsonKind::String(text) = &id.kind else {
        return;
    };
    let id_path = format!("{path}.id");
    let length = text.chars().count();
    if length > 64 {
        walk.sink.error(
            IssueType::Invalid,
            "resource.id_too_long",
            &id_path,
            id.pos,
            format!(
                "Invalid resource id: it is {length} characters long, but at most 64 are allowed"
            ),
        );
    } else if !valid_id(text) {
        walk.sink.error(
            IssueType::Invalid,
            "resource.id_invalid",
            &id_path,
            id.pos,
            format!("Invalid resource id '{text}': an id is 1 to 64 letters, digits, '-' and '.'"),
        );
    }
}

/// `[A-Za-z0-9\-\.]{1,64}`.
fn valid_id(text: &str) -> bool {
    !text.is_empty()
        && text.len() <= 64
        && text
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'.')
}

fn contained_ids(walk: &mut Walk<'_>, json: &JsonValue, path: &str) {
    let contained = json
        .get("contained")
        .map(JsonValue::items)
        .unwrap_or_default();
    for (position, resource) in contained.iter().enumerate() {
        let Some(id) = resource.get("id").and_then(JsonValue::as_str) else {
            continue;
        };
        let earlier = contained
            .iter()
            .take(position)
            .any(|other| other.get("id").and_then(JsonValue::as_str) == Some(id));
        if earlier {
            walk.sink.error(
                IssueType::Invalid,
                "resource.duplicate_contained_id",
                &format!("{path}.contained[{position}]"),
                resource.pos,
                format!("Contained resources must have unique ids: '{id}' is used more than once"),
            );
        }
    }
}

fn security_labels(walk: &mut Walk<'_>, json: &JsonValue, path: &str) {
    let security = json
        .get("meta")
        .and_then(|meta| meta.get("security"))
        .map(JsonValue::items)
        .unwrap_or_default();
    let label = |coding: &JsonValue| {
        let text = |name: &str| {
            coding
                .get(name)
                .and_then(JsonValue::as_str)
                .unwrap_or("null")
        };
        format!("{}#{}", text("system"), text("code"))
    };
    for (position, coding) in security.iter().enumerate() {
        let this = label(coding);
        if security
            .iter()
            .take(position)
            .any(|other| label(other) == this)
        {
            walk.sink.error(
                IssueType::BusinessRule,
                "resource.duplicate_security_label",
                &format!("{path}.meta.security[{position}]"),
                coding.pos,
                format!("Duplicate security label {this}: security labels are a set"),
            );
        }
    }
}
