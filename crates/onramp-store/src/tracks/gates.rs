//! An enrollment's gates as last evaluated — status, how many conditions are missing, since when
//! blocked, the override — and the evidence people gave them: attestations of a step's checklist,
//! approvals with a reason, documents of a kind and their acceptance.

use sqlx::any::AnyRow;
use sqlx::{Any, Executor, Row};

use crate::{new_id, StoreError, Tx};

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct GateRecord {
    pub enrollment_id: String,
    pub gate_key: String,
    pub status: String,
    pub missing: i64,
    pub blocked_since: Option<i64>,
    pub changed_at: i64,
    pub override_reason: Option<String>,
    pub overridden_by: Option<String>,
    pub overridden_at: Option<i64>,
}

fn gate_from_row(row: &AnyRow) -> Result<GateRecord, StoreError> {
    Ok(GateRecord {
        enrollment_id: row.try_get("enrollment_id")?,
        gate_key: row.try_get("gate_key")?,
        status: row.try_get("status")?,
        missing: row.try_get("missing")?,
        blocked_since: row.try_get("blocked_since")?,
        changed_at: row.try_get("changed_at")?,
        override_reason: row.try_get("override_reason")?,
        overridden_by: row.try_get("overridden_by")?,
        overridden_at: row.try_get("overridden_at")?,
    })
}

/// An enrollment's gates, by key.
pub async fn of_enrollment<'c, E>(db: E, enrollment_id: &str) -> Result<Vec<GateRecord>, StoreError>
where
    E: Executor<'c, Database = Any>,
{
    let rows = sqlx::query(
        "SELECT enrollment_id, gate_key, status, missing, blocked_since, changed_at, \
         override_reason, overridden_by, overridden_at FROM enrollment_gates \
         WHERE enrollment_id = $1 ORDER BY gate_key",
    )
    .bind(enrollment_id)
    .fetch_all(db)
    .await?;
    rows.iter().map(gate_from_row).collect()
}

/// Stores a gate's evaluation; `blocked_since` is kept while it stays blocked.
pub async fn upsert(
    tx: &mut Tx,
    enrollment_id: &str,
    gate_key: &str,
    status: &str,
    missing: i64,
) -> Result<(), StoreError> {
    let now = tx.now_ms();
    let blocked_since = (status == "blocked").then_some(now);
    let updated = sqlx::query(
        "UPDATE enrollment_gates SET status = $1, missing = $2, changed_at = $3, \
         blocked_since = CASE WHEN $1 = 'blocked' THEN COALESCE(blocked_since, $3) ELSE NULL END \
         WHERE enrollment_id = $4 AND gate_key = $5",
    )
    .bind(status)
    .bind(missing)
    .bind(now)
    .bind(enrollment_id)
    .bind(gate_key)
    .execute(tx.conn())
    .await?;
    if updated.rows_affected() == 0 {
        sqlx::query(
            "INSERT INTO enrollment_gates (enrollment_id, gate_key, status, missing, \
             blocked_since, changed_at) VALUES ($1, $2, $3, $4, $5, $6)",
        )
        .bind(enrollment_id)
        .bind(gate_key)
        .bind(status)
        .bind(missing)
        .bind(blocked_since)
        .bind(now)
        .execute(tx.conn())
        .await?;
    }
    Ok(())
}

/// Records an override (or, with `None`, withdraws it).
pub async fn set_override(
    tx: &mut Tx,
    enrollment_id: &str,
    gate_key: &str,
    reason: Option<&str>,
    by: Option<&str>,
) -> Result<(), StoreError> {
    let now = tx.now_ms();
    let result = sqlx::query(
        "UPDATE enrollment_gates SET override_reason = $1, overridden_by = $2, overridden_at = $3 \
         WHERE enrollment_id = $4 AND gate_key = $5",
    )
    .bind(reason)
    .bind(by)
    .bind(reason.map(|_| now))
    .bind(enrollment_id)
    .bind(gate_key)
    .execute(tx.conn())
    .await?;
    if result.rows_affected() == 0 {
        return Err(StoreError::NotFound);
    }
    Ok(())
}

