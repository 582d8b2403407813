//! Primitive values: the JSON kind (string, number, boolean), values without content (empty,
//! all whitespace, or only extensions where a required binding wants a code), the regex of the
//! type definition, integer ranges, decimals an implementation can hold, whitespace in strings,
//! and the `_name` companion (id and extensions); the limits of the profile's element are in
//! `limits`. The reference validator's
//! `InstanceValidator.checkPrimitive`; URIs, dates and the type of a StructureDefinition are in
//! the submodules.

mod limits;
mod sd_type;
mod temporal;
mod uri;
mod url_resolution;

pub(crate) use limits::decode_base64;
pub(crate) use uri::is_absolute_url;
pub(crate) use url_resolution::is_example_url;

use crate::json::{JsonKind, JsonValue};
use crate::validate::issue::IssueType;
use crate::validate::profile::ElementNode;
use crate::validate::walk::{Item, Walk};

/// Checks one primitive value and its companion.
pub(crate) fn check(walk: &mut Walk<'_>, element: &ElementNode, item: &Item<'_>) {
    let code = item.type_code.as_str();
    if let Some(companion) = item.companion {
        companion_object(walk, companion, &item.path);
    }
    let Some(json) = item.json else {
        // `_name: {}` says nothing either: no id, no extensions.
        let says_nothing = item
            .companion
            .is_none_or(|c| c.is_object() && c.members().next().is_none());
        if says_nothing {
            walk.sink.error(
                IssueType::Structure,
                "primitive.no_value",
                &item.path,
                item.pos,
                format!("{} has neither a value nor extensions", item.path),
            );
        }
        required_code_missing(walk, element, item, item.pos);
        return;
    };
    if let Some(text) = json.as_str().or_else(|| json.number_text()) {
        if !text.is_empty() {
            limits::check(walk, element, item, json, text);
        }
    }
    match expected_kind(code) {
        Kind::Boolean => {
            if !matches!(json.kind, JsonKind::Bool(_)) {
                wrong_kind(walk, item, json, "a JSON boolean");
            }
        }
        Kind::Integer => match json.number_text() {
            Some(text) => integer(walk, item, json, text),
            None => wrong_kind(walk, item, json, "a JSON number"),
        },
        Kind::Decimal => match json.number_text() {
            Some(text) => decimal_range(walk, item, json, text),
            None => wrong_kind(walk, item, json, "a JSON number"),
        },
        Kind::String => match json.as_str() {
            Some(text) => string(walk, element, item, json, code, text),
            None => wrong_kind(walk, item, json, "a JSON string"),
        },
    }
}

enum Kind {
    Boolean,
    Integer,
    Decimal,
    String,
}

fn expected_kind(code: &str) -> Kind {
    match code {
        "boolean" | "Boolean" => Kind::Boolean,
        "integer" | "positiveInt" | "unsignedInt" | "Integer" => Kind::Integer,
        "decimal" | "Decimal" => Kind::Decimal,
        _ => Kind::String,
    }
}

fn wrong_kind(walk: &mut Walk<'_>, item: &Item<'_>, json: &JsonValue, expected: &str) {
    walk.sink.error(
        IssueType::Invalid,
        "primitive.json_kind",
        &item.path,
        json.pos,
        format!(
            "{} is a {}: its value must be {expected}, found a {}",
            item.path,
            item.type_code,
            json.kind_name()
        ),
    );
}

fn bad_value(
    walk: &mut Walk<'_>,
    item: &Item<'_>,
    json: &JsonValue,
    id: &'static str,
    detail: String,
) {
    walk.sink
        .error(IssueType::Invalid, id, &item.path, json.pos, detail);
}

