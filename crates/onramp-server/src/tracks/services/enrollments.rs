//! Enrollments: a coordinator enrolls an organization in a track (its newest version, which the
//! enrollment keeps), freezing the baseline; who may see which enrollment; and the detail view —
//! tasks, gates condition by condition, evidence, comments and the timeline.

use std::collections::BTreeMap;

use jiff::civil::Date;
use onramp_core::registry::lifecycle::OrganizationState;
use onramp_core::tracks::enrollment::{evaluate_gate, GateEvaluation, GateStatus, TaskStatus};
use onramp_core::tracks::{forecast, Gate, Simulation, Track};
use onramp_core::vocabulary::label_of;
use onramp_core::Role;
use onramp_store::accounts::users::User;
use onramp_store::platform::audit::{self, Change};
use onramp_store::registry::{self, Profile};
use onramp_store::tracks::definitions::{self, TrackVersion};
use onramp_store::tracks::enrollments::{self, Enrollment, Figures, NewEnrollment, ProgramFilter};
use onramp_store::tracks::gates::{self, EvidenceRecord, GateRecord};
use onramp_store::tracks::risks::{self, NewRisk, Risk};
use onramp_store::tracks::tasks::{self, Comment, NewTask, Task};
use onramp_store::StoreError;

use super::definitions::model;
use super::facts;
use super::refresh::{self, date_at, parse_date, track_profile};
use crate::registry::services::scope;
use crate::state::AppState;
use crate::tracks::timeline::{GateMarker, Timeline, TimelineRow};
use crate::web::actor::Actor;
use crate::web::error::{AppError, FieldError};
use crate::web::problems;

/// Who may enroll organizations and see every enrollment's controls.
pub fn is_coordinator(role: Role) -> bool {
    matches!(role, Role::ProgramAdmin | Role::OnboardingCoordinator)
}

/// What a coordinator asks for.
#[derive(Clone, Debug, Default)]
pub struct EnrollRequest<'a> {
    /// The organization's id (or its exact name).
    pub organization_id: &'a str,
    pub track_key: &'a str,
    /// `YYYY-MM-DD`; empty: today.
    pub start: &'a str,
    /// `YYYY-MM-DD`; empty: none (the baseline's end is the target).
    pub target_end: &'a str,
}

/// A date written `YYYY-MM-DD`, or none when empty; anything else is a field error.
pub(super) fn optional_date(field: &str, text: &str, fields: &mut Vec<FieldError>) -> Option<Date> {
    let text = text.trim();
    if text.is_empty() {
        return None;
    }
    match text.parse::<Date>() {
        Ok(date) => Some(date),
        Err(_) => {
            fields.push(FieldError::new(field, "a date, written YYYY-MM-DD"));
            None
        }
    }
}

/// A seed for the enrollment's Monte Carlo, from its id: the same enrollment always gets the
/// same forecast for the same progress.
fn seed_of(id: &str) -> i64 {
    use sha2::Digest;
    let digest = sha2::Sha256::digest(id.as_bytes());
    let mut bytes = [0u8; 8];
    for (slot, byte) in bytes.iter_mut().zip(digest.iter()) {
        *slot = *byte;
    }
    // Positive, so that both databases store and compare it the same way.
    i64::from_le_bytes(bytes) & i64::MAX
}

