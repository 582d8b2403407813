//! People as learners: the job role their partner admin gives them, and the courses assigned to
//! them with a due date. Every statement names the organization.

use sqlx::any::AnyRow;
use sqlx::{Any, Executor, Row};

use crate::{StoreError, Tx};

/// A partner person with their job role (none until their admin gives one).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Person {
    pub user_id: String,
    pub name: String,
    pub email: String,
    /// The account role (`partner_admin`, …).
    pub role: String,
    pub job_role: Option<String>,
}

fn person_from_row(row: &AnyRow) -> Result<Person, StoreError> {
    Ok(Person {
        user_id: row.try_get("id")?,
        name: row.try_get("name")?,
        email: row.try_get("email")?,
        role: row.try_get("role")?,
        job_role: row.try_get("job_role")?,
    })
}

/// The active people of an organization, by name.
pub async fn people<'e, E>(executor: E, organization_id: &str) -> Result<Vec<Person>, StoreError>
where
    E: Executor<'e, Database = Any>,
{
    let rows = sqlx::query(
        "SELECT u.id, u.name, u.email, u.role, l.job_role FROM users u \
         LEFT JOIN training_learners l ON l.user_id = u.id \
         WHERE u.organization_id = $1 AND u.active = 1 ORDER BY u.name, u.id",
    )
    .bind(organization_id)
    .fetch_all(executor)
    .await?;
    rows.iter().map(person_from_row).collect()
}

/// One active person of an organization; another organization's is "not found".
pub async fn person<'e, E>(
    executor: E,
    organization_id: &str,
    user_id: &str,
) -> Result<Person, StoreError>
where
    E: Executor<'e, Database = Any>,
{
    let row = sqlx::query(
        "SELECT u.id, u.name, u.email, u.role, l.job_role FROM users u \
         LEFT JOIN training_learners l ON l.user_id = u.id \
         WHERE u.organization_id = $1 AND u.id = $2 AND u.active = 1",
    )
    .bind(organization_id)
    .bind(user_id)
    .fetch_optional(executor)
    .await?
    .ok_or(StoreError::NotFound)?;
    person_from_row(&row)
}

/// Gives a person a job role (replacing the one they had).
pub async fn set_job_role(
    tx: &mut Tx,
    organization_id: &str,
    user_id: &str,
    job_role: &str,
) -> Result<(), StoreError> {
    let now = tx.now_ms();
    sqlx::query(
        "INSERT INTO training_learners (user_id, organization_id, job_role, updated_at) \
         VALUES ($1, $2, $3, $4) ON CONFLICT (user_id) DO UPDATE SET job_role = $3, \
         organization_id = $2, updated_at = $4",
    )
    .bind(user_id)
    .bind(organization_id)
    .bind(job_role)
    .bind(now)
    .execute(tx.conn())
    .await?;
    Ok(())
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Assignment {
    pub user_id: String,
    pub user_name: String,
    pub course_key: String,
    pub organization_id: String,
    pub assigned_by: Option<String>,
    pub assigned_at: i64,
    pub due_at: Option<i64>,
}

const ASSIGNMENT: &str = "SELECT a.user_id, u.name AS user_name, a.course_key, a.organization_id, \
     a.assigned_by, a.assigned_at, a.due_at FROM training_assignments a \
     JOIN users u ON u.id = a.user_id";

fn assignment_from_row(row: &AnyRow) -> Result<Assignment, StoreError> {
    Ok(Assignment {
        user_id: row.try_get("user_id")?,
        user_name: row.try_get("user_name")?,
        course_key: row.try_get("course_key")?,
        organization_id: row.try_get("organization_id")?,
        assigned_by: row.try_get("assigned_by")?,
        assigned_at: row.try_get("assigned_at")?,
        due_at: row.try_get("due_at")?,
    })
}

/// What assigning did.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Assigned {
    New,
    /// Assigned before; the due date changed.
    DueChanged,
    /// Assigned before with this due date (or none given): nothing changed.
    Unchanged,
}

