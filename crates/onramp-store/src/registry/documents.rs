//! Uploaded evidence documents, kept in the database (`documents.content`; see ADR 0002) with
//! their SHA-256, who uploaded them and when. Listing never reads the content.

use sqlx::any::AnyRow;
use sqlx::{Any, Executor, Row};

use crate::platform::audit::AuditContext;
use crate::{new_id, StoreError, Tx};

/// A document's description, without its bytes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Document {
    pub id: String,
    pub organization_id: String,
    pub sha256: String,
    pub filename: String,
    pub content_type: String,
    pub size_bytes: i64,
    pub uploaded_by: Option<String>,
    pub uploaded_at: i64,
}

/// What to store.
#[derive(Clone, Copy, Debug)]
pub struct NewDocument<'a> {
    pub organization_id: &'a str,
    pub filename: &'a str,
    pub content_type: &'a str,
    pub content: &'a [u8],
}

pub async fn insert(
    tx: &mut Tx,
    context: &AuditContext,
    new: NewDocument<'_>,
) -> Result<Document, StoreError> {
    use sha2::Digest;
    let document = Document {
        id: new_id(),
        organization_id: new.organization_id.to_owned(),
        sha256: hex::encode(sha2::Sha256::digest(new.content)),
        filename: new.filename.to_owned(),
        content_type: new.content_type.to_owned(),
        size_bytes: i64::try_from(new.content.len()).unwrap_or(i64::MAX),
        uploaded_by: context.actor_id.clone(),
        uploaded_at: tx.now_ms(),
    };
    sqlx::query(
        "INSERT INTO documents (id, organization_id, sha256, filename, content_type, size_bytes, \
         content, uploaded_by, uploaded_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
    )
    .bind(&document.id)
    .bind(&document.organization_id)
    .bind(&document.sha256)
    .bind(&document.filename)
    .bind(&document.content_type)
    .bind(document.size_bytes)
    .bind(new.content.to_vec())
    .bind(document.uploaded_by.as_deref())
    .bind(document.uploaded_at)
    .execute(tx.conn())
    .await?;
    Ok(document)
}

const COLUMNS: &str =
    "id, organization_id, sha256, filename, content_type, size_bytes, uploaded_by, uploaded_at";

fn from_row(row: &AnyRow) -> Result<Document, StoreError> {
    Ok(Document {
        id: row.try_get("id")?,
        organization_id: row.try_get("organization_id")?,
        sha256: row.try_get("sha256")?,
        filename: row.try_get("filename")?,
        content_type: row.try_get("content_type")?,
        size_bytes: row.try_get("size_bytes")?,
        uploaded_by: row.try_get("uploaded_by")?,
        uploaded_at: row.try_get("uploaded_at")?,
    })
}

/// An organization's documents, oldest first.
pub async fn list<'c, E>(db: E, organization_id: &str) -> Result<Vec<Document>, StoreError>
where
    E: Executor<'c, Database = Any>,
{
    let rows = sqlx::query(&format!(
        "SELECT {COLUMNS} FROM documents WHERE organization_id = $1 ORDER BY uploaded_at, id"
    ))
    .bind(organization_id)
    .fetch_all(db)
    .await?;
    rows.iter().map(from_row).collect()
}

/// One document's description.
pub async fn find<'c, E>(db: E, id: &str) -> Result<Document, StoreError>
where
    E: Executor<'c, Database = Any>,
{
    let row = sqlx::query(&format!("SELECT {COLUMNS} FROM documents WHERE id = $1"))
        .bind(id)
        .fetch_one(db)
        .await?;
    from_row(&row)
}

/// One document with its bytes.
pub async fn content<'c, E>(db: E, id: &str) -> Result<(Document, Vec<u8>), StoreError>
where
    E: Executor<'c, Database = Any>,
{
    let row = sqlx::query(&format!(
        "SELECT {COLUMNS}, content FROM documents WHERE id = $1"
    ))
    .bind(id)
    .fetch_one(db)
    .await?;
    Ok((from_row(&row)?, row.try_get("content")?))
}
