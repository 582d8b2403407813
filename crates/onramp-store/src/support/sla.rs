//! SLA calendars and policies, each ticket's targets and pauses, and the breach sweep's work list.
//!
//! # How does the sweep find work among 100,000 open tickets?
//!
//! Every target keeps `next_check_at`: when the sweep must next look at it (its warning, its
//! due time, its next escalation), or NULL when nothing is left to do or its clock is paused. The
//! sweep reads `next_check_at <= now` on a partial index and claims each target by moving
//! `next_check_at` on from the value it read ([`claim`]), so that two instances never act on one
//! target twice.

use sqlx::any::AnyRow;
use sqlx::{Any, Executor, Row};

use crate::{new_id, StoreError, Tx};

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Calendar {
    pub id: String,
    pub name: String,
    /// JSON: the wire form of `POST /api/v1/sla/preview`'s `calendar`.
    pub spec: String,
    pub updated_at: i64,
}

fn calendar_from_row(row: &AnyRow) -> Result<Calendar, StoreError> {
    Ok(Calendar {
        id: row.try_get("id")?,
        name: row.try_get("name")?,
        spec: row.try_get("spec")?,
        updated_at: row.try_get("updated_at")?,
    })
}

pub async fn calendars<'e, E>(executor: E) -> Result<Vec<Calendar>, StoreError>
where
    E: Executor<'e, Database = Any>,
{
    let rows = sqlx::query("SELECT id, name, spec, updated_at FROM sla_calendars ORDER BY name")
        .fetch_all(executor)
        .await?;
    rows.iter().map(calendar_from_row).collect()
}

pub async fn calendar<'e, E>(executor: E, id: &str) -> Result<Calendar, StoreError>
where
    E: Executor<'e, Database = Any>,
{
    let row = sqlx::query("SELECT id, name, spec, updated_at FROM sla_calendars WHERE id = $1")
        .bind(id)
        .fetch_optional(executor)
        .await?
        .ok_or(StoreError::NotFound)?;
    calendar_from_row(&row)
}

