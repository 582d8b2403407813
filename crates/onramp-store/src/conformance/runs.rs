//! Runs of a suite for an enrollment: their execution state and progress, each test's result with
//! its evidence and report, a reviewer's overrides and re-test requests, the review state, and the
//! comments both sides write. Every transition is a compare-and-set.

use sqlx::any::AnyRow;
use sqlx::{Any, Executor, Row};

use crate::{new_id, StoreError, Tx};

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Run {
    pub id: String,
    pub suite_id: String,
    pub enrollment_id: String,
    pub organization_id: String,
    pub environment_id: Option<String>,
    pub system_name: String,
    pub server_url: Option<String>,
    pub credentials_sealed: Option<String>,
    pub state: String,
    pub result: Option<String>,
    pub error: Option<String>,
    pub progress_done: i64,
    pub progress_total: i64,
    pub review_state: String,
    pub previous_run_id: Option<String>,
    pub created_by: Option<String>,
    pub created_at: i64,
    pub scheduled_at: i64,
    pub started_at: Option<i64>,
    pub finished_at: Option<i64>,
    pub submitted_at: Option<i64>,
    pub signed_off_by: Option<String>,
    pub signed_off_at: Option<i64>,
}

const COLUMNS: &str = "id, suite_id, enrollment_id, organization_id, environment_id, system_name, \
     server_url, credentials_sealed, state, result, error, progress_done, progress_total, \
     review_state, previous_run_id, created_by, created_at, scheduled_at, started_at, finished_at, submitted_at, \
     signed_off_by, signed_off_at";

fn from_row(row: &AnyRow) -> Result<Run, StoreError> {
    Ok(Run {
        id: row.try_get("id")?,
        suite_id: row.try_get("suite_id")?,
        enrollment_id: row.try_get("enrollment_id")?,
        organization_id: row.try_get("organization_id")?,
        environment_id: row.try_get("environment_id")?,
        system_name: row.try_get("system_name")?,
        server_url: row.try_get("server_url")?,
        credentials_sealed: row.try_get("credentials_sealed")?,
        state: row.try_get("state")?,
        result: row.try_get("result")?,
        error: row.try_get("error")?,
        progress_done: row.try_get("progress_done")?,
        progress_total: row.try_get("progress_total")?,
        review_state: row.try_get("review_state")?,
        previous_run_id: row.try_get("previous_run_id")?,
        created_by: row.try_get("created_by")?,
        created_at: row.try_get("created_at")?,
        scheduled_at: row.try_get("scheduled_at")?,
        started_at: row.try_get("started_at")?,
        finished_at: row.try_get("finished_at")?,
        submitted_at: row.try_get("submitted_at")?,
        signed_off_by: row.try_get("signed_off_by")?,
        signed_off_at: row.try_get("signed_off_at")?,
    })
}

/// What a new run records (it starts queued and open).
#[derive(Clone, Copy, Debug)]
pub struct NewRun<'a> {
    pub suite_id: &'a str,
    pub enrollment_id: &'a str,
    pub organization_id: &'a str,
    pub environment_id: Option<&'a str>,
    pub system_name: &'a str,
    pub server_url: Option<&'a str>,
    pub credentials_sealed: Option<&'a str>,
    pub progress_total: i64,
    pub previous_run_id: Option<&'a str>,
    pub created_by: Option<&'a str>,
    /// When its job is due (`created_at` when at once).
    pub scheduled_at: Option<i64>,
}

pub async fn insert(tx: &mut Tx, new: NewRun<'_>) -> Result<Run, StoreError> {
    let id = new_id();
    let now = tx.now_ms();
    sqlx::query(
        "INSERT INTO conformance_runs (id, suite_id, enrollment_id, organization_id, environment_id, \
         system_name, server_url, credentials_sealed, state, progress_done, progress_total, \
         review_state, previous_run_id, created_by, created_at, scheduled_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 'queued', 0, $9, 'open', $10, $11, $12, $13)",
    )
    .bind(&id)
    .bind(new.suite_id)
    .bind(new.enrollment_id)
    .bind(new.organization_id)
    .bind(new.environment_id)
    .bind(new.system_name)
    .bind(new.server_url)
    .bind(new.credentials_sealed)
    .bind(new.progress_total)
    .bind(new.previous_run_id)
    .bind(new.created_by)
    .bind(now)
    .bind(new.scheduled_at.unwrap_or(now).max(now))
    .execute(tx.conn())
    .await?;
    find(tx.conn(), &id).await
}

