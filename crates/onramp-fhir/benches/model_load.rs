//! Benchmark: loading R4 core and its type model, cold (parse the StructureDefinitions) and warm
//! (the compact cache). Run with `cargo bench -p onramp-fhir --bench model_load`.

use std::error::Error;
use std::path::PathBuf;
use std::time::{Duration, Instant};

use onramp_fhir::model::{Model, ModelOrigin};
use onramp_fhir::package::{Package, PackageCache, PackageSet};

fn shared_dir() -> PathBuf {
    match std::env::var_os("ONRAMP_SHARED_DIR") {
        Some(dir) => PathBuf::from(dir),
        None => PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../../../shared")),
    }
}

/// Runs `f` `runs` times and returns the median duration.
fn median<T>(
    runs: usize,
    mut f: impl FnMut() -> Result<T, Box<dyn Error>>,
) -> Result<Duration, Box<dyn Error>> {
    let mut times = Vec::with_capacity(runs);
    for _ in 0..runs {
        let start = Instant::now();
        std::hint::black_box(f()?);
        times.push(start.elapsed());
    }
    times.sort();
    Ok(times.get(runs / 2).copied().unwrap_or_default())
}

fn report(label: &str, duration: Duration) {
    println!("{label:<58} {:>9.1} ms", duration.as_secs_f64() * 1000.0);
}

fn main() -> Result<(), Box<dyn Error>> {
    let tgz = shared_dir().join("fhir/packages/hl7.fhir.r4.core-4.0.1.tgz");
    if !tgz.is_file() {
        println!("skipped: {} not found", tgz.display());
        return Ok(());
    }
    let scratch = tempfile::tempdir()?;
    let runs = 5;

    report(
        "Package::from_tgz (unpack, build index)",
        median(runs, || Ok(Package::from_tgz(&tgz)?))?,
    );
    let cache = PackageCache::new(scratch.path().join("packages"));
    let id = cache.import_tgz(&tgz)?;
    let folder = cache.folder_of(&id);
    report(
        "Package::from_folder (with .index.json)",
        median(runs, || Ok(Package::from_folder(&folder)?))?,
    );

    let mut packages = PackageSet::new();
    packages.add(Package::from_tgz(&tgz)?);
    report(
        "Model::from_packages (parse StructureDefinitions)",
        median(runs, || Ok(Model::from_packages(&packages)?))?,
    );

    let mut n_cold = 0;
    let cold = median(runs, || {
        n_cold += 1;
        let dir = scratch.path().join(format!("cold-{n_cold}"));
        let (model, origin) = Model::from_package_path(&tgz, &dir)?;
        if origin != ModelOrigin::Built {
            return Err("expected a cold build".into());
        }
        Ok(model)
    })?;
    report("cold: Model::from_package_path(.tgz), empty cache", cold);

    let warm_dir = scratch.path().join("warm");
    Model::from_package_path(&tgz, &warm_dir)?;
    let warm = median(21, || {
        let (model, origin) = Model::from_package_path(&tgz, &warm_dir)?;
        if origin != ModelOrigin::Cache {
            return Err("expected a cache hit".into());
        }
        Ok(model)
    })?;
    report("warm: Model::from_package_path(.tgz), cached", warm);
    let warm_folder_dir = scratch.path().join("warm-folder");
    Model::from_package_path(&folder, &warm_folder_dir)?;
    report(
        "warm: Model::from_package_path(cache folder), cached",
        median(21, || {
            Ok(Model::from_package_path(&folder, &warm_folder_dir)?)
        })?,
    );

    let (model, _) = Model::from_package_path(&tgz, &warm_dir)?;
    let (n_types, n_owners, n_elements) = model.counts();
    let cache_bytes: u64 = std::fs::read_dir(&warm_dir)?
        .filter_map(|item| item.ok()?.metadata().ok())
        .map(|metadata| metadata.len())
        .sum();
    println!("model: {n_types} types, {n_owners} owners, {n_elements} elements; cache file {cache_bytes} bytes");
    Ok(())
}
