//! An enrollment's tasks — one per step that applies to the organization — with their status,
//! assignee and dates, and the comments people leave on them.

use sqlx::any::AnyRow;
use sqlx::{Any, Executor, Row};

use crate::{new_id, StoreError, Tx};

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Task {
    pub id: String,
    pub enrollment_id: String,
    pub organization_id: String,
    pub step_key: String,
    /// The step's place in the track (phase after phase).
    pub position: i64,
    pub owner_role: String,
    pub assignee_id: Option<String>,
    pub assignee_name: Option<String>,
    pub status: String,
    pub skip_reason: Option<String>,
    /// Dates are `YYYY-MM-DD`.
    pub baseline_start: Option<String>,
    pub baseline_finish: Option<String>,
    pub forecast_start: String,
    pub due_on: String,
    pub critical: bool,
    pub started_on: Option<String>,
    pub finished_on: Option<String>,
    pub updated_at: i64,
}

const SELECT: &str = "SELECT t.id, t.enrollment_id, t.organization_id, t.step_key, t.position, \
     t.owner_role, t.assignee_id, u.name AS assignee_name, t.status, t.skip_reason, \
     t.baseline_start, t.baseline_finish, t.forecast_start, t.due_on, t.critical, t.started_on, \
     t.finished_on, t.updated_at FROM enrollment_tasks t LEFT JOIN users u ON u.id = t.assignee_id";

fn from_row(row: &AnyRow) -> Result<Task, StoreError> {
    Ok(Task {
        id: row.try_get("id")?,
        enrollment_id: row.try_get("enrollment_id")?,
        organization_id: row.try_get("organization_id")?,
        step_key: row.try_get("step_key")?,
        position: row.try_get("position")?,
        owner_role: row.try_get("owner_role")?,
        assignee_id: row.try_get("assignee_id")?,
        assignee_name: row.try_get("assignee_name")?,
        status: row.try_get("status")?,
        skip_reason: row.try_get("skip_reason")?,
        baseline_start: row.try_get("baseline_start")?,
        baseline_finish: row.try_get("baseline_finish")?,
        forecast_start: row.try_get("forecast_start")?,
        due_on: row.try_get("due_on")?,
        critical: row.try_get::<i64, _>("critical")? != 0,
        started_on: row.try_get("started_on")?,
        finished_on: row.try_get("finished_on")?,
        updated_at: row.try_get("updated_at")?,
    })
}

/// A task to create with its enrollment.
#[derive(Clone, Debug)]
pub struct NewTask<'a> {
    pub step_key: &'a str,
    pub position: i64,
    pub owner_role: &'a str,
    pub assignee_id: Option<&'a str>,
    pub start: &'a str,
    pub finish: &'a str,
    pub critical: bool,
}

/// Creates the tasks of a new enrollment, their baseline and forecast both the plan's dates.
pub async fn insert_all(
    tx: &mut Tx,
    enrollment_id: &str,
    organization_id: &str,
    tasks: &[NewTask<'_>],
) -> Result<(), StoreError> {
    let now = tx.now_ms();
    for task in tasks {
        sqlx::query(
            "INSERT INTO enrollment_tasks (id, enrollment_id, organization_id, step_key, position, \
             owner_role, assignee_id, status, baseline_start, baseline_finish, forecast_start, \
             due_on, critical, updated_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, 'not_started', $8, $9, $8, $9, $10, $11)",
        )
        .bind(new_id())
        .bind(enrollment_id)
        .bind(organization_id)
        .bind(task.step_key)
        .bind(task.position)
        .bind(task.owner_role)
        .bind(task.assignee_id)
        .bind(task.start)
        .bind(task.finish)
        .bind(i64::from(task.critical))
        .bind(now)
        .execute(tx.conn())
        .await?;
    }
    Ok(())
}

/// An enrollment's tasks in the track's order.
pub async fn of_enrollment<'c, E>(db: E, enrollment_id: &str) -> Result<Vec<Task>, StoreError>
where
    E: Executor<'c, Database = Any>,
{
    let rows = sqlx::query(&format!(
        "{SELECT} WHERE t.enrollment_id = $1 ORDER BY t.position"
    ))
    .bind(enrollment_id)
    .fetch_all(db)
    .await?;
    rows.iter().map(from_row).collect()
}

pub async fn find<'c, E>(db: E, id: &str) -> Result<Task, StoreError>
where
    E: Executor<'c, Database = Any>,
{
    let row = sqlx::query(&format!("{SELECT} WHERE t.id = $1"))
        .bind(id)
        .fetch_optional(db)
        .await?
        .ok_or(StoreError::NotFound)?;
    from_row(&row)
}

/// What a status change writes.
#[derive(Clone, Debug)]
pub struct StatusChange<'a> {
    pub from: &'a str,
    pub to: &'a str,
    pub skip_reason: Option<&'a str>,
    pub started_on: Option<&'a str>,
    pub finished_on: Option<&'a str>,
}

/// Changes a task's status (compare-and-set on the status it had).
pub async fn set_status(tx: &mut Tx, id: &str, change: StatusChange<'_>) -> Result<(), StoreError> {
    let result = sqlx::query(
        "UPDATE enrollment_tasks SET status = $1, skip_reason = $2, started_on = $3, \
         finished_on = $4, updated_at = $5 WHERE id = $6 AND status = $7",
    )
    .bind(change.to)
    .bind(change.skip_reason)
    .bind(change.started_on)
    .bind(change.finished_on)
    .bind(tx.now_ms())
    .bind(id)
    .bind(change.from)
    .execute(tx.conn())
    .await?;
    if result.rows_affected() == 0 {
        return Err(StoreError::StaleState(
            "the task's status changed meanwhile".to_owned(),
        ));
    }
    Ok(())
}

