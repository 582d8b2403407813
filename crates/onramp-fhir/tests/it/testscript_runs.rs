//! TestScript runs: fixtures (static, autocreate, autodelete, responseId/requestId), phases
//! (setup, tests, teardown), progress, score, and variables from every source.

use onramp_fhir::testscript::{run, ActionResult, NoFixtures, Phase, Progress, ReportResult};
use serde_json::{json, Value};

use crate::testscript_engine::{assert_valid, read_p1, settings};
use crate::testscript_support::{
    check, message, one_test, op, parse, patient, results, run_on, run_with, script, validator,
    FakeServer, MapFixtures, BASE,
};

#[test]
fn static_fixtures_come_from_the_script_or_the_caller() {
    let Some(validator) = validator() else { return };
    let body = json!({"fixture": [{"id": "f", "autocreate": false, "autodelete": false, "resource": {"reference": "Patient/example"}}]});
    let actions = json!([
        op("create", json!({"sourceId": "f"})),
        check(json!({"response": "created"}))
    ]);
    let script = one_test(actions, body);
    let server = FakeServer::new();
    let source = MapFixtures(vec![(
        "Patient/example".to_string(),
        patient("example", "Chalmers"),
    )]);
    let outcome = run_with(&validator, &script, &server, &source);
    assert_eq!(results(&outcome), ["pass", "pass"]);
    // Not found: setup fails, the tests are skipped and the run fails.
    let server = FakeServer::new();
    let outcome = run_on(&validator, &script, &server);
    assert_eq!(results(&outcome), ["skip", "skip"]);
    assert_eq!(outcome.summary.result, ReportResult::Fail);
    assert!(outcome.report["setup"]["action"][0]["operation"]["message"]
        .as_str()
        .unwrap()
        .contains("Patient/example was not found"));
    assert!(server.requests().is_empty());
    assert_valid(&validator, &outcome.report);
}

#[test]
fn autocreate_and_autodelete_use_the_ids_the_server_assigned() {
    let Some(validator) = validator() else { return };
    let body = json!({
        "contained": [patient("p1", "Chalmers")],
        "fixture": [{"id": "f", "autocreate": true, "autodelete": true, "resource": {"reference": "#p1"}}]
    });
    let actions = json!([
        op("read", json!({"targetId": "f"})),
        check(json!({"response": "okay"}))
    ]);
    let server = FakeServer::new();
    let outcome = run_on(
        &validator,
        &one_test(actions.clone(), body.clone()),
        &server,
    );
    assert_eq!(
        outcome.summary.result,
        ReportResult::Pass,
        "{:#}",
        outcome.report
    );
    let requests: Vec<String> = server
        .requests()
        .iter()
        .map(|r| format!("{} {}", r.method, r.url))
        .collect();
    assert_eq!(
        requests,
        [
            format!("POST {BASE}/Patient"),
            format!("GET {BASE}/Patient/srv1"),
            format!("DELETE {BASE}/Patient/srv1"),
        ]
    );
    assert!(server.get("Patient", "srv1").is_none());
    assert_eq!(
        outcome.report["teardown"]["action"][0]["operation"]["result"],
        "pass"
    );
    assert_valid(&validator, &outcome.report);
    // A failed autocreate fails setup: the tests are skipped, teardown still runs.
    let server = FakeServer::new();
    server.queue(Ok(crate::testscript_support::outcome(400, "no")));
    let mut with_teardown = one_test(actions, body);
    with_teardown["teardown"] =
        json!({"action": [op("delete", json!({"resource": "Patient", "params": "/p1"}))]});
    let outcome = run_on(&validator, &with_teardown, &server);
    assert_eq!(results(&outcome), ["skip", "skip"]);
    assert_eq!(outcome.summary.result, ReportResult::Fail);
    assert_eq!(
        outcome.report["setup"]["action"][0]["operation"]["result"],
        "fail"
    );
    let last = server.requests().last().cloned().unwrap();
    assert_eq!(last.url, format!("{BASE}/Patient/p1"));
    // Nothing was created: autodelete has nothing to delete.
    assert_eq!(
        outcome.report["teardown"]["action"][1]["operation"]["result"],
        "skip"
    );
}

