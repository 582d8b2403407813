//! Regressions of what an outside probe found (issue 10), each reproducing the attack as it was
//! described: parallel guesses past the lockout, an open redirect, sessions outliving a password
//! change, NUL bytes, account enumeration, same-site CSRF on body-less API posts, and the smaller
//! ones. Every test runs on SQLite and PostgreSQL.

use std::time::{Duration, Instant};

use axum::body::Body;
use axum::http::{header, Request, StatusCode};
use onramp_core::Role;
use onramp_server::accounts::rate_limit::{RateLimit, RateLimits};
use onramp_server::ServerConfig;
use std::sync::Arc;

use onramp_server::platform::clock::{Clock, ManualClock, SystemClock};
use tokio::task::JoinSet;

use crate::registry_support::{application, applied_and_confirmed, approved, post, staff};
use crate::support::{backends, Client, TestApp, PASSWORD};

/// Limits so high that only the account lockout can refuse: for testing the lockout itself.
fn without_rate_limits(config: &mut ServerConfig) {
    let open = RateLimit::new(100_000, 60);
    config.rate_limits = RateLimits {
        sign_in_per_client: open,
        sign_in_per_account: open,
        second_factor_per_client: open,
        second_factor_per_account: open,
        password_reset_per_client: open,
        password_reset_per_account: open,
        registration_per_client: open,
        registration_per_address: open,
        invitation_per_organization: open,
        invitation_per_address: open,
    };
}

async fn locked_until(app: &TestApp, email: &str) -> Option<i64> {
    sqlx::query_scalar("SELECT locked_until FROM users WHERE email = $1")
        .bind(email)
        .fetch_one(app.state.store.pool())
        .await
        .unwrap()
}

#[tokio::test]
async fn a_hundred_parallel_wrong_passwords_lock_the_account_and_the_right_one_is_then_refused() {
    for backend in backends() {
        let app = TestApp::with_config(&backend, without_rate_limits).await;
        app.user("ada@example.org", Role::PartnerAdmin, Some("Acme Clinic"))
            .await;
        let mut attempts = JoinSet::new();
        for index in 0..100 {
            let mut client = app.client();
            attempts.spawn(async move {
                client
                    .login("ada@example.org", &format!("wrong guess number {index}"))
                    .await
                    .status
            });
        }
        while let Some(status) = attempts.join_next().await {
            assert_eq!(status.unwrap(), StatusCode::UNPROCESSABLE_ENTITY);
        }
        assert!(
            locked_until(&app, "ada@example.org").await.is_some(),
            "{backend:?}: the account must be locked"
        );
        let actions = app.audit_actions().await;
        let n_locked = actions
            .iter()
            .filter(|action| *action == "user.locked")
            .count();
        let n_failed = actions
            .iter()
            .filter(|action| *action == "user.sign_in_failed")
            .count();
        assert_eq!(n_locked, 1, "{backend:?}: locked once");
        assert_eq!(
            n_failed, 4,
            "{backend:?}: only the attempts under the threshold were checked"
        );

        let mut client = app.client();
        let right = client.login("ada@example.org", PASSWORD).await;
        assert_eq!(
            right.status,
            StatusCode::UNPROCESSABLE_ENTITY,
            "{backend:?}"
        );
        assert!(!client.cookies.contains_key("onramp_session"));
    }
}

