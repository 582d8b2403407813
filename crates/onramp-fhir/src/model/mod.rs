//! The FHIR type model: the element tree of every type and resource, built from StructureDefinitions.
//!
//! # Overview
//!
//! - [`Model`]: every named type (primitive, complex, resource) of the loaded packages with its base
//!   type and elements, and every backbone element ([`TypeKey::Backbone`]) with its own elements.
//!   Built once ([`Model::from_packages`], or [`Model::r4_core`] with the compact cache) and shared
//!   as `Arc<Model>`; it is `Send + Sync`.
//! - [`ChildElement`]: one element: name, path, cardinality, allowed types, choice, modifier, summary.
//!
//! # Example
//!
//! ```no_run
//! use onramp_fhir::model::{Model, TypeKey};
//!
//! let model = Model::r4_core("hl7.fhir.r4.core-4.0.1.tgz".as_ref())?;
//! let observation = TypeKey::named("Observation");
//! let (element, carried) = model.resolve_json_property(&observation, "valueQuantity").unwrap();
//! assert_eq!((element.name, carried), ("value", TypeKey::named("Quantity")));
//! # Ok::<(), onramp_fhir::model::ModelError>(())
//! ```
//!
//! # What is a choice element?
//!
//! An element whose path ends in `[x]` (`Observation.value[x]`) may hold one of several types. In
//! JSON it appears under its name followed by the type name (`valueQuantity`, `valueString`), and
//! FHIRPath reaches it as `Observation.value`. [`Model::child`] finds it by `value`;
//! [`Model::resolve_json_property`] maps `valueQuantity` to it and to `Quantity`.
//!
//! # What is a backbone element?
//!
//! An element defined inline with its own children (`Patient.contact`, `Timing.repeat`). It has no
//! type name, so it is keyed by its path. `contentReference` (`Questionnaire.item.item` →
//! `#Questionnaire.item`) reuses such an element; the model resolves it to the same backbone key.

mod build;
mod cache;
mod error;
mod query;
mod types;

use std::collections::HashMap;
use std::path::{Path, PathBuf};

pub use error::ModelError;
pub use types::{ChildElement, TypeKey, TypeKind};

use crate::package::{source_fingerprint, Package, PackageCache, PackageSet};
use types::ModelData;

/// The element tree of every FHIR type of a set of packages.
#[derive(Debug)]
pub struct Model {
    data: ModelData,
    type_positions: HashMap<String, usize>,
    owner_positions: HashMap<TypeKey, usize>,
}

/// Whether [`Model::from_package_path`] built the model or read it from the compact cache.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ModelOrigin {
    Built,
    Cache,
}

impl Model {
    /// Builds the model from the StructureDefinitions of the packages (no cache).
    pub fn from_packages(packages: &PackageSet) -> Result<Model, ModelError> {
        Ok(Model::from_data(build::build(packages)?))
    }

    /// Like [`Model::from_packages`], reading and writing the compact cache in `cache_dir`.
    pub fn from_packages_cached(
        packages: &PackageSet,
        cache_dir: &Path,
    ) -> Result<(Model, ModelOrigin), ModelError> {
        let fingerprints: Vec<u64> = packages
            .packages()
            .iter()
            .map(Package::fingerprint)
            .collect();
        let key = cache::cache_key(&fingerprints);
        if let Some(data) = cache::read(cache_dir, key) {
            return Ok((Model::from_data(data), ModelOrigin::Cache));
        }
        let data = build::build(packages)?;
        let _ = cache::write(cache_dir, key, &data);
        Ok((Model::from_data(data), ModelOrigin::Built))
    }

    /// The model of one self-contained package (a core package such as `hl7.fhir.r4.core`), from its
    /// `.tgz` or folder, using the compact cache in `cache_dir`. A warm load reads the archive only
    /// to fingerprint it.
    pub fn from_package_path(
        package_path: &Path,
        cache_dir: &Path,
    ) -> Result<(Model, ModelOrigin), ModelError> {
        let key = cache::cache_key(&[source_fingerprint(package_path)?]);
        if let Some(data) = cache::read(cache_dir, key) {
            return Ok((Model::from_data(data), ModelOrigin::Cache));
        }
        let package = if package_path.is_dir() {
            Package::from_folder(package_path)?
        } else {
            Package::from_tgz(package_path)?
        };
        let mut packages = PackageSet::new();
        packages.add(package);
        Model::from_packages_cached(&packages, cache_dir)
    }

    /// The model of R4 core from its `.tgz` or folder, cached in [`Model::default_cache_dir`].
    pub fn r4_core(package_path: &Path) -> Result<Model, ModelError> {
        Model::from_package_path(package_path, &Model::default_cache_dir()).map(|(model, _)| model)
    }

    /// `<package cache>/.onramp/models` (see [`PackageCache::default_location`]).
    pub fn default_cache_dir() -> PathBuf {
        PackageCache::default_location()
            .join(".onramp")
            .join("models")
    }

    fn from_data(data: ModelData) -> Model {
        let type_positions = data
            .types
            .iter()
            .enumerate()
            .map(|(position, t)| (t.name.clone(), position))
            .collect();
        let owner_positions = data
            .owners
            .iter()
            .enumerate()
            .map(|(position, owner)| (owner.key.clone(), position))
            .collect();
        Model {
            data,
            type_positions,
            owner_positions,
        }
    }
}
