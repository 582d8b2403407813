//! Conformance testing end to end: suites stored, checked and compared by version; message tests
//! judged from the sandbox log (passing only once a conforming instance arrives); TestScripts run
//! by the run job against a real server (the sandbox, on a loopback port); the review — submit,
//! override with a reason, re-test of chosen tests, sign-off — and the certificate it earns,
//! verified offline with the published key, refused after one byte changes, and shown revoked.
//! Another organization's runs and certificates are not found.

use axum::http::{Method, StatusCode};
use base64::Engine as _;
use onramp_core::Role;
use serde_json::{json, Value};

use crate::registry_support::{post, staff};
use crate::sandbox_support::{fhir, sandbox, sandbox_with, shared_packages, token, Sandbox};
use crate::support::{backends, Client, TestApp, TestBackend};

const TRACK: &str = "fhir-implementation-guide-partner";
const US_CORE_PATIENT: &str = "http://hl7.org/fhir/us/core/StructureDefinition/us-core-patient";

/// An application whose sandboxes and run job reach `base_url` (a loopback port, allowed).
async fn app_at(backend: &TestBackend, base_url: &str) -> TestApp {
    TestApp::with_config(backend, |config| {
        config.fhir_package_dir = Some(shared_packages());
        config.fhir_package_cache = config.data_dir.join("fhir-cache");
        config.public_base_url = base_url.to_owned();
        config.webhook_allow_private_addresses = true;
    })
    .await
}

fn suite(min_count: u32, scripts: Value) -> Value {
    json!({
        "key": "patient-access",
        "title": "Patient access",
        "track": TRACK,
        "requirements": [
            {"key": "r1", "text": "Patients are sent as US Core Patients", "link": "https://example.org/ig/patients#r1"},
            {"key": "r2", "text": "Patients are found by family name"},
            {"key": "r3", "text": "The server reads back what it stored"}
        ],
        "message_tests": [
            {"key": "us-core-patients", "title": "US Core Patients received", "requirements": ["r1"],
             "resource_type": "Patient", "profile": US_CORE_PATIENT, "min_count": min_count},
            {"key": "family-search", "title": "Patients searched by family", "requirements": ["r2"],
             "resource_type": "Patient", "interaction": "search-type", "search_param": "family"}
        ],
        "scripts": scripts,
    })
}

/// A TestScript that creates a Patient (a contained fixture), reads it back by the id the server
/// gave, and checks it.
fn read_back_script() -> Value {
    json!({
        "resourceType": "TestScript",
        "id": "read-back",
        "url": "http://example.org/TestScript/read-back",
        "name": "ReadBack",
        "status": "active",
        "contained": [{"resourceType": "Patient", "id": "p1", "name": [{"family": "Chalmers", "given": ["Peter"]}], "gender": "male"}],
        "fixture": [{"id": "patient", "autocreate": false, "autodelete": false, "resource": {"reference": "#p1"}}],
        "variable": [{"name": "family", "expression": "Patient.name.first().family", "sourceId": "patient"}],
        "test": [{
            "name": "create and read",
            "action": [
                {"operation": {"type": {"system": "http://terminology.hl7.org/CodeSystem/testscript-operation-codes", "code": "create"},
                    "resource": "Patient", "sourceId": "patient", "responseId": "created", "encodeRequestUrl": true}},
                {"assert": {"label": "created", "response": "created", "warningOnly": false}},
                {"operation": {"type": {"system": "http://terminology.hl7.org/CodeSystem/testscript-operation-codes", "code": "read"},
                    "resource": "Patient", "targetId": "created", "encodeRequestUrl": true}},
                {"assert": {"label": "read", "responseCode": "200", "warningOnly": false}},
                {"assert": {"label": "a Patient", "resource": "Patient", "warningOnly": false}},
                {"assert": {"label": "same family", "expression": "Patient.name.first().family", "value": "${family}", "warningOnly": false}}
            ]
        }]
    })
}

const CONFORMING: &str = r#"{"resourceType": "Patient", "meta": {"profile": ["http://hl7.org/fhir/us/core/StructureDefinition/us-core-patient"]}, "identifier": [{"system": "http://hospital.example/mrn", "value": "42"}], "name": [{"family": "Conform", "given": ["Ada"]}], "gender": "female", "birthDate": "1980-01-01"}"#;
/// Conforms without claiming the profile: judged by validating it.
const CONFORMING_UNCLAIMED: &str = r#"{"resourceType": "Patient", "identifier": [{"system": "http://hospital.example/mrn", "value": "43"}], "name": [{"family": "Quiet", "given": ["Bo"]}], "gender": "male"}"#;
const NOT_CONFORMING: &str = r#"{"resourceType": "Patient", "meta": {"profile": ["http://hl7.org/fhir/us/core/StructureDefinition/us-core-patient"]}, "birthDate": "1980-01-01"}"#;

