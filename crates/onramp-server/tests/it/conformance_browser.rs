//! In headless Chromium, the review of a conformance run: an analyst opens the review queue, is
//! refused the sign-off of a run whose Observation test still waits (the error summary names it),
//! overrides that test with a reason and asks for a re-test of the Patient test; the partner sees
//! what was asked for, runs the re-test from the page and submits it; the analyst signs it off,
//! lands on the certificate's public page, and revokes it with a reason. The sandbox, the suite
//! and the first run are set up through the API. Skipped with a notice where chromedriver is
//! missing (CI has it).

use std::time::Duration;

use axum::http::{Method, StatusCode};
use fantoccini::elements::Element;
use fantoccini::{Client, Locator};
use onramp_core::Role;
use serde_json::json;

use crate::browser_support::{browser, sign_out, start_driver, wait_for, wait_for_text};
use crate::registry_support::post;
use crate::sandbox_support::{fhir, sandbox, sandbox_app_at, serve, token};
use crate::support::TestBackend;

const SUITE: &str = "heron-messages";
const SYSTEM: &str = "Heron EHR 7";
const US_CORE_PATIENT: &str = "http://hl7.org/fhir/us/core/StructureDefinition/us-core-patient";
const CONFORMING: &str = r#"{"resourceType": "Patient", "meta": {"profile": ["http://hl7.org/fhir/us/core/StructureDefinition/us-core-patient"]}, "identifier": [{"system": "http://hospital.example/mrn", "value": "42"}], "name": [{"family": "Conform", "given": ["Ada"]}], "gender": "female", "birthDate": "1980-01-01"}"#;
const OVERRIDE_REASON: &str = "Heron sends no Observations in this phase";
const RETEST_NOTE: &str = "Please send the Patient test again.";
const REVOKE_REASON: &str = "Heron EHR 7 was withdrawn from sale";

/// A message test that passes once a US Core Patient arrives, and one for Observations (never
/// sent here, so it waits).
fn suite() -> serde_json::Value {
    json!({
        "key": SUITE,
        "title": "Heron messages",
        "track": "fhir-implementation-guide-partner",
        "message_tests": [
            {"key": "patients", "title": "US Core Patients received",
             "resource_type": "Patient", "profile": US_CORE_PATIENT},
            {"key": "observations", "title": "Observations received",
             "resource_type": "Observation"}
        ]
    })
}

async fn sign_in(client: &Client, base: &str, email: &str) {
    crate::browser_support::sign_in(client, base, email).await;
    wait_for_text(client, "main h1", "Welcome").await;
}

/// The form control labelled `label` inside the element `scope` (a CSS selector).
async fn field(client: &Client, scope: &str, label: &str) -> Element {
    let label = wait_for(client, scope)
        .await
        .find(Locator::XPath(&format!(
            ".//label[normalize-space()='{label}']"
        )))
        .await
        .unwrap_or_else(|error| panic!("no label {label:?} in {scope}: {error}"));
    let id = label.attr("for").await.unwrap().unwrap();
    client.find(Locator::Id(&id)).await.unwrap()
}

/// Clicks the button that says `text`.
async fn press(client: &Client, text: &str) {
    client
        .wait()
        .at_most(Duration::from_secs(20))
        .for_element(Locator::XPath(&format!(
            "//button[normalize-space()='{text}']"
        )))
        .await
        .unwrap_or_else(|error| panic!("no button {text:?}: {error}"))
        .click()
        .await
        .unwrap();
}

async fn text_of(client: &Client, selector: &str) -> String {
    wait_for(client, selector).await.text().await.unwrap()
}

