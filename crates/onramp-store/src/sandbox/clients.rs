//! OAuth2 clients of an environment, the hashes of their secrets (two live at once while a
//! rotation overlaps), and the client-assertion ids already accepted.

use sqlx::any::AnyRow;
use sqlx::{Any, Executor, Row};

use crate::{new_id, StoreError, Tx};

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Client {
    /// The `client_id`.
    pub id: String,
    pub environment_id: String,
    pub organization_id: String,
    pub name: String,
    /// `private_key_jwt` or `client_secret_basic`.
    pub auth_method: String,
    /// The scopes it may be granted.
    pub scopes: Vec<String>,
    /// The JWKS registered inline (JSON text).
    pub jwks: Option<String>,
    pub jwks_url: Option<String>,
    /// `active`, `suspended` or `retired`.
    pub state: String,
    pub expires_at: Option<i64>,
    pub created_by: Option<String>,
    pub created_at: i64,
    pub updated_at: i64,
}

const COLUMNS: &str = "id, environment_id, organization_id, name, auth_method, scopes, jwks, \
     jwks_url, state, expires_at, created_by, created_at, updated_at";

fn from_row(row: &AnyRow) -> Result<Client, StoreError> {
    let scopes: String = row.try_get("scopes")?;
    Ok(Client {
        id: row.try_get("id")?,
        environment_id: row.try_get("environment_id")?,
        organization_id: row.try_get("organization_id")?,
        name: row.try_get("name")?,
        auth_method: row.try_get("auth_method")?,
        scopes: scopes.split_whitespace().map(str::to_owned).collect(),
        jwks: row.try_get("jwks")?,
        jwks_url: row.try_get("jwks_url")?,
        state: row.try_get("state")?,
        expires_at: row.try_get("expires_at")?,
        created_by: row.try_get("created_by")?,
        created_at: row.try_get("created_at")?,
        updated_at: row.try_get("updated_at")?,
    })
}

/// What a new client records.
#[derive(Clone, Copy, Debug)]
pub struct NewClient<'a> {
    pub environment_id: &'a str,
    pub organization_id: &'a str,
    pub name: &'a str,
    pub auth_method: &'a str,
    pub scopes: &'a [String],
    pub jwks: Option<&'a str>,
    pub jwks_url: Option<&'a str>,
    pub expires_at: Option<i64>,
    pub created_by: Option<&'a str>,
}

pub async fn insert(tx: &mut Tx, new: NewClient<'_>) -> Result<Client, StoreError> {
    let id = new_id();
    let now = tx.now_ms();
    sqlx::query(
        "INSERT INTO oauth_clients (id, environment_id, organization_id, name, auth_method, scopes, \
         jwks, jwks_url, state, expires_at, created_by, created_at, updated_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 'active', $9, $10, $11, $11)",
    )
    .bind(&id)
    .bind(new.environment_id)
    .bind(new.organization_id)
    .bind(new.name)
    .bind(new.auth_method)
    .bind(new.scopes.join(" "))
    .bind(new.jwks)
    .bind(new.jwks_url)
    .bind(new.expires_at)
    .bind(new.created_by)
    .bind(now)
    .execute(tx.conn())
    .await?;
    find(tx.conn(), &id).await
}

pub async fn find<'e, E>(executor: E, id: &str) -> Result<Client, StoreError>
where
    E: Executor<'e, Database = Any>,
{
    let row = sqlx::query(&format!(
        "SELECT {COLUMNS} FROM oauth_clients WHERE id = $1"
    ))
    .bind(id)
    .fetch_optional(executor)
    .await?
    .ok_or(StoreError::NotFound)?;
    from_row(&row)
}

/// The clients of one environment, oldest first.
pub async fn of_environment<'e, E>(
    executor: E,
    environment_id: &str,
) -> Result<Vec<Client>, StoreError>
where
    E: Executor<'e, Database = Any>,
{
    let rows = sqlx::query(&format!(
        "SELECT {COLUMNS} FROM oauth_clients WHERE environment_id = $1 ORDER BY created_at, id"
    ))
    .bind(environment_id)
    .fetch_all(executor)
    .await?;
    rows.iter().map(from_row).collect()
}

/// Moves a client from one state to another (compare-and-set).
pub async fn set_state(tx: &mut Tx, id: &str, from: &str, to: &str) -> Result<(), StoreError> {
    let now = tx.now_ms();
    let changed = sqlx::query(
        "UPDATE oauth_clients SET state = $1, updated_at = $2 WHERE id = $3 AND state = $4",
    )
    .bind(to)
    .bind(now)
    .bind(id)
    .bind(from)
    .execute(tx.conn())
    .await?;
    if changed.rows_affected() == 0 {
        return Err(StoreError::StaleState(format!("client {from}")));
    }
    Ok(())
}

/// Suspends every active client of an organization; returns their ids.
pub async fn suspend_all_of_organization(
    tx: &mut Tx,
    organization_id: &str,
) -> Result<Vec<String>, StoreError> {
    let ids: Vec<String> = sqlx::query_scalar(
        "SELECT id FROM oauth_clients WHERE organization_id = $1 AND state = 'active' ORDER BY id",
    )
    .bind(organization_id)
    .fetch_all(tx.conn())
    .await?;
    let now = tx.now_ms();
    sqlx::query(
        "UPDATE oauth_clients SET state = 'suspended', updated_at = $1 \
         WHERE organization_id = $2 AND state = 'active'",
    )
    .bind(now)
    .bind(organization_id)
    .execute(tx.conn())
    .await?;
    Ok(ids)
}

