//! Signatures: `Bundle.signature` as the reference validator reads it, offline. The format
//! (`sigFormat`, or a JOSE header recognised in `data`), the data's base64 and the compact JWS in
//! it, its header (signing time `sigT`/`iat` against `Signature.when`, canonicalization against
//! `targetFormat`, a key or certificate named), that the payload is detached, and, when the header
//! carries the signer's certificate (`x5c`), the signature verified against the Bundle's canonical
//! JSON. Keys are never fetched: a `kid` alone cannot be verified.

mod canonical;
mod certificate;
mod jose;
mod report;
mod verify;

use base64::Engine as _;

use crate::json::JsonValue;
use crate::validate::issue::IssueType;
use crate::validate::profile::ElementNode;
use crate::validate::walk::{Item, Walk};

/// Checks one Signature value (only `Bundle.signature` is a digital signature of its resource).
pub(crate) fn check(walk: &mut Walk<'_>, element: &ElementNode, item: &Item<'_>) {
    if element.path != "Bundle.signature" {
        return;
    }
    let Some(signature) = item.json else {
        return;
    };
    let path = item.path.as_str();
    let pos = signature.pos;
    let data = signature.get("data").and_then(JsonValue::as_str);
    let mut format = signature
        .get("sigFormat")
        .and_then(JsonValue::as_str)
        .filter(|f| !f.is_empty())
        .map(str::to_string);
    if format.is_none() {
        let Some(data) = data else {
            return;
        };
        walk.sink.info(
            IssueType::NotSupported,
            "signature.no_format",
            path,
            pos,
            "The signature has data but no sigFormat, so what kind of signature it is must be guessed".to_string(),
        );
        if looks_like_jose(data) {
            walk.sink.info(
                IssueType::NotSupported,
                "signature.format_jose",
                path,
                pos,
                "The signature data is a JSON web signature, so it is checked as application/jose"
                    .to_string(),
            );
            format = Some("application/jose".to_string());
        }
    }
    let Some(format) = format else {
        return;
    };
    if format.starts_with("image/") || format.starts_with("application/pdf") {
        return; // a picture of a signature, not a digital one
    }
    let jose = format == "application/jose";
    if !jose && format != "application/pkcs7-signature" {
        walk.sink.info(
            IssueType::NotSupported,
            "signature.format_not_checked",
            path,
            pos,
            format!("Signatures of the format '{format}' are not checked"),
        );
        return;
    }
    let Some(data) = data else {
        walk.sink.info(
            IssueType::NotFound,
            "signature.no_data",
            path,
            pos,
            format!("The signature ({format}) has no data, so it cannot be checked"),
        );
        return;
    };
    let decoded = base64::engine::general_purpose::STANDARD
        .decode(data.as_bytes())
        .ok()
        .and_then(|bytes| String::from_utf8(bytes).ok());
    if !jose {
        if decoded.is_none() {
            walk.sink.warning(
                IssueType::Invalid,
                "signature.data_not_base64",
                path,
                pos,
                "The signature data is not valid base64, so it cannot be checked".to_string(),
            );
        }
        return; // an XML digital signature: not checked further
    }
    let token = match decoded {
        Some(token) => token,
        None if data.split('.').count() == 3 => {
            walk.sink.error(
                IssueType::Invalid,
                "signature.jws_not_base64",
                path,
                pos,
                "The signature data must be the base64 encoding of the JWS, but it is the JWS itself".to_string(),
            );
            data.to_string()
        }
        None => {
            walk.sink.error(
                IssueType::Invalid,
                "signature.data_not_base64",
                path,
                pos,
                "The signature data is not valid base64, so it cannot be checked".to_string(),
            );
            return;
        }
    };
    jose::check(walk, item, signature, token.trim());
}

/// Whether `data` (base64 of a compact JWS, or of its JSON header) holds a JOSE header (`alg`).
fn looks_like_jose(data: &str) -> bool {
    let Ok(bytes) = base64::engine::general_purpose::STANDARD.decode(data.as_bytes()) else {
        return false;
    };
    let Ok(text) = String::from_utf8(bytes) else {
        return false;
    };
    let header = if text.matches('.').count() == 2 {
        text.split('.')
            .next()
            .and_then(jose::decode_part)
            .and_then(|bytes| String::from_utf8(bytes).ok())
    } else {
        Some(text)
    };
    header
        .and_then(|h| serde_json::from_str::<serde_json::Value>(&h).ok())
        .is_some_and(|h| h.get("alg").is_some())
}
