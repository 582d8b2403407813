//! Tickets: opened by partner people (for their organization), by staff (for any) and by Onramp
//! itself from signals; public replies and internal notes; statuses and the SLA clock; group,
//! assignee and tags; links to what the ticket is about; attachments; and the satisfaction survey
//! sent on solve.
//!
//! # Who sees what
//!
//! A partner person sees only their organization's tickets — any other ticket is "not found" —,
//! never their tags (staff's triage), and never an internal note: the store's partner reads leave notes and their attachments out,
//! mail and webhook events are only sent for public replies. Support staff see every ticket.

use onramp_core::platform::outbox::MailFamily;
use onramp_core::support::{Severity, TicketStatus};
use onramp_store::platform::audit::{self, AuditContext, Change};
use onramp_store::support::sla as sla_store;
use onramp_store::support::tickets::{
    self as store, Attachment, Link, Message, NewAttachment, NewTicket, Readers, Ticket,
    TicketFilter,
};
use onramp_store::support::{groups as group_store, signals};
use onramp_store::{StoreError, Tx};

use super::targets::{self, TargetView, PARTNER_WAIT};
use super::{groups, is_support_staff};
use crate::platform::outbox::{emit, queue_mail, Event, Mail};
use crate::registry::services::documents::{clean_filename, max_document_bytes, sniff, Upload};
use crate::registry::services::scope;
use crate::state::AppState;
use crate::web::actor::Actor;
use crate::web::error::{AppError, FieldError};
use crate::web::secret::{random_token, sha256_hex};

/// A partner may reopen a solved ticket by replying within this many days; after it the ticket
/// is closed by the sweep.
pub const REOPEN_DAYS: i64 = 14;

const MAX_SUBJECT: usize = 200;
const MAX_BODY: usize = 20_000;

/// Who reads a ticket, decided once per request.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Reader<'a> {
    Staff,
    Partner { organization_id: &'a str },
}

fn reader(actor: &Actor) -> Result<Reader<'_>, AppError> {
    let user = scope::user(actor)?;
    if is_support_staff(user.role) {
        return Ok(Reader::Staff);
    }
    match (&user.organization_id, user.role.is_staff()) {
        (Some(organization_id), false) => Ok(Reader::Partner { organization_id }),
        _ => Err(AppError::Forbidden),
    }
}

fn readers(reader: Reader<'_>) -> Readers {
    match reader {
        Reader::Staff => Readers::Staff,
        Reader::Partner { .. } => Readers::Partner,
    }
}

/// The ticket if the reader may see it; "not found" for another organization's.
async fn visible(state: &AppState, reader: Reader<'_>, id: &str) -> Result<Ticket, AppError> {
    let ticket = match store::find(state.store.pool(), id).await {
        Ok(ticket) => ticket,
        Err(StoreError::NotFound) => return Err(AppError::NotFound("ticket")),
        Err(other) => return Err(other.into()),
    };
    match reader {
        Reader::Partner { organization_id } if ticket.organization_id != organization_id => {
            Err(AppError::NotFound("ticket"))
        }
        _ => Ok(ticket),
    }
}

/// The public path of a ticket's page.
pub fn path(ticket: &Ticket) -> String {
    format!("/support/tickets/{}", ticket.id)
}

fn url(state: &AppState, ticket: &Ticket) -> String {
    format!(
        "{}{}",
        state.config.public_base_url.trim_end_matches('/'),
        path(ticket)
    )
}

/// A new ticket as a person writes it.
#[derive(Clone, Debug, Default)]
pub struct TicketInput {
    pub subject: String,
    pub description: String,
    pub severity: String,
    pub category: String,
    /// Staff only: the organization the ticket is for.
    pub organization_id: String,
    /// `kind:id` of what the ticket is about.
    pub links: Vec<String>,
    pub attachments: Vec<Upload>,
}

fn check_uploads(
    state: &AppState,
    uploads: &[Upload],
    fields: &mut Vec<FieldError>,
) -> Vec<(String, &'static str)> {
    let mut accepted = Vec::new();
    for upload in uploads.iter().filter(|upload| !upload.bytes.is_empty()) {
        if upload.bytes.len() > max_document_bytes(&state.config) {
            fields.push(FieldError::new(
                "attachments",
                format!(
                    "{} is larger than the limit",
                    clean_filename(&upload.filename)
                ),
            ));
            continue;
        }
        match sniff(&upload.bytes) {
            Some(content_type) => accepted.push((clean_filename(&upload.filename), content_type)),
            None => fields.push(FieldError::new(
                "attachments",
                format!(
                    "{} is not a PDF, PNG or JPEG file",
                    clean_filename(&upload.filename)
                ),
            )),
        }
    }
    accepted
}

