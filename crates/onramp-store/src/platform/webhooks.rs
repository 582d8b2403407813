//! Webhook subscriptions, their deliveries (one per event per subscription) and every delivery
//! attempt, for the delivery log. Scoping is part of every query that a caller reaches by id: a
//! subscription is found only within its owner's scope (the program, or one organization), so
//! another scope's id is "not found" (docs/adr/0006-outbox-and-webhooks.md).

use sqlx::{Any, Executor, Row};

use crate::{new_id, StoreError, Tx};

/// Whose subscription it is.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Scope {
    /// Program-wide: every event of the subscribed types.
    Program,
    /// One partner organization: only that organization's events.
    Organization(String),
}

impl Scope {
    fn organization_id(&self) -> Option<&str> {
        match self {
            Scope::Program => None,
            Scope::Organization(id) => Some(id),
        }
    }
}

/// A subscription as stored.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Subscription {
    pub id: String,
    pub organization_id: Option<String>,
    pub url: String,
    pub event_types: Vec<String>,
    pub secret: String,
    pub previous_secret: Option<String>,
    pub previous_secret_until: Option<i64>,
    /// `active`, `failing` or `disabled`.
    pub state: String,
    pub created_by: String,
    pub created_at: i64,
    pub updated_at: i64,
}

impl Subscription {
    /// The secrets that sign a message sent at `now_ms`: the current one, and the previous one
    /// during its grace period after a rotation.
    pub fn signing_secrets(&self, now_ms: i64) -> Vec<&str> {
        let mut secrets = vec![self.secret.as_str()];
        if let (Some(previous), Some(until)) = (&self.previous_secret, self.previous_secret_until) {
            if now_ms < until {
                secrets.push(previous);
            }
        }
        secrets
    }

    pub fn scope(&self) -> Scope {
        match &self.organization_id {
            None => Scope::Program,
            Some(id) => Scope::Organization(id.clone()),
        }
    }
}

const COLUMNS: &str = "id, organization_id, url, event_types, secret, previous_secret, \
     previous_secret_until, state, created_by, created_at, updated_at";

fn subscription_from_row(row: &sqlx::any::AnyRow) -> Result<Subscription, StoreError> {
    let event_types: String = row.try_get("event_types")?;
    Ok(Subscription {
        id: row.try_get("id")?,
        organization_id: row.try_get("organization_id")?,
        url: row.try_get("url")?,
        event_types: event_types.split_whitespace().map(str::to_owned).collect(),
        secret: row.try_get("secret")?,
        previous_secret: row.try_get("previous_secret")?,
        previous_secret_until: row.try_get("previous_secret_until")?,
        state: row.try_get("state")?,
        created_by: row.try_get("created_by")?,
        created_at: row.try_get("created_at")?,
        updated_at: row.try_get("updated_at")?,
    })
}

/// A subscription to add.
#[derive(Clone, Debug)]
pub struct NewSubscription<'a> {
    pub scope: &'a Scope,
    pub url: &'a str,
    pub event_types: &'a [String],
    pub secret: &'a str,
    pub created_by: &'a str,
}

pub async fn insert(
    tx: &mut Tx,
    new: &NewSubscription<'_>,
    now_ms: i64,
) -> Result<Subscription, StoreError> {
    let id = new_id();
    sqlx::query(
        "INSERT INTO webhook_subscriptions (id, organization_id, url, event_types, secret, state, \
         created_by, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, 'active', $6, $7, $7)",
    )
    .bind(&id)
    .bind(new.scope.organization_id())
    .bind(new.url)
    .bind(new.event_types.join(" "))
    .bind(new.secret)
    .bind(new.created_by)
    .bind(now_ms)
    .execute(tx.conn())
    .await?;
    find_any(tx.conn(), &id).await
}