pub async fn find<'e, E>(executor: E, id: &str) -> Result<Run, StoreError>
where
    E: Executor<'e, Database = Any>,
{
    let row = sqlx::query(&format!(
        "SELECT {COLUMNS} FROM conformance_runs WHERE id = $1"
    ))
    .bind(id)
    .fetch_optional(executor)
    .await?
    .ok_or(StoreError::NotFound)?;
    from_row(&row)
}

/// An enrollment's runs, newest first.
pub async fn of_enrollment<'e, E>(executor: E, enrollment_id: &str) -> Result<Vec<Run>, StoreError>
where
    E: Executor<'e, Database = Any>,
{
    let rows = sqlx::query(&format!(
        "SELECT {COLUMNS} FROM conformance_runs WHERE enrollment_id = $1 ORDER BY created_at DESC, id"
    ))
    .bind(enrollment_id)
    .fetch_all(executor)
    .await?;
    rows.iter().map(from_row).collect()
}

/// The runs waiting for a reviewer, oldest submission first.
pub async fn submitted<'e, E>(executor: E, limit: i64) -> Result<Vec<Run>, StoreError>
where
    E: Executor<'e, Database = Any>,
{
    let rows = sqlx::query(&format!(
        "SELECT {COLUMNS} FROM conformance_runs WHERE review_state = 'submitted' \
         ORDER BY submitted_at, id LIMIT $1"
    ))
    .bind(limit)
    .fetch_all(executor)
    .await?;
    rows.iter().map(from_row).collect()
}

/// The latest completed run before `run` of the same suite key for the same enrollment.
pub async fn previous_completed<'e, E>(executor: E, run: &Run) -> Result<Option<Run>, StoreError>
where
    E: Executor<'e, Database = Any>,
{
    let row = sqlx::query(&format!(
        "SELECT {COLUMNS} FROM conformance_runs r WHERE enrollment_id = $1 AND state = 'completed' \
         AND (created_at < $2 OR (created_at = $2 AND id < $3)) \
         AND suite_id IN (SELECT id FROM conformance_suites WHERE suite_key = \
             (SELECT suite_key FROM conformance_suites WHERE id = $4)) \
         ORDER BY created_at DESC, id DESC LIMIT 1"
    ))
    .bind(&run.enrollment_id)
    .bind(run.created_at)
    .bind(&run.id)
    .bind(&run.suite_id)
    .fetch_optional(executor)
    .await?;
    row.as_ref().map(from_row).transpose()
}

/// queued → running.
pub async fn start(tx: &mut Tx, id: &str) -> Result<(), StoreError> {
    let now = tx.now_ms();
    changed(
        sqlx::query(
            "UPDATE conformance_runs SET state = 'running', started_at = $2 \
             WHERE id = $1 AND state = 'queued'",
        )
        .bind(id)
        .bind(now)
        .execute(tx.conn())
        .await?
        .rows_affected(),
        "queued",
    )
}

/// How far a running run has come.
pub async fn progress(tx: &mut Tx, id: &str, done: i64) -> Result<(), StoreError> {
    sqlx::query(
        "UPDATE conformance_runs SET progress_done = $2 WHERE id = $1 AND state = 'running'",
    )
    .bind(id)
    .bind(done)
    .execute(tx.conn())
    .await?;
    Ok(())
}

/// running → completed with its result, or → error with the reason.
pub async fn finish(tx: &mut Tx, id: &str, result: Result<&str, &str>) -> Result<(), StoreError> {
    let now = tx.now_ms();
    let (state, result, error) = match result {
        Ok(result) => ("completed", Some(result), None),
        Err(error) => ("error", None, Some(error)),
    };
    changed(
        sqlx::query(
            "UPDATE conformance_runs SET state = $2, result = $3, error = $4, finished_at = $5, \
             progress_done = progress_total, credentials_sealed = NULL \
             WHERE id = $1 AND state IN ('queued', 'running')",
        )
        .bind(id)
        .bind(state)
        .bind(result)
        .bind(error)
        .bind(now)
        .execute(tx.conn())
        .await?
        .rows_affected(),
        "queued or running",
    )
}

