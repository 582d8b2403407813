//! The package cache shared with HL7 tooling: `<root>/<name>#<version>/package/…`, by default
//! `~/.fhir/packages`. Importing writes a package there atomically (a temporary folder, then a rename).

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};

use super::id::{compare_versions, is_any_version, version_matches};
use super::index::IndexFile;
use super::{Package, PackageError, PackageId};

/// A package cache folder.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PackageCache {
    root: PathBuf,
}

static TEMP_COUNTER: AtomicU64 = AtomicU64::new(0);

impl PackageCache {
    /// A cache at `root` (created on first import).
    pub fn new(root: impl Into<PathBuf>) -> PackageCache {
        PackageCache { root: root.into() }
    }

    /// The cache named by the environment: `ONRAMP_PACKAGE_CACHE`, else `FHIR_PACKAGE_CACHE`, else
    /// `~/.fhir/packages` (the folder HL7 tooling uses).
    pub fn from_env() -> PackageCache {
        PackageCache::new(PackageCache::default_location())
    }

    /// See [`PackageCache::from_env`].
    pub fn default_location() -> PathBuf {
        for variable in ["ONRAMP_PACKAGE_CACHE", "FHIR_PACKAGE_CACHE"] {
            if let Some(value) = std::env::var_os(variable).filter(|v| !v.is_empty()) {
                return PathBuf::from(value);
            }
        }
        let home = std::env::var_os("HOME")
            .or_else(|| std::env::var_os("USERPROFILE"))
            .map(PathBuf::from)
            .unwrap_or_else(|| PathBuf::from("."));
        home.join(".fhir").join("packages")
    }

    pub fn root(&self) -> &Path {
        &self.root
    }

    /// `<root>/<name>#<version>`.
    pub fn folder_of(&self, id: &PackageId) -> PathBuf {
        self.root.join(id.folder_name())
    }

    /// Whether the cache holds this exact package (its `package/package.json` exists).
    pub fn contains(&self, id: &PackageId) -> bool {
        self.folder_of(id)
            .join("package")
            .join("package.json")
            .is_file()
    }

    /// Every package in the cache, sorted by name then version. An absent cache is empty.
    pub fn list(&self) -> Result<Vec<PackageId>, PackageError> {
        let items = match std::fs::read_dir(&self.root) {
            Ok(items) => items,
            Err(error) if error.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
            Err(error) => return Err(PackageError::io(&self.root, error)),
        };
        let mut ids = Vec::new();
        for item in items {
            let item = item.map_err(|error| PackageError::io(&self.root, error))?;
            let Some(folder_name) = item.file_name().to_str().map(str::to_owned) else {
                continue;
            };
            let Ok(id) = PackageId::parse(&folder_name) else {
                continue;
            };
            if self.contains(&id) {
                ids.push(id);
            }
        }
        ids.sort_by(|a, b| {
            a.name
                .cmp(&b.name)
                .then_with(|| compare_versions(&a.version, &b.version))
        });
        Ok(ids)
    }

    /// The cached package that satisfies `requirement` for `name`: that exact version, or the highest
    /// matching a wildcard (`4.0.x`, `current`, `latest`).
    pub fn find(&self, name: &str, requirement: &str) -> Result<Option<PackageId>, PackageError> {
        if !is_any_version(requirement) && !requirement.contains(['x', 'X']) {
            let id = PackageId::new(name, requirement)?;
            return Ok(self.contains(&id).then_some(id));
        }
        Ok(self
            .list()?
            .into_iter()
            .filter(|id| id.name == name && version_matches(requirement, &id.version))
            .max_by(|a, b| compare_versions(&a.version, &b.version)))
    }

    /// Loads a cached package.
    pub fn load(&self, id: &PackageId) -> Result<Package, PackageError> {
        if !self.contains(id) {
            return Err(PackageError::NotInCache {
                id: id.to_string(),
                cache: self.root.clone(),
            });
        }
        Package::from_folder(&self.folder_of(id))
    }

    /// Checks a `.tgz` and writes it into the cache, replacing an earlier copy of the same version.
    pub fn import_tgz(&self, archive: &Path) -> Result<PackageId, PackageError> {
        let package = Package::from_tgz(archive)?;
        self.import_package(&package)
    }

    /// Writes a loaded package into the cache (with a built `.index.json` when it had none).
    pub fn import_package(&self, package: &Package) -> Result<PackageId, PackageError> {
        let id = package.id();
        std::fs::create_dir_all(&self.root).map_err(|error| PackageError::io(&self.root, error))?;
        let temp = self.root.join(format!(
            ".tmp-{}-{}-{}",
            id.folder_name(),
            std::process::id(),
            TEMP_COUNTER.fetch_add(1, Ordering::Relaxed)
        ));
        let result = write_package(package, &temp).and_then(|()| self.replace(&temp, &id));
        if result.is_err() {
            let _ = std::fs::remove_dir_all(&temp);
        }
        result.map(|()| id)
    }

    fn replace(&self, temp: &Path, id: &PackageId) -> Result<(), PackageError> {
        let target = self.folder_of(id);
        if target.exists() {
            let mut old = temp.as_os_str().to_owned();
            old.push("-old");
            let old = PathBuf::from(old);
            std::fs::rename(&target, &old).map_err(|error| PackageError::io(&target, error))?;
            let _ = std::fs::remove_dir_all(&old);
        }
        std::fs::rename(temp, &target).map_err(|error| PackageError::io(&target, error))
    }
}

fn write_package(package: &Package, folder: &Path) -> Result<(), PackageError> {
    let package_dir = folder.join("package");
    for relative_path in package.file_names()? {
        let bytes = package.read_bytes(&relative_path)?;
        let file = package_dir.join(&relative_path);
        if let Some(parent) = file.parent() {
            std::fs::create_dir_all(parent).map_err(|error| PackageError::io(parent, error))?;
        }
        std::fs::write(&file, &bytes).map_err(|error| PackageError::io(&file, error))?;
    }
    if !package.had_index_file() {
        let file = package_dir.join(".index.json");
        std::fs::write(&file, IndexFile::to_json(package.index()))
            .map_err(|error| PackageError::io(&file, error))?;
    }
    Ok(())
}
