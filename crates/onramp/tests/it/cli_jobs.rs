//! Jobs across processes: an instance killed with SIGKILL in the middle of a job leaves the job
//! leased; once the lease runs out, the next instance runs it again, and it succeeds.

use std::path::Path;
use std::time::Duration;

use onramp_core::platform::jobs::JobState;
use onramp_store::platform::jobs::{self, Job, NewJob};
use onramp_store::{Store, StoreOptions};

use crate::support::{postgres_url, Server};

async fn store_for(data_dir: &Path, database_url: Option<&str>) -> Store {
    let url = database_url.map_or_else(
        || format!("sqlite://{}?mode=rwc", data_dir.join("onramp.db").display()),
        str::to_owned,
    );
    Store::connect(&StoreOptions {
        url,
        max_connections: 2,
    })
    .await
    .unwrap()
}

/// Polls the job (up to a minute, so a bug fails instead of hanging) until `done` holds.
async fn wait_for(store: &Store, job_id: &str, what: &str, done: impl Fn(&Job) -> bool) -> Job {
    for _ in 0..1_200 {
        let job = jobs::find(store.pool(), job_id).await.unwrap().unwrap();
        if done(&job) {
            return job;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    panic!("gave up waiting until {what}");
}

#[tokio::test]
async fn a_job_whose_instance_was_killed_runs_again_after_its_lease_runs_out() {
    let mut databases = vec![None];
    if let Some(url) = postgres_url().await {
        databases.push(Some(url));
    }
    for database_url in databases {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(
            dir.path().join("onramp.toml"),
            "job_lease_seconds = 2\njob_poll_interval_ms = 50\n",
        )
        .unwrap();
        let first = Server::start(dir.path(), database_url.as_deref());
        let store = store_for(dir.path(), database_url.as_deref()).await;
        let now = onramp_store::platform::clock::Clock::now_ms(
            &onramp_store::platform::clock::SystemClock,
        );
        let mut tx = store.begin().await.unwrap();
        let job_id = jobs::enqueue(
            &mut tx,
            &NewJob {
                kind: "platform.probe",
                payload_json: r#"{"sleep_ms": 3000}"#,
                unique_key: None,
                run_at: now,
                max_attempts: 3,
            },
            now,
        )
        .await
        .unwrap()
        .id;
        tx.commit().await.unwrap();

        let running = wait_for(&store, &job_id, "the first instance runs the job", |job| {
            job.state == JobState::Running
        })
        .await;
        assert_eq!(running.attempts, 1);
        let first_holder = running.locked_by.clone().unwrap();
        first.kill();
        let killed_at = onramp_store::platform::clock::Clock::now_ms(
            &onramp_store::platform::clock::SystemClock,
        );

        // Nobody runs it while the dead instance's lease lasts.
        let still = jobs::find(store.pool(), &job_id).await.unwrap().unwrap();
        assert_eq!(still.state, JobState::Running);
        assert_eq!(still.locked_by.as_deref(), Some(first_holder.as_str()));

        let second = Server::start(dir.path(), database_url.as_deref());
        let retaken = wait_for(&store, &job_id, "the second instance runs it", |job| {
            job.state == JobState::Running && job.locked_by.as_deref() != Some(&first_holder)
        })
        .await;
        assert_eq!(retaken.attempts, 2);
        assert!(
            retaken.started_at.unwrap() > killed_at,
            "it started again only after the kill"
        );
        let done = wait_for(&store, &job_id, "the job succeeds", |job| {
            job.state == JobState::Succeeded
        })
        .await;
        assert_eq!(done.attempts, 2, "{database_url:?}");
        assert!(
            done.last_error
                .as_deref()
                .is_some_and(|error| error.contains("lease ran out")),
            "{:?}",
            done.last_error
        );
        assert!(
            done.finished_at.unwrap() - done.started_at.unwrap() >= 3_000,
            "the probe really ran its three seconds again"
        );
        assert!(
            second.stop(),
            "SIGTERM still stops the second instance cleanly"
        );
        store.close().await;
    }
}
