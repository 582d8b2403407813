//! Staff users managed on `/admin/users` by program admins: an invitation is mailed through the
//! outbox and the invited user activates their account; refused forms come back with their errors
//! and what was typed; role changes and deactivation are audited and take effect at once.

use axum::body::Body;
use axum::http::{header, Method, Request, StatusCode};
use onramp_core::Role;

use crate::registry_support::activation_token;
use crate::support::{backends, Client, TestApp, PASSWORD};

async fn invite(
    admin: &mut Client,
    name: &str,
    email: &str,
    role: &str,
) -> crate::support::TestResponse {
    admin.get("/admin/users").await;
    admin
        .post_form(
            "/admin/users",
            &[("name", name), ("email", email), ("role", role)],
        )
        .await
}

#[tokio::test]
async fn an_invited_staff_user_is_mailed_a_link_and_activates_their_account() {
    for backend in backends() {
        let app = TestApp::new(&backend).await;
        let (_, mut admin) = app.signed_in(Role::ProgramAdmin).await;
        let invited = invite(
            &mut admin,
            "Grace Hopper",
            "grace@exchange.test",
            "conformance_analyst",
        )
        .await;
        assert_eq!(invited.status, StatusCode::SEE_OTHER, "{}", invited.body);
        assert_eq!(invited.location(), Some("/admin/users?notice=invited"));
        let listed = admin.get("/admin/users?notice=invited").await;
        assert!(listed.body.contains("The invitation is sent"));
        assert!(listed.body.contains("grace@exchange.test"));

        // The link arrives by mail (the outbox's job), and signing in waits for it.
        let token = activation_token(&app, "grace@exchange.test").await;
        let mut grace = app.client();
        assert_ne!(
            grace.login("grace@exchange.test", PASSWORD).await.status,
            StatusCode::SEE_OTHER
        );
        let form = grace.get(&format!("/account/activate?token={token}")).await;
        assert_eq!(form.status, StatusCode::OK);
        assert!(form.body.contains("grace@exchange.test"));
        let activated = grace
            .post_form(
                "/account/activate",
                &[
                    ("token", token.as_str()),
                    ("name", "Grace Hopper"),
                    ("password", PASSWORD),
                ],
            )
            .await;
        assert_eq!(
            activated.status,
            StatusCode::SEE_OTHER,
            "{}",
            activated.body
        );
        assert_eq!(
            grace.login("grace@exchange.test", PASSWORD).await.status,
            StatusCode::SEE_OTHER
        );
        let me = grace.get("/api/v1/me").await.json();
        assert_eq!(me["role"], "conformance_analyst");
        assert!(me["organization_id"].is_null());

        // The link works once.
        let again = app
            .client()
            .get(&format!("/account/activate?token={token}"))
            .await;
        assert_eq!(again.status, StatusCode::UNPROCESSABLE_ENTITY);

        let actions = app.audit_actions().await;
        for action in ["user.invited", "user.invitation_accepted"] {
            assert!(
                actions.contains(&action.to_owned()),
                "{action}: {actions:?}"
            );
        }
    }
}

