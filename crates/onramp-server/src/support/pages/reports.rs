//! `/support/reports`: over the last `days` days, SLA attainment by tier, severity, group and
//! target; how long first replies and resolutions took (bar charts of fixed buckets, with the
//! median and 90th percentile); the backlog day by day (a chart with its data table);
//! satisfaction; and the attainment and backlog as CSV.

use std::collections::BTreeMap;

use axum::extract::State;
use axum::response::Response;
use maud::{html, Markup};
use onramp_core::registry::tier::Tier;
use serde::Deserialize;

use super::{desk_nav, severity_label};
use crate::state::AppState;
use crate::support::services::groups;
use crate::support::services::reports::{self, percent, Distribution, Report};
use crate::support::services::targets::{duration_text, metric_label};
use crate::web::actor::CurrentUser;
use crate::web::csv;
use crate::web::error::PageResult;
use crate::web::extract::PageQuery;
use crate::web::forms::{FormView, Kind};
use crate::web::layout::{page, respond};

const COLOR_TEXT: &str = "#222222";
const COLOR_AXIS: &str = "#888888";
const COLOR_BAR: &str = "#1d4ed8";
const COLOR_TRACK: &str = "#e5e7eb";
const COLOR_AREA: &str = "#c7d7f5";
const COLOR_LINE: &str = "#1d3f8f";

#[derive(Debug, Default, Deserialize)]
pub struct ReportQuery {
    #[serde(default)]
    days: Option<i64>,
}

impl ReportQuery {
    fn days(&self) -> i64 {
        self.days.unwrap_or(30).clamp(1, 366)
    }
}

fn num(value: f64) -> String {
    if value.is_finite() {
        format!("{value:.1}")
    } else {
        "0.0".to_owned()
    }
}

fn day_text(ms: i64) -> String {
    jiff::Timestamp::from_millisecond(ms)
        .map(|at| at.to_zoned(jiff::tz::TimeZone::UTC).date().to_string())
        .unwrap_or_default()
}

fn ms_text(ms: Option<i64>) -> String {
    ms.map_or_else(|| "—".to_owned(), duration_text)
}

/// A share of met targets as a small bar (the figure is written beside it).
fn share_bar(met: i64, breached: i64) -> Markup {
    let total = met + breached;
    let width = if total > 0 {
        (met as f64 / total as f64) * 100.0
    } else {
        0.0
    };
    html! {
        svg width="100" height="10" viewBox="0 0 100 10" aria-hidden="true" focusable="false" {
            rect x="0" y="0" width="100" height="10" fill=(COLOR_TRACK) {}
            rect x="0" y="0" width=(num(width)) height="10" fill=(COLOR_BAR) {}
        }
    }
}

