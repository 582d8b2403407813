//! The demo's enrollments: one in each built-in track, at different stages — just started, a few
//! steps done, well under way — so the program view, the timelines and "my tasks" have something
//! to show.

use onramp_core::tracks::enrollment::TaskStatus;
use onramp_core::tracks::Evidence;
use onramp_core::{Email, Role};
use onramp_store::accounts::users;
use onramp_store::platform::audit::AuditContext;
use onramp_store::registry::{self, ListFilter};
use onramp_store::tracks::gates::{self, NewEvidence};
use onramp_store::tracks::tasks::{self, StatusChange};

use crate::state::AppState;
use crate::tracks::services::definitions;
use crate::tracks::services::enrollments::{self, EnrollRequest};
use crate::tracks::services::facts::ATTESTATION;
use crate::tracks::services::refresh::{date_at, refresh};
use crate::web::actor::{Actor, Credential, SignedIn};
use crate::web::error::AppError;

/// (organization, track, business days before today it started, steps finished)
const ENROLLMENTS: &[(&str, &str, i64, usize)] = &[
    (
        "Lakeside Health System",
        "healthcare-customer-onboarding",
        70,
        9,
    ),
    ("Cedar EHR Systems", "connected-partner", 25, 3),
    ("Northwind Labs", "fhir-implementation-guide-partner", 0, 0),
    (
        "Harbor Point Clinic",
        "fhir-implementation-guide-partner",
        30,
        3,
    ),
    (
        "Prairie County Public Health",
        "government-agency-integration",
        120,
        6,
    ),
    (
        "Prairie County Public Health",
        "country-health-data-sharing",
        10,
        1,
    ),
];

/// Enrolls the demo organizations as the demo coordinator and finishes their first steps (with
/// the checklists those steps need, attested by the organization's admin).
pub async fn seed_enrollments(state: &AppState) -> Result<(), AppError> {
    let actor = coordinator(state).await?;
    let organizations = registry::list(state.store.pool(), &ListFilter::default(), 100).await?;
    let today = date_at(state.clock.now_ms());
    for (name, track_key, days_ago, finished) in ENROLLMENTS {
        let Some(organization) = organizations.iter().find(|profile| profile.name == *name) else {
            continue;
        };
        let start = state
            .calendars
            .for_country(organization.country.as_deref())
            .add_business_days(today, -days_ago)
            .map_err(|error| AppError::Internal(error.to_string()))?;
        let enrollment = enrollments::enroll(
            state,
            &actor,
            &EnrollRequest {
                organization_id: &organization.id,
                track_key,
                start: &start.to_string(),
                target_end: "",
            },
        )
        .await?;
        let version = onramp_store::tracks::definitions::find(
            state.store.pool(),
            &enrollment.track_version_id,
        )
        .await?;
        let track = definitions::model(&version)?;
        let task_list = tasks::of_enrollment(state.store.pool(), &enrollment.id).await?;
        let context = AuditContext::system();
        let mut tx = state.store.begin().await?;
        for task in task_list.iter().take(*finished) {
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
                        user_id: None,
                        user_label: "Demo partner admin",
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
        }
        if let Some(next) = task_list.get(*finished) {
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
        refresh(&mut tx, &state.calendars, &context, &enrollment.id).await?;
        tx.commit().await?;
    }
    Ok(())
}

/// The demo coordinator, acting.
pub async fn coordinator(state: &AppState) -> Result<Actor, AppError> {
    demo_actor(state, "coordinator@demo.onramp.test").await
}

/// The demo user with this email, acting as if through an API token.
pub async fn demo_actor(state: &AppState, email: &str) -> Result<Actor, AppError> {
    let email = Email::parse(email).map_err(|error| AppError::Internal(error.to_string()))?;
    let coordinator = users::find_by_email(state.store.pool(), &email).await?;
    Ok(Actor {
        signed_in: Some(SignedIn {
            user: coordinator,
            credential: Credential::ApiToken {
                token_id: "demo".to_owned(),
            },
        }),
        client_addr: None,
        user_agent: None,
        csrf_binding: String::new(),
        csrf_token: String::new(),
    })
}
