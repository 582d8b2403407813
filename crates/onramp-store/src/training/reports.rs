//! Training reports: coverage per organization (people, assignments completed and overdue,
//! people certified), completions and results per course, credits per organization, and the
//! learning records an xAPI export turns into statements. Each is one query (no query per row).

use sqlx::{Any, Executor, Row};

use crate::StoreError;

/// One organization's training coverage at a moment.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OrganizationCoverage {
    pub organization_id: String,
    pub name: String,
    pub people: i64,
    pub assigned: i64,
    pub completed: i64,
    pub overdue: i64,
    /// People holding at least one valid certificate.
    pub certified_people: i64,
    pub valid_certificates: i64,
    /// Valid certificates that expire within the reminder window.
    pub expiring: i64,
}

/// Coverage of the organizations that have people (one, when `organization_id` is given), by
/// name; `expiring_before` bounds the "expiring" count. `limit` and `offset` page the list.
pub async fn coverage<'e, E>(
    executor: E,
    now: i64,
    expiring_before: i64,
    organization_id: Option<&str>,
    limit: i64,
    offset: i64,
) -> Result<Vec<OrganizationCoverage>, StoreError>
where
    E: Executor<'e, Database = Any>,
{
    let rows = sqlx::query(
        "SELECT o.id, o.name, \
         (SELECT COUNT(*) FROM users u WHERE u.organization_id = o.id AND u.active = 1) AS people, \
         (SELECT COUNT(*) FROM training_assignments a WHERE a.organization_id = o.id) AS assigned, \
         (SELECT COUNT(*) FROM training_assignments a JOIN training_progress p \
            ON p.user_id = a.user_id AND p.course_key = a.course_key \
            WHERE a.organization_id = o.id AND p.completed_at IS NOT NULL) AS completed, \
         (SELECT COUNT(*) FROM training_assignments a LEFT JOIN training_progress p \
            ON p.user_id = a.user_id AND p.course_key = a.course_key \
            WHERE a.organization_id = o.id AND a.due_at < $1 AND p.completed_at IS NULL) AS overdue, \
         (SELECT COUNT(DISTINCT c.user_id) FROM training_certificates c \
            WHERE c.organization_id = o.id AND c.revoked_at IS NULL AND c.expires_at > $1) \
            AS certified_people, \
         (SELECT COUNT(*) FROM training_certificates c WHERE c.organization_id = o.id \
            AND c.revoked_at IS NULL AND c.expires_at > $1) AS valid_certificates, \
         (SELECT COUNT(*) FROM training_certificates c WHERE c.organization_id = o.id \
            AND c.revoked_at IS NULL AND c.expires_at > $1 AND c.expires_at <= $2) AS expiring \
         FROM organizations o \
         WHERE ($3 = '' OR o.id = $3) \
         AND EXISTS (SELECT 1 FROM users u WHERE u.organization_id = o.id AND u.active = 1) \
         ORDER BY o.name, o.id LIMIT $4 OFFSET $5",
    )
    .bind(now)
    .bind(expiring_before)
    .bind(organization_id.unwrap_or_default())
    .bind(limit)
    .bind(offset)
    .fetch_all(executor)
    .await?;
    rows.iter()
        .map(|row| {
            Ok(OrganizationCoverage {
                organization_id: row.try_get("id")?,
                name: row.try_get("name")?,
                people: row.try_get("people")?,
                assigned: row.try_get("assigned")?,
                completed: row.try_get("completed")?,
                overdue: row.try_get("overdue")?,
                certified_people: row.try_get("certified_people")?,
                valid_certificates: row.try_get("valid_certificates")?,
                expiring: row.try_get("expiring")?,
            })
        })
        .collect()
}

/// A course's learners: started, completed, and certificates valid now.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CourseCompletion {
    pub course_key: String,
    pub started: i64,
    pub completed: i64,
    pub certified: i64,
    pub attempts_passed: i64,
    pub attempts_failed: i64,
    pub attempts_awaiting: i64,
    pub attempts_expired: i64,
}

/// Every course's completions and attempt results, by key.
pub async fn completions<'e, E>(executor: E, now: i64) -> Result<Vec<CourseCompletion>, StoreError>
where
    E: Executor<'e, Database = Any>,
{
    let rows = sqlx::query(
        "SELECT k.course_key, \
         (SELECT COUNT(*) FROM training_progress p WHERE p.course_key = k.course_key) AS started, \
         (SELECT COUNT(*) FROM training_progress p WHERE p.course_key = k.course_key \
            AND p.completed_at IS NOT NULL) AS completed, \
         (SELECT COUNT(*) FROM training_certificates c WHERE c.course_key = k.course_key \
            AND c.revoked_at IS NULL AND c.expires_at > $1) AS certified, \
         (SELECT COUNT(*) FROM training_attempts a WHERE a.course_key = k.course_key \
            AND a.state = 'passed') AS passed, \
         (SELECT COUNT(*) FROM training_attempts a WHERE a.course_key = k.course_key \
            AND a.state = 'failed') AS failed, \
         (SELECT COUNT(*) FROM training_attempts a WHERE a.course_key = k.course_key \
            AND a.state = 'awaiting_grading') AS awaiting, \
         (SELECT COUNT(*) FROM training_attempts a WHERE a.course_key = k.course_key \
            AND a.state = 'expired') AS expired \
         FROM (SELECT DISTINCT course_key FROM training_courses) k ORDER BY k.course_key",
    )
    .bind(now)
    .fetch_all(executor)
    .await?;
    rows.iter()
        .map(|row| {
            Ok(CourseCompletion {
                course_key: row.try_get("course_key")?,
                started: row.try_get("started")?,
                completed: row.try_get("completed")?,
                certified: row.try_get("certified")?,
                attempts_passed: row.try_get("passed")?,
                attempts_failed: row.try_get("failed")?,
                attempts_awaiting: row.try_get("awaiting")?,
                attempts_expired: row.try_get("expired")?,
            })
        })
        .collect()
}

