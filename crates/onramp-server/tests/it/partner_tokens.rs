//! Partner API access: partner admins and partner developers hold personal API tokens that act as
//! them, so a token reaches its own organization (another's answers 404) and is refused on staff
//! routes; revoked, expired and demoted holders' tokens stop working; partner members hold none.

use std::sync::Arc;

use axum::body::Body;
use axum::http::{header, Method, Request, StatusCode};
use onramp_core::Role;
use onramp_server::platform::clock::ManualClock;

use crate::support::{backends, Client, TestApp, TestResponse, PASSWORD};

const DAY_MS: i64 = 86_400_000;

/// Signs `email` in and makes a token through the API; returns the client and the secret.
async fn signed_in_with_token(app: &TestApp, email: &str, body: &str) -> (Client, String) {
    let mut client = app.client();
    assert_eq!(
        client.login(email, PASSWORD).await.status,
        StatusCode::SEE_OTHER
    );
    let created = client.send_json(Method::POST, "/api/v1/tokens", body).await;
    assert_eq!(created.status, StatusCode::CREATED, "{}", created.body);
    let secret = created.json()["token"].as_str().unwrap().to_owned();
    (client, secret)
}

/// Calls `path` with the bearer token only (no cookies).
async fn bearer(app: &TestApp, secret: &str, method: Method, path: &str) -> TestResponse {
    let body = if method == Method::GET {
        Body::empty()
    } else {
        Body::from("{}")
    };
    app.client()
        .send(
            Request::builder()
                .method(method)
                .uri(path)
                .header(header::AUTHORIZATION, format!("Bearer {secret}"))
                .header(header::CONTENT_TYPE, "application/json")
                .body(body)
                .unwrap(),
        )
        .await
}