#[test]
fn autodelete_removes_what_a_create_of_the_script_made() {
    let Some(validator) = validator() else { return };
    let body = json!({
        "contained": [patient("p1", "Chalmers")],
        "fixture": [{"id": "f", "autocreate": false, "autodelete": true, "resource": {"reference": "#p1"}}]
    });
    let server = FakeServer::new();
    let outcome = run_on(
        &validator,
        &one_test(json!([op("create", json!({"sourceId": "f"}))]), body),
        &server,
    );
    assert_eq!(outcome.summary.result, ReportResult::Pass);
    let last = server.requests().last().cloned().unwrap();
    assert_eq!(
        (last.method.as_str(), last.url.as_str()),
        ("DELETE", format!("{BASE}/Patient/srv1").as_str())
    );
}

#[test]
fn response_and_request_ids_keep_what_was_exchanged() {
    let Some(validator) = validator() else { return };
    let server = FakeServer::new();
    server.put(patient("p1", "Chalmers"));
    server.put(patient("p2", "Duck"));
    let actions = json!([
        op(
            "read",
            json!({"resource": "Patient", "params": "/p1", "responseId": "first", "requestId": "asked"})
        ),
        op("read", json!({"resource": "Patient", "params": "/p2"})),
        check(
            json!({"expression": "Patient.name.family", "sourceId": "first", "value": "Chalmers"})
        ),
        check(json!({"expression": "Patient.name.family", "value": "Duck"})),
        check(json!({"requestURL": "Patient/p1", "sourceId": "asked"})),
        check(json!({"expression": "Patient.name.family", "sourceId": "first", "value": "Duck"}))
    ]);
    let outcome = run_on(&validator, &one_test(actions, json!({})), &server);
    assert_eq!(
        results(&outcome),
        ["pass", "pass", "pass", "pass", "pass", "fail"]
    );
}

#[test]
fn a_failing_setup_skips_the_tests_and_teardown_still_runs() {
    let Some(validator) = validator() else { return };
    let server = FakeServer::new();
    let mut body = script(json!({
        "setup": {"action": [read_p1(), check(json!({"response": "okay"})), read_p1()]},
        "test": [{"name": "a", "action": [read_p1()]}],
        "teardown": {"action": [op("delete", json!({"resource": "Patient", "params": "/p1"}))]}
    }));
    let outcome = run_on(&validator, &body, &server);
    let setup: Vec<&str> = outcome.report["setup"]["action"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| {
            a.as_object().unwrap().values().next().unwrap()["result"]
                .as_str()
                .unwrap()
        })
        .collect();
    assert_eq!(setup, ["pass", "fail", "skip"]);
    assert_eq!(results(&outcome), ["skip"]);
    assert_eq!(outcome.summary.tests[0].result, ActionResult::Skip);
    assert_eq!(
        outcome.report["teardown"]["action"][0]["operation"]["result"],
        "pass"
    );
    assert_eq!(server.requests().last().unwrap().method, "DELETE");
    assert_eq!(outcome.summary.result, ReportResult::Fail);
    // With the patient there, setup passes and so does the test.
    let server = FakeServer::new();
    server.put(patient("p1", "Chalmers"));
    body["test"][0]["action"] = json!([read_p1(), check(json!({"response": "okay"}))]);
    let outcome = run_on(&validator, &body, &server);
    assert_eq!(outcome.summary.result, ReportResult::Pass);
    assert_eq!(outcome.summary.score, 100.0);
}

