//! Server-side sessions. Only a SHA-256 of the session id is stored, so a copy of the table does
//! not let anyone log in.

use sqlx::{Any, Executor, Row};

use crate::{StoreError, Tx};

/// How far a session has come through login.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SessionStage {
    /// The password was right; the second factor is still to be given.
    SecondFactorPending,
    /// The role requires a second factor the user has not enrolled yet: only enrolment is open.
    EnrolmentRequired,
    /// Fully signed in.
    Complete,
}

impl SessionStage {
    pub fn as_str(self) -> &'static str {
        match self {
            SessionStage::SecondFactorPending => "second_factor_pending",
            SessionStage::EnrolmentRequired => "enrolment_required",
            SessionStage::Complete => "complete",
        }
    }

    fn parse(text: &str) -> Result<SessionStage, StoreError> {
        match text {
            "second_factor_pending" => Ok(SessionStage::SecondFactorPending),
            "enrolment_required" => Ok(SessionStage::EnrolmentRequired),
            "complete" => Ok(SessionStage::Complete),
            other => Err(StoreError::Corrupt(format!(
                "unknown session stage `{other}`"
            ))),
        }
    }
}

#[derive(Clone, Debug)]
pub struct Session {
    pub id_hash: String,
    pub user_id: String,
    pub stage: SessionStage,
    pub created_at: i64,
    pub last_seen_at: i64,
    pub expires_at: i64,
}

#[derive(Clone, Debug)]
pub struct NewSession<'a> {
    pub id_hash: &'a str,
    pub user_id: &'a str,
    pub stage: SessionStage,
    pub expires_at: i64,
    pub client_addr: Option<&'a str>,
    pub user_agent: Option<&'a str>,
}

pub async fn insert(tx: &mut Tx, new_session: &NewSession<'_>) -> Result<(), StoreError> {
    let now = tx.now_ms();
    sqlx::query(
        "INSERT INTO sessions (id_hash, user_id, stage, created_at, last_seen_at, expires_at, \
         client_addr, user_agent) VALUES ($1, $2, $3, $4, $4, $5, $6, $7)",
    )
    .bind(new_session.id_hash)
    .bind(new_session.user_id)
    .bind(new_session.stage.as_str())
    .bind(now)
    .bind(new_session.expires_at)
    .bind(new_session.client_addr)
    .bind(new_session.user_agent)
    .execute(tx.conn())
    .await?;
    Ok(())
}

pub async fn find<'c, E>(db: E, id_hash: &str) -> Result<Option<Session>, StoreError>
where
    E: Executor<'c, Database = Any>,
{
    let Some(row) = sqlx::query(
        "SELECT id_hash, user_id, stage, created_at, last_seen_at, expires_at FROM sessions \
         WHERE id_hash = $1",
    )
    .bind(id_hash)
    .fetch_optional(db)
    .await?
    else {
        return Ok(None);
    };
    let stage: String = row.try_get("stage")?;
    Ok(Some(Session {
        id_hash: row.try_get("id_hash")?,
        user_id: row.try_get("user_id")?,
        stage: SessionStage::parse(&stage)?,
        created_at: row.try_get("created_at")?,
        last_seen_at: row.try_get("last_seen_at")?,
        expires_at: row.try_get("expires_at")?,
    }))
}

/// Moves the idle clock. Not audited: seeing a user is not a change of state anyone reviews.
pub async fn touch<'c, E>(db: E, id_hash: &str, now: i64) -> Result<(), StoreError>
where
    E: Executor<'c, Database = Any>,
{
    sqlx::query("UPDATE sessions SET last_seen_at = $1 WHERE id_hash = $2")
        .bind(now)
        .bind(id_hash)
        .execute(db)
        .await?;
    Ok(())
}

pub async fn delete(tx: &mut Tx, id_hash: &str) -> Result<(), StoreError> {
    sqlx::query("DELETE FROM sessions WHERE id_hash = $1")
        .bind(id_hash)
        .execute(tx.conn())
        .await?;
    Ok(())
}

/// Ends every session of a user (after a password reset). Returns how many ended.
pub async fn delete_for_user(tx: &mut Tx, user_id: &str) -> Result<u64, StoreError> {
    let result = sqlx::query("DELETE FROM sessions WHERE user_id = $1")
        .bind(user_id)
        .execute(tx.conn())
        .await?;
    Ok(result.rows_affected())
}

/// Deletes sessions past their absolute expiry or idle for longer than `idle_ms`.
/// Ends every session of a user except `keep_id_hash` (the one changing their password).
pub async fn delete_for_user_except(
    tx: &mut Tx,
    user_id: &str,
    keep_id_hash: &str,
) -> Result<u64, StoreError> {
    let result = sqlx::query("DELETE FROM sessions WHERE user_id = $1 AND id_hash <> $2")
        .bind(user_id)
        .bind(keep_id_hash)
        .execute(tx.conn())
        .await?;
    Ok(result.rows_affected())
}

pub async fn delete_expired<'c, E>(db: E, now: i64, idle_ms: i64) -> Result<u64, StoreError>
where
    E: Executor<'c, Database = Any>,
{
    let result = sqlx::query("DELETE FROM sessions WHERE expires_at <= $1 OR last_seen_at <= $2")
        .bind(now)
        .bind(now - idle_ms)
        .execute(db)
        .await?;
    Ok(result.rows_affected())
}