/// Enrolls an organization in the newest version of a track (coordinators and program admins).
///
/// A partner admin may start, for their own organization (active), a track offered to its tier
/// (`offered_to` in the track file); any other organization is "not found" to them.
pub async fn enroll(
    state: &AppState,
    actor: &Actor,
    request: &EnrollRequest<'_>,
) -> Result<Enrollment, AppError> {
    let user = scope::user(actor)?;
    let partner_admin = user.role == Role::PartnerAdmin;
    if !(is_coordinator(user.role) || partner_admin) {
        return Err(AppError::Forbidden);
    }
    let mut fields = Vec::new();
    let start = optional_date("start", request.start, &mut fields);
    let target = optional_date("target_end", request.target_end, &mut fields);
    if request.organization_id.trim().is_empty() {
        fields.push(FieldError::new("organization_id", "choose an organization"));
    }
    if request.track_key.trim().is_empty() {
        fields.push(FieldError::new("track", "choose a track"));
    }
    if !fields.is_empty() {
        return Err(AppError::validation(fields));
    }
    // An id, or (from the page) an organization's exact name.
    let found = match registry::find(state.store.pool(), request.organization_id.trim()).await {
        Err(StoreError::NotFound) => {
            registry::find_by_name(state.store.pool(), request.organization_id).await
        }
        other => other,
    };
    let profile = match found {
        Ok(profile) => profile,
        Err(StoreError::NotFound) => {
            return Err(AppError::validation(vec![FieldError::new(
                "organization_id",
                "no organization has this id or name",
            )]))
        }
        Err(other) => return Err(other.into()),
    };
    if profile.state == OrganizationState::Retired {
        return Err(AppError::validation(vec![FieldError::new(
            "organization_id",
            format!(
                "{} is {}: it cannot be enrolled",
                profile.name,
                profile.state.label().to_lowercase()
            ),
        )]));
    }
    let version = match definitions::latest(state.store.pool(), request.track_key).await {
        Ok(version) => version,
        Err(StoreError::NotFound) => {
            return Err(AppError::validation(vec![FieldError::new(
                "track",
                "no such track",
            )]))
        }
        Err(other) => return Err(other.into()),
    };
    let track = model(&version)?;
    if partner_admin {
        if user.organization_id.as_deref() != Some(profile.id.as_str()) {
            return Err(AppError::NotFound("organization"));
        }
        let offered = track
            .offered_to
            .is_some_and(|tier| profile.state == OrganizationState::Active && profile.tier >= tier);
        if !offered {
            return Err(AppError::Rule(
                &problems::TRACK_NOT_OFFERED,
                match track.offered_to {
                    Some(tier) => format!(
                        "{} is offered to verified organizations of the {} tier or higher; program staff can enroll you",
                        track.name,
                        tier.label().to_lowercase()
                    ),
                    None => format!("{} is started by program staff; ask your coordinator", track.name),
                },
            ));
        }
    }
    let today = date_at(state.clock.now_ms());
    let start = start.unwrap_or(today);
    if let Some(target) = target {
        if target <= start {
            return Err(AppError::validation(vec![FieldError::new(
                "target_end",
                "the target end comes after the start",
            )]));
        }
    }
    let id = onramp_store::new_id();
    let seed = seed_of(&id);
    let baseline = forecast(
        &track,
        &track_profile(&profile),
        state.calendars.for_country(profile.country.as_deref()),
        start,
        Simulation {
            iterations: 1000,
            seed: seed as u64,
        },
    )
    .map_err(|error| AppError::Internal(format!("forecast: {error}")))?;
    let figures = Figures {
        likely_end: baseline.likely_end.to_string(),
        p50_end: baseline.p50_end.to_string(),
        p90_end: baseline.p90_end.to_string(),
        steps_total: baseline.steps.len() as i64,
        steps_finished: 0,
        current_phase: track
            .phases
            .first()
            .map(|phase| phase.name.clone())
            .unwrap_or_default(),
        at_risk: false,
    };
    let positions: BTreeMap<&str, i64> = track
        .steps()
        .enumerate()
        .map(|(index, step)| (step.key.as_str(), index as i64))
        .collect();
    let dates: Vec<(String, String, String, String, bool, i64)> = baseline
        .steps
        .iter()
        .filter_map(|planned| {
            let step = track.step(&planned.key)?;
            Some((
                planned.key.clone(),
                step.owner.as_str().to_owned(),
                planned.start.to_string(),
                planned.finish.to_string(),
                planned.critical,
                positions.get(planned.key.as_str()).copied().unwrap_or(0),
            ))
        })
        .collect();
    let coordinator_id = (user.role == Role::OnboardingCoordinator).then_some(user.id.as_str());
    let context = actor.audit_context();
    let mut tx = state.store.begin().await?;
    let enrollment_id = enrollments::insert_with_id(
        &mut tx,
        &id,
        NewEnrollment {
            organization_id: &profile.id,
            track_version_id: &version.id,
            track_key: &version.track_key,
            coordinator_id,
            started_on: &start.to_string(),
            target_end: target.map(|date| date.to_string()).as_deref(),
            seed,
            baseline_end: &figures.likely_end,
            figures: &figures,
        },
    )
    .await
    .map_err(|error| match error {
        StoreError::Conflict(message) => {
            AppError::validation(vec![FieldError::new("track", message)])
        }
        other => other.into(),
    })?;
    let new_tasks: Vec<NewTask<'_>> = dates
        .iter()
        .map(|(key, owner, start, finish, critical, position)| NewTask {
            step_key: key,
            position: *position,
            owner_role: owner,
            assignee_id: (owner == Role::OnboardingCoordinator.as_str())
                .then_some(coordinator_id)
                .flatten(),
            start,
            finish,
            critical: *critical,
        })
        .collect();
    tasks::insert_all(&mut tx, &enrollment_id, &profile.id, &new_tasks).await?;
    for risk in &track.risks {
        risks::open(
            &mut tx,
            &enrollment_id,
            NewRisk {
                risk_key: &risk.key,
                source: "template",
                title: &risk.title,
                likelihood: i64::from(risk.likelihood),
                impact: i64::from(risk.impact),
                mitigation: &risk.mitigation,
            },
        )
        .await?;
    }
    audit::append(
        &mut tx,
        &context,
        Change {
            action: "enrollment.created",
            entity_type: "enrollment",
            entity_id: &enrollment_id,
            organization_id: Some(&profile.id),
            summary: format!(
                "enrolled {} in {} version {} from {start}; forecast end {} (P90 {})",
                profile.name, track.name, version.version, figures.likely_end, figures.p90_end
            ),
        },
    )
    .await?;
    let now = tx.now_ms();
    crate::platform::outbox::emit(
        &mut tx,
        now,
        crate::platform::outbox::Event {
            event_type: "enrollment.created",
            organization_id: Some(&profile.id),
            data: serde_json::json!({
                "enrollment_id": enrollment_id,
                "track": version.track_key,
                "track_version": version.version,
                "start": start.to_string(),
                "likely_end": figures.likely_end,
                "p90_end": figures.p90_end,
            }),
        },
    )
    .await?;
    refresh::refresh(&mut tx, &state.calendars, &context, &enrollment_id).await?;
    tx.commit().await?;
    Ok(enrollments::find(state.store.pool(), &enrollment_id).await?)
}

