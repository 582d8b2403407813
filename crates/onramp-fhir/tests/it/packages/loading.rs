//! Reading packages from `.tgz` archives and folders, and the errors for bad archives.

use std::path::Path;

use onramp_fhir::package::{Package, PackageCache, PackageError, PackageLocation};

use super::{archive, fixture_cache, id, make_tgz, MANIFEST, R4, US_CORE_3};

#[test]
fn a_tgz_without_an_index_gets_one_built_from_its_files() {
    let Some(path) = archive(R4) else { return };
    let package = Package::from_tgz(&path).unwrap();
    assert_eq!(package.id(), id(R4));
    assert_eq!(package.manifest().fhir_versions, ["4.0.1"]);
    assert!(package.manifest().dependencies.is_empty());
    assert!(!package.had_index_file());
    // 4,582 files in package/: every one but package.json is a resource.
    assert_eq!(package.index().len(), 4581);
    let patient = package
        .index()
        .iter()
        .find(|e| e.filename == "StructureDefinition-Patient.json")
        .unwrap();
    assert_eq!(patient.resource_type, "StructureDefinition");
    assert_eq!(
        patient.url.as_deref(),
        Some("http://hl7.org/fhir/StructureDefinition/Patient")
    );
    assert_eq!(
        (patient.kind.as_deref(), patient.type_name.as_deref()),
        (Some("resource"), Some("Patient"))
    );
    let json = package.read_json(patient).unwrap();
    assert_eq!(json["id"], "Patient");
    assert_eq!(package.location(), &PackageLocation::Archive(path));
}

#[test]
fn a_tgz_with_an_index_uses_it_and_reads_dependencies() {
    let Some(path) = archive(US_CORE_3) else {
        return;
    };
    let package = Package::from_tgz(&path).unwrap();
    assert!(package.had_index_file());
    assert_eq!(package.index().len(), 147);
    assert_eq!(
        package
            .manifest()
            .dependencies
            .get("hl7.fhir.r4.core")
            .map(String::as_str),
        Some("4.0.1")
    );
    assert_eq!(
        package.manifest().canonical.as_deref(),
        Some("http://hl7.org/fhir/us/core")
    );
    let files = package.file_names().unwrap();
    assert!(
        files.iter().any(|f| f.starts_with("example/")),
        "examples are kept"
    );
}

#[test]
fn a_folder_loads_like_its_archive_from_the_root_or_the_package_folder() {
    let Some(cache) = fixture_cache() else { return };
    let folder = cache.folder_of(&id(US_CORE_3));
    let from_root = Package::from_folder(&folder).unwrap();
    let from_inner = Package::from_folder(&folder.join("package")).unwrap();
    let from_tgz = Package::from_tgz(&archive(US_CORE_3).unwrap()).unwrap();
    assert_eq!(from_root.index(), from_tgz.index());
    assert_eq!(from_inner.index(), from_tgz.index());
    assert_eq!(from_root.manifest(), from_tgz.manifest());
    let entry = &from_root.index()[0];
    assert_eq!(
        from_root.read_json(entry).unwrap(),
        from_tgz.read_json(entry).unwrap()
    );
}

#[test]
fn a_folder_without_an_index_gets_one_built() {
    let dir = tempfile::tempdir().unwrap();
    let package_dir = dir.path().join("package");
    std::fs::create_dir_all(&package_dir).unwrap();
    std::fs::write(
        package_dir.join("package.json"),
        r#"{"name":"example.pkg","version":"1.0.0","fhirVersions":["4.0.1"]}"#,
    )
    .unwrap();
    std::fs::write(
        package_dir.join("ValueSet-a.json"),
        r#"{"resourceType":"ValueSet","id":"a","url":"http://example.org/vs/a","version":"2"}"#,
    )
    .unwrap();
    std::fs::write(package_dir.join("notes.txt"), "not a resource").unwrap();
    let package = Package::from_folder(dir.path()).unwrap();
    assert!(!package.had_index_file());
    assert_eq!(package.index().len(), 1);
    assert_eq!(
        package.index()[0].url.as_deref(),
        Some("http://example.org/vs/a")
    );
}

#[test]
fn a_corrupt_or_truncated_archive_is_refused() {
    let Some(path) = archive(US_CORE_3) else {
        return;
    };
    let bytes = std::fs::read(&path).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let truncated = dir.path().join("truncated.tgz");
    std::fs::write(&truncated, &bytes[..bytes.len() / 2]).unwrap();
    let error = Package::from_tgz(&truncated).unwrap_err();
    assert!(
        matches!(error, PackageError::CorruptArchive { .. }),
        "{error:?}"
    );
    assert!(
        error
            .to_string()
            .contains("truncated.tgz is corrupt or truncated"),
        "{error}"
    );
    // Only the gzip trailer missing: every entry reads, the checksum cannot be checked.
    let short = dir.path().join("short.tgz");
    std::fs::write(&short, &bytes[..bytes.len() - 4]).unwrap();
    assert!(matches!(
        Package::from_tgz(&short),
        Err(PackageError::CorruptArchive { .. })
    ));
    let garbage = dir.path().join("garbage.tgz");
    std::fs::write(&garbage, b"this is not an archive").unwrap();
    assert!(matches!(
        Package::from_tgz(&garbage),
        Err(PackageError::CorruptArchive { .. })
    ));
    let absent = Package::from_tgz(&dir.path().join("absent.tgz")).unwrap_err();
    assert!(matches!(absent, PackageError::Io { .. }), "{absent:?}");
    let cache = PackageCache::new(dir.path().join("cache"));
    assert!(cache.import_tgz(&truncated).is_err());
    assert!(
        cache.list().unwrap().is_empty(),
        "a failed import leaves nothing behind"
    );
}

#[test]
fn archives_with_bad_content_give_errors_that_say_what_is_wrong() {
    let check = |entries: &[(&str, &str)], expected: &str| {
        let bytes = make_tgz(entries);
        let error = Package::from_tgz_bytes(&bytes, Path::new("test.tgz")).unwrap_err();
        assert!(
            error.to_string().contains(expected),
            "{error} does not contain {expected}"
        );
    };
    check(&[("package/../../evil.json", "{}")], "unsafe entry");
    check(&[("/etc/evil.json", "{}")], "unsafe entry");
    check(
        &[("package/Patient-a.json", "{}")],
        "is not a FHIR package: it has no package/package.json",
    );
    check(
        &[("package/package.json", "{\"name\":")],
        "package manifest test.tgz/package/package.json is invalid",
    );
    check(
        &[("package/package.json", r#"{"name":"x"}"#)],
        "it has no \"version\"",
    );
    check(
        &[("package/package.json", r#"{"name":"../x","version":"1"}"#)],
        "invalid package id",
    );
    check(
        &[
            ("package/package.json", MANIFEST),
            ("package/Patient-a.json", "{\"resourceType\": \"Pat"),
        ],
        "resource Patient-a.json in package example.pkg#1.0.0 is not valid JSON",
    );
    // Entries outside package/ are ignored rather than refused.
    let bytes = make_tgz(&[
        ("package/package.json", MANIFEST),
        ("other/readme.json", "{}"),
    ]);
    let package = Package::from_tgz_bytes(&bytes, Path::new("ok.tgz")).unwrap();
    assert_eq!(package.file_names().unwrap(), ["package.json"]);
}