#[tokio::test]
async fn a_partner_token_reaches_its_own_organization_and_another_answers_not_found() {
    for backend in backends() {
        let app = TestApp::new(&backend).await;
        let admin = app
            .user("admin@acme.test", Role::PartnerAdmin, Some("Acme Clinic"))
            .await;
        let developer = app
            .user("dev@acme.test", Role::PartnerDeveloper, Some("Acme Clinic"))
            .await;
        let stranger = app
            .user("admin@beta.test", Role::PartnerAdmin, Some("Beta Labs"))
            .await;
        let own = admin.organization_id.clone().unwrap();
        let other = stranger.organization_id.clone().unwrap();
        assert_ne!(own, other);

        for (email, role) in [
            ("admin@acme.test", Role::PartnerAdmin),
            ("dev@acme.test", Role::PartnerDeveloper),
        ] {
            let (_, secret) =
                signed_in_with_token(&app, email, r#"{"name": "ci", "expires_in_days": 30}"#).await;
            let call = |method: Method, path: String| {
                let secret = secret.clone();
                let app = &app;
                async move { bearer(app, &secret, method, &path).await }
            };

            let me = call(Method::GET, "/api/v1/me".to_owned()).await;
            assert_eq!(me.status, StatusCode::OK, "{role}: {}", me.body);
            assert_eq!(me.json()["organization_id"], own.as_str());

            // Its own organization's resources answer.
            for path in [
                format!("/api/v1/organizations/{own}"),
                format!("/api/v1/organizations/{own}/agreements"),
                format!("/api/v1/organizations/{own}/documents"),
                "/api/v1/members".to_owned(),
                "/api/v1/agreements".to_owned(),
            ] {
                let response = call(Method::GET, path.clone()).await;
                assert_eq!(
                    response.status,
                    StatusCode::OK,
                    "{role} {path}: {}",
                    response.body
                );
            }
            let members = call(Method::GET, "/api/v1/members".to_owned()).await.json();
            let emails: Vec<&str> = members
                .as_array()
                .unwrap()
                .iter()
                .map(|member| member["email"].as_str().unwrap())
                .collect();
            assert!(emails.contains(&developer.email.as_str()), "{emails:?}");
            assert!(!emails.contains(&stranger.email.as_str()), "{emails:?}");

            // Another organization's answer "not found", never "forbidden".
            for path in [
                format!("/api/v1/organizations/{other}"),
                format!("/api/v1/organizations/{other}/agreements"),
                format!("/api/v1/organizations/{other}/documents"),
            ] {
                let response = call(Method::GET, path.clone()).await;
                assert_eq!(
                    response.status,
                    StatusCode::NOT_FOUND,
                    "{role} {path}: {}",
                    response.body
                );
            }
            let foreign_member = call(
                Method::POST,
                format!("/api/v1/members/{}/deactivate", stranger.id),
            )
            .await;
            let expected = if role == Role::PartnerAdmin {
                StatusCode::NOT_FOUND
            } else {
                StatusCode::FORBIDDEN
            };
            assert_eq!(foreign_member.status, expected, "{role}");

            // Staff routes refuse it, as they refuse the user's session.
            for (method, path) in [
                (Method::GET, "/api/v1/organizations".to_owned()),
                (Method::GET, "/api/v1/organizations.csv".to_owned()),
                (Method::GET, "/api/v1/audit-events".to_owned()),
                (Method::GET, "/api/v1/jobs".to_owned()),
                (
                    Method::POST,
                    format!("/api/v1/organizations/{own}/transitions"),
                ),
                (Method::POST, "/api/v1/agreements".to_owned()),
            ] {
                let response = call(method.clone(), path.clone()).await;
                assert_eq!(
                    response.status,
                    StatusCode::FORBIDDEN,
                    "{role} {method} {path}: {}",
                    response.body
                );
                assert_eq!(response.content_type(), "application/problem+json");
            }
            // What only a partner admin may do stays theirs.
            let invitation = call(Method::POST, "/api/v1/invitations".to_owned()).await;
            if role == Role::PartnerAdmin {
                assert_ne!(invitation.status, StatusCode::FORBIDDEN, "{role}");
            } else {
                assert_eq!(invitation.status, StatusCode::FORBIDDEN, "{role}");
            }
            // A token opens the API, not the portal.
            let portal = call(Method::GET, "/partner".to_owned()).await;
            assert_eq!(portal.status, StatusCode::SEE_OTHER, "{role}");
        }

        // The audit events of partner tokens carry the organization.
        let created = onramp_store::platform::audit::list(
            app.state.store.pool(),
            &onramp_store::platform::audit::AuditFilter {
                entity_type: Some("api_token".to_owned()),
                organization_id: Some(own.clone()),
                ..Default::default()
            },
            100,
            0,
        )
        .await
        .unwrap();
        assert_eq!(created.total, 2);
    }
}

#[tokio::test]
async fn revoked_expired_and_demoted_partner_tokens_are_refused_and_members_hold_none() {
    for backend in backends() {
        let clock = Arc::new(ManualClock::starting_now());
        let app = TestApp::with_clock(&backend, clock.clone(), |_| {}).await;
        app.user("admin@acme.test", Role::PartnerAdmin, Some("Acme Clinic"))
            .await;
        let developer = app
            .user("dev@acme.test", Role::PartnerDeveloper, Some("Acme Clinic"))
            .await;
        app.user("member@acme.test", Role::PartnerMember, Some("Acme Clinic"))
            .await;

        // Made on the page: the secret is shown once.
        let mut dev_client = app.client();
        dev_client.login("dev@acme.test", PASSWORD).await;
        let tokens_page = dev_client.get("/account/tokens").await;
        assert_eq!(tokens_page.status, StatusCode::OK);
        assert!(tokens_page.body.contains("your own organization"));
        assert!(dev_client
            .get("/partner")
            .await
            .body
            .contains("href=\"/account/tokens\""));
        let made = dev_client
            .post_form(
                "/account/tokens",
                &[("name", "page token"), ("expires_in_days", "")],
            )
            .await;
        assert_eq!(made.status, StatusCode::OK, "{}", made.body);
        let start = made.body.find("<code id=\"new-token\">").unwrap() + 21;
        let page_secret = made.body[start..].split('<').next().unwrap().to_owned();
        assert!(page_secret.starts_with("onr_"), "{page_secret}");
        assert!(!dev_client
            .get("/account/tokens")
            .await
            .body
            .contains(&page_secret));
        // A refused form keeps what was typed.
        let refused = dev_client
            .post_form(
                "/account/tokens",
                &[("name", "kept name"), ("expires_in_days", "400")],
            )
            .await;
        assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(refused.input_value("name").as_deref(), Some("kept name"));
        assert_eq!(
            refused.input_value("expires_in_days").as_deref(),
            Some("400")
        );

        // Revoked on the page: refused.
        assert_eq!(
            bearer(&app, &page_secret, Method::GET, "/api/v1/me")
                .await
                .status,
            StatusCode::OK
        );
        let listed = dev_client.get("/api/v1/tokens").await.json();
        let page_token_id = listed[0]["id"].as_str().unwrap().to_owned();
        dev_client.get("/account/tokens").await;
        // Revoking asks first; the token works until confirmed.
        let asked = dev_client
            .post_form(&format!("/account/tokens/{page_token_id}/revoke"), &[])
            .await;
        assert_eq!(asked.status, StatusCode::OK, "{}", asked.body);
        assert!(
            asked.body.contains("stop working at once"),
            "{}",
            asked.body
        );
        assert_eq!(
            bearer(&app, &page_secret, Method::GET, "/api/v1/me")
                .await
                .status,
            StatusCode::OK
        );
        let revoked = dev_client
            .post_form(
                &format!("/account/tokens/{page_token_id}/revoke"),
                &[("confirmed", "yes")],
            )
            .await;
        assert_eq!(revoked.status, StatusCode::SEE_OTHER);
        let after = bearer(&app, &page_secret, Method::GET, "/api/v1/me").await;
        assert_eq!(after.status, StatusCode::UNAUTHORIZED);
        assert_eq!(after.content_type(), "application/problem+json");

        // Expired: refused once its day has passed.
        let (_, short_lived) = signed_in_with_token(
            &app,
            "dev@acme.test",
            r#"{"name": "short", "expires_in_days": 1}"#,
        )
        .await;
        let (_, long_lived) = signed_in_with_token(
            &app,
            "dev@acme.test",
            r#"{"name": "long", "expires_in_days": 30}"#,
        )
        .await;
        clock.advance(2 * DAY_MS);
        assert_eq!(
            bearer(&app, &short_lived, Method::GET, "/api/v1/me")
                .await
                .status,
            StatusCode::UNAUTHORIZED
        );
        assert_eq!(
            bearer(&app, &long_lived, Method::GET, "/api/v1/me")
                .await
                .status,
            StatusCode::OK
        );

        // Partner members, the read-only role, hold no tokens.
        let mut member = app.client();
        member.login("member@acme.test", PASSWORD).await;
        let member_home = member.get("/partner").await;
        assert!(!member_home.body.contains("href=\"/account/tokens\""));
        assert_eq!(
            member.get("/account/tokens").await.status,
            StatusCode::FORBIDDEN
        );
        let refused = member
            .send_json(Method::POST, "/api/v1/tokens", r#"{"name": "x"}"#)
            .await;
        assert_eq!(refused.status, StatusCode::FORBIDDEN);

        // A developer made a member loses their tokens, in the same change.
        let mut admin = app.client();
        admin.login("admin@acme.test", PASSWORD).await;
        let demoted = admin
            .send_json(
                Method::POST,
                &format!("/api/v1/members/{}/role", developer.id),
                r#"{"role": "partner_member"}"#,
            )
            .await;
        assert_eq!(demoted.status, StatusCode::NO_CONTENT, "{}", demoted.body);
        assert_eq!(
            bearer(&app, &long_lived, Method::GET, "/api/v1/me")
                .await
                .status,
            StatusCode::UNAUTHORIZED
        );
        let (n_live,): (i64,) = sqlx::query_as(
            "SELECT COUNT(*) FROM api_tokens WHERE user_id = $1 AND revoked_at IS NULL",
        )
        .bind(&developer.id)
        .fetch_one(app.state.store.pool())
        .await
        .unwrap();
        assert_eq!(n_live, 0);
        let events = onramp_store::platform::audit::list(
            app.state.store.pool(),
            &onramp_store::platform::audit::AuditFilter {
                entity_id: Some(developer.id.clone()),
                ..Default::default()
            },
            10,
            0,
        )
        .await
        .unwrap();
        let role_change = events
            .events
            .iter()
            .find(|event| event.action == "user.role_changed")
            .unwrap();
        assert!(
            role_change.summary.contains("2 API token(s) revoked"),
            "{}",
            role_change.summary
        );
        let actions = app.audit_actions().await;
        assert!(actions.contains(&"api_token.revoked".to_owned()));
    }
}
