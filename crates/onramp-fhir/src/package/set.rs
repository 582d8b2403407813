//! A set of loaded packages (a package and its dependency closure) and canonical URL resolution
//! across them.

use std::collections::{HashMap, VecDeque};
use std::sync::Arc;

use serde_json::Value;

use super::id::compare_versions;
use super::{IndexEntry, Package, PackageCache, PackageError, PackageId};

/// How to treat dependencies that are not available.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct LoadOptions {
    /// Load anyway and list what is missing in [`PackageSet::missing`], rather than fail.
    pub allow_missing_dependencies: bool,
}

/// A dependency that a loaded package asks for and the set does not hold.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MissingDependency {
    /// The package whose manifest names the dependency (`name#version`).
    pub required_by: String,
    pub name: String,
    /// The version requirement as written (`4.0.1`, `1.0.x`, `current`).
    pub version: String,
}

impl std::fmt::Display for MissingDependency {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{}#{} (required by {})",
            self.name, self.version, self.required_by
        )
    }
}

/// Loaded packages, searchable by canonical URL and resource type.
#[derive(Debug, Default)]
pub struct PackageSet {
    packages: Vec<Package>,
    /// Canonical URL → (package position, index position), in load order.
    by_url: HashMap<String, Vec<(usize, usize)>>,
    missing: Vec<MissingDependency>,
}

impl PackageSet {
    pub fn new() -> Self {
        PackageSet::default()
    }

    /// Adds a package (no dependency is followed); a package already in the set is ignored.
    pub fn add(&mut self, package: Package) {
        let id = package.id();
        if self.packages.iter().any(|p| p.id() == id) {
            return;
        }
        let package_position = self.packages.len();
        for (entry_position, entry) in package.index().iter().enumerate() {
            if let Some(url) = &entry.url {
                self.by_url
                    .entry(url.clone())
                    .or_default()
                    .push((package_position, entry_position));
            }
        }
        self.packages.push(package);
    }

    /// Loads a cached package and, recursively, its dependencies from the same cache. A missing
    /// dependency is an error.
    pub fn load_with_dependencies(
        cache: &PackageCache,
        id: &PackageId,
    ) -> Result<PackageSet, PackageError> {
        PackageSet::load(cache, id, &LoadOptions::default())
    }

    /// Loads a cached package and its dependencies, as `options` say.
    pub fn load(
        cache: &PackageCache,
        id: &PackageId,
        options: &LoadOptions,
    ) -> Result<PackageSet, PackageError> {
        PackageSet::with_dependencies(cache.load(id)?, cache, options)
    }

    /// Starts from an already loaded package (a `.tgz`, say) and follows its dependencies into `cache`.
    pub fn with_dependencies(
        root: Package,
        cache: &PackageCache,
        options: &LoadOptions,
    ) -> Result<PackageSet, PackageError> {
        let mut set = PackageSet::new();
        set.add(root);
        set.follow_dependencies(cache, options)?;
        Ok(set)
    }

    /// Loads from `cache` every dependency of the packages in the set that the set does not hold
    /// yet, transitively.
    pub fn follow_dependencies(
        &mut self,
        cache: &PackageCache,
        options: &LoadOptions,
    ) -> Result<(), PackageError> {
        let mut queue: VecDeque<(String, String, String)> = VecDeque::new();
        for package in &self.packages {
            enqueue_dependencies(package, &mut queue);
        }
        while let Some((required_by, name, requirement)) = queue.pop_front() {
            if self.satisfies(&name, &requirement) {
                continue;
            }
            match cache.find(&name, &requirement)? {
                Some(id) => {
                    let package = cache.load(&id)?;
                    enqueue_dependencies(&package, &mut queue);
                    self.add(package);
                }
                None if options.allow_missing_dependencies => {
                    let missing = MissingDependency {
                        required_by,
                        name,
                        version: requirement,
                    };
                    if !self.missing.contains(&missing) {
                        self.missing.push(missing);
                    }
                }
                None => {
                    return Err(PackageError::MissingDependency {
                        package: required_by,
                        dependency: format!("{name}#{requirement}"),
                        cache: cache.root().to_path_buf(),
                    })
                }
            }
        }
        Ok(())
    }

    fn satisfies(&self, name: &str, requirement: &str) -> bool {
        self.packages.iter().any(|package| {
            let manifest = package.manifest();
            manifest.name == name && super::id::version_matches(requirement, &manifest.version)
        })
    }

    /// The loaded packages, the root first.
    pub fn packages(&self) -> &[Package] {
        &self.packages
    }

    /// The dependencies that were not found (only with `allow_missing_dependencies`).
    pub fn missing(&self) -> &[MissingDependency] {
        &self.missing
    }

