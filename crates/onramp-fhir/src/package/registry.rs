//! A client for FHIR package registries (`https://packages.fhir.org` and anything that answers the
//! same way): version listings, downloads with progress, and installing into the package cache.
//!
//! This is the only code in `onramp-fhir` that touches the network, and only when a caller builds a
//! [`RegistryClient`] and asks it to.

use std::collections::BTreeMap;
use std::io::Read;
use std::path::Path;
use std::time::Duration;

use serde::Deserialize;

use super::id::{compare_versions, is_any_version, version_matches};
use super::{Package, PackageCache, PackageError, PackageId};

/// The public FHIR package registry.
pub const DEFAULT_REGISTRY: &str = "https://packages.fhir.org";

/// Downloads larger than this are refused.
const MAX_DOWNLOAD_BYTES: u64 = 1 << 30;

/// Told about each download as it goes (the CLI draws a progress bar).
pub trait DownloadProgress {
    /// A download of `id` starts; `total_bytes` when the server says how large it is.
    fn started(&mut self, id: &PackageId, total_bytes: Option<u64>);
    /// `bytes_so_far` of the current download have arrived.
    fn advanced(&mut self, bytes_so_far: u64);
    /// The current download is complete.
    fn finished(&mut self, id: &PackageId);
}

/// A [`DownloadProgress`] that shows nothing.
pub struct NoProgress;

impl DownloadProgress for NoProgress {
    fn started(&mut self, _: &PackageId, _: Option<u64>) {}
    fn advanced(&mut self, _: u64) {}
    fn finished(&mut self, _: &PackageId) {}
}

/// What the registry says about a package: its versions and where their archives are.
#[derive(Clone, Debug, Default, Deserialize)]
pub struct PackageListing {
    #[serde(default)]
    pub name: String,
    #[serde(rename = "dist-tags", default)]
    pub dist_tags: BTreeMap<String, String>,
    #[serde(default)]
    pub versions: BTreeMap<String, ListedVersion>,
}

/// One version in a [`PackageListing`].
#[derive(Clone, Debug, Default, Deserialize)]
pub struct ListedVersion {
    #[serde(default)]
    pub dist: Option<Dist>,
}

/// Where a version's archive is.
#[derive(Clone, Debug, Default, Deserialize)]
pub struct Dist {
    #[serde(default)]
    pub tarball: Option<String>,
}

/// What [`RegistryClient::install`] should do.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct InstallOptions {
    /// Also install the dependencies (transitively) that the cache lacks.
    pub with_dependencies: bool,
    /// Download the requested package even when the cache already holds it.
    pub reinstall: bool,
}

impl Default for InstallOptions {
    fn default() -> Self {
        InstallOptions {
            with_dependencies: true,
            reinstall: false,
        }
    }
}

/// What an install did.
#[derive(Debug, Default)]
pub struct InstallReport {
    /// The package that was asked for, with its resolved version.
    pub requested: Option<PackageId>,
    /// Downloaded and written to the cache, in order.
    pub installed: Vec<PackageId>,
    /// Already in the cache, so not downloaded.
    pub already_cached: Vec<PackageId>,
    /// Dependencies that could not be installed: `name#requirement`, who needs it, and why.
    pub failed: Vec<FailedDependency>,
}

/// A dependency that [`RegistryClient::install`] could not install.
#[derive(Debug)]
pub struct FailedDependency {
    pub dependency: String,
    pub required_by: String,
    pub error: PackageError,
}

/// A package registry at a base URL.
pub struct RegistryClient {
    base_url: String,
    agent: ureq::Agent,
}

impl RegistryClient {
    /// A client for the registry at `base_url` (no trailing slash needed).
    pub fn new(base_url: &str) -> RegistryClient {
        let agent = ureq::Agent::config_builder()
            .timeout_connect(Some(Duration::from_secs(30)))
            .timeout_recv_response(Some(Duration::from_secs(120)))
            .http_status_as_error(false)
            .build()
            .into();
        RegistryClient {
            base_url: base_url.trim_end_matches('/').to_owned(),
            agent,
        }
    }

    pub fn base_url(&self) -> &str {
        &self.base_url
    }

    /// `GET <base>/<name>`: the versions the registry holds.
    pub fn listing(&self, name: &str) -> Result<PackageListing, PackageError> {
        PackageId::parse_spec(name)?;
        let url = format!("{}/{}", self.base_url, name);
        let mut response = self.get(&url)?;
        let status = response.status().as_u16();
        if status == 404 {
            return Err(self.not_found(name, Vec::new()));
        }
        if status != 200 {
            return Err(registry_error(&url, format!("HTTP status {status}")));
        }
        let text = response
            .body_mut()
            .read_to_string()
            .map_err(|error| registry_error(&url, error.to_string()))?;
        serde_json::from_str(&text).map_err(|error| {
            registry_error(&url, format!("the version list is not valid JSON: {error}"))
        })
    }

