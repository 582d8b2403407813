//! The TestScript engine's checks before a run: invalid scripts (with locations), the report of
//! an invalid script, unsupported scripts (XML, XPath, other servers) and capabilities; and the
//! TestReport's validity, shared with the other TestScript tests.

use onramp_fhir::testscript::{report_for_invalid, ReportResult, RunSettings, Script};
use serde_json::{json, Value};

use crate::testscript_support::{
    check, message, one_test, op, parse, patient, results, run_on, validator, FakeServer, BASE,
};

fn problems(script: &Value) -> Vec<(String, String)> {
    Script::parse(&serde_json::to_vec(script).unwrap())
        .err()
        .unwrap_or_default()
        .into_iter()
        .map(|p| (p.location, p.message))
        .collect()
}

pub fn read_p1() -> Value {
    op("read", json!({"resource": "Patient", "params": "/p1"}))
}

#[test]
fn invalid_scripts_are_reported_with_locations() {
    let fixture = json!({"fixture": [{"id": "f", "autocreate": false, "autodelete": false}]});
    let cases: Vec<(Value, &str, &str)> = vec![
        (
            json!({"resourceType": "Patient"}),
            "TestScript.resourceType",
            "Patient",
        ),
        (
            one_test(json!([{}]), json!({})),
            "TestScript.test[0].action[0]",
            "needs an operation or an assert",
        ),
        (
            one_test(
                json!([{"operation": read_p1()["operation"], "assert": {"response": "okay", "warningOnly": false}}]),
                json!({}),
            ),
            "TestScript.test[0].action[0]",
            "not both",
        ),
        (
            one_test(
                json!([
                    read_p1(),
                    check(json!({"response": "okay", "resource": "Patient"}))
                ]),
                json!({}),
            ),
            "TestScript.test[0].action[1].assert",
            "tst-5",
        ),
        (
            one_test(
                json!([op("create", json!({"sourceId": "nope"}))]),
                json!({}),
            ),
            "TestScript.test[0].action[0].operation.sourceId",
            "nope",
        ),
        (
            one_test(
                json!([read_p1(), check(json!({"minimumId": "nope"}))]),
                json!({}),
            ),
            "TestScript.test[0].action[1].assert.minimumId",
            "nope",
        ),
        (
            one_test(
                json!([op(
                    "read",
                    json!({"resource": "Patient", "params": "/${missing}"})
                )]),
                json!({}),
            ),
            "TestScript.test[0].action[0].operation.params",
            "missing",
        ),
        (
            one_test(
                json!([read_p1(), check(json!({"validateProfileId": "nope"}))]),
                json!({}),
            ),
            "validateProfileId",
            "no profile",
        ),
        (
            one_test(
                json!([
                    read_p1(),
                    check(json!({"expression": "Patient.name.where("}))
                ]),
                json!({}),
            ),
            "TestScript.test[0].action[1].assert.expression",
            "does not compile",
        ),
        (
            one_test(
                json!([
                    read_p1(),
                    check(json!({"expression": "Patient.name.noSuchFunction()"}))
                ]),
                json!({}),
            ),
            "TestScript.test[0].action[1].assert.expression",
            "does not compile",
        ),
        (
            one_test(
                json!([op("frobnicate", json!({"resource": "Patient"}))]),
                json!({}),
            ),
            "operation.type.code",
            "unknown operation type",
        ),
        (
            one_test(
                json!([op(
                    "read",
                    json!({"resource": "Patient", "method": "fetch"})
                )]),
                json!({}),
            ),
            "operation.method",
            "unknown HTTP method",
        ),
        (
            one_test(
                json!([read_p1(), check(json!({"response": "fine"}))]),
                json!({}),
            ),
            "assert.response",
            "unknown response code",
        ),
        (
            one_test(
                json!([
                    read_p1(),
                    check(json!({"response": "okay", "operator": "like"}))
                ]),
                json!({}),
            ),
            "assert.operator",
            "unknown operator",
        ),
        (
            one_test(
                json!([
                    read_p1(),
                    check(json!({"response": "okay", "direction": "request"}))
                ]),
                json!({}),
            ),
            "TestScript.test[0].action[1].assert",
            "tst-12",
        ),
        (
            one_test(
                json!([
                    read_p1(),
                    check(json!({"expression": "true", "compareToSourceId": "f"}))
                ]),
                fixture.clone(),
            ),
            "TestScript.test[0].action[1].assert",
            "tst-10",
        ),
        (
            one_test(json!([read_p1(), check(json!({"label": "x"}))]), json!({})),
            "TestScript.test[0].action[1].assert",
            "checks nothing",
        ),
        (
            one_test(
                json!([read_p1()]),
                json!({"variable": [{"name": "v", "expression": "id", "headerField": "Location"}]}),
            ),
            "TestScript.variable[0]",
            "tst-3",
        ),
        (
            one_test(
                json!([read_p1()]),
                json!({"teardown": {"action": [{"assert": {"response": "okay", "warningOnly": false}}]}}),
            ),
            "TestScript.teardown.action[0].assert",
            "operations only",
        ),
        (
            one_test(json!([]), json!({})),
            "TestScript.test[0].action",
            "at least one",
        ),
        (
            one_test(
                json!([{"operation": {"type": {"code": "read"}, "encodeRequestUrl": "yes"}}]),
                json!({}),
            ),
            "TestScript.test[0].action[0]",
            "unreadable",
        ),
        (
            one_test(
                json!([read_p1()]),
                json!({"fixture": [{"id": "f", "autocreate": false, "autodelete": false, "resource": {"reference": "#gone"}}]}),
            ),
            "TestScript.fixture[0].resource.reference",
            "gone",
        ),
        (
            one_test(
                json!([{"operation": {"type": {"system": crate::testscript_support::SYSTEM, "code": "read"}, "encodeRequestUrl": true}}]),
                json!({}),
            ),
            "TestScript.test[0].action[0].operation",
            "tst-7",
        ),
    ];
    for (script, location, text) in cases {
        let found = problems(&script);
        assert!(
            found
                .iter()
                .any(|(l, m)| l.contains(location) && (m.contains(text) || l.contains(text))),
            "{location} / {text}: {found:?}"
        );
    }
    let not_json = Script::parse(b"{not json").unwrap_err();
    assert_eq!(not_json[0].location, "TestScript");
    assert!(not_json[0].message.contains("not JSON"));
    // The valid baseline parses.
    let fine = parse(&one_test(
        json!([read_p1(), check(json!({"response": "okay"}))]),
        json!({}),
    ));
    assert_eq!(fine.test_names(), ["only"]);
    assert_eq!((fine.id(), fine.name()), (Some("t"), Some("T")));
    assert_eq!(fine.url(), Some("http://example.org/TestScript/t"));
}