/// The run's result again, after an override.
pub async fn set_result(tx: &mut Tx, id: &str, result: &str) -> Result<(), StoreError> {
    sqlx::query("UPDATE conformance_runs SET result = $2 WHERE id = $1 AND state = 'completed'")
        .bind(id)
        .bind(result)
        .execute(tx.conn())
        .await?;
    Ok(())
}

/// Moves the review from `from` to `to` (recording the submission or the sign-off).
pub async fn set_review(
    tx: &mut Tx,
    id: &str,
    from: &str,
    to: &str,
    user_id: Option<&str>,
) -> Result<(), StoreError> {
    let now = tx.now_ms();
    changed(
        sqlx::query(
            "UPDATE conformance_runs SET review_state = $3, \
             submitted_at = CASE WHEN $3 = 'submitted' THEN $4 ELSE submitted_at END, \
             signed_off_at = CASE WHEN $3 = 'signed_off' THEN $4 ELSE signed_off_at END, \
             signed_off_by = CASE WHEN $3 = 'signed_off' THEN $5 ELSE signed_off_by END \
             WHERE id = $1 AND review_state = $2",
        )
        .bind(id)
        .bind(from)
        .bind(to)
        .bind(now)
        .bind(user_id)
        .execute(tx.conn())
        .await?
        .rows_affected(),
        &format!("review {from}"),
    )
}

fn changed(rows: u64, expected: &str) -> Result<(), StoreError> {
    if rows == 1 {
        Ok(())
    } else {
        Err(StoreError::StaleState(format!("run {expected}")))
    }
}

/// A test's result in a run.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RunTest {
    pub run_id: String,
    pub test_key: String,
    pub position: i64,
    pub kind: String,
    pub title: String,
    pub result: String,
    pub summary: String,
    pub evidence: String,
    pub report: Option<String>,
    pub carried_from: Option<String>,
    pub override_result: Option<String>,
    pub override_reason: Option<String>,
    pub overridden_by: Option<String>,
    pub overridden_at: Option<i64>,
    pub retest_requested: bool,
}

const TEST_COLUMNS: &str = "run_id, test_key, position, kind, title, result, summary, evidence, \
     report, carried_from, override_result, override_reason, overridden_by, overridden_at, \
     retest_requested";

fn test_from_row(row: &AnyRow) -> Result<RunTest, StoreError> {
    let retest: i64 = row.try_get("retest_requested")?;
    Ok(RunTest {
        run_id: row.try_get("run_id")?,
        test_key: row.try_get("test_key")?,
        position: row.try_get("position")?,
        kind: row.try_get("kind")?,
        title: row.try_get("title")?,
        result: row.try_get("result")?,
        summary: row.try_get("summary")?,
        evidence: row.try_get("evidence")?,
        report: row.try_get("report")?,
        carried_from: row.try_get("carried_from")?,
        override_result: row.try_get("override_result")?,
        override_reason: row.try_get("override_reason")?,
        overridden_by: row.try_get("overridden_by")?,
        overridden_at: row.try_get("overridden_at")?,
        retest_requested: retest != 0,
    })
}

/// Writes a test's result (replacing what a previous attempt of the same run wrote).
pub async fn put_test(tx: &mut Tx, test: &RunTest) -> Result<(), StoreError> {
    sqlx::query("DELETE FROM conformance_run_tests WHERE run_id = $1 AND test_key = $2")
        .bind(&test.run_id)
        .bind(&test.test_key)
        .execute(tx.conn())
        .await?;
    sqlx::query(&format!(
        "INSERT INTO conformance_run_tests ({TEST_COLUMNS}) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15)"
    ))
    .bind(&test.run_id)
    .bind(&test.test_key)
    .bind(test.position)
    .bind(&test.kind)
    .bind(&test.title)
    .bind(&test.result)
    .bind(&test.summary)
    .bind(&test.evidence)
    .bind(test.report.as_deref())
    .bind(test.carried_from.as_deref())
    .bind(test.override_result.as_deref())
    .bind(test.override_reason.as_deref())
    .bind(test.overridden_by.as_deref())
    .bind(test.overridden_at)
    .bind(i64::from(test.retest_requested))
    .execute(tx.conn())
    .await?;
    Ok(())
}

