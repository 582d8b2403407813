//! Per-role policies a program admin sets: today, whether the role must use a second factor.

use onramp_core::Role;
use sqlx::{Any, Executor, Row};

use crate::{StoreError, Tx};

/// The roles that must use a second factor.
pub async fn roles_requiring_mfa<'c, E>(db: E) -> Result<Vec<Role>, StoreError>
where
    E: Executor<'c, Database = Any>,
{
    let rows = sqlx::query("SELECT role FROM role_policies WHERE require_mfa = 1")
        .fetch_all(db)
        .await?;
    rows.iter()
        .map(|row| {
            let name: String = row.try_get("role")?;
            name.parse::<Role>()
                .map_err(|error| StoreError::Corrupt(error.to_string()))
        })
        .collect()
}

pub async fn role_requires_mfa<'c, E>(db: E, role: Role) -> Result<bool, StoreError>
where
    E: Executor<'c, Database = Any>,
{
    let row = sqlx::query("SELECT require_mfa FROM role_policies WHERE role = $1")
        .bind(role.as_str())
        .fetch_optional(db)
        .await?;
    Ok(match row {
        Some(row) => row.try_get::<i64, _>("require_mfa")? != 0,
        None => false,
    })
}

pub async fn set_role_requires_mfa(
    tx: &mut Tx,
    role: Role,
    require_mfa: bool,
) -> Result<(), StoreError> {
    sqlx::query(
        "INSERT INTO role_policies (role, require_mfa) VALUES ($1, $2) \
         ON CONFLICT (role) DO UPDATE SET require_mfa = excluded.require_mfa",
    )
    .bind(role.as_str())
    .bind(i64::from(require_mfa))
    .execute(tx.conn())
    .await?;
    Ok(())
}
