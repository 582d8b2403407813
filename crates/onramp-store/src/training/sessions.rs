//! Live sessions (workshops, webinars, office hours) and the people registered for them: sessions
//! listed upcoming and past, cancelled once, registration that never takes more people than the
//! session seats, and the attendance a trainer takes.
//!
//! # How is capacity kept?
//!
//! [`register`] first takes the session's row lock (an `UPDATE` that changes nothing), then
//! inserts the registration only `WHERE` the session is open, has not started and counts fewer
//! registrations than its capacity — one statement. On PostgreSQL the lock makes concurrent
//! registrations for one session count one after the other; on SQLite the `Tx` holds the write
//! lock already. When nothing was inserted, [`register`] says why.

use sqlx::any::AnyRow;
use sqlx::{Any, Executor, Row};

use crate::{new_id, StoreError, Tx};

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Session {
    pub id: String,
    pub course_key: Option<String>,
    pub module_key: Option<String>,
    /// `workshop`, `webinar` or `office_hours`.
    pub kind: String,
    pub title: String,
    pub description: String,
    pub location: String,
    pub starts_at: i64,
    pub ends_at: i64,
    pub capacity: i64,
    pub trainer_id: Option<String>,
    pub trainer_name: Option<String>,
    pub created_at: i64,
    pub cancelled_at: Option<i64>,
    /// How many people are registered.
    pub registered: i64,
}

impl Session {
    /// The seats still free (never below zero).
    pub fn seats_left(&self) -> i64 {
        (self.capacity - self.registered).max(0)
    }
}

const SESSION_COLUMNS: &str = "s.id, s.course_key, s.module_key, s.kind, s.title, s.description, \
     s.location, s.starts_at, s.ends_at, s.capacity, s.trainer_id, t.name AS trainer_name, \
     s.created_at, s.cancelled_at, \
     (SELECT COUNT(*) FROM training_registrations c WHERE c.session_id = s.id) AS registered";

const SESSIONS: &str = "FROM training_sessions s LEFT JOIN users t ON t.id = s.trainer_id";

fn session_from_row(row: &AnyRow) -> Result<Session, StoreError> {
    Ok(Session {
        id: row.try_get("id")?,
        course_key: row.try_get("course_key")?,
        module_key: row.try_get("module_key")?,
        kind: row.try_get("kind")?,
        title: row.try_get("title")?,
        description: row.try_get("description")?,
        location: row.try_get("location")?,
        starts_at: row.try_get("starts_at")?,
        ends_at: row.try_get("ends_at")?,
        capacity: row.try_get("capacity")?,
        trainer_id: row.try_get("trainer_id")?,
        trainer_name: row.try_get("trainer_name")?,
        created_at: row.try_get("created_at")?,
        cancelled_at: row.try_get("cancelled_at")?,
        registered: row.try_get("registered")?,
    })
}

/// What a new session records; it is created now, by the store's clock.
#[derive(Clone, Copy, Debug)]
pub struct NewSession<'a> {
    pub course_key: Option<&'a str>,
    pub module_key: Option<&'a str>,
    pub kind: &'a str,
    pub title: &'a str,
    pub description: &'a str,
    pub location: &'a str,
    pub starts_at: i64,
    pub ends_at: i64,
    pub capacity: i64,
    pub trainer_id: Option<&'a str>,
}

pub async fn insert(tx: &mut Tx, new: NewSession<'_>) -> Result<Session, StoreError> {
    let id = new_id();
    let now = tx.now_ms();
    sqlx::query(
        "INSERT INTO training_sessions (id, course_key, module_key, kind, title, description, \
         location, starts_at, ends_at, capacity, trainer_id, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)",
    )
    .bind(&id)
    .bind(new.course_key)
    .bind(new.module_key)
    .bind(new.kind)
    .bind(new.title)
    .bind(new.description)
    .bind(new.location)
    .bind(new.starts_at)
    .bind(new.ends_at)
    .bind(new.capacity)
    .bind(new.trainer_id)
    .bind(now)
    .execute(tx.conn())
    .await?;
    find(tx.conn(), &id).await
}

pub async fn find<'e, E>(executor: E, id: &str) -> Result<Session, StoreError>
where
    E: Executor<'e, Database = Any>,
{
    let row = sqlx::query(&format!(
        "SELECT {SESSION_COLUMNS} {SESSIONS} WHERE s.id = $1"
    ))
    .bind(id)
    .fetch_optional(executor)
    .await?
    .ok_or(StoreError::NotFound)?;
    session_from_row(&row)
}