#[test]
fn a_failing_test_ends_there_and_the_others_go_on() {
    let Some(validator) = validator() else { return };
    let server = FakeServer::new();
    server.put(patient("p1", "Chalmers"));
    let body = script(json!({
        "test": [
            {"name": "fails", "action": [read_p1(), check(json!({"response": "notFound"})), read_p1(), check(json!({"response": "okay"}))]},
            {"name": "passes", "action": [read_p1(), check(json!({"response": "okay"}))]}
        ],
        "teardown": {"action": [op("delete", json!({"resource": "Observation", "params": "/none"}))]}
    }));
    server.queue(Ok(crate::testscript_support::outcome(200, "fine")));
    let mut seen: Vec<Progress> = Vec::new();
    let parsed = parse(&body);
    let outcome = run(
        &parsed,
        &settings(&validator),
        &server,
        &NoFixtures,
        &mut |p| seen.push(p.clone()),
    );
    assert_eq!(outcome.summary.tests[0].result, ActionResult::Fail);
    assert!(outcome.summary.tests[0]
        .message
        .as_deref()
        .unwrap()
        .contains("expected response code 404, got 200"));
    assert_eq!(outcome.summary.tests[1].result, ActionResult::Pass);
    let first: Vec<&str> = outcome.report["test"][0]["action"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| {
            a.as_object().unwrap().values().next().unwrap()["result"]
                .as_str()
                .unwrap()
        })
        .collect();
    assert_eq!(first, ["pass", "fail", "skip", "skip"]);
    assert_eq!(outcome.summary.result, ReportResult::Fail);
    // 3 of 4 counted actions passed.
    assert_eq!(outcome.summary.score, 75.0);
    assert_eq!(outcome.report["score"].to_string(), "75.0");
    assert_eq!(seen.len(), 7);
    assert_eq!(seen.last().unwrap().done, seen.last().unwrap().total);
    assert_eq!(seen[0].phase, Phase::Test(0));
    assert_eq!(seen[6].phase, Phase::Teardown);
    assert_eq!(
        outcome
            .exchanges
            .iter()
            .map(|e| e.phase.as_str())
            .collect::<Vec<_>>(),
        ["test[0]", "test[1]", "teardown"]
    );
    assert_valid(&validator, &outcome.report);
}

#[test]
fn teardown_failures_are_recorded_but_change_nothing() {
    let Some(validator) = validator() else { return };
    let server = FakeServer::new();
    server.put(patient("p1", "Chalmers"));
    let mut body = one_test(
        json!([read_p1(), check(json!({"response": "okay"}))]),
        json!({}),
    );
    body["teardown"] = json!({"action": [op("delete", json!({"targetId": "never"})), op("delete", json!({"resource": "Patient", "params": "/p1", "responseId": "never"}))]});
    let outcome = run_on(&validator, &body, &server);
    assert_eq!(
        outcome.report["teardown"]["action"][0]["operation"]["result"],
        "error"
    );
    assert_eq!(
        outcome.report["teardown"]["action"][1]["operation"]["result"],
        "pass"
    );
    assert_eq!(outcome.summary.result, ReportResult::Pass);
}

