//! A sandbox's FHIR resources: every version kept (`current` marks the latest; a delete is a
//! version without a body), and the search index of current versions, rewritten with each one.
//! Every statement names the environment: nothing here can reach another sandbox's rows.

use sqlx::any::AnyRow;
use sqlx::{Any, Executor, Row};

use crate::{StoreError, Tx};

/// One version of a resource.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StoredResource {
    pub resource_type: String,
    pub id: String,
    pub version: i64,
    pub deleted: bool,
    pub last_updated: i64,
    /// The JSON text; `None` for a delete.
    pub body: Option<String>,
}

const COLUMNS: &str = "resource_type, id, version, deleted, last_updated, body";

pub(super) fn from_row(row: &AnyRow) -> Result<StoredResource, StoreError> {
    let deleted: i64 = row.try_get("deleted")?;
    Ok(StoredResource {
        resource_type: row.try_get("resource_type")?,
        id: row.try_get("id")?,
        version: row.try_get("version")?,
        deleted: deleted != 0,
        last_updated: row.try_get("last_updated")?,
        body: row.try_get("body")?,
    })
}

/// One search-index row of a resource.
#[derive(Clone, Debug, PartialEq)]
pub enum IndexRow {
    Token {
        param: String,
        system: Option<String>,
        code: Option<String>,
        text: Option<String>,
    },
    String {
        param: String,
        normalized: String,
        exact: String,
    },
    Date {
        param: String,
        low_ms: i64,
        high_ms: i64,
    },
    Reference {
        param: String,
        target_type: Option<String>,
        target_id: Option<String>,
        url: String,
    },
    Number {
        param: String,
        value: f64,
        system: Option<String>,
        code: Option<String>,
    },
}

/// The latest version of a resource (perhaps a delete), if it ever existed.
pub async fn current<'e, E>(
    executor: E,
    environment_id: &str,
    resource_type: &str,
    id: &str,
) -> Result<Option<StoredResource>, StoreError>
where
    E: Executor<'e, Database = Any>,
{
    let row = sqlx::query(&format!(
        "SELECT {COLUMNS} FROM fhir_resources WHERE environment_id = $1 AND resource_type = $2 \
         AND id = $3 AND current = 1"
    ))
    .bind(environment_id)
    .bind(resource_type)
    .bind(id)
    .fetch_optional(executor)
    .await?;
    row.as_ref().map(from_row).transpose()
}

/// One version of a resource.
pub async fn version<'e, E>(
    executor: E,
    environment_id: &str,
    resource_type: &str,
    id: &str,
    version: i64,
) -> Result<Option<StoredResource>, StoreError>
where
    E: Executor<'e, Database = Any>,
{
    let row = sqlx::query(&format!(
        "SELECT {COLUMNS} FROM fhir_resources WHERE environment_id = $1 AND resource_type = $2 \
         AND id = $3 AND version = $4"
    ))
    .bind(environment_id)
    .bind(resource_type)
    .bind(id)
    .bind(version)
    .fetch_optional(executor)
    .await?;
    row.as_ref().map(from_row).transpose()
}

/// Stores a new version (`body` `None`: a delete) and replaces the resource's index rows with
/// `index` (none for a delete). The caller read the current version in the same `Tx` and gives
/// the next number; a concurrent writer of the same version makes this a conflict.
pub async fn insert_version(
    tx: &mut Tx,
    environment_id: &str,
    resource: &StoredResource,
    index: &[IndexRow],
) -> Result<(), StoreError> {
    sqlx::query(
        "UPDATE fhir_resources SET current = 0 WHERE environment_id = $1 AND resource_type = $2 \
         AND id = $3 AND current = 1",
    )
    .bind(environment_id)
    .bind(&resource.resource_type)
    .bind(&resource.id)
    .execute(tx.conn())
    .await?;
    sqlx::query(
        "INSERT INTO fhir_resources (environment_id, resource_type, id, version, current, deleted, \
         last_updated, body) VALUES ($1, $2, $3, $4, 1, $5, $6, $7)",
    )
    .bind(environment_id)
    .bind(&resource.resource_type)
    .bind(&resource.id)
    .bind(resource.version)
    .bind(i64::from(resource.deleted))
    .bind(resource.last_updated)
    .bind(resource.body.as_deref())
    .execute(tx.conn())
    .await?;
    replace_index(
        tx,
        environment_id,
        &resource.resource_type,
        &resource.id,
        index,
    )
    .await
}

