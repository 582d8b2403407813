//! Characters in any text value: control characters other than tab, CR and LF (a warning), and
//! Unicode bidirectional controls that do not close what they open within a paragraph (a
//! warning). The reference validator's checks of `UnicodeUtilities`.

use crate::json::JsonValue;
use crate::validate::issue::IssueType;
use crate::validate::walk::{Item, Walk};

const LRE: char = '\u{202a}';
const RLE: char = '\u{202b}';
const PDF: char = '\u{202c}';
const LRO: char = '\u{202d}';
const RLO: char = '\u{202e}';
const LRI: char = '\u{2066}';
const RLI: char = '\u{2067}';
const FSI: char = '\u{2068}';
const PDI: char = '\u{2069}';

pub(super) fn check(walk: &mut Walk<'_>, item: &Item<'_>, json: &JsonValue, text: &str) {
    let bytes = text.as_bytes();
    let has_controls = bytes
        .iter()
        .any(|b| *b < 0x20 && !matches!(b, b'\t' | b'\r' | b'\n'));
    if has_controls {
        let mut found: Vec<String> = text
            .chars()
            .filter(|c| (*c as u32) < 0x20 && !matches!(c, '\t' | '\r' | '\n'))
            .map(|c| format!("{:x}", c as u32))
            .collect();
        found.sort();
        found.dedup();
        walk.sink.warning(
            IssueType::Invalid,
            "text.control_characters",
            &item.path,
            json.pos,
            format!(
                "The value contains control characters other than tab, CR and LF (hex {}), which are not allowed in XML and rarely intended",
                found.join(", ")
            ),
        );
    }
    // Every bidirectional control is three bytes in UTF-8 starting 0xE2 (U+061C is two, 0xD8).
    if bytes.iter().any(|b| matches!(b, 0xe2 | 0xd8)) {
        if let Some(problem) = bidi_problem(text) {
            walk.sink.warning(
                IssueType::Invalid,
                "text.bidi_unbalanced",
                &item.path,
                json.pos,
                format!("The value contains Unicode bidirectional control characters that are not well formed: {problem}"),
            );
        }
    }
}

/// The first bidirectional control that is closed without being open, or left open at the end
/// of a paragraph; `None` when they are balanced. A line break ends a paragraph and everything
/// open in it.
fn bidi_problem(text: &str) -> Option<String> {
    let mut open: Vec<(char, usize)> = Vec::new();
    for (index, c) in text.chars().enumerate() {
        match c {
            '\n' => {
                if let Some((c, at)) = open.first() {
                    return Some(format!(
                        "{} at {at} is not closed before the line break",
                        name(*c)
                    ));
                }
            }
            LRE | RLE | LRO | RLO | LRI | RLI | FSI => open.push((c, index)),
            PDF => match open.last() {
                Some((LRE | RLE | LRO | RLO, _)) => {
                    open.pop();
                }
                _ => return Some(format!("PDF at {index} closes no embedding or override")),
            },
            PDI => {
                let Some(position) = open
                    .iter()
                    .rposition(|(c, _)| matches!(*c, LRI | RLI | FSI))
                else {
                    return Some(format!("PDI at {index} closes no isolate"));
                };
                open.truncate(position);
            }
            _ => {}
        }
    }
    open.first()
        .map(|(c, at)| format!("{} at {at} is not closed", name(*c)))
}

fn name(c: char) -> &'static str {
    match c {
        LRE => "LRE",
        RLE => "RLE",
        LRO => "LRO",
        RLO => "RLO",
        LRI => "LRI",
        RLI => "RLI",
        FSI => "FSI",
        _ => "a bidirectional control",
    }
}
