//! Learners in courses: the version each started (the one they finish), the modules they
//! completed — how, and the hours and credits each earned then — and when the course was done.

use sqlx::any::AnyRow;
use sqlx::{Any, Executor, Row};

use crate::{StoreError, Tx};

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Progress {
    pub user_id: String,
    pub course_key: String,
    /// The version the learner started.
    pub course_id: String,
    pub course_version: i64,
    pub course_title: String,
    pub organization_id: String,
    pub started_at: i64,
    pub completed_at: Option<i64>,
}

const PROGRESS: &str = "SELECT p.user_id, p.course_key, p.course_id, c.version AS course_version, \
     c.title AS course_title, p.organization_id, p.started_at, p.completed_at \
     FROM training_progress p JOIN training_courses c ON c.id = p.course_id";

fn from_row(row: &AnyRow) -> Result<Progress, StoreError> {
    Ok(Progress {
        user_id: row.try_get("user_id")?,
        course_key: row.try_get("course_key")?,
        course_id: row.try_get("course_id")?,
        course_version: row.try_get("course_version")?,
        course_title: row.try_get("course_title")?,
        organization_id: row.try_get("organization_id")?,
        started_at: row.try_get("started_at")?,
        completed_at: row.try_get("completed_at")?,
    })
}

/// The learner's place in a course, starting it on `course_id` when they had not started it.
pub async fn start(
    tx: &mut Tx,
    organization_id: &str,
    user_id: &str,
    course_key: &str,
    course_id: &str,
) -> Result<(Progress, bool), StoreError> {
    let now = tx.now_ms();
    let inserted = sqlx::query(
        "INSERT INTO training_progress (user_id, course_key, course_id, organization_id, \
         started_at) VALUES ($1, $2, $3, $4, $5) ON CONFLICT (user_id, course_key) DO NOTHING",
    )
    .bind(user_id)
    .bind(course_key)
    .bind(course_id)
    .bind(organization_id)
    .bind(now)
    .execute(tx.conn())
    .await?
    .rows_affected()
        > 0;
    let progress = find(tx.conn(), user_id, course_key)
        .await?
        .ok_or(StoreError::NotFound)?;
    Ok((progress, inserted))
}

pub async fn find<'e, E>(
    executor: E,
    user_id: &str,
    course_key: &str,
) -> Result<Option<Progress>, StoreError>
where
    E: Executor<'e, Database = Any>,
{
    let row = sqlx::query(&format!(
        "{PROGRESS} WHERE p.user_id = $1 AND p.course_key = $2"
    ))
    .bind(user_id)
    .bind(course_key)
    .fetch_optional(executor)
    .await?;
    row.as_ref().map(from_row).transpose()
}

/// Every course a person started, most recent first.
pub async fn of_user<'e, E>(executor: E, user_id: &str) -> Result<Vec<Progress>, StoreError>
where
    E: Executor<'e, Database = Any>,
{
    let rows = sqlx::query(&format!(
        "{PROGRESS} WHERE p.user_id = $1 ORDER BY p.started_at DESC, p.course_key"
    ))
    .bind(user_id)
    .fetch_all(executor)
    .await?;
    rows.iter().map(from_row).collect()
}

/// Every start in an organization.
pub async fn of_organization<'e, E>(
    executor: E,
    organization_id: &str,
) -> Result<Vec<Progress>, StoreError>
where
    E: Executor<'e, Database = Any>,
{
    let rows = sqlx::query(&format!(
        "{PROGRESS} WHERE p.organization_id = $1 ORDER BY p.user_id, p.course_key"
    ))
    .bind(organization_id)
    .fetch_all(executor)
    .await?;
    rows.iter().map(from_row).collect()
}

/// Locks the learner's progress row in a course for the rest of `tx` (on PostgreSQL; SQLite's
/// writer lock already serializes), so that two starts of an attempt are taken one at a time.
pub async fn lock(tx: &mut Tx, user_id: &str, course_key: &str) -> Result<(), StoreError> {
    sqlx::query(
        "UPDATE training_progress SET course_id = course_id WHERE user_id = $1 AND course_key = $2",
    )
    .bind(user_id)
    .bind(course_key)
    .execute(tx.conn())
    .await?;
    Ok(())
}

