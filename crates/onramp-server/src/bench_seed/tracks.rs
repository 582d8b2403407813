//! The seeded enrollments: organizations enrolled in the built-in tracks by the coordinator through
//! the enrollment service, started up to 150 business days ago, at every stage — just started,
//! under way, nearly finished — with the checklists their finished steps ask for attested, and the
//! gates, forecast and risks refreshed as the product does.

use onramp_core::registry::lifecycle::OrganizationState;
use onramp_core::tracks::enrollment::TaskStatus;
use onramp_core::tracks::Evidence;
use onramp_core::Role;
use onramp_store::platform::audit::{self, Change};
use onramp_store::tracks::gates::{self, NewEvidence};
use onramp_store::tracks::tasks::{self, StatusChange};
use rand::Rng;

use super::registry::context_of;
use super::Seeder;
use crate::tracks::services::definitions;
use crate::tracks::services::enrollments::{self, EnrollRequest};
use crate::tracks::services::facts::ATTESTATION;
use crate::tracks::services::refresh::{date_at, refresh};
use crate::web::actor::{Actor, Credential, SignedIn};
use crate::web::error::AppError;

const TRACKS: &[&str] = &[
    "healthcare-customer-onboarding",
    "connected-partner",
    "fhir-implementation-guide-partner",
    "government-agency-integration",
    "country-health-data-sharing",
];

/// The seeded user with this id, acting as if through an API token.
pub(crate) async fn actor_for(seeder: &Seeder<'_>, user_id: &str) -> Result<Actor, AppError> {
    let user =
        onramp_store::accounts::users::find_by_id(seeder.state.store.pool(), user_id).await?;
    Ok(Actor {
        signed_in: Some(SignedIn {
            user,
            credential: Credential::ApiToken {
                token_id: "bench-seed".to_owned(),
            },
        }),
        client_addr: None,
        user_agent: None,
        csrf_binding: String::new(),
        csrf_token: String::new(),
    })
}

/// Enrollments, spread over the active and suspended organizations (and a few still in review).
/// Returns the enrollments written.
pub async fn seed_enrollments(seeder: &mut Seeder<'_>) -> Result<u64, AppError> {
    let total = seeder.options.enrollments;
    seeder
        .progress
        .start("enrollments", u64::try_from(total).unwrap_or(0));
    let candidates: Vec<usize> = seeder
        .organizations
        .iter()
        .enumerate()
        .filter(|(index, organization)| match organization.state {
            OrganizationState::Active | OrganizationState::Suspended => true,
            OrganizationState::Applied | OrganizationState::UnderReview => index.is_multiple_of(4),
            OrganizationState::Retired => false,
        })
        .map(|(index, _)| index)
        .collect();
    if candidates.is_empty() {
        return Ok(0);
    }
    let coordinator_id = seeder.staff_of(Role::OnboardingCoordinator)?.id.clone();
    let actor = actor_for(seeder, &coordinator_id).await?;
    let context = actor.audit_context();
    // Round-robin over the candidates from a random start: every organization gets one
    // enrollment before any gets a second (in another track).
    let offset = seeder.rng.gen_range(0..candidates.len());
    for n in 0..total {
        seeder.tick(60_000..1_800_000);
        let Some(&organization_index) = candidates.get((offset + n) % candidates.len()) else {
            continue;
        };
        let Some(organization) = seeder.organizations.get(organization_index) else {
            continue;
        };
        let organization_id = organization.id.clone();
        let country = organization.country;
        let track_key = TRACKS
            .get((n / candidates.len() + organization_index) % TRACKS.len())
            .copied()
            .unwrap_or("connected-partner");
        let days_ago = seeder.rng.gen_range(0..150);
        let today = date_at(seeder.state.clock.now_ms());
        let start = seeder
            .state
            .calendars
            .for_country(Some(country))
            .add_business_days(today, -days_ago)
            .map_err(|error| AppError::Internal(error.to_string()))?;
        let enrollment = match enrollments::enroll(
            seeder.state,
            &actor,
            &EnrollRequest {
                organization_id: &organization_id,
                track_key,
                start: &start.to_string(),
                target_end: "",
            },
        )
        .await
        {
            Ok(enrollment) => enrollment,
            // Already enrolled in this track: that organization is skipped.
            Err(AppError::Validation { .. } | AppError::Conflict(_)) => continue,
            Err(other) => return Err(other),
        };
        seeder
            .enrollments
            .push((enrollment.id.clone(), organization_index));
        let version = onramp_store::tracks::definitions::find(
            seeder.state.store.pool(),
            &enrollment.track_version_id,
        )
        .await?;
        let track = definitions::model(&version)?;
        let task_list = tasks::of_enrollment(seeder.state.store.pool(), &enrollment.id).await?;
        // The stage: about days_ago in proportion to the track's length, give or take.
        let finished = (task_list.len() * usize::try_from(days_ago).unwrap_or(0) / 150)
            .min(task_list.len().saturating_sub(1));
        let partner_admin = seeder
            .organizations
            .get(organization_index)
            .and_then(|organization| seeder.users.get(organization.users.start))
            .map(|user| context_of(user, None));
        let mut tx = seeder.state.store.begin().await?;
        for task in task_list.iter().take(finished) {
            let attestation = track.step(&task.step_key).and_then(|step| {
                step.evidence.iter().find_map(|evidence| match evidence {
                    Evidence::Attestation { items } => Some(items.join("\n")),
                    _ => None,
                })
            });
            if let Some(items) = attestation {
                gates::add_evidence(
                    &mut tx,
                    NewEvidence {
                        enrollment_id: &enrollment.id,
                        kind: ATTESTATION,
                        subject: &task.step_key,
                        role: Role::PartnerAdmin.as_str(),
                        user_id: partner_admin
                            .as_ref()
                            .and_then(|partner| partner.actor_id.as_deref()),
                        user_label: partner_admin
                            .as_ref()
                            .map_or("partner admin", |partner| partner.actor_label.as_str()),
                        detail: &items,
                        document_id: None,
                    },
                )
                .await?;
            }
            tasks::set_status(
                &mut tx,
                &task.id,
                StatusChange {
                    from: TaskStatus::NotStarted.as_str(),
                    to: TaskStatus::Done.as_str(),
                    skip_reason: None,
                    started_on: task.baseline_start.as_deref(),
                    finished_on: task.baseline_finish.as_deref(),
                },
            )
            .await?;
            audit::append(
                &mut tx,
                &context,
                Change {
                    action: "enrollment.task_updated",
                    entity_type: "enrollment_task",
                    entity_id: &task.id,
                    organization_id: Some(&organization_id),
                    summary: format!("{}: not started → done", task.step_key),
                },
            )
            .await?;
        }
        if let Some(next) = task_list.get(finished).filter(|_| finished > 0) {
            tasks::set_status(
                &mut tx,
                &next.id,
                StatusChange {
                    from: TaskStatus::NotStarted.as_str(),
                    to: TaskStatus::InProgress.as_str(),
                    skip_reason: None,
                    started_on: next.baseline_start.as_deref(),
                    finished_on: None,
                },
            )
            .await?;
        }
        refresh(&mut tx, &seeder.state.calendars, &context, &enrollment.id).await?;
        tx.commit().await?;
        seeder.progress.advance(1);
    }
    Ok(u64::try_from(seeder.enrollments.len()).unwrap_or(u64::MAX))
}
