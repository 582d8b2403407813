//! The concepts of a CodeSystem: each code once in the whole hierarchy, HL7 code systems' concepts
//! with a display and a definition, and designations without a use that agree with the display.

use std::collections::HashSet;

use crate::json::JsonValue;
use crate::validate::issue::IssueType;
use crate::validate::walk::Walk;

/// What the walk over the concepts has already reported once per code system.
#[derive(Default)]
struct Seen {
    codes: HashSet<String>,
    no_display: bool,
    no_definition: bool,
}

/// Checks the concepts and returns every code of the code system.
pub(super) fn check(
    walk: &mut Walk<'_>,
    code_system: &JsonValue,
    concepts: &[JsonValue],
    path: &str,
) -> HashSet<String> {
    let mut seen = Seen::default();
    let hl7 = super::is_hl7(code_system);
    let language = code_system.get("language").and_then(JsonValue::as_str);
    walk_concepts(
        walk,
        concepts,
        &format!("{path}.concept"),
        hl7,
        language,
        &mut seen,
        0,
    );
    seen.codes
}

fn walk_concepts(
    walk: &mut Walk<'_>,
    concepts: &[JsonValue],
    path: &str,
    hl7: bool,
    language: Option<&str>,
    seen: &mut Seen,
    depth: usize,
) {
    if depth > 64 {
        return;
    }
    for (index, concept) in concepts.iter().enumerate() {
        let at = format!("{path}[{index}]");
        let code = concept.get("code").and_then(JsonValue::as_str);
        if let Some(code) = code {
            if !seen.codes.insert(code.to_string()) {
                walk.sink.error(
                    IssueType::BusinessRule,
                    "code_system.duplicate_code",
                    &at,
                    concept.pos,
                    format!("The code '{code}' is defined more than once in this code system"),
                );
            }
        }
        let code = code.unwrap_or_default();
        if hl7 && !seen.no_display && concept.get("display").is_none() {
            seen.no_display = true;
            walk.sink.warning(
                IssueType::BusinessRule,
                "code_system.concept_no_display",
                &at,
                concept.pos,
                format!("HL7 defined code systems should give every concept a display; '{code}' has none"),
            );
        }
        if hl7 && !seen.no_definition && concept.get("definition").is_none() {
            seen.no_definition = true;
            walk.sink.warning(
                IssueType::BusinessRule,
                "code_system.concept_no_definition",
                &at,
                concept.pos,
                format!("HL7 defined code systems should give every concept a definition; '{code}' has none"),
            );
        }
        let display = concept.get("display").and_then(JsonValue::as_str);
        for (d, designation) in concept
            .get("designation")
            .map(JsonValue::items)
            .unwrap_or_default()
            .iter()
            .enumerate()
        {
            designation_check(
                walk,
                designation,
                &format!("{at}.designation[{d}]"),
                display,
                language,
            );
        }
        if let Some(nested) = concept.get("concept") {
            walk_concepts(
                walk,
                nested.items(),
                &format!("{at}.concept"),
                hl7,
                language,
                seen,
                depth + 1,
            );
        }
    }
}

/// A designation without a use stands for the display: in the code system's language it should
/// say the same.
fn designation_check(
    walk: &mut Walk<'_>,
    designation: &JsonValue,
    path: &str,
    display: Option<&str>,
    language: Option<&str>,
) {
    if designation.get("use").is_some() || designation.get("additionalUse").is_some() {
        return;
    }
    let (Some(display), Some(value)) = (
        display,
        designation.get("value").and_then(JsonValue::as_str),
    ) else {
        return;
    };
    if display == value {
        return;
    }
    let own = designation.get("language").and_then(JsonValue::as_str);
    let (id, message) = match (language, own) {
        (None, None) => (
            "code_system.designation_display",
            format!("The designation '{value}' has no use and no language, so it is the display, but the display is '{display}'"),
        ),
        (Some(language), own) if own.is_none_or(|own| own == language) => (
            "code_system.designation_display_language",
            format!("The designation '{value}' has no use and is in the code system's language ({language}), so it is the display, but the display is '{display}'"),
        ),
        _ => return,
    };
    walk.sink
        .warning(IssueType::BusinessRule, id, path, designation.pos, message);
}
