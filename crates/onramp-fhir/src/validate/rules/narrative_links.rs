//! Links and images in a narrative: an `<a href>` is not empty, a `#fragment` link points at
//! something in the resource (an element or resource id, or an `id` or `<a name>` in its
//! narratives) or, when there is none, in the Bundle the resource is in, a link is not a `urn:` or
//! `cid:` nor a `vbscript:` (`javascript:` is the narrative rule's, `xhtml.disallowed_name`), a link
//! of a scheme other than http, https, tel, mailto and data is noted, and an `<img src="#…">`
//! points at exactly one thing in the resource. The reference validator's
//! `InstanceValidator.checkReferences` and `checkImageSources`, at their severities but one (an
//! unresolved link is a warning here).

use crate::json::JsonValue;
use crate::validate::issue::IssueType;
use crate::validate::walk::{Item, Walk};

const XHTML_NAMESPACE: &str = "http://www.w3.org/1999/xhtml";

pub(crate) fn check(walk: &mut Walk<'_>, item: &Item<'_>) {
    let Some(json) = item.json else {
        return;
    };
    let Some(text) = json.as_str() else {
        return;
    };
    // Most narratives have no links or images; parsing them again would cost every resource.
    if !text.contains("href") && !text.contains("src") {
        return;
    }
    let Ok(document) = roxmltree::Document::parse(text) else {
        return; // not well-formed: the narrative rule reports it
    };
    for node in document.root_element().descendants() {
        if node.is_element() && node.tag_name().name() == "img" {
            image(walk, item, json, node);
            continue;
        }
        if !node.is_element() || node.tag_name().name() != "a" {
            continue;
        }
        let Some(href) = node.attribute("href") else {
            continue;
        };
        let link_text: String = node
            .descendants()
            .filter(|n| n.is_text())
            .filter_map(|n| n.text())
            .collect::<String>()
            .trim()
            .to_string();
        if href.is_empty() {
            walk.sink.error(
                IssueType::Invalid,
                "narrative.link_empty",
                &item.path,
                json.pos,
                format!("The link '{link_text}' in the narrative has an empty href"),
            );
            continue;
        }
        if let Some(fragment) = href.strip_prefix('#').filter(|f| !f.is_empty()) {
            let mut count = count_targets(walk.resource, fragment);
            if count == 0 {
                if let Some(bundle) = walk.bundle {
                    count = bundle
                        .resources()
                        .map(|resource| count_targets(resource, fragment))
                        .sum();
                }
            }
            if count == 0 {
                // A warning where the reference has an error: R4's own CodeSystem and ValueSet
                // narratives (26 of the specification's examples, 730 links) and two US Core
                // 6.1.0 examples link to anchors they do not have; see docs/conformance.md.
                walk.sink.warning(
                    IssueType::Invalid,
                    "narrative.link_unresolved",
                    &item.path,
                    json.pos,
                    format!("The link '{href}' ('{link_text}') in the narrative points at nothing in the resource or its Bundle"),
                );
            } else if count > 1 {
                walk.sink.warning(
                    IssueType::Invalid,
                    "narrative.link_ambiguous",
                    &item.path,
                    json.pos,
                    format!("The link '{href}' ('{link_text}') in the narrative matches {count} targets"),
                );
            }
            continue;
        }
        if !super::primitive::is_absolute_url(href) {
            continue;
        }
        if let Some((scheme, _)) = href.split_once(':') {
            if scheme == "vbscript" {
                walk.sink.error(
                    IssueType::Invalid,
                    "narrative.link_script",
                    &item.path,
                    json.pos,
                    format!("The link '{href}' ('{link_text}') in the narrative runs a script ({scheme}:), which is not allowed"),
                );
            } else if matches!(scheme, "urn" | "cid") {
                walk.sink.error(
                    IssueType::Invalid,
                    "narrative.link_not_literal",
                    &item.path,
                    json.pos,
                    format!("The link '{href}' ('{link_text}') in the narrative is a {scheme}: name, which a browser cannot follow"),
                );
            } else if !matches!(
                scheme,
                "http" | "https" | "tel" | "mailto" | "data" | "javascript"
            ) {
                walk.sink.info(
                    IssueType::Invalid,
                    "narrative.link_unknown_scheme",
                    &item.path,
                    json.pos,
                    format!("The link '{href}' ('{link_text}') in the narrative has the scheme {scheme}:, which browsers may not know"),
                );
            }
        }
    }
}

/// An `<img src="#id">` shows something in the resource: exactly one thing there has that id.
fn image(walk: &mut Walk<'_>, item: &Item<'_>, json: &JsonValue, node: roxmltree::Node<'_, '_>) {
    let Some(fragment) = node.attribute("src").and_then(|src| src.strip_prefix('#')) else {
        return;
    };
    let count = count_targets(walk.resource, fragment);
    if count == 1 {
        return;
    }
    let (id, what) = if count == 0 {
        ("narrative.image_unresolved", "nothing".to_string())
    } else {
        ("narrative.image_ambiguous", format!("{count} things"))
    };
    walk.sink.error(
        IssueType::Invalid,
        id,
        &item.path,
        json.pos,
        format!("The image source '#{fragment}' in the narrative points at {what} in the resource; it must point at exactly one"),
    );
}

/// How many things a `#fragment` can point at in a resource: objects (resources, elements and
/// primitive companions) whose `id` is the fragment, and `id` attributes and `<a name>` anchors
/// in its narratives. Entries of a Bundle inside the resource are not searched.
fn count_targets(value: &JsonValue, fragment: &str) -> usize {
    if let Some(items) = value.as_array() {
        return items.iter().map(|v| count_targets(v, fragment)).sum();
    }
    if !value.is_object() {
        return 0;
    }
    let mut count = 0;
    for (name, member) in value.members() {
        match name {
            "id" if member.as_str() == Some(fragment) => count += 1,
            "div" => {
                count += member
                    .as_str()
                    .map_or(0, |div| count_anchors(div, fragment))
            }
            "resourceType" if member.as_str() == Some("Bundle") => return count,
            _ => count += count_targets(member, fragment),
        }
    }
    count
}

fn count_anchors(div: &str, fragment: &str) -> usize {
    if !div.contains(fragment) {
        return 0;
    }
    let Ok(document) = roxmltree::Document::parse(div) else {
        return 0;
    };
    document
        .descendants()
        .filter(|n| n.is_element())
        .filter(|n| {
            n.tag_name()
                .namespace()
                .is_none_or(|ns| ns == XHTML_NAMESPACE)
        })
        .map(|n| {
            usize::from(n.attribute("id") == Some(fragment))
                + usize::from(n.tag_name().name() == "a" && n.attribute("name") == Some(fragment))
        })
        .sum()
}
