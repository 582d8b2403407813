//! The portal forms for what the API could already do: identifier checks and collaborative-tier
//! approval by reviewers, member role changes by partner admins, retiring an agreement version;
//! and the API routes added beside them (role changes, retiring).

use axum::http::{Method, StatusCode};
use onramp_core::Role;

use crate::registry_support::{
    app_with_dns, applied_and_confirmed, published_agreement, staff, TxtRecords,
};
use crate::support::backends;

fn checklist_met(organization: &serde_json::Value, key: &str) -> bool {
    organization["checklist"]
        .as_array()
        .unwrap()
        .iter()
        .find(|item| item["key"] == key)
        .unwrap()["met"]
        == true
}

#[tokio::test]
async fn a_reviewer_records_an_identifier_check_and_approves_collaboration_from_the_dossier() {
    for backend in backends() {
        let app = app_with_dns(&backend, &TxtRecords::default()).await;
        let (organization_id, _partner) = applied_and_confirmed(
            &app,
            "Lakeside Health",
            "lakeside.test",
            "ada@lakeside.test",
        )
        .await;
        let mut coordinator = staff(&app, Role::OnboardingCoordinator).await;
        let dossier_path = format!("/staff/organizations/{organization_id}");
        let dossier = coordinator.get(&dossier_path).await;
        assert!(dossier.body.contains("identifier-check"));

        // A malformed NPI is a field error on the dossier, and nothing is recorded.
        let bad = coordinator
            .post_form(
                &format!("{dossier_path}/evidence"),
                &[
                    ("kind", "identifier"),
                    ("system", "NPI"),
                    ("value", "12"),
                    ("passed", "true"),
                ],
            )
            .await;
        assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", bad.body);
        assert!(bad.body.contains("field-error"));
        let recorded = coordinator
            .post_form(
                &format!("{dossier_path}/evidence"),
                &[
                    ("kind", "identifier"),
                    ("system", "NPI"),
                    ("value", "1234567893"),
                    ("passed", "true"),
                    ("note", "NPPES lookup matches"),
                ],
            )
            .await;
        assert_eq!(recorded.status, StatusCode::SEE_OTHER, "{}", recorded.body);
        let dossier = coordinator.get(&dossier_path).await;
        assert!(dossier
            .body
            .contains("NPI 1234567893 checked by the reviewer: NPPES lookup matches"));
        let evidence: Vec<(String, i64)> =
            sqlx::query_as("SELECT kind, passed FROM verification_evidence")
                .fetch_all(app.state.store.pool())
                .await
                .unwrap();
        assert_eq!(evidence, vec![("identifier".to_owned(), 1)]);

        // Collaboration approval needs a reason; then the checklist shows it met.
        let no_reason = coordinator
            .post_form(
                &format!("{dossier_path}/collaboration"),
                &[("approved", "true")],
            )
            .await;
        assert_eq!(no_reason.status, StatusCode::UNPROCESSABLE_ENTITY);
        let collaboration_form =
            &no_reason.body[no_reason.body.find("id=\"collaboration\"").unwrap()..];
        assert!(
            collaboration_form.contains("field-error"),
            "{}",
            no_reason.body
        );
        let organization = coordinator
            .get(&format!("/api/v1/organizations/{organization_id}"))
            .await
            .json();
        assert!(!checklist_met(&organization, "collaborative_approved"));
        let approved = coordinator
            .post_form(
                &format!("{dossier_path}/collaboration"),
                &[
                    ("approved", "true"),
                    ("reason", "Pilot partner for lab results"),
                ],
            )
            .await;
        assert_eq!(approved.status, StatusCode::SEE_OTHER, "{}", approved.body);
        let organization = coordinator
            .get(&format!("/api/v1/organizations/{organization_id}"))
            .await
            .json();
        assert!(checklist_met(&organization, "collaborative_approved"));
        let withdrawn = coordinator
            .post_form(
                &format!("{dossier_path}/collaboration"),
                &[("approved", "false"), ("reason", "Pilot ended")],
            )
            .await;
        assert_eq!(withdrawn.status, StatusCode::SEE_OTHER);
        let actions = app.audit_actions().await;
        assert!(actions.contains(&"organization.collaboration_approved".to_owned()));
        assert!(actions.contains(&"organization.collaboration_withdrawn".to_owned()));
    }
}

