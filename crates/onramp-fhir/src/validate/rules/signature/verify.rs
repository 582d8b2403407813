//! Verifying a JWS with the certificate's key, as the reference does through Nimbus JOSE: the
//! signing input is the JWS header as written, a dot, and the base64url of the canonical Bundle
//! (the payload is detached). RSA (`RS*`, `PS*`) and elliptic-curve (`ES256`, `ES384`) keys are
//! verified with `ring`; a header with critical parameters (`crit`) other than `b64` does not
//! verify, as in Nimbus.

use ring::signature::{self, UnparsedPublicKey, VerificationAlgorithm};
use serde_json::Value;

use super::certificate::{Curve, SignerKey};

/// The outcome of checking the signature with the key.
pub(super) enum Verification {
    Verified,
    NotVerified,
    /// The algorithm and key do not go together, or the header is not a JWS header.
    Error(String),
    /// A valid combination `ring` cannot check (P-521).
    Unsupported(String),
}

pub(super) fn verify(
    header: &Value,
    key: &SignerKey,
    signing_input: &[u8],
    signature_bytes: &[u8],
) -> Verification {
    let Some(alg) = header.get("alg").and_then(Value::as_str) else {
        return Verification::Error("the JWS header has no alg".to_string());
    };
    let algorithm: &'static dyn VerificationAlgorithm = match (key, alg) {
        (SignerKey::Rsa(_), "RS256") => &signature::RSA_PKCS1_1024_8192_SHA256_FOR_LEGACY_USE_ONLY,
        (SignerKey::Rsa(_), "RS384") => &signature::RSA_PKCS1_2048_8192_SHA384,
        (SignerKey::Rsa(_), "RS512") => &signature::RSA_PKCS1_1024_8192_SHA512_FOR_LEGACY_USE_ONLY,
        (SignerKey::Rsa(_), "PS256") => &signature::RSA_PSS_2048_8192_SHA256,
        (SignerKey::Rsa(_), "PS384") => &signature::RSA_PSS_2048_8192_SHA384,
        (SignerKey::Rsa(_), "PS512") => &signature::RSA_PSS_2048_8192_SHA512,
        (SignerKey::Ec(Curve::P256, _), "ES256") => &signature::ECDSA_P256_SHA256_FIXED,
        (SignerKey::Ec(Curve::P384, _), "ES384") => &signature::ECDSA_P384_SHA384_FIXED,
        (SignerKey::Ec(Curve::P521, _), "ES512") => {
            return Verification::Unsupported(
                "ES512 (P-521) signatures cannot be verified by Onramp".to_string(),
            )
        }
        (SignerKey::Rsa(_), _) => {
            return Verification::Error(format!(
                "Unsupported JWS algorithm {alg} for an RSA key, must be RS256, RS384, RS512, PS256, PS384 or PS512"
            ))
        }
        (SignerKey::Ec(curve, _), _) => {
            return Verification::Error(format!(
                "Unsupported JWS algorithm {alg} for an EC key on the curve {curve:?}"
            ))
        }
    };
    let critical_not_understood = header
        .get("crit")
        .and_then(Value::as_array)
        .is_some_and(|names| names.iter().any(|name| name.as_str() != Some("b64")));
    if critical_not_understood {
        return Verification::NotVerified;
    }
    let key_bytes = match key {
        SignerKey::Rsa(bytes) | SignerKey::Ec(_, bytes) => bytes,
    };
    match UnparsedPublicKey::new(algorithm, key_bytes).verify(signing_input, signature_bytes) {
        Ok(()) => Verification::Verified,
        Err(_) => Verification::NotVerified,
    }
}

/// Where two JSON values first differ (`None` when they are the same, member order aside).
pub(super) fn first_difference(
    path: &str,
    expected: &crate::json::JsonValue,
    found: &crate::json::JsonValue,
) -> Option<String> {
    use crate::json::JsonKind;
    match (&expected.kind, &found.kind) {
        (JsonKind::Object(_), JsonKind::Object(_)) => {
            for (key, value) in expected.members() {
                let child = format!("{path}.{key}");
                match found.get(key) {
                    None => return Some(format!("{child}: missing in the payload")),
                    Some(other) => {
                        if let Some(difference) = first_difference(&child, value, other) {
                            return Some(difference);
                        }
                    }
                }
            }
            found
                .members()
                .find(|(key, _)| expected.get(key).is_none())
                .map(|(key, _)| format!("{path}.{key}: in the payload but not in the Bundle"))
        }
        (JsonKind::Array(left), JsonKind::Array(right)) => {
            if left.len() != right.len() {
                return Some(format!(
                    "{path}: {} items in the Bundle, {} in the payload",
                    left.len(),
                    right.len()
                ));
            }
            left.iter()
                .zip(right)
                .enumerate()
                .find_map(|(index, (l, r))| first_difference(&format!("{path}[{index}]"), l, r))
        }
        (JsonKind::Number(left), JsonKind::Number(right)) => {
            (super::canonical::canonical_number(left) != super::canonical::canonical_number(right))
                .then(|| format!("{path}: {left} in the Bundle, {right} in the payload"))
        }
        _ if expected == found || expected.same_content(found) => None,
        _ => Some(format!(
            "{path}: {} in the Bundle, {} in the payload",
            super::canonical::canonical(expected),
            super::canonical::canonical(found)
        )),
    }
}