async fn store_uploads(
    tx: &mut Tx,
    ticket_id: &str,
    message_id: Option<&str>,
    uploads: &[Upload],
    accepted: &[(String, &'static str)],
    uploaded_by: Option<&str>,
) -> Result<(), AppError> {
    for (upload, (filename, content_type)) in uploads
        .iter()
        .filter(|upload| !upload.bytes.is_empty())
        .zip(accepted)
    {
        store::insert_attachment(
            tx,
            NewAttachment {
                ticket_id,
                message_id,
                filename,
                content_type,
                content: &upload.bytes,
                uploaded_by,
            },
        )
        .await?;
    }
    Ok(())
}

/// Opens a ticket: a partner person for their organization, support staff for any. Links must
/// name things of the ticket's organization. The group is chosen by the category, the SLA
/// policy by the organization's tier and the severity; its first-reply and resolution clocks
/// start now.
pub async fn open(
    state: &AppState,
    actor: &Actor,
    input: &TicketInput,
) -> Result<Ticket, AppError> {
    let reader = reader(actor)?;
    let user = scope::user(actor)?;
    let mut fields = Vec::new();
    let subject = input.subject.trim();
    if subject.is_empty() || subject.chars().count() > MAX_SUBJECT {
        fields.push(FieldError::new(
            "subject",
            "a subject of 1 to 200 characters",
        ));
    }
    let description = input.description.trim();
    if description.is_empty() || description.chars().count() > MAX_BODY {
        fields.push(FieldError::new(
            "description",
            "describe the problem (up to 20,000 characters)",
        ));
    }
    let severity = input.severity.parse::<Severity>().ok();
    if severity.is_none() {
        fields.push(FieldError::new("severity", "choose a severity"));
    }
    if !groups::CATEGORIES
        .iter()
        .any(|(key, _)| *key == input.category)
    {
        fields.push(FieldError::new("category", "choose a category"));
    }
    let organization_id = match reader {
        Reader::Partner { organization_id } => organization_id.to_owned(),
        Reader::Staff => {
            let id = input.organization_id.trim();
            match onramp_store::registry::organizations::find(state.store.pool(), id).await {
                Ok(organization) => organization.id,
                Err(StoreError::NotFound) => {
                    fields.push(FieldError::new("organization_id", "choose an organization"));
                    String::new()
                }
                Err(other) => return Err(other.into()),
            }
        }
    };
    let mut links = Vec::new();
    for text in input.links.iter().filter(|text| !text.trim().is_empty()) {
        let Some((kind, id)) = text.trim().split_once(':') else {
            fields.push(FieldError::new(
                "links",
                "choose what the ticket is about from the list",
            ));
            continue;
        };
        match signals::link_target(state.store.pool(), kind, id).await? {
            Some(target) if target.organization_id == organization_id => links.push(Link {
                kind: target.kind,
                target_id: target.id,
                label: target.label,
                path: target.path,
            }),
            _ => fields.push(FieldError::new(
                "links",
                "a linked item was not found in the ticket's organization",
            )),
        }
    }
    let accepted = check_uploads(state, &input.attachments, &mut fields);
    let Some(severity) = severity.filter(|_| fields.is_empty()) else {
        return Err(AppError::validation(fields));
    };
    let source = match reader {
        Reader::Staff => "staff",
        Reader::Partner { .. } => "partner",
    };
    let ticket = open_in_tx(
        state,
        &actor.audit_context(),
        Opening {
            organization_id: &organization_id,
            requester_id: Some(&user.id),
            subject,
            description,
            severity,
            category: &input.category,
            source,
            signal_key: None,
            links: &links,
            attachments: &input.attachments,
            accepted: &accepted,
        },
    )
    .await?;
    Ok(ticket)
}

/// What a new ticket is, whoever opens it.
pub struct Opening<'a> {
    pub organization_id: &'a str,
    pub requester_id: Option<&'a str>,
    pub subject: &'a str,
    pub description: &'a str,
    pub severity: Severity,
    pub category: &'a str,
    pub source: &'a str,
    pub signal_key: Option<&'a str>,
    pub links: &'a [Link],
    /// Files sent with the ticket, and their checked names and types.
    pub attachments: &'a [Upload],
    pub accepted: &'a [(String, &'static str)],
}

