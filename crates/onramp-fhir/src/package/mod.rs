//! FHIR NPM packages: archives and folders, `.index.json`, dependencies, the package cache, canonical resolution.
//!
//! # Overview
//!
//! - [`Package`]: one package, read from a `.tgz` ([`Package::from_tgz`]) or an extracted folder
//!   ([`Package::from_folder`]), with its [`Manifest`] (`package.json`) and its index of resource
//!   files ([`IndexEntry`], from `.index.json` or built by reading the files).
//! - [`PackageCache`]: the folder HL7 tooling shares, `~/.fhir/packages/<name>#<version>/package/…`.
//! - [`PackageSet`]: a package and its dependency closure; resolves canonical URLs (`url|version`)
//!   and lists resources by type. Resources are parsed on first use and shared as `Arc<Value>`.
//! - [`RegistryClient`]: installs packages from a registry (the public one by default) into the cache.
//!
//! # Example
//!
//! ```no_run
//! use onramp_fhir::package::{PackageCache, PackageId, PackageSet};
//!
//! let cache = PackageCache::from_env();
//! let id = PackageId::parse("hl7.fhir.us.core#3.1.1")?;
//! let packages = PackageSet::load_with_dependencies(&cache, &id)?;
//! let patient = packages.resolve_canonical("http://hl7.org/fhir/StructureDefinition/Patient|4.0.1")?;
//! # Ok::<(), onramp_fhir::package::PackageError>(())
//! ```
//!
//! # What is a package dependency?
//!
//! `package.json` names the packages a package builds on (`"hl7.fhir.r4.core": "4.0.1"`). Loading
//! follows them through the cache. A dependency that is not there is an error unless the caller sets
//! [`LoadOptions::allow_missing_dependencies`]; then [`PackageSet::missing`] lists it, so that a
//! validator can say "not checked" for whatever needed it.

mod archive;
mod cache;
mod error;
mod fingerprint;
mod id;
mod index;
mod loaded;
mod manifest;
mod registry;
mod set;

pub use cache::PackageCache;
pub use error::PackageError;
pub use fingerprint::{fingerprint_bytes, Fingerprint};
pub use id::{compare_versions, version_matches, PackageId};
pub use index::IndexEntry;
pub use loaded::{source_fingerprint, Package, PackageLocation};
pub use manifest::Manifest;
pub use registry::{
    DownloadProgress, FailedDependency, InstallOptions, InstallReport, ListedVersion, NoProgress,
    PackageListing, RegistryClient, DEFAULT_REGISTRY,
};
pub use set::{LoadOptions, MissingDependency, PackageSet};
