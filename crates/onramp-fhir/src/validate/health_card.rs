//! SMART Health Cards (<https://spec.smarthealth.cards>): a card file
//! (`{"verifiableCredential": ["<JWS>", …]}`), a bare compact JWS, or a QR code's numeric text
//! (`shc:/…`, single or chunked) is decoded — QR digits to the JWS, the JWS header and payload,
//! the payload's raw DEFLATE — its claims are checked as the reference validator's card parser
//! checks them, and the FHIR Bundle inside (`vc.credentialSubject.fhirBundle`) is validated like
//! any resource, with its locations under `payload.vc.credentialSubject` and its line and column in
//! the decoded payload.
//!
//! The validator works offline: it does not fetch the issuer's keys
//! (`{iss}/.well-known/jwks.json`) or the trusted-issuer directory, so a card's signature is
//! reported as not verified (information) rather than as valid or invalid.

use std::io::Read;
use std::sync::Arc;

use base64::Engine as _;

use super::issue::{Issue, IssueSink, IssueType, Severity};
use super::profile::Profile;
use super::Validator;
use crate::json::{parse, JsonValue, Pos};

/// The longest JWS a single QR code holds (the specification's version 22 QR code limit).
const MAX_SINGLE_QR_JWS: usize = 1195;

/// The most a compressed payload may inflate to: cards are a few kilobytes; this stops a
/// decompression bomb.
const MAX_PAYLOAD_BYTES: u64 = 4 * 1024 * 1024;

/// The `vc.type` every card carries.
const HEALTH_CARD_TYPE: &str = "https://smarthealth.cards#health-card";

/// The package that defines the profiles a card's types imply.
const CARD_PACKAGE: &str = "hl7.fhir.uv.shc-vaccination#0.6.2";

/// Whether these bytes are a SMART Health Card rather than a FHIR resource: a card file (a JSON
/// object with `verifiableCredential` and no `resourceType`), QR text (`shc:/`), or a compact JWS.
pub fn is_health_card(bytes: &[u8]) -> bool {
    let Ok(text) = std::str::from_utf8(bytes) else {
        return false;
    };
    let text = text.trim_start_matches('\u{feff}').trim();
    if text.starts_with("shc:/") {
        return true;
    }
    if text.starts_with('{') {
        return text.contains("\"verifiableCredential\"")
            && parse(text.as_bytes()).value.is_some_and(|v| {
                v.get("verifiableCredential").is_some() && v.get("resourceType").is_none()
            });
    }
    looks_like_jws(text)
}

/// Three base64url parts whose first is a JSON object with `alg`.
fn looks_like_jws(text: &str) -> bool {
    let parts: Vec<&str> = text.split('.').collect();
    let [header, _, _] = parts.as_slice() else {
        return false;
    };
    if !text
        .bytes()
        .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_' || b == b'.')
    {
        return false;
    }
    decode_base64url(header)
        .ok()
        .and_then(|header| serde_json::from_slice::<serde_json::Value>(&header).ok())
        .is_some_and(|header| header.get("alg").is_some())
}

fn decode_base64url(part: &str) -> Result<Vec<u8>, base64::DecodeError> {
    base64::engine::general_purpose::URL_SAFE_NO_PAD.decode(part.trim_end_matches('=').as_bytes())
}

impl Validator {
    /// Validates a SMART Health Card (see [`is_health_card`]): the card's own structure, then the
    /// FHIR Bundle of each credential against R4 and `profiles` (or, without `profiles`, the
    /// profile the card's types imply when its package is loaded).
    pub fn validate_health_card(&self, bytes: &[u8], profiles: &[Arc<Profile>]) -> Vec<Issue> {
        let mut card = Card {
            validator: self,
            profiles,
            sink: IssueSink::default(),
        };
        card.read(bytes);
        card.sink.issues
    }
}

/// One card's validation in progress.
struct Card<'a> {
    validator: &'a Validator,
    profiles: &'a [Arc<Profile>],
    sink: IssueSink,
}

/// Where the file starts (issues about the file itself, and the reference's `1, 1`).
const START: Pos = Pos { line: 1, column: 1 };

