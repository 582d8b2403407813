//! The TestScript engine's own cost per action, the HTTP round trip set aside: a script of three
//! operations (create, read back, search) and eight asserts (response, header, status, resource
//! type, content type, two FHIRPath expressions, one with a variable) run many times against a
//! transport that answers at once from memory; the time per run divided by its eleven actions is
//! what the engine adds to each request a partner's server answers. Also the cost of reading and
//! checking the script, once per run.
//!
//! `cargo bench -p onramp-fhir --bench testscript` (`ONRAMP_BENCH_RUNS` sets the runs, default 2000).

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

use std::path::PathBuf;
use std::sync::Arc;
use std::time::Instant;

#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

use onramp_fhir::fhirpath::Engine;
use onramp_fhir::model::Model;
use onramp_fhir::testscript::{self, HttpRequest, HttpResponse, NoFixtures, Script, Transport};

const SCRIPT: &str = r##"{
  "resourceType": "TestScript", "id": "bench", "url": "http://example.org/TestScript/bench", "name": "Bench", "status": "active",
  "contained": [{"resourceType": "Patient", "id": "p1", "name": [{"family": "Bench", "given": ["Ada"]}], "gender": "female"}],
  "fixture": [{"id": "patient", "autocreate": false, "autodelete": false, "resource": {"reference": "#p1"}}],
  "variable": [{"name": "family", "expression": "Patient.name.first().family", "sourceId": "patient"}],
  "test": [{"name": "create, read, search", "action": [
    {"operation": {"type": {"system": "http://terminology.hl7.org/CodeSystem/testscript-operation-codes", "code": "create"}, "resource": "Patient", "sourceId": "patient", "responseId": "created", "encodeRequestUrl": true}},
    {"assert": {"response": "created", "warningOnly": false}},
    {"assert": {"headerField": "Location", "operator": "notEmpty", "warningOnly": false}},
    {"operation": {"type": {"system": "http://terminology.hl7.org/CodeSystem/testscript-operation-codes", "code": "read"}, "resource": "Patient", "targetId": "created", "encodeRequestUrl": true}},
    {"assert": {"responseCode": "200", "warningOnly": false}},
    {"assert": {"resource": "Patient", "warningOnly": false}},
    {"assert": {"contentType": "json", "warningOnly": false}},
    {"assert": {"expression": "Patient.name.first().family", "value": "${family}", "warningOnly": false}},
    {"operation": {"type": {"system": "http://terminology.hl7.org/CodeSystem/testscript-operation-codes", "code": "search"}, "resource": "Patient", "params": "?family=Bench", "encodeRequestUrl": true}},
    {"assert": {"expression": "Bundle.entry.count() = 1", "operator": "eval", "warningOnly": false}}
  ]}]
}"##;

const PATIENT: &str = r#"{"resourceType": "Patient", "id": "42", "meta": {"versionId": "1", "lastUpdated": "2026-12-03T00:00:00Z"}, "name": [{"family": "Bench", "given": ["Ada"]}], "gender": "female"}"#;

/// Answers from memory at once: a create is 201 with a Location, a read the Patient, a search a
/// Bundle of it.
struct Instant200;

impl Transport for Instant200 {
    fn send(&self, request: &HttpRequest) -> Result<HttpResponse, String> {
        let json = (
            "Content-Type".to_owned(),
            "application/fhir+json".to_owned(),
        );
        Ok(match (request.method.as_str(), request.url.contains('?')) {
            ("POST", _) => HttpResponse {
                status: 201,
                headers: vec![json, ("Location".to_owned(), "http://bench.test/fhir/Patient/42/_history/1".to_owned())],
                body: PATIENT.as_bytes().to_vec(),
            },
            (_, true) => HttpResponse {
                status: 200,
                headers: vec![json],
                body: format!(r#"{{"resourceType": "Bundle", "type": "searchset", "total": 1, "entry": [{{"fullUrl": "http://bench.test/fhir/Patient/42", "resource": {PATIENT}}}]}}"#).into_bytes(),
            },
            _ => HttpResponse { status: 200, headers: vec![json], body: PATIENT.as_bytes().to_vec() },
        })
    }
}

fn main() {
    let runs: usize = std::env::var("ONRAMP_BENCH_RUNS")
        .ok()
        .and_then(|t| t.parse().ok())
        .unwrap_or(2000);
    let shared = match std::env::var_os("ONRAMP_SHARED_DIR") {
        Some(dir) => PathBuf::from(dir),
        None => PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../../../shared")),
    };
    let core = shared.join("fhir/packages/hl7.fhir.r4.core-4.0.1.tgz");
    let model_cache = std::env::temp_dir().join("onramp-bench-models");
    let (model, _) = Model::from_package_path(&core, &model_cache).unwrap();
    let engine = Engine::new(Arc::new(model));
    let settings = testscript::RunSettings {
        base_url: "http://bench.test/fhir",
        fhirpath: &engine,
        validator: None,
        issued: "2026-12-03T00:00:00Z",
        tester: "Onramp bench",
        extra_headers: &[],
        variables: &[],
    };
    let script = Script::parse(SCRIPT.as_bytes()).unwrap();
    let actions = 11.0;
    // Warm up, and check the script passes.
    let outcome = testscript::run(&script, &settings, &Instant200, &NoFixtures, &mut |_| {});
    assert_eq!(
        outcome.summary.result,
        testscript::ReportResult::Pass,
        "{:#}",
        outcome.report
    );

    let started = Instant::now();
    for _ in 0..runs {
        let _ = Script::parse(SCRIPT.as_bytes()).unwrap();
    }
    let parse = started.elapsed().as_secs_f64() / runs as f64;
    let mut times = Vec::with_capacity(runs);
    for _ in 0..runs {
        let began = Instant::now();
        let outcome = testscript::run(&script, &settings, &Instant200, &NoFixtures, &mut |_| {});
        times.push(began.elapsed().as_secs_f64());
        assert_eq!(outcome.exchanges.len(), 3);
    }
    times.sort_by(f64::total_cmp);
    let p50 = times[times.len() / 2];
    let p99 = times[(times.len() * 99 / 100).min(times.len() - 1)];
    println!(
        "script read and checked: {:.1} µs; a run of 11 actions (report included): p50 {:.1} µs, p99 {:.1} µs; per action p50 {:.1} µs",
        parse * 1e6,
        p50 * 1e6,
        p99 * 1e6,
        p50 * 1e6 / actions
    );
}
