//! The people's side of an enrollment's risk register: coordinators and program admins add a risk
//! and rescore, reassign, re-date or close any risk — a template's, a signal's or their own. (The
//! signals' side is `refresh`.)

use onramp_core::tracks::enrollment::{RiskStatus, RISK_SCALE};
use onramp_store::tracks::risks::{self, RiskUpdate};
use onramp_store::StoreError;

use super::enrollments::{assignable, is_coordinator, optional_date, visible};
use super::record::record_change;
use crate::platform::outbox::{emit, Event};
use crate::registry::services::scope;
use crate::state::AppState;
use crate::web::actor::Actor;
use crate::web::error::{AppError, FieldError};

/// What a person writes about a risk.
#[derive(Clone, Debug, Default)]
pub struct RiskInput<'a> {
    pub title: &'a str,
    pub likelihood: &'a str,
    pub impact: &'a str,
    pub mitigation: &'a str,
    pub status: &'a str,
    /// A user id; empty: nobody.
    pub owner_id: &'a str,
    /// `YYYY-MM-DD`; empty: none.
    pub review_on: &'a str,
}

struct Checked {
    likelihood: i64,
    impact: i64,
    mitigation: String,
    status: RiskStatus,
    owner_id: Option<String>,
    review_on: Option<String>,
}

impl Checked {
    fn as_update(&self) -> RiskUpdate<'_> {
        RiskUpdate {
            likelihood: self.likelihood,
            impact: self.impact,
            mitigation: &self.mitigation,
            status: self.status.as_str(),
            owner_id: self.owner_id.as_deref(),
            review_on: self.review_on.as_deref(),
        }
    }
}

fn score(field: &str, text: &str, fields: &mut Vec<FieldError>) -> i64 {
    match text.trim().parse::<i64>() {
        Ok(value) if RISK_SCALE.contains(&value) => value,
        _ => {
            fields.push(FieldError::new(field, "a whole number from 1 to 5"));
            0
        }
    }
}

async fn check(
    state: &AppState,
    enrollment: &onramp_store::tracks::enrollments::Enrollment,
    input: &RiskInput<'_>,
    fields: &mut Vec<FieldError>,
) -> Result<Option<Checked>, AppError> {
    let likelihood = score("likelihood", input.likelihood, fields);
    let impact = score("impact", input.impact, fields);
    let mitigation = input.mitigation.trim().to_owned();
    if mitigation.chars().count() > 2000 {
        fields.push(FieldError::new("mitigation", "at most 2,000 characters"));
    }
    let status = match input.status.trim() {
        "" => RiskStatus::Open,
        text => text.parse::<RiskStatus>().unwrap_or_else(|error| {
            fields.push(FieldError::new("status", error.to_string()));
            RiskStatus::Open
        }),
    };
    let review_on =
        optional_date("review_on", input.review_on, fields).map(|date| date.to_string());
    let owner_id = match input.owner_id.trim() {
        "" => None,
        id => {
            let people = assignable(state, enrollment).await?;
            if people.iter().any(|person| person.id == id) {
                Some(id.to_owned())
            } else {
                fields.push(FieldError::new(
                    "owner_id",
                    "choose a person of the organization or of the program staff",
                ));
                None
            }
        }
    };
    Ok(fields.is_empty().then_some(Checked {
        likelihood,
        impact,
        mitigation,
        status,
        owner_id,
        review_on,
    }))
}

/// Adds a risk to the register (coordinators and program admins); returns its id.
pub async fn add(
    state: &AppState,
    actor: &Actor,
    enrollment_id: &str,
    input: &RiskInput<'_>,
) -> Result<String, AppError> {
    let user = scope::user(actor)?.clone();
    if !is_coordinator(user.role) {
        return Err(AppError::Forbidden);
    }
    let enrollment = visible(state, actor, enrollment_id).await?;
    let mut fields = Vec::new();
    let title = input.title.trim();
    if title.is_empty() || title.chars().count() > 200 {
        fields.push(FieldError::new("title", "a title of 1 to 200 characters"));
    }
    let Some(checked) = check(state, &enrollment, input, &mut fields).await? else {
        return Err(AppError::validation(fields));
    };
    let key = format!("manual:{}", onramp_store::new_id());
    let context = actor.audit_context();
    let now = state.clock.now_ms();
    let mut tx = state.store.begin().await?;
    let id = risks::add(&mut tx, enrollment_id, &key, title, &checked.as_update()).await?;
    record_change(
        &mut tx,
        &context,
        &enrollment,
        "enrollment.risk_added",
        format!(
            "{} added the risk “{title}” (score {}) to {} in {}",
            user.name,
            checked.likelihood * checked.impact,
            enrollment.organization_name,
            enrollment.track_name
        ),
        None,
    )
    .await?;
    emit(
        &mut tx,
        now,
        Event {
            event_type: "enrollment.risk_raised",
            organization_id: Some(&enrollment.organization_id),
            data: serde_json::json!({
                "enrollment_id": enrollment_id,
                "track": enrollment.track_key,
                "risk": key,
                "title": title,
                "score": checked.likelihood * checked.impact,
            }),
        },
    )
    .await?;
    tx.commit().await?;
    Ok(id)
}

/// Rescores, reassigns, re-dates or changes the status of a risk (coordinators and program
/// admins). A signal's risk closed by hand opens again if its signal is still there at the next
/// refresh.
pub async fn update(
    state: &AppState,
    actor: &Actor,
    enrollment_id: &str,
    risk_id: &str,
    input: &RiskInput<'_>,
) -> Result<(), AppError> {
    let user = scope::user(actor)?.clone();
    if !is_coordinator(user.role) {
        return Err(AppError::Forbidden);
    }
    let enrollment = visible(state, actor, enrollment_id).await?;
    let risk = risks::find(state.store.pool(), enrollment_id, risk_id)
        .await
        .map_err(|error| match error {
            StoreError::NotFound => AppError::NotFound("risk"),
            other => other.into(),
        })?;
    let mut fields = Vec::new();
    let Some(checked) = check(state, &enrollment, input, &mut fields).await? else {
        return Err(AppError::validation(fields));
    };
    let context = actor.audit_context();
    let mut tx = state.store.begin().await?;
    risks::update(&mut tx, enrollment_id, risk_id, &checked.as_update()).await?;
    record_change(
        &mut tx,
        &context,
        &enrollment,
        "enrollment.risk_updated",
        format!(
            "{} set the risk “{}” of {} to {}, score {}{}",
            user.name,
            risk.title,
            enrollment.organization_name,
            checked.status.label().to_lowercase(),
            checked.likelihood * checked.impact,
            checked
                .review_on
                .as_deref()
                .map_or_else(String::new, |date| format!(", review on {date}"))
        ),
        None,
    )
    .await?;
    tx.commit().await?;
    Ok(())
}