impl Card<'_> {
    fn read(&mut self, bytes: &[u8]) {
        let text = String::from_utf8_lossy(bytes);
        let text = text.trim_start_matches('\u{feff}').trim();
        if text.starts_with('{') {
            self.read_file(text);
        } else if text.starts_with("shc:/") {
            match decode_qr(text) {
                Ok(jws) => self.read_jws(&jws, ""),
                Err(message) => self.sink.error(
                    IssueType::Invalid,
                    "health_card.qr_invalid",
                    "",
                    START,
                    message,
                ),
            }
        } else {
            self.read_jws(text, "");
        }
    }

    /// A card file: `verifiableCredential`, an array of JWS strings.
    fn read_file(&mut self, text: &str) {
        let parsed = parse(text.as_bytes());
        let Some(root) = parsed.value.filter(JsonValue::is_object) else {
            self.sink.error(
                IssueType::Structure,
                "health_card.property_type",
                "$",
                START,
                "A health card file must be a JSON object with a verifiableCredential array"
                    .to_string(),
            );
            return;
        };
        let Some(credentials) = self.property(&root, "$", "verifiableCredential", "array") else {
            return;
        };
        for (index, credential) in credentials.items().iter().enumerate() {
            let prefix = format!("verifiableCredential[{index}].");
            match credential.as_str() {
                Some(jws) => self.read_jws(jws, &prefix),
                None => self.sink.error(
                    IssueType::Structure,
                    "health_card.property_type",
                    &format!("$.verifiableCredential[{index}]"),
                    credential.pos,
                    format!(
                        "Each verifiableCredential must be a JWS string, found a {}",
                        credential.kind_name()
                    ),
                ),
            }
        }
    }

    /// One compact JWS: header, payload (inflated when `zip` is `DEF`), claims, the Bundle.
    fn read_jws(&mut self, jws: &str, prefix: &str) {
        let at = format!("{prefix}jwt");
        if jws.len() > MAX_SINGLE_QR_JWS {
            self.sink.error(
                IssueType::TooLong,
                "health_card.too_long",
                &at,
                START,
                format!(
                    "The JWS is {} characters long; a health card that fits one QR code holds at most {MAX_SINGLE_QR_JWS}",
                    jws.len()
                ),
            );
        }
        let payload = match decode_jws(jws) {
            Ok(decoded) => {
                for problem in decoded.header_problems {
                    self.sink.error(
                        IssueType::Invalid,
                        "health_card.header",
                        &at,
                        START,
                        problem,
                    );
                }
                decoded.payload
            }
            Err(message) => {
                self.sink.error(
                    IssueType::Invalid,
                    "health_card.jws_invalid",
                    &format!("{prefix}JWT"),
                    START,
                    message,
                );
                return;
            }
        };
        let parsed = parse(&payload);
        let Some(payload) = parsed.value.filter(JsonValue::is_object) else {
            self.sink.error(
                IssueType::Invalid,
                "health_card.jws_invalid",
                &format!("{prefix}JWT"),
                START,
                "The JWS payload is not a JSON object".to_string(),
            );
            return;
        };
        self.claims(&payload, prefix);
    }

    /// The payload's claims (`iss`, `nbf`, `vc`), the credential and its Bundle.
    fn claims(&mut self, payload: &JsonValue, prefix: &str) {
        let path = format!("{prefix}payload");
        self.only_named(payload, &path, &["iss", "nbf", "vc"]);
        if let Some(issuer) = self.property(payload, &path, "iss", "string") {
            self.issuer(issuer, prefix);
        }
        self.property(payload, &path, "nbf", "number");
        let Some(vc) = payload.get("vc") else {
            self.sink.error(
                IssueType::Structure,
                "health_card.property_missing",
                &format!("{prefix}JWT"),
                START,
                "The payload has no property vc (the verifiable credential)".to_string(),
            );
            return;
        };
        let path = format!("{path}.vc");
        self.only_named(vc, &path, &["type", "credentialSubject"]);
        let Some(types) = self.property(vc, &path, "type", "array") else {
            return;
        };
        let mut names = Vec::new();
        for (index, item) in types.items().iter().enumerate() {
            match item.as_str() {
                Some(name) => names.push(name),
                None => self.sink.error(
                    IssueType::Structure,
                    "health_card.property_type",
                    &format!("{path}.type[{index}]"),
                    item.pos,
                    format!("Each type must be a string, found a {}", item.kind_name()),
                ),
            }
        }
        if !names.contains(&HEALTH_CARD_TYPE) {
            self.sink.error(
                IssueType::Structure,
                "health_card.not_health_card",
                &path,
                vc.pos,
                format!("The credential's types do not include {HEALTH_CARD_TYPE}, so it is not a health card and is not validated further"),
            );
            return;
        }
        let Some(subject) = self.property(vc, &path, "credentialSubject", "object") else {
            return;
        };
        let path = format!("{path}.credentialSubject");
        let Some(version) = self.property(subject, &path, "fhirVersion", "string") else {
            return;
        };
        let version_text = version.as_str().unwrap_or_default();
        if !version_text.starts_with("4.0.") && version_text != "4.0" {
            self.sink.error(
                IssueType::Structure,
                "health_card.fhir_version",
                &format!("{path}.fhirVersion"),
                version.pos,
                format!("The card claims FHIR version {version_text}; Onramp validates cards of FHIR R4 (4.0.x)"),
            );
            return;
        }
        let Some(bundle) = self.property(subject, &path, "fhirBundle", "object") else {
            return;
        };
        self.bundle(bundle, &path, &names);
    }

    /// `iss`: an https URL without a trailing `/`; and the signature, which is not verified offline.
    fn issuer(&mut self, issuer: &JsonValue, prefix: &str) {
        let at = format!("{prefix}jwt");
        let url = issuer.as_str().unwrap_or_default();
        if !url.starts_with("https://") {
            self.sink.error(
                IssueType::NotFound,
                "health_card.issuer",
                &at,
                issuer.pos,
                format!("The issuer '{url}' must start with https://"),
            );
        }
        if url.ends_with('/') {
            self.sink.error(
                IssueType::NotFound,
                "health_card.issuer",
                &at,
                issuer.pos,
                format!("The issuer '{url}' must not end with /"),
            );
        }
        self.sink.info(
            IssueType::Informational,
            "health_card.signature_not_verified",
            &at,
            issuer.pos,
            format!(
                "The signature was not verified: Onramp validates offline and does not fetch the issuer's keys from {}/.well-known/jwks.json",
                url.trim_end_matches('/')
            ),
        );
    }

    /// The Bundle, validated against `profiles` or the profile the card's types imply.
    fn bundle(&mut self, bundle: &JsonValue, path: &str, types: &[&str]) {
        let mut profiles: Vec<Arc<Profile>> = self.profiles.to_vec();
        if profiles.is_empty() {
            if let Some(url) = implied_profile(types) {
                match self.validator.definitions().profile(url) {
                    Some(profile) => profiles.push(profile),
                    None => self.sink.info(
                        IssueType::Informational,
                        "health_card.implied_profile_unavailable",
                        path,
                        bundle.pos,
                        format!("The card's types imply the profile {url} (package {CARD_PACKAGE}), which is not loaded: the Bundle was validated against FHIR R4 alone"),
                    ),
                }
            }
        }
        for mut issue in self.validator.validate_value(bundle, &profiles) {
            issue.expression = if issue.expression.is_empty() {
                format!("{path}.Bundle")
            } else {
                format!("{path}.{}", issue.expression)
            };
            self.sink.issues.push(issue);
        }
    }

    /// `object.name` when it is there with the JSON kind `kind`; an error when it is missing or
    /// of another kind.
    fn property<'j>(
        &mut self,
        object: &'j JsonValue,
        path: &str,
        name: &str,
        kind: &str,
    ) -> Option<&'j JsonValue> {
        let Some(value) = object.get(name) else {
            self.sink.error(
                IssueType::Structure,
                "health_card.property_missing",
                path,
                object.pos,
                format!("The property {name} is missing (a {kind} is required)"),
            );
            return None;
        };
        if value.kind_name() != kind {
            self.sink.error(
                IssueType::Structure,
                "health_card.property_type",
                &format!("{path}.{name}"),
                value.pos,
                format!(
                    "The property {name} must be a {kind}, found a {}",
                    value.kind_name()
                ),
            );
            return None;
        }
        Some(value)
    }

    /// A warning for each property of `object` not among `names`.
    fn only_named(&mut self, object: &JsonValue, path: &str, names: &[&str]) {
        for (key, value) in object.members() {
            if !names.contains(&key) {
                self.sink.push(
                    Severity::Warning,
                    IssueType::Structure,
                    "health_card.property_unknown",
                    &format!("{path}.{key}"),
                    value.pos,
                    format!(
                        "The property {key} is not one a health card defines here (expected {})",
                        names.join(", ")
                    ),
                );
            }
        }
    }
}

