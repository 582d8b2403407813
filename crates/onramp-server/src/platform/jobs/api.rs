//! `/api/v1/jobs`: the job queue for program admins — list by state, retry, cancel.

use axum::extract::{Path, State};
use axum::Json;
use onramp_store::platform::jobs::Job;
use serde::Serialize;

use crate::platform::jobs::service::{self as jobs, JobQuery};
use crate::state::AppState;
use crate::web::actor::CurrentUser;
use crate::web::error::{ApiResult, Problem};
use crate::web::extract::ApiQuery;
use crate::web::openapi::problem;

/// A job as listed. The payload is left out: it is the handler's input, not for display.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct JobView {
    pub id: String,
    pub kind: String,
    /// `queued`, `running`, `succeeded`, `failed`, `dead` or `cancelled`.
    pub state: String,
    pub unique_key: Option<String>,
    pub attempts: i64,
    pub max_attempts: i64,
    /// RFC 3339 times, UTC.
    pub run_at: String,
    pub created_at: String,
    pub started_at: Option<String>,
    pub finished_at: Option<String>,
    /// The instance holding the lease, while running.
    pub locked_by: Option<String>,
    pub lease_until: Option<String>,
    pub last_error: Option<String>,
}

fn rfc3339(ms: i64) -> String {
    jiff::Timestamp::from_millisecond(ms)
        .map(|timestamp| timestamp.to_string())
        .unwrap_or_default()
}

impl From<Job> for JobView {
    fn from(job: Job) -> Self {
        JobView {
            id: job.id,
            kind: job.kind,
            state: job.state.as_str().to_owned(),
            unique_key: job.unique_key,
            attempts: job.attempts,
            max_attempts: job.max_attempts,
            run_at: rfc3339(job.run_at),
            created_at: rfc3339(job.created_at),
            started_at: job.started_at.map(rfc3339),
            finished_at: job.finished_at.map(rfc3339),
            locked_by: job.locked_by,
            lease_until: job.lease_until.map(rfc3339),
            last_error: job.last_error,
        }
    }
}

#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct JobPageView {
    pub total: i64,
    pub page: i64,
    pub per_page: i64,
    pub jobs: Vec<JobView>,
}

/// List background jobs (program admins)
#[utoipa::path(
    get, path = "/api/v1/jobs", tag = "jobs", operation_id = "listJobs",
    params(JobQuery),
    responses(
        (status = 200, description = "A page of jobs, the most recently changed first", body = JobPageView),
        problem::Malformed,
        problem::Unauthenticated,
        (status = 403, description = "Not a program admin", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "An unknown state or bad paging", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []), ("session" = []))
)]
pub async fn list(
    State(state): State<AppState>,
    ApiQuery(query): ApiQuery<JobQuery>,
) -> ApiResult<Json<JobPageView>> {
    let parsed = query.parse()?;
    let page = jobs::list(&state, &parsed).await?;
    Ok(Json(JobPageView {
        total: page.total,
        page: parsed.page,
        per_page: parsed.per_page,
        jobs: page.jobs.into_iter().map(JobView::from).collect(),
    }))
}

/// Retry a failed or dead job (program admins)
#[utoipa::path(
    post, path = "/api/v1/jobs/{id}/retry", tag = "jobs", operation_id = "retryJob",
    params(("id" = String, Path, description = "The job's id")),
    responses(
        (status = 200, description = "Queued again, due now, with fresh attempts", body = JobView),
        problem::Unauthenticated,
        problem::Forbidden,
        (status = 404, description = "No such job", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "The job is not failed or dead, or a live job holds its unique key", body = Problem, content_type = "application/problem+json"),
        problem::Invalid,
    ),
    security(("bearer" = []), ("session" = []))
)]
pub async fn retry(
    State(state): State<AppState>,
    CurrentUser(_, actor): CurrentUser,
    Path(job_id): Path<String>,
) -> ApiResult<Json<JobView>> {
    Ok(Json(jobs::retry(&state, &actor, &job_id).await?.into()))
}

/// Cancel a queued job (program admins)
#[utoipa::path(
    post, path = "/api/v1/jobs/{id}/cancel", tag = "jobs", operation_id = "cancelJob",
    params(("id" = String, Path, description = "The job's id")),
    responses(
        (status = 200, description = "Cancelled; it will not run", body = JobView),
        problem::Unauthenticated,
        problem::Forbidden,
        (status = 404, description = "No such job", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "The job is not queued", body = Problem, content_type = "application/problem+json"),
        problem::Invalid,
    ),
    security(("bearer" = []), ("session" = []))
)]
pub async fn cancel(
    State(state): State<AppState>,
    CurrentUser(_, actor): CurrentUser,
    Path(job_id): Path<String>,
) -> ApiResult<Json<JobView>> {
    Ok(Json(jobs::cancel(&state, &actor, &job_id).await?.into()))
}
