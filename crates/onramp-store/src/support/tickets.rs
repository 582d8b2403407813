//! Tickets and their conversation: numbers taken from one counter, the queues staff work from
//! (open tickets soonest due first, on a partial index), an organization's own list, public
//! replies and internal notes (the partner's reads never return notes), links, attachments and
//! the satisfaction survey's single-use answer.

use sha2::Digest as _;
use sqlx::any::AnyRow;
use sqlx::{Any, Executor, Row};

use crate::{new_id, StoreError, Tx};

/// The queue order of a ticket with no running clock (paused, solved, or no SLA).
pub const NO_DUE: i64 = 9_000_000_000_000_000;

/// The statuses of a ticket that still needs work, as the queue's partial indexes name them.
const OPEN: &str = "t.status IN ('new', 'open', 'waiting_on_partner', 'on_hold')";

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Ticket {
    pub id: String,
    pub number: i64,
    pub organization_id: String,
    pub organization_name: String,
    pub organization_tier: String,
    pub requester_id: Option<String>,
    pub requester_name: Option<String>,
    pub requester_email: Option<String>,
    pub subject: String,
    pub description: String,
    pub severity: String,
    pub category: String,
    pub status: String,
    pub group_key: Option<String>,
    pub group_name: Option<String>,
    pub assignee_id: Option<String>,
    pub assignee_name: Option<String>,
    /// Space-separated.
    pub tags: String,
    pub source: String,
    pub signal_key: Option<String>,
    pub policy_id: Option<String>,
    pub opened_at: i64,
    pub updated_at: i64,
    pub first_replied_at: Option<i64>,
    pub solved_at: Option<i64>,
    pub closed_at: Option<i64>,
    pub sla_due_at: Option<i64>,
    pub sla_breached: bool,
    pub csat_rating: Option<i64>,
    pub csat_comment: Option<String>,
    pub csat_at: Option<i64>,
}

const COLUMNS: &str = "t.id, t.number, t.organization_id, o.name AS organization_name, \
     o.tier AS organization_tier, t.requester_id, r.name AS requester_name, \
     r.email AS requester_email, t.subject, t.description, t.severity, t.category, t.status, \
     t.group_key, g.name AS group_name, t.assignee_id, a.name AS assignee_name, t.tags, t.source, \
     t.signal_key, t.policy_id, t.opened_at, t.updated_at, t.first_replied_at, t.solved_at, \
     t.closed_at, t.sla_due_at, t.sla_breached, t.csat_rating, t.csat_comment, t.csat_at";

const TICKETS: &str = "FROM support_tickets t JOIN organizations o ON o.id = t.organization_id \
     LEFT JOIN users r ON r.id = t.requester_id LEFT JOIN users a ON a.id = t.assignee_id \
     LEFT JOIN support_groups g ON g.group_key = t.group_key";

fn ticket_from_row(row: &AnyRow) -> Result<Ticket, StoreError> {
    Ok(Ticket {
        id: row.try_get("id")?,
        number: row.try_get("number")?,
        organization_id: row.try_get("organization_id")?,
        organization_name: row.try_get("organization_name")?,
        organization_tier: row.try_get("organization_tier")?,
        requester_id: row.try_get("requester_id")?,
        requester_name: row.try_get("requester_name")?,
        requester_email: row.try_get("requester_email")?,
        subject: row.try_get("subject")?,
        description: row.try_get("description")?,
        severity: row.try_get("severity")?,
        category: row.try_get("category")?,
        status: row.try_get("status")?,
        group_key: row.try_get("group_key")?,
        group_name: row.try_get("group_name")?,
        assignee_id: row.try_get("assignee_id")?,
        assignee_name: row.try_get("assignee_name")?,
        tags: row.try_get("tags")?,
        source: row.try_get("source")?,
        signal_key: row.try_get("signal_key")?,
        policy_id: row.try_get("policy_id")?,
        opened_at: row.try_get("opened_at")?,
        updated_at: row.try_get("updated_at")?,
        first_replied_at: row.try_get("first_replied_at")?,
        solved_at: row.try_get("solved_at")?,
        closed_at: row.try_get("closed_at")?,
        sla_due_at: row.try_get("sla_due_at")?,
        sla_breached: row.try_get::<i64, _>("sla_breached")? != 0,
        csat_rating: row.try_get("csat_rating")?,
        csat_comment: row.try_get("csat_comment")?,
        csat_at: row.try_get("csat_at")?,
    })
}

