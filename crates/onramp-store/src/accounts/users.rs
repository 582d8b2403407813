//! Users: staff and partner accounts, their password hash, lockout counters and second factor.

use onramp_core::{Email, Role};
use sqlx::{Any, Executor, Row};

use crate::{new_id, StoreError, Tx};

/// A stored user.
#[derive(Clone, Debug)]
pub struct User {
    pub id: String,
    pub email: String,
    pub name: String,
    pub password_hash: Option<String>,
    pub role: Role,
    pub organization_id: Option<String>,
    pub active: bool,
    pub failed_logins: i64,
    pub locked_until: Option<i64>,
    pub totp_secret: Option<String>,
    pub totp_enabled: bool,
    pub totp_last_step: Option<i64>,
    pub created_at: i64,
    /// The IANA time zone the user reads times in; `None` is UTC.
    pub time_zone: Option<String>,
}

const USER_COLUMNS: &str = "id, email, name, password_hash, role, organization_id, active, \
     failed_logins, locked_until, totp_secret, totp_enabled, totp_last_step, created_at, time_zone";

fn user_from_row(row: &sqlx::any::AnyRow) -> Result<User, StoreError> {
    let role_name: String = row.try_get("role")?;
    let role = role_name
        .parse::<Role>()
        .map_err(|error| StoreError::Corrupt(error.to_string()))?;
    Ok(User {
        id: row.try_get("id")?,
        email: row.try_get("email")?,
        name: row.try_get("name")?,
        password_hash: row.try_get("password_hash")?,
        role,
        organization_id: row.try_get("organization_id")?,
        active: row.try_get::<i64, _>("active")? != 0,
        failed_logins: row.try_get("failed_logins")?,
        locked_until: row.try_get("locked_until")?,
        totp_secret: row.try_get("totp_secret")?,
        totp_enabled: row.try_get::<i64, _>("totp_enabled")? != 0,
        totp_last_step: row.try_get("totp_last_step")?,
        created_at: row.try_get("created_at")?,
        time_zone: row.try_get("time_zone")?,
    })
}

/// What a new user is made of.
#[derive(Clone, Debug)]
pub struct NewUser<'a> {
    pub email: &'a Email,
    pub name: &'a str,
    pub password_hash: Option<&'a str>,
    pub role: Role,
    pub organization_id: Option<&'a str>,
}

/// Inserts a user. A taken email is [`StoreError::Conflict`].
pub async fn insert(tx: &mut Tx, new_user: &NewUser<'_>) -> Result<User, StoreError> {
    let id = new_id();
    let now = tx.now_ms();
    sqlx::query(
        "INSERT INTO users (id, email, name, password_hash, role, organization_id, active, \
         failed_logins, totp_enabled, created_at, updated_at) \
         VALUES ($1, $2, $3, $4, $5, $6, 1, 0, 0, $7, $7)",
    )
    .bind(&id)
    .bind(new_user.email.as_str())
    .bind(new_user.name)
    .bind(new_user.password_hash)
    .bind(new_user.role.as_str())
    .bind(new_user.organization_id)
    .bind(now)
    .execute(tx.conn())
    .await
    .map_err(|error| match StoreError::from(error) {
        StoreError::Conflict(_) => StoreError::Conflict("a user with this email exists".to_owned()),
        other => other,
    })?;
    find_by_id(tx.conn(), &id).await
}

pub async fn find_by_id<'c, E>(db: E, id: &str) -> Result<User, StoreError>
where
    E: Executor<'c, Database = Any>,
{
    let row = sqlx::query(&format!("SELECT {USER_COLUMNS} FROM users WHERE id = $1"))
        .bind(id)
        .fetch_optional(db)
        .await?
        .ok_or(StoreError::NotFound)?;
    user_from_row(&row)
}

