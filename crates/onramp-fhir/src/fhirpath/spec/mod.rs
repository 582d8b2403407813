//! Cases written from the text of the FHIRPath specification (N1, the version FHIR R4 names,
//! and the later additions of 2.0 and 3.0 that implementation guides use), one `check` per
//! example or rule, grouped by the section they come from. The official R4 suite is the other
//! gate (`tests/it/fhirpath_suite.rs`); these cover what it leaves out.

use std::path::PathBuf;
use std::sync::{Arc, OnceLock};

use serde_json::json;

use super::{render, Engine};
use crate::json::JsonValue;
use crate::model::Model;

mod functions;
mod lexical;
mod operators;

fn engine() -> &'static Engine {
    static ENGINE: OnceLock<Engine> = OnceLock::new();
    ENGINE.get_or_init(|| {
        let package = PathBuf::from(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../../../shared/fhir/packages/hl7.fhir.r4.core-4.0.1.tgz"
        ));
        let cache = std::env::temp_dir().join("onramp-fhirpath-spec-tests");
        let (model, _) = Model::from_package_path(&package, &cache).unwrap();
        Engine::new(Arc::new(model))
    })
}

/// A Patient whose `birthDate` and second `given` carry only a data-absent-reason extension.
fn patient() -> JsonValue {
    let absent = json!({"extension": [{
        "url": "http://hl7.org/fhir/StructureDefinition/data-absent-reason",
        "valueCode": "unknown"
    }]});
    JsonValue::from_serde(&json!({
        "resourceType": "Patient",
        "id": "example",
        "active": true,
        "_birthDate": absent,
        "name": [{
            "family": "Chalmers",
            "given": ["Peter", null, "James"],
            "_given": [null, absent, null]
        }],
        "telecom": [
            {"system": "phone", "value": "1"},
            {"system": "phone", "value": "1"}
        ]
    }))
}

/// The rendered values of `expression` on the test Patient.
fn evaluate(expression: &str) -> Result<Vec<String>, String> {
    let engine = engine();
    let compiled = engine
        .compile(expression)
        .map_err(|error| error.to_string())?;
    let input = patient();
    let items = engine
        .evaluate(&compiled, &input)
        .map_err(|error| error.to_string())?;
    Ok(items
        .iter()
        .map(|item| render(engine, item).value)
        .collect())
}

#[track_caller]
fn check(expression: &str, expected: &[&str]) {
    match evaluate(expression) {
        Ok(values) => assert_eq!(values, expected, "{expression}"),
        Err(error) => panic!("{expression}: {error}"),
    }
}

/// The expression does not compile, or its evaluation is an error.
#[track_caller]
fn check_error(expression: &str) {
    if let Ok(values) = evaluate(expression) {
        panic!("{expression}: expected an error, got {values:?}");
    }
}