/// Evidence given to an enrollment.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EvidenceRecord {
    pub id: String,
    pub enrollment_id: String,
    /// `attestation`, `approval` or `document`.
    pub kind: String,
    /// The checklist (a step key), the gate key, or the document kind.
    pub subject: String,
    /// The role of the person who gave it.
    pub role: String,
    pub user_id: Option<String>,
    pub user_label: String,
    /// The reason of an approval, the attested items (one per line), a document's file name.
    pub detail: String,
    pub document_id: Option<String>,
    pub accepted_at: Option<i64>,
    pub accepted_by: Option<String>,
    pub created_at: i64,
}

/// What new evidence records.
#[derive(Clone, Copy, Debug)]
pub struct NewEvidence<'a> {
    pub enrollment_id: &'a str,
    pub kind: &'a str,
    pub subject: &'a str,
    pub role: &'a str,
    pub user_id: Option<&'a str>,
    pub user_label: &'a str,
    pub detail: &'a str,
    pub document_id: Option<&'a str>,
}

pub async fn add_evidence(tx: &mut Tx, new: NewEvidence<'_>) -> Result<String, StoreError> {
    let id = new_id();
    sqlx::query(
        "INSERT INTO enrollment_evidence (id, enrollment_id, kind, subject, role, user_id, \
         user_label, detail, document_id, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
    )
    .bind(&id)
    .bind(new.enrollment_id)
    .bind(new.kind)
    .bind(new.subject)
    .bind(new.role)
    .bind(new.user_id)
    .bind(new.user_label)
    .bind(new.detail)
    .bind(new.document_id)
    .bind(tx.now_ms())
    .execute(tx.conn())
    .await?;
    Ok(id)
}

/// Marks a document accepted (compare-and-set: only once).
pub async fn accept_document(
    tx: &mut Tx,
    enrollment_id: &str,
    evidence_id: &str,
    by: &str,
) -> Result<(), StoreError> {
    let result = sqlx::query(
        "UPDATE enrollment_evidence SET accepted_at = $1, accepted_by = $2 \
         WHERE id = $3 AND enrollment_id = $4 AND kind = 'document' AND accepted_at IS NULL",
    )
    .bind(tx.now_ms())
    .bind(by)
    .bind(evidence_id)
    .bind(enrollment_id)
    .execute(tx.conn())
    .await?;
    if result.rows_affected() == 0 {
        return Err(StoreError::StaleState(
            "the document is not waiting for acceptance".to_owned(),
        ));
    }
    Ok(())
}

/// An enrollment's evidence, oldest first.
pub async fn evidence_of<'c, E>(
    db: E,
    enrollment_id: &str,
) -> Result<Vec<EvidenceRecord>, StoreError>
where
    E: Executor<'c, Database = Any>,
{
    let rows = sqlx::query(
        "SELECT id, enrollment_id, kind, subject, role, user_id, user_label, detail, document_id, \
         accepted_at, accepted_by, created_at FROM enrollment_evidence \
         WHERE enrollment_id = $1 ORDER BY created_at, id",
    )
    .bind(enrollment_id)
    .fetch_all(db)
    .await?;
    rows.iter()
        .map(|row| {
            Ok(EvidenceRecord {
                id: row.try_get("id")?,
                enrollment_id: row.try_get("enrollment_id")?,
                kind: row.try_get("kind")?,
                subject: row.try_get("subject")?,
                role: row.try_get("role")?,
                user_id: row.try_get("user_id")?,
                user_label: row.try_get("user_label")?,
                detail: row.try_get("detail")?,
                document_id: row.try_get("document_id")?,
                accepted_at: row.try_get("accepted_at")?,
                accepted_by: row.try_get("accepted_by")?,
                created_at: row.try_get("created_at")?,
            })
        })
        .collect()
}
