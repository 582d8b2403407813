//! The six TestScripts of the R4 specification: they parse; as published (XML, XPath, two
//! servers) they are skipped with the reason before anything is sent; translated to JSON and
//! FHIRPath they run against the fake server with the results their asserts deserve. Every
//! report is a valid R4 TestReport.

use std::path::PathBuf;

use onramp_fhir::testscript::{FixtureSource, ReportResult, Script};
use serde_json::{json, Value};

use crate::testscript_engine::assert_valid;
use crate::testscript_support::{run_with, validator, FakeServer};
use crate::validate_support::shared_path;

const NAMES: [&str; 6] = [
    "testscript-example",
    "testscript-example-history",
    "testscript-example-multisystem",
    "testscript-example-readtest",
    "testscript-example-search",
    "testscript-example-update",
];

fn examples_dir() -> Option<PathBuf> {
    shared_path("fhir/corpus/spec-examples-r4/hl7.fhir.r4.examples#4.0.1/package")
}

fn example(dir: &std::path::Path, name: &str) -> Value {
    let bytes = std::fs::read(dir.join(format!("TestScript-{name}.json"))).unwrap();
    serde_json::from_slice(&bytes).unwrap()
}

/// `Type/id` from the examples package (`Type-id.json`).
struct Examples(PathBuf);

impl FixtureSource for Examples {
    fn load(&self, reference: &str) -> Option<Result<Vec<u8>, String>> {
        let file = self.0.join(format!("{}.json", reference.replace('/', "-")));
        file.exists()
            .then(|| std::fs::read(&file).map_err(|e| e.to_string()))
    }
}

#[test]
fn the_spec_examples_parse_and_are_skipped_as_published() {
    let Some(dir) = examples_dir() else { return };
    let Some(validator) = validator() else { return };
    let reasons = [
        "XPath is not supported",
        "XPath is not supported",
        "XML is not supported",
        "XML is not supported",
        "XML is not supported",
        "XML is not supported",
    ];
    for (name, reason) in NAMES.iter().zip(reasons) {
        let script = example(&dir, name);
        let parsed = Script::parse(&serde_json::to_vec(&script).unwrap())
            .unwrap_or_else(|problems| panic!("{name}: {problems:?}"));
        assert_eq!(parsed.id(), Some(*name));
        assert!(!parsed.test_names().is_empty());
        assert!(
            parsed.unsupported_reason().unwrap().contains(reason),
            "{name}: {:?}",
            parsed.unsupported_reason()
        );
        let server = FakeServer::new();
        let outcome = run_with(&validator, &script, &server, &Examples(dir.clone()));
        assert!(server.requests().is_empty(), "{name}");
        assert_eq!(outcome.summary.result, ReportResult::Pending, "{name}");
        assert_eq!(outcome.report["status"], "completed");
        assert_valid(&validator, &outcome.report);
    }
    let multisystem =
        Script::parse(&serde_json::to_vec(&example(&dir, NAMES[2])).unwrap()).unwrap();
    assert!(multisystem
        .unsupported_reason()
        .unwrap()
        .contains("2 destination servers"));
}

/// The example with JSON for XML and FHIRPath for its XPaths.
fn translated(mut script: Value) -> Value {
    let xpaths = [
        (
            "fhir:Patient/fhir:name/fhir:family/@value",
            "Patient.name.family",
        ),
        (
            "fhir:Patient/fhir:name/fhir:given/@value",
            "Patient.name.given",
        ),
        ("fhir:Bundle/fhir:type/@value", "Bundle.type"),
        ("Patient/id", "Patient.id"),
    ];
    fn walk(value: &mut Value, xpaths: &[(&str, &str)]) {
        match value {
            Value::Object(object) => {
                for (key, member) in object.iter_mut() {
                    match (key.as_str(), member.as_str()) {
                        ("accept" | "contentType", Some("xml")) => *member = json!("json"),
                        ("path" | "compareToSourcePath", Some(path)) => {
                            if let Some((_, fhirpath)) = xpaths.iter().find(|(x, _)| *x == path) {
                                *member = json!(fhirpath);
                            }
                        }
                        _ => walk(member, xpaths),
                    }
                }
            }
            Value::Array(items) => items.iter_mut().for_each(|item| walk(item, xpaths)),
            _ => {}
        }
    }
    walk(&mut script, &xpaths);
    // The values the search example asks its user for.
    for variable in script["variable"].as_array_mut().into_iter().flatten() {
        match variable["name"].as_str() {
            Some("PatientSearchFamilyName") => variable["defaultValue"] = json!("Chalmers"),
            Some("PatientSearchGivenName") => variable["defaultValue"] = json!("Peter"),
            _ => {}
        }
    }
    script
}

fn patient_example(dir: &std::path::Path) -> Value {
    serde_json::from_slice(&std::fs::read(dir.join("Patient-example.json")).unwrap()).unwrap()
}

#[test]
fn the_spec_examples_translated_to_json_run_against_the_fake_server() {
    let Some(dir) = examples_dir() else { return };
    let Some(validator) = validator() else { return };
    for name in NAMES {
        let script = translated(example(&dir, name));
        let server = FakeServer::new();
        server.put(patient_example(&dir));
        let outcome = run_with(&validator, &script, &server, &Examples(dir.clone()));
        assert_valid(&validator, &outcome.report);
        let summary = &outcome.summary;
        match name {
            "testscript-example-multisystem" => {
                assert_eq!(summary.result, ReportResult::Pending);
                assert!(server.requests().is_empty());
            }
            "testscript-example-readtest" => {
                // R004 expects 400 for an id with capitals, which R4 ids may have.
                assert_eq!(summary.result, ReportResult::Fail, "{:#}", outcome.report);
                let failed: Vec<&str> = summary
                    .tests
                    .iter()
                    .filter(|t| t.result.is_failure())
                    .map(|t| t.name.as_str())
                    .collect();
                assert_eq!(failed, ["Sprinkler Read Test R004"], "{summary:#?}");
                let why = summary.tests[3].message.as_deref().unwrap();
                assert!(why.contains("expected response code 400, got 404"), "{why}");
            }
            _ => {
                assert_eq!(
                    summary.result,
                    ReportResult::Pass,
                    "{name}: {:#}",
                    outcome.report
                );
                assert_eq!(summary.score, 100.0, "{name}");
                assert!(!outcome.exchanges.is_empty());
                // The capability check came first.
                assert!(
                    outcome.exchanges[0].request.url.ends_with("/metadata"),
                    "{name}"
                );
            }
        }
    }
}

#[test]
fn the_example_deletes_what_it_made_and_reads_its_variables() {
    let Some(dir) = examples_dir() else { return };
    let Some(validator) = validator() else { return };
    let script = translated(example(&dir, "testscript-example"));
    let server = FakeServer::new();
    let outcome = run_with(&validator, &script, &server, &Examples(dir.clone()));
    assert_eq!(
        outcome.summary.result,
        ReportResult::Pass,
        "{:#}",
        outcome.report
    );
    let requests: Vec<String> = server
        .requests()
        .iter()
        .map(|r| {
            format!(
                "{} {}",
                r.method,
                r.url.trim_start_matches(crate::testscript_support::BASE)
            )
        })
        .collect();
    assert_eq!(
        requests,
        [
            "GET /metadata",
            "DELETE /Patient/example",
            "PUT /Patient/example",
            "GET /Patient/example",
            "GET /Patient/example",
            "DELETE /Patient/example",
        ]
    );
    assert!(server.get("Patient", "example").is_none());
}
