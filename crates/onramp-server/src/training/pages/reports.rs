//! `/training/reports`: coverage per organization (staff: every organization, a page at a time;
//! a partner admin: their own), completions and pass rates per course with a bar of each pass
//! rate, credits per organization, each as CSV; `/training/reports/courses/{key}`: the pass rate
//! of every question (hardest first); `/training/coverage/{id}`: one organization's people.

use axum::extract::{Path, State};
use axum::response::Response;
use maud::{html, Markup};
use serde::Deserialize;

use super::catalogue::tenths;
use crate::state::AppState;
use crate::training::services::reports::{self, pass_rate};
use crate::web::actor::CurrentUser;
use crate::web::csv;
use crate::web::error::{AppError, PageResult};
use crate::web::extract::PageQuery;
use crate::web::layout::{page, respond};

/// Organizations per page of the coverage table.
const PAGE: i64 = 50;

#[derive(Debug, Default, Deserialize)]
pub struct ReportQuery {
    #[serde(default)]
    page: Option<i64>,
}

/// A horizontal bar for a percentage (an SVG, with the figure as its text).
fn bar(percent: u32) -> Markup {
    let width = percent.min(100);
    html! {
        svg width="120" height="12" viewBox="0 0 100 10" role="img" aria-label={ (percent) " %" } {
            rect x="0" y="0" width="100" height="10" fill="#e5e7eb" {}
            rect x="0" y="0" width=(width) height="10" fill="#1d4ed8" {}
        }
    }
}

pub async fn overview(
    State(state): State<AppState>,
    CurrentUser(_, actor): CurrentUser,
    PageQuery(query): PageQuery<ReportQuery>,
) -> PageResult<Response> {
    let staff = reports::report_scope(&actor)?.is_none();
    let page_number = query.page.unwrap_or(1).clamp(1, 1_000_000);
    let coverage = reports::coverage(&state, &actor, PAGE + 1, (page_number - 1) * PAGE).await?;
    let more = coverage.len() > usize::try_from(PAGE).unwrap_or(usize::MAX);
    let completions = if staff {
        reports::completions(&state, &actor).await?
    } else {
        Vec::new()
    };
    let credits = reports::credits(&state, &actor).await?;
    Ok(respond(page(
        Some(&actor),
        "Training reports",
        html! {
            p { a href="/training" { "← Training" } }
            h1 { "Training reports" }
            h2 { "Coverage" }
            p { a href="/training/reports/coverage.csv" { "Download as CSV" } }
            table {
                caption { "People trained and certified per organization" }
                thead { tr {
                    th scope="col" { "Organization" } th scope="col" { "People" } th scope="col" { "Courses assigned" }
                    th scope="col" { "Completed" } th scope="col" { "Overdue" } th scope="col" { "People certified" }
                    th scope="col" { "Certificates expiring within 30 days" }
                } }
                tbody { @for row in coverage.iter().take(usize::try_from(PAGE).unwrap_or(0)) {
                    tr {
                        td { @if staff { a href={ "/training/coverage/" (row.organization_id) } { (row.name) } } @else { a href="/training/people" { (row.name) } } }
                        td { (row.people) } td { (row.assigned) } td { (row.completed) }
                        td { @if row.overdue > 0 { strong { (row.overdue) } } @else { "0" } }
                        td { (row.certified_people) } td { (row.expiring) }
                    }
                } }
            }
            nav aria-label="Pages of the coverage" {
                @if page_number > 1 { a href={ "/training/reports?page=" (page_number - 1) } { "← Previous" } " " }
                "Page " (page_number)
                @if more { " " a href={ "/training/reports?page=" (page_number + 1) } { "Next →" } }
            }
            @if staff {
                h2 { "Courses" }
                p { a href="/training/reports/completions.csv" { "Download as CSV" } }
                table {
                    caption { "Completions and assessment results per course" }
                    thead { tr {
                        th scope="col" { "Course" } th scope="col" { "Started" } th scope="col" { "Completed" }
                        th scope="col" { "Valid certificates" } th scope="col" { "Attempts passed" } th scope="col" { "Attempts failed" }
                        th scope="col" { "Pass rate" }
                    } }
                    tbody { @for (row, title) in &completions {
                        tr {
                            td { a href={ "/training/reports/courses/" (row.course_key) } { (title) } }
                            td { (row.started) } td { (row.completed) } td { (row.certified) }
                            td { (row.attempts_passed) } td { (row.attempts_failed) }
                            td { @match pass_rate(row) { Some(rate) => { (bar(rate)) " " (rate) " %" }, None => "—" } }
                        }
                    } }
                }
            }
            h2 { "Credits" }
            p { a href="/training/reports/credits.csv" { "Download as CSV" } }
            table {
                caption { "Continuing-education credits and hours earned per organization" }
                thead { tr { th scope="col" { "Organization" } th scope="col" { "Learners" } th scope="col" { "Credits" } th scope="col" { "Hours" } } }
                tbody { @for row in &credits {
                    tr { td { (row.name) } td { (row.learners) } td { (tenths(row.credits_tenths)) } td { (tenths(row.hours_tenths)) } }
                } }
            }
        },
    )))
}

