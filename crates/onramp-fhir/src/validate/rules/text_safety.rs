//! Text that a presentation layer may render as HTML: narratives (each element and attribute the
//! FHIR narrative rules do not allow, and their structure in `narrative`), strings that look like
//! embedded HTML tags (information, or an error under the security-checks policy) and markdown
//! with embedded HTML tags (a warning, or an error under the no-HTML-in-markdown policy); and the
//! characters of any text (`characters`).

mod characters;
mod narrative;

use crate::fhirpath::xhtml::narrative_problems;
use crate::validate::issue::{IssueType, Severity};
use crate::validate::walk::{Item, Walk};

pub(crate) fn check(walk: &mut Walk<'_>, item: &Item<'_>) {
    let Some(json) = item.json else {
        return;
    };
    let Some(text) = json.as_str() else {
        return;
    };
    // Blank values are the primitive rule's; the reference checks the characters of others.
    if text.trim().is_empty() {
        return;
    }
    characters::check(walk, item, json, text);
    match item.type_code.as_str() {
        "xhtml" => {
            narrative::check(walk, item, json, text);
            for problem in narrative_problems(text) {
                if problem.disallowed_name {
                    walk.sink.error(
                        IssueType::Invalid,
                        "xhtml.disallowed_name",
                        &item.path,
                        json.pos,
                        problem.message,
                    );
                }
            }
        }
        "string" if find_html_tag(text).is_some() => {
            let (severity, message) = if walk.options.security_checks {
                (Severity::Error, "The string value contains text that looks like embedded HTML tags, which are not allowed for security reasons in this context")
            } else {
                (Severity::Information, "The string value contains text that looks like embedded HTML tags. If this content is rendered to HTML without appropriate post-processing, it may be a security risk")
            };
            walk.sink.push(
                severity,
                IssueType::Invalid,
                "text.embedded_html",
                &item.path,
                json.pos,
                message.to_string(),
            );
        }
        "markdown" => {
            if let Some(start) = find_markdown_html_tag(text) {
                let shown: String = text
                    .get(start..)
                    .unwrap_or_default()
                    .chars()
                    .take(2)
                    .collect();
                let severity = if walk.options.no_html_in_markdown {
                    Severity::Error
                } else {
                    Severity::Warning
                };
                walk.sink.push(
                    severity,
                    IssueType::Invalid,
                    "text.markdown_html",
                    &item.path,
                    json.pos,
                    format!("The markdown contains content that appears to be an embedded HTML tag starting at '{shown}'. This will (or SHOULD) be escaped by the presentation layer. The content should be checked to confirm that this is the desired behaviour"),
                );
            }
        }
        _ => {}
    }
}

/// The byte offset of the first thing that looks like an HTML tag: `<name …>`, `</name>` or
/// `<name/>`, where the name starts with an ASCII letter.
pub(crate) fn find_html_tag(text: &str) -> Option<usize> {
    let bytes = text.as_bytes();
    let mut from = 0;
    while let Some(offset) = text.get(from..).and_then(|rest| rest.find('<')) {
        let start = from + offset;
        if tag_at(bytes, start) {
            return Some(start);
        }
        from = start + 1;
    }
    None
}

fn tag_at(bytes: &[u8], start: usize) -> bool {
    let mut index = start + 1;
    if bytes.get(index) == Some(&b'/') {
        index += 1;
    }
    if !bytes.get(index).is_some_and(u8::is_ascii_alphabetic) {
        return false;
    }
    while bytes
        .get(index)
        .is_some_and(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_'))
    {
        index += 1;
    }
    match bytes.get(index) {
        Some(b'>') => true,
        Some(b'/') => bytes.get(index + 1) == Some(&b'>'),
        Some(b) if b.is_ascii_whitespace() => bytes
            .get(index..)
            .is_some_and(|rest| rest.iter().take_while(|b| **b != b'<').any(|b| *b == b'>')),
        _ => false,
    }
}

/// Like [`find_html_tag`], outside code spans and fenced code, and not counting autolinks
/// (`<https://…>`, `<mailto:…>`), which are markdown.
fn find_markdown_html_tag(text: &str) -> Option<usize> {
    let mut offset = 0;
    let mut in_fence = false;
    for line in text.split_inclusive('\n') {
        let line_start = offset;
        offset += line.len();
        if line.trim_start().starts_with("```") || line.trim_start().starts_with("~~~") {
            in_fence = !in_fence;
            continue;
        }
        if in_fence {
            continue;
        }
        let mut in_code = false;
        let bytes = line.as_bytes();
        for (index, byte) in bytes.iter().enumerate() {
            match byte {
                b'`' => in_code = !in_code,
                b'<' if !in_code && tag_at(bytes, index) && !autolink_at(line, index) => {
                    return Some(line_start + index);
                }
                _ => {}
            }
        }
    }
    None
}

fn autolink_at(line: &str, start: usize) -> bool {
    let rest = line.get(start + 1..).unwrap_or_default();
    let Some(end) = rest.find('>') else {
        return false;
    };
    let inner = rest.get(..end).unwrap_or_default();
    !inner.contains(char::is_whitespace)
        && (inner.contains("://") || inner.starts_with("mailto:") || inner.contains('@'))
}
