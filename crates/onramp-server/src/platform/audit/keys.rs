//! The audit trail's two keys, read from files that are not in the database: the chain key (an
//! HMAC-SHA256 key every event's hash is made with) and the checkpoint signing key (Ed25519).
//!
//! Both files hold hexadecimal text (a trailing newline is fine). When a file is absent, `serve`
//! (and the commands that write) create it with a new random key, readable by its owner only, and
//! say so in the log; production operators keep both files off the database host's backups and
//! keep the signing key's public half (`<signing key file>.pub`) wherever checkpoints are verified
//! (docs/adr/0004-audit-chain-anchoring.md).

use std::io::Write;
use std::path::{Path, PathBuf};

use onramp_store::platform::audit::checkpoint::{SigningKey, VerifyingKey};
use onramp_store::platform::audit::AuditKey;
use rand::RngCore;

/// A key file that cannot be used. The message names the file.
#[derive(Debug, thiserror::Error)]
pub enum KeyFileError {
    #[error("cannot read the {what} file {path}: {source}")]
    Read {
        what: &'static str,
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("cannot create the {what} file {path}: {source}")]
    Create {
        what: &'static str,
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("the {what} file {path} does not hold a key: {reason}")]
    Invalid {
        what: &'static str,
        path: PathBuf,
        reason: String,
    },
}

const CHAIN_KEY: &str = "audit chain key";
const SIGNING_KEY: &str = "audit signing key";
const PUBLIC_KEY: &str = "audit public key";

/// Where the public half of a signing key is written: `<signing key file>.pub`.
pub fn public_key_path(signing_key_file: &Path) -> PathBuf {
    let mut name = signing_key_file.as_os_str().to_owned();
    name.push(".pub");
    PathBuf::from(name)
}

/// Reads the chain key; never creates one (verification must not invent a key).
pub fn read_chain_key(path: &Path) -> Result<AuditKey, KeyFileError> {
    let text = read(path, CHAIN_KEY)?;
    AuditKey::from_hex(&text).map_err(|error| KeyFileError::Invalid {
        what: CHAIN_KEY,
        path: path.to_path_buf(),
        reason: error.to_string(),
    })
}

/// Reads the chain key, or creates the file with a new random key when it does not exist.
pub fn load_or_create_chain_key(path: &Path) -> Result<AuditKey, KeyFileError> {
    if path.exists() {
        return read_chain_key(path);
    }
    let mut bytes = [0_u8; 32];
    rand::rngs::OsRng.fill_bytes(&mut bytes);
    let key = AuditKey::from_array(bytes);
    create_private(path, CHAIN_KEY, &key.to_hex())?;
    tracing::info!(
        path = %path.display(),
        audit.key_id = key.id(),
        "created a new audit chain key; keep a copy of it off the database host"
    );
    Ok(key)
}

/// Reads the checkpoint signing key; never creates one.
pub fn read_signing_key(path: &Path) -> Result<SigningKey, KeyFileError> {
    let text = read(path, SIGNING_KEY)?;
    let bytes = decode_32(&text).map_err(|reason| KeyFileError::Invalid {
        what: SIGNING_KEY,
        path: path.to_path_buf(),
        reason,
    })?;
    Ok(SigningKey::from_bytes(&bytes))
}

/// Reads the checkpoint signing key, or creates it (and its `.pub` file) when it does not exist.
pub fn load_or_create_signing_key(path: &Path) -> Result<SigningKey, KeyFileError> {
    if path.exists() {
        return read_signing_key(path);
    }
    let mut seed = [0_u8; 32];
    rand::rngs::OsRng.fill_bytes(&mut seed);
    let key = SigningKey::from_bytes(&seed);
    create_private(path, SIGNING_KEY, &hex::encode(seed))?;
    let public_path = public_key_path(path);
    std::fs::write(
        &public_path,
        format!("{}\n", hex::encode(key.verifying_key().as_bytes())),
    )
    .map_err(|source| KeyFileError::Create {
        what: PUBLIC_KEY,
        path: public_path.clone(),
        source,
    })?;
    tracing::info!(
        path = %path.display(),
        public_key.path = %public_path.display(),
        "created a new audit checkpoint signing key; keep it, and verify checkpoints with its public key, off the database host"
    );
    Ok(key)
}

/// Reads a public key file (hex), as written beside a signing key.
pub fn read_public_key(path: &Path) -> Result<VerifyingKey, KeyFileError> {
    let text = read(path, PUBLIC_KEY)?;
    let invalid = |reason: String| KeyFileError::Invalid {
        what: PUBLIC_KEY,
        path: path.to_path_buf(),
        reason,
    };
    let bytes = decode_32(&text).map_err(invalid)?;
    VerifyingKey::from_bytes(&bytes).map_err(|_| invalid("not an Ed25519 public key".to_owned()))
}

fn read(path: &Path, what: &'static str) -> Result<String, KeyFileError> {
    std::fs::read_to_string(path).map_err(|source| KeyFileError::Read {
        what,
        path: path.to_path_buf(),
        source,
    })
}

fn decode_32(text: &str) -> Result<[u8; 32], String> {
    let bytes = hex::decode(text.trim()).map_err(|_| "not hexadecimal text".to_owned())?;
    let length = bytes.len();
    bytes
        .try_into()
        .map_err(|_| format!("{length} bytes where 32 are expected"))
}

/// Writes a new file readable and writable by its owner only; fails if it already exists.
fn create_private(path: &Path, what: &'static str, hex_text: &str) -> Result<(), KeyFileError> {
    let error = |source| KeyFileError::Create {
        what,
        path: path.to_path_buf(),
        source,
    };
    if let Some(parent) = path
        .parent()
        .filter(|parent| !parent.as_os_str().is_empty())
    {
        std::fs::create_dir_all(parent).map_err(error)?;
    }
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    let mut file = options.open(path).map_err(error)?;
    file.write_all(format!("{hex_text}\n").as_bytes())
        .and_then(|()| file.sync_all())
        .map_err(error)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_are_created_once_private_and_read_back() {
        let dir = tempfile::tempdir().unwrap();
        let chain_path = dir.path().join("keys/audit-chain.key");
        let chain_key = load_or_create_chain_key(&chain_path).unwrap();
        assert_eq!(
            load_or_create_chain_key(&chain_path).unwrap().id(),
            chain_key.id()
        );
        let signing_path = dir.path().join("audit-signing.key");
        let signing_key = load_or_create_signing_key(&signing_path).unwrap();
        assert_eq!(
            read_public_key(&public_key_path(&signing_path)).unwrap(),
            signing_key.verifying_key()
        );
        assert_eq!(
            read_signing_key(&signing_path).unwrap().to_bytes(),
            signing_key.to_bytes()
        );
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            for path in [&chain_path, &signing_path] {
                let mode = std::fs::metadata(path).unwrap().permissions().mode();
                assert_eq!(mode & 0o777, 0o600, "{}", path.display());
            }
        }
        let missing = read_chain_key(&dir.path().join("nope.key")).unwrap_err();
        assert!(missing.to_string().contains("nope.key"), "{missing}");
        std::fs::write(dir.path().join("short.key"), "abcd").unwrap();
        let short = read_chain_key(&dir.path().join("short.key")).unwrap_err();
        assert!(short.to_string().contains("at least 32"), "{short}");
    }
}
