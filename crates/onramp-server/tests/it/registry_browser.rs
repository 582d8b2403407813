//! In headless Chromium, the partner registry's main flow: apply → confirm the email → staff verify
//! with DNS evidence and approve → the partner admin signs the participation agreement → the tier
//! becomes registered. Skipped with a notice where chromedriver is missing (CI has it).

use std::net::SocketAddr;

use fantoccini::{Client, Locator};
use onramp_core::Role;

use crate::browser_support::{
    browser, choose, fill, sign_out, start_driver, submit, wait_for, wait_for_text,
};
use crate::registry_support::{activation_token, dns_server, TxtRecords};
use crate::support::{TestApp, TestBackend, PASSWORD};

/// Signs in and waits for the welcome page.
async fn sign_in(client: &Client, base: &str, email: &str) {
    crate::browser_support::sign_in(client, base, email).await;
    wait_for_text(client, "main h1", "Welcome").await;
}

#[tokio::test]
async fn in_a_browser_a_partner_applies_is_verified_by_dns_signs_and_becomes_registered() {
    let Some(driver) = start_driver().await else {
        return;
    };
    let records = TxtRecords::default();
    let dns = dns_server(records.clone()).await;
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr: SocketAddr = listener.local_addr().unwrap();
    let base = format!("http://{addr}");
    let app = TestApp::with_config(&TestBackend::Sqlite, |config| {
        config.public_base_url = base.clone();
        config.dns_resolver = onramp_server::config::DnsResolver::Server(dns);
    })
    .await;
    let staff = app
        .user("admin@exchange.test", Role::ProgramAdmin, None)
        .await;
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let server = tokio::spawn(onramp_server::serve(app.state.clone(), listener, async {
        let _ = stopped.await;
    }));
    let profile = tempfile::tempdir().unwrap();
    let client = browser(&driver, profile.path()).await;

    // Apply.
    client.goto(&format!("{base}/register")).await.unwrap();
    fill(&client, "#legal_name", "Riverside Lab").await;
    choose(&client, "#category", "healthcare_organization").await;
    choose(&client, "#org_type", "laboratory").await;
    choose(&client, "#size_band", "51-500").await;
    fill(&client, "#country", "CA").await;
    fill(&client, "#region", "Ontario").await;
    fill(&client, "#web_domain", "riverside.test").await;
    fill(&client, "#identifier_system", "CLIA").await;
    fill(&client, "#identifier_value", "05D0642827").await;
    fill(&client, "#use_case", "Report lab results").await;
    fill(&client, "#timeline", "Spring 2027").await;
    fill(&client, "#contact_name", "Rita Riverside").await;
    fill(&client, "#contact_email", "rita@riverside.test").await;
    submit(&client, "/register").await;
    wait_for(&client, "#applied").await;

    // Confirm the email through the emailed link, choosing a password. The mail goes out through
    // a job: run it now rather than race the server's workers.
    app.drain_jobs().await;
    let token = activation_token(&app, "rita@riverside.test").await;
    client
        .goto(&format!("{base}/account/activate?token={token}"))
        .await
        .unwrap();
    fill(&client, "#password", PASSWORD).await;
    submit(&client, "/account/activate").await;
    wait_for_text(&client, "[role=status]", "account is ready").await;

    // The applicant reads the TXT record to publish, and publishes it.
    sign_in(&client, &base, "rita@riverside.test").await;
    client.goto(&format!("{base}/partner")).await.unwrap();
    let record = wait_for(&client, "#dns-record").await.text().await.unwrap();
    assert!(record.starts_with("onramp-verification="), "{record}");
    records.publish("riverside.test", &record);

    // The applicant uploads a licence through the multipart form (the CSRF token rides in the
    // form's action), and sees it listed.
    let licence = app.dir.path().join("clia-licence.pdf");
    std::fs::write(&licence, crate::registry_support::PDF).unwrap();
    fill(&client, "#file", licence.to_str().unwrap()).await;
    client
        .find(Locator::Css("form.upload button[type=submit]"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    wait_for_text(&client, "[role=status]", "document is uploaded").await;
    wait_for_text(&client, "#documents", "clia-licence.pdf").await;
    sign_out(&client).await;

    // Staff look the record up, approve, and publish the participation agreement.
    sign_in(&client, &base, &staff.email).await;
    client
        .goto(&format!("{base}/staff/organizations"))
        .await
        .unwrap();
    client
        .find(Locator::LinkText("Riverside Lab"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    wait_for(&client, "#check-dns").await.click().await.unwrap();
    wait_for_text(&client, "#evidence", "Passed").await;
    let decision_form = client
        .find(Locator::Css("form[action$='/decision']"))
        .await
        .unwrap();
    let decision_action = decision_form.attr("action").await.unwrap().unwrap();
    choose(&client, "#decide-action", "approve").await;
    fill(&client, "#decide-reason", "DNS proof found").await;
    submit(&client, &decision_action).await;
    wait_for_text(&client, "#org-state", "Active").await;
    client
        .goto(&format!("{base}/staff/agreements"))
        .await
        .unwrap();
    choose(&client, "#kind", "participation").await;
    fill(&client, "#title", "Participation agreement").await;
    fill(
        &client,
        "#body_markdown",
        "# Terms\n\nThe partner agrees to test before going live.",
    )
    .await;
    submit(&client, "/staff/agreements").await;
    wait_for_text(&client, "[role=status]", "draft is saved").await;
    client
        .find(Locator::Css("form[action$='/publish'] button[type=submit]"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    wait_for_text(&client, "[role=status]", "published").await;
    sign_out(&client).await;

    // The partner admin signs; the tier becomes registered.
    sign_in(&client, &base, "rita@riverside.test").await;
    client.goto(&format!("{base}/partner")).await.unwrap();
    wait_for_text(&client, "#org-tier", "Public").await;
    client
        .find(Locator::Css("a[href^='/partner/agreements/']"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    wait_for(&client, "#signer_name").await;
    fill(&client, "#signer_name", "Rita Riverside").await;
    fill(&client, "#signer_title", "Lab Director").await;
    client
        .find(Locator::Id("confirm"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    client
        .find(Locator::Css("form[action$='/sign'] button[type=submit]"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    wait_for_text(&client, "[role=status]", "Signed").await;
    wait_for_text(&client, "#org-tier", "Registered").await;

    client.close().await.unwrap();
    let _ = stop.send(());
    server.await.unwrap().unwrap();
}