/// Waits until the browser is at a path starting with `prefix` other than `not`; that path.
async fn wait_for_path_from(client: &Client, prefix: &str, not: &str) -> String {
    for _ in 0..200 {
        let path = client.current_url().await.unwrap().path().to_owned();
        if path.starts_with(prefix) && path != not {
            return path;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    panic!(
        "the browser never reached {prefix}…: {}",
        client.source().await.unwrap()
    );
}

/// Opens the review queue and the run of [`SYSTEM`] waiting there.
async fn open_from_queue(client: &Client, base: &str, run_id: &str) {
    client.goto(&format!("{base}/reviews")).await.unwrap();
    wait_for_text(client, "main h1", "Runs to review").await;
    client
        .find(Locator::XPath(&format!(
            "//main//tr[td[normalize-space()='{SYSTEM}']]//a"
        )))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    crate::browser_support::wait_for_path(client, &format!("/runs/{run_id}")).await;
    wait_for_text(client, "main h1", &format!("Run of {SYSTEM}")).await;
}

#[tokio::test]
async fn in_a_browser_an_analyst_overrides_and_asks_for_a_retest_the_partner_retests_and_the_signed_off_certificate_is_revoked(
) {
    let Some(driver) = start_driver().await else {
        return;
    };
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    let app = sandbox_app_at(&TestBackend::Sqlite, &base).await;

    // Through the API: the sandbox, the suite, a conforming Patient, a run submitted for review.
    let mut sandbox = sandbox(&app, "Heron Clinic", "heron.example").await;
    let stored = post(&mut sandbox.admin, "/api/v1/suites", suite()).await;
    assert_eq!(stored.status, StatusCode::CREATED, "{}", stored.body);
    let bearer = token(&app, &mut sandbox, "system/Patient.cruds").await;
    let sent = fhir(
        &app,
        &sandbox.environment_id,
        &bearer,
        Method::POST,
        "/Patient",
        Some(CONFORMING),
        &[],
    )
    .await;
    assert_eq!(sent.status, StatusCode::CREATED, "{}", sent.body);
    let started = post(
        &mut sandbox.partner,
        &format!("/api/v1/enrollments/{}/runs", sandbox.enrollment_id),
        json!({"suite": SUITE, "system_name": SYSTEM}),
    )
    .await;
    assert_eq!(started.status, StatusCode::ACCEPTED, "{}", started.body);
    let first_run = started.json()["id"].as_str().unwrap().to_owned();
    app.drain_jobs().await;
    let run = sandbox
        .partner
        .get(&format!("/api/v1/runs/{first_run}"))
        .await
        .json();
    assert_eq!(run["state"], "completed", "{run:#}");
    assert_eq!(run["result"], "incomplete", "{run:#}");
    let submitted = post(
        &mut sandbox.partner,
        &format!("/api/v1/runs/{first_run}/submit"),
        json!({}),
    )
    .await;
    assert_eq!(submitted.status, StatusCode::OK, "{}", submitted.body);
    let analyst = app
        .user("ines@exchange.test", Role::ConformanceAnalyst, None)
        .await;
    let stop = serve(&app, listener);
    let profile = tempfile::tempdir().unwrap();
    let client = browser(&driver, profile.path()).await;

    // The analyst opens the run from the queue; the sign-off is refused, naming the waiting test.
    sign_in(&client, &base, &analyst.email).await;
    open_from_queue(&client, &base, &first_run).await;
    assert!(text_of(&client, "#test-patients")
        .await
        .contains("Message test: Passed"));
    press(&client, "Sign off and issue the certificate").await;
    wait_for_text(
        &client,
        ".error-summary",
        "`observations` (waiting for messages)",
    )
    .await;
    assert!(
        !text_of(&client, ".error-summary")
            .await
            .contains("patients`"),
        "only the waiting test is named"
    );

    // The analyst overrides the waiting test with a reason.
    client
        .find(Locator::XPath(
            "//section[@id='test-observations']//summary[normalize-space()='Override observations']",
        ))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    field(&client, "#test-observations", "Result")
        .await
        .select_by_value("passed")
        .await
        .unwrap();
    field(
        &client,
        "#test-observations",
        "Reason (shown in every report)",
    )
    .await
    .send_keys(OVERRIDE_REASON)
    .await
    .unwrap();
    press(&client, "Override observations").await;
    wait_for_text(&client, "#test-observations", OVERRIDE_REASON).await;
    let observations = text_of(&client, "#test-observations").await;
    assert!(
        observations.contains("Message test: Passed — overridden (found: Waiting for messages)"),
        "{observations}"
    );

    // … and asks for the Patient test to be run again, chosen by its checkbox.
    let patients = field(
        &client,
        "form[action$='/retest']",
        "US Core Patients received",
    )
    .await;
    patients.click().await.unwrap();
    assert!(patients.is_selected().await.unwrap());
    assert!(
        !field(&client, "form[action$='/retest']", "Observations received")
            .await
            .is_selected()
            .await
            .unwrap()
    );
    field(&client, "form[action$='/retest']", "Note to the partner")
        .await
        .send_keys(RETEST_NOTE)
        .await
        .unwrap();
    press(&client, "Ask for a re-test").await;
    wait_for_text(&client, "#test-patients", "re-test asked for").await;
    assert!(!text_of(&client, "#test-observations")
        .await
        .contains("re-test asked for"));
    wait_for_text(&client, "main dl", "Re-test requested").await;
    sign_out(&client).await;

    // The partner sees what was asked for, and runs the re-test from the page.
    sign_in(&client, &base, "admin@heron.example").await;
    client
        .goto(&format!("{base}/runs/{first_run}"))
        .await
        .unwrap();
    wait_for_text(&client, "#test-patients", "re-test asked for").await;
    assert!(text_of(&client, "main").await.contains(RETEST_NOTE));
    let retest_card = text_of(&client, "main").await;
    assert!(retest_card.contains("Re-test asked for"), "{retest_card}");
    assert!(
        client
            .find(Locator::XPath(
                "//button[normalize-space()='Sign off and issue the certificate']"
            ))
            .await
            .is_err(),
        "the partner cannot sign off"
    );
    press(&client, "Run the re-test").await;
    let second_path = wait_for_path_from(&client, "/runs/", &format!("/runs/{first_run}")).await;
    let second_run = second_path.trim_start_matches("/runs/").to_owned();
    app.drain_jobs().await;
    client.goto(&format!("{base}{second_path}")).await.unwrap();
    wait_for_text(&client, "main dl", "Completed").await;
    let page = text_of(&client, "main").await;
    assert!(page.contains("Re-test of"), "{page}");
    assert!(
        text_of(&client, "#test-patients")
            .await
            .contains("Message test: Passed"),
        "the Patient test ran again and passed"
    );
    assert!(text_of(&client, "#test-observations")
        .await
        .contains("carried over from the earlier run"));
    press(&client, "Submit the run for review").await;
    wait_for_text(&client, "main dl", "Submitted for review").await;
    sign_out(&client).await;

    // The analyst signs the re-test off (overriding the Observation test again if it was not
    // carried over passed) and lands on the certificate.
    sign_in(&client, &base, &analyst.email).await;
    open_from_queue(&client, &base, &second_run).await;
    if !text_of(&client, "#test-observations")
        .await
        .contains("Message test: Passed")
    {
        client
            .find(Locator::XPath(
                "//section[@id='test-observations']//summary[normalize-space()='Override observations']",
            ))
            .await
            .unwrap()
            .click()
            .await
            .unwrap();
        field(
            &client,
            "#test-observations",
            "Reason (shown in every report)",
        )
        .await
        .send_keys(OVERRIDE_REASON)
        .await
        .unwrap();
        press(&client, "Override observations").await;
        wait_for_text(&client, "#test-observations", OVERRIDE_REASON).await;
    }
    press(&client, "Sign off and issue the certificate").await;
    let verify_path = wait_for_path_from(&client, "/verify/", "").await;
    let certificate_id = verify_path.trim_start_matches("/verify/").to_owned();
    wait_for_text(&client, "main p.status", "This certificate is valid").await;
    let certificate = text_of(&client, "main").await;
    assert!(
        certificate.contains("Heron Clinic") && certificate.contains(SYSTEM),
        "{certificate}"
    );

    // The analyst revokes it from the page, with a reason the page then shows.
    field(
        &client,
        "form[action$='/revoke']",
        "Reason (shown on this page)",
    )
    .await
    .send_keys(REVOKE_REASON)
    .await
    .unwrap();
    press(&client, "Revoke the certificate").await;
    wait_for_text(&client, "main p.status", "This certificate is revoked").await;
    wait_for_text(&client, "main p.status", REVOKE_REASON).await;
    assert!(
        client
            .find(Locator::Css("form[action$='/revoke']"))
            .await
            .is_err(),
        "a revoked certificate offers no revocation"
    );
    let public = app
        .client()
        .get(&format!("/api/v1/public/certificates/{certificate_id}"))
        .await;
    assert_eq!(public.json()["status"], "revoked", "{}", public.body);

    client.close().await.unwrap();
    let _ = stop.send(());
}
