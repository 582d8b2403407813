//! The seeded audit trail beyond what the seeded actions wrote: sign-ins and sign-outs, failed
//! sign-ins, profile and preference changes, API tokens and task comments by the seeded users, until
//! the chain holds `--audit-events` events. Appended with
//! [`onramp_store::platform::audit::append_batch`] (multi-row statements), [`EVENTS_PER_TX`] per
//! transaction, the clock moving between each hundred.

use onramp_store::platform::audit::{self, AuditContext, Change};
use rand::Rng;

use super::registry::context_of;
use super::{SeededUser, Seeder};
use crate::state::AppState;
use crate::web::error::AppError;

/// Events per transaction.
pub const EVENTS_PER_TX: usize = 5_000;

/// Events appended at one time of the clock.
const EVENTS_PER_TICK: usize = 100;

/// The chain's length now.
pub async fn head_seq(state: &AppState) -> Result<i64, AppError> {
    Ok(audit::head_seq(state.store.pool()).await?)
}

/// What an additional event says; borrowed by its `Change`.
struct Described {
    context: AuditContext,
    action: &'static str,
    entity_type: &'static str,
    entity_id: String,
    organization_id: Option<String>,
    summary: String,
}

/// Appends events until the chain holds `--audit-events`. Returns the events appended.
pub async fn seed_audit_events(seeder: &mut Seeder<'_>) -> Result<u64, AppError> {
    let have = usize::try_from(head_seq(seeder.state).await?).unwrap_or(0);
    let remaining = seeder.options.audit_events.saturating_sub(have);
    seeder
        .progress
        .start("audit events", u64::try_from(remaining).unwrap_or(0));
    if seeder.users.is_empty() {
        return Ok(0);
    }
    let mut done = 0;
    while done < remaining {
        let end = (done + EVENTS_PER_TX).min(remaining);
        let mut tx = seeder.state.store.begin().await?;
        let mut start = done;
        while start < end {
            let stop = (start + EVENTS_PER_TICK).min(end);
            seeder.tick(10_000..600_000);
            let described: Vec<Described> = (start..stop).map(|_| describe(seeder)).collect();
            let changes = described
                .iter()
                .map(|event| {
                    (
                        event.context.clone(),
                        Change {
                            action: event.action,
                            entity_type: event.entity_type,
                            entity_id: &event.entity_id,
                            organization_id: event.organization_id.as_deref(),
                            summary: event.summary.clone(),
                        },
                    )
                })
                .collect();
            audit::append_batch(&mut tx, changes).await?;
            start = stop;
        }
        tx.commit().await?;
        seeder
            .progress
            .advance(u64::try_from(end - done).unwrap_or(0));
        done = end;
    }
    Ok(u64::try_from(remaining).unwrap_or(u64::MAX))
}

/// One realistic event by a random seeded user.
fn describe(seeder: &mut Seeder<'_>) -> Described {
    let rng = &mut seeder.rng;
    let user_index = rng.gen_range(0..seeder.users.len());
    let user: SeededUser = seeder.users.get(user_index).cloned().unwrap_or(SeededUser {
        id: String::new(),
        email: String::new(),
        role: onramp_core::Role::PartnerMember,
        organization_id: None,
    });
    let client_addr = format!("192.0.2.{}", rng.gen_range(1..255));
    let context = context_of(&user, Some(client_addr.clone()));
    let session_id = format!("{:032x}", rng.gen::<u128>());
    let organization_id = user.organization_id.clone();
    let on_user = |action, summary: String, context: AuditContext| Described {
        context,
        action,
        entity_type: "user",
        entity_id: user.id.clone(),
        organization_id: organization_id.clone(),
        summary,
    };
    match rng.gen_range(0..100) {
        0..=39 => Described {
            context,
            action: "session.created",
            entity_type: "session",
            entity_id: session_id,
            organization_id: organization_id.clone(),
            summary: format!("{} signed in with a password", user.email),
        },
        40..=64 => Described {
            context,
            action: "session.ended",
            entity_type: "session",
            entity_id: session_id,
            organization_id: organization_id.clone(),
            summary: format!("{} signed out", user.email),
        },
        65..=71 => on_user(
            "user.sign_in_failed",
            format!("failed sign-in for {} from {client_addr}", user.email),
            AuditContext {
                actor_id: None,
                actor_label: "anonymous".to_owned(),
                request_id: None,
                client_addr: Some(client_addr.clone()),
            },
        ),
        72..=76 => on_user(
            "user.time_zone_set",
            format!("{} reads times in America/Chicago", user.email),
            context,
        ),
        77..=80 => on_user(
            "user.password_changed",
            format!("{} changed their password", user.email),
            context,
        ),
        81..=85 => on_user(
            "user.email_preferences_changed",
            format!("{} changed which mail they receive", user.email),
            context,
        ),
        86..=89 => Described {
            context,
            action: "api_token.created",
            entity_type: "api_token",
            entity_id: session_id,
            organization_id: organization_id.clone(),
            summary: format!("{} created an API token \"ci pipeline\"", user.email),
        },
        _ => {
            let enrollment = if seeder.enrollments.is_empty() {
                None
            } else {
                let index = rng.gen_range(0..seeder.enrollments.len());
                seeder.enrollments.get(index).cloned()
            };
            // A comment on a task comes from the enrolled organization's partner admin.
            let commenter = enrollment.and_then(|(enrollment_id, organization_index)| {
                let organization = seeder.organizations.get(organization_index)?;
                let admin = seeder.users.get(organization.users.start)?;
                Some((enrollment_id, organization.id.clone(), admin))
            });
            match commenter {
                Some((enrollment_id, enrollment_organization, admin)) => Described {
                    context: context_of(admin, Some(client_addr)),
                    action: "enrollment.task_commented",
                    entity_type: "enrollment",
                    entity_id: enrollment_id,
                    organization_id: Some(enrollment_organization),
                    summary: format!("{} commented on a task", admin.email),
                },
                None => Described {
                    context,
                    action: "session.created",
                    entity_type: "session",
                    entity_id: session_id,
                    organization_id: organization_id.clone(),
                    summary: format!("{} signed in with a password", user.email),
                },
            }
        }
    }
}
