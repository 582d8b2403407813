//! `/api/v1/support/policies`: the SLA calendars and policies (support staff read them), and a
//! program admin storing a policy for a tier × severity or an organization's override.

use axum::extract::State;
use axum::Json;
use serde::{Deserialize, Serialize};

use super::sla::SlaCalendar;
use crate::state::AppState;
use crate::support::services::policies::{self, PolicyInput};
use crate::support::services::targets;
use crate::web::actor::CurrentUser;
use crate::web::error::{ApiResult, AppError, Problem};
use crate::web::extract::ApiJson;
use crate::web::openapi::problem;

/// A named SLA calendar that policies count their targets on.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct SlaCalendarView {
    pub id: String,
    pub name: String,
    /// Its wire form, as `POST /api/v1/sla/preview` takes it.
    pub calendar: SlaCalendar,
    /// In words: `business hours 09–17 Mon–Fri, UTC` or `around the clock (24/7), UTC`.
    pub description: String,
}

/// The promises made for tickets of one scope and severity; targets are in working minutes on
/// the calendar, none where the policy makes no such promise.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct SlaPolicyView {
    pub id: String,
    /// `default`, `tier:KEY` or `organization:ID`.
    pub scope: String,
    /// For an organization's override.
    pub organization_id: Option<String>,
    /// `critical`, `high`, `normal` or `low`.
    pub severity: String,
    pub calendar_id: String,
    pub first_reply_minutes: Option<i64>,
    pub next_reply_minutes: Option<i64>,
    pub periodic_update_minutes: Option<i64>,
    pub resolution_minutes: Option<i64>,
    /// How long before a due time the assignee is warned (0: no warning).
    pub warn_before_minutes: i64,
    /// How often a breach escalates one step further.
    pub escalate_every_minutes: i64,
    /// How long the partner may take to answer before they are reminded (0: never).
    pub partner_wait_minutes: i64,
}

#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct SlaPoliciesView {
    pub calendars: Vec<SlaCalendarView>,
    /// The defaults, then tiers, then organizations' overrides.
    pub policies: Vec<SlaPolicyView>,
}

/// Lists the SLA calendars and policies (support staff).
#[utoipa::path(
    get, path = "/api/v1/support/policies", tag = "support", operation_id = "listSlaPolicies",
    responses(
        (status = 200, description = "The calendars and the policies", body = SlaPoliciesView),
        problem::Unauthenticated, problem::Forbidden, problem::Invalid,
    ),
    security(("bearer" = []), ("session" = []))
)]
pub async fn list(
    State(state): State<AppState>,
    CurrentUser(..): CurrentUser,
) -> ApiResult<Json<SlaPoliciesView>> {
    let mut calendars = Vec::new();
    for calendar in policies::calendars(&state).await? {
        let spec: SlaCalendar = serde_json::from_str(&calendar.spec).map_err(|error| {
            AppError::Internal(format!(
                "stored SLA calendar {} unreadable: {error}",
                calendar.id
            ))
        })?;
        let description = targets::calendar(&calendar.spec)
            .map(|parsed| parsed.describe())
            .unwrap_or_default();
        calendars.push(SlaCalendarView {
            id: calendar.id,
            name: calendar.name,
            calendar: spec,
            description,
        });
    }
    let policies = policies::policies(&state)
        .await?
        .into_iter()
        .map(|policy| SlaPolicyView {
            id: policy.id,
            scope: policy.scope,
            organization_id: policy.organization_id,
            severity: policy.severity,
            calendar_id: policy.calendar_id,
            first_reply_minutes: policy.first_reply_minutes,
            next_reply_minutes: policy.next_reply_minutes,
            periodic_update_minutes: policy.periodic_update_minutes,
            resolution_minutes: policy.resolution_minutes,
            warn_before_minutes: policy.warn_before_minutes,
            escalate_every_minutes: policy.escalate_every_minutes,
            partner_wait_minutes: policy.partner_wait_minutes,
        })
        .collect();
    Ok(Json(SlaPoliciesView {
        calendars,
        policies,
    }))
}

/// A policy as a program admin stores it. Targets are working minutes on the calendar, 1 to
/// 525600; absent or null where the policy makes no such promise.
#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SlaPolicyBody {
    /// `default` (when absent) or a tier key; ignored when `organization_id` is given.
    pub tier: Option<String>,
    /// An organization's override of its tier's policy.
    pub organization_id: Option<String>,
    /// `critical`, `high`, `normal` or `low`.
    pub severity: String,
    /// One of the calendars `GET /api/v1/support/policies` lists.
    pub calendar_id: String,
    pub first_reply_minutes: Option<i64>,
    pub next_reply_minutes: Option<i64>,
    pub periodic_update_minutes: Option<i64>,
    pub resolution_minutes: Option<i64>,
    /// 0 to 525600; 0: no warning.
    pub warn_before_minutes: i64,
    /// 1 to 525600.
    pub escalate_every_minutes: i64,
    /// 0 to 525600; 0: the partner is never reminded.
    pub partner_wait_minutes: i64,
}

/// The stored policy.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct SlaPolicySaved {
    pub id: String,
}

/// Stores the SLA policy of a scope and severity (program admins).
///
/// A policy of the same scope and severity is replaced. Running clocks keep the terms they
/// started with; new targets take the new ones.
#[utoipa::path(
    post, path = "/api/v1/support/policies", tag = "support", operation_id = "saveSlaPolicy",
    request_body = SlaPolicyBody,
    responses(
        (status = 200, description = "Stored", body = SlaPolicySaved),
        problem::Malformed, problem::TooLarge, problem::Unauthenticated, problem::Forbidden,
        (status = 422, description = "Values that are not acceptable, each named in `errors`", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []), ("session" = []))
)]
pub async fn save(
    State(state): State<AppState>,
    CurrentUser(_, actor): CurrentUser,
    ApiJson(body): ApiJson<SlaPolicyBody>,
) -> ApiResult<Json<SlaPolicySaved>> {
    let optional = |minutes: Option<i64>| minutes.map(|minutes| minutes.to_string());
    let id = policies::save_policy(
        &state,
        &actor,
        &PolicyInput {
            tier: body.tier.unwrap_or_default(),
            organization_id: body.organization_id.unwrap_or_default(),
            severity: body.severity,
            calendar_id: body.calendar_id,
            first_reply_minutes: optional(body.first_reply_minutes).unwrap_or_default(),
            next_reply_minutes: optional(body.next_reply_minutes).unwrap_or_default(),
            periodic_update_minutes: optional(body.periodic_update_minutes).unwrap_or_default(),
            resolution_minutes: optional(body.resolution_minutes).unwrap_or_default(),
            warn_before_minutes: body.warn_before_minutes.to_string(),
            escalate_every_minutes: body.escalate_every_minutes.to_string(),
            partner_wait_minutes: body.partner_wait_minutes.to_string(),
        },
    )
    .await?;
    Ok(Json(SlaPolicySaved { id }))
}
