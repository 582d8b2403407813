//! Benchmark of the validator over `../shared/fhir/corpus/`: time from start to ready (R4 core and
//! US Core 6.1.0 from the package cache, the model from its compact cache), time per resource on
//! one core (Synthea resources, every invariant on), resources per second on one core and on all
//! cores (spec examples, Synthea bundles, bulk NDJSON), and peak memory (first with the corpus
//! streamed from disk, the validator's own; then with the whole corpus held in memory).
//! Run with `cargo bench -p onramp-fhir --bench validate`.

use std::error::Error;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

/// The allocator of the `onramp` binary (docs/adr/0003-mimalloc-global-allocator.md), so that the
/// figures are those of `onramp validate` and the server.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

use onramp_fhir::model::Model;
use onramp_fhir::package::{Package, PackageCache, PackageId, PackageSet};
use onramp_fhir::validate::{Definitions, Validator};

fn shared_dir() -> PathBuf {
    match std::env::var_os("ONRAMP_SHARED_DIR") {
        Some(dir) => PathBuf::from(dir),
        None => PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../../../shared")),
    }
}

/// Peak resident memory of this process (VmHWM), in MB.
fn peak_memory_mb() -> f64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    status
        .lines()
        .find_map(|line| line.strip_prefix("VmHWM:"))
        .and_then(|rest| {
            rest.trim()
                .trim_end_matches("kB")
                .trim()
                .parse::<f64>()
                .ok()
        })
        .map_or(0.0, |kb| kb / 1024.0)
}

/// Loads R4 core and US Core from the package cache and builds the validator.
fn ready(cache: &PackageCache, model_cache: &Path) -> Result<Validator, Box<dyn Error>> {
    let core_id = PackageId::parse("hl7.fhir.r4.core#4.0.1")?;
    let us_core_id = PackageId::parse("hl7.fhir.us.core#6.1.0")?;
    let core_folder = cache.folder_of(&core_id);
    let (model, _) = Model::from_package_path(&core_folder, model_cache)?;
    let mut packages = PackageSet::new();
    packages.add(Package::from_folder(&core_folder)?);
    packages.add(Package::from_folder(&cache.folder_of(&us_core_id))?);
    let defs = Definitions::new(Arc::new(packages), Arc::new(model));
    Ok(Validator::new(Arc::new(defs)))
}