#[tokio::test]
async fn two_hundred_parallel_wrong_second_factor_codes_lock_the_account() {
    for backend in backends() {
        let app = TestApp::with_config(&backend, without_rate_limits).await;
        let user = app.user("bo@example.org", Role::ProgramAdmin, None).await;
        let secret = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP";
        let mut tx = app.state.store.begin().await.unwrap();
        onramp_store::accounts::users::set_pending_totp_secret(&mut tx, &user.id, secret)
            .await
            .unwrap();
        onramp_store::accounts::users::enable_totp(&mut tx, &user.id, 0, &[])
            .await
            .unwrap();
        tx.commit().await.unwrap();
        let mut client = app.client();
        let pending = client.login("bo@example.org", PASSWORD).await;
        assert_eq!(pending.location(), Some("/login/second-factor"));
        client.get("/login/second-factor").await;

        let mut attempts = JoinSet::new();
        for _ in 0..200 {
            let mut attempt = client.clone();
            // Five digits: never a valid code, so every attempt is a failure.
            attempts.spawn(async move {
                attempt
                    .post_form("/login/second-factor", &[("code", "12345")])
                    .await
                    .status
            });
        }
        while let Some(status) = attempts.join_next().await {
            let status = status.unwrap();
            assert!(
                matches!(
                    status,
                    StatusCode::UNPROCESSABLE_ENTITY | StatusCode::SEE_OTHER
                ),
                "{status}"
            );
        }
        assert!(
            locked_until(&app, "bo@example.org").await.is_some(),
            "{backend:?}"
        );
        let n_failed = app
            .audit_actions()
            .await
            .iter()
            .filter(|action| *action == "user.sign_in_failed")
            .count();
        assert_eq!(n_failed, 4, "{backend:?}");

        // The right code no longer helps: the pending session ended with the lock, and a new
        // sign-in is refused while the lock lasts.
        let now = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .unwrap()
            .as_secs();
        let code = crate::second_factor::code_at(secret, "bo@example.org", now);
        let right = client
            .post_form("/login/second-factor", &[("code", &code)])
            .await;
        assert_eq!(right.status, StatusCode::SEE_OTHER);
        assert_ne!(right.location(), Some("/"));
        assert_eq!(
            app.client().login("bo@example.org", PASSWORD).await.status,
            StatusCode::UNPROCESSABLE_ENTITY
        );
    }
}

#[tokio::test]
async fn rate_limits_refuse_bursts_of_sign_ins_and_registrations_across_instances() {
    for backend in backends() {
        // The clock stands at the start of an hour, so every attempt falls in one window of each
        // limit (fixed windows restart on the hour and on every fifth minute).
        let now = SystemClock.now_ms();
        let clock = Arc::new(ManualClock::new(now - now % 3_600_000));
        let app = TestApp::with_clock(&backend, clock.clone(), |_| {}).await;
        app.user("cy@example.org", Role::Trainer, None).await;
        // A second instance on the same database counts against the same limits.
        let second_state =
            onramp_server::build_state_with_clock(app.state.config.clone(), clock.clone())
                .await
                .unwrap();
        let second = onramp_server::app(second_state);
        let limit = app.state.config.rate_limits.sign_in_per_account.max;
        let mut statuses = Vec::new();
        for index in 0..limit + 2 {
            let mut client = if index % 2 == 0 {
                app.client()
            } else {
                Client::for_router(second.clone())
            };
            statuses.push(client.login("cy@example.org", "a wrong password").await);
        }
        let refused: Vec<_> = statuses
            .iter()
            .filter(|response| response.status == StatusCode::TOO_MANY_REQUESTS)
            .collect();
        assert_eq!(
            refused.len(),
            2,
            "{backend:?}: two past the limit of {limit}"
        );
        assert!(refused[0].headers.contains_key(header::RETRY_AFTER));
        assert!(
            refused[0].body.contains("try again in"),
            "{}",
            refused[0].body
        );

        // Applications from one client: the ones past the limit are refused and mail nobody.
        let limit = app.state.config.rate_limits.registration_per_client.max;
        let mut applications = JoinSet::new();
        for index in 0..limit + 3 {
            let mut client = app.client();
            applications.spawn(async move {
                post(
                    &mut client,
                    "/api/v1/registrations",
                    application(
                        &format!("Burst {index}"),
                        &format!("burst{index}.test"),
                        &format!("admin@burst{index}.test"),
                    ),
                )
                .await
                .status
            });
        }
        let mut n_accepted = 0;
        let mut n_refused = 0;
        while let Some(status) = applications.join_next().await {
            match status.unwrap() {
                StatusCode::ACCEPTED => n_accepted += 1,
                StatusCode::TOO_MANY_REQUESTS => n_refused += 1,
                other => panic!("{other}"),
            }
        }
        assert_eq!((n_accepted, n_refused), (limit, 3), "{backend:?}");
        let n_mails = app
            .mails()
            .await
            .iter()
            .filter(|mail| mail.contains("burst"))
            .count();
        assert_eq!(n_mails, limit as usize);
    }
}

