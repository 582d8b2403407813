//! Retention: the platform's bookkeeping rows that have served their purpose are deleted after a
//! while, so that the tables stay the size of the recent past — finished jobs, sent mail, webhook
//! attempts and settled deliveries, and outbox events nothing waits for any more.
//!
//! What is kept however old: the audit trail (it is the record), jobs that failed or died (an admin
//! may still retry them), deliveries still pending (with their attempt log and their event), and
//! mail not yet sent (with its event).

use crate::{StoreError, Tx};

/// How many rows of each kind one pass deleted.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Pruned {
    pub jobs: u64,
    pub mails: u64,
    pub webhook_attempts: u64,
    pub webhook_deliveries: u64,
    pub events: u64,
}

impl Pruned {
    pub fn total(&self) -> u64 {
        self.jobs + self.mails + self.webhook_attempts + self.webhook_deliveries + self.events
    }
}

/// Deletes what finished before `before_ms` (see the module doc for what is kept).
pub async fn prune(tx: &mut Tx, before_ms: i64) -> Result<Pruned, StoreError> {
    let mut pruned = Pruned::default();
    for (statement, count) in [
        (
            "DELETE FROM jobs WHERE state IN ('succeeded', 'cancelled') \
             AND COALESCE(finished_at, updated_at) < $1",
            &mut pruned.jobs,
        ),
        (
            "DELETE FROM outbox_mails WHERE sent_at IS NOT NULL AND sent_at < $1",
            &mut pruned.mails,
        ),
        (
            "DELETE FROM webhook_attempts WHERE attempted_at < $1 \
             AND NOT EXISTS (SELECT 1 FROM webhook_deliveries d \
                             WHERE d.subscription_id = webhook_attempts.subscription_id \
                             AND d.event_id = webhook_attempts.event_id AND d.status = 'pending')",
            &mut pruned.webhook_attempts,
        ),
        (
            "DELETE FROM webhook_deliveries WHERE status <> 'pending' AND updated_at < $1",
            &mut pruned.webhook_deliveries,
        ),
        (
            "DELETE FROM outbox_events WHERE occurred_at < $1 \
             AND NOT EXISTS (SELECT 1 FROM webhook_deliveries d \
                             WHERE d.event_id = outbox_events.id AND d.status = 'pending') \
             AND NOT EXISTS (SELECT 1 FROM outbox_mails m \
                             WHERE m.event_id = outbox_events.id AND m.sent_at IS NULL)",
            &mut pruned.events,
        ),
    ] {
        *count = sqlx::query(statement)
            .bind(before_ms)
            .execute(tx.conn())
            .await?
            .rows_affected();
    }
    Ok(pruned)
}
