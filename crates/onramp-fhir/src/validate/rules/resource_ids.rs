//! Rules of a resource as a whole that the reference validator has in code: the ids of its
//! contained resources are unique, and its security labels (`meta.security`, a set of
//! system|code) are not repeated.

use crate::json::JsonValue;
use crate::validate::issue::IssueType;
use crate::validate::walk::Walk;

pub(crate) fn check(walk: &mut Walk<'_>, json: &JsonValue, path: &str) {
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
