//! The job queue's table on both engines: claim and complete, backoff and dead, unique keys, a
//! rolled-back enqueue, lease expiry, and the admin's compare-and-set retry and cancel.

use onramp_core::platform::jobs::JobState;
use onramp_store::platform::jobs::{self, NewJob};
use onramp_store::{Store, StoreError};

use crate::support::stores;

const T0: i64 = 1_800_000_000_000;
const LEASE_MS: i64 = 30_000;

async fn enqueue(store: &Store, kind: &str, unique_key: Option<&str>, run_at: i64) -> String {
    let mut tx = store.begin().await.unwrap();
    let enqueued = jobs::enqueue(
        &mut tx,
        &NewJob {
            kind,
            payload_json: "{}",
            unique_key,
            run_at,
            max_attempts: 3,
        },
        T0,
    )
    .await
    .unwrap();
    tx.commit().await.unwrap();
    enqueued.id
}

async fn claim(store: &Store, instance: &str, now: i64) -> Option<jobs::Job> {
    let mut tx = store.begin().await.unwrap();
    let job = jobs::claim(&mut tx, instance, now, LEASE_MS).await.unwrap();
    tx.commit().await.unwrap();
    job
}

async fn state_of(store: &Store, id: &str) -> JobState {
    jobs::find(store.pool(), id).await.unwrap().unwrap().state
}

#[tokio::test]
async fn a_due_job_is_claimed_once_and_completed() {
    for (store, _dir) in stores().await {
        let later = enqueue(&store, "test.later", None, T0 + 60_000).await;
        let due = enqueue(&store, "test.due", None, T0).await;

        let job = claim(&store, "instance-a", T0).await.unwrap();
        assert_eq!(job.id, due, "{:?}", store.backend());
        assert_eq!(job.state, JobState::Running);
        assert_eq!(job.attempts, 1);
        assert_eq!(job.locked_by.as_deref(), Some("instance-a"));
        assert_eq!(job.lease_until, Some(T0 + LEASE_MS));
        assert!(
            claim(&store, "instance-b", T0).await.is_none(),
            "the only due job is taken; the other is not due yet"
        );

        let mut tx = store.begin().await.unwrap();
        assert!(!jobs::complete(&mut tx, &due, "instance-b", T0 + 1)
            .await
            .unwrap());
        assert!(jobs::complete(&mut tx, &due, "instance-a", T0 + 1)
            .await
            .unwrap());
        tx.commit().await.unwrap();
        assert_eq!(state_of(&store, &due).await, JobState::Succeeded);

        let job = claim(&store, "instance-b", T0 + 60_000).await.unwrap();
        assert_eq!(job.id, later);
    }
}

#[tokio::test]
async fn failures_back_off_then_the_job_is_dead() {
    for (store, _dir) in stores().await {
        let id = enqueue(&store, "test.flaky", None, T0).await;
        let mut now = T0;
        for attempt in 1..=3 {
            let job = claim(&store, "instance-a", now).await.unwrap();
            assert_eq!(job.attempts, attempt);
            let mut tx = store.begin().await.unwrap();
            let state = jobs::fail(&mut tx, &job, "instance-a", "it broke", false, now)
                .await
                .unwrap();
            tx.commit().await.unwrap();
            let stored = jobs::find(store.pool(), &id).await.unwrap().unwrap();
            assert_eq!(stored.last_error.as_deref(), Some("it broke"));
            if attempt < 3 {
                assert_eq!(state, Some(JobState::Queued));
                let wait = stored.run_at - now;
                let base = 1_000 << attempt;
                assert!((base..=base + base / 4).contains(&wait), "{wait}");
                assert!(
                    claim(&store, "instance-a", stored.run_at - 1)
                        .await
                        .is_none(),
                    "not before its backoff"
                );
                now = stored.run_at;
            } else {
                assert_eq!(state, Some(JobState::Dead));
                assert_eq!(stored.state, JobState::Dead);
            }
        }
        assert!(claim(&store, "instance-a", now + 10_000_000)
            .await
            .is_none());
    }
}

