//! The job workers: two pools on one database drain 1,000 jobs with every job run exactly once; a
//! rolled-back enqueue never runs; failures back off to dead; shutting down hands a running job
//! back; the recurring session clean-up runs on a manual clock; program admins list, retry and
//! cancel jobs through the API and the page, with 404, 409 and 422 where they belong.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::http::{Method, StatusCode};
use onramp_core::platform::jobs::JobState;
use onramp_core::Role;
use onramp_server::platform::clock::{Clock, ManualClock};
use onramp_server::platform::jobs::{self, JobError, Registry, SESSION_CLEANUP};
use onramp_server::state::AppState;
use onramp_store::accounts::sessions::{self, NewSession, SessionStage};
use onramp_store::platform::jobs::{self as job_store, NewJob};

use crate::support::{backends, TestApp, TestBackend};

async fn enqueue(state: &AppState, kind: &str, n: usize, max_attempts: i64) -> Vec<String> {
    let mut ids = Vec::new();
    for chunk in 0..n.div_ceil(100) {
        let mut tx = state.store.begin().await.unwrap();
        for _ in (chunk * 100)..((chunk + 1) * 100).min(n) {
            let enqueued = job_store::enqueue(
                &mut tx,
                &NewJob {
                    kind,
                    payload_json: "{}",
                    unique_key: None,
                    run_at: state.clock.now_ms(),
                    max_attempts,
                },
                state.clock.now_ms(),
            )
            .await
            .unwrap();
            ids.push(enqueued.id);
        }
        tx.commit().await.unwrap();
    }
    ids
}

async fn count_in(state: &AppState, wanted: JobState) -> i64 {
    job_store::count_by_state(state.store.pool())
        .await
        .unwrap()
        .into_iter()
        .find(|(state, _)| *state == wanted)
        .map_or(0, |(_, n)| n)
}

