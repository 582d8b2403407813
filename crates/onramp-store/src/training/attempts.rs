//! Assessment attempts: the seed and what it drew, the deadline, the answers as submitted, the
//! trainer's grades and the score. Each transition is a compare-and-set on the state.

use sqlx::any::AnyRow;
use sqlx::{Any, Executor, Row};

use crate::{new_id, StoreError, Tx};

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Attempt {
    pub id: String,
    pub user_id: String,
    pub user_name: String,
    pub organization_id: String,
    pub course_id: String,
    pub course_key: String,
    pub course_title: String,
    pub seed: u64,
    /// JSON: the drawn questions and their choices' order.
    pub drawn: String,
    pub started_at: i64,
    pub deadline_at: Option<i64>,
    pub submitted_at: Option<i64>,
    pub answers: Option<String>,
    pub grades: Option<String>,
    pub state: String,
    pub score_percent: Option<i64>,
    pub graded_by: Option<String>,
    pub graded_at: Option<i64>,
}

const SELECT: &str = "SELECT a.id, a.user_id, u.name AS user_name, a.organization_id, \
     a.course_id, a.course_key, c.title AS course_title, a.seed, a.drawn, a.started_at, \
     a.deadline_at, a.submitted_at, a.answers, a.grades, a.state, a.score_percent, a.graded_by, \
     a.graded_at FROM training_attempts a JOIN users u ON u.id = a.user_id \
     JOIN training_courses c ON c.id = a.course_id";

fn from_row(row: &AnyRow) -> Result<Attempt, StoreError> {
    let seed: i64 = row.try_get("seed")?;
    Ok(Attempt {
        id: row.try_get("id")?,
        user_id: row.try_get("user_id")?,
        user_name: row.try_get("user_name")?,
        organization_id: row.try_get("organization_id")?,
        course_id: row.try_get("course_id")?,
        course_key: row.try_get("course_key")?,
        course_title: row.try_get("course_title")?,
        seed: u64::from_ne_bytes(seed.to_ne_bytes()),
        drawn: row.try_get("drawn")?,
        started_at: row.try_get("started_at")?,
        deadline_at: row.try_get("deadline_at")?,
        submitted_at: row.try_get("submitted_at")?,
        answers: row.try_get("answers")?,
        grades: row.try_get("grades")?,
        state: row.try_get("state")?,
        score_percent: row.try_get("score_percent")?,
        graded_by: row.try_get("graded_by")?,
        graded_at: row.try_get("graded_at")?,
    })
}

/// What a new attempt records.
#[derive(Clone, Copy, Debug)]
pub struct NewAttempt<'a> {
    pub organization_id: &'a str,
    pub user_id: &'a str,
    pub course_id: &'a str,
    pub course_key: &'a str,
    pub seed: u64,
    pub drawn: &'a str,
    pub deadline_at: Option<i64>,
}

pub async fn insert(tx: &mut Tx, new: NewAttempt<'_>) -> Result<Attempt, StoreError> {
    let id = new_id();
    let now = tx.now_ms();
    sqlx::query(
        "INSERT INTO training_attempts (id, user_id, organization_id, course_id, course_key, \
         seed, drawn, started_at, deadline_at, state) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, 'in_progress')",
    )
    .bind(&id)
    .bind(new.user_id)
    .bind(new.organization_id)
    .bind(new.course_id)
    .bind(new.course_key)
    .bind(i64::from_ne_bytes(new.seed.to_ne_bytes()))
    .bind(new.drawn)
    .bind(now)
    .bind(new.deadline_at)
    .execute(tx.conn())
    .await?;
    find(tx.conn(), &id).await
}

pub async fn find<'e, E>(executor: E, id: &str) -> Result<Attempt, StoreError>
where
    E: Executor<'e, Database = Any>,
{
    let row = sqlx::query(&format!("{SELECT} WHERE a.id = $1"))
        .bind(id)
        .fetch_optional(executor)
        .await?
        .ok_or(StoreError::NotFound)?;
    from_row(&row)
}

/// A learner's attempts at a course (every version), oldest first.
pub async fn of_learner<'e, E>(
    executor: E,
    user_id: &str,
    course_key: &str,
) -> Result<Vec<Attempt>, StoreError>
where
    E: Executor<'e, Database = Any>,
{
    let rows = sqlx::query(&format!(
        "{SELECT} WHERE a.user_id = $1 AND a.course_key = $2 ORDER BY a.started_at, a.id"
    ))
    .bind(user_id)
    .bind(course_key)
    .fetch_all(executor)
    .await?;
    rows.iter().map(from_row).collect()
}

