//! A resource with a `language` says so on its narrative: the root `div` of `text.div` (or, when
//! the root has neither attribute and holds only language `div`s, the first of them) carries both
//! `lang` and `xml:lang`, each equal to the resource's language (warnings, as the W3C advice on
//! declaring the language of XHTML asks for both).

use crate::json::JsonValue;
use crate::validate::issue::IssueType;
use crate::validate::walk::Walk;

pub(super) fn check(walk: &mut Walk<'_>, json: &JsonValue, path: &str) {
    let Some(language) = json.get("language").and_then(JsonValue::as_str) else {
        return;
    };
    let Some(div) = json.get("text").and_then(|text| text.get("div")) else {
        return;
    };
    let Some(xhtml) = div.as_str() else {
        return;
    };
    let Some(root) = Tag::first(xhtml) else {
        return;
    };
    let (mut lang, mut xml_lang) = (root.attribute("lang"), root.attribute("xml:lang"));
    if lang.is_none() && xml_lang.is_none() {
        if let Some(first) = only_language_divs(xhtml, root.end) {
            lang = first.attribute("lang");
            xml_lang = first.attribute("xml:lang");
        }
    }
    let mut warn = |id: &'static str, message: String| {
        walk.sink
            .warning(IssueType::BusinessRule, id, path, div.pos, message);
    };
    match (lang, xml_lang) {
        (None, None) => warn(
            "language.xhtml_lang_missing",
            format!("The resource has a language ({language}), but its narrative's XHTML has neither a lang nor an xml:lang attribute (both are needed)"),
        ),
        (lang, xml_lang) => {
            match lang {
                None => warn(
                    "language.xhtml_lang_attribute_missing",
                    format!("The resource has a language ({language}), and its narrative's XHTML has an xml:lang but no lang attribute (both are needed)"),
                ),
                Some(lang) if lang != language => warn(
                    "language.xhtml_lang_differs",
                    format!("The resource has a language ({language}), and its narrative's XHTML has a lang ({lang}), but they differ"),
                ),
                Some(_) => {}
            }
            match xml_lang {
                None => warn(
                    "language.xhtml_xml_lang_missing",
                    format!("The resource has a language ({language}), and its narrative's XHTML has a lang but no xml:lang attribute (both are needed)"),
                ),
                Some(xml_lang) if xml_lang != language => warn(
                    "language.xhtml_xml_lang_differs",
                    format!("The resource has a language ({language}), and its narrative's XHTML has an xml:lang ({xml_lang}), but they differ"),
                ),
                Some(_) => {}
            }
        }
    }
}

/// A start tag: its name, its attribute text and where it ends (after `>`).
struct Tag<'x> {
    name: &'x str,
    attributes: &'x str,
    end: usize,
    self_closing: bool,
}

impl<'x> Tag<'x> {
    /// The first start tag at or after `from` (comments, declarations and processing
    /// instructions skipped); `None` when an end tag or the end of the text comes first.
    fn next(text: &'x str, from: usize) -> Option<Tag<'x>> {
        let mut at = from;
        loop {
            let start = at + text.get(at..)?.find('<')?;
            let rest = text.get(start + 1..)?;
            if rest.starts_with("!--") {
                at = start + 4 + rest.find("-->")? + 3;
                continue;
            }
            if rest.starts_with('!') || rest.starts_with('?') {
                at = start + 1 + rest.find('>')? + 1;
                continue;
            }
            if rest.starts_with('/') {
                return None;
            }
            let close = rest.find('>')?;
            let inner = rest.get(..close)?;
            let self_closing = inner.ends_with('/');
            let inner = inner.trim_end_matches('/');
            let name_end = inner
                .find(|c: char| c.is_ascii_whitespace())
                .unwrap_or(inner.len());
            return Some(Tag {
                name: inner.get(..name_end)?,
                attributes: inner.get(name_end..)?,
                end: start + 1 + close + 1,
                self_closing,
            });
        }
    }

    fn first(text: &'x str) -> Option<Tag<'x>> {
        Tag::next(text, 0)
    }

    /// The value of an attribute (`name="v"` or `name='v'`).
    fn attribute(&self, wanted: &str) -> Option<&'x str> {
        let mut rest = self.attributes;
        loop {
            rest = rest.trim_start();
            let equals = rest.find('=')?;
            let name = rest.get(..equals)?.trim();
            let after = rest.get(equals + 1..)?.trim_start();
            let quote = after.chars().next().filter(|c| *c == '"' || *c == '\'')?;
            let body = after.get(1..)?;
            let close = body.find(quote)?;
            if name == wanted {
                return body.get(..close);
            }
            rest = body.get(close + 1..)?;
        }
    }
}

/// When the root's content (from `from`) is only `div`s that carry a `lang` or `xml:lang` (and
/// whitespace between them), the first of them.
fn only_language_divs(text: &str, from: usize) -> Option<Tag<'_>> {
    let mut at = from;
    let mut first: Option<Tag<'_>> = None;
    loop {
        let next_lt = at + text.get(at..)?.find('<')?;
        if !text.get(at..next_lt)?.trim().is_empty() {
            return None; // text beside the children
        }
        let Some(tag) = Tag::next(text, at) else {
            // The root's end tag (or a comment before it).
            let rest = text.get(next_lt..)?;
            if rest.starts_with("<!--") {
                at = next_lt + rest.find("-->")? + 3;
                continue;
            }
            return first;
        };
        let is_language_div = tag.name == "div"
            && (tag.attribute("lang").is_some() || tag.attribute("xml:lang").is_some());
        if !is_language_div {
            return None;
        }
        at = if tag.self_closing {
            tag.end
        } else {
            skip_element(text, tag.end)?
        };
        if first.is_none() {
            first = Some(tag);
        }
    }
}

/// Where the element whose content starts at `from` ends (after its end tag).
fn skip_element(text: &str, from: usize) -> Option<usize> {
    let mut depth = 1usize;
    let mut at = from;
    while depth > 0 {
        let start = at + text.get(at..)?.find('<')?;
        let rest = text.get(start + 1..)?;
        if rest.starts_with("!--") {
            at = start + 4 + rest.find("-->")? + 3;
            continue;
        }
        let close = rest.find('>')?;
        let inner = rest.get(..close)?;
        if inner.starts_with('/') {
            depth -= 1;
        } else if !inner.ends_with('/') && !inner.starts_with('!') && !inner.starts_with('?') {
            depth += 1;
        }
        at = start + 1 + close + 1;
    }
    Some(at)
}