/// A value-less (or blank) primitive where a required binding wants a code.
fn required_code_missing(
    walk: &mut Walk<'_>,
    element: &ElementNode,
    item: &Item<'_>,
    pos: crate::json::Pos,
) {
    let required = element
        .binding
        .as_ref()
        .is_some_and(|b| b.strength == "required");
    if required && !has_cross_version_value(item) {
        walk.sink.error(
            IssueType::CodeInvalid,
            "primitive.required_code_missing",
            &item.path,
            pos,
            format!(
                "{} has no code, and a code is required from the value set of its required binding",
                item.path
            ),
        );
    }
}

/// A cross-version extension of the element itself
/// (`http://hl7.org/fhir/5.0/StructureDefinition/extension-ValueSet.compose.include.filter.op`)
/// stands in for the value, as the reference validator's cross-version support reads it.
fn has_cross_version_value(item: &Item<'_>) -> bool {
    item.companion
        .and_then(|c| c.get("extension"))
        .map(JsonValue::items)
        .unwrap_or_default()
        .iter()
        .filter_map(|e| e.get("url").and_then(JsonValue::as_str))
        .any(|url| {
            url.strip_prefix("http://hl7.org/fhir/")
                .is_some_and(|rest| rest.contains("/StructureDefinition/extension-"))
        })
}

fn integer(walk: &mut Walk<'_>, item: &Item<'_>, json: &JsonValue, text: &str) {
    let Ok(value) = text.parse::<i64>() else {
        bad_value(
            walk,
            item,
            json,
            "primitive.integer",
            format!(
                "The value '{text}' is not a valid {} (a whole number is expected)",
                item.type_code
            ),
        );
        return;
    };
    let (low, what) = match item.type_code.as_str() {
        "positiveInt" => (1, "at least 1"),
        "unsignedInt" => (0, "at least 0"),
        _ => (i64::from(i32::MIN), "a 32-bit integer"),
    };
    if value < low || value > i64::from(i32::MAX) {
        bad_value(
            walk,
            item,
            json,
            "primitive.integer_range",
            format!(
                "The value '{text}' is out of range for {}: it must be {what} and at most {}",
                item.type_code,
                i32::MAX
            ),
        );
    }
}

/// A decimal with more than 18 digits or an exponent of more than 4 digits is beyond what
/// implementations are expected to hold (a warning).
fn decimal_range(walk: &mut Walk<'_>, item: &Item<'_>, json: &JsonValue, text: &str) {
    let (mantissa, exponent) = match text.find(['e', 'E']) {
        Some(at) => (
            text.get(..at).unwrap_or_default(),
            text.get(at + 1..).unwrap_or_default(),
        ),
        None => (text, ""),
    };
    let digits = mantissa.chars().filter(char::is_ascii_digit).count();
    let exponent_digits = exponent.chars().filter(char::is_ascii_digit).count();
    if digits > 18 || exponent_digits > 4 {
        walk.sink.warning(
            IssueType::Value,
            "primitive.decimal_range",
            &item.path,
            json.pos,
            format!("The value '{text}' is outside the range of commonly supported decimals (at most 18 digits and a 4-digit exponent)"),
        );
    }
}

/// Java's `Character.isWhitespace`: Unicode spaces except the no-break ones.
fn is_java_whitespace(c: char) -> bool {
    c.is_whitespace() && !matches!(c, '\u{a0}' | '\u{2007}' | '\u{202f}')
        || matches!(c, '\u{1c}'..='\u{1f}')
}

