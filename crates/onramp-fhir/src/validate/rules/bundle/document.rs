//! Documents and messages: the first resource is the Composition or MessageHeader, the
//! references it must carry resolve inside the Bundle, and every entry is reachable from it by
//! following references (forwards, or backwards only for Provenance).

use super::resolve::{Entries, Source};
use crate::json::JsonValue;
use crate::validate::issue::IssueType;
use crate::validate::walk::Walk;

pub(super) fn check(walk: &mut Walk<'_>, bundle: &JsonValue, path: &str, message: bool) {
    let entries = bundle
        .get("entry")
        .map(JsonValue::items)
        .unwrap_or_default();
    let Some(first) = entries.first() else {
        return;
    };
    let Some(resource) = first.get("resource") else {
        return;
    };
    let mut index = Entries::new(bundle);
    let first_path = format!("{path}.entry[0].resource");
    let resource_type = resource
        .get("resourceType")
        .and_then(JsonValue::as_str)
        .unwrap_or_default();
    if message {
        if resource_type != "MessageHeader" {
            walk.sink.error(
                IssueType::Invalid,
                "bundle.message_first_not_header",
                &first_path,
                resource.pos,
                format!(
                    "The first entry of a message must be a MessageHeader, not a {resource_type}"
                ),
            );
        } else {
            for (position, focus) in resource
                .get("focus")
                .map(JsonValue::items)
                .unwrap_or_default()
                .iter()
                .enumerate()
            {
                must_resolve(
                    walk,
                    &mut index,
                    first,
                    focus,
                    &format!("{first_path}.focus[{position}]"),
                    "MessageHeader.focus",
                );
            }
        }
    } else if resource_type != "Composition" {
        walk.sink.error(
            IssueType::Invalid,
            "bundle.document_first_not_composition",
            &first_path,
            resource.pos,
            format!("The first entry of a document must be a Composition, not a {resource_type}"),
        );
    } else {
        composition_references(walk, &mut index, first, resource, &first_path);
    }
    super::interlinked::check(walk, &mut index, bundle, path, message);
}

/// The Composition's subject, authors, encounter, custodian, attesters, event details, and in
/// its sections (at any depth) the authors, focus and entries.
fn composition_references(
    walk: &mut Walk<'_>,
    index: &mut Entries<'_>,
    entry: &JsonValue,
    composition: &JsonValue,
    at: &str,
) {
    for name in ["subject", "author", "encounter", "custodian"] {
        each(composition, name, at, |value, path| {
            must_resolve(
                walk,
                index,
                entry,
                value,
                &path,
                &format!("Composition.{name}"),
            );
        });
    }
    for (parent, name) in [("attester", "party"), ("event", "detail")] {
        each(composition, parent, at, |value, path| {
            each(value, name, &path, |value, path| {
                must_resolve(
                    walk,
                    index,
                    entry,
                    value,
                    &path,
                    &format!("Composition.{parent}.{name}"),
                );
            });
        });
    }
    sections(walk, index, entry, composition, at);
}

fn sections(
    walk: &mut Walk<'_>,
    index: &mut Entries<'_>,
    entry: &JsonValue,
    parent: &JsonValue,
    at: &str,
) {
    each(parent, "section", at, |section, section_path| {
        for (name, title) in [
            ("author", "Section.author"),
            ("focus", "Section.focus"),
            ("entry", "Section Entry"),
        ] {
            each(section, name, &section_path, |value, path| {
                must_resolve(walk, index, entry, value, &path, title);
            });
        }
        sections(walk, index, entry, section, &section_path);
    });
}

/// Calls `f` with each value of `parent.name` and its path (`[i]` when it repeats).
fn each<'j>(parent: &'j JsonValue, name: &str, at: &str, mut f: impl FnMut(&'j JsonValue, String)) {
    match parent.get(name) {
        Some(value) if value.is_array() => {
            for (position, item) in value.items().iter().enumerate() {
                f(item, format!("{at}.{name}[{position}]"));
            }
        }
        Some(value) => f(value, format!("{at}.{name}")),
        None => {}
    }
}

fn must_resolve(
    walk: &mut Walk<'_>,
    index: &mut Entries<'_>,
    entry: &JsonValue,
    value: &JsonValue,
    path: &str,
    name: &str,
) {
    let Some(reference) = value.get("reference").and_then(JsonValue::as_str) else {
        return;
    };
    if reference.is_empty() || reference.starts_with('#') {
        return;
    }
    let resource = entry.get("resource");
    let text = |key: &str| {
        resource
            .and_then(|r| r.get(key))
            .and_then(JsonValue::as_str)
    };
    let source = Source {
        full_url: entry.get("fullUrl").and_then(JsonValue::as_str),
        type_name: text("resourceType"),
        id: text("id"),
        name,
        path,
        pos: value.pos,
        must_resolve: true,
    };
    index.resolve(walk, reference, &source);
}
