//! Keeping an enrollment's stored state true: after anything that can change it — a task's
//! status, evidence given, an override, or an event of the registry (an agreement signed or
//! superseded, a tier or verification change) — its gates are evaluated again and its forecast of
//! the remaining work recomputed, in the same transaction as the change. Transitions become audit
//! events and outbox events (`enrollment.gate_passed`, `enrollment.gate_closed`,
//! `enrollment.forecast_slipped`, `enrollment.completed`).
//!
//! # How do registry changes reach an enrollment?
//!
//! By events, not polling: the outbox's fan-out hands every event about an organization (and the
//! program-wide `agreement.published`) to the job [`REFRESH_JOB`], which refreshes the
//! organization's active enrollments (every active enrollment, for a program-wide event).

use std::collections::{BTreeMap, BTreeSet};

use jiff::civil::Date;
use onramp_core::tracks::enrollment::{evaluate_gate, GateStatus, TaskStatus};
use onramp_core::tracks::risks::{signals, GateSignal, TaskSignal, Thresholds};
use onramp_core::tracks::{
    forecast_remaining, Calendar, Forecast, Profile as TrackProfile, Simulation, Track,
};
use onramp_core::tracks::{Calendars, Evidence, StepForecast};
use onramp_store::platform::audit::AuditContext;
use onramp_store::platform::jobs::Job;
use onramp_store::registry::{self, Profile};
use onramp_store::tracks::definitions;
use onramp_store::tracks::enrollments::{self, Enrollment, Figures};
use onramp_store::tracks::gates::{self, GateRecord};
use onramp_store::tracks::risks::{self, NewRisk};
use onramp_store::tracks::tasks::{self, Task};
use onramp_store::Tx;
use serde::Deserialize;

use super::definitions::model;
use super::facts;
use super::record::record_change;
use crate::platform::jobs::JobError;
use crate::state::AppState;
use crate::web::error::AppError;

/// The job that refreshes an organization's enrollments after an event about it.
pub const REFRESH_JOB: &str = "tracks.refresh";

/// The events that can change an enrollment's gates.
pub const REFRESHING_EVENTS: &[&str] = &[
    "agreement.published",
    "agreement.signed",
    "organization.approved",
    "organization.reinstated",
    "organization.retired",
    "organization.suspended",
    "organization.tier_changed",
    "training.certificate_expired",
    "training.certificate_issued",
    "training.certificate_revoked",
];

/// Today's date (UTC) at `now_ms`.
pub fn date_at(now_ms: i64) -> Date {
    jiff::Timestamp::from_millisecond(now_ms)
        .map(|at| at.to_zoned(jiff::tz::TimeZone::UTC).date())
        .unwrap_or(jiff::civil::date(1970, 1, 1))
}

/// Reads a stored `YYYY-MM-DD`.
pub fn parse_date(text: &str) -> Result<Date, AppError> {
    text.parse::<Date>()
        .map_err(|error| AppError::Internal(format!("stored date `{text}`: {error}")))
}

/// The organization profile a track's estimates are refined by.
pub fn track_profile(profile: &Profile) -> TrackProfile {
    TrackProfile {
        size_band: profile
            .size_band
            .as_deref()
            .and_then(|band| band.parse().ok()),
        organization_type: profile
            .org_type
            .as_deref()
            .and_then(|kind| kind.parse().ok()),
    }
}

/// The enrollment's forecast of the remaining work from `today` (or its start, if later).
pub fn remaining_forecast(
    track: &Track,
    profile: &Profile,
    enrollment: &Enrollment,
    tasks: &[Task],
    today: Date,
    calendar: &Calendar,
) -> Result<Forecast, AppError> {
    let finished: BTreeSet<String> = tasks
        .iter()
        .filter(|task| {
            task.status
                .parse::<TaskStatus>()
                .is_ok_and(TaskStatus::is_finished)
        })
        .map(|task| task.step_key.clone())
        .collect();
    let start = parse_date(&enrollment.started_on)?.max(today);
    forecast_remaining(
        track,
        &track_profile(profile),
        calendar,
        start,
        &finished,
        Simulation {
            iterations: 1000,
            seed: enrollment.seed as u64,
        },
    )
    .map_err(|error| AppError::Internal(format!("forecast: {error}")))
}

