//! A partner organization's people, as its partner admin manages them: list, invite (a user
//! without a password until the invitation is accepted), change role, deactivate. Every query
//! names the organization, so one organization's admin never reaches another's users.

use onramp_core::Role;
use sqlx::{Any, Executor, Row};

use crate::{StoreError, Tx};

/// A member as the organization's pages show them.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Member {
    pub id: String,
    pub email: String,
    pub name: String,
    pub role: Role,
    pub active: bool,
    /// No password yet: the invitation (or confirmation) is still open.
    pub pending: bool,
    pub email_confirmed_at: Option<i64>,
}

pub async fn list<'c, E>(db: E, organization_id: &str) -> Result<Vec<Member>, StoreError>
where
    E: Executor<'c, Database = Any>,
{
    let rows = sqlx::query(
        "SELECT id, email, name, role, active, password_hash IS NULL AS pending, \
         email_confirmed_at FROM users WHERE organization_id = $1 ORDER BY email",
    )
    .bind(organization_id)
    .fetch_all(db)
    .await?;
    rows.iter()
        .map(|row| {
            let role: String = row.try_get("role")?;
            Ok(Member {
                id: row.try_get("id")?,
                email: row.try_get("email")?,
                name: row.try_get("name")?,
                role: role
                    .parse()
                    .map_err(|error: onramp_core::vocabulary::UnknownName| {
                        StoreError::Corrupt(error.to_string())
                    })?,
                active: row.try_get::<i64, _>("active")? != 0,
                pending: pending_flag(row)?,
                email_confirmed_at: row.try_get("email_confirmed_at")?,
            })
        })
        .collect()
}

/// `password_hash IS NULL` is an integer on SQLite and a boolean on PostgreSQL.
fn pending_flag(row: &sqlx::any::AnyRow) -> Result<bool, StoreError> {
    match row.try_get::<bool, _>("pending") {
        Ok(flag) => Ok(flag),
        Err(_) => Ok(row.try_get::<i64, _>("pending")? != 0),
    }
}

/// Deactivates an active member of `organization_id` (not found: another organization's user, or
/// none; [`StoreError::StaleState`]: already deactivated, by someone else meanwhile).
pub async fn deactivate(
    tx: &mut Tx,
    organization_id: &str,
    user_id: &str,
) -> Result<(), StoreError> {
    let result = sqlx::query(
        "UPDATE users SET active = 0, updated_at = $1 WHERE id = $2 AND organization_id = $3 \
         AND active = 1",
    )
    .bind(tx.now_ms())
    .bind(user_id)
    .bind(organization_id)
    .execute(tx.conn())
    .await?;
    if result.rows_affected() == 0 {
        let exists =
            sqlx::query("SELECT 1 AS one FROM users WHERE id = $1 AND organization_id = $2")
                .bind(user_id)
                .bind(organization_id)
                .fetch_optional(tx.conn())
                .await?
                .is_some();
        return Err(if exists {
            StoreError::StaleState("the member is already deactivated".to_owned())
        } else {
            StoreError::NotFound
        });
    }
    sqlx::query("DELETE FROM sessions WHERE user_id = $1")
        .bind(user_id)
        .execute(tx.conn())
        .await?;
    Ok(())
}

/// Gives a member of `organization_id` another partner role.
pub async fn set_role(
    tx: &mut Tx,
    organization_id: &str,
    user_id: &str,
    role: Role,
) -> Result<(), StoreError> {
    let result = sqlx::query(
        "UPDATE users SET role = $1, updated_at = $2 WHERE id = $3 AND organization_id = $4",
    )
    .bind(role.as_str())
    .bind(tx.now_ms())
    .bind(user_id)
    .bind(organization_id)
    .execute(tx.conn())
    .await?;
    if result.rows_affected() == 0 {
        return Err(StoreError::NotFound);
    }
    Ok(())
}
