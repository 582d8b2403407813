//! The outbox's tables: domain events written in the transaction of the change they report, the
//! mail they (and account flows) queue, and each user's email preferences per mail family
//! (docs/adr/0006-outbox-and-webhooks.md).
//!
//! Times are passed in (`now_ms`); nothing here reads a clock or sends anything: delivery is the
//! server's jobs.

use sqlx::{Any, Executor, Row};

use crate::{new_id, StoreError, Tx};

/// A domain event as stored.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OutboxEvent {
    pub id: String,
    pub event_type: String,
    pub organization_id: Option<String>,
    /// JSON text: the event's data.
    pub payload: String,
    pub occurred_at: i64,
}

const EVENT_COLUMNS: &str = "id, event_type, organization_id, payload, occurred_at";

fn event_from_row(row: &sqlx::any::AnyRow) -> Result<OutboxEvent, StoreError> {
    Ok(OutboxEvent {
        id: row.try_get("id")?,
        event_type: row.try_get("event_type")?,
        organization_id: row.try_get("organization_id")?,
        payload: row.try_get("payload")?,
        occurred_at: row.try_get("occurred_at")?,
    })
}

/// Writes an event in the caller's transaction and returns it (with its new id).
pub async fn insert_event(
    tx: &mut Tx,
    event_type: &str,
    organization_id: Option<&str>,
    payload_json: &str,
    now_ms: i64,
) -> Result<OutboxEvent, StoreError> {
    let id = new_id();
    sqlx::query(
        "INSERT INTO outbox_events (id, event_type, organization_id, payload, occurred_at) \
         VALUES ($1, $2, $3, $4, $5)",
    )
    .bind(&id)
    .bind(event_type)
    .bind(organization_id)
    .bind(payload_json)
    .bind(now_ms)
    .execute(tx.conn())
    .await?;
    Ok(OutboxEvent {
        id,
        event_type: event_type.to_owned(),
        organization_id: organization_id.map(str::to_owned),
        payload: payload_json.to_owned(),
        occurred_at: now_ms,
    })
}

/// One event.
pub async fn find_event<'c, E>(db: E, event_id: &str) -> Result<OutboxEvent, StoreError>
where
    E: Executor<'c, Database = Any>,
{
    let row = sqlx::query(&format!(
        "SELECT {EVENT_COLUMNS} FROM outbox_events WHERE id = $1"
    ))
    .bind(event_id)
    .fetch_optional(db)
    .await?
    .ok_or(StoreError::NotFound)?;
    event_from_row(&row)
}

/// The most recent events of one type, newest first (tests and operators).
pub async fn recent_events<'c, E>(
    db: E,
    event_type: &str,
    limit: i64,
) -> Result<Vec<OutboxEvent>, StoreError>
where
    E: Executor<'c, Database = Any>,
{
    let rows = sqlx::query(&format!(
        "SELECT {EVENT_COLUMNS} FROM outbox_events WHERE event_type = $1 \
         ORDER BY occurred_at DESC, id LIMIT $2"
    ))
    .bind(event_type)
    .bind(limit.clamp(1, 1_000))
    .fetch_all(db)
    .await?;
    rows.iter().map(event_from_row).collect()
}

/// A queued message.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OutboxMail {
    pub id: String,
    pub event_id: Option<String>,
    pub family: String,
    pub recipient: String,
    pub subject: String,
    /// Empty once sent.
    pub body: String,
    pub created_at: i64,
    pub sent_at: Option<i64>,
}

/// A message to queue.
#[derive(Clone, Debug)]
pub struct NewMail<'a> {
    pub event_id: Option<&'a str>,
    pub family: &'a str,
    pub recipient: &'a str,
    pub subject: &'a str,
    pub body: &'a str,
}

/// Queues a message in the caller's transaction; returns its id.
pub async fn insert_mail(
    tx: &mut Tx,
    mail: &NewMail<'_>,
    now_ms: i64,
) -> Result<String, StoreError> {
    let id = new_id();
    sqlx::query(
        "INSERT INTO outbox_mails (id, event_id, family, recipient, subject, body, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7)",
    )
    .bind(&id)
    .bind(mail.event_id)
    .bind(mail.family)
    .bind(mail.recipient)
    .bind(mail.subject)
    .bind(mail.body)
    .bind(now_ms)
    .execute(tx.conn())
    .await?;
    Ok(id)
}

