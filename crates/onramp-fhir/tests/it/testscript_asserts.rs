//! TestScript asserts: every kind and every operator, each with a passing and a failing case,
//! `warningOnly`, `direction`, `sourceId` and the messages.

use serde_json::{json, Value};

use crate::testscript_support::{
    check, message, one_test, op, patient, results, run_on, validator, FakeServer,
};

/// A server with Patient p1 (and p2, p3 for searches), the contained fixtures of the tests, and
/// a read of p1 (stored as `read`) before each assert.
fn verdicts(asserts: &[Value]) -> Option<Vec<(String, String)>> {
    verdicts_after(
        op(
            "read",
            json!({"resource": "Patient", "params": "/p1", "responseId": "read", "requestId": "sent"}),
        ),
        asserts,
    )
}

fn verdicts_after(operation: Value, asserts: &[Value]) -> Option<Vec<(String, String)>> {
    let validator = validator()?;
    let mut out = Vec::new();
    for assertion in asserts {
        let server = FakeServer::new();
        server.put(patient("p1", "Chalmers"));
        server.put(patient("p2", "Chalmers"));
        server.put(patient("p3", "Chalmers"));
        let body = json!({
            "contained": [
                {"resourceType": "Patient", "id": "min", "name": [{"family": "Chalmers"}]},
                {"resourceType": "Patient", "id": "other", "name": [{"family": "Duck"}]}
            ],
            "fixture": [
                {"id": "fx-min", "autocreate": false, "autodelete": false, "resource": {"reference": "#min"}},
                {"id": "fx-other", "autocreate": false, "autodelete": false, "resource": {"reference": "#other"}}
            ],
            "profile": [{"id": "patient", "reference": "http://hl7.org/fhir/StructureDefinition/Patient"},
                        {"id": "bundle", "reference": "http://hl7.org/fhir/StructureDefinition/Bundle"}],
            "variable": [{"name": "fam", "defaultValue": "Chalmers"}]
        });
        let script = one_test(json!([operation.clone(), assertion.clone()]), body);
        let outcome = run_on(&validator, &script, &server);
        let results = results(&outcome);
        assert_eq!(results[0], "pass", "{:#}", outcome.report);
        out.push((results[1].clone(), message(&outcome, 1)));
    }
    Some(out)
}

/// Each case passes, each of the others fails.
fn pass_fail(passing: &[Value], failing: &[Value]) {
    let Some(passed) = verdicts(passing) else {
        return;
    };
    for ((result, message), assertion) in passed.iter().zip(passing) {
        assert_eq!(result, "pass", "{assertion}: {message}");
    }
    let failed = verdicts(failing).unwrap();
    for ((result, message), assertion) in failed.iter().zip(failing) {
        assert_eq!(result, "fail", "{assertion}: {message}");
    }
}

#[test]
fn response_and_response_code() {
    pass_fail(
        &[
            check(json!({"response": "okay"})),
            check(json!({"response": "notFound", "operator": "notEquals"})),
            check(json!({"response": "created,okay", "operator": "in"})),
            check(json!({"responseCode": "200"})),
            check(json!({"responseCode": "200,204", "operator": "in"})),
            check(json!({"responseCode": "404,410", "operator": "notIn"})),
            check(json!({"responseCode": "199", "operator": "greaterThan"})),
            check(json!({"responseCode": "300", "operator": "lessThan"})),
        ],
        &[
            check(json!({"response": "created"})),
            check(json!({"response": "okay", "operator": "notEquals"})),
            check(
                json!({"response": "bad,forbidden,notFound,methodNotAllowed,conflict,gone,preconditionFailed,unprocessable,noContent,notModified", "operator": "in"}),
            ),
            check(json!({"responseCode": "404"})),
            check(json!({"responseCode": "200", "operator": "notIn"})),
            check(json!({"responseCode": "200", "operator": "greaterThan"})),
        ],
    );
}