/// What a new ticket records; it is opened now, by the store's clock, with status `new`.
#[derive(Clone, Copy, Debug)]
pub struct NewTicket<'a> {
    pub organization_id: &'a str,
    pub requester_id: Option<&'a str>,
    pub subject: &'a str,
    pub description: &'a str,
    pub severity: &'a str,
    pub category: &'a str,
    pub group_key: Option<&'a str>,
    pub tags: &'a str,
    pub source: &'a str,
    pub signal_key: Option<&'a str>,
    pub policy_id: Option<&'a str>,
}

pub async fn insert(tx: &mut Tx, new: NewTicket<'_>) -> Result<Ticket, StoreError> {
    let number: i64 = sqlx::query(
        "UPDATE support_ticket_numbers SET last_number = last_number + 1 WHERE id = 1 \
         RETURNING last_number",
    )
    .fetch_one(tx.conn())
    .await?
    .try_get("last_number")?;
    let id = new_id();
    let now = tx.now_ms();
    sqlx::query(
        "INSERT INTO support_tickets (id, number, organization_id, requester_id, subject, \
         description, severity, category, status, group_key, tags, source, signal_key, \
         policy_id, opened_at, updated_at, sla_breached, sla_sort) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 'new', $9, $10, $11, $12, $13, $14, $14, 0, $15)",
    )
    .bind(&id)
    .bind(number)
    .bind(new.organization_id)
    .bind(new.requester_id)
    .bind(new.subject)
    .bind(new.description)
    .bind(new.severity)
    .bind(new.category)
    .bind(new.group_key)
    .bind(new.tags)
    .bind(new.source)
    .bind(new.signal_key)
    .bind(new.policy_id)
    .bind(now)
    .bind(NO_DUE)
    .execute(tx.conn())
    .await?;
    find(tx.conn(), &id).await
}

pub async fn find<'e, E>(executor: E, id: &str) -> Result<Ticket, StoreError>
where
    E: Executor<'e, Database = Any>,
{
    let row = sqlx::query(&format!("SELECT {COLUMNS} {TICKETS} WHERE t.id = $1"))
        .bind(id)
        .fetch_optional(executor)
        .await?
        .ok_or(StoreError::NotFound)?;
    ticket_from_row(&row)
}

/// The open ticket of a signal, if there is one.
pub async fn open_for_signal<'e, E>(executor: E, key: &str) -> Result<Option<Ticket>, StoreError>
where
    E: Executor<'e, Database = Any>,
{
    let row = sqlx::query(&format!(
        "SELECT {COLUMNS} {TICKETS} WHERE t.signal_key = $1 AND {OPEN}"
    ))
    .bind(key)
    .fetch_optional(executor)
    .await?;
    row.as_ref().map(ticket_from_row).transpose()
}

/// Takes the ticket's row lock for the rest of the transaction (PostgreSQL; SQLite's `Tx` holds
/// the write lock already), so that two changes to one ticket happen one after the other.
pub async fn lock(tx: &mut Tx, id: &str) -> Result<Ticket, StoreError> {
    let done = sqlx::query("UPDATE support_tickets SET id = id WHERE id = $1")
        .bind(id)
        .execute(tx.conn())
        .await?;
    if done.rows_affected() == 0 {
        return Err(StoreError::NotFound);
    }
    find(tx.conn(), id).await
}

/// Moves a ticket to `status`, stamping when it was solved (cleared on reopening) or closed.
pub async fn set_status(tx: &mut Tx, id: &str, status: &str) -> Result<(), StoreError> {
    let now = tx.now_ms();
    sqlx::query(
        "UPDATE support_tickets SET status = $2, updated_at = $3, \
         solved_at = CASE WHEN $2 = 'solved' THEN $3 WHEN $2 = 'closed' THEN solved_at ELSE NULL END, \
         closed_at = CASE WHEN $2 = 'closed' THEN $3 ELSE NULL END WHERE id = $1",
    )
    .bind(id)
    .bind(status)
    .bind(now)
    .execute(tx.conn())
    .await?;
    Ok(())
}

