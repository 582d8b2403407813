//! The indexed path gives the same items, in the same order, as the JSON path: on small inputs
//! with `_name` companions, nulls and choice names (untyped and typed by R4), and on the Synthea
//! bundles when ../shared is there.

use std::path::PathBuf;
use std::sync::Arc;

use serde_json::{json, Value};

use crate::json::JsonValue;

use crate::fhirpath::{render, Engine, Item};
use crate::model::Model;

fn shared_dir() -> Option<PathBuf> {
    let dir = PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../../../shared"));
    dir.join("fhir").is_dir().then_some(dir)
}

fn r4_engine() -> Option<Engine> {
    let package = shared_dir()?.join("fhir/packages/hl7.fhir.r4.core-4.0.1.tgz");
    let cache = std::env::temp_dir().join("onramp-fhirpath-document-tests");
    let (model, _) = Model::from_package_path(&package, &cache).ok()?;
    Some(Engine::new(Arc::new(model)))
}

fn rendered(engine: &Engine, items: &[Item<'_>]) -> Vec<(String, String)> {
    items
        .iter()
        .map(|item| {
            let rendered = render(engine, item);
            (rendered.type_name, rendered.value)
        })
        .collect()
}

/// Evaluates every expression both ways and asserts the same rendered results (or both errors).
fn check_same(engine: &Engine, input: &Value, expressions: &[&str]) -> usize {
    let input = &JsonValue::from_serde(input);
    let document = engine.document(input);
    let mut n_items = 0;
    for text in expressions {
        let expression = engine.compile(text).unwrap();
        let from_json = engine.evaluate(&expression, input);
        let from_document = engine.evaluate_document(&expression, &document);
        match (from_json, from_document) {
            (Ok(from_json), Ok(from_document)) => {
                n_items += from_json.len();
                assert_eq!(
                    rendered(engine, &from_json),
                    rendered(engine, &from_document),
                    "{text}"
                );
                for (left, right) in from_json.iter().zip(&from_document) {
                    if let (Some(left), Some(right)) = (left.as_node(), right.as_node()) {
                        assert!(left.same_place(right), "{text}: not the same node");
                        assert_eq!(left.type_id, right.type_id, "{text}: not the same type");
                    }
                }
            }
            (Err(left), Err(right)) => assert_eq!(left.to_string(), right.to_string(), "{text}"),
            (left, right) => panic!("{text}: {left:?} and {right:?}"),
        }
    }
    n_items
}

fn patient() -> Value {
    json!({
        "resourceType": "Patient",
        "id": "p1",
        "_id": {"extension": [{"url": "http://e/id", "valueString": "x"}]},
        "active": true,
        "name": [
            {"use": "official", "given": ["Ann", null, "Bea"],
             "_given": [null, {"extension": [{"url": "http://e/g", "valueCode": "c"}]}, {"id": "g3"}],
             "family": "Smith"},
            {"_family": {"extension": [{"url": "http://e/f", "valueBoolean": true}]}}
        ],
        "birthDate": "1970-01-02",
        "deceasedBoolean": false,
        "multipleBirthInteger": 2,
        "_gender": {"id": "only-extension-holder"},
        "contained": [{"resourceType": "Observation", "status": "final",
                       "valueQuantity": {"value": 1.5, "unit": "mg", "system": "http://unitsofmeasure.org", "code": "mg"},
                       "code": {"coding": [{"system": "http://loinc.org", "code": "1-8"}]}}],
        "extension": [{"url": "http://e/top", "valueDecimal": 1.50}],
        "fhir_comments": ["a comment"],
        "nothing": null
    })
}

const EXPRESSIONS: &[&str] = &[
    "Patient.name.given",
    "name.given.extension.url",
    "name.given.id",
    "name.family",
    "name.family.extension.value",
    "id.extension('http://e/id').value",
    "gender",
    "gender.id",
    "deceased",
    "multipleBirth",
    "contained.ofType(Observation).value.ofType(Quantity).value",
    "contained.where(code.coding.system = 'http://loinc.org').status",
    "children().count()",
    "descendants()",
    "descendants().count()",
    "name.children()",
    "nothing",
    "resourceType",
    "fhir_comments",
    "extension.value",
    "birthDate > @1969-01-01",
    "name.all(given.exists() or family.exists())",
    "name.select(given.first())",
    "%resource.name.given",
    "%context.contained.status",
    "repeat(children()).count()",
    "name.given.is(string)",
    "name.trace('n').given",
];

#[test]
fn the_index_gives_what_the_json_gives_untyped() {
    let engine = Engine::untyped();
    check_same(&engine, &patient(), EXPRESSIONS);
    let odd = json!([1, {"a": {"b": 2}}, null, "x"]);
    check_same(&engine, &odd, &["children()", "descendants()", "a.b", "_a"]);
    check_same(
        &engine,
        &json!({"_x": [null, {"id": "i"}]}),
        &["x", "x.id", "descendants()"],
    );
}

#[test]
fn the_index_gives_what_the_json_gives_typed_by_r4() {
    let Some(engine) = r4_engine() else {
        eprintln!("notice: the R4 package is not in ../shared; skipped");
        return;
    };
    assert!(check_same(&engine, &patient(), EXPRESSIONS) > 20);
}

#[test]
fn the_index_gives_what_the_json_gives_on_the_synthea_bundles() {
    let (Some(engine), Some(shared)) = (r4_engine(), shared_dir()) else {
        eprintln!("notice: ../shared is not there; skipped");
        return;
    };
    let dir = shared.join("fhir/corpus/synthea-bundles");
    let mut paths: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .filter(|path| {
            path.extension()
                .is_some_and(|extension| extension == "json")
        })
        .collect();
    paths.sort();
    let expressions = [
        "Bundle.entry.resource.ofType(Patient).name.given",
        "Bundle.entry.resource.ofType(Observation).where(code.coding.system='http://loinc.org').value.ofType(Quantity).count()",
        "Bundle.entry.all(fullUrl.exists() and resource.exists())",
        "Bundle.entry.resource.ofType(Encounter).where(period.start > @2015-01-01).count()",
        "Bundle.entry.resource.ofType(Observation).value",
        "Bundle.entry.resource.ofType(Patient).descendants()",
        "Bundle.entry.resource.ofType(Patient).extension.extension.value",
    ];
    let mut n_items = 0;
    for path in paths.iter().take(3) {
        let bundle: Value = serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
        n_items += check_same(&engine, &bundle, &expressions);
    }
    assert!(n_items > 100);
}
