//! Access tokens, kept by the SHA-256 of their value, each bound to one environment and its
//! granted scopes.

use sqlx::{Any, Executor, Row};

use crate::{StoreError, Tx};

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AccessToken {
    pub token_hash: String,
    pub client_id: String,
    pub environment_id: String,
    pub scopes: Vec<String>,
    pub issued_at: i64,
    pub expires_at: i64,
    pub revoked_at: Option<i64>,
}

impl AccessToken {
    /// Whether the token may be used at `now` (not expired, not revoked).
    pub fn is_live(&self, now: i64) -> bool {
        self.revoked_at.is_none() && self.expires_at > now
    }
}

pub async fn insert(tx: &mut Tx, token: &AccessToken) -> Result<(), StoreError> {
    sqlx::query(
        "INSERT INTO oauth_tokens (token_hash, client_id, environment_id, scopes, issued_at, \
         expires_at) VALUES ($1, $2, $3, $4, $5, $6)",
    )
    .bind(&token.token_hash)
    .bind(&token.client_id)
    .bind(&token.environment_id)
    .bind(token.scopes.join(" "))
    .bind(token.issued_at)
    .bind(token.expires_at)
    .execute(tx.conn())
    .await?;
    Ok(())
}

/// A token with the states that decide whether it may be used now: its client's, its
/// environment's and its organization's (a suspended organization's tokens stop at once).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Grant {
    pub token: AccessToken,
    pub organization_id: String,
    pub client_state: String,
    pub environment_state: String,
    pub organization_state: String,
}

/// The token with this hash, and the states of what it belongs to, in one query.
pub async fn find<'e, E>(executor: E, token_hash: &str) -> Result<Option<Grant>, StoreError>
where
    E: Executor<'e, Database = Any>,
{
    let row = sqlx::query(
        "SELECT t.token_hash, t.client_id, t.environment_id, t.scopes, t.issued_at, t.expires_at,          t.revoked_at, c.state AS client_state, e.state AS environment_state,          o.id AS organization_id, o.state AS organization_state          FROM oauth_tokens t JOIN oauth_clients c ON c.id = t.client_id          JOIN environments e ON e.id = t.environment_id          JOIN organizations o ON o.id = e.organization_id WHERE t.token_hash = $1",
    )
    .bind(token_hash)
    .fetch_optional(executor)
    .await?;
    let Some(row) = row else {
        return Ok(None);
    };
    let scopes: String = row.try_get("scopes")?;
    Ok(Some(Grant {
        token: AccessToken {
            token_hash: row.try_get("token_hash")?,
            client_id: row.try_get("client_id")?,
            environment_id: row.try_get("environment_id")?,
            scopes: scopes.split_whitespace().map(str::to_owned).collect(),
            issued_at: row.try_get("issued_at")?,
            expires_at: row.try_get("expires_at")?,
            revoked_at: row.try_get("revoked_at")?,
        },
        organization_id: row.try_get("organization_id")?,
        client_state: row.try_get("client_state")?,
        environment_state: row.try_get("environment_state")?,
        organization_state: row.try_get("organization_state")?,
    }))
}

/// Revokes one token (RFC 7009); `false` when there was no live token of that client.
pub async fn revoke(tx: &mut Tx, token_hash: &str, client_id: &str) -> Result<bool, StoreError> {
    let now = tx.now_ms();
    let changed = sqlx::query(
        "UPDATE oauth_tokens SET revoked_at = $1 \
         WHERE token_hash = $2 AND client_id = $3 AND revoked_at IS NULL",
    )
    .bind(now)
    .bind(token_hash)
    .bind(client_id)
    .execute(tx.conn())
    .await?;
    Ok(changed.rows_affected() > 0)
}

/// Revokes every live token of a client (when it is suspended).
pub async fn revoke_all_of_client(tx: &mut Tx, client_id: &str) -> Result<u64, StoreError> {
    let now = tx.now_ms();
    let changed = sqlx::query(
        "UPDATE oauth_tokens SET revoked_at = $1 \
         WHERE client_id = $2 AND revoked_at IS NULL AND expires_at > $1",
    )
    .bind(now)
    .bind(client_id)
    .execute(tx.conn())
    .await?;
    Ok(changed.rows_affected())
}

/// Forgets tokens that expired before `before` (the retention job).
pub async fn delete_expired(tx: &mut Tx, before: i64) -> Result<u64, StoreError> {
    let deleted = sqlx::query("DELETE FROM oauth_tokens WHERE expires_at < $1")
        .bind(before)
        .execute(tx.conn())
        .await?;
    Ok(deleted.rows_affected())
}