/// Every resource of the corpus, each as its own JSON document (Bundle entries split out), side
/// by side in one buffer: (corpus part, range of its JSON in `bytes`).
struct Corpus {
    bytes: Vec<u8>,
    resources: Vec<(&'static str, std::ops::Range<usize>)>,
}

impl Corpus {
    /// The resources of one part (all of them for `None`).
    fn select(&self, filter: Option<&str>) -> Vec<&[u8]> {
        self.resources
            .iter()
            .filter(|(kind, _)| filter.is_none_or(|f| f == *kind))
            .filter_map(|(_, range)| self.bytes.get(range.clone()))
            .collect()
    }
}

fn corpus(shared: &Path) -> Result<Corpus, Box<dyn Error>> {
    // The files' sizes bound the JSON (Bundle entries are written back compact): reserving them
    // up front keeps the buffer from being copied while it grows (which would double the peak).
    let mut capacity = 0u64;
    for part in [
        "fhir/corpus/spec-examples-r4/hl7.fhir.r4.examples#4.0.1/package",
        "fhir/corpus/synthea-bundles",
        "fhir/corpus/synthea-bulk-ndjson/10-patients",
    ] {
        for entry in std::fs::read_dir(shared.join(part))? {
            capacity += entry?.metadata()?.len();
        }
    }
    let mut corpus = Corpus {
        bytes: Vec::with_capacity(usize::try_from(capacity)?),
        resources: Vec::new(),
    };
    for_each_resource(shared, |kind, bytes| {
        let start = corpus.bytes.len();
        corpus.bytes.extend_from_slice(bytes);
        corpus.resources.push((kind, start..corpus.bytes.len()));
    })?;
    corpus.bytes.shrink_to_fit();
    Ok(corpus)
}

/// Reads the corpus file by file and hands each resource to `visit` (corpus part, JSON), so
/// that no more than one file is in memory at a time.
fn for_each_resource(
    shared: &Path,
    mut visit: impl FnMut(&'static str, &[u8]),
) -> Result<(), Box<dyn Error>> {
    let examples = shared.join("fhir/corpus/spec-examples-r4/hl7.fhir.r4.examples#4.0.1/package");
    for entry in std::fs::read_dir(examples)? {
        let path = entry?.path();
        if path.extension().is_some_and(|e| e == "json") && !path.ends_with("package.json") {
            visit("spec", &std::fs::read(&path)?);
        }
    }
    for entry in std::fs::read_dir(shared.join("fhir/corpus/synthea-bundles"))? {
        let path = entry?.path();
        if path.extension().is_some_and(|e| e == "json") {
            let bundle: serde_json::Value = serde_json::from_slice(&std::fs::read(&path)?)?;
            for entry in bundle["entry"].as_array().into_iter().flatten() {
                visit("synthea", &serde_json::to_vec(&entry["resource"])?);
            }
        }
    }
    for entry in std::fs::read_dir(shared.join("fhir/corpus/synthea-bulk-ndjson/10-patients"))? {
        let path = entry?.path();
        if path.extension().is_some_and(|e| e == "ndjson") {
            for line in std::fs::read(&path)?.split(|&b| b == b'\n') {
                if !line.is_empty() {
                    visit("ndjson", line);
                }
            }
        }
    }
    Ok(())
}

/// Validates every resource on `threads` threads; returns the elapsed time.
fn sweep(validator: &Validator, resources: &[&[u8]], threads: usize) -> Duration {
    let next = AtomicUsize::new(0);
    let start = Instant::now();
    std::thread::scope(|scope| {
        for _ in 0..threads {
            scope.spawn(|| loop {
                let position = next.fetch_add(1, Ordering::Relaxed);
                let Some(bytes) = resources.get(position) else {
                    break;
                };
                std::hint::black_box(validator.validate_bytes(bytes, &[]));
            });
        }
    });
    start.elapsed()
}

/// Quick mode (`VALIDATE_BENCH_QUICK=n`, 0 for all): the first `n` Synthea resources, one warm-up
/// pass, then `VALIDATE_BENCH_PASSES` timed passes (5 unless set) in [`measured_pass`] (a stable
/// symbol for `valgrind --tool=callgrind --toggle-collect=*measured_pass*`; use one pass there).
/// One pass over the Synthea resources takes about a third of a second, so a single pass is at
/// the mercy of the VM's neighbours: the median of several is the figure to quote.
fn quick(validator: &Validator, shared: &Path, count: usize) -> Result<(), Box<dyn Error>> {
    let all = corpus(shared)?;
    let mut selected = all.select(Some("synthea"));
    if count > 0 {
        selected.truncate(count);
    }
    let passes: usize = std::env::var("VALIDATE_BENCH_PASSES")
        .ok()
        .and_then(|text| text.parse().ok())
        .unwrap_or(5)
        .max(1);
    sweep(validator, &selected, 1); // warm: profiles compiled, expansions cached
    let mut per_resource = Vec::new();
    let mut issues = 0;
    for _ in 0..passes {
        let start = Instant::now();
        issues = measured_pass(validator, &selected);
        per_resource.push(start.elapsed().as_secs_f64() * 1e6 / selected.len().max(1) as f64);
    }
    per_resource.sort_by(f64::total_cmp);
    let median = per_resource[per_resource.len() / 2];
    let (min, max) = (per_resource[0], per_resource[per_resource.len() - 1]);
    println!(
        "quick: {} Synthea resources, {median:.1} µs/resource (median of {passes} passes; \
         min {min:.1}, max {max:.1}), {issues} issues",
        selected.len(),
    );
    Ok(())
}

#[inline(never)]
fn measured_pass(validator: &Validator, resources: &[&[u8]]) -> usize {
    resources
        .iter()
        .map(|bytes| validator.validate_bytes(bytes, &[]).len())
        .sum()
}

fn main() -> Result<(), Box<dyn Error>> {
    let shared = shared_dir();
    let core_tgz = shared.join("fhir/packages/hl7.fhir.r4.core-4.0.1.tgz");
    if !core_tgz.is_file() {
        println!("skipped: {} not found", core_tgz.display());
        return Ok(());
    }
    let temp = tempfile::tempdir()?;
    let cache = PackageCache::new(temp.path().join("packages"));
    cache.import_tgz(&core_tgz)?;
    cache.import_tgz(&shared.join("fhir/packages/hl7.fhir.us.core-6.1.0.tgz"))?;
    let model_cache = temp.path().join("models");
    drop(ready(&cache, &model_cache)?); // builds the model's compact cache

    let mut times = Vec::new();
    for _ in 0..5 {
        let start = Instant::now();
        std::hint::black_box(ready(&cache, &model_cache)?);
        times.push(start.elapsed());
    }
    times.sort();
    let ready_time = times.get(2).copied().unwrap_or_default();
    println!(
        "ready (R4 core + US Core 6.1.0, warm caches), median of 5: {:.1} ms",
        ready_time.as_secs_f64() * 1e3
    );

    let validator = ready(&cache, &model_cache)?;
    if let Ok(count) = std::env::var("VALIDATE_BENCH_QUICK") {
        return quick(&validator, &shared, count.parse().unwrap_or(0));
    }
    let start = Instant::now();
    let patient = br#"{"resourceType": "Patient", "id": "p", "name": [{"family": "x"}]}"#;
    std::hint::black_box(validator.validate_bytes(patient, &[]));
    println!(
        "first validation of a Patient (compiles its profiles): {:.1} ms",
        start.elapsed().as_secs_f64() * 1e3
    );

    // The validator's own peak: every resource validated once, read from disk as it comes.
    let mut streamed = 0usize;
    for_each_resource(&shared, |_, bytes| {
        std::hint::black_box(validator.validate_bytes(bytes, &[]));
        streamed += 1;
    })?;
    println!(
        "peak memory after validating the {streamed} resources streamed from disk: {:.0} MB",
        peak_memory_mb()
    );

    let all = corpus(&shared)?;
    for (label, filter) in [
        ("synthea", Some("synthea")),
        ("spec examples", Some("spec")),
        ("bulk ndjson", Some("ndjson")),
        ("whole corpus", None),
    ] {
        let selected = all.select(filter);
        sweep(&validator, &selected, 1); // warm: profiles compiled, expansions cached
        let one = sweep(&validator, &selected, 1);
        let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
        let all_cores = sweep(&validator, &selected, cores);
        let n = selected.len() as f64;
        println!(
            "{label:<14} {:>6} resources: {:>8.1} µs/resource, {:>8.0} resources/s on 1 core, {:>8.0} resources/s on {cores} cores",
            selected.len(),
            one.as_secs_f64() * 1e6 / n,
            n / one.as_secs_f64(),
            n / all_cores.as_secs_f64(),
        );
    }
    println!(
        "peak memory with the whole corpus in memory: {:.0} MB",
        peak_memory_mb()
    );
    Ok(())
}