/// Sessions not yet over at `now` (cancelled ones too), soonest first.
pub async fn upcoming<'e, E>(executor: E, now: i64, limit: i64) -> Result<Vec<Session>, StoreError>
where
    E: Executor<'e, Database = Any>,
{
    let rows = sqlx::query(&format!(
        "SELECT {SESSION_COLUMNS} {SESSIONS} WHERE s.ends_at > $1 \
         ORDER BY s.starts_at, s.id LIMIT $2"
    ))
    .bind(now)
    .bind(limit)
    .fetch_all(executor)
    .await?;
    rows.iter().map(session_from_row).collect()
}

/// Sessions over by `now`, most recent first.
pub async fn past<'e, E>(executor: E, now: i64, limit: i64) -> Result<Vec<Session>, StoreError>
where
    E: Executor<'e, Database = Any>,
{
    let rows = sqlx::query(&format!(
        "SELECT {SESSION_COLUMNS} {SESSIONS} WHERE s.ends_at <= $1 \
         ORDER BY s.starts_at DESC, s.id LIMIT $2"
    ))
    .bind(now)
    .bind(limit)
    .fetch_all(executor)
    .await?;
    rows.iter().map(session_from_row).collect()
}

/// Cancels a session (once); `StaleState` when it already was.
pub async fn cancel(tx: &mut Tx, id: &str) -> Result<(), StoreError> {
    let now = tx.now_ms();
    let done = sqlx::query(
        "UPDATE training_sessions SET cancelled_at = $2 WHERE id = $1 AND cancelled_at IS NULL",
    )
    .bind(id)
    .bind(now)
    .execute(tx.conn())
    .await?;
    if done.rows_affected() == 0 {
        return Err(StoreError::StaleState("session not cancelled".into()));
    }
    Ok(())
}

/// A person registered for a session, with their name and organization's.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Registrant {
    pub session_id: String,
    pub user_id: String,
    pub user_name: String,
    pub user_email: String,
    pub organization_id: String,
    pub organization_name: String,
    pub registered_at: i64,
    /// None until the trainer takes attendance.
    pub attended: Option<bool>,
    pub marked_by: Option<String>,
    pub marked_at: Option<i64>,
}

const REGISTRANTS: &str = "SELECT r.session_id, r.user_id, u.name AS user_name, \
     u.email AS user_email, r.organization_id, o.name AS organization_name, r.registered_at, \
     r.attended, r.marked_by, r.marked_at \
     FROM training_registrations r JOIN users u ON u.id = r.user_id \
     JOIN organizations o ON o.id = r.organization_id";

fn registrant_from_row(row: &AnyRow) -> Result<Registrant, StoreError> {
    Ok(Registrant {
        session_id: row.try_get("session_id")?,
        user_id: row.try_get("user_id")?,
        user_name: row.try_get("user_name")?,
        user_email: row.try_get("user_email")?,
        organization_id: row.try_get("organization_id")?,
        organization_name: row.try_get("organization_name")?,
        registered_at: row.try_get("registered_at")?,
        attended: row
            .try_get::<Option<i64>, _>("attended")?
            .map(|attended| attended != 0),
        marked_by: row.try_get("marked_by")?,
        marked_at: row.try_get("marked_at")?,
    })
}

/// Everyone registered for a session, by organization and name.
pub async fn registrants<'e, E>(
    executor: E,
    session_id: &str,
) -> Result<Vec<Registrant>, StoreError>
where
    E: Executor<'e, Database = Any>,
{
    let rows = sqlx::query(&format!(
        "{REGISTRANTS} WHERE r.session_id = $1 ORDER BY o.name, u.name, r.user_id"
    ))
    .bind(session_id)
    .fetch_all(executor)
    .await?;
    rows.iter().map(registrant_from_row).collect()
}

/// One person's registration for a session, if they are registered.
pub async fn registration<'e, E>(
    executor: E,
    session_id: &str,
    user_id: &str,
) -> Result<Option<Registrant>, StoreError>
where
    E: Executor<'e, Database = Any>,
{
    let row = sqlx::query(&format!(
        "{REGISTRANTS} WHERE r.session_id = $1 AND r.user_id = $2"
    ))
    .bind(session_id)
    .bind(user_id)
    .fetch_optional(executor)
    .await?;
    row.as_ref().map(registrant_from_row).transpose()
}

