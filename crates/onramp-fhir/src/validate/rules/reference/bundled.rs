//! A reference from a Bundle entry, looked up among the entries: a relative reference needs the
//! entry's `fullUrl` as its base; `urn:` references are local to the Bundle; a versioned one needs
//! the target's `meta.versionId`; and a `Type/id` that matches an entry whose `fullUrl` is not the
//! URL the reference means is reported as a likely mistake.

use crate::json::JsonValue;
use crate::validate::issue::IssueType;
use crate::validate::walk::{Item, Walk};

pub(super) fn check(walk: &mut Walk<'_>, item: &Item<'_>, reference: &str) {
    let Some(bundle) = walk.bundle else {
        return;
    };
    let Some((position, entry)) = bundle.entry_of(walk.container.unwrap_or(walk.resource)) else {
        return;
    };
    let path = item.path.as_str();
    let absolute = reference.starts_with("urn:") || reference.contains("://");
    let (target, version, type_id) = if absolute {
        match reference.split_once("/_history/") {
            Some((url, version)) => (url.to_string(), Some(version), None),
            None => (reference.to_string(), None, None),
        }
    } else {
        let Some(full_url) = entry.get("fullUrl").and_then(JsonValue::as_str) else {
            if !matches!(
                bundle.bundle_type,
                "batch-response" | "transaction-response"
            ) {
                if bundle.first_report(position) {
                    let entry_path = path
                        .find(".resource")
                        .and_then(|end| path.get(..end))
                        .unwrap_or(path);
                    walk.sink.error(
                        IssueType::Invalid,
                        "bundle.entry_no_full_url",
                        entry_path,
                        entry.pos,
                        "Bundle entry missing fullUrl: a resource in it makes a relative reference, which resolves against the fullUrl".to_string(),
                    );
                }
                walk.sink.error(
                    IssueType::Required,
                    "bundle.relative_reference_no_base",
                    path,
                    item.pos,
                    format!("The relative reference '{reference}' is in a Bundle entry that has no fullUrl, so it cannot be resolved"),
                );
            }
            return;
        };
        let slashes = reference.matches('/').count();
        if slashes != 1 && slashes != 3 {
            return;
        }
        let base = match full_url.strip_prefix("urn:") {
            Some(_) => full_url
                .rsplit_once(':')
                .map_or(String::new(), |(base, _)| format!("{base}:")),
            None => {
                let parts: Vec<&str> = full_url.split('/').collect();
                let keep = parts.len().saturating_sub(2);
                parts.iter().take(keep).map(|p| format!("{p}/")).collect()
            }
        };
        let mut parts = reference.split('/');
        let type_name = parts.next().unwrap_or_default();
        let id = parts.next().unwrap_or_default();
        match reference.split_once("/_history/") {
            Some((_, version)) => (
                format!("{base}{type_name}/{id}"),
                Some(version),
                Some((type_name, id)),
            ),
            None if base.starts_with("urn") => (format!("{base}{id}"), None, Some((type_name, id))),
            None => (format!("{base}{reference}"), None, Some((type_name, id))),
        }
    };
    let mut matches = 0;
    for (_, _, resource) in bundle.with_full_url(&target) {
        match version {
            None => matches += 1,
            Some(version) => {
                let version_id = resource
                    .get("meta")
                    .and_then(|meta| meta.get("versionId"))
                    .and_then(JsonValue::as_str);
                match version_id {
                    Some(found) if found == version => matches += 1,
                    Some(_) => {}
                    None => walk.sink.warning(
                        IssueType::Required,
                        "bundle.reference_needs_version",
                        path,
                        item.pos,
                        format!("The reference '{reference}' asks for version {version} of the entry {target}, which has no meta.versionId to match"),
                    ),
                }
            }
        }
    }
    if matches > 1 {
        walk.sink.error(
            IssueType::Invalid,
            "bundle.reference_matches_several",
            path,
            item.pos,
            format!("The reference '{reference}' matches {matches} entries of the Bundle ({target}); it must identify one"),
        );
    }
    if matches > 0 {
        return;
    }
    if reference.starts_with("urn") {
        walk.sink.warning(
            IssueType::Required,
            "bundle.urn_not_local",
            path,
            item.pos,
            format!("The URN reference '{reference}' is not an entry of the Bundle: a urn: reference is only meaningful inside it"),
        );
    }
    let Some((type_name, id)) = type_id else {
        return;
    };
    if !walk.defs.model().is_resource(type_name) || !super::super::bundle::is_rest_id(id) {
        return;
    }
    let possible: Vec<(usize, Option<&str>)> = bundle
        .entries()
        .iter()
        .filter(|(_, _, resource)| {
            resource.get("resourceType").and_then(JsonValue::as_str) == Some(type_name)
                && resource.get("id").and_then(JsonValue::as_str) == Some(id)
        })
        .map(|(position, entry, _)| (*position, entry.get("fullUrl").and_then(JsonValue::as_str)))
        .collect();
    if possible.len() > 1 {
        walk.sink.warning(
            IssueType::Required,
            "bundle.reference_possible_matches",
            path,
            item.pos,
            format!("The reference '{reference}' does not resolve to {target}, and {} entries have that type and id", possible.len()),
        );
    }
    for (position, full_url) in possible {
        match full_url {
            None => walk.sink.warning(
                IssueType::Required,
                "bundle.reference_match_no_full_url",
                path,
                item.pos,
                format!("Entry {position} matches the reference '{reference}' by type and id but has no fullUrl, so it is not the target {target}"),
            ),
            Some(full_url) => walk.sink.warning(
                IssueType::Required,
                "bundle.reference_match_wrong_full_url",
                path,
                item.pos,
                format!("Entry {position} matches the reference '{reference}' by type and id but its fullUrl {full_url} does not match the full target URL {target}"),
            ),
        }
    }
}
