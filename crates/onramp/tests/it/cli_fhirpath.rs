//! Tests of `onramp fhirpath`: one expression (JSON output, variables, exit codes for syntax,
//! evaluation and file errors, a missing package) and `--batch` (per-case results with types and
//! FHIRPath strings, per-case errors, variables as JSON) and a closed output pipe.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use serde_json::{json, Value};

/// `../shared/fhir`, or `None` (skip) when ../shared is absent outside CI.
fn fhir_dir() -> Option<PathBuf> {
    crate::support::shared_fhir_dir()
}

fn core_package(fhir: &Path) -> String {
    fhir.join("packages/hl7.fhir.r4.core-4.0.1.tgz")
        .display()
        .to_string()
}

fn patient_example(fhir: &Path) -> String {
    fhir.join("fhirpath-tests/json-inputs/patient-example.json")
        .display()
        .to_string()
}

/// Runs `onramp fhirpath ARGS` with a package cache shared by these tests (it holds the compact
/// model, built once).
fn fhirpath(args: &[&str]) -> Output {
    let cache = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("fhirpath-cli-cache");
    Command::new(env!("CARGO_BIN_EXE_onramp"))
        .arg("fhirpath")
        .args(args)
        .env("ONRAMP_PACKAGE_CACHE", &cache)
        .env_remove("FHIR_PACKAGE_CACHE")
        .output()
        .unwrap()
}