/// Evaluates the enrollment's gates and recomputes its forecast inside `tx`, storing what changed
/// and writing its events.
pub async fn refresh(
    tx: &mut Tx,
    calendars: &Calendars,
    context: &AuditContext,
    enrollment_id: &str,
) -> Result<(), AppError> {
    let enrollment = enrollments::find(tx.conn(), enrollment_id).await?;
    if enrollment.state != "active" {
        return Ok(());
    }
    let version = definitions::find(tx.conn(), &enrollment.track_version_id).await?;
    let track = model(&version)?;
    let profile = registry::find(tx.conn(), &enrollment.organization_id).await?;
    let task_list = tasks::of_enrollment(tx.conn(), enrollment_id).await?;
    let evidence = gates::evidence_of(tx.conn(), enrollment_id).await?;
    let now = tx.now_ms();
    let facts = facts::gather(
        tx.conn(),
        &track,
        enrollment_id,
        &profile,
        &task_list,
        &evidence,
        now,
    )
    .await?;
    let stored: BTreeMap<String, GateRecord> = gates::of_enrollment(tx.conn(), enrollment_id)
        .await?
        .into_iter()
        .map(|record| (record.gate_key.clone(), record))
        .collect();
    let mut gate_holds: BTreeMap<String, bool> = BTreeMap::new();
    for gate in &track.gates {
        let evaluation = evaluate_gate(gate, &facts);
        let record = stored.get(&gate.key);
        let overridden = record.is_some_and(|record| record.override_reason.is_some());
        let status = evaluation.status(overridden);
        gate_holds.insert(gate.key.clone(), status.holds());
        let missing = evaluation.missing().count() as i64;
        let before = record.and_then(|record| record.status.parse::<GateStatus>().ok());
        gates::upsert(tx, enrollment_id, &gate.key, status.as_str(), missing).await?;
        let changed = before.map(GateStatus::holds) != Some(status.holds());
        if changed && (before.is_some() || status.holds()) {
            let action = if status.holds() {
                "enrollment.gate_passed"
            } else {
                "enrollment.gate_closed"
            };
            let summary = format!(
                "gate “{}” of {} in {}: {}",
                gate.name,
                enrollment.organization_name,
                enrollment.track_name,
                status.label().to_lowercase()
            );
            let event = serde_json::json!({"gate": gate.key, "status": status.as_str()});
            record_change(tx, context, &enrollment, action, summary, Some(event)).await?;
            if status.holds() && track.sandbox_gate.as_deref() == Some(gate.key.as_str()) {
                crate::sandbox::services::environments::open_when_gate_holds(
                    tx,
                    context,
                    enrollment_id,
                )
                .await?;
            }
        }
    }
    let today = date_at(now);
    let calendar = calendars.for_country(profile.country.as_deref());
    let forecast = remaining_forecast(&track, &profile, &enrollment, &task_list, today, calendar)?;
    let by_key: BTreeMap<&str, _> = forecast
        .steps
        .iter()
        .map(|step| (step.key.as_str(), step))
        .collect();
    let mut finished = 0;
    let mut current_phase = None;
    let mut overdue_on_critical_path = false;
    for task in &task_list {
        let done = task
            .status
            .parse::<TaskStatus>()
            .is_ok_and(TaskStatus::is_finished);
        if done {
            finished += 1;
            continue;
        }
        if current_phase.is_none() {
            current_phase = track
                .phases
                .iter()
                .find(|phase| phase.steps.iter().any(|step| step.key == task.step_key))
                .map(|phase| phase.name.clone());
        }
        if let Some(step) = by_key.get(task.step_key.as_str()) {
            let (start, due) = (step.start.to_string(), step.finish.to_string());
            if start != task.forecast_start || due != task.due_on || step.critical != task.critical
            {
                tasks::set_forecast(tx, &task.id, &start, &due, step.critical).await?;
            }
            overdue_on_critical_path |= step.critical
                && task
                    .baseline_finish
                    .as_deref()
                    .and_then(|text| text.parse::<Date>().ok())
                    .is_some_and(|baseline| baseline < today);
        }
    }
    raise_and_close_risks(
        tx,
        context,
        &enrollment,
        &track,
        &task_list,
        &by_key,
        &gate_holds,
        today,
        calendar,
    )
    .await?;
    let target = enrollment
        .target_end
        .clone()
        .unwrap_or_else(|| enrollment.baseline_end.clone());
    let likely_end = forecast.likely_end.to_string();
    let figures = Figures {
        likely_end: likely_end.clone(),
        p50_end: forecast.p50_end.to_string(),
        p90_end: forecast.p90_end.to_string(),
        steps_total: task_list.len() as i64,
        steps_finished: finished,
        current_phase: current_phase.unwrap_or_else(|| "Done".to_owned()),
        at_risk: overdue_on_critical_path || likely_end > target,
    };
    enrollments::set_figures(tx, enrollment_id, &figures).await?;
    if enrollment.likely_end <= target && likely_end > target {
        record_change(
            tx,
            context,
            &enrollment,
            "enrollment.forecast_slipped",
            format!(
                "{} in {}: the forecast end moved to {likely_end}, past the target {target}",
                enrollment.organization_name, enrollment.track_name
            ),
            Some(serde_json::json!({
                "likely_end": likely_end,
                "p90_end": figures.p90_end,
                "target_end": target,
            })),
        )
        .await?;
    }
    if figures.steps_total > 0 && finished == figures.steps_total {
        enrollments::set_state(tx, enrollment_id, "active", "completed").await?;
        record_change(
            tx,
            context,
            &enrollment,
            "enrollment.completed",
            format!(
                "{} completed {}",
                enrollment.organization_name, enrollment.track_name
            ),
            Some(serde_json::json!({})),
        )
        .await?;
    }
    Ok(())
}