#[tokio::test]
async fn next_after_sign_in_never_leaves_the_site_and_never_breaks_the_redirect() {
    for backend in backends() {
        let app = TestApp::new(&backend).await;
        let (_, mut client) = app.signed_in(Role::OnboardingCoordinator).await;
        for next in [
            "/%09/evil.example/path",
            "/%0a/evil.example",
            "/%0d%0a/evil.example",
            "/%0b/evil.example",
            "/%5c/evil.example",
            "%2f%2fevil.example",
            "/%2f/evil.example",
        ] {
            let response = client.get(&format!("/login?next={next}")).await;
            // %00-style controls in a query are refused at the boundary; everything else is
            // redirected home or to a path on this site.
            assert!(
                matches!(
                    response.status,
                    StatusCode::SEE_OTHER | StatusCode::UNPROCESSABLE_ENTITY
                ),
                "{next}: {}",
                response.status
            );
            if response.status == StatusCode::SEE_OTHER {
                assert_eq!(response.location(), Some("/"), "{next}");
            }
        }
        let fine = client.get("/login?next=/admin/audit%3Fpage%3D2").await;
        assert_eq!(fine.location(), Some("/admin/audit?page=2"));
    }
}

#[tokio::test]
async fn changing_the_password_ends_every_other_session() {
    for backend in backends() {
        let app = TestApp::new(&backend).await;
        let (user, mut here) = app.signed_in(Role::PartnerDeveloper).await;
        let mut elsewhere = app.client();
        assert_eq!(
            elsewhere.login(&user.email, PASSWORD).await.status,
            StatusCode::SEE_OTHER
        );
        here.get("/account").await;
        let changed = here
            .post_form(
                "/account/password",
                &[
                    ("current_password", PASSWORD),
                    ("new_password", "a brand new long password"),
                ],
            )
            .await;
        assert_eq!(changed.location(), Some("/account?notice=password_changed"));
        let page = here.get("/account?notice=password_changed").await;
        assert_eq!(page.status, StatusCode::OK);
        assert!(page
            .body
            .contains("Every other session of your account has been signed out"));
        let stolen = elsewhere.get("/account").await;
        assert_eq!(stolen.status, StatusCode::SEE_OTHER);
        assert!(stolen.location().unwrap().starts_with("/login"));
        let actions = app.audit_actions().await;
        assert!(actions.contains(&"user.password_changed".to_owned()));
    }
}

