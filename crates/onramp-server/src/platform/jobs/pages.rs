//! The job queue page for program admins (`/admin/jobs`): jobs by state with their attempts, due
//! time and last error; retry a failed or dead job, cancel a queued one.

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use maud::html;
use onramp_core::platform::jobs::JobState;
use serde::Deserialize;

use crate::platform::jobs::service::{self as jobs, JobQuery};
use crate::state::AppState;
use crate::web::actor::CurrentUser;
use crate::web::error::{AppError, PageResult};
use crate::web::extract::PageQuery;
use crate::web::forms::refusal_summary;
use crate::web::layout::{csrf_input, notice, page, respond, time};

/// The page's query: the API's filters plus a notice key. (Not `#[serde(flatten)]`: urlencoded
/// numbers do not survive flattening.)
#[derive(Debug, Default, Deserialize)]
pub struct JobsPageQuery {
    state: Option<String>,
    page: Option<i64>,
    per_page: Option<i64>,
    notice: Option<String>,
}

pub async fn show(
    State(state): State<AppState>,
    CurrentUser(_, actor): CurrentUser,
    PageQuery(query): PageQuery<JobsPageQuery>,
) -> PageResult<Response> {
    let filter = JobQuery {
        state: query.state.clone(),
        page: query.page,
        per_page: query.per_page,
    };
    let (parsed, errors) = match filter.parse() {
        Ok(parsed) => (Some(parsed), Vec::new()),
        Err(AppError::Validation { fields, .. }) => (None, fields),
        Err(other) => return Err(other.into()),
    };
    let listed = match &parsed {
        Some(parsed) => Some(jobs::list(&state, parsed).await?),
        None => None,
    };
    let counts = jobs::counts(&state).await?;
    let selected = parsed.as_ref().and_then(|parsed| parsed.state);
    let link_to_page = |number: i64| {
        let mut params = vec![("page".to_owned(), number.to_string())];
        if let Some(state) = selected {
            params.push(("state".to_owned(), state.as_str().to_owned()));
        }
        format!(
            "/admin/jobs?{}",
            serde_urlencoded::to_string(params).unwrap_or_default()
        )
    };
    let markup = page(
        Some(&actor),
        "Jobs",
        html! {
            (notice(query.notice.as_deref()))
            h1 { "Jobs" }
            p.muted { "Background work queued in the database and run by any instance: clean-ups, sweeps and deliveries." }
            nav aria-label="Job states" {
                a href="/admin/jobs" aria-current=[selected.is_none().then_some("page")] { "All" }
                @for state_choice in JobState::ALL {
                    " · "
                    a href={ "/admin/jobs?state=" (state_choice.as_str()) }
                        aria-current=[(selected == Some(state_choice)).then_some("page")] {
                        (state_choice.label()) " ("
                        (counts.iter().find(|(counted, _)| *counted == state_choice).map_or(0, |(_, n)| *n))
                        ")"
                    }
                }
            }
            (refusal_summary(&errors))
            @if let (Some(listed), Some(parsed)) = (&listed, &parsed) {
                p.muted { (listed.total) " jobs" }
                div.table-scroll tabindex="0" role="region" aria-label="Table (scrolls sideways when wide)" { table {
                    caption.muted { "Most recently changed first" }
                    thead { tr { th { "Kind" } th { "State" } th { "Attempts" } th { "Due" } th { "Last error" } th { "Action" } } }
                    tbody {
                        @for job in &listed.jobs {
                            tr {
                                td { code { (job.kind) } br; span.muted { (job.id) } }
                                td { (job.state.label()) }
                                td { (job.attempts) " of " (job.max_attempts) }
                                td { (time(job.run_at)) }
                                td { (job.last_error.as_deref().unwrap_or("—")) }
                                td {
                                    @if job.state.retryable() {
                                        form method="post" action={ "/admin/jobs/" (job.id) "/retry" } {
                                            (csrf_input(&actor))
                                            button.secondary type="submit" aria-label={ "Retry job " (job.id) } { "Retry" }
                                        }
                                    }
                                    @if job.state.cancellable() {
                                        form method="post" action={ "/admin/jobs/" (job.id) "/cancel" } {
                                            (csrf_input(&actor))
                                            button.secondary type="submit" aria-label={ "Cancel job " (job.id) } { "Cancel" }
                                        }
                                    }
                                }
                            }
                        }
                    }
                } }
                @if listed.jobs.is_empty() && parsed.page > 1 {
                    div.alert role="status" #past-the-end { "There is no page " (parsed.page) " of this list. " a href=(link_to_page(1)) { "Go to the first page" } }
                }
                nav aria-label="Pages" {
                    @if parsed.page > 1 {
                        a href=(link_to_page(parsed.page - 1)) { "Newer" }
                        " "
                    }
                    @if parsed.page * parsed.per_page < listed.total {
                        a href=(link_to_page(parsed.page + 1)) { "Older" }
                    }
                }
            }
        },
    );
    if errors.is_empty() {
        Ok(respond(markup))
    } else {
        Ok((StatusCode::UNPROCESSABLE_ENTITY, respond(markup)).into_response())
    }
}

pub async fn retry(
    State(state): State<AppState>,
    CurrentUser(_, actor): CurrentUser,
    Path(job_id): Path<String>,
) -> PageResult<Response> {
    jobs::retry(&state, &actor, &job_id).await?;
    Ok(Redirect::to("/admin/jobs?notice=job_retried").into_response())
}

pub async fn cancel(
    State(state): State<AppState>,
    CurrentUser(_, actor): CurrentUser,
    Path(job_id): Path<String>,
) -> PageResult<Response> {
    jobs::cancel(&state, &actor, &job_id).await?;
    Ok(Redirect::to("/admin/jobs?notice=job_cancelled").into_response())
}
