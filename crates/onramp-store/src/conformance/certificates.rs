//! Certificates: what a signed-off run earns — the organization, its system, the suite version and
//! packages, the dates, and the signed JWS — found by their public id, listed per suite for the
//! public registry, revoked with a reason, and reminded of before expiry.

use sqlx::any::AnyRow;
use sqlx::{Any, Executor, Row};

use crate::{StoreError, Tx};

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Certificate {
    pub id: String,
    pub organization_id: String,
    pub organization_name: String,
    pub suite_id: String,
    pub suite_key: String,
    pub suite_version: i64,
    pub suite_title: String,
    pub run_id: String,
    pub system_name: String,
    pub packages: Vec<String>,
    pub issued_at: i64,
    pub expires_at: i64,
    pub jws: String,
    pub revoked_at: Option<i64>,
    pub revoked_by: Option<String>,
    pub revoked_reason: Option<String>,
}

const SELECT: &str = "SELECT c.id, c.organization_id, o.name AS organization_name, c.suite_id, \
     c.suite_key, c.suite_version, s.title AS suite_title, c.run_id, c.system_name, c.packages, \
     c.issued_at, c.expires_at, c.jws, c.revoked_at, c.revoked_by, c.revoked_reason \
     FROM conformance_certificates c JOIN organizations o ON o.id = c.organization_id \
     JOIN conformance_suites s ON s.id = c.suite_id";

fn from_row(row: &AnyRow) -> Result<Certificate, StoreError> {
    let packages: String = row.try_get("packages")?;
    Ok(Certificate {
        id: row.try_get("id")?,
        organization_id: row.try_get("organization_id")?,
        organization_name: row.try_get("organization_name")?,
        suite_id: row.try_get("suite_id")?,
        suite_key: row.try_get("suite_key")?,
        suite_version: row.try_get("suite_version")?,
        suite_title: row.try_get("suite_title")?,
        run_id: row.try_get("run_id")?,
        system_name: row.try_get("system_name")?,
        packages: packages.split_whitespace().map(str::to_owned).collect(),
        issued_at: row.try_get("issued_at")?,
        expires_at: row.try_get("expires_at")?,
        jws: row.try_get("jws")?,
        revoked_at: row.try_get("revoked_at")?,
        revoked_by: row.try_get("revoked_by")?,
        revoked_reason: row.try_get("revoked_reason")?,
    })
}

/// What a new certificate records; the id is chosen by the caller (it is signed into the JWS).
#[derive(Clone, Copy, Debug)]
pub struct NewCertificate<'a> {
    pub id: &'a str,
    pub organization_id: &'a str,
    pub suite_id: &'a str,
    pub suite_key: &'a str,
    pub suite_version: i64,
    pub run_id: &'a str,
    pub system_name: &'a str,
    pub packages: &'a [String],
    pub issued_at: i64,
    pub expires_at: i64,
    pub jws: &'a str,
}

pub async fn insert(tx: &mut Tx, new: NewCertificate<'_>) -> Result<Certificate, StoreError> {
    sqlx::query(
        "INSERT INTO conformance_certificates (id, organization_id, suite_id, suite_key, \
         suite_version, run_id, system_name, packages, issued_at, expires_at, jws) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)",
    )
    .bind(new.id)
    .bind(new.organization_id)
    .bind(new.suite_id)
    .bind(new.suite_key)
    .bind(new.suite_version)
    .bind(new.run_id)
    .bind(new.system_name)
    .bind(new.packages.join(" "))
    .bind(new.issued_at)
    .bind(new.expires_at)
    .bind(new.jws)
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

/// An organization's certificates, newest first.
pub async fn of_organization<'e, E>(
    executor: E,
    organization_id: &str,
) -> Result<Vec<Certificate>, StoreError>
where
    E: Executor<'e, Database = Any>,
{
    let rows = sqlx::query(&format!(
        "{SELECT} WHERE c.organization_id = $1 ORDER BY c.issued_at DESC, c.id"
    ))
    .bind(organization_id)
    .fetch_all(executor)
    .await?;
    rows.iter().map(from_row).collect()
}

