//! A compact JWS in `Bundle.signature.data` (`application/jose`): its header decodes to JSON; the
//! signing time it gives (`sigT`, else `iat`) is `Signature.when`; its canonicalization agrees
//! with `Signature.targetFormat`; it names the signer's key (`kid`) or certificate (`x5c`), whose
//! subject is `Signature.who`; and its payload is detached (empty), the signed content being the
//! Bundle itself. With a certificate, `report` verifies it.

use base64::Engine as _;
use serde_json::Value;

use crate::json::JsonValue;
use crate::validate::issue::IssueType;
use crate::validate::walk::{Item, Walk};

use super::{certificate, report};

/// Decodes one part of a compact JWS (base64url without padding; padded or standard base64 also
/// accepted, as lenient readers do).
pub(super) fn decode_part(part: &str) -> Option<Vec<u8>> {
    let trimmed = part.trim_end_matches('=');
    base64::engine::general_purpose::URL_SAFE_NO_PAD
        .decode(trimmed.as_bytes())
        .or_else(|_| base64::engine::general_purpose::STANDARD_NO_PAD.decode(trimmed.as_bytes()))
        .ok()
}

pub(super) fn check(walk: &mut Walk<'_>, item: &Item<'_>, signature: &JsonValue, token: &str) {
    // The reference reports these at the Bundle.
    let path = item
        .path
        .strip_suffix(".signature")
        .unwrap_or(item.path.as_str());
    let pos = signature.pos;
    let parts: Vec<&str> = token.split('.').collect();
    let header = parts
        .first()
        .and_then(|part| decode_part(part))
        .and_then(|bytes| serde_json::from_slice::<Value>(&bytes).ok())
        .filter(Value::is_object);
    let Some(header) = header else {
        walk.sink.error(
            IssueType::Invalid,
            "signature.header_invalid",
            path,
            pos,
            "The header of the JWS in the signature data is not base64url-encoded JSON".to_string(),
        );
        return;
    };
    // 1. The signing time.
    let mut signed_at = match header.get("sigT") {
        Some(Value::String(text))
            if text.bytes().all(|b| b.is_ascii_digit()) && !text.is_empty() =>
        {
            wrong_time_format(walk, path, pos, text);
            text.parse::<i64>().ok().map(iso_instant)
        }
        Some(Value::Number(number)) => {
            let text = number.to_string();
            wrong_time_format(walk, path, pos, &text);
            number.as_i64().map(iso_instant)
        }
        Some(Value::String(text)) => Some(text.clone()),
        _ => None,
    };
    if signed_at.is_none() {
        signed_at = header.get("iat").and_then(|iat| match iat {
            Value::Number(number) => number.as_i64().map(iso_instant),
            Value::String(text) => text.parse::<i64>().ok().map(iso_instant),
            _ => None,
        });
    }
    if signed_at.is_none() {
        walk.sink.warning(
            IssueType::NotFound,
            "signature.no_signing_time",
            path,
            pos,
            "The JWS header gives no signing time (neither sigT nor iat)".to_string(),
        );
    }
    match signature.get("when").and_then(JsonValue::as_str) {
        None => walk.sink.error(
            IssueType::NotFound,
            "signature.no_when",
            path,
            pos,
            "The signature has no 'when', so its signing time cannot be compared with the JWS"
                .to_string(),
        ),
        Some(when) => {
            if let Some(signed_at) = signed_at.as_deref().filter(|s| *s != when) {
                walk.sink.error(
                    IssueType::BusinessRule,
                    "signature.when_mismatch",
                    path,
                    pos,
                    format!("The JWS was signed at {signed_at}, but Signature.when is {when}"),
                );
            }
        }
    }
    // 2. The canonicalization (a `targetFormat` the reference cannot read as a mime type is an
    // error; its `canonicalization` parameter is taken as written).
    let mut xml = false;
    let mut target_canon = None;
    if let Some(target) = signature.get("targetFormat").and_then(JsonValue::as_str) {
        match read_mime_type(target) {
            Ok((base, canonicalization)) => {
                xml = base.contains("xml");
                target_canon = canonicalization;
            }
            Err(reason) => walk.sink.error(
                IssueType::Invalid,
                "signature.target_format_invalid",
                path,
                pos,
                format!("Signature.targetFormat '{target}' is not a valid mime type: {reason}"),
            ),
        }
    }
    let canon = match header.get("canon").and_then(Value::as_str) {
        None => match target_canon {
            Some(target_canon) => target_canon,
            None => {
                let bundle_type = walk.resource.get("type").and_then(JsonValue::as_str);
                let canon = format!(
                    "http://hl7.org/fhir/canonicalization/{}{}",
                    if xml { "xml" } else { "json" },
                    if bundle_type == Some("document") {
                        "#document"
                    } else {
                        ""
                    }
                );
                walk.sink.info(
                    IssueType::Informational,
                    "signature.canonicalization_default",
                    path,
                    pos,
                    format!("Neither the JWS header nor Signature.targetFormat gives a canonicalization, so {canon} is assumed"),
                );
                canon
            }
        },
        Some(canon) => {
            if let Some(target_canon) = target_canon.filter(|t| t != canon) {
                walk.sink.warning(
                    IssueType::NotFound,
                    "signature.canonicalization_differs",
                    path,
                    pos,
                    format!("The JWS header's canonicalization ({canon}) is not the one of Signature.targetFormat ({target_canon})"),
                );
            }
            xml = canon.contains("xml");
            canon.to_string()
        }
    };
    // 3. The purpose: the JAdES commitment in the header, else Signature.type.
    let purpose = report::Purpose::read(&header, signature);
    // 4. The signer's certificate: from `x5c`; Onramp holds no certificates for a `kid`.
    let mut certificate = None;
    if let Some(x5c) = header.get("x5c") {
        match certificate::read_x5c(x5c) {
            Ok(read) => certificate = Some(read),
            Err(reason) => walk.sink.error(
                IssueType::Invalid,
                "signature.certificate_invalid",
                path,
                pos,
                format!("The certificate in the JWS header (x5c) cannot be read: {reason}"),
            ),
        }
    } else if let Some(kid) = header.get("kid").and_then(Value::as_str) {
        walk.sink.warning(
            IssueType::NotFound,
            "signature.certificate_not_found",
            path,
            pos,
            format!("No certificate is known for the key id '{kid}' of the JWS header, so the signature is not verified"),
        );
    } else {
        walk.sink.warning(
            IssueType::NotFound,
            "signature.no_key",
            path,
            pos,
            "The JWS header names neither a key (kid) nor a certificate (x5c)".to_string(),
        );
    }
    // 5. Who signed.
    let who = signature.get("who");
    match &certificate {
        Some(certificate) => {
            let identifier = who
                .and_then(|who| who.get("identifier"))
                .and_then(|identifier| identifier.get("value"))
                .and_then(JsonValue::as_str);
            match identifier {
                Some(identifier) if !certificate.names.iter().any(|name| name == identifier) => {
                    walk.sink.info(
                        IssueType::Informational,
                        "signature.who_mismatch",
                        path,
                        pos,
                        format!(
                            "Signature.who.identifier.value '{identifier}' is none of the certificate's names ({})",
                            certificate
                                .names
                                .iter()
                                .map(|name| format!("'{name}'"))
                                .collect::<Vec<_>>()
                                .join(",")
                        ),
                    );
                }
                Some(_) => {}
                None => walk.sink.info(
                    IssueType::Informational,
                    "signature.who_recommended",
                    path,
                    pos,
                    format!(
                        "Signature.who should identify the signer (identifier.value '{}', the certificate's subject)",
                        certificate.subject
                    ),
                ),
            }
        }
        None => {
            let (id, message) = if who.is_none() {
                (
                    "signature.who_unknown",
                    "Neither Signature.who nor a certificate says who signed",
                )
            } else {
                (
                    "signature.who_unchecked",
                    "Without a certificate, Signature.who cannot be compared with the signer",
                )
            };
            walk.sink
                .info(IssueType::Informational, id, path, pos, message.to_string());
        }
    }
    // 6. The payload: detached (the signed content is the Bundle).
    let payload = parts.get(1).copied().unwrap_or_default();
    if !payload.is_empty() {
        walk.sink.warning(
            IssueType::Value,
            "signature.payload_present",
            path,
            pos,
            "The JWS carries a payload; a FHIR signature's payload is detached (the signed content is the Bundle itself)".to_string(),
        );
    }
    // 7. Verification, with the certificate's key.
    if let Some(certificate) = certificate {
        let jws = report::Jws {
            header: &header,
            header_part: parts.first().copied().unwrap_or_default(),
            payload_part: payload,
            signature_part: parts.get(2).copied().unwrap_or_default(),
        };
        let signed = report::Signed {
            canon: &canon,
            xml,
            signed_at: signed_at.as_deref(),
            purpose,
            certificate: &certificate,
        };
        report::verify_and_report(walk, path, pos, &jws, &signed);
    }
}