/// Creates the calendar called `name`, or replaces its spec; returns its id.
pub async fn save_calendar(tx: &mut Tx, name: &str, spec: &str) -> Result<String, StoreError> {
    let now = tx.now_ms();
    sqlx::query(
        "INSERT INTO sla_calendars (id, name, spec, updated_at) VALUES ($1, $2, $3, $4) \
         ON CONFLICT (name) DO UPDATE SET spec = excluded.spec, updated_at = excluded.updated_at",
    )
    .bind(new_id())
    .bind(name)
    .bind(spec)
    .bind(now)
    .execute(tx.conn())
    .await?;
    let id: String = sqlx::query("SELECT id FROM sla_calendars WHERE name = $1")
        .bind(name)
        .fetch_one(tx.conn())
        .await?
        .try_get("id")?;
    Ok(id)
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Policy {
    pub id: String,
    /// `default`, `tier:KEY` or `organization:ID`.
    pub scope: String,
    pub organization_id: Option<String>,
    pub organization_name: Option<String>,
    pub severity: String,
    pub calendar_id: String,
    pub calendar_name: String,
    pub calendar_spec: String,
    pub first_reply_minutes: Option<i64>,
    pub next_reply_minutes: Option<i64>,
    pub periodic_update_minutes: Option<i64>,
    pub resolution_minutes: Option<i64>,
    pub warn_before_minutes: i64,
    pub escalate_every_minutes: i64,
    pub partner_wait_minutes: i64,
    pub updated_at: i64,
}

const POLICIES: &str = "SELECT p.id, p.scope, p.organization_id, o.name AS organization_name, \
     p.severity, p.calendar_id, c.name AS calendar_name, c.spec AS calendar_spec, \
     p.first_reply_minutes, p.next_reply_minutes, p.periodic_update_minutes, \
     p.resolution_minutes, p.warn_before_minutes, p.escalate_every_minutes, \
     p.partner_wait_minutes, p.updated_at \
     FROM sla_policies p JOIN sla_calendars c ON c.id = p.calendar_id \
     LEFT JOIN organizations o ON o.id = p.organization_id";

fn policy_from_row(row: &AnyRow) -> Result<Policy, StoreError> {
    Ok(Policy {
        id: row.try_get("id")?,
        scope: row.try_get("scope")?,
        organization_id: row.try_get("organization_id")?,
        organization_name: row.try_get("organization_name")?,
        severity: row.try_get("severity")?,
        calendar_id: row.try_get("calendar_id")?,
        calendar_name: row.try_get("calendar_name")?,
        calendar_spec: row.try_get("calendar_spec")?,
        first_reply_minutes: row.try_get("first_reply_minutes")?,
        next_reply_minutes: row.try_get("next_reply_minutes")?,
        periodic_update_minutes: row.try_get("periodic_update_minutes")?,
        resolution_minutes: row.try_get("resolution_minutes")?,
        warn_before_minutes: row.try_get("warn_before_minutes")?,
        escalate_every_minutes: row.try_get("escalate_every_minutes")?,
        partner_wait_minutes: row.try_get("partner_wait_minutes")?,
        updated_at: row.try_get("updated_at")?,
    })
}

/// Every policy: the defaults, then tiers, then organizations' overrides.
pub async fn policies<'e, E>(executor: E) -> Result<Vec<Policy>, StoreError>
where
    E: Executor<'e, Database = Any>,
{
    let rows = sqlx::query(&format!(
        "{POLICIES} ORDER BY CASE WHEN p.scope = 'default' THEN 0 \
         WHEN p.scope LIKE 'tier:%' THEN 1 ELSE 2 END, p.scope, \
         CASE p.severity WHEN 'critical' THEN 0 WHEN 'high' THEN 1 WHEN 'normal' THEN 2 ELSE 3 END"
    ))
    .fetch_all(executor)
    .await?;
    rows.iter().map(policy_from_row).collect()
}

pub async fn policy<'e, E>(executor: E, id: &str) -> Result<Policy, StoreError>
where
    E: Executor<'e, Database = Any>,
{
    let row = sqlx::query(&format!("{POLICIES} WHERE p.id = $1"))
        .bind(id)
        .fetch_optional(executor)
        .await?
        .ok_or(StoreError::NotFound)?;
    policy_from_row(&row)
}

/// The policy that applies to a ticket of `severity` from an organization of `tier`: the
/// organization's override, else the tier's, else the default; None when none is defined.
pub async fn applicable<'e, E>(
    executor: E,
    organization_id: &str,
    tier: &str,
    severity: &str,
) -> Result<Option<Policy>, StoreError>
where
    E: Executor<'e, Database = Any>,
{
    let row = sqlx::query(&format!(
        "{POLICIES} WHERE p.severity = $1 AND p.scope IN ($2, $3, 'default') \
         ORDER BY CASE WHEN p.scope = $2 THEN 0 WHEN p.scope = $3 THEN 1 ELSE 2 END LIMIT 1"
    ))
    .bind(severity)
    .bind(format!("organization:{organization_id}"))
    .bind(format!("tier:{tier}"))
    .fetch_optional(executor)
    .await?;
    row.as_ref().map(policy_from_row).transpose()
}

/// What a policy promises.
#[derive(Clone, Copy, Debug)]
pub struct PolicyTerms<'a> {
    pub scope: &'a str,
    pub organization_id: Option<&'a str>,
    pub severity: &'a str,
    pub calendar_id: &'a str,
    pub first_reply_minutes: Option<i64>,
    pub next_reply_minutes: Option<i64>,
    pub periodic_update_minutes: Option<i64>,
    pub resolution_minutes: Option<i64>,
    pub warn_before_minutes: i64,
    pub escalate_every_minutes: i64,
    pub partner_wait_minutes: i64,
    pub updated_by: Option<&'a str>,
}

