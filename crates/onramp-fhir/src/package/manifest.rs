//! `package.json`: a package's name, version, FHIR versions and dependencies.

use std::collections::BTreeMap;
use std::path::Path;

use serde::Deserialize;

use super::{PackageError, PackageId};

/// The parts of `package/package.json` that Onramp uses.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Manifest {
    pub name: String,
    pub version: String,
    /// From `fhirVersions` (IG packages) or `fhir-version-list` (core packages).
    pub fhir_versions: Vec<String>,
    /// Package name → version requirement (`4.0.1`, `4.0.x`, `current`).
    pub dependencies: BTreeMap<String, String>,
    pub canonical: Option<String>,
    pub title: Option<String>,
    /// `type`: `fhir.core`, `fhir.ig`, `IG`, …
    pub package_type: Option<String>,
}

#[derive(Deserialize)]
struct RawManifest {
    name: Option<String>,
    version: Option<String>,
    #[serde(rename = "fhirVersions", default)]
    fhir_versions: Option<Vec<String>>,
    #[serde(rename = "fhir-version-list", default)]
    fhir_version_list: Option<Vec<String>>,
    #[serde(default)]
    dependencies: Option<BTreeMap<String, String>>,
    canonical: Option<String>,
    title: Option<String>,
    #[serde(rename = "type")]
    package_type: Option<String>,
}

impl Manifest {
    /// Parses `package.json` text; `path` only names the file in errors.
    pub fn parse(bytes: &[u8], path: &Path) -> Result<Manifest, PackageError> {
        let invalid = |reason: String| PackageError::InvalidManifest {
            path: path.to_path_buf(),
            reason,
        };
        let raw: RawManifest =
            serde_json::from_slice(strip_bom(bytes)).map_err(|error| invalid(error.to_string()))?;
        let name = raw
            .name
            .ok_or_else(|| invalid("it has no \"name\"".to_owned()))?;
        let version = raw
            .version
            .ok_or_else(|| invalid("it has no \"version\"".to_owned()))?;
        PackageId::new(&name, &version).map_err(|error| invalid(error.to_string()))?;
        Ok(Manifest {
            name,
            version,
            fhir_versions: raw
                .fhir_versions
                .or(raw.fhir_version_list)
                .unwrap_or_default(),
            dependencies: raw.dependencies.unwrap_or_default(),
            canonical: raw.canonical,
            title: raw.title,
            package_type: raw.package_type,
        })
    }

    /// `name#version`.
    pub fn id(&self) -> PackageId {
        PackageId {
            name: self.name.clone(),
            version: self.version.clone(),
        }
    }
}

/// JSON files written on Windows sometimes start with a UTF-8 byte order mark.
pub(crate) fn strip_bom(bytes: &[u8]) -> &[u8] {
    bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes)
}
