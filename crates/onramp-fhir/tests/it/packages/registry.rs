//! Installing from a package registry served on loopback, the way packages.fhir.org serves packages.

use std::net::TcpListener;
use std::path::PathBuf;
use std::sync::{Arc, Mutex};

use onramp_fhir::package::{
    DownloadProgress, InstallOptions, PackageCache, PackageError, PackageId, PackageSet,
    RegistryClient,
};

use super::{archive, archives, id, R4, US_CORE_3, US_CORE_6};

/// A registry on loopback serving the `.tgz` files of `dir` (see `onramp_fhir::testing`).
fn serve_registry(dir: PathBuf) -> String {
    onramp_fhir::testing::serve_registry(dir).unwrap()
}

/// One download as the progress callbacks saw it: package, announced size, bytes seen.
type Download = (String, Option<u64>, u64);

#[derive(Default)]
struct Recorder(Arc<Mutex<Vec<Download>>>);

impl DownloadProgress for Recorder {
    fn started(&mut self, id: &PackageId, total_bytes: Option<u64>) {
        self.0
            .lock()
            .unwrap()
            .push((id.to_string(), total_bytes, 0));
    }
    fn advanced(&mut self, bytes_so_far: u64) {
        if let Some(last) = self.0.lock().unwrap().last_mut() {
            last.2 = bytes_so_far;
        }
    }
    fn finished(&mut self, _: &PackageId) {}
}

#[test]
fn installing_from_a_registry_downloads_the_package_and_its_dependencies() {
    let Some(archives) = archives() else { return };
    let registry = RegistryClient::new(&serve_registry(archives.clone()));
    let dir = tempfile::tempdir().unwrap();
    let cache = PackageCache::new(dir.path());
    let listing = registry.listing("hl7.fhir.us.core").unwrap();
    assert_eq!(
        listing.dist_tags.get("latest").map(String::as_str),
        Some("6.1.0")
    );
    assert_eq!(listing.versions.len(), 2);
    let mut progress = Recorder::default();
    let report = registry
        .install(
            &cache,
            "hl7.fhir.us.core",
            Some("3.1.1"),
            &InstallOptions::default(),
            &mut progress,
        )
        .unwrap();
    assert_eq!(report.installed, [id(US_CORE_3), id(R4)]);
    assert!(report.failed.is_empty());
    let downloads = progress.0.lock().unwrap().clone();
    let us_core_size = std::fs::metadata(archive(US_CORE_3).unwrap())
        .unwrap()
        .len();
    assert_eq!(
        downloads[0],
        (US_CORE_3.to_owned(), Some(us_core_size), us_core_size)
    );
    assert_eq!(cache.list().unwrap(), [id(R4), id(US_CORE_3)]);
    let set = PackageSet::load_with_dependencies(&cache, &id(US_CORE_3)).unwrap();
    assert_eq!(set.packages().len(), 2);
    // A second install finds everything cached and downloads nothing.
    let mut progress = Recorder::default();
    let report = registry
        .install(
            &cache,
            "hl7.fhir.us.core",
            Some("3.1.1"),
            &InstallOptions::default(),
            &mut progress,
        )
        .unwrap();
    assert!(report.installed.is_empty());
    assert_eq!(report.already_cached, [id(US_CORE_3), id(R4)]);
    assert!(progress.0.lock().unwrap().is_empty());
}

#[test]
fn installing_without_a_version_takes_the_latest_and_reports_dependencies_the_registry_lacks() {
    let Some(archives) = archives() else { return };
    let registry = RegistryClient::new(&serve_registry(archives));
    let dir = tempfile::tempdir().unwrap();
    let cache = PackageCache::new(dir.path());
    let options = InstallOptions {
        with_dependencies: true,
        reinstall: false,
    };
    let report = registry
        .install(
            &cache,
            "hl7.fhir.us.core",
            None,
            &options,
            &mut Recorder::default(),
        )
        .unwrap();
    assert_eq!(report.requested, Some(id(US_CORE_6)));
    assert_eq!(report.installed, [id(US_CORE_6), id(R4)]);
    assert_eq!(report.failed.len(), 8);
    let terminology = report
        .failed
        .iter()
        .find(|f| f.dependency == "hl7.terminology.r4#5.0.0")
        .unwrap();
    assert_eq!(terminology.required_by, US_CORE_6);
    assert!(
        terminology
            .error
            .to_string()
            .contains("has no package hl7.terminology.r4"),
        "{}",
        terminology.error
    );
}

#[test]
fn registry_errors_name_the_package_and_the_versions_available() {
    let Some(archives) = archives() else { return };
    let registry = RegistryClient::new(&serve_registry(archives));
    let cache = PackageCache::new(tempfile::tempdir().unwrap().path());
    let error = registry
        .install(
            &cache,
            "no.such.package",
            Some("1.0.0"),
            &InstallOptions::default(),
            &mut Recorder::default(),
        )
        .unwrap_err();
    assert!(
        matches!(error, PackageError::NotOnRegistry { .. }),
        "{error:?}"
    );
    let error = registry
        .install(
            &cache,
            "hl7.fhir.us.core",
            Some("9.9.9"),
            &InstallOptions::default(),
            &mut Recorder::default(),
        )
        .unwrap_err();
    assert!(
        error
            .to_string()
            .ends_with("has no package hl7.fhir.us.core#9.9.9 (available versions: 3.1.1, 6.1.0)"),
        "{error}"
    );
}

#[test]
fn a_corrupt_download_or_an_unreachable_registry_is_an_error() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("broken.pkg-1.0.0.tgz"),
        b"\x1f\x8b not really gzip",
    )
    .unwrap();
    let registry = RegistryClient::new(&serve_registry(dir.path().to_path_buf()));
    let cache = PackageCache::new(dir.path().join("cache"));
    let error = registry
        .install(
            &cache,
            "broken.pkg",
            Some("1.0.0"),
            &InstallOptions::default(),
            &mut Recorder::default(),
        )
        .unwrap_err();
    assert!(
        matches!(error, PackageError::CorruptArchive { .. }),
        "{error:?}"
    );
    assert!(cache.list().unwrap().is_empty());
    // A port that nobody listens on: bind one, then free it.
    let port = TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let unreachable = RegistryClient::new(&format!("http://127.0.0.1:{port}"));
    let error = unreachable.listing("hl7.fhir.r4.core").unwrap_err();
    assert!(matches!(error, PackageError::Registry { .. }), "{error:?}");
    assert!(
        error.to_string().starts_with(&format!(
            "package registry request http://127.0.0.1:{port}/hl7.fhir.r4.core failed"
        )),
        "{error}"
    );
}