/// Opens a ticket in one transaction with its links, attachments, targets, audit event, outbox
/// event and mail.
pub async fn open_in_tx(
    state: &AppState,
    context: &AuditContext,
    opening: Opening<'_>,
) -> Result<Ticket, AppError> {
    let all_groups = group_store::all(state.store.pool()).await?;
    let group = groups::for_category(&all_groups, opening.category);
    let mut tx = state.store.begin().await?;
    let tier: String = group_store::organization_tier(tx.conn(), opening.organization_id)
        .await?
        .unwrap_or_else(|| "public".to_owned());
    let policy = sla_store::applicable(
        tx.conn(),
        opening.organization_id,
        &tier,
        opening.severity.as_str(),
    )
    .await?;
    let tags = if opening.source == "signal" {
        "proactive"
    } else {
        ""
    };
    let ticket = store::insert(
        &mut tx,
        NewTicket {
            organization_id: opening.organization_id,
            requester_id: opening.requester_id,
            subject: opening.subject,
            description: opening.description,
            severity: opening.severity.as_str(),
            category: opening.category,
            group_key: group.map(|group| group.key.as_str()),
            tags,
            source: opening.source,
            signal_key: opening.signal_key,
            policy_id: policy.as_ref().map(|policy| policy.id.as_str()),
        },
    )
    .await?;
    for link in opening.links {
        store::insert_link(&mut tx, &ticket.id, link).await?;
    }
    if let Some(policy) = &policy {
        targets::start(&mut tx, &ticket.id, policy, "first_reply").await?;
        targets::start(&mut tx, &ticket.id, policy, "resolution").await?;
    }
    targets::summarize(&mut tx, &ticket.id).await?;
    store_uploads(
        &mut tx,
        &ticket.id,
        None,
        opening.attachments,
        opening.accepted,
        opening.requester_id,
    )
    .await?;
    audit::append(
        &mut tx,
        context,
        Change {
            action: "support.ticket_opened",
            entity_type: "support_ticket",
            entity_id: &ticket.id,
            organization_id: Some(opening.organization_id),
            summary: format!(
                "ticket #{} “{}” opened ({}, {}, by {})",
                ticket.number,
                ticket.subject,
                opening.severity.as_str(),
                ticket.category,
                opening.source
            ),
        },
    )
    .await?;
    let now = tx.now_ms();
    let event_id = emit(
        &mut tx,
        now,
        Event {
            event_type: "support.ticket_created",
            organization_id: Some(opening.organization_id),
            data: serde_json::json!({
                "ticket_id": ticket.id,
                "number": ticket.number,
                "subject": ticket.subject,
                "severity": ticket.severity,
                "category": ticket.category,
                "source": opening.source,
            }),
        },
    )
    .await?;
    // A ticket staff or Onramp opened: the organization's named contact hears of it.
    let partner_requester = ticket
        .requester_email
        .clone()
        .filter(|_| opening.source == "partner");
    let (to, body) = match &partner_requester {
        Some(email) => (
            Some(email.clone()),
            format!(
                "We received your ticket #{} ({}).\n\nFollow it and reply at {}\n",
                ticket.number,
                opening.severity.label(),
                url(state, &ticket)
            ),
        ),
        None => (
            group_store::organization_contact(tx.conn(), opening.organization_id)
                .await?
                .map(|contact| contact.email),
            format!(
                "Onramp noticed something that needs your attention and opened ticket #{} for {}:\n\n{}\n\nFollow it and reply at {}\n",
                ticket.number,
                ticket.organization_name,
                ticket.subject,
                url(state, &ticket)
            ),
        ),
    };
    if let Some(to) = to {
        queue_mail(
            &mut tx,
            now,
            Mail {
                family: MailFamily::Support,
                to: &to,
                subject: &format!("[#{}] {}", ticket.number, ticket.subject),
                body,
                event_id: Some(&event_id),
            },
        )
        .await?;
    }
    if let Some(group) = group {
        if matches!(opening.severity, Severity::Critical | Severity::High) {
            let mut told: Vec<&str> = Vec::new();
            for member in group.members.iter().chain(group.lead.iter()) {
                if told.contains(&member.user_id.as_str()) {
                    continue;
                }
                told.push(&member.user_id);
                queue_mail(
                    &mut tx,
                    now,
                    Mail {
                        family: MailFamily::Support,
                        to: &member.email,
                        subject: &format!(
                            "[#{}] New {} ticket: {}",
                            ticket.number,
                            opening.severity.as_str(),
                            ticket.subject
                        ),
                        body: format!(
                            "{} opened a {} ticket for {} in {}.\n\n{}\n",
                            ticket.requester_name.as_deref().unwrap_or("Onramp"),
                            opening.severity.label().to_lowercase(),
                            ticket.organization_name,
                            group.name,
                            url(state, &ticket)
                        ),
                        event_id: Some(&event_id),
                    },
                )
                .await?;
            }
        }
    }
    let ticket = store::find(tx.conn(), &ticket.id).await?;
    tx.commit().await?;
    Ok(ticket)
}