async fn run_now(app: &TestApp, client: &mut Client, enrollment_id: &str, body: Value) -> Value {
    let started = post(
        client,
        &format!("/api/v1/enrollments/{enrollment_id}/runs"),
        body,
    )
    .await;
    assert_eq!(started.status, StatusCode::ACCEPTED, "{}", started.body);
    let id = started.json()["id"].as_str().unwrap().to_owned();
    assert_eq!(started.json()["state"], "queued");
    app.drain_jobs().await;
    let run = client.get(&format!("/api/v1/runs/{id}")).await;
    assert_eq!(run.status, StatusCode::OK, "{}", run.body);
    run.json()
}

/// Another client signed in as the staff user of `role` made earlier.
async fn signed_in_again(app: &TestApp, role: Role) -> Client {
    let mut client = app.client();
    let response = client
        .login(
            &format!("{}@example.org", role.as_str()),
            crate::support::PASSWORD,
        )
        .await;
    assert_eq!(response.status, StatusCode::SEE_OTHER, "{}", response.body);
    client
}

fn test_of<'a>(run: &'a Value, key: &str) -> &'a Value {
    run["tests"]
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["key"] == key)
        .unwrap_or_else(|| panic!("no test {key} in {run:#}"))
}

#[tokio::test]
async fn conformance_suites_are_checked_whole_versioned_and_compared() {
    for backend in backends() {
        let app = crate::sandbox_support::sandbox_app(&backend).await;
        let mut admin = staff(&app, Role::ProgramAdmin).await;
        let (_, mut partner) = app.signed_in(Role::PartnerDeveloper).await;

        let broken = post(
            &mut admin,
            "/api/v1/suites",
            json!({"key": "Bad Key", "title": "x", "track": "no-such-track",
                   "message_tests": [{"key": "t", "title": "t", "requirements": ["r9"], "interaction": "fetch"}]}),
        )
        .await;
        assert_eq!(
            broken.status,
            StatusCode::UNPROCESSABLE_ENTITY,
            "{}",
            broken.body
        );
        let fields: Vec<String> = broken.json()["errors"]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| e["field"].as_str().unwrap().to_owned())
            .collect();
        for expected in [
            "key",
            "message_tests[0].requirements[0]",
            "message_tests[0].interaction",
        ] {
            assert!(
                fields.contains(&expected.to_owned()),
                "{expected} in {fields:?}"
            );
        }
        let unknown_profile = post(
            &mut admin,
            "/api/v1/suites",
            json!({"key": "p", "title": "p", "track": TRACK, "message_tests": [{"key": "t", "title": "t", "resource_type": "Patient", "profile": "http://example.org/StructureDefinition/nothing", "condition": "Patient.name.("}]}),
        )
        .await;
        assert_eq!(
            unknown_profile.status,
            StatusCode::UNPROCESSABLE_ENTITY,
            "{}",
            unknown_profile.body
        );
        assert!(
            unknown_profile.body.contains("message_tests[0].profile"),
            "{}",
            unknown_profile.body
        );
        assert!(
            unknown_profile.body.contains("message_tests[0].condition"),
            "{}",
            unknown_profile.body
        );

        let refused = post(&mut partner, "/api/v1/suites", suite(1, json!([]))).await;
        assert_eq!(refused.status, StatusCode::FORBIDDEN, "{}", refused.body);

        let first = post(&mut admin, "/api/v1/suites", suite(1, json!([]))).await;
        assert_eq!(first.status, StatusCode::CREATED, "{}", first.body);
        assert_eq!(first.json()["version"], 1);
        assert_eq!(first.json()["packages"][0], "hl7.fhir.r4.core#4.0.1");
        assert!(
            first.json()["packages"]
                .as_array()
                .unwrap()
                .iter()
                .any(|p| p == "hl7.fhir.us.core#6.1.0"),
            "the track's packages are pinned"
        );
        let coverage = &first.json()["coverage"];
        assert_eq!(coverage[0]["tests"], json!(["us-core-patients"]));
        assert_eq!(coverage[2]["tests"], json!([]), "r3 is not tested yet");

        let same = post(&mut admin, "/api/v1/suites", suite(1, json!([]))).await;
        assert_eq!(same.status, StatusCode::CONFLICT, "{}", same.body);

        let second = post(&mut admin, "/api/v1/suites", suite(2, json!([{"key": "read-back", "requirements": ["r3"], "testscript": read_back_script()}]))).await;
        assert_eq!(second.status, StatusCode::CREATED, "{}", second.body);
        assert_eq!(second.json()["version"], 2);
        assert_eq!(
            second.json()["changes"],
            json!([
                "message test `us-core-patients`: at least 1 → 2",
                "TestScript `read-back` added"
            ])
        );
        let diff = partner
            .get("/api/v1/suites/patient-access/diff?from=1&to=2")
            .await;
        assert_eq!(diff.status, StatusCode::OK, "{}", diff.body);
        assert_eq!(diff.json()["changes"], second.json()["changes"]);
        for bad in ["to=-9223372036854775808", "from=0&to=2"] {
            let refused = partner
                .get(&format!("/api/v1/suites/patient-access/diff?{bad}"))
                .await;
            assert_eq!(
                refused.status,
                StatusCode::UNPROCESSABLE_ENTITY,
                "{bad}: {}",
                refused.body
            );
        }
        let latest = partner.get("/api/v1/suites/patient-access").await;
        assert_eq!(latest.json()["version"], 2);
        let old = partner
            .get("/api/v1/suites/patient-access/versions/1")
            .await;
        assert_eq!(
            old.json()["document"]["message_tests"][0]["min_count"],
            json!(null),
            "1 is the default, not written"
        );
        let page = partner.get("/suites/patient-access").await;
        assert_eq!(page.status, StatusCode::OK);
        assert!(
            page.body.contains("at least 1 → 2"),
            "the page shows the version history"
        );
        assert!(
            page.body.contains("Not tested") || page.body.contains("read-back"),
            "coverage matrix"
        );

        // A script whose TestScript is invalid is refused, naming where.
        let mut invalid = read_back_script();
        invalid["test"][0]["action"][1] = json!({});
        let bad_script = post(
            &mut admin,
            "/api/v1/suites",
            suite(2, json!([{"key": "broken", "testscript": invalid}])),
        )
        .await;
        assert_eq!(
            bad_script.status,
            StatusCode::UNPROCESSABLE_ENTITY,
            "{}",
            bad_script.body
        );
        assert!(
            bad_script.body.contains("scripts[0].testscript"),
            "{}",
            bad_script.body
        );
    }
}

