//! People's certificates: issued on completing a certification course or renewed by credits,
//! found by their public id, listed per person and organization, revoked with a reason, and
//! noticed before and at expiry (once each).

use sqlx::any::AnyRow;
use sqlx::{Any, Executor, Row};

use crate::{StoreError, Tx};

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Certificate {
    pub id: String,
    pub user_id: String,
    pub organization_id: String,
    pub organization_name: String,
    pub course_key: String,
    pub course_id: String,
    pub course_version: i64,
    /// The course's title (of the version it was earned on).
    pub course_title: String,
    pub title: String,
    pub holder_name: String,
    pub credits_tenths: i64,
    pub issued_at: i64,
    pub expires_at: i64,
    /// `assessment` or `credits`.
    pub basis: String,
    pub renews_id: Option<String>,
    /// The certificate that renewed this one, if any.
    pub renewed_by: Option<String>,
    pub revoked_at: Option<i64>,
    pub revoked_by: Option<String>,
    pub revoked_reason: Option<String>,
}

const SELECT: &str = "SELECT c.id, c.user_id, c.organization_id, o.name AS organization_name, \
     c.course_key, c.course_id, k.version AS course_version, k.title AS course_title, c.title, c.holder_name, \
     c.credits_tenths, c.issued_at, c.expires_at, c.basis, c.renews_id, \
     (SELECT MIN(r.id) FROM training_certificates r WHERE r.renews_id = c.id) AS renewed_by, \
     c.revoked_at, c.revoked_by, c.revoked_reason \
     FROM training_certificates c JOIN organizations o ON o.id = c.organization_id \
     JOIN training_courses k ON k.id = c.course_id";

fn from_row(row: &AnyRow) -> Result<Certificate, StoreError> {
    Ok(Certificate {
        id: row.try_get("id")?,
        user_id: row.try_get("user_id")?,
        organization_id: row.try_get("organization_id")?,
        organization_name: row.try_get("organization_name")?,
        course_key: row.try_get("course_key")?,
        course_id: row.try_get("course_id")?,
        course_version: row.try_get("course_version")?,
        course_title: row.try_get("course_title")?,
        title: row.try_get("title")?,
        holder_name: row.try_get("holder_name")?,
        credits_tenths: row.try_get("credits_tenths")?,
        issued_at: row.try_get("issued_at")?,
        expires_at: row.try_get("expires_at")?,
        basis: row.try_get("basis")?,
        renews_id: row.try_get("renews_id")?,
        renewed_by: row.try_get("renewed_by")?,
        revoked_at: row.try_get("revoked_at")?,
        revoked_by: row.try_get("revoked_by")?,
        revoked_reason: row.try_get("revoked_reason")?,
    })
}

/// What a new certificate records; the id is the caller's (it is the public handle).
#[derive(Clone, Copy, Debug)]
pub struct NewCertificate<'a> {
    pub id: &'a str,
    pub user_id: &'a str,
    pub organization_id: &'a str,
    pub course_key: &'a str,
    pub course_id: &'a str,
    pub title: &'a str,
    pub holder_name: &'a str,
    pub credits_tenths: i64,
    pub issued_at: i64,
    pub expires_at: i64,
    pub basis: &'a str,
    pub renews_id: Option<&'a str>,
}

pub async fn insert(tx: &mut Tx, new: NewCertificate<'_>) -> Result<Certificate, StoreError> {
    sqlx::query(
        "INSERT INTO training_certificates (id, user_id, organization_id, course_key, course_id, \
         title, holder_name, credits_tenths, issued_at, expires_at, basis, renews_id) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)",
    )
    .bind(new.id)
    .bind(new.user_id)
    .bind(new.organization_id)
    .bind(new.course_key)
    .bind(new.course_id)
    .bind(new.title)
    .bind(new.holder_name)
    .bind(new.credits_tenths)
    .bind(new.issued_at)
    .bind(new.expires_at)
    .bind(new.basis)
    .bind(new.renews_id)
    .execute(tx.conn())
    .await?;
    find(tx.conn(), new.id).await
}

pub async fn find<'e, E>(executor: E, id: &str) -> Result<Certificate, StoreError>
where
    E: Executor<'e, Database = Any>,
{
    let row = sqlx::query(&format!("{SELECT} WHERE c.id = $1"))
        .bind(id)
        .fetch_optional(executor)
        .await?
        .ok_or(StoreError::NotFound)?;
    from_row(&row)
}

/// A person's certificates, newest first.
pub async fn of_user<'e, E>(executor: E, user_id: &str) -> Result<Vec<Certificate>, StoreError>
where
    E: Executor<'e, Database = Any>,
{
    let rows = sqlx::query(&format!(
        "{SELECT} WHERE c.user_id = $1 ORDER BY c.issued_at DESC, c.id"
    ))
    .bind(user_id)
    .fetch_all(executor)
    .await?;
    rows.iter().map(from_row).collect()
}