#[test]
fn content_type_of_the_response() {
    pass_fail(
        &[
            check(json!({"contentType": "json"})),
            check(json!({"contentType": "application/fhir+json"})),
            check(json!({"contentType": "xml", "operator": "notEquals"})),
            check(json!({"contentType": "fhir", "operator": "contains"})),
        ],
        &[
            check(json!({"contentType": "xml"})),
            check(json!({"contentType": "json", "operator": "notEquals"})),
        ],
    );
}

#[test]
fn header_fields_of_the_response_and_of_the_request() {
    pass_fail(
        &[
            check(json!({"headerField": "Last-Modified", "operator": "notEmpty"})),
            check(json!({"headerField": "ETag", "value": "W/\"1\""})),
            check(json!({"headerField": "Location", "operator": "empty"})),
            check(
                json!({"headerField": "Content-Type", "value": "fhir+json", "operator": "contains"}),
            ),
            check(
                json!({"headerField": "Content-Type", "value": "xml", "operator": "notContains"}),
            ),
            check(
                json!({"headerField": "Accept", "direction": "request", "value": "application/fhir+json"}),
            ),
            check(
                json!({"headerField": "Accept", "sourceId": "sent", "value": "json", "operator": "contains"}),
            ),
        ],
        &[
            check(json!({"headerField": "Location", "operator": "notEmpty"})),
            check(json!({"headerField": "ETag", "value": "W/\"2\""})),
            check(
                json!({"headerField": "Accept", "direction": "request", "value": "xml", "operator": "contains"}),
            ),
        ],
    );
}

#[test]
fn resource_type_of_the_body() {
    pass_fail(
        &[
            check(json!({"resource": "Patient"})),
            check(json!({"resource": "Bundle", "operator": "notEquals"})),
            check(json!({"resource": "Patient", "sourceId": "read"})),
        ],
        &[
            check(json!({"resource": "Bundle"})),
            check(json!({"resource": "Patient", "sourceId": "fx-other", "operator": "notEquals"})),
        ],
    );
}

#[test]
fn minimum_id_is_deep_containment() {
    pass_fail(
        &[check(json!({"minimumId": "fx-min"}))],
        &[check(json!({"minimumId": "fx-other"}))],
    );
    let failed = verdicts(&[check(json!({"minimumId": "fx-other"}))]).unwrap();
    assert!(failed[0].1.contains("Patient.name[0]"), "{}", failed[0].1);
}

#[test]
fn navigation_links_true_and_false() {
    let search = |count: &str| {
        op(
            "search",
            json!({"resource": "Patient", "params": format!("?family=Chalmers{count}")}),
        )
    };
    let Some(paged) = verdicts_after(
        search("&_count=2"),
        &[
            check(json!({"navigationLinks": true})),
            check(json!({"navigationLinks": false})),
        ],
    ) else {
        return;
    };
    assert_eq!(paged[0].0, "pass", "{}", paged[0].1);
    assert_eq!(paged[1].0, "fail", "{}", paged[1].1);
    // A read is no Bundle.
    let read = verdicts(&[check(json!({"navigationLinks": true}))]).unwrap();
    assert_eq!(read[0].0, "fail");
    // A Bundle without next though it says there are more.
    let validator = validator().unwrap();
    let server = FakeServer::new();
    server.queue(Ok(crate::testscript_support::answer(
        200,
        &json!({"resourceType": "Bundle", "type": "searchset", "total": 5,
                "link": [{"relation": "first", "url": "x"}, {"relation": "last", "url": "y"}]}),
        &[],
    )));
    let script = one_test(
        json!([search(""), check(json!({"navigationLinks": true}))]),
        json!({}),
    );
    let outcome = run_on(&validator, &script, &server);
    assert_eq!(results(&outcome), ["pass", "fail"]);
    assert!(message(&outcome, 1).contains("next"));
}

