//! Bundle rules: an index of entries by `fullUrl` for reference resolution, `fullUrl` format and
//! consistency with the resource id, links, and (in submodules) the first resource of documents
//! and messages and the reachability of their entries.

mod document;
mod interlinked;
mod resolve;

use std::cell::RefCell;
use std::collections::{HashMap, HashSet};

use crate::json::JsonValue;
use crate::validate::issue::IssueType;
use crate::validate::walk::Walk;

/// The entries of a Bundle by `fullUrl`.
pub(crate) struct BundleIndex<'a> {
    /// `Bundle.type`.
    pub bundle_type: &'a str,
    entries: Vec<(Option<&'a str>, &'a JsonValue)>,
    /// Each entry with a resource: its position, the entry and the resource.
    all: Vec<(usize, &'a JsonValue, &'a JsonValue)>,
    /// Positions in `all` by `fullUrl`, and by the address of the resource.
    by_full_url: HashMap<&'a str, Vec<usize>>,
    by_resource: HashMap<*const JsonValue, usize>,
    /// The entries already reported as missing the fullUrl a relative reference needs.
    reported: RefCell<HashSet<usize>>,
}

impl<'a> BundleIndex<'a> {
    pub fn new(bundle: &'a JsonValue) -> BundleIndex<'a> {
        let all: Vec<(usize, &JsonValue, &JsonValue)> = bundle
            .get("entry")
            .map(JsonValue::items)
            .unwrap_or_default()
            .iter()
            .enumerate()
            .filter_map(|(position, entry)| Some((position, entry, entry.get("resource")?)))
            .collect();
        let entries = all
            .iter()
            .map(|(_, entry, resource)| {
                (entry.get("fullUrl").and_then(JsonValue::as_str), *resource)
            })
            .collect();
        let mut by_full_url: HashMap<&str, Vec<usize>> = HashMap::new();
        let mut by_resource = HashMap::new();
        for (at, (_, entry, resource)) in all.iter().enumerate() {
            if let Some(full_url) = entry.get("fullUrl").and_then(JsonValue::as_str) {
                by_full_url.entry(full_url).or_default().push(at);
            }
            by_resource.insert(*resource as *const JsonValue, at);
        }
        BundleIndex {
            bundle_type: bundle
                .get("type")
                .and_then(JsonValue::as_str)
                .unwrap_or_default(),
            entries,
            all,
            by_full_url,
            by_resource,
            reported: RefCell::new(HashSet::new()),
        }
    }

    /// The entries with a resource: position, entry, resource.
    pub fn entries(&self) -> &[(usize, &'a JsonValue, &'a JsonValue)] {
        &self.all
    }

    /// The entry whose resource is `resource` (the same JSON value): position and entry.
    pub fn entry_of(&self, resource: &JsonValue) -> Option<(usize, &'a JsonValue)> {
        let at = self.by_resource.get(&(resource as *const JsonValue))?;
        self.all
            .get(*at)
            .map(|(position, entry, _)| (*position, *entry))
    }

    /// The entries (with a resource) whose `fullUrl` is `url`: position, entry, resource.
    pub fn with_full_url(
        &self,
        url: &str,
    ) -> impl Iterator<Item = &(usize, &'a JsonValue, &'a JsonValue)> + '_ {
        self.by_full_url
            .get(url)
            .map(Vec::as_slice)
            .unwrap_or_default()
            .iter()
            .filter_map(|at| self.all.get(*at))
    }

    /// True the first time it is asked for `position`.
    pub fn first_report(&self, position: usize) -> bool {
        self.reported.borrow_mut().insert(position)
    }

