//! Course versions: each a row, never edited; a new version of a key is the next number.

use sqlx::any::AnyRow;
use sqlx::{Any, Executor, Row};

use crate::{new_id, StoreError, Tx};

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Course {
    pub id: String,
    pub key: String,
    pub version: i64,
    pub title: String,
    /// The course document (JSON).
    pub document: String,
    pub certification: bool,
    pub created_by: Option<String>,
    pub created_at: i64,
}

const COLUMNS: &str =
    "id, course_key, version, title, document, certification, created_by, created_at";

fn from_row(row: &AnyRow) -> Result<Course, StoreError> {
    Ok(Course {
        id: row.try_get("id")?,
        key: row.try_get("course_key")?,
        version: row.try_get("version")?,
        title: row.try_get("title")?,
        document: row.try_get("document")?,
        certification: row.try_get::<i64, _>("certification")? != 0,
        created_by: row.try_get("created_by")?,
        created_at: row.try_get("created_at")?,
    })
}

/// What a new version records.
#[derive(Clone, Copy, Debug)]
pub struct NewCourse<'a> {
    pub key: &'a str,
    pub title: &'a str,
    pub document: &'a str,
    pub certification: bool,
    pub created_by: Option<&'a str>,
}

/// Stores the next version of `new.key` (1 for a new key).
pub async fn insert(tx: &mut Tx, new: NewCourse<'_>) -> Result<Course, StoreError> {
    let id = new_id();
    let now = tx.now_ms();
    let latest: Option<i64> =
        sqlx::query_scalar("SELECT MAX(version) FROM training_courses WHERE course_key = $1")
            .bind(new.key)
            .fetch_one(tx.conn())
            .await?;
    let version = latest.unwrap_or(0) + 1;
    sqlx::query(
        "INSERT INTO training_courses (id, course_key, version, title, document, certification, \
         created_by, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
    )
    .bind(&id)
    .bind(new.key)
    .bind(version)
    .bind(new.title)
    .bind(new.document)
    .bind(i64::from(new.certification))
    .bind(new.created_by)
    .bind(now)
    .execute(tx.conn())
    .await?;
    find(tx.conn(), &id).await
}

pub async fn find<'e, E>(executor: E, id: &str) -> Result<Course, StoreError>
where
    E: Executor<'e, Database = Any>,
{
    let row = sqlx::query(&format!(
        "SELECT {COLUMNS} FROM training_courses WHERE id = $1"
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
) -> Result<Course, StoreError>
where
    E: Executor<'e, Database = Any>,
{
    let row = sqlx::query(&format!(
        "SELECT {COLUMNS} FROM training_courses WHERE course_key = $1 AND ($2 = 0 OR version = $2) \
         ORDER BY version DESC LIMIT 1"
    ))
    .bind(key)
    .bind(version.unwrap_or(0))
    .fetch_optional(executor)
    .await?
    .ok_or(StoreError::NotFound)?;
    from_row(&row)
}

/// The latest version of every course, by key.
pub async fn latest<'e, E>(executor: E) -> Result<Vec<Course>, StoreError>
where
    E: Executor<'e, Database = Any>,
{
    let rows = sqlx::query(&format!(
        "SELECT {COLUMNS} FROM training_courses c WHERE version = \
         (SELECT MAX(version) FROM training_courses l WHERE l.course_key = c.course_key) \
         ORDER BY title, course_key"
    ))
    .fetch_all(executor)
    .await?;
    rows.iter().map(from_row).collect()
}

/// Every version of a key, newest first.
pub async fn versions<'e, E>(executor: E, key: &str) -> Result<Vec<Course>, StoreError>
where
    E: Executor<'e, Database = Any>,
{
    let rows = sqlx::query(&format!(
        "SELECT {COLUMNS} FROM training_courses WHERE course_key = $1 ORDER BY version DESC"
    ))
    .bind(key)
    .fetch_all(executor)
    .await?;
    rows.iter().map(from_row).collect()
}
