//! The outbox and webhooks, with a receiver on loopback: deliveries verify with an independent
//! implementation of the documented signature; a 500 is retried and then delivered once; two
//! instances never deliver the same event twice; a rolled-back change sends nothing; a partner
//! neither sees nor receives another organization's subscriptions and events; email preferences
//! are respected.

use std::collections::{HashSet, VecDeque};
use std::net::SocketAddr;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::http::{HeaderMap, Method, StatusCode};
use base64::Engine;
use hmac::{Hmac, Mac};
use onramp_core::Role;
use onramp_server::platform::clock::ManualClock;
use onramp_server::platform::outbox::{emit, Event};
use sha2::Sha256;

use crate::registry_support::applied_and_confirmed;
use crate::support::{backends, Client, TestApp, TestBackend};

/// One request the receiver got.
#[derive(Clone, Debug)]
struct Received {
    headers: HeaderMap,
    body: String,
}

/// A loopback HTTP receiver that records every request and answers the queued statuses (then 200).
#[derive(Clone)]
struct Receiver {
    addr: SocketAddr,
    received: Arc<Mutex<Vec<Received>>>,
    statuses: Arc<Mutex<VecDeque<u16>>>,
}

impl Receiver {
    async fn start() -> Receiver {
        let received = Arc::new(Mutex::new(Vec::new()));
        let statuses = Arc::new(Mutex::new(VecDeque::new()));
        let (record, answer) = (Arc::clone(&received), Arc::clone(&statuses));
        let router = axum::Router::new().route(
            "/hook",
            axum::routing::post(move |headers: HeaderMap, body: String| {
                let (record, answer) = (Arc::clone(&record), Arc::clone(&answer));
                async move {
                    record.lock().unwrap().push(Received { headers, body });
                    let status = answer.lock().unwrap().pop_front().unwrap_or(200);
                    StatusCode::from_u16(status).unwrap()
                }
            }),
        );
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        tokio::spawn(async move {
            axum::serve(listener, router).await.unwrap();
        });
        Receiver {
            addr,
            received,
            statuses,
        }
    }

    fn url(&self) -> String {
        format!("http://{}/hook", self.addr)
    }

    fn received(&self) -> Vec<Received> {
        self.received.lock().unwrap().clone()
    }
}

fn header<'a>(received: &'a Received, name: &str) -> &'a str {
    received
        .headers
        .get(name)
        .and_then(|value| value.to_str().ok())
        .unwrap_or("")
}

/// The receiver's side of the documented algorithm, written independently of the server's code:
/// HMAC-SHA256 keyed by the base64-decoded secret (after `whsec_`) over `id.timestamp.body`,
/// base64, prefixed `v1,`; any of the space-separated signatures may match.
fn verifies(secret: &str, received: &Received) -> bool {
    let engine = base64::engine::general_purpose::STANDARD;
    let key = engine
        .decode(secret.trim_start_matches("whsec_"))
        .expect("the secret is base64 after whsec_");
    let signed = format!(
        "{}.{}.{}",
        header(received, "webhook-id"),
        header(received, "webhook-timestamp"),
        received.body
    );
    let mut mac = Hmac::<Sha256>::new_from_slice(&key).unwrap();
    mac.update(signed.as_bytes());
    let expected = format!("v1,{}", engine.encode(mac.finalize().into_bytes()));
    header(received, "webhook-signature")
        .split(' ')
        .any(|signature| signature == expected)
}

async fn loopback_app(backend: &TestBackend) -> TestApp {
    TestApp::with_config(backend, |config| {
        config.webhook_allow_private_addresses = true;
    })
    .await
}

/// Subscribes `url` to `events` as `client`; returns (id, secret).
async fn subscribe(client: &mut Client, url: &str, events: &[&str]) -> (String, String) {
    let created = client
        .send_json(
            Method::POST,
            "/api/v1/webhooks",
            &serde_json::json!({"url": url, "events": events}).to_string(),
        )
        .await;
    assert_eq!(created.status, StatusCode::CREATED, "{}", created.body);
    let json = created.json();
    let secret = json["secret"].as_str().unwrap().to_owned();
    assert!(secret.starts_with("whsec_"), "{secret}");
    (json["id"].as_str().unwrap().to_owned(), secret)
}

