//! The work on an enrollment: changing a task's status (done only when its step's evidence is
//! there; skipped only with a reason), assigning it, commenting, attesting a step's checklist,
//! approving a gate with a reason, and a program admin's override of a gate. Each is one
//! transaction with its audit event, and each refreshes the enrollment's gates and forecast in it.

use std::collections::BTreeMap;

use onramp_core::tracks::enrollment::TaskStatus;
use onramp_core::tracks::Evidence;
use onramp_core::Role;
use onramp_store::accounts::users::User;
use onramp_store::platform::audit::{self, Change};
use onramp_store::tracks::enrollments::Enrollment;
use onramp_store::tracks::gates::{self, NewEvidence};
use onramp_store::tracks::tasks::{self, StatusChange, Task};
use onramp_store::StoreError;

use super::enrollments::{detail, is_coordinator, visible};
use super::facts::{APPROVAL, ATTESTATION};
use super::record::record_change;
use super::refresh::{date_at, refresh};
use crate::platform::outbox::{emit, Event};
use crate::registry::services::scope;
use crate::state::AppState;
use crate::web::actor::Actor;
use crate::web::error::{AppError, FieldError};
use crate::web::problems;

fn task_of(enrollment: &Enrollment, task: Result<Task, StoreError>) -> Result<Task, AppError> {
    match task {
        Ok(task) if task.enrollment_id == enrollment.id => Ok(task),
        Ok(_) | Err(StoreError::NotFound) => Err(AppError::NotFound("task")),
        Err(other) => Err(other.into()),
    }
}

/// Whether `user` may change `task`: coordinators and program admins any; another staff member
/// the tasks of their role or assigned to them; a partner admin the partner roles' tasks of their
/// organization; a partner developer theirs or their role's. Partner members read.
pub fn may_work_on(user: &User, task: &Task) -> bool {
    let owner = task.owner_role.parse::<Role>().ok();
    let assigned = task.assignee_id.as_deref() == Some(&user.id);
    match user.role {
        Role::ProgramAdmin | Role::OnboardingCoordinator => true,
        Role::ConformanceAnalyst | Role::SupportAgent | Role::Trainer => {
            assigned || owner == Some(user.role)
        }
        Role::PartnerAdmin => owner.is_some_and(|owner| !owner.is_staff()) || assigned,
        Role::PartnerDeveloper => assigned || owner == Some(Role::PartnerDeveloper),
        Role::PartnerMember => false,
    }
}

/// What a status change asks.
#[derive(Clone, Debug, Default)]
pub struct StatusRequest<'a> {
    pub status: &'a str,
    /// Required to skip.
    pub reason: &'a str,
}