#[tokio::test]
async fn conformance_a_message_test_passes_only_when_a_conforming_instance_arrives() {
    for backend in backends() {
        let app = crate::sandbox_support::sandbox_app(&backend).await;
        let mut sandbox = sandbox(&app, "Wren Clinic", "wren.example").await;
        let created = post(&mut sandbox.admin, "/api/v1/suites", suite(2, json!([]))).await;
        assert_eq!(created.status, StatusCode::CREATED, "{}", created.body);
        let bearer = token(&app, &mut sandbox, "system/Patient.cruds").await;
        let run_body = json!({"suite": "patient-access", "system_name": "Wren EHR 4.2"});

        // A run can be scheduled: it waits for its time.
        let later = jiff::Timestamp::now()
            .checked_add(jiff::SignedDuration::from_hours(2))
            .unwrap()
            .to_string();
        let mut scheduled_body = run_body.clone();
        scheduled_body["start_at"] = json!(later);
        let scheduled = post(
            &mut sandbox.partner,
            &format!("/api/v1/enrollments/{}/runs", sandbox.enrollment_id),
            scheduled_body,
        )
        .await;
        assert_eq!(scheduled.status, StatusCode::ACCEPTED, "{}", scheduled.body);
        app.drain_jobs().await;
        let waiting = sandbox
            .partner
            .get(&format!(
                "/api/v1/runs/{}",
                scheduled.json()["id"].as_str().unwrap()
            ))
            .await
            .json();
        assert_eq!(waiting["state"], "queued", "not before its time: {waiting}");
        assert!(
            waiting["scheduled_at"].as_i64().unwrap() > waiting["created_at"].as_i64().unwrap()
        );
        let mut bad_body = run_body.clone();
        bad_body["start_at"] = json!("next tuesday");
        let bad = post(
            &mut sandbox.partner,
            &format!("/api/v1/enrollments/{}/runs", sandbox.enrollment_id),
            bad_body,
        )
        .await;
        assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", bad.body);
        assert!(bad.body.contains("start_at"), "{}", bad.body);

        // Nothing sent yet: waiting.
        let run = run_now(
            &app,
            &mut sandbox.partner,
            &sandbox.enrollment_id,
            run_body.clone(),
        )
        .await;
        assert_eq!(run["state"], "completed", "{run:#}");
        assert_eq!(run["result"], "incomplete");
        assert_eq!(test_of(&run, "us-core-patients")["result"], "waiting");

        // A Patient claiming US Core without what it requires is refused by the sandbox: a
        // failing attempt, with its OperationOutcome.
        let refused = fhir(
            &app,
            &sandbox.environment_id,
            &bearer,
            Method::POST,
            "/Patient",
            Some(NOT_CONFORMING),
            &[],
        )
        .await;
        assert_eq!(
            refused.status,
            StatusCode::UNPROCESSABLE_ENTITY,
            "{}",
            refused.body
        );
        let run = run_now(
            &app,
            &mut sandbox.partner,
            &sandbox.enrollment_id,
            run_body.clone(),
        )
        .await;
        let patients = test_of(&run, "us-core-patients");
        assert_eq!(patients["result"], "failed", "{patients:#}");
        assert_eq!(patients["evidence"]["failures"][0]["status"], 422);
        assert_eq!(
            patients["evidence"]["failures"][0]["outcome"]["resourceType"],
            "OperationOutcome"
        );

        // One conforming (claimed), one conforming without claiming: two of two.
        let first = fhir(
            &app,
            &sandbox.environment_id,
            &bearer,
            Method::POST,
            "/Patient",
            Some(CONFORMING),
            &[],
        )
        .await;
        assert_eq!(first.status, StatusCode::CREATED, "{}", first.body);
        let run = run_now(
            &app,
            &mut sandbox.partner,
            &sandbox.enrollment_id,
            run_body.clone(),
        )
        .await;
        assert_eq!(
            test_of(&run, "us-core-patients")["result"],
            "failed",
            "one of two is not enough while an attempt failed"
        );
        let second = fhir(
            &app,
            &sandbox.environment_id,
            &bearer,
            Method::POST,
            "/Patient",
            Some(CONFORMING_UNCLAIMED),
            &[],
        )
        .await;
        assert_eq!(second.status, StatusCode::CREATED, "{}", second.body);
        // A plain Patient without an identifier is not a US Core Patient: it does not count.
        let plain = fhir(
            &app,
            &sandbox.environment_id,
            &bearer,
            Method::POST,
            "/Patient",
            Some(r#"{"resourceType": "Patient", "name": [{"family": "Plain"}]}"#),
            &[],
        )
        .await;
        assert_eq!(plain.status, StatusCode::CREATED, "{}", plain.body);
        let searched = fhir(
            &app,
            &sandbox.environment_id,
            &bearer,
            Method::GET,
            "/Patient?family:exact=Conform",
            None,
            &[],
        )
        .await;
        assert_eq!(searched.status, StatusCode::OK, "{}", searched.body);

        let run = run_now(
            &app,
            &mut sandbox.partner,
            &sandbox.enrollment_id,
            run_body.clone(),
        )
        .await;
        let patients = test_of(&run, "us-core-patients");
        assert_eq!(patients["result"], "passed", "{patients:#}");
        assert_eq!(patients["evidence"]["satisfied_count"], 2, "{patients:#}");
        assert_eq!(test_of(&run, "family-search")["result"], "passed");
        assert_eq!(run["result"], "passed");
        let changed = run["changed_since_previous"].as_array().unwrap();
        assert!(
            changed
                .iter()
                .any(|c| c == &json!(["us-core-patients", "failed", "passed"])),
            "{changed:?}"
        );
        // The satisfying messages link to the log.
        let message_id = patients["evidence"]["satisfied"][0].as_str().unwrap();
        let message = sandbox
            .partner
            .get(&format!(
                "/environments/{}/messages/{message_id}",
                sandbox.environment_id
            ))
            .await;
        assert_eq!(message.status, StatusCode::OK);
        let page = sandbox
            .partner
            .get(&format!("/runs/{}", run["id"].as_str().unwrap()))
            .await;
        assert!(
            page.body.contains(&format!("/messages/{message_id}")),
            "the run page links the evidence"
        );
    }
}

#[tokio::test]
async fn conformance_a_reviewed_run_earns_a_certificate_anyone_can_verify_offline() {
    for backend in backends() {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let base_url = format!("http://{}", listener.local_addr().unwrap());
        let app = app_at(&backend, &base_url).await;
        let mut sandbox: Sandbox = sandbox(&app, "Finch Health", "finch.example").await;
        let stop = crate::sandbox_support::serve(&app, listener);
        let mut analyst = staff(&app, Role::ConformanceAnalyst).await;
        let stored = post(&mut sandbox.admin, "/api/v1/suites", suite(1, json!([{"key": "read-back", "requirements": ["r3"], "testscript": read_back_script()}]))).await;
        assert_eq!(stored.status, StatusCode::CREATED, "{}", stored.body);
        let bearer = token(&app, &mut sandbox, "system/Patient.cruds").await;
        let fhir_base = format!("{base_url}/sandbox/{}/fhir", sandbox.environment_id);
        let created = fhir(
            &app,
            &sandbox.environment_id,
            &bearer,
            Method::POST,
            "/Patient",
            Some(CONFORMING),
            &[],
        )
        .await;
        assert_eq!(created.status, StatusCode::CREATED, "{}", created.body);

        // The script runs against the partner's server (here the sandbox itself, over HTTP).
        let run_body = json!({"suite": "patient-access", "system_name": "Finch Gateway", "server_url": fhir_base, "bearer_token": bearer});
        let run = run_now(
            &app,
            &mut sandbox.partner,
            &sandbox.enrollment_id,
            run_body.clone(),
        )
        .await;
        let run_id = run["id"].as_str().unwrap().to_owned();
        let script = test_of(&run, "read-back");
        assert_eq!(script["result"], "passed", "{script:#}");
        assert!(
            script["evidence"]["exchanges"].as_array().unwrap().len() >= 2,
            "{script:#}"
        );
        assert_eq!(
            test_of(&run, "family-search")["result"],
            "waiting",
            "no search was sent"
        );
        assert_eq!(run["result"], "incomplete");

        // A second organization sees none of it.
        let mut other = sandbox_with(
            &app,
            "Other Clinic",
            "other.example",
            signed_in_again(&app, Role::OnboardingCoordinator).await,
            signed_in_again(&app, Role::ProgramAdmin).await,
        )
        .await;
        assert_eq!(
            other
                .partner
                .get(&format!("/api/v1/runs/{run_id}"))
                .await
                .status,
            StatusCode::NOT_FOUND
        );
        assert_eq!(
            other.partner.get(&format!("/runs/{run_id}")).await.status,
            StatusCode::NOT_FOUND
        );
        assert_eq!(
            post(
                &mut other.partner,
                &format!("/api/v1/runs/{run_id}/submit"),
                json!({})
            )
            .await
            .status,
            StatusCode::NOT_FOUND
        );
        assert_eq!(
            post(
                &mut other.partner,
                &format!("/api/v1/runs/{run_id}/comments"),
                json!({"body": "hi"})
            )
            .await
            .status,
            StatusCode::NOT_FOUND
        );
        assert_eq!(
            other
                .partner
                .get(&format!("/api/v1/runs/{run_id}/report"))
                .await
                .status,
            StatusCode::NOT_FOUND
        );

        // Review: not before submission; submit; the analyst asks for the search to be re-tested.
        let early = post(
            &mut analyst,
            &format!("/api/v1/runs/{run_id}/sign-off"),
            json!({}),
        )
        .await;
        assert_eq!(early.status, StatusCode::CONFLICT, "{}", early.body);
        let submitted = post(
            &mut sandbox.partner,
            &format!("/api/v1/runs/{run_id}/submit"),
            json!({}),
        )
        .await;
        assert_eq!(submitted.status, StatusCode::OK, "{}", submitted.body);
        let not_passed = post(
            &mut analyst,
            &format!("/api/v1/runs/{run_id}/sign-off"),
            json!({}),
        )
        .await;
        assert_eq!(
            not_passed.status,
            StatusCode::CONFLICT,
            "{}",
            not_passed.body
        );
        assert!(
            not_passed.body.contains("family-search"),
            "{}",
            not_passed.body
        );
        let retest = post(
            &mut analyst,
            &format!("/api/v1/runs/{run_id}/retest"),
            json!({"tests": ["family-search"], "note": "Please search by family name."}),
        )
        .await;
        assert_eq!(retest.status, StatusCode::OK, "{}", retest.body);
        assert_eq!(retest.json()["review_state"], "retest_requested");

        // The partner searches, and re-tests only what was asked: the script is carried over.
        let searched = fhir(
            &app,
            &sandbox.environment_id,
            &bearer,
            Method::GET,
            "/Patient?family=Conform",
            None,
            &[],
        )
        .await;
        assert_eq!(searched.status, StatusCode::OK);
        let mut retest_body = run_body.clone();
        retest_body["retest_of"] = json!(run_id);
        let second = run_now(
            &app,
            &mut sandbox.partner,
            &sandbox.enrollment_id,
            retest_body,
        )
        .await;
        let second_id = second["id"].as_str().unwrap().to_owned();
        assert_eq!(
            test_of(&second, "family-search")["result"],
            "passed",
            "{second:#}"
        );
        assert_eq!(
            test_of(&second, "read-back")["carried_from"],
            run_id.as_str()
        );
        assert_eq!(second["result"], "passed");
        assert_eq!(
            post(
                &mut sandbox.partner,
                &format!("/api/v1/runs/{second_id}/submit"),
                json!({})
            )
            .await
            .status,
            StatusCode::OK
        );

        // An override needs a reason, is audited, and shows in the report.
        let no_reason = post(
            &mut analyst,
            &format!("/api/v1/runs/{second_id}/tests/family-search/override"),
            json!({"result": "passed", "reason": " "}),
        )
        .await;
        assert_eq!(no_reason.status, StatusCode::UNPROCESSABLE_ENTITY);
        let partner_override = post(
            &mut sandbox.partner,
            &format!("/api/v1/runs/{second_id}/tests/family-search/override"),
            json!({"result": "passed", "reason": "mine"}),
        )
        .await;
        assert_eq!(partner_override.status, StatusCode::FORBIDDEN);
        let overridden = post(
            &mut analyst,
            &format!("/api/v1/runs/{second_id}/tests/us-core-patients/override"),
            json!({"result": "passed", "reason": "Checked by hand against the IG"}),
        )
        .await;
        assert_eq!(overridden.status, StatusCode::OK, "{}", overridden.body);
        let comment = post(
            &mut analyst,
            &format!("/api/v1/runs/{second_id}/comments"),
            json!({"body": "Looks good.", "test": "read-back"}),
        )
        .await;
        assert_eq!(comment.status, StatusCode::CREATED, "{}", comment.body);
        let report = sandbox
            .partner
            .get(&format!("/api/v1/runs/{second_id}/report"))
            .await;
        assert_eq!(report.status, StatusCode::OK);
        let bundle = report.json();
        assert_eq!(bundle["resourceType"], "Bundle");
        let reports: Vec<&Value> = bundle["entry"]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| &e["resource"])
            .filter(|r| r["resourceType"] == "TestReport")
            .collect();
        assert_eq!(reports.len(), 3);
        assert!(
            bundle
                .to_string()
                .contains("Checked by hand against the IG"),
            "the override is in the report"
        );
        assert!(
            bundle.to_string().contains("hl7.fhir.us.core#6.1.0"),
            "the package versions are in the report"
        );

        let pdf = sandbox
            .partner
            .get(&format!("/runs/{second_id}/report.pdf"))
            .await;
        assert_eq!(pdf.status, StatusCode::OK);
        assert!(pdf.body.starts_with("%PDF"));
        assert_eq!(
            other
                .partner
                .get(&format!("/runs/{second_id}/report.pdf"))
                .await
                .status,
            StatusCode::NOT_FOUND
        );

        // Sign-off issues the certificate.
        let signed = post(
            &mut analyst,
            &format!("/api/v1/runs/{second_id}/sign-off"),
            json!({}),
        )
        .await;
        assert_eq!(signed.status, StatusCode::CREATED, "{}", signed.body);
        let certificate = signed.json();
        assert_eq!(certificate["status"], "valid");
        assert_eq!(certificate["system"], "Finch Gateway");
        let certificate_id = certificate["id"].as_str().unwrap().to_owned();
        let jws = certificate["jws"].as_str().unwrap().to_owned();

        // Offline: the published key verifies it, and one changed byte does not.
        let jwks = app.client().get("/verify/jwks").await.json();
        let jwk: jsonwebtoken::jwk::Jwk = serde_json::from_value(jwks["keys"][0].clone()).unwrap();
        let key = jsonwebtoken::DecodingKey::from_jwk(&jwk).unwrap();
        let mut validation = jsonwebtoken::Validation::new(jsonwebtoken::Algorithm::ES256);
        validation.validate_aud = false;
        let claims = jsonwebtoken::decode::<Value>(&jws, &key, &validation)
            .unwrap()
            .claims;
        assert_eq!(claims["sub"], certificate_id.as_str());
        assert_eq!(claims["system"], "Finch Gateway");
        assert_eq!(claims["suite"]["key"], "patient-access");
        let (header_and_payload, signature) = jws.rsplit_once('.').unwrap();
        let (header, payload) = header_and_payload.split_once('.').unwrap();
        let mut bytes = base64::engine::general_purpose::URL_SAFE_NO_PAD
            .decode(payload)
            .unwrap();
        let at = bytes.iter().position(|b| *b == b'F').unwrap();
        bytes[at] = b'G';
        let tampered = format!(
            "{header}.{}.{signature}",
            base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(&bytes)
        );
        assert!(
            jsonwebtoken::decode::<Value>(&tampered, &key, &validation).is_err(),
            "one changed byte breaks it"
        );

        // Anyone can look it up; the registry lists the holder.
        let public = app
            .client()
            .get(&format!("/api/v1/public/certificates/{certificate_id}"))
            .await;
        assert_eq!(public.status, StatusCode::OK, "{}", public.body);
        assert_eq!(public.json()["status"], "valid");
        let registry = app
            .client()
            .get("/api/v1/public/suites/patient-access/certificates")
            .await;
        assert_eq!(
            registry.json().as_array().unwrap().len(),
            1,
            "{}",
            registry.body
        );
        let page = app.client().get(&format!("/verify/{certificate_id}")).await;
        assert!(
            page.body.contains("This certificate is valid"),
            "{}",
            page.body
        );
        let pdf = app
            .client()
            .get(&format!("/verify/{certificate_id}/certificate.pdf"))
            .await;
        assert!(pdf.body.starts_with("%PDF"));
        assert_eq!(
            other
                .partner
                .get(&format!(
                    "/api/v1/organizations/{}/certificates",
                    sandbox.organization_id
                ))
                .await
                .status,
            StatusCode::NOT_FOUND
        );

        // Revoked: the page and the API say so, and the registry no longer lists it.
        let revoked = post(
            &mut analyst,
            &format!("/api/v1/certificates/{certificate_id}/revoke"),
            json!({"reason": "The system changed its FHIR version"}),
        )
        .await;
        assert_eq!(revoked.status, StatusCode::OK, "{}", revoked.body);
        assert_eq!(
            app.client()
                .get(&format!("/api/v1/public/certificates/{certificate_id}"))
                .await
                .json()["status"],
            "revoked"
        );
        let page = app.client().get(&format!("/verify/{certificate_id}")).await;
        assert!(
            page.body.contains("This certificate is revoked")
                && page.body.contains("The system changed its FHIR version"),
            "{}",
            page.body
        );
        assert_eq!(
            app.client()
                .get("/api/v1/public/suites/patient-access/certificates")
                .await
                .json(),
            json!([])
        );

        let actions = app.audit_actions().await;
        for action in [
            "suite.created",
            "run.started",
            "run.finished",
            "run.submitted",
            "run.retest_requested",
            "run.test_overridden",
            "run.commented",
            "run.signed_off",
            "certificate.issued",
            "certificate.revoked",
        ] {
            assert!(
                actions.iter().any(|a| a == action),
                "{action} audited: {actions:?}"
            );
        }
        let _ = stop.send(());
    }
}