    /// The resources of the entries.
    pub fn resources(&self) -> impl Iterator<Item = &'a JsonValue> + '_ {
        self.entries.iter().map(|(_, resource)| *resource)
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
    let bundle_type = json
        .get("type")
        .and_then(JsonValue::as_str)
        .unwrap_or_default();
    let entries = json.get("entry").map(JsonValue::items).unwrap_or_default();
    check_links(walk, json, path, bundle_type);
    if matches!(bundle_type, "document" | "message") {
        match entries.first() {
            None => walk.sink.error(
                IssueType::Invalid,
                "bundle.first_entry_missing",
                path,
                json.pos,
                format!("A {bundle_type} Bundle must have at least one entry"),
            ),
            Some(first) if first.get("resource").is_none() => walk.sink.error(
                IssueType::Invalid,
                "bundle.first_entry_no_resource",
                &format!("{path}.entry[0]"),
                first.pos,
                format!("The first entry of a {bundle_type} Bundle must have a resource"),
            ),
            Some(_) => document::check(walk, json, path, bundle_type == "message"),
        }
    }
    if bundle_type == "searchset" {
        super::bundle_search::check(walk, json, path, entries);
    }
    // Transactions and batches (and their responses) may leave fullUrl out; every other Bundle
    // identifies each entry by it (the reference's BUNDLE_BUNDLE_ENTRY_FULLURL_REQUIRED). R4 also
    // lets "results from operations" go unidentified (Bundle.entry.fullUrl's definition): a
    // search's `outcome` entry is one, so it is exempt here, where the reference is not.
    let full_url_optional = matches!(
        bundle_type,
        "transaction" | "transaction-response" | "batch" | "batch-response"
    );
    for (position, entry) in entries.iter().enumerate() {
        let entry_path = format!("{path}.entry[{position}]");
        let Some(full_url_json) = entry.get("fullUrl") else {
            let search_outcome = entry
                .get("search")
                .and_then(|search| search.get("mode"))
                .and_then(JsonValue::as_str)
                == Some("outcome");
            if !full_url_optional && !search_outcome {
                walk.sink.error(
                    IssueType::Invalid,
                    "bundle.full_url_required",
                    &entry_path,
                    entry.pos,
                    "The fullUrl element must be present in the entries of this type of Bundle"
                        .to_string(),
                );
            }
            continue;
        };
        let Some(full_url) = full_url_json.as_str() else {
            continue;
        };
        check_full_url(walk, entry, full_url_json, full_url, &entry_path);
        check_canonical_url(walk, entry, full_url, &entry_path);
    }
}

/// One entry's `fullUrl`: absolute, and consistent with the resource's type and id.
fn check_full_url(
    walk: &mut Walk<'_>,
    entry: &JsonValue,
    full_url_json: &JsonValue,
    full_url: &str,
    entry_path: &str,
) {
    let absolute = full_url.contains("://")
        || full_url.starts_with("urn:uuid:")
        || full_url.starts_with("urn:oid:");
    if !absolute {
        walk.sink.warning(
            IssueType::Invalid,
            "bundle.full_url_relative",
            &format!("{entry_path}.fullUrl"),
            full_url_json.pos,
            format!("The fullUrl '{full_url}' must be an absolute URL or a urn:uuid: / urn:oid:"),
        );
        return;
    }
    let Some(resource) = entry.get("resource") else {
        return;
    };
    let resource_type = resource.get("resourceType").and_then(JsonValue::as_str);
    let id = resource.get("id").and_then(JsonValue::as_str);
    match (resource_type, id) {
        (Some(resource_type), Some(id))
            if full_url.contains("://") && !full_url.contains("/_history/") =>
        {
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
        (Some(_), None) if restful_url(walk, full_url) => {
            walk.sink.error(
                IssueType::Invalid,
                "bundle.full_url_without_id",
                entry_path,
                entry.pos,
                format!("The fullUrl '{full_url}' looks like a RESTful server URL, so the resource must have an id"),
            );
        }
        _ => {}
    }
}

/// `http(s)://…/Type/id` or `…/Type/id/_history/version`, where Type is a resource type and
/// the id and version are 1 to 64 of `[A-Za-z0-9-.]` (the reference's RESTful URL pattern).
fn restful_url(walk: &Walk<'_>, url: &str) -> bool {
    let Some(rest) = url
        .strip_prefix("http://")
        .or_else(|| url.strip_prefix("https://"))
    else {
        return false;
    };
    let segments: Vec<&str> = rest.split('/').collect();
    let (type_name, id) = match segments.as_slice() {
        [.., type_name, id, "_history", version] if is_rest_id(version) => (*type_name, *id),
        [.., type_name, id] => (*type_name, *id),
        _ => return false,
    };
    is_rest_id(id) && walk.defs.model().is_resource(type_name)
}

pub(crate) fn is_rest_id(text: &str) -> bool {
    (1..=64).contains(&text.len())
        && text
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '.')
}

/// `Bundle.link`: search relations only in search results and histories, and the relations that
/// must be unique (`self`; and in searchsets and histories the paging relations) only once.
fn check_links(walk: &mut Walk<'_>, json: &JsonValue, path: &str, bundle_type: &str) {
    const PAGING: [&str; 4] = ["first", "previous", "next", "last"];
    let search_like = matches!(bundle_type, "searchset" | "history");
    let known_other = matches!(
        bundle_type,
        "document"
            | "message"
            | "collection"
            | "subscription-notification"
            | "transaction"
            | "transaction-response"
            | "batch"
            | "batch-response"
    );
    let links = json.get("link").map(JsonValue::items).unwrap_or_default();
    for (position, link) in links.iter().enumerate() {
        let Some(relation_json) = link.get("relation") else {
            continue;
        };
        let Some(relation) = relation_json.as_str() else {
            continue;
        };
        let link_path = format!("{path}.link[{position}]");
        if known_other && PAGING.contains(&relation) {
            walk.sink.error(
                IssueType::Invalid,
                "bundle.link_search_prohibited",
                &format!("{link_path}.relation"),
                relation_json.pos,
                format!("The link relationship type '{relation}' is only allowed in search results (this Bundle is a {bundle_type})"),
            );
        }
        if bundle_type == "document" && relation == "stylesheet" {
            stylesheet(walk, json, link, &link_path);
        }
        let unique = relation == "self" || (search_like && PAGING.contains(&relation));
        if !unique || !(search_like || known_other) {
            continue;
        }
        let earlier = links
            .iter()
            .take(position)
            .any(|l| l.get("relation").and_then(JsonValue::as_str) == Some(relation));
        if earlier {
            let at = if search_like {
                link_path
            } else {
                format!("{link_path}.relation")
            };
            walk.sink.error(
                IssueType::Invalid,
                "bundle.link_relation_repeated",
                &at,
                link.pos,
                format!("The link relationship type '{relation}' can only occur once"),
            );
        }
    }
}

/// A document's stylesheet link: FHIR's own stylesheet, or a warned-about external one (more so
/// over http), or a relative `Type/id` of an entry (a Binary) in the document.
fn stylesheet(walk: &mut Walk<'_>, bundle: &JsonValue, link: &JsonValue, link_path: &str) {
    let Some(url_json) = link.get("url") else {
        return;
    };
    let Some(url) = url_json.as_str() else {
        return;
    };
    let at = format!("{link_path}.url");
    if resolve::is_absolute(url) {
        if url == "https://hl7.org/fhir/fhir.css" {
            return;
        }
        walk.sink.warning(
            IssueType::BusinessRule,
            "bundle.stylesheet_external",
            &at,
            url_json.pos,
            format!("The stylesheet '{url}' is outside the document: a reader may not be able to fetch it"),
        );
        if url.starts_with("http://") {
            walk.sink.warning(
                IssueType::BusinessRule,
                "bundle.stylesheet_insecure",
                &at,
                url_json.pos,
                format!("The stylesheet '{url}' is fetched over http, not https"),
            );
        }
        let linkable = ["http:", "https:", "ftp:"]
            .iter()
            .any(|scheme| url.starts_with(scheme));
        if !linkable {
            walk.sink.warning(
                IssueType::BusinessRule,
                "bundle.stylesheet_not_linkable",
                &at,
                url_json.pos,
                format!(
                    "The stylesheet '{url}' is not a URL a reader can fetch (http, https or ftp)"
                ),
            );
        }
        return;
    }
    let found = bundle
        .get("entry")
        .map(JsonValue::items)
        .unwrap_or_default()
        .iter()
        .filter_map(|entry| entry.get("resource"))
        .any(|resource| resource_key(resource).as_deref() == Some(url));
    if !found {
        walk.sink.error(
            IssueType::NotFound,
            "bundle.stylesheet_not_found",
            &at,
            url_json.pos,
            format!("The stylesheet '{url}' is not an entry of the document"),
        );
    }
}

/// A canonical resource whose `url` is its `fullUrl` is on a RESTful server: the URL must be the
/// resource's `…/Type/id` (the reference's BUNDLE_BUNDLE_ENTRY_MISMATCHIDURL; the old v2 and v3
/// URLs of FHIR's own code systems are exempt).
fn check_canonical_url(walk: &mut Walk<'_>, entry: &JsonValue, full_url: &str, entry_path: &str) {
    let Some(resource) = entry.get("resource") else {
        return;
    };
    let Some(url) = resource.get("url").and_then(JsonValue::as_str) else {
        return;
    };
    if url != full_url
        || url.starts_with("http://hl7.org/fhir/v3/")
        || url.starts_with("http://hl7.org/fhir/v2/")
    {
        return;
    }
    let id = resource.get("id").and_then(JsonValue::as_str);
    let consistent =
        restful_url(walk, url) && id.is_some_and(|id| url.ends_with(&format!("/{id}")));
    if !consistent {
        walk.sink.error(
            IssueType::Invalid,
            "bundle.canonical_url_mismatch",
            entry_path,
            entry.pos,
            format!(
                "The canonical URL '{url}' is the entry's fullUrl, so it must be a RESTful URL ending with the resource id ({})",
                id.unwrap_or_default()
            ),
        );
    }
}