/// Changes a task's status. Done needs the step's evidence (a rule refusal names what is
/// missing); skipped needs a reason; reopening a finished task is for coordinators.
pub async fn set_status(
    state: &AppState,
    actor: &Actor,
    enrollment_id: &str,
    task_id: &str,
    request: &StatusRequest<'_>,
) -> Result<Task, AppError> {
    let user = scope::user(actor)?.clone();
    let enrollment = visible(state, actor, enrollment_id).await?;
    let task = task_of(&enrollment, tasks::find(state.store.pool(), task_id).await)?;
    if !may_work_on(&user, &task) {
        return Err(AppError::Forbidden);
    }
    if enrollment.state != "active" {
        return Err(AppError::Rule(
            &problems::ENROLLMENT_CLOSED,
            format!(
                "the enrollment is {}: its tasks no longer change",
                enrollment.state
            ),
        ));
    }
    let to: TaskStatus =
        request
            .status
            .parse()
            .map_err(|error: onramp_core::vocabulary::UnknownName| {
                AppError::validation(vec![FieldError::new("status", error.to_string())])
            })?;
    let from: TaskStatus =
        task.status
            .parse()
            .map_err(|error: onramp_core::vocabulary::UnknownName| {
                AppError::Internal(error.to_string())
            })?;
    let reason = request.reason.trim();
    if to == TaskStatus::Skipped && reason.is_empty() {
        return Err(AppError::validation(vec![FieldError::new(
            "reason",
            "say why the step is skipped",
        )]));
    }
    if reason.chars().count() > 2000 {
        return Err(AppError::validation(vec![FieldError::new(
            "reason",
            "at most 2,000 characters",
        )]));
    }
    if from.is_finished() && !to.is_finished() && !is_coordinator(user.role) {
        return Err(AppError::Forbidden);
    }
    if to == TaskStatus::Done {
        let view = detail(state, actor, enrollment_id).await?;
        let missing = view.needs.get(&task.step_key).cloned().unwrap_or_default();
        if !missing.is_empty() {
            return Err(AppError::Rule(
                &problems::TASK_EVIDENCE_MISSING,
                format!("this step still needs {}", missing.join("; ")),
            ));
        }
    }
    if from == to {
        return Ok(task);
    }
    let today = date_at(state.clock.now_ms()).to_string();
    let started_on = if to.has_started() {
        task.started_on.clone().or_else(|| Some(today.clone()))
    } else {
        None
    };
    let finished_on = to.is_finished().then(|| today.clone());
    let context = actor.audit_context();
    let mut tx = state.store.begin().await?;
    tasks::set_status(
        &mut tx,
        &task.id,
        StatusChange {
            from: from.as_str(),
            to: to.as_str(),
            skip_reason: (to == TaskStatus::Skipped).then_some(reason),
            started_on: started_on.as_deref(),
            finished_on: finished_on.as_deref(),
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
            organization_id: Some(&enrollment.organization_id),
            summary: format!(
                "{}: step {} of {} moved from {} to {}{}",
                enrollment.organization_name,
                task.step_key,
                enrollment.track_name,
                from.label().to_lowercase(),
                to.label().to_lowercase(),
                if reason.is_empty() {
                    String::new()
                } else {
                    format!(" ({reason})")
                }
            ),
        },
    )
    .await?;
    if to.is_finished() {
        emit(
            &mut tx,
            state.clock.now_ms(),
            Event {
                event_type: "enrollment.step_completed",
                organization_id: Some(&enrollment.organization_id),
                data: serde_json::json!({
                    "enrollment_id": enrollment.id,
                    "track": enrollment.track_key,
                    "step": task.step_key,
                    "status": to.as_str(),
                }),
            },
        )
        .await?;
    }
    refresh(&mut tx, &state.calendars, &context, &enrollment.id).await?;
    tx.commit().await?;
    Ok(tasks::find(state.store.pool(), &task.id).await?)
}

/// Assigns a task to a person of the organization or to a staff member (coordinators, and partner
/// admins for their partner-role tasks); empty: unassigned.
pub async fn assign(
    state: &AppState,
    actor: &Actor,
    enrollment_id: &str,
    task_id: &str,
    assignee_id: &str,
) -> Result<Task, AppError> {
    let user = scope::user(actor)?.clone();
    let enrollment = visible(state, actor, enrollment_id).await?;
    let task = task_of(&enrollment, tasks::find(state.store.pool(), task_id).await)?;
    let partner_task = task
        .owner_role
        .parse::<Role>()
        .is_ok_and(|owner| !owner.is_staff());
    if !(is_coordinator(user.role) || (user.role == Role::PartnerAdmin && partner_task)) {
        return Err(AppError::Forbidden);
    }
    let assignee = match assignee_id.trim() {
        "" => None,
        id => {
            let candidate = onramp_store::accounts::users::find_by_id(state.store.pool(), id)
                .await
                .ok()
                .filter(|candidate| {
                    candidate.active
                        && ((candidate.role.is_staff() && user.role.is_staff())
                            || candidate.organization_id.as_deref()
                                == Some(&enrollment.organization_id))
                });
            match candidate {
                Some(candidate) => Some(candidate),
                None => {
                    return Err(AppError::validation(vec![FieldError::new(
                        "assignee_id",
                        "choose a person of the organization or of the program staff",
                    )]))
                }
            }
        }
    };
    let mut tx = state.store.begin().await?;
    tasks::set_assignee(
        &mut tx,
        &task.id,
        assignee.as_ref().map(|user| user.id.as_str()),
    )
    .await?;
    audit::append(
        &mut tx,
        &actor.audit_context(),
        Change {
            action: "enrollment.task_assigned",
            entity_type: "enrollment_task",
            entity_id: &task.id,
            organization_id: Some(&enrollment.organization_id),
            summary: format!(
                "step {} of {} in {} assigned to {}",
                task.step_key,
                enrollment.organization_name,
                enrollment.track_name,
                assignee
                    .as_ref()
                    .map_or("nobody", |user| user.name.as_str())
            ),
        },
    )
    .await?;
    tx.commit().await?;
    Ok(tasks::find(state.store.pool(), &task.id).await?)
}

