//! An enrollment's environments: a `sandbox` Onramp hosts, or the exchange's `production` endpoint
//! recorded by URL. Each pins the packages its traffic is validated against.

use sqlx::any::AnyRow;
use sqlx::{Any, Executor, Row};

use crate::{new_id, StoreError, Tx};

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Environment {
    pub id: String,
    pub enrollment_id: String,
    pub organization_id: String,
    /// `sandbox` or `production`.
    pub kind: String,
    pub name: String,
    /// `active` or `suspended`.
    pub state: String,
    /// `NAME#VERSION` package ids.
    pub packages: Vec<String>,
    /// `reject` or `record`.
    pub policy: String,
    pub production_url: Option<String>,
    pub created_by: Option<String>,
    pub created_at: i64,
    pub updated_at: i64,
}

const COLUMNS: &str = "id, enrollment_id, organization_id, kind, name, state, packages, policy, \
     production_url, created_by, created_at, updated_at";

fn from_row(row: &AnyRow) -> Result<Environment, StoreError> {
    let packages: String = row.try_get("packages")?;
    Ok(Environment {
        id: row.try_get("id")?,
        enrollment_id: row.try_get("enrollment_id")?,
        organization_id: row.try_get("organization_id")?,
        kind: row.try_get("kind")?,
        name: row.try_get("name")?,
        state: row.try_get("state")?,
        packages: packages.split_whitespace().map(str::to_owned).collect(),
        policy: row.try_get("policy")?,
        production_url: row.try_get("production_url")?,
        created_by: row.try_get("created_by")?,
        created_at: row.try_get("created_at")?,
        updated_at: row.try_get("updated_at")?,
    })
}

/// What a new environment records.
#[derive(Clone, Copy, Debug)]
pub struct NewEnvironment<'a> {
    pub enrollment_id: &'a str,
    pub organization_id: &'a str,
    pub kind: &'a str,
    pub name: &'a str,
    pub packages: &'a [String],
    pub policy: &'a str,
    pub production_url: Option<&'a str>,
    pub created_by: Option<&'a str>,
}

pub async fn insert(tx: &mut Tx, new: NewEnvironment<'_>) -> Result<Environment, StoreError> {
    let id = new_id();
    let now = tx.now_ms();
    sqlx::query(
        "INSERT INTO environments (id, enrollment_id, organization_id, kind, name, state, packages, \
         policy, production_url, created_by, created_at, updated_at) \
         VALUES ($1, $2, $3, $4, $5, 'active', $6, $7, $8, $9, $10, $10)",
    )
    .bind(&id)
    .bind(new.enrollment_id)
    .bind(new.organization_id)
    .bind(new.kind)
    .bind(new.name)
    .bind(new.packages.join(" "))
    .bind(new.policy)
    .bind(new.production_url)
    .bind(new.created_by)
    .bind(now)
    .execute(tx.conn())
    .await?;
    find(tx.conn(), &id).await
}

pub async fn find<'e, E>(executor: E, id: &str) -> Result<Environment, StoreError>
where
    E: Executor<'e, Database = Any>,
{
    let row = sqlx::query(&format!("SELECT {COLUMNS} FROM environments WHERE id = $1"))
        .bind(id)
        .fetch_optional(executor)
        .await?
        .ok_or(StoreError::NotFound)?;
    from_row(&row)
}

/// An enrollment's environments, sandboxes first, oldest first.
pub async fn of_enrollment<'e, E>(
    executor: E,
    enrollment_id: &str,
) -> Result<Vec<Environment>, StoreError>
where
    E: Executor<'e, Database = Any>,
{
    let rows = sqlx::query(&format!(
        "SELECT {COLUMNS} FROM environments WHERE enrollment_id = $1 ORDER BY kind DESC, created_at, id"
    ))
    .bind(enrollment_id)
    .fetch_all(executor)
    .await?;
    rows.iter().map(from_row).collect()
}

/// An organization's environments (every enrollment), newest first.
pub async fn of_organization<'e, E>(
    executor: E,
    organization_id: &str,
) -> Result<Vec<Environment>, StoreError>
where
    E: Executor<'e, Database = Any>,
{
    let rows = sqlx::query(&format!(
        "SELECT {COLUMNS} FROM environments WHERE organization_id = $1 ORDER BY created_at DESC, id"
    ))
    .bind(organization_id)
    .fetch_all(executor)
    .await?;
    rows.iter().map(from_row).collect()
}

/// Every environment, newest first, at most `limit` (the staff list).
pub async fn list<'e, E>(executor: E, limit: i64) -> Result<Vec<Environment>, StoreError>
where
    E: Executor<'e, Database = Any>,
{
    let rows = sqlx::query(&format!(
        "SELECT {COLUMNS} FROM environments ORDER BY created_at DESC, id LIMIT $1"
    ))
    .bind(limit)
    .fetch_all(executor)
    .await?;
    rows.iter().map(from_row).collect()
}

/// Moves an environment from one state to another (compare-and-set).
pub async fn set_state(tx: &mut Tx, id: &str, from: &str, to: &str) -> Result<(), StoreError> {
    let now = tx.now_ms();
    let changed = sqlx::query(
        "UPDATE environments SET state = $1, updated_at = $2 WHERE id = $3 AND state = $4",
    )
    .bind(to)
    .bind(now)
    .bind(id)
    .bind(from)
    .execute(tx.conn())
    .await?;
    if changed.rows_affected() == 0 {
        return Err(StoreError::StaleState(format!("environment {from}")));
    }
    Ok(())
}

/// Changes the validation policy.
pub async fn set_policy(tx: &mut Tx, id: &str, policy: &str) -> Result<(), StoreError> {
    let now = tx.now_ms();
    sqlx::query("UPDATE environments SET policy = $1, updated_at = $2 WHERE id = $3")
        .bind(policy)
        .bind(now)
        .bind(id)
        .execute(tx.conn())
        .await?;
    Ok(())
}