/// A run's tests, in the suite's order.
pub async fn tests<'e, E>(executor: E, run_id: &str) -> Result<Vec<RunTest>, StoreError>
where
    E: Executor<'e, Database = Any>,
{
    let rows = sqlx::query(&format!(
        "SELECT {TEST_COLUMNS} FROM conformance_run_tests WHERE run_id = $1 ORDER BY position"
    ))
    .bind(run_id)
    .fetch_all(executor)
    .await?;
    rows.iter().map(test_from_row).collect()
}

/// A reviewer's override of a test's result.
pub async fn override_test(
    tx: &mut Tx,
    run_id: &str,
    test_key: &str,
    result: &str,
    reason: &str,
    user_id: &str,
) -> Result<(), StoreError> {
    let now = tx.now_ms();
    let rows = sqlx::query(
        "UPDATE conformance_run_tests SET override_result = $3, override_reason = $4, \
         overridden_by = $5, overridden_at = $6 WHERE run_id = $1 AND test_key = $2",
    )
    .bind(run_id)
    .bind(test_key)
    .bind(result)
    .bind(reason)
    .bind(user_id)
    .bind(now)
    .execute(tx.conn())
    .await?
    .rows_affected();
    if rows == 0 {
        return Err(StoreError::NotFound);
    }
    Ok(())
}

/// Marks the tests to run again (and clears the mark on the others).
pub async fn request_retest(tx: &mut Tx, run_id: &str, keys: &[String]) -> Result<(), StoreError> {
    sqlx::query("UPDATE conformance_run_tests SET retest_requested = 0 WHERE run_id = $1")
        .bind(run_id)
        .execute(tx.conn())
        .await?;
    for key in keys {
        let rows = sqlx::query(
            "UPDATE conformance_run_tests SET retest_requested = 1 WHERE run_id = $1 AND test_key = $2",
        )
        .bind(run_id)
        .bind(key)
        .execute(tx.conn())
        .await?
        .rows_affected();
        if rows == 0 {
            return Err(StoreError::NotFound);
        }
    }
    Ok(())
}

/// A comment on a run, or on one of its tests.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Comment {
    pub id: String,
    pub run_id: String,
    pub test_key: Option<String>,
    pub author_id: String,
    pub author_name: String,
    pub body: String,
    pub created_at: i64,
}

pub async fn add_comment(
    tx: &mut Tx,
    run_id: &str,
    test_key: Option<&str>,
    author_id: &str,
    body: &str,
) -> Result<String, StoreError> {
    let id = new_id();
    let now = tx.now_ms();
    sqlx::query(
        "INSERT INTO conformance_comments (id, run_id, test_key, author_id, body, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6)",
    )
    .bind(&id)
    .bind(run_id)
    .bind(test_key)
    .bind(author_id)
    .bind(body)
    .bind(now)
    .execute(tx.conn())
    .await?;
    Ok(id)
}

/// A run's comments, oldest first, with their authors' names.
pub async fn comments<'e, E>(executor: E, run_id: &str) -> Result<Vec<Comment>, StoreError>
where
    E: Executor<'e, Database = Any>,
{
    let rows = sqlx::query(
        "SELECT c.id, c.run_id, c.test_key, c.author_id, u.name AS author_name, c.body, c.created_at \
         FROM conformance_comments c JOIN users u ON u.id = c.author_id \
         WHERE c.run_id = $1 ORDER BY c.created_at, c.id",
    )
    .bind(run_id)
    .fetch_all(executor)
    .await?;
    rows.iter()
        .map(|row| {
            Ok(Comment {
                id: row.try_get("id")?,
                run_id: row.try_get("run_id")?,
                test_key: row.try_get("test_key")?,
                author_id: row.try_get("author_id")?,
                author_name: row.try_get("author_name")?,
                body: row.try_get("body")?,
                created_at: row.try_get("created_at")?,
            })
        })
        .collect()
}