/// Creates the policy of `(scope, severity)` or replaces its terms; returns its id.
pub async fn save_policy(tx: &mut Tx, terms: PolicyTerms<'_>) -> Result<String, StoreError> {
    let now = tx.now_ms();
    sqlx::query(
        "INSERT INTO sla_policies (id, scope, organization_id, severity, calendar_id, \
         first_reply_minutes, next_reply_minutes, periodic_update_minutes, resolution_minutes, \
         warn_before_minutes, escalate_every_minutes, partner_wait_minutes, updated_by, updated_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14) \
         ON CONFLICT (scope, severity) DO UPDATE SET calendar_id = excluded.calendar_id, \
         first_reply_minutes = excluded.first_reply_minutes, \
         next_reply_minutes = excluded.next_reply_minutes, \
         periodic_update_minutes = excluded.periodic_update_minutes, \
         resolution_minutes = excluded.resolution_minutes, \
         warn_before_minutes = excluded.warn_before_minutes, \
         escalate_every_minutes = excluded.escalate_every_minutes, \
         partner_wait_minutes = excluded.partner_wait_minutes, \
         updated_by = excluded.updated_by, updated_at = excluded.updated_at",
    )
    .bind(new_id())
    .bind(terms.scope)
    .bind(terms.organization_id)
    .bind(terms.severity)
    .bind(terms.calendar_id)
    .bind(terms.first_reply_minutes)
    .bind(terms.next_reply_minutes)
    .bind(terms.periodic_update_minutes)
    .bind(terms.resolution_minutes)
    .bind(terms.warn_before_minutes)
    .bind(terms.escalate_every_minutes)
    .bind(terms.partner_wait_minutes)
    .bind(terms.updated_by)
    .bind(now)
    .execute(tx.conn())
    .await?;
    let id: String = sqlx::query("SELECT id FROM sla_policies WHERE scope = $1 AND severity = $2")
        .bind(terms.scope)
        .bind(terms.severity)
        .fetch_one(tx.conn())
        .await?
        .try_get("id")?;
    Ok(id)
}

pub async fn delete_policy(tx: &mut Tx, id: &str) -> Result<bool, StoreError> {
    sqlx::query("UPDATE support_tickets SET policy_id = NULL WHERE policy_id = $1")
        .bind(id)
        .execute(tx.conn())
        .await?;
    let done = sqlx::query("DELETE FROM sla_policies WHERE id = $1")
        .bind(id)
        .execute(tx.conn())
        .await?;
    Ok(done.rows_affected() == 1)
}

/// One SLA target of a ticket.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Target {
    pub id: String,
    pub ticket_id: String,
    pub metric: String,
    /// JSON: the calendar's wire form, copied from the policy when the target started.
    pub calendar: String,
    pub target_minutes: i64,
    pub warn_before_minutes: i64,
    pub escalate_every_minutes: i64,
    pub started_at: i64,
    pub due_at: Option<i64>,
    pub achieved_at: Option<i64>,
    pub cancelled_at: Option<i64>,
    pub warned_at: Option<i64>,
    pub breached_at: Option<i64>,
    pub escalation_level: i64,
    pub next_check_at: Option<i64>,
}

impl Target {
    /// Still counting: neither met nor stopped.
    pub fn running(&self) -> bool {
        self.achieved_at.is_none() && self.cancelled_at.is_none()
    }
}

const TARGETS: &str = "SELECT id, ticket_id, metric, calendar, target_minutes, \
     warn_before_minutes, escalate_every_minutes, started_at, due_at, achieved_at, cancelled_at, \
     warned_at, breached_at, escalation_level, next_check_at FROM support_targets";

