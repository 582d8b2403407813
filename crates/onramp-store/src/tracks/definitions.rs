//! Track versions: the TOML source as written, its SHA-256, who uploaded it. A version is never
//! changed; a new upload is the next version of its track.

use sqlx::any::AnyRow;
use sqlx::{Any, Executor, Row};

use crate::{new_id, StoreError, Tx};

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TrackVersion {
    pub id: String,
    pub track_key: String,
    pub version: i64,
    pub name: String,
    pub source: String,
    pub sha256: String,
    pub built_in: bool,
    pub uploaded_by: Option<String>,
    pub created_at: i64,
}

const COLUMNS: &str =
    "id, track_key, version, name, source, sha256, built_in, uploaded_by, created_at";

fn from_row(row: &AnyRow) -> Result<TrackVersion, StoreError> {
    Ok(TrackVersion {
        id: row.try_get("id")?,
        track_key: row.try_get("track_key")?,
        version: row.try_get("version")?,
        name: row.try_get("name")?,
        source: row.try_get("source")?,
        sha256: row.try_get("sha256")?,
        built_in: row.try_get::<i64, _>("built_in")? != 0,
        uploaded_by: row.try_get("uploaded_by")?,
        created_at: row.try_get("created_at")?,
    })
}

/// What a new version records.
#[derive(Clone, Copy, Debug)]
pub struct NewVersion<'a> {
    pub track_key: &'a str,
    pub version: i64,
    pub name: &'a str,
    pub source: &'a str,
    pub built_in: bool,
    pub uploaded_by: Option<&'a str>,
}

/// Stores a version. A version number its track has already is [`StoreError::Conflict`].
pub async fn insert(tx: &mut Tx, new: NewVersion<'_>) -> Result<TrackVersion, StoreError> {
    use sha2::Digest;
    let exists = sqlx::query("SELECT id FROM track_versions WHERE track_key = $1 AND version = $2")
        .bind(new.track_key)
        .bind(new.version)
        .fetch_optional(tx.conn())
        .await?;
    if exists.is_some() {
        return Err(StoreError::Conflict(format!(
            "track `{}` already has a version {}",
            new.track_key, new.version
        )));
    }
    let id = new_id();
    sqlx::query(
        "INSERT INTO track_versions (id, track_key, version, name, source, sha256, built_in, \
         uploaded_by, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
    )
    .bind(&id)
    .bind(new.track_key)
    .bind(new.version)
    .bind(new.name)
    .bind(new.source)
    .bind(hex::encode(sha2::Sha256::digest(new.source.as_bytes())))
    .bind(i64::from(new.built_in))
    .bind(new.uploaded_by)
    .bind(tx.now_ms())
    .execute(tx.conn())
    .await?;
    find(tx.conn(), &id).await
}

pub async fn find<'c, E>(db: E, id: &str) -> Result<TrackVersion, StoreError>
where
    E: Executor<'c, Database = Any>,
{
    let row = sqlx::query(&format!(
        "SELECT {COLUMNS} FROM track_versions WHERE id = $1"
    ))
    .bind(id)
    .fetch_optional(db)
    .await?
    .ok_or(StoreError::NotFound)?;
    from_row(&row)
}

/// The newest version of a track.
pub async fn latest<'c, E>(db: E, track_key: &str) -> Result<TrackVersion, StoreError>
where
    E: Executor<'c, Database = Any>,
{
    let row = sqlx::query(&format!(
        "SELECT {COLUMNS} FROM track_versions WHERE track_key = $1 ORDER BY version DESC LIMIT 1"
    ))
    .bind(track_key)
    .fetch_optional(db)
    .await?
    .ok_or(StoreError::NotFound)?;
    from_row(&row)
}

/// The newest version of every track, by name.
pub async fn list_latest<'c, E>(db: E) -> Result<Vec<TrackVersion>, StoreError>
where
    E: Executor<'c, Database = Any>,
{
    let rows = sqlx::query(&format!(
        "SELECT {COLUMNS} FROM track_versions v WHERE version = \
         (SELECT MAX(version) FROM track_versions w WHERE w.track_key = v.track_key) \
         ORDER BY name, track_key"
    ))
    .fetch_all(db)
    .await?;
    rows.iter().map(from_row).collect()
}

/// Every version of a track, newest first.
pub async fn versions<'c, E>(db: E, track_key: &str) -> Result<Vec<TrackVersion>, StoreError>
where
    E: Executor<'c, Database = Any>,
{
    let rows = sqlx::query(&format!(
        "SELECT {COLUMNS} FROM track_versions WHERE track_key = $1 ORDER BY version DESC"
    ))
    .bind(track_key)
    .fetch_all(db)
    .await?;
    rows.iter().map(from_row).collect()
}
