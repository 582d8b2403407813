//! TestScript operations: every operation type's HTTP request (method, URL, body, headers),
//! `method`, `url`, `params`, `targetId`, `requestHeader`, `accept`/`contentType`,
//! `encodeRequestUrl` and the caller's extra headers; and operations that cannot be sent.

use onramp_fhir::testscript::{run, HttpRequest, RunSettings};
use serde_json::{json, Value};

use crate::testscript_support::{
    check, one_test, op, parse, patient, results, run_on, run_with, validator, FakeServer,
    MapFixtures, BASE,
};

/// Contained fixtures: a Patient `p1`, a Bundle for batch/transaction and a message Bundle.
fn fixtures_body() -> Value {
    json!({
        "contained": [
            patient("p1", "Chalmers"),
            patient("p9", "Other"),
            {"resourceType": "Bundle", "id": "tx", "type": "transaction", "entry": [
                {"resource": patient("p2", "Duck"), "request": {"method": "PUT", "url": "Patient/p2"}}
            ]},
            {"resourceType": "Parameters", "id": "params", "parameter": [{"name": "x", "valueString": "y"}]}
        ],
        "fixture": [
            {"id": "fx-pat", "autocreate": false, "autodelete": false, "resource": {"reference": "#p1"}},
            {"id": "fx-other", "autocreate": false, "autodelete": false, "resource": {"reference": "#p9"}},
            {"id": "fx-tx", "autocreate": false, "autodelete": false, "resource": {"reference": "#tx"}},
            {"id": "fx-params", "autocreate": false, "autodelete": false, "resource": {"reference": "#params"}},
            {"id": "fx-patch", "autocreate": false, "autodelete": false, "resource": {"reference": "patch.json"}}
        ]
    })
}

fn patch_fixtures() -> MapFixtures {
    MapFixtures(vec![(
        "patch.json".to_string(),
        json!([{"op": "replace", "path": "/gender", "value": "female"}]),
    )])
}

/// Runs the actions (against a server holding Patient p1) and returns the last request.
fn last_request(actions: Value) -> Option<HttpRequest> {
    let validator = validator()?;
    let server = FakeServer::new();
    server.put(patient("p1", "Chalmers"));
    let script = one_test(actions, fixtures_body());
    let outcome = run_with(&validator, &script, &server, &patch_fixtures());
    assert!(
        results(&outcome).iter().all(|r| r == "pass"),
        "{:#}",
        outcome.report
    );
    outcome.exchanges.last().map(|e| e.request.clone())
}

fn header<'a>(request: &'a HttpRequest, name: &str) -> Option<&'a str> {
    request
        .headers
        .iter()
        .find(|(n, _)| n.eq_ignore_ascii_case(name))
        .map(|(_, v)| v.as_str())
}

