//! Bundle rules: an index of entries by `fullUrl` for reference resolution, `fullUrl` format and
//! uniqueness, and consistency of `fullUrl` with the resource id. The rules of transaction, document
//! and message Bundles are the `bdl-*` invariants, evaluated by the invariant rule.

use crate::json::JsonValue;
use crate::validate::issue::IssueType;
use crate::validate::walk::Walk;

/// The entries of a Bundle by `fullUrl`.
pub(crate) struct BundleIndex<'a> {
    entries: Vec<(Option<&'a str>, &'a JsonValue)>,
}

impl<'a> BundleIndex<'a> {
    pub fn new(bundle: &'a JsonValue) -> BundleIndex<'a> {
        let entries = bundle
            .get("entry")
            .and_then(JsonValue::as_array)
            .map(|entries| {
                entries
                    .iter()
                    .filter_map(|entry| {
                        let resource = entry.get("resource")?;
                        Some((entry.get("fullUrl").and_then(JsonValue::as_str), resource))
                    })
                    .collect()
            })
            .unwrap_or_default();
        BundleIndex { entries }
    }

    /// The resource a reference points to: by exact `fullUrl`, or `Type/id` against the end of
    /// a `fullUrl` or the resource's own type and id.
    pub fn resolve(&self, reference: &str) -> Option<&'a JsonValue> {
        if let Some((_, resource)) = self.entries.iter().find(|(url, _)| *url == Some(reference)) {
            return Some(resource);
        }
        if reference.contains("://") || reference.starts_with("urn:") {
            return None;
        }
        let suffix = format!("/{reference}");
        self.entries
            .iter()
            .find(|(url, resource)| {
                url.is_some_and(|url| url.ends_with(&suffix))
                    || resource_key(resource).is_some_and(|key| key == reference)
            })
            .map(|(_, resource)| *resource)
    }
}

fn resource_key(resource: &JsonValue) -> Option<String> {
    let resource_type = resource.get("resourceType")?.as_str()?;
    let id = resource.get("id")?.as_str()?;
    Some(format!("{resource_type}/{id}"))
}

pub(crate) fn check(walk: &mut Walk<'_>, _index: &BundleIndex<'_>, json: &JsonValue, path: &str) {
    let links = json.get("link").map(JsonValue::items).unwrap_or_default();
    for (position, link) in links.iter().enumerate() {
        let Some(relation) = link.get("relation").and_then(JsonValue::as_str) else {
            continue;
        };
        let earlier = links
            .iter()
            .take(position)
            .any(|l| l.get("relation").and_then(JsonValue::as_str) == Some(relation));
        if earlier {
            walk.sink.error(
                IssueType::Invalid,
                "bundle.link_relation_repeated",
                &format!("{path}.link[{position}]"),
                link.pos,
                format!("The link relationship type '{relation}' can only occur once"),
            );
        }
    }
    for (position, entry) in json
        .get("entry")
        .map(JsonValue::items)
        .unwrap_or_default()
        .iter()
        .enumerate()
    {
        let entry_path = format!("{path}.entry[{position}]");
        let Some(full_url_json) = entry.get("fullUrl") else {
            continue;
        };
        let Some(full_url) = full_url_json.as_str() else {
            continue;
        };
        let absolute = full_url.contains("://")
            || full_url.starts_with("urn:uuid:")
            || full_url.starts_with("urn:oid:");
        if !absolute {
            walk.sink.warning(
                IssueType::Invalid,
                "bundle.full_url_relative",
                &format!("{entry_path}.fullUrl"),
                full_url_json.pos,
                format!(
                    "The fullUrl '{full_url}' must be an absolute URL or a urn:uuid: / urn:oid:"
                ),
            );
            continue;
        }
        let Some(resource) = entry.get("resource") else {
            continue;
        };
        let resource_type = resource.get("resourceType").and_then(JsonValue::as_str);
        let id = resource.get("id").and_then(JsonValue::as_str);
        if let (Some(resource_type), Some(id)) = (resource_type, id) {
            if full_url.contains("://") && !full_url.contains("/_history/") {
                let expected = format!("/{resource_type}/{id}");
                if !full_url.ends_with(&expected) {
                    walk.sink.warning(
                        IssueType::Invalid,
                        "bundle.full_url_mismatch",
                        &format!("{entry_path}.fullUrl"),
                        full_url_json.pos,
                        format!("The fullUrl '{full_url}' does not match the resource {resource_type}/{id}: it should end with {expected}"),
                    );
                }
            }
        }
    }
}