#[tokio::test]
async fn a_permanent_failure_is_failed_at_once() {
    for (store, _dir) in stores().await {
        let id = enqueue(&store, "test.refused", None, T0).await;
        let job = claim(&store, "instance-a", T0).await.unwrap();
        let mut tx = store.begin().await.unwrap();
        let state = jobs::fail(&mut tx, &job, "instance-a", "bad payload", true, T0)
            .await
            .unwrap();
        tx.commit().await.unwrap();
        assert_eq!(state, Some(JobState::Failed));
        assert_eq!(state_of(&store, &id).await, JobState::Failed);
    }
}

#[tokio::test]
async fn a_unique_key_allows_one_live_job() {
    for (store, _dir) in stores().await {
        let first = enqueue(&store, "test.unique", Some("purpose-1"), T0).await;
        let second = enqueue(&store, "test.unique", Some("purpose-1"), T0).await;
        assert_eq!(first, second, "the duplicate returns the live job's id");
        let other = enqueue(&store, "test.unique", Some("purpose-2"), T0 + 1).await;
        assert_ne!(first, other);

        // While running, the key is still held.
        let job = claim(&store, "instance-a", T0).await.unwrap();
        assert_eq!(job.id, first);
        assert_eq!(
            enqueue(&store, "test.unique", Some("purpose-1"), T0).await,
            first
        );
        // Once finished, the key is free again.
        let mut tx = store.begin().await.unwrap();
        jobs::complete(&mut tx, &first, "instance-a", T0)
            .await
            .unwrap();
        tx.commit().await.unwrap();
        let next = enqueue(&store, "test.unique", Some("purpose-1"), T0).await;
        assert_ne!(next, first);
    }
}

#[tokio::test]
async fn a_job_enqueued_in_a_rolled_back_transaction_never_exists() {
    for (store, _dir) in stores().await {
        let mut tx = store.begin().await.unwrap();
        let enqueued = jobs::enqueue(
            &mut tx,
            &NewJob {
                kind: "test.rolled_back",
                payload_json: "{}",
                unique_key: Some("rolled-back"),
                run_at: T0,
                max_attempts: 3,
            },
            T0,
        )
        .await
        .unwrap();
        drop(tx);
        assert!(jobs::find(store.pool(), &enqueued.id)
            .await
            .unwrap()
            .is_none());
        assert!(claim(&store, "instance-a", T0 + 1_000_000).await.is_none());
        // The key was never held.
        let again = enqueue(&store, "test.rolled_back", Some("rolled-back"), T0).await;
        assert_ne!(again, enqueued.id);
    }
}

#[tokio::test]
async fn an_expired_lease_is_reclaimed_and_the_old_holder_loses_it() {
    for (store, _dir) in stores().await {
        let id = enqueue(&store, "test.stuck", None, T0).await;
        let job = claim(&store, "instance-a", T0).await.unwrap();

        // A heartbeat keeps the lease alive.
        let mut tx = store.begin().await.unwrap();
        assert!(
            jobs::heartbeat(&mut tx, &id, "instance-a", T0 + 20_000, LEASE_MS)
                .await
                .unwrap()
        );
        assert_eq!(
            jobs::reclaim_expired(&mut tx, T0 + LEASE_MS + 1)
                .await
                .unwrap(),
            0,
            "the heartbeat moved the lease"
        );
        assert_eq!(
            jobs::reclaim_expired(&mut tx, T0 + 20_000 + LEASE_MS + 1)
                .await
                .unwrap(),
            1
        );
        tx.commit().await.unwrap();

        let reclaimed = jobs::find(store.pool(), &id).await.unwrap().unwrap();
        assert_eq!(reclaimed.state, JobState::Queued);
        assert!(reclaimed.last_error.unwrap().contains("lease ran out"));
        let again = claim(&store, "instance-b", T0 + 60_000).await.unwrap();
        assert_eq!(again.id, id);
        assert_eq!(again.attempts, 2);

        let mut tx = store.begin().await.unwrap();
        assert!(
            !jobs::heartbeat(&mut tx, &id, "instance-a", T0 + 60_000, LEASE_MS)
                .await
                .unwrap()
        );
        assert_eq!(
            jobs::fail(&mut tx, &job, "instance-a", "late", false, T0 + 60_000)
                .await
                .unwrap(),
            None,
            "the old holder cannot record a result"
        );
        tx.commit().await.unwrap();
        assert_eq!(state_of(&store, &id).await, JobState::Running);
    }
}