/// An organization's certificates, by holder and course, newest first.
pub async fn of_organization<'e, E>(
    executor: E,
    organization_id: &str,
) -> Result<Vec<Certificate>, StoreError>
where
    E: Executor<'e, Database = Any>,
{
    let rows = sqlx::query(&format!(
        "{SELECT} WHERE c.organization_id = $1 \
         ORDER BY c.holder_name, c.course_key, c.issued_at DESC, c.id"
    ))
    .bind(organization_id)
    .fetch_all(executor)
    .await?;
    rows.iter().map(from_row).collect()
}

/// The person's most recent certificate for a course (valid or not), the one a renewal extends.
pub async fn latest<'e, E>(
    executor: E,
    user_id: &str,
    course_key: &str,
) -> Result<Option<Certificate>, StoreError>
where
    E: Executor<'e, Database = Any>,
{
    let row = sqlx::query(&format!(
        "{SELECT} WHERE c.user_id = $1 AND c.course_key = $2 AND c.revoked_at IS NULL \
         ORDER BY c.expires_at DESC, c.id LIMIT 1"
    ))
    .bind(user_id)
    .bind(course_key)
    .fetch_optional(executor)
    .await?;
    row.as_ref().map(from_row).transpose()
}

/// Revokes a certificate (once); `StaleState` when it already was.
pub async fn revoke(tx: &mut Tx, id: &str, by: &str, reason: &str) -> Result<(), StoreError> {
    let now = tx.now_ms();
    let done = sqlx::query(
        "UPDATE training_certificates SET revoked_at = $2, revoked_by = $3, revoked_reason = $4 \
         WHERE id = $1 AND revoked_at IS NULL",
    )
    .bind(id)
    .bind(now)
    .bind(by)
    .bind(reason)
    .execute(tx.conn())
    .await?;
    if done.rows_affected() == 0 {
        return Err(StoreError::StaleState("certificate not revoked".into()));
    }
    Ok(())
}

const NOT_RENEWED: &str =
    "NOT EXISTS (SELECT 1 FROM training_certificates r WHERE r.renews_id = c.id)";

/// Live certificates nobody renewed that expire in `(now, until]` and were not reminded of.
pub async fn to_remind<'e, E>(
    executor: E,
    now: i64,
    until: i64,
) -> Result<Vec<Certificate>, StoreError>
where
    E: Executor<'e, Database = Any>,
{
    let rows = sqlx::query(&format!(
        "{SELECT} WHERE c.revoked_at IS NULL AND c.reminded_at IS NULL AND c.expires_at > $1 \
         AND c.expires_at <= $2 AND {NOT_RENEWED} ORDER BY c.expires_at, c.id"
    ))
    .bind(now)
    .bind(until)
    .fetch_all(executor)
    .await?;
    rows.iter().map(from_row).collect()
}

/// Certificates nobody renewed that expired by `now` and were not yet noticed as expired.
pub async fn newly_expired<'e, E>(executor: E, now: i64) -> Result<Vec<Certificate>, StoreError>
where
    E: Executor<'e, Database = Any>,
{
    let rows = sqlx::query(&format!(
        "{SELECT} WHERE c.revoked_at IS NULL AND c.expired_noticed_at IS NULL \
         AND c.expires_at <= $1 AND {NOT_RENEWED} ORDER BY c.expires_at, c.id"
    ))
    .bind(now)
    .fetch_all(executor)
    .await?;
    rows.iter().map(from_row).collect()
}

/// Live certificates of some courses that nobody renewed yet: the candidates for renewal by
/// credits.
pub async fn renewable<'e, E>(
    executor: E,
    course_key: &str,
    now: i64,
) -> Result<Vec<Certificate>, StoreError>
where
    E: Executor<'e, Database = Any>,
{
    let rows = sqlx::query(&format!(
        "{SELECT} WHERE c.course_key = $1 AND c.revoked_at IS NULL AND c.expires_at > $2 \
         AND {NOT_RENEWED} ORDER BY c.expires_at, c.id"
    ))
    .bind(course_key)
    .bind(now)
    .fetch_all(executor)
    .await?;
    rows.iter().map(from_row).collect()
}

/// Records the reminder sent (once); false when another run sent it.
pub async fn mark_reminded(tx: &mut Tx, id: &str) -> Result<bool, StoreError> {
    let now = tx.now_ms();
    let done = sqlx::query(
        "UPDATE training_certificates SET reminded_at = $2 WHERE id = $1 AND reminded_at IS NULL",
    )
    .bind(id)
    .bind(now)
    .execute(tx.conn())
    .await?;
    Ok(done.rows_affected() > 0)
}

/// Records the expiry noticed (once); false when another run noticed it.
pub async fn mark_expired_noticed(tx: &mut Tx, id: &str) -> Result<bool, StoreError> {
    let now = tx.now_ms();
    let done = sqlx::query(
        "UPDATE training_certificates SET expired_noticed_at = $2 WHERE id = $1 \
         AND expired_noticed_at IS NULL",
    )
    .bind(id)
    .bind(now)
    .execute(tx.conn())
    .await?;
    Ok(done.rows_affected() > 0)
}
