//! What the registry refuses through the API: forbidden lifecycle transitions, and bad input,
//! which gets field errors or problem details and changes nothing.

use axum::http::StatusCode;
use onramp_core::Role;

use crate::registry_support::{
    app_with_dns, application, applied_and_confirmed, post, published_agreement, staff, TxtRecords,
};
use crate::support::{backends, PASSWORD};

#[tokio::test]
async fn partner_registry_forbidden_transitions_are_refused_and_change_nothing() {
    for backend in backends() {
        let records = TxtRecords::default();
        let app = app_with_dns(&backend, &records).await;
        let (organization_id, mut partner) =
            applied_and_confirmed(&app, "Selfish Clinic", "selfish.test", "boss@selfish.test")
                .await;
        let transitions = format!("/api/v1/organizations/{organization_id}/transitions");

        // A partner approving itself: refused by the route, nothing recorded.
        let own = post(
            &mut partner,
            &transitions,
            serde_json::json!({"action": "approve", "reason": "trust me"}),
        )
        .await;
        assert_eq!(own.status, StatusCode::FORBIDDEN);
        let evidence = post(
            &mut partner,
            &format!("/api/v1/organizations/{organization_id}/evidence"),
            serde_json::json!({"kind": "dns_txt"}),
        )
        .await;
        assert_eq!(evidence.status, StatusCode::FORBIDDEN);

        // A partner member cannot sign.
        let mut admin = staff(&app, Role::ProgramAdmin).await;
        let agreement_id = published_agreement(&mut admin, "participation", None).await;
        let invited = post(&mut partner, "/api/v1/invitations", serde_json::json!({"email": "member@selfish.test", "name": "Mo Member", "role": "partner_member"})).await;
        assert_eq!(invited.status, StatusCode::ACCEPTED, "{}", invited.body);
        let token = crate::registry_support::activation_token(&app, "member@selfish.test").await;
        let mut anonymous = app.client();
        let accepted = post(
            &mut anonymous,
            "/api/v1/activations",
            serde_json::json!({"token": token, "name": "Mo Member", "password": PASSWORD}),
        )
        .await;
        assert_eq!(accepted.status, StatusCode::NO_CONTENT, "{}", accepted.body);
        let mut member = app.client();
        assert_eq!(
            member.login("member@selfish.test", PASSWORD).await.status,
            StatusCode::SEE_OTHER
        );
        let signing = post(
            &mut member,
            &format!("/api/v1/agreements/{agreement_id}/signatures"),
            serde_json::json!({"signer_name": "Mo", "signer_title": "Clerk", "confirm": true}),
        )
        .await;
        assert_eq!(signing.status, StatusCode::FORBIDDEN);
        let page_signing = member
            .post_form(
                &format!("/partner/agreements/{agreement_id}/sign"),
                &[
                    ("signer_name", "Mo"),
                    ("signer_title", "Clerk"),
                    ("confirm", "yes"),
                ],
            )
            .await;
        assert_eq!(page_signing.status, StatusCode::FORBIDDEN);

        // A coordinator may not suspend or retire; a program admin may retire; then nothing more.
        let mut coordinator = staff(&app, Role::OnboardingCoordinator).await;
        let retire = serde_json::json!({"action": "retire", "reason": "duplicate application"});
        assert_eq!(
            post(&mut coordinator, &transitions, retire.clone())
                .await
                .status,
            StatusCode::FORBIDDEN
        );
        assert_eq!(
            post(&mut admin, &transitions, retire).await.status,
            StatusCode::CREATED
        );
        for action in [
            "start_review",
            "approve",
            "reinstate",
            "request_information",
        ] {
            let refused = post(
                &mut coordinator,
                &transitions,
                serde_json::json!({"action": action, "reason": "try"}),
            )
            .await;
            assert_eq!(
                refused.status,
                StatusCode::CONFLICT,
                "{action}: {}",
                refused.body
            );
            assert!(refused.json()["detail"]
                .as_str()
                .unwrap()
                .contains("retired"));
        }
        let evidence = post(
            &mut coordinator,
            &format!("/api/v1/organizations/{organization_id}/evidence"),
            serde_json::json!({"kind": "email_domain"}),
        )
        .await;
        assert_eq!(evidence.status, StatusCode::CONFLICT);
        // The retired organization's admin cannot sign either.
        let retired_sign = post(
            &mut partner,
            &format!("/api/v1/agreements/{agreement_id}/signatures"),
            serde_json::json!({"signer_name": "Boss", "signer_title": "CEO", "confirm": true}),
        )
        .await;
        assert_eq!(retired_sign.status, StatusCode::CONFLICT);

        let history = admin
            .get(&format!("/api/v1/organizations/{organization_id}"))
            .await
            .json();
        assert_eq!(history["state"], "retired");
        let transitions_recorded = app
            .audit_actions()
            .await
            .iter()
            .filter(|a| *a == "organization.transition")
            .count();
        assert_eq!(transitions_recorded, 1);
    }
}

