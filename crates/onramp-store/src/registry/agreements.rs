//! Agreement templates (versioned Markdown, draft → published → retired) and signatures (who, for
//! which organization, when, from where, the exact signed text and its SHA-256).

use sqlx::{Any, Executor, Row};

use crate::{new_id, StoreError, Tx};

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Template {
    pub id: String,
    pub kind: String,
    pub version: i64,
    pub title: String,
    pub body_markdown: String,
    pub state: String,
    pub resign_by: Option<i64>,
    pub created_at: i64,
    pub published_at: Option<i64>,
}

const TEMPLATE_COLUMNS: &str =
    "id, kind, version, title, body_markdown, state, resign_by, created_at, published_at";

fn template_from_row(row: &sqlx::any::AnyRow) -> Result<Template, StoreError> {
    Ok(Template {
        id: row.try_get("id")?,
        kind: row.try_get("kind")?,
        version: row.try_get("version")?,
        title: row.try_get("title")?,
        body_markdown: row.try_get("body_markdown")?,
        state: row.try_get("state")?,
        resign_by: row.try_get("resign_by")?,
        created_at: row.try_get("created_at")?,
        published_at: row.try_get("published_at")?,
    })
}

/// Inserts a draft as the next version of its kind.
pub async fn insert_draft(
    tx: &mut Tx,
    kind: &str,
    title: &str,
    body_markdown: &str,
) -> Result<Template, StoreError> {
    let next: i64 = sqlx::query(
        "SELECT COALESCE(MAX(version), 0) + 1 AS next FROM agreement_templates WHERE kind = $1",
    )
    .bind(kind)
    .fetch_one(tx.conn())
    .await?
    .try_get("next")?;
    let id = new_id();
    sqlx::query(
        "INSERT INTO agreement_templates (id, kind, version, title, body_markdown, state, created_at) \
         VALUES ($1, $2, $3, $4, $5, 'draft', $6)",
    )
    .bind(&id)
    .bind(kind)
    .bind(next)
    .bind(title)
    .bind(body_markdown)
    .bind(tx.now_ms())
    .execute(tx.conn())
    .await?;
    find(tx.conn(), &id).await
}

pub async fn find<'c, E>(db: E, id: &str) -> Result<Template, StoreError>
where
    E: Executor<'c, Database = Any>,
{
    let row = sqlx::query(&format!(
        "SELECT {TEMPLATE_COLUMNS} FROM agreement_templates WHERE id = $1"
    ))
    .bind(id)
    .fetch_optional(db)
    .await?
    .ok_or(StoreError::NotFound)?;
    template_from_row(&row)
}

/// Every template version, by kind then newest version first.
pub async fn list<'c, E>(db: E) -> Result<Vec<Template>, StoreError>
where
    E: Executor<'c, Database = Any>,
{
    let rows = sqlx::query(&format!(
        "SELECT {TEMPLATE_COLUMNS} FROM agreement_templates ORDER BY kind, version DESC"
    ))
    .fetch_all(db)
    .await?;
    rows.iter().map(template_from_row).collect()
}

/// Publishes draft `id`, retiring the kind's previously published version; `resign_by` is how long
/// the older version's signatures still count. Compare-and-set: a template that is no longer a
/// draft (published meanwhile by someone else) is [`StoreError::StaleState`].
pub async fn publish(
    tx: &mut Tx,
    id: &str,
    kind: &str,
    resign_by: Option<i64>,
) -> Result<(), StoreError> {
    let now = tx.now_ms();
    sqlx::query(
        "UPDATE agreement_templates SET state = 'retired', retired_at = $1 \
         WHERE kind = $2 AND state = 'published' AND id <> $3",
    )
    .bind(now)
    .bind(kind)
    .bind(id)
    .execute(tx.conn())
    .await?;
    let result = sqlx::query(
        "UPDATE agreement_templates SET state = 'published', published_at = $1, resign_by = $2 \
         WHERE id = $3 AND state = 'draft'",
    )
    .bind(now)
    .bind(resign_by)
    .bind(id)
    .execute(tx.conn())
    .await?;
    if result.rows_affected() == 0 {
        return Err(StoreError::StaleState(
            "the agreement version is no longer a draft".to_owned(),
        ));
    }
    Ok(())
}

