//! A course's images and attachments: stored in the database with their SHA-256, named within
//! their course, never replaced. Listing never reads the content.

use sha2::Digest as _;
use sqlx::any::AnyRow;
use sqlx::{Any, Executor, Row};

use crate::{new_id, StoreError, Tx};

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CourseFile {
    pub id: String,
    pub course_key: String,
    pub filename: String,
    pub content_type: String,
    pub size_bytes: i64,
    pub sha256: String,
    pub uploaded_by: Option<String>,
    pub uploaded_at: i64,
}

const COLUMNS: &str =
    "id, course_key, filename, content_type, size_bytes, sha256, uploaded_by, uploaded_at";

fn from_row(row: &AnyRow) -> Result<CourseFile, StoreError> {
    Ok(CourseFile {
        id: row.try_get("id")?,
        course_key: row.try_get("course_key")?,
        filename: row.try_get("filename")?,
        content_type: row.try_get("content_type")?,
        size_bytes: row.try_get("size_bytes")?,
        sha256: row.try_get("sha256")?,
        uploaded_by: row.try_get("uploaded_by")?,
        uploaded_at: row.try_get("uploaded_at")?,
    })
}

/// Stores a file of a course; `Conflict` when the course already has a file of that name.
pub async fn insert(
    tx: &mut Tx,
    course_key: &str,
    filename: &str,
    content_type: &str,
    content: &[u8],
    uploaded_by: Option<&str>,
) -> Result<CourseFile, StoreError> {
    let id = new_id();
    let now = tx.now_ms();
    sqlx::query(
        "INSERT INTO training_files (id, course_key, filename, content_type, size_bytes, sha256, \
         content, uploaded_by, uploaded_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
    )
    .bind(&id)
    .bind(course_key)
    .bind(filename)
    .bind(content_type)
    .bind(i64::try_from(content.len()).unwrap_or(i64::MAX))
    .bind(hex::encode(sha2::Sha256::digest(content)))
    .bind(content.to_vec())
    .bind(uploaded_by)
    .bind(now)
    .execute(tx.conn())
    .await?;
    let row = sqlx::query(&format!(
        "SELECT {COLUMNS} FROM training_files WHERE id = $1"
    ))
    .bind(&id)
    .fetch_one(tx.conn())
    .await?;
    from_row(&row)
}

/// A course's files, by name.
pub async fn of_course<'e, E>(executor: E, course_key: &str) -> Result<Vec<CourseFile>, StoreError>
where
    E: Executor<'e, Database = Any>,
{
    let rows = sqlx::query(&format!(
        "SELECT {COLUMNS} FROM training_files WHERE course_key = $1 ORDER BY filename"
    ))
    .bind(course_key)
    .fetch_all(executor)
    .await?;
    rows.iter().map(from_row).collect()
}

/// One file of a course with its bytes.
pub async fn content<'e, E>(
    executor: E,
    course_key: &str,
    filename: &str,
) -> Result<(CourseFile, Vec<u8>), StoreError>
where
    E: Executor<'e, Database = Any>,
{
    let row = sqlx::query(&format!(
        "SELECT {COLUMNS}, content FROM training_files WHERE course_key = $1 AND filename = $2"
    ))
    .bind(course_key)
    .bind(filename)
    .fetch_optional(executor)
    .await?
    .ok_or(StoreError::NotFound)?;
    Ok((from_row(&row)?, row.try_get("content")?))
}
