//! The compact model cache: a built model serialized with postcard into
//! `<dir>/model-v<FORMAT>-<key>.bin`, keyed by the fingerprints of the packages it was built from,
//! so that loading R4 core takes milliseconds instead of reparsing its StructureDefinitions.
//!
//! A file that is missing, truncated, of another format or for other packages is ignored (the model
//! is rebuilt); writing is best effort (a read-only cache folder only costs speed).

use std::path::{Path, PathBuf};

use super::types::ModelData;
use crate::package::Fingerprint;

/// Bump whenever `ModelData` (or anything it holds) changes shape or meaning. The key also covers
/// the source text of the builder and the tables, so editing either invalidates old caches anyway.
const FORMAT_VERSION: u64 = 1;
const BUILDER_SOURCE: [&str; 2] = [include_str!("build.rs"), include_str!("types.rs")];
const MAGIC: &[u8; 8] = b"ONRMODEL";

/// The key of a model built from packages with these fingerprints, in load order.
pub(crate) fn cache_key(package_fingerprints: &[u64]) -> u64 {
    let mut fingerprint = Fingerprint::new();
    fingerprint.write(MAGIC);
    fingerprint.write_u64(FORMAT_VERSION);
    for source in BUILDER_SOURCE {
        fingerprint.write_field(source.as_bytes());
    }
    for package_fingerprint in package_fingerprints {
        fingerprint.write_u64(*package_fingerprint);
    }
    fingerprint.finish()
}

pub(crate) fn cache_file(dir: &Path, key: u64) -> PathBuf {
    dir.join(format!("model-v{FORMAT_VERSION}-{key:016x}.bin"))
}

/// The cached model for `key`, if a sound one is there.
pub(crate) fn read(dir: &Path, key: u64) -> Option<ModelData> {
    let bytes = std::fs::read(cache_file(dir, key)).ok()?;
    let rest = bytes.strip_prefix(MAGIC.as_slice())?;
    let (stored_key, payload) = rest.split_first_chunk::<8>()?;
    if u64::from_le_bytes(*stored_key) != key {
        return None;
    }
    postcard::from_bytes(payload).ok()
}

/// Writes the model atomically (a temporary file, then a rename).
pub(crate) fn write(dir: &Path, key: u64, data: &ModelData) -> std::io::Result<()> {
    let payload = postcard::to_stdvec(data).map_err(std::io::Error::other)?;
    let mut bytes = Vec::with_capacity(payload.len() + 16);
    bytes.extend_from_slice(MAGIC);
    bytes.extend_from_slice(&key.to_le_bytes());
    bytes.extend_from_slice(&payload);
    std::fs::create_dir_all(dir)?;
    let target = cache_file(dir, key);
    let temp = dir.join(format!(
        ".model-{key:016x}-{}-{:?}.tmp",
        std::process::id(),
        std::thread::current().id()
    ));
    std::fs::write(&temp, &bytes)?;
    std::fs::rename(&temp, &target).inspect_err(|_| {
        let _ = std::fs::remove_file(&temp);
    })
}
