//! CSRF: a portal form without its token, or with another visitor's, changes nothing.

use axum::http::StatusCode;
use onramp_core::Role;

use crate::support::{backends, TestApp, PASSWORD};

#[tokio::test]
async fn a_form_post_without_its_csrf_token_is_refused() {
    for backend in backends() {
        let app = TestApp::new(&backend).await;
        app.user("ada@example.org", Role::Trainer, None).await;
        let mut client = app.client();
        client.get("/login").await;
        let response = client
            .post_form_raw(
                "/login",
                &[("email", "ada@example.org"), ("password", PASSWORD)],
            )
            .await;
        assert_eq!(response.status, StatusCode::FORBIDDEN);
        assert!(response.body.contains("did not come from Onramp"));
        assert!(!client.cookies.contains_key("onramp_session"));
        assert!(!app
            .audit_actions()
            .await
            .contains(&"session.created".to_owned()));
    }
}

#[tokio::test]
async fn a_token_from_another_session_is_refused() {
    for backend in backends() {
        let app = TestApp::new(&backend).await;
        let (_, mut admin) = app.signed_in(Role::ProgramAdmin).await;
        admin.refresh_csrf().await;
        let mut attacker = app.client();
        attacker.login("program_admin@example.org", PASSWORD).await;
        attacker.refresh_csrf().await;
        // The attacker's valid token, sent with the admin's session, does not pass.
        let foreign_token = attacker.csrf_token.clone().unwrap();
        let response = admin
            .post_form_raw(
                "/admin/security",
                &[("csrf_token", &foreign_token), ("require_mfa", "trainer")],
            )
            .await;
        assert_eq!(response.status, StatusCode::FORBIDDEN);
        let required =
            onramp_store::accounts::policies::roles_requiring_mfa(app.state.store.pool())
                .await
                .unwrap();
        assert!(required.is_empty());
        // The admin's own token works.
        let response = admin
            .post_form("/admin/security", &[("require_mfa", "trainer")])
            .await;
        assert_eq!(response.status, StatusCode::SEE_OTHER);
        let required =
            onramp_store::accounts::policies::roles_requiring_mfa(app.state.store.pool())
                .await
                .unwrap();
        assert_eq!(required, vec![Role::Trainer]);
    }
}
