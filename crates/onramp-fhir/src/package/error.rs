//! The one error type of the `package` area: what can go wrong reading, caching, resolving and
//! downloading FHIR packages.

use std::path::PathBuf;

/// Everything that can go wrong with FHIR packages. Messages name the file, package or canonical
/// involved so that a partner reading them knows what to fix.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum PackageError {
    /// A file or folder could not be read or written.
    #[error("cannot access {}: {source}", path.display())]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    /// The `.tgz` is not a readable gzip'd tar archive (corrupt, truncated, or not an archive).
    #[error("package archive {} is corrupt or truncated: {reason}", path.display())]
    CorruptArchive { path: PathBuf, reason: String },
    /// An archive entry would be written outside the package folder (`../`, absolute paths, links).
    #[error("package archive {} has an unsafe entry {entry:?}", path.display())]
    UnsafeArchiveEntry { path: PathBuf, entry: String },
    /// The archive or folder has no `package/package.json`.
    #[error("{} is not a FHIR package: it has no package/package.json", path.display())]
    MissingManifest { path: PathBuf },
    /// `package.json` is not valid JSON or lacks `name`/`version`.
    #[error("package manifest {} is invalid: {reason}", path.display())]
    InvalidManifest { path: PathBuf, reason: String },
    /// A resource file of the package is not valid JSON.
    #[error("resource {filename} in package {package} is not valid JSON: {source}")]
    InvalidResource {
        package: String,
        filename: String,
        #[source]
        source: serde_json::Error,
    },
    /// The index names a file that the package does not hold.
    #[error("package {package} lists {filename} in its index, but the file is missing")]
    MissingFile { package: String, filename: String },
    /// A package id is not `name#version` with a safe name and version.
    #[error("invalid package id {text:?}: {reason}")]
    InvalidPackageId { text: String, reason: String },
    /// The package is not in the cache.
    #[error("package {id} is not in the package cache at {}", cache.display())]
    NotInCache { id: String, cache: PathBuf },
    /// A package depends on a package that is not available.
    #[error(
        "package {package} depends on {dependency}, which is not in the package cache at {}; \
         install it (onramp packages install {dependency}) or load with missing dependencies allowed",
        cache.display()
    )]
    MissingDependency {
        package: String,
        dependency: String,
        cache: PathBuf,
    },
    /// No loaded package defines the canonical URL (at the requested version).
    #[error("unknown canonical {canonical}: {reason}")]
    UnknownCanonical { canonical: String, reason: String },
    /// The package registry could not be reached or answered with an error.
    #[error("package registry request {url} failed: {reason}")]
    Registry { url: String, reason: String },
    /// The registry does not know the package, or not that version of it.
    #[error(
        "the package registry at {registry} has no package {id}{}",
        known_versions(versions)
    )]
    NotOnRegistry {
        registry: String,
        id: String,
        versions: Vec<String>,
    },
}

fn known_versions(versions: &[String]) -> String {
    if versions.is_empty() {
        String::new()
    } else {
        format!(" (available versions: {})", versions.join(", "))
    }
}

impl PackageError {
    pub(crate) fn io(path: impl Into<PathBuf>, source: std::io::Error) -> Self {
        PackageError::Io {
            path: path.into(),
            source,
        }
    }
}
