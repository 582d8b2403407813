//! The breach sweep, the recurring job `support.sla` (every 30 seconds, leased like every job, so
//! one instance runs it at a time): for each target whose `next_check_at` has come, it warns
//! before the due time, records the breach at the due time, and escalates along the chain after
//! it — assignee, group lead, program admins; for the partner's wait, the requester then their
//! organization's named contact. A breached target of a critical ticket pages the group's on-call
//! person by email and the program-wide webhook event `support.oncall_paged`. It also closes
//! tickets solved more than the reopen window ago.
//!
//! # Why never twice?
//!
//! Each step is claimed by a compare-and-set on the target's `next_check_at`, in the transaction
//! that writes its audit event, mail and outbox event: a second instance reading the same target
//! finds it moved on and does nothing.

use onramp_core::platform::outbox::MailFamily;
use onramp_core::support::Severity;
use onramp_fhir::search::format_instant;
use onramp_store::platform::audit::{self, AuditContext, Change};
use onramp_store::platform::jobs::Job;
use onramp_store::support::groups::{self as group_store, Member};
use onramp_store::support::sla::{self as store, Claim, Target};
use onramp_store::support::tickets::{self, Ticket};
use onramp_store::Tx;

use super::groups::on_call;
use super::targets::{self, metric_label, next_check, PARTNER_WAIT};
use super::tickets::REOPEN_DAYS;
use crate::platform::jobs::{JobError, Registry};
use crate::platform::outbox::{emit, queue_mail, Event, Mail};
use crate::state::AppState;
use crate::web::error::AppError;

pub const SLA_JOB: &str = "support.sla";

/// How many targets one sweep handles; the rest wait for the next run, soonest first.
const BATCH: i64 = 2_000;

pub fn register(registry: &mut Registry) {
    registry.register_recurring(SLA_JOB, std::time::Duration::from_secs(30), sla_job);
}

async fn sla_job(state: AppState, _job: Job) -> Result<(), JobError> {
    sweep(&state).await?;
    Ok(())
}

/// What one sweep did.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Swept {
    pub warned: usize,
    pub breached: usize,
    pub escalated: usize,
    pub paged: usize,
    pub closed: usize,
    /// Targets another instance (or a reply) handled first.
    pub skipped: usize,
}

/// Runs one sweep at the clock's now.
pub async fn sweep(state: &AppState) -> Result<Swept, AppError> {
    let mut swept = Swept::default();
    let now = state.clock.now_ms();
    let due = store::to_check(state.store.pool(), now, BATCH).await?;
    let groups = group_store::all(state.store.pool()).await?;
    for target in due {
        let Some(read) = target.next_check_at else {
            continue;
        };
        let mut tx = state.store.begin().await?;
        // The ticket's lock first: a reply or status change recomputing its targets and this step
        // happen one after the other.
        let ticket = tickets::lock(&mut tx, &target.ticket_id).await?;
        let step = step(&target, now);
        // While the ticket waits on the partner, a breached staff target's escalation waits too
        // (resuming restores it).
        if ticket.status == "waiting_on_partner"
            && target.metric != PARTNER_WAIT
            && matches!(step.kind, StepKind::Escalation(_))
        {
            store::claim(
                &mut tx,
                &target.id,
                read,
                Claim {
                    warned_at: target.warned_at,
                    breached_at: target.breached_at,
                    escalation_level: target.escalation_level,
                    next_check_at: None,
                },
            )
            .await?;
            tx.commit().await?;
            swept.skipped += 1;
            continue;
        }
        if !store::claim(&mut tx, &target.id, read, step.claim).await? {
            // Committed, not dropped: on SQLite a dropped transaction that wrote releases the
            // process's lock before its rollback has run.
            tx.commit().await?;
            swept.skipped += 1;
            continue;
        }
        match step.kind {
            StepKind::Warning => {
                warn(state, &mut tx, &ticket, &target, &groups).await?;
                swept.warned += 1;
            }
            StepKind::Breach => {
                let paged = breach(state, &mut tx, &ticket, &target, &groups, now).await?;
                swept.breached += 1;
                swept.paged += usize::from(paged);
            }
            StepKind::Escalation(level) => {
                escalate(state, &mut tx, &ticket, &target, &groups, level).await?;
                swept.escalated += 1;
            }
        }
        targets::summarize(&mut tx, &ticket.id).await?;
        tx.commit().await?;
    }
    swept.closed = close_solved(state, now).await?;
    Ok(swept)
}