/// The enrollment `id` if the actor may see it: staff any, partner users their own organization's
/// ("not found" otherwise, so ids reveal nothing).
pub async fn visible(state: &AppState, actor: &Actor, id: &str) -> Result<Enrollment, AppError> {
    let user = scope::user(actor)?;
    let enrollment = match enrollments::find(state.store.pool(), id).await {
        Ok(enrollment) => enrollment,
        Err(StoreError::NotFound) => return Err(AppError::NotFound("enrollment")),
        Err(other) => return Err(other.into()),
    };
    if !user.role.is_staff() && user.organization_id.as_deref() != Some(&enrollment.organization_id)
    {
        return Err(AppError::NotFound("enrollment"));
    }
    Ok(enrollment)
}

/// The enrollments the actor may see: a partner user's own organization's; for staff, the program
/// view's page.
pub async fn list(
    state: &AppState,
    actor: &Actor,
    filter: &ProgramFilter,
    limit: i64,
    offset: i64,
) -> Result<(Vec<Enrollment>, i64), AppError> {
    let user = scope::user(actor)?;
    if user.role.is_staff() {
        let page = enrollments::program_page(state.store.pool(), filter, limit, offset).await?;
        let total = enrollments::program_count(state.store.pool(), filter).await?;
        return Ok((page, total));
    }
    let own = user.organization_id.as_deref().unwrap_or_default();
    let all = enrollments::of_organization(state.store.pool(), own).await?;
    let total = all.len() as i64;
    Ok((
        all.into_iter()
            .skip(usize::try_from(offset).unwrap_or(0))
            .take(usize::try_from(limit).unwrap_or(0))
            .collect(),
        total,
    ))
}

