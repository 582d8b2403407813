//! The entries of a document or message are linked: each is reachable from the first entry by
//! following references (or, for Provenance, by its own reference to a reachable entry); the
//! rest are reported as orphans.

use std::collections::HashSet;

use super::resolve::{is_absolute, Entries, Source};
use crate::json::{JsonValue, Pos};
use crate::validate::issue::IssueType;
use crate::validate::walk::Walk;

/// A reference found inside an entry: its text and where it is.
struct Found<'a> {
    reference: &'a str,
    path: String,
    pos: Pos,
}

/// Every entry is reachable from the first by references; an entry that only refers to a
/// reachable one is tolerated for Provenance and reported otherwise; the rest are orphans.
pub(super) fn check(
    walk: &mut Walk<'_>,
    index: &mut Entries<'_>,
    bundle: &JsonValue,
    path: &str,
    message: bool,
) {
    let count = index.list.len();
    let mut targets: Vec<Vec<usize>> = vec![Vec::new(); count];
    let with_resource: Vec<usize> = index
        .list
        .iter()
        .filter(|e| e.resource.is_some())
        .map(|e| e.index)
        .collect();
    for &position in &with_resource {
        let Some(entry) = index.list.get(position) else {
            continue;
        };
        let (Some(resource), full_url, type_name, id) =
            (entry.resource, entry.full_url, entry.type_name, entry.id)
        else {
            continue;
        };
        let mut found = Vec::new();
        let resource_path = format!("{path}.entry[{position}].resource");
        collect(resource, &resource_path, &mut found, &mut HashSet::new());
        for reference in found {
            let source = Source {
                full_url,
                type_name,
                id,
                name: &reference.path,
                path: &reference.path,
                pos: reference.pos,
                must_resolve: false,
            };
            if let Some(target) = index.resolve(walk, reference.reference, &source) {
                if target != position {
                    if let Some(list) = targets.get_mut(position) {
                        list.push(target);
                    }
                }
            }
        }
        urls_to_entries(resource, index, position, &mut targets);
    }
    let mut visited = vec![false; count];
    if let Some(&first) = with_resource.first() {
        visit(first, &targets, &mut visited);
    }
    for link in bundle.get("link").map(JsonValue::items).unwrap_or_default() {
        let text = |key: &str| link.get(key).and_then(JsonValue::as_str);
        if let (Some("stylesheet"), Some(url)) = (text("relation"), text("url")) {
            if let Some(entry) = index.list.iter().find(|e| {
                e.resource.is_some()
                    && e.type_name
                        .zip(e.id)
                        .is_some_and(|(t, i)| url == format!("{t}/{i}"))
            }) {
                if let Some(flag) = visited.get_mut(entry.index) {
                    *flag = true;
                }
            }
        }
    }
    let header = if message {
        "MessageHeader"
    } else {
        "Composition"
    };
    let entries = bundle
        .get("entry")
        .map(JsonValue::items)
        .unwrap_or_default();
    loop {
        let mut more = false;
        for &position in &with_resource {
            if visited.get(position).copied().unwrap_or(true) {
                continue;
            }
            let reaches = targets
                .get(position)
                .is_some_and(|t| t.iter().any(|&t| visited.get(t).copied().unwrap_or(false)));
            if !reaches {
                continue;
            }
            let Some(entry) = index.list.get(position) else {
                continue;
            };
            let provenance = entry.type_name == Some("Provenance");
            let at = format!("{path}.entry[{position}]");
            let pos = entries.get(position).map(|e| e.pos).unwrap_or_default();
            let name = entry.full_url.map(|u| format!("'{u}'")).unwrap_or_default();
            if !provenance {
                if message {
                    walk.sink.info(
                        IssueType::Informational,
                        "bundle.entry_reverse_link",
                        &at,
                        pos,
                        format!("Entry {name} isn't reachable by traversing forwards from the {header}, only by its own reference to an entry that is: check that it is meant to be included"),
                    );
                } else {
                    walk.sink.warning(
                        IssueType::Invalid,
                        "bundle.entry_reverse_link",
                        &at,
                        pos,
                        format!("Entry {name} isn't reachable by traversing forwards from the {header}, only by its own reference to an entry that is; only Provenance is approved to be used this way (R4 section 3.3.1)"),
                    );
                }
            }
            visit(position, &targets, &mut visited);
            more = true;
        }
        if !more {
            break;
        }
    }
    for &position in &with_resource {
        if visited.get(position).copied().unwrap_or(true) {
            continue;
        }
        let Some(entry) = index.list.get(position) else {
            continue;
        };
        let at = format!("{path}.entry[{position}]");
        let pos = entries.get(position).map(|e| e.pos).unwrap_or_default();
        let name = entry.full_url.map(|u| format!("'{u}'")).unwrap_or_default();
        if message {
            walk.sink.warning(
                IssueType::Informational,
                "bundle.entry_orphan",
                &at,
                pos,
                format!("Entry {name} isn't reachable by traversing links (forward or backward) from the {header}, so its presence should be reviewed (is it needed to process the message?)"),
            );
        } else {
            walk.sink.error(
                IssueType::Informational,
                "bundle.entry_orphan",
                &at,
                pos,
                format!("Entry {name} isn't reachable by traversing links (forward or backward) from the {header}"),
            );
        }
    }
}