/// Who works the ticket: its group and assignee.
pub async fn set_assignment(
    tx: &mut Tx,
    id: &str,
    group_key: Option<&str>,
    assignee_id: Option<&str>,
) -> Result<(), StoreError> {
    let now = tx.now_ms();
    sqlx::query(
        "UPDATE support_tickets SET group_key = $2, assignee_id = $3, updated_at = $4 WHERE id = $1",
    )
    .bind(id)
    .bind(group_key)
    .bind(assignee_id)
    .bind(now)
    .execute(tx.conn())
    .await?;
    Ok(())
}

pub async fn set_tags(tx: &mut Tx, id: &str, tags: &str) -> Result<(), StoreError> {
    let now = tx.now_ms();
    sqlx::query("UPDATE support_tickets SET tags = $2, updated_at = $3 WHERE id = $1")
        .bind(id)
        .bind(tags)
        .bind(now)
        .execute(tx.conn())
        .await?;
    Ok(())
}

/// Records the first public staff reply (once) and touches the ticket.
pub async fn touch(tx: &mut Tx, id: &str, staff_replied: bool) -> Result<(), StoreError> {
    let now = tx.now_ms();
    sqlx::query(
        "UPDATE support_tickets SET updated_at = $2, first_replied_at = CASE \
         WHEN $3 = 1 AND first_replied_at IS NULL THEN $2 ELSE first_replied_at END WHERE id = $1",
    )
    .bind(id)
    .bind(now)
    .bind(i64::from(staff_replied))
    .execute(tx.conn())
    .await?;
    Ok(())
}

/// The ticket's SLA summary the queues sort and filter by.
pub async fn set_sla_summary(
    tx: &mut Tx,
    id: &str,
    due_at: Option<i64>,
    breached: bool,
) -> Result<(), StoreError> {
    sqlx::query(
        "UPDATE support_tickets SET sla_due_at = $2, sla_breached = $3, sla_sort = $4 WHERE id = $1",
    )
    .bind(id)
    .bind(due_at)
    .bind(i64::from(breached))
    .bind(due_at.unwrap_or(NO_DUE))
    .execute(tx.conn())
    .await?;
    Ok(())
}

/// Which tickets a list shows. Every filter is optional; `organization_id` scopes a partner's
/// list to their own organization.
#[derive(Clone, Debug, Default)]
pub struct TicketFilter {
    pub organization_id: Option<String>,
    /// Only tickets that still need work (the queues).
    pub open_only: bool,
    pub status: Option<String>,
    pub group_key: Option<String>,
    pub severity: Option<String>,
    pub assignee_id: Option<String>,
    /// `breached` (a target breached), `due` (a clock running), `paused` (waiting on the partner).
    pub sla: Option<String>,
}

/// Lists count matching tickets up to this many; a count above it means "more than".
pub const COUNT_CAP: i64 = 10_000;