fn target_from_row(row: &AnyRow) -> Result<Target, StoreError> {
    Ok(Target {
        id: row.try_get("id")?,
        ticket_id: row.try_get("ticket_id")?,
        metric: row.try_get("metric")?,
        calendar: row.try_get("calendar")?,
        target_minutes: row.try_get("target_minutes")?,
        warn_before_minutes: row.try_get("warn_before_minutes")?,
        escalate_every_minutes: row.try_get("escalate_every_minutes")?,
        started_at: row.try_get("started_at")?,
        due_at: row.try_get("due_at")?,
        achieved_at: row.try_get("achieved_at")?,
        cancelled_at: row.try_get("cancelled_at")?,
        warned_at: row.try_get("warned_at")?,
        breached_at: row.try_get("breached_at")?,
        escalation_level: row.try_get("escalation_level")?,
        next_check_at: row.try_get("next_check_at")?,
    })
}

#[derive(Clone, Copy, Debug)]
pub struct NewTarget<'a> {
    pub ticket_id: &'a str,
    pub metric: &'a str,
    pub calendar: &'a str,
    pub target_minutes: i64,
    pub warn_before_minutes: i64,
    pub escalate_every_minutes: i64,
    pub started_at: i64,
    pub due_at: Option<i64>,
    pub next_check_at: Option<i64>,
}

pub async fn insert_target(tx: &mut Tx, new: NewTarget<'_>) -> Result<String, StoreError> {
    let id = new_id();
    sqlx::query(
        "INSERT INTO support_targets (id, ticket_id, metric, calendar, target_minutes, \
         warn_before_minutes, escalate_every_minutes, started_at, due_at, escalation_level, \
         next_check_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, 0, $10)",
    )
    .bind(&id)
    .bind(new.ticket_id)
    .bind(new.metric)
    .bind(new.calendar)
    .bind(new.target_minutes)
    .bind(new.warn_before_minutes)
    .bind(new.escalate_every_minutes)
    .bind(new.started_at)
    .bind(new.due_at)
    .bind(new.next_check_at)
    .execute(tx.conn())
    .await?;
    Ok(id)
}

/// A ticket's targets, in the order they started.
pub async fn targets<'e, E>(executor: E, ticket_id: &str) -> Result<Vec<Target>, StoreError>
where
    E: Executor<'e, Database = Any>,
{
    let rows = sqlx::query(&format!(
        "{TARGETS} WHERE ticket_id = $1 ORDER BY started_at, id"
    ))
    .bind(ticket_id)
    .fetch_all(executor)
    .await?;
    rows.iter().map(target_from_row).collect()
}

pub async fn target<'e, E>(executor: E, id: &str) -> Result<Target, StoreError>
where
    E: Executor<'e, Database = Any>,
{
    let row = sqlx::query(&format!("{TARGETS} WHERE id = $1"))
        .bind(id)
        .fetch_optional(executor)
        .await?
        .ok_or(StoreError::NotFound)?;
    target_from_row(&row)
}

/// A running target's new due time and next check (both NULL while paused).
pub async fn reschedule(
    tx: &mut Tx,
    id: &str,
    due_at: Option<i64>,
    next_check_at: Option<i64>,
) -> Result<(), StoreError> {
    sqlx::query("UPDATE support_targets SET due_at = $2, next_check_at = $3 WHERE id = $1")
        .bind(id)
        .bind(due_at)
        .bind(next_check_at)
        .execute(tx.conn())
        .await?;
    Ok(())
}

/// Marks a running target met now; a target met after its due time keeps its breach.
pub async fn achieve(tx: &mut Tx, id: &str) -> Result<(), StoreError> {
    let now = tx.now_ms();
    sqlx::query(
        "UPDATE support_targets SET achieved_at = $2, next_check_at = NULL, \
         breached_at = CASE WHEN breached_at IS NULL AND due_at IS NOT NULL AND due_at < $2 \
         THEN due_at ELSE breached_at END \
         WHERE id = $1 AND achieved_at IS NULL AND cancelled_at IS NULL",
    )
    .bind(id)
    .bind(now)
    .execute(tx.conn())
    .await?;
    Ok(())
}