/// Adds a comment to a task (anyone who may see the enrollment).
pub async fn comment(
    state: &AppState,
    actor: &Actor,
    enrollment_id: &str,
    task_id: &str,
    body: &str,
) -> Result<tasks::Comment, AppError> {
    let user = scope::user(actor)?.clone();
    let enrollment = visible(state, actor, enrollment_id).await?;
    let task = task_of(&enrollment, tasks::find(state.store.pool(), task_id).await)?;
    let body = body.trim();
    if body.is_empty() || body.chars().count() > 5000 {
        return Err(AppError::validation(vec![FieldError::new(
            "body",
            "a comment of 1 to 5,000 characters",
        )]));
    }
    let mut tx = state.store.begin().await?;
    let comment = tasks::add_comment(&mut tx, &task.id, Some(&user.id), &user.name, body).await?;
    audit::append(
        &mut tx,
        &actor.audit_context(),
        Change {
            action: "enrollment.task_commented",
            entity_type: "enrollment_task",
            entity_id: &task.id,
            organization_id: Some(&enrollment.organization_id),
            summary: format!(
                "comment on step {} of {}",
                task.step_key, enrollment.organization_name
            ),
        },
    )
    .await?;
    tx.commit().await?;
    Ok(comment)
}

/// Attests a step's checklist, every item (a partner person of the organization; the role they
/// hold is what gates check).
pub async fn attest(
    state: &AppState,
    actor: &Actor,
    enrollment_id: &str,
    step_key: &str,
    checked: &[String],
) -> Result<(), AppError> {
    let user = scope::user(actor)?.clone();
    if user.role.is_staff() || user.role == Role::PartnerMember {
        return Err(AppError::Forbidden);
    }
    let view = detail(state, actor, enrollment_id).await?;
    let items = view
        .track
        .step(step_key)
        .and_then(|step| {
            step.evidence.iter().find_map(|evidence| match evidence {
                Evidence::Attestation { items } => Some(items.clone()),
                _ => None,
            })
        })
        .ok_or(AppError::NotFound("checklist"))?;
    let unchecked: Vec<&String> = items
        .iter()
        .filter(|item| !checked.contains(item))
        .collect();
    if !unchecked.is_empty() {
        return Err(AppError::validation(vec![FieldError::new(
            "items",
            format!(
                "attest every item; not yet: {}",
                unchecked
                    .iter()
                    .map(|item| item.as_str())
                    .collect::<Vec<_>>()
                    .join("; ")
            ),
        )]));
    }
    let context = actor.audit_context();
    let mut tx = state.store.begin().await?;
    gates::add_evidence(
        &mut tx,
        NewEvidence {
            enrollment_id,
            kind: ATTESTATION,
            subject: step_key,
            role: user.role.as_str(),
            user_id: Some(&user.id),
            user_label: &user.name,
            detail: &items.join("\n"),
            document_id: None,
        },
    )
    .await?;
    record_change(
        &mut tx,
        &context,
        &view.enrollment,
        "enrollment.attested",
        format!(
            "{} ({}) attested the checklist of step {} ({} items)",
            user.name,
            user.role.label(),
            step_key,
            items.len()
        ),
        None,
    )
    .await?;
    refresh(&mut tx, &state.calendars, &context, enrollment_id).await?;
    tx.commit().await?;
    Ok(())
}

fn required_reason(reason: &str) -> Result<&str, AppError> {
    let reason = reason.trim();
    if reason.is_empty() || reason.chars().count() > 2000 {
        return Err(AppError::validation(vec![FieldError::new(
            "reason",
            "give a reason of 1 to 2,000 characters",
        )]));
    }
    Ok(reason)
}