const GATED_TRACK: &str = r#"id = "conformance-probe"
version = 1
name = "Conformance probe"
packages = ["hl7.fhir.r4.core#4.0.1"]
sandbox_gate = "open"

[[phases]]
key = "only"
name = "Only"

[[phases.steps]]
key = "build"
name = "Build the interface"
owner = "partner_developer"
estimate = 3

[[gates]]
key = "open"
name = "Sandbox"
conditions = [{ kind = "organization_verified" }]

[[gates]]
key = "certified"
name = "Certified"
conditions = [{ kind = "conformance.suite_signed_off", suite = "probe-suite" }]

[[gates]]
key = "valid"
name = "Certificate valid"
conditions = [{ kind = "conformance.certificate_valid", suite = "probe-suite" }]
"#;

#[tokio::test]
async fn conformance_gates_wait_for_a_signed_off_suite_and_a_valid_certificate_which_expires_with_a_reminder(
) {
    use onramp_server::platform::clock::{Clock, ManualClock};
    for backend in backends() {
        let clock = std::sync::Arc::new(ManualClock::starting_now());
        let app = crate::sandbox_support::sandbox_app_with_clock(&backend, clock.clone()).await;
        let mut sandbox = sandbox(&app, "Plover Labs", "plover.example").await;
        let mut analyst = staff(&app, Role::ConformanceAnalyst).await;
        let uploaded = post(
            &mut sandbox.admin,
            "/api/v1/tracks",
            json!({"source": GATED_TRACK}),
        )
        .await;
        assert_eq!(uploaded.status, StatusCode::CREATED, "{}", uploaded.body);
        let enrolled = post(
            &mut sandbox.coordinator,
            "/api/v1/enrollments",
            json!({"organization_id": sandbox.organization_id, "track": "conformance-probe", "start": "2027-01-04"}),
        )
        .await;
        assert_eq!(enrolled.status, StatusCode::CREATED, "{}", enrolled.body);
        let enrollment = enrolled.json()["id"].as_str().unwrap().to_owned();
        let stored = post(
            &mut sandbox.admin,
            "/api/v1/suites",
            json!({"key": "probe-suite", "title": "Probe", "track": "conformance-probe", "certificate_days": 10,
                   "message_tests": [{"key": "patients", "title": "A Patient", "resource_type": "Patient"}]}),
        )
        .await;
        assert_eq!(stored.status, StatusCode::CREATED, "{}", stored.body);
        let environments = sandbox
            .partner
            .get(&format!("/api/v1/enrollments/{enrollment}/environments"))
            .await
            .json();
        let environment = environments[0]["id"].as_str().unwrap().to_owned();
        let (id, secret) = crate::sandbox_support::secret_client(
            &mut sandbox.partner,
            &environment,
            "system/Patient.cruds",
        )
        .await;
        let issued = crate::sandbox_support::token_by_secret(&app, &id, &secret, "").await;
        let bearer = issued.json()["access_token"].as_str().unwrap().to_owned();
        let sent = fhir(
            &app,
            &environment,
            &bearer,
            Method::POST,
            "/Patient",
            Some(r#"{"resourceType": "Patient", "name": [{"family": "Probe"}]}"#),
            &[],
        )
        .await;
        assert_eq!(sent.status, StatusCode::CREATED, "{}", sent.body);

        let gate = |detail: &Value, key: &str| {
            detail["gates"]
                .as_array()
                .unwrap()
                .iter()
                .find(|gate| gate["key"] == key)
                .unwrap()["status"]
                .as_str()
                .unwrap()
                .to_owned()
        };
        let detail = sandbox
            .coordinator
            .get(&format!("/api/v1/enrollments/{enrollment}"))
            .await
            .json();
        assert_eq!(gate(&detail, "certified"), "blocked");

        let run = run_now(
            &app,
            &mut sandbox.partner,
            &enrollment,
            json!({"suite": "probe-suite", "system_name": "Plover LIS"}),
        )
        .await;
        assert_eq!(run["result"], "passed", "{run:#}");
        let run_id = run["id"].as_str().unwrap();
        assert_eq!(
            post(
                &mut sandbox.partner,
                &format!("/api/v1/runs/{run_id}/submit"),
                json!({})
            )
            .await
            .status,
            StatusCode::OK
        );
        let signed = post(
            &mut analyst,
            &format!("/api/v1/runs/{run_id}/sign-off"),
            json!({}),
        )
        .await;
        assert_eq!(signed.status, StatusCode::CREATED, "{}", signed.body);
        let certificate_id = signed.json()["id"].as_str().unwrap().to_owned();
        let detail = sandbox
            .coordinator
            .get(&format!("/api/v1/enrollments/{enrollment}"))
            .await
            .json();
        assert_eq!(gate(&detail, "certified"), "passed", "{detail:#}");
        assert_eq!(gate(&detail, "valid"), "passed", "{detail:#}");

        // Ten days of validity: the partner admins are reminded (once), and then it expires.
        let reminded = onramp_server::conformance::services::certificates::remind(&app.state)
            .await
            .unwrap();
        assert_eq!(reminded, 1);
        assert_eq!(
            onramp_server::conformance::services::certificates::remind(&app.state)
                .await
                .unwrap(),
            0,
            "once"
        );
        let mails = app.mails().await;
        assert!(
            mails
                .iter()
                .any(|mail| mail.contains("expires soon")
                    && mail.contains("To: admin@plover.example")),
            "{mails:?}"
        );
        clock.advance(11 * 86_400_000);
        assert!(clock.now_ms() > 0);
        let public = app
            .client()
            .get(&format!("/api/v1/public/certificates/{certificate_id}"))
            .await;
        assert_eq!(public.json()["status"], "expired");
        assert_eq!(
            app.client()
                .get("/api/v1/public/suites/probe-suite/certificates")
                .await
                .json(),
            json!([])
        );
        assert!(app
            .client()
            .get(&format!("/verify/{certificate_id}"))
            .await
            .body
            .contains("This certificate is expired"));
    }
}

#[tokio::test]
async fn conformance_the_demo_has_suites_in_two_versions_runs_at_each_stage_and_a_certificate() {
    let app = crate::sandbox_support::sandbox_app(&TestBackend::Sqlite).await;
    assert!(onramp_server::demo::seed_program(&app.state).await.unwrap());
    let mut analyst = app.client();
    let signed = analyst
        .login(
            "analyst@demo.onramp.test",
            onramp_server::demo::DEMO_PASSWORD,
        )
        .await;
    assert_eq!(signed.status, StatusCode::SEE_OTHER, "{}", signed.body);
    let suites = analyst.get("/api/v1/suites").await.json();
    let suites = suites.as_array().unwrap();
    assert!(!suites.is_empty());
    for suite in suites {
        assert_eq!(suite["version"], 2, "{suite}");
        let key = suite["key"].as_str().unwrap();
        let diff = analyst
            .get(&format!("/api/v1/suites/{key}/diff"))
            .await
            .json();
        assert_eq!(
            diff["changes"],
            json!(["TestScript `read-back` added"]),
            "{diff}"
        );
    }
    // Lakeside's run was reviewed and signed off: its certificate is valid and public.
    let holders: Vec<Value> = {
        let mut all = Vec::new();
        for suite in suites {
            let key = suite["key"].as_str().unwrap();
            let listed = app
                .client()
                .get(&format!("/api/v1/public/suites/{key}/certificates"))
                .await
                .json();
            all.extend(listed.as_array().unwrap().iter().cloned());
        }
        all
    };
    assert_eq!(holders.len(), 1, "{holders:?}");
    assert_eq!(holders[0]["organization"], "Lakeside Health System");
    assert_eq!(holders[0]["status"], "valid");
    let reviews = analyst.get("/reviews").await;
    assert_eq!(reviews.status, StatusCode::OK);
}
