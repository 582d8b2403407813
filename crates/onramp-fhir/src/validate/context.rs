//! What validation needs besides the instance: the loaded packages, the type model, the FHIRPath
//! engine, and caches of compiled profiles and invariant expressions. Built once, shared across
//! threads.

use std::io::Write;
use std::path::Path;
use std::sync::{Arc, OnceLock, RwLock};

use rustc_hash::FxHashMap;
use serde_json::Value;

use super::profile::{compile_profile, Profile};
use super::rules::binding::CompleteCodeSystem;
use super::ValidateError;
use crate::fhirpath::{Engine, Expression};
use crate::model::Model;
use crate::package::{Package, PackageSet};

/// The definitions an instance is validated against. `Send + Sync`; build once, share as `Arc`.
pub struct Definitions {
    packages: Arc<PackageSet>,
    model: Arc<Model>,
    engine: Engine,
    profiles: RwLock<FxHashMap<String, Option<Arc<Profile>>>>,
    expressions: RwLock<FxHashMap<String, Option<Arc<Expression>>>>,
    regexes: RwLock<FxHashMap<String, Option<Arc<regex::Regex>>>>,
    backbone_types: RwLock<FxHashMap<String, crate::fhirpath::TypeId>>,
    /// [`Definitions::core_profile`] by type name, so that the walk (which asks for every
    /// complex value) neither builds the canonical URL nor hashes it.
    core_profiles: RwLock<FxHashMap<String, Option<Arc<Profile>>>>,
    /// [`Definitions::complete_code_system`] by system URL.
    code_systems: RwLock<FxHashMap<String, Option<Arc<CompleteCodeSystem>>>>,
    /// (resource type, profile, ImplementationGuide url) of every `ImplementationGuide.global`.
    globals: OnceLock<Vec<(String, String, String)>>,
    /// The `baseDefinition` (without version) of every loaded StructureDefinition (P6).
    derived_bases: OnceLock<rustc_hash::FxHashSet<String>>,
    /// [`Definitions::imposed_profiles`] by profile URL.
    imposed: RwLock<FxHashMap<String, Arc<[String]>>>,
}

/// The extension by which a profile imposes other profiles on the instances that conform to it.
const IMPOSE_PROFILE: &str =
    "http://hl7.org/fhir/StructureDefinition/structuredefinition-imposeProfile";

const CORE_PREFIX: &str = "http://hl7.org/fhir/StructureDefinition/";

impl Definitions {
    pub fn new(packages: Arc<PackageSet>, model: Arc<Model>) -> Definitions {
        let engine = Engine::new(model.clone()).with_packages(packages.clone());
        Definitions {
            packages,
            model,
            engine,
            profiles: RwLock::new(FxHashMap::default()),
            expressions: RwLock::new(FxHashMap::default()),
            regexes: RwLock::new(FxHashMap::default()),
            backbone_types: RwLock::new(FxHashMap::default()),
            core_profiles: RwLock::new(FxHashMap::default()),
            code_systems: RwLock::new(FxHashMap::default()),
            globals: OnceLock::new(),
            derived_bases: OnceLock::new(),
            imposed: RwLock::new(FxHashMap::default()),
        }
    }

    /// Whether a loaded StructureDefinition has this URL (without version) as its base.
    pub(crate) fn has_derived_definition(&self, url: &str) -> bool {
        self.derived_bases
            .get_or_init(|| {
                self.packages
                    .resources_of_type("StructureDefinition")
                    .filter_map(Result::ok)
                    .filter_map(|sd| {
                        let base = sd.get("baseDefinition")?.as_str()?;
                        Some(base.split('|').next().unwrap_or(base).to_string())
                    })
                    .collect()
            })
            .contains(url)
    }

    /// R4 core from its `.tgz` (model from the compact cache) plus more packages.
    pub fn r4_core_with(
        core_path: &Path,
        more: Vec<Package>,
    ) -> Result<Definitions, ValidateError> {
        let core = Package::from_tgz(core_path)?;
        let model = Model::r4_core(core_path)?;
        let mut packages = PackageSet::new();
        packages.add(core);
        for package in more {
            packages.add(package);
        }
        Ok(Definitions::new(Arc::new(packages), Arc::new(model)))
    }

    pub fn packages(&self) -> &PackageSet {
        &self.packages
    }

