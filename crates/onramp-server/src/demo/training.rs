//! The demo's training: people of Lakeside Health System and Harbor Point Clinic at every stage —
//! job roles given and curricula assigned (one overdue), a course completed, one in progress, a
//! nurse certified, an implementation specialist's attempt waiting for the trainer's grading, a
//! failed attempt with attempts left, and live sessions next week (one with a registration).

use std::collections::BTreeMap;

use onramp_core::training::assessment::{draw, Answer, Answers, Drawn};
use onramp_core::training::course::CourseDocument;
use onramp_core::training::{JobRole, QuestionKind};
use onramp_store::platform::audit::{self, AuditContext, Change};
use onramp_store::training::{attempts as stored_attempts, courses as stored_courses};

use super::tracks::demo_actor;
use crate::state::AppState;
use crate::training::services::learners::{self, Assignees};
use crate::training::services::sessions::{self, SessionInput};
use crate::training::services::{attempts, courses, progress};
use crate::web::actor::Actor;
use crate::web::error::AppError;

const DAY: i64 = 86_400_000;

/// Answers every drawn question: right, or (for `right == false`) wrong.
fn answer(document: &CourseDocument, drawn: &Drawn, right: bool) -> Answers {
    let mut answers = BTreeMap::new();
    let Some(assessment) = &document.assessment else {
        return Answers(answers);
    };
    for drawn in &drawn.questions {
        let Some(question) = assessment.questions.iter().find(|q| q.key == drawn.key) else {
            continue;
        };
        let given = match question.kind {
            QuestionKind::SingleChoice | QuestionKind::MultipleChoice => {
                let mut keys: Vec<String> = question
                    .choices
                    .iter()
                    .filter(|choice| choice.correct == right)
                    .map(|choice| choice.key.clone())
                    .collect();
                if question.kind == QuestionKind::SingleChoice {
                    keys.truncate(1);
                }
                Answer::Choices(keys)
            }
            QuestionKind::TrueFalse => Answer::TrueFalse(question.answer.unwrap_or(true) == right),
            QuestionKind::ShortAnswer => Answer::Text(
                "Each client signs a JWT assertion with its private key; the server checks it against the registered JWKS, then issues a short-lived access token limited to the granted scopes.".to_owned(),
            ),
        };
        answers.insert(question.key.clone(), given);
    }
    Answers(answers)
}

/// Completes every module of `key` (or the first `modules`) as the learner.
async fn read(
    state: &AppState,
    learner: &Actor,
    key: &str,
    modules: Option<usize>,
) -> Result<(), AppError> {
    let course = courses::find(state, key, None).await?;
    let document = courses::document(&course)?;
    for module in document.modules.iter().take(modules.unwrap_or(usize::MAX)) {
        progress::complete_module(state, learner, key, &module.key, true).await?;
    }
    Ok(())
}

/// Takes the assessment of `key` once, answering right or wrong; with `short_answer`, on a draw
/// that holds a short answer (so that a trainer has it to grade).
async fn attempt(
    state: &AppState,
    learner: &Actor,
    key: &str,
    right: bool,
    short_answer: bool,
) -> Result<(), AppError> {
    let started = attempts::start_seeded(state, learner, key, |assessment| {
        (1..1_000)
            .find(|seed| {
                !short_answer
                    || draw(assessment, *seed).questions.iter().any(|drawn| {
                        assessment
                            .questions
                            .iter()
                            .any(|q| q.key == drawn.key && q.kind == QuestionKind::ShortAnswer)
                    })
            })
            .unwrap_or(1)
    })
    .await?;
    let course = stored_courses::find(state.store.pool(), &started.course_id).await?;
    let document = courses::document(&course)?;
    let drawn: Drawn = serde_json::from_str(&started.drawn)
        .map_err(|error| AppError::Internal(error.to_string()))?;
    attempts::submit(
        state,
        learner,
        &started.id,
        answer(&document, &drawn, right),
    )
    .await?;
    Ok(())
}