#[derive(Debug, Deserialize)]
struct RefreshPayload {
    organization_id: Option<String>,
}

/// The job [`REFRESH_JOB`]: refreshes the active enrollments of the event's organization (every
/// active enrollment when the event is program-wide), one transaction each.
pub async fn refresh_job(state: AppState, job: Job) -> Result<(), JobError> {
    let payload: RefreshPayload = serde_json::from_str(&job.payload)
        .map_err(|error| JobError::Permanent(format!("unreadable payload: {error}")))?;
    let ids = match &payload.organization_id {
        Some(organization_id) => {
            enrollments::active_ids_of(state.store.pool(), organization_id).await?
        }
        None => enrollments::all_active_ids(state.store.pool()).await?,
    };
    for id in ids {
        let mut tx = state.store.begin().await?;
        refresh(&mut tx, &state.calendars, &AuditContext::system(), &id)
            .await
            .map_err(|error| JobError::Retry(error.to_string()))?;
        tx.commit().await?;
    }
    Ok(())
}

/// Raises the risks today's signals raise and closes those whose signal cleared, with their audit
/// events and `enrollment.risk_raised`.
#[allow(clippy::too_many_arguments)]
async fn raise_and_close_risks(
    tx: &mut Tx,
    context: &AuditContext,
    enrollment: &Enrollment,
    track: &Track,
    task_list: &[Task],
    forecast_steps: &BTreeMap<&str, &StepForecast>,
    gate_holds: &BTreeMap<String, bool>,
    today: Date,
    calendar: &Calendar,
) -> Result<(), AppError> {
    let name_of = |key: &str| {
        track
            .step(key)
            .map_or(key.to_owned(), |step| step.name.clone())
    };
    let names: BTreeMap<&str, String> = task_list
        .iter()
        .map(|task| (task.step_key.as_str(), name_of(&task.step_key)))
        .collect();
    let task_signals: Vec<TaskSignal<'_>> = task_list
        .iter()
        .map(|task| TaskSignal {
            key: &task.step_key,
            name: names.get(task.step_key.as_str()).map_or("", String::as_str),
            critical: forecast_steps
                .get(task.step_key.as_str())
                .map_or(task.critical, |step| step.critical),
            finished: task
                .status
                .parse::<TaskStatus>()
                .is_ok_and(TaskStatus::is_finished),
            planned_finish: task
                .baseline_finish
                .as_deref()
                .and_then(|text| text.parse().ok()),
        })
        .collect();
    let gate_signals: Vec<GateSignal<'_>> = track
        .gates
        .iter()
        .map(|gate| GateSignal {
            key: &gate.key,
            name: &gate.name,
            holds: gate_holds.get(&gate.key).copied().unwrap_or(false),
            needed_on: track
                .steps()
                .filter(|step| {
                    step.evidence
                        .iter()
                        .any(|evidence| matches!(evidence, Evidence::Gate(key) if *key == gate.key))
                })
                .filter_map(|step| task_list.iter().find(|task| task.step_key == step.key))
                .filter_map(|task| task.baseline_start.as_deref()?.parse::<Date>().ok())
                .min(),
        })
        .collect();
    let raised = signals(
        &task_signals,
        &gate_signals,
        today,
        calendar,
        Thresholds::default(),
    );
    let register = risks::of_enrollment(tx.conn(), &enrollment.id).await?;
    for risk in &raised {
        let open = register
            .iter()
            .any(|held| held.risk_key == risk.key && held.status != "closed");
        if open {
            continue;
        }
        risks::open(
            tx,
            &enrollment.id,
            NewRisk {
                risk_key: &risk.key,
                source: "signal",
                title: &risk.title,
                likelihood: i64::from(risk.likelihood),
                impact: i64::from(risk.impact),
                mitigation: &risk.mitigation,
            },
        )
        .await?;
        record_change(
            tx,
            context,
            enrollment,
            "enrollment.risk_raised",
            format!("{}: {}", enrollment.organization_name, risk.title),
            Some(serde_json::json!({
                "risk": risk.key,
                "title": risk.title,
                "score": i64::from(risk.likelihood) * i64::from(risk.impact),
            })),
        )
        .await?;
    }
    for held in register
        .iter()
        .filter(|held| held.source == "signal" && held.status != "closed")
    {
        if raised.iter().any(|risk| risk.key == held.risk_key) {
            continue;
        }
        risks::close(tx, &enrollment.id, &held.risk_key).await?;
        record_change(
            tx,
            context,
            enrollment,
            "enrollment.risk_closed",
            format!(
                "{}: the signal cleared — {}",
                enrollment.organization_name, held.title
            ),
            None,
        )
        .await?;
    }
    Ok(())
}
