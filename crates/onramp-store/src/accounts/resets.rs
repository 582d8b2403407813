//! Password reset tokens: single use, expiring; only their SHA-256 is stored.

use sqlx::Row;

use crate::{StoreError, Tx};

pub async fn insert(
    tx: &mut Tx,
    token_hash: &str,
    user_id: &str,
    expires_at: i64,
) -> Result<(), StoreError> {
    sqlx::query(
        "INSERT INTO password_resets (token_hash, user_id, created_at, expires_at) \
         VALUES ($1, $2, $3, $4)",
    )
    .bind(token_hash)
    .bind(user_id)
    .bind(tx.now_ms())
    .bind(expires_at)
    .execute(tx.conn())
    .await?;
    Ok(())
}

/// Why a reset token cannot be used.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ResetTokenProblem {
    Unknown,
    Used,
    Expired,
}

/// Marks the token used and returns its user, in the caller's transaction. A token works once.
pub async fn consume(
    tx: &mut Tx,
    token_hash: &str,
    now: i64,
) -> Result<Result<String, ResetTokenProblem>, StoreError> {
    let Some(row) = sqlx::query(
        "SELECT user_id, expires_at, used_at FROM password_resets WHERE token_hash = $1",
    )
    .bind(token_hash)
    .fetch_optional(tx.conn())
    .await?
    else {
        return Ok(Err(ResetTokenProblem::Unknown));
    };
    let used_at: Option<i64> = row.try_get("used_at")?;
    let expires_at: i64 = row.try_get("expires_at")?;
    if used_at.is_some() {
        return Ok(Err(ResetTokenProblem::Used));
    }
    if expires_at <= now {
        return Ok(Err(ResetTokenProblem::Expired));
    }
    let result = sqlx::query(
        "UPDATE password_resets SET used_at = $1 WHERE token_hash = $2 AND used_at IS NULL",
    )
    .bind(now)
    .bind(token_hash)
    .execute(tx.conn())
    .await?;
    if result.rows_affected() == 0 {
        return Ok(Err(ResetTokenProblem::Used));
    }
    let user_id: String = row.try_get("user_id")?;
    // Every other link of this user dies with the one used: an older mail cannot set the
    // password again.
    expire_for_user(tx, &user_id, now).await?;
    Ok(Ok(user_id))
}

/// Peeks at a token without using it, so the reset page can say early that a link is dead.
/// Marks every unused reset link of a user used (after a reset or a password change).
pub async fn expire_for_user(tx: &mut Tx, user_id: &str, now: i64) -> Result<u64, StoreError> {
    let result = sqlx::query(
        "UPDATE password_resets SET used_at = $1 WHERE user_id = $2 AND used_at IS NULL",
    )
    .bind(now)
    .bind(user_id)
    .execute(tx.conn())
    .await?;
    Ok(result.rows_affected())
}

pub async fn check<'c, E>(
    db: E,
    token_hash: &str,
    now: i64,
) -> Result<Result<(), ResetTokenProblem>, StoreError>
where
    E: sqlx::Executor<'c, Database = sqlx::Any>,
{
    let Some(row) =
        sqlx::query("SELECT expires_at, used_at FROM password_resets WHERE token_hash = $1")
            .bind(token_hash)
            .fetch_optional(db)
            .await?
    else {
        return Ok(Err(ResetTokenProblem::Unknown));
    };
    let used_at: Option<i64> = row.try_get("used_at")?;
    let expires_at: i64 = row.try_get("expires_at")?;
    Ok(if used_at.is_some() {
        Err(ResetTokenProblem::Used)
    } else if expires_at <= now {
        Err(ResetTokenProblem::Expired)
    } else {
        Ok(())
    })
}