/// Requires a course of a person; assigning again with a due date changes it (without one, the
/// date stays).
pub async fn assign(
    tx: &mut Tx,
    organization_id: &str,
    user_id: &str,
    course_key: &str,
    assigned_by: Option<&str>,
    due_at: Option<i64>,
) -> Result<Assigned, StoreError> {
    let now = tx.now_ms();
    let existed = sqlx::query(
        "SELECT due_at FROM training_assignments WHERE user_id = $1 AND course_key = $2",
    )
    .bind(user_id)
    .bind(course_key)
    .fetch_optional(tx.conn())
    .await?
    .map(|row| row.try_get::<Option<i64>, _>("due_at"))
    .transpose()?;
    let outcome = match existed {
        None => Assigned::New,
        Some(before) if due_at.is_some() && before != due_at => Assigned::DueChanged,
        Some(_) => return Ok(Assigned::Unchanged),
    };
    sqlx::query(
        "INSERT INTO training_assignments (user_id, course_key, organization_id, assigned_by, \
         assigned_at, due_at) VALUES ($1, $2, $3, $4, $5, $6) \
         ON CONFLICT (user_id, course_key) DO UPDATE SET due_at = $6",
    )
    .bind(user_id)
    .bind(course_key)
    .bind(organization_id)
    .bind(assigned_by)
    .bind(now)
    .bind(due_at)
    .execute(tx.conn())
    .await?;
    Ok(outcome)
}

/// Removes an assignment; `NotFound` when there was none.
pub async fn unassign(
    tx: &mut Tx,
    organization_id: &str,
    user_id: &str,
    course_key: &str,
) -> Result<(), StoreError> {
    let done = sqlx::query(
        "DELETE FROM training_assignments WHERE organization_id = $1 AND user_id = $2 \
         AND course_key = $3",
    )
    .bind(organization_id)
    .bind(user_id)
    .bind(course_key)
    .execute(tx.conn())
    .await?;
    if done.rows_affected() == 0 {
        return Err(StoreError::NotFound);
    }
    Ok(())
}

/// A person's assignments, by due date.
pub async fn of_user<'e, E>(executor: E, user_id: &str) -> Result<Vec<Assignment>, StoreError>
where
    E: Executor<'e, Database = Any>,
{
    let rows = sqlx::query(&format!(
        "{ASSIGNMENT} WHERE a.user_id = $1 ORDER BY a.due_at IS NULL, a.due_at, a.course_key"
    ))
    .bind(user_id)
    .fetch_all(executor)
    .await?;
    rows.iter().map(assignment_from_row).collect()
}

/// An organization's assignments, by person and course.
pub async fn of_organization<'e, E>(
    executor: E,
    organization_id: &str,
) -> Result<Vec<Assignment>, StoreError>
where
    E: Executor<'e, Database = Any>,
{
    let rows = sqlx::query(&format!(
        "{ASSIGNMENT} WHERE a.organization_id = $1 ORDER BY u.name, a.user_id, a.course_key"
    ))
    .bind(organization_id)
    .fetch_all(executor)
    .await?;
    rows.iter().map(assignment_from_row).collect()
}

/// Where each active person of an organization stands for one certification: their roles,
/// whether the course is assigned to them, whether they hold a valid certificate at `now`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Standing {
    pub user_id: String,
    pub name: String,
    pub role: String,
    pub job_role: Option<String>,
    pub assigned: bool,
    pub certified: bool,
}

pub async fn standings<'e, E>(
    executor: E,
    organization_id: &str,
    course_key: &str,
    now: i64,
) -> Result<Vec<Standing>, StoreError>
where
    E: Executor<'e, Database = Any>,
{
    let rows = sqlx::query(
        "SELECT u.id, u.name, u.role, l.job_role, \
         CASE WHEN EXISTS (SELECT 1 FROM training_assignments a WHERE a.user_id = u.id \
           AND a.course_key = $2) THEN 1 ELSE 0 END AS assigned, \
         CASE WHEN EXISTS (SELECT 1 FROM training_certificates c WHERE c.user_id = u.id \
           AND c.course_key = $2 AND c.revoked_at IS NULL AND c.expires_at > $3) \
           THEN 1 ELSE 0 END AS certified \
         FROM users u LEFT JOIN training_learners l ON l.user_id = u.id \
         WHERE u.organization_id = $1 AND u.active = 1 ORDER BY u.name, u.id",
    )
    .bind(organization_id)
    .bind(course_key)
    .bind(now)
    .fetch_all(executor)
    .await?;
    rows.iter()
        .map(|row| {
            Ok(Standing {
                user_id: row.try_get("id")?,
                name: row.try_get("name")?,
                role: row.try_get("role")?,
                job_role: row.try_get("job_role")?,
                assigned: row.try_get::<i64, _>("assigned")? != 0,
                certified: row.try_get::<i64, _>("certified")? != 0,
            })
        })
        .collect()
}