#[tokio::test]
async fn partner_registry_bad_input_gets_field_errors_and_changes_nothing() {
    for backend in backends() {
        let records = TxtRecords::default();
        let app = app_with_dns(&backend, &records).await;
        let before = app.audit_actions().await.len();
        let mut anonymous = app.client();

        let mut missing = application("X", "x.test", "x@x.test");
        missing.as_object_mut().unwrap().remove("legal_name");
        let response = post(&mut anonymous, "/api/v1/registrations", missing).await;
        assert_eq!(response.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(response.content_type(), "application/problem+json");

        let mut bad = application("", "https://x.test/path", "not-an-email");
        bad["use_case"] = serde_json::json!("u".repeat(2001));
        bad["country"] = serde_json::json!("USA");
        bad["category"] = serde_json::json!("vendor");
        bad["identifiers"] = serde_json::json!([{"system": "NPI", "value": "1234567890"}]);
        let response = post(&mut anonymous, "/api/v1/registrations", bad).await;
        assert_eq!(response.status, StatusCode::UNPROCESSABLE_ENTITY);
        let fields: Vec<String> = response.json()["errors"]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| e["field"].as_str().unwrap().to_owned())
            .collect();
        for field in [
            "legal_name",
            "web_domain",
            "contact_email",
            "use_case",
            "country",
            "category",
            "identifiers[0]",
        ] {
            assert!(
                fields.iter().any(|f| f == field),
                "{field} not in {fields:?}"
            );
        }

        let mut wrong_type = application("X", "x.test", "x@x.test");
        wrong_type["directory_opt_in"] = serde_json::json!("yes please");
        let response = post(&mut anonymous, "/api/v1/registrations", wrong_type).await;
        assert_eq!(response.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(response.json()["code"], "request.invalid");

        // The form gets the same errors, beside the fields.
        anonymous.get("/register").await;
        let page = anonymous
            .post_form("/register", &[("legal_name", "Y"), ("web_domain", "nope")])
            .await;
        assert_eq!(page.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(page.body.contains("enter a web domain such as example.org"));
        assert_eq!(
            app.audit_actions().await.len(),
            before,
            "bad input changed something"
        );

        // A replayed invitation (or confirmation) link is refused and changes nothing.
        let (_, _partner) =
            applied_and_confirmed(&app, "Replay Inc", "replay.test", "admin@replay.test").await;
        let token = crate::registry_support::activation_token(&app, "admin@replay.test").await;
        let n_events = app.audit_actions().await.len();
        let replay = post(&mut anonymous, "/api/v1/activations", serde_json::json!({"token": token, "name": "Mallory", "password": "another long password"})).await;
        assert_eq!(replay.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(replay.body.contains("already used"));
        assert_eq!(app.audit_actions().await.len(), n_events);
        let mut again = app.client();
        assert_eq!(
            again.login("admin@replay.test", PASSWORD).await.status,
            StatusCode::SEE_OTHER
        );

        // A duplicate domain is accepted but staff are warned.
        let duplicate = post(
            &mut anonymous,
            "/api/v1/registrations",
            application("Replay Again", "replay.test", "other@replay.test"),
        )
        .await;
        assert_eq!(duplicate.status, StatusCode::ACCEPTED);
        let duplicate_id: String =
            sqlx::query_scalar("SELECT id FROM organizations WHERE name = 'Replay Again'")
                .fetch_one(app.state.store.pool())
                .await
                .unwrap();
        let mut coordinator = staff(&app, Role::OnboardingCoordinator).await;
        let dossier = coordinator
            .get(&format!("/staff/organizations/{duplicate_id}"))
            .await;
        assert!(
            dossier.body.contains("Likely duplicates")
                && dossier.body.contains("same web domain replay.test"),
            "{}",
            dossier.body
        );
    }
}
