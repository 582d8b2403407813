//! A loaded package: its manifest, its index, and its files, held in memory (from a `.tgz`) or read
//! on demand (from a folder). Parsed resources are kept behind `Arc` after first use.

use std::borrow::Cow;
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, OnceLock};

use serde_json::Value;

use super::archive::read_tgz;
use super::fingerprint::{fingerprint_bytes, Fingerprint};
use super::index::{is_indexable, probe_entry, IndexFile};
use super::manifest::strip_bom;
use super::{IndexEntry, Manifest, PackageError, PackageId};

/// Where a package was read from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PackageLocation {
    /// A `.tgz` file (or bytes downloaded from a registry, named by their URL).
    Archive(PathBuf),
    /// A folder holding `package/package.json`.
    Folder(PathBuf),
}

/// One FHIR NPM package.
#[derive(Debug)]
pub struct Package {
    manifest: Manifest,
    location: PackageLocation,
    fingerprint: u64,
    index: Vec<IndexEntry>,
    /// Whether the index came from `.index.json` (false: built by reading the files).
    had_index_file: bool,
    storage: Storage,
    parsed: Vec<OnceLock<Arc<Value>>>,
}

#[derive(Debug)]
enum Storage {
    /// Relative path under `package/` → content.
    Memory(HashMap<String, Vec<u8>>),
    /// The `package/` folder itself.
    Folder(PathBuf),
}

impl Package {
    /// Reads a package archive (`.tgz`).
    pub fn from_tgz(path: &Path) -> Result<Package, PackageError> {
        let bytes = std::fs::read(path).map_err(|error| PackageError::io(path, error))?;
        Package::from_tgz_bytes(&bytes, path)
    }

    /// Reads a package archive held in memory; `name` is used in errors and as its location.
    pub fn from_tgz_bytes(bytes: &[u8], name: &Path) -> Result<Package, PackageError> {
        let files: HashMap<String, Vec<u8>> = read_tgz(bytes, name)?
            .into_iter()
            .map(|file| (file.relative_path, file.bytes))
            .collect();
        let manifest_bytes =
            files
                .get("package.json")
                .ok_or_else(|| PackageError::MissingManifest {
                    path: name.to_path_buf(),
                })?;
        let manifest = Manifest::parse(manifest_bytes, &name.join("package/package.json"))?;
        let package_name = manifest.id().to_string();
        let (index, had_index_file) =
            match files.get(".index.json").and_then(|b| IndexFile::parse(b)) {
                Some(entries) => (sanitize(entries), true),
                None => {
                    let mut entries = Vec::new();
                    let mut names: Vec<&String> =
                        files.keys().filter(|p| !p.contains('/')).collect();
                    names.sort();
                    for filename in names {
                        if let Some(bytes) = files.get(filename.as_str()) {
                            push_probe(&mut entries, &package_name, filename, bytes)?;
                        }
                    }
                    (entries, false)
                }
            };
        Ok(Package::assemble(
            manifest,
            PackageLocation::Archive(name.to_path_buf()),
            fingerprint_bytes(bytes),
            index,
            had_index_file,
            Storage::Memory(files),
        ))
    }

    /// Reads an extracted package: `path` is the folder holding `package/`, or `package/` itself.
    pub fn from_folder(path: &Path) -> Result<Package, PackageError> {
        let package_dir = package_dir_of(path).ok_or_else(|| PackageError::MissingManifest {
            path: path.to_path_buf(),
        })?;
        let manifest_path = package_dir.join("package.json");
        let manifest_bytes = std::fs::read(&manifest_path)
            .map_err(|error| PackageError::io(&manifest_path, error))?;
        let manifest = Manifest::parse(&manifest_bytes, &manifest_path)?;
        let package_name = manifest.id().to_string();
        let index_file = std::fs::read(package_dir.join(".index.json")).ok();
        let (index, had_index_file) = match index_file.as_deref().and_then(IndexFile::parse) {
            Some(entries) => (sanitize(entries), true),
            None => {
                let mut entries = Vec::new();
                for filename in root_file_names(&package_dir)? {
                    if is_indexable(&filename) {
                        let file = package_dir.join(&filename);
                        let bytes =
                            std::fs::read(&file).map_err(|error| PackageError::io(&file, error))?;
                        push_probe(&mut entries, &package_name, &filename, &bytes)?;
                    }
                }
                (entries, false)
            }
        };
        let fingerprint = folder_fingerprint(&package_dir)?;
        let location = PackageLocation::Folder(path.to_path_buf());
        Ok(Package::assemble(
            manifest,
            location,
            fingerprint,
            index,
            had_index_file,
            Storage::Folder(package_dir),
        ))
    }