/// The certificates valid at `now` for a suite key (one version, when given), by organization.
pub async fn valid_for_suite<'e, E>(
    executor: E,
    suite_key: &str,
    version: Option<i64>,
    now: i64,
) -> Result<Vec<Certificate>, StoreError>
where
    E: Executor<'e, Database = Any>,
{
    let rows = sqlx::query(&format!(
        "{SELECT} WHERE c.suite_key = $1 AND ($2 = 0 OR c.suite_version = $2) \
         AND c.revoked_at IS NULL AND c.expires_at > $3 ORDER BY o.name, c.issued_at DESC"
    ))
    .bind(suite_key)
    .bind(version.unwrap_or(0))
    .bind(now)
    .fetch_all(executor)
    .await?;
    rows.iter().map(from_row).collect()
}

/// Revokes a certificate not yet revoked.
pub async fn revoke(tx: &mut Tx, id: &str, user_id: &str, reason: &str) -> Result<(), StoreError> {
    let now = tx.now_ms();
    let rows = sqlx::query(
        "UPDATE conformance_certificates SET revoked_at = $2, revoked_by = $3, revoked_reason = $4 \
         WHERE id = $1 AND revoked_at IS NULL",
    )
    .bind(id)
    .bind(now)
    .bind(user_id)
    .bind(reason)
    .execute(tx.conn())
    .await?
    .rows_affected();
    if rows == 1 {
        Ok(())
    } else {
        Err(StoreError::StaleState(
            "the certificate is already revoked".to_owned(),
        ))
    }
}

/// Valid certificates expiring before `until` not yet reminded of.
pub async fn expiring<'e, E>(
    executor: E,
    now: i64,
    until: i64,
) -> Result<Vec<Certificate>, StoreError>
where
    E: Executor<'e, Database = Any>,
{
    let rows = sqlx::query(&format!(
        "{SELECT} WHERE c.revoked_at IS NULL AND c.expires_at > $1 AND c.expires_at <= $2 \
         AND c.expiry_reminded_at IS NULL ORDER BY c.expires_at"
    ))
    .bind(now)
    .bind(until)
    .fetch_all(executor)
    .await?;
    rows.iter().map(from_row).collect()
}

pub async fn mark_reminded(tx: &mut Tx, id: &str) -> Result<(), StoreError> {
    let now = tx.now_ms();
    sqlx::query("UPDATE conformance_certificates SET expiry_reminded_at = $2 WHERE id = $1")
        .bind(id)
        .bind(now)
        .execute(tx.conn())
        .await?;
    Ok(())
}

/// A signed-off run of an enrollment, with the certificate it earned (if it is still there).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SignedOff {
    pub suite_key: String,
    pub suite_version: i64,
    pub expires_at: Option<i64>,
    pub revoked_at: Option<i64>,
}

/// The enrollment's signed-off runs (what its gates' conformance conditions look at).
pub async fn signed_off_of_enrollment<'e, E>(
    executor: E,
    enrollment_id: &str,
) -> Result<Vec<SignedOff>, StoreError>
where
    E: Executor<'e, Database = Any>,
{
    let rows = sqlx::query(
        "SELECT s.suite_key, s.version, c.expires_at, c.revoked_at \
         FROM conformance_runs r JOIN conformance_suites s ON s.id = r.suite_id \
         LEFT JOIN conformance_certificates c ON c.run_id = r.id \
         WHERE r.enrollment_id = $1 AND r.review_state = 'signed_off'",
    )
    .bind(enrollment_id)
    .fetch_all(executor)
    .await?;
    rows.iter()
        .map(|row| {
            Ok(SignedOff {
                suite_key: row.try_get("suite_key")?,
                suite_version: row.try_get("version")?,
                expires_at: row.try_get("expires_at")?,
                revoked_at: row.try_get("revoked_at")?,
            })
        })
        .collect()
}