/// A subscription by id, whatever its scope (the delivery jobs).
pub async fn find_any<'c, E>(db: E, id: &str) -> Result<Subscription, StoreError>
where
    E: Executor<'c, Database = Any>,
{
    let row = sqlx::query(&format!(
        "SELECT {COLUMNS} FROM webhook_subscriptions WHERE id = $1"
    ))
    .bind(id)
    .fetch_optional(db)
    .await?
    .ok_or(StoreError::NotFound)?;
    subscription_from_row(&row)
}

/// A subscription by id within `scope`; another scope's subscription is `NotFound`.
pub async fn find<'c, E>(db: E, scope: &Scope, id: &str) -> Result<Subscription, StoreError>
where
    E: Executor<'c, Database = Any>,
{
    // `$2 = ''` stands for the program scope, so one SQL text serves both.
    let row = sqlx::query(&format!(
        "SELECT {COLUMNS} FROM webhook_subscriptions WHERE id = $1 \
         AND COALESCE(organization_id, '') = $2"
    ))
    .bind(id)
    .bind(scope.organization_id().unwrap_or(""))
    .fetch_optional(db)
    .await?
    .ok_or(StoreError::NotFound)?;
    subscription_from_row(&row)
}

/// The subscriptions of one scope, oldest first.
pub async fn list<'c, E>(db: E, scope: &Scope) -> Result<Vec<Subscription>, StoreError>
where
    E: Executor<'c, Database = Any>,
{
    let rows = sqlx::query(&format!(
        "SELECT {COLUMNS} FROM webhook_subscriptions WHERE COALESCE(organization_id, '') = $1 \
         ORDER BY created_at, id"
    ))
    .bind(scope.organization_id().unwrap_or(""))
    .fetch_all(db)
    .await?;
    rows.iter().map(subscription_from_row).collect()
}

/// The subscriptions an event reaches: not disabled, subscribed to its type, and program-wide or
/// of the event's own organization.
pub async fn matching<'c, E>(
    db: E,
    event_type: &str,
    organization_id: Option<&str>,
) -> Result<Vec<Subscription>, StoreError>
where
    E: Executor<'c, Database = Any>,
{
    let rows = sqlx::query(&format!(
        "SELECT {COLUMNS} FROM webhook_subscriptions WHERE state <> 'disabled' \
         AND (organization_id IS NULL OR organization_id = $1) ORDER BY created_at, id"
    ))
    .bind(organization_id.unwrap_or(""))
    .fetch_all(db)
    .await?;
    let subscriptions: Vec<Subscription> = rows
        .iter()
        .map(subscription_from_row)
        .collect::<Result<_, _>>()?;
    Ok(subscriptions
        .into_iter()
        .filter(|subscription| subscription.event_types.iter().any(|t| t == event_type))
        .collect())
}

/// Replaces the secret; the previous one keeps signing until `previous_until`.
pub async fn rotate_secret(
    tx: &mut Tx,
    scope: &Scope,
    id: &str,
    new_secret: &str,
    previous_until: i64,
    now_ms: i64,
) -> Result<Subscription, StoreError> {
    let current = find(tx.conn(), scope, id).await?;
    let updated = sqlx::query(
        "UPDATE webhook_subscriptions SET previous_secret = secret, previous_secret_until = $1, \
         secret = $2, updated_at = $3 WHERE id = $4 AND secret = $5",
    )
    .bind(previous_until)
    .bind(new_secret)
    .bind(now_ms)
    .bind(id)
    .bind(&current.secret)
    .execute(tx.conn())
    .await?
    .rows_affected();
    if updated != 1 {
        return Err(StoreError::Conflict(
            "the secret was rotated meanwhile".to_owned(),
        ));
    }
    find_any(tx.conn(), id).await
}

/// Moves a subscription from `expected` to `next` state; `false` when it was not in `expected`.
pub async fn set_state(
    tx: &mut Tx,
    id: &str,
    expected: &str,
    next: &str,
    now_ms: i64,
) -> Result<bool, StoreError> {
    let updated = sqlx::query(
        "UPDATE webhook_subscriptions SET state = $1, updated_at = $2 WHERE id = $3 AND state = $4",
    )
    .bind(next)
    .bind(now_ms)
    .bind(id)
    .bind(expected)
    .execute(tx.conn())
    .await?
    .rows_affected();
    Ok(updated == 1)
}

