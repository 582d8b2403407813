//! The portal as people use it: decisions offered by state and asked again before they are
//! irreversible, a request for more information answered on the partner's page, a home page per
//! role, query strings that do not parse, pages past the end, uploads refused on their form, and
//! times in the reader's time zone.

use axum::http::StatusCode;
use onramp_core::Role;

use crate::registry_support::{
    app_with_dns, applied_and_confirmed, post, staff, upload, TxtRecords, PNG,
};
use crate::support::{backends, Client, TestApp};

/// An app with Lakeside Health applied and its partner admin (ada@lakeside.test) signed in.
async fn lakeside(backend: &crate::support::TestBackend) -> (TestApp, String, Client) {
    let records = TxtRecords::default();
    let app = app_with_dns(backend, &records).await;
    let (organization_id, partner) = applied_and_confirmed(
        &app,
        "Lakeside Health",
        "lakeside.test",
        "ada@lakeside.test",
    )
    .await;
    (app, organization_id, partner)
}

#[tokio::test]
async fn the_dossier_offers_only_open_decisions_and_confirms_an_approval_despite_a_failed_check() {
    for backend in backends() {
        let (app, organization_id, _) = lakeside(&backend).await;
        let mut coordinator = staff(&app, Role::OnboardingCoordinator).await;
        let dossier = format!("/staff/organizations/{organization_id}");

        // Applied, nothing passed: no approval offered (and why), no suspension, no retirement
        // (a program admin's), no reinstatement.
        let page = coordinator.get(&dossier).await;
        let decide = page.body.split("id=\"decide\"").nth(1).unwrap();
        assert!(decide.contains("value=\"start_review\""), "{decide}");
        for absent in [
            "value=\"approve\"",
            "value=\"suspend\"",
            "value=\"reinstate\"",
            "value=\"retire\"",
        ] {
            assert!(!decide.contains(absent), "{absent} offered: {decide}");
        }
        assert!(page
            .body
            .contains("Approval needs at least one piece of evidence that passed"));

        // The DNS check fails, an identifier check passes: approval is offered, and asked again.
        let evidence = format!("/api/v1/organizations/{organization_id}/evidence");
        post(
            &mut coordinator,
            &evidence,
            serde_json::json!({"kind": "dns_txt"}),
        )
        .await;
        post(&mut coordinator, &evidence, serde_json::json!({"kind": "identifier", "system": "NPI", "value": "1234567893", "passed": true, "note": ""})).await;
        coordinator.get(&dossier).await;
        let asked = coordinator
            .post_form(
                &format!("{dossier}/decision"),
                &[("action", "approve"), ("reason", "Registry entry matches")],
            )
            .await;
        assert_eq!(asked.status, StatusCode::OK, "{}", asked.body);
        assert!(
            asked.body.contains("has failed checks (DNS TXT record)"),
            "{}",
            asked.body
        );
        assert!(
            asked.body.contains("Registry entry matches"),
            "the reason is kept"
        );
        let still = coordinator.get(&dossier).await;
        assert!(
            still.body.contains("id=\"org-state\">Applied"),
            "nothing changed before the confirmation"
        );
        let confirmed = coordinator
            .post_form(
                &format!("{dossier}/decision"),
                &[
                    ("action", "approve"),
                    ("reason", "Registry entry matches"),
                    ("confirmed", "yes"),
                ],
            )
            .await;
        assert_eq!(
            confirmed.status,
            StatusCode::SEE_OTHER,
            "{}",
            confirmed.body
        );

        // Active: a coordinator has no decision left (suspension is a program admin's).
        let page = coordinator.get(&dossier).await;
        assert!(
            page.body
                .contains("No decision is open to you while the organization is active"),
            "{}",
            page.body
        );
        // A decision the state does not allow comes back on the form, in words.
        let refused = coordinator
            .post_form(
                &format!("{dossier}/decision"),
                &[("action", "start_review"), ("reason", "again")],
            )
            .await;
        assert_eq!(refused.status, StatusCode::CONFLICT, "{}", refused.body);
        assert!(
            refused
                .body
                .contains("an organization that is active cannot be taken into review"),
            "{}",
            refused.body
        );
        assert!(refused.body.contains("There is a problem"));
    }
}