fn visit(position: usize, targets: &[Vec<usize>], visited: &mut [bool]) {
    let mut stack = vec![position];
    while let Some(next) = stack.pop() {
        match visited.get_mut(next) {
            Some(flag) if !*flag => *flag = true,
            _ => continue,
        }
        if let Some(list) = targets.get(next) {
            stack.extend(list.iter().copied());
        }
    }
}

/// The `reference` of every Reference in `value` (not `#id` ones, each text once), not looking
/// into a Bundle nested in it.
fn collect<'a>(
    value: &'a JsonValue,
    path: &str,
    found: &mut Vec<Found<'a>>,
    seen: &mut HashSet<&'a str>,
) {
    if value.is_array() {
        for (position, item) in value.items().iter().enumerate() {
            collect(item, &format!("{path}[{position}]"), found, seen);
        }
        return;
    }
    if value.get("resourceType").and_then(JsonValue::as_str) == Some("Bundle")
        && path.contains(".resource.")
    {
        return;
    }
    for (name, member) in value.members() {
        if name == "reference" {
            if let Some(reference) = member.as_str() {
                if !reference.is_empty() && !reference.starts_with('#') && seen.insert(reference) {
                    found.push(Found {
                        reference,
                        path: path.to_string(),
                        pos: value.pos,
                    });
                }
            }
            continue;
        }
        if member.is_object() || member.is_array() {
            collect(member, &format!("{path}.{name}"), found, seen);
        }
    }
}

/// URLs (of `uri` and `url` elements: attachments, narrative links) that are exactly another
/// entry's `fullUrl` link to it too.
fn urls_to_entries(
    value: &JsonValue,
    index: &Entries<'_>,
    from: usize,
    targets: &mut [Vec<usize>],
) {
    if value.is_array() {
        for item in value.items() {
            urls_to_entries(item, index, from, targets);
        }
        return;
    }
    for (name, member) in value.members() {
        if matches!(name, "reference" | "fullUrl" | "system" | "div") {
            continue;
        }
        match member.as_str() {
            Some(text) if is_absolute(text) => {
                let url = text.split('#').next().unwrap_or_default();
                if let Some(target) = index
                    .list
                    .iter()
                    .find(|e| e.resource.is_some() && e.full_url == Some(url))
                {
                    if target.index != from {
                        if let Some(list) = targets.get_mut(from) {
                            list.push(target.index);
                        }
                    }
                }
            }
            Some(_) => {}
            None => urls_to_entries(member, index, from, targets),
        }
    }
}
