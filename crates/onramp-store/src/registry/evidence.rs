//! Verification evidence (email domain, DNS TXT proof, documents, identifier checks) and the
//! record of lifecycle transitions: each kept with who, when, and the result or reason.

use sqlx::{Any, Executor, Row};

use crate::platform::audit::AuditContext;
use crate::{new_id, StoreError, Tx};

/// One piece of evidence.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Evidence {
    pub id: String,
    pub organization_id: String,
    /// `email_domain`, `dns_txt`, `document` or `identifier`.
    pub kind: String,
    pub passed: bool,
    pub detail: String,
    pub document_id: Option<String>,
    pub recorded_by: Option<String>,
    pub recorded_by_label: String,
    pub recorded_at: i64,
}

pub async fn insert(
    tx: &mut Tx,
    context: &AuditContext,
    organization_id: &str,
    kind: &str,
    passed: bool,
    detail: &str,
    document_id: Option<&str>,
) -> Result<Evidence, StoreError> {
    let evidence = Evidence {
        id: new_id(),
        organization_id: organization_id.to_owned(),
        kind: kind.to_owned(),
        passed,
        detail: detail.to_owned(),
        document_id: document_id.map(str::to_owned),
        recorded_by: context.actor_id.clone(),
        recorded_by_label: context.actor_label.clone(),
        recorded_at: tx.now_ms(),
    };
    sqlx::query(
        "INSERT INTO verification_evidence (id, organization_id, kind, passed, detail, \
         document_id, recorded_by, recorded_by_label, recorded_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
    )
    .bind(&evidence.id)
    .bind(&evidence.organization_id)
    .bind(&evidence.kind)
    .bind(i64::from(evidence.passed))
    .bind(&evidence.detail)
    .bind(evidence.document_id.as_deref())
    .bind(evidence.recorded_by.as_deref())
    .bind(&evidence.recorded_by_label)
    .bind(evidence.recorded_at)
    .execute(tx.conn())
    .await?;
    Ok(evidence)
}

/// An organization's evidence, oldest first.
pub async fn list<'c, E>(db: E, organization_id: &str) -> Result<Vec<Evidence>, StoreError>
where
    E: Executor<'c, Database = Any>,
{
    let rows = sqlx::query(
        "SELECT id, organization_id, kind, passed, detail, document_id, recorded_by, \
         recorded_by_label, recorded_at FROM verification_evidence WHERE organization_id = $1 \
         ORDER BY recorded_at, id",
    )
    .bind(organization_id)
    .fetch_all(db)
    .await?;
    rows.iter()
        .map(|row| {
            Ok(Evidence {
                id: row.try_get("id")?,
                organization_id: row.try_get("organization_id")?,
                kind: row.try_get("kind")?,
                passed: row.try_get::<i64, _>("passed")? != 0,
                detail: row.try_get("detail")?,
                document_id: row.try_get("document_id")?,
                recorded_by: row.try_get("recorded_by")?,
                recorded_by_label: row.try_get("recorded_by_label")?,
                recorded_at: row.try_get("recorded_at")?,
            })
        })
        .collect()
}

/// One lifecycle transition (or a decision that kept the state, such as asking for information).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Transition {
    pub id: String,
    pub organization_id: String,
    pub action: String,
    pub from_state: String,
    pub to_state: String,
    pub reason: String,
    pub actor_label: String,
    pub at: i64,
}

pub async fn insert_transition(
    tx: &mut Tx,
    context: &AuditContext,
    organization_id: &str,
    action: &str,
    from_state: &str,
    to_state: &str,
    reason: &str,
) -> Result<Transition, StoreError> {
    let transition = Transition {
        id: new_id(),
        organization_id: organization_id.to_owned(),
        action: action.to_owned(),
        from_state: from_state.to_owned(),
        to_state: to_state.to_owned(),
        reason: reason.to_owned(),
        actor_label: context.actor_label.clone(),
        at: tx.now_ms(),
    };
    sqlx::query(
        "INSERT INTO organization_transitions (id, organization_id, action, from_state, to_state, \
         reason, actor_id, actor_label, at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
    )
    .bind(&transition.id)
    .bind(&transition.organization_id)
    .bind(&transition.action)
    .bind(&transition.from_state)
    .bind(&transition.to_state)
    .bind(&transition.reason)
    .bind(context.actor_id.as_deref())
    .bind(&transition.actor_label)
    .bind(transition.at)
    .execute(tx.conn())
    .await?;
    Ok(transition)
}

/// An organization's transitions, oldest first.
pub async fn transitions<'c, E>(db: E, organization_id: &str) -> Result<Vec<Transition>, StoreError>
where
    E: Executor<'c, Database = Any>,
{
    let rows = sqlx::query(
        "SELECT id, organization_id, action, from_state, to_state, reason, actor_label, at \
         FROM organization_transitions WHERE organization_id = $1 ORDER BY at, id",
    )
    .bind(organization_id)
    .fetch_all(db)
    .await?;
    rows.iter()
        .map(|row| {
            Ok(Transition {
                id: row.try_get("id")?,
                organization_id: row.try_get("organization_id")?,
                action: row.try_get("action")?,
                from_state: row.try_get("from_state")?,
                to_state: row.try_get("to_state")?,
                reason: row.try_get("reason")?,
                actor_label: row.try_get("actor_label")?,
                at: row.try_get("at")?,
            })
        })
        .collect()
}
