//! Reading a package `.tgz` into memory: every regular file under `package/`, with paths checked so
//! that no entry can point outside the package folder, and a content fingerprint of the archive.

use std::io::Read;
use std::path::{Component, Path};

use flate2::read::GzDecoder;

use super::PackageError;

/// Archives that unpack to more than this are refused (a gzip bomb, not a FHIR package).
const MAX_UNPACKED_BYTES: u64 = 2 << 30;

/// One file of an archive, its path relative to `package/` (`Patient-example.json`, `example/x.json`).
pub(crate) struct ArchiveFile {
    pub relative_path: String,
    pub bytes: Vec<u8>,
}

/// Unpacks a gzip'd tar held in memory; `archive_path` names it in errors.
pub(crate) fn read_tgz(
    bytes: &[u8],
    archive_path: &Path,
) -> Result<Vec<ArchiveFile>, PackageError> {
    let corrupt = |reason: String| PackageError::CorruptArchive {
        path: archive_path.to_path_buf(),
        reason,
    };
    let mut archive = tar::Archive::new(GzDecoder::new(bytes));
    let mut files: Vec<ArchiveFile> = Vec::new();
    let mut unpacked_bytes: u64 = 0;
    let entries = archive
        .entries()
        .map_err(|error| corrupt(error.to_string()))?;
    for entry in entries {
        let mut entry = entry.map_err(|error| corrupt(error.to_string()))?;
        let entry_type = entry.header().entry_type();
        if !(entry_type.is_file() || entry_type == tar::EntryType::Continuous) {
            continue;
        }
        let raw_path = entry
            .path()
            .map_err(|error| corrupt(error.to_string()))?
            .into_owned();
        let Some(relative_path) = package_relative_path(&raw_path, archive_path)? else {
            continue;
        };
        unpacked_bytes = unpacked_bytes.saturating_add(entry.size());
        if unpacked_bytes > MAX_UNPACKED_BYTES {
            return Err(corrupt(format!(
                "it unpacks to more than {} bytes",
                MAX_UNPACKED_BYTES
            )));
        }
        let mut content = Vec::with_capacity(usize::try_from(entry.size()).unwrap_or(0));
        entry
            .read_to_end(&mut content)
            .map_err(|error| corrupt(format!("{relative_path}: {error}")))?;
        files.retain(|file| file.relative_path != relative_path);
        files.push(ArchiveFile {
            relative_path,
            bytes: content,
        });
    }
    // Reading the entries stops at the tar end marker; drain the rest so the gzip trailer (CRC and
    // length) is checked and a truncated archive is reported rather than silently accepted.
    let mut rest = archive.into_inner();
    std::io::copy(&mut rest, &mut std::io::sink()).map_err(|error| corrupt(error.to_string()))?;
    Ok(files)
}

/// `package/a/b.json` → `a/b.json`; entries outside `package/` are skipped; `..`, absolute paths
/// and drive prefixes are refused.
fn package_relative_path(
    raw_path: &Path,
    archive_path: &Path,
) -> Result<Option<String>, PackageError> {
    let mut parts: Vec<&str> = Vec::new();
    for component in raw_path.components() {
        match component {
            Component::Normal(part) => match part.to_str() {
                Some(part) => parts.push(part),
                None => return Err(unsafe_entry(raw_path, archive_path)),
            },
            Component::CurDir => {}
            Component::ParentDir | Component::RootDir | Component::Prefix(_) => {
                return Err(unsafe_entry(raw_path, archive_path))
            }
        }
    }
    match parts.split_first() {
        Some((&"package", rest)) if !rest.is_empty() => {
            if rest.iter().any(|part| part.contains('\\')) {
                return Err(unsafe_entry(raw_path, archive_path));
            }
            Ok(Some(rest.join("/")))
        }
        _ => Ok(None),
    }
}

fn unsafe_entry(raw_path: &Path, archive_path: &Path) -> PackageError {
    PackageError::UnsafeArchiveEntry {
        path: archive_path.to_path_buf(),
        entry: raw_path.display().to_string(),
    }
}