enum StepKind {
    Warning,
    Breach,
    Escalation(i64),
}

struct Step {
    kind: StepKind,
    claim: Claim,
}

/// What is owed on a target whose check has come.
fn step(target: &Target, now: i64) -> Step {
    let due = target.due_at.unwrap_or(now);
    match target.breached_at {
        None if due > now => Step {
            kind: StepKind::Warning,
            claim: Claim {
                warned_at: Some(now),
                breached_at: None,
                escalation_level: 0,
                next_check_at: next_check(
                    due,
                    target.warn_before_minutes,
                    target.escalate_every_minutes,
                    true,
                    None,
                    0,
                    &target.metric,
                ),
            },
        },
        None => Step {
            kind: StepKind::Breach,
            claim: Claim {
                warned_at: target.warned_at,
                breached_at: Some(due),
                escalation_level: 1,
                next_check_at: next_check(
                    due,
                    target.warn_before_minutes,
                    target.escalate_every_minutes,
                    true,
                    Some(due),
                    1,
                    &target.metric,
                ),
            },
        },
        Some(breached_at) => {
            let level = target.escalation_level + 1;
            Step {
                kind: StepKind::Escalation(level),
                claim: Claim {
                    warned_at: target.warned_at,
                    breached_at: Some(breached_at),
                    escalation_level: level,
                    next_check_at: next_check(
                        due,
                        target.warn_before_minutes,
                        target.escalate_every_minutes,
                        true,
                        Some(breached_at),
                        level,
                        &target.metric,
                    ),
                },
            }
        }
    }
}

fn url(state: &AppState, ticket: &Ticket) -> String {
    format!(
        "{}{}",
        state.config.public_base_url.trim_end_matches('/'),
        super::tickets::path(ticket)
    )
}

/// Who a step of the chain reaches: 1 the assignee (else the lead, else the program admins),
/// 2 the group's lead (else the program admins), 3 the program admins. The partner's wait: 1 the
/// requester, 2 the organization's named contact.
async fn chain(
    tx: &mut Tx,
    ticket: &Ticket,
    target: &Target,
    groups: &[group_store::Group],
    level: i64,
) -> Result<Vec<Member>, AppError> {
    if target.metric == PARTNER_WAIT {
        return Ok(match level {
            1 if ticket.source == "partner" => ticket
                .requester_email
                .clone()
                .map(|email| Member {
                    user_id: ticket.requester_id.clone().unwrap_or_default(),
                    name: ticket.requester_name.clone().unwrap_or_default(),
                    email,
                })
                .into_iter()
                .collect(),
            _ => group_store::organization_contact(tx.conn(), &ticket.organization_id)
                .await?
                .into_iter()
                .collect(),
        });
    }
    let lead = groups
        .iter()
        .find(|group| Some(&group.key) == ticket.group_key.as_ref())
        .and_then(|group| group.lead.clone());
    let assignee = match &ticket.assignee_id {
        Some(id) => onramp_store::accounts::users::find_by_id(tx.conn(), id)
            .await
            .ok()
            .map(|user| Member {
                user_id: user.id,
                name: user.name,
                email: user.email,
            }),
        None => None,
    };
    let people = match level {
        1 => assignee.or(lead.clone()).into_iter().collect(),
        2 => lead.into_iter().collect(),
        _ => Vec::new(),
    };
    if people.is_empty() {
        return Ok(group_store::program_admins(tx.conn()).await?);
    }
    Ok(people)
}

async fn mail_all(
    tx: &mut Tx,
    now: i64,
    people: &[Member],
    family: MailFamily,
    subject: &str,
    body: &str,
    event_id: Option<&str>,
) -> Result<(), AppError> {
    for person in people {
        queue_mail(
            tx,
            now,
            Mail {
                family,
                to: &person.email,
                subject,
                body: body.to_owned(),
                event_id,
            },
        )
        .await?;
    }
    Ok(())
}

