//! Tests of `onramp validate`: exit codes (0 clean, 1 errors, 2 usage or IO), the text and JSON
//! formats, Bundles reported per entry, NDJSON per line (an empty file says so), directories
//! (without a package's `package.json` and `.index.json`), and --profile.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use serde_json::Value;

/// `../shared/fhir`, or `None` (skip) when ../shared is absent outside CI.
fn fhir_dir() -> Option<PathBuf> {
    crate::support::shared_fhir_dir()
}

fn validate(fhir: &Path, cache: &Path, args: &[&str]) -> Output {
    let core = fhir.join("packages/hl7.fhir.r4.core-4.0.1.tgz");
    Command::new(env!("CARGO_BIN_EXE_onramp"))
        .arg("validate")
        .arg("--core")
        .arg(&core)
        .arg("--cache")
        .arg(cache)
        .args(args)
        .output()
        .unwrap()
}

fn write(dir: &Path, name: &str, content: &str) -> String {
    let path = dir.join(name);
    std::fs::write(&path, content).unwrap();
    path.display().to_string()
}

fn json_lines(output: &Output) -> Vec<Value> {
    String::from_utf8_lossy(&output.stdout)
        .lines()
        .map(|line| serde_json::from_str(line).unwrap())
        .collect()
}

const GOOD: &str = r#"{"resourceType": "Patient", "id": "a", "gender": "female"}"#;
const BAD: &str = "{\"resourceType\": \"Patient\", \"id\": \"b\",\n \"gender\": \"woman\"}";

#[test]
fn a_valid_file_exits_0_and_an_invalid_one_exits_1() {
    let Some(fhir) = fhir_dir() else { return };
    let temp = tempfile::tempdir().unwrap();
    let good = write(temp.path(), "good.json", GOOD);
    let bad = write(temp.path(), "bad.json", BAD);
    let output = validate(&fhir, temp.path(), &[&good]);
    assert_eq!(
        output.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let output = validate(&fhir, temp.path(), &[&good, &bad]);
    assert_eq!(output.status.code(), Some(1));
    let text = String::from_utf8_lossy(&output.stdout);
    assert!(
        text.contains("FAIL") && text.contains("Patient/b") && text.contains("2:12"),
        "{text}"
    );
}

#[test]
fn usage_and_io_problems_exit_2() {
    let Some(fhir) = fhir_dir() else { return };
    let temp = tempfile::tempdir().unwrap();
    let missing = temp.path().join("missing.json").display().to_string();
    assert_eq!(
        validate(&fhir, temp.path(), &[&missing]).status.code(),
        Some(2)
    );
    let good = write(temp.path(), "good.json", GOOD);
    let output = validate(
        &fhir,
        temp.path(),
        &[&good, "--profile", "http://example.org/none"],
    );
    assert_eq!(output.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&output.stderr).contains("http://example.org/none"));
    let output = validate(&fhir, temp.path(), &[&good, "--format", "yaml"]);
    assert_eq!(output.status.code(), Some(2));
}

#[test]
fn json_format_prints_one_line_per_resource_with_an_operation_outcome() {
    let Some(fhir) = fhir_dir() else { return };
    let temp = tempfile::tempdir().unwrap();
    let bad = write(temp.path(), "bad.json", BAD);
    let output = validate(&fhir, temp.path(), &[&bad, "--format", "json"]);
    assert_eq!(output.status.code(), Some(1));
    let lines = json_lines(&output);
    assert_eq!(lines.len(), 1);
    let line = &lines[0];
    assert_eq!(line["resourceType"], "Patient");
    assert_eq!(line["id"], "b");
    assert_eq!(line["index"], Value::Null);
    assert!(line["file"].as_str().unwrap().ends_with("bad.json"));
    assert_eq!(line["outcome"]["resourceType"], "OperationOutcome");
    let issues = line["outcome"]["issue"].as_array().unwrap();
    let issue = issues.iter().find(|i| i["severity"] == "error").unwrap();
    assert_eq!(issue["code"], "code-invalid");
    assert_eq!(issue["expression"][0], "Patient.gender");
    assert_eq!(issue["diagnostics"], "[2,12]");
}