/// One queued message.
pub async fn find_mail<'c, E>(db: E, mail_id: &str) -> Result<OutboxMail, StoreError>
where
    E: Executor<'c, Database = Any>,
{
    let row = sqlx::query(
        "SELECT id, event_id, family, recipient, subject, body, created_at, sent_at \
         FROM outbox_mails WHERE id = $1",
    )
    .bind(mail_id)
    .fetch_optional(db)
    .await?
    .ok_or(StoreError::NotFound)?;
    Ok(OutboxMail {
        id: row.try_get("id")?,
        event_id: row.try_get("event_id")?,
        family: row.try_get("family")?,
        recipient: row.try_get("recipient")?,
        subject: row.try_get("subject")?,
        body: row.try_get("body")?,
        created_at: row.try_get("created_at")?,
        sent_at: row.try_get("sent_at")?,
    })
}

/// A message that will not go out.
#[derive(Clone, Debug)]
pub struct UndeliveredMail {
    pub subject: String,
    pub created_at: i64,
}

/// The newest messages to `recipient` that will not go out: unsent, and their send job is dead
/// (the mailer refused them on every attempt). Retrying the job takes a message off this list.
pub async fn undelivered_to<'c, E>(
    db: E,
    recipient: &str,
    limit: i64,
) -> Result<Vec<UndeliveredMail>, StoreError>
where
    E: Executor<'c, Database = Any>,
{
    let rows = sqlx::query(
        "SELECT m.subject, m.created_at FROM outbox_mails m \
         JOIN jobs j ON j.unique_key = 'mail:' || m.id \
         WHERE m.recipient = $1 AND m.sent_at IS NULL AND j.state = 'dead' \
         ORDER BY m.created_at DESC LIMIT $2",
    )
    .bind(recipient)
    .bind(limit)
    .fetch_all(db)
    .await?;
    rows.iter()
        .map(|row| {
            Ok(UndeliveredMail {
                subject: row.try_get("subject")?,
                created_at: row.try_get("created_at")?,
            })
        })
        .collect()
}

/// How many messages will not go out, for every recipient.
pub async fn count_undelivered<'c, E>(db: E) -> Result<i64, StoreError>
where
    E: Executor<'c, Database = Any>,
{
    let row = sqlx::query(
        "SELECT COUNT(*) AS n FROM outbox_mails m \
         JOIN jobs j ON j.unique_key = 'mail:' || m.id \
         WHERE m.sent_at IS NULL AND j.state = 'dead'",
    )
    .fetch_one(db)
    .await?;
    Ok(row.try_get("n")?)
}

/// Records that a message went out and erases its body (which may hold a single-use link).
/// `false` when it was marked sent already.
pub async fn mark_mail_sent(tx: &mut Tx, mail_id: &str, now_ms: i64) -> Result<bool, StoreError> {
    let updated = sqlx::query(
        "UPDATE outbox_mails SET sent_at = $1, body = '' WHERE id = $2 AND sent_at IS NULL",
    )
    .bind(now_ms)
    .bind(mail_id)
    .execute(tx.conn())
    .await?
    .rows_affected();
    Ok(updated == 1)
}

/// The families a user turned off or on explicitly: (family, enabled).
pub async fn preferences<'c, E>(db: E, user_id: &str) -> Result<Vec<(String, bool)>, StoreError>
where
    E: Executor<'c, Database = Any>,
{
    let rows = sqlx::query(
        "SELECT family, enabled FROM email_preferences WHERE user_id = $1 ORDER BY family",
    )
    .bind(user_id)
    .fetch_all(db)
    .await?;
    rows.iter()
        .map(|row| {
            let enabled: i64 = row.try_get("enabled")?;
            Ok((row.try_get("family")?, enabled != 0))
        })
        .collect()
}

/// Whether the user with this address wants mail of `family`: `true` unless they turned it off
/// (and for addresses that are no user's).
pub async fn wants_mail(tx: &mut Tx, recipient: &str, family: &str) -> Result<bool, StoreError> {
    let row = sqlx::query(
        "SELECT p.enabled FROM email_preferences p JOIN users u ON u.id = p.user_id \
         WHERE u.email = $1 AND p.family = $2",
    )
    .bind(recipient)
    .bind(family)
    .fetch_optional(tx.conn())
    .await?;
    match row {
        Some(row) => {
            let enabled: i64 = row.try_get("enabled")?;
            Ok(enabled != 0)
        }
        None => Ok(true),
    }
}

/// Sets a user's choice for one family.
pub async fn set_preference(
    tx: &mut Tx,
    user_id: &str,
    family: &str,
    enabled: bool,
    now_ms: i64,
) -> Result<(), StoreError> {
    sqlx::query(
        "INSERT INTO email_preferences (user_id, family, enabled, updated_at) \
         VALUES ($1, $2, $3, $4) \
         ON CONFLICT (user_id, family) DO UPDATE SET enabled = $3, updated_at = $4",
    )
    .bind(user_id)
    .bind(family)
    .bind(i64::from(enabled))
    .bind(now_ms)
    .execute(tx.conn())
    .await?;
    Ok(())
}
