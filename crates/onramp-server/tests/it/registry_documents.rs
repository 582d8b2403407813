//! Uploaded evidence documents: the partner admin's and the reviewer's uploads, downloads scoped
//! to the owning organization and staff, the reviewer's result as evidence, and the refusals
//! (no CSRF token, a type outside the allow-list whatever it claims, too large).

use axum::http::{Method, StatusCode};
use onramp_core::Role;

use crate::registry_support::{
    app_with_dns, applied_and_confirmed, document_ids, staff, upload, TxtRecords, PDF, PNG,
};
use crate::support::{backends, TestApp};

async fn n_documents(app: &TestApp) -> i64 {
    let (count,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM documents")
        .fetch_one(app.state.store.pool())
        .await
        .unwrap();
    count
}

#[tokio::test]
async fn a_partner_uploads_a_pdf_and_the_reviewer_records_its_result_as_evidence() {
    for backend in backends() {
        let app = app_with_dns(&backend, &TxtRecords::default()).await;
        let (organization_id, mut partner) = applied_and_confirmed(
            &app,
            "Lakeside Health",
            "lakeside.test",
            "ada@lakeside.test",
        )
        .await;
        partner.get("/partner").await;
        let uploaded = upload(
            &mut partner,
            "/partner/documents",
            "../licence 2026.pdf",
            "application/octet-stream",
            PDF,
            true,
        )
        .await;
        assert_eq!(uploaded.status, StatusCode::SEE_OTHER, "{}", uploaded.body);
        assert_eq!(
            uploaded.location(),
            Some("/partner?notice=document_uploaded")
        );
        let own_page = partner.get("/partner").await;
        assert!(
            own_page.body.contains("licence 2026.pdf"),
            "{}",
            own_page.body
        );
        let ids = document_ids(&own_page.body);
        assert_eq!(ids.len(), 1);
        let document_id = ids[0].clone();

        // The partner downloads it back, typed by its content, as an attachment.
        let downloaded = partner.get(&format!("/documents/{document_id}")).await;
        assert_eq!(downloaded.status, StatusCode::OK);
        assert_eq!(downloaded.content_type(), "application/pdf");
        assert_eq!(downloaded.body.as_bytes(), PDF);
        assert!(downloaded.headers["content-disposition"]
            .to_str()
            .unwrap()
            .starts_with("attachment;"));

        // The reviewer sees it, attaches a PNG of their own, and records a result.
        let mut coordinator = staff(&app, Role::OnboardingCoordinator).await;
        let dossier_path = format!("/staff/organizations/{organization_id}");
        let dossier = coordinator.get(&dossier_path).await;
        assert_eq!(document_ids(&dossier.body), vec![document_id.clone()]);
        let attached = upload(
            &mut coordinator,
            &format!("{dossier_path}/documents"),
            "registry-extract.png",
            "image/png",
            PNG,
            true,
        )
        .await;
        assert_eq!(attached.status, StatusCode::SEE_OTHER, "{}", attached.body);
        let recorded = coordinator
            .post_form(
                &format!("{dossier_path}/evidence"),
                &[
                    ("kind", "document"),
                    ("document_id", &document_id),
                    ("passed", "true"),
                    ("note", "state licence, valid until 2028"),
                ],
            )
            .await;
        assert_eq!(recorded.status, StatusCode::SEE_OTHER, "{}", recorded.body);
        let dossier = coordinator.get(&dossier_path).await;
        assert_eq!(document_ids(&dossier.body).len(), 2);
        assert!(dossier.body.contains("state licence, valid until 2028"));

        // The same evidence through the API: kept with who, when, the result and the document.
        let listed = coordinator
            .get(&format!("/api/v1/organizations/{organization_id}"))
            .await;
        assert_eq!(listed.status, StatusCode::OK, "{}", listed.body);
        let evidence = sqlx::query_as::<_, (String, i64, Option<String>, String)>(
            "SELECT kind, passed, document_id, recorded_by_label FROM verification_evidence",
        )
        .fetch_all(app.state.store.pool())
        .await
        .unwrap();
        assert_eq!(evidence.len(), 1);
        assert_eq!(evidence[0].0, "document");
        assert_eq!(evidence[0].1, 1);
        assert_eq!(evidence[0].2.as_deref(), Some(document_id.as_str()));
        let actions = app.audit_actions().await;
        assert_eq!(
            actions
                .iter()
                .filter(|action| *action == "organization.document_uploaded")
                .count(),
            2
        );
        assert!(actions.contains(&"organization.evidence_recorded".to_owned()));

        // Staff download too; the reviewer's upload is visible to the partner.
        let by_staff = coordinator.get(&format!("/documents/{document_id}")).await;
        assert_eq!(by_staff.status, StatusCode::OK);
        let own_page = partner.get("/partner").await;
        assert_eq!(document_ids(&own_page.body).len(), 2);
    }
}

#[tokio::test]
async fn uploads_without_the_token_of_another_type_or_too_large_are_refused_and_store_nothing() {
    for backend in backends() {
        let app = app_with_dns(&backend, &TxtRecords::default()).await;
        let (_, mut partner) = applied_and_confirmed(
            &app,
            "Lakeside Health",
            "lakeside.test",
            "ada@lakeside.test",
        )
        .await;
        partner.get("/partner").await;

        let no_token = upload(
            &mut partner,
            "/partner/documents",
            "a.pdf",
            "application/pdf",
            PDF,
            false,
        )
        .await;
        assert_eq!(no_token.status, StatusCode::FORBIDDEN, "{}", no_token.body);
        let mut forged = partner.clone();
        forged.csrf_token = Some("0".repeat(64));
        let wrong_token = upload(
            &mut forged,
            "/partner/documents",
            "a.pdf",
            "application/pdf",
            PDF,
            true,
        )
        .await;
        assert_eq!(wrong_token.status, StatusCode::FORBIDDEN);

        // HTML claiming to be a PDF is refused by its content.
        let disguised = upload(
            &mut partner,
            "/partner/documents",
            "invoice.pdf",
            "application/pdf",
            b"<html><script>alert(1)</script></html>",
            true,
        )
        .await;
        assert_eq!(
            disguised.status,
            StatusCode::UNPROCESSABLE_ENTITY,
            "{}",
            disguised.body
        );
        assert!(disguised.body.contains("only PDF, PNG and JPEG"));

        let empty = upload(
            &mut partner,
            "/partner/documents",
            "a.pdf",
            "application/pdf",
            b"",
            true,
        )
        .await;
        assert_eq!(empty.status, StatusCode::UNPROCESSABLE_ENTITY);

        let mut too_large = PDF.to_vec();
        too_large.resize(app.state.config.max_body_bytes / 4 * 3 + 1, b' ');
        let large = upload(
            &mut partner,
            "/partner/documents",
            "big.pdf",
            "application/pdf",
            &too_large,
            true,
        )
        .await;
        assert_eq!(
            large.status,
            StatusCode::PAYLOAD_TOO_LARGE,
            "{}",
            large.body
        );

        let beyond_body_limit = vec![b'%'; app.state.config.max_body_bytes + 10];
        let huge = upload(
            &mut partner,
            "/partner/documents",
            "huge.pdf",
            "application/pdf",
            &beyond_body_limit,
            true,
        )
        .await;
        assert_eq!(huge.status, StatusCode::PAYLOAD_TOO_LARGE);

        // A urlencoded post is not an upload.
        let form = partner
            .post_form("/partner/documents", &[("file", "x")])
            .await;
        assert_eq!(form.status, StatusCode::BAD_REQUEST);

        assert_eq!(n_documents(&app).await, 0);
        assert!(!app
            .audit_actions()
            .await
            .contains(&"organization.document_uploaded".to_owned()));
    }
}

#[tokio::test]
async fn another_organization_gets_not_found_for_a_document_and_cannot_upload_for_others() {
    for backend in backends() {
        let app = app_with_dns(&backend, &TxtRecords::default()).await;
        let (organization_a, mut partner_a) = applied_and_confirmed(
            &app,
            "Lakeside Health",
            "lakeside.test",
            "ada@lakeside.test",
        )
        .await;
        let (organization_b, mut partner_b) =
            applied_and_confirmed(&app, "Hilltop Labs", "hilltop.test", "bo@hilltop.test").await;
        partner_a.get("/partner").await;
        let uploaded = upload(
            &mut partner_a,
            "/partner/documents",
            "a.pdf",
            "application/pdf",
            PDF,
            true,
        )
        .await;
        assert_eq!(uploaded.status, StatusCode::SEE_OTHER);
        let document_id = document_ids(&partner_a.get("/partner").await.body)[0].clone();

        // B asks for A's document: not found, the same as a document that does not exist.
        let cross = partner_b.get(&format!("/documents/{document_id}")).await;
        assert_eq!(cross.status, StatusCode::NOT_FOUND);
        let missing = partner_b
            .get("/documents/00000000-0000-4000-8000-000000000000")
            .await;
        assert_eq!(missing.status, StatusCode::NOT_FOUND);
        // B's page never lists A's document, and B's upload lands in B's organization.
        partner_b.get("/partner").await;
        let own = upload(
            &mut partner_b,
            "/partner/documents",
            "b.png",
            "image/png",
            PNG,
            true,
        )
        .await;
        assert_eq!(own.status, StatusCode::SEE_OTHER);
        let page_b = partner_b.get("/partner").await;
        let ids_b = document_ids(&page_b.body);
        assert_eq!(ids_b.len(), 1);
        assert_ne!(ids_b[0], document_id);
        let owners: Vec<(String,)> =
            sqlx::query_as("SELECT organization_id FROM documents ORDER BY uploaded_at, id")
                .fetch_all(app.state.store.pool())
                .await
                .unwrap();
        assert!(owners.contains(&(organization_a.clone(),)));
        assert!(owners.contains(&(organization_b.clone(),)));

        // A partner cannot use the reviewer's upload route for another organization.
        let staff_route = upload(
            &mut partner_b,
            &format!("/staff/organizations/{organization_a}/documents"),
            "x.pdf",
            "application/pdf",
            PDF,
            true,
        )
        .await;
        assert_eq!(staff_route.status, StatusCode::FORBIDDEN);

        // A reviewer cannot record A's document as evidence for B.
        let mut coordinator = staff(&app, Role::OnboardingCoordinator).await;
        let mismatched = coordinator
            .send_json(
                Method::POST,
                &format!("/api/v1/organizations/{organization_b}/evidence"),
                &serde_json::json!({"kind": "document", "document_id": document_id, "passed": true})
                    .to_string(),
            )
            .await;
        assert_eq!(
            mismatched.status,
            StatusCode::NOT_FOUND,
            "{}",
            mismatched.body
        );
        let n_evidence: (i64,) = sqlx::query_as("SELECT COUNT(*) FROM verification_evidence")
            .fetch_one(app.state.store.pool())
            .await
            .unwrap();
        assert_eq!(n_evidence.0, 0);
    }
}

#[tokio::test]
async fn documents_arrive_through_the_api_as_base64_for_the_own_organization_only() {
    use base64::Engine;
    let encode = |bytes: &[u8]| base64::engine::general_purpose::STANDARD.encode(bytes);
    for backend in backends() {
        let app = app_with_dns(&backend, &TxtRecords::default()).await;
        let (organization_id, mut partner) = applied_and_confirmed(
            &app,
            "Lakeside Health",
            "lakeside.test",
            "ada@lakeside.test",
        )
        .await;
        let (other_id, _) = applied_and_confirmed(
            &app,
            "Northwind Labs",
            "northwind.test",
            "bo@northwind.test",
        )
        .await;
        let path = format!("/api/v1/organizations/{organization_id}/documents");
        let body = serde_json::json!({ "filename": "licence.pdf", "content_base64": encode(PDF) });
        let created = partner
            .send_json(Method::POST, &path, &body.to_string())
            .await;
        assert_eq!(created.status, StatusCode::CREATED, "{}", created.body);
        let created = created.json();
        assert_eq!(created["content_type"], "application/pdf");
        assert_eq!(
            created["sha256"],
            hex::encode(<sha2::Sha256 as sha2::Digest>::digest(PDF))
        );

        // Another organization's id is "not found"; bad content changes nothing.
        let before = n_documents(&app).await;
        let foreign = partner
            .send_json(
                Method::POST,
                &format!("/api/v1/organizations/{other_id}/documents"),
                &body.to_string(),
            )
            .await;
        assert_eq!(foreign.status, StatusCode::NOT_FOUND);
        let not_base64 = serde_json::json!({ "filename": "x.pdf", "content_base64": "%%%" });
        let response = partner
            .send_json(Method::POST, &path, &not_base64.to_string())
            .await;
        assert_eq!(response.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(response.json()["errors"][0]["field"], "content_base64");
        let text =
            serde_json::json!({ "filename": "x.pdf", "content_base64": encode(b"just text") });
        let response = partner
            .send_json(Method::POST, &path, &text.to_string())
            .await;
        assert_eq!(response.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(n_documents(&app).await, before);

        // A reviewer attaches to any application.
        let mut coordinator = staff(&app, Role::OnboardingCoordinator).await;
        let png = serde_json::json!({ "filename": "extract.png", "content_base64": encode(PNG) });
        let attached = coordinator
            .send_json(
                Method::POST,
                &format!("/api/v1/organizations/{other_id}/documents"),
                &png.to_string(),
            )
            .await;
        assert_eq!(attached.status, StatusCode::CREATED, "{}", attached.body);
        assert_eq!(n_documents(&app).await, before + 1);
    }
}
