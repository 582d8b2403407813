//! The durable job queue's table: enqueue in the caller's transaction, claim with a lease,
//! heartbeat, complete, fail with backoff, reclaim expired leases, list, and an admin's retry and
//! cancel. Every change is a compare-and-set on the state it expects (docs/adr/0005-durable-jobs.md).
//!
//! Times are passed in (`now_ms`): this module never reads a clock, so tests move time by hand.
//! Routine transitions (claim, heartbeat, complete, fail, reclaim) write no audit event — the row
//! itself keeps attempts, the last error and the times; an admin's retry and cancel are audited by
//! their caller in the same transaction.

use onramp_core::platform::jobs::{after_failure, AfterFailure, JobState};
use sqlx::{Any, Executor, Row};

use crate::{new_id, Backend, StoreError, Tx};

/// A job as stored.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Job {
    pub id: String,
    pub kind: String,
    /// JSON text, as the handler of `kind` reads it.
    pub payload: String,
    pub state: JobState,
    pub unique_key: Option<String>,
    /// Attempts started so far (a claim counts one).
    pub attempts: i64,
    pub max_attempts: i64,
    /// Not before this time.
    pub run_at: i64,
    /// The worker instance holding the lease, while running.
    pub locked_by: Option<String>,
    pub lease_until: Option<i64>,
    pub last_error: Option<String>,
    pub created_at: i64,
    /// When the latest attempt started.
    pub started_at: Option<i64>,
    pub finished_at: Option<i64>,
    pub updated_at: i64,
}

/// A job to add.
#[derive(Clone, Debug)]
pub struct NewJob<'a> {
    pub kind: &'a str,
    pub payload_json: &'a str,
    /// At most one queued or running job per key; enqueuing a second returns the first.
    pub unique_key: Option<&'a str>,
    pub run_at: i64,
    pub max_attempts: i64,
}

/// The outcome of [`enqueue`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Enqueued {
    pub id: String,
    /// `false` when a live job with the same unique key was there already (its id is returned).
    pub inserted: bool,
}

const COLUMNS: &str = "id, kind, payload, state, unique_key, attempts, max_attempts, run_at, \
     locked_by, lease_until, last_error, created_at, started_at, finished_at, updated_at";

fn job_from_row(row: &sqlx::any::AnyRow) -> Result<Job, StoreError> {
    let state: String = row.try_get("state")?;
    Ok(Job {
        id: row.try_get("id")?,
        kind: row.try_get("kind")?,
        payload: row.try_get("payload")?,
        state: state
            .parse()
            .map_err(|error: onramp_core::vocabulary::UnknownName| {
                StoreError::Corrupt(error.to_string())
            })?,
        unique_key: row.try_get("unique_key")?,
        attempts: row.try_get("attempts")?,
        max_attempts: row.try_get("max_attempts")?,
        run_at: row.try_get("run_at")?,
        locked_by: row.try_get("locked_by")?,
        lease_until: row.try_get("lease_until")?,
        last_error: row.try_get("last_error")?,
        created_at: row.try_get("created_at")?,
        started_at: row.try_get("started_at")?,
        finished_at: row.try_get("finished_at")?,
        updated_at: row.try_get("updated_at")?,
    })
}

/// Adds a job inside the caller's transaction: it exists only if that transaction commits. With a
/// unique key that a queued or running job already holds, nothing is added and that job's id is
/// returned.
pub async fn enqueue(
    tx: &mut Tx,
    new_job: &NewJob<'_>,
    now_ms: i64,
) -> Result<Enqueued, StoreError> {
    // Two rounds: on PostgreSQL the holder of the key can finish between the insert and the look-up.
    for _ in 0..2 {
        let id = new_id();
        let inserted = sqlx::query(
            "INSERT INTO jobs (id, kind, payload, state, unique_key, attempts, max_attempts, \
             run_at, created_at, updated_at) VALUES ($1, $2, $3, 'queued', $4, 0, $5, $6, $7, $7) \
             ON CONFLICT DO NOTHING",
        )
        .bind(&id)
        .bind(new_job.kind)
        .bind(new_job.payload_json)
        .bind(new_job.unique_key)
        .bind(new_job.max_attempts.max(1))
        .bind(new_job.run_at)
        .bind(now_ms)
        .execute(tx.conn())
        .await?
        .rows_affected();
        if inserted == 1 {
            return Ok(Enqueued { id, inserted: true });
        }
        let Some(unique_key) = new_job.unique_key else {
            return Err(StoreError::Conflict("job id already taken".to_owned()));
        };
        let existing = sqlx::query(
            "SELECT id FROM jobs WHERE unique_key = $1 AND state IN ('queued', 'running')",
        )
        .bind(unique_key)
        .fetch_optional(tx.conn())
        .await?;
        if let Some(row) = existing {
            return Ok(Enqueued {
                id: row.try_get("id")?,
                inserted: false,
            });
        }
    }
    Err(StoreError::Conflict(
        "the job's unique key is contended; try again".to_owned(),
    ))
}

