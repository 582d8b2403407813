//! Suite versions: each a row, never edited; a new version of a key is the next number.

use sqlx::any::AnyRow;
use sqlx::{Any, Executor, Row};

use crate::{new_id, StoreError, Tx};

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Suite {
    pub id: String,
    pub key: String,
    pub version: i64,
    pub track_key: String,
    pub title: String,
    /// The suite document (JSON), scripts from packages copied in.
    pub document: String,
    /// `NAME#VERSION`, R4 core first.
    pub packages: Vec<String>,
    pub created_by: Option<String>,
    pub created_at: i64,
}

const COLUMNS: &str =
    "id, suite_key, version, track_key, title, document, packages, created_by, created_at";

fn from_row(row: &AnyRow) -> Result<Suite, StoreError> {
    let packages: String = row.try_get("packages")?;
    Ok(Suite {
        id: row.try_get("id")?,
        key: row.try_get("suite_key")?,
        version: row.try_get("version")?,
        track_key: row.try_get("track_key")?,
        title: row.try_get("title")?,
        document: row.try_get("document")?,
        packages: packages.split_whitespace().map(str::to_owned).collect(),
        created_by: row.try_get("created_by")?,
        created_at: row.try_get("created_at")?,
    })
}

/// What a new version records.
#[derive(Clone, Copy, Debug)]
pub struct NewSuite<'a> {
    pub key: &'a str,
    pub track_key: &'a str,
    pub title: &'a str,
    pub document: &'a str,
    pub packages: &'a [String],
    pub created_by: Option<&'a str>,
}

/// Stores the next version of `new.key` (1 for a new key).
pub async fn insert(tx: &mut Tx, new: NewSuite<'_>) -> Result<Suite, StoreError> {
    let id = new_id();
    let now = tx.now_ms();
    let latest: Option<i64> =
        sqlx::query_scalar("SELECT MAX(version) FROM conformance_suites WHERE suite_key = $1")
            .bind(new.key)
            .fetch_one(tx.conn())
            .await?;
    let version = latest.unwrap_or(0) + 1;
    sqlx::query(
        "INSERT INTO conformance_suites (id, suite_key, version, track_key, title, document, \
         packages, created_by, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
    )
    .bind(&id)
    .bind(new.key)
    .bind(version)
    .bind(new.track_key)
    .bind(new.title)
    .bind(new.document)
    .bind(new.packages.join(" "))
    .bind(new.created_by)
    .bind(now)
    .execute(tx.conn())
    .await?;
    find(tx.conn(), &id).await
}

pub async fn find<'e, E>(executor: E, id: &str) -> Result<Suite, StoreError>
where
    E: Executor<'e, Database = Any>,
{
    let row = sqlx::query(&format!(
        "SELECT {COLUMNS} FROM conformance_suites WHERE id = $1"
    ))
    .bind(id)
    .fetch_optional(executor)
    .await?
    .ok_or(StoreError::NotFound)?;
    from_row(&row)
}

/// A version of a key: the given one, or the latest.
pub async fn find_version<'e, E>(
    executor: E,
    key: &str,
    version: Option<i64>,
) -> Result<Suite, StoreError>
where
    E: Executor<'e, Database = Any>,
{
    let row = sqlx::query(&format!(
        "SELECT {COLUMNS} FROM conformance_suites WHERE suite_key = $1 AND ($2 = 0 OR version = $2) \
         ORDER BY version DESC LIMIT 1"
    ))
    .bind(key)
    .bind(version.unwrap_or(0))
    .fetch_optional(executor)
    .await?
    .ok_or(StoreError::NotFound)?;
    from_row(&row)
}

/// The latest version of every suite (of one track, when given), by key.
pub async fn latest<'e, E>(executor: E, track_key: Option<&str>) -> Result<Vec<Suite>, StoreError>
where
    E: Executor<'e, Database = Any>,
{
    let rows = sqlx::query(&format!(
        "SELECT {COLUMNS} FROM conformance_suites s WHERE version = \
         (SELECT MAX(version) FROM conformance_suites l WHERE l.suite_key = s.suite_key) \
         AND ($1 = '' OR track_key = $1) ORDER BY suite_key"
    ))
    .bind(track_key.unwrap_or_default())
    .fetch_all(executor)
    .await?;
    rows.iter().map(from_row).collect()
}

/// Every version of a key, newest first.
pub async fn versions<'e, E>(executor: E, key: &str) -> Result<Vec<Suite>, StoreError>
where
    E: Executor<'e, Database = Any>,
{
    let rows = sqlx::query(&format!(
        "SELECT {COLUMNS} FROM conformance_suites WHERE suite_key = $1 ORDER BY version DESC"
    ))
    .bind(key)
    .fetch_all(executor)
    .await?;
    rows.iter().map(from_row).collect()
}
