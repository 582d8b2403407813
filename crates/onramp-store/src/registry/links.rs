//! Account links: single-use, expiring tokens that let a user set their password — an applicant
//! confirming their email, or a colleague accepting an invitation. Only SHA-256 hashes are stored.

use sqlx::{Any, Executor, Row};

use crate::{StoreError, Tx};

/// What a link is for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LinkPurpose {
    ConfirmEmail,
    Invitation,
}

impl LinkPurpose {
    pub fn as_str(self) -> &'static str {
        match self {
            LinkPurpose::ConfirmEmail => "confirm_email",
            LinkPurpose::Invitation => "invitation",
        }
    }
}

/// Why a link cannot be used.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LinkProblem {
    Unknown,
    Used,
    Expired,
}

/// A live link: whose, and what for.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LiveLink {
    pub user_id: String,
    pub purpose: LinkPurpose,
}

pub async fn insert(
    tx: &mut Tx,
    token_hash: &str,
    user_id: &str,
    purpose: LinkPurpose,
    expires_at: i64,
) -> Result<(), StoreError> {
    sqlx::query(
        "INSERT INTO account_links (token_hash, user_id, purpose, created_at, expires_at) \
         VALUES ($1, $2, $3, $4, $5)",
    )
    .bind(token_hash)
    .bind(user_id)
    .bind(purpose.as_str())
    .bind(tx.now_ms())
    .bind(expires_at)
    .execute(tx.conn())
    .await?;
    Ok(())
}

/// Looks a link up without using it.
pub async fn check<'c, E>(
    db: E,
    token_hash: &str,
    now: i64,
) -> Result<Result<LiveLink, LinkProblem>, StoreError>
where
    E: Executor<'c, Database = Any>,
{
    let Some(row) = sqlx::query(
        "SELECT user_id, purpose, expires_at, used_at FROM account_links WHERE token_hash = $1",
    )
    .bind(token_hash)
    .fetch_optional(db)
    .await?
    else {
        return Ok(Err(LinkProblem::Unknown));
    };
    let used_at: Option<i64> = row.try_get("used_at")?;
    let expires_at: i64 = row.try_get("expires_at")?;
    let purpose: String = row.try_get("purpose")?;
    if used_at.is_some() {
        return Ok(Err(LinkProblem::Used));
    }
    if expires_at <= now {
        return Ok(Err(LinkProblem::Expired));
    }
    Ok(Ok(LiveLink {
        user_id: row.try_get("user_id")?,
        purpose: if purpose == LinkPurpose::Invitation.as_str() {
            LinkPurpose::Invitation
        } else {
            LinkPurpose::ConfirmEmail
        },
    }))
}

/// Marks the link used and returns it, in the caller's transaction. A link works once.
pub async fn consume(
    tx: &mut Tx,
    token_hash: &str,
    now: i64,
) -> Result<Result<LiveLink, LinkProblem>, StoreError> {
    let link = match check(tx.conn(), token_hash, now).await? {
        Ok(link) => link,
        Err(problem) => return Ok(Err(problem)),
    };
    let result = sqlx::query(
        "UPDATE account_links SET used_at = $1 WHERE token_hash = $2 AND used_at IS NULL",
    )
    .bind(now)
    .bind(token_hash)
    .execute(tx.conn())
    .await?;
    if result.rows_affected() == 0 {
        return Ok(Err(LinkProblem::Used));
    }
    Ok(Ok(link))
}

/// Marks a user's email confirmed (they proved they read mail there) and names them.
pub async fn confirm_user(tx: &mut Tx, user_id: &str, name: &str) -> Result<(), StoreError> {
    sqlx::query(
        "UPDATE users SET email_confirmed_at = $1, name = $2, updated_at = $1 WHERE id = $3",
    )
    .bind(tx.now_ms())
    .bind(name)
    .bind(user_id)
    .execute(tx.conn())
    .await?;
    Ok(())
}

/// When the user confirmed their email, if they did.
pub async fn email_confirmed_at<'c, E>(db: E, user_id: &str) -> Result<Option<i64>, StoreError>
where
    E: Executor<'c, Database = Any>,
{
    let row = sqlx::query("SELECT email_confirmed_at FROM users WHERE id = $1")
        .bind(user_id)
        .fetch_optional(db)
        .await?
        .ok_or(StoreError::NotFound)?;
    Ok(row.try_get("email_confirmed_at")?)
}
