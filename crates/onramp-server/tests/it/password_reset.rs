//! Password reset by an emailed, single-use, expiring link.

use axum::http::StatusCode;
use onramp_core::Role;

use crate::support::{backends, TestApp, PASSWORD};

pub fn link_in(mail: &str) -> String {
    let start = mail
        .find("http://onramp.test/password/reset?token=")
        .unwrap();
    // Quoted-printable may wrap long lines with "=\r\n".
    let rest = mail[start..].replace("=\r\n", "").replace("=\n", "");
    let end = rest.find(char::is_whitespace).unwrap_or(rest.len());
    rest[..end].replace("=3D", "=").to_owned()
}

#[tokio::test]
async fn a_reset_link_sets_a_new_password_once_and_ends_other_sessions() {
    for backend in backends() {
        let app = TestApp::new(&backend).await;
        let (user, mut signed_in) = app.signed_in(Role::PartnerAdmin).await;

        let mut client = app.client();
        client.get("/password/forgot").await;
        let response = client
            .post_form("/password/forgot", &[("email", &user.email)])
            .await;
        assert_eq!(response.location(), Some("/login?notice=reset_sent"));
        // An unknown address gets the same answer and no mail.
        client.get("/password/forgot").await;
        let unknown = client
            .post_form("/password/forgot", &[("email", "nobody@example.org")])
            .await;
        assert_eq!(unknown.location(), Some("/login?notice=reset_sent"));
        let mails = app.mails().await;
        assert_eq!(mails.len(), 1);
        assert!(
            mails[0].contains(&format!("To: {}", user.email)) || mails[0].contains(&user.email)
        );

        let link = link_in(&mails[0]);
        let path = link.trim_start_matches("http://onramp.test");
        let form = client.get(path).await;
        assert_eq!(form.status, StatusCode::OK);
        let token = form.input_value("token").unwrap();
        let short = client
            .post_form(
                "/password/reset",
                &[("token", &token), ("password", "short")],
            )
            .await;
        assert_eq!(short.status, StatusCode::UNPROCESSABLE_ENTITY);
        let done = client
            .post_form(
                "/password/reset",
                &[("token", &token), ("password", "a brand new password")],
            )
            .await;
        assert_eq!(done.location(), Some("/login?notice=password_reset"));

        // The link is spent, the old session ended, the old password is gone.
        client.get("/password/forgot").await;
        let replay = client
            .post_form(
                "/password/reset",
                &[("token", &token), ("password", "yet another password")],
            )
            .await;
        assert_eq!(replay.status, StatusCode::GONE);
        assert!(replay.body.contains("already used"));
        assert_eq!(
            signed_in.get("/account").await.status,
            StatusCode::SEE_OTHER
        );
        assert_eq!(
            client.login(&user.email, PASSWORD).await.status,
            StatusCode::UNPROCESSABLE_ENTITY
        );
        assert_eq!(
            client
                .login(&user.email, "a brand new password")
                .await
                .status,
            StatusCode::SEE_OTHER
        );
    }
}

#[tokio::test]
async fn an_expired_reset_link_is_refused() {
    for backend in backends() {
        let app = TestApp::new(&backend).await;
        let (user, _) = app.signed_in(Role::Trainer).await;
        let mut client = app.client();
        client.get("/password/forgot").await;
        client
            .post_form("/password/forgot", &[("email", &user.email)])
            .await;
        sqlx::query("UPDATE password_resets SET expires_at = 1")
            .execute(app.state.store.pool())
            .await
            .unwrap();
        let link = link_in(&app.mails().await[0]);
        let page = client
            .get(link.trim_start_matches("http://onramp.test"))
            .await;
        assert_eq!(page.status, StatusCode::GONE);
        assert!(page.body.contains("expired"));
    }
}
