//! Progress through courses: starting a course (on its latest version, which the learner then
//! keeps; its prerequisites completed first), completing modules by reading, attesting or
//! attending, and the course done when every module is and the assessment (if any) is passed —
//! which, for a certification, issues the certificate in the same transaction.

use std::collections::BTreeSet;
use std::sync::Arc;

use onramp_core::training::course::CourseDocument;
use onramp_core::training::{AttemptState, ModuleCompletion};
use onramp_store::platform::audit::{self, AuditContext, Change};
use onramp_store::training::progress::{
    self, ModuleCompletion as Completed, NewCompletion, Progress,
};
use onramp_store::training::{attempts, certificates as stored_certificates, courses, learners};
use onramp_store::{StoreError, Tx};

use super::certificates::{self, Holder};
use super::courses::document;
use crate::platform::outbox::{emit, Event};
use crate::registry::services::scope;
use crate::state::AppState;
use crate::web::actor::Actor;
use crate::web::error::{AppError, FieldError};
use crate::web::problems::PREREQUISITE_MISSING;

/// A module to record as done for a learner.
#[derive(Clone, Copy, Debug)]
pub struct RecordModule<'a> {
    pub organization_id: &'a str,
    pub user_id: &'a str,
    pub course_key: &'a str,
    pub module_key: &'a str,
    pub completion: ModuleCompletion,
}

/// The partner person taking a course, and their organization.
pub fn learner(actor: &Actor) -> Result<(&onramp_store::accounts::users::User, &str), AppError> {
    scope::own_organization(actor)
}

/// Starts a course for the signed-in partner person (nothing changes when they had started it):
/// every prerequisite must be completed.
pub async fn start(
    state: &AppState,
    actor: &Actor,
    course_key: &str,
) -> Result<Progress, AppError> {
    let (user, organization_id) = learner(actor)?;
    let mut tx = state.store.begin().await?;
    let progress = start_in(
        &mut tx,
        &actor.audit_context(),
        organization_id,
        &user.id,
        course_key,
    )
    .await?;
    tx.commit().await?;
    Ok(progress)
}

/// Starts a course in the caller's transaction (see [`start`]).
async fn start_in(
    tx: &mut Tx,
    context: &AuditContext,
    organization_id: &str,
    user_id: &str,
    course_key: &str,
) -> Result<Progress, AppError> {
    if let Some(started) = progress::find(tx.conn(), user_id, course_key).await? {
        return Ok(started);
    }
    let course = match courses::find_version(tx.conn(), course_key, None).await {
        Ok(course) => course,
        Err(StoreError::NotFound) => return Err(AppError::NotFound("course")),
        Err(other) => return Err(other.into()),
    };
    let document = document(&course)?;
    let mut missing = Vec::new();
    for prerequisite in &document.prerequisites {
        let done = progress::find(tx.conn(), user_id, prerequisite)
            .await?
            .is_some_and(|found| found.completed_at.is_some());
        if !done {
            let title = courses::find_version(tx.conn(), prerequisite, None)
                .await
                .map_or_else(|_| prerequisite.clone(), |found| found.title);
            missing.push(format!("“{title}”"));
        }
    }
    if !missing.is_empty() {
        return Err(AppError::Rule(
            &PREREQUISITE_MISSING,
            format!(
                "complete {} before starting “{}”",
                missing.join(" and "),
                document.title
            ),
        ));
    }
    let (started, _) =
        progress::start(tx, organization_id, user_id, course_key, &course.id).await?;
    audit::append(
        tx,
        context,
        Change {
            action: "training.course_started",
            entity_type: "training_course",
            entity_id: &course.id,
            organization_id: Some(organization_id),
            summary: format!("started “{}” version {}", course.title, course.version),
        },
    )
    .await?;
    Ok(started)
}

/// Completes a module for the signed-in learner: a Markdown module by reading it, an external
/// one by attesting (`attested` must be true).
pub async fn complete_module(
    state: &AppState,
    actor: &Actor,
    course_key: &str,
    module_key: &str,
    attested: bool,
) -> Result<bool, AppError> {
    let (user, organization_id) = learner(actor)?;
    let context = actor.audit_context();
    let mut tx = state.store.begin().await?;
    let started = start_in(&mut tx, &context, organization_id, &user.id, course_key).await?;
    let course = courses::find(tx.conn(), &started.course_id).await?;
    let document = document(&course)?;
    let module = document
        .modules
        .iter()
        .find(|module| module.key == module_key)
        .ok_or(AppError::NotFound("module"))?;
    let completion = if module.link.is_some() {
        if !attested {
            return Err(AppError::validation(vec![FieldError::new(
                "attested",
                match &module.attestation {
                    Some(attestation) => format!("tick the box to attest: “{attestation}”"),
                    None => "confirm you completed the material".to_owned(),
                },
            )]));
        }
        ModuleCompletion::Attested
    } else {
        ModuleCompletion::Read
    };
    let recorded = record_module(
        &mut tx,
        state,
        Some(&user.id),
        RecordModule {
            organization_id,
            user_id: &user.id,
            course_key,
            module_key,
            completion,
        },
    )
    .await?;
    tx.commit().await?;
    Ok(recorded)
}