const INDEX_TABLES: [&str; 5] = [
    "fhir_index_tokens",
    "fhir_index_strings",
    "fhir_index_dates",
    "fhir_index_references",
    "fhir_index_numbers",
];

async fn replace_index(
    tx: &mut Tx,
    environment_id: &str,
    resource_type: &str,
    id: &str,
    index: &[IndexRow],
) -> Result<(), StoreError> {
    for table in INDEX_TABLES {
        sqlx::query(&format!(
            "DELETE FROM {table} WHERE environment_id = $1 AND resource_type = $2 AND resource_id = $3"
        ))
        .bind(environment_id)
        .bind(resource_type)
        .bind(id)
        .execute(tx.conn())
        .await?;
    }
    for row in index {
        let statement = match row {
            IndexRow::Token {
                param,
                system,
                code,
                text,
            } => sqlx::query(
                "INSERT INTO fhir_index_tokens (environment_id, resource_type, resource_id, param, \
                 system, code, text) VALUES ($1, $2, $3, $4, $5, $6, $7)",
            )
            .bind(environment_id)
            .bind(resource_type)
            .bind(id)
            .bind(param.as_str())
            .bind(system.as_deref())
            .bind(code.as_deref())
            .bind(text.as_deref()),
            IndexRow::String {
                param,
                normalized,
                exact,
            } => sqlx::query(
                "INSERT INTO fhir_index_strings (environment_id, resource_type, resource_id, param, \
                 normalized, exact) VALUES ($1, $2, $3, $4, $5, $6)",
            )
            .bind(environment_id)
            .bind(resource_type)
            .bind(id)
            .bind(param.as_str())
            .bind(normalized.as_str())
            .bind(exact.as_str()),
            IndexRow::Date {
                param,
                low_ms,
                high_ms,
            } => sqlx::query(
                "INSERT INTO fhir_index_dates (environment_id, resource_type, resource_id, param, \
                 low_ms, high_ms) VALUES ($1, $2, $3, $4, $5, $6)",
            )
            .bind(environment_id)
            .bind(resource_type)
            .bind(id)
            .bind(param.as_str())
            .bind(*low_ms)
            .bind(*high_ms),
            IndexRow::Reference {
                param,
                target_type,
                target_id,
                url,
            } => sqlx::query(
                "INSERT INTO fhir_index_references (environment_id, resource_type, resource_id, \
                 param, target_type, target_id, url) VALUES ($1, $2, $3, $4, $5, $6, $7)",
            )
            .bind(environment_id)
            .bind(resource_type)
            .bind(id)
            .bind(param.as_str())
            .bind(target_type.as_deref())
            .bind(target_id.as_deref())
            .bind(url.as_str()),
            IndexRow::Number {
                param,
                value,
                system,
                code,
            } => sqlx::query(
                "INSERT INTO fhir_index_numbers (environment_id, resource_type, resource_id, param, \
                 value, system, code) VALUES ($1, $2, $3, $4, $5, $6, $7)",
            )
            .bind(environment_id)
            .bind(resource_type)
            .bind(id)
            .bind(param.as_str())
            .bind(*value)
            .bind(system.as_deref())
            .bind(code.as_deref()),
        };
        statement.execute(tx.conn()).await?;
    }
    Ok(())
}

/// Which history: of one resource, of a type, or of the whole sandbox.
#[derive(Clone, Copy, Debug)]
pub struct HistoryScope<'a> {
    pub resource_type: Option<&'a str>,
    pub id: Option<&'a str>,
    /// Only versions written at or after this time (`_since`).
    pub since: Option<i64>,
}

fn history_where(scope: &HistoryScope<'_>) -> String {
    let mut clauses = vec!["environment_id = $1".to_owned()];
    let mut next = 2;
    if scope.resource_type.is_some() {
        clauses.push(format!("resource_type = ${next}"));
        next += 1;
    }
    if scope.id.is_some() {
        clauses.push(format!("id = ${next}"));
        next += 1;
    }
    if scope.since.is_some() {
        clauses.push(format!("last_updated >= ${next}"));
    }
    clauses.join(" AND ")
}