/// One ticket as its reader sees it.
#[derive(Clone, Debug)]
pub struct TicketView {
    pub ticket: Ticket,
    pub messages: Vec<Message>,
    pub links: Vec<Link>,
    pub attachments: Vec<Attachment>,
    pub targets: Vec<TargetView>,
    pub staff: bool,
    /// Whether a partner's reply now would reopen it (solved, within the reopen window).
    pub reopenable: bool,
}

pub async fn view(state: &AppState, actor: &Actor, id: &str) -> Result<TicketView, AppError> {
    let reader = reader(actor)?;
    let ticket = visible(state, reader, id).await?;
    let pool = state.store.pool();
    let now = state.clock.now_ms();
    let readers = readers(reader);
    let ticket = for_readers(ticket, readers);
    let pauses = sla_store::pauses(pool, &ticket.id).await?;
    let all_targets = sla_store::targets(pool, &ticket.id).await?;
    let mut target_views = targets::views(&all_targets, &pauses, now);
    if readers == Readers::Partner {
        target_views.retain(|target| target.metric != PARTNER_WAIT);
    }
    Ok(TicketView {
        messages: store::messages(pool, &ticket.id, readers).await?,
        links: store::links(pool, &ticket.id).await?,
        attachments: store::attachments(pool, &ticket.id, readers).await?,
        targets: target_views,
        staff: readers == Readers::Staff,
        reopenable: reopenable(&ticket, now),
        ticket,
    })
}

/// A ticket as its readers may see it: tags are staff's triage, not shown to partners.
fn for_readers(mut ticket: Ticket, readers: Readers) -> Ticket {
    if readers == Readers::Partner {
        ticket.tags.clear();
    }
    ticket
}

fn reopenable(ticket: &Ticket, now: i64) -> bool {
    ticket.status == TicketStatus::Solved.as_str()
        && ticket
            .solved_at
            .is_some_and(|solved| now - solved <= REOPEN_DAYS * 86_400_000)
}

/// A page of tickets: a partner's organization's, or the staff queue with its filters.
pub async fn list(
    state: &AppState,
    actor: &Actor,
    mut filter: TicketFilter,
    limit: i64,
    offset: i64,
) -> Result<(Vec<Ticket>, i64), AppError> {
    let reader = reader(actor)?;
    if let Reader::Partner { organization_id } = reader {
        filter.organization_id = Some(organization_id.to_owned());
    }
    let (found, total) = store::list(
        state.store.pool(),
        &filter,
        limit.clamp(1, 200),
        offset.max(0),
    )
    .await?;
    let found = found
        .into_iter()
        .map(|ticket| for_readers(ticket, readers(reader)))
        .collect();
    Ok((found, total))
}

/// A reply as a person writes it.
#[derive(Clone, Debug, Default)]
pub struct ReplyInput {
    pub body: String,
    /// An internal note (staff only).
    pub internal: bool,
    /// Staff only: the status to move to with the reply (empty: as the reply implies).
    pub status: String,
    pub attachments: Vec<Upload>,
}