#[tokio::test]
async fn a_refused_invitation_comes_back_with_its_errors_and_what_was_typed() {
    for backend in backends() {
        let app = TestApp::new(&backend).await;
        let (admin_user, mut admin) = app.signed_in(Role::ProgramAdmin).await;
        app.user("taken@exchange.test", Role::Trainer, None).await;
        let n_users = || {
            let pool = app.state.store.pool().clone();
            async move {
                let (n,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM users")
                    .fetch_one(&pool)
                    .await
                    .unwrap();
                n
            }
        };
        let before = n_users().await;

        // (name, email, role, the field refused, its message)
        let cases = [
            (
                "Ada Again",
                admin_user.email.as_str(),
                "trainer",
                "email",
                "a user with this email already exists",
            ),
            (
                "Taken Twice",
                "taken@exchange.test",
                "support_agent",
                "email",
                "a user with this email already exists",
            ),
            (
                "Paula Partner",
                "paula@exchange.test",
                "partner_admin",
                "role",
                "choose a staff role",
            ),
            (
                "Walter Wizard",
                "walter@exchange.test",
                "wizard",
                "role",
                "choose a staff role",
            ),
            (
                "No Address",
                "not-an-address",
                "trainer",
                "email",
                "There is a problem",
            ),
        ];
        for (name, email, role, refused_field, message) in cases {
            let refused = invite(&mut admin, name, email, role).await;
            assert_eq!(
                refused.status,
                StatusCode::UNPROCESSABLE_ENTITY,
                "{email} {role}: {}",
                refused.body
            );
            assert!(refused.body.contains(message), "{}", refused.body);
            assert!(
                refused
                    .body
                    .contains(&format!("id=\"{refused_field}\" name=\"{refused_field}\"")),
                "the form is shown again"
            );
            assert!(refused.body.contains("aria-invalid=\"true\""));
            assert_eq!(refused.input_value("name").as_deref(), Some(name));
            assert_eq!(refused.input_value("email").as_deref(), Some(email));
            if role == "trainer" || role == "support_agent" {
                assert!(
                    refused
                        .body
                        .contains(&format!("<option value=\"{role}\" selected>")),
                    "the chosen role is kept"
                );
            }
        }
        assert_eq!(n_users().await, before, "nothing was created");
        assert!(!app
            .mails()
            .await
            .iter()
            .any(|mail| mail.contains("You are invited")));
    }
}

#[tokio::test]
async fn a_program_admin_changes_a_staff_role_and_deactivates_a_staff_user() {
    for backend in backends() {
        let app = TestApp::new(&backend).await;
        let (admin_user, mut admin) = app.signed_in(Role::ProgramAdmin).await;
        let (analyst, mut analyst_client) = app.signed_in(Role::ConformanceAnalyst).await;
        let partner = app
            .user("partner@acme.test", Role::PartnerAdmin, Some("Acme Clinic"))
            .await;
        let created = analyst_client
            .send_json(Method::POST, "/api/v1/tokens", r#"{"name": "ci"}"#)
            .await;
        let secret = created.json()["token"].as_str().unwrap().to_owned();
        let bearer_me = |app: &TestApp| {
            let mut client = app.client();
            let secret = secret.clone();
            async move {
                client
                    .send(
                        Request::get("/api/v1/me")
                            .header(header::AUTHORIZATION, format!("Bearer {secret}"))
                            .body(Body::empty())
                            .unwrap(),
                    )
                    .await
            }
        };

        // Another staff role: the change is audited and their sessions end.
        admin.get("/admin/users").await;
        let changed = admin
            .post_form(
                &format!("/admin/users/{}/role", analyst.id),
                &[("role", "trainer")],
            )
            .await;
        assert_eq!(changed.status, StatusCode::SEE_OTHER, "{}", changed.body);
        assert_eq!(bearer_me(&app).await.json()["role"], "trainer");
        assert_eq!(
            analyst_client.get("/account").await.status,
            StatusCode::SEE_OTHER,
            "the session ended"
        );

        // Refusals: a partner role (the page again, with the error), the admin's own role, a
        // partner user (not a staff user: "not found").
        admin.get("/admin/users").await;
        let partner_role = admin
            .post_form(
                &format!("/admin/users/{}/role", analyst.id),
                &[("role", "partner_admin")],
            )
            .await;
        assert_eq!(partner_role.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(partner_role.body.contains("choose a staff role"));
        let own = admin
            .post_form(
                &format!("/admin/users/{}/role", admin_user.id),
                &[("role", "trainer")],
            )
            .await;
        assert_eq!(own.status, StatusCode::CONFLICT);
        let partner_user = admin
            .post_form(
                &format!("/admin/users/{}/role", partner.id),
                &[("role", "trainer")],
            )
            .await;
        assert_eq!(partner_user.status, StatusCode::NOT_FOUND);
        let partner_off = admin
            .post_form(
                &format!("/admin/users/{}/deactivate", partner.id),
                &[("confirmed", "yes")],
            )
            .await;
        assert_eq!(partner_off.status, StatusCode::NOT_FOUND);
        let self_off = admin
            .post_form(
                &format!("/admin/users/{}/deactivate", admin_user.id),
                &[("confirmed", "yes")],
            )
            .await;
        assert_eq!(self_off.status, StatusCode::CONFLICT);

        // Deactivation asks first; confirmed, sign-in and tokens stop; twice is a stale change.
        let asked = admin
            .post_form(&format!("/admin/users/{}/deactivate", analyst.id), &[])
            .await;
        assert_eq!(asked.status, StatusCode::OK);
        assert!(asked.body.contains("every session and API token"));
        assert_eq!(bearer_me(&app).await.status, StatusCode::OK, "not yet");
        admin.get("/admin/users").await;
        let off = admin
            .post_form(
                &format!("/admin/users/{}/deactivate", analyst.id),
                &[("confirmed", "yes")],
            )
            .await;
        assert_eq!(off.status, StatusCode::SEE_OTHER, "{}", off.body);
        assert_eq!(bearer_me(&app).await.status, StatusCode::UNAUTHORIZED);
        let mut again = app.client();
        assert_ne!(
            again.login(&analyst.email, PASSWORD).await.status,
            StatusCode::SEE_OTHER
        );
        let listed = admin.get("/admin/users").await;
        assert!(listed.body.contains("Deactivated"));
        let twice = admin
            .post_form(
                &format!("/admin/users/{}/deactivate", analyst.id),
                &[("confirmed", "yes")],
            )
            .await;
        assert_eq!(twice.status, StatusCode::CONFLICT);

        let events = onramp_store::platform::audit::list(
            app.state.store.pool(),
            &onramp_store::platform::audit::AuditFilter {
                entity_id: Some(analyst.id.clone()),
                ..Default::default()
            },
            10,
            0,
        )
        .await
        .unwrap();
        let summaries: Vec<(&str, &str)> = events
            .events
            .iter()
            .map(|event| (event.action.as_str(), event.summary.as_str()))
            .collect();
        assert!(summaries
            .iter()
            .any(|(action, summary)| *action == "user.role_changed"
                && summary.contains("Trainer (was Conformance analyst)")));
        assert!(summaries
            .iter()
            .any(|(action, summary)| *action == "user.deactivated"
                && summary.contains("1 API token(s) were revoked")));
    }
}