#[tokio::test]
async fn a_partner_answers_a_request_for_more_information_on_their_page() {
    for backend in backends() {
        let (app, organization_id, mut partner) = lakeside(&backend).await;
        let mut coordinator = staff(&app, Role::OnboardingCoordinator).await;
        let asked = post(
            &mut coordinator,
            &format!("/api/v1/organizations/{organization_id}/transitions"),
            serde_json::json!({"action": "request_information", "reason": "Which lab systems will send results?"}),
        )
        .await;
        assert_eq!(asked.status, StatusCode::CREATED, "{}", asked.body);

        let page = partner.get("/partner").await;
        assert!(
            page.body.contains("Which lab systems will send results?"),
            "{}",
            page.body
        );
        let home = partner.get("/").await;
        assert!(home.body.contains("Answer program staff"), "{}", home.body);

        let empty = partner
            .post_form("/partner/information", &[("answer", "  ")])
            .await;
        assert_eq!(empty.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(
            empty.body.contains("href=\"#answer-answer\""),
            "{}",
            empty.body
        );

        let answered = partner
            .post_form(
                "/partner/information",
                &[("answer", "Our LIS, SoftLab 4.2")],
            )
            .await;
        assert_eq!(answered.status, StatusCode::SEE_OTHER, "{}", answered.body);
        let dossier = coordinator
            .get(&format!("/staff/organizations/{organization_id}"))
            .await;
        assert!(
            dossier.body.contains("Answer from the partner"),
            "{}",
            dossier.body
        );
        assert!(dossier.body.contains("Our LIS, SoftLab 4.2"));
        assert!(!dossier.body.contains("Waiting for the partner"));
        let again = partner
            .post_form("/partner/information", &[("answer", "more")])
            .await;
        assert_eq!(
            again.status,
            StatusCode::CONFLICT,
            "answered once: {}",
            again.body
        );
        assert!(app
            .audit_actions()
            .await
            .contains(&"organization.information_provided".to_owned()));
    }
}

#[tokio::test]
async fn each_role_has_its_home_and_bad_addresses_get_styled_pages() {
    for backend in backends() {
        let records = TxtRecords::default();
        let app = app_with_dns(&backend, &records).await;
        applied_and_confirmed(
            &app,
            "Lakeside Health",
            "lakeside.test",
            "ada@lakeside.test",
        )
        .await;
        let mut admin = staff(&app, Role::ProgramAdmin).await;
        let home = admin.get("/").await;
        assert!(home.body.contains("Review queue"), "{}", home.body);
        assert!(
            home.body.contains("<strong>1</strong> applied"),
            "{}",
            home.body
        );
        assert!(home.body.contains("Recent activity"));
        let (_, mut trainer) = app.signed_in(Role::Trainer).await;
        let home = trainer.get("/").await;
        assert!(
            home.body
                .contains("No attempt is waiting for your grading."),
            "{}",
            home.body
        );

        // A query string that does not parse: a styled page with the navigation, not plain text.
        let bad = admin.get("/staff/organizations?page=abc").await;
        assert_eq!(bad.status, StatusCode::BAD_REQUEST);
        assert!(bad.body.contains("<nav"), "{}", bad.body);
        assert!(bad.body.contains("page: invalid digit"), "{}", bad.body);
        assert!(!bad.body.contains("Failed to deserialize"));
        let api = admin.get("/api/v1/audit-events?page=abc").await;
        assert!(api.status.is_client_error());
        // Past the end: the page says so.
        let past = admin.get("/staff/organizations?page=9").await;
        assert_eq!(past.status, StatusCode::OK);
        assert!(
            past.body
                .contains("There is no page 9: the list has 1 page(s)."),
            "{}",
            past.body
        );
        // A missing page keeps the reader's navigation.
        let missing = admin.get("/nowhere").await;
        assert_eq!(missing.status, StatusCode::NOT_FOUND);
        assert!(
            missing.body.contains("href=\"/admin/audit\""),
            "{}",
            missing.body
        );
    }
}

#[tokio::test]
async fn an_upload_refused_comes_back_on_its_form_and_times_follow_the_time_zone() {
    for backend in backends() {
        let (_app, _, mut partner) = lakeside(&backend).await;
        partner.get("/partner").await;
        let refused = upload(
            &mut partner,
            "/partner/documents",
            "notes.txt",
            "text/plain",
            b"just text",
            true,
        )
        .await;
        assert_eq!(
            refused.status,
            StatusCode::UNPROCESSABLE_ENTITY,
            "{}",
            refused.body
        );
        assert!(
            refused.body.contains("id=\"file-error\""),
            "{}",
            refused.body
        );
        assert!(refused.body.contains("There is a problem"));
        let accepted = upload(
            &mut partner,
            "/partner/documents",
            "logo.png",
            "image/png",
            PNG,
            true,
        )
        .await;
        assert_eq!(accepted.status, StatusCode::SEE_OTHER, "{}", accepted.body);

        partner.get("/account").await;
        let unknown = partner
            .post_form("/account/time-zone", &[("time_zone", "Mars/Olympus")])
            .await;
        assert_eq!(unknown.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(
            unknown.body.contains("value=\"Mars/Olympus\""),
            "the input is kept: {}",
            unknown.body
        );
        let saved = partner
            .post_form("/account/time-zone", &[("time_zone", "Asia/Tokyo")])
            .await;
        assert_eq!(saved.status, StatusCode::SEE_OTHER, "{}", saved.body);
        let page = partner.get("/partner").await;
        assert!(
            page.body.contains(" JST</td>"),
            "times in Tokyo time: {}",
            page.body
        );
    }
}

#[tokio::test]
async fn mail_that_could_not_be_sent_is_told_to_its_reader_and_resent_by_staff() {
    for backend in backends() {
        let (app, _, mut partner) = lakeside(&backend).await;
        app.drain_jobs().await;
        // A reset link for Ada is queued; the mail server refuses it on every attempt.
        let mut visitor = app.client();
        visitor.get("/password/forgot").await;
        visitor
            .post_form("/password/forgot", &[("email", "ada@lakeside.test")])
            .await;
        sqlx::query("UPDATE jobs SET state = 'dead', last_error = 'refused by the relay' WHERE kind = 'mail.send' AND state = 'queued'")
            .execute(app.state.store.pool())
            .await
            .unwrap();

        let home = partner.get("/").await;
        assert!(
            home.body.contains("We could not email you"),
            "{}",
            home.body
        );
        assert!(
            home.body.contains("Reset your Onramp password"),
            "{}",
            home.body
        );
        let mut admin = staff(&app, Role::ProgramAdmin).await;
        let staff_home = admin.get("/").await;
        assert!(
            staff_home.body.contains("1 message(s) could not be sent"),
            "{}",
            staff_home.body
        );

        // Staff send it again from the jobs page; it goes out and the notice is gone.
        let dead = admin.get("/api/v1/jobs?state=dead").await.json();
        let job_id = dead["jobs"][0]["id"].as_str().unwrap().to_owned();
        admin.get("/admin/jobs?state=dead").await;
        let retried = admin
            .post_form(&format!("/admin/jobs/{job_id}/retry"), &[])
            .await;
        assert_eq!(retried.status, StatusCode::SEE_OTHER, "{}", retried.body);
        app.drain_jobs().await;
        assert!(!partner
            .get("/")
            .await
            .body
            .contains("We could not email you"));
        assert!(app
            .mails()
            .await
            .iter()
            .any(|mail| mail.contains("Reset your Onramp password")));
    }
}
