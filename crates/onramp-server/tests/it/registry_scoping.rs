//! Cross-organization access: a partner user of organization A asks for B's ids on every
//! partner-facing API route and page, and sees nothing of B.

use axum::http::StatusCode;
use onramp_core::Role;

use crate::registry_support::{
    app_with_dns, applied_and_confirmed, post, published_agreement, staff, TxtRecords,
};
use crate::support::backends;

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
        post(&mut b_admin, "/api/v1/invitations", serde_json::json!({"email": "dev@beta.test", "name": "Dev", "role": "partner_developer"})).await;
        let b_members = b_admin.get("/api/v1/members").await.json();
        let b_member_id = b_members
            .as_array()
            .unwrap()
            .iter()
            .find(|member| member["email"] == "dev@beta.test")
            .unwrap()["id"]
            .as_str()
            .unwrap()
            .to_owned();
        let b_signature = post(
            &mut b_admin,
            &format!("/api/v1/agreements/{agreement_id}/signatures"),
            serde_json::json!({"signer_name": "B", "signer_title": "CEO", "confirm": true}),
        )
        .await
        .json();
        let b_signature_id = b_signature["id"].as_str().unwrap().to_owned();

        let b_document = post(
            &mut b_admin,
            &format!("/api/v1/organizations/{b_id}/documents"),
            serde_json::json!({"filename": "b.pdf", "content_base64": "JVBERi0xLjQKJSVFT0YK"}),
        )
        .await;
        assert_eq!(
            b_document.status,
            StatusCode::CREATED,
            "{}",
            b_document.body
        );
        let b_document_id = b_document.json()["id"].as_str().unwrap().to_owned();

        // The rule on every partner route: another organization's id is "not found" — never
        // "forbidden", which would confirm that the id exists.
        let gets = [
            format!("/api/v1/organizations/{b_id}"),
            format!("/api/v1/organizations/{b_id}/agreements"),
            format!("/api/v1/organizations/{b_id}/documents"),
            format!("/api/v1/signatures/{b_signature_id}"),
            format!("/signatures/{b_signature_id}/html"),
            format!("/signatures/{b_signature_id}/pdf"),
            format!("/documents/{b_document_id}"),
        ];
        for path in &gets {
            let response = a_admin.get(path).await;
            assert_eq!(response.status, StatusCode::NOT_FOUND, "{path}");
            assert!(!response.body.contains("Beta Clinic"), "{path} leaked B");
        }
        for (path, body) in [
            (
                format!("/api/v1/organizations/{b_id}/directory"),
                serde_json::json!({"opt_in": false}),
            ),
            (
                format!("/api/v1/organizations/{b_id}/documents"),
                serde_json::json!({"filename": "a.pdf", "content_base64": "JVBERi0xLjQKJSVFT0YK"}),
            ),
            (
                format!("/api/v1/members/{b_member_id}/role"),
                serde_json::json!({"role": "partner_admin"}),
            ),
        ] {
            let response = post(&mut a_admin, &path, body).await;
            assert_eq!(
                response.status,
                StatusCode::NOT_FOUND,
                "{path}: {}",
                response.body
            );
        }
        a_admin.get("/partner").await;
        let page_role = a_admin
            .post_form(
                &format!("/partner/members/{b_member_id}/role"),
                &[("role", "partner_admin")],
            )
            .await;
        assert_eq!(page_role.status, StatusCode::NOT_FOUND);
        // A reviewers' page is refused by role, whoever's id it names.
        let dossier = a_admin.get(&format!("/staff/organizations/{b_id}")).await;
        assert_eq!(dossier.status, StatusCode::FORBIDDEN);
        assert!(!dossier.body.contains("Beta Clinic"));
        let deactivate = post(
            &mut a_admin,
            &format!("/api/v1/members/{b_member_id}/deactivate"),
            serde_json::json!({}),
        )
        .await;
        assert_eq!(deactivate.status, StatusCode::NOT_FOUND);
        a_admin.get("/partner").await;
        let page_deactivate = a_admin
            .post_form(
                &format!("/partner/members/{b_member_id}/deactivate"),
                &[("confirmed", "yes")],
            )
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
