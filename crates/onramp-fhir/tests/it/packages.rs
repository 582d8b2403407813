//! Tests of package loading (`.tgz`, folder, cache), dependencies, canonical resolution, the error
//! cases, and installing from a registry served on loopback.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod cache;
mod loading;
mod registry;

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use onramp_fhir::package::{PackageCache, PackageId};

use crate::shared::shared_dir;

pub(crate) const R4: &str = "hl7.fhir.r4.core#4.0.1";
pub(crate) const US_CORE_3: &str = "hl7.fhir.us.core#3.1.1";
pub(crate) const US_CORE_6: &str = "hl7.fhir.us.core#6.1.0";

pub(crate) fn archives() -> Option<PathBuf> {
    Some(shared_dir()?.join("fhir/packages"))
}

pub(crate) fn archive(id: &str) -> Option<PathBuf> {
    let id = PackageId::parse(id).unwrap();
    Some(archives()?.join(format!("{}-{}.tgz", id.name, id.version)))
}

pub(crate) fn id(text: &str) -> PackageId {
    PackageId::parse(text).unwrap()
}

/// A cache holding the three shared packages, imported once (and reused across runs).
pub(crate) fn fixture_cache() -> Option<PackageCache> {
    static CACHE: OnceLock<PackageCache> = OnceLock::new();
    let archives = archives()?;
    Some(
        CACHE
            .get_or_init(|| {
                let cache = PackageCache::new(
                    Path::new(env!("CARGO_TARGET_TMPDIR")).join("fixture-package-cache"),
                );
                for name in [R4, US_CORE_3, US_CORE_6] {
                    if !cache.contains(&id(name)) {
                        let file =
                            archives.join(format!("{}-{}.tgz", id(name).name, id(name).version));
                        cache.import_tgz(&file).unwrap();
                    }
                }
                cache
            })
            .clone(),
    )
}

/// A gzip'd tar with these (path, content) entries, paths written verbatim.
pub(crate) fn make_tgz(entries: &[(&str, &str)]) -> Vec<u8> {
    let mut builder = tar::Builder::new(flate2::write::GzEncoder::new(
        Vec::new(),
        flate2::Compression::fast(),
    ));
    for (path, content) in entries {
        let mut header = tar::Header::new_gnu();
        let name = &mut header.as_gnu_mut().unwrap().name;
        name[..path.len()].copy_from_slice(path.as_bytes());
        header.set_size(content.len() as u64);
        header.set_mode(0o644);
        header.set_entry_type(tar::EntryType::Regular);
        header.set_cksum();
        builder.append(&header, content.as_bytes()).unwrap();
    }
    builder.into_inner().unwrap().finish().unwrap()
}

pub(crate) const MANIFEST: &str = r#"{"name":"example.pkg","version":"1.0.0"}"#;
