//! The narrative rules behind `htmlChecks()`: the XHTML must be a `div` in the XHTML namespace
//! using only the basic formatting elements and attributes FHIR allows (no scripts, forms, event
//! handlers or external content besides images and links), and must not be empty.

const XHTML_NAMESPACE: &str = "http://www.w3.org/1999/xhtml";

const ELEMENTS: &[&str] = &[
    "a",
    "abbr",
    "acronym",
    "address",
    "b",
    "bdo",
    "big",
    "blockquote",
    "br",
    "caption",
    "cite",
    "code",
    "col",
    "colgroup",
    "dd",
    "del",
    "dfn",
    "div",
    "dl",
    "dt",
    "em",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "hr",
    "i",
    "img",
    "ins",
    "kbd",
    "li",
    "map",
    "area",
    "ol",
    "p",
    "pre",
    "q",
    "s",
    "samp",
    "small",
    "span",
    "strike",
    "strong",
    "sub",
    "sup",
    "table",
    "tbody",
    "td",
    "tfoot",
    "th",
    "thead",
    "tr",
    "tt",
    "u",
    "ul",
    "var",
    "font",
    "center",
];

const ATTRIBUTES: &[&str] = &[
    "title",
    "style",
    "class",
    "id",
    "lang",
    "xml:lang",
    "dir",
    "accesskey",
    "tabindex",
    "href",
    "name",
    "src",
    "alt",
    "align",
    "valign",
    "width",
    "height",
    "border",
    "cellpadding",
    "cellspacing",
    "colspan",
    "rowspan",
    "span",
    "summary",
    "abbr",
    "axis",
    "headers",
    "scope",
    "rules",
    "frame",
    "char",
    "charoff",
    "nowrap",
    "bgcolor",
    "color",
    "size",
    "face",
    "start",
    "type",
    "value",
    "compact",
    "cite",
    "datetime",
    "shape",
    "coords",
    "usemap",
    "ismap",
    "longdesc",
    "hreflang",
    "rel",
    "rev",
    "target",
    "clear",
    "noshade",
    "hspace",
    "vspace",
    "xmlns",
];

/// `Ok` when the narrative passes; the first problem otherwise.
pub(crate) fn check_narrative(text: &str) -> Result<(), String> {
    let document = roxmltree::Document::parse(text)
        .map_err(|error| format!("not well-formed XHTML: {error}"))?;
    let root = document.root_element();
    if root.tag_name().name() != "div" || root.tag_name().namespace() != Some(XHTML_NAMESPACE) {
        return Err("the narrative must be a div in the XHTML namespace".to_string());
    }
    let mut has_content = false;
    for node in root.descendants() {
        if node.is_text() {
            has_content |= node.text().is_some_and(|text| !text.trim().is_empty());
            continue;
        }
        if !node.is_element() {
            continue;
        }
        let name = node.tag_name().name();
        if node.tag_name().namespace() != Some(XHTML_NAMESPACE) || !ELEMENTS.contains(&name) {
            return Err(format!(
                "the element <{name}> is not allowed in a narrative"
            ));
        }
        if name == "img" {
            has_content = true;
        }
        for attribute in node.attributes() {
            let attribute_name = attribute.name();
            let allowed = ATTRIBUTES.contains(&attribute_name) || attribute.namespace().is_some();
            if !allowed || attribute_name.starts_with("on") {
                return Err(format!(
                    "the attribute {attribute_name} is not allowed on <{name}>"
                ));
            }
            if matches!(attribute_name, "href" | "src")
                && attribute
                    .value()
                    .trim_start()
                    .to_lowercase()
                    .starts_with("javascript:")
            {
                return Err(format!("<{name}> may not link to scripts"));
            }
        }
    }
    if has_content {
        Ok(())
    } else {
        Err("the narrative has no content".to_string())
    }
}