#[test]
fn every_operation_type_maps_to_its_http_request() {
    let pat = || json!({"resource": "Patient", "params": "/p1"});
    let cases: Vec<(Value, &str, &str, bool)> = vec![
        (json!([op("read", pat())]), "GET", "Patient/p1", false),
        (
            json!([op("read", json!({"targetId": "fx-pat"}))]),
            "GET",
            "Patient/p1",
            false,
        ),
        (
            json!([
                op(
                    "create",
                    json!({"sourceId": "fx-pat", "responseId": "made"})
                ),
                op("vread", json!({"targetId": "made"}))
            ]),
            "GET",
            "Patient/srv1/_history/1",
            false,
        ),
        (
            json!([op("update", json!({"sourceId": "fx-pat"}))]),
            "PUT",
            "Patient/p1",
            true,
        ),
        (
            json!([op(
                "updateCreate",
                json!({"resource": "Patient", "params": "/p1", "sourceId": "fx-pat"})
            )]),
            "PUT",
            "Patient/p1",
            true,
        ),
        (
            json!([op(
                "patch",
                json!({"targetId": "fx-pat", "sourceId": "fx-patch"})
            )]),
            "PATCH",
            "Patient/p1",
            true,
        ),
        (
            json!([op("delete", json!({"targetId": "fx-pat"}))]),
            "DELETE",
            "Patient/p1",
            false,
        ),
        (
            json!([op(
                "deleteCondSingle",
                json!({"resource": "Patient", "params": "?family=Chalmers"})
            )]),
            "DELETE",
            "Patient?family=Chalmers",
            false,
        ),
        (
            json!([op(
                "deleteCondMultiple",
                json!({"resource": "Patient", "params": "?family=Chalmers"})
            )]),
            "DELETE",
            "Patient?family=Chalmers",
            false,
        ),
        (
            json!([op("history", json!({"targetId": "fx-pat"}))]),
            "GET",
            "Patient/p1/_history",
            false,
        ),
        (
            json!([op("history", json!({"resource": "Patient"}))]),
            "GET",
            "Patient/_history",
            false,
        ),
        (
            json!([op("create", json!({"sourceId": "fx-pat"}))]),
            "POST",
            "Patient",
            true,
        ),
        (
            json!([op(
                "search",
                json!({"resource": "Patient", "params": "?family=Chalmers"})
            )]),
            "GET",
            "Patient?family=Chalmers",
            false,
        ),
        (
            json!([op(
                "search",
                json!({"resource": "Patient", "params": "?family=Chalmers", "method": "post"})
            )]),
            "POST",
            "Patient/_search",
            true,
        ),
        (
            json!([op("batch", json!({"sourceId": "fx-tx"}))]),
            "POST",
            "",
            true,
        ),
        (
            json!([op("transaction", json!({"sourceId": "fx-tx"}))]),
            "POST",
            "",
            true,
        ),
        (
            json!([op("capabilities", json!({}))]),
            "GET",
            "metadata",
            false,
        ),
        (
            json!([op(
                "validate",
                json!({"resource": "Patient", "sourceId": "fx-pat"})
            )]),
            "POST",
            "Patient/$validate",
            true,
        ),
        (
            json!([op(
                "everything",
                json!({"resource": "Patient", "params": "/p1"})
            )]),
            "GET",
            "Patient/p1/$everything",
            false,
        ),
        (
            json!([op(
                "everything",
                json!({"targetId": "fx-pat", "method": "post", "sourceId": "fx-params"})
            )]),
            "POST",
            "Patient/p1/$everything",
            true,
        ),
        (
            json!([op(
                "expand",
                json!({"resource": "ValueSet", "params": "?url=http://example.org/vs"})
            )]),
            "GET",
            "ValueSet/$expand?url=http://example.org/vs",
            false,
        ),
        (
            json!([op("meta", json!({"targetId": "fx-pat"}))]),
            "GET",
            "Patient/p1/$meta",
            false,
        ),
        (
            json!([op("process-message", json!({"sourceId": "fx-params"}))]),
            "POST",
            "$process-message",
            true,
        ),
        (
            json!([op("read", json!({"url": format!("{BASE}/Patient/p1")}))]),
            "GET",
            "Patient/p1",
            false,
        ),
        (
            json!([op("read", json!({"url": "Patient/p1"}))]),
            "GET",
            "Patient/p1",
            false,
        ),
        (
            json!([op(
                "read",
                json!({"resource": "Patient", "params": "/p1", "method": "post"})
            )]),
            "POST",
            "Patient/p1",
            false,
        ),
    ];
    for (actions, method, path, has_body) in cases {
        let Some(request) = last_request(actions.clone()) else {
            return;
        };
        let expected = if path.is_empty() {
            BASE.to_string()
        } else {
            format!("{BASE}/{path}")
        };
        assert_eq!(
            (
                request.method.as_str(),
                request.url.as_str(),
                request.body.is_some()
            ),
            (method, expected.as_str(), has_body),
            "{actions}"
        );
    }
}

#[test]
fn the_operation_type_may_use_either_code_system() {
    let Some(validator) = validator() else { return };
    let server = FakeServer::new();
    server.put(patient("p1", "Chalmers"));
    let actions = json!([{"operation": {
        "type": {"system": "http://hl7.org/fhir/testscript-operation-codes", "code": "read"},
        "resource": "Patient", "params": "/p1", "encodeRequestUrl": true
    }}]);
    let outcome = run_on(&validator, &one_test(actions, json!({})), &server);
    assert_eq!(results(&outcome), ["pass"]);
    let unknown = json!([{"operation": {
        "type": {"system": "http://example.org/ops", "code": "read"},
        "resource": "Patient", "params": "/p1", "encodeRequestUrl": true
    }}]);
    let problems = onramp_fhir::testscript::Script::parse(
        &serde_json::to_vec(&one_test(unknown, json!({}))).unwrap(),
    )
    .unwrap_err();
    assert!(
        problems[0].location.ends_with("operation.type.system"),
        "{problems:?}"
    );
}

#[test]
fn headers_come_from_accept_content_type_request_header_and_the_caller() {
    let Some(validator) = validator() else { return };
    let server = FakeServer::new();
    let actions = json!([
        op(
            "create",
            json!({
                "sourceId": "fx-pat", "accept": "application/json", "contentType": "json",
                "requestHeader": [{"field": "If-None-Exist", "value": "family=Chalmers"},
                                  {"field": "Authorization", "value": "Bearer script"}]
            })
        ),
        op(
            "read",
            json!({"resource": "Patient", "params": "/p1", "accept": "none"})
        )
    ]);
    let script = parse(&one_test(actions, fixtures_body()));
    let extra = [
        ("Authorization".to_string(), "Bearer caller".to_string()),
        ("X-Tenant".to_string(), "t1".to_string()),
    ];
    let settings = RunSettings {
        base_url: "http://fake.test/fhir/",
        fhirpath: validator.definitions().engine(),
        validator: None,
        issued: "2024-05-01T10:00:00Z",
        tester: "Onramp",
        extra_headers: &extra,
        variables: &[],
    };
    let outcome = run(&script, &settings, &server, &patch_fixtures(), &mut |_| {});
    let create = &outcome.exchanges[0].request;
    assert_eq!(header(create, "Accept"), Some("application/json"));
    assert_eq!(
        header(create, "Content-Type"),
        Some("application/fhir+json")
    );
    assert_eq!(header(create, "If-None-Exist"), Some("family=Chalmers"));
    assert_eq!(header(create, "Authorization"), Some("Bearer script"));
    assert_eq!(header(create, "X-Tenant"), Some("t1"));
    let read = &outcome.exchanges[1].request;
    assert_eq!(read.url, format!("{BASE}/Patient/p1"));
    assert_eq!(header(read, "Accept"), None);
    assert_eq!(header(read, "Authorization"), Some("Bearer caller"));
}