#[test]
fn expressions_and_paths_with_every_operator() {
    pass_fail(
        &[
            check(json!({"expression": "Patient.name.family", "value": "Chalmers"})),
            check(json!({"expression": "name.family", "value": "${fam}"})),
            check(json!({"path": "Patient.name.given", "value": "Peter"})),
            check(
                json!({"expression": "Patient.gender", "value": "female", "operator": "notEquals"}),
            ),
            check(
                json!({"expression": "Patient.gender", "value": "male,female", "operator": "in"}),
            ),
            check(
                json!({"expression": "Patient.gender", "value": "other,unknown", "operator": "notIn"}),
            ),
            check(
                json!({"expression": "Patient.name.count()", "value": "0", "operator": "greaterThan"}),
            ),
            check(
                json!({"expression": "Patient.name.count()", "value": "2", "operator": "lessThan"}),
            ),
            check(json!({"expression": "Patient.birthDate", "operator": "empty"})),
            check(json!({"expression": "Patient.name", "operator": "notEmpty"})),
            check(
                json!({"expression": "Patient.name.family", "value": "halm", "operator": "contains"}),
            ),
            check(
                json!({"expression": "Patient.name.family", "value": "Duck", "operator": "notContains"}),
            ),
            check(json!({"expression": "Patient.name.family = 'Chalmers'", "operator": "eval"})),
            check(json!({"expression": "Patient.name.exists()"})),
            check(
                json!({"expression": "Patient.name.family", "sourceId": "fx-other", "value": "Duck"}),
            ),
        ],
        &[
            check(json!({"expression": "Patient.name.family", "value": "Duck"})),
            check(json!({"path": "Patient.name.given", "value": "Paul"})),
            check(
                json!({"expression": "Patient.gender", "value": "male", "operator": "notEquals"}),
            ),
            check(
                json!({"expression": "Patient.gender", "value": "other,unknown", "operator": "in"}),
            ),
            check(json!({"expression": "Patient.gender", "value": "male", "operator": "notIn"})),
            check(
                json!({"expression": "Patient.name.count()", "value": "1", "operator": "greaterThan"}),
            ),
            check(
                json!({"expression": "Patient.name.count()", "value": "1", "operator": "lessThan"}),
            ),
            check(json!({"expression": "Patient.name", "operator": "empty"})),
            check(json!({"expression": "Patient.birthDate", "operator": "notEmpty"})),
            check(
                json!({"expression": "Patient.name.family", "value": "Duck", "operator": "contains"}),
            ),
            check(
                json!({"expression": "Patient.name.family", "value": "halm", "operator": "notContains"}),
            ),
            check(json!({"expression": "Patient.name.family = 'Duck'", "operator": "eval"})),
            check(json!({"expression": "Patient.birthDate.exists()"})),
        ],
    );
}

#[test]
fn compare_to_source_with_and_without_an_expression_of_its_own() {
    pass_fail(
        &[
            check(
                json!({"compareToSourceId": "fx-min", "compareToSourceExpression": "Patient.name.first().family"}),
            ),
            check(
                json!({"expression": "Patient.name.family", "compareToSourceId": "fx-min", "compareToSourcePath": "Patient.name.family"}),
            ),
            check(
                json!({"expression": "Patient.name.family", "compareToSourceId": "fx-other", "compareToSourceExpression": "Patient.name.family", "operator": "notEquals"}),
            ),
        ],
        &[
            check(
                json!({"compareToSourceId": "fx-other", "compareToSourceExpression": "Patient.name.first().family"}),
            ),
            check(
                json!({"expression": "Patient.name.family", "compareToSourceId": "fx-min", "compareToSourceExpression": "Patient.name.family", "operator": "notEquals"}),
            ),
        ],
    );
}