/// A page of tickets and how many match in all (up to [`COUNT_CAP`] + 1, which means more than
/// the cap). Open queues sort soonest due first; other lists most recently updated first.
pub async fn list<'e, E>(
    executor: E,
    filter: &TicketFilter,
    limit: i64,
    offset: i64,
) -> Result<(Vec<Ticket>, i64), StoreError>
where
    E: Executor<'e, Database = Any> + Copy,
{
    let mut conditions: Vec<String> = Vec::new();
    let mut values: Vec<String> = Vec::new();
    let mut bind = |condition: &str, value: &str, conditions: &mut Vec<String>| {
        values.push(value.to_owned());
        conditions.push(condition.replace('?', &format!("${}", values.len())));
    };
    if let Some(organization_id) = &filter.organization_id {
        bind("t.organization_id = ?", organization_id, &mut conditions);
    }
    if filter.open_only {
        conditions.push(OPEN.to_owned());
    }
    if let Some(status) = &filter.status {
        bind("t.status = ?", status, &mut conditions);
    }
    if let Some(group_key) = &filter.group_key {
        bind("t.group_key = ?", group_key, &mut conditions);
    }
    if let Some(severity) = &filter.severity {
        bind("t.severity = ?", severity, &mut conditions);
    }
    if let Some(assignee_id) = &filter.assignee_id {
        bind("t.assignee_id = ?", assignee_id, &mut conditions);
    }
    match filter.sla.as_deref() {
        Some("breached") => conditions.push("t.sla_breached = 1".to_owned()),
        Some("due") => conditions.push("t.sla_due_at IS NOT NULL".to_owned()),
        Some("paused") => conditions.push("t.status = 'waiting_on_partner'".to_owned()),
        _ => {}
    }
    let clause = if conditions.is_empty() {
        String::new()
    } else {
        format!("WHERE {}", conditions.join(" AND "))
    };
    let order = if filter.open_only {
        "t.sla_sort, t.number"
    } else {
        "t.updated_at DESC, t.number DESC"
    };
    let limit_index = values.len() + 1;
    let query_text = format!(
        "SELECT {COLUMNS} {TICKETS} {clause} ORDER BY {order} LIMIT ${limit_index} OFFSET ${}",
        limit_index + 1
    );
    let mut query = sqlx::query(&query_text);
    for value in &values {
        query = query.bind(value.as_str());
    }
    let rows = query.bind(limit).bind(offset).fetch_all(executor).await?;
    // Counted only up to the cap: an exact count of 100,000 open tickets reads them all.
    let count_text = format!(
        "SELECT COUNT(*) AS n FROM (SELECT 1 FROM support_tickets t {clause} LIMIT {}) counted",
        COUNT_CAP + 1
    );
    let mut count = sqlx::query(&count_text);
    for value in &values {
        count = count.bind(value.as_str());
    }
    let total: i64 = count.fetch_one(executor).await?.try_get("n")?;
    let tickets = rows.iter().map(ticket_from_row).collect::<Result<_, _>>()?;
    Ok((tickets, total))
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Message {
    pub id: String,
    pub ticket_id: String,
    pub author_id: Option<String>,
    pub author_name: Option<String>,
    pub author_is_staff: bool,
    /// `public` or `internal`.
    pub visibility: String,
    pub body: String,
    pub created_at: i64,
}

pub async fn insert_message(
    tx: &mut Tx,
    ticket_id: &str,
    author_id: Option<&str>,
    visibility: &str,
    body: &str,
) -> Result<String, StoreError> {
    let id = new_id();
    let now = tx.now_ms();
    sqlx::query(
        "INSERT INTO support_messages (id, ticket_id, author_id, visibility, body, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6)",
    )
    .bind(&id)
    .bind(ticket_id)
    .bind(author_id)
    .bind(visibility)
    .bind(body)
    .bind(now)
    .execute(tx.conn())
    .await?;
    Ok(id)
}

/// Which messages a reader may see: a partner reads public replies only.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Readers {
    Partner,
    Staff,
}