async fn warn(
    state: &AppState,
    tx: &mut Tx,
    ticket: &Ticket,
    target: &Target,
    groups: &[group_store::Group],
) -> Result<(), AppError> {
    let now = tx.now_ms();
    let people = chain(tx, ticket, target, groups, 1).await?;
    let due = target.due_at.unwrap_or(now);
    mail_all(
        tx,
        now,
        &people,
        MailFamily::Support,
        &format!(
            "[#{}] {} due in {} min: {}",
            ticket.number,
            metric_label(&target.metric),
            ((due - now).max(0) + 59_999) / 60_000,
            ticket.subject
        ),
        &format!(
            "The {} of ticket #{} ({}, {}) is due at {} UTC.\n\n{}\n",
            metric_label(&target.metric).to_lowercase(),
            ticket.number,
            ticket.organization_name,
            ticket.severity,
            format_instant(due),
            url(state, ticket)
        ),
        None,
    )
    .await?;
    audit::append(
        tx,
        &AuditContext::system(),
        Change {
            action: "support.sla_warned",
            entity_type: "support_ticket",
            entity_id: &ticket.id,
            organization_id: Some(&ticket.organization_id),
            summary: format!(
                "ticket #{}: {} due at {}; warned {}",
                ticket.number,
                metric_label(&target.metric).to_lowercase(),
                format_instant(due),
                names(&people)
            ),
        },
    )
    .await?;
    Ok(())
}

fn names(people: &[Member]) -> String {
    if people.is_empty() {
        "nobody (no one to reach)".to_owned()
    } else {
        people
            .iter()
            .map(|person| person.email.as_str())
            .collect::<Vec<_>>()
            .join(", ")
    }
}

/// Records a breach: the first step of the chain, the event `support.ticket_breached`, and for
/// a critical ticket's staff target the on-call page. Returns whether someone was paged.
async fn breach(
    state: &AppState,
    tx: &mut Tx,
    ticket: &Ticket,
    target: &Target,
    groups: &[group_store::Group],
    now: i64,
) -> Result<bool, AppError> {
    let due = target.due_at.unwrap_or(now);
    let partner_side = target.metric == PARTNER_WAIT;
    let event_id = if partner_side {
        None
    } else {
        Some(
            emit(
                tx,
                now,
                Event {
                    event_type: "support.ticket_breached",
                    organization_id: Some(&ticket.organization_id),
                    data: serde_json::json!({
                        "ticket_id": ticket.id,
                        "number": ticket.number,
                        "target": target.metric,
                        "severity": ticket.severity,
                        "due_at": format_instant(due),
                    }),
                },
            )
            .await?,
        )
    };
    let people = chain(tx, ticket, target, groups, 1).await?;
    let (subject, body) = if partner_side {
        (
            format!(
                "[#{}] We are waiting on your answer: {}",
                ticket.number, ticket.subject
            ),
            format!(
                "Ticket #{} has been waiting on your answer since {} UTC. Reply at {}\n",
                ticket.number,
                format_instant(target.started_at),
                url(state, ticket)
            ),
        )
    } else {
        (
            format!(
                "[#{}] SLA breached: {} of a {} ticket",
                ticket.number,
                metric_label(&target.metric).to_lowercase(),
                ticket.severity
            ),
            format!(
                "The {} of ticket #{} ({}) was due at {} UTC and is not met.\n\n{}\n",
                metric_label(&target.metric).to_lowercase(),
                ticket.number,
                ticket.organization_name,
                format_instant(due),
                url(state, ticket)
            ),
        )
    };
    mail_all(
        tx,
        now,
        &people,
        MailFamily::Support,
        &subject,
        &body,
        event_id.as_deref(),
    )
    .await?;
    let mut paged = None;
    if !partner_side && ticket.severity == Severity::Critical.as_str() {
        let group = groups
            .iter()
            .find(|group| Some(&group.key) == ticket.group_key.as_ref());
        if let Some(person) = group.and_then(|group| on_call(group, now)) {
            let page_event = emit(
                tx,
                now,
                Event {
                    event_type: "support.oncall_paged",
                    organization_id: None,
                    data: serde_json::json!({
                        "ticket_id": ticket.id,
                        "number": ticket.number,
                        "target": target.metric,
                        "group": ticket.group_key,
                        "on_call_user_id": person.user_id,
                        "on_call_email": person.email,
                        "due_at": format_instant(due),
                    }),
                },
            )
            .await?;
            mail_all(
                tx,
                now,
                std::slice::from_ref(person),
                MailFamily::Paging,
                &format!("PAGE [#{}] critical ticket breached: {}", ticket.number, ticket.subject),
                &format!(
                    "You are on call. The {} of critical ticket #{} ({}) was due at {} UTC.\n\n{}\n",
                    metric_label(&target.metric).to_lowercase(),
                    ticket.number,
                    ticket.organization_name,
                    format_instant(due),
                    url(state, ticket)
                ),
                Some(&page_event),
            )
            .await?;
            paged = Some(person.clone());
        }
    }
    audit::append(
        tx,
        &AuditContext::system(),
        Change {
            action: if partner_side {
                "support.partner_reminded"
            } else {
                "support.sla_breached"
            },
            entity_type: "support_ticket",
            entity_id: &ticket.id,
            organization_id: Some(&ticket.organization_id),
            summary: format!(
                "ticket #{}: {} due at {} not met; told {}{}",
                ticket.number,
                metric_label(&target.metric).to_lowercase(),
                format_instant(due),
                names(&people),
                paged
                    .as_ref()
                    .map(|person| format!("; paged {} (on call)", person.email))
                    .unwrap_or_default()
            ),
        },
    )
    .await?;
    Ok(paged.is_some())
}

