//! The sandbox message log as the message tests read it: one environment's exchanges, oldest
//! first, a page at a time (keyset on the time and id), only the columns a test looks at.

use sqlx::{Any, Executor, Row};

use crate::StoreError;

/// An exchange as a message test sees it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LoggedExchange {
    pub id: String,
    pub received_at: i64,
    pub url: String,
    pub interaction: String,
    pub resource_type: Option<String>,
    /// The profiles the request claimed, space-separated.
    pub profiles: String,
    pub request_body: Option<String>,
    pub status: i64,
    pub outcome: Option<String>,
    pub errors: i64,
}

/// The page of `limit` exchanges after `after` (time, id), oldest first.
pub async fn page<'e, E>(
    executor: E,
    environment_id: &str,
    after: Option<(i64, &str)>,
    limit: i64,
) -> Result<Vec<LoggedExchange>, StoreError>
where
    E: Executor<'e, Database = Any>,
{
    let (after_time, after_id) = after.unwrap_or((i64::MIN, ""));
    let rows = sqlx::query(
        "SELECT id, received_at, url, interaction, resource_type, profiles, request_body, status, \
         outcome, errors FROM sandbox_messages WHERE environment_id = $1 \
         AND (received_at, id) > ($2, $3) \
         ORDER BY received_at, id LIMIT $4",
    )
    .bind(environment_id)
    .bind(after_time)
    .bind(after_id)
    .bind(limit)
    .fetch_all(executor)
    .await?;
    rows.iter()
        .map(|row| {
            Ok(LoggedExchange {
                id: row.try_get("id")?,
                received_at: row.try_get("received_at")?,
                url: row.try_get("url")?,
                interaction: row.try_get("interaction")?,
                resource_type: row.try_get("resource_type")?,
                profiles: row.try_get("profiles")?,
                request_body: row.try_get("request_body")?,
                status: row.try_get("status")?,
                outcome: row.try_get("outcome")?,
                errors: row.try_get("errors")?,
            })
        })
        .collect()
}