/// Stops a running target without it being met (nothing more is owed).
pub async fn cancel(tx: &mut Tx, id: &str) -> Result<(), StoreError> {
    let now = tx.now_ms();
    sqlx::query(
        "UPDATE support_targets SET cancelled_at = $2, next_check_at = NULL \
         WHERE id = $1 AND achieved_at IS NULL AND cancelled_at IS NULL",
    )
    .bind(id)
    .bind(now)
    .execute(tx.conn())
    .await?;
    Ok(())
}

/// Targets the sweep must look at by `now`, earliest first.
pub async fn to_check<'e, E>(executor: E, now: i64, limit: i64) -> Result<Vec<Target>, StoreError>
where
    E: Executor<'e, Database = Any>,
{
    let rows = sqlx::query(&format!(
        "{TARGETS} WHERE next_check_at IS NOT NULL AND next_check_at <= $1 \
         ORDER BY next_check_at LIMIT $2"
    ))
    .bind(now)
    .bind(limit)
    .fetch_all(executor)
    .await?;
    rows.iter().map(target_from_row).collect()
}

/// What the sweep did to a target.
#[derive(Clone, Copy, Debug)]
pub struct Claim {
    pub warned_at: Option<i64>,
    pub breached_at: Option<i64>,
    pub escalation_level: i64,
    pub next_check_at: Option<i64>,
}

/// Records what the sweep did, only if the target is still as it was read (`next_check_at`
/// unchanged and still running); false when another instance or a reply got there first.
pub async fn claim(
    tx: &mut Tx,
    id: &str,
    read_next_check_at: i64,
    claim: Claim,
) -> Result<bool, StoreError> {
    let done = sqlx::query(
        "UPDATE support_targets SET warned_at = $3, breached_at = $4, escalation_level = $5, \
         next_check_at = $6 WHERE id = $1 AND next_check_at = $2 \
         AND achieved_at IS NULL AND cancelled_at IS NULL",
    )
    .bind(id)
    .bind(read_next_check_at)
    .bind(claim.warned_at)
    .bind(claim.breached_at)
    .bind(claim.escalation_level)
    .bind(claim.next_check_at)
    .execute(tx.conn())
    .await?;
    Ok(done.rows_affected() == 1)
}

/// The times a ticket waited on the partner, oldest first; the last may still be open.
pub async fn pauses<'e, E>(
    executor: E,
    ticket_id: &str,
) -> Result<Vec<(i64, Option<i64>)>, StoreError>
where
    E: Executor<'e, Database = Any>,
{
    let rows = sqlx::query(
        "SELECT started_at, ended_at FROM support_pauses WHERE ticket_id = $1 ORDER BY started_at",
    )
    .bind(ticket_id)
    .fetch_all(executor)
    .await?;
    rows.iter()
        .map(|row| Ok((row.try_get("started_at")?, row.try_get("ended_at")?)))
        .collect()
}

/// Starts a pause now unless one is open.
pub async fn pause(tx: &mut Tx, ticket_id: &str) -> Result<(), StoreError> {
    let now = tx.now_ms();
    sqlx::query(
        "INSERT INTO support_pauses (ticket_id, started_at) SELECT $1, $2 \
         WHERE NOT EXISTS (SELECT 1 FROM support_pauses WHERE ticket_id = $1 AND ended_at IS NULL) \
         ON CONFLICT DO NOTHING",
    )
    .bind(ticket_id)
    .bind(now)
    .execute(tx.conn())
    .await?;
    Ok(())
}

/// Ends the open pause now; false when there was none.
pub async fn resume(tx: &mut Tx, ticket_id: &str) -> Result<bool, StoreError> {
    let now = tx.now_ms();
    let done = sqlx::query(
        "UPDATE support_pauses SET ended_at = $2 WHERE ticket_id = $1 AND ended_at IS NULL",
    )
    .bind(ticket_id)
    .bind(now)
    .execute(tx.conn())
    .await?;
    Ok(done.rows_affected() > 0)
}