/// Adds a public reply or an internal note.
///
/// A staff public reply meets the first-reply, next-reply and periodic-update targets (and starts
/// the next periodic update); a new ticket becomes open. A partner's reply resumes a ticket
/// waiting on them, starts the next-reply clock, and reopens a solved ticket within
/// [`REOPEN_DAYS`]. Internal notes touch no clock and are never mailed or sent to webhooks.
pub async fn reply(
    state: &AppState,
    actor: &Actor,
    id: &str,
    input: &ReplyInput,
) -> Result<Ticket, AppError> {
    let reader = reader(actor)?;
    let user = scope::user(actor)?;
    let staff = reader == Reader::Staff;
    let ticket = visible(state, reader, id).await?;
    let mut fields = Vec::new();
    let body = input.body.trim();
    if body.is_empty() || body.chars().count() > MAX_BODY {
        fields.push(FieldError::new(
            "body",
            "write a reply (up to 20,000 characters)",
        ));
    }
    if input.internal && !staff {
        return Err(AppError::Forbidden);
    }
    let status_change = match input.status.trim() {
        "" => None,
        text if staff => match text.parse::<TicketStatus>() {
            Ok(status) => Some(status),
            Err(_) => {
                fields.push(FieldError::new("status", "choose a status"));
                None
            }
        },
        _ => return Err(AppError::Forbidden),
    };
    let accepted = check_uploads(state, &input.attachments, &mut fields);
    if !fields.is_empty() {
        return Err(AppError::validation(fields));
    }
    replyable(&ticket, staff, status_change, state.clock.now_ms())?;
    let mut tx = state.store.begin().await?;
    // Decided again on the locked row: a status may have moved since it was read.
    let ticket = store::lock(&mut tx, id).await?;
    let status = replyable(&ticket, staff, status_change, tx.now_ms())?;
    let visibility = if input.internal { "internal" } else { "public" };
    let message_id =
        store::insert_message(&mut tx, &ticket.id, Some(&user.id), visibility, body).await?;
    store_uploads(
        &mut tx,
        &ticket.id,
        Some(&message_id),
        &input.attachments,
        &accepted,
        Some(&user.id),
    )
    .await?;
    let policy = policy_of(&mut tx, &ticket).await?;
    store::touch(&mut tx, &ticket.id, staff && !input.internal).await?;
    if !input.internal {
        if staff {
            targets::achieve(
                &mut tx,
                &ticket.id,
                &["first_reply", "next_reply", "periodic_update"],
            )
            .await?;
            if let Some(policy) = &policy {
                if TicketStatus::Solved.as_str() != ticket.status {
                    targets::start(&mut tx, &ticket.id, policy, "periodic_update").await?;
                }
            }
            if status == TicketStatus::New && status_change.is_none() {
                store::set_status(&mut tx, &ticket.id, TicketStatus::Open.as_str()).await?;
            }
        } else {
            match status {
                TicketStatus::WaitingOnPartner => {
                    sla_store::resume(&mut tx, &ticket.id).await?;
                    targets::cancel(&mut tx, &ticket.id, &[PARTNER_WAIT]).await?;
                    store::set_status(&mut tx, &ticket.id, TicketStatus::Open.as_str()).await?;
                }
                TicketStatus::Solved => {
                    store::set_status(&mut tx, &ticket.id, TicketStatus::Open.as_str()).await?;
                    if let Some(policy) = &policy {
                        targets::start(&mut tx, &ticket.id, policy, "resolution").await?;
                    }
                }
                _ => {}
            }
            if let Some(policy) = &policy {
                if ticket.first_replied_at.is_some() {
                    targets::start(&mut tx, &ticket.id, policy, "next_reply").await?;
                }
            }
        }
    }
    targets::refresh(&mut tx, &ticket.id).await?;
    audit::append(
        &mut tx,
        &actor.audit_context(),
        Change {
            action: if input.internal {
                "support.note_added"
            } else {
                "support.ticket_replied"
            },
            entity_type: "support_ticket",
            entity_id: &ticket.id,
            organization_id: Some(&ticket.organization_id),
            summary: format!(
                "{} on ticket #{} by {}",
                if input.internal {
                    "internal note"
                } else {
                    "public reply"
                },
                ticket.number,
                user.name
            ),
        },
    )
    .await?;
    if !input.internal {
        let now = tx.now_ms();
        let event_id = emit(
            &mut tx,
            now,
            Event {
                event_type: "support.ticket_replied",
                organization_id: Some(&ticket.organization_id),
                data: serde_json::json!({
                    "ticket_id": ticket.id,
                    "number": ticket.number,
                    "message_id": message_id,
                    "author": if staff { "staff" } else { "partner" },
                    "body": body,
                }),
            },
        )
        .await?;
        let recipient = if staff {
            partner_email(&mut tx, &ticket).await?
        } else {
            staff_recipient(state, &mut tx, &ticket).await?
        };
        if let Some(to) = recipient.filter(|to| *to != user.email) {
            queue_mail(
                &mut tx,
                now,
                Mail {
                    family: MailFamily::Support,
                    to: &to,
                    subject: &format!("[#{}] {}", ticket.number, ticket.subject),
                    body: format!(
                        "{} wrote:\n\n{body}\n\nReply at {}\n",
                        user.name,
                        url(state, &ticket)
                    ),
                    event_id: Some(&event_id),
                },
            )
            .await?;
        }
    }
    tx.commit().await?;
    if let Some(status) = status_change {
        return set_status(state, actor, id, status.as_str()).await;
    }
    Ok(store::find(state.store.pool(), id).await?)
}

