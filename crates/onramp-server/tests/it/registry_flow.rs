//! The partner registry's whole flow through the API: apply → confirm → verify with DNS evidence
//! → approve → sign → tier, listed, exported and in the directory.

use axum::http::StatusCode;
use onramp_core::Role;

use crate::registry_support::{
    app_with_dns, applied_and_confirmed, post, published_agreement, staff, TxtRecords,
};
use crate::support::backends;

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
                .await
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
