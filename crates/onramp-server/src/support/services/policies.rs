//! SLA calendars and policies: the program's defaults (stored at first start), a program admin's
//! calendars and policies per tier × severity with per-organization overrides, and previews of
//! due times for example openings.

use onramp_core::support::sla::{self, CalendarSpec};
use onramp_core::support::Severity;
use onramp_store::platform::audit::{self, AuditContext, Change};
use onramp_store::support::sla::{self as store, Calendar, Policy, PolicyTerms};
use onramp_store::StoreError;

use crate::registry::services::scope;
use crate::state::AppState;
use crate::web::actor::Actor;
use crate::web::error::{AppError, FieldError};

pub const BUSINESS_HOURS: &str = "Business hours (UTC)";
pub const AROUND_THE_CLOCK: &str = "Around the clock";

/// The default targets per severity, in minutes: first reply, next reply, periodic update,
/// resolution; the calendar; and the partner's wait before a reminder.
fn default_terms(severity: Severity) -> (&'static str, [Option<i64>; 4], i64) {
    match severity {
        Severity::Critical => (
            AROUND_THE_CLOCK,
            [Some(10), Some(30), Some(60), Some(240)],
            240,
        ),
        Severity::High => (
            BUSINESS_HOURS,
            [Some(60), Some(240), Some(480), Some(1_440)],
            960,
        ),
        Severity::Normal => (
            BUSINESS_HOURS,
            [Some(240), Some(480), None, Some(2_400)],
            1_440,
        ),
        Severity::Low => (
            BUSINESS_HOURS,
            [Some(480), Some(960), None, Some(4_800)],
            2_400,
        ),
    }
}

