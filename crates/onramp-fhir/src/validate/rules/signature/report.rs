//! Once the signer's certificate is read: verify the JWS against the canonical Bundle, explain an
//! attached payload that does not verify, and say (as information) who signed, when, for what
//! purpose and with which certificate, noting what the verification confirmed.

use base64::Engine as _;
use serde_json::Value;

use crate::json::{JsonValue, Pos};
use crate::validate::issue::IssueType;
use crate::validate::walk::Walk;

use super::certificate::SignerCertificate;
use super::verify::{first_difference, verify, Verification};
use super::{canonical, jose};

/// The three parts of the compact JWS, as written, and the decoded header.
pub(super) struct Jws<'a> {
    pub header: &'a Value,
    pub header_part: &'a str,
    pub payload_part: &'a str,
    pub signature_part: &'a str,
}

/// What the signature claims: the canonicalization, signing time, purpose and certificate.
pub(super) struct Signed<'a> {
    pub canon: &'a str,
    pub xml: bool,
    pub signed_at: Option<&'a str>,
    pub purpose: Purpose,
    pub certificate: &'a SignerCertificate,
}

/// The commitment the signature was made for: the header's JAdES `srCms` commitment, else the
/// first `Signature.type`; `confirmed` when the header's commitment is one of `Signature.type`.
pub(super) struct Purpose {
    id: Option<String>,
    description: Option<String>,
    confirmed: bool,
}

impl Purpose {
    pub(super) fn read(header: &Value, signature: &JsonValue) -> Purpose {
        let commitment = header
            .get("srCms")
            .and_then(Value::as_array)
            .and_then(|commitments| commitments.first())
            .and_then(|first| first.get("commId"));
        let mut purpose = Purpose {
            id: commitment
                .and_then(|c| c.get("id"))
                .and_then(Value::as_str)
                .map(str::to_string),
            description: commitment
                .and_then(|c| c.get("desc"))
                .and_then(Value::as_str)
                .map(str::to_string),
            confirmed: false,
        };
        for coding in signature
            .get("type")
            .map(JsonValue::items)
            .unwrap_or_default()
        {
            let system = coding.get("system").and_then(JsonValue::as_str);
            let code = coding
                .get("code")
                .and_then(JsonValue::as_str)
                .unwrap_or("null");
            let id = if is_oid(code) {
                format!("urn:oid:{code}")
            } else {
                format!("{}#{code}", system.unwrap_or("null"))
            };
            match &purpose.id {
                None => {
                    purpose.id = Some(id);
                    break;
                }
                Some(claimed) if *claimed == id => {
                    purpose.confirmed = true;
                    break;
                }
                Some(_) => {}
            }
        }
        purpose
    }
}

fn is_oid(code: &str) -> bool {
    let mut arcs = code.split('.');
    let first_ok = arcs
        .next()
        .is_some_and(|first| matches!(first, "0" | "1" | "2"));
    let mut rest = arcs.peekable();
    first_ok
        && rest.peek().is_some()
        && rest.all(|arc| {
            !arc.is_empty()
                && arc.bytes().all(|b| b.is_ascii_digit())
                && (arc == "0" || !arc.starts_with('0'))
        })
}

pub(super) fn verify_and_report(
    walk: &mut Walk<'_>,
    path: &str,
    pos: Pos,
    jws: &Jws<'_>,
    signed: &Signed<'_>,
) {
    if signed.xml {
        walk.sink.info(
            IssueType::NotSupported,
            "signature.not_verified",
            path,
            pos,
            format!("The signature is over the XML canonical form ({}), which Onramp does not produce, so it is not verified", signed.canon),
        );
        return;
    }
    let to_sign = canonical::signable_bundle(walk.resource, signed.canon.ends_with("#document"));
    let signature_bytes = jose::decode_part(jws.signature_part).unwrap_or_else(|| {
        walk.sink.error(
            IssueType::Invalid,
            "signature.signature_not_base64",
            path,
            pos,
            "The signature part of the JWS is not base64url".to_string(),
        );
        Vec::new()
    });
    let signing_input = format!(
        "{}.{}",
        jws.header_part,
        base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(&to_sign)
    );
    let key = &signed.certificate.key;
    let verified = match verify(jws.header, key, signing_input.as_bytes(), &signature_bytes) {
        Verification::Verified => {
            walk.sink.info(
                IssueType::Informational,
                "signature.verified",
                path,
                pos,
                "The signature verifies with the certificate's key".to_string(),
            );
            true
        }
        Verification::NotVerified => {
            walk.sink.error(
                IssueType::Value,
                "signature.verification_failed",
                path,
                pos,
                "The signature does not verify with the key of the certificate in the JWS header"
                    .to_string(),
            );
            if !jws.payload_part.is_empty() {
                explain_payload(walk, path, pos, jws.payload_part, &to_sign);
            }
            false
        }
        Verification::Error(reason) => {
            walk.sink.error(
                IssueType::Processing,
                "signature.verification_error",
                path,
                pos,
                format!("The signature could not be verified: {reason}"),
            );
            return;
        }
        Verification::Unsupported(reason) => {
            walk.sink.info(
                IssueType::NotSupported,
                "signature.not_verified",
                path,
                pos,
                reason,
            );
            return;
        }
    };
    report_claims(walk, path, pos, signed, verified);
}

