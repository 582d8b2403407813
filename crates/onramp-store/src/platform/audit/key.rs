//! The chain key: the HMAC-SHA256 key every audit event's hash is made with. It never lives in the
//! database, so someone who can only write the database cannot recompute a chain that verifies.

use hmac::{Hmac, Mac};
use sha2::{Digest, Sha256};

/// An HMAC-SHA256 key for the audit chain, with its public id (a fingerprint, safe to store and
/// print). `Debug` shows only the id.
#[derive(Clone)]
pub struct AuditKey {
    bytes: Vec<u8>,
    id: String,
}

/// Why some bytes cannot be a chain key.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum AuditKeyError {
    #[error("the audit chain key is {0} bytes; it must be at least {min}", min = AuditKey::MIN_LEN)]
    TooShort(usize),
    #[error("the audit chain key is not hexadecimal text")]
    NotHex,
}

impl AuditKey {
    /// Fewer bytes than this are refused (the key is as strong as SHA-256 only from 32 bytes).
    pub const MIN_LEN: usize = 32;

    pub fn new(bytes: Vec<u8>) -> Result<AuditKey, AuditKeyError> {
        if bytes.len() < Self::MIN_LEN {
            return Err(AuditKeyError::TooShort(bytes.len()));
        }
        Ok(Self::with_id(bytes))
    }

    /// A 32-byte key (a freshly generated one, say), which is always long enough.
    pub fn from_array(bytes: [u8; 32]) -> AuditKey {
        Self::with_id(bytes.to_vec())
    }

    fn with_id(bytes: Vec<u8>) -> AuditKey {
        let mut hasher = Sha256::new();
        hasher.update(b"onramp audit chain key id\0");
        hasher.update(&bytes);
        let digest = hex::encode(hasher.finalize());
        let id = digest.get(..16).unwrap_or(&digest).to_owned();
        AuditKey { bytes, id }
    }

    /// A key written as hexadecimal text (as key files hold it); surrounding whitespace is ignored.
    pub fn from_hex(text: &str) -> Result<AuditKey, AuditKeyError> {
        let bytes = hex::decode(text.trim()).map_err(|_| AuditKeyError::NotHex)?;
        AuditKey::new(bytes)
    }

    /// The key as hexadecimal text, for writing a key file.
    pub fn to_hex(&self) -> String {
        hex::encode(&self.bytes)
    }

    /// The key's fingerprint: 16 hex digits of a SHA-256 over it, recorded in every event it makes.
    pub fn id(&self) -> &str {
        &self.id
    }

    /// A key for another purpose derived from this one (HMAC-SHA256 of `purpose`): it is as
    /// secret as the chain key, lives where it lives, and is the same on every instance.
    pub fn derive(&self, purpose: &str) -> [u8; 32] {
        use hmac::Mac as _;
        let mut mac = self.mac();
        mac.update(purpose.as_bytes());
        mac.finalize().into_bytes().into()
    }

    pub(crate) fn mac(&self) -> Hmac<Sha256> {
        // HMAC accepts keys of any length, so this cannot fail; fall back to an empty key rather
        // than panic should that ever change.
        <Hmac<Sha256> as Mac>::new_from_slice(&self.bytes)
            .unwrap_or_else(|_| <Hmac<Sha256> as Mac>::new(&Default::default()))
    }
}

impl std::fmt::Debug for AuditKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("AuditKey").field("id", &self.id).finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_keys_are_refused_and_the_id_is_a_stable_fingerprint() {
        assert_eq!(
            AuditKey::new(vec![1; 31]).err(),
            Some(AuditKeyError::TooShort(31))
        );
        let key = AuditKey::new(vec![1; 32]).unwrap();
        assert_eq!(key.id().len(), 16);
        assert_eq!(AuditKey::from_hex(&key.to_hex()).unwrap().id(), key.id());
        assert_ne!(AuditKey::new(vec![2; 32]).unwrap().id(), key.id());
        assert!(!format!("{key:?}").contains(&key.to_hex()));
    }
}