/// A ticket's conversation, oldest first; internal notes only for staff.
pub async fn messages<'e, E>(
    executor: E,
    ticket_id: &str,
    readers: Readers,
) -> Result<Vec<Message>, StoreError>
where
    E: Executor<'e, Database = Any>,
{
    let visibility = match readers {
        Readers::Partner => "AND m.visibility = 'public'",
        Readers::Staff => "",
    };
    let rows = sqlx::query(&format!(
        "SELECT m.id, m.ticket_id, m.author_id, u.name AS author_name, \
         u.organization_id AS author_organization, m.visibility, m.body, m.created_at \
         FROM support_messages m LEFT JOIN users u ON u.id = m.author_id \
         WHERE m.ticket_id = $1 {visibility} ORDER BY m.created_at, m.id"
    ))
    .bind(ticket_id)
    .fetch_all(executor)
    .await?;
    rows.iter()
        .map(|row| {
            let author_id: Option<String> = row.try_get("author_id")?;
            let author_organization: Option<String> = row.try_get("author_organization")?;
            Ok(Message {
                id: row.try_get("id")?,
                ticket_id: row.try_get("ticket_id")?,
                author_is_staff: author_id.is_none() || author_organization.is_none(),
                author_id,
                author_name: row.try_get("author_name")?,
                visibility: row.try_get("visibility")?,
                body: row.try_get("body")?,
                created_at: row.try_get("created_at")?,
            })
        })
        .collect()
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Link {
    pub kind: String,
    pub target_id: String,
    pub label: String,
    pub path: String,
}

pub async fn insert_link(tx: &mut Tx, ticket_id: &str, link: &Link) -> Result<(), StoreError> {
    sqlx::query(
        "INSERT INTO support_links (ticket_id, kind, target_id, label, path) \
         VALUES ($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING",
    )
    .bind(ticket_id)
    .bind(&link.kind)
    .bind(&link.target_id)
    .bind(&link.label)
    .bind(&link.path)
    .execute(tx.conn())
    .await?;
    Ok(())
}

pub async fn links<'e, E>(executor: E, ticket_id: &str) -> Result<Vec<Link>, StoreError>
where
    E: Executor<'e, Database = Any>,
{
    let rows = sqlx::query(
        "SELECT kind, target_id, label, path FROM support_links WHERE ticket_id = $1 \
         ORDER BY kind, label",
    )
    .bind(ticket_id)
    .fetch_all(executor)
    .await?;
    rows.iter()
        .map(|row| {
            Ok(Link {
                kind: row.try_get("kind")?,
                target_id: row.try_get("target_id")?,
                label: row.try_get("label")?,
                path: row.try_get("path")?,
            })
        })
        .collect()
}

/// An attachment's description (its bytes are read by [`attachment_content`]).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Attachment {
    pub id: String,
    pub ticket_id: String,
    pub message_id: Option<String>,
    pub filename: String,
    pub content_type: String,
    pub size_bytes: i64,
    pub sha256: String,
    pub uploaded_at: i64,
    /// Whether it came with an internal note (staff only).
    pub internal: bool,
}

#[derive(Clone, Copy, Debug)]
pub struct NewAttachment<'a> {
    pub ticket_id: &'a str,
    pub message_id: Option<&'a str>,
    pub filename: &'a str,
    pub content_type: &'a str,
    pub content: &'a [u8],
    pub uploaded_by: Option<&'a str>,
}

pub async fn insert_attachment(tx: &mut Tx, new: NewAttachment<'_>) -> Result<String, StoreError> {
    let id = new_id();
    let now = tx.now_ms();
    sqlx::query(
        "INSERT INTO support_attachments (id, ticket_id, message_id, filename, content_type, \
         size_bytes, sha256, content, uploaded_by, uploaded_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
    )
    .bind(&id)
    .bind(new.ticket_id)
    .bind(new.message_id)
    .bind(new.filename)
    .bind(new.content_type)
    .bind(i64::try_from(new.content.len()).unwrap_or(i64::MAX))
    .bind(hex::encode(sha2::Sha256::digest(new.content)))
    .bind(new.content)
    .bind(new.uploaded_by)
    .bind(now)
    .execute(tx.conn())
    .await?;
    Ok(id)
}

const ATTACHMENTS: &str = "SELECT a.id, a.ticket_id, a.message_id, a.filename, a.content_type, \
     a.size_bytes, a.sha256, a.uploaded_at, \
     CASE WHEN m.visibility = 'internal' THEN 1 ELSE 0 END AS internal \
     FROM support_attachments a LEFT JOIN support_messages m ON m.id = a.message_id";

fn attachment_from_row(row: &AnyRow) -> Result<Attachment, StoreError> {
    Ok(Attachment {
        id: row.try_get("id")?,
        ticket_id: row.try_get("ticket_id")?,
        message_id: row.try_get("message_id")?,
        filename: row.try_get("filename")?,
        content_type: row.try_get("content_type")?,
        size_bytes: row.try_get("size_bytes")?,
        sha256: row.try_get("sha256")?,
        uploaded_at: row.try_get("uploaded_at")?,
        internal: row.try_get::<i64, _>("internal")? != 0,
    })
}

/// A ticket's attachments, oldest first; those of internal notes only for staff.
pub async fn attachments<'e, E>(
    executor: E,
    ticket_id: &str,
    readers: Readers,
) -> Result<Vec<Attachment>, StoreError>
where
    E: Executor<'e, Database = Any>,
{
    let rows = sqlx::query(&format!(
        "{ATTACHMENTS} WHERE a.ticket_id = $1 ORDER BY a.uploaded_at, a.id"
    ))
    .bind(ticket_id)
    .fetch_all(executor)
    .await?;
    let all = rows
        .iter()
        .map(attachment_from_row)
        .collect::<Result<Vec<_>, _>>()?;
    Ok(all
        .into_iter()
        .filter(|attachment| readers == Readers::Staff || !attachment.internal)
        .collect())
}