pub async fn course(
    State(state): State<AppState>,
    CurrentUser(_, actor): CurrentUser,
    Path(key): Path<String>,
) -> PageResult<Response> {
    let results = reports::course_results(&state, &actor, &key).await?;
    Ok(respond(page(
        Some(&actor),
        &results.title,
        html! {
            p { a href="/training/reports" { "← Training reports" } }
            h1 { "Results: " (results.title) }
            p { (results.completion.started) " started · " (results.completion.completed) " completed · "
                (results.completion.attempts_passed) " attempts passed, " (results.completion.attempts_failed) " failed, "
                (results.completion.attempts_awaiting) " waiting for grading, " (results.completion.attempts_expired) " ran out of time" }
            @if results.questions.is_empty() { p { "No attempt was scored yet." } } @else {
                table {
                    caption { "Questions, the hardest first" }
                    thead { tr { th scope="col" { "Question" } th scope="col" { "Drawn" } th scope="col" { "Full marks" } th scope="col" { "Points earned" } } }
                    tbody { @for question in &results.questions {
                        tr {
                            td { (question.prompt) " " code { (question.key) } }
                            td { (question.drawn) } td { (question.full_marks) }
                            td { (bar(question.earned_percent)) " " (question.earned_percent) " %" }
                        }
                    } }
                }
            }
        },
    )))
}

pub async fn coverage_csv(
    State(state): State<AppState>,
    CurrentUser(_, actor): CurrentUser,
) -> PageResult<Response> {
    let mut body = csv::row(&[
        "organization_id",
        "organization",
        "people",
        "assigned",
        "completed",
        "overdue",
        "certified_people",
        "valid_certificates",
        "expiring_within_30_days",
    ]);
    let mut offset = 0;
    loop {
        let rows = reports::coverage(&state, &actor, 1_000, offset).await?;
        for row in &rows {
            body.push_str(&csv::row(&[
                row.organization_id.clone(),
                row.name.clone(),
                row.people.to_string(),
                row.assigned.to_string(),
                row.completed.to_string(),
                row.overdue.to_string(),
                row.certified_people.to_string(),
                row.valid_certificates.to_string(),
                row.expiring.to_string(),
            ]));
        }
        if rows.len() < 1_000 {
            break;
        }
        offset += 1_000;
    }
    Ok(csv::download("training-coverage.csv", body))
}

pub async fn completions_csv(
    State(state): State<AppState>,
    CurrentUser(_, actor): CurrentUser,
) -> PageResult<Response> {
    let mut body = csv::row(&[
        "course",
        "title",
        "started",
        "completed",
        "valid_certificates",
        "attempts_passed",
        "attempts_failed",
        "attempts_awaiting_grading",
        "attempts_expired",
        "pass_rate_percent",
    ]);
    for (row, title) in reports::completions(&state, &actor).await? {
        body.push_str(&csv::row(&[
            row.course_key.clone(),
            title,
            row.started.to_string(),
            row.completed.to_string(),
            row.certified.to_string(),
            row.attempts_passed.to_string(),
            row.attempts_failed.to_string(),
            row.attempts_awaiting.to_string(),
            row.attempts_expired.to_string(),
            pass_rate(&row).map_or_else(String::new, |rate| rate.to_string()),
        ]));
    }
    Ok(csv::download("training-completions.csv", body))
}

pub async fn credits_csv(
    State(state): State<AppState>,
    CurrentUser(_, actor): CurrentUser,
) -> PageResult<Response> {
    let mut body = csv::row(&[
        "organization_id",
        "organization",
        "learners",
        "credits",
        "hours",
    ]);
    for row in reports::credits(&state, &actor).await? {
        body.push_str(&csv::row(&[
            row.organization_id.clone(),
            row.name.clone(),
            row.learners.to_string(),
            tenths(row.credits_tenths),
            tenths(row.hours_tenths),
        ]));
    }
    Ok(csv::download("training-credits.csv", body))
}

/// One organization's people and their training (training staff).
pub async fn organization(
    State(state): State<AppState>,
    CurrentUser(_, actor): CurrentUser,
    Path(id): Path<String>,
) -> PageResult<Response> {
    if reports::report_scope(&actor)?.is_some() {
        return Err(AppError::NotFound("organization").into());
    }
    let row = reports::coverage_of(&state, &actor, &id).await?;
    let people = onramp_store::training::learners::people(state.store.pool(), &id)
        .await
        .map_err(AppError::from)?;
    Ok(respond(page(
        Some(&actor),
        &row.name,
        html! {
            p { a href="/training/reports" { "← Training reports" } }
            h1 { "Training at " (row.name) }
            p { (row.people) " people · " (row.completed) " of " (row.assigned) " assigned courses completed · "
                (row.overdue) " overdue · " (row.certified_people) " people certified" }
            ul { @for person in &people {
                li { a href={ "/training/people/" (person.user_id) } { (person.name) } }
            } }
        },
    )))
}
