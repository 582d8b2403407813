//! The TOTP second factor (RFC 6238: SHA-1, 6 digits, 30 s steps, one step of clock skew either
//! way), its QR code, and recovery codes.

use base64::engine::general_purpose::STANDARD;
use base64::Engine;
use qrcode::render::svg;
use qrcode::QrCode;
use rand::Rng;
use totp_rs::{Algorithm, Secret, TOTP};

use crate::web::error::AppError;

const ISSUER: &str = "Onramp";

/// A new random secret, base32.
pub fn new_secret() -> String {
    Secret::generate_secret().to_encoded().to_string()
}

/// The secret offered while enrolling, derived from the instance key, the user and the session's
/// CSRF binding: the same on every reload of the page in one session, different in every other,
/// and stored only when the user confirms it with a code — so showing the page writes nothing.
pub fn enrolment_secret(key: &[u8], user_id: &str, session_binding: &str) -> String {
    use hmac::{Hmac, Mac};
    let mut bytes = match Hmac::<sha2::Sha256>::new_from_slice(key) {
        Ok(mut mac) => {
            mac.update(b"totp-enrolment\0");
            mac.update(user_id.as_bytes());
            mac.update(b"\0");
            mac.update(session_binding.as_bytes());
            mac.finalize().into_bytes().to_vec()
        }
        // HMAC takes keys of any length; this arm is unreachable in practice.
        Err(_) => return new_secret(),
    };
    bytes.truncate(20);
    Secret::Raw(bytes).to_encoded().to_string()
}

fn totp(secret_base32: &str, account: &str) -> Result<TOTP, AppError> {
    let secret = Secret::Encoded(secret_base32.to_owned())
        .to_bytes()
        .map_err(|error| {
            AppError::Internal(format!("a stored TOTP secret is not base32: {error:?}"))
        })?;
    TOTP::new(
        Algorithm::SHA1,
        6,
        1,
        30,
        secret,
        Some(ISSUER.to_owned()),
        account.to_owned(),
    )
    .map_err(|error| AppError::Internal(format!("building TOTP: {error}")))
}

/// The `otpauth://` URI authenticator apps read.
pub fn provisioning_uri(secret_base32: &str, account: &str) -> Result<String, AppError> {
    Ok(totp(secret_base32, account)?.get_url())
}

/// The provisioning URI as a QR code, an SVG `data:` URI for an `<img>`.
pub fn qr_data_uri(secret_base32: &str, account: &str) -> Result<String, AppError> {
    let uri = provisioning_uri(secret_base32, account)?;
    let code = QrCode::new(uri.as_bytes())
        .map_err(|error| AppError::Internal(format!("making a QR code: {error}")))?;
    let image = code
        .render::<svg::Color<'_>>()
        .min_dimensions(200, 200)
        .quiet_zone(true)
        .build();
    Ok(format!(
        "data:image/svg+xml;base64,{}",
        STANDARD.encode(image.as_bytes())
    ))
}

/// Checks a 6-digit code at `unix_seconds`; returns the time step it belongs to, so the caller can
/// refuse a second use of the same step.
pub fn check_code(
    secret_base32: &str,
    account: &str,
    code: &str,
    unix_seconds: u64,
) -> Result<Option<i64>, AppError> {
    let code = code.trim().replace(' ', "");
    if code.len() != 6 || !code.chars().all(|c| c.is_ascii_digit()) {
        return Ok(None);
    }
    let totp = totp(secret_base32, account)?;
    let current_step = unix_seconds / 30;
    for step in [
        current_step.saturating_sub(1),
        current_step,
        current_step + 1,
    ] {
        if totp.generate(step * 30) == code {
            return Ok(i64::try_from(step).ok());
        }
    }
    Ok(None)
}

/// Ten recovery codes like `k7dq-3mzp-x2wa`: 60 bits each, unambiguous letters and digits.
pub fn new_recovery_codes() -> Vec<String> {
    const ALPHABET: &[u8] = b"23456789abcdefghjkmnpqrstuvwxyz";
    let mut rng = rand::rngs::OsRng;
    (0..10)
        .map(|_| {
            let chars: String = (0..12)
                .map(|_| {
                    let index = rng.gen_range(0..ALPHABET.len());
                    ALPHABET.get(index).map_or('x', |byte| char::from(*byte))
                })
                .collect();
            format!(
                "{}-{}-{}",
                chars.get(0..4).unwrap_or_default(),
                chars.get(4..8).unwrap_or_default(),
                chars.get(8..12).unwrap_or_default()
            )
        })
        .collect()
}

/// The stored form of a recovery code: normalised (lower case, no spaces), then hashed.
pub fn recovery_code_hash(code: &str) -> String {
    let normalised: String = code
        .trim()
        .to_lowercase()
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect();
    crate::web::secret::sha256_hex(&format!("recovery:{normalised}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_code_is_accepted_in_its_step_and_the_neighbours_only() {
        let secret = new_secret();
        let totp = totp(&secret, "ada@example.org").unwrap();
        let now = 1_800_000_000;
        let code = totp.generate(now);
        assert_eq!(
            check_code(&secret, "ada@example.org", &code, now).unwrap(),
            Some(60_000_000)
        );
        assert!(check_code(&secret, "ada@example.org", &code, now + 30)
            .unwrap()
            .is_some());
        assert!(check_code(&secret, "ada@example.org", &code, now + 90)
            .unwrap()
            .is_none());
        assert!(check_code(&secret, "ada@example.org", "12345x", now)
            .unwrap()
            .is_none());
    }

    #[test]
    fn the_qr_code_is_an_svg_image() {
        let uri = qr_data_uri(&new_secret(), "ada@example.org").unwrap();
        assert!(uri.starts_with("data:image/svg+xml;base64,"));
    }

    #[test]
    fn the_enrolment_secret_is_stable_in_a_session_and_differs_across_sessions() {
        let secret = enrolment_secret(b"key", "user-1", "session:a");
        assert_eq!(secret, enrolment_secret(b"key", "user-1", "session:a"));
        assert_ne!(secret, enrolment_secret(b"key", "user-1", "session:b"));
        assert_ne!(secret, enrolment_secret(b"key", "user-2", "session:a"));
        assert_ne!(
            secret,
            enrolment_secret(b"other key", "user-1", "session:a")
        );
        let uri = qr_data_uri(&secret, "ada@example.org").unwrap();
        assert!(uri.starts_with("data:image/svg+xml;base64,"));
    }

    #[test]
    fn recovery_codes_are_distinct_and_their_hash_ignores_case_and_spaces() {
        let codes = new_recovery_codes();
        assert_eq!(codes.len(), 10);
        let mut unique = codes.clone();
        unique.sort();
        unique.dedup();
        assert_eq!(unique.len(), 10);
        let code = &codes[0];
        assert_eq!(
            recovery_code_hash(code),
            recovery_code_hash(&format!(" {} ", code.to_uppercase()))
        );
    }
}
