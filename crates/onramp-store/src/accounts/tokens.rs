//! Personal API tokens for automation (staff, partner admins and partner developers). Only a
//! SHA-256 of each token is stored; the token itself is shown once, when it is made.

use sqlx::{Any, Executor, Row};

use crate::{new_id, StoreError, Tx};

#[derive(Clone, Debug, serde::Serialize)]
pub struct ApiToken {
    pub id: String,
    pub user_id: String,
    pub name: String,
    /// The first characters of the token, so people can tell their tokens apart.
    pub prefix: String,
    pub created_at: i64,
    pub expires_at: Option<i64>,
    pub last_used_at: Option<i64>,
    pub revoked_at: Option<i64>,
}

const TOKEN_COLUMNS: &str =
    "id, user_id, name, prefix, created_at, expires_at, last_used_at, revoked_at";

fn token_from_row(row: &sqlx::any::AnyRow) -> Result<ApiToken, StoreError> {
    Ok(ApiToken {
        id: row.try_get("id")?,
        user_id: row.try_get("user_id")?,
        name: row.try_get("name")?,
        prefix: row.try_get("prefix")?,
        created_at: row.try_get("created_at")?,
        expires_at: row.try_get("expires_at")?,
        last_used_at: row.try_get("last_used_at")?,
        revoked_at: row.try_get("revoked_at")?,
    })
}

pub async fn insert(
    tx: &mut Tx,
    user_id: &str,
    name: &str,
    token_hash: &str,
    prefix: &str,
    expires_at: Option<i64>,
) -> Result<ApiToken, StoreError> {
    let id = new_id();
    sqlx::query(
        "INSERT INTO api_tokens (id, user_id, name, token_hash, prefix, created_at, expires_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7)",
    )
    .bind(&id)
    .bind(user_id)
    .bind(name)
    .bind(token_hash)
    .bind(prefix)
    .bind(tx.now_ms())
    .bind(expires_at)
    .execute(tx.conn())
    .await?;
    let row = sqlx::query(&format!(
        "SELECT {TOKEN_COLUMNS} FROM api_tokens WHERE id = $1"
    ))
    .bind(&id)
    .fetch_one(tx.conn())
    .await?;
    token_from_row(&row)
}

/// The live token with this hash: not revoked, not expired.
pub async fn find_live_by_hash<'c, E>(
    db: E,
    token_hash: &str,
    now: i64,
) -> Result<Option<ApiToken>, StoreError>
where
    E: Executor<'c, Database = Any>,
{
    let row = sqlx::query(&format!(
        "SELECT {TOKEN_COLUMNS} FROM api_tokens WHERE token_hash = $1 AND revoked_at IS NULL \
         AND (expires_at IS NULL OR expires_at > $2)"
    ))
    .bind(token_hash)
    .bind(now)
    .fetch_optional(db)
    .await?;
    row.as_ref().map(token_from_row).transpose()
}

/// A user's tokens, newest first, revoked ones included.
pub async fn list_for_user<'c, E>(db: E, user_id: &str) -> Result<Vec<ApiToken>, StoreError>
where
    E: Executor<'c, Database = Any>,
{
    let rows = sqlx::query(&format!(
        "SELECT {TOKEN_COLUMNS} FROM api_tokens WHERE user_id = $1 ORDER BY created_at DESC, id"
    ))
    .bind(user_id)
    .fetch_all(db)
    .await?;
    rows.iter().map(token_from_row).collect()
}

/// Revokes one of the user's own tokens. [`StoreError::NotFound`] when the user has no live token
/// with this id (someone else's token is "not found" too).
pub async fn revoke(tx: &mut Tx, user_id: &str, token_id: &str) -> Result<ApiToken, StoreError> {
    let result = sqlx::query(
        "UPDATE api_tokens SET revoked_at = $1 WHERE id = $2 AND user_id = $3 AND revoked_at IS NULL",
    )
    .bind(tx.now_ms())
    .bind(token_id)
    .bind(user_id)
    .execute(tx.conn())
    .await?;
    if result.rows_affected() == 0 {
        return Err(StoreError::NotFound);
    }
    let row = sqlx::query(&format!(
        "SELECT {TOKEN_COLUMNS} FROM api_tokens WHERE id = $1"
    ))
    .bind(token_id)
    .fetch_one(tx.conn())
    .await?;
    token_from_row(&row)
}

/// Records use, at most once a minute per token, to keep reads cheap.
pub async fn touch<'c, E>(db: E, token_id: &str, now: i64) -> Result<(), StoreError>
where
    E: Executor<'c, Database = Any>,
{
    sqlx::query(
        "UPDATE api_tokens SET last_used_at = $1 WHERE id = $2 \
         AND (last_used_at IS NULL OR last_used_at < $3)",
    )
    .bind(now)
    .bind(token_id)
    .bind(now - 60_000)
    .execute(db)
    .await?;
    Ok(())
}

/// Revokes every live token of a user (deactivated, or given a role that may not hold tokens);
/// returns how many were live.
pub async fn revoke_all_for_user(tx: &mut Tx, user_id: &str) -> Result<u64, StoreError> {
    let result = sqlx::query(
        "UPDATE api_tokens SET revoked_at = $1 WHERE user_id = $2 AND revoked_at IS NULL",
    )
    .bind(tx.now_ms())
    .bind(user_id)
    .execute(tx.conn())
    .await?;
    Ok(result.rows_affected())
}