/// Waits (up to a minute, so a bug fails instead of hanging) until `done` holds.
async fn wait_until<F, Fut>(what: &str, mut done: F)
where
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = bool>,
{
    for _ in 0..600 {
        if done().await {
            return;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!("gave up waiting: {what}");
}

type Runs = Arc<Mutex<HashMap<String, Vec<String>>>>;

fn counting_registry(runs: &Runs, pool_name: &'static str) -> Registry {
    let mut registry = Registry::empty();
    let runs = Arc::clone(runs);
    registry.register("test.count", move |_state, job| {
        let runs = Arc::clone(&runs);
        async move {
            runs.lock()
                .unwrap()
                .entry(job.id)
                .or_default()
                .push(pool_name.to_owned());
            Ok::<(), JobError>(())
        }
    });
    registry
}

#[tokio::test]
async fn two_worker_pools_on_one_database_run_each_of_1000_jobs_exactly_once() {
    for backend in backends() {
        let first = TestApp::with_config(&backend, |config| {
            config.job_workers = 2;
            config.job_poll_interval_ms = 20;
        })
        .await;
        // The second "server": its own state and pool over the same database.
        let mut second_config = first.state.config.clone();
        second_config.data_dir = first.dir.path().join("second");
        let second = onramp_server::build_state(second_config).await.unwrap();

        let ids = enqueue(&first.state, "test.count", 1_000, 3).await;
        let runs: Runs = Arc::default();
        let pool_a = jobs::start(first.state.clone(), counting_registry(&runs, "a"));
        let pool_b = jobs::start(second.clone(), counting_registry(&runs, "b"));
        assert_ne!(pool_a.instance_id(), pool_b.instance_id());
        wait_until("every job succeeded", || async {
            count_in(&first.state, JobState::Succeeded).await == 1_000
        })
        .await;
        pool_a.shutdown().await;
        pool_b.shutdown().await;

        let runs = runs.lock().unwrap();
        assert_eq!(runs.len(), 1_000, "{:?}", first.backend());
        for id in &ids {
            let ran_on = runs.get(id).map(Vec::as_slice).unwrap_or_default();
            assert_eq!(ran_on.len(), 1, "job {id} ran {} times", ran_on.len());
        }
        let by_a = runs.values().filter(|ran_on| ran_on[0] == "a").count();
        assert!(
            by_a > 0 && by_a < 1_000,
            "both pools took part: a ran {by_a} of 1000 on {:?}",
            first.backend()
        );
        if matches!(backend, TestBackend::Postgres(_)) {
            eprintln!("postgres: pool a ran {by_a}, pool b {}", 1_000 - by_a);
        }
    }
}

#[tokio::test]
async fn a_job_whose_transaction_rolled_back_never_runs() {
    for backend in backends() {
        let app = TestApp::with_config(&backend, |config| {
            config.job_poll_interval_ms = 20;
        })
        .await;
        let now = app.state.clock.now_ms();
        let mut tx = app.state.store.begin().await.unwrap();
        let rolled_back = job_store::enqueue(
            &mut tx,
            &NewJob {
                kind: "test.count",
                payload_json: "{}",
                unique_key: None,
                run_at: now,
                max_attempts: 3,
            },
            now,
        )
        .await
        .unwrap()
        .id;
        drop(tx);
        let committed = enqueue(&app.state, "test.count", 1, 3).await.remove(0);
        let runs: Runs = Arc::default();
        let pool = jobs::start(app.state.clone(), counting_registry(&runs, "a"));
        wait_until("the committed job ran", || async {
            count_in(&app.state, JobState::Succeeded).await == 1
        })
        .await;
        pool.shutdown().await;
        let runs = runs.lock().unwrap();
        assert_eq!(runs.keys().collect::<Vec<_>>(), [&committed]);
        assert!(!runs.contains_key(&rolled_back));
    }
}

#[tokio::test]
async fn a_failing_job_backs_off_and_ends_dead_with_its_error() {
    for backend in backends() {
        let clock = Arc::new(ManualClock::starting_now());
        let app = TestApp::with_clock(&backend, clock.clone(), |config| {
            config.job_poll_interval_ms = 20;
        })
        .await;
        let mut registry = Registry::empty();
        registry.register("test.broken", |_state, _job| async {
            Err::<(), _>(JobError::Retry("the partner's server said 503".to_owned()))
        });
        let id = enqueue(&app.state, "test.broken", 1, 2).await.remove(0);
        let pool = jobs::start(app.state.clone(), registry);
        wait_until("the first attempt failed", || async {
            let job = job_store::find(app.state.store.pool(), &id)
                .await
                .unwrap()
                .unwrap();
            job.attempts == 1 && job.state == JobState::Queued
        })
        .await;
        let job = job_store::find(app.state.store.pool(), &id)
            .await
            .unwrap()
            .unwrap();
        assert!(
            job.run_at >= clock.now_ms() + 2_000,
            "backs off at least 2 s"
        );
        assert_eq!(
            job.last_error.as_deref(),
            Some("the partner's server said 503")
        );
        clock.advance(3_000);
        wait_until("the job is dead", || async {
            count_in(&app.state, JobState::Dead).await == 1
        })
        .await;
        pool.shutdown().await;
    }
}

#[tokio::test]
async fn a_pool_shutting_down_hands_back_a_job_that_does_not_finish() {
    for backend in backends() {
        let app = TestApp::with_config(&backend, |config| {
            config.job_poll_interval_ms = 20;
            config.job_lease_seconds = 1;
        })
        .await;
        let mut registry = Registry::empty();
        registry.register("test.forever", |_state, _job| async {
            std::future::pending::<()>().await;
            Ok::<(), JobError>(())
        });
        let id = enqueue(&app.state, "test.forever", 1, 3).await.remove(0);
        let pool = jobs::start(app.state.clone(), registry);
        wait_until("the job runs", || async {
            count_in(&app.state, JobState::Running).await == 1
        })
        .await;
        pool.shutdown().await;
        let job = job_store::find(app.state.store.pool(), &id)
            .await
            .unwrap()
            .unwrap();
        assert_eq!(job.state, JobState::Queued, "handed back, not left leased");
        assert_eq!(job.attempts, 0, "the interrupted attempt does not count");
        assert_eq!(job.locked_by, None);
    }
}

#[tokio::test]
async fn the_recurring_session_cleanup_runs_when_the_manual_clock_reaches_it() {
    for backend in backends() {
        let clock = Arc::new(ManualClock::starting_now());
        let app = TestApp::with_clock(&backend, clock.clone(), |config| {
            config.job_poll_interval_ms = 20;
            config.session_idle_minutes = 30;
        })
        .await;
        let user = app.user("ada@example.org", Role::Trainer, None).await;
        let mut tx = app.state.store.begin().await.unwrap();
        sessions::insert(
            &mut tx,
            &NewSession {
                id_hash: "session-hash",
                user_id: &user.id,
                stage: SessionStage::Complete,
                expires_at: clock.now_ms() + 12 * 3_600_000,
                client_addr: None,
                user_agent: None,
            },
        )
        .await
        .unwrap();
        tx.commit().await.unwrap();

        let pool = jobs::start(app.state.clone(), Registry::standard(&app.state.config));
        let cleanup_runs = || async {
            job_store::list(app.state.store.pool(), Some(JobState::Succeeded), 100, 0)
                .await
                .unwrap()
                .jobs
                .into_iter()
                .filter(|job| job.kind == SESSION_CLEANUP)
                .count()
        };
        wait_until("the first clean-up ran at start-up", || async {
            cleanup_runs().await == 1
        })
        .await;
        let next = job_store::list(app.state.store.pool(), Some(JobState::Queued), 100, 0)
            .await
            .unwrap()
            .jobs
            .into_iter()
            .find(|job| job.kind == SESSION_CLEANUP)
            .expect("the next run is queued");
        assert_eq!(next.run_at, clock.now_ms() + 600_000, "ten minutes later");
        assert!(sessions::find(app.state.store.pool(), "session-hash")
            .await
            .unwrap()
            .is_some());

        // Half an hour and a minute without a request: the session is idle past its limit.
        clock.advance(31 * 60_000);
        wait_until("the second clean-up ran", || async {
            cleanup_runs().await == 2
        })
        .await;
        assert!(
            sessions::find(app.state.store.pool(), "session-hash")
                .await
                .unwrap()
                .is_none(),
            "the idle session is gone"
        );
        pool.shutdown().await;
    }
}

#[tokio::test]
async fn admins_list_retry_and_cancel_jobs_through_the_api() {
    for backend in backends() {
        let app = TestApp::new(&backend).await;
        let (_, mut admin) = app.signed_in(Role::ProgramAdmin).await;
        let ids = enqueue(&app.state, "test.admin", 2, 1).await;
        let (queued, running) = (&ids[0], &ids[1]);
        // Make one running (claimed by a worker that is not there) and one dead.
        let mut tx = app.state.store.begin().await.unwrap();
        let claimed = job_store::claim(&mut tx, "instance-x", app.state.clock.now_ms() + 1, 60_000)
            .await
            .unwrap()
            .unwrap();
        tx.commit().await.unwrap();
        let running = if &claimed.id == running {
            running
        } else {
            queued
        }
        .clone();
        let queued = if running == ids[0] {
            ids[1].clone()
        } else {
            ids[0].clone()
        };

        let listed = admin.get("/api/v1/jobs?state=queued").await;
        assert_eq!(listed.status, StatusCode::OK, "{}", listed.body);
        assert_eq!(listed.json()["total"], 1);
        assert_eq!(listed.json()["jobs"][0]["id"], queued.as_str());

        let bad = admin.get("/api/v1/jobs?state=paused").await;
        assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(bad.content_type(), "application/problem+json");

        let conflict = admin
            .send_json(Method::POST, &format!("/api/v1/jobs/{running}/retry"), "")
            .await;
        assert_eq!(conflict.status, StatusCode::CONFLICT, "{}", conflict.body);
        assert_eq!(conflict.json()["code"], "resource.conflict");
        let conflict = admin
            .send_json(Method::POST, &format!("/api/v1/jobs/{running}/cancel"), "")
            .await;
        assert_eq!(conflict.status, StatusCode::CONFLICT);
        let missing = admin
            .send_json(Method::POST, "/api/v1/jobs/no-such-job/cancel", "")
            .await;
        assert_eq!(missing.status, StatusCode::NOT_FOUND);

        let cancelled = admin
            .send_json(Method::POST, &format!("/api/v1/jobs/{queued}/cancel"), "")
            .await;
        assert_eq!(cancelled.status, StatusCode::OK, "{}", cancelled.body);
        assert_eq!(cancelled.json()["state"], "cancelled");

        // The running job's worker died and it had one attempt: dead, then retried by the admin.
        let mut tx = app.state.store.begin().await.unwrap();
        job_store::reclaim_expired(&mut tx, app.state.clock.now_ms() + 120_000)
            .await
            .unwrap();
        tx.commit().await.unwrap();
        let retried = admin
            .send_json(Method::POST, &format!("/api/v1/jobs/{running}/retry"), "")
            .await;
        assert_eq!(retried.status, StatusCode::OK, "{}", retried.body);
        assert_eq!(retried.json()["state"], "queued");
        assert_eq!(retried.json()["attempts"], 0);

        let actions = app.audit_actions().await;
        assert!(actions.contains(&"job.cancelled".to_owned()), "{actions:?}");
        assert!(actions.contains(&"job.retried".to_owned()), "{actions:?}");
    }
}

#[tokio::test]
async fn the_jobs_page_shows_a_dead_job_with_its_error_and_retries_it() {
    for backend in backends() {
        let app = TestApp::new(&backend).await;
        let (_, mut admin) = app.signed_in(Role::ProgramAdmin).await;
        let id = enqueue(&app.state, "test.page", 1, 1).await.remove(0);
        let mut tx = app.state.store.begin().await.unwrap();
        let job = job_store::claim(&mut tx, "instance-x", app.state.clock.now_ms() + 1, 60_000)
            .await
            .unwrap()
            .unwrap();
        job_store::fail(
            &mut tx,
            &job,
            "instance-x",
            "mailbox full",
            false,
            job.run_at,
        )
        .await
        .unwrap();
        tx.commit().await.unwrap();

        let page = admin.get("/admin/jobs?state=dead").await;
        assert_eq!(page.status, StatusCode::OK);
        assert!(page.body.contains("mailbox full"), "{}", page.body);
        assert!(page.body.contains(&format!("/admin/jobs/{id}/retry")));
        let bad = admin.get("/admin/jobs?state=paused").await;
        assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);

        let retried = admin
            .post_form(&format!("/admin/jobs/{id}/retry"), &[])
            .await;
        assert_eq!(retried.status, StatusCode::SEE_OTHER, "{}", retried.body);
        assert_eq!(retried.location(), Some("/admin/jobs?notice=job_retried"));
        let again = admin
            .post_form(&format!("/admin/jobs/{id}/retry"), &[])
            .await;
        assert_eq!(
            again.status,
            StatusCode::CONFLICT,
            "a queued job cannot be retried"
        );
        let job = job_store::find(app.state.store.pool(), &id)
            .await
            .unwrap()
            .unwrap();
        assert_eq!(job.state, JobState::Queued);
    }
}