/// A distribution as horizontal bars, one per bucket, with its counts in the SVG's description
/// and in a table.
fn distribution_chart(id: &str, title: &str, distribution: &Distribution) -> Markup {
    const LABEL_WIDTH: f64 = 90.0;
    const BAR_WIDTH: f64 = 300.0;
    const ROW: f64 = 26.0;
    let rows = distribution.counts.len() as f64;
    let height = rows * ROW + 8.0;
    let most = distribution
        .counts
        .iter()
        .map(|(_, count)| *count)
        .max()
        .unwrap_or(0)
        .max(1) as f64;
    let description = format!(
        "{} tickets. {}. Median {}, 90th percentile {}.",
        distribution.total,
        distribution
            .counts
            .iter()
            .map(|(label, count)| format!("{label}: {count}"))
            .collect::<Vec<_>>()
            .join("; "),
        ms_text(distribution.median_ms),
        ms_text(distribution.p90_ms)
    );
    html! {
        figure {
            svg xmlns="http://www.w3.org/2000/svg" role="img" width="460" height=(num(height))
                viewBox=(format!("0 0 460 {}", num(height))) aria-labelledby={ (id) "-title " (id) "-desc" }
                font-family="system-ui, sans-serif" {
                title id={ (id) "-title" } { (title) }
                desc id={ (id) "-desc" } { (description) }
                @for (index, (label, count)) in distribution.counts.iter().enumerate() {
                    @let y = index as f64 * ROW + 4.0;
                    @let width = *count as f64 / most * BAR_WIDTH;
                    text x="0" y=(num(y + 15.0)) font-size="12" fill=(COLOR_TEXT) { (label) }
                    rect x=(num(LABEL_WIDTH)) y=(num(y)) width=(num(BAR_WIDTH)) height="20" fill=(COLOR_TRACK) {}
                    rect x=(num(LABEL_WIDTH)) y=(num(y)) width=(num(width)) height="20" fill=(COLOR_BAR) {}
                    text x=(num(LABEL_WIDTH + BAR_WIDTH + 8.0)) y=(num(y + 15.0)) font-size="12" fill=(COLOR_TEXT) { (count) }
                }
            }
            figcaption {
                (distribution.total) " tickets · median " strong { (ms_text(distribution.median_ms)) }
                " · 90th percentile " strong { (ms_text(distribution.p90_ms)) }
            }
        }
        details {
            summary { (title) ": the numbers" }
            table {
                caption.visually-hidden { (title) }
                thead { tr { th scope="col" { "Time taken" } th scope="col" { "Tickets" } } }
                tbody { @for (label, count) in &distribution.counts {
                    tr { th scope="row" { (label) } td { (count) } }
                } }
            }
        }
    }
}

/// The tickets open at each day's end as an area under a line, with its text alternative and a
/// data table.
fn backlog_chart(report: &Report) -> Markup {
    const WIDTH: f64 = 720.0;
    const HEIGHT: f64 = 240.0;
    const LEFT: f64 = 48.0;
    const RIGHT: f64 = 16.0;
    const TOP: f64 = 12.0;
    const BOTTOM: f64 = 36.0;
    let days = &report.backlog;
    let plot_width = WIDTH - LEFT - RIGHT;
    let plot_height = HEIGHT - TOP - BOTTOM;
    let base = TOP + plot_height;
    let highest = days.iter().map(|day| day.open_at_end).max().unwrap_or(0);
    let top_value = highest.max(1) as f64;
    let x = |index: usize| {
        if days.len() <= 1 {
            LEFT + plot_width / 2.0
        } else {
            LEFT + index as f64 / (days.len() - 1) as f64 * plot_width
        }
    };
    let y = |value: i64| base - (value.max(0) as f64 / top_value) * plot_height;
    let line: Vec<String> = days
        .iter()
        .enumerate()
        .map(|(index, day)| format!("{},{}", num(x(index)), num(y(day.open_at_end))))
        .collect();
    let area = if line.is_empty() {
        String::new()
    } else {
        format!(
            "{} {},{} {},{}",
            line.join(" "),
            num(x(days.len().saturating_sub(1))),
            num(base),
            num(x(0)),
            num(base)
        )
    };
    let first = days.first();
    let last = days.last();
    let peak = days.iter().max_by_key(|day| day.open_at_end);
    let description = match (first, last, peak) {
        (Some(first), Some(last), Some(peak)) => format!(
            "From {} to {}: {} tickets open at the end of the first day, {} at the end of the last; the most, {}, on {}. {} opened and {} solved or closed in the period.",
            day_text(first.day),
            day_text(last.day),
            first.open_at_end,
            last.open_at_end,
            peak.open_at_end,
            day_text(peak.day),
            days.iter().map(|day| day.opened).sum::<i64>(),
            days.iter().map(|day| day.solved).sum::<i64>()
        ),
        _ => "No day in the period.".to_owned(),
    };
    let middle = days.get(days.len() / 2).filter(|_| days.len() > 2);
    html! {
        figure {
            svg xmlns="http://www.w3.org/2000/svg" role="img" width="100%"
                viewBox=(format!("0 0 {} {}", num(WIDTH), num(HEIGHT)))
                aria-labelledby="backlog-title backlog-desc" font-family="system-ui, sans-serif" {
                title #backlog-title { "Open tickets at each day's end" }
                desc #backlog-desc { (description) }
                line x1=(num(LEFT)) x2=(num(LEFT + plot_width)) y1=(num(base)) y2=(num(base)) stroke=(COLOR_AXIS) {}
                line x1=(num(LEFT)) x2=(num(LEFT)) y1=(num(TOP)) y2=(num(base)) stroke=(COLOR_AXIS) {}
                text x=(num(LEFT - 6.0)) y=(num(TOP + 4.0)) font-size="12" text-anchor="end" fill=(COLOR_TEXT) { (highest.max(1)) }
                text x=(num(LEFT - 6.0)) y=(num(base + 4.0)) font-size="12" text-anchor="end" fill=(COLOR_TEXT) { "0" }
                @if !area.is_empty() {
                    polygon points=(area) fill=(COLOR_AREA) {}
                    polyline points=(line.join(" ")) fill="none" stroke=(COLOR_LINE) stroke-width="2" {}
                }
                @if let Some(first) = first {
                    text x=(num(x(0))) y=(num(base + 20.0)) font-size="12" fill=(COLOR_TEXT) { (day_text(first.day)) }
                }
                @if let Some(middle) = middle {
                    text x=(num(x(days.len() / 2))) y=(num(base + 20.0)) font-size="12" text-anchor="middle" fill=(COLOR_TEXT) { (day_text(middle.day)) }
                }
                @if let Some(last) = last.filter(|_| days.len() > 1) {
                    text x=(num(x(days.len() - 1))) y=(num(base + 20.0)) font-size="12" text-anchor="end" fill=(COLOR_TEXT) { (day_text(last.day)) }
                }
            }
            figcaption { (description) }
        }
        details {
            summary { "The backlog day by day: the numbers" }
            div.table-scroll tabindex="0" role="region" aria-label="The backlog day by day" {
                table #backlog {
                    caption.visually-hidden { "The backlog day by day (UTC days)" }
                    thead { tr {
                        th scope="col" { "Day (UTC)" } th scope="col" { "Opened" }
                        th scope="col" { "Solved or closed" } th scope="col" { "Open at the day's end" }
                    } }
                    tbody { @for day in days {
                        tr { th scope="row" { (day_text(day.day)) } td { (day.opened) } td { (day.solved) } td { (day.open_at_end) } }
                    } }
                }
            }
        }
    }
}