pub fn settings<'a>(validator: &'a onramp_fhir::validate::Validator) -> RunSettings<'a> {
    RunSettings {
        base_url: BASE,
        fhirpath: validator.definitions().engine(),
        validator: Some(validator),
        issued: "2024-05-01T10:00:00Z",
        tester: "Onramp 0.1.0",
        extra_headers: &[],
        variables: &[],
    }
}

#[test]
fn the_report_of_an_invalid_script_is_entered_in_error_and_valid() {
    let Some(validator) = validator() else { return };
    let bytes = serde_json::to_vec(&one_test(json!([{}]), json!({}))).unwrap();
    let problems = Script::parse(&bytes).unwrap_err();
    let report = report_for_invalid(&bytes, &problems, &settings(&validator));
    assert_eq!(report["status"], "entered-in-error");
    assert_eq!(report["result"], "fail");
    assert_eq!(
        report["testScript"]["reference"],
        "http://example.org/TestScript/t"
    );
    assert!(report["setup"]["action"][0]["assert"]["message"]
        .as_str()
        .unwrap()
        .contains("TestScript.test[0].action[0]"));
    assert_valid(&validator, &report);
    let garbage = report_for_invalid(
        b"<xml/>",
        &Script::parse(b"<xml/>").unwrap_err(),
        &settings(&validator),
    );
    assert_valid(&validator, &garbage);
}

/// The TestReport validates against R4 core without errors.
pub fn assert_valid(validator: &onramp_fhir::validate::Validator, report: &Value) {
    let issues = validator.validate_bytes(&serde_json::to_vec(report).unwrap(), &[]);
    let errors: Vec<_> = issues.iter().filter(|i| i.severity.is_error()).collect();
    assert!(errors.is_empty(), "{errors:#?}\n{report:#}");
}

