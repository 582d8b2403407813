//! The TOTP second factor: enrolment, sign-in with a code or a recovery code, no replays, and a
//! role that requires it.

use axum::http::StatusCode;
use onramp_core::Role;
use totp_rs::{Algorithm, Secret, TOTP};

use crate::support::{backends, Client, TestApp, PASSWORD};

pub fn code_at(secret: &str, email: &str, unix_seconds: u64) -> String {
    TOTP::new(
        Algorithm::SHA1,
        6,
        1,
        30,
        Secret::Encoded(secret.to_owned()).to_bytes().unwrap(),
        Some("Onramp".to_owned()),
        email.to_owned(),
    )
    .unwrap()
    .generate(unix_seconds)
}

fn now() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs()
}

/// Enrols through the pages; returns the secret and the recovery codes shown.
async fn enrol(client: &mut Client, email: &str) -> (String, Vec<String>) {
    let page = client.get("/account/second-factor").await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(
        page.body.contains("data:image/svg+xml;base64,"),
        "the QR code is an image"
    );
    let secret = {
        let start = page.body.find("id=\"totp-secret\">").unwrap() + "id=\"totp-secret\">".len();
        let end = page.body[start..].find('<').unwrap() + start;
        page.body[start..end].to_owned()
    };
    let wrong = client
        .post_form("/account/second-factor", &[("code", "000000")])
        .await;
    assert_eq!(wrong.status, StatusCode::UNPROCESSABLE_ENTITY);
    let done = client
        .post_form(
            "/account/second-factor",
            &[("code", &code_at(&secret, email, now()))],
        )
        .await;
    assert_eq!(done.status, StatusCode::OK, "{}", done.body);
    let start = done.body.find("id=\"recovery-codes\">").unwrap();
    let codes: Vec<String> = done.body[start..]
        .split("<li>")
        .skip(1)
        .map(|item| item.split('<').next().unwrap().to_owned())
        .collect();
    assert_eq!(codes.len(), 10);
    (secret, codes)
}

#[tokio::test]
async fn an_enrolled_user_needs_the_second_factor_and_codes_do_not_replay() {
    for backend in backends() {
        let app = TestApp::new(&backend).await;
        let (user, mut client) = app.signed_in(Role::OnboardingCoordinator).await;
        let (secret, _) = enrol(&mut client, &user.email).await;

        let mut next = app.client();
        let response = next.login(&user.email, PASSWORD).await;
        assert_eq!(response.location(), Some("/login/second-factor"));
        // Halfway through, the session opens nothing else.
        let account = next.get("/account").await;
        assert_eq!(account.location(), Some("/login/second-factor"));
        let api = next.get("/api/v1/me").await;
        assert_eq!(api.status, StatusCode::UNAUTHORIZED);

        next.get("/login/second-factor").await;
        let wrong = next
            .post_form("/login/second-factor", &[("code", "123456")])
            .await;
        assert_eq!(wrong.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(
            wrong.body.contains("That code is not right"),
            "{}",
            wrong.body
        );
        // The code the enrolment just used is right but spent: the page says to wait for the next.
        let used_step = onramp_store::accounts::users::find_by_id(app.state.store.pool(), &user.id)
            .await
            .unwrap()
            .totp_last_step
            .unwrap();
        let used_code = code_at(&secret, &user.email, u64::try_from(used_step * 30).unwrap());
        let spent = next
            .post_form("/login/second-factor", &[("code", &used_code)])
            .await;
        assert_eq!(spent.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(
            spent
                .body
                .contains("That code has just been used. Wait for your app"),
            "{}",
            spent.body
        );
        // The enrolment used this step's code; the next step's code is accepted, once.
        let code = code_at(&secret, &user.email, now() + 30);
        let pending_cookie = next.cookies["onramp_session"].clone();
        let done = next
            .post_form("/login/second-factor", &[("code", &code)])
            .await;
        assert_eq!(done.location(), Some("/"));
        assert_ne!(
            next.cookies["onramp_session"], pending_cookie,
            "the session id changes"
        );
        assert_eq!(next.get("/account").await.status, StatusCode::OK);

        let mut replay = app.client();
        replay.login(&user.email, PASSWORD).await;
        replay.get("/login/second-factor").await;
        let again = replay
            .post_form("/login/second-factor", &[("code", &code)])
            .await;
        assert_eq!(again.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(again.body.contains("has just been used"), "{}", again.body);
    }
}

#[tokio::test]
async fn a_recovery_code_works_once() {
    for backend in backends() {
        let app = TestApp::new(&backend).await;
        let (user, mut client) = app.signed_in(Role::PartnerDeveloper).await;
        let (_, codes) = enrol(&mut client, &user.email).await;
        for (attempt, expected) in [
            (1, StatusCode::SEE_OTHER),
            (2, StatusCode::UNPROCESSABLE_ENTITY),
        ] {
            let mut other = app.client();
            other.login(&user.email, PASSWORD).await;
            other.get("/login/second-factor").await;
            let response = other
                .post_form(
                    "/login/second-factor",
                    &[("code", &codes[0].to_uppercase())],
                )
                .await;
            assert_eq!(response.status, expected, "attempt {attempt}");
        }
        let page = client.get("/account").await;
        assert!(page.body.contains("9 recovery codes are left"));
    }
}

#[tokio::test]
async fn a_role_that_requires_a_second_factor_must_enrol_before_anything_else() {
    for backend in backends() {
        let app = TestApp::new(&backend).await;
        let (_, mut admin) = app.signed_in(Role::ProgramAdmin).await;
        admin.refresh_csrf().await;
        let saved = admin
            .post_form("/admin/security", &[("require_mfa", "support_agent")])
            .await;
        assert_eq!(saved.status, StatusCode::SEE_OTHER);

        let user = app
            .user("agent@example.org", Role::SupportAgent, None)
            .await;
        let mut client = app.client();
        let response = client.login(&user.email, PASSWORD).await;
        assert_eq!(response.location(), Some("/account/second-factor"));
        assert!(!client.get("/").await.body.contains("Welcome"));
        assert_eq!(
            client.get("/account").await.location(),
            Some("/account/second-factor")
        );
        enrol(&mut client, &user.email).await;
        // Enrolment completed the session.
        assert_eq!(client.get("/account").await.status, StatusCode::OK);
        // And the factor cannot be turned off while the role requires it.
        client.refresh_csrf().await;
        let off = client
            .post_form("/account/second-factor/disable", &[("password", PASSWORD)])
            .await;
        assert_eq!(off.status, StatusCode::CONFLICT);
        assert!(app
            .audit_actions()
            .await
            .contains(&"policy.second_factor_changed".to_owned()));
    }
}