/// Deletes a subscription of `scope` with its deliveries and attempts.
pub async fn delete(tx: &mut Tx, scope: &Scope, id: &str) -> Result<Subscription, StoreError> {
    let subscription = find(tx.conn(), scope, id).await?;
    for sql in [
        "DELETE FROM webhook_attempts WHERE subscription_id = $1",
        "DELETE FROM webhook_deliveries WHERE subscription_id = $1",
        "DELETE FROM webhook_subscriptions WHERE id = $1",
    ] {
        sqlx::query(sql).bind(id).execute(tx.conn()).await?;
    }
    Ok(subscription)
}

/// One event's delivery to one subscription.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Delivery {
    pub subscription_id: String,
    pub event_id: String,
    pub event_type: String,
    /// `pending`, `delivered` or `failed`.
    pub status: String,
    pub attempts: i64,
    pub response_code: Option<i64>,
    pub duration_ms: Option<i64>,
    pub last_error: Option<String>,
    pub created_at: i64,
    pub updated_at: i64,
    pub delivered_at: Option<i64>,
}

const DELIVERY_COLUMNS: &str = "subscription_id, event_id, event_type, status, attempts, \
     response_code, duration_ms, last_error, created_at, updated_at, delivered_at";

fn delivery_from_row(row: &sqlx::any::AnyRow) -> Result<Delivery, StoreError> {
    Ok(Delivery {
        subscription_id: row.try_get("subscription_id")?,
        event_id: row.try_get("event_id")?,
        event_type: row.try_get("event_type")?,
        status: row.try_get("status")?,
        attempts: row.try_get("attempts")?,
        response_code: row.try_get("response_code")?,
        duration_ms: row.try_get("duration_ms")?,
        last_error: row.try_get("last_error")?,
        created_at: row.try_get("created_at")?,
        updated_at: row.try_get("updated_at")?,
        delivered_at: row.try_get("delivered_at")?,
    })
}

/// Adds a pending delivery unless there is one for this subscription and event already; `true`
/// when it was added.
pub async fn insert_delivery(
    tx: &mut Tx,
    subscription_id: &str,
    event_id: &str,
    event_type: &str,
    now_ms: i64,
) -> Result<bool, StoreError> {
    let inserted = sqlx::query(
        "INSERT INTO webhook_deliveries (subscription_id, event_id, event_type, status, attempts, \
         created_at, updated_at) VALUES ($1, $2, $3, 'pending', 0, $4, $4) ON CONFLICT DO NOTHING",
    )
    .bind(subscription_id)
    .bind(event_id)
    .bind(event_type)
    .bind(now_ms)
    .execute(tx.conn())
    .await?
    .rows_affected();
    Ok(inserted == 1)
}

pub async fn find_delivery<'c, E>(
    db: E,
    subscription_id: &str,
    event_id: &str,
) -> Result<Delivery, StoreError>
where
    E: Executor<'c, Database = Any>,
{
    let row = sqlx::query(&format!(
        "SELECT {DELIVERY_COLUMNS} FROM webhook_deliveries \
         WHERE subscription_id = $1 AND event_id = $2"
    ))
    .bind(subscription_id)
    .bind(event_id)
    .fetch_optional(db)
    .await?
    .ok_or(StoreError::NotFound)?;
    delivery_from_row(&row)
}

/// A subscription's deliveries, newest first.
pub async fn deliveries<'c, E>(
    db: E,
    subscription_id: &str,
    limit: i64,
) -> Result<Vec<Delivery>, StoreError>
where
    E: Executor<'c, Database = Any>,
{
    let rows = sqlx::query(&format!(
        "SELECT {DELIVERY_COLUMNS} FROM webhook_deliveries WHERE subscription_id = $1 \
         ORDER BY created_at DESC, event_id LIMIT $2"
    ))
    .bind(subscription_id)
    .bind(limit.clamp(1, 1_000))
    .fetch_all(db)
    .await?;
    rows.iter().map(delivery_from_row).collect()
}