/// Stores the default calendars and one default policy per severity, if no policy exists yet.
pub async fn ensure_defaults(state: &AppState) -> Result<(), AppError> {
    if !store::policies(state.store.pool()).await?.is_empty() {
        return Ok(());
    }
    let mut tx = state.store.begin().await?;
    let business = store::save_calendar(
        &mut tx,
        BUSINESS_HOURS,
        r#"{"time_zone":"UTC","days":["mon","tue","wed","thu","fri"],"open":"09:00","close":"17:00","holidays":[]}"#,
    )
    .await?;
    let always = store::save_calendar(
        &mut tx,
        AROUND_THE_CLOCK,
        r#"{"time_zone":"UTC","kind":"24x7"}"#,
    )
    .await?;
    for severity in Severity::ALL {
        let (calendar, [first, next, update, resolution], partner_wait) = default_terms(severity);
        store::save_policy(
            &mut tx,
            PolicyTerms {
                scope: "default",
                organization_id: None,
                severity: severity.as_str(),
                calendar_id: if calendar == AROUND_THE_CLOCK {
                    &always
                } else {
                    &business
                },
                first_reply_minutes: first,
                next_reply_minutes: next,
                periodic_update_minutes: update,
                resolution_minutes: resolution,
                warn_before_minutes: if severity == Severity::Critical {
                    3
                } else {
                    30
                },
                escalate_every_minutes: if severity == Severity::Critical {
                    10
                } else {
                    60
                },
                partner_wait_minutes: partner_wait,
                updated_by: None,
            },
        )
        .await?;
    }
    audit::append(
        &mut tx,
        &AuditContext::system(),
        Change {
            action: "support.policies_defaulted",
            entity_type: "sla_policy",
            entity_id: "default",
            organization_id: None,
            summary: "the default SLA calendars and policies were stored".to_owned(),
        },
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

fn program_admin(actor: &Actor) -> Result<(), AppError> {
    let user = scope::user(actor)?;
    if user.role == onramp_core::Role::ProgramAdmin {
        Ok(())
    } else {
        Err(AppError::Forbidden)
    }
}

pub async fn calendars(state: &AppState) -> Result<Vec<Calendar>, AppError> {
    Ok(store::calendars(state.store.pool()).await?)
}

pub async fn policies(state: &AppState) -> Result<Vec<Policy>, AppError> {
    Ok(store::policies(state.store.pool()).await?)
}

fn problems_to_fields(prefix: &str, problems: Vec<sla::SlaProblem>) -> Vec<FieldError> {
    problems
        .into_iter()
        .map(|problem| FieldError::new(&format!("{prefix}{}", problem.path), problem.message))
        .collect()
}

/// Creates or replaces a named calendar (program admins). The spec is checked as the preview
/// checks it; every problem is reported.
pub async fn save_calendar(
    state: &AppState,
    actor: &Actor,
    name: &str,
    spec: &CalendarSpec,
) -> Result<String, AppError> {
    program_admin(actor)?;
    let name = name.trim();
    let mut fields = Vec::new();
    if name.is_empty() || name.chars().count() > 80 {
        fields.push(FieldError::new(
            "name",
            "give the calendar a name of 1 to 80 characters",
        ));
    }
    let parsed = spec.parse();
    if let Err(problems) = &parsed {
        fields.extend(problems_to_fields("", problems.clone()));
    }
    let calendar = match parsed {
        Ok(calendar) if fields.is_empty() => calendar,
        _ => return Err(AppError::validation(fields)),
    };
    let text = serde_json::to_string(&calendar.spec())
        .map_err(|error| AppError::Internal(error.to_string()))?;
    let mut tx = state.store.begin().await?;
    let id = store::save_calendar(&mut tx, name, &text).await?;
    audit::append(
        &mut tx,
        &actor.audit_context(),
        Change {
            action: "support.calendar_saved",
            entity_type: "sla_calendar",
            entity_id: &id,
            organization_id: None,
            summary: format!("SLA calendar “{name}”: {}", calendar.describe()),
        },
    )
    .await?;
    tx.commit().await?;
    Ok(id)
}

/// A policy as a program admin writes it.
#[derive(Clone, Debug, Default)]
pub struct PolicyInput {
    /// `default`, a tier key, or empty with an organization.
    pub tier: String,
    pub organization_id: String,
    pub severity: String,
    pub calendar_id: String,
    pub first_reply_minutes: String,
    pub next_reply_minutes: String,
    pub periodic_update_minutes: String,
    pub resolution_minutes: String,
    pub warn_before_minutes: String,
    pub escalate_every_minutes: String,
    pub partner_wait_minutes: String,
}

fn minutes(fields: &mut Vec<FieldError>, name: &str, text: &str, optional: bool) -> Option<i64> {
    let text = text.trim();
    if text.is_empty() && optional {
        return None;
    }
    match text.parse::<i64>() {
        Ok(value) if (if optional { 1 } else { 0 }..=525_600).contains(&value) => Some(value),
        _ => {
            fields.push(FieldError::new(
                name,
                if optional {
                    "minutes from 1 to 525600, or empty for no target"
                } else {
                    "minutes from 0 to 525600"
                },
            ));
            None
        }
    }
}

/// Creates or replaces the policy of a scope and severity (program admins).
pub async fn save_policy(
    state: &AppState,
    actor: &Actor,
    input: &PolicyInput,
) -> Result<String, AppError> {
    program_admin(actor)?;
    let user = scope::user(actor)?;
    let mut fields = Vec::new();
    let severity = input.severity.parse::<Severity>().ok();
    if severity.is_none() {
        fields.push(FieldError::new("severity", "choose a severity"));
    }
    let organization_id = input.organization_id.trim();
    let tier = input.tier.trim();
    let scope = if !organization_id.is_empty() {
        match onramp_store::registry::organizations::find(state.store.pool(), organization_id).await
        {
            Ok(_) => format!("organization:{organization_id}"),
            Err(StoreError::NotFound) => {
                fields.push(FieldError::new("organization_id", "no such organization"));
                String::new()
            }
            Err(other) => return Err(other.into()),
        }
    } else if tier.is_empty() || tier == "default" {
        "default".to_owned()
    } else if tier
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
    {
        format!("tier:{tier}")
    } else {
        fields.push(FieldError::new(
            "tier",
            "a tier key (letters, digits, - and _)",
        ));
        String::new()
    };
    if store::calendar(state.store.pool(), input.calendar_id.trim())
        .await
        .is_err()
    {
        fields.push(FieldError::new("calendar_id", "choose a calendar"));
    }
    let first = minutes(
        &mut fields,
        "first_reply_minutes",
        &input.first_reply_minutes,
        true,
    );
    let next = minutes(
        &mut fields,
        "next_reply_minutes",
        &input.next_reply_minutes,
        true,
    );
    let update = minutes(
        &mut fields,
        "periodic_update_minutes",
        &input.periodic_update_minutes,
        true,
    );
    let resolution = minutes(
        &mut fields,
        "resolution_minutes",
        &input.resolution_minutes,
        true,
    );
    let warn = minutes(
        &mut fields,
        "warn_before_minutes",
        &input.warn_before_minutes,
        false,
    );
    let escalate = minutes(
        &mut fields,
        "escalate_every_minutes",
        &input.escalate_every_minutes,
        false,
    );
    let partner_wait = minutes(
        &mut fields,
        "partner_wait_minutes",
        &input.partner_wait_minutes,
        false,
    );
    if escalate == Some(0) {
        fields.push(FieldError::new(
            "escalate_every_minutes",
            "at least 1 minute",
        ));
    }
    let (Some(severity), true) = (severity, fields.is_empty()) else {
        return Err(AppError::validation(fields));
    };
    let mut tx = state.store.begin().await?;
    let id = store::save_policy(
        &mut tx,
        PolicyTerms {
            scope: &scope,
            organization_id: (!organization_id.is_empty()).then_some(organization_id),
            severity: severity.as_str(),
            calendar_id: input.calendar_id.trim(),
            first_reply_minutes: first,
            next_reply_minutes: next,
            periodic_update_minutes: update,
            resolution_minutes: resolution,
            warn_before_minutes: warn.unwrap_or(0),
            escalate_every_minutes: escalate.unwrap_or(60),
            partner_wait_minutes: partner_wait.unwrap_or(0),
            updated_by: Some(&user.id),
        },
    )
    .await?;
    audit::append(
        &mut tx,
        &actor.audit_context(),
        Change {
            action: "support.policy_saved",
            entity_type: "sla_policy",
            entity_id: &id,
            organization_id: (!organization_id.is_empty()).then_some(organization_id),
            summary: format!(
                "SLA policy {scope} × {}: first reply {}, next reply {}, periodic update {}, resolution {}",
                severity.as_str(),
                shown(first),
                shown(next),
                shown(update),
                shown(resolution)
            ),
        },
    )
    .await?;
    tx.commit().await?;
    Ok(id)
}

fn shown(minutes: Option<i64>) -> String {
    minutes.map_or_else(|| "none".to_owned(), |minutes| format!("{minutes} min"))
}

/// Removes a tier's policy or an organization's override (program admins); the defaults stay.
pub async fn delete_policy(state: &AppState, actor: &Actor, id: &str) -> Result<(), AppError> {
    program_admin(actor)?;
    let policy = match store::policy(state.store.pool(), id).await {
        Ok(policy) => policy,
        Err(StoreError::NotFound) => return Err(AppError::NotFound("policy")),
        Err(other) => return Err(other.into()),
    };
    if policy.scope == "default" {
        return Err(AppError::Conflict(
            "the default policies stay; change their targets instead".to_owned(),
        ));
    }
    let mut tx = state.store.begin().await?;
    store::delete_policy(&mut tx, id).await?;
    audit::append(
        &mut tx,
        &actor.audit_context(),
        Change {
            action: "support.policy_deleted",
            entity_type: "sla_policy",
            entity_id: id,
            organization_id: policy.organization_id.as_deref(),
            summary: format!("SLA policy {} × {} removed", policy.scope, policy.severity),
        },
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// A due time for an example opening.
#[derive(Clone, Debug)]
pub struct Example {
    pub opening: String,
    pub opened_ms: i64,
    pub due_ms: i64,
    pub explanation: String,
}

/// Due times of a policy's first reply and resolution for example openings: now, and next
/// Friday at 16:30 and Saturday at 10:00 in the calendar's zone.
pub fn examples(policy: &Policy, now: i64) -> Vec<(String, Vec<Example>)> {
    let Ok(calendar) = super::targets::calendar(&policy.calendar_spec) else {
        return Vec::new();
    };
    let zone = calendar.zone().clone();
    let mut openings = vec![("now".to_owned(), now)];
    if let Ok(today) = jiff::Timestamp::from_millisecond(now).map(|at| at.to_zoned(zone.clone())) {
        for (weekday, hour, minute, label) in [
            (jiff::civil::Weekday::Friday, 16, 30, "Friday 16:30"),
            (jiff::civil::Weekday::Saturday, 10, 0, "Saturday 10:00"),
        ] {
            let date = today.date();
            let ahead = (weekday.to_monday_zero_offset() - date.weekday().to_monday_zero_offset())
                .rem_euclid(7);
            if let Some(at) = date
                .checked_add(jiff::Span::new().days(i64::from(ahead)))
                .ok()
                .and_then(|day| day.at(hour, minute, 0, 0).to_zoned(zone.clone()).ok())
            {
                openings.push((label.to_owned(), at.timestamp().as_millisecond()));
            }
        }
    }
    let mut out = Vec::new();
    for (metric, minutes) in [
        ("First reply", policy.first_reply_minutes),
        ("Resolution", policy.resolution_minutes),
    ] {
        let Some(minutes) = minutes else { continue };
        let rows = openings
            .iter()
            .filter_map(|(label, opened)| {
                sla::due(&calendar, *opened, minutes, &[])
                    .ok()
                    .map(|due| Example {
                        opening: label.clone(),
                        opened_ms: *opened,
                        due_ms: due.due_ms,
                        explanation: due.explanation,
                    })
            })
            .collect();
        out.push((metric.to_owned(), rows));
    }
    out
}
