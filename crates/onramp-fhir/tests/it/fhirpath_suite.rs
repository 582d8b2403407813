//! The conformance gate: every test of the official FHIRPath R4 suite
//! (`../shared/fhir/fhirpath-tests/tests-fhir-r4.xml`, JSON inputs in `json-inputs/`) runs
//! against the engine typed by the R4 core model. The gate fails when fewer than 926 of the 935
//! tests pass, or when a test fails that `tests/fhirpath-known-failures.txt` does not list with
//! its reason.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use onramp_fhir::fhirpath::{render, Engine, Environment, FhirPathError, Item};
use onramp_fhir::json::JsonValue;
use onramp_fhir::model::Model;
use onramp_fhir::package::{Package, PackageSet};

use crate::shared::shared_dir;

const REQUIRED_PASSES: usize = 926;

/// One `<test>` of the suite.
#[derive(Debug)]
struct SuiteTest {
    /// `group/name`, with `#2` for a repeated name.
    key: String,
    input_file: Option<String>,
    expression: String,
    invalid: Option<String>,
    strict: bool,
    predicate: bool,
    ordered: bool,
    outputs: Vec<(Option<String>, String)>,
}

fn read_suite(path: &Path) -> Vec<SuiteTest> {
    let text = std::fs::read_to_string(path).expect("the suite file is readable");
    let document = roxmltree::Document::parse(&text).expect("the suite is XML");
    let mut tests = Vec::new();
    let mut seen: BTreeMap<String, usize> = BTreeMap::new();
    for group in document
        .root_element()
        .children()
        .filter(|node| node.has_tag_name("group"))
    {
        let group_name = group.attribute("name").unwrap_or("");
        for test in group.children().filter(|node| node.has_tag_name("test")) {
            let expression_node = test
                .children()
                .find(|node| node.has_tag_name("expression"))
                .expect("a test has an expression");
            let name = test.attribute("name").unwrap_or("unnamed");
            let mut key = format!("{group_name}/{name}");
            let count = seen.entry(key.clone()).or_insert(0);
            *count += 1;
            if *count > 1 {
                key = format!("{key}#{count}");
            }
            let mode = test
                .attribute("mode")
                .or_else(|| expression_node.attribute("mode"));
            tests.push(SuiteTest {
                key,
                input_file: test.attribute("inputfile").map(str::to_string),
                expression: expression_node.text().unwrap_or("").to_string(),
                invalid: expression_node.attribute("invalid").map(str::to_string),
                strict: mode == Some("strict"),
                predicate: test.attribute("predicate") == Some("true"),
                ordered: test.attribute("ordered") != Some("false"),
                outputs: test
                    .children()
                    .filter(|node| node.has_tag_name("output"))
                    .map(|node| {
                        (
                            node.attribute("type").map(str::to_string),
                            node.text().unwrap_or("").to_string(),
                        )
                    })
                    .collect(),
            });
        }
    }
    tests
}

/// The engine the suite runs on: the R4 core model (compact cache in the target folder) and the
/// R4 core package for `conformsTo()` and `memberOf()`.
fn r4_engine(shared: &Path) -> Engine {
    let package_path = shared.join("fhir/packages/hl7.fhir.r4.core-4.0.1.tgz");
    let cache = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("models");
    let (model, _) =
        Model::from_package_path(&package_path, &cache).expect("the R4 core model builds");
    let mut packages = PackageSet::new();
    packages.add(Package::from_tgz(&package_path).expect("the R4 core package loads"));
    Engine::new(Arc::new(model)).with_packages(Arc::new(packages))
}

fn strip_literal_prefix(value: &str) -> &str {
    value
        .strip_prefix("@T")
        .or_else(|| value.strip_prefix('@'))
        .unwrap_or(value)
}

/// How the input reaches the evaluator: as its JSON, or through the indexed `Document` that
/// callers evaluating many expressions over one input build once.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum InputPath {
    Json,
    Indexed,
}