fn stdout_json(output: &Output) -> Value {
    let text = String::from_utf8_lossy(&output.stdout);
    serde_json::from_str(&text)
        .unwrap_or_else(|error| panic!("stdout is not JSON ({error}): {text}"))
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

fn code(output: &Output) -> i32 {
    output.status.code().unwrap()
}

#[test]
fn an_expression_on_an_input_prints_the_result_collection_as_json() {
    let Some(fhir) = fhir_dir() else { return };
    let (package, input) = (core_package(&fhir), patient_example(&fhir));
    let output = fhirpath(&[
        "--package",
        &package,
        "--input",
        &input,
        "name.where(use = 'official').given",
    ]);
    assert_eq!(code(&output), 0, "{}", stderr(&output));
    assert_eq!(stdout_json(&output), json!(["Peter", "James"]));

    let output = fhirpath(&[
        "--package",
        &package,
        "--input",
        &input,
        "birthDate + 1 day | name.first().period | 1.50 'mg'",
    ]);
    assert_eq!(code(&output), 0, "{}", stderr(&output));
    assert_eq!(
        stdout_json(&output),
        serde_json::from_str::<Value>(r#"["1974-12-26", {"value": 1.50, "unit": "mg"}]"#).unwrap()
    );
}

#[test]
fn variables_are_strings_and_an_expression_needs_no_input() {
    let Some(fhir) = fhir_dir() else { return };
    let package = core_package(&fhir);
    let output = fhirpath(&[
        "--package",
        &package,
        "--var",
        "greeting=hello",
        "--var",
        "%who=world",
        "%greeting & ' ' & %who",
    ]);
    assert_eq!(code(&output), 0, "{}", stderr(&output));
    assert_eq!(stdout_json(&output), json!(["hello world"]));

    let output = fhirpath(&["--package", &package, "%undefined"]);
    assert_eq!(code(&output), 1);
    assert!(
        stderr(&output).contains("%undefined is not defined"),
        "{}",
        stderr(&output)
    );
}

#[test]
fn a_syntax_error_names_its_position_and_exits_with_2() {
    let Some(fhir) = fhir_dir() else { return };
    let output = fhirpath(&["--package", &core_package(&fhir), "name.where(use = )"]);
    assert_eq!(code(&output), 2);
    let message = stderr(&output);
    assert!(
        message.contains("syntax error at line 1, column 18"),
        "{message}"
    );
    assert!(
        message.contains("name.where(use = )\n                   ^"),
        "{message}"
    );
    assert!(output.stdout.is_empty());
}

#[test]
fn an_evaluation_error_exits_with_1() {
    let Some(fhir) = fhir_dir() else { return };
    let output = fhirpath(&[
        "--package",
        &core_package(&fhir),
        "--input",
        &patient_example(&fhir),
        "name.single()",
    ]);
    assert_eq!(code(&output), 1);
    assert!(
        stderr(&output).contains("single() found 3 items"),
        "{}",
        stderr(&output)
    );
}

#[test]
fn strict_mode_reports_unknown_elements_before_evaluating() {
    let Some(fhir) = fhir_dir() else { return };
    let output = fhirpath(&[
        "--package",
        &core_package(&fhir),
        "--input",
        &patient_example(&fhir),
        "--strict",
        "name.given1",
    ]);
    assert_eq!(code(&output), 2);
    assert!(
        stderr(&output).contains("HumanName has no element 'given1'"),
        "{}",
        stderr(&output)
    );
}

#[test]
fn an_input_file_that_is_not_json_exits_with_2() {
    let Some(fhir) = fhir_dir() else { return };
    let folder = tempfile::tempdir().unwrap();
    let input = folder.path().join("broken.json");
    std::fs::write(&input, "{\"resourceType\": \"Patient\", ").unwrap();
    let output = fhirpath(&[
        "--package",
        &core_package(&fhir),
        "--input",
        input.to_str().unwrap(),
        "id",
    ]);
    assert_eq!(code(&output), 2);
    assert!(
        stderr(&output).contains("is not JSON"),
        "{}",
        stderr(&output)
    );
    let output = fhirpath(&[
        "--package",
        &core_package(&fhir),
        "--input",
        "/nonexistent/patient.json",
        "id",
    ]);
    assert_eq!(code(&output), 2);
    assert!(
        stderr(&output).contains("cannot read"),
        "{}",
        stderr(&output)
    );
}

#[test]
fn a_package_missing_from_the_cache_is_a_clear_error() {
    let cache = tempfile::tempdir().unwrap();
    let output = Command::new(env!("CARGO_BIN_EXE_onramp"))
        .args(["fhirpath", "1 + 1"])
        .env("ONRAMP_PACKAGE_CACHE", cache.path())
        .env_remove("FHIR_PACKAGE_CACHE")
        .output()
        .unwrap();
    assert_eq!(code(&output), 2);
    let message = stderr(&output);
    assert!(
        message.contains("hl7.fhir.r4.core#4.0.1 is not in the package cache"),
        "{message}"
    );
    assert!(
        message.contains("onramp packages install hl7.fhir.r4.core#4.0.1"),
        "{message}"
    );
}

#[test]
fn a_batch_reports_each_case_with_types_and_fhirpath_strings() {
    let Some(fhir) = fhir_dir() else { return };
    let folder = tempfile::tempdir().unwrap();
    std::fs::copy(patient_example(&fhir), folder.path().join("patient.json")).unwrap();
    std::fs::write(folder.path().join("broken.json"), "not json").unwrap();
    let cases = json!([
        {"id": "given", "expression": "name.given.first() | gender | birthDate", "input": "patient.json"},
        {"id": "system", "expression": "1.50 + 1 | @2014-05 | 4 'g' | %x", "env": {"x": "y"}},
        {"id": "syntax", "expression": "2 + 2 /"},
        {"id": "execution", "expression": "name.single()", "input": "patient.json"},
        {"id": "strict", "expression": "name.given1", "input": "patient.json", "mode": "strict"},
        {"id": "lenient", "expression": "name.given1", "input": "patient.json"},
        {"id": "not-json", "expression": "id", "input": "broken.json"}
    ]);
    let batch = folder.path().join("cases.json");
    std::fs::write(&batch, cases.to_string()).unwrap();
    let output = fhirpath(&[
        "--package",
        &core_package(&fhir),
        "--batch",
        batch.to_str().unwrap(),
    ]);
    assert_eq!(code(&output), 0, "{}", stderr(&output));
    let results = stdout_json(&output);
    assert_eq!(
        results["given"],
        json!({"error": null, "items": [
            {"t": "string", "v": "Peter"}, {"t": "code", "v": "male"}, {"t": "date", "v": "1974-12-25"}
        ]})
    );
    assert_eq!(
        results["system"]["items"],
        json!([{"t": "decimal", "v": "2.50"}, {"t": "date", "v": "2014-05"}, {"t": "Quantity", "v": "4 'g'"}, {"t": "string", "v": "y"}])
    );
    let error_of = |id: &str| {
        results[id]["error"]
            .as_str()
            .unwrap_or_else(|| panic!("{id} has an error"))
            .to_string()
    };
    assert!(
        error_of("syntax").starts_with("syntax error at line 1, column 8"),
        "{}",
        error_of("syntax")
    );
    assert!(
        error_of("execution").contains("single()"),
        "{}",
        error_of("execution")
    );
    assert!(
        error_of("strict").starts_with("semantic error"),
        "{}",
        error_of("strict")
    );
    assert_eq!(results["lenient"], json!({"error": null, "items": []}));
    assert!(
        error_of("not-json").contains("is not JSON"),
        "{}",
        error_of("not-json")
    );
    assert_eq!(results.as_object().unwrap().len(), 7);
}

#[test]
fn a_batch_file_that_is_not_a_json_array_exits_with_2() {
    let Some(fhir) = fhir_dir() else { return };
    let folder = tempfile::tempdir().unwrap();
    let batch = folder.path().join("cases.json");
    std::fs::write(&batch, "{\"id\": 1}").unwrap();
    let output = fhirpath(&[
        "--package",
        &core_package(&fhir),
        "--batch",
        batch.to_str().unwrap(),
    ]);
    assert_eq!(code(&output), 2);
    assert!(
        stderr(&output).contains("must hold a JSON array"),
        "{}",
        stderr(&output)
    );
}

#[test]
fn batch_variables_are_json_values_null_is_empty_and_objects_are_resources() {
    let Some(fhir) = fhir_dir() else { return };
    let folder = tempfile::tempdir().unwrap();
    let cases = json!([
        {"id": "integer", "expression": "%n + 1", "env": {"n": 41}},
        {"id": "decimal", "expression": "%d * 2", "env": {"d": 1.25}},
        {"id": "boolean", "expression": "%b.not()", "env": {"b": true}},
        {"id": "null", "expression": "%nothing.empty()", "env": {"nothing": null}},
        {"id": "string", "expression": "%s.length()", "env": {"%s": "abc"}},
        {"id": "array", "expression": "%list.count()", "env": {"list": [1, "two", null]}},
        {"id": "resource", "expression": "%patient.name.family", "env": {"patient":
            {"resourceType": "Patient", "name": [{"family": "Chalmers"}]}}},
        {"id": "not-an-object", "expression": "1", "env": ["x"]}
    ]);
    let batch = folder.path().join("cases.json");
    std::fs::write(&batch, cases.to_string()).unwrap();
    let output = fhirpath(&[
        "--package",
        &core_package(&fhir),
        "--batch",
        batch.to_str().unwrap(),
    ]);
    assert_eq!(code(&output), 0, "{}", stderr(&output));
    let results = stdout_json(&output);
    let items = |id: &str| results[id]["items"].clone();
    assert_eq!(items("integer"), json!([{"t": "integer", "v": "42"}]));
    assert_eq!(items("decimal"), json!([{"t": "decimal", "v": "2.50"}]));
    assert_eq!(items("boolean"), json!([{"t": "boolean", "v": "false"}]));
    assert_eq!(items("null"), json!([{"t": "boolean", "v": "true"}]));
    assert_eq!(items("string"), json!([{"t": "integer", "v": "3"}]));
    assert_eq!(items("array"), json!([{"t": "integer", "v": "2"}]));
    assert_eq!(items("resource"), json!([{"t": "string", "v": "Chalmers"}]));
    assert!(
        results["not-an-object"]["error"]
            .as_str()
            .is_some_and(|error| error.contains("\"env\" must be an object")),
        "{}",
        results["not-an-object"]
    );
}

#[test]
fn a_reader_that_closes_the_pipe_early_is_no_error() {
    let Some(fhir) = fhir_dir() else { return };
    let cache = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("fhirpath-cli-cache");
    let mut child = Command::new(env!("CARGO_BIN_EXE_onramp"))
        .args(["fhirpath", "--package", &core_package(&fhir)])
        .arg("1 | 2 | 3")
        .env("ONRAMP_PACKAGE_CACHE", &cache)
        .env_remove("FHIR_PACKAGE_CACHE")
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    // Close the reading end before anything is written: every write meets a closed pipe.
    drop(child.stdout.take());
    let output = child.wait_with_output().unwrap();
    assert_eq!(code(&output), 0, "{}", stderr(&output));
    assert!(!stderr(&output).contains("panicked"), "{}", stderr(&output));
}
