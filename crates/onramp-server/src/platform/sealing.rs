//! Secrets Onramp must use again later and so cannot hash — a partner's credentials for its own
//! FHIR server — sealed with AES-256-GCM before they reach the database. The key is derived from
//! the audit chain key (`AuditKey::derive`), which never lives in the database and is the same on
//! every instance: a copy of the database alone opens nothing.

use base64::Engine as _;
use ring::aead::{Aad, LessSafeKey, Nonce, UnboundKey, AES_256_GCM, NONCE_LEN};
use ring::rand::{SecureRandom, SystemRandom};

use crate::state::AppState;
use crate::web::error::AppError;

const PURPOSE: &str = "onramp sealed credentials v1";

fn key(state: &AppState) -> Result<LessSafeKey, AppError> {
    let audit_key = state
        .store
        .audit_key()
        .ok_or_else(|| AppError::Internal("no audit chain key to seal with".to_owned()))?;
    let bytes = audit_key.derive(PURPOSE);
    let unbound = UnboundKey::new(&AES_256_GCM, &bytes)
        .map_err(|_| AppError::Internal("the sealing key".to_owned()))?;
    Ok(LessSafeKey::new(unbound))
}

/// Seals `plain`, bound to `context` (the row it belongs to): base64 of nonce and ciphertext.
pub fn seal(state: &AppState, context: &str, plain: &str) -> Result<String, AppError> {
    let key = key(state)?;
    let mut nonce = [0_u8; NONCE_LEN];
    SystemRandom::new()
        .fill(&mut nonce)
        .map_err(|_| AppError::Internal("no randomness for a nonce".to_owned()))?;
    let mut sealed = plain.as_bytes().to_vec();
    key.seal_in_place_append_tag(
        Nonce::assume_unique_for_key(nonce),
        Aad::from(context.as_bytes()),
        &mut sealed,
    )
    .map_err(|_| AppError::Internal("sealing failed".to_owned()))?;
    let mut out = nonce.to_vec();
    out.extend_from_slice(&sealed);
    Ok(base64::engine::general_purpose::STANDARD.encode(out))
}

/// Opens what [`seal`] sealed for the same `context`.
pub fn open(state: &AppState, context: &str, sealed: &str) -> Result<String, AppError> {
    let key = key(state)?;
    let bytes = base64::engine::general_purpose::STANDARD
        .decode(sealed)
        .map_err(|_| AppError::Internal("sealed value is not base64".to_owned()))?;
    let (nonce, rest) = bytes
        .split_at_checked(NONCE_LEN)
        .ok_or_else(|| AppError::Internal("sealed value too short".to_owned()))?;
    let nonce = Nonce::try_assume_unique_for_key(nonce)
        .map_err(|_| AppError::Internal("sealed nonce".to_owned()))?;
    let mut buffer = rest.to_vec();
    let plain = key
        .open_in_place(nonce, Aad::from(context.as_bytes()), &mut buffer)
        .map_err(|_| {
            AppError::Internal("the sealed value does not open with this instance's key".to_owned())
        })?;
    String::from_utf8(plain.to_vec())
        .map_err(|_| AppError::Internal("sealed value is not text".to_owned()))
}