/// Attempts waiting for a trainer's grades, oldest submission first.
pub async fn awaiting_grading<'e, E>(executor: E) -> Result<Vec<Attempt>, StoreError>
where
    E: Executor<'e, Database = Any>,
{
    let rows = sqlx::query(&format!(
        "{SELECT} WHERE a.state = 'awaiting_grading' ORDER BY a.submitted_at, a.id"
    ))
    .fetch_all(executor)
    .await?;
    rows.iter().map(from_row).collect()
}

/// The latest attempts of every learner, newest first (at most `limit`).
pub async fn recent<'e, E>(executor: E, limit: i64) -> Result<Vec<Attempt>, StoreError>
where
    E: Executor<'e, Database = Any>,
{
    let rows = sqlx::query(&format!(
        "{SELECT} WHERE a.state <> 'in_progress' ORDER BY a.submitted_at DESC, a.id LIMIT $1"
    ))
    .bind(limit)
    .fetch_all(executor)
    .await?;
    rows.iter().map(from_row).collect()
}

/// What ends an attempt in progress: its answers, the state they lead to, and the score.
#[derive(Clone, Copy, Debug)]
pub struct Submission<'a> {
    pub answers: &'a str,
    pub state: &'a str,
    pub score_percent: Option<i64>,
}

/// Ends an attempt in progress; `StaleState` when it was no longer in progress.
pub async fn submit(tx: &mut Tx, id: &str, submission: Submission<'_>) -> Result<(), StoreError> {
    let now = tx.now_ms();
    let done = sqlx::query(
        "UPDATE training_attempts SET answers = $2, state = $3, score_percent = $4, \
         submitted_at = $5 WHERE id = $1 AND state = 'in_progress'",
    )
    .bind(id)
    .bind(submission.answers)
    .bind(submission.state)
    .bind(submission.score_percent)
    .bind(now)
    .execute(tx.conn())
    .await?;
    if done.rows_affected() == 0 {
        return Err(StoreError::StaleState("attempt in progress".into()));
    }
    Ok(())
}

/// Records a trainer's grades of an attempt awaiting them, with the state and score they lead to.
pub async fn grade(
    tx: &mut Tx,
    id: &str,
    grades: &str,
    state: &str,
    score_percent: i64,
    graded_by: &str,
) -> Result<(), StoreError> {
    let now = tx.now_ms();
    let done = sqlx::query(
        "UPDATE training_attempts SET grades = $2, state = $3, score_percent = $4, \
         graded_by = $5, graded_at = $6 WHERE id = $1 AND state = 'awaiting_grading'",
    )
    .bind(id)
    .bind(grades)
    .bind(state)
    .bind(score_percent)
    .bind(graded_by)
    .bind(now)
    .execute(tx.conn())
    .await?;
    if done.rows_affected() == 0 {
        return Err(StoreError::StaleState("attempt awaiting grading".into()));
    }
    Ok(())
}

/// The attempts at a course that were scored (passed or failed), for its per-question report.
pub async fn scored_of_course<'e, E>(
    executor: E,
    course_key: &str,
) -> Result<Vec<Attempt>, StoreError>
where
    E: Executor<'e, Database = Any>,
{
    let rows = sqlx::query(&format!(
        "{SELECT} WHERE a.course_key = $1 AND a.state IN ('passed', 'failed') \
         ORDER BY a.submitted_at, a.id"
    ))
    .bind(course_key)
    .fetch_all(executor)
    .await?;
    rows.iter().map(from_row).collect()
}

/// Attempts still in progress whose deadline passed by `now`: never submitted in time.
pub async fn overdue<'e, E>(executor: E, now: i64) -> Result<Vec<Attempt>, StoreError>
where
    E: Executor<'e, Database = Any>,
{
    let rows = sqlx::query(&format!(
        "{SELECT} WHERE a.state = 'in_progress' AND a.deadline_at IS NOT NULL \
         AND a.deadline_at < $1 ORDER BY a.deadline_at, a.id"
    ))
    .bind(now)
    .fetch_all(executor)
    .await?;
    rows.iter().map(from_row).collect()
}

/// Closes an attempt in progress as expired, unscored; false when it was no longer in progress.
pub async fn expire(tx: &mut Tx, id: &str) -> Result<bool, StoreError> {
    let done = sqlx::query(
        "UPDATE training_attempts SET state = 'expired' WHERE id = $1 AND state = 'in_progress'",
    )
    .bind(id)
    .execute(tx.conn())
    .await?;
    Ok(done.rows_affected() > 0)
}
