//! The seeded support desk: tickets opened by partner admins of active organizations through the
//! ticket service (so each gets its group, SLA targets, audit event and notification), then
//! answered by the support agent into every status — new, open, waiting on the partner, on hold,
//! solved, closed. The SLA sweep is not run: breaches show once `onramp serve` sweeps.

use onramp_core::registry::lifecycle::OrganizationState;
use onramp_core::Role;
use rand::Rng;

use super::tracks::actor_for;
use super::Seeder;
use crate::support::services::groups::CATEGORIES;
use crate::support::services::tickets::{self, ReplyInput, TicketInput};
use crate::web::error::AppError;

const SUBJECTS: &[&str] = &[
    "Token request fails with invalid_client",
    "Validation error on Patient.identifier",
    "How do we renew our certificate?",
    "Sandbox search returns no results",
    "Production endpoint times out",
    "Training course will not mark complete",
    "Question about the participation agreement",
];

/// `--tickets` tickets. Returns the tickets written.
pub async fn seed_tickets(seeder: &mut Seeder<'_>) -> Result<u64, AppError> {
    let total = seeder.options.tickets;
    seeder
        .progress
        .start("tickets", u64::try_from(total).unwrap_or(0));
    let requesters: Vec<String> = seeder
        .organizations
        .iter()
        .filter(|organization| organization.state == OrganizationState::Active)
        .filter_map(|organization| seeder.users.get(organization.users.start))
        .map(|user| user.id.clone())
        .collect();
    if requesters.is_empty() {
        return Ok(0);
    }
    let agent_id = seeder.staff_of(Role::SupportAgent)?.id.clone();
    let agent = actor_for(seeder, &agent_id).await?;
    let mut written = 0_u64;
    for _ in 0..total {
        seeder.tick(60_000..1_200_000);
        let requester_index = seeder.rng.gen_range(0..requesters.len());
        let Some(requester_id) = requesters.get(requester_index) else {
            continue;
        };
        let partner = actor_for(seeder, requester_id).await?;
        let subject = super::names::pick(&mut seeder.rng, SUBJECTS, "A question");
        let severity = match seeder.rng.gen_range(0..100) {
            0..=4 => "critical",
            5..=24 => "high",
            25..=79 => "normal",
            _ => "low",
        };
        let category_index = seeder.rng.gen_range(0..CATEGORIES.len());
        let category = CATEGORIES
            .get(category_index)
            .map_or("other", |(key, _)| *key);
        let ticket = tickets::open(
            seeder.state,
            &partner,
            &TicketInput {
                subject: subject.to_owned(),
                description: format!(
                    "{subject}. We first saw this {} minutes ago; steps to reproduce are attached to our notes.",
                    seeder.rng.gen_range(5..600)
                ),
                severity: severity.to_owned(),
                category: category.to_owned(),
                ..TicketInput::default()
            },
        )
        .await?;
        written += 1;
        let status = match seeder.rng.gen_range(0..100) {
            0..=24 => None,
            25..=54 => Some("open"),
            55..=64 => Some("waiting_on_partner"),
            65..=69 => Some("on_hold"),
            _ => Some("solved"),
        };
        if let Some(status) = status {
            seeder.tick(60_000..1_800_000);
            tickets::reply(
                seeder.state,
                &agent,
                &ticket.id,
                &ReplyInput {
                    body:
                        "Thanks for the report; we are looking into it and will update this ticket."
                            .to_owned(),
                    internal: false,
                    status: status.to_owned(),
                    attachments: Vec::new(),
                },
            )
            .await?;
            if status == "solved" && seeder.rng.gen_bool(0.33) {
                seeder.tick(300_000..3_600_000);
                tickets::set_status(seeder.state, &agent, &ticket.id, "closed").await?;
            }
        }
        seeder.progress.advance(1);
    }
    Ok(written)
}