    /// Every dependency named by a loaded package that the set does not satisfy.
    pub fn unsatisfied_dependencies(&self) -> Vec<MissingDependency> {
        let mut result = Vec::new();
        for package in &self.packages {
            for (name, requirement) in &package.manifest().dependencies {
                if !self.satisfies(name, requirement) {
                    result.push(MissingDependency {
                        required_by: package.id().to_string(),
                        name: name.clone(),
                        version: requirement.clone(),
                    });
                }
            }
        }
        result
    }

    /// The resource with this canonical URL, `url` or `url|version`. Without a version, the highest
    /// version wins (ties: the package loaded first).
    pub fn resolve_canonical(&self, canonical: &str) -> Result<Arc<Value>, PackageError> {
        let (package_position, entry_position) = self.locate_canonical(canonical)?;
        match self.packages.get(package_position) {
            Some(package) => package.resource_at(entry_position),
            None => Err(unknown(canonical, "no loaded package defines it")),
        }
    }

    /// Like [`PackageSet::resolve_canonical`], returning the package and index entry.
    pub fn resolve_canonical_entry(
        &self,
        canonical: &str,
    ) -> Result<(&Package, &IndexEntry), PackageError> {
        let (package_position, entry_position) = self.locate_canonical(canonical)?;
        self.packages
            .get(package_position)
            .and_then(|package| Some((package, package.index().get(entry_position)?)))
            .ok_or_else(|| unknown(canonical, "no loaded package defines it"))
    }

    /// The distinct versions the loaded packages hold of the resource with this canonical URL
    /// (without `|version`), in load order; empty when none defines it.
    pub fn canonical_versions(&self, url: &str) -> Vec<String> {
        let mut versions: Vec<String> = Vec::new();
        for &(package, entry) in self.by_url.get(url).into_iter().flatten() {
            let version = self
                .packages
                .get(package)
                .and_then(|package| package.index().get(entry))
                .and_then(|entry| entry.version.clone());
            if let Some(version) = version {
                if !versions.contains(&version) {
                    versions.push(version);
                }
            }
        }
        versions
    }

    fn locate_canonical(&self, canonical: &str) -> Result<(usize, usize), PackageError> {
        let (url, version) = match canonical.rsplit_once('|') {
            Some((url, version)) => (url, Some(version)),
            None => (canonical, None),
        };
        let Some(candidates) = self.by_url.get(url) else {
            return Err(unknown(canonical, "no loaded package defines it"));
        };
        let version_of = |&(p, e): &(usize, usize)| -> Option<&str> {
            self.packages.get(p)?.index().get(e)?.version.as_deref()
        };
        let chosen = match version {
            Some(wanted) => candidates
                .iter()
                .find(|candidate| version_of(candidate) == Some(wanted))
                .or_else(|| {
                    candidates.iter().find(|candidate| {
                        version_of(candidate).is_some_and(|v| v.starts_with(&format!("{wanted}.")))
                    })
                }),
            None => candidates.iter().reduce(|best, candidate| {
                let order = compare_versions(
                    version_of(candidate).unwrap_or(""),
                    version_of(best).unwrap_or(""),
                );
                if order == std::cmp::Ordering::Greater {
                    candidate
                } else {
                    best
                }
            }),
        };
        chosen.copied().ok_or_else(|| {
            let known: Vec<&str> = candidates.iter().filter_map(version_of).collect();
            unknown(
                canonical,
                &format!("loaded versions are {}", known.join(", ")),
            )
        })
    }

    /// Every index entry of this resource type, with its package, in load order.
    pub fn entries_of_type<'a>(
        &'a self,
        resource_type: &'a str,
    ) -> impl Iterator<Item = (&'a Package, usize, &'a IndexEntry)> + 'a {
        self.packages.iter().flat_map(move |package| {
            package
                .index()
                .iter()
                .enumerate()
                .filter(move |(_, entry)| entry.resource_type == resource_type)
                .map(move |(position, entry)| (package, position, entry))
        })
    }

    /// Every resource of this type, parsed (and kept) on demand.
    pub fn resources_of_type<'a>(
        &'a self,
        resource_type: &'a str,
    ) -> impl Iterator<Item = Result<Arc<Value>, PackageError>> + 'a {
        self.entries_of_type(resource_type)
            .map(|(package, position, _)| package.resource_at(position))
    }
}

fn enqueue_dependencies(package: &Package, queue: &mut VecDeque<(String, String, String)>) {
    let required_by = package.id().to_string();
    for (name, requirement) in &package.manifest().dependencies {
        queue.push_back((required_by.clone(), name.clone(), requirement.clone()));
    }
}

fn unknown(canonical: &str, reason: &str) -> PackageError {
    PackageError::UnknownCanonical {
        canonical: canonical.to_owned(),
        reason: reason.to_owned(),
    }
}
