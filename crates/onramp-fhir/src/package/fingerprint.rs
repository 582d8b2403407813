//! A stable 64-bit content fingerprint (FNV-1a), used to key caches derived from package content.
//!
//! It must give the same value across processes, builds and Rust releases (the standard library's
//! hashers promise none of that), and it need not resist an attacker: it only tells whether a
//! cached model was built from the same bytes.

/// FNV-1a over bytes, fed in pieces.
#[derive(Clone, Debug)]
pub struct Fingerprint(u64);

const OFFSET_BASIS: u64 = 0xcbf2_9ce4_8422_2325;
const PRIME: u64 = 0x0000_0100_0000_01b3;

impl Default for Fingerprint {
    fn default() -> Self {
        Fingerprint(OFFSET_BASIS)
    }
}

impl Fingerprint {
    pub fn new() -> Self {
        Fingerprint::default()
    }

    pub fn write(&mut self, bytes: &[u8]) {
        let mut hash = self.0;
        for byte in bytes {
            hash ^= u64::from(*byte);
            hash = hash.wrapping_mul(PRIME);
        }
        self.0 = hash;
    }

    /// Writes a length-prefixed piece, so that `("ab","c")` and `("a","bc")` differ.
    pub fn write_field(&mut self, bytes: &[u8]) {
        self.write(&(bytes.len() as u64).to_le_bytes());
        self.write(bytes);
    }

    pub fn write_u64(&mut self, value: u64) {
        self.write(&value.to_le_bytes());
    }

    pub fn finish(&self) -> u64 {
        self.0
    }
}

/// The fingerprint of one byte string.
pub fn fingerprint_bytes(bytes: &[u8]) -> u64 {
    let mut fingerprint = Fingerprint::new();
    fingerprint.write(bytes);
    fingerprint.finish()
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn fingerprints_are_the_published_fnv1a_values() {
        assert_eq!(fingerprint_bytes(b""), 0xcbf2_9ce4_8422_2325);
        assert_eq!(fingerprint_bytes(b"a"), 0xaf63_dc4c_8601_ec8c);
    }
}