pub async fn find_by_email<'c, E>(db: E, email: &Email) -> Result<User, StoreError>
where
    E: Executor<'c, Database = Any>,
{
    let row = sqlx::query(&format!(
        "SELECT {USER_COLUMNS} FROM users WHERE email = $1"
    ))
    .bind(email.as_str())
    .fetch_optional(db)
    .await?
    .ok_or(StoreError::NotFound)?;
    user_from_row(&row)
}

/// All users, staff first then by email; for the admin list. Bounded by `limit`.
pub async fn list<'c, E>(db: E, limit: i64) -> Result<Vec<User>, StoreError>
where
    E: Executor<'c, Database = Any>,
{
    let rows = sqlx::query(&format!(
        "SELECT {USER_COLUMNS} FROM users ORDER BY organization_id IS NOT NULL, email LIMIT $1"
    ))
    .bind(limit)
    .fetch_all(db)
    .await?;
    rows.iter().map(user_from_row).collect()
}

/// Gives a staff user another staff role, if their role is still `expected` (a compare-and-set:
/// [`StoreError::StaleState`] when it changed meanwhile, [`StoreError::NotFound`] when no staff
/// user has this id — a partner user's id included).
pub async fn set_staff_role(
    tx: &mut Tx,
    user_id: &str,
    expected: Role,
    role: Role,
) -> Result<(), StoreError> {
    let result = sqlx::query(
        "UPDATE users SET role = $1, updated_at = $2 WHERE id = $3 AND organization_id IS NULL \
         AND role = $4",
    )
    .bind(role.as_str())
    .bind(tx.now_ms())
    .bind(user_id)
    .bind(expected.as_str())
    .execute(tx.conn())
    .await?;
    if result.rows_affected() == 0 {
        return Err(staff_miss(tx, user_id, "the user's role has changed").await?);
    }
    Ok(())
}

/// Deactivates an active staff user and ends their sessions ([`StoreError::NotFound`]: no staff
/// user has this id; [`StoreError::StaleState`]: already deactivated, by someone else meanwhile).
pub async fn deactivate_staff(tx: &mut Tx, user_id: &str) -> Result<(), StoreError> {
    let result = sqlx::query(
        "UPDATE users SET active = 0, updated_at = $1 WHERE id = $2 AND organization_id IS NULL \
         AND active = 1",
    )
    .bind(tx.now_ms())
    .bind(user_id)
    .execute(tx.conn())
    .await?;
    if result.rows_affected() == 0 {
        return Err(staff_miss(tx, user_id, "the user is already deactivated").await?);
    }
    sqlx::query("DELETE FROM sessions WHERE user_id = $1")
        .bind(user_id)
        .execute(tx.conn())
        .await?;
    Ok(())
}

/// Why a compare-and-set on a staff user changed no row: the user moved meanwhile, or there is
/// no such staff user.
async fn staff_miss(tx: &mut Tx, user_id: &str, stale: &str) -> Result<StoreError, StoreError> {
    let exists =
        sqlx::query("SELECT 1 AS one FROM users WHERE id = $1 AND organization_id IS NULL")
            .bind(user_id)
            .fetch_optional(tx.conn())
            .await?
            .is_some();
    Ok(if exists {
        StoreError::StaleState(stale.to_owned())
    } else {
        StoreError::NotFound
    })
}

/// What [`claim_attempt`] found: whether this attempt may be checked at all.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AttemptClaim {
    /// The attempt is the `n`-th since the last success or lock, counted atomically in the
    /// database; the caller checks the secret and then calls [`attempt_failed`] or
    /// [`clear_failed_logins`].
    Counted(i64),
    /// The account is locked until this time: the attempt is refused unchecked.
    Locked(i64),
}