/// Records a module done in the caller's transaction (starting the course on its latest version
/// when the learner had not started it), with its audit event and, when that completes the
/// course, the course's completion and certificate. False when the module was already done.
/// Unknown course or module: `AppError::NotFound`.
pub async fn record_module(
    tx: &mut Tx,
    state: &AppState,
    actor_id: Option<&str>,
    module: RecordModule<'_>,
) -> Result<bool, AppError> {
    let context = actor_context(tx, actor_id).await?;
    let started = match progress::find(tx.conn(), module.user_id, module.course_key).await? {
        Some(started) => started,
        None => {
            // Attendance may start a course; its prerequisites are the trainer's call then.
            let course = match courses::find_version(tx.conn(), module.course_key, None).await {
                Ok(course) => course,
                Err(StoreError::NotFound) => return Err(AppError::NotFound("course")),
                Err(other) => return Err(other.into()),
            };
            progress::start(
                tx,
                module.organization_id,
                module.user_id,
                module.course_key,
                &course.id,
            )
            .await?
            .0
        }
    };
    let course = courses::find(tx.conn(), &started.course_id).await?;
    let document = document(&course)?;
    let Some(found) = document.modules.iter().find(|m| m.key == module.module_key) else {
        return Err(AppError::NotFound("module"));
    };
    let recorded = progress::complete_module(
        tx,
        NewCompletion {
            organization_id: module.organization_id,
            user_id: module.user_id,
            course_id: &course.id,
            module_key: module.module_key,
            completion: module.completion.as_str(),
            credits_tenths: i64::from(found.credits.0),
            hours_tenths: i64::from(found.hours.0),
        },
    )
    .await?;
    if !recorded {
        return Ok(false);
    }
    audit::append(
        tx,
        &context,
        Change {
            action: "training.module_completed",
            entity_type: "training_course",
            entity_id: &course.id,
            organization_id: Some(module.organization_id),
            summary: format!(
                "module “{}” of “{}” completed ({}; {} credits)",
                found.title,
                course.title,
                module.completion.label().to_lowercase(),
                found.credits
            ),
        },
    )
    .await?;
    complete_if_done(tx, state, &context, &started, &document).await?;
    Ok(true)
}

/// The audit context of a user acting (a trainer taking attendance), or the system's.
async fn actor_context(tx: &mut Tx, actor_id: Option<&str>) -> Result<AuditContext, AppError> {
    let Some(id) = actor_id else {
        return Ok(AuditContext::system());
    };
    match onramp_store::accounts::users::find_by_id(tx.conn(), id).await {
        Ok(user) => Ok(AuditContext {
            actor_id: Some(user.id),
            actor_label: user.email,
            ..AuditContext::system()
        }),
        Err(StoreError::NotFound) => Ok(AuditContext::system()),
        Err(other) => Err(other.into()),
    }
}

/// The keys of the modules a learner completed in their version of a course.
pub async fn done_modules(
    conn: &mut sqlx::AnyConnection,
    started: &Progress,
) -> Result<Vec<Completed>, AppError> {
    Ok(progress::completed_modules(&mut *conn, &started.user_id, &started.course_id).await?)
}

/// Completes the course when every module is done and the assessment (if any) is passed, with
/// its audit event and `training.course_completed`; issues the certificate of a certification.
/// For a course already completed, a newly passed assessment re-certifies a holder whose
/// certificate is no longer valid. Returns whether a certificate was issued.
pub async fn complete_if_done(
    tx: &mut Tx,
    state: &AppState,
    context: &AuditContext,
    started: &Progress,
    document: &Arc<CourseDocument>,
) -> Result<bool, AppError> {
    let done: BTreeSet<String> =
        progress::completed_modules(tx.conn(), &started.user_id, &started.course_id)
            .await?
            .into_iter()
            .map(|completed| completed.module_key)
            .collect();
    if !document
        .modules
        .iter()
        .all(|module| done.contains(&module.key))
    {
        return Ok(false);
    }
    let attempts = attempts::of_learner(tx.conn(), &started.user_id, &started.course_key).await?;
    let passed = attempts
        .iter()
        .filter(|attempt| attempt.state == AttemptState::Passed.as_str())
        .max_by_key(|attempt| attempt.submitted_at);
    if document.assessment.is_some() && passed.is_none() {
        return Ok(false);
    }
    let now = tx.now_ms();
    let newly = progress::mark_completed(tx, &started.user_id, &started.course_key).await?;
    if newly {
        audit::append(
            tx,
            context,
            Change {
                action: "training.course_completed",
                entity_type: "training_course",
                entity_id: &started.course_id,
                organization_id: Some(&started.organization_id),
                summary: format!(
                    "“{}” completed ({} credits)",
                    document.title,
                    document.total_credits()
                ),
            },
        )
        .await?;
        emit(
            tx,
            now,
            Event {
                event_type: "training.course_completed",
                organization_id: Some(&started.organization_id),
                data: serde_json::json!({
                    "user_id": started.user_id,
                    "course": document.key,
                    "version": started.course_version,
                    "credits": document.total_credits().to_string(),
                }),
            },
        )
        .await?;
    }
    if document.certification.is_none() {
        return Ok(false);
    }
    // A holder of a valid certificate needs no other; an expired one is earned anew only by a
    // pass after it (an old pass does not re-certify).
    let latest =
        stored_certificates::latest(tx.conn(), &started.user_id, &started.course_key).await?;
    if let Some(latest) = &latest {
        let still_valid = latest.expires_at > now;
        let passed_since = passed
            .and_then(|attempt| attempt.submitted_at)
            .is_some_and(|at| at > latest.issued_at);
        if still_valid || !passed_since {
            return Ok(false);
        }
    }
    let person = learners::person(tx.conn(), &started.organization_id, &started.user_id).await?;
    certificates::issue(
        state,
        tx,
        context,
        Holder {
            user_id: &person.user_id,
            organization_id: &started.organization_id,
            name: &person.name,
            email: &person.email,
        },
        &started.course_id,
        document,
        "assessment",
        None,
    )
    .await?;
    Ok(true)
}