/// A gate of the enrollment: its definition, its conditions checked now, and its stored record.
#[derive(Clone, Debug)]
pub struct GateView {
    pub gate: Gate,
    pub evaluation: GateEvaluation,
    pub status: GateStatus,
    pub record: Option<GateRecord>,
}

/// Everything the enrollment's page and API show.
#[derive(Clone, Debug)]
pub struct Detail {
    pub enrollment: Enrollment,
    pub version: TrackVersion,
    pub track: std::sync::Arc<Track>,
    pub profile: Profile,
    pub tasks: Vec<Task>,
    pub gates: Vec<GateView>,
    pub evidence: Vec<EvidenceRecord>,
    pub comments: Vec<Comment>,
    /// The risk register, open ones first, highest score first.
    pub risks: Vec<Risk>,
    pub timeline: Timeline,
    /// For each task (by step key): what the step still needs before it can be done.
    pub needs: BTreeMap<String, Vec<String>>,
    /// For coordinators and program admins (who assign tasks and risks): the organization's
    /// people and the staff, as (id, name); empty for anyone else.
    pub people: Vec<(String, String)>,
    /// The enrollment's sandbox and production environments.
    pub environments: Vec<onramp_store::sandbox::environments::Environment>,
}

impl Detail {
    pub fn task(&self, step_key: &str) -> Option<&Task> {
        self.tasks.iter().find(|task| task.step_key == step_key)
    }
}

/// The detail of a visible enrollment.
pub async fn detail(state: &AppState, actor: &Actor, id: &str) -> Result<Detail, AppError> {
    let enrollment = visible(state, actor, id).await?;
    let pool = state.store.pool();
    let version = definitions::find(pool, &enrollment.track_version_id).await?;
    let track = model(&version)?;
    let profile = registry::find(pool, &enrollment.organization_id).await?;
    let task_list = tasks::of_enrollment(pool, id).await?;
    let evidence = gates::evidence_of(pool, id).await?;
    let comments = tasks::comments_of_enrollment(pool, id).await?;
    let risk_register = risks::of_enrollment(pool, id).await?;
    let records: BTreeMap<String, GateRecord> = gates::of_enrollment(pool, id)
        .await?
        .into_iter()
        .map(|record| (record.gate_key.clone(), record))
        .collect();
    let now = state.clock.now_ms();
    let mut conn = pool.acquire().await.map_err(StoreError::from)?;
    let facts = facts::gather(&mut conn, &track, id, &profile, &task_list, &evidence, now).await?;
    drop(conn);
    let gate_views: Vec<GateView> = track
        .gates
        .iter()
        .map(|gate| {
            let evaluation = evaluate_gate(gate, &facts);
            let record = records.get(&gate.key).cloned();
            let overridden = record
                .as_ref()
                .is_some_and(|record| record.override_reason.is_some());
            GateView {
                gate: gate.clone(),
                status: evaluation.status(overridden),
                evaluation,
                record,
            }
        })
        .collect();
    let gate_holds = |key: &str| {
        gate_views
            .iter()
            .any(|view| view.gate.key == key && view.status.holds())
    };
    let needs = task_list
        .iter()
        .filter_map(|task| {
            let step = track.step(&task.step_key)?;
            Some((
                task.step_key.clone(),
                facts::missing_for_step(step, &facts, gate_holds),
            ))
        })
        .collect();
    let timeline = timeline_of(&enrollment, &track, &task_list, &gate_views, date_at(now))?;
    let people = match actor.user() {
        Some(user) if is_coordinator(user.role) => assignable(state, &enrollment)
            .await?
            .into_iter()
            .map(|person| (person.id, person.name))
            .collect(),
        _ => Vec::new(),
    };
    Ok(Detail {
        enrollment,
        version,
        track,
        profile,
        tasks: task_list,
        gates: gate_views,
        evidence,
        comments,
        risks: risk_register,
        timeline,
        needs,
        people,
        environments: onramp_store::sandbox::environments::of_enrollment(pool, id).await?,
    })
}