pub async fn seed_training(state: &AppState) -> Result<(), AppError> {
    let Ok(lakeside_admin) = demo_actor(state, "admin@lakeside-health.test").await else {
        return Ok(());
    };
    let now = state.clock.now_ms();
    let people = learners::people(state, &lakeside_admin).await?;
    let id_of = |email: &str| {
        people
            .iter()
            .find(|person| person.email == email)
            .map(|person| person.user_id.clone())
    };
    // Job roles, and curricula assigned by role.
    for (email, role) in [
        (
            "dev@lakeside-health.test",
            JobRole::ImplementationSpecialist,
        ),
        ("member@lakeside-health.test", JobRole::Nurse),
        ("admin@lakeside-health.test", JobRole::ItStaff),
    ] {
        if let Some(id) = id_of(email) {
            learners::set_job_role(state, &lakeside_admin, &id, role.as_str()).await?;
        }
    }
    for (role, course, due_days) in [
        (JobRole::ImplementationSpecialist, "fhir-fundamentals", 14),
        (
            JobRole::ImplementationSpecialist,
            "implementation-specialist",
            45,
        ),
        (JobRole::Nurse, "nurse-curriculum", 30),
        (JobRole::ItStaff, "it-staff-curriculum", 60),
    ] {
        learners::assign(
            state,
            &lakeside_admin,
            Assignees::JobRole(role),
            course,
            Some(now + due_days * DAY),
        )
        .await?;
    }
    // Lakeside's developer finished the fundamentals and is halfway through the certification.
    if let Ok(developer) = demo_actor(state, "dev@lakeside-health.test").await {
        read(state, &developer, "fhir-fundamentals", None).await?;
        attempt(state, &developer, "fhir-fundamentals", true, false).await?;
        read(state, &developer, "implementation-specialist", Some(3)).await?;
    }
    // Lakeside's nurse is certified.
    if let Ok(nurse) = demo_actor(state, "member@lakeside-health.test").await {
        read(state, &nurse, "nurse-curriculum", None).await?;
        attempt(state, &nurse, "nurse-curriculum", true, false).await?;
    }
    // Lakeside's admin has not started the IT curriculum, which was due a week ago (assigned
    // before the demo began).
    if let Some(admin_id) = id_of("admin@lakeside-health.test") {
        let mut tx = state.store.begin().await?;
        let organization_id = lakeside_admin
            .user()
            .and_then(|user| user.organization_id.clone())
            .unwrap_or_default();
        let _ = onramp_store::training::learners::assign(
            &mut tx,
            &organization_id,
            &admin_id,
            "it-staff-curriculum",
            None,
            Some(now - 7 * DAY),
        )
        .await?;
        audit::append(
            &mut tx,
            &AuditContext::system(),
            Change {
                action: "training.course_assigned",
                entity_type: "user",
                entity_id: &admin_id,
                organization_id: Some(&organization_id),
                summary: "the demo's overdue assignment: the IT staff curriculum, due a week ago"
                    .to_owned(),
            },
        )
        .await?;
        tx.commit().await?;
    }
    // Harbor Point's developer waits for the trainer to grade short answers; its admin failed the
    // clinician curriculum once.
    if let Ok(developer) = demo_actor(state, "dev@harbor-point.test").await {
        read(state, &developer, "fhir-fundamentals", None).await?;
        attempt(state, &developer, "fhir-fundamentals", true, false).await?;
        read(state, &developer, "implementation-specialist", None).await?;
        attempt(state, &developer, "implementation-specialist", true, true).await?;
    }
    if let Ok(admin) = demo_actor(state, "admin@harbor-point.test").await {
        read(state, &admin, "clinician-curriculum", None).await?;
        attempt(state, &admin, "clinician-curriculum", false, false).await?;
    }
    // A webinar next week on the nurses' clinical module, with Lakeside's nurse registered, and
    // office hours after it.
    if let Ok(trainer) = demo_actor(state, "trainer@demo.onramp.test").await {
        let stamp = |ms: i64| {
            jiff::Timestamp::from_millisecond(ms)
                .map(|at| at.to_string())
                .unwrap_or_default()
        };
        let webinar_start = now + 7 * DAY;
        let webinar = sessions::create(
            state,
            &trainer,
            &SessionInput {
                kind: "webinar",
                title: "Clinical use of the exchange, live",
                description: "The nurse curriculum's clinical module, taught with questions. Attending completes the module.",
                location: "https://meet.example.org/onramp-clinical",
                starts_at: &stamp(webinar_start),
                ends_at: &stamp(webinar_start + 90 * 60_000),
                capacity: Some(40),
                course_key: "nurse-curriculum",
                module_key: "clinical",
                zone: &jiff::tz::TimeZone::UTC,
            },
        )
        .await?;
        sessions::create(
            state,
            &trainer,
            &SessionInput {
                kind: "office_hours",
                title: "Implementation specialist office hours",
                description:
                    "Bring your questions on the sandbox, TestScripts and the certification.",
                location: "https://meet.example.org/onramp-office-hours",
                starts_at: &stamp(webinar_start + DAY),
                ends_at: &stamp(webinar_start + DAY + 60 * 60_000),
                capacity: Some(15),
                course_key: "",
                module_key: "",
                zone: &jiff::tz::TimeZone::UTC,
            },
        )
        .await?;
        if let Ok(nurse) = demo_actor(state, "member@lakeside-health.test").await {
            sessions::register(state, &nurse, &webinar.id).await?;
        }
    }
    let waiting = stored_attempts::awaiting_grading(state.store.pool()).await?;
    tracing::debug!(waiting = waiting.len(), "demo training seeded");
    Ok(())
}