/// Whether a reply may be added to the ticket as it stands (and the status move asked with it
/// made), and its status: a closed ticket takes no reply, a partner's reply reopens a solved
/// ticket only within [`REOPEN_DAYS`], and a move must be one staff may make from here (checked
/// before anything is written, so a refused move sends no reply).
fn replyable(
    ticket: &Ticket,
    staff: bool,
    status_change: Option<TicketStatus>,
    now: i64,
) -> Result<TicketStatus, AppError> {
    let status = ticket
        .status
        .parse::<TicketStatus>()
        .unwrap_or(TicketStatus::Open);
    if status == TicketStatus::Closed {
        return Err(AppError::Conflict(
            "the ticket is closed; open a new ticket and mention this one".to_owned(),
        ));
    }
    if !staff && status == TicketStatus::Solved && !reopenable(ticket, now) {
        return Err(AppError::Conflict(format!(
            "the ticket was solved more than {REOPEN_DAYS} days ago; open a new ticket and mention #{}",
            ticket.number
        )));
    }
    if let Some(to) = status_change {
        // A staff public reply opens a new ticket first.
        let from = if status == TicketStatus::New {
            TicketStatus::Open
        } else {
            status
        };
        if to != status && to != from && !from.staff_moves().contains(&to) {
            return Err(AppError::Conflict(format!(
                "a ticket {} cannot be moved to {}",
                from.label().to_lowercase(),
                to.label().to_lowercase()
            )));
        }
    }
    Ok(status)
}

/// The policy a ticket's targets follow: the one it was opened under, or — when that policy was
/// removed — the one that applies now.
async fn policy_of(tx: &mut Tx, ticket: &Ticket) -> Result<Option<sla_store::Policy>, AppError> {
    if let Some(policy_id) = &ticket.policy_id {
        if let Ok(policy) = sla_store::policy(tx.conn(), policy_id).await {
            return Ok(Some(policy));
        }
    }
    Ok(sla_store::applicable(
        tx.conn(),
        &ticket.organization_id,
        &ticket.organization_tier,
        &ticket.severity,
    )
    .await?)
}

/// Where a ticket's news for the partner goes: the partner person who opened it, else (a ticket
/// staff or Onramp opened) the organization's named contact.
async fn partner_email(tx: &mut Tx, ticket: &Ticket) -> Result<Option<String>, AppError> {
    if ticket.source == "partner" {
        if let Some(email) = &ticket.requester_email {
            return Ok(Some(email.clone()));
        }
    }
    Ok(
        group_store::organization_contact(tx.conn(), &ticket.organization_id)
            .await?
            .map(|contact| contact.email),
    )
}

/// Who on staff hears of a partner's reply: the assignee, else the group's lead.
async fn staff_recipient(
    state: &AppState,
    tx: &mut Tx,
    ticket: &Ticket,
) -> Result<Option<String>, AppError> {
    if let Some(assignee) = &ticket.assignee_id {
        if let Ok(user) = onramp_store::accounts::users::find_by_id(tx.conn(), assignee).await {
            return Ok(Some(user.email));
        }
    }
    let all = group_store::all(state.store.pool()).await?;
    Ok(all
        .iter()
        .find(|group| Some(&group.key) == ticket.group_key.as_ref())
        .and_then(|group| group.lead.as_ref())
        .map(|lead| lead.email.clone()))
}