/// Claims the oldest due job for `instance_id`, leased until `now_ms + lease_ms`, counting one
/// attempt. On PostgreSQL concurrent claimers skip each other's rows (`FOR UPDATE SKIP LOCKED`);
/// on SQLite the write lock serializes them.
pub async fn claim(
    tx: &mut Tx,
    instance_id: &str,
    now_ms: i64,
    lease_ms: i64,
) -> Result<Option<Job>, StoreError> {
    let lock = match tx.backend() {
        Backend::Postgres => " FOR UPDATE SKIP LOCKED",
        Backend::Sqlite => "",
    };
    let sql = format!(
        "UPDATE jobs SET state = 'running', locked_by = $1, lease_until = $2, \
         attempts = attempts + 1, started_at = $3, updated_at = $3 \
         WHERE state = 'queued' AND id = (SELECT id FROM jobs WHERE state = 'queued' \
         AND run_at <= $3 ORDER BY run_at, id LIMIT 1{lock}) RETURNING {COLUMNS}"
    );
    let row = sqlx::query(&sql)
        .bind(instance_id)
        .bind(now_ms + lease_ms)
        .bind(now_ms)
        .fetch_optional(tx.conn())
        .await?;
    row.as_ref().map(job_from_row).transpose()
}

/// Extends the lease of a job this instance runs. `false`: the lease was lost (it ran out and
/// another instance reclaimed the job, or an admin changed it) — the caller should stop.
pub async fn heartbeat(
    tx: &mut Tx,
    job_id: &str,
    instance_id: &str,
    now_ms: i64,
    lease_ms: i64,
) -> Result<bool, StoreError> {
    let updated = sqlx::query(
        "UPDATE jobs SET lease_until = $1, updated_at = $2 \
         WHERE id = $3 AND state = 'running' AND locked_by = $4",
    )
    .bind(now_ms + lease_ms)
    .bind(now_ms)
    .bind(job_id)
    .bind(instance_id)
    .execute(tx.conn())
    .await?
    .rows_affected();
    Ok(updated == 1)
}

/// Marks a job this instance runs as succeeded. `false`: this instance no longer holds it.
pub async fn complete(
    tx: &mut Tx,
    job_id: &str,
    instance_id: &str,
    now_ms: i64,
) -> Result<bool, StoreError> {
    let updated = sqlx::query(
        "UPDATE jobs SET state = 'succeeded', locked_by = NULL, lease_until = NULL, \
         finished_at = $1, updated_at = $1 WHERE id = $2 AND state = 'running' AND locked_by = $3",
    )
    .bind(now_ms)
    .bind(job_id)
    .bind(instance_id)
    .execute(tx.conn())
    .await?
    .rows_affected();
    Ok(updated == 1)
}

/// Records a failed attempt of a job this instance runs: queued again after a backoff, or `dead`
/// when it has used its attempts, or `failed` when `permanent`. Returns the new state, or `None`
/// when this instance no longer holds the job.
pub async fn fail(
    tx: &mut Tx,
    job: &Job,
    instance_id: &str,
    error: &str,
    permanent: bool,
    now_ms: i64,
) -> Result<Option<JobState>, StoreError> {
    let error: String = error.chars().take(2_000).collect();
    let (state, run_at, finished_at) =
        match after_failure(&job.id, job.attempts, job.max_attempts, permanent, now_ms) {
            AfterFailure::RetryAt(at) => (JobState::Queued, at, None),
            AfterFailure::Dead => (JobState::Dead, job.run_at, Some(now_ms)),
            AfterFailure::Failed => (JobState::Failed, job.run_at, Some(now_ms)),
        };
    let updated = sqlx::query(
        "UPDATE jobs SET state = $1, run_at = $2, finished_at = $3, last_error = $4, \
         locked_by = NULL, lease_until = NULL, updated_at = $5 \
         WHERE id = $6 AND state = 'running' AND locked_by = $7",
    )
    .bind(state.as_str())
    .bind(run_at)
    .bind(finished_at)
    .bind(&error)
    .bind(now_ms)
    .bind(&job.id)
    .bind(instance_id)
    .execute(tx.conn())
    .await?
    .rows_affected();
    Ok((updated == 1).then_some(state))
}

/// Gives back a job this instance claimed but will not finish (it is shutting down): queued again
/// at once, and the attempt does not count.
pub async fn release(
    tx: &mut Tx,
    job_id: &str,
    instance_id: &str,
    now_ms: i64,
) -> Result<bool, StoreError> {
    let updated = sqlx::query(
        "UPDATE jobs SET state = 'queued', attempts = attempts - 1, locked_by = NULL, \
         lease_until = NULL, run_at = $1, updated_at = $1 \
         WHERE id = $2 AND state = 'running' AND locked_by = $3",
    )
    .bind(now_ms)
    .bind(job_id)
    .bind(instance_id)
    .execute(tx.conn())
    .await?
    .rows_affected();
    Ok(updated == 1)
}

