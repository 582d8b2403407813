//! Retention deletes old bookkeeping rows and keeps what someone may still need: failed and dead
//! jobs, pending deliveries and their events, unsent mail, and anything recent.

use onramp_store::platform::retention::{self, Pruned};
use onramp_store::Store;

use crate::support::stores;

const DAY_MS: i64 = 86_400_000;

async fn run(store: &Store, statement: &str) {
    sqlx::query(statement).execute(store.pool()).await.unwrap();
}

async fn count(store: &Store, table: &str) -> i64 {
    sqlx::query_scalar(&format!("SELECT COUNT(*) FROM {table}"))
        .fetch_one(store.pool())
        .await
        .unwrap()
}

#[tokio::test]
async fn old_finished_rows_go_and_everything_still_needed_stays() {
    for (store, _dir) in stores().await {
        let old = 1_000 * DAY_MS;
        let recent = 1_040 * DAY_MS;
        let before = 1_010 * DAY_MS;
        for (id, state, finished) in [
            ("old-succeeded", "succeeded", old),
            ("old-cancelled", "cancelled", old),
            ("old-dead", "dead", old),
            ("old-failed", "failed", old),
            ("recent-succeeded", "succeeded", recent),
        ] {
            run(&store, &format!(
                "INSERT INTO jobs (id, kind, payload, state, attempts, max_attempts, run_at, created_at, finished_at, updated_at) \
                 VALUES ('{id}', 'test', '{{}}', '{state}', 1, 5, {finished}, {finished}, {finished}, {finished})"
            ))
            .await;
        }
        for (id, event, sent) in [
            ("sent-old", "event-done", format!("{old}")),
            ("unsent-old", "event-mail-waiting", "NULL".to_owned()),
            ("sent-recent", "event-recent", format!("{recent}")),
        ] {
            run(&store, &format!(
                "INSERT INTO outbox_mails (id, event_id, family, recipient, subject, body, created_at, sent_at) \
                 VALUES ('{id}', '{event}', 'registry', 'a@example.org', 's', 'b', {old}, {sent})"
            ))
            .await;
        }
        for (id, at) in [
            ("event-done", old),
            ("event-mail-waiting", old),
            ("event-pending", old),
            ("event-recent", recent),
        ] {
            run(
                &store,
                &format!(
                "INSERT INTO outbox_events (id, event_type, organization_id, payload, occurred_at) \
                 VALUES ('{id}', 'test.happened', NULL, '{{}}', {at})"
            ),
            )
            .await;
        }
        for (event, status) in [("event-done", "delivered"), ("event-pending", "pending")] {
            run(&store, &format!(
                "INSERT INTO webhook_deliveries (subscription_id, event_id, event_type, status, attempts, created_at, updated_at) \
                 VALUES ('sub', '{event}', 'test.happened', '{status}', 1, {old}, {old})"
            ))
            .await;
            run(&store, &format!(
                "INSERT INTO webhook_attempts (id, subscription_id, event_id, attempt, duration_ms, attempted_at) \
                 VALUES ('attempt-{event}', 'sub', '{event}', 1, 5, {old})"
            ))
            .await;
        }

        let mut tx = store.begin().await.unwrap();
        let pruned = retention::prune(&mut tx, before).await.unwrap();
        tx.commit().await.unwrap();
        assert_eq!(
            pruned,
            Pruned {
                jobs: 2,
                mails: 1,
                webhook_attempts: 1,
                webhook_deliveries: 1,
                events: 1,
            }
        );
        let remaining_jobs: Vec<String> = sqlx::query_scalar("SELECT id FROM jobs ORDER BY id")
            .fetch_all(store.pool())
            .await
            .unwrap();
        assert_eq!(
            remaining_jobs,
            ["old-dead", "old-failed", "recent-succeeded"]
        );
        let remaining_events: Vec<String> =
            sqlx::query_scalar("SELECT id FROM outbox_events ORDER BY id")
                .fetch_all(store.pool())
                .await
                .unwrap();
        assert_eq!(
            remaining_events,
            ["event-mail-waiting", "event-pending", "event-recent"]
        );
        assert_eq!(count(&store, "outbox_mails").await, 2);
        assert_eq!(count(&store, "webhook_deliveries").await, 1);
        // A second pass finds nothing more.
        let mut tx = store.begin().await.unwrap();
        assert_eq!(retention::prune(&mut tx, before).await.unwrap().total(), 0);
        tx.commit().await.unwrap();
    }
}