/// The outcome of one attempt.
#[derive(Clone, Debug)]
pub struct AttemptOutcome<'a> {
    pub attempt: i64,
    pub response_code: Option<i64>,
    pub duration_ms: i64,
    pub error: Option<&'a str>,
    /// `delivered`, or `pending` (another attempt follows), or `failed` (the last one failed).
    pub status: &'a str,
}

/// Records an attempt in the log and on the delivery.
pub async fn record_attempt(
    tx: &mut Tx,
    subscription_id: &str,
    event_id: &str,
    outcome: &AttemptOutcome<'_>,
    now_ms: i64,
) -> Result<(), StoreError> {
    let error: Option<String> = outcome.error.map(|text| text.chars().take(500).collect());
    sqlx::query(
        "INSERT INTO webhook_attempts (id, subscription_id, event_id, attempt, response_code, \
         duration_ms, error, attempted_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
    )
    .bind(new_id())
    .bind(subscription_id)
    .bind(event_id)
    .bind(outcome.attempt)
    .bind(outcome.response_code)
    .bind(outcome.duration_ms)
    .bind(&error)
    .bind(now_ms)
    .execute(tx.conn())
    .await?;
    let delivered_at = (outcome.status == "delivered").then_some(now_ms);
    sqlx::query(
        "UPDATE webhook_deliveries SET status = $1, attempts = attempts + 1, response_code = $2, \
         duration_ms = $3, last_error = $4, updated_at = $5, \
         delivered_at = COALESCE($6, delivered_at) WHERE subscription_id = $7 AND event_id = $8",
    )
    .bind(outcome.status)
    .bind(outcome.response_code)
    .bind(outcome.duration_ms)
    .bind(&error)
    .bind(now_ms)
    .bind(delivered_at)
    .bind(subscription_id)
    .bind(event_id)
    .execute(tx.conn())
    .await?;
    Ok(())
}

/// Sets a delivery back to pending ("send again"); `NotFound` when there is none.
pub async fn reset_delivery(
    tx: &mut Tx,
    subscription_id: &str,
    event_id: &str,
    now_ms: i64,
) -> Result<(), StoreError> {
    let updated = sqlx::query(
        "UPDATE webhook_deliveries SET status = 'pending', updated_at = $1 \
         WHERE subscription_id = $2 AND event_id = $3",
    )
    .bind(now_ms)
    .bind(subscription_id)
    .bind(event_id)
    .execute(tx.conn())
    .await?
    .rows_affected();
    if updated == 1 {
        Ok(())
    } else {
        Err(StoreError::NotFound)
    }
}

/// One logged attempt.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Attempt {
    pub event_id: String,
    pub attempt: i64,
    pub response_code: Option<i64>,
    pub duration_ms: i64,
    pub error: Option<String>,
    pub attempted_at: i64,
}

/// The attempts of one delivery, oldest first.
pub async fn attempts<'c, E>(
    db: E,
    subscription_id: &str,
    event_id: &str,
) -> Result<Vec<Attempt>, StoreError>
where
    E: Executor<'c, Database = Any>,
{
    let rows = sqlx::query(
        "SELECT event_id, attempt, response_code, duration_ms, error, attempted_at \
         FROM webhook_attempts WHERE subscription_id = $1 AND event_id = $2 \
         ORDER BY attempted_at, attempt",
    )
    .bind(subscription_id)
    .bind(event_id)
    .fetch_all(db)
    .await?;
    rows.iter()
        .map(|row| {
            Ok(Attempt {
                event_id: row.try_get("event_id")?,
                attempt: row.try_get("attempt")?,
                response_code: row.try_get("response_code")?,
                duration_ms: row.try_get("duration_ms")?,
                error: row.try_get("error")?,
                attempted_at: row.try_get("attempted_at")?,
            })
        })
        .collect()
}
