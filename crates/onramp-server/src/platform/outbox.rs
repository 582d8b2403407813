//! The outbox: [`emit`] writes a domain event in the caller's transaction and queues its fan-out
//! job there too; [`queue_mail`] queues a message the same way. Nothing is sent inline: jobs
//! deliver, after the change committed, and a rolled-back change leaves neither event nor mail.
//!
//! # Where does an event go?
//!
//! `emit` → `outbox_events` row + an `outbox.fan_out` job (unique key `outbox:<event id>`). The
//! fan-out job adds one delivery and one `webhook.deliver` job per matching subscription
//! (`platform::webhooks`). Mail is not fanned out: the service that knows the recipient and the
//! text queues it with [`queue_mail`] in the same transaction (an `outbox_mails` row and a
//! `mail.send` job), after checking the recipient's preference for the mail's family. The mail
//! job sends it and erases the stored body, which may carry a single-use link; job payloads carry
//! only ids, so the jobs page never shows a link.

use onramp_core::platform::outbox::MailFamily;
use onramp_store::platform::jobs::{self, Job, NewJob};
use onramp_store::platform::outbox::{self, NewMail};
use onramp_store::platform::webhooks;
use onramp_store::{StoreError, Tx};
use serde::{Deserialize, Serialize};

use crate::platform::jobs::{JobError, Registry};
use crate::state::AppState;

/// Fans an event out to its webhook subscriptions.
pub const FAN_OUT: &str = "outbox.fan_out";
/// Sends one queued message.
pub const SEND_MAIL: &str = "mail.send";
/// Attempts of a mail job: the backoff spreads them over about nine minutes.
const MAIL_MAX_ATTEMPTS: i64 = 8;
const FAN_OUT_MAX_ATTEMPTS: i64 = 10;

/// A domain event to write.
#[derive(Clone, Debug)]
pub struct Event<'a> {
    /// One of `onramp_core::platform::outbox::EVENT_TYPES`.
    pub event_type: &'static str,
    /// The organization the event is about (its partner subscriptions receive it).
    pub organization_id: Option<&'a str>,
    /// The event's data: ids, names, states — never a secret or a link.
    pub data: serde_json::Value,
}

/// Adds the job kinds of the outbox.
pub fn register(registry: &mut Registry) {
    registry.register(FAN_OUT, fan_out);
    registry.register(SEND_MAIL, send_mail);
}

#[derive(Debug, Serialize, Deserialize)]
struct EventJob {
    event_id: String,
}

#[derive(Debug, Serialize, Deserialize)]
struct MailJob {
    mail_id: String,
}

fn payload_json<T: Serialize>(payload: &T) -> Result<String, StoreError> {
    serde_json::to_string(payload).map_err(|error| StoreError::Corrupt(error.to_string()))
}

/// Writes `event` and queues its fan-out, both in `tx`; returns the event id.
pub async fn emit(tx: &mut Tx, now_ms: i64, event: Event<'_>) -> Result<String, StoreError> {
    let stored = outbox::insert_event(
        tx,
        event.event_type,
        event.organization_id,
        &event.data.to_string(),
        now_ms,
    )
    .await?;
    jobs::enqueue(
        tx,
        &NewJob {
            kind: FAN_OUT,
            payload_json: &payload_json(&EventJob {
                event_id: stored.id.clone(),
            })?,
            unique_key: Some(&format!("outbox:{}", stored.id)),
            run_at: now_ms,
            max_attempts: FAN_OUT_MAX_ATTEMPTS,
        },
        now_ms,
    )
    .await?;
    Ok(stored.id)
}

/// A feature's interest in events: for each event of these types, the fan-out queues one job of
/// `job_kind` with the event's id and organization (`{"event_id", "organization_id"}`), so the
/// feature reacts after the change committed without the outbox knowing the feature.
#[derive(Clone, Copy, Debug)]
pub struct Listener {
    pub event_types: &'static [&'static str],
    pub job_kind: &'static str,
}

#[derive(Debug, Serialize, Deserialize)]
struct ListenerJob {
    event_id: String,
    organization_id: Option<String>,
}

/// A message to queue.
#[derive(Clone, Debug)]
pub struct Mail<'a> {
    pub family: MailFamily,
    pub to: &'a str,
    pub subject: &'a str,
    pub body: String,
    /// The event it reports, if any.
    pub event_id: Option<&'a str>,
}

