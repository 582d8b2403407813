//! Shared setup of the validator tests: R4 core (extracted once into a temporary folder so that each
//! test can build its own package set cheaply), the model, and `Definitions` with extra packages.

use std::path::{Path, PathBuf};
use std::sync::{Arc, OnceLock};

use onramp_fhir::model::Model;
use onramp_fhir::package::{Package, PackageSet};
use onramp_fhir::validate::{package_from_resources, Definitions, Issue, Validator};

use crate::shared::shared_dir;

struct Core {
    folder: PathBuf,
    model: Arc<Model>,
    _temp: tempfile::TempDir,
}

fn core() -> Option<&'static Core> {
    static CORE: OnceLock<Option<Core>> = OnceLock::new();
    CORE.get_or_init(|| {
        let shared = shared_dir()?;
        let tgz = shared.join("fhir/packages/hl7.fhir.r4.core-4.0.1.tgz");
        let temp = tempfile::tempdir().unwrap();
        let bytes = std::fs::read(&tgz).unwrap();
        let decoder = flate2::read::GzDecoder::new(bytes.as_slice());
        tar::Archive::new(decoder).unpack(temp.path()).unwrap();
        let model = Arc::new(Model::r4_core(&tgz).unwrap());
        Some(Core {
            folder: temp.path().to_path_buf(),
            model,
            _temp: temp,
        })
    })
    .as_ref()
}

/// Definitions of R4 core plus `more` packages; `None` when ../shared is missing.
pub fn definitions(more: Vec<Package>) -> Option<Arc<Definitions>> {
    let core = core()?;
    let mut packages = PackageSet::new();
    packages.add(Package::from_folder(&core.folder).unwrap());
    for package in more {
        packages.add(package);
    }
    Some(Arc::new(Definitions::new(
        Arc::new(packages),
        core.model.clone(),
    )))
}

/// R4 core alone, shared by the unit tests of each rule.
pub fn core_validator() -> Option<Validator> {
    static DEFS: OnceLock<Option<Arc<Definitions>>> = OnceLock::new();
    DEFS.get_or_init(|| definitions(Vec::new()))
        .clone()
        .map(Validator::new)
}

/// A validator over R4 core plus loose resources (profiles, value sets) given as JSON text.
pub fn validator_with(resources: &[(&str, &str)]) -> Option<Validator> {
    let files: Vec<(String, Vec<u8>)> = resources
        .iter()
        .map(|(name, text)| (name.to_string(), text.as_bytes().to_vec()))
        .collect();
    let package = package_from_resources("test.local", &files).unwrap();
    definitions(vec![package]).map(Validator::new)
}

/// Validates JSON text against R4 core (and explicit profiles).
pub fn check(validator: &Validator, json: &str, profiles: &[&str]) -> Vec<Issue> {
    let canonicals: Vec<String> = profiles.iter().map(|p| p.to_string()).collect();
    let profiles = validator.profiles(&canonicals).unwrap();
    validator.validate_bytes(json.as_bytes(), &profiles)
}

/// The message ids of the error-level issues.
pub fn error_ids(issues: &[Issue]) -> Vec<&'static str> {
    issues
        .iter()
        .filter(|i| i.severity.is_error())
        .map(|i| i.message_id)
        .collect()
}

pub fn shared_path(relative: &str) -> Option<PathBuf> {
    shared_dir().map(|dir| dir.join(relative))
}

pub fn read(path: &Path) -> Vec<u8> {
    std::fs::read(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}
