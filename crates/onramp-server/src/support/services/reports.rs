//! The support reports (support staff): SLA attainment by tier, severity and group; first-reply
//! and resolution time distributions (wall-clock, in fixed buckets); the backlog day by day;
//! satisfaction; each also as CSV.

use onramp_store::support::reports::{self as store, Attainment, BacklogDay};

use super::is_support_staff;
use crate::registry::services::scope;
use crate::state::AppState;
use crate::web::actor::Actor;
use crate::web::csv;
use crate::web::error::AppError;

const DAY_MS: i64 = 86_400_000;

/// The buckets of the time distributions: up to each bound, in minutes.
pub const BUCKETS: &[(i64, &str)] = &[
    (15, "≤ 15 min"),
    (60, "≤ 1 h"),
    (240, "≤ 4 h"),
    (480, "≤ 8 h"),
    (1_440, "≤ 1 day"),
    (4_320, "≤ 3 days"),
    (i64::MAX, "> 3 days"),
];

#[derive(Clone, Debug)]
pub struct Distribution {
    pub counts: Vec<(String, i64)>,
    pub median_ms: Option<i64>,
    pub p90_ms: Option<i64>,
    pub total: usize,
}

pub fn distribution(mut values: Vec<i64>) -> Distribution {
    values.sort_unstable();
    let mut counts: Vec<(String, i64)> = BUCKETS
        .iter()
        .map(|(_, label)| ((*label).to_owned(), 0))
        .collect();
    for value in &values {
        let minutes = value / 60_000;
        if let Some(index) = BUCKETS.iter().position(|(bound, _)| minutes <= *bound) {
            if let Some((_, count)) = counts.get_mut(index) {
                *count += 1;
            }
        }
    }
    let at = |share: usize| {
        (!values.is_empty())
            .then(|| values.get((values.len() - 1) * share / 100).copied())
            .flatten()
    };
    Distribution {
        median_ms: at(50),
        p90_ms: at(90),
        total: values.len(),
        counts,
    }
}

#[derive(Clone, Debug)]
pub struct Report {
    pub from: i64,
    pub to: i64,
    pub attainment: Vec<Attainment>,
    pub first_reply: Distribution,
    pub resolution: Distribution,
    pub backlog: Vec<BacklogDay>,
    /// Answers with 1 … 5.
    pub satisfaction: [i64; 5],
}

/// The reports over the last `days` days (1 to 366) up to today's end (UTC).
pub async fn report(state: &AppState, actor: &Actor, days: i64) -> Result<Report, AppError> {
    let user = scope::user(actor)?;
    if !is_support_staff(user.role) {
        return Err(AppError::Forbidden);
    }
    let days = days.clamp(1, 366);
    let now = state.clock.now_ms();
    let to = (now.div_euclid(DAY_MS) + 1) * DAY_MS;
    let from = to - days * DAY_MS;
    let pool = state.store.pool();
    Ok(Report {
        from,
        to,
        attainment: store::attainment(pool, from, to).await?,
        first_reply: distribution(store::first_reply_times(pool, from, to).await?),
        resolution: distribution(store::resolution_times(pool, from, to).await?),
        backlog: store::backlog(pool, from, to).await?,
        satisfaction: store::satisfaction(pool, from, to).await?,
    })
}

/// A share in whole percent, or "–" when nothing was counted.
pub fn percent(met: i64, breached: i64) -> String {
    let total = met + breached;
    match (met * 100).checked_div(total) {
        Some(share) => format!("{share} %"),
        None => "–".to_owned(),
    }
}

/// The attainment table as CSV: tier, severity, group, target, met, breached, attainment.
pub fn attainment_csv(report: &Report) -> String {
    let mut out = csv::row(&[
        "tier",
        "severity",
        "group",
        "target",
        "met",
        "breached",
        "attainment_percent",
    ]);
    for row in &report.attainment {
        let share = (row.met * 100)
            .checked_div(row.met + row.breached)
            .map(|share| share.to_string())
            .unwrap_or_default();
        out.push_str(&csv::row(&[
            row.tier.clone(),
            row.severity.clone(),
            row.group_key.clone().unwrap_or_default(),
            row.metric.clone(),
            row.met.to_string(),
            row.breached.to_string(),
            share,
        ]));
    }
    out
}

/// The backlog as CSV: day, opened, solved, open at the day's end.
pub fn backlog_csv(report: &Report) -> String {
    let mut out = csv::row(&["day", "opened", "solved", "open_at_end"]);
    for day in &report.backlog {
        let date = jiff::Timestamp::from_millisecond(day.day)
            .map(|at| at.to_zoned(jiff::tz::TimeZone::UTC).date().to_string())
            .unwrap_or_default();
        out.push_str(&csv::row(&[
            date,
            day.opened.to_string(),
            day.solved.to_string(),
            day.open_at_end.to_string(),
        ]));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn times_fall_into_buckets_with_median_and_ninetieth_percentile() {
        let minutes = [5, 10, 30, 90, 300, 2_000, 10_000, 20, 25, 40];
        let shown = distribution(minutes.iter().map(|m| m * 60_000).collect());
        assert_eq!(shown.total, 10);
        let counts: Vec<i64> = shown.counts.iter().map(|(_, count)| *count).collect();
        assert_eq!(counts, vec![2, 4, 1, 1, 0, 1, 1]);
        assert_eq!(shown.median_ms, Some(30 * 60_000));
        assert_eq!(shown.p90_ms, Some(2_000 * 60_000));
        assert_eq!(percent(9, 1), "90 %");
        assert_eq!(percent(0, 0), "–");
    }
}
