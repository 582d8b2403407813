//! SMART Backend Services client assertions (`private_key_jwt`, RFC 7523): a JWT the client signs
//! with its own key — RS384 or ES384 — whose `iss` and `sub` are its client id, `aud` the token
//! URL, `exp` at most five minutes ahead, and whose `jti` is never used twice (the caller records
//! it). Times are checked against Onramp's clock, never the system time.

use jsonwebtoken::jwk::{AlgorithmParameters, EllipticCurve, Jwk, JwkSet};
use jsonwebtoken::{Algorithm, DecodingKey, Validation};
use serde::Deserialize;

use onramp_core::sandbox::MAX_ASSERTION_SECONDS;

/// The algorithms SMART Backend Services asks servers to support.
pub const ALGORITHMS: [&str; 2] = ["RS384", "ES384"];

/// The claims Onramp reads from an assertion.
#[derive(Clone, Debug, Deserialize)]
pub struct Claims {
    pub iss: String,
    pub sub: String,
    pub exp: i64,
    pub jti: String,
}

/// Why an assertion was refused: `error_description` for the developer.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct Refusal(pub String);

fn refuse(text: impl Into<String>) -> Refusal {
    Refusal(text.into())
}

/// The `iss` an assertion claims, read before its signature is checked — only to find the
/// client whose keys will check it.
pub fn claimed_issuer(assertion: &str) -> Option<String> {
    use base64::Engine as _;
    let payload = assertion.split('.').nth(1)?;
    let bytes = base64::engine::general_purpose::URL_SAFE_NO_PAD
        .decode(payload.trim_end_matches('='))
        .ok()?;
    let value: serde_json::Value = serde_json::from_slice(&bytes).ok()?;
    value.get("iss")?.as_str().map(str::to_owned)
}

/// Checks that a JWKS is one a client may register: a `keys` array of RSA (2048 bits or more)
/// or P-384 keys, each with a `kid`, usable for RS384 or ES384.
pub fn check_jwks(text: &str) -> Result<JwkSet, String> {
    let set: JwkSet = serde_json::from_str(text).map_err(|error| {
        format!("not a JWKS (a JSON object with a `keys` array of JWKs): {error}")
    })?;
    if set.keys.is_empty() {
        return Err("the JWKS has no keys".to_owned());
    }
    for (position, key) in set.keys.iter().enumerate() {
        let which = key
            .common
            .key_id
            .clone()
            .unwrap_or_else(|| format!("key {}", position + 1));
        if key.common.key_id.as_deref().is_none_or(str::is_empty) {
            return Err(format!(
                "{which} has no `kid`: clients name their key in each assertion"
            ));
        }
        match &key.algorithm {
            AlgorithmParameters::RSA(rsa) => {
                use base64::Engine as _;
                let bits = base64::engine::general_purpose::URL_SAFE_NO_PAD
                    .decode(rsa.n.trim_end_matches('='))
                    .map(|n| n.len() * 8)
                    .unwrap_or(0);
                if bits < 2048 {
                    return Err(format!("{which}: an RSA key must have at least 2048 bits"));
                }
            }
            AlgorithmParameters::EllipticCurve(ec) if ec.curve == EllipticCurve::P384 => {}
            AlgorithmParameters::EllipticCurve(_) => {
                return Err(format!("{which}: ES384 needs a P-384 key (`crv` P-384)"));
            }
            _ => {
                return Err(format!(
                    "{which}: only RSA (RS384) and EC P-384 (ES384) keys"
                ))
            }
        }
        DecodingKey::from_jwk(key).map_err(|error| format!("{which}: {error}"))?;
    }
    Ok(set)
}

fn key_fits(key: &Jwk, algorithm: Algorithm) -> bool {
    match (&key.algorithm, algorithm) {
        (AlgorithmParameters::RSA(_), Algorithm::RS384) => true,
        (AlgorithmParameters::EllipticCurve(ec), Algorithm::ES384) => {
            ec.curve == EllipticCurve::P384
        }
        _ => false,
    }
}

/// Verifies `assertion` for `client_id` with the client's `jwks`, at `now_ms`, for the token
/// endpoint `token_url`. The `jti` is returned for the caller to record (and refuse if seen).
pub fn verify(
    assertion: &str,
    client_id: &str,
    jwks: &str,
    token_url: &str,
    now_ms: i64,
) -> Result<Claims, Refusal> {
    let header = jsonwebtoken::decode_header(assertion)
        .map_err(|error| refuse(format!("client_assertion is not a JWT: {error}")))?;
    let algorithm = header.alg;
    if !matches!(algorithm, Algorithm::RS384 | Algorithm::ES384) {
        return Err(refuse(format!(
            "client_assertion is signed with {algorithm:?}; use RS384 or ES384"
        )));
    }
    let Some(kid) = header.kid.as_deref() else {
        return Err(refuse(
            "client_assertion has no `kid` in its header; name the key of your JWKS that signed it",
        ));
    };
    let set: JwkSet = serde_json::from_str(jwks)
        .map_err(|_| refuse("the client's registered JWKS cannot be read; register it again"))?;
    let Some(key) = set.find(kid) else {
        return Err(refuse(format!(
            "no key `{kid}` in the client's registered JWKS; register the key or use its kid"
        )));
    };
    if !key_fits(key, algorithm) {
        return Err(refuse(format!(
            "the key `{kid}` cannot verify {algorithm:?}: RS384 needs an RSA key, ES384 a P-384 key"
        )));
    }
    let decoding = DecodingKey::from_jwk(key)
        .map_err(|error| refuse(format!("the key `{kid}` cannot be used: {error}")))?;
    let mut validation = Validation::new(algorithm);
    // Times are checked below against Onramp's clock.
    validation.validate_exp = false;
    validation.validate_nbf = false;
    validation.set_required_spec_claims(&["iss", "sub", "aud", "exp"]);
    validation.set_audience(&[token_url]);
    let data =
        jsonwebtoken::decode::<Claims>(assertion, &decoding, &validation).map_err(|error| {
            match error.kind() {
                jsonwebtoken::errors::ErrorKind::InvalidAudience => refuse(format!(
                    "client_assertion `aud` must be the token URL, {token_url}"
                )),
                jsonwebtoken::errors::ErrorKind::InvalidSignature => refuse(format!(
                    "client_assertion signature does not verify with the key `{kid}`"
                )),
                jsonwebtoken::errors::ErrorKind::MissingRequiredClaim(claim) => {
                    refuse(format!("client_assertion has no `{claim}` claim"))
                }
                _ => refuse(format!("client_assertion cannot be read: {error}")),
            }
        })?;
    let claims = data.claims;
    if claims.iss != client_id || claims.sub != client_id {
        return Err(refuse(
            "client_assertion `iss` and `sub` must both be the client id",
        ));
    }
    let now = now_ms.div_euclid(1000);
    if claims.exp <= now {
        return Err(refuse(
            "client_assertion has expired (`exp` is in the past)",
        ));
    }
    if claims.exp > now + MAX_ASSERTION_SECONDS {
        return Err(refuse(format!(
            "client_assertion `exp` is {} s ahead; at most {MAX_ASSERTION_SECONDS} s are allowed",
            claims.exp - now
        )));
    }
    if claims.jti.trim().is_empty() {
        return Err(refuse("client_assertion has no `jti`"));
    }
    Ok(claims)
}