/// Moves a ticket (support staff). Waiting on the partner pauses the SLA clock and starts the
/// partner's wait; leaving it resumes the clock. Solving meets the resolution target, stops the
/// rest and sends the satisfaction survey; closing stops everything.
pub async fn set_status(
    state: &AppState,
    actor: &Actor,
    id: &str,
    status: &str,
) -> Result<Ticket, AppError> {
    if reader(actor)? != Reader::Staff {
        return Err(AppError::Forbidden);
    }
    let Ok(to) = status.parse::<TicketStatus>() else {
        return Err(AppError::validation(vec![FieldError::new(
            "status",
            "choose a status",
        )]));
    };
    visible(state, Reader::Staff, id).await?;
    let mut tx = state.store.begin().await?;
    let ticket = store::lock(&mut tx, id).await?;
    let from = ticket
        .status
        .parse::<TicketStatus>()
        .unwrap_or(TicketStatus::Open);
    if from == to {
        tx.commit().await?;
        return Ok(ticket);
    }
    if !from.staff_moves().contains(&to) {
        tx.commit().await?;
        return Err(AppError::Conflict(format!(
            "a ticket {} cannot be moved to {}",
            from.label().to_lowercase(),
            to.label().to_lowercase()
        )));
    }
    store::set_status(&mut tx, &ticket.id, to.as_str()).await?;
    let policy = policy_of(&mut tx, &ticket).await?;
    if from == TicketStatus::WaitingOnPartner {
        sla_store::resume(&mut tx, &ticket.id).await?;
        targets::cancel(&mut tx, &ticket.id, &[PARTNER_WAIT]).await?;
    }
    let now = tx.now_ms();
    let mut csat_link = None;
    match to {
        TicketStatus::WaitingOnPartner => {
            sla_store::pause(&mut tx, &ticket.id).await?;
            if let Some(policy) = &policy {
                targets::start(&mut tx, &ticket.id, policy, PARTNER_WAIT).await?;
            }
        }
        TicketStatus::Solved => {
            targets::achieve(&mut tx, &ticket.id, &["resolution"]).await?;
            targets::cancel(&mut tx, &ticket.id, &[]).await?;
            let token = random_token(24);
            store::set_csat_token(&mut tx, &ticket.id, &sha256_hex(&token)).await?;
            csat_link = Some(format!(
                "{}/support/satisfaction/{token}",
                state.config.public_base_url.trim_end_matches('/')
            ));
        }
        TicketStatus::Closed => targets::cancel(&mut tx, &ticket.id, &[]).await?,
        TicketStatus::Open if from == TicketStatus::Solved => {
            if let Some(policy) = &policy {
                targets::start(&mut tx, &ticket.id, policy, "resolution").await?;
            }
        }
        _ => {}
    }
    targets::refresh(&mut tx, &ticket.id).await?;
    audit::append(
        &mut tx,
        &actor.audit_context(),
        Change {
            action: "support.ticket_status_changed",
            entity_type: "support_ticket",
            entity_id: &ticket.id,
            organization_id: Some(&ticket.organization_id),
            summary: format!(
                "ticket #{}: {} → {}",
                ticket.number,
                from.label().to_lowercase(),
                to.label().to_lowercase()
            ),
        },
    )
    .await?;
    let event_id = if to == TicketStatus::Solved {
        Some(
            emit(
                &mut tx,
                now,
                Event {
                    event_type: "support.ticket_solved",
                    organization_id: Some(&ticket.organization_id),
                    data: serde_json::json!({"ticket_id": ticket.id, "number": ticket.number}),
                },
            )
            .await?,
        )
    } else {
        None
    };
    if let Some(email) = &partner_email(&mut tx, &ticket).await? {
        let body = match (&csat_link, to) {
            (Some(link), _) => format!(
                "Your ticket #{} is solved. If something is still wrong, reply within {REOPEN_DAYS} days at {} and it opens again.\n\nHow did we do? One question, no sign-in: {link}\n",
                ticket.number,
                url(state, &ticket)
            ),
            (None, TicketStatus::WaitingOnPartner) => format!(
                "Your ticket #{} is waiting on your answer; the clock stops until you reply at {}\n",
                ticket.number,
                url(state, &ticket)
            ),
            (None, _) => format!(
                "Your ticket #{} is now {}.\n\n{}\n",
                ticket.number,
                to.label().to_lowercase(),
                url(state, &ticket)
            ),
        };
        queue_mail(
            &mut tx,
            now,
            Mail {
                family: MailFamily::Support,
                to: email,
                subject: &format!("[#{}] {}: {}", ticket.number, to.label(), ticket.subject),
                body,
                event_id: event_id.as_deref(),
            },
        )
        .await?;
    }
    let ticket = store::find(tx.conn(), id).await?;
    tx.commit().await?;
    Ok(ticket)
}

/// Sets the group, assignee and tags (support staff).
pub async fn assign(
    state: &AppState,
    actor: &Actor,
    id: &str,
    group_key: &str,
    assignee_id: &str,
    tags: &str,
) -> Result<Ticket, AppError> {
    if reader(actor)? != Reader::Staff {
        return Err(AppError::Forbidden);
    }
    let ticket = visible(state, Reader::Staff, id).await?;
    let pool = state.store.pool();
    let mut fields = Vec::new();
    let group_key = group_key.trim();
    let all = group_store::all(pool).await?;
    if !group_key.is_empty() && !all.iter().any(|group| group.key == group_key) {
        fields.push(FieldError::new("group_key", "choose a group"));
    }
    let assignee_id = assignee_id.trim();
    let agents = group_store::agents(pool).await?;
    if !assignee_id.is_empty() && !agents.iter().any(|agent| agent.user_id == assignee_id) {
        fields.push(FieldError::new("assignee_id", "choose a staff member"));
    }
    let mut tag_list: Vec<String> = tags
        .split([',', ' '])
        .map(|tag| tag.trim().to_lowercase())
        .filter(|tag| !tag.is_empty())
        .collect();
    tag_list.sort();
    tag_list.dedup();
    if tag_list.len() > 20
        || tag_list.iter().any(|tag| {
            tag.len() > 40
                || !tag
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
        })
    {
        fields.push(FieldError::new(
            "tags",
            "up to 20 tags of letters, digits, - and _, separated by spaces or commas",
        ));
    }
    if !fields.is_empty() {
        return Err(AppError::validation(fields));
    }
    let tags = tag_list.join(" ");
    let mut tx = state.store.begin().await?;
    store::lock(&mut tx, id).await?;
    store::set_assignment(
        &mut tx,
        id,
        (!group_key.is_empty()).then_some(group_key),
        (!assignee_id.is_empty()).then_some(assignee_id),
    )
    .await?;
    store::set_tags(&mut tx, id, &tags).await?;
    audit::append(
        &mut tx,
        &actor.audit_context(),
        Change {
            action: "support.ticket_assigned",
            entity_type: "support_ticket",
            entity_id: id,
            organization_id: Some(&ticket.organization_id),
            summary: format!(
                "ticket #{}: group {}, assignee {}, tags [{}]",
                ticket.number,
                if group_key.is_empty() {
                    "none"
                } else {
                    group_key
                },
                agents
                    .iter()
                    .find(|agent| agent.user_id == assignee_id)
                    .map_or("none", |agent| agent.name.as_str()),
                tags
            ),
        },
    )
    .await?;
    if let Some(agent) = agents.iter().find(|agent| {
        agent.user_id == assignee_id && ticket.assignee_id.as_deref() != Some(assignee_id)
    }) {
        let now = tx.now_ms();
        queue_mail(
            &mut tx,
            now,
            Mail {
                family: MailFamily::Support,
                to: &agent.email,
                subject: &format!("[#{}] Assigned to you: {}", ticket.number, ticket.subject),
                body: format!(
                    "Ticket #{} of {} is yours.\n\n{}\n",
                    ticket.number,
                    ticket.organization_name,
                    url(state, &ticket)
                ),
                event_id: None,
            },
        )
        .await?;
    }
    let ticket = store::find(tx.conn(), id).await?;
    tx.commit().await?;
    Ok(ticket)
}