/// Counts one sign-in attempt (password or second factor) before its secret is checked, in one
/// atomic statement, so that parallel attempts can never share a count: attempt `n` past
/// `threshold` is refused as [`AttemptClaim::Locked`] and locks the account for `lock_ms` from
/// `now`, whatever the concurrency. A lock that has run out starts the count afresh.
pub async fn claim_attempt(
    tx: &mut Tx,
    user_id: &str,
    threshold: i64,
    lock_ms: i64,
    now: i64,
) -> Result<AttemptClaim, StoreError> {
    let row = sqlx::query(
        "UPDATE users SET \
           failed_logins = CASE WHEN locked_until IS NOT NULL AND locked_until <= $1 THEN 1 \
                                WHEN locked_until IS NOT NULL THEN failed_logins \
                                ELSE failed_logins + 1 END, \
           locked_until = CASE WHEN locked_until IS NOT NULL AND locked_until <= $1 THEN NULL \
                               ELSE locked_until END, \
           updated_at = $1 \
         WHERE id = $2 RETURNING failed_logins, locked_until",
    )
    .bind(now)
    .bind(user_id)
    .fetch_optional(tx.conn())
    .await?
    .ok_or(StoreError::NotFound)?;
    let n_attempts: i64 = row.try_get("failed_logins")?;
    let locked_until: Option<i64> = row.try_get("locked_until")?;
    if let Some(until) = locked_until {
        return Ok(AttemptClaim::Locked(until));
    }
    if n_attempts > threshold {
        let until = now + lock_ms;
        lock_until(tx, user_id, until).await?;
        return Ok(AttemptClaim::Locked(until));
    }
    Ok(AttemptClaim::Counted(n_attempts))
}

/// Records that a counted attempt failed: at `n_attempt >= threshold` the account is locked until
/// `until` (returns true when this call set the lock).
pub async fn attempt_failed(
    tx: &mut Tx,
    user_id: &str,
    n_attempt: i64,
    threshold: i64,
    until: i64,
) -> Result<bool, StoreError> {
    if n_attempt < threshold {
        return Ok(false);
    }
    lock_until(tx, user_id, until).await
}

/// Sets the lock unless one is already in force; true when it was set now.
async fn lock_until(tx: &mut Tx, user_id: &str, until: i64) -> Result<bool, StoreError> {
    let result = sqlx::query(
        "UPDATE users SET locked_until = $1, updated_at = $2 WHERE id = $3 \
         AND (locked_until IS NULL OR locked_until < $1)",
    )
    .bind(until)
    .bind(tx.now_ms())
    .bind(user_id)
    .execute(tx.conn())
    .await?;
    Ok(result.rows_affected() == 1)
}

/// Clears the failure counter and any lock, after a successful login or a password reset.
pub async fn clear_failed_logins(tx: &mut Tx, user_id: &str) -> Result<(), StoreError> {
    sqlx::query(
        "UPDATE users SET failed_logins = 0, locked_until = NULL, updated_at = $1 WHERE id = $2",
    )
    .bind(tx.now_ms())
    .bind(user_id)
    .execute(tx.conn())
    .await?;
    Ok(())
}

pub async fn set_password_hash(
    tx: &mut Tx,
    user_id: &str,
    password_hash: &str,
) -> Result<(), StoreError> {
    sqlx::query("UPDATE users SET password_hash = $1, updated_at = $2 WHERE id = $3")
        .bind(password_hash)
        .bind(tx.now_ms())
        .bind(user_id)
        .execute(tx.conn())
        .await?;
    Ok(())
}

/// Sets the time zone the user reads times in (`None`: UTC).
pub async fn set_time_zone(
    tx: &mut Tx,
    user_id: &str,
    time_zone: Option<&str>,
) -> Result<(), StoreError> {
    sqlx::query("UPDATE users SET time_zone = $1, updated_at = $2 WHERE id = $3")
        .bind(time_zone)
        .bind(tx.now_ms())
        .bind(user_id)
        .execute(tx.conn())
        .await?;
    Ok(())
}

/// Stores a TOTP secret that is not yet confirmed (enrolment in progress).
pub async fn set_pending_totp_secret(
    tx: &mut Tx,
    user_id: &str,
    secret: &str,
) -> Result<(), StoreError> {
    sqlx::query(
        "UPDATE users SET totp_secret = $1, totp_enabled = 0, totp_last_step = NULL, updated_at = $2 \
         WHERE id = $3",
    )
    .bind(secret)
    .bind(tx.now_ms())
    .bind(user_id)
    .execute(tx.conn())
    .await?;
    Ok(())
}