    pub fn model(&self) -> &Model {
        &self.model
    }

    pub fn engine(&self) -> &Engine {
        &self.engine
    }

    /// A conformance resource by canonical URL (`url` or `url|version`).
    pub fn resolve(&self, canonical: &str) -> Option<Arc<Value>> {
        self.packages.resolve_canonical(canonical).ok()
    }

    /// The compiled StructureDefinition with this canonical URL.
    pub fn profile(&self, canonical: &str) -> Option<Arc<Profile>> {
        if let Ok(cache) = self.profiles.read() {
            if let Some(found) = cache.get(canonical) {
                return found.clone();
            }
        }
        let compiled = self.resolve(canonical).and_then(|definition| {
            if definition.get("resourceType").and_then(Value::as_str) != Some("StructureDefinition")
            {
                return None;
            }
            let mut definition = super::snapshot::with_snapshot(self, &definition, 0)?;
            super::known::relax_bindings(&mut definition);
            compile_profile(&definition, &mut |text| self.expression(text)).map(Arc::new)
        });
        if let Ok(mut cache) = self.profiles.write() {
            cache.insert(canonical.to_string(), compiled.clone());
        }
        compiled
    }

    /// The expansion of a value set from the loaded packages (`None` when it cannot be expanded
    /// offline), cached by the FHIRPath engine for `memberOf()` too.
    pub(crate) fn expansion(&self, value_set: &str) -> Option<Arc<crate::fhirpath::Expansion>> {
        self.engine.terminology.expansion(&self.packages, value_set)
    }

    /// The code system `system` when the packages hold its complete content (or it is a
    /// supplement), with its codes gathered once: the binding rule asks for every coded value.
    pub(crate) fn complete_code_system(&self, system: &str) -> Option<Arc<CompleteCodeSystem>> {
        if let Ok(cache) = self.code_systems.read() {
            if let Some(found) = cache.get(system) {
                return found.clone();
            }
        }
        let found = self
            .resolve(system)
            .and_then(CompleteCodeSystem::new)
            .map(Arc::new);
        if let Ok(mut cache) = self.code_systems.write() {
            cache.insert(system.to_string(), found.clone());
        }
        found
    }

    /// The `global` profiles that the loaded ImplementationGuides declare for a resource type, as
    /// (profile, ImplementationGuide url) pairs.
    pub fn global_profiles(&self, resource_type: &str) -> Vec<(String, String)> {
        let globals = self.globals.get_or_init(|| {
            let mut found = Vec::new();
            for guide in self
                .packages
                .resources_of_type("ImplementationGuide")
                .filter_map(Result::ok)
            {
                let guide_url = guide.get("url").and_then(Value::as_str).unwrap_or_default();
                for global in guide
                    .get("global")
                    .and_then(Value::as_array)
                    .map(Vec::as_slice)
                    .unwrap_or_default()
                {
                    let text = |key: &str| global.get(key).and_then(Value::as_str);
                    if let (Some(type_name), Some(profile)) = (text("type"), text("profile")) {
                        found.push((
                            type_name.to_string(),
                            profile.to_string(),
                            guide_url.to_string(),
                        ));
                    }
                }
            }
            found
        });
        globals
            .iter()
            .filter(|(type_name, _, _)| type_name == resource_type)
            .map(|(_, profile, guide)| (profile.clone(), guide.clone()))
            .collect()
    }

    /// The profiles a StructureDefinition imposes (its `structuredefinition-imposeProfile`
    /// extensions), read once per profile.
    pub(crate) fn imposed_profiles(&self, profile_url: &str) -> Arc<[String]> {
        if let Ok(cache) = self.imposed.read() {
            if let Some(found) = cache.get(profile_url) {
                return found.clone();
            }
        }
        let found: Arc<[String]> = self
            .resolve(profile_url)
            .and_then(|definition| {
                let extensions = definition.get("extension")?.as_array()?;
                Some(
                    extensions
                        .iter()
                        .filter(|e| e.get("url").and_then(Value::as_str) == Some(IMPOSE_PROFILE))
                        .filter_map(|e| e.get("valueCanonical").and_then(Value::as_str))
                        .map(str::to_string)
                        .collect::<Vec<_>>(),
                )
            })
            .unwrap_or_default()
            .into();
        if let Ok(mut cache) = self.imposed.write() {
            cache.insert(profile_url.to_string(), found.clone());
        }
        found
    }

