//! The FHIR engines sandboxes use, one per pinned package set: the validator (R4 core and the
//! track's packages) and the search parameters of those packages. Built on first use, off the
//! async runtime, and kept for the process — a cache of what the packages say, nothing more: any
//! instance builds the same engine from the same packages.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, OnceLock};

use onramp_fhir::fhirpath::Engine;
use onramp_fhir::model::Model;
use onramp_fhir::package::{LoadOptions, Package, PackageCache, PackageId, PackageSet};
use onramp_fhir::search::SearchParameters;
use onramp_fhir::validate::{Definitions, Validator};
use tokio::sync::OnceCell;

use crate::config::ServerConfig;
use crate::web::error::AppError;

/// What a sandbox validates and searches with.
pub struct SandboxEngine {
    pub validator: Validator,
    pub search: SearchParameters,
    /// FHIRPath typed by the R4 model, with the packages' value sets and profiles (conformance
    /// tests' conditions and TestScripts).
    pub fhirpath: Arc<Engine>,
    /// The packages asked for that could not be found (validation against them is not done; the
    /// environment's page says so).
    pub missing: Vec<String>,
}

type Slot = Arc<OnceCell<Arc<SandboxEngine>>>;

fn engines() -> &'static Mutex<HashMap<String, Slot>> {
    static ENGINES: OnceLock<Mutex<HashMap<String, Slot>>> = OnceLock::new();
    ENGINES.get_or_init(|| Mutex::new(HashMap::new()))
}

/// The engine for `packages` (`NAME#VERSION`, R4 core first), built once per process and
/// package locations.
pub async fn for_packages(
    config: &ServerConfig,
    packages: &[String],
) -> Result<Arc<SandboxEngine>, AppError> {
    let key = format!(
        "{}|{}|{}",
        config.fhir_package_cache.display(),
        config
            .fhir_package_dir
            .as_deref()
            .map(Path::display)
            .map(|shown| shown.to_string())
            .unwrap_or_default(),
        packages.join(" ")
    );
    let slot = {
        let mut map = engines()
            .lock()
            .map_err(|_| AppError::Internal("the FHIR engine cache is poisoned".to_owned()))?;
        map.entry(key).or_default().clone()
    };
    let cache = config.fhir_package_cache.clone();
    let dir = config.fhir_package_dir.clone();
    let packages = packages.to_vec();
    let engine = slot
        .get_or_try_init(|| async move {
            tokio::task::spawn_blocking(move || build(&cache, dir.as_deref(), &packages))
                .await
                .map_err(|error| AppError::Internal(format!("building a FHIR engine: {error}")))?
                .map(Arc::new)
                .map_err(AppError::Internal)
        })
        .await?;
    Ok(engine.clone())
}

/// Where a package is: its folder in the cache, else `NAME-VERSION.tgz` in the archive folder.
fn locate(cache: &PackageCache, dir: Option<&Path>, id: &PackageId) -> Option<PathBuf> {
    if cache.contains(id) {
        return Some(cache.folder_of(id));
    }
    let archive = dir?.join(format!("{}-{}.tgz", id.name, id.version));
    archive.is_file().then_some(archive)
}

fn read(path: &Path) -> Result<Package, String> {
    let package = if path.is_dir() {
        Package::from_folder(path)
    } else {
        Package::from_tgz(path)
    };
    package.map_err(|error| format!("reading {}: {error}", path.display()))
}

fn build(
    cache_root: &Path,
    dir: Option<&Path>,
    packages: &[String],
) -> Result<SandboxEngine, String> {
    let cache = PackageCache::new(cache_root);
    let mut missing = Vec::new();
    let mut set = PackageSet::new();
    let mut core_path = None;
    for text in packages {
        let id = PackageId::parse(text).map_err(|error| format!("{text}: {error}"))?;
        match locate(&cache, dir, &id) {
            Some(path) => {
                if core_path.is_none() {
                    core_path = Some(path.clone());
                }
                set.add(read(&path)?);
            }
            None => missing.push(text.clone()),
        }
    }
    let core_missing = packages.first().is_none_or(|core| missing.contains(core));
    let Some(core_path) = core_path.filter(|_| !core_missing) else {
        return Err(format!(
            "the FHIR core package {} is not installed: put it in the package cache ({}) with `onramp packages install`, or set fhir_package_dir to a folder holding its .tgz",
            packages.first().map_or("hl7.fhir.r4.core#4.0.1", String::as_str),
            cache.root().display()
        ));
    };
    let options = LoadOptions {
        allow_missing_dependencies: true,
    };
    set.follow_dependencies(&cache, &options)
        .map_err(|error| format!("package dependencies: {error}"))?;
    let model_cache = cache.root().join(".onramp").join("models");
    let (model, _) = Model::from_package_path(&core_path, &model_cache)
        .map_err(|error| format!("the FHIR model: {error}"))?;
    let model = Arc::new(model);
    let set = Arc::new(set);
    let fhirpath = Arc::new(Engine::new(model.clone()).with_packages(set.clone()));
    let search = SearchParameters::load(&set, fhirpath.clone());
    let validator = Validator::new(Arc::new(Definitions::new(set, model)));
    Ok(SandboxEngine {
        validator,
        search,
        fhirpath,
        missing,
    })
}

/// A resource (`Type/id`) of an installed package (`NAME#VERSION`), read off the runtime; the
/// error says what was not found, in words for the person who named it.
pub async fn package_resource(
    config: &ServerConfig,
    package: &str,
    resource: &str,
) -> Result<serde_json::Value, String> {
    let cache = config.fhir_package_cache.clone();
    let dir = config.fhir_package_dir.clone();
    let (package, resource) = (package.to_owned(), resource.to_owned());
    tokio::task::spawn_blocking(move || {
        let id = PackageId::parse(&package).map_err(|error| format!("{package}: {error}"))?;
        let cache = PackageCache::new(&cache);
        let path = locate(&cache, dir.as_deref(), &id)
            .ok_or_else(|| format!("the package {package} is not installed"))?;
        let loaded = read(&path)?;
        let (resource_type, resource_id) = resource
            .split_once('/')
            .ok_or_else(|| format!("`{resource}` is not Type/id"))?;
        let position = loaded
            .index()
            .iter()
            .position(|entry| {
                entry.resource_type == resource_type && entry.id.as_deref() == Some(resource_id)
            })
            .ok_or_else(|| format!("no {resource} in the package {package}"))?;
        loaded
            .resource_at(position)
            .map(|value| (*value).clone())
            .map_err(|error| error.to_string())
    })
    .await
    .map_err(|error| error.to_string())?
}