/// Retires published `id`; compare-and-set like [`publish`].
pub async fn retire(tx: &mut Tx, id: &str) -> Result<(), StoreError> {
    let result = sqlx::query(
        "UPDATE agreement_templates SET state = 'retired', retired_at = $1 \
         WHERE id = $2 AND state = 'published'",
    )
    .bind(tx.now_ms())
    .bind(id)
    .execute(tx.conn())
    .await?;
    if result.rows_affected() == 0 {
        return Err(StoreError::StaleState(
            "the agreement version is no longer published".to_owned(),
        ));
    }
    Ok(())
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Signature {
    pub id: String,
    pub template_id: String,
    pub organization_id: String,
    pub signer_id: String,
    pub signer_name: String,
    pub signer_title: String,
    pub signed_at: i64,
    pub client_addr: Option<String>,
    pub user_agent: Option<String>,
    pub text_sha256: String,
    pub signed_html: String,
    /// From the template: its kind and version.
    pub kind: String,
    pub version: i64,
}

const SIGNATURE_SELECT: &str = "SELECT s.id, s.template_id, s.organization_id, s.signer_id, \
     s.signer_name, s.signer_title, s.signed_at, s.client_addr, s.user_agent, s.text_sha256, \
     s.signed_html, t.kind, t.version FROM agreement_signatures s \
     JOIN agreement_templates t ON t.id = s.template_id";

fn signature_from_row(row: &sqlx::any::AnyRow) -> Result<Signature, StoreError> {
    Ok(Signature {
        id: row.try_get("id")?,
        template_id: row.try_get("template_id")?,
        organization_id: row.try_get("organization_id")?,
        signer_id: row.try_get("signer_id")?,
        signer_name: row.try_get("signer_name")?,
        signer_title: row.try_get("signer_title")?,
        signed_at: row.try_get("signed_at")?,
        client_addr: row.try_get("client_addr")?,
        user_agent: row.try_get("user_agent")?,
        text_sha256: row.try_get("text_sha256")?,
        signed_html: row.try_get("signed_html")?,
        kind: row.try_get("kind")?,
        version: row.try_get("version")?,
    })
}

/// What a new signature records.
#[derive(Clone, Debug)]
pub struct NewSignature<'a> {
    pub template_id: &'a str,
    pub organization_id: &'a str,
    pub signer_id: &'a str,
    pub signer_name: &'a str,
    pub signer_title: &'a str,
    pub client_addr: Option<&'a str>,
    pub user_agent: Option<&'a str>,
    pub text_sha256: &'a str,
    pub signed_html: &'a str,
}

pub async fn insert_signature(
    tx: &mut Tx,
    new: &NewSignature<'_>,
) -> Result<Signature, StoreError> {
    let id = new_id();
    sqlx::query(
        "INSERT INTO agreement_signatures (id, template_id, organization_id, signer_id, \
         signer_name, signer_title, signed_at, client_addr, user_agent, text_sha256, signed_html) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)",
    )
    .bind(&id)
    .bind(new.template_id)
    .bind(new.organization_id)
    .bind(new.signer_id)
    .bind(new.signer_name)
    .bind(new.signer_title)
    .bind(tx.now_ms())
    .bind(new.client_addr)
    .bind(new.user_agent)
    .bind(new.text_sha256)
    .bind(new.signed_html)
    .execute(tx.conn())
    .await?;
    find_signature(tx.conn(), &id).await
}

pub async fn find_signature<'c, E>(db: E, id: &str) -> Result<Signature, StoreError>
where
    E: Executor<'c, Database = Any>,
{
    let row = sqlx::query(&format!("{SIGNATURE_SELECT} WHERE s.id = $1"))
        .bind(id)
        .fetch_optional(db)
        .await?
        .ok_or(StoreError::NotFound)?;
    signature_from_row(&row)
}

/// Signatures of one organization, newest first.
pub async fn signatures_of<'c, E>(
    db: E,
    organization_id: &str,
) -> Result<Vec<Signature>, StoreError>
where
    E: Executor<'c, Database = Any>,
{
    let rows = sqlx::query(&format!(
        "{SIGNATURE_SELECT} WHERE s.organization_id = $1 ORDER BY s.signed_at DESC, s.id"
    ))
    .bind(organization_id)
    .fetch_all(db)
    .await?;
    rows.iter().map(signature_from_row).collect()
}

/// Every signature of one template version.
pub async fn signatures_for_template<'c, E>(
    db: E,
    template_id: &str,
) -> Result<Vec<Signature>, StoreError>
where
    E: Executor<'c, Database = Any>,
{
    let rows = sqlx::query(&format!(
        "{SIGNATURE_SELECT} WHERE s.template_id = $1 ORDER BY s.signed_at, s.id"
    ))
    .bind(template_id)
    .fetch_all(db)
    .await?;
    rows.iter().map(signature_from_row).collect()
}

/// Signatures whose signed text has this SHA-256.
pub async fn find_by_hash<'c, E>(db: E, text_sha256: &str) -> Result<Vec<Signature>, StoreError>
where
    E: Executor<'c, Database = Any>,
{
    let rows = sqlx::query(&format!(
        "{SIGNATURE_SELECT} WHERE s.text_sha256 = $1 ORDER BY s.signed_at"
    ))
    .bind(text_sha256)
    .fetch_all(db)
    .await?;
    rows.iter().map(signature_from_row).collect()
}
