//! The message log: every request to a sandbox and its response, kept as evidence, newest first,
//! with filters for the people who read it.

use sqlx::any::AnyRow;
use sqlx::{Any, Executor, Row};

use crate::{new_id, StoreError, Tx};

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Message {
    pub id: String,
    pub environment_id: String,
    pub organization_id: String,
    pub client_id: Option<String>,
    pub received_at: i64,
    pub duration_us: i64,
    pub method: String,
    pub url: String,
    /// `create`, `read`, `search-type`, … (FHIR's interaction codes), or `invalid`.
    pub interaction: String,
    pub resource_type: Option<String>,
    pub resource_id: Option<String>,
    /// The profiles the request body claimed (`meta.profile`), space-separated.
    pub profiles: String,
    /// JSON object of the request's headers, credentials left out.
    pub request_headers: String,
    pub request_body: Option<String>,
    pub status: i64,
    pub response_body: Option<String>,
    /// The validation OperationOutcome (JSON) of the request body.
    pub outcome: Option<String>,
    pub errors: i64,
    pub warnings: i64,
}

const COLUMNS: &str = "id, environment_id, organization_id, client_id, received_at, duration_us, \
     method, url, interaction, resource_type, resource_id, profiles, request_headers, request_body, \
     status, response_body, outcome, errors, warnings";

fn from_row(row: &AnyRow) -> Result<Message, StoreError> {
    Ok(Message {
        id: row.try_get("id")?,
        environment_id: row.try_get("environment_id")?,
        organization_id: row.try_get("organization_id")?,
        client_id: row.try_get("client_id")?,
        received_at: row.try_get("received_at")?,
        duration_us: row.try_get("duration_us")?,
        method: row.try_get("method")?,
        url: row.try_get("url")?,
        interaction: row.try_get("interaction")?,
        resource_type: row.try_get("resource_type")?,
        resource_id: row.try_get("resource_id")?,
        profiles: row.try_get("profiles")?,
        request_headers: row.try_get("request_headers")?,
        request_body: row.try_get("request_body")?,
        status: row.try_get("status")?,
        response_body: row.try_get("response_body")?,
        outcome: row.try_get("outcome")?,
        errors: row.try_get("errors")?,
        warnings: row.try_get("warnings")?,
    })
}

/// Appends a message (its `id` is assigned here and returned).
pub async fn insert(tx: &mut Tx, message: &Message) -> Result<String, StoreError> {
    let id = new_id();
    sqlx::query(&format!(
        "INSERT INTO sandbox_messages ({COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, \
         $11, $12, $13, $14, $15, $16, $17, $18, $19)"
    ))
    .bind(&id)
    .bind(&message.environment_id)
    .bind(&message.organization_id)
    .bind(message.client_id.as_deref())
    .bind(message.received_at)
    .bind(message.duration_us)
    .bind(&message.method)
    .bind(&message.url)
    .bind(&message.interaction)
    .bind(message.resource_type.as_deref())
    .bind(message.resource_id.as_deref())
    .bind(&message.profiles)
    .bind(&message.request_headers)
    .bind(message.request_body.as_deref())
    .bind(message.status)
    .bind(message.response_body.as_deref())
    .bind(message.outcome.as_deref())
    .bind(message.errors)
    .bind(message.warnings)
    .execute(tx.conn())
    .await?;
    Ok(id)
}

/// What the log is filtered by.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct MessageFilter {
    pub resource_type: Option<String>,
    /// A profile the request claimed.
    pub profile: Option<String>,
    /// `errors` (validation errors or a 4xx/5xx status), `clean`, or any.
    pub outcome: Option<String>,
    pub from_ms: Option<i64>,
    pub to_ms: Option<i64>,
    /// Only messages received before this one (the next page).
    pub before: Option<(i64, String)>,
}

/// A page of an environment's log, newest first.
pub async fn list<'e, E>(
    executor: E,
    environment_id: &str,
    filter: &MessageFilter,
    limit: i64,
) -> Result<Vec<Message>, StoreError>
where
    E: Executor<'e, Database = Any>,
{
    let mut conditions = vec!["environment_id = $1".to_owned()];
    let mut texts: Vec<String> = Vec::new();
    let mut numbers: Vec<i64> = Vec::new();
    // Text parameters come first ($2…), then numbers, so that binding follows one order.
    if let Some(resource_type) = &filter.resource_type {
        texts.push(resource_type.clone());
        conditions.push(format!("resource_type = ${}", 1 + texts.len()));
    }
    if let Some(profile) = &filter.profile {
        texts.push(format!("%{profile}%"));
        conditions.push(format!("profiles LIKE ${}", 1 + texts.len()));
    }
    match filter.outcome.as_deref() {
        Some("errors") => conditions.push("(errors > 0 OR status >= 400)".to_owned()),
        Some("clean") => conditions.push("(errors = 0 AND status < 400)".to_owned()),
        _ => {}
    }
    let mut before_id = None;
    if let Some((at, id)) = &filter.before {
        texts.push(id.clone());
        before_id = Some(1 + texts.len());
        numbers.push(*at);
    }
    let first_number = 2 + texts.len();
    let mut next_number = first_number;
    if let Some(position) = before_id {
        conditions.push(format!(
            "(received_at < ${next_number} OR (received_at = ${next_number} AND id < ${position}))"
        ));
        next_number += 1;
    }
    if let Some(from) = filter.from_ms {
        numbers.push(from);
        conditions.push(format!("received_at >= ${next_number}"));
        next_number += 1;
    }
    if let Some(to) = filter.to_ms {
        numbers.push(to);
        conditions.push(format!("received_at < ${next_number}"));
        next_number += 1;
    }
    let sql = format!(
        "SELECT {COLUMNS} FROM sandbox_messages WHERE {} ORDER BY received_at DESC, id DESC LIMIT ${next_number}",
        conditions.join(" AND ")
    );
    let mut query = sqlx::query(&sql).bind(environment_id);
    for text in &texts {
        query = query.bind(text.as_str());
    }
    for number in &numbers {
        query = query.bind(*number);
    }
    let rows = query.bind(limit).fetch_all(executor).await?;
    rows.iter().map(from_row).collect()
}

pub async fn find<'e, E>(executor: E, environment_id: &str, id: &str) -> Result<Message, StoreError>
where
    E: Executor<'e, Database = Any>,
{
    let row = sqlx::query(&format!(
        "SELECT {COLUMNS} FROM sandbox_messages WHERE environment_id = $1 AND id = $2"
    ))
    .bind(environment_id)
    .bind(id)
    .fetch_optional(executor)
    .await?
    .ok_or(StoreError::NotFound)?;
    from_row(&row)
}

/// Deletes messages received before `before` (the program's retention).
pub async fn delete_before(tx: &mut Tx, before: i64) -> Result<u64, StoreError> {
    let deleted = sqlx::query("DELETE FROM sandbox_messages WHERE received_at < $1")
        .bind(before)
        .execute(tx.conn())
        .await?;
    Ok(deleted.rows_affected())
}