#[test]
fn bundles_are_reported_per_entry_and_ndjson_per_line() {
    let Some(fhir) = fhir_dir() else { return };
    let temp = tempfile::tempdir().unwrap();
    let bundle = format!(
        r#"{{"resourceType": "Bundle", "type": "collection", "entry": [{{"fullUrl": "urn:uuid:6a3b4f7e-1c2d-4e5f-8a9b-0c1d2e3f4a5b", "resource": {GOOD}}}, {{"fullUrl": "urn:uuid:7a3b4f7e-1c2d-4e5f-8a9b-0c1d2e3f4a5b", "resource": {}}}]}}"#,
        BAD.replace('\n', "")
    );
    let bundle = write(temp.path(), "bundle.json", &bundle);
    let ndjson = write(
        temp.path(),
        "data.ndjson",
        &format!("{GOOD}\n{}\n", BAD.replace('\n', "")),
    );
    let output = validate(&fhir, temp.path(), &[&bundle, &ndjson, "--format", "json"]);
    assert_eq!(output.status.code(), Some(1));
    let lines = json_lines(&output);
    let bundle_lines: Vec<&Value> = lines
        .iter()
        .filter(|l| l["file"].as_str().unwrap().ends_with("bundle.json"))
        .collect();
    assert_eq!(bundle_lines.len(), 3, "{lines:?}");
    let second = bundle_lines.iter().find(|l| l["index"] == 1).unwrap();
    assert_eq!(second["id"], "b");
    let issues = second["outcome"]["issue"].as_array().unwrap();
    assert!(
        issues.iter().any(|i| i["severity"] == "error"),
        "{issues:?}"
    );
    let ndjson_lines: Vec<&Value> = lines
        .iter()
        .filter(|l| l["file"].as_str().unwrap().ends_with("data.ndjson"))
        .collect();
    assert_eq!(ndjson_lines.len(), 2);
    let clean = r#"{"resourceType": "Patient", "text": {"status": "generated", "div": "<div xmlns=\"http://www.w3.org/1999/xhtml\">a</div>"}}"#;
    let ndjson = write(temp.path(), "clean.ndjson", &format!("{clean}\n"));
    let output = validate(&fhir, temp.path(), &[&ndjson, "--format", "json"]);
    assert_eq!(output.status.code(), Some(0));
    let lines = json_lines(&output);
    assert_eq!(lines[0]["index"], 0);
    assert_eq!(
        lines[0]["outcome"]["issue"][0]["details"]["text"], "All OK",
        "{lines:?}"
    );
}

#[test]
fn a_directory_is_walked() {
    let Some(fhir) = fhir_dir() else { return };
    let temp = tempfile::tempdir().unwrap();
    let inputs = temp.path().join("inputs");
    std::fs::create_dir(&inputs).unwrap();
    write(&inputs, "a.json", GOOD);
    write(&inputs, "b.json", GOOD);
    write(&inputs, "notes.txt", "ignored");
    let output = validate(
        &fhir,
        temp.path(),
        &[inputs.to_str().unwrap(), "--format", "json"],
    );
    assert_eq!(output.status.code(), Some(0));
    assert_eq!(json_lines(&output).len(), 2);
}

#[test]
fn a_package_folder_is_walked_without_its_manifest_and_index() {
    let Some(fhir) = fhir_dir() else { return };
    let temp = tempfile::tempdir().unwrap();
    let package = temp.path().join("package");
    std::fs::create_dir(&package).unwrap();
    write(&package, "Patient-a.json", GOOD);
    write(
        &package,
        "package.json",
        r#"{"name": "example.fhir", "version": "1.0.0"}"#,
    );
    write(
        &package,
        ".index.json",
        r#"{"index-version": 1, "files": []}"#,
    );
    let output = validate(
        &fhir,
        temp.path(),
        &[package.to_str().unwrap(), "--format", "json"],
    );
    assert_eq!(output.status.code(), Some(0));
    let lines = json_lines(&output);
    assert_eq!(lines.len(), 1, "{lines:?}");
    assert!(lines[0]["file"]
        .as_str()
        .unwrap()
        .ends_with("Patient-a.json"));
}

#[test]
fn an_empty_ndjson_file_says_it_holds_no_resources() {
    let Some(fhir) = fhir_dir() else { return };
    let temp = tempfile::tempdir().unwrap();
    let empty = write(temp.path(), "empty.ndjson", "\n");
    let output = validate(&fhir, temp.path(), &[&empty, "--format", "json"]);
    assert_eq!(output.status.code(), Some(0));
    let lines = json_lines(&output);
    assert_eq!(lines.len(), 1, "{lines:?}");
    assert_eq!(lines[0]["outcome"]["issue"][0]["severity"], "warning");
    assert!(lines[0]["outcome"]["issue"][0]["diagnostics"]
        .as_str()
        .unwrap()
        .contains("no resources"));
    let output = validate(&fhir, temp.path(), &[&empty]);
    let text = String::from_utf8_lossy(&output.stdout);
    assert!(text.contains("no resources"), "{text}");
}