#[tokio::test]
async fn nul_and_control_characters_are_refused_with_the_field_named_on_both_engines() {
    for backend in backends() {
        let app = TestApp::new(&backend).await;
        let mut anonymous = app.client();
        let mut body = application("Nul Labs", "nul.test", "admin@nul.test");
        body["legal_name"] = serde_json::json!("Nul\u{0}Labs");
        body["region"] = serde_json::json!("Ohio\u{7}");
        let refused = post(&mut anonymous, "/api/v1/registrations", body).await;
        assert_eq!(
            refused.status,
            StatusCode::UNPROCESSABLE_ENTITY,
            "{}",
            refused.body
        );
        assert_eq!(refused.content_type(), "application/problem+json");
        let fields: Vec<String> = refused.json()["errors"]
            .as_array()
            .unwrap()
            .iter()
            .map(|error| error["field"].as_str().unwrap().to_owned())
            .collect();
        assert_eq!(fields, ["/legal_name", "/region"]);

        // A portal form.
        anonymous.get("/register").await;
        let form = anonymous
            .post_form("/register", &[("legal_name", "Nul\u{0}Labs")])
            .await;
        assert_eq!(form.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(form.body.contains("legal_name"), "{}", form.body);

        // Query parameters and path segments, as a reviewer.
        let mut reviewer = staff(&app, Role::ProgramAdmin).await;
        let query = reviewer.get("/api/v1/organizations?q=%00").await;
        assert_eq!(
            query.status,
            StatusCode::UNPROCESSABLE_ENTITY,
            "{}",
            query.body
        );
        assert_eq!(query.json()["errors"][0]["field"], "q");
        let path = reviewer.get("/api/v1/organizations/%00").await;
        assert_eq!(
            path.status,
            StatusCode::UNPROCESSABLE_ENTITY,
            "{}",
            path.body
        );
        assert_eq!(path.json()["errors"][0]["field"], "path");

        // Nothing was stored.
        let n: i64 =
            sqlx::query_scalar("SELECT COUNT(*) FROM organizations WHERE name LIKE 'Nul%'")
                .fetch_one(app.state.store.pool())
                .await
                .unwrap();
        assert_eq!(n, 0);
        // Tabs and newlines are text, not controls.
        let mut body = application("Tab\tLabs", "tab.test", "admin@tab.test");
        body["use_case"] = serde_json::json!("Line one\r\nline two");
        let accepted = post(&mut app.client(), "/api/v1/registrations", body).await;
        assert_eq!(accepted.status, StatusCode::ACCEPTED, "{}", accepted.body);
    }
}

/// Times one request and returns it with how long it took.
async fn timed<F: std::future::Future<Output = crate::support::TestResponse>>(
    request: F,
) -> (crate::support::TestResponse, Duration) {
    let started = Instant::now();
    let response = request.await;
    (response, started.elapsed())
}

#[tokio::test]
async fn registration_reset_invitation_and_sign_in_answer_alike_for_every_address() {
    for backend in backends() {
        let app = TestApp::new(&backend).await;
        let floor = Duration::from_millis(u64::from(app.state.config.uniform_response_ms));
        let existing = app
            .user("taken@example.org", Role::SupportAgent, None)
            .await;

        // Registration: an address with an account and a new one.
        let (taken, taken_time) = timed(post(
            &mut app.client(),
            "/api/v1/registrations",
            application("Taken Labs", "taken.test", &existing.email),
        ))
        .await;
        let (fresh, fresh_time) = timed(post(
            &mut app.client(),
            "/api/v1/registrations",
            application("Fresh Labs", "fresh.test", "admin@fresh.test"),
        ))
        .await;
        assert_eq!(taken.status, fresh.status);
        assert_eq!(taken.status, StatusCode::ACCEPTED);
        let without_email = |mut value: serde_json::Value| {
            value["contact_email"] = serde_json::Value::Null;
            value
        };
        assert_eq!(without_email(taken.json()), without_email(fresh.json()));
        assert!(
            taken_time >= floor && fresh_time >= floor,
            "{taken_time:?} {fresh_time:?}"
        );
        let mails = app.mails().await;
        assert!(mails.iter().any(|mail| mail.contains("taken@example.org")
            && mail.contains("already has an Onramp account")));
        let n_taken: i64 =
            sqlx::query_scalar("SELECT COUNT(*) FROM organizations WHERE name = 'Taken Labs'")
                .fetch_one(app.state.store.pool())
                .await
                .unwrap();
        assert_eq!(
            n_taken, 0,
            "nothing is created for an address that has an account"
        );

        // Password reset.
        let mut client = app.client();
        client.get("/password/forgot").await;
        let (known, known_time) =
            timed(client.post_form("/password/forgot", &[("email", existing.email.as_str())]))
                .await;
        let (unknown, unknown_time) =
            timed(client.post_form("/password/forgot", &[("email", "nobody@example.org")])).await;
        assert_eq!(known.status, unknown.status);
        assert_eq!(known.location(), unknown.location());
        assert!(known_time >= floor && unknown_time >= floor);

        // Invitation, by a partner admin: an address with an account and a new one.
        let (_, mut partner) =
            applied_and_confirmed(&app, "Inviting Labs", "inviting.test", "ada@inviting.test")
                .await;
        let invite = |email: &str| serde_json::json!({"email": email, "name": "Someone", "role": "partner_member"});
        let (taken, taken_time) = timed(post(
            &mut partner,
            "/api/v1/invitations",
            invite(&existing.email),
        ))
        .await;
        let (fresh, fresh_time) = timed(post(
            &mut partner,
            "/api/v1/invitations",
            invite("new@inviting.test"),
        ))
        .await;
        assert_eq!(taken.status, StatusCode::ACCEPTED, "{}", taken.body);
        assert_eq!(fresh.status, StatusCode::ACCEPTED, "{}", fresh.body);
        let without_email = |mut value: serde_json::Value| {
            value["email"] = serde_json::Value::Null;
            value
        };
        assert_eq!(without_email(taken.json()), without_email(fresh.json()));
        assert!(taken_time >= floor && fresh_time >= floor);

        // Sign-in: unknown, invited (no password yet), locked and real addresses.
        let locked = app.user("locked@example.org", Role::Trainer, None).await;
        sqlx::query("UPDATE users SET locked_until = $1 WHERE id = $2")
            .bind(i64::MAX / 2)
            .bind(&locked.id)
            .execute(app.state.store.pool())
            .await
            .unwrap();
        let mut bodies = Vec::new();
        for email in [
            "nobody@example.org",
            "new@inviting.test",
            "locked@example.org",
            "taken@example.org",
        ] {
            let mut client = app.client();
            client.get("/login").await;
            let (response, elapsed) = timed(client.post_form(
                "/login",
                &[("email", email), ("password", "not the password")],
            ))
            .await;
            assert_eq!(response.status, StatusCode::UNPROCESSABLE_ENTITY, "{email}");
            assert!(elapsed >= floor, "{email}: {elapsed:?}");
            let start = response.body.find("That email and password").unwrap();
            bodies.push(response.body[start..start + 120].to_owned());
        }
        assert!(
            bodies.windows(2).all(|pair| pair[0] == pair[1]),
            "{bodies:?}"
        );
    }
}

#[tokio::test]
async fn cookie_authenticated_api_writes_from_another_origin_or_without_json_are_refused() {
    for backend in backends() {
        let app = TestApp::new(&backend).await;
        let (_, mut partner) =
            applied_and_confirmed(&app, "Csrf Labs", "csrf.test", "ada@csrf.test").await;
        post(
            &mut partner,
            "/api/v1/invitations",
            serde_json::json!({"email": "mo@csrf.test", "name": "Mo", "role": "partner_member"}),
        )
        .await;
        let members = partner.get("/api/v1/members").await.json();
        let member_id = members
            .as_array()
            .unwrap()
            .iter()
            .find(|member| member["email"] == "mo@csrf.test")
            .unwrap()["id"]
            .as_str()
            .unwrap()
            .to_owned();
        let path = format!("/api/v1/members/{member_id}/deactivate");
        let attempt = |content_type: &str, extra: Option<(&str, &str)>| {
            let mut request =
                Request::post(path.as_str()).header(header::CONTENT_TYPE, content_type);
            if let Some((name, value)) = extra {
                request = request.header(name, value);
            }
            request.body(Body::from("x=1")).unwrap()
        };
        // What a form on a sibling site can send: text/plain, with the SameSite=Lax cookie.
        for request in [
            attempt("text/plain", None),
            attempt("application/x-www-form-urlencoded", None),
            attempt("text/plain", Some(("sec-fetch-site", "same-site"))),
            attempt("application/json", Some(("sec-fetch-site", "same-site"))),
            attempt("application/json", Some(("sec-fetch-site", "cross-site"))),
            attempt(
                "application/json",
                Some(("origin", "https://evil.onramp.test")),
            ),
        ] {
            let refused = partner.send(request).await;
            assert_eq!(refused.status, StatusCode::FORBIDDEN, "{}", refused.body);
            assert_eq!(refused.json()["code"], "auth.csrf_rejected");
        }
        let members = partner.get("/api/v1/members").await.json();
        assert!(members
            .as_array()
            .unwrap()
            .iter()
            .all(|member| member["active"] == true));

        // The same-origin call the API means to serve still works.
        let allowed = partner
            .send(
                Request::post(path.as_str())
                    .header(header::CONTENT_TYPE, "application/json")
                    .header("sec-fetch-site", "same-origin")
                    .header("origin", "http://onramp.test")
                    .body(Body::from("{}"))
                    .unwrap(),
            )
            .await;
        assert!(
            allowed.status.is_success(),
            "{} {}",
            allowed.status,
            allowed.body
        );
    }
}

#[tokio::test]
async fn a_stale_session_cookie_does_not_sign_the_user_straight_out_again() {
    for backend in backends() {
        let app = TestApp::new(&backend).await;
        let user = app.user("di@example.org", Role::Trainer, None).await;
        let mut client = app.client();
        client
            .cookies
            .insert("onramp_session".to_owned(), "stale-and-unknown".to_owned());
        client.get("/login").await;
        let signed_in = client
            .post_form("/login", &[("email", &user.email), ("password", PASSWORD)])
            .await;
        assert_eq!(signed_in.status, StatusCode::SEE_OTHER);
        let session_cookies: Vec<&str> = signed_in
            .headers
            .get_all(header::SET_COOKIE)
            .iter()
            .filter_map(|value| value.to_str().ok())
            .filter(|value| value.starts_with("onramp_session="))
            .collect();
        assert_eq!(session_cookies.len(), 1, "{session_cookies:?}");
        assert!(!session_cookies[0].contains("Max-Age=0"));
        assert_eq!(client.get("/account").await.status, StatusCode::OK);
    }
}

#[tokio::test]
async fn staff_who_may_not_list_organizations_may_not_read_one_either() {
    for backend in backends() {
        let app = TestApp::new(&backend).await;
        let (organization_id, _) =
            applied_and_confirmed(&app, "Private Labs", "private.test", "ada@private.test").await;
        for role in [Role::ConformanceAnalyst, Role::SupportAgent, Role::Trainer] {
            let mut client = staff(&app, role).await;
            for path in [
                "/api/v1/organizations".to_owned(),
                format!("/api/v1/organizations/{organization_id}"),
                format!("/api/v1/organizations/{organization_id}/documents"),
                format!("/api/v1/organizations/{organization_id}/agreements"),
            ] {
                let response = client.get(&path).await;
                assert_eq!(response.status, StatusCode::FORBIDDEN, "{role:?} {path}");
                assert!(!response.body.contains("onramp-verification"));
            }
        }
        let mut coordinator = staff(&app, Role::OnboardingCoordinator).await;
        let dossier = coordinator
            .get(&format!("/api/v1/organizations/{organization_id}"))
            .await;
        assert_eq!(dossier.status, StatusCode::OK);
    }
}

#[tokio::test]
async fn a_suspended_organization_cannot_invite_or_upload() {
    for backend in backends() {
        let app = TestApp::new(&backend).await;
        let (organization_id, mut partner) =
            applied_and_confirmed(&app, "Paused Labs", "paused.test", "ada@paused.test").await;
        let mut reviewer = staff(&app, Role::ProgramAdmin).await;
        approved(&mut reviewer, &organization_id).await;
        let suspended = post(
            &mut reviewer,
            &format!("/api/v1/organizations/{organization_id}/transitions"),
            serde_json::json!({"action": "suspend", "reason": "unpaid fees"}),
        )
        .await;
        assert_eq!(suspended.status, StatusCode::CREATED, "{}", suspended.body);

        let invited = post(
            &mut partner,
            "/api/v1/invitations",
            serde_json::json!({"email": "x@paused.test", "name": "X", "role": "partner_member"}),
        )
        .await;
        assert_eq!(invited.status, StatusCode::CONFLICT, "{}", invited.body);
        assert!(invited.json()["detail"]
            .as_str()
            .unwrap()
            .contains("suspended"));
        let uploaded = post(
            &mut partner,
            &format!("/api/v1/organizations/{organization_id}/documents"),
            serde_json::json!({"filename": "a.pdf", "content_base64": "JVBERi0xLjQK"}),
        )
        .await;
        assert_eq!(uploaded.status, StatusCode::CONFLICT, "{}", uploaded.body);
        partner.get("/partner").await;
        let form_upload = crate::registry_support::upload(
            &mut partner,
            "/partner/documents",
            "a.pdf",
            "application/pdf",
            b"%PDF-1.4\n",
            true,
        )
        .await;
        assert_eq!(form_upload.status, StatusCode::CONFLICT);
        let n_documents: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM documents")
            .fetch_one(app.state.store.pool())
            .await
            .unwrap();
        assert_eq!(n_documents, 0);
        assert!(app
            .mails()
            .await
            .iter()
            .all(|mail| !mail.contains("x@paused.test")));
    }
}

#[tokio::test]
async fn responses_are_never_cached_and_https_deployments_send_hsts() {
    for backend in backends() {
        let app = TestApp::new(&backend).await;
        let (_, mut reviewer) = app.signed_in(Role::ProgramAdmin).await;
        for path in [
            "/api/v1/me",
            "/api/v1/organizations.csv",
            "/staff/organizations.csv",
            "/account",
        ] {
            let response = reviewer.get(path).await;
            assert_eq!(response.status, StatusCode::OK, "{path}");
            assert_eq!(
                response.headers.get(header::CACHE_CONTROL).unwrap(),
                "no-store",
                "{path}"
            );
            assert!(!response
                .headers
                .contains_key(header::STRICT_TRANSPORT_SECURITY));
        }
        let stylesheet = reviewer.get("/static/onramp.css").await;
        assert!(stylesheet.headers[header::CACHE_CONTROL]
            .to_str()
            .unwrap()
            .starts_with("public"));

        let secure = TestApp::with_config(&backend, |config| {
            config.public_base_url = "https://onramp.example.org".to_owned();
        })
        .await;
        let response = secure.client().get("/login").await;
        let hsts = response.headers[header::STRICT_TRANSPORT_SECURITY]
            .to_str()
            .unwrap();
        assert!(hsts.starts_with("max-age=31536000"), "{hsts}");
    }
}

#[tokio::test]
async fn an_older_reset_link_dies_when_a_newer_one_is_used() {
    for backend in backends() {
        let app = TestApp::new(&backend).await;
        let user = app.user("ed@example.org", Role::Trainer, None).await;
        let mut client = app.client();
        for _ in 0..2 {
            client.get("/password/forgot").await;
            client
                .post_form("/password/forgot", &[("email", &user.email)])
                .await;
        }
        let links: Vec<String> = app
            .mails()
            .await
            .iter()
            .map(|mail| crate::password_reset::link_in(mail))
            .collect();
        assert_eq!(links.len(), 2);
        let token_of = |link: &str| link.split("token=").nth(1).unwrap().to_owned();
        let (older, newer) = (token_of(&links[0]), token_of(&links[1]));
        assert_ne!(older, newer);
        client.get(&format!("/password/reset?token={newer}")).await;
        let used = client
            .post_form(
                "/password/reset",
                &[("token", &newer), ("password", "the newest long password")],
            )
            .await;
        assert_eq!(used.status, StatusCode::SEE_OTHER, "{}", used.body);
        client.get(&format!("/password/reset?token={older}")).await;
        let replayed = client
            .post_form(
                "/password/reset",
                &[
                    ("token", &older),
                    ("password", "an attackers long password"),
                ],
            )
            .await;
        assert!(replayed.status.is_client_error(), "{}", replayed.status);
        assert!(replayed.body.contains("already used"), "{}", replayed.body);
        assert_eq!(
            app.client()
                .login(&user.email, "the newest long password")
                .await
                .status,
            StatusCode::SEE_OTHER
        );
    }
}

#[tokio::test]
async fn opening_the_second_factor_page_writes_nothing() {
    for backend in backends() {
        let app = TestApp::new(&backend).await;
        let (user, mut client) = app.signed_in(Role::PartnerAdmin).await;
        let before = app.audit_actions().await.len();
        let first = client.get("/account/second-factor").await;
        let again = client.get("/account/second-factor").await;
        assert_eq!(first.status, StatusCode::OK);
        let secret_of = |body: &str| {
            let start = body.find("id=\"totp-secret\">").unwrap() + "id=\"totp-secret\">".len();
            body[start..start + body[start..].find('<').unwrap()].to_owned()
        };
        // The same secret on a reload, so a scanned code still matches.
        assert_eq!(secret_of(&first.body), secret_of(&again.body));
        assert_eq!(app.audit_actions().await.len(), before);
        let stored: Option<String> =
            sqlx::query_scalar("SELECT totp_secret FROM users WHERE id = $1")
                .bind(&user.id)
                .fetch_one(app.state.store.pool())
                .await
                .unwrap();
        assert_eq!(stored, None);
    }
}

#[tokio::test]
async fn agreement_markdown_renders_no_javascript_links() {
    for backend in backends() {
        let app = TestApp::new(&backend).await;
        let mut admin = staff(&app, Role::ProgramAdmin).await;
        let draft = post(
            &mut admin,
            "/api/v1/agreements",
            serde_json::json!({
                "kind": "participation",
                "title": "Terms with links",
                "body_markdown": "Read [the policy](https://example.org/policy), [click me](javascript:alert(document.cookie)) and <javascript:alert(1)>."
            }),
        )
        .await;
        assert_eq!(draft.status, StatusCode::CREATED, "{}", draft.body);
        let id = draft.json()["id"].as_str().unwrap().to_owned();
        post(
            &mut admin,
            &format!("/api/v1/agreements/{id}/publish"),
            serde_json::json!({"resign_within_days": null}),
        )
        .await;
        let (_, mut partner) =
            applied_and_confirmed(&app, "Reader Labs", "reader.test", "ada@reader.test").await;
        let page = partner.get(&format!("/partner/agreements/{id}")).await;
        assert_eq!(page.status, StatusCode::OK, "{}", page.body);
        assert!(page.body.contains(r#"href="https://example.org/policy""#));
        assert!(
            !page.body.to_lowercase().contains("href=\"javascript"),
            "{}",
            page.body
        );
        assert!(page.body.contains("click me"));
    }
}