/// Marks the course done (once); false when it already was.
pub async fn mark_completed(
    tx: &mut Tx,
    user_id: &str,
    course_key: &str,
) -> Result<bool, StoreError> {
    let now = tx.now_ms();
    let done = sqlx::query(
        "UPDATE training_progress SET completed_at = $3 WHERE user_id = $1 AND course_key = $2 \
         AND completed_at IS NULL",
    )
    .bind(user_id)
    .bind(course_key)
    .bind(now)
    .execute(tx.conn())
    .await?;
    Ok(done.rows_affected() > 0)
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ModuleCompletion {
    pub module_key: String,
    /// `read`, `attested` or `attended`.
    pub completion: String,
    pub credits_tenths: i64,
    pub hours_tenths: i64,
    pub completed_at: i64,
}

/// What completing a module records.
#[derive(Clone, Copy, Debug)]
pub struct NewCompletion<'a> {
    pub organization_id: &'a str,
    pub user_id: &'a str,
    pub course_id: &'a str,
    pub module_key: &'a str,
    pub completion: &'a str,
    pub credits_tenths: i64,
    pub hours_tenths: i64,
}

/// Records a module done; false (and nothing changed) when it already was.
pub async fn complete_module(tx: &mut Tx, new: NewCompletion<'_>) -> Result<bool, StoreError> {
    let now = tx.now_ms();
    let done = sqlx::query(
        "INSERT INTO training_module_completions (user_id, course_id, module_key, \
         organization_id, completion, credits_tenths, hours_tenths, completed_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8) \
         ON CONFLICT (user_id, course_id, module_key) DO NOTHING",
    )
    .bind(new.user_id)
    .bind(new.course_id)
    .bind(new.module_key)
    .bind(new.organization_id)
    .bind(new.completion)
    .bind(new.credits_tenths)
    .bind(new.hours_tenths)
    .bind(now)
    .execute(tx.conn())
    .await?;
    Ok(done.rows_affected() > 0)
}

/// The modules a learner completed in one course version.
pub async fn completed_modules<'e, E>(
    executor: E,
    user_id: &str,
    course_id: &str,
) -> Result<Vec<ModuleCompletion>, StoreError>
where
    E: Executor<'e, Database = Any>,
{
    let rows = sqlx::query(
        "SELECT module_key, completion, credits_tenths, hours_tenths, completed_at \
         FROM training_module_completions WHERE user_id = $1 AND course_id = $2 \
         ORDER BY completed_at, module_key",
    )
    .bind(user_id)
    .bind(course_id)
    .fetch_all(executor)
    .await?;
    rows.iter()
        .map(|row| {
            Ok(ModuleCompletion {
                module_key: row.try_get("module_key")?,
                completion: row.try_get("completion")?,
                credits_tenths: row.try_get("credits_tenths")?,
                hours_tenths: row.try_get("hours_tenths")?,
                completed_at: row.try_get("completed_at")?,
            })
        })
        .collect()
}

/// Credits (tenths) a person earned in `[from, to)` in courses other than `except_course_key`.
pub async fn credits_between<'e, E>(
    executor: E,
    user_id: &str,
    from: i64,
    to: i64,
    except_course_key: &str,
) -> Result<i64, StoreError>
where
    E: Executor<'e, Database = Any>,
{
    let total: Option<i64> = sqlx::query_scalar(
        "SELECT CAST(SUM(m.credits_tenths) AS BIGINT) FROM training_module_completions m \
         JOIN training_courses c ON c.id = m.course_id WHERE m.user_id = $1 \
         AND m.completed_at >= $2 AND m.completed_at < $3 AND c.course_key <> $4",
    )
    .bind(user_id)
    .bind(from)
    .bind(to)
    .bind(except_course_key)
    .fetch_one(executor)
    .await?;
    Ok(total.unwrap_or(0))
}

/// Everything a person earned: (hours, credits) in tenths.
pub async fn totals<'e, E>(executor: E, user_id: &str) -> Result<(i64, i64), StoreError>
where
    E: Executor<'e, Database = Any>,
{
    let row = sqlx::query(
        "SELECT CAST(COALESCE(SUM(hours_tenths), 0) AS BIGINT) AS hours, \
         CAST(COALESCE(SUM(credits_tenths), 0) AS BIGINT) AS credits \
         FROM training_module_completions WHERE user_id = $1",
    )
    .bind(user_id)
    .fetch_one(executor)
    .await?;
    Ok((row.try_get("hours")?, row.try_get("credits")?))
}
