//! In headless Chromium, an enrollment's main flow: a coordinator enrolls a partner; the partner
//! admin attests a step's checklist, completes the step and signs the agreement a gate needs; the
//! gate opens, and the Gantt chart shows it. Skipped with a notice where chromedriver is missing
//! (CI has it).

use fantoccini::{Client, Locator};
use onramp_core::Role;

use crate::browser_support::{browser, choose, sign_out, start_driver, wait_for, wait_for_text};
use crate::registry_support::{applied_and_confirmed, post, published_agreement, staff};
use crate::support::{TestApp, TestBackend};
use crate::tracks_flow::probe_track;

async fn sign_in(client: &Client, base: &str, email: &str) {
    crate::browser_support::sign_in(client, base, email).await;
    wait_for_text(client, "main h1", "Welcome").await;
}

async fn click(client: &Client, selector: &str) {
    wait_for(client, selector).await.click().await.unwrap();
}

#[tokio::test]
async fn in_a_browser_a_coordinator_enrolls_a_partner_who_completes_a_step_and_signs_and_the_gate_opens_on_the_chart(
) {
    let Some(driver) = start_driver().await else {
        return;
    };
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    let app = TestApp::with_config(&TestBackend::Sqlite, |config| {
        config.public_base_url = base.clone();
    })
    .await;
    // Set up through the API: the partner, the published agreement, the track.
    applied_and_confirmed(&app, "Harbor Clinic", "harbor.test", "ada@harbor.test").await;
    let mut admin = staff(&app, Role::ProgramAdmin).await;
    let agreement = published_agreement(&mut admin, "participation", None).await;
    let uploaded = post(
        &mut admin,
        "/api/v1/tracks",
        serde_json::json!({ "source": probe_track(1) }),
    )
    .await;
    assert_eq!(uploaded.status.as_u16(), 201, "{}", uploaded.body);
    let coordinator = app
        .user("cora@exchange.test", Role::OnboardingCoordinator, None)
        .await;
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let server = tokio::spawn(onramp_server::serve(app.state.clone(), listener, async {
        let _ = stopped.await;
    }));
    let profile = tempfile::tempdir().unwrap();
    let client = browser(&driver, profile.path()).await;

    // The coordinator enrolls the partner.
    sign_in(&client, &base, &coordinator.email).await;
    client.goto(&format!("{base}/enrollments")).await.unwrap();
    crate::browser_support::fill(&client, "#enroll-organization_id", "harbor clinic").await;
    choose(&client, "#enroll-track", "gate-probe").await;
    click(
        &client,
        "form[method=post][action='/enrollments'] button[type=submit]",
    )
    .await;
    wait_for_text(&client, "[role=status]", "Enrolled").await;
    wait_for_text(&client, "main h1", "Harbor Clinic — Gate probe").await;
    wait_for_text(&client, "#gate-signed", "Blocked").await;
    let enrollment = client.current_url().await.unwrap();
    let enrollment = format!("{base}{}", enrollment.path());
    sign_out(&client).await;

    // The partner admin attests the checklist and completes the step.
    sign_in(&client, &base, "ada@harbor.test").await;
    client.goto(&format!("{base}/tasks")).await.unwrap();
    wait_for_text(&client, "main", "Acknowledge the commitments").await;
    client
        .find(Locator::LinkText("Acknowledge the commitments"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    wait_for(&client, "#task-commit").await;
    for checkbox in client
        .find_all(Locator::Css("#task-commit input[type=checkbox]"))
        .await
        .unwrap()
    {
        checkbox.click().await.unwrap();
    }
    click(
        &client,
        "#task-commit form[action*='/attestations/'] button[type=submit]",
    )
    .await;
    wait_for_text(&client, "[role=status]", "checklist is attested").await;
    wait_for_text(&client, "#task-commit", "Checklist attested by").await;
    let status = client
        .find(Locator::Css("#task-commit select[name=status]"))
        .await
        .unwrap();
    status.select_by_value("done").await.unwrap();
    click(
        &client,
        "#task-commit form[action$='/status'] button[type=submit]",
    )
    .await;
    wait_for_text(&client, "[role=status]", "task is updated").await;
    wait_for_text(&client, "#task-commit", "Done").await;

    // The gate that the next step waits for is blocked until the agreement is signed.
    let chart = wait_for(&client, ".gantt svg")
        .await
        .html(false)
        .await
        .unwrap();
    assert!(chart.contains("gantt-gate-blocked"), "{chart}");

    client
        .goto(&format!("{base}/partner/agreements/{agreement}"))
        .await
        .unwrap();
    crate::browser_support::fill(&client, "#signer_name", "Ada Harbor").await;
    crate::browser_support::fill(&client, "#signer_title", "Clinic Director").await;
    click(&client, "#confirm").await;
    click(&client, "form[action$='/sign'] button[type=submit]").await;
    wait_for_text(&client, "[role=status]", "Signed").await;

    // The gate opens; the chart draws it as holding.
    client.goto(&enrollment).await.unwrap();
    wait_for_text(&client, "#gate-signed", "Passed").await;
    let chart = wait_for(&client, ".gantt svg")
        .await
        .html(false)
        .await
        .unwrap();
    assert!(chart.contains("gantt-gate-holds"), "{chart}");
    assert!(chart.contains("Participation signed"), "{chart}");
    // The step's bar shows its actual dates now it is done.
    assert!(chart.contains("gantt-actual"), "{chart}");

    client.close().await.unwrap();
    let _ = stop.send(());
    server.await.unwrap().unwrap();
}