#[test]
fn xml_xpath_and_other_servers_are_skipped_before_anything_is_sent() {
    let Some(validator) = validator() else { return };
    let cases = [
        (
            one_test(
                json!([op(
                    "read",
                    json!({"resource": "Patient", "params": "/p1", "accept": "xml"})
                )]),
                json!({}),
            ),
            "XML is not supported",
        ),
        (
            one_test(
                json!([op(
                    "read",
                    json!({"resource": "Patient", "params": "/p1", "contentType": "application/fhir+xml"})
                )]),
                json!({}),
            ),
            "XML is not supported",
        ),
        (
            one_test(
                json!([
                    read_p1(),
                    check(json!({"path": "fhir:Patient/fhir:name/@value", "value": "x"}))
                ]),
                json!({}),
            ),
            "XPath is not supported",
        ),
        (
            one_test(
                json!([read_p1()]),
                json!({"variable": [{"name": "v", "path": "Patient/id"}]}),
            ),
            "XPath is not supported",
        ),
        (
            one_test(
                json!([op(
                    "read",
                    json!({"resource": "Patient", "params": "/p1", "destination": 2})
                )]),
                json!({}),
            ),
            "destination 2",
        ),
        (
            one_test(
                json!([op(
                    "read",
                    json!({"resource": "Patient", "params": "/p1", "origin": 1})
                )]),
                json!({}),
            ),
            "origin 1",
        ),
    ];
    for (script, reason) in cases {
        let server = FakeServer::new();
        let outcome = run_on(&validator, &script, &server);
        assert!(server.requests().is_empty(), "{reason}");
        assert_eq!(outcome.summary.result, ReportResult::Pending);
        assert!(
            outcome
                .summary
                .skipped_reason
                .as_deref()
                .unwrap()
                .contains(reason),
            "{:?}",
            outcome.summary
        );
        assert!(results(&outcome).iter().all(|r| r == "skip"));
        assert!(message(&outcome, 0).contains(reason));
        assert_valid(&validator, &outcome.report);
    }
    // `none` and JSON are fine.
    let server = FakeServer::new();
    server.put(patient("p1", "Chalmers"));
    let script = one_test(
        json!([op(
            "read",
            json!({"resource": "Patient", "params": "/p1", "accept": "none", "contentType": "json"})
        )]),
        json!({}),
    );
    let outcome = run_on(&validator, &script, &server);
    assert_eq!(outcome.summary.result, ReportResult::Pass);
}

fn capability(required: bool, validated: bool, canonical: &str) -> Value {
    json!({"metadata": {"capability": [{"required": required, "validated": validated, "capabilities": canonical}]},
           "contained": [{"resourceType": "CapabilityStatement", "id": "needs", "status": "active", "date": "2024", "kind": "requirements", "fhirVersion": "4.0.1", "format": ["json"],
                          "rest": [{"mode": "server", "resource": [{"type": "Patient", "operation": [{"name": "everything", "definition": "http://hl7.org/fhir/OperationDefinition/Patient-everything"}]}]}]}]})
}

#[test]
fn capabilities_are_checked_first() {
    let Some(validator) = validator() else { return };
    let observation = one_test(
        json!([op(
            "read",
            json!({"resource": "Observation", "params": "/o1"})
        )]),
        json!({}),
    );
    let patient_script = |more: Value| one_test(json!([read_p1()]), more);
    // Met: derived from the script's operations.
    let server = FakeServer::new();
    server.put(patient("p1", "Chalmers"));
    let outcome = run_on(
        &validator,
        &patient_script(capability(true, false, "CapabilityStatement/elsewhere")),
        &server,
    );
    assert_eq!(
        outcome.summary.result,
        ReportResult::Pass,
        "{:#}",
        outcome.report
    );
    assert_eq!(server.requests()[0].url, format!("{BASE}/metadata"));
    assert_eq!(
        outcome.report["setup"]["action"][0]["operation"]["result"],
        "pass"
    );
    // The server has no CapabilityStatement.
    let server = FakeServer::new().with_capability(None);
    let outcome = run_on(
        &validator,
        &patient_script(capability(true, false, "x")),
        &server,
    );
    assert_eq!(outcome.summary.result, ReportResult::Pending);
    assert!(outcome
        .summary
        .skipped_reason
        .unwrap()
        .contains("unavailable"));
    assert_eq!(server.requests().len(), 1);
    assert_valid(&validator, &outcome.report);
    // A required interaction the server does not list.
    let limited = json!({"resourceType": "CapabilityStatement", "rest": [{"mode": "server", "resource": [{"type": "Patient", "interaction": [{"code": "read"}]}]}]});
    let server = FakeServer::new().with_capability(Some(limited.clone()));
    let mut script = observation.clone();
    script["metadata"] = capability(true, false, "x")["metadata"].clone();
    let outcome = run_on(&validator, &script, &server);
    assert!(outcome
        .summary
        .skipped_reason
        .unwrap()
        .contains("Observation read"));
    // Only validated: a warning, and the script runs.
    let server = FakeServer::new().with_capability(Some(limited));
    script["metadata"] = capability(false, true, "x")["metadata"].clone();
    let outcome = run_on(&validator, &script, &server);
    assert_eq!(outcome.summary.skipped_reason, None);
    assert_eq!(
        outcome.report["setup"]["action"][0]["operation"]["result"],
        "warning"
    );
    assert_eq!(outcome.summary.warnings, 1);
    assert_eq!(server.requests().len(), 2);
    // The needs of a named (contained) statement: $everything, which the fake does not list.
    let server = FakeServer::new();
    let outcome = run_on(
        &validator,
        &patient_script(capability(true, false, "#needs")),
        &server,
    );
    assert!(outcome
        .summary
        .skipped_reason
        .unwrap()
        .contains("Patient $everything"));
}
