//! Where the read-only test material of `../shared/` lives, and what to do when it is missing.

use std::path::PathBuf;

/// The `shared/` folder beside the repository (override with `ONRAMP_SHARED_DIR`).
///
/// CI always has it, so there a missing folder fails the test; elsewhere the test is skipped with a
/// printed notice. Returns `None` when the caller should skip.
pub fn shared_dir() -> Option<PathBuf> {
    let dir = match std::env::var_os("ONRAMP_SHARED_DIR") {
        Some(dir) => PathBuf::from(dir),
        None => PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../../../shared")),
    };
    if dir.join("fhir").is_dir() {
        return Some(dir);
    }
    if std::env::var_os("CI").is_some() {
        panic!(
            "../shared is missing at {} and CI must have it",
            dir.display()
        );
    }
    eprintln!("notice: skipping, ../shared not found at {}", dir.display());
    None
}