#[tokio::test]
async fn an_expired_lease_on_the_last_attempt_makes_the_job_dead() {
    for (store, _dir) in stores().await {
        let mut tx = store.begin().await.unwrap();
        let id = jobs::enqueue(
            &mut tx,
            &NewJob {
                kind: "test.once",
                payload_json: "{}",
                unique_key: None,
                run_at: T0,
                max_attempts: 1,
            },
            T0,
        )
        .await
        .unwrap()
        .id;
        tx.commit().await.unwrap();
        claim(&store, "instance-a", T0).await.unwrap();
        let mut tx = store.begin().await.unwrap();
        jobs::reclaim_expired(&mut tx, T0 + LEASE_MS + 1)
            .await
            .unwrap();
        tx.commit().await.unwrap();
        assert_eq!(state_of(&store, &id).await, JobState::Dead);
    }
}

#[tokio::test]
async fn retry_and_cancel_change_only_the_states_they_expect() {
    for (store, _dir) in stores().await {
        let queued = enqueue(&store, "test.admin", None, T0 + 1_000_000).await;
        let running = enqueue(&store, "test.admin", None, T0).await;
        claim(&store, "instance-a", T0).await.unwrap();

        let mut tx = store.begin().await.unwrap();
        assert!(matches!(
            jobs::retry(&mut tx, &running, T0).await,
            Err(StoreError::Conflict(_))
        ));
        assert!(matches!(
            jobs::retry(&mut tx, &queued, T0).await,
            Err(StoreError::Conflict(_))
        ));
        assert!(matches!(
            jobs::cancel(&mut tx, &running, T0).await,
            Err(StoreError::Conflict(_))
        ));
        assert!(matches!(
            jobs::cancel(&mut tx, "no-such-job", T0).await,
            Err(StoreError::NotFound)
        ));
        let cancelled = jobs::cancel(&mut tx, &queued, T0).await.unwrap();
        assert_eq!(cancelled.state, JobState::Cancelled);
        assert!(matches!(
            jobs::cancel(&mut tx, &queued, T0).await,
            Err(StoreError::Conflict(_))
        ));
        tx.commit().await.unwrap();
        assert!(claim(&store, "instance-b", T0 + 2_000_000).await.is_none());

        // A dead job goes back to the queue with fresh attempts.
        let job = jobs::find(store.pool(), &running).await.unwrap().unwrap();
        let mut tx = store.begin().await.unwrap();
        jobs::fail(&mut tx, &job, "instance-a", "no", true, T0)
            .await
            .unwrap();
        let retried = jobs::retry(&mut tx, &running, T0 + 5).await.unwrap();
        tx.commit().await.unwrap();
        assert_eq!(retried.state, JobState::Queued);
        assert_eq!(retried.attempts, 0);
        assert_eq!(
            claim(&store, "instance-b", T0 + 5).await.unwrap().id,
            running
        );
    }
}

#[tokio::test]
async fn jobs_are_listed_by_state_and_counted() {
    for (store, _dir) in stores().await {
        for _ in 0..3 {
            enqueue(&store, "test.list", None, T0).await;
        }
        claim(&store, "instance-a", T0).await.unwrap();
        let queued = jobs::list(store.pool(), Some(JobState::Queued), 10, 0)
            .await
            .unwrap();
        assert_eq!(queued.total, 2);
        assert!(queued.jobs.iter().all(|job| job.state == JobState::Queued));
        let all = jobs::list(store.pool(), None, 2, 0).await.unwrap();
        assert_eq!((all.total, all.jobs.len()), (3, 2));
        let counts = jobs::count_by_state(store.pool()).await.unwrap();
        assert_eq!(counts, [(JobState::Queued, 2), (JobState::Running, 1)]);
    }
}