/// Why an attached payload did not verify: not base64url, not the canonical Bundle (and how its
/// JSON differs), or the Bundle's bytes encoded otherwise than base64url.
fn explain_payload(walk: &mut Walk<'_>, path: &str, pos: Pos, payload: &str, to_sign: &[u8]) {
    let Some(signed) = jose::decode_part(payload) else {
        walk.sink.error(
            IssueType::Value,
            "signature.payload_not_base64",
            path,
            pos,
            "The JWS payload is not base64url".to_string(),
        );
        return;
    };
    if signed != to_sign {
        walk.sink.error(
            IssueType::Value,
            "signature.payload_mismatch",
            path,
            pos,
            format!(
                "The JWS payload is not the canonical Bundle ({} bytes expected, {} found)",
                to_sign.len(),
                signed.len()
            ),
        );
        let parsed = crate::json::parse(&signed).value;
        let expected = crate::json::parse(to_sign).value;
        let (Some(found), Some(expected)) = (parsed, expected) else {
            walk.sink.error(
                IssueType::Processing,
                "signature.payload_not_json",
                path,
                pos,
                "The JWS payload is not JSON".to_string(),
            );
            return;
        };
        match first_difference("$", &expected, &found) {
            None => walk.sink.info(
                IssueType::Informational,
                "signature.payload_json_matches",
                path,
                pos,
                "The JWS payload has the Bundle's content, but not its canonical bytes".to_string(),
            ),
            Some(difference) => walk.sink.info(
                IssueType::Value,
                "signature.payload_json_differs",
                path,
                pos,
                format!("The JWS payload differs from the Bundle: {difference}"),
            ),
        }
    } else if payload != base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(to_sign) {
        walk.sink.error(
            IssueType::Value,
            "signature.payload_base64_differs",
            path,
            pos,
            "The JWS payload is the canonical Bundle, but not in base64url without padding"
                .to_string(),
        );
    }
}

/// Who signed, when, for what, and with which certificate (as information).
fn report_claims(walk: &mut Walk<'_>, path: &str, pos: Pos, signed: &Signed<'_>, verified: bool) {
    let certificate = signed.certificate;
    let names = certificate.names.join(",");
    let (id, message) = if verified {
        (
            "signature.signed_by_verified",
            format!("Signed by {names} (verified)"),
        )
    } else {
        (
            "signature.signed_by",
            format!("Signed by {names} (not verified)"),
        )
    };
    walk.sink
        .info(IssueType::Informational, id, path, pos, message);
    if let Some(at) = signed.signed_at {
        let (id, message) = if verified {
            (
                "signature.signed_at_verified",
                format!("Signed at {at} (verified)"),
            )
        } else {
            (
                "signature.signed_at",
                format!("Signed at {at} (not verified)"),
            )
        };
        walk.sink
            .info(IssueType::Informational, id, path, pos, message);
    }
    if let Some(purpose) = &signed.purpose.id {
        let described = match &signed.purpose.description {
            Some(description) => format!("{purpose} ({description})"),
            None => purpose.clone(),
        };
        let (id, message) = if verified && signed.purpose.confirmed {
            (
                "signature.signed_for_verified",
                format!("Signed for {described} (verified)"),
            )
        } else {
            (
                "signature.signed_for",
                format!("Signed for {described} (not verified)"),
            )
        };
        walk.sink
            .info(IssueType::Informational, id, path, pos, message);
    }
    walk.sink.info(
        IssueType::Informational,
        "signature.certificate_details",
        path,
        pos,
        format!(
            "Certificate: subject {}, issuer {}, serial number {}",
            certificate.subject, certificate.issuer, certificate.serial
        ),
    );
    walk.sink.info(
        IssueType::Informational,
        "signature.certificate_source",
        path,
        pos,
        format!("Certificate source: {}", certificate.pem),
    );
}

#[cfg(test)]
mod tests {
    use super::is_oid;

    #[test]
    fn oids_are_dotted_numbers_from_a_root_arc() {
        assert!(is_oid("1.2.840.10065.1.12.1.1"));
        assert!(!is_oid("1"));
        assert!(!is_oid("3.1"));
        assert!(!is_oid("1.02"));
        assert!(!is_oid("ProofOfOrigin"));
    }
}
