//! The fast paths added for the validator's speed give the same results as the general ones:
//! JSON strings without escapes (one copy, columns advanced in one step), strings with escapes,
//! and FHIRPath parts that do not depend on the focus, evaluated once inside an iteration.

use onramp_fhir::fhirpath::{Engine, Environment, Item};
use onramp_fhir::json::{parse, JsonValue};

#[test]
fn strings_with_and_without_escapes_read_the_same_text_and_columns() {
    let root = parse("{\"a\": \"plain é\", \"b\": \"x\\n\\u00e9\\\"y\", \"c\": 1}".as_bytes())
        .value
        .unwrap();
    assert_eq!(root.get("a").unwrap().as_str(), Some("plain é"));
    assert_eq!(root.get("b").unwrap().as_str(), Some("x\né\"y"));
    // Columns count characters: `é` is one, and each escape is as long as it is written.
    assert_eq!(root.get("c").unwrap().pos.column, 44);
    assert!(parse(b"{\"a\": \"tab\tinside\"}").issues.len() == 1);
    assert!(!parse(b"{\"a\": \"cut").issues.is_empty());
}

fn evaluate(engine: &Engine, text: &str, json: &serde_json::Value) -> Vec<String> {
    let expression = engine.compile(text).unwrap();
    let json = JsonValue::from_serde(json);
    let context = vec![engine.node(&json, None)];
    engine
        .evaluate_with(&expression, context, &Environment::new())
        .unwrap()
        .iter()
        .map(|item| match item {
            Item::Boolean(value) => value.to_string(),
            Item::Integer(value) => value.to_string(),
            Item::String(value) => value.to_string(),
            Item::Node(node) => node.value.to_string(),
            other => format!("{other:?}"),
        })
        .collect()
}

#[test]
fn focus_free_parts_inside_where_give_the_same_results_every_time() {
    let engine = Engine::untyped();
    let patient = serde_json::json!({
        "resourceType": "Patient",
        "name": [
            {"family": "a", "given": ["x"]},
            {"family": "b", "given": ["y"]},
            {"family": "c", "given": ["x"]}
        ]
    });
    // `%resource.name.first().given` does not depend on the name being tested.
    assert_eq!(
        evaluate(
            &engine,
            "name.where(given = %resource.name.first().given).family",
            &patient
        ),
        ["\"a\"", "\"c\""]
    );
    // A part that reads the focus is evaluated for each item.
    assert_eq!(
        evaluate(
            &engine,
            "name.where(family = 'b' or $index = 0).family",
            &patient
        ),
        ["\"a\"", "\"b\""]
    );
    // Nested iterations: the inner focus-free part, and the outer focus inside.
    assert_eq!(
        evaluate(
            &engine,
            "name.select(given.where($this in %resource.name.given.distinct()).count())",
            &patient
        ),
        ["1", "1", "1"]
    );
}

#[test]
fn large_unions_drop_the_same_duplicates_as_pairwise_comparison() {
    let engine = Engine::untyped();
    let identifiers: Vec<serde_json::Value> = (0..12)
        .map(|n| serde_json::json!({"system": format!("urn:s{}", n % 3), "value": format!("v{}", n % 5)}))
        .collect();
    let patient = serde_json::json!({"resourceType": "Patient", "identifier": identifiers});
    // Strings from the input, in the order they first appear; `s0` and `v0`… only once.
    assert_eq!(
        evaluate(&engine, "identifier.system | identifier.value", &patient),
        [
            "\"urn:s0\"",
            "\"urn:s1\"",
            "\"urn:s2\"",
            "\"v0\"",
            "\"v1\"",
            "\"v2\"",
            "\"v3\"",
            "\"v4\""
        ]
    );
    // A literal equal to an input string is the same item; numbers compare by value (2 = 2.0)
    // however many strings are around them.
    assert_eq!(
        evaluate(
            &engine,
            "(identifier.system.combine(1 | 2) | (2.0 | 'urn:s1' | 1 | 'new')).count()",
            &patient
        ),
        ["6"]
    );
    assert_eq!(
        evaluate(&engine, "identifier.value.distinct().count()", &patient),
        ["5"]
    );
    assert_eq!(
        evaluate(&engine, "identifier.value.isDistinct()", &patient),
        ["false"]
    );
}