    /// The exact version that `requirement` names on the registry (`None`: the `latest` tag), and
    /// its archive URL.
    pub fn resolve(
        &self,
        name: &str,
        requirement: Option<&str>,
    ) -> Result<(PackageId, String), PackageError> {
        let listing = self.listing(name)?;
        let mut known: Vec<String> = listing.versions.keys().cloned().collect();
        known.sort_by(|a, b| compare_versions(a, b));
        let version = match requirement {
            None => listing
                .dist_tags
                .get("latest")
                .cloned()
                .or_else(|| known.last().cloned()),
            Some(wanted) if is_any_version(wanted) => listing
                .dist_tags
                .get(wanted)
                .or_else(|| listing.dist_tags.get("latest"))
                .cloned()
                .or_else(|| known.last().cloned()),
            Some(wanted) => known
                .iter()
                .rev()
                .find(|v| version_matches(wanted, v))
                .cloned(),
        };
        let spec = match requirement {
            Some(wanted) => format!("{name}#{wanted}"),
            None => name.to_owned(),
        };
        let Some(version) = version else {
            return Err(self.not_found(&spec, known));
        };
        let id = PackageId::new(name, &version)?;
        let tarball = listing
            .versions
            .get(&version)
            .and_then(|listed| listed.dist.as_ref())
            .and_then(|dist| dist.tarball.clone())
            .unwrap_or_else(|| format!("{}/{}/{}", self.base_url, name, version));
        Ok((id, tarball))
    }

    /// Downloads an archive, reporting progress, and checks that it is the package `id`.
    pub fn download(
        &self,
        id: &PackageId,
        url: &str,
        progress: &mut dyn DownloadProgress,
    ) -> Result<Package, PackageError> {
        let mut response = self.get(url)?;
        let status = response.status().as_u16();
        if status == 404 {
            return Err(self.not_found(&id.to_string(), Vec::new()));
        }
        if status != 200 {
            return Err(registry_error(url, format!("HTTP status {status}")));
        }
        let total = response.body().content_length();
        progress.started(id, total);
        let mut reader = response
            .body_mut()
            .with_config()
            .limit(MAX_DOWNLOAD_BYTES)
            .reader();
        let mut bytes: Vec<u8> =
            Vec::with_capacity(usize::try_from(total.unwrap_or(0)).unwrap_or(0));
        let mut buffer = vec![0u8; 64 * 1024];
        loop {
            let n = reader
                .read(&mut buffer)
                .map_err(|error| registry_error(url, error.to_string()))?;
            if n == 0 {
                break;
            }
            bytes.extend_from_slice(buffer.get(..n).unwrap_or_default());
            progress.advanced(bytes.len() as u64);
        }
        progress.finished(id);
        let package = Package::from_tgz_bytes(&bytes, Path::new(url))?;
        if package.id() != *id {
            return Err(registry_error(
                url,
                format!("the archive holds {} instead of {id}", package.id()),
            ));
        }
        Ok(package)
    }

    /// Installs a package (the `latest` tag when `version` is `None`) into `cache`, and with
    /// `options.with_dependencies` every dependency the cache lacks. Fails when the requested
    /// package cannot be installed; dependencies that fail are listed in the report.
    pub fn install(
        &self,
        cache: &PackageCache,
        name: &str,
        version: Option<&str>,
        options: &InstallOptions,
        progress: &mut dyn DownloadProgress,
    ) -> Result<InstallReport, PackageError> {
        let mut report = InstallReport::default();
        let root = match version.map(|v| PackageId::new(name, v)) {
            Some(Ok(id)) if !options.reinstall && cache.contains(&id) => {
                report.already_cached.push(id.clone());
                cache.load(&id)?
            }
            _ => {
                let (id, url) = self.resolve(name, version)?;
                if !options.reinstall && cache.contains(&id) {
                    report.already_cached.push(id.clone());
                    cache.load(&id)?
                } else {
                    let package = self.download(&id, &url, progress)?;
                    cache.import_package(&package)?;
                    report.installed.push(id);
                    package
                }
            }
        };
        report.requested = Some(root.id());
        if !options.with_dependencies {
            return Ok(report);
        }
        let mut queue: Vec<(String, String, String)> = dependencies_of(&root);
        while let Some((required_by, dependency, requirement)) = queue.pop() {
            match cache.find(&dependency, &requirement) {
                Ok(Some(id)) => {
                    if !report.already_cached.contains(&id) && !report.installed.contains(&id) {
                        report.already_cached.push(id);
                    }
                    continue;
                }
                Ok(None) => {}
                Err(error) => {
                    report
                        .failed
                        .push(failed(&dependency, &requirement, required_by, error));
                    continue;
                }
            }
            let installed = self
                .resolve(&dependency, Some(&requirement))
                .and_then(|(id, url)| self.download(&id, &url, progress))
                .and_then(|package| cache.import_package(&package).map(|id| (id, package)));
            match installed {
                Ok((id, package)) => {
                    queue.extend(dependencies_of(&package));
                    report.installed.push(id);
                }
                Err(error) => {
                    report
                        .failed
                        .push(failed(&dependency, &requirement, required_by, error))
                }
            }
        }
        Ok(report)
    }

    fn get(&self, url: &str) -> Result<ureq::http::Response<ureq::Body>, PackageError> {
        self.agent
            .get(url)
            .header("Accept", "application/json, application/gzip, */*")
            .call()
            .map_err(|error| registry_error(url, error.to_string()))
    }

    fn not_found(&self, id: &str, versions: Vec<String>) -> PackageError {
        PackageError::NotOnRegistry {
            registry: self.base_url.clone(),
            id: id.to_owned(),
            versions,
        }
    }
}

fn dependencies_of(package: &Package) -> Vec<(String, String, String)> {
    let required_by = package.id().to_string();
    package
        .manifest()
        .dependencies
        .iter()
        .rev()
        .map(|(name, requirement)| (required_by.clone(), name.clone(), requirement.clone()))
        .collect()
}

fn failed(
    name: &str,
    requirement: &str,
    required_by: String,
    error: PackageError,
) -> FailedDependency {
    FailedDependency {
        dependency: format!("{name}#{requirement}"),
        required_by,
        error,
    }
}

fn registry_error(url: &str, reason: String) -> PackageError {
    PackageError::Registry {
        url: url.to_owned(),
        reason,
    }
}