/// Versions newest first, `limit` from `offset`.
pub async fn history<'e, E>(
    executor: E,
    environment_id: &str,
    scope: HistoryScope<'_>,
    limit: i64,
    offset: i64,
) -> Result<Vec<StoredResource>, StoreError>
where
    E: Executor<'e, Database = Any>,
{
    let filter = history_where(&scope);
    let placeholders = 2 + [
        scope.resource_type.is_some(),
        scope.id.is_some(),
        scope.since.is_some(),
    ]
    .iter()
    .filter(|&&present| present)
    .count();
    let sql = format!(
        "SELECT {COLUMNS} FROM fhir_resources WHERE {filter} \
         ORDER BY last_updated DESC, resource_type, id, version DESC LIMIT ${placeholders} OFFSET ${}",
        placeholders + 1
    );
    let mut query = sqlx::query(&sql).bind(environment_id);
    if let Some(resource_type) = scope.resource_type {
        query = query.bind(resource_type);
    }
    if let Some(id) = scope.id {
        query = query.bind(id);
    }
    if let Some(since) = scope.since {
        query = query.bind(since);
    }
    let rows = query.bind(limit).bind(offset).fetch_all(executor).await?;
    rows.iter().map(from_row).collect()
}

/// How many versions a history holds.
pub async fn count_history<'e, E>(
    executor: E,
    environment_id: &str,
    scope: HistoryScope<'_>,
) -> Result<i64, StoreError>
where
    E: Executor<'e, Database = Any>,
{
    let sql = format!(
        "SELECT COUNT(*) FROM fhir_resources WHERE {}",
        history_where(&scope)
    );
    let mut query = sqlx::query_scalar(&sql).bind(environment_id);
    if let Some(resource_type) = scope.resource_type {
        query = query.bind(resource_type);
    }
    if let Some(id) = scope.id {
        query = query.bind(id);
    }
    if let Some(since) = scope.since {
        query = query.bind(since);
    }
    Ok(query.fetch_one(executor).await?)
}

/// Current (not deleted) resources by type and id, for `_include` and reference checks.
pub async fn current_many<'e, E>(
    executor: E,
    environment_id: &str,
    keys: &[(String, String)],
) -> Result<Vec<StoredResource>, StoreError>
where
    E: Executor<'e, Database = Any>,
{
    if keys.is_empty() {
        return Ok(Vec::new());
    }
    let mut clauses = Vec::new();
    for index in 0..keys.len() {
        clauses.push(format!(
            "(resource_type = ${} AND id = ${})",
            2 + index * 2,
            3 + index * 2
        ));
    }
    let sql = format!(
        "SELECT {COLUMNS} FROM fhir_resources WHERE environment_id = $1 AND current = 1 \
         AND deleted = 0 AND ({})",
        clauses.join(" OR ")
    );
    let mut query = sqlx::query(&sql).bind(environment_id);
    for (resource_type, id) in keys {
        query = query.bind(resource_type.as_str()).bind(id.as_str());
    }
    let rows = query.fetch_all(executor).await?;
    rows.iter().map(from_row).collect()
}

/// Empties a sandbox: every version and index row (a reset before seed data is loaded again).
pub async fn clear(tx: &mut Tx, environment_id: &str) -> Result<u64, StoreError> {
    for table in INDEX_TABLES {
        sqlx::query(&format!("DELETE FROM {table} WHERE environment_id = $1"))
            .bind(environment_id)
            .execute(tx.conn())
            .await?;
    }
    let deleted = sqlx::query("DELETE FROM fhir_resources WHERE environment_id = $1")
        .bind(environment_id)
        .execute(tx.conn())
        .await?;
    Ok(deleted.rows_affected())
}

/// How many current resources a sandbox holds, per type.
pub async fn counts_by_type<'e, E>(
    executor: E,
    environment_id: &str,
) -> Result<Vec<(String, i64)>, StoreError>
where
    E: Executor<'e, Database = Any>,
{
    let rows = sqlx::query(
        "SELECT resource_type, COUNT(*) AS n FROM fhir_resources WHERE environment_id = $1 \
         AND current = 1 AND deleted = 0 GROUP BY resource_type ORDER BY resource_type",
    )
    .bind(environment_id)
    .fetch_all(executor)
    .await?;
    rows.iter()
        .map(|row| Ok((row.try_get("resource_type")?, row.try_get("n")?)))
        .collect()
}