/// Running jobs whose lease ran out (their worker died or lost the database) go back to the queue,
/// due now — or to `dead` when that was their last attempt. Returns how many were reclaimed.
pub async fn reclaim_expired(tx: &mut Tx, now_ms: i64) -> Result<u64, StoreError> {
    let result = sqlx::query(
        "UPDATE jobs SET \
         state = CASE WHEN attempts >= max_attempts THEN 'dead' ELSE 'queued' END, \
         finished_at = CASE WHEN attempts >= max_attempts THEN $1 ELSE NULL END, \
         last_error = 'the lease ran out: worker ' || COALESCE(locked_by, '?') || ' stopped or lost the database', \
         locked_by = NULL, lease_until = NULL, run_at = $1, updated_at = $1 \
         WHERE state = 'running' AND lease_until < $1",
    )
    .bind(now_ms)
    .execute(tx.conn())
    .await?;
    Ok(result.rows_affected())
}

/// One job.
pub async fn find<'c, E>(db: E, job_id: &str) -> Result<Option<Job>, StoreError>
where
    E: Executor<'c, Database = Any>,
{
    let row = sqlx::query(&format!("SELECT {COLUMNS} FROM jobs WHERE id = $1"))
        .bind(job_id)
        .fetch_optional(db)
        .await?;
    row.as_ref().map(job_from_row).transpose()
}

/// One page of jobs, and how many match.
#[derive(Clone, Debug)]
pub struct JobPage {
    pub jobs: Vec<Job>,
    pub total: i64,
}

/// Jobs in `state` (any state when `None`), the most recently changed first.
pub async fn list<'c, E>(
    db: E,
    state: Option<JobState>,
    limit: i64,
    offset: i64,
) -> Result<JobPage, StoreError>
where
    E: Executor<'c, Database = Any> + Copy,
{
    // `$1 = ''` selects every state, so one SQL text serves both filters.
    let state_text = state.map_or("", JobState::as_str);
    let total: i64 = sqlx::query("SELECT COUNT(*) AS n FROM jobs WHERE ($1 = '' OR state = $1)")
        .bind(state_text)
        .fetch_one(db)
        .await?
        .try_get("n")?;
    let rows = sqlx::query(&format!(
        "SELECT {COLUMNS} FROM jobs WHERE ($1 = '' OR state = $1) \
         ORDER BY updated_at DESC, id LIMIT $2 OFFSET $3"
    ))
    .bind(state_text)
    .bind(limit.clamp(1, 1_000))
    .bind(offset.max(0))
    .fetch_all(db)
    .await?;
    let jobs = rows.iter().map(job_from_row).collect::<Result<_, _>>()?;
    Ok(JobPage { jobs, total })
}

/// How many jobs are in each state (states with none are left out).
pub async fn count_by_state<'c, E>(db: E) -> Result<Vec<(JobState, i64)>, StoreError>
where
    E: Executor<'c, Database = Any>,
{
    let rows = sqlx::query("SELECT state, COUNT(*) AS n FROM jobs GROUP BY state")
        .fetch_all(db)
        .await?;
    let mut counts = Vec::new();
    for row in &rows {
        let state: String = row.try_get("state")?;
        let state = state
            .parse::<JobState>()
            .map_err(|error| StoreError::Corrupt(error.to_string()))?;
        counts.push((state, row.try_get("n")?));
    }
    counts.sort_by_key(|(state, _)| JobState::ALL.iter().position(|known| known == state));
    Ok(counts)
}

/// An admin's retry: a failed or dead job is queued again, due now, with its attempts reset.
/// `NotFound` when there is no such job, `Conflict` when it is in another state (or a live job
/// already holds its unique key).
pub async fn retry(tx: &mut Tx, job_id: &str, now_ms: i64) -> Result<Job, StoreError> {
    let row = sqlx::query(&format!(
        "UPDATE jobs SET state = 'queued', attempts = 0, run_at = $1, finished_at = NULL, \
         updated_at = $1 WHERE id = $2 AND state IN ('failed', 'dead') RETURNING {COLUMNS}"
    ))
    .bind(now_ms)
    .bind(job_id)
    .fetch_optional(tx.conn())
    .await?;
    match row {
        Some(row) => job_from_row(&row),
        None => Err(wrong_state(tx, job_id, "failed or dead").await),
    }
}

/// An admin's cancel: a queued job becomes `cancelled` and never runs. `NotFound` or `Conflict`
/// as for [`retry`].
pub async fn cancel(tx: &mut Tx, job_id: &str, now_ms: i64) -> Result<Job, StoreError> {
    let row = sqlx::query(&format!(
        "UPDATE jobs SET state = 'cancelled', finished_at = $1, updated_at = $1 \
         WHERE id = $2 AND state = 'queued' RETURNING {COLUMNS}"
    ))
    .bind(now_ms)
    .bind(job_id)
    .fetch_optional(tx.conn())
    .await?;
    match row {
        Some(row) => job_from_row(&row),
        None => Err(wrong_state(tx, job_id, "queued").await),
    }
}

async fn wrong_state(tx: &mut Tx, job_id: &str, expected: &str) -> StoreError {
    match find(tx.conn(), job_id).await {
        Ok(Some(job)) => {
            StoreError::Conflict(format!("the job is {}, not {expected}", job.state.as_str()))
        }
        Ok(None) => StoreError::NotFound,
        Err(error) => error,
    }
}
