//! Time-driven rules under a `ManualClock`: the tier sweep lowers a tier when a re-signing
//! deadline passes (with an email and an audit event), and sessions end when idle or too old —
//! without a test waiting for real time to pass.

use std::sync::Arc;

use crate::registry_support::{applied_and_confirmed, approved, post, published_agreement, staff};
use crate::support::{backends, TestApp, PASSWORD};
use axum::http::StatusCode;
use onramp_core::Role;
use onramp_server::platform::clock::{Clock, ManualClock};

const DAY_MS: i64 = 86_400_000;

#[tokio::test]
async fn the_tier_sweep_lowers_the_tier_when_the_clock_passes_the_re_signing_deadline() {
    for backend in backends() {
        let clock = Arc::new(ManualClock::starting_now());
        let app = TestApp::with_clock(&backend, clock.clone(), |_| {}).await;
        let (organization_id, mut partner) =
            applied_and_confirmed(&app, "Deadline Labs", "deadline.test", "ada@deadline.test")
                .await;
        let mut admin = staff(&app, Role::ProgramAdmin).await;
        approved(&mut admin, &organization_id).await;
        let v1 = published_agreement(&mut admin, "participation", None).await;
        let signed = post(
            &mut partner,
            &format!("/api/v1/agreements/{v1}/signatures"),
            serde_json::json!({"signer_name": "Ada", "signer_title": "CEO", "confirm": true}),
        )
        .await;
        assert_eq!(signed.status, StatusCode::CREATED, "{}", signed.body);
        let tier = |app: &TestApp| {
            let pool = app.state.store.pool().clone();
            let id = organization_id.clone();
            async move {
                onramp_store::registry::find(&pool, &id)
                    .await
                    .unwrap()
                    .tier
                    .as_str()
                    .to_owned()
            }
        };
        assert_eq!(tier(&app).await, "registered");
        // A new version with 30 days to re-sign: nothing changes yet.
        published_agreement(&mut admin, "participation", Some(30)).await;
        assert_eq!(tier(&app).await, "registered");

        // The sweep is what the recurring job `registry.tier_sweep` runs (its scheduling is tested
        // in jobs.rs); here it is called directly, before and after the clock moves.
        let sweep = || onramp_server::registry::services::tiers::sweep(&app.state);
        assert_eq!(sweep().await.unwrap(), 0);
        assert_eq!(tier(&app).await, "registered", "29 days remain");

        // Thirty-one days later, the sweep finds the deadline passed.
        clock.advance(31 * DAY_MS);
        assert_eq!(sweep().await.unwrap(), 1);
        assert_eq!(tier(&app).await, "public");
        assert!(app
            .mails()
            .await
            .iter()
            .any(|mail| mail.contains("ada@deadline.test")
                && mail.contains("Your Onramp tier has changed")));
        let events = onramp_store::platform::audit::list(
            app.state.store.pool(),
            &onramp_store::platform::audit::AuditFilter {
                organization_id: Some(organization_id.clone()),
                ..Default::default()
            },
            100,
            0,
        )
        .await
        .unwrap()
        .events;
        let lowered = events
            .iter()
            .find(|event| event.action == "organization.tier_changed")
            .expect("an audit event for the lowered tier");
        assert_eq!(lowered.actor_label, "system");
        assert_eq!(
            lowered.at,
            clock.now_ms(),
            "stamped by the clock, not the wall"
        );
    }
}

#[tokio::test]
async fn a_session_ends_after_its_idle_limit_and_after_its_absolute_limit() {
    for backend in backends() {
        let clock = Arc::new(ManualClock::starting_now());
        let app = TestApp::with_clock(&backend, clock.clone(), |config| {
            config.session_idle_minutes = 30;
            config.session_absolute_hours = 12;
        })
        .await;
        let user = app.user("ida@example.org", Role::Trainer, None).await;

        // Idle: 29 minutes between requests is fine; 31 is not.
        let mut client = app.client();
        assert_eq!(
            client.login(&user.email, PASSWORD).await.status,
            StatusCode::SEE_OTHER
        );
        clock.advance(29 * 60_000);
        assert_eq!(client.get("/account").await.status, StatusCode::OK);
        clock.advance(31 * 60_000);
        let idle = client.get("/account").await;
        assert_eq!(idle.status, StatusCode::SEE_OTHER);
        assert!(idle.location().unwrap().starts_with("/login"));

        // Absolute: a request every 20 minutes keeps it alive, until 12 hours after sign-in.
        let mut busy = app.client();
        assert_eq!(
            busy.login(&user.email, PASSWORD).await.status,
            StatusCode::SEE_OTHER
        );
        let signed_in_at = clock.now_ms();
        while clock.now_ms() + 20 * 60_000 < signed_in_at + 12 * 3_600_000 {
            clock.advance(20 * 60_000);
            assert_eq!(busy.get("/account").await.status, StatusCode::OK);
        }
        clock.advance(20 * 60_000);
        let expired = busy.get("/account").await;
        assert_eq!(
            expired.status,
            StatusCode::SEE_OTHER,
            "12 hours after sign-in"
        );
    }
}