    fn assemble(
        manifest: Manifest,
        location: PackageLocation,
        fingerprint: u64,
        index: Vec<IndexEntry>,
        had_index_file: bool,
        storage: Storage,
    ) -> Package {
        let parsed = index.iter().map(|_| OnceLock::new()).collect();
        Package {
            manifest,
            location,
            fingerprint,
            index,
            had_index_file,
            storage,
            parsed,
        }
    }

    pub fn manifest(&self) -> &Manifest {
        &self.manifest
    }

    /// `name#version` from the manifest.
    pub fn id(&self) -> PackageId {
        self.manifest.id()
    }

    pub fn location(&self) -> &PackageLocation {
        &self.location
    }

    /// A fingerprint of the package content (the archive bytes, or the folder's file listing).
    pub fn fingerprint(&self) -> u64 {
        self.fingerprint
    }

    /// The resource files of the package (from `.index.json`, or built by reading them).
    pub fn index(&self) -> &[IndexEntry] {
        &self.index
    }

    /// Whether the index was read from `.index.json` rather than built.
    pub fn had_index_file(&self) -> bool {
        self.had_index_file
    }

    /// The raw bytes of a file, by its path relative to `package/` (`Patient-example.json`).
    pub fn read_bytes(&self, relative_path: &str) -> Result<Cow<'_, [u8]>, PackageError> {
        let missing = || PackageError::MissingFile {
            package: self.id().to_string(),
            filename: relative_path.to_owned(),
        };
        match &self.storage {
            Storage::Memory(files) => files
                .get(relative_path)
                .map(|bytes| Cow::Borrowed(bytes.as_slice()))
                .ok_or_else(missing),
            Storage::Folder(package_dir) => {
                if !is_safe_relative(relative_path) {
                    return Err(missing());
                }
                let file = package_dir.join(relative_path);
                match std::fs::read(&file) {
                    Ok(bytes) => Ok(Cow::Owned(bytes)),
                    Err(error) if error.kind() == std::io::ErrorKind::NotFound => Err(missing()),
                    Err(error) => Err(PackageError::io(file, error)),
                }
            }
        }
    }

    /// Parses an indexed resource afresh (the caller owns the value).
    pub fn read_json(&self, entry: &IndexEntry) -> Result<Value, PackageError> {
        let bytes = self.read_bytes(&entry.filename)?;
        serde_json::from_slice(strip_bom(&bytes)).map_err(|source| PackageError::InvalidResource {
            package: self.id().to_string(),
            filename: entry.filename.clone(),
            source,
        })
    }

    /// The resource of index entry `position`, parsed once and shared afterwards.
    pub fn resource_at(&self, position: usize) -> Result<Arc<Value>, PackageError> {
        let (Some(entry), Some(slot)) = (self.index.get(position), self.parsed.get(position))
        else {
            return Err(PackageError::MissingFile {
                package: self.id().to_string(),
                filename: format!("index entry {position}"),
            });
        };
        if let Some(value) = slot.get() {
            return Ok(Arc::clone(value));
        }
        let value = Arc::new(self.read_json(entry)?);
        Ok(Arc::clone(slot.get_or_init(|| value)))
    }

    /// Every file of the package (paths relative to `package/`), sorted.
    pub fn file_names(&self) -> Result<Vec<String>, PackageError> {
        match &self.storage {
            Storage::Memory(files) => {
                let mut names: Vec<String> = files.keys().cloned().collect();
                names.sort();
                Ok(names)
            }
            Storage::Folder(package_dir) => {
                let mut names = Vec::new();
                collect_files(package_dir, "", &mut names)?;
                names.sort();
                Ok(names)
            }
        }
    }
}

