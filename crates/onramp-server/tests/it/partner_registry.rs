//! The partner registry through the API: apply → confirm → verify with DNS evidence → approve →
//! sign → tier; the forbidden transitions; cross-organization access; bad input.

use axum::http::{Method, StatusCode};
use onramp_core::Role;

use crate::registry_support::{
    app_with_dns, application, applied_and_confirmed, published_agreement, staff, TxtRecords,
};
use crate::support::{backends, PASSWORD};

async fn post(
    client: &mut crate::support::Client,
    path: &str,
    body: serde_json::Value,
) -> crate::support::TestResponse {
    client
        .send_json(Method::POST, path, &body.to_string())
        .await
}

#[tokio::test]
async fn partner_registry_an_applicant_is_verified_by_dns_signs_and_becomes_registered() {
    for backend in backends() {
        let records = TxtRecords::default();
        let app = app_with_dns(&backend, &records).await;
        let (organization_id, mut partner) = applied_and_confirmed(
            &app,
            "Lakeside Health",
            "lakeside.test",
            "ada@lakeside.test",
        )
        .await;
        let mut coordinator = staff(&app, Role::OnboardingCoordinator).await;
        let mut admin = staff(&app, Role::ProgramAdmin).await;

        // The partner sees its own organization, applied, with the DNS token to publish.
        let own = partner
            .get(&format!("/api/v1/organizations/{organization_id}"))
            .await;
        assert_eq!(own.status, StatusCode::OK, "{}", own.body);
        let own = own.json();
        assert_eq!(own["state"], "applied");
        assert_eq!(own["tier"], "public");
        assert_eq!(own["country"], "US");
        let token = own["dns_token"].as_str().unwrap().to_owned();

        // Before the record exists, the DNS check fails and is kept as failed evidence.
        let path = format!("/api/v1/organizations/{organization_id}/evidence");
        let missing = post(
            &mut coordinator,
            &path,
            serde_json::json!({"kind": "dns_txt"}),
        )
        .await;
        assert_eq!(missing.status, StatusCode::CREATED, "{}", missing.body);
        assert_eq!(missing.json()["passed"], false);
        // Approving with no passing evidence is refused.
        let transitions = format!("/api/v1/organizations/{organization_id}/transitions");
        let early = post(
            &mut coordinator,
            &transitions,
            serde_json::json!({"action": "approve", "reason": "looks fine"}),
        )
        .await;
        assert_eq!(early.status, StatusCode::CONFLICT, "{}", early.body);

        records.publish("lakeside.test", "v=spf1 -all");
        records.publish("lakeside.test", &format!("onramp-verification={token}"));
        let found = post(
            &mut coordinator,
            &path,
            serde_json::json!({"kind": "dns_txt"}),
        )
        .await;
        assert_eq!(found.json()["passed"], true, "{}", found.body);
        assert_eq!(
            found.json()["recorded_by"],
            "onboarding_coordinator@example.org"
        );
        let email = post(
            &mut coordinator,
            &path,
            serde_json::json!({"kind": "email_domain"}),
        )
        .await;
        assert_eq!(email.json()["passed"], true, "{}", email.body);

        let review = post(
            &mut coordinator,
            &transitions,
            serde_json::json!({"action": "start_review", "reason": "complete application"}),
        )
        .await;
        assert_eq!(review.json()["to_state"], "under_review", "{}", review.body);
        let approved = post(
            &mut coordinator,
            &transitions,
            serde_json::json!({"action": "approve", "reason": "DNS proof and email domain"}),
        )
        .await;
        assert_eq!(approved.status, StatusCode::CREATED, "{}", approved.body);
        assert_eq!(approved.json()["to_state"], "active");
        assert!(
            app.mails()
                .iter()
                .any(|mail| mail.contains("ada@lakeside.test")
                    && mail.contains("verified and active"))
        );

        let agreement_id = published_agreement(&mut admin, "participation", None).await;
        let before = partner
            .get(&format!("/api/v1/organizations/{organization_id}"))
            .await
            .json();
        assert_eq!(before["tier"], "public");
        let missing: Vec<&str> = before["checklist"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|item| item["met"] == false)
            .map(|item| item["key"].as_str().unwrap())
            .collect();
        assert_eq!(
            missing,
            [
                "participation_signed",
                "mou_signed",
                "collaborative_approved"
            ]
        );

        let signed = post(
            &mut partner,
            &format!("/api/v1/agreements/{agreement_id}/signatures"),
            serde_json::json!({"signer_name": "Ada Admin", "signer_title": "CIO", "confirm": true}),
        )
        .await;
        assert_eq!(signed.status, StatusCode::CREATED, "{}", signed.body);
        let signature = signed.json();
        let after = partner
            .get(&format!("/api/v1/organizations/{organization_id}"))
            .await
            .json();
        assert_eq!(after["tier"], "registered");
        assert!(after["capabilities"]
            .as_array()
            .unwrap()
            .iter()
            .any(|c| c == "sandbox_access"));

        // The HTML copy is exactly what was hashed; the PDF carries the hash; the check page finds it.
        let signature_id = signature["id"].as_str().unwrap();
        let html = partner
            .get(&format!("/signatures/{signature_id}/html"))
            .await;
        assert_eq!(html.status, StatusCode::OK);
        let digest = hex::encode(<sha2::Sha256 as sha2::Digest>::digest(html.body.as_bytes()));
        assert_eq!(digest, signature["text_sha256"].as_str().unwrap());
        assert!(html
            .body
            .contains("Signed for <strong>Lakeside Health</strong> by <strong>Ada Admin</strong>"));
        let pdf = partner
            .get(&format!("/signatures/{signature_id}/pdf"))
            .await;
        assert_eq!(pdf.content_type(), "application/pdf");
        assert!(pdf.body.starts_with("%PDF-") && pdf.body.contains(&digest));
        let verified = app
            .client()
            .get(&format!("/agreements/verify?sha256={digest}"))
            .await;
        assert!(verified.body.contains("Genuine"), "{}", verified.body);
        let forged = app
            .client()
            .get(&format!("/agreements/verify?sha256={}", "0".repeat(64)))
            .await;
        assert!(forged.body.contains("No signed agreement has this hash"));

        let actions = app.audit_actions().await;
        for action in [
            "organization.applied",
            "user.email_confirmed",
            "organization.evidence_recorded",
            "organization.transition",
            "agreement.published",
            "agreement.signed",
            "organization.tier_changed",
        ] {
            assert!(
                actions.iter().any(|a| a == action),
                "missing {action} in {actions:?}"
            );
        }
        // Staff see the application listed and exported; the public directory lists it (opted in).
        let listed = coordinator
            .get("/api/v1/organizations?state=active&country=us")
            .await
            .json();
        assert_eq!(listed.as_array().unwrap().len(), 1);
        let csv = coordinator
            .get("/staff/organizations.csv?tier=registered")
            .await;
        assert!(
            csv.body.lines().count() == 2 && csv.body.contains("\"Lakeside Health\""),
            "{}",
            csv.body
        );
        assert!(app
            .client()
            .get("/directory")
            .await
            .body
            .contains("Lakeside Health"));
    }
}

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
        assert_eq!(invited.status, StatusCode::CREATED, "{}", invited.body);
        let token = crate::registry_support::activation_token(&app, "member@selfish.test");
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
async fn partner_registry_a_partner_user_cannot_reach_another_organizations_ids() {
    for backend in backends() {
        let records = TxtRecords::default();
        let app = app_with_dns(&backend, &records).await;
        let (a_id, mut a_admin) =
            applied_and_confirmed(&app, "Alpha Labs", "alpha.test", "admin@alpha.test").await;
        let (b_id, mut b_admin) =
            applied_and_confirmed(&app, "Beta Clinic", "beta.test", "admin@beta.test").await;
        let mut admin = staff(&app, Role::ProgramAdmin).await;
        let agreement_id = published_agreement(&mut admin, "participation", None).await;
        // B has a member and a signature, so B owns ids of every kind.
        let b_member = post(&mut b_admin, "/api/v1/invitations", serde_json::json!({"email": "dev@beta.test", "name": "Dev", "role": "partner_developer"})).await.json();
        let b_member_id = b_member["id"].as_str().unwrap().to_owned();
        let b_signature = post(
            &mut b_admin,
            &format!("/api/v1/agreements/{agreement_id}/signatures"),
            serde_json::json!({"signer_name": "B", "signer_title": "CEO", "confirm": true}),
        )
        .await
        .json();
        let b_signature_id = b_signature["id"].as_str().unwrap().to_owned();

        let gets = [
            format!("/api/v1/organizations/{b_id}"),
            format!("/api/v1/signatures/{b_signature_id}"),
            format!("/signatures/{b_signature_id}/html"),
            format!("/signatures/{b_signature_id}/pdf"),
            format!("/staff/organizations/{b_id}"),
        ];
        for path in &gets {
            let response = a_admin.get(path).await;
            assert!(
                matches!(
                    response.status,
                    StatusCode::NOT_FOUND | StatusCode::FORBIDDEN
                ),
                "{path}: {}",
                response.status
            );
            assert!(!response.body.contains("Beta Clinic"), "{path} leaked B");
        }
        let deactivate = post(
            &mut a_admin,
            &format!("/api/v1/members/{b_member_id}/deactivate"),
            serde_json::json!({}),
        )
        .await;
        assert_eq!(deactivate.status, StatusCode::NOT_FOUND);
        a_admin.get("/partner").await;
        let page_deactivate = a_admin
            .post_form(&format!("/partner/members/{b_member_id}/deactivate"), &[])
            .await;
        assert_eq!(page_deactivate.status, StatusCode::NOT_FOUND);
        for path in [
            format!("/api/v1/organizations/{b_id}/transitions"),
            format!("/api/v1/organizations/{b_id}/evidence"),
        ] {
            let response = post(
                &mut a_admin,
                &path,
                serde_json::json!({"action": "approve", "kind": "dns_txt", "reason": "x"}),
            )
            .await;
            assert_eq!(response.status, StatusCode::FORBIDDEN, "{path}");
        }
        // A's own views list only A.
        let members = a_admin.get("/api/v1/members").await.json();
        assert!(members
            .as_array()
            .unwrap()
            .iter()
            .all(|m| m["email"].as_str().unwrap().ends_with("@alpha.test")));
        let overview = a_admin.get("/partner").await;
        assert!(
            overview.body.contains("Alpha Labs")
                && !overview.body.contains("Beta Clinic")
                && !overview.body.contains("dev@beta.test")
        );
        assert_eq!(
            a_admin
                .get(&format!("/api/v1/organizations/{a_id}"))
                .await
                .status,
            StatusCode::OK
        );
        // B's member is still active.
        let b_members = b_admin.get("/api/v1/members").await.json();
        assert!(b_members
            .as_array()
            .unwrap()
            .iter()
            .all(|m| m["active"] == true));
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
        let token = crate::registry_support::activation_token(&app, "admin@replay.test");
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
        assert_eq!(duplicate.status, StatusCode::CREATED);
        let duplicate_id = duplicate.json()["organization_id"]
            .as_str()
            .unwrap()
            .to_owned();
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

#[tokio::test]
async fn partner_registry_a_superseded_agreement_not_re_signed_lowers_the_tier() {
    for backend in backends() {
        let records = TxtRecords::default();
        let app = app_with_dns(&backend, &records).await;
        let (organization_id, mut partner) =
            applied_and_confirmed(&app, "Lapse Lab", "lapse.test", "admin@lapse.test").await;
        let mut admin = staff(&app, Role::ProgramAdmin).await;
        let evidence = post(&mut admin, &format!("/api/v1/organizations/{organization_id}/evidence"), serde_json::json!({"kind": "identifier", "system": "NPI", "value": "1234567893", "passed": true, "note": "NPPES lookup"})).await;
        assert_eq!(evidence.status, StatusCode::CREATED, "{}", evidence.body);
        let approved = post(
            &mut admin,
            &format!("/api/v1/organizations/{organization_id}/transitions"),
            serde_json::json!({"action": "approve", "reason": "NPI checked"}),
        )
        .await;
        assert_eq!(approved.status, StatusCode::CREATED, "{}", approved.body);
        let v1 = published_agreement(&mut admin, "participation", None).await;
        post(
            &mut partner,
            &format!("/api/v1/agreements/{v1}/signatures"),
            serde_json::json!({"signer_name": "A", "signer_title": "CEO", "confirm": true}),
        )
        .await;
        let tier = |value: serde_json::Value| value["tier"].as_str().unwrap().to_owned();
        assert_eq!(
            tier(
                partner
                    .get(&format!("/api/v1/organizations/{organization_id}"))
                    .await
                    .json()
            ),
            "registered"
        );

        // v2 with 30 days to re-sign: still registered.
        published_agreement(&mut admin, "participation", Some(30)).await;
        assert_eq!(
            tier(
                partner
                    .get(&format!("/api/v1/organizations/{organization_id}"))
                    .await
                    .json()
            ),
            "registered"
        );
        // v3 with no grace: the old signature lapses at once; the tier drops, with mail and audit.
        let v3 = published_agreement(&mut admin, "participation", None).await;
        assert_eq!(
            tier(
                admin
                    .get(&format!("/api/v1/organizations/{organization_id}"))
                    .await
                    .json()
            ),
            "public"
        );
        assert!(app
            .mails()
            .iter()
            .any(|mail| mail.contains("admin@lapse.test")
                && mail.contains("Your Onramp tier has changed")));
        assert!(
            app.audit_actions()
                .await
                .iter()
                .filter(|a| *a == "organization.tier_changed")
                .count()
                >= 2
        );
        // Re-signing restores it.
        post(
            &mut partner,
            &format!("/api/v1/agreements/{v3}/signatures"),
            serde_json::json!({"signer_name": "A", "signer_title": "CEO", "confirm": true}),
        )
        .await;
        assert_eq!(
            tier(
                partner
                    .get(&format!("/api/v1/organizations/{organization_id}"))
                    .await
                    .json()
            ),
            "registered"
        );
    }
}