/// A person's registration with its session.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UserRegistration {
    pub session: Session,
    /// The organization the person registered from.
    pub organization_id: String,
    pub registered_at: i64,
    pub attended: Option<bool>,
}

/// A person's registrations, by the sessions' start, soonest first.
pub async fn of_user<'e, E>(executor: E, user_id: &str) -> Result<Vec<UserRegistration>, StoreError>
where
    E: Executor<'e, Database = Any>,
{
    let rows = sqlx::query(&format!(
        "SELECT {SESSION_COLUMNS}, r.organization_id AS registration_organization_id, \
         r.registered_at, r.attended \
         {SESSIONS} JOIN training_registrations r ON r.session_id = s.id \
         WHERE r.user_id = $1 ORDER BY s.starts_at, s.id"
    ))
    .bind(user_id)
    .fetch_all(executor)
    .await?;
    rows.iter()
        .map(|row| {
            Ok(UserRegistration {
                session: session_from_row(row)?,
                organization_id: row.try_get("registration_organization_id")?,
                registered_at: row.try_get("registered_at")?,
                attended: row
                    .try_get::<Option<i64>, _>("attended")?
                    .map(|attended| attended != 0),
            })
        })
        .collect()
}

/// What became of a registration.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Registered {
    /// The person is registered now.
    Registered,
    /// They already were; nothing changed.
    AlreadyRegistered,
    /// Every seat is taken.
    Full,
    Cancelled,
    /// The session has started (or is over).
    Started,
}

/// Registers a person for a session, at most `capacity` people in all, only while the session is
/// neither cancelled nor started (by the store's clock). `NotFound` when there is no such session.
pub async fn register(
    tx: &mut Tx,
    session_id: &str,
    user_id: &str,
    organization_id: &str,
) -> Result<Registered, StoreError> {
    let now = tx.now_ms();
    // The session's row lock: concurrent registrations for it count one after the other.
    let locked = sqlx::query("UPDATE training_sessions SET capacity = capacity WHERE id = $1")
        .bind(session_id)
        .execute(tx.conn())
        .await?;
    if locked.rows_affected() == 0 {
        return Err(StoreError::NotFound);
    }
    let inserted = sqlx::query(
        "INSERT INTO training_registrations (session_id, user_id, organization_id, registered_at) \
         SELECT s.id, $2, $3, $4 FROM training_sessions s \
         WHERE s.id = $1 AND s.cancelled_at IS NULL AND s.starts_at > $4 \
         AND (SELECT COUNT(*) FROM training_registrations c WHERE c.session_id = s.id) < s.capacity \
         AND NOT EXISTS (SELECT 1 FROM training_registrations e \
                         WHERE e.session_id = s.id AND e.user_id = $2)",
    )
    .bind(session_id)
    .bind(user_id)
    .bind(organization_id)
    .bind(now)
    .execute(tx.conn())
    .await?;
    if inserted.rows_affected() > 0 {
        return Ok(Registered::Registered);
    }
    // Nothing inserted: say why.
    if registration(tx.conn(), session_id, user_id)
        .await?
        .is_some()
    {
        return Ok(Registered::AlreadyRegistered);
    }
    let session = find(tx.conn(), session_id).await?;
    Ok(if session.cancelled_at.is_some() {
        Registered::Cancelled
    } else if session.starts_at <= now {
        Registered::Started
    } else {
        Registered::Full
    })
}

/// Removes a person's registration; false when they were not registered.
pub async fn unregister(tx: &mut Tx, session_id: &str, user_id: &str) -> Result<bool, StoreError> {
    let done =
        sqlx::query("DELETE FROM training_registrations WHERE session_id = $1 AND user_id = $2")
            .bind(session_id)
            .bind(user_id)
            .execute(tx.conn())
            .await?;
    Ok(done.rows_affected() > 0)
}

/// Records whether a registered person attended, marked by `by` now; false when they are not
/// registered. Marking again replaces the earlier mark.
pub async fn mark_attendance(
    tx: &mut Tx,
    session_id: &str,
    user_id: &str,
    attended: bool,
    by: &str,
) -> Result<bool, StoreError> {
    let now = tx.now_ms();
    let done = sqlx::query(
        "UPDATE training_registrations SET attended = $3, marked_by = $4, marked_at = $5 \
         WHERE session_id = $1 AND user_id = $2",
    )
    .bind(session_id)
    .bind(user_id)
    .bind(i64::from(attended))
    .bind(by)
    .bind(now)
    .execute(tx.conn())
    .await?;
    Ok(done.rows_affected() > 0)
}
