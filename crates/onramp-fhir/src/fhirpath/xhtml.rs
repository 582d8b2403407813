//! The narrative rules behind `htmlChecks()`: the XHTML must be a `div` in the XHTML namespace
//! using only the basic formatting elements and attributes FHIR allows (no scripts, forms, event
//! handlers or external content besides images and links). As in the reference validator's R4
//! `htmlChecks()`, an empty `div` passes: R4 has no rule on the narrative's content.

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
    match narrative_problems(text).into_iter().next() {
        Some(problem) => Err(problem.message),
        None => Ok(()),
    }
}

/// One reason a narrative breaks the rules.
pub(crate) struct NarrativeProblem {
    /// An element or attribute outside the allowed lists (the reference reports each of these).
    pub disallowed_name: bool,
    pub message: String,
}

/// Every problem of a narrative: each element and attribute that FHIR does not allow and a missing
/// root `div`; the parse error alone when the XHTML is not well-formed.
pub(crate) fn narrative_problems(text: &str) -> Vec<NarrativeProblem> {
    let problem = |disallowed_name: bool, message: String| NarrativeProblem {
        disallowed_name,
        message,
    };
    let document = match roxmltree::Document::parse(text) {
        Ok(document) => document,
        Err(error) => return vec![problem(false, format!("not well-formed XHTML: {error}"))],
    };
    let root = document.root_element();
    let mut problems = Vec::new();
    if root.tag_name().name() != "div" || root.tag_name().namespace() != Some(XHTML_NAMESPACE) {
        problems.push(problem(
            false,
            "the narrative must be a div in the XHTML namespace".to_string(),
        ));
    }
    for node in root.descendants() {
        if !node.is_element() {
            continue;
        }
        let name = node.tag_name().name();
        if node.tag_name().namespace() != Some(XHTML_NAMESPACE) || !ELEMENTS.contains(&name) {
            problems.push(problem(
                true,
                format!("Illegal element name in the XHTML ('{name}')"),
            ));
        }
        for attribute in node.attributes() {
            let attribute_name = attribute.name();
            let allowed = ATTRIBUTES.contains(&attribute_name) || attribute.namespace().is_some();
            if !allowed || attribute_name.starts_with("on") {
                problems.push(problem(
                    true,
                    format!("Invalid attribute name in the XHTML ('{attribute_name}' on '{name}')"),
                ));
            }
            if matches!(attribute_name, "href" | "src")
                && attribute
                    .value()
                    .trim_start()
                    .to_lowercase()
                    .starts_with("javascript:")
            {
                problems.push(problem(true, format!("<{name}> may not link to scripts")));
            }
        }
    }
    problems
}
