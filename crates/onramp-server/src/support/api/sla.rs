//! `POST /api/v1/sla/preview`: when an SLA target would be due, computed by the SLA clock
//! (`onramp_core::support::sla::preview`) from a calendar, a target, an opening and pauses. Pure
//! computation over the body, no data read: anyone may call it, without a token.
//!
//! The schemas here are the core types' wire forms written out for the OpenAPI document
//! (`onramp-core` does not depend on utoipa); the body is read into them and handed to the core
//! as its own types.

use axum::Json;
use onramp_core::support::sla::{self, CalendarSpec, PreviewRequest, SlaProblem};
use serde::{Deserialize, Serialize};

use crate::web::error::{ApiResult, AppError, FieldError, Problem};
use crate::web::extract::ApiJson;
use crate::web::openapi::problem;

/// An SLA calendar: business hours in a time zone (open days, an opening and a closing time,
/// holidays), or around the clock (`"kind": "24x7"`, with only `time_zone`).
///
/// `{"time_zone": "Europe/Paris", "days": ["mon", "tue", "wed", "thu", "fri"], "open": "09:00",
/// "close": "17:00", "holidays": ["2026-12-25"]}` or `{"time_zone": "UTC", "kind": "24x7"}`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize, Serialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SlaCalendar {
    /// An IANA time zone name, e.g. `Europe/Paris` or `UTC`.
    pub time_zone: String,
    /// `business_hours` (when absent) or `24x7`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kind: Option<String>,
    /// Business hours: the open days, each one of `mon`, `tue`, `wed`, `thu`, `fri`, `sat`,
    /// `sun`, at most once.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub days: Option<Vec<String>>,
    /// Business hours: the opening time, `HH:MM` (24-hour), e.g. `09:00`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub open: Option<String>,
    /// Business hours: the closing time, `HH:MM` after the opening; `24:00` is the end of the day.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub close: Option<String>,
    /// Business hours: days the desk is closed although they are open days, `YYYY-MM-DD`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub holidays: Option<Vec<String>>,
}

impl From<SlaCalendar> for CalendarSpec {
    fn from(calendar: SlaCalendar) -> CalendarSpec {
        CalendarSpec {
            time_zone: calendar.time_zone,
            kind: calendar.kind,
            days: calendar.days,
            open: calendar.open,
            close: calendar.close,
            holidays: calendar.holidays,
        }
    }
}

impl From<CalendarSpec> for SlaCalendar {
    fn from(spec: CalendarSpec) -> SlaCalendar {
        SlaCalendar {
            time_zone: spec.time_zone,
            kind: spec.kind,
            days: spec.days,
            open: spec.open,
            close: spec.close,
            holidays: spec.holidays,
        }
    }
}

/// What to compute: a target of `target_minutes` of working time on `calendar`, counted from
/// `opened`, with the `pauses` (the ticket waiting on the partner) left out.
#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SlaPreviewBody {
    pub calendar: SlaCalendar,
    /// The target's working time in minutes, 1 to 525600 (a year).
    pub target_minutes: i64,
    /// When the clock starts: RFC 3339 with any offset, e.g. `2026-12-07T15:05:00+01:00`.
    pub opened: String,
    /// `[from, to]` pairs of RFC 3339 timestamps during which the clock stops; they may overlap.
    #[serde(default)]
    pub pauses: Vec<[String; 2]>,
}

/// When the target is due, and why.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct SlaPreviewView {
    /// RFC 3339 in UTC, e.g. `2026-12-08T12:15:00Z`.
    pub due: String,
    /// One sentence in the calendar's zone: `due Tue 13:15 Europe/Paris (2026-12-08): 4 h of
    /// business hours 09–17 Mon–Fri from Mon 15:05 (2026-12-07), paused 2 h 10 min waiting on
    /// partner`.
    pub explanation: String,
}

/// The SLA clock's problems as field errors, each at its path (`calendar.days[1]`, `opened`,
/// `pauses[0]`).
pub fn problems_to_fields(problems: Vec<SlaProblem>) -> Vec<FieldError> {
    problems
        .into_iter()
        .map(|problem| FieldError::new(&problem.path, problem.message))
        .collect()
}

/// Computes when an SLA target is due, and why (no sign-in needed).
///
/// Business hours are counted in the calendar's zone, with its own daylight-saving rules; a
/// ticket opened outside hours starts counting at the next opening, and a target that ends at
/// the close is due at the close. Every problem of the body is reported at once in `errors`, each
/// at its path: `calendar.time_zone`, `calendar.days[1]`, `target_minutes`, `opened`,
/// `pauses[0]`, `pauses[1][0]`.
#[utoipa::path(
    post, path = "/api/v1/sla/preview", tag = "support", operation_id = "previewSlaDueTime",
    request_body = SlaPreviewBody,
    responses(
        (status = 200, description = "The due time and its explanation", body = SlaPreviewView),
        problem::Malformed, problem::Forbidden, problem::TooLarge,
        (status = 422, description = "Values that are not acceptable, each at its path in `errors` (`calendar.days[1]`, `opened`, `pauses[0]`); or a body of the wrong shape", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn preview(ApiJson(body): ApiJson<SlaPreviewBody>) -> ApiResult<Json<SlaPreviewView>> {
    let request = PreviewRequest {
        calendar: body.calendar.into(),
        target_minutes: body.target_minutes,
        opened: body.opened,
        pauses: body.pauses,
    };
    match sla::preview(&request) {
        Ok(found) => Ok(Json(SlaPreviewView {
            due: found.due,
            explanation: found.explanation,
        })),
        Err(problems) => Err(AppError::validation(problems_to_fields(problems)).into()),
    }
}