#[tokio::test]
async fn a_registration_is_delivered_once_and_its_signature_verifies() {
    for backend in backends() {
        let receiver = Receiver::start().await;
        let app = loopback_app(&backend).await;
        let mut admin = app.signed_in(Role::ProgramAdmin).await.1;
        let (id, secret) = subscribe(&mut admin, &receiver.url(), &["organization.applied"]).await;
        // The secret is shown once: reading the subscription does not show it.
        let read = admin.get(&format!("/api/v1/webhooks/{id}")).await;
        assert_eq!(read.status, StatusCode::OK);
        assert!(read.json().get("secret").is_none(), "{}", read.body);

        let (organization_id, _) = applied_and_confirmed(
            &app,
            "Lakeside Clinic",
            "lakeside.test",
            "ada@lakeside.test",
        )
        .await;
        app.drain_jobs().await;

        let received = receiver.received();
        assert_eq!(received.len(), 1, "{received:?}");
        let delivery = &received[0];
        assert!(verifies(&secret, delivery), "{delivery:?}");
        assert!(!verifies(
            "whsec_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
            delivery
        ));
        let body: serde_json::Value = serde_json::from_str(&delivery.body).unwrap();
        assert_eq!(body["type"], "organization.applied");
        assert_eq!(body["data"]["organization_id"], organization_id.as_str());
        assert_eq!(body["id"].as_str(), Some(header(delivery, "webhook-id")));
        assert!(!delivery.body.contains("token"), "{}", delivery.body);

        let log = admin
            .get(&format!("/api/v1/webhooks/{id}/deliveries"))
            .await;
        assert_eq!(log.status, StatusCode::OK, "{}", log.body);
        let log = log.json();
        assert_eq!(log[0]["status"], "delivered");
        assert_eq!(log[0]["response_code"], 200);
        assert_eq!(log[0]["attempts"], 1);
        assert!(app
            .audit_actions()
            .await
            .contains(&"webhook.created".to_owned()));
    }
}

#[tokio::test]
async fn a_500_is_retried_with_backoff_and_then_delivered_once() {
    for backend in backends() {
        let receiver = Receiver::start().await;
        receiver.statuses.lock().unwrap().push_back(500);
        let clock = Arc::new(ManualClock::starting_now());
        let app = TestApp::with_clock(&backend, clock.clone(), |config| {
            config.webhook_allow_private_addresses = true;
            // The clock runs ahead by hours and days; the admin's session must outlive it.
            config.session_idle_minutes = 7 * 24 * 60;
            config.session_absolute_hours = 7 * 24;
        })
        .await;
        let mut admin = app.signed_in(Role::ProgramAdmin).await.1;
        let (id, secret) = subscribe(&mut admin, &receiver.url(), &["webhook.test"]).await;
        let test = admin
            .send_json(Method::POST, &format!("/api/v1/webhooks/{id}/test"), "{}")
            .await;
        assert_eq!(test.status, StatusCode::ACCEPTED, "{}", test.body);

        app.drain_jobs().await;
        assert_eq!(receiver.received().len(), 1);
        // Not due again until the backoff has passed.
        app.drain_jobs().await;
        assert_eq!(receiver.received().len(), 1);
        let log = admin
            .get(&format!("/api/v1/webhooks/{id}/deliveries"))
            .await
            .json();
        assert_eq!(log[0]["status"], "pending");
        assert_eq!(log[0]["response_code"], 500);

        clock.advance(10_000);
        app.drain_jobs().await;
        clock.advance(3_600_000);
        app.drain_jobs().await;
        let received = receiver.received();
        assert_eq!(
            received.len(),
            2,
            "one failure, then one delivery: {received:?}"
        );
        assert_eq!(
            header(&received[0], "webhook-id"),
            header(&received[1], "webhook-id")
        );
        assert!(received.iter().all(|delivery| verifies(&secret, delivery)));
        let log = admin
            .get(&format!("/api/v1/webhooks/{id}/deliveries"))
            .await
            .json();
        assert_eq!(log[0]["status"], "delivered");
        assert_eq!(log[0]["attempts"], 2);
        let codes: Vec<_> = log[0]["log"]
            .as_array()
            .unwrap()
            .iter()
            .map(|attempt| attempt["response_code"].clone())
            .collect();
        assert_eq!(codes, vec![serde_json::json!(500), serde_json::json!(200)]);

        // "Send again" delivers the same event once more, with the same webhook-id.
        let event_id = log[0]["event_id"].as_str().unwrap().to_owned();
        let again = admin
            .send_json(
                Method::POST,
                &format!("/api/v1/webhooks/{id}/resend"),
                &serde_json::json!({"event_id": event_id}).to_string(),
            )
            .await;
        assert_eq!(again.status, StatusCode::ACCEPTED, "{}", again.body);
        app.drain_jobs().await;
        let received = receiver.received();
        assert_eq!(received.len(), 3);
        assert_eq!(header(&received[2], "webhook-id"), event_id);
    }
}

