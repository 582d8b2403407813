//! Operations: health, readiness, metrics, error pages.

use axum::http::StatusCode;
use onramp_core::Role;

use crate::support::{backends, TestApp};

#[tokio::test]
async fn health_readiness_and_metrics_answer() {
    for backend in backends() {
        let app = TestApp::new(&backend).await;
        let mut client = app.client();
        assert_eq!(client.get("/healthz").await.status, StatusCode::OK);
        let ready = client.get("/readyz").await;
        assert_eq!(ready.status, StatusCode::OK);
        assert_eq!(ready.json()["migrations"], "current");
        client.get("/login").await;
        let metrics = client.get("/metrics").await;
        assert_eq!(metrics.status, StatusCode::OK);
        assert!(
            metrics.body.contains(
                "onramp_http_requests_total{method=\"GET\",route=\"/login\",status=\"200\"}"
            ),
            "{}",
            metrics.body
        );
        assert!(metrics
            .body
            .contains("onramp_http_request_duration_seconds_bucket"));
        assert!(metrics
            .body
            .contains("onramp_db_pool_connections{state=\"open\"}"));
    }
}

#[tokio::test]
async fn readiness_fails_when_the_database_is_gone() {
    let app = TestApp::new(&crate::support::TestBackend::Sqlite).await;
    app.state.store.close().await;
    let ready = app.client().get("/readyz").await;
    assert_eq!(ready.status, StatusCode::SERVICE_UNAVAILABLE);
    assert_eq!(ready.json()["database"], "unreachable");
}

#[tokio::test]
async fn error_pages_say_what_happened_and_nothing_internal() {
    let app = TestApp::new(&crate::support::TestBackend::Sqlite).await;
    let (_, mut partner) = app.signed_in(Role::PartnerAdmin).await;
    let missing = partner.get("/no/such/page").await;
    assert_eq!(missing.status, StatusCode::NOT_FOUND);
    assert!(missing.body.contains("Page not found"));
    assert!(missing.body.contains("Operation id"));
    let forbidden = partner.get("/admin/audit").await;
    assert_eq!(forbidden.status, StatusCode::FORBIDDEN);
    assert!(forbidden.body.contains("Not allowed"));
    let api_missing = partner.get("/api/v1/nothing").await;
    assert_eq!(api_missing.status, StatusCode::NOT_FOUND);
    assert_eq!(api_missing.content_type(), "application/problem+json");
    for body in [&missing.body, &forbidden.body] {
        assert!(!body.contains("sqlx") && !body.contains("panicked") && !body.contains(".rs"));
    }
}

#[tokio::test]
async fn partner_users_see_their_own_organization_and_no_staff_navigation() {
    let app = TestApp::new(&crate::support::TestBackend::Sqlite).await;
    let (_, mut partner) = app.signed_in(Role::PartnerDeveloper).await;
    let home = partner.get("/").await;
    assert!(home.body.contains("Acme Clinic"));
    assert!(!home.body.contains("/admin/audit"));
    // Partner developers hold API tokens; partner members, the read-only role, do not.
    assert!(home.body.contains("/account/tokens"));
    let (_, mut member) = app.signed_in(Role::PartnerMember).await;
    assert!(!member.get("/").await.body.contains("/account/tokens"));
    let (_, mut admin) = app.signed_in(Role::ProgramAdmin).await;
    let home = admin.get("/").await;
    assert!(home.body.contains("/admin/audit"));
}