/// Replaces the inline JWKS (a key rotation: the new set holds the old key until it is dropped).
pub async fn set_jwks(tx: &mut Tx, id: &str, jwks: &str) -> Result<(), StoreError> {
    let now = tx.now_ms();
    sqlx::query("UPDATE oauth_clients SET jwks = $1, updated_at = $2 WHERE id = $3")
        .bind(jwks)
        .bind(now)
        .bind(id)
        .execute(tx.conn())
        .await?;
    Ok(())
}

/// A secret's stored part: its hash and the last characters people recognise it by.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Secret {
    pub id: String,
    pub client_id: String,
    pub secret_hash: String,
    pub hint: String,
    pub created_at: i64,
    pub expires_at: Option<i64>,
}

pub async fn add_secret(
    tx: &mut Tx,
    client_id: &str,
    secret_hash: &str,
    hint: &str,
    expires_at: Option<i64>,
) -> Result<Secret, StoreError> {
    let id = new_id();
    let now = tx.now_ms();
    sqlx::query(
        "INSERT INTO oauth_client_secrets (id, client_id, secret_hash, hint, created_at, expires_at) \
         VALUES ($1, $2, $3, $4, $5, $6)",
    )
    .bind(&id)
    .bind(client_id)
    .bind(secret_hash)
    .bind(hint)
    .bind(now)
    .bind(expires_at)
    .execute(tx.conn())
    .await?;
    Ok(Secret {
        id,
        client_id: client_id.to_owned(),
        secret_hash: secret_hash.to_owned(),
        hint: hint.to_owned(),
        created_at: now,
        expires_at,
    })
}

/// The secrets of a client that have not expired at `now`, newest first.
pub async fn live_secrets<'e, E>(
    executor: E,
    client_id: &str,
    now: i64,
) -> Result<Vec<Secret>, StoreError>
where
    E: Executor<'e, Database = Any>,
{
    let rows = sqlx::query(
        "SELECT id, client_id, secret_hash, hint, created_at, expires_at FROM oauth_client_secrets \
         WHERE client_id = $1 AND (expires_at IS NULL OR expires_at > $2) \
         ORDER BY created_at DESC, id",
    )
    .bind(client_id)
    .bind(now)
    .fetch_all(executor)
    .await?;
    rows.iter()
        .map(|row| {
            Ok(Secret {
                id: row.try_get("id")?,
                client_id: row.try_get("client_id")?,
                secret_hash: row.try_get("secret_hash")?,
                hint: row.try_get("hint")?,
                created_at: row.try_get("created_at")?,
                expires_at: row.try_get("expires_at")?,
            })
        })
        .collect()
}

/// Ends the overlap of a rotation: every live secret but `keep` expires at `at`.
pub async fn expire_other_secrets(
    tx: &mut Tx,
    client_id: &str,
    keep: &str,
    at: i64,
) -> Result<(), StoreError> {
    sqlx::query(
        "UPDATE oauth_client_secrets SET expires_at = $1 \
         WHERE client_id = $2 AND id <> $3 AND (expires_at IS NULL OR expires_at > $1)",
    )
    .bind(at)
    .bind(client_id)
    .bind(keep)
    .execute(tx.conn())
    .await?;
    Ok(())
}

/// Records a client assertion's `jti`; `false` when it was seen before (a replay). Ids whose
/// assertion has expired are forgotten first.
pub async fn remember_assertion(
    tx: &mut Tx,
    client_id: &str,
    jti: &str,
    expires_at: i64,
) -> Result<bool, StoreError> {
    let now = tx.now_ms();
    sqlx::query("DELETE FROM oauth_assertion_ids WHERE client_id = $1 AND expires_at < $2")
        .bind(client_id)
        .bind(now)
        .execute(tx.conn())
        .await?;
    let inserted = sqlx::query(
        "INSERT INTO oauth_assertion_ids (client_id, jti, expires_at) VALUES ($1, $2, $3) \
         ON CONFLICT (client_id, jti) DO NOTHING",
    )
    .bind(client_id)
    .bind(jti)
    .bind(expires_at)
    .execute(tx.conn())
    .await?;
    Ok(inserted.rows_affected() == 1)
}

/// Whether an enrollment has an active client of a production environment.
pub async fn production_client_exists<'e, E>(
    executor: E,
    enrollment_id: &str,
) -> Result<bool, StoreError>
where
    E: Executor<'e, Database = Any>,
{
    let count: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM oauth_clients c JOIN environments e ON e.id = c.environment_id \
         WHERE e.enrollment_id = $1 AND e.kind = 'production' AND c.state = 'active'",
    )
    .bind(enrollment_id)
    .fetch_one(executor)
    .await?;
    Ok(count > 0)
}

/// Active clients whose expiry falls before `horizon` and whose partner admins were not reminded
/// of it yet, oldest expiry first.
pub async fn expiring_unreminded<'e, E>(
    executor: E,
    now: i64,
    horizon: i64,
    limit: i64,
) -> Result<Vec<Client>, StoreError>
where
    E: Executor<'e, Database = Any>,
{
    let rows = sqlx::query(&format!(
        "SELECT {COLUMNS} FROM oauth_clients WHERE state = 'active' AND expires_at IS NOT NULL \
         AND expires_at > $1 AND expires_at <= $2 AND expiry_reminded_at IS NULL \
         ORDER BY expires_at, id LIMIT $3"
    ))
    .bind(now)
    .bind(horizon)
    .bind(limit)
    .fetch_all(executor)
    .await?;
    rows.iter().map(from_row).collect()
}

/// Records that the reminder of a client's expiry was queued.
pub async fn mark_reminded(tx: &mut Tx, id: &str) -> Result<(), StoreError> {
    let now = tx.now_ms();
    sqlx::query("UPDATE oauth_clients SET expiry_reminded_at = $1 WHERE id = $2")
        .bind(now)
        .bind(id)
        .execute(tx.conn())
        .await?;
    Ok(())
}