/// One attachment's bytes, if the reader may see it (partners: not those of internal notes).
pub async fn attachment(
    state: &AppState,
    actor: &Actor,
    ticket_id: &str,
    attachment_id: &str,
) -> Result<(Attachment, Vec<u8>), AppError> {
    let reader = reader(actor)?;
    visible(state, reader, ticket_id).await?;
    match store::attachment_content(state.store.pool(), ticket_id, attachment_id).await {
        Ok((attachment, _)) if attachment.internal && reader != Reader::Staff => {
            Err(AppError::NotFound("attachment"))
        }
        Ok(found) => Ok(found),
        Err(StoreError::NotFound) => Err(AppError::NotFound("attachment")),
        Err(other) => Err(other.into()),
    }
}

/// The organization's linkable things, for the new-ticket form.
pub async fn link_choices(
    state: &AppState,
    actor: &Actor,
    organization_id: Option<&str>,
) -> Result<Vec<signals::LinkTarget>, AppError> {
    let organization_id = match reader(actor)? {
        Reader::Partner { organization_id } => organization_id.to_owned(),
        Reader::Staff => match organization_id {
            Some(id) => id.to_owned(),
            None => return Ok(Vec::new()),
        },
    };
    Ok(signals::link_choices(state.store.pool(), &organization_id, 30).await?)
}

/// The ticket a survey link is for: its number and subject, and whether it was answered.
pub async fn survey(state: &AppState, token: &str) -> Result<Ticket, AppError> {
    match store::by_csat_token(state.store.pool(), &sha256_hex(token)).await {
        Ok(ticket) => Ok(ticket),
        Err(StoreError::NotFound) => Err(AppError::NotFound("survey")),
        Err(other) => Err(other.into()),
    }
}

/// Records a survey answer (1 to 5, an optional comment), once; no sign-in needed.
pub async fn rate(
    state: &AppState,
    token: &str,
    rating: &str,
    comment: &str,
) -> Result<Ticket, AppError> {
    let ticket = survey(state, token).await?;
    let mut fields = Vec::new();
    let rating = match rating.trim().parse::<i64>() {
        Ok(value) if (1..=5).contains(&value) => value,
        _ => {
            fields.push(FieldError::new("rating", "choose from 1 to 5"));
            0
        }
    };
    let comment = comment.trim();
    if comment.chars().count() > 2_000 {
        fields.push(FieldError::new("comment", "up to 2,000 characters"));
    }
    if !fields.is_empty() {
        return Err(AppError::validation(fields));
    }
    let mut tx = state.store.begin().await?;
    if !store::rate(&mut tx, &sha256_hex(token), rating, comment).await? {
        return Err(AppError::Conflict(
            "this survey was answered already; thank you".to_owned(),
        ));
    }
    audit::append(
        &mut tx,
        &AuditContext::system(),
        Change {
            action: "support.ticket_rated",
            entity_type: "support_ticket",
            entity_id: &ticket.id,
            organization_id: Some(&ticket.organization_id),
            summary: format!("ticket #{} rated {rating} of 5", ticket.number),
        },
    )
    .await?;
    tx.commit().await?;
    Ok(ticket)
}
