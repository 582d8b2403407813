//! The package cache, dependency loading and canonical resolution.

use std::sync::Arc;

use onramp_fhir::package::{
    LoadOptions, Package, PackageCache, PackageError, PackageId, PackageSet,
};

use super::{fixture_cache, id, make_tgz, MANIFEST, R4, US_CORE_3, US_CORE_6};

#[test]
fn the_cache_lists_imported_packages_and_follows_dependencies() {
    let Some(cache) = fixture_cache() else { return };
    let listed = cache.list().unwrap();
    for expected in [R4, US_CORE_3, US_CORE_6] {
        assert!(
            listed.contains(&id(expected)),
            "{expected} not listed in {listed:?}"
        );
    }
    assert!(
        cache
            .folder_of(&id(R4))
            .join("package/.index.json")
            .is_file(),
        "import writes the built index"
    );
    let set = PackageSet::load_with_dependencies(&cache, &id(US_CORE_3)).unwrap();
    let loaded: Vec<PackageId> = set.packages().iter().map(Package::id).collect();
    assert_eq!(loaded, [id(US_CORE_3), id(R4)]);
    assert!(set.missing().is_empty());
    assert_eq!(
        cache.find("hl7.fhir.r4.core", "4.0.x").unwrap(),
        Some(id(R4))
    );
    assert_eq!(
        cache.find("hl7.fhir.us.core", "latest").unwrap(),
        Some(id(US_CORE_6))
    );
    assert_eq!(cache.find("hl7.fhir.r4.core", "4.0.2").unwrap(), None);
}

#[test]
fn canonicals_resolve_with_and_without_a_version_and_are_shared() {
    let Some(cache) = fixture_cache() else { return };
    let set = PackageSet::load_with_dependencies(&cache, &id(US_CORE_3)).unwrap();
    let profile = set
        .resolve_canonical("http://hl7.org/fhir/us/core/StructureDefinition/us-core-patient")
        .unwrap();
    assert_eq!(profile["id"], "us-core-patient");
    assert_eq!(profile["type"], "Patient");
    let again = set
        .resolve_canonical("http://hl7.org/fhir/us/core/StructureDefinition/us-core-patient|3.1.1")
        .unwrap();
    assert!(
        Arc::ptr_eq(&profile, &again),
        "a resolved resource is parsed once"
    );
    let patient = set
        .resolve_canonical("http://hl7.org/fhir/StructureDefinition/Patient|4.0.1")
        .unwrap();
    assert_eq!(patient["kind"], "resource");
    let (package, entry) = set
        .resolve_canonical_entry("http://hl7.org/fhir/ValueSet/administrative-gender")
        .unwrap();
    assert_eq!(
        (package.id(), entry.resource_type.as_str()),
        (id(R4), "ValueSet")
    );
    let n_profiles = set
        .resources_of_type("StructureDefinition")
        .filter(|r| r.is_ok())
        .count();
    assert!(n_profiles > 650, "{n_profiles}");
}

#[test]
fn an_unknown_canonical_or_version_is_a_clear_error() {
    let Some(cache) = fixture_cache() else { return };
    let set = PackageSet::load_with_dependencies(&cache, &id(US_CORE_3)).unwrap();
    let error = set
        .resolve_canonical("http://example.org/StructureDefinition/nothing")
        .unwrap_err();
    assert!(matches!(error, PackageError::UnknownCanonical { .. }));
    assert_eq!(error.to_string(), "unknown canonical http://example.org/StructureDefinition/nothing: no loaded package defines it");
    let error = set
        .resolve_canonical("http://hl7.org/fhir/StructureDefinition/Patient|3.0.2")
        .unwrap_err();
    assert!(
        error.to_string().contains("loaded versions are 4.0.1"),
        "{error}"
    );
}

#[test]
fn a_missing_dependency_fails_by_default_and_is_listed_when_allowed() {
    let Some(cache) = fixture_cache() else { return };
    let error = PackageSet::load_with_dependencies(&cache, &id(US_CORE_6)).unwrap_err();
    assert!(
        matches!(error, PackageError::MissingDependency { .. }),
        "{error:?}"
    );
    let message = error.to_string();
    assert!(
        message.starts_with("package hl7.fhir.us.core#6.1.0 depends on "),
        "{message}"
    );
    assert!(
        message.contains("which is not in the package cache"),
        "{message}"
    );
    let options = LoadOptions {
        allow_missing_dependencies: true,
    };
    let set = PackageSet::load(&cache, &id(US_CORE_6), &options).unwrap();
    let missing: Vec<String> = set
        .missing()
        .iter()
        .map(|m| format!("{}#{}", m.name, m.version))
        .collect();
    assert_eq!(missing.len(), 8, "{missing:?}");
    assert!(missing.contains(&"us.nlm.vsac#0.10.0".to_owned()));
    assert!(missing.contains(&"hl7.fhir.uv.extensions.r4#1.0.0".to_owned()));
    assert!(
        set.packages().iter().any(|p| p.id() == id(R4)),
        "present dependencies are loaded"
    );
    assert_eq!(set.unsatisfied_dependencies().len(), 8);
}

#[test]
fn a_package_not_in_the_cache_is_a_clear_error() {
    let cache = PackageCache::new(tempfile::tempdir().unwrap().path().join("empty"));
    assert!(cache.list().unwrap().is_empty());
    let error = PackageSet::load_with_dependencies(&cache, &id(R4)).unwrap_err();
    assert!(
        error
            .to_string()
            .starts_with("package hl7.fhir.r4.core#4.0.1 is not in the package cache at "),
        "{error}"
    );
}

#[test]
fn importing_again_replaces_the_cached_copy() {
    let dir = tempfile::tempdir().unwrap();
    let cache = PackageCache::new(dir.path());
    let first = make_tgz(&[
        ("package/package.json", MANIFEST),
        ("package/A-1.json", r#"{"resourceType":"Basic","id":"1"}"#),
    ]);
    let second = make_tgz(&[
        ("package/package.json", MANIFEST),
        ("package/B-2.json", r#"{"resourceType":"Basic","id":"2"}"#),
    ]);
    for bytes in [&first, &second] {
        let file = dir.path().join("upload.tgz");
        std::fs::write(&file, bytes).unwrap();
        cache.import_tgz(&file).unwrap();
    }
    let package = cache.load(&id("example.pkg#1.0.0")).unwrap();
    let files: Vec<&str> = package
        .index()
        .iter()
        .map(|e| e.filename.as_str())
        .collect();
    assert_eq!(files, ["B-2.json"]);
    assert_eq!(cache.list().unwrap(), [id("example.pkg#1.0.0")]);
}

#[test]
fn packages_and_sets_can_be_shared_across_threads() {
    fn assert_send_sync<T: Send + Sync>() {}
    assert_send_sync::<Package>();
    assert_send_sync::<PackageSet>();
    assert_send_sync::<PackageCache>();
}