/// One attachment of a ticket with its bytes.
pub async fn attachment_content<'e, E>(
    executor: E,
    ticket_id: &str,
    id: &str,
) -> Result<(Attachment, Vec<u8>), StoreError>
where
    E: Executor<'e, Database = Any> + Copy,
{
    let row = sqlx::query(&format!(
        "{ATTACHMENTS} WHERE a.ticket_id = $1 AND a.id = $2"
    ))
    .bind(ticket_id)
    .bind(id)
    .fetch_optional(executor)
    .await?
    .ok_or(StoreError::NotFound)?;
    let attachment = attachment_from_row(&row)?;
    let content: Vec<u8> = sqlx::query("SELECT content FROM support_attachments WHERE id = $1")
        .bind(id)
        .fetch_one(executor)
        .await?
        .try_get("content")?;
    Ok((attachment, content))
}

/// Stores the hash of a new survey link (replacing an unused one of an earlier solve).
pub async fn set_csat_token(tx: &mut Tx, id: &str, token_hash: &str) -> Result<(), StoreError> {
    sqlx::query(
        "UPDATE support_tickets SET csat_token_hash = $2, csat_rating = NULL, \
         csat_comment = NULL, csat_at = NULL WHERE id = $1",
    )
    .bind(id)
    .bind(token_hash)
    .execute(tx.conn())
    .await?;
    Ok(())
}

/// The ticket a survey link belongs to, if it was not used yet.
pub async fn by_csat_token<'e, E>(executor: E, token_hash: &str) -> Result<Ticket, StoreError>
where
    E: Executor<'e, Database = Any>,
{
    let row = sqlx::query(&format!(
        "SELECT {COLUMNS} {TICKETS} WHERE t.csat_token_hash = $1"
    ))
    .bind(token_hash)
    .fetch_optional(executor)
    .await?
    .ok_or(StoreError::NotFound)?;
    ticket_from_row(&row)
}

/// Records the survey's answer once: the link then only says it was answered. False when it was used already.
pub async fn rate(
    tx: &mut Tx,
    token_hash: &str,
    rating: i64,
    comment: &str,
) -> Result<bool, StoreError> {
    let now = tx.now_ms();
    let done = sqlx::query(
        "UPDATE support_tickets SET csat_rating = $2, csat_comment = $3, csat_at = $4 \
         WHERE csat_token_hash = $1 AND csat_rating IS NULL",
    )
    .bind(token_hash)
    .bind(rating)
    .bind(comment)
    .bind(now)
    .execute(tx.conn())
    .await?;
    Ok(done.rows_affected() == 1)
}

/// Tickets solved before `cutoff` and not closed, oldest first.
pub async fn solved_before<'e, E>(
    executor: E,
    cutoff: i64,
    limit: i64,
) -> Result<Vec<String>, StoreError>
where
    E: Executor<'e, Database = Any>,
{
    let rows = sqlx::query(
        "SELECT id FROM support_tickets WHERE status = 'solved' AND solved_at < $1 \
         ORDER BY solved_at LIMIT $2",
    )
    .bind(cutoff)
    .bind(limit)
    .fetch_all(executor)
    .await?;
    rows.iter().map(|row| Ok(row.try_get("id")?)).collect()
}

/// Whether a ticket of this signal was solved or closed since `since` (a condition still there
/// after its ticket was solved does not open another at once).
pub async fn signal_solved_since<'e, E>(
    executor: E,
    key: &str,
    since: i64,
) -> Result<bool, StoreError>
where
    E: Executor<'e, Database = Any>,
{
    let row = sqlx::query(
        "SELECT 1 AS found FROM support_tickets WHERE signal_key = $1 \
         AND COALESCE(solved_at, closed_at) >= $2 LIMIT 1",
    )
    .bind(key)
    .bind(since)
    .fetch_optional(executor)
    .await?;
    Ok(row.is_some())
}
