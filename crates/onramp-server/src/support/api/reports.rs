//! `GET /api/v1/support/reports/sla`: SLA attainment, first-reply and resolution times, the
//! backlog day by day and satisfaction over the last days (support staff).

use axum::extract::State;
use axum::Json;
use onramp_core::support::sla::format_utc;
use serde::{Deserialize, Serialize};

use crate::state::AppState;
use crate::support::services::reports::{self, Distribution};
use crate::web::actor::CurrentUser;
use crate::web::error::{ApiResult, AppError, FieldError, Problem};
use crate::web::extract::ApiQuery;
use crate::web::openapi::problem;

/// Targets met and breached for one tier, severity, group and target, among tickets opened in
/// the period.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct SlaAttainmentRow {
    pub tier: String,
    pub severity: String,
    /// The support group's key.
    pub group: Option<String>,
    /// `first_reply`, `next_reply`, `periodic_update` or `resolution`.
    pub target: String,
    pub met: i64,
    pub breached: i64,
}

/// How many times fell in one bucket.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct SupportTimeBucket {
    /// `≤ 15 min`, `≤ 1 h`, `≤ 4 h`, `≤ 8 h`, `≤ 1 day`, `≤ 3 days` or `> 3 days`.
    pub label: String,
    pub count: i64,
}

/// Wall-clock times in fixed buckets, with their median and 90th percentile.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct SupportTimeDistribution {
    pub buckets: Vec<SupportTimeBucket>,
    /// None when nothing was counted.
    pub median_minutes: Option<i64>,
    pub p90_minutes: Option<i64>,
    pub total: i64,
}

/// One day (UTC) of the backlog.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct SupportBacklogDay {
    /// `YYYY-MM-DD`.
    pub day: String,
    pub opened: i64,
    pub solved: i64,
    /// Tickets still open at the day's end.
    pub open_at_end: i64,
}

/// Satisfaction survey answers per rating, from 1 (poor) to 5 (excellent).
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct SupportSatisfaction {
    #[serde(rename = "1")]
    pub one: i64,
    #[serde(rename = "2")]
    pub two: i64,
    #[serde(rename = "3")]
    pub three: i64,
    #[serde(rename = "4")]
    pub four: i64,
    #[serde(rename = "5")]
    pub five: i64,
}

#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct SupportSlaReport {
    /// The period, RFC 3339 (UTC midnights): `days` days up to the end of today.
    pub from: String,
    pub to: String,
    pub attainment: Vec<SlaAttainmentRow>,
    /// From opening to the first public staff reply, of tickets opened in the period.
    pub first_reply: SupportTimeDistribution,
    /// From opening to solved, of tickets solved in the period.
    pub resolution: SupportTimeDistribution,
    pub backlog: Vec<SupportBacklogDay>,
    pub satisfaction: SupportSatisfaction,
}

#[derive(Debug, Default, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct SupportReportQuery {
    /// How many days up to today (UTC) the report covers, 1 to 366 (default 30).
    pub days: Option<i64>,
}

fn minutes(ms: i64) -> i64 {
    ms.div_euclid(60_000)
}

fn distribution(found: Distribution) -> SupportTimeDistribution {
    SupportTimeDistribution {
        buckets: found
            .counts
            .into_iter()
            .map(|(label, count)| SupportTimeBucket { label, count })
            .collect(),
        median_minutes: found.median_ms.map(minutes),
        p90_minutes: found.p90_ms.map(minutes),
        total: i64::try_from(found.total).unwrap_or(i64::MAX),
    }
}

fn day_text(ms: i64) -> String {
    jiff::Timestamp::from_millisecond(ms)
        .map(|at| at.to_zoned(jiff::tz::TimeZone::UTC).date().to_string())
        .unwrap_or_default()
}

/// Reports SLA attainment, reply and resolution times, backlog and satisfaction.
///
/// Attainment counts the targets of tickets opened in the period; times are wall-clock. For
/// support staff.
#[utoipa::path(
    get, path = "/api/v1/support/reports/sla", tag = "support", operation_id = "getSupportSlaReport",
    params(SupportReportQuery),
    responses(
        (status = 200, description = "The report", body = SupportSlaReport),
        problem::Malformed, problem::Unauthenticated, problem::Forbidden,
        (status = 422, description = "`days` out of range", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []), ("session" = []))
)]
pub async fn sla(
    State(state): State<AppState>,
    CurrentUser(_, actor): CurrentUser,
    ApiQuery(query): ApiQuery<SupportReportQuery>,
) -> ApiResult<Json<SupportSlaReport>> {
    let days = query.days.unwrap_or(30);
    if !(1..=366).contains(&days) {
        return Err(
            AppError::validation(vec![FieldError::new("days", "from 1 to 366 days")]).into(),
        );
    }
    let report = reports::report(&state, &actor, days).await?;
    let [one, two, three, four, five] = report.satisfaction;
    Ok(Json(SupportSlaReport {
        from: format_utc(report.from),
        to: format_utc(report.to),
        attainment: report
            .attainment
            .into_iter()
            .map(|row| SlaAttainmentRow {
                tier: row.tier,
                severity: row.severity,
                group: row.group_key,
                target: row.metric,
                met: row.met,
                breached: row.breached,
            })
            .collect(),
        first_reply: distribution(report.first_reply),
        resolution: distribution(report.resolution),
        backlog: report
            .backlog
            .into_iter()
            .map(|day| SupportBacklogDay {
                day: day_text(day.day),
                opened: day.opened,
                solved: day.solved,
                open_at_end: day.open_at_end,
            })
            .collect(),
        satisfaction: SupportSatisfaction {
            one,
            two,
            three,
            four,
            five,
        },
    }))
}
