//! Resolving a reference among the entries of a Bundle the way a document or message reader does:
//! an absolute reference by `fullUrl` (a versioned one by `fullUrl/_history/versionId`), a
//! relative one against the base of the referring entry's RESTful `fullUrl`. Reports what cannot
//! be found, what is found more than once, and a `Type/id` that only matches an entry whose
//! `fullUrl` says otherwise.

use std::collections::HashSet;

use crate::json::{JsonValue, Pos};
use crate::validate::issue::IssueType;
use crate::validate::walk::Walk;

/// One entry of the Bundle.
pub(super) struct Entry<'a> {
    pub index: usize,
    pub full_url: Option<&'a str>,
    pub resource: Option<&'a JsonValue>,
    pub type_name: Option<&'a str>,
    pub id: Option<&'a str>,
    /// The keys it answers to: its `fullUrl`, and with `meta.versionId` `fullUrl/_history/v`.
    keys: Vec<String>,
    /// `Type/id`, and with a version `Type/id/_history/v`.
    relative_keys: Vec<String>,
}

/// The entries of a Bundle, and the references already reported (each once).
pub(super) struct Entries<'a> {
    pub list: Vec<Entry<'a>>,
    reported: HashSet<Pos>,
}

/// Where a reference comes from and how a failure to find it is reported.
pub(super) struct Source<'s> {
    /// The referring entry's `fullUrl`, type and id.
    pub full_url: Option<&'s str>,
    pub type_name: Option<&'s str>,
    pub id: Option<&'s str>,
    /// What the reference is, for the message (`Composition.subject`, `Section Entry`).
    pub name: &'s str,
    /// Where the reference is.
    pub path: &'s str,
    pub pos: Pos,
    /// Not finding an absolute or `Type/id` reference is an error (the references a document or
    /// message must carry) rather than a note.
    pub must_resolve: bool,
}

