//! The bytes a JSON `Bundle.signature` signs: the Bundle in canonical JSON as the reference
//! validator writes it (RFC 8785 style). Object members sorted by name (UTF-16 order), no
//! whitespace, strings escaped only where JSON requires it (`"`, `\`, control characters), and
//! numbers in their ECMAScript form (`4.50` is `4.5`, `1E30` is `1e+30`). The Bundle's own
//! `signature` is left out, and with the `#document` canonicalization its `id` and `meta` too.

use crate::json::{JsonKind, JsonValue};

/// The canonical JSON of `bundle`, without the members the canonicalization leaves out.
pub(super) fn signable_bundle(bundle: &JsonValue, document: bool) -> Vec<u8> {
    let left_out: &[&str] = if document {
        &["id", "_id", "meta", "signature"]
    } else {
        &["signature"]
    };
    let mut out = String::new();
    write_object(&mut out, bundle, left_out);
    out.into_bytes()
}

/// The canonical JSON of any value (for comparing an attached payload with the Bundle).
pub(super) fn canonical(value: &JsonValue) -> String {
    let mut out = String::new();
    write_value(&mut out, value);
    out
}

fn write_object(out: &mut String, value: &JsonValue, left_out: &[&str]) {
    let mut members: Vec<(&str, &JsonValue)> = value
        .members()
        .filter(|(key, _)| !left_out.contains(key))
        .collect();
    members.sort_by(|(left, _), (right, _)| left.encode_utf16().cmp(right.encode_utf16()));
    out.push('{');
    for (index, (key, member)) in members.into_iter().enumerate() {
        if index > 0 {
            out.push(',');
        }
        write_string(out, key);
        out.push(':');
        write_value(out, member);
    }
    out.push('}');
}

fn write_value(out: &mut String, value: &JsonValue) {
    match &value.kind {
        JsonKind::Null => out.push_str("null"),
        JsonKind::Bool(true) => out.push_str("true"),
        JsonKind::Bool(false) => out.push_str("false"),
        JsonKind::Number(text) => out.push_str(&canonical_number(text)),
        JsonKind::String(text) => write_string(out, text),
        JsonKind::Array(items) => {
            out.push('[');
            for (index, item) in items.iter().enumerate() {
                if index > 0 {
                    out.push(',');
                }
                write_value(out, item);
            }
            out.push(']');
        }
        JsonKind::Object(_) => write_object(out, value, &[]),
    }
}

fn write_string(out: &mut String, text: &str) {
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\u{8}' => out.push_str("\\b"),
            '\u{c}' => out.push_str("\\f"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if u32::from(c) < 0x20 => out.push_str(&format!("\\u{:04x}", u32::from(c))),
            c => out.push(c),
        }
    }
    out.push('"');
}

/// A JSON number as the reference's canonical writer gives it: the double it denotes, in decimal
/// form when its magnitude is between 1e-7 and 1e21 (at most 15 decimals past the leading digit's
/// scale), else as `d.ddde±x`. Text that is not a finite number is kept as written.
pub(super) fn canonical_number(text: &str) -> String {
    let Ok(value) = text.parse::<f64>() else {
        return text.to_string();
    };
    if !value.is_finite() {
        return text.to_string();
    }
    if value == 0.0 {
        return "0".to_string();
    }
    let sign = if value < 0.0 { "-" } else { "" };
    // The shortest digits that round-trip, and the power of ten of the first one.
    let scientific = format!("{:e}", value.abs());
    let Some((mantissa, exponent)) = scientific.split_once('e') else {
        return text.to_string();
    };
    let Ok(exponent) = exponent.parse::<i32>() else {
        return text.to_string();
    };
    let digits: String = mantissa.chars().filter(char::is_ascii_digit).collect();
    let exponential = exponent <= -7 || exponent >= 21;
    // Sixteen significant digits in exponential form; in decimal form, 15 decimals past the
    // leading digit's scale (the precision of the reference's `%.15f`).
    let keep = if exponential || exponent < 0 {
        16
    } else {
        usize::try_from(exponent).unwrap_or(0) + 16
    };
    let (digits, exponent) = round_half_up(&digits, exponent, keep);
    let digits = digits.trim_end_matches('0');
    let digits = if digits.is_empty() { "0" } else { digits };
    if exponential {
        let (first, rest) = digits.split_at(1.min(digits.len()));
        let fraction = if rest.is_empty() {
            String::new()
        } else {
            format!(".{rest}")
        };
        let exponent_sign = if exponent < 0 { "-" } else { "+" };
        return format!("{sign}{first}{fraction}e{exponent_sign}{}", exponent.abs());
    }
    if exponent < 0 {
        let zeros = "0".repeat(usize::try_from(-exponent - 1).unwrap_or(0));
        return format!("{sign}0.{zeros}{digits}");
    }
    let integer_len = usize::try_from(exponent).unwrap_or(0) + 1;
    if digits.len() <= integer_len {
        let zeros = "0".repeat(integer_len - digits.len());
        format!("{sign}{digits}{zeros}")
    } else {
        let (integer, fraction) = digits.split_at(integer_len);
        format!("{sign}{integer}.{fraction}")
    }
}

/// `digits` (a significand, first digit non-zero) rounded half-up to `keep` digits; a carry
/// (`999` to `1000`) raises the exponent.
fn round_half_up(digits: &str, exponent: i32, keep: usize) -> (String, i32) {
    if digits.len() <= keep {
        return (digits.to_string(), exponent);
    }
    let (kept, dropped) = digits.split_at(keep);
    let mut kept: Vec<u8> = kept.bytes().collect();
    if dropped.as_bytes().first().is_some_and(|d| *d >= b'5') {
        let mut carry = true;
        for digit in kept.iter_mut().rev() {
            if *digit == b'9' {
                *digit = b'0';
            } else {
                *digit += 1;
                carry = false;
                break;
            }
        }
        if carry {
            kept.insert(0, b'1');
            kept.pop();
            return (String::from_utf8_lossy(&kept).into_owned(), exponent + 1);
        }
    }
    (String::from_utf8_lossy(&kept).into_owned(), exponent)
}

#[cfg(test)]
mod tests {
    use super::{canonical, canonical_number};
    use crate::json::parse;

    #[test]
    fn numbers_take_their_ecmascript_form() {
        for (input, expected) in [
            ("0", "0"),
            ("-0.0", "0"),
            ("1", "1"),
            ("-1", "-1"),
            ("4.50", "4.5"),
            ("123.456", "123.456"),
            ("0.0001234", "0.0001234"),
            ("333333333.33333329", "333333333.3333333"),
            ("1E30", "1e+30"),
            ("2e-3", "0.002"),
            ("0.000000000000000000000000001", "1e-27"),
            ("100", "100"),
            ("1.23e+20", "123000000000000000000"),
        ] {
            assert_eq!(canonical_number(input), expected, "{input}");
        }
    }

    #[test]
    fn members_are_sorted_and_strings_escaped_as_json_requires() {
        let parsed = parse(
            br#"{"numbers": [333333333.33333329, 1E30, 4.50, 2e-3, 0.000000000000000000000000001],
            "string": "\u20ac$\u000F\u000aA'\u0042\u0022\u005c\\\"\/", "literals": [null, true, false]}"#,
        );
        let value = parsed.value.expect("the test input is JSON");
        assert_eq!(
            canonical(&value),
            r#"{"literals":[null,true,false],"numbers":[333333333.3333333,1e+30,4.5,0.002,1e-27],"string":"€$\u000f\nA'B\"\\\\\"/"}"#
        );
    }
}