#[tokio::test]
async fn a_rotated_secret_signs_beside_the_previous_one() {
    for backend in backends() {
        let receiver = Receiver::start().await;
        let app = loopback_app(&backend).await;
        let mut admin = app.signed_in(Role::ProgramAdmin).await.1;
        let (id, old_secret) = subscribe(&mut admin, &receiver.url(), &["webhook.test"]).await;
        let rotated = admin
            .send_json(
                Method::POST,
                &format!("/api/v1/webhooks/{id}/rotate-secret"),
                "{}",
            )
            .await;
        assert_eq!(rotated.status, StatusCode::OK, "{}", rotated.body);
        let new_secret = rotated.json()["secret"].as_str().unwrap().to_owned();
        assert_ne!(new_secret, old_secret);
        admin
            .send_json(Method::POST, &format!("/api/v1/webhooks/{id}/test"), "{}")
            .await;
        app.drain_jobs().await;
        let received = receiver.received();
        assert_eq!(received.len(), 1);
        assert!(verifies(&new_secret, &received[0]));
        assert!(verifies(&old_secret, &received[0]));
        assert_eq!(
            header(&received[0], "webhook-signature").split(' ').count(),
            2
        );
    }
}

#[tokio::test]
async fn nothing_is_sent_for_a_rolled_back_change() {
    for backend in backends() {
        let receiver = Receiver::start().await;
        let app = loopback_app(&backend).await;
        let mut admin = app.signed_in(Role::ProgramAdmin).await.1;
        subscribe(&mut admin, &receiver.url(), &["organization.applied"]).await;

        let mut tx = app.state.store.begin().await.unwrap();
        emit(
            &mut tx,
            app.state.clock.now_ms(),
            Event {
                event_type: "organization.applied",
                organization_id: None,
                data: serde_json::json!({"name": "Never Was"}),
            },
        )
        .await
        .unwrap();
        // Dropped without commit: rolled back.
        drop(tx);

        // The same emit, committed, is delivered: the test can fail.
        let mut tx = app.state.store.begin().await.unwrap();
        emit(
            &mut tx,
            app.state.clock.now_ms(),
            Event {
                event_type: "organization.applied",
                organization_id: None,
                data: serde_json::json!({"name": "Did Happen"}),
            },
        )
        .await
        .unwrap();
        tx.commit().await.unwrap();
        app.drain_jobs().await;
        let received = receiver.received();
        assert_eq!(received.len(), 1, "{received:?}");
        assert!(received[0].body.contains("Did Happen"));
    }
}