impl<'a> Entries<'a> {
    pub fn new(bundle: &'a JsonValue) -> Entries<'a> {
        let entries = bundle
            .get("entry")
            .map(JsonValue::items)
            .unwrap_or_default();
        let list = entries
            .iter()
            .enumerate()
            .map(|(index, entry)| {
                let full_url = entry.get("fullUrl").and_then(JsonValue::as_str);
                let resource = entry.get("resource");
                let text = |name: &str| {
                    resource
                        .and_then(|r| r.get(name))
                        .and_then(JsonValue::as_str)
                };
                let type_name = text("resourceType");
                let id = text("id");
                let version = resource
                    .and_then(|r| r.get("meta"))
                    .and_then(|meta| meta.get("versionId"))
                    .and_then(JsonValue::as_str);
                let mut keys = Vec::new();
                let mut relative_keys = Vec::new();
                if let Some(full_url) = full_url {
                    keys.push(full_url.to_string());
                    if let Some(version) = version {
                        keys.push(format!("{full_url}/_history/{version}"));
                    }
                }
                if let (Some(type_name), Some(id)) = (type_name, id) {
                    relative_keys.push(format!("{type_name}/{id}"));
                    if let Some(version) = version {
                        relative_keys.push(format!("{type_name}/{id}/_history/{version}"));
                    }
                }
                Entry {
                    index,
                    full_url,
                    resource,
                    type_name,
                    id,
                    keys,
                    relative_keys,
                }
            })
            .collect();
        Entries {
            list,
            reported: HashSet::new(),
        }
    }

    fn by_key(&self, key: &str) -> Vec<usize> {
        self.list
            .iter()
            .filter(|e| e.keys.iter().any(|k| k == key))
            .map(|e| e.index)
            .collect()
    }

    /// The entry a reference points to, reporting (once per reference) when it cannot be told.
    pub fn resolve(
        &mut self,
        walk: &mut Walk<'_>,
        reference: &str,
        from: &Source<'_>,
    ) -> Option<usize> {
        let (reference, fragment) = match reference.split_once('#') {
            Some((base, fragment)) => (base, Some(fragment)),
            None => (reference, None),
        };
        if is_absolute(reference) {
            let found = self.by_key(reference);
            return match found.as_slice() {
                [] => {
                    let known = walk.defs.resolve(reference).is_some()
                        || rest_type(walk, reference).is_some_and(|t| {
                            crate::validate::rules::CANONICAL_RESOURCE_TYPES.contains(&t)
                        });
                    if !known {
                        self.not_found(walk, reference, from);
                    }
                    None
                }
                [one] => {
                    if let Some(fragment) = fragment {
                        self.check_fragment(walk, *one, reference, fragment, from);
                    }
                    Some(*one)
                }
                many => {
                    self.multiple(walk, many.len(), reference, from);
                    None
                }
            };
        }
        let base = match (from.full_url, from.type_name, from.id) {
            (Some(full_url), Some(type_name), Some(id)) if rest_type(walk, full_url).is_some() => {
                full_url.strip_suffix(&format!("{type_name}/{id}"))
            }
            _ => None,
        };
        if let Some(base) = base {
            let found = self.by_key(&format!("{base}{reference}"));
            match found.as_slice() {
                [] => {}
                [one] => return Some(*one),
                many => {
                    self.multiple(walk, many.len(), reference, from);
                    return None;
                }
            }
        }
        let mut parts = reference.split('/');
        let (Some(type_name), Some(id)) = (parts.next(), parts.next()) else {
            return None;
        };
        if !walk.defs.model().is_resource(type_name) {
            return None;
        }
        let key = format!("{type_name}/{id}");
        let apparent: Vec<&str> = self
            .list
            .iter()
            .filter(|e| e.relative_keys.contains(&key))
            .map(|e| e.full_url.unwrap_or("<missing>"))
            .collect();
        if apparent.is_empty() {
            self.not_found(walk, reference, from);
        } else if self.reported.insert(from.pos) {
            let mut urls = apparent;
            urls.sort_unstable();
            urls.dedup();
            walk.sink.error(
                IssueType::Invalid,
                "bundle.reference_not_found_apparent",
                from.path,
                from.pos,
                format!(
                    "Can't find '{reference}' in the bundle ({}). An entry has that type and id, but its fullUrl ({}) does not match the fullUrl '{}' the reference means",
                    from.name,
                    urls.join(","),
                    from.full_url.unwrap_or_default()
                ),
            );
        }
        None
    }

    fn not_found(&mut self, walk: &mut Walk<'_>, reference: &str, from: &Source<'_>) {
        if !self.reported.insert(from.pos) {
            return;
        }
        let message = format!("Can't find '{reference}' in the bundle ({})", from.name);
        if from.must_resolve {
            walk.sink.error(
                IssueType::NotFound,
                "bundle.reference_not_found",
                from.path,
                from.pos,
                message,
            );
        } else {
            walk.sink.info(
                IssueType::NotFound,
                "bundle.reference_not_found",
                from.path,
                from.pos,
                message,
            );
        }
    }

    fn multiple(&mut self, walk: &mut Walk<'_>, count: usize, reference: &str, from: &Source<'_>) {
        if self.reported.insert(from.pos) {
            walk.sink.error(
                IssueType::Invalid,
                "bundle.reference_multiple",
                from.path,
                from.pos,
                format!("Found {count} matches for '{reference}' in the bundle ({}): a reference must identify one entry", from.name),
            );
        }
    }

    /// `fullUrl#fragment`: the fragment names exactly one element id in the target entry.
    fn check_fragment(
        &mut self,
        walk: &mut Walk<'_>,
        entry: usize,
        reference: &str,
        fragment: &str,
        from: &Source<'_>,
    ) {
        let Some(resource) = self.list.get(entry).and_then(|e| e.resource) else {
            return;
        };
        let count = count_ids(resource, fragment);
        if count == 1 {
            return;
        }
        self.reported.insert(from.pos);
        if count == 0 {
            walk.sink.error(
                IssueType::NotFound,
                "bundle.reference_fragment_not_found",
                from.path,
                from.pos,
                format!("Can't find '{reference}#{fragment}' in the bundle ({}): the entry has no element with id '{fragment}'", from.name),
            );
        } else {
            walk.sink.error(
                IssueType::Invalid,
                "bundle.reference_fragment_multiple",
                from.path,
                from.pos,
                format!("Found {count} elements with id '{fragment}' in '{reference}' ({}): a fragment must identify one", from.name),
            );
        }
    }
}

/// How many elements (and narrative tags) in `value` have the id `fragment`.
fn count_ids(value: &JsonValue, fragment: &str) -> usize {
    if value.is_array() {
        return value
            .items()
            .iter()
            .map(|item| count_ids(item, fragment))
            .sum();
    }
    let mut count = 0;
    for (name, member) in value.members() {
        match name {
            "id" if member.as_str() == Some(fragment) => count += 1,
            "div" => {
                if let Some(div) = member.as_str() {
                    count += div.matches(&format!("id=\"{fragment}\"")).count();
                }
            }
            _ => count += count_ids(member, fragment),
        }
    }
    count
}

/// A URL with a scheme (`http:`, `urn:`, …): a lowercase scheme and something after it, with no
/// spaces.
pub(super) fn is_absolute(url: &str) -> bool {
    match url.split_once(':') {
        Some((scheme, details)) => {
            scheme
                .chars()
                .next()
                .is_some_and(|c| c.is_ascii_lowercase())
                && scheme.chars().all(|c| {
                    c.is_ascii_lowercase() || c.is_ascii_digit() || matches!(c, '+' | '-' | '.')
                })
                && !details.is_empty()
                && !details.contains(' ')
        }
        None => false,
    }
}

/// The resource type of a RESTful `[http(s)://…/]Type/id[/_history/v]` URL (the server part may
/// be left out, as the reference's pattern for RESTful URLs allows).
fn rest_type<'u>(walk: &Walk<'_>, url: &'u str) -> Option<&'u str> {
    let (rest, server) = match url
        .strip_prefix("http://")
        .or_else(|| url.strip_prefix("https://"))
    {
        Some(rest) => (rest, true),
        None => (url, false),
    };
    let segments: Vec<&str> = rest.split('/').collect();
    let (type_name, id, count) = match segments.as_slice() {
        [.., type_name, id, "_history", version] if super::is_rest_id(version) => {
            (*type_name, *id, 4)
        }
        [.., type_name, id] => (*type_name, *id, 2),
        _ => return None,
    };
    let whole = server || segments.len() == count;
    (whole && super::is_rest_id(id) && walk.defs.model().is_resource(type_name))
        .then_some(type_name)
}