/// The profile the reference validator applies for these card types.
fn implied_profile(types: &[&str]) -> Option<&'static str> {
    let has = |suffix: &str| {
        types
            .iter()
            .any(|t| t.strip_prefix("https://smarthealth.cards#") == Some(suffix))
    };
    if has("covid19") && has("immunization") {
        Some("http://hl7.org/fhir/uv/shc-vaccination/StructureDefinition/shc-vaccination-bundle-dm")
    } else if has("covid19") && has("laboratory") {
        Some("http://hl7.org/fhir/uv/shc-vaccination/StructureDefinition/shc-covid19-laboratory-bundle-dm")
    } else if has("laboratory") {
        Some("http://hl7.org/fhir/uv/shc-vaccination/StructureDefinition/shc-infectious-disease-laboratory-bundle-dm")
    } else {
        None
    }
}

/// A decoded JWS: its payload bytes and what is wrong with its header for a health card.
struct DecodedJws {
    payload: Vec<u8>,
    header_problems: Vec<String>,
}

fn decode_jws(jws: &str) -> Result<DecodedJws, String> {
    let parts: Vec<&str> = jws.trim().split('.').collect();
    let [header, payload, signature] = parts.as_slice() else {
        return Err(format!(
            "A health card is a compact JWS of three parts separated by '.', this has {}",
            parts.len()
        ));
    };
    let header =
        decode_base64url(header).map_err(|_| "The JWS header is not base64url".to_string())?;
    let header: serde_json::Value =
        serde_json::from_slice(&header).map_err(|_| "The JWS header is not JSON".to_string())?;
    let raw =
        decode_base64url(payload).map_err(|_| "The JWS payload is not base64url".to_string())?;
    decode_base64url(signature).map_err(|_| "The JWS signature is not base64url".to_string())?;
    let mut header_problems = Vec::new();
    let alg = header.get("alg").and_then(serde_json::Value::as_str);
    if alg != Some("ES256") {
        header_problems.push(format!(
            "The JWS header's alg is {}; health cards are signed with ES256",
            alg.unwrap_or("missing")
        ));
    }
    let zip = header.get("zip").and_then(serde_json::Value::as_str);
    if zip != Some("DEF") {
        header_problems.push(format!(
            "The JWS header's zip is {}; a health card's payload is compressed (DEF)",
            zip.unwrap_or("missing")
        ));
    }
    if header
        .get("kid")
        .and_then(serde_json::Value::as_str)
        .is_none()
    {
        header_problems
            .push("The JWS header has no kid: the issuer's key cannot be chosen".to_string());
    }
    let payload = if zip == Some("DEF") {
        inflate(&raw)?
    } else {
        raw
    };
    Ok(DecodedJws {
        payload,
        header_problems,
    })
}