pub async fn set_assignee(
    tx: &mut Tx,
    id: &str,
    assignee_id: Option<&str>,
) -> Result<(), StoreError> {
    sqlx::query("UPDATE enrollment_tasks SET assignee_id = $1, updated_at = $2 WHERE id = $3")
        .bind(assignee_id)
        .bind(tx.now_ms())
        .bind(id)
        .execute(tx.conn())
        .await?;
    Ok(())
}

/// Stores a task's forecast dates.
pub async fn set_forecast(
    tx: &mut Tx,
    id: &str,
    start: &str,
    due_on: &str,
    critical: bool,
) -> Result<(), StoreError> {
    sqlx::query(
        "UPDATE enrollment_tasks SET forecast_start = $1, due_on = $2, critical = $3 WHERE id = $4",
    )
    .bind(start)
    .bind(due_on)
    .bind(i64::from(critical))
    .bind(id)
    .execute(tx.conn())
    .await?;
    Ok(())
}

/// Whom "my tasks" is for.
#[derive(Clone, Debug)]
pub struct Person<'a> {
    pub user_id: &'a str,
    pub role: &'a str,
    /// A partner person's organization: unassigned tasks of their role count only there.
    pub organization_id: Option<&'a str>,
}

/// What a person must do across active enrollments: unfinished tasks assigned to them, and the
/// unassigned ones of their role (in their own organization, for a partner person); by due date.
pub async fn open_for<'c, E>(
    db: E,
    person: &Person<'_>,
    limit: i64,
) -> Result<Vec<Task>, StoreError>
where
    E: Executor<'c, Database = Any>,
{
    let rows = sqlx::query(&format!(
        "{SELECT} JOIN enrollments e ON e.id = t.enrollment_id \
         WHERE e.state = 'active' AND t.status NOT IN ('done', 'skipped') \
         AND (t.assignee_id = $1 OR (t.assignee_id IS NULL AND t.owner_role = $2 \
         AND ($3 IS NULL OR t.organization_id = $3))) \
         ORDER BY t.due_on, t.position, t.id LIMIT {limit}"
    ))
    .bind(person.user_id)
    .bind(person.role)
    .bind(person.organization_id)
    .fetch_all(db)
    .await?;
    rows.iter().map(from_row).collect()
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Comment {
    pub id: String,
    pub task_id: String,
    pub author_id: Option<String>,
    pub author_label: String,
    pub body: String,
    pub created_at: i64,
}

pub async fn add_comment(
    tx: &mut Tx,
    task_id: &str,
    author_id: Option<&str>,
    author_label: &str,
    body: &str,
) -> Result<Comment, StoreError> {
    let comment = Comment {
        id: new_id(),
        task_id: task_id.to_owned(),
        author_id: author_id.map(str::to_owned),
        author_label: author_label.to_owned(),
        body: body.to_owned(),
        created_at: tx.now_ms(),
    };
    sqlx::query(
        "INSERT INTO task_comments (id, task_id, author_id, author_label, body, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6)",
    )
    .bind(&comment.id)
    .bind(&comment.task_id)
    .bind(&comment.author_id)
    .bind(&comment.author_label)
    .bind(&comment.body)
    .bind(comment.created_at)
    .execute(tx.conn())
    .await?;
    Ok(comment)
}

/// The comments on an enrollment's tasks, oldest first.
pub async fn comments_of_enrollment<'c, E>(
    db: E,
    enrollment_id: &str,
) -> Result<Vec<Comment>, StoreError>
where
    E: Executor<'c, Database = Any>,
{
    let rows = sqlx::query(
        "SELECT c.id, c.task_id, c.author_id, c.author_label, c.body, c.created_at \
         FROM task_comments c JOIN enrollment_tasks t ON t.id = c.task_id \
         WHERE t.enrollment_id = $1 ORDER BY c.created_at, c.id",
    )
    .bind(enrollment_id)
    .fetch_all(db)
    .await?;
    rows.iter()
        .map(|row| {
            Ok(Comment {
                id: row.try_get("id")?,
                task_id: row.try_get("task_id")?,
                author_id: row.try_get("author_id")?,
                author_label: row.try_get("author_label")?,
                body: row.try_get("body")?,
                created_at: row.try_get("created_at")?,
            })
        })
        .collect()
}

/// Records a reminder as sent; `false` when it was sent already (for this task, kind and due date).
pub async fn claim_reminder(
    tx: &mut Tx,
    task_id: &str,
    kind: &str,
    due_on: &str,
) -> Result<bool, StoreError> {
    let sent = sqlx::query(
        "SELECT task_id FROM task_reminders WHERE task_id = $1 AND kind = $2 AND due_on = $3",
    )
    .bind(task_id)
    .bind(kind)
    .bind(due_on)
    .fetch_optional(tx.conn())
    .await?;
    if sent.is_some() {
        return Ok(false);
    }
    sqlx::query(
        "INSERT INTO task_reminders (task_id, kind, due_on, sent_at) VALUES ($1, $2, $3, $4)",
    )
    .bind(task_id)
    .bind(kind)
    .bind(due_on)
    .bind(tx.now_ms())
    .execute(tx.conn())
    .await?;
    Ok(true)
}