fn string(
    walk: &mut Walk<'_>,
    element: &ElementNode,
    item: &Item<'_>,
    json: &JsonValue,
    code: &str,
    text: &str,
) {
    if text.is_empty() {
        bad_value(
            walk,
            item,
            json,
            "primitive.empty",
            format!("{} is an empty string; @value cannot be empty", item.path),
        );
        required_code_missing(walk, element, item, json.pos);
        return;
    }
    if text.chars().all(is_java_whitespace) {
        walk.sink.warning(
            IssueType::Invalid,
            "primitive.whitespace_only",
            &item.path,
            json.pos,
            format!(
                "{} is all whitespace; a value should have content",
                item.path
            ),
        );
        required_code_missing(walk, element, item, json.pos);
        return;
    }
    if code == "xhtml" {
        return;
    }
    if matches!(code, "string" | "String") {
        string_whitespace(walk, item, json, text);
    }
    let ascii_trimmed = text.trim_matches(|c: char| c.is_ascii_whitespace());
    if ascii_trimmed != text && !matches!(code, "string" | "markdown" | "String") {
        bad_value(
            walk,
            item,
            json,
            "primitive.whitespace",
            format!("The {code} value '{text}' has leading or trailing whitespace"),
        );
        return;
    }
    if text.chars().count() > 1_048_576 {
        bad_value(
            walk,
            item,
            json,
            "primitive.too_long",
            format!("{} is longer than 1 MB", item.path),
        );
        return;
    }
    if matches!(code, "oid" | "uuid") && !uri::prefix(walk, item, json, code, text) {
        return;
    }
    if let Some(regex) = walk.defs.primitive_regex(code) {
        if !regex.is_match(text) {
            bad_value(
                walk,
                item,
                json,
                "primitive.format",
                format!("The value '{}' is not a valid {code}", shorten(text)),
            );
            return;
        }
    }
    if matches!(code, "uri" | "url" | "canonical" | "oid" | "uuid") {
        if !uri::check(walk, element, item, json, code, text) {
            return;
        }
        url_resolution::check(walk, element, item, json, code, text);
    }
    match code {
        "date" | "dateTime" | "instant" => temporal::date(walk, item, json, code, text),
        "time" => temporal::time(walk, item, json, text),
        "base64Binary" => base64(walk, item, json, text),
        _ => {}
    }
    if element.path == "StructureDefinition.type" {
        sd_type::check(walk, item, json, text);
    }
}

/// A string with no content but whitespace of any kind (no-break spaces included), or with
/// leading or trailing whitespace: warnings.
fn string_whitespace(walk: &mut Walk<'_>, item: &Item<'_>, json: &JsonValue, text: &str) {
    let (id, what) = if text.chars().all(char::is_whitespace) {
        ("primitive.string_whitespace_only", "is all whitespace")
    } else if text.trim() != text {
        (
            "primitive.string_whitespace",
            "has leading or trailing whitespace",
        )
    } else {
        return;
    };
    walk.sink.warning(
        IssueType::Invalid,
        id,
        &item.path,
        json.pos,
        format!(
            "The string value '{}' {what}",
            shorten(&text.escape_debug().to_string())
        ),
    );
}

pub(super) fn shorten(text: &str) -> String {
    if text.chars().count() > 80 {
        let head: String = text.chars().take(77).collect();
        format!("{head}...")
    } else {
        text.to_string()
    }
}

/// Valid base64 (a `primitive.range` error otherwise); whitespace in it is a warning in R4.
fn base64(walk: &mut Walk<'_>, item: &Item<'_>, json: &JsonValue, text: &str) {
    use base64::Engine as _;
    let compact: String = text.chars().filter(|c| !c.is_whitespace()).collect();
    if base64::engine::general_purpose::STANDARD
        .decode(&compact)
        .is_err()
    {
        bad_value(
            walk,
            item,
            json,
            "primitive.range",
            format!("The value '{}' is not a valid base64Binary", shorten(text)),
        );
    } else if compact.len() != text.len() {
        walk.sink.warning(
            IssueType::Invalid,
            "primitive.base64_whitespace",
            &item.path,
            json.pos,
            "The base64 value contains whitespace, which is not allowed in R5 and later"
                .to_string(),
        );
    }
}

/// The `_name` companion holds only `id` and `extension`.
fn companion_object(walk: &mut Walk<'_>, companion: &JsonValue, path: &str) {
    if !companion.is_object() {
        walk.sink.error(
            IssueType::Structure,
            "json.companion_shape",
            path,
            companion.pos,
            format!(
                "The _ companion of {path} must be a JSON object, found a {}",
                companion.kind_name()
            ),
        );
        return;
    }
    walk.primitive_extensions(companion, path);
}