fn push_probe(
    entries: &mut Vec<IndexEntry>,
    package_name: &str,
    filename: &str,
    bytes: &[u8],
) -> Result<(), PackageError> {
    if !is_indexable(filename) {
        return Ok(());
    }
    let entry = probe_entry(filename, bytes).map_err(|source| PackageError::InvalidResource {
        package: package_name.to_owned(),
        filename: filename.to_owned(),
        source,
    })?;
    entries.extend(entry);
    Ok(())
}

/// Keeps only index entries that name a plain file in `package/` (no folders, no `..`).
fn sanitize(entries: Vec<IndexEntry>) -> Vec<IndexEntry> {
    entries
        .into_iter()
        .filter(|entry| is_safe_relative(&entry.filename) && !entry.filename.contains('/'))
        .collect()
}

fn is_safe_relative(relative_path: &str) -> bool {
    !relative_path.is_empty()
        && !relative_path.starts_with('/')
        && !relative_path.contains('\\')
        && relative_path
            .split('/')
            .all(|part| !part.is_empty() && part != ".." && part != ".")
}

/// `<dir>/package` when it holds `package.json`, else `<dir>` itself when it does.
fn package_dir_of(path: &Path) -> Option<PathBuf> {
    let nested = path.join("package");
    if nested.join("package.json").is_file() {
        Some(nested)
    } else if path.join("package.json").is_file() {
        Some(path.to_path_buf())
    } else {
        None
    }
}

/// The names of the files directly in `dir`, sorted.
fn root_file_names(dir: &Path) -> Result<Vec<String>, PackageError> {
    let mut names = Vec::new();
    for item in std::fs::read_dir(dir).map_err(|error| PackageError::io(dir, error))? {
        let item = item.map_err(|error| PackageError::io(dir, error))?;
        let is_file = item.file_type().map(|t| t.is_file()).unwrap_or(false);
        if let (true, Some(name)) = (is_file, item.file_name().to_str()) {
            names.push(name.to_owned());
        }
    }
    names.sort();
    Ok(names)
}

fn collect_files(dir: &Path, prefix: &str, names: &mut Vec<String>) -> Result<(), PackageError> {
    for item in std::fs::read_dir(dir).map_err(|error| PackageError::io(dir, error))? {
        let item = item.map_err(|error| PackageError::io(dir, error))?;
        let Some(name) = item.file_name().to_str().map(str::to_owned) else {
            continue;
        };
        let file_type = item
            .file_type()
            .map_err(|error| PackageError::io(item.path(), error))?;
        let relative = format!("{prefix}{name}");
        if file_type.is_dir() {
            collect_files(&item.path(), &format!("{relative}/"), names)?;
        } else if file_type.is_file() {
            names.push(relative);
        }
    }
    Ok(())
}

/// The fingerprint of an extracted package: its manifest and index bytes, and the name, size and
/// modification time of every file directly in `package/`. Cheap (no file is read but two).
pub(crate) fn folder_fingerprint(package_dir: &Path) -> Result<u64, PackageError> {
    let mut fingerprint = Fingerprint::new();
    for name in root_file_names(package_dir)? {
        let file = package_dir.join(&name);
        let metadata = std::fs::metadata(&file).map_err(|error| PackageError::io(&file, error))?;
        fingerprint.write_field(name.as_bytes());
        fingerprint.write_u64(metadata.len());
        let modified = metadata
            .modified()
            .ok()
            .and_then(|time| time.duration_since(std::time::UNIX_EPOCH).ok())
            .map(|since| since.as_nanos() as u64)
            .unwrap_or(0);
        fingerprint.write_u64(modified);
        if name == "package.json" || name == ".index.json" {
            let bytes = std::fs::read(&file).map_err(|error| PackageError::io(&file, error))?;
            fingerprint.write_field(&bytes);
        }
    }
    Ok(fingerprint.finish())
}

/// The fingerprint `Package::from_folder` or `Package::from_tgz` would compute for `path`, without
/// loading the package.
pub fn source_fingerprint(path: &Path) -> Result<u64, PackageError> {
    if path.is_dir() {
        let package_dir = package_dir_of(path).ok_or_else(|| PackageError::MissingManifest {
            path: path.to_path_buf(),
        })?;
        folder_fingerprint(&package_dir)
    } else {
        let bytes = std::fs::read(path).map_err(|error| PackageError::io(path, error))?;
        Ok(fingerprint_bytes(&bytes))
    }
}