async fn escalate(
    state: &AppState,
    tx: &mut Tx,
    ticket: &Ticket,
    target: &Target,
    groups: &[group_store::Group],
    level: i64,
) -> Result<(), AppError> {
    let now = tx.now_ms();
    let people = chain(tx, ticket, target, groups, level).await?;
    let partner_side = target.metric == PARTNER_WAIT;
    let subject = if partner_side {
        format!(
            "[#{}] {} is waiting on your organization: {}",
            ticket.number, ticket.organization_name, ticket.subject
        )
    } else {
        format!(
            "[#{}] Escalated (step {level}): {} of a {} ticket",
            ticket.number,
            metric_label(&target.metric).to_lowercase(),
            ticket.severity
        )
    };
    let body = if partner_side {
        format!(
            "You are {}'s named contact. Support ticket #{} (“{}”) has been waiting on an answer from your organization since {} UTC.\n\n{}\n",
            ticket.organization_name,
            ticket.number,
            ticket.subject,
            format_instant(target.started_at),
            url(state, ticket)
        )
    } else {
        format!(
            "The {} of ticket #{} ({}) was breached at {} UTC and is still not met.\n\n{}\n",
            metric_label(&target.metric).to_lowercase(),
            ticket.number,
            ticket.organization_name,
            format_instant(target.breached_at.unwrap_or(now)),
            url(state, ticket)
        )
    };
    mail_all(tx, now, &people, MailFamily::Support, &subject, &body, None).await?;
    audit::append(
        tx,
        &AuditContext::system(),
        Change {
            action: "support.sla_escalated",
            entity_type: "support_ticket",
            entity_id: &ticket.id,
            organization_id: Some(&ticket.organization_id),
            summary: format!(
                "ticket #{}: {} escalated to step {level}: {}",
                ticket.number,
                metric_label(&target.metric).to_lowercase(),
                names(&people)
            ),
        },
    )
    .await?;
    Ok(())
}

/// Closes tickets solved more than [`REOPEN_DAYS`] ago.
async fn close_solved(state: &AppState, now: i64) -> Result<usize, AppError> {
    let cutoff = now - REOPEN_DAYS * 86_400_000;
    let ids =
        onramp_store::support::tickets::solved_before(state.store.pool(), cutoff, BATCH).await?;
    let mut closed = 0;
    for id in ids {
        let mut tx = state.store.begin().await?;
        let ticket = tickets::lock(&mut tx, &id).await?;
        if ticket.status != "solved" {
            tx.commit().await?;
            continue;
        }
        tickets::set_status(&mut tx, &id, "closed").await?;
        audit::append(
            &mut tx,
            &AuditContext::system(),
            Change {
                action: "support.ticket_closed",
                entity_type: "support_ticket",
                entity_id: &id,
                organization_id: Some(&ticket.organization_id),
                summary: format!(
                    "ticket #{} closed {REOPEN_DAYS} days after it was solved",
                    ticket.number
                ),
            },
        )
        .await?;
        tx.commit().await?;
        closed += 1;
    }
    Ok(closed)
}
