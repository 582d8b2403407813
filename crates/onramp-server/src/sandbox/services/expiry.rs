//! Reminders before a machine client expires: the recurring job `sandbox.expiry_reminders` mails
//! the organization's partner admins once, fourteen days ahead (or at once, if the client was
//! registered with less time left), and records that it did.

use onramp_core::platform::outbox::MailFamily;
use onramp_core::Role;
use onramp_store::platform::jobs::Job;
use onramp_store::registry::members;
use onramp_store::sandbox::{clients, environments};

use crate::platform::jobs::{JobError, Registry};
use crate::platform::outbox::{queue_mail, Mail};
use crate::state::AppState;
use crate::web::error::AppError;
use onramp_fhir::search::format_instant;

/// The recurring job's kind.
pub const EXPIRY_JOB: &str = "sandbox.expiry_reminders";

/// How far ahead an expiry is announced.
pub const REMIND_DAYS_AHEAD: i64 = 14;

/// Registers the recurring reminder job (hourly: a reminder is at most an hour late).
pub fn register(registry: &mut Registry) {
    registry.register_recurring(
        EXPIRY_JOB,
        std::time::Duration::from_secs(3_600),
        expiry_job,
    );
}

async fn expiry_job(state: AppState, _job: Job) -> Result<(), JobError> {
    let queued = remind(&state).await?;
    if queued > 0 {
        tracing::info!(mails = queued, "client expiry reminders queued");
    }
    Ok(())
}

/// Queues the reminders due now; returns how many mails.
pub async fn remind(state: &AppState) -> Result<usize, AppError> {
    let now = state.clock.now_ms();
    let horizon = now + REMIND_DAYS_AHEAD * 86_400_000;
    let mut queued = 0;
    loop {
        let due = clients::expiring_unreminded(state.store.pool(), now, horizon, 100).await?;
        if due.is_empty() {
            break;
        }
        for client in due {
            let environment =
                environments::find(state.store.pool(), &client.environment_id).await?;
            let mut tx = state.store.begin().await?;
            for member in members::list(tx.conn(), &client.organization_id).await? {
                if !member.active || member.pending || member.role != Role::PartnerAdmin {
                    continue;
                }
                let body = format!(
                    "Hello {},\n\nThe machine client “{}” ({}) of the {} environment “{}” expires at {} (UTC). After that it gets no token.\n\nRegister a new client, or ask the program to extend it: {}/environments/{}\n\nYou can turn these reminders off on your account page.\n",
                    member.name,
                    client.name,
                    client.id,
                    environment.kind,
                    environment.name,
                    client.expires_at.map(format_instant).unwrap_or_default(),
                    state.config.public_base_url,
                    environment.id,
                );
                if queue_mail(
                    &mut tx,
                    now,
                    Mail {
                        family: MailFamily::Credentials,
                        to: &member.email,
                        subject: &format!("Client “{}” expires soon", client.name),
                        body,
                        event_id: None,
                    },
                )
                .await?
                .is_some()
                {
                    queued += 1;
                }
            }
            clients::mark_reminded(&mut tx, &client.id).await?;
            tx.commit().await?;
        }
    }
    Ok(queued)
}