    /// The core StructureDefinition of a type (`Patient`, `HumanName`, `string`).
    pub fn core_profile(&self, type_name: &str) -> Option<Arc<Profile>> {
        if type_name.starts_with("http") {
            return self.profile(type_name);
        }
        if let Ok(cache) = self.core_profiles.read() {
            if let Some(found) = cache.get(type_name) {
                return found.clone();
            }
        }
        let found = self.profile(&format!("{CORE_PREFIX}{type_name}"));
        if let Ok(mut cache) = self.core_profiles.write() {
            cache.insert(type_name.to_string(), found.clone());
        }
        found
    }

    /// The regex of a primitive type's value (from its StructureDefinition), anchored.
    pub fn primitive_regex(&self, type_code: &str) -> Option<Arc<regex::Regex>> {
        if let Ok(cache) = self.regexes.read() {
            if let Some(found) = cache.get(type_code) {
                return found.clone();
            }
        }
        let compiled = self.core_profile(type_code).and_then(|profile| {
            let value_path = format!("{type_code}.value");
            let pattern = profile
                .nodes
                .iter()
                .find(|node| node.path == value_path)?
                .types
                .iter()
                .find_map(|t| t.regex.clone())?;
            let ascii = pattern
                .replace("\\S", "[^ \\t\\n\\x0B\\f\\r]")
                .replace("\\s", "[ \\t\\n\\x0B\\f\\r]")
                .replace("\\d", "[0-9]");
            regex::Regex::new(&format!("^(?:{ascii})$"))
                .ok()
                .map(Arc::new)
        });
        if let Ok(mut cache) = self.regexes.write() {
            cache.insert(type_code.to_string(), compiled.clone());
        }
        compiled
    }

    /// The FHIRPath type of a backbone element path (`Observation.component`), once known.
    pub(crate) fn backbone_type(&self, path: &str) -> Option<crate::fhirpath::TypeId> {
        self.backbone_types.read().ok()?.get(path).copied()
    }

    pub(crate) fn remember_backbone_type(&self, path: &str, type_id: crate::fhirpath::TypeId) {
        if let Ok(mut cache) = self.backbone_types.write() {
            cache.insert(path.to_string(), type_id);
        }
    }

    /// A compiled FHIRPath expression, shared by every profile that uses the same text.
    pub fn expression(&self, text: &str) -> Option<Arc<Expression>> {
        if let Ok(cache) = self.expressions.read() {
            if let Some(found) = cache.get(text) {
                return found.clone();
            }
        }
        let compiled = self.engine.compile(text).ok().map(Arc::new);
        if let Ok(mut cache) = self.expressions.write() {
            cache.insert(text.to_string(), compiled.clone());
        }
        compiled
    }
}

/// A package made of loose resources (the supporting files of a test case, a profile given as a
/// file): an in-memory `.tgz` named `name#0.0.0`.
pub fn package_from_resources(
    name: &str,
    resources: &[(String, Vec<u8>)],
) -> Result<Package, ValidateError> {
    let mut archive = tar::Builder::new(Vec::new());
    let manifest = serde_json::json!({"name": name, "version": "0.0.0", "fhirVersions": ["4.0.1"]});
    let mut files: Vec<(String, Vec<u8>)> = vec![(
        "package/package.json".to_string(),
        manifest.to_string().into_bytes(),
    )];
    for (file_name, bytes) in resources {
        let base = Path::new(file_name)
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        files.push((format!("package/{base}"), bytes.clone()));
    }
    for (path, bytes) in &files {
        let mut header = tar::Header::new_gnu();
        header.set_size(bytes.len() as u64);
        header.set_mode(0o644);
        header.set_cksum();
        archive
            .append_data(&mut header, path, bytes.as_slice())
            .map_err(|e| ValidateError::Io(e.to_string()))?;
    }
    let tar_bytes = archive
        .into_inner()
        .map_err(|e| ValidateError::Io(e.to_string()))?;
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
    encoder
        .write_all(&tar_bytes)
        .map_err(|e| ValidateError::Io(e.to_string()))?;
    let gz = encoder
        .finish()
        .map_err(|e| ValidateError::Io(e.to_string()))?;
    Ok(Package::from_tgz_bytes(&gz, Path::new(name))?)
}