/// Approves a gate, with a reason, as the staff role the gate's approval condition names.
pub async fn approve(
    state: &AppState,
    actor: &Actor,
    enrollment_id: &str,
    gate_key: &str,
    reason: &str,
) -> Result<(), AppError> {
    let user = scope::user(actor)?.clone();
    if !user.role.is_staff() {
        return Err(AppError::Forbidden);
    }
    let view = detail(state, actor, enrollment_id).await?;
    let gate = view
        .gates
        .iter()
        .find(|gate| gate.gate.key == gate_key)
        .ok_or(AppError::NotFound("gate"))?;
    let asks_role = gate.gate.conditions.iter().any(|condition| {
        matches!(condition, onramp_core::tracks::Condition::ApprovalBy { role } if *role == user.role)
    });
    if !asks_role {
        return Err(AppError::Forbidden);
    }
    let reason = required_reason(reason)?;
    let context = actor.audit_context();
    let mut tx = state.store.begin().await?;
    gates::add_evidence(
        &mut tx,
        NewEvidence {
            enrollment_id,
            kind: APPROVAL,
            subject: gate_key,
            role: user.role.as_str(),
            user_id: Some(&user.id),
            user_label: &user.name,
            detail: reason,
            document_id: None,
        },
    )
    .await?;
    record_change(
        &mut tx,
        &context,
        &view.enrollment,
        "enrollment.gate_approved",
        format!(
            "{} ({}) approved gate “{}”: {reason}",
            user.name,
            user.role.label(),
            gate.gate.name
        ),
        None,
    )
    .await?;
    refresh(&mut tx, &state.calendars, &context, enrollment_id).await?;
    tx.commit().await?;
    Ok(())
}

/// Overrides a gate with a reason (program admins): it counts as held, shown as overridden
/// everywhere, whatever its conditions say.
pub async fn override_gate(
    state: &AppState,
    actor: &Actor,
    enrollment_id: &str,
    gate_key: &str,
    reason: &str,
) -> Result<(), AppError> {
    let user = scope::user(actor)?.clone();
    if user.role != Role::ProgramAdmin {
        return Err(AppError::Forbidden);
    }
    let view = detail(state, actor, enrollment_id).await?;
    let gate = view
        .gates
        .iter()
        .find(|gate| gate.gate.key == gate_key)
        .ok_or(AppError::NotFound("gate"))?;
    let reason = required_reason(reason)?;
    let context = actor.audit_context();
    let mut tx = state.store.begin().await?;
    gates::set_override(
        &mut tx,
        enrollment_id,
        gate_key,
        Some(reason),
        Some(&user.id),
    )
    .await
    .map_err(|error| match error {
        StoreError::NotFound => AppError::NotFound("gate"),
        other => other.into(),
    })?;
    record_change(
        &mut tx,
        &context,
        &view.enrollment,
        "enrollment.gate_overridden",
        format!("{} overrode gate “{}”: {reason}", user.name, gate.gate.name),
        Some(serde_json::json!({"gate": gate_key, "reason": reason})),
    )
    .await?;
    refresh(&mut tx, &state.calendars, &context, enrollment_id).await?;
    tx.commit().await?;
    Ok(())
}

/// A task on someone's list, with its enrollment and its step's name.
#[derive(Clone, Debug)]
pub struct OpenTask {
    pub task: Task,
    pub enrollment: Enrollment,
    pub step_name: String,
}

/// What a person must do across enrollments.
pub async fn my_tasks(state: &AppState, actor: &Actor) -> Result<Vec<OpenTask>, AppError> {
    let user = scope::user(actor)?;
    let open = tasks::open_for(
        state.store.pool(),
        &tasks::Person {
            user_id: &user.id,
            role: user.role.as_str(),
            organization_id: user.organization_id.as_deref(),
        },
        200,
    )
    .await?;
    let mut listed = Vec::with_capacity(open.len());
    let mut enrollments: BTreeMap<String, Enrollment> = BTreeMap::new();
    let mut tracks: BTreeMap<String, std::sync::Arc<onramp_core::tracks::Track>> = BTreeMap::new();
    for task in open {
        if !enrollments.contains_key(&task.enrollment_id) {
            let found =
                onramp_store::tracks::enrollments::find(state.store.pool(), &task.enrollment_id)
                    .await?;
            enrollments.insert(found.id.clone(), found);
        }
        let Some(enrollment) = enrollments.get(&task.enrollment_id).cloned() else {
            continue;
        };
        if !tracks.contains_key(&enrollment.track_version_id) {
            let version = onramp_store::tracks::definitions::find(
                state.store.pool(),
                &enrollment.track_version_id,
            )
            .await?;
            tracks.insert(version.id.clone(), super::definitions::model(&version)?);
        }
        let step_name = tracks
            .get(&enrollment.track_version_id)
            .and_then(|track| track.step(&task.step_key))
            .map_or_else(|| task.step_key.clone(), |step| step.name.clone());
        listed.push(OpenTask {
            task,
            enrollment,
            step_name,
        });
    }
    Ok(listed)
}
