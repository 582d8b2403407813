//! The limits a profile's element puts on a primitive value: `maxLength`, and the `minLength`,
//! `regex`, `maxSize` (base64Binary) and `maxDecimalPlaces` extensions. The reference
//! validator's `InstanceValidator.checkPrimitive`, reading them from the element definition.

use crate::json::JsonValue;
use crate::validate::issue::IssueType;
use crate::validate::profile::{ElementNode, Limits};
use crate::validate::walk::{Item, Walk};

/// Types whose length the reference checks against `maxLength`.
const LENGTH_TYPES: &[&str] = &[
    "string",
    "String",
    "uri",
    "url",
    "canonical",
    "oid",
    "uuid",
    "code",
    "dateTime",
    "date",
];

/// Checks `text`, the value of `item` as written (a non-empty string, or a number's text).
pub(super) fn check(
    walk: &mut Walk<'_>,
    element: &ElementNode,
    item: &Item<'_>,
    json: &JsonValue,
    text: &str,
) {
    let limits = &element.limits;
    if is_unlimited(limits) {
        return;
    }
    let code = item.type_code.as_str();
    // Lengths as the reference counts them: UTF-16 code units.
    let length = || text.encode_utf16().count() as u64;
    if let Some(min) = limits.min_length.filter(|&min| length() < min) {
        error(
            walk,
            IssueType::Invalid,
            "primitive.too_short",
            item,
            json,
            format!(
                "{} is {} characters long, shorter than the minimum length of {min}",
                item.path,
                length()
            ),
        );
    }
    if let Some((pattern, regex)) = &limits.regex {
        if !regex.is_match(text) {
            error(
                walk,
                IssueType::Invalid,
                "primitive.profile_regex",
                item,
                json,
                format!(
                    "The value '{}' does not match the regex '{pattern}' of its element",
                    super::shorten(text)
                ),
            );
        }
    }
    if let Some(max) = limits.max_length {
        if LENGTH_TYPES.contains(&code) && length() > max {
            error(
                walk,
                IssueType::Invalid,
                "primitive.max_length",
                item,
                json,
                format!(
                    "{} is {} characters long, more than the maximum length of {max}",
                    item.path,
                    length()
                ),
            );
        }
    }
    if let Some(max) = limits.max_decimal_places.filter(|_| code == "decimal") {
        let places = text.find('.').map_or(0, |dot| {
            text.get(dot + 1..).unwrap_or_default().chars().count()
        }) as u64;
        if places > max {
            error(
                walk,
                IssueType::Structure,
                "primitive.decimal_places",
                item,
                json,
                format!("The value '{text}' has {places} decimal places, more than the maximum of {max}"),
            );
        }
    }
    if let Some(max) = limits.max_size.filter(|_| code == "base64Binary") {
        // Invalid base64 is reported by the base64Binary check.
        if let Some(size) = decoded_length(text).filter(|&size| size > max) {
            error(
                walk,
                IssueType::Structure,
                "primitive.max_size",
                item,
                json,
                format!(
                    "The base64 data is {size} bytes, more than the maximum size of {max} bytes"
                ),
            );
        }
    }
}

fn is_unlimited(limits: &Limits) -> bool {
    limits.max_length.is_none()
        && limits.min_length.is_none()
        && limits.regex.is_none()
        && limits.max_size.is_none()
        && limits.max_decimal_places.is_none()
}

/// The bytes base64 text decodes to (whitespace between the characters ignored, as FHIR allows);
/// `None` when it is not valid base64.
pub(crate) fn decode_base64(data: &str) -> Option<Vec<u8>> {
    use base64::Engine as _;
    let compact: String = data.chars().filter(|c| !c.is_whitespace()).collect();
    base64::engine::general_purpose::STANDARD
        .decode(compact)
        .ok()
}

/// The number of bytes base64 text decodes to; `None` when it is not valid base64.
fn decoded_length(data: &str) -> Option<u64> {
    decode_base64(data).map(|bytes| bytes.len() as u64)
}

fn error(
    walk: &mut Walk<'_>,
    kind: IssueType,
    id: &'static str,
    item: &Item<'_>,
    json: &JsonValue,
    message: String,
) {
    walk.sink.error(kind, id, &item.path, json.pos, message);
}