/// Queues `mail` in `tx`, unless its recipient turned its family off. Returns the mail's id, or
/// `None` when it is not wanted.
pub async fn queue_mail(
    tx: &mut Tx,
    now_ms: i64,
    mail: Mail<'_>,
) -> Result<Option<String>, StoreError> {
    if mail.family.optional() && !outbox::wants_mail(tx, mail.to, mail.family.as_str()).await? {
        return Ok(None);
    }
    let mail_id = outbox::insert_mail(
        tx,
        &NewMail {
            event_id: mail.event_id,
            family: mail.family.as_str(),
            recipient: mail.to,
            subject: mail.subject,
            body: &mail.body,
        },
        now_ms,
    )
    .await?;
    jobs::enqueue(
        tx,
        &NewJob {
            kind: SEND_MAIL,
            payload_json: &payload_json(&MailJob {
                mail_id: mail_id.clone(),
            })?,
            unique_key: Some(&format!("mail:{mail_id}")),
            run_at: now_ms,
            max_attempts: MAIL_MAX_ATTEMPTS,
        },
        now_ms,
    )
    .await?;
    Ok(Some(mail_id))
}

fn read_payload<'a, T: Deserialize<'a>>(job: &'a Job) -> Result<T, JobError> {
    serde_json::from_str(&job.payload)
        .map_err(|error| JobError::Permanent(format!("unreadable payload: {error}")))
}

/// Sends a queued message once: a message already marked sent is not sent again.
async fn send_mail(state: AppState, job: Job) -> Result<(), JobError> {
    let payload: MailJob = read_payload(&job)?;
    let mail = match outbox::find_mail(state.store.pool(), &payload.mail_id).await {
        Ok(mail) => mail,
        Err(StoreError::NotFound) => {
            return Err(JobError::Permanent("the queued mail is gone".to_owned()))
        }
        Err(other) => return Err(other.into()),
    };
    if mail.sent_at.is_some() {
        return Ok(());
    }
    state
        .mailer
        .send(&mail.recipient, &mail.subject, mail.body)
        .await
        .map_err(|error| JobError::Retry(error.to_string()))?;
    let mut tx = state.store.begin().await?;
    outbox::mark_mail_sent(&mut tx, &mail.id, state.clock.now_ms()).await?;
    tx.commit().await?;
    Ok(())
}

/// Adds a delivery and its job for every subscription the event reaches. Idempotent: a delivery
/// that exists already is neither added nor queued again.
async fn fan_out(state: AppState, job: Job) -> Result<(), JobError> {
    let payload: EventJob = read_payload(&job)?;
    let event = match outbox::find_event(state.store.pool(), &payload.event_id).await {
        Ok(event) => event,
        Err(StoreError::NotFound) => {
            return Err(JobError::Permanent("the event is gone".to_owned()))
        }
        Err(other) => return Err(other.into()),
    };
    let listeners: Vec<&Listener> = state
        .event_listeners
        .iter()
        .filter(|listener| listener.event_types.contains(&event.event_type.as_str()))
        .collect();
    if !listeners.is_empty() {
        let now = state.clock.now_ms();
        let mut tx = state.store.begin().await?;
        for listener in listeners {
            jobs::enqueue(
                &mut tx,
                &NewJob {
                    kind: listener.job_kind,
                    payload_json: &payload_json(&ListenerJob {
                        event_id: event.id.clone(),
                        organization_id: event.organization_id.clone(),
                    })?,
                    unique_key: Some(&format!("listen:{}:{}", listener.job_kind, event.id)),
                    run_at: now,
                    max_attempts: FAN_OUT_MAX_ATTEMPTS,
                },
                now,
            )
            .await?;
        }
        tx.commit().await?;
    }
    let subscriptions = webhooks::matching(
        state.store.pool(),
        &event.event_type,
        event.organization_id.as_deref(),
    )
    .await?;
    if subscriptions.is_empty() {
        return Ok(());
    }
    let now = state.clock.now_ms();
    let mut tx = state.store.begin().await?;
    for subscription in &subscriptions {
        if webhooks::insert_delivery(&mut tx, &subscription.id, &event.id, &event.event_type, now)
            .await?
        {
            crate::platform::webhooks::enqueue_delivery(&mut tx, now, &subscription.id, &event.id)
                .await?;
        }
    }
    tx.commit().await?;
    Ok(())
}
