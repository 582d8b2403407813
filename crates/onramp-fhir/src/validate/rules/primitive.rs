//! Primitive values: the JSON kind (string, number, boolean), the regex of the type definition,
//! date and time ranges, integer ranges, base64, and the `_name` companion (id and extensions).

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
        if item.companion.is_none() {
            walk.sink.error(
                IssueType::Structure,
                "primitive.no_value",
                &item.path,
                item.pos,
                format!("{} has neither a value nor extensions", item.path),
            );
        }
        return;
    };
    let _ = element;
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
        Kind::Decimal => {
            if json.number_text().is_none() {
                wrong_kind(walk, item, json, "a JSON number");
            }
        }
        Kind::String => match json.as_str() {
            Some(text) => string(walk, item, json, code, text),
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

fn string(walk: &mut Walk<'_>, item: &Item<'_>, json: &JsonValue, code: &str, text: &str) {
    if text.is_empty() {
        bad_value(
            walk,
            item,
            json,
            "primitive.empty",
            format!("{} is an empty string; @value cannot be empty", item.path),
        );
        return;
    }
    if code == "xhtml" {
        return;
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
        // `oid:` and `uuid:` are not URI schemes; the reference validator rejects them.
        for scheme in ["oid", "uuid"] {
            if text.starts_with(scheme)
                && text
                    .get(scheme.len()..)
                    .is_some_and(|rest| rest.starts_with(':'))
            {
                bad_value(
                    walk,
                    item,
                    json,
                    if scheme == "oid" {
                        "primitive.uri_oid"
                    } else {
                        "primitive.uri_uuid"
                    },
                    format!("URI values cannot start with {scheme}: (use urn:{scheme}:)"),
                );
                return;
            }
        }
    }
    if matches!(code, "uri" | "url" | "canonical") {
        if let Some(uuid) = text.strip_prefix("urn:uuid:") {
            let ok = uuid.len() == 36
                && uuid.chars().enumerate().all(|(i, c)| {
                    if matches!(i, 8 | 13 | 18 | 23) {
                        c == '-'
                    } else {
                        c.is_ascii_digit() || ('a'..='f').contains(&c)
                    }
                });
            if !ok {
                bad_value(
                    walk,
                    item,
                    json,
                    "primitive.uuid",
                    format!("UUIDs must be valid and lowercase ({uuid})"),
                );
                return;
            }
        }
    }
    let valid = match code {
        "date" | "dateTime" | "instant" => date_ranges(text),
        "time" => time_ranges(text),
        "base64Binary" => base64_ok(text),
        _ => true,
    };
    if !valid {
        bad_value(
            walk,
            item,
            json,
            "primitive.range",
            format!("The value '{}' is not a valid {code}", shorten(text)),
        );
    }
}

fn shorten(text: &str) -> String {
    if text.chars().count() > 80 {
        let head: String = text.chars().take(77).collect();
        format!("{head}...")
    } else {
        text.to_string()
    }
}

/// Month 1–12, day within the month (leap years included), hour, minute, second in range.
fn date_ranges(text: &str) -> bool {
    let date = text.split('T').next().unwrap_or_default();
    let mut parts = date.split('-');
    let year: Option<u32> = parts.next().and_then(|y| y.parse().ok());
    let month: Option<u32> = parts.next().and_then(|m| m.parse().ok());
    let day: Option<u32> = parts.next().and_then(|d| d.parse().ok());
    if let (Some(year), Some(month)) = (year, month) {
        if !(1..=12).contains(&month) {
            return false;
        }
        if let Some(day) = day {
            let leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0);
            let days = match month {
                2 if leap => 29,
                2 => 28,
                4 | 6 | 9 | 11 => 30,
                _ => 31,
            };
            if day == 0 || day > days {
                return false;
            }
        }
    }
    match text.split_once('T') {
        Some((_, time)) => {
            let time = time.split(['Z', '+']).next().unwrap_or_default();
            let time = match time.rfind('-') {
                Some(position) => time.get(..position).unwrap_or(time),
                None => time,
            };
            time_ranges(time) && offset_ok(text)
        }
        None => true,
    }
}

fn offset_ok(text: &str) -> bool {
    let Some((_, time)) = text.split_once('T') else {
        return true;
    };
    let offset = time.rfind(['+', '-']).and_then(|p| time.get(p + 1..));
    match offset {
        Some(offset) => {
            let mut parts = offset.split(':');
            let hours: u32 = parts.next().and_then(|h| h.parse().ok()).unwrap_or(0);
            let minutes: u32 = parts.next().and_then(|m| m.parse().ok()).unwrap_or(0);
            hours <= 14 && minutes < 60
        }
        None => true,
    }
}

fn time_ranges(text: &str) -> bool {
    let mut parts = text.split(':');
    let hour: u32 = parts.next().and_then(|h| h.parse().ok()).unwrap_or(0);
    let minute: u32 = parts.next().and_then(|m| m.parse().ok()).unwrap_or(0);
    let second: f64 = parts.next().and_then(|s| s.parse().ok()).unwrap_or(0.0);
    hour < 24 && minute < 60 && second < 60.0
}

fn base64_ok(text: &str) -> bool {
    use base64::Engine as _;
    let compact: String = text.chars().filter(|c| !c.is_whitespace()).collect();
    base64::engine::general_purpose::STANDARD
        .decode(compact)
        .is_ok()
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