#[tokio::test]
async fn two_instances_never_deliver_the_same_event_twice() {
    for backend in backends() {
        let receiver = Receiver::start().await;
        let first = TestApp::with_config(&backend, |config| {
            config.webhook_allow_private_addresses = true;
            config.job_workers = 3;
            config.job_poll_interval_ms = 10;
        })
        .await;
        let mut second_config = first.state.config.clone();
        second_config.data_dir = first.dir.path().join("second");
        let second = onramp_server::build_state(second_config).await.unwrap();
        let mut admin = first.signed_in(Role::ProgramAdmin).await.1;
        subscribe(&mut admin, &receiver.url(), &["organization.applied"]).await;

        let n_events = 60;
        let mut tx = first.state.store.begin().await.unwrap();
        for index in 0..n_events {
            emit(
                &mut tx,
                first.state.clock.now_ms(),
                Event {
                    event_type: "organization.applied",
                    organization_id: None,
                    data: serde_json::json!({"index": index}),
                },
            )
            .await
            .unwrap();
        }
        tx.commit().await.unwrap();

        use onramp_server::platform::jobs::{start, Registry};
        let pool_a = start(first.state.clone(), Registry::standard(&first.state.config));
        let pool_b = start(second.clone(), Registry::standard(&second.config));
        for _ in 0..600 {
            if receiver.received().len() >= n_events {
                break;
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        // A little longer, so that a duplicate would have time to arrive.
        tokio::time::sleep(Duration::from_millis(500)).await;
        pool_a.shutdown().await;
        pool_b.shutdown().await;
        let received = receiver.received();
        let ids: HashSet<&str> = received
            .iter()
            .map(|delivery| header(delivery, "webhook-id"))
            .collect();
        assert_eq!(ids.len(), n_events, "every event delivered");
        assert_eq!(received.len(), n_events, "and none twice");
        second.store.close().await;
    }
}

#[tokio::test]
async fn a_partner_sees_and_receives_only_its_own_organizations_events() {
    for backend in backends() {
        let receiver_a = Receiver::start().await;
        let receiver_b = Receiver::start().await;
        let receiver_program = Receiver::start().await;
        let app = loopback_app(&backend).await;
        let (_, mut partner_a) =
            applied_and_confirmed(&app, "Alpha Clinic", "alpha.test", "ada@alpha.test").await;
        let (_, mut partner_b) =
            applied_and_confirmed(&app, "Beta Labs", "beta.test", "bea@beta.test").await;
        let mut admin = app.signed_in(Role::ProgramAdmin).await.1;
        let events = ["member.invited"];
        let (a_id, _) = subscribe(&mut partner_a, &receiver_a.url(), &events).await;
        let (b_id, _) = subscribe(&mut partner_b, &receiver_b.url(), &events).await;
        subscribe(&mut admin, &receiver_program.url(), &events).await;

        // A partner cannot subscribe to program-wide events (it would never receive them).
        let refused = partner_b
            .send_json(
                Method::POST,
                "/api/v1/webhooks",
                &serde_json::json!({"url": receiver_b.url(), "events": ["agreement.published"]})
                    .to_string(),
            )
            .await;
        assert_eq!(
            refused.status,
            StatusCode::UNPROCESSABLE_ENTITY,
            "{}",
            refused.body
        );

        // B cannot see, read, rotate, test, resend or delete A's subscription.
        let listed = partner_b.get("/api/v1/webhooks").await.json();
        assert_eq!(listed.as_array().unwrap().len(), 1);
        assert_eq!(listed[0]["id"], b_id.as_str());
        for (method, path) in [
            (Method::GET, format!("/api/v1/webhooks/{a_id}")),
            (Method::GET, format!("/api/v1/webhooks/{a_id}/deliveries")),
            (
                Method::POST,
                format!("/api/v1/webhooks/{a_id}/rotate-secret"),
            ),
            (Method::POST, format!("/api/v1/webhooks/{a_id}/test")),
            (Method::DELETE, format!("/api/v1/webhooks/{a_id}")),
        ] {
            let response = partner_b.send_json(method.clone(), &path, "{}").await;
            assert_eq!(response.status, StatusCode::NOT_FOUND, "{method} {path}");
        }
        let page = partner_b.get(&format!("/partner/webhooks/{a_id}")).await;
        assert_eq!(page.status, StatusCode::NOT_FOUND);
        // Nor does the program admin reach a partner's subscription through the program scope.
        let response = admin.get(&format!("/api/v1/webhooks/{a_id}")).await;
        assert_eq!(response.status, StatusCode::NOT_FOUND);

        // A invites a member: A's and the program's subscriptions receive it, B's does not.
        partner_a.refresh_csrf().await;
        let invited = partner_a
            .send_json(
                Method::POST,
                "/api/v1/invitations",
                &serde_json::json!({"email": "dev@alpha.test", "name": "Dev", "role": "partner_developer"})
                    .to_string(),
            )
            .await;
        assert!(
            invited.status.is_success(),
            "{} {}",
            invited.status,
            invited.body
        );
        app.drain_jobs().await;
        assert_eq!(receiver_a.received().len(), 1);
        assert_eq!(receiver_program.received().len(), 1);
        assert_eq!(receiver_b.received().len(), 0);
        assert!(receiver_a.received()[0].body.contains("member.invited"));
    }
}

#[tokio::test]
async fn urls_must_be_https_and_public_unless_allowed_and_events_known() {
    for backend in backends() {
        let app = TestApp::new(&backend).await;
        let mut admin = app.signed_in(Role::ProgramAdmin).await.1;
        for (url, events) in [
            ("http://127.0.0.1:9/hook", vec!["webhook.test"]),
            ("https://127.0.0.1:9/hook", vec!["webhook.test"]),
            ("https://169.254.169.254/latest", vec!["webhook.test"]),
            (
                "https://hooks.example.org/x",
                vec!["organization.everything"],
            ),
            ("https://hooks.example.org/x", vec![]),
        ] {
            let response = admin
                .send_json(
                    Method::POST,
                    "/api/v1/webhooks",
                    &serde_json::json!({"url": url, "events": events}).to_string(),
                )
                .await;
            assert_eq!(
                response.status,
                StatusCode::UNPROCESSABLE_ENTITY,
                "{url} {events:?}"
            );
        }
        let (_, developer) = app.signed_in(Role::PartnerDeveloper).await;
        let mut developer = developer;
        let response = developer
            .send_json(
                Method::POST,
                "/api/v1/webhooks",
                &serde_json::json!({"url": "https://hooks.example.org/x", "events": ["webhook.test"]}).to_string(),
            )
            .await;
        assert_eq!(response.status, StatusCode::FORBIDDEN);
    }
}

#[tokio::test]
async fn email_preferences_turn_optional_mail_off_but_never_account_mail() {
    for backend in backends() {
        let app = TestApp::new(&backend).await;
        let (_, mut partner) =
            applied_and_confirmed(&app, "Gamma Care", "gamma.test", "gil@gamma.test").await;
        let preferences = partner.get("/api/v1/me/email-preferences").await;
        assert_eq!(preferences.status, StatusCode::OK, "{}", preferences.body);
        assert!(preferences
            .json()
            .as_array()
            .unwrap()
            .iter()
            .all(|p| p["enabled"] == true));

        let refused = partner
            .send_json(
                Method::PUT,
                "/api/v1/me/email-preferences",
                r#"[{"family": "account", "enabled": false}]"#,
            )
            .await;
        assert_eq!(
            refused.status,
            StatusCode::UNPROCESSABLE_ENTITY,
            "{}",
            refused.body
        );
        let saved = partner
            .send_json(
                Method::PUT,
                "/api/v1/me/email-preferences",
                r#"[{"family": "registry", "enabled": false}]"#,
            )
            .await;
        assert_eq!(saved.status, StatusCode::OK, "{}", saved.body);

        // A decision on the organization (registry mail) is not mailed to the contact now.
        let organization_id = partner.get("/api/v1/me").await.json()["organization_id"]
            .as_str()
            .unwrap()
            .to_owned();
        let mut coordinator = app.signed_in(Role::ProgramAdmin).await.1;
        let decided = coordinator
            .send_json(
                Method::POST,
                &format!("/api/v1/organizations/{organization_id}/transitions"),
                &serde_json::json!({"action": "request_information", "reason": "Which NPI?"})
                    .to_string(),
            )
            .await;
        assert_eq!(decided.status, StatusCode::CREATED, "{}", decided.body);
        let mails = app.mails().await;
        assert!(
            !mails.iter().any(|mail| mail.contains("Which NPI?")),
            "a turned-off family was mailed"
        );
        // Turned back on, the next decision is mailed.
        partner
            .send_json(
                Method::PUT,
                "/api/v1/me/email-preferences",
                r#"[{"family": "registry", "enabled": true}]"#,
            )
            .await;
        let decided = coordinator
            .send_json(
                Method::POST,
                &format!("/api/v1/organizations/{organization_id}/transitions"),
                &serde_json::json!({"action": "reject", "reason": "No NPI given"}).to_string(),
            )
            .await;
        assert_eq!(decided.status, StatusCode::CREATED, "{}", decided.body);
        assert!(app
            .mails()
            .await
            .iter()
            .any(|mail| mail.contains("No NPI given")));

        // The account page's form: unchecked optional families are turned off.
        let account = partner.get("/account").await;
        assert!(account.body.contains("Review decisions and tier changes"));
        let saved = partner
            .post_form("/account/email-preferences", &[("family", "webhooks")])
            .await;
        assert_eq!(saved.status, StatusCode::SEE_OTHER, "{}", saved.body);
        let preferences = partner.get("/api/v1/me/email-preferences").await.json();
        let enabled = |family: &str| {
            preferences
                .as_array()
                .unwrap()
                .iter()
                .find(|preference| preference["family"] == family)
                .unwrap()["enabled"]
                .clone()
        };
        assert_eq!(enabled("account"), true);
        assert_eq!(enabled("registry"), false);
        assert_eq!(enabled("agreements"), false);
        assert_eq!(enabled("webhooks"), true);
    }
}

#[tokio::test]
async fn after_a_day_of_failures_the_subscription_is_failing_and_its_owner_mailed() {
    use onramp_server::platform::webhooks::MAX_ATTEMPTS;
    for backend in backends() {
        let receiver = Receiver::start().await;
        let clock = Arc::new(ManualClock::starting_now());
        let app = TestApp::with_clock(&backend, clock.clone(), |config| {
            config.webhook_allow_private_addresses = true;
            // The clock runs ahead by hours and days; the admin's session must outlive it.
            config.session_idle_minutes = 7 * 24 * 60;
            config.session_absolute_hours = 7 * 24;
        })
        .await;
        let (admin_user, mut admin) = app.signed_in(Role::ProgramAdmin).await;
        let (id, _) = subscribe(&mut admin, &receiver.url(), &["webhook.test"]).await;
        receiver
            .statuses
            .lock()
            .unwrap()
            .extend(std::iter::repeat_n(503, MAX_ATTEMPTS as usize));
        admin
            .send_json(Method::POST, &format!("/api/v1/webhooks/{id}/test"), "{}")
            .await;
        for _ in 0..MAX_ATTEMPTS {
            app.drain_jobs().await;
            clock.advance(3_600_000 + 900_000);
        }
        app.drain_jobs().await;
        let received = receiver.received();
        assert_eq!(received.len(), MAX_ATTEMPTS as usize);
        let log = admin
            .get(&format!("/api/v1/webhooks/{id}/deliveries"))
            .await
            .json();
        assert_eq!(log[0]["status"], "failed");
        assert_eq!(log[0]["attempts"], MAX_ATTEMPTS);
        let read = admin.get(&format!("/api/v1/webhooks/{id}")).await.json();
        assert_eq!(read["state"], "failing");
        let mails = app.mails().await;
        assert!(
            mails.iter().any(|mail| mail.contains(&admin_user.email)
                && mail.contains("webhook subscription is failing")),
            "the owner was mailed"
        );

        // A later success marks it active again.
        let again = admin
            .send_json(Method::POST, &format!("/api/v1/webhooks/{id}/test"), "{}")
            .await;
        assert_eq!(again.status, StatusCode::ACCEPTED);
        app.drain_jobs().await;
        let read = admin.get(&format!("/api/v1/webhooks/{id}")).await.json();
        assert_eq!(read["state"], "active");
    }
}

#[tokio::test]
async fn the_pages_show_a_new_secret_once_and_keep_each_owner_to_their_scope() {
    for backend in backends() {
        let receiver = Receiver::start().await;
        let app = loopback_app(&backend).await;
        let mut admin = app.signed_in(Role::ProgramAdmin).await.1;
        admin.get("/admin/webhooks").await;
        let url = receiver.url();
        let created = admin
            .post_form(
                "/admin/webhooks",
                &[
                    ("url", url.as_str()),
                    ("events", "organization.applied"),
                    ("events", "webhook.test"),
                ],
            )
            .await;
        assert_eq!(created.status, StatusCode::OK, "{}", created.body);
        assert!(created.body.contains("whsec_"), "the secret is shown once");
        let list = admin.get("/admin/webhooks").await;
        assert!(list.body.contains(&url));
        assert!(!list.body.contains("whsec_"), "and never again");
        let id = admin.get("/api/v1/webhooks").await.json()[0]["id"]
            .as_str()
            .unwrap()
            .to_owned();
        let detail = admin.get(&format!("/admin/webhooks/{id}")).await;
        assert_eq!(detail.status, StatusCode::OK);
        assert!(!detail.body.contains("whsec_"));
        let test = admin
            .post_form(&format!("/admin/webhooks/{id}/test"), &[])
            .await;
        assert_eq!(test.status, StatusCode::SEE_OTHER, "{}", test.body);
        app.drain_jobs().await;
        let detail = admin.get(&format!("/admin/webhooks/{id}")).await;
        assert!(
            detail.body.contains("webhook.test"),
            "the delivery log shows it"
        );
        assert!(detail.body.contains("Delivered"));
        let rotated = admin
            .post_form(&format!("/admin/webhooks/{id}/rotate"), &[])
            .await;
        assert!(rotated.body.contains("whsec_"));
        // Deleting asks first, without JavaScript: a page whose form confirms.
        let asked = admin
            .post_form(&format!("/admin/webhooks/{id}/delete"), &[])
            .await;
        assert_eq!(asked.status, StatusCode::OK);
        assert!(
            asked.body.contains("Delete the subscription?"),
            "{}",
            asked.body
        );
        assert!(asked.body.contains(r#"name="confirmed" value="yes""#));
        let deleted = admin
            .post_form(
                &format!("/admin/webhooks/{id}/delete"),
                &[("confirmed", "yes")],
            )
            .await;
        assert_eq!(deleted.status, StatusCode::SEE_OTHER);
        assert!(admin
            .get("/api/v1/webhooks")
            .await
            .json()
            .as_array()
            .unwrap()
            .is_empty());
        let actions = app.audit_actions().await;
        for action in [
            "webhook.created",
            "webhook.test_sent",
            "webhook.secret_rotated",
            "webhook.deleted",
        ] {
            assert!(
                actions.contains(&action.to_owned()),
                "{action}: {actions:?}"
            );
        }
        assert_eq!(receiver.received().len(), 1);

        // The partner page lists only the partner's own.
        let (_, mut partner) =
            applied_and_confirmed(&app, "Delta Health", "delta.test", "dee@delta.test").await;
        let page = partner.get("/partner/webhooks").await;
        assert_eq!(page.status, StatusCode::OK);
        assert!(!page.body.contains(&url));
    }
}