const RATINGS: [&str; 5] = [
    "1 — Very dissatisfied",
    "2 — Dissatisfied",
    "3 — Neither satisfied nor dissatisfied",
    "4 — Satisfied",
    "5 — Very satisfied",
];

fn satisfaction_table(counts: &[i64; 5]) -> Markup {
    let answers: i64 = counts.iter().sum();
    let points: i64 = counts
        .iter()
        .zip(1_i64..)
        .map(|(count, rating)| count * rating)
        .sum();
    html! {
        @if answers == 0 {
            p { "No survey was answered in the period." }
        } @else {
            p { (answers) " answers, on average " strong { (format!("{:.1}", points as f64 / answers as f64)) " of 5" } "." }
        }
        table #satisfaction {
            caption.visually-hidden { "Satisfaction answers" }
            thead { tr { th scope="col" { "Rating" } th scope="col" { "Answers" } } }
            tbody { @for (label, count) in RATINGS.iter().zip(counts.iter()).rev() {
                tr { th scope="row" { (label) } td { (count) } }
            } }
        }
    }
}

pub async fn overview(
    State(state): State<AppState>,
    CurrentUser(_, actor): CurrentUser,
    PageQuery(query): PageQuery<ReportQuery>,
) -> PageResult<Response> {
    let days = query.days();
    let report = reports::report(&state, &actor, days).await?;
    let group_names: BTreeMap<String, String> = groups::all(&state)
        .await?
        .into_iter()
        .map(|group| (group.key, group.name))
        .collect();
    let tier_label = |tier: &str| {
        tier.parse::<Tier>().map_or_else(
            |_| tier.to_owned(),
            |tier| state.config.tier_name(tier).to_owned(),
        )
    };
    let filter = FormView::plain();
    Ok(respond(page(
        Some(&actor),
        "Support reports",
        html! {
            p { a href="/support" { "← Support queue" } }
            h1 { "Support reports" }
            (desk_nav(&actor))
            p { "Tickets opened in the last " (days) " days, up to the end of today (UTC): from " (day_text(report.from)) " to " (day_text(report.to - 1)) "." }
            form.filters method="get" action="/support/reports" {
                (filter.input("Days (1 to 366)", "days", Kind::Number, &days.to_string(), "off"))
                button type="submit" { "Show" }
            }
            section aria-labelledby="attainment-heading" {
                h2 #attainment-heading { "SLA attainment" }
                p { a href={ "/support/reports/attainment.csv?days=" (days) } { "Download as CSV" } }
                @if report.attainment.is_empty() {
                    p { "No target was met or breached on tickets opened in the period." }
                } @else {
                    div.table-scroll tabindex="0" role="region" aria-label="SLA attainment (scrolls sideways when wide)" {
                        table #attainment {
                            caption.visually-hidden { "Targets met and breached by tier, severity, group and target" }
                            thead { tr {
                                th scope="col" { "Tier" } th scope="col" { "Severity" } th scope="col" { "Group" }
                                th scope="col" { "Target" } th scope="col" { "Met" } th scope="col" { "Breached" }
                                th scope="col" { "Attainment" }
                            } }
                            tbody { @for row in &report.attainment {
                                tr {
                                    td { (tier_label(&row.tier)) }
                                    td { (severity_label(&row.severity)) }
                                    td { (row.group_key.as_ref().map_or("No group", |key| group_names.get(key).map_or(key.as_str(), String::as_str))) }
                                    td { (metric_label(&row.metric)) }
                                    td { (row.met) }
                                    td { (row.breached) }
                                    td { (share_bar(row.met, row.breached)) " " (percent(row.met, row.breached)) }
                                }
                            } }
                        }
                    }
                }
            }
            section aria-labelledby="first-reply-heading" {
                h2 #first-reply-heading { "Time to the first reply" }
                p.muted { "Wall-clock time from opening to the first public reply of staff, of tickets opened in the period." }
                (distribution_chart("first-reply", "Time to the first reply", &report.first_reply))
            }
            section aria-labelledby="resolution-heading" {
                h2 #resolution-heading { "Time to resolution" }
                p.muted { "Wall-clock time from opening to solved, of tickets solved in the period." }
                (distribution_chart("resolution", "Time to resolution", &report.resolution))
            }
            section aria-labelledby="backlog-heading" {
                h2 #backlog-heading { "Backlog" }
                p { a href={ "/support/reports/backlog.csv?days=" (days) } { "Download as CSV" } }
                (backlog_chart(&report))
            }
            section aria-labelledby="satisfaction-heading" {
                h2 #satisfaction-heading { "Satisfaction" }
                (satisfaction_table(&report.satisfaction))
            }
        },
    )))
}

pub async fn attainment_csv(
    State(state): State<AppState>,
    CurrentUser(_, actor): CurrentUser,
    PageQuery(query): PageQuery<ReportQuery>,
) -> PageResult<Response> {
    let report = reports::report(&state, &actor, query.days()).await?;
    Ok(csv::download(
        "support-attainment.csv",
        reports::attainment_csv(&report),
    ))
}

pub async fn backlog_csv(
    State(state): State<AppState>,
    CurrentUser(_, actor): CurrentUser,
    PageQuery(query): PageQuery<ReportQuery>,
) -> PageResult<Response> {
    let report = reports::report(&state, &actor, query.days()).await?;
    Ok(csv::download(
        "support-backlog.csv",
        reports::backlog_csv(&report),
    ))
}