#[test]
fn request_method_and_request_url() {
    pass_fail(
        &[
            check(json!({"requestMethod": "get"})),
            check(json!({"requestMethod": "post", "operator": "notEquals"})),
            check(json!({"requestURL": "Patient/p1"})),
            check(json!({"requestURL": "http://fake.test/fhir/Patient/p1"})),
            check(json!({"requestURL": "p1", "operator": "contains"})),
        ],
        &[
            check(json!({"requestMethod": "put"})),
            check(json!({"requestURL": "Patient/p2"})),
            check(json!({"requestURL": "_history", "operator": "contains"})),
        ],
    );
}

#[test]
fn validate_profile_id_fails_on_errors_and_warns_on_warnings() {
    pass_fail(
        &[check(json!({"validateProfileId": "patient"}))],
        &[check(json!({"validateProfileId": "bundle"}))],
    );
    // A Patient with a warning only (a dom-6 best practice: no narrative).
    let Some(validator) = validator() else { return };
    let server = FakeServer::new();
    server.put(json!({"resourceType": "Patient", "id": "w", "gender": "sometimes"}));
    server.put(json!({"resourceType": "Patient", "id": "ok"}));
    let script = one_test(
        json!([
            op("read", json!({"resource": "Patient", "params": "/ok"})),
            check(json!({"validateProfileId": "patient"})),
            op("read", json!({"resource": "Patient", "params": "/w"})),
            check(json!({"validateProfileId": "patient"}))
        ]),
        json!({"profile": [{"id": "patient", "reference": "http://hl7.org/fhir/StructureDefinition/Patient"}]}),
    );
    let outcome = run_on(&validator, &script, &server);
    let results = results(&outcome);
    assert!(
        matches!(results[1].as_str(), "pass" | "warning"),
        "{}",
        message(&outcome, 1)
    );
    assert_eq!(results[3], "fail", "{}", message(&outcome, 3));
    // Without a validator the assert fails, saying so.
    let parsed = crate::testscript_support::parse(&script);
    let settings = onramp_fhir::testscript::RunSettings {
        base_url: crate::testscript_support::BASE,
        fhirpath: validator.definitions().engine(),
        validator: None,
        issued: "2024-05-01T10:00:00Z",
        tester: "Onramp",
        extra_headers: &[],
        variables: &[],
    };
    let outcome = onramp_fhir::testscript::run(
        &parsed,
        &settings,
        &server,
        &onramp_fhir::testscript::NoFixtures,
        &mut |_| {},
    );
    assert_eq!(crate::testscript_support::results(&outcome)[1], "fail");
    assert!(message(&outcome, 1).contains("no validator"));
}

#[test]
fn warning_only_turns_a_failure_into_a_warning_that_does_not_fail() {
    let Some(validator) = validator() else { return };
    let server = FakeServer::new();
    server.put(patient("p1", "Chalmers"));
    let script = one_test(
        json!([
            op("read", json!({"resource": "Patient", "params": "/p1"})),
            {"assert": {"responseCode": "201", "warningOnly": true, "label": "created?"}},
            check(json!({"response": "okay"}))
        ]),
        json!({}),
    );
    let outcome = run_on(&validator, &script, &server);
    assert_eq!(results(&outcome), ["pass", "warning", "pass"]);
    assert!(message(&outcome, 1).starts_with("created?: expected response code 201, got 200"));
    assert_eq!(
        outcome.summary.result,
        onramp_fhir::testscript::ReportResult::Pass
    );
    assert_eq!(outcome.summary.warnings, 1);
    assert_eq!(
        outcome.summary.tests[0].result,
        onramp_fhir::testscript::ActionResult::Warning
    );
}

#[test]
fn an_assert_before_any_response_or_on_a_bad_expression_is_an_error() {
    let Some(validator) = validator() else { return };
    let server = FakeServer::new();
    let script = one_test(json!([check(json!({"response": "okay"}))]), json!({}));
    let outcome = run_on(&validator, &script, &server);
    assert_eq!(results(&outcome), ["error"]);
    assert!(message(&outcome, 0).contains("no response"));
}