fn timeline_of(
    enrollment: &Enrollment,
    track: &Track,
    task_list: &[Task],
    gate_views: &[GateView],
    today: Date,
) -> Result<Timeline, AppError> {
    let mut rows = Vec::with_capacity(task_list.len());
    for task in task_list {
        let Some(step) = track.step(&task.step_key) else {
            continue;
        };
        let phase = track
            .phases
            .iter()
            .find(|phase| {
                phase
                    .steps
                    .iter()
                    .any(|candidate| candidate.key == step.key)
            })
            .map(|phase| phase.name.clone())
            .unwrap_or_default();
        let baseline = match (&task.baseline_start, &task.baseline_finish) {
            (Some(start), Some(finish)) => Some((parse_date(start)?, parse_date(finish)?)),
            _ => None,
        };
        let status = task.status.parse::<TaskStatus>().ok();
        rows.push(TimelineRow {
            key: step.key.clone(),
            name: step.name.clone(),
            phase,
            owner: step.owner.label().to_owned(),
            status: label_of::<TaskStatus>(&task.status).to_owned(),
            baseline,
            forecast: (parse_date(&task.forecast_start)?, parse_date(&task.due_on)?),
            actual_start: task.started_on.as_deref().map(parse_date).transpose()?,
            actual_finish: task.finished_on.as_deref().map(parse_date).transpose()?,
            critical: task.critical && !status.is_some_and(TaskStatus::is_finished),
            milestone: step.milestone,
        });
    }
    // A gate is drawn on the forecast start of the first step that needs it.
    let mut gate_markers = Vec::new();
    for view in gate_views {
        let needed_on = track
            .steps()
            .filter(|step| {
                step.evidence.iter().any(|evidence| {
                    matches!(evidence, onramp_core::tracks::Evidence::Gate(key) if *key == view.gate.key)
                })
            })
            .filter_map(|step| rows.iter().find(|row| row.key == step.key))
            .map(|row| row.forecast.0)
            .min();
        if let Some(date) = needed_on {
            gate_markers.push(GateMarker {
                key: view.gate.key.clone(),
                name: view.gate.name.clone(),
                date,
                status: view.status.label().to_owned(),
                holds: view.status.holds(),
            });
        }
    }
    Ok(Timeline {
        title: format!(
            "{} — {}",
            enrollment.organization_name, enrollment.track_name
        ),
        enrollment_id: enrollment.id.clone(),
        rows,
        gates: gate_markers,
        today,
        likely_end: parse_date(&enrollment.likely_end)?,
        p50_end: parse_date(&enrollment.p50_end)?,
        p90_end: parse_date(&enrollment.p90_end)?,
        target_end: enrollment
            .target_end
            .as_deref()
            .map(parse_date)
            .transpose()?,
    })
}

/// The people of the enrollment's organization and the staff, for assigning tasks.
pub async fn assignable(state: &AppState, enrollment: &Enrollment) -> Result<Vec<User>, AppError> {
    let users = onramp_store::accounts::users::list(state.store.pool(), 1000).await?;
    Ok(users
        .into_iter()
        .filter(|user| {
            user.active
                && (user.role.is_staff()
                    || user.organization_id.as_deref() == Some(&enrollment.organization_id))
        })
        .collect())
}