#[test]
fn a_profile_from_a_package_file_is_applied() {
    let Some(fhir) = fhir_dir() else { return };
    let temp = tempfile::tempdir().unwrap();
    let us_core = fhir
        .join("packages/hl7.fhir.us.core-6.1.0.tgz")
        .display()
        .to_string();
    let good = write(temp.path(), "good.json", GOOD);
    let output = validate(
        &fhir,
        temp.path(),
        &[
            &good,
            "--package",
            &us_core,
            "--profile",
            "http://hl7.org/fhir/us/core/StructureDefinition/us-core-patient",
        ],
    );
    assert_eq!(
        output.status.code(),
        Some(1),
        "US Core requires identifier and name"
    );
    let text = String::from_utf8_lossy(&output.stdout);
    assert!(
        text.contains("Patient.identifier: minimum required = 1"),
        "{text}"
    );
}

#[test]
fn security_checks_make_html_in_strings_an_error() {
    let Some(fhir) = fhir_dir() else { return };
    let temp = tempfile::tempdir().unwrap();
    let file = write(
        temp.path(),
        "html.json",
        r#"{"resourceType": "Patient", "id": "h", "name": [{"text": "Anna <script>alert(1)</script>"}]}"#,
    );
    let output = validate(&fhir, temp.path(), &[&file]);
    assert_eq!(
        output.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&output.stdout)
    );
    let output = validate(&fhir, temp.path(), &["--security-checks", &file]);
    assert_eq!(output.status.code(), Some(1));
    let text = String::from_utf8_lossy(&output.stdout);
    assert!(text.contains("Patient.name[0].text"), "{text}");
}

#[test]
fn resolving_urls_reports_example_urls_unless_allowed() {
    let Some(fhir) = fhir_dir() else { return };
    let temp = tempfile::tempdir().unwrap();
    let file = write(
        temp.path(),
        "example-url.json",
        r#"{"resourceType": "Patient", "id": "e", "identifier": [{"system": "http://example.org/mrn", "value": "1"}]}"#,
    );
    let output = validate(&fhir, temp.path(), &[&file]);
    assert_eq!(
        output.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&output.stdout)
    );
    for resolution in ["examples", "definitions"] {
        let output = validate(&fhir, temp.path(), &["--resolve-urls", resolution, &file]);
        assert_eq!(output.status.code(), Some(1), "{resolution}");
        let text = String::from_utf8_lossy(&output.stdout);
        assert!(
            text.contains("Example URLs are not allowed in this context"),
            "{text}"
        );
        let allowed = validate(
            &fhir,
            temp.path(),
            &["--resolve-urls", resolution, "--allow-example-urls", &file],
        );
        assert_eq!(
            allowed.status.code(),
            Some(0),
            "{resolution} with examples allowed"
        );
    }
    let output = validate(&fhir, temp.path(), &["--resolve-urls", "everything", &file]);
    assert_eq!(
        output.status.code(),
        Some(2),
        "an unknown setting is a usage error"
    );
}

#[test]
fn smart_health_cards_are_validated_as_cards_in_any_of_their_three_forms() {
    let Some(fhir) = fhir_dir() else { return };
    let temp = tempfile::tempdir().unwrap();
    let cards = temp.path().join("cards");
    std::fs::create_dir(&cards).unwrap();
    for name in ["shc-file.json", "shc.jwt", "shc-qr.txt"] {
        let text = std::fs::read_to_string(fhir.join("validator-cases").join(name)).unwrap();
        write(&cards, name, &text);
    }
    write(&cards, "notes.txt", "not a card");
    let output = validate(
        &fhir,
        temp.path(),
        &[cards.to_str().unwrap(), "--format", "json"],
    );
    let lines = json_lines(&output);
    // The walk takes the card file, the JWS and the QR text, not the plain note.
    assert_eq!(lines.len(), 3, "{lines:?}");
    // Each form decodes to the card's Bundle: its signature is noted as not verified offline,
    // and none is read as a malformed resource.
    let output = validate(&fhir, temp.path(), &[cards.to_str().unwrap()]);
    let text = String::from_utf8_lossy(&output.stdout);
    assert_eq!(
        text.matches("[health_card.signature_not_verified]").count(),
        3,
        "{text}"
    );
    assert!(!text.contains("[json."), "{text}");
    // A card whose credential is not a JWS is an error at its place in the card.
    let bad = write(
        temp.path(),
        "bad.smart-health-card",
        r#"{"verifiableCredential": ["not a jws"]}"#,
    );
    let output = validate(&fhir, temp.path(), &[&bad, "--format", "json"]);
    assert_eq!(output.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&output.stdout).contains("verifiableCredential[0]"));
}