/// Credits and hours earned per organization, most credits first.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OrganizationCredits {
    pub organization_id: String,
    pub name: String,
    pub learners: i64,
    pub credits_tenths: i64,
    pub hours_tenths: i64,
}

pub async fn credits_by_organization<'e, E>(
    executor: E,
    organization_id: Option<&str>,
) -> Result<Vec<OrganizationCredits>, StoreError>
where
    E: Executor<'e, Database = Any>,
{
    let rows = sqlx::query(
        // Aggregated by organization first (an index-only scan), then named.
        "SELECT o.id, o.name, t.learners, t.credits, t.hours FROM ( \
           SELECT m.organization_id, COUNT(DISTINCT m.user_id) AS learners, \
           CAST(SUM(m.credits_tenths) AS BIGINT) AS credits, \
           CAST(SUM(m.hours_tenths) AS BIGINT) AS hours \
           FROM training_module_completions m WHERE ($1 = '' OR m.organization_id = $1) \
           GROUP BY m.organization_id \
         ) t JOIN organizations o ON o.id = t.organization_id ORDER BY t.credits DESC, o.name",
    )
    .bind(organization_id.unwrap_or_default())
    .fetch_all(executor)
    .await?;
    rows.iter()
        .map(|row| {
            Ok(OrganizationCredits {
                organization_id: row.try_get("id")?,
                name: row.try_get("name")?,
                learners: row.try_get("learners")?,
                credits_tenths: row.try_get::<Option<i64>, _>("credits")?.unwrap_or(0),
                hours_tenths: row.try_get::<Option<i64>, _>("hours")?.unwrap_or(0),
            })
        })
        .collect()
}

/// A learning record as an xAPI statement reads it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LearningRecord {
    /// `module`, `attempt` or `certificate`.
    pub kind: String,
    /// The module completion's key, the attempt's or the certificate's id.
    pub id: String,
    pub at: i64,
    pub user_id: String,
    pub user_name: String,
    pub user_email: String,
    pub organization_id: String,
    pub course_key: String,
    pub course_title: String,
    /// The module key (modules); the attempt's state (attempts); the certificate's title.
    pub detail: String,
    /// How a module was completed; the basis of a certificate.
    pub how: Option<String>,
    pub score_percent: Option<i64>,
    pub credits_tenths: Option<i64>,
}

/// Learning records at or after `since` (and of one organization, when given), oldest first,
/// at most `limit`.
pub async fn records<'e, E>(
    executor: E,
    since: i64,
    organization_id: Option<&str>,
    limit: i64,
) -> Result<Vec<LearningRecord>, StoreError>
where
    E: Executor<'e, Database = Any>,
{
    let rows = sqlx::query(
        "SELECT * FROM ( \
         SELECT 'module' AS kind, m.course_id || '/' || m.module_key AS id, m.completed_at AS at, \
           u.id AS user_id, u.name AS user_name, u.email AS user_email, m.organization_id, \
           k.course_key, k.title AS course_title, m.module_key AS detail, m.completion AS how, \
           CAST(NULL AS BIGINT) AS score_percent, m.credits_tenths \
           FROM training_module_completions m JOIN users u ON u.id = m.user_id \
           JOIN training_courses k ON k.id = m.course_id \
         UNION ALL \
         SELECT 'attempt', a.id, a.submitted_at, u.id, u.name, u.email, a.organization_id, \
           a.course_key, k.title, a.state, CAST(NULL AS TEXT), a.score_percent, \
           CAST(NULL AS BIGINT) \
           FROM training_attempts a JOIN users u ON u.id = a.user_id \
           JOIN training_courses k ON k.id = a.course_id \
           WHERE a.state IN ('passed', 'failed', 'expired') \
         UNION ALL \
         SELECT 'certificate', c.id, c.issued_at, u.id, u.name, u.email, c.organization_id, \
           c.course_key, k.title, c.title, c.basis, CAST(NULL AS BIGINT), c.credits_tenths \
           FROM training_certificates c JOIN users u ON u.id = c.user_id \
           JOIN training_courses k ON k.id = c.course_id \
         ) r WHERE r.at >= $1 AND ($2 = '' OR r.organization_id = $2) \
         ORDER BY r.at, r.kind, r.id LIMIT $3",
    )
    .bind(since)
    .bind(organization_id.unwrap_or_default())
    .bind(limit)
    .fetch_all(executor)
    .await?;
    rows.iter()
        .map(|row| {
            Ok(LearningRecord {
                kind: row.try_get("kind")?,
                id: row.try_get("id")?,
                at: row.try_get("at")?,
                user_id: row.try_get("user_id")?,
                user_name: row.try_get("user_name")?,
                user_email: row.try_get("user_email")?,
                organization_id: row.try_get("organization_id")?,
                course_key: row.try_get("course_key")?,
                course_title: row.try_get("course_title")?,
                detail: row.try_get("detail")?,
                how: row.try_get("how")?,
                score_percent: row.try_get("score_percent")?,
                credits_tenths: row.try_get("credits_tenths")?,
            })
        })
        .collect()
}