/// Runs one test: `Ok` when it passes, else why not.
fn run(engine: &Engine, inputs: &Path, test: &SuiteTest, path: InputPath) -> Result<(), String> {
    let input: Option<JsonValue> = match &test.input_file {
        Some(file) => {
            let json_name = Path::new(file).with_extension("json");
            let text = std::fs::read_to_string(inputs.join(&json_name))
                .map_err(|error| format!("input {file}: {error}"))?;
            let parsed = onramp_fhir::json::parse(text.as_bytes());
            match parsed.value {
                Some(value) if parsed.issues.is_empty() => Some(value),
                _ => return Err(format!("input {file}: not JSON: {:?}", parsed.issues)),
            }
        }
        None => None,
    };
    let expect_error = |stage: &str, error: &FhirPathError| match &test.invalid {
        Some(kind) => {
            if std::env::var_os("FHIRPATH_SUITE_VERBOSE").is_some() {
                println!("{} (expects {kind}): {stage} error: {error}", test.key);
            }
            Ok(())
        }
        None => Err(format!("{stage} error: {error}")),
    };
    let expression = match engine.compile(&test.expression) {
        Ok(expression) => expression,
        Err(error) => return expect_error("compile", &error),
    };
    if test.strict {
        if let Some(resource_type) = input
            .as_ref()
            .and_then(|input| input.get("resourceType"))
            .and_then(JsonValue::as_str)
        {
            if let Err(error) = engine.check(&expression, resource_type) {
                return expect_error("check", &error);
            }
        }
    }
    let document = input
        .as_ref()
        .filter(|_| path == InputPath::Indexed)
        .map(|input| engine.document(input));
    let mut environment = Environment::new();
    environment.set_strict(test.strict);
    if let Some(document) = &document {
        environment.set_document(document);
    }
    let context = input
        .as_ref()
        .map(|input| engine.node(input, None))
        .into_iter()
        .collect();
    let result = match engine.evaluate_with(&expression, context, &environment) {
        Ok(result) => result,
        Err(error) => return expect_error("evaluation", &error),
    };
    if let Some(kind) = &test.invalid {
        return Err(format!(
            "expected a {kind} error, got {} item(s)",
            result.len()
        ));
    }
    let result = if test.predicate {
        vec![Item::Boolean(!result.is_empty())]
    } else {
        result
    };
    let mut actual: Vec<(String, String)> = result
        .iter()
        .map(|item| {
            let rendered = render(engine, item);
            (rendered.type_name, rendered.value)
        })
        .collect();
    let mut expected: Vec<(Option<String>, String)> = test.outputs.clone();
    if !test.ordered {
        actual.sort_by(|left, right| left.1.cmp(&right.1));
        expected.sort_by(|left, right| left.1.cmp(&right.1));
    }
    let matches = actual.len() == expected.len()
        && actual.iter().zip(&expected).all(
            |((actual_type, actual_value), (expected_type, expected_value))| {
                let type_ok = expected_type
                    .as_ref()
                    .is_none_or(|expected_type| expected_type == actual_type);
                type_ok
                    && strip_literal_prefix(actual_value) == strip_literal_prefix(expected_value)
            },
        );
    if matches {
        Ok(())
    } else {
        Err(format!("expected {expected:?}, got {actual:?}"))
    }
}

fn known_failures() -> BTreeMap<String, String> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fhirpath-known-failures.txt");
    let text = std::fs::read_to_string(path).unwrap_or_default();
    text.lines()
        .map(str::trim)
        .filter(|line| !line.is_empty() && !line.starts_with('#'))
        .filter_map(|line| line.split_once(char::is_whitespace))
        .map(|(name, reason)| (name.to_string(), reason.trim().to_string()))
        .collect()
}

fn check_suite(path: InputPath) {
    let Some(shared) = shared_dir() else { return };
    let suite_dir = shared.join("fhir/fhirpath-tests");
    let tests = read_suite(&suite_dir.join("tests-fhir-r4.xml"));
    assert_eq!(tests.len(), 935, "the R4 suite has 935 tests");
    let engine = r4_engine(&shared);
    let inputs = suite_dir.join("json-inputs");
    let allowed = known_failures();
    let mut failures = Vec::new();
    for test in &tests {
        if let Err(reason) = run(&engine, &inputs, test, path) {
            failures.push((test.key.clone(), test.expression.clone(), reason));
        }
    }
    let passed = tests.len() - failures.len();
    println!(
        "FHIRPath R4 suite ({path:?}): {passed} of {} tests pass",
        tests.len()
    );
    let mut unexpected = Vec::new();
    for (key, expression, reason) in &failures {
        let listed = allowed.contains_key(key);
        println!(
            "{} {key}: {expression}\n    {reason}",
            if listed { "known" } else { "FAIL " }
        );
        if !listed {
            unexpected.push(key.clone());
        }
    }
    for key in allowed
        .keys()
        .filter(|key| !failures.iter().any(|(failed, _, _)| failed == *key))
    {
        println!("note: {key} is listed as a known failure but passes now");
    }
    assert!(
        passed >= REQUIRED_PASSES,
        "{passed} of {} pass; at least {REQUIRED_PASSES} must",
        tests.len()
    );
    assert!(
        unexpected.is_empty(),
        "failures not listed in fhirpath-known-failures.txt: {unexpected:?}"
    );
}

#[test]
fn the_fhirpath_r4_suite_passes_at_least_926_of_935_tests() {
    check_suite(InputPath::Json);
}

#[test]
fn the_fhirpath_r4_suite_passes_as_well_through_the_indexed_document() {
    check_suite(InputPath::Indexed);
}
