//! The structure of a narrative beyond its allowed names: no DOCTYPE, a root `div` declaring the
//! XHTML namespace, no element in another namespace, no block element (`div`, `blockquote`,
//! `table`, `ol`, `ul`, `p`) inside a paragraph, link and image URLs made of URL characters (or a
//! well-formed `data:` URL), `xml:space` noted, and a narrative split into language sections
//! (`div`s with `xml:lang`) with no text outside them. The reference validator's xhtml checks of
//! `InstanceValidator.checkPrimitive` (`checkInnerNS`, `checkInnerNames`, `checkUrls`,
//! `checkMixedLangs`), at their severities.

use roxmltree::{Document, Node};

use crate::json::JsonValue;
use crate::validate::issue::IssueType;
use crate::validate::walk::{Item, Walk};

const XHTML_NAMESPACE: &str = "http://www.w3.org/1999/xhtml";
const XML_NAMESPACE: &str = "http://www.w3.org/XML/1998/namespace";

pub(super) fn check(walk: &mut Walk<'_>, item: &Item<'_>, json: &JsonValue, text: &str) {
    let mut report = |id: &'static str, message: String| {
        walk.sink
            .error(IssueType::Invalid, id, &item.path, json.pos, message);
    };
    if text
        .get(..text.len().min(512))
        .is_some_and(|head| head.to_ascii_uppercase().contains("<!DOCTYPE"))
    {
        report(
            "xhtml.doctype",
            "A narrative must not have a DOCTYPE declaration".to_string(),
        );
        return;
    }
    if plainly_fine(text) {
        return;
    }
    let Ok(document) = Document::parse(text) else {
        return; // not well-formed: the narrative rule reports it
    };
    let root = document.root_element();
    let root_name = root.tag_name().name();
    if root_name != "div" {
        report(
            "xhtml.root_name",
            format!("The narrative's root element must be a div, found '{root_name}'"),
        );
    }
    for node in root.descendants().filter(Node::is_element) {
        let namespace = node.tag_name().namespace();
        let wrong = if node == root {
            namespace != Some(XHTML_NAMESPACE)
        } else {
            namespace.is_some_and(|ns| ns != XHTML_NAMESPACE)
        };
        if wrong {
            report(
                "xhtml.namespace",
                format!(
                    "The namespace of <{}> in the narrative is '{}'; it must be {XHTML_NAMESPACE}",
                    node.tag_name().name(),
                    namespace.unwrap_or_default()
                ),
            );
        }
        let name = node.tag_name().name();
        if matches!(name, "div" | "blockquote" | "table" | "ol" | "ul" | "p")
            && node
                .ancestors()
                .skip(1)
                .any(|a| a.is_element() && a.tag_name().name() == "p")
        {
            report(
                "xhtml.block_in_paragraph",
                format!("The block element <{name}> is not allowed inside a paragraph (<p>) of the narrative"),
            );
        }
        let url = match name {
            "a" => node.attribute("href"),
            "img" => node.attribute("src"),
            _ => None,
        };
        if let Some(problem) = url.and_then(url_problem) {
            report(
                "xhtml.url_invalid",
                format!(
                    "The URL '{}' in the narrative is not valid: {problem}",
                    url.unwrap_or_default()
                ),
            );
        }
    }
    for node in root.descendants().filter(Node::is_element) {
        let space = node
            .attributes()
            .any(|a| a.namespace() == Some(XML_NAMESPACE) && a.name() == "space");
        if space {
            walk.sink.info(
                IssueType::Invalid,
                "xhtml.xml_space",
                &item.path,
                json.pos,
                format!("The attribute xml:space on <{}> in the narrative has no effect on how browsers show it", node.tag_name().name()),
            );
        }
    }
    mixed_languages(walk, item, json, root);
}

/// A root `div` declaring the XHTML namespace, with no other namespace, paragraph, link, image or
/// `xml:` attribute: nothing here to check, and no need to parse it again.
fn plainly_fine(text: &str) -> bool {
    let rest = text
        .strip_prefix(r#"<div xmlns="http://www.w3.org/1999/xhtml""#)
        .or_else(|| text.strip_prefix("<div xmlns='http://www.w3.org/1999/xhtml'"));
    rest.is_some_and(|rest| {
        !["xmlns", "<p", "href", "src", "xml:"]
            .iter()
            .any(|needle| rest.contains(needle))
    })
}

/// Language sections (`div`s with `xml:lang` directly in the root) and text outside them.
fn mixed_languages(walk: &mut Walk<'_>, item: &Item<'_>, json: &JsonValue, root: Node<'_, '_>) {
    let mut languages: Vec<&str> = Vec::new();
    let mut other_content = false;
    for child in root.children() {
        let language = (child.is_element() && child.tag_name().name() == "div")
            .then(|| child.attribute((XML_NAMESPACE, "lang")))
            .flatten();
        match language {
            Some(language) => languages.push(language),
            None if child.is_text() => {
                other_content |= child.text().is_some_and(|t| !t.trim().is_empty());
            }
            None => other_content |= child.is_element(),
        }
    }
    if !languages.is_empty() && other_content {
        walk.sink.warning(
            IssueType::BusinessRule,
            "xhtml.mixed_languages",
            &item.path,
            json.pos,
            format!("The narrative has language sections ({}) and content outside them; all the content should be in a language section", languages.join(", ")),
        );
    }
}

/// Why a link or image URL is not valid: a `data:` URL needs one comma and valid base64 when it
/// says base64; any other URL only URL characters (letters, digits and
/// `;?:@&=+$.,/%-_~#[]!'()*|`).
fn url_problem(url: &str) -> Option<String> {
    if url.is_empty() {
        return Some("it is empty".to_string());
    }
    if let Some(data) = url.strip_prefix("data:") {
        let parts: Vec<&str> = data.split(',').collect();
        return match parts.as_slice() {
            [_] => Some("a data: URL has no data".to_string()),
            [header, content] => {
                use base64::Engine as _;
                let compact: String = content.chars().filter(|c| !c.is_whitespace()).collect();
                (header.ends_with(";base64")
                    && base64::engine::general_purpose::STANDARD
                        .decode(compact)
                        .is_err())
                .then(|| "the data of a base64 data: URL is not valid base64".to_string())
            }
            _ => Some("a data: URL has more than one comma".to_string()),
        };
    }
    let mut invalid: Vec<char> = url
        .chars()
        .filter(|c| !(c.is_alphanumeric() || ";?:@&=+$.,/%-_~#[]!'()*|".contains(*c)))
        .collect();
    invalid.sort_unstable();
    invalid.dedup();
    (!invalid.is_empty()).then(|| {
        let shown: Vec<String> = invalid.iter().map(|c| format!("'{c}'")).collect();
        format!(
            "it has characters not allowed in a URL: {}",
            shown.join(",")
        )
    })
}
