//! Criterion benchmarks of the FHIRPath evaluator over the Synthea bundles in
//! `../shared/fhir/corpus/synthea-bundles/`: each iteration evaluates one compiled expression on
//! every bundle. JSON parsing, indexing (`Engine::document`) and compilation happen before
//! timing; `index_documents` times the indexing alone, and the `json/…` runs evaluate on the
//! `serde_json::Value`s without an index. `bench/fhirpath-js/run.js` times fhirpath.js on the
//! same expressions and bundles; docs/benchmarks.md has both.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::hint::black_box;
use std::path::PathBuf;
use std::sync::Arc;

use criterion::{criterion_group, criterion_main, Criterion};
use onramp_fhir::fhirpath::Engine;
use onramp_fhir::json::JsonValue;
use onramp_fhir::model::Model;

const EXPRESSIONS: &[(&str, &str)] = &[
    ("patient_given_names", "Bundle.entry.resource.ofType(Patient).name.given"),
    (
        "loinc_quantity_count",
        "Bundle.entry.resource.ofType(Observation).where(code.coding.system='http://loinc.org').value.ofType(Quantity).count()",
    ),
    ("entries_all_have_url_and_resource", "Bundle.entry.all(fullUrl.exists() and resource.exists())"),
    ("encounters_after_2015", "Bundle.entry.resource.ofType(Encounter).where(period.start > @2015-01-01).count()"),
    ("descendants_count", "Bundle.descendants().count()"),
];

fn shared_dir() -> Option<PathBuf> {
    let dir = match std::env::var_os("ONRAMP_SHARED_DIR") {
        Some(dir) => PathBuf::from(dir),
        None => PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../../../shared")),
    };
    dir.join("fhir").is_dir().then_some(dir)
}

fn bench_fhirpath(criterion: &mut Criterion) {
    let Some(shared) = shared_dir() else {
        eprintln!("notice: ../shared not found; nothing to benchmark");
        return;
    };
    let package = shared.join("fhir/packages/hl7.fhir.r4.core-4.0.1.tgz");
    let cache = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("models");
    let (model, _) = Model::from_package_path(&package, &cache).expect("the R4 core model loads");
    let engine = Engine::new(Arc::new(model));
    let bundle_dir = shared.join("fhir/corpus/synthea-bundles");
    let mut paths: Vec<PathBuf> = std::fs::read_dir(&bundle_dir)
        .expect("the Synthea bundles are there")
        .map(|entry| entry.unwrap().path())
        .filter(|path| {
            path.extension()
                .is_some_and(|extension| extension == "json")
        })
        .collect();
    paths.sort();
    let bundles: Vec<JsonValue> = paths
        .iter()
        .map(|path| {
            onramp_fhir::json::parse(&std::fs::read(path).unwrap())
                .value
                .unwrap()
        })
        .collect();
    let documents: Vec<_> = bundles
        .iter()
        .map(|bundle| engine.document(bundle))
        .collect();
    if let Some(passes) = std::env::var_os("FHIRPATH_BENCH_PASSES") {
        // A quick mode for comparing changes on a busy machine: the minimum and the median of
        // `passes` passes per expression, on the indexed documents and on the JSON trees.
        let passes: usize = passes
            .to_str()
            .and_then(|text| text.parse().ok())
            .unwrap_or(50);
        let only = std::env::var("FHIRPATH_BENCH_ONLY").unwrap_or_default();
        let min_and_median = |pass: &dyn Fn()| {
            let mut times: Vec<f64> = (0..passes)
                .map(|_| {
                    let start = std::time::Instant::now();
                    pass();
                    start.elapsed().as_secs_f64() * 1000.0
                })
                .collect();
            times.sort_by(f64::total_cmp);
            let median = times.get(times.len() / 2).copied().unwrap_or_default();
            (times.first().copied().unwrap_or_default(), median)
        };
        for (name, text) in EXPRESSIONS {
            if !name.contains(only.as_str()) {
                continue;
            }
            let expression = engine.compile(text).unwrap();
            let (min, median) = min_and_median(&|| {
                for document in &documents {
                    black_box(engine.evaluate_document(&expression, document).unwrap());
                }
            });
            let (json_min, json_median) = min_and_median(&|| {
                for bundle in &bundles {
                    black_box(engine.evaluate(&expression, bundle).unwrap());
                }
            });
            eprintln!(
                "{name}: indexed min {min:.3} ms, median {median:.3} ms; \
                 JSON min {json_min:.3} ms, median {json_median:.3} ms"
            );
        }
        return;
    }
    let mut group =
        criterion.benchmark_group(format!("fhirpath over {} Synthea bundles", bundles.len()));
    group.bench_function("index_documents", |bencher| {
        bencher.iter(|| {
            let mut n_slots = 0;
            for bundle in &bundles {
                n_slots += engine.document(bundle).len();
            }
            black_box(n_slots)
        });
    });
    for (name, text) in EXPRESSIONS {
        let expression = engine
            .compile(text)
            .expect("the benchmark expressions compile");
        group.bench_function(*name, |bencher| {
            bencher.iter(|| {
                let mut n_items = 0;
                for document in &documents {
                    n_items += engine
                        .evaluate_document(&expression, document)
                        .expect("the expression evaluates")
                        .len();
                }
                black_box(n_items)
            });
        });
        group.bench_function(format!("json/{name}"), |bencher| {
            bencher.iter(|| {
                let mut n_items = 0;
                for bundle in &bundles {
                    n_items += engine
                        .evaluate(&expression, bundle)
                        .expect("the expression evaluates")
                        .len();
                }
                black_box(n_items)
            });
        });
    }
    group.finish();
}

criterion_group!(benches, bench_fhirpath);
criterion_main!(benches);