#[test]
fn variables_from_every_source() {
    let Some(validator) = validator() else { return };
    let server = FakeServer::new();
    server.put(patient("p1", "Chalmers"));
    let body = json!({
        "contained": [patient("p1", "Chalmers"), {"resourceType": "Patient", "name": [{"family": "${fam}"}]}],
        "fixture": [
            {"id": "fx", "autocreate": false, "autodelete": false, "resource": {"reference": "#p1"}}
        ],
        "variable": [
            {"name": "fixtureId", "expression": "Patient.id", "sourceId": "fx"},
            {"name": "pathId", "path": "Patient.id", "sourceId": "fx"},
            {"name": "lastFamily", "expression": "Patient.name.family"},
            {"name": "created", "headerField": "Location", "sourceId": "made"},
            {"name": "lastType", "headerField": "Content-Type"},
            {"name": "fam", "defaultValue": "Duck", "hint": "a family name"},
            {"name": "fallback", "expression": "Patient.birthDate", "defaultValue": "1970-01-01"}
        ]
    });
    let actions = json!([
        op(
            "read",
            json!({"resource": "Patient", "params": "/${fixtureId}"})
        ),
        check(json!({"requestURL": "Patient/p1"})),
        op(
            "read",
            json!({"resource": "Patient", "params": "/${pathId}", "requestHeader": [{"field": "X-Family", "value": "${lastFamily}"}]})
        ),
        check(json!({"headerField": "X-Family", "direction": "request", "value": "Chalmers"})),
        check(json!({"expression": "Patient.name.family = '${lastFamily}'", "operator": "eval"})),
        check(json!({"headerField": "Content-Type", "value": "${lastType}"})),
        check(json!({"expression": "'${fallback}'", "value": "1970-01-01"})),
        op(
            "create",
            json!({"resource": "Patient", "sourceId": "fx", "responseId": "made"})
        ),
        op("read", json!({"url": "${created}"})),
        check(json!({"response": "okay"}))
    ]);
    let outcome = run_on(&validator, &one_test(actions, body.clone()), &server);
    assert!(
        results(&outcome).iter().all(|r| r == "pass"),
        "{:#}",
        outcome.report
    );
    assert_eq!(
        outcome.exchanges[3].request.url,
        format!("{BASE}/Patient/srv1/_history/1")
    );
    // A fixture body's ${name} is replaced before it is sent.
    let mut with_body = body.clone();
    with_body["fixture"]
        .as_array_mut()
        .unwrap()
        .push(json!({"id": "templ", "autocreate": false, "autodelete": false, "resource": {"reference": "#t"}}));
    with_body["contained"][1]["id"] = json!("t");
    with_body["variable"] = json!([{"name": "fam", "defaultValue": "Duck"}]);
    let server = FakeServer::new();
    let outcome = run_on(
        &validator,
        &one_test(
            json!([op("create", json!({"sourceId": "templ"}))]),
            with_body,
        ),
        &server,
    );
    assert_eq!(outcome.summary.result, ReportResult::Pass);
    let sent: Value = serde_json::from_slice(server.requests()[0].body.as_ref().unwrap()).unwrap();
    assert_eq!(sent["name"][0]["family"], "Duck");
}

#[test]
fn variables_without_a_value_make_the_action_an_error() {
    let Some(validator) = validator() else { return };
    let body = json!({
        "variable": [
            {"name": "asked", "hint": "[Family name]"},
            {"name": "none", "expression": "Patient.birthDate"},
            {"name": "many", "expression": "Patient.name.given | Patient.name.family"},
            {"name": "noHeader", "headerField": "X-Missing"}
        ]
    });
    for (name, text) in [
        ("asked", "[Family name]"),
        ("none", "finds nothing"),
        ("many", "2 values"),
        ("noHeader", "X-Missing"),
    ] {
        let server = FakeServer::new();
        server.put(patient("p1", "Chalmers"));
        let actions = json!([
            read_p1(),
            op(
                "search",
                json!({"resource": "Patient", "params": format!("?family=${{{name}}}")})
            )
        ]);
        let outcome = run_on(&validator, &one_test(actions, body.clone()), &server);
        assert_eq!(results(&outcome), ["pass", "error"], "{name}");
        assert!(
            message(&outcome, 1).contains(text),
            "{name}: {}",
            message(&outcome, 1)
        );
    }
}

#[test]
fn a_value_the_caller_gives_answers_a_hint_and_takes_the_place_of_an_expression() {
    let Some(validator) = validator() else { return };
    let server = FakeServer::new();
    server.put(patient("p1", "Chalmers"));
    let body = json!({
        "variable": [
            {"name": "asked", "hint": "[Family name]"},
            {"name": "computed", "expression": "'Nobody'"}
        ]
    });
    let actions = json!([op(
        "search",
        json!({"resource": "Patient", "params": "?family=${asked}&given=${computed}"})
    )]);
    let script = parse(&one_test(actions, body));
    let given = [
        ("asked".to_owned(), "Chalmers".to_owned()),
        ("computed".to_owned(), "Peter".to_owned()),
    ];
    let outcome = run(
        &script,
        &onramp_fhir::testscript::RunSettings {
            variables: &given,
            ..settings(&validator)
        },
        &server,
        &NoFixtures,
        &mut |_| {},
    );
    assert_eq!(results(&outcome), ["pass"], "{:#}", outcome.report);
    assert_eq!(
        server.requests()[0].url,
        format!("{BASE}/Patient?family=Chalmers&given=Peter")
    );
}
