//! Proactive tickets, the recurring job `support.signals` (hourly): what Onramp notices on its own
//! — a sandbox error-rate spike, a credential or certificate about to expire, a gate blocked for
//! days, a failing re-test — becomes a ticket for the organization with the evidence linked. A
//! signal seen again while its ticket is open adds the new evidence to that ticket (an internal
//! note, when the evidence changed and the last note is a day old) instead of opening another;
//! the unique index on open tickets' signal keys holds that even across instances. A signal whose
//! ticket was solved in the last [`QUIET_DAYS`] days opens no new ticket: staff decided.

use onramp_core::support::Severity;
use onramp_store::platform::audit::{self, AuditContext, Change};
use onramp_store::platform::jobs::Job;
use onramp_store::support::signals::{self, Signal, SignalKind, Thresholds};
use onramp_store::support::tickets::{self, Link, Readers};

use super::targets;
use super::tickets::{open_in_tx, Opening};
use crate::platform::jobs::{JobError, Registry};
use crate::state::AppState;
use crate::web::error::AppError;

pub const SIGNALS_JOB: &str = "support.signals";

/// After its ticket is solved, a signal stays quiet this long.
pub const QUIET_DAYS: i64 = 7;

/// New evidence is added to an open ticket at most this often.
const NOTE_EVERY_MS: i64 = 86_400_000;

pub fn register(registry: &mut Registry) {
    registry.register_recurring(
        SIGNALS_JOB,
        std::time::Duration::from_secs(3_600),
        signals_job,
    );
}

async fn signals_job(state: AppState, _job: Job) -> Result<(), JobError> {
    run(&state).await?;
    Ok(())
}

/// What one run did.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Noticed {
    pub opened: usize,
    pub updated: usize,
    pub unchanged: usize,
}

fn category(kind: SignalKind) -> &'static str {
    match kind {
        SignalKind::SandboxErrorSpike => "sandbox",
        SignalKind::CredentialExpiring | SignalKind::CertificateExpiring => "credentials",
        SignalKind::GateBlocked => "onboarding",
        SignalKind::RetestFailing => "conformance",
    }
}

fn description(signal: &Signal) -> String {
    format!(
        "Onramp noticed this on its own ({}).\n\n{}",
        signal.kind.label().to_lowercase(),
        signal.evidence
    )
}

/// Detects the signals now and opens or updates their tickets.
pub async fn run(state: &AppState) -> Result<Noticed, AppError> {
    let now = state.clock.now_ms();
    let found = signals::detect(state.store.pool(), now, &Thresholds::default()).await?;
    let mut noticed = Noticed::default();
    for signal in found {
        match tickets::open_for_signal(state.store.pool(), &signal.key).await? {
            Some(ticket) => {
                let messages =
                    tickets::messages(state.store.pool(), &ticket.id, Readers::Staff).await?;
                let (latest, latest_at) = messages
                    .iter()
                    .rev()
                    .find(|message| message.author_id.is_none())
                    .map_or((ticket.description.as_str(), ticket.opened_at), |message| {
                        (message.body.as_str(), message.created_at)
                    });
                let body = description(&signal);
                if latest == body || now - latest_at < NOTE_EVERY_MS {
                    noticed.unchanged += 1;
                    continue;
                }
                let mut tx = state.store.begin().await?;
                tickets::lock(&mut tx, &ticket.id).await?;
                tickets::insert_message(&mut tx, &ticket.id, None, "internal", &body).await?;
                tickets::touch(&mut tx, &ticket.id, false).await?;
                targets::summarize(&mut tx, &ticket.id).await?;
                audit::append(
                    &mut tx,
                    &AuditContext::system(),
                    Change {
                        action: "support.signal_updated",
                        entity_type: "support_ticket",
                        entity_id: &ticket.id,
                        organization_id: Some(&ticket.organization_id),
                        summary: format!(
                            "ticket #{}: the signal {} was seen again with new evidence",
                            ticket.number, signal.key
                        ),
                    },
                )
                .await?;
                tx.commit().await?;
                noticed.updated += 1;
            }
            None if tickets::signal_solved_since(
                state.store.pool(),
                &signal.key,
                now - QUIET_DAYS * 86_400_000,
            )
            .await? =>
            {
                noticed.unchanged += 1;
            }
            None => {
                let links: Vec<Link> = signal
                    .links
                    .iter()
                    .map(|link| Link {
                        kind: link.kind.clone(),
                        target_id: link.id.clone(),
                        label: link.label.clone(),
                        path: link.path.clone(),
                    })
                    .collect();
                let severity = if signal.severity == "high" {
                    Severity::High
                } else {
                    Severity::Normal
                };
                let description = description(&signal);
                let opened = open_in_tx(
                    state,
                    &AuditContext::system(),
                    Opening {
                        organization_id: &signal.organization_id,
                        requester_id: None,
                        subject: &signal.subject,
                        description: &description,
                        severity,
                        category: category(signal.kind),
                        source: "signal",
                        signal_key: Some(&signal.key),
                        links: &links,
                        attachments: &[],
                        accepted: &[],
                    },
                )
                .await;
                match opened {
                    Ok(_) => noticed.opened += 1,
                    // Another instance opened it first: the unique index on open signal keys.
                    Err(AppError::Conflict(_)) => noticed.unchanged += 1,
                    Err(other) => return Err(other),
                }
            }
        }
    }
    Ok(noticed)
}
