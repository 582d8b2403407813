//! Signing in and out: sessions, rotation, expiry, lockout.

use axum::http::StatusCode;
use onramp_core::Role;

use crate::support::{backends, TestApp, PASSWORD};

#[tokio::test]
async fn a_user_signs_in_sees_their_account_and_signs_out() {
    for backend in backends() {
        let app = TestApp::new(&backend).await;
        let (user, mut client) = app.signed_in(Role::ConformanceAnalyst).await;
        let account = client.get("/account").await;
        assert_eq!(account.status, StatusCode::OK);
        assert!(account.body.contains(&user.email));
        assert!(account.body.contains("Conformance analyst"));

        let out = client.post_form("/logout", &[]).await;
        assert_eq!(out.status, StatusCode::SEE_OTHER);
        assert!(!client.cookies.contains_key("onramp_session"));
        let after = client.get("/account").await;
        assert_eq!(after.status, StatusCode::SEE_OTHER);
        assert_eq!(after.location(), Some("/login?next=%2Faccount"));
        let actions = app.audit_actions().await;
        assert!(actions.contains(&"session.created".to_owned()));
        assert!(actions.contains(&"session.ended".to_owned()));
    }
}

#[tokio::test]
async fn the_session_cookie_is_http_only_same_site_and_new_at_every_login() {
    for backend in backends() {
        let app = TestApp::new(&backend).await;
        app.user("ada@example.org", Role::Trainer, None).await;
        let mut client = app.client();
        let first = client.login("ada@example.org", PASSWORD).await;
        let set_cookie = first
            .headers
            .get_all("set-cookie")
            .iter()
            .map(|value| value.to_str().unwrap().to_owned())
            .find(|value| value.starts_with("onramp_session="))
            .unwrap();
        assert!(set_cookie.contains("HttpOnly"));
        assert!(set_cookie.contains("SameSite=Lax"));
        let first_session = client.cookies["onramp_session"].clone();

        // Signing in again from the same browser replaces the session, and the old id is dead.
        client.refresh_csrf().await;
        let again = client
            .post_form(
                "/login",
                &[("email", "ada@example.org"), ("password", PASSWORD)],
            )
            .await;
        assert_eq!(again.status, StatusCode::SEE_OTHER);
        let second_session = client.cookies["onramp_session"].clone();
        assert_ne!(first_session, second_session);
        let mut stale = app.client();
        stale
            .cookies
            .insert("onramp_session".to_owned(), first_session);
        assert_eq!(stale.get("/account").await.status, StatusCode::SEE_OTHER);
    }
}

#[tokio::test]
async fn a_wrong_password_gets_one_message_whether_or_not_the_account_exists() {
    for backend in backends() {
        let app = TestApp::new(&backend).await;
        app.user("ada@example.org", Role::Trainer, None).await;
        let mut client = app.client();
        let wrong = client.login("ada@example.org", "not the password").await;
        let unknown = client.login("nobody@example.org", "not the password").await;
        assert_eq!(wrong.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(unknown.status, StatusCode::UNPROCESSABLE_ENTITY);
        let message = "That email and password do not match an account, or the account is paused";
        assert!(wrong.body.contains(message));
        assert!(unknown.body.contains(message));
        assert!(!client.cookies.contains_key("onramp_session"));
    }
}

#[tokio::test]
async fn repeated_failures_lock_the_account_with_a_clear_message() {
    for backend in backends() {
        let app = TestApp::new(&backend).await;
        app.user("ada@example.org", Role::SupportAgent, None).await;
        let mut client = app.client();
        for _ in 0..5 {
            client.login("ada@example.org", "guess guess guess").await;
        }
        // Now even the right password is refused. The page says what it says for any wrong
        // password (it must not tell a stranger the account exists); the owner is mailed why and
        // until when.
        let locked = client.login("ada@example.org", PASSWORD).await;
        assert_eq!(locked.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(
            locked
                .body
                .contains("or the account is paused after too many failed attempts"),
            "{}",
            locked.body
        );
        assert!(!locked.body.contains("locked until"));
        assert!(!client.cookies.contains_key("onramp_session"));
        let lock_mails: Vec<String> = app
            .mails()
            .await
            .into_iter()
            .filter(|mail| mail.contains("was paused"))
            .collect();
        assert_eq!(lock_mails.len(), 1, "one mail to the owner");
        assert!(lock_mails[0].contains("ada@example.org"));
        let actions = app.audit_actions().await;
        assert_eq!(
            actions
                .iter()
                .filter(|action| *action == "user.sign_in_failed")
                .count(),
            4
        );
        assert!(actions.contains(&"user.locked".to_owned()));

        // When the lock has passed, the right password works again.
        sqlx::query("UPDATE users SET locked_until = 1 WHERE email = 'ada@example.org'")
            .execute(app.state.store.pool())
            .await
            .unwrap();
        assert_eq!(
            client.login("ada@example.org", PASSWORD).await.status,
            StatusCode::SEE_OTHER
        );
    }
}

#[tokio::test]
async fn idle_and_absolutely_old_sessions_end() {
    for backend in backends() {
        let app = TestApp::new(&backend).await;
        let (_, mut idle) = app.signed_in(Role::Trainer).await;
        let idle_hash = onramp_server::web::secret::sha256_hex(&idle.cookies["onramp_session"]);
        sqlx::query("UPDATE sessions SET last_seen_at = last_seen_at - $1 WHERE id_hash = $2")
            .bind(31_i64 * 60_000)
            .bind(&idle_hash)
            .execute(app.state.store.pool())
            .await
            .unwrap();
        assert_eq!(idle.get("/account").await.status, StatusCode::SEE_OTHER);

        let mut old = app.client();
        old.login("trainer@example.org", PASSWORD).await;
        let old_hash = onramp_server::web::secret::sha256_hex(&old.cookies["onramp_session"]);
        assert_eq!(old.get("/account").await.status, StatusCode::OK);
        sqlx::query("UPDATE sessions SET expires_at = 1 WHERE id_hash = $1")
            .bind(&old_hash)
            .execute(app.state.store.pool())
            .await
            .unwrap();
        assert_eq!(old.get("/account").await.status, StatusCode::SEE_OTHER);
    }
}

#[tokio::test]
async fn after_sign_in_the_user_returns_to_the_page_they_asked_for_but_never_off_site() {
    for backend in backends() {
        let app = TestApp::new(&backend).await;
        app.user("ada@example.org", Role::ProgramAdmin, None).await;
        let mut client = app.client();
        client.get("/login?next=/admin/audit").await;
        let response = client
            .post_form(
                "/login",
                &[
                    ("email", "ada@example.org"),
                    ("password", PASSWORD),
                    ("next", "/admin/audit"),
                ],
            )
            .await;
        assert_eq!(response.location(), Some("/admin/audit"));
        let mut other = app.client();
        other.get("/login").await;
        let response = other
            .post_form(
                "/login",
                &[
                    ("email", "ada@example.org"),
                    ("password", PASSWORD),
                    ("next", "//evil.example/"),
                ],
            )
            .await;
        assert_eq!(response.location(), Some("/"));
    }
}