#[test]
fn patch_bodies_that_are_json_patch_say_so() {
    let Some(request) = last_request(json!([op(
        "patch",
        json!({"targetId": "fx-pat", "sourceId": "fx-patch"})
    )])) else {
        return;
    };
    assert_eq!(
        header(&request, "Content-Type"),
        Some("application/json-patch+json")
    );
}

#[test]
fn request_urls_are_encoded_unless_the_script_says_not_to() {
    let encoded = last_request(json!([op(
        "search",
        json!({"resource": "Patient", "params": "?name=Peter Chalmers|x"})
    )]));
    let Some(encoded) = encoded else { return };
    assert_eq!(
        encoded.url,
        format!("{BASE}/Patient?name=Peter%20Chalmers%7Cx")
    );
    let raw = last_request(json!([op(
        "search",
        json!({"resource": "Patient", "params": "?name=Peter Chalmers", "encodeRequestUrl": false})
    )]))
    .unwrap();
    assert_eq!(raw.url, format!("{BASE}/Patient?name=Peter Chalmers"));
}

#[test]
fn an_operation_that_cannot_be_built_or_sent_is_an_error_ending_its_test() {
    let Some(validator) = validator() else { return };
    // targetId names a response that never came.
    let server = FakeServer::new();
    let actions = json!([
        op("read", json!({"targetId": "never"})),
        check(json!({"response": "okay"})),
        op(
            "read",
            json!({"resource": "Patient", "params": "/x", "responseId": "never"})
        )
    ]);
    let outcome = run_on(&validator, &one_test(actions, json!({})), &server);
    assert_eq!(results(&outcome), ["error", "skip", "skip"]);
    assert!(server.requests().is_empty());
    // vread needs a version.
    let actions = json!([op("vread", json!({"targetId": "fx-pat"}))]);
    let outcome = run_with(
        &validator,
        &one_test(actions, fixtures_body()),
        &server,
        &patch_fixtures(),
    );
    assert_eq!(results(&outcome), ["error"]);
    assert!(crate::testscript_support::message(&outcome, 0).contains("no version"));
    // No answer from the server.
    let server = FakeServer::new();
    server.queue(Err("connection refused".to_string()));
    let actions = json!([
        op("read", json!({"resource": "Patient", "params": "/p1"})),
        check(json!({"response": "okay"}))
    ]);
    let outcome = run_on(&validator, &one_test(actions, json!({})), &server);
    assert_eq!(results(&outcome), ["error", "skip"]);
    assert!(outcome.exchanges[0].response.is_err());
    assert_eq!(
        outcome.summary.result,
        onramp_fhir::testscript::ReportResult::Fail
    );
}

#[test]
fn an_operation_passes_on_any_answer_and_asserts_judge_it() {
    let Some(validator) = validator() else { return };
    let server = FakeServer::new();
    let actions = json!([
        op("read", json!({"resource": "Patient", "params": "/missing"})),
        check(json!({"response": "okay"}))
    ]);
    let outcome = run_on(&validator, &one_test(actions, json!({})), &server);
    assert_eq!(results(&outcome), ["pass", "fail"]);
    assert!(crate::testscript_support::message(&outcome, 1)
        .contains("expected response code 200, got 404"));
}

#[test]
fn an_update_sent_to_another_instance_takes_its_id() {
    // The R4 examples update `Patient/example` with a fixture whose own id is `pat1`; an R4
    // server refuses a body whose id differs from the URL's, so the engine sends the target's id.
    let Some(request) = last_request(json!([op(
        "update",
        json!({"resource": "Patient", "params": "/p1", "sourceId": "fx-other"})
    )])) else {
        return;
    };
    assert_eq!(request.url, format!("{BASE}/Patient/p1"));
    let body: Value = serde_json::from_slice(request.body.as_deref().unwrap()).unwrap();
    assert_eq!(body["id"], "p1");
    assert_eq!(
        body["name"][0]["family"], "Other",
        "the content is the fixture's"
    );
    // The same fixture sent to its own id is sent as it is.
    let Some(request) = last_request(json!([op(
        "update",
        json!({"resource": "Patient", "params": "/p9", "sourceId": "fx-other"})
    )])) else {
        return;
    };
    let body: Value = serde_json::from_slice(request.body.as_deref().unwrap()).unwrap();
    assert_eq!(body["id"], "p9");
}