/// Raw DEFLATE (RFC 1951, no zlib header), at most [`MAX_PAYLOAD_BYTES`].
fn inflate(data: &[u8]) -> Result<Vec<u8>, String> {
    let mut out = Vec::new();
    flate2::read::DeflateDecoder::new(data)
        .take(MAX_PAYLOAD_BYTES + 1)
        .read_to_end(&mut out)
        .map_err(|e| format!("The JWS payload is not raw DEFLATE data: {e}"))?;
    if out.len() as u64 > MAX_PAYLOAD_BYTES {
        return Err(format!(
            "The JWS payload inflates to more than {} MiB",
            MAX_PAYLOAD_BYTES / (1024 * 1024)
        ));
    }
    Ok(out)
}

/// The JWS of QR text: `shc:/DIGITS` or, for a card split over several codes, one
/// `shc:/INDEX/COUNT/DIGITS` per line (in any order). Each two digits are one character: 45 + value.
fn decode_qr(text: &str) -> Result<String, String> {
    let lines: Vec<&str> = text
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect();
    let mut chunks: Vec<(usize, usize, &str)> = Vec::new();
    for line in &lines {
        let body = line
            .strip_prefix("shc:/")
            .ok_or_else(|| format!("Each QR line must start with shc:/, this one is '{line}'"))?;
        let pieces: Vec<&str> = body.split('/').collect();
        match pieces.as_slice() {
            [digits] => chunks.push((1, 1, digits)),
            [index, count, digits] => {
                let index: usize = index
                    .parse()
                    .map_err(|_| format!("The chunk number '{index}' is not a number"))?;
                let count: usize = count
                    .parse()
                    .map_err(|_| format!("The chunk count '{count}' is not a number"))?;
                chunks.push((index, count, digits));
            }
            _ => {
                return Err(format!(
                    "'{line}' is not shc:/DIGITS or shc:/INDEX/COUNT/DIGITS"
                ))
            }
        }
    }
    chunks.sort_by_key(|(index, _, _)| *index);
    let count = chunks.first().map_or(0, |(_, count, _)| *count);
    let complete = chunks.len() == count
        && chunks
            .iter()
            .enumerate()
            .all(|(i, (index, total, _))| *index == i + 1 && *total == count);
    if !complete {
        return Err(format!(
            "The QR text has {} of {count} chunks (each numbered 1 to {count} once)",
            chunks.len()
        ));
    }
    let mut jws = String::new();
    for (_, _, digits) in chunks {
        let bytes = digits.as_bytes();
        if bytes.len() % 2 != 0 || !bytes.iter().all(u8::is_ascii_digit) {
            return Err("A QR chunk's data must be pairs of digits".to_string());
        }
        for pair in bytes.chunks_exact(2) {
            let [tens, ones] = pair else { continue };
            let value = (tens - b'0') * 10 + (ones - b'0');
            if value > 77 {
                return Err(format!(
                    "The QR digits {value:02} are out of range (each pair is at most 77)"
                ));
            }
            jws.push(char::from(45 + value));
        }
    }
    Ok(jws)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn qr_digits_decode_to_the_jws_characters() {
        // 'e' is 101 = 45 + 56; 'y' is 121 = 45 + 76; '.' is 46 = 45 + 1.
        assert_eq!(decode_qr("shc:/567601").as_deref(), Ok("ey."));
        assert_eq!(
            decode_qr("shc:/2/2/01\nshc:/1/2/5676").as_deref(),
            Ok("ey.")
        );
        assert!(decode_qr("shc:/1/2/5676").is_err(), "a missing chunk");
        assert!(decode_qr("shc:/5678").is_err(), "78 is out of range");
        assert!(decode_qr("shc:/567").is_err(), "an odd digit count");
    }

    #[test]
    fn a_jws_is_told_from_a_resource() {
        assert!(is_health_card(b"shc:/5676"));
        assert!(is_health_card(br#"{"verifiableCredential": ["a.b.c"]}"#));
        assert!(!is_health_card(
            br#"{"resourceType": "Patient", "verifiableCredential": []}"#
        ));
        assert!(!is_health_card(br#"{"resourceType": "Patient"}"#));
        // {"alg":"ES256"}
        assert!(is_health_card(b"eyJhbGciOiJFUzI1NiJ9.e30.c2ln"));
        assert!(!is_health_card(b"not.a.jws"));
    }

    #[test]
    fn a_bomb_is_refused() {
        let zeros = vec![0u8; (MAX_PAYLOAD_BYTES + 10) as usize];
        let mut encoder =
            flate2::write::DeflateEncoder::new(Vec::new(), flate2::Compression::best());
        std::io::Write::write_all(&mut encoder, &zeros).unwrap();
        let compressed = encoder.finish().unwrap();
        assert!(inflate(&compressed).is_err());
        assert!(inflate(b"not deflate at all").is_err());
    }
}