/// Turns the second factor on, replacing the recovery codes with `recovery_code_hashes`.
pub async fn enable_totp(
    tx: &mut Tx,
    user_id: &str,
    step: i64,
    recovery_code_hashes: &[String],
) -> Result<(), StoreError> {
    sqlx::query(
        "UPDATE users SET totp_enabled = 1, totp_last_step = $1, updated_at = $2 WHERE id = $3",
    )
    .bind(step)
    .bind(tx.now_ms())
    .bind(user_id)
    .execute(tx.conn())
    .await?;
    sqlx::query("DELETE FROM recovery_codes WHERE user_id = $1")
        .bind(user_id)
        .execute(tx.conn())
        .await?;
    for code_hash in recovery_code_hashes {
        sqlx::query("INSERT INTO recovery_codes (user_id, code_hash) VALUES ($1, $2)")
            .bind(user_id)
            .bind(code_hash)
            .execute(tx.conn())
            .await?;
    }
    Ok(())
}

/// Turns the second factor off and forgets its secret and recovery codes.
pub async fn disable_totp(tx: &mut Tx, user_id: &str) -> Result<(), StoreError> {
    sqlx::query(
        "UPDATE users SET totp_enabled = 0, totp_secret = NULL, totp_last_step = NULL, updated_at = $1 \
         WHERE id = $2",
    )
    .bind(tx.now_ms())
    .bind(user_id)
    .execute(tx.conn())
    .await?;
    sqlx::query("DELETE FROM recovery_codes WHERE user_id = $1")
        .bind(user_id)
        .execute(tx.conn())
        .await?;
    Ok(())
}

/// Records the TOTP time step just used, so the same code cannot be replayed. Returns false when a
/// step at or after `step` was already used (a replay, or a race with another login).
pub async fn advance_totp_step(tx: &mut Tx, user_id: &str, step: i64) -> Result<bool, StoreError> {
    let result = sqlx::query(
        "UPDATE users SET totp_last_step = $1 WHERE id = $2 \
         AND (totp_last_step IS NULL OR totp_last_step < $1)",
    )
    .bind(step)
    .bind(user_id)
    .execute(tx.conn())
    .await?;
    Ok(result.rows_affected() == 1)
}

/// Marks one unused recovery code used. Returns false when no unused code has this hash.
pub async fn use_recovery_code(
    tx: &mut Tx,
    user_id: &str,
    code_hash: &str,
) -> Result<bool, StoreError> {
    let result = sqlx::query(
        "UPDATE recovery_codes SET used_at = $1 WHERE user_id = $2 AND code_hash = $3 \
         AND used_at IS NULL",
    )
    .bind(tx.now_ms())
    .bind(user_id)
    .bind(code_hash)
    .execute(tx.conn())
    .await?;
    Ok(result.rows_affected() == 1)
}

/// How many recovery codes the user has left.
pub async fn count_unused_recovery_codes<'c, E>(db: E, user_id: &str) -> Result<i64, StoreError>
where
    E: Executor<'c, Database = Any>,
{
    let row = sqlx::query(
        "SELECT COUNT(*) AS n FROM recovery_codes WHERE user_id = $1 AND used_at IS NULL",
    )
    .bind(user_id)
    .fetch_one(db)
    .await?;
    Ok(row.try_get("n")?)
}

/// Whether any user exists; the demo seeds only an empty database.
pub async fn any_exist<'c, E>(db: E) -> Result<bool, StoreError>
where
    E: Executor<'c, Database = Any>,
{
    let row = sqlx::query("SELECT COUNT(*) AS n FROM users")
        .fetch_one(db)
        .await?;
    Ok(row.try_get::<i64, _>("n")? > 0)
}
