//! An enrollment's risk register: risks from the track's templates, raised from signals, or
//! added by people; each with its likelihood × impact, owner, mitigation, status and review date.

use sqlx::any::AnyRow;
use sqlx::{Any, Executor, Row};

use crate::{new_id, StoreError, Tx};

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Risk {
    pub id: String,
    pub enrollment_id: String,
    /// The template's key, or `signal:…` for a signal's risk.
    pub risk_key: String,
    /// `template`, `signal` or `manual`.
    pub source: String,
    pub title: String,
    pub likelihood: i64,
    pub impact: i64,
    pub owner_id: Option<String>,
    pub mitigation: String,
    /// `open`, `mitigating` or `closed`.
    pub status: String,
    pub review_on: Option<String>,
    pub created_at: i64,
    pub closed_at: Option<i64>,
}

const COLUMNS: &str = "id, enrollment_id, risk_key, source, title, likelihood, impact, owner_id, \
     mitigation, status, review_on, created_at, closed_at";

fn from_row(row: &AnyRow) -> Result<Risk, StoreError> {
    Ok(Risk {
        id: row.try_get("id")?,
        enrollment_id: row.try_get("enrollment_id")?,
        risk_key: row.try_get("risk_key")?,
        source: row.try_get("source")?,
        title: row.try_get("title")?,
        likelihood: row.try_get("likelihood")?,
        impact: row.try_get("impact")?,
        owner_id: row.try_get("owner_id")?,
        mitigation: row.try_get("mitigation")?,
        status: row.try_get("status")?,
        review_on: row.try_get("review_on")?,
        created_at: row.try_get("created_at")?,
        closed_at: row.try_get("closed_at")?,
    })
}

/// What a new risk records.
#[derive(Clone, Copy, Debug)]
pub struct NewRisk<'a> {
    pub risk_key: &'a str,
    pub source: &'a str,
    pub title: &'a str,
    pub likelihood: i64,
    pub impact: i64,
    pub mitigation: &'a str,
}

/// Adds a risk to the register, open; a key the register has already is opened again (a signal
/// that returns) and keeps its id.
pub async fn open(tx: &mut Tx, enrollment_id: &str, new: NewRisk<'_>) -> Result<(), StoreError> {
    let now = tx.now_ms();
    let reopened = sqlx::query(
        "UPDATE enrollment_risks SET status = 'open', title = $1, closed_at = NULL \
         WHERE enrollment_id = $2 AND risk_key = $3",
    )
    .bind(new.title)
    .bind(enrollment_id)
    .bind(new.risk_key)
    .execute(tx.conn())
    .await?;
    if reopened.rows_affected() > 0 {
        return Ok(());
    }
    sqlx::query(
        "INSERT INTO enrollment_risks (id, enrollment_id, risk_key, source, title, likelihood, \
         impact, mitigation, status, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 'open', $9)",
    )
    .bind(new_id())
    .bind(enrollment_id)
    .bind(new.risk_key)
    .bind(new.source)
    .bind(new.title)
    .bind(new.likelihood)
    .bind(new.impact)
    .bind(new.mitigation)
    .bind(now)
    .execute(tx.conn())
    .await?;
    Ok(())
}

/// Closes an open risk by key.
pub async fn close(tx: &mut Tx, enrollment_id: &str, risk_key: &str) -> Result<(), StoreError> {
    sqlx::query(
        "UPDATE enrollment_risks SET status = 'closed', closed_at = $1 \
         WHERE enrollment_id = $2 AND risk_key = $3 AND status <> 'closed'",
    )
    .bind(tx.now_ms())
    .bind(enrollment_id)
    .bind(risk_key)
    .execute(tx.conn())
    .await?;
    Ok(())
}

/// The register, highest score first, closed ones last.
pub async fn of_enrollment<'c, E>(db: E, enrollment_id: &str) -> Result<Vec<Risk>, StoreError>
where
    E: Executor<'c, Database = Any>,
{
    let rows = sqlx::query(&format!(
        "SELECT {COLUMNS} FROM enrollment_risks WHERE enrollment_id = $1 \
         ORDER BY CASE WHEN status = 'closed' THEN 1 ELSE 0 END, likelihood * impact DESC, risk_key"
    ))
    .bind(enrollment_id)
    .fetch_all(db)
    .await?;
    rows.iter().map(from_row).collect()
}

/// Adds a risk a person wrote (source `manual`), as `risk` describes it; returns its id.
pub async fn add(
    tx: &mut Tx,
    enrollment_id: &str,
    risk_key: &str,
    title: &str,
    risk: &RiskUpdate<'_>,
) -> Result<String, StoreError> {
    let id = new_id();
    let now = tx.now_ms();
    sqlx::query(
        "INSERT INTO enrollment_risks (id, enrollment_id, risk_key, source, title, likelihood, \
         impact, owner_id, mitigation, status, review_on, created_at, closed_at) \
         VALUES ($1, $2, $3, 'manual', $4, $5, $6, $7, $8, $9, $10, $11, $12)",
    )
    .bind(&id)
    .bind(enrollment_id)
    .bind(risk_key)
    .bind(title)
    .bind(risk.likelihood)
    .bind(risk.impact)
    .bind(risk.owner_id)
    .bind(risk.mitigation)
    .bind(risk.status)
    .bind(risk.review_on)
    .bind(now)
    .bind((risk.status == "closed").then_some(now))
    .execute(tx.conn())
    .await?;
    Ok(id)
}

pub async fn find<'c, E>(db: E, enrollment_id: &str, id: &str) -> Result<Risk, StoreError>
where
    E: Executor<'c, Database = Any>,
{
    let row = sqlx::query(&format!(
        "SELECT {COLUMNS} FROM enrollment_risks WHERE enrollment_id = $1 AND id = $2"
    ))
    .bind(enrollment_id)
    .bind(id)
    .fetch_optional(db)
    .await?
    .ok_or(StoreError::NotFound)?;
    from_row(&row)
}

/// What a person may change on a risk.
#[derive(Clone, Debug)]
pub struct RiskUpdate<'a> {
    pub likelihood: i64,
    pub impact: i64,
    pub mitigation: &'a str,
    pub status: &'a str,
    pub owner_id: Option<&'a str>,
    pub review_on: Option<&'a str>,
}

pub async fn update(
    tx: &mut Tx,
    enrollment_id: &str,
    id: &str,
    update: &RiskUpdate<'_>,
) -> Result<(), StoreError> {
    let closing = update.status == "closed";
    let result = sqlx::query(
        "UPDATE enrollment_risks SET likelihood = $1, impact = $2, mitigation = $3, status = $4, \
         owner_id = $5, review_on = $6, \
         closed_at = CASE WHEN $7 = 1 THEN COALESCE(closed_at, $8) ELSE NULL END \
         WHERE enrollment_id = $9 AND id = $10",
    )
    .bind(update.likelihood)
    .bind(update.impact)
    .bind(update.mitigation)
    .bind(update.status)
    .bind(update.owner_id)
    .bind(update.review_on)
    .bind(i64::from(closing))
    .bind(tx.now_ms())
    .bind(enrollment_id)
    .bind(id)
    .execute(tx.conn())
    .await?;
    if result.rows_affected() == 0 {
        return Err(StoreError::NotFound);
    }
    Ok(())
}