#[tokio::test]
async fn a_partner_admin_changes_a_members_role_but_not_in_another_organization() {
    for backend in backends() {
        let app = app_with_dns(&backend, &TxtRecords::default()).await;
        let (_, mut admin_a) = applied_and_confirmed(
            &app,
            "Lakeside Health",
            "lakeside.test",
            "ada@lakeside.test",
        )
        .await;
        let (_, mut admin_b) =
            applied_and_confirmed(&app, "Hilltop Labs", "hilltop.test", "bo@hilltop.test").await;
        let invited = admin_a
            .send_json(
                Method::POST,
                "/api/v1/invitations",
                &serde_json::json!({"email": "dev@lakeside.test", "name": "Dev", "role": "partner_member"})
                    .to_string(),
            )
            .await;
        assert_eq!(invited.status, StatusCode::ACCEPTED, "{}", invited.body);
        assert_eq!(invited.json()["status"], "sent");
        let members = admin_a.get("/api/v1/members").await.json();
        let member_id = members
            .as_array()
            .unwrap()
            .iter()
            .find(|member| member["email"] == "dev@lakeside.test")
            .unwrap()["id"]
            .as_str()
            .unwrap()
            .to_owned();

        let page = admin_a.get("/partner").await;
        assert!(page
            .body
            .contains(&format!("/partner/members/{member_id}/role")));
        let changed = admin_a
            .post_form(
                &format!("/partner/members/{member_id}/role"),
                &[("role", "partner_developer")],
            )
            .await;
        assert_eq!(changed.status, StatusCode::SEE_OTHER, "{}", changed.body);
        let role_of = |members: serde_json::Value| {
            members
                .as_array()
                .unwrap()
                .iter()
                .find(|member| member["id"] == member_id.as_str())
                .unwrap()["role"]
                .clone()
        };
        assert_eq!(
            role_of(admin_a.get("/api/v1/members").await.json()),
            "partner_developer"
        );

        // Not a partner role: refused, unchanged.
        let bad = admin_a
            .send_json(
                Method::POST,
                &format!("/api/v1/members/{member_id}/role"),
                &serde_json::json!({"role": "program_admin"}).to_string(),
            )
            .await;
        assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", bad.body);
        // Organization B's admin cannot touch A's member, by page or API.
        admin_b.get("/partner").await;
        let cross_page = admin_b
            .post_form(
                &format!("/partner/members/{member_id}/role"),
                &[("role", "partner_admin")],
            )
            .await;
        assert_eq!(cross_page.status, StatusCode::NOT_FOUND);
        let cross_api = admin_b
            .send_json(
                Method::POST,
                &format!("/api/v1/members/{member_id}/role"),
                &serde_json::json!({"role": "partner_admin"}).to_string(),
            )
            .await;
        assert_eq!(cross_api.status, StatusCode::NOT_FOUND);
        assert_eq!(
            role_of(admin_a.get("/api/v1/members").await.json()),
            "partner_developer"
        );

        let by_api = admin_a
            .send_json(
                Method::POST,
                &format!("/api/v1/members/{member_id}/role"),
                &serde_json::json!({"role": "partner_admin"}).to_string(),
            )
            .await;
        assert_eq!(by_api.status, StatusCode::NO_CONTENT, "{}", by_api.body);
        assert_eq!(
            role_of(admin_a.get("/api/v1/members").await.json()),
            "partner_admin"
        );
        assert!(app
            .audit_actions()
            .await
            .contains(&"user.role_changed".to_owned()));
    }
}

#[tokio::test]
async fn a_program_admin_retires_a_published_version_from_the_agreements_page() {
    for backend in backends() {
        let app = app_with_dns(&backend, &TxtRecords::default()).await;
        let mut admin = staff(&app, Role::ProgramAdmin).await;
        let agreement_id = published_agreement(&mut admin, "participation", Some(30)).await;
        let page = admin.get("/staff/agreements").await;
        assert!(page
            .body
            .contains(&format!("/staff/agreements/{agreement_id}/retire")));
        // The first version has no earlier signers, so nobody has a re-sign deadline.
        assert!(page.body.contains("Re-sign by"));
        // A new draft is published with a re-sign window chosen on the page.
        let draft = admin
            .post_form(
                "/staff/agreements",
                &[
                    ("kind", "participation"),
                    ("title", "Participation v2"),
                    ("body_markdown", "New terms"),
                ],
            )
            .await;
        assert_eq!(draft.status, StatusCode::SEE_OTHER, "{}", draft.body);
        let page = admin.get("/staff/agreements").await;
        assert!(page.body.contains("name=\"resign_within_days\""));

        let mut coordinator = staff(&app, Role::OnboardingCoordinator).await;
        let refused = coordinator
            .send_json(
                Method::POST,
                &format!("/api/v1/agreements/{agreement_id}/retire"),
                "{}",
            )
            .await;
        assert_eq!(refused.status, StatusCode::FORBIDDEN);

        let asked = admin
            .post_form(&format!("/staff/agreements/{agreement_id}/retire"), &[])
            .await;
        assert_eq!(asked.status, StatusCode::OK, "{}", asked.body);
        assert!(
            asked.body.contains("This cannot be undone"),
            "{}",
            asked.body
        );
        let retired = admin
            .post_form(
                &format!("/staff/agreements/{agreement_id}/retire"),
                &[("confirmed", "yes")],
            )
            .await;
        assert_eq!(retired.status, StatusCode::SEE_OTHER, "{}", retired.body);
        let listed = admin.get("/api/v1/agreements").await.json();
        let state = listed
            .as_array()
            .unwrap()
            .iter()
            .find(|template| template["id"] == agreement_id.as_str())
            .unwrap()["state"]
            .clone();
        assert_eq!(state, "retired");
        let again = admin
            .send_json(
                Method::POST,
                &format!("/api/v1/agreements/{agreement_id}/retire"),
                "{}",
            )
            .await;
        assert_eq!(again.status, StatusCode::CONFLICT, "{}", again.body);
        assert!(app
            .audit_actions()
            .await
            .contains(&"agreement.retired".to_owned()));
    }
}