/// A mime type as the reference reads it: the base, then `;`-separated `name=value` parameters
/// (a parameter without `=` cannot be read); gives the base and the `canonicalization` parameter.
fn read_mime_type(text: &str) -> Result<(String, Option<String>), String> {
    let mut segments = text.split(';').map(str::trim);
    let base = segments.next().unwrap_or_default();
    let base = match base {
        "xml" => "application/fhir+xml",
        "json" => "application/fhir+json",
        "ttl" => "application/fhir+ttl",
        other => other,
    };
    let mut canonicalization = None;
    for parameter in segments {
        let (name, value) = parameter
            .split_once('=')
            .ok_or_else(|| format!("the parameter '{parameter}' has no '='"))?;
        if name == "canonicalization" {
            canonicalization = Some(value.to_string());
        }
    }
    Ok((base.to_string(), canonicalization))
}

fn wrong_time_format(walk: &mut Walk<'_>, path: &str, pos: crate::json::Pos, text: &str) {
    walk.sink.warning(
        IssueType::Invalid,
        "signature.signing_time_format",
        path,
        pos,
        format!("The JWS header's sigT ({text}) is a number of seconds; it should be an ISO 8601 date-time"),
    );
}

/// Seconds since 1970 as an ISO 8601 instant in UTC (`2025-06-13T10:00:00Z`).
fn iso_instant(seconds: i64) -> String {
    let days = seconds.div_euclid(86_400);
    let in_day = seconds.rem_euclid(86_400);
    // Civil date from days since 1970-01-01 (Howard Hinnant's algorithm).
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1_460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    format!(
        "{year:04}-{month:02}-{day:02}T{:02}:{:02}:{:02}Z",
        in_day / 3_600,
        in_day % 3_600 / 60,
        in_day % 60
    )
}

#[cfg(test)]
mod tests {
    use super::iso_instant;

    #[test]
    fn instants_are_utc_civil_times() {
        assert_eq!(iso_instant(0), "1970-01-01T00:00:00Z");
        assert_eq!(iso_instant(1_749_808_800), "2025-06-13T10:00:00Z");
    }
}
