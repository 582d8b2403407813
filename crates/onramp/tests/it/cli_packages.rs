//! Tests of `onramp packages`: list, import and install (from a registry served on loopback),
//! their output and their exit codes.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// `../shared/fhir/packages`, or `None` (skip) when ../shared is absent outside CI.
fn archives() -> Option<PathBuf> {
    crate::support::shared_fhir_dir().map(|fhir| fhir.join("packages"))
}

/// Runs `onramp packages ARGS` with the cache at `cache` and no inherited cache or registry settings.
fn onramp(cache: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_onramp"))
        .arg("packages")
        .args(args)
        .env("ONRAMP_PACKAGE_CACHE", cache)
        .env_remove("ONRAMP_PACKAGE_REGISTRY")
        .env_remove("FHIR_PACKAGE_CACHE")
        .output()
        .unwrap()
}

fn stdout(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

fn code(output: &Output) -> i32 {
    output.status.code().unwrap()
}

#[test]
fn list_on_an_empty_cache_prints_nothing_and_succeeds() {
    let cache = tempfile::tempdir().unwrap();
    let output = onramp(cache.path(), &["list"]);
    assert_eq!(code(&output), 0, "{}", stderr(&output));
    assert_eq!(stdout(&output), "");
    assert!(
        stderr(&output).contains("no packages in"),
        "{}",
        stderr(&output)
    );
}

#[test]
fn import_puts_an_archive_in_the_cache_and_list_shows_it() {
    let Some(archives) = archives() else { return };
    let cache = tempfile::tempdir().unwrap();
    let archive = archives.join("hl7.fhir.us.core-3.1.1.tgz");
    let output = onramp(cache.path(), &["import", archive.to_str().unwrap()]);
    assert_eq!(code(&output), 0, "{}", stderr(&output));
    assert!(
        stdout(&output).starts_with("imported hl7.fhir.us.core#3.1.1 into "),
        "{}",
        stdout(&output)
    );
    assert!(cache
        .path()
        .join("hl7.fhir.us.core#3.1.1/package/package.json")
        .is_file());
    // --cache wins over the environment.
    let elsewhere = tempfile::tempdir().unwrap();
    let output = onramp(
        elsewhere.path(),
        &["--cache", cache.path().to_str().unwrap(), "list"],
    );
    assert_eq!(
        (code(&output), stdout(&output).as_str()),
        (0, "hl7.fhir.us.core#3.1.1\n")
    );
}

#[test]
fn import_of_a_corrupt_archive_fails_with_exit_1_and_a_missing_file_with_exit_2() {
    let Some(archives) = archives() else { return };
    let cache = tempfile::tempdir().unwrap();
    let bytes = std::fs::read(archives.join("hl7.fhir.us.core-3.1.1.tgz")).unwrap();
    let truncated = cache.path().join("truncated.tgz");
    std::fs::write(&truncated, &bytes[..bytes.len() / 3]).unwrap();
    let output = onramp(cache.path(), &["import", truncated.to_str().unwrap()]);
    assert_eq!(code(&output), 1);
    assert!(
        stderr(&output).contains("truncated.tgz is corrupt or truncated"),
        "{}",
        stderr(&output)
    );
    let output = onramp(cache.path(), &["import", "/no/such/file.tgz"]);
    assert_eq!(code(&output), 2);
    assert!(
        stderr(&output).contains("cannot access /no/such/file.tgz"),
        "{}",
        stderr(&output)
    );
    assert_eq!(stdout(&onramp(cache.path(), &["list"])), "");
}

#[test]
fn usage_errors_exit_with_2() {
    let cache = tempfile::tempdir().unwrap();
    assert_eq!(code(&onramp(cache.path(), &["frobnicate"])), 2);
    assert_eq!(code(&onramp(cache.path(), &["import"])), 2);
    let output = onramp(cache.path(), &["install", "../evil#1.0"]);
    assert_eq!(code(&output), 2);
    assert!(
        stderr(&output).contains("invalid package id"),
        "{}",
        stderr(&output)
    );
}

/// A registry on loopback serving the `.tgz` files of `dir` (see `onramp_fhir::testing`).
fn serve_registry(dir: PathBuf) -> String {
    onramp_fhir::testing::serve_registry(dir).unwrap()
}

#[test]
fn install_downloads_a_package_and_its_dependencies_from_the_registry() {
    let Some(archives) = archives() else { return };
    let registry = serve_registry(archives);
    let cache = tempfile::tempdir().unwrap();
    let output = onramp(
        cache.path(),
        &["--registry", &registry, "install", "hl7.fhir.us.core#3.1.1"],
    );
    assert_eq!(code(&output), 0, "{}", stderr(&output));
    assert_eq!(
        stdout(&output),
        "installed hl7.fhir.us.core#3.1.1\ninstalled hl7.fhir.r4.core#4.0.1\n"
    );
    let output = onramp(cache.path(), &["list"]);
    assert_eq!(
        stdout(&output),
        "hl7.fhir.r4.core#4.0.1\nhl7.fhir.us.core#3.1.1\n"
    );
    // Again, through the environment variable: nothing to download.
    let output = Command::new(env!("CARGO_BIN_EXE_onramp"))
        .args(["packages", "install", "hl7.fhir.us.core#3.1.1"])
        .env("ONRAMP_PACKAGE_CACHE", cache.path())
        .env("ONRAMP_PACKAGE_REGISTRY", &registry)
        .output()
        .unwrap();
    assert_eq!(code(&output), 0, "{}", stderr(&output));
    assert_eq!(
        stdout(&output),
        "already in cache hl7.fhir.us.core#3.1.1\nalready in cache hl7.fhir.r4.core#4.0.1\n"
    );
}

#[test]
fn install_of_an_unknown_package_or_version_fails_with_exit_1() {
    let Some(archives) = archives() else { return };
    let registry = serve_registry(archives);
    let cache = tempfile::tempdir().unwrap();
    let output = onramp(
        cache.path(),
        &["--registry", &registry, "install", "no.such.package#1.0.0"],
    );
    assert_eq!(code(&output), 1);
    assert!(
        stderr(&output).contains(&format!(
            "the package registry at {registry} has no package no.such.package"
        )),
        "{}",
        stderr(&output)
    );
    let output = onramp(
        cache.path(),
        &["--registry", &registry, "install", "hl7.fhir.us.core#2.0.0"],
    );
    assert_eq!(code(&output), 1);
    assert!(
        stderr(&output).contains("(available versions: 3.1.1, 6.1.0)"),
        "{}",
        stderr(&output)
    );
}

#[test]
fn install_reports_dependencies_the_registry_lacks_and_exits_1_unless_told_not_to_follow_them() {
    let Some(archives) = archives() else { return };
    let registry = serve_registry(archives);
    let cache = tempfile::tempdir().unwrap();
    let output = onramp(
        cache.path(),
        &[
            "--registry",
            &registry,
            "install",
            "hl7.fhir.us.core#6.1.0",
            "--no-deps",
        ],
    );
    assert_eq!(code(&output), 0, "{}", stderr(&output));
    assert_eq!(stdout(&output), "installed hl7.fhir.us.core#6.1.0\n");
    let output = onramp(
        cache.path(),
        &["--registry", &registry, "install", "hl7.fhir.us.core"],
    );
    assert_eq!(code(&output), 1);
    assert!(
        stdout(&output).contains("installed hl7.fhir.r4.core#4.0.1"),
        "{}",
        stdout(&output)
    );
    let errors = stderr(&output);
    assert!(
        errors.contains(
            "error: dependency us.nlm.vsac#0.10.0 of hl7.fhir.us.core#6.1.0 was not installed"
        ),
        "{errors}"
    );
    assert_eq!(
        errors
            .lines()
            .filter(|l| l.starts_with("error: dependency"))
            .count(),
        8,
        "{errors}"
    );
}

#[test]
fn install_from_an_unreachable_registry_fails_with_exit_1() {
    let port = TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let cache = tempfile::tempdir().unwrap();
    let output = onramp(
        cache.path(),
        &[
            "--registry",
            &format!("http://127.0.0.1:{port}"),
            "install",
            "hl7.fhir.r4.core#4.0.1",
        ],
    );
    assert_eq!(code(&output), 1);
    assert!(
        stderr(&output).contains("package registry request"),
        "{}",
        stderr(&output)
    );
}
