//! `/api/v1/enrollments/{id}/runs` and `/api/v1/runs/{id}`: runs started and read (a partner's CI
//! starts one and polls it), the report Bundle, and the review.

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::Json;
use onramp_store::conformance::runs::{self as store, Run};
use serde::{Deserialize, Serialize};

use crate::conformance::services::review;
use crate::conformance::services::runs::{self, RunInput};
use crate::state::AppState;
use crate::web::actor::CurrentUser;
use crate::web::error::{ApiResult, AppError};
use crate::web::extract::ApiJson;
use crate::web::openapi::problem;

#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct RunView {
    pub id: String,
    pub suite_id: String,
    pub enrollment_id: String,
    pub organization_id: String,
    pub system_name: String,
    pub server_url: Option<String>,
    /// `queued`, `running`, `completed` or `error`.
    pub state: String,
    /// `passed`, `failed` or `incomplete` once completed.
    pub result: Option<String>,
    pub error: Option<String>,
    pub progress_done: i64,
    pub progress_total: i64,
    /// `open`, `submitted`, `retest_requested` or `signed_off`.
    pub review_state: String,
    pub previous_run_id: Option<String>,
    pub created_at: i64,
    /// When it starts (or started to wait for a worker).
    pub scheduled_at: i64,
    pub finished_at: Option<i64>,
}

pub fn run_view(run: &Run) -> RunView {
    RunView {
        id: run.id.clone(),
        suite_id: run.suite_id.clone(),
        enrollment_id: run.enrollment_id.clone(),
        organization_id: run.organization_id.clone(),
        system_name: run.system_name.clone(),
        server_url: run.server_url.clone(),
        state: run.state.clone(),
        result: run.result.clone(),
        error: run.error.clone(),
        progress_done: run.progress_done,
        progress_total: run.progress_total,
        review_state: run.review_state.clone(),
        previous_run_id: run.previous_run_id.clone(),
        created_at: run.created_at,
        scheduled_at: run.scheduled_at,
        finished_at: run.finished_at,
    }
}

#[derive(Debug, Deserialize, utoipa::ToSchema)]
pub struct RunBody {
    /// The suite's key.
    pub suite: String,
    /// A version; none: the latest.
    pub suite_version: Option<i64>,
    /// The system under test, as its certificate will name it.
    pub system_name: String,
    /// The FHIR base of your server (when the suite has TestScripts).
    pub server_url: Option<String>,
    /// A bearer token for your server; kept sealed, erased when the run ends.
    pub bearer_token: Option<String>,
    /// The run whose re-test this is.
    pub retest_of: Option<String>,
    /// When to run it (RFC 3339, up to 90 days ahead); none: now.
    pub start_at: Option<String>,
}

/// Starts a run of a suite for an enrollment.
///
/// The run executes as a job: poll `GET /api/v1/runs/{id}` until its state is `completed`.
#[utoipa::path(
    post, path = "/api/v1/enrollments/{id}/runs", tag = "conformance", operation_id = "startRun",
    params(("id" = String, Path, description = "The enrollment's id")),
    request_body = RunBody,
    responses(
        (status = 202, description = "Queued", body = RunView),
        problem::Malformed, problem::TooLarge, problem::Unauthenticated, problem::Forbidden, problem::NotFound, problem::Conflict, problem::Invalid,
    ),
    security(("bearer" = []), ("session" = []))
)]
pub async fn start(
    State(state): State<AppState>,
    CurrentUser(_, actor): CurrentUser,
    Path(id): Path<String>,
    ApiJson(body): ApiJson<RunBody>,
) -> ApiResult<(StatusCode, Json<RunView>)> {
    let run = runs::start(
        &state,
        &actor,
        &id,
        &RunInput {
            suite: &body.suite,
            suite_version: body.suite_version,
            system_name: &body.system_name,
            server_url: body.server_url.as_deref().unwrap_or_default(),
            bearer_token: body.bearer_token.as_deref().unwrap_or_default(),
            retest_of: body.retest_of.as_deref(),
            start_at: body.start_at.as_deref().unwrap_or_default(),
        },
    )
    .await?;
    Ok((StatusCode::ACCEPTED, Json(run_view(&run))))
}

/// An enrollment's runs, newest first.
#[utoipa::path(
    get, path = "/api/v1/enrollments/{id}/runs", tag = "conformance", operation_id = "listRuns",
    params(("id" = String, Path, description = "The enrollment's id")),
    responses((status = 200, description = "Runs", body = [RunView]), problem::Unauthenticated, problem::NotFound, problem::Invalid),
    security(("bearer" = []), ("session" = []))
)]
pub async fn list(
    State(state): State<AppState>,
    CurrentUser(_, actor): CurrentUser,
    Path(id): Path<String>,
) -> ApiResult<Json<Vec<RunView>>> {
    Ok(Json(
        runs::of_enrollment(&state, &actor, &id)
            .await?
            .iter()
            .map(run_view)
            .collect(),
    ))
}

#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct TestView {
    pub key: String,
    /// `message` or `script`.
    pub kind: String,
    pub title: String,
    /// What the machine found.
    pub result: String,
    /// What counts: the override if there is one.
    pub effective_result: String,
    pub summary: String,
    #[schema(value_type = Object)]
    pub evidence: serde_json::Value,
    pub override_reason: Option<String>,
    pub retest_requested: bool,
    /// The run this result was carried over from (a re-test).
    pub carried_from: Option<String>,
}

#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct CommentView {
    pub test: Option<String>,
    pub author: String,
    pub body: String,
    pub created_at: i64,
}

#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct RunDetailView {
    #[serde(flatten)]
    pub run: RunView,
    pub suite: String,
    pub suite_version: i64,
    pub tests: Vec<TestView>,
    pub comments: Vec<CommentView>,
    /// Tests whose result differs from the previous completed run: [test, before, now].
    pub changed_since_previous: Vec<[String; 3]>,
}

/// A run with its tests, comments and changes.
///
/// Each test has its result as found and as it counts (overrides included), its evidence, and
/// whether a re-test was asked for; `changed_since_previous` compares with the previous run.
#[utoipa::path(
    get, path = "/api/v1/runs/{id}", tag = "conformance", operation_id = "getRun",
    params(("id" = String, Path, description = "The run's id")),
    responses((status = 200, description = "The run", body = RunDetailView), problem::Unauthenticated, problem::NotFound, problem::Invalid),
    security(("bearer" = []), ("session" = []))
)]
pub async fn get(
    State(state): State<AppState>,
    CurrentUser(_, actor): CurrentUser,
    Path(id): Path<String>,
) -> ApiResult<Json<RunDetailView>> {
    let detail = runs::detail(&state, &actor, &id).await?;
    Ok(Json(RunDetailView {
        run: run_view(&detail.run),
        suite: detail.suite.key.clone(),
        suite_version: detail.suite.version,
        tests: detail
            .tests
            .iter()
            .map(|test| TestView {
                key: test.test_key.clone(),
                kind: test.kind.clone(),
                title: test.title.clone(),
                result: test.result.clone(),
                effective_result: test
                    .override_result
                    .clone()
                    .unwrap_or_else(|| test.result.clone()),
                summary: test.summary.clone(),
                evidence: serde_json::from_str(&test.evidence).unwrap_or_default(),
                override_reason: test.override_reason.clone(),
                retest_requested: test.retest_requested,
                carried_from: test.carried_from.clone(),
            })
            .collect(),
        comments: detail
            .comments
            .iter()
            .map(|comment| CommentView {
                test: comment.test_key.clone(),
                author: comment.author_name.clone(),
                body: comment.body.clone(),
                created_at: comment.created_at,
            })
            .collect(),
        changed_since_previous: detail
            .changed
            .iter()
            .map(|(a, b, c)| [a.clone(), b.clone(), c.clone()])
            .collect(),
    }))
}

/// The run's report as a FHIR Bundle.
///
/// A collection of TestReports with the package versions, the engine and the reviewer's decisions.
#[utoipa::path(
    get, path = "/api/v1/runs/{id}/report", tag = "conformance", operation_id = "getRunReport",
    params(("id" = String, Path, description = "The run's id")),
    responses((status = 200, description = "A Bundle (collection) of TestReports", content_type = "application/fhir+json", body = Object), problem::Unauthenticated, problem::NotFound, problem::Invalid),
    security(("bearer" = []), ("session" = []))
)]
pub async fn report(
    State(state): State<AppState>,
    CurrentUser(_, actor): CurrentUser,
    Path(id): Path<String>,
) -> ApiResult<axum::response::Response> {
    use axum::response::IntoResponse;
    let detail = runs::detail(&state, &actor, &id).await?;
    let bundle = crate::conformance::services::report::bundle(&state, &detail);
    Ok((
        [(axum::http::header::CONTENT_TYPE, "application/fhir+json")],
        bundle.to_string(),
    )
        .into_response())
}

/// Submits a completed run for review.
#[utoipa::path(
    post, path = "/api/v1/runs/{id}/submit", tag = "conformance", operation_id = "submitRun",
    params(("id" = String, Path, description = "The run's id")),
    responses((status = 200, description = "Submitted", body = RunView), problem::Unauthenticated, problem::Forbidden, problem::NotFound, problem::Conflict, problem::Invalid),
    security(("bearer" = []), ("session" = []))
)]
pub async fn submit(
    State(state): State<AppState>,
    CurrentUser(_, actor): CurrentUser,
    Path(id): Path<String>,
) -> ApiResult<Json<RunView>> {
    Ok(Json(run_view(&review::submit(&state, &actor, &id).await?)))
}

#[derive(Debug, Deserialize, utoipa::ToSchema)]
pub struct CommentBody {
    pub body: String,
    /// The test the comment is about; none: the run.
    pub test: Option<String>,
}

/// Comments on a run or one of its tests (both sides read the thread).
#[utoipa::path(
    post, path = "/api/v1/runs/{id}/comments", tag = "conformance", operation_id = "commentOnRun",
    params(("id" = String, Path, description = "The run's id")),
    request_body = CommentBody,
    responses((status = 201, description = "Added"), problem::Malformed, problem::TooLarge, problem::Unauthenticated, problem::Forbidden, problem::NotFound, problem::Invalid),
    security(("bearer" = []), ("session" = []))
)]
pub async fn comment(
    State(state): State<AppState>,
    CurrentUser(_, actor): CurrentUser,
    Path(id): Path<String>,
    ApiJson(body): ApiJson<CommentBody>,
) -> ApiResult<StatusCode> {
    review::comment(&state, &actor, &id, body.test.as_deref(), &body.body).await?;
    Ok(StatusCode::CREATED)
}

#[derive(Debug, Deserialize, utoipa::ToSchema)]
pub struct OverrideBody {
    /// `passed` or `failed`.
    pub result: String,
    pub reason: String,
}

/// Overrides a test's result with a reason (conformance analysts).
#[utoipa::path(
    post, path = "/api/v1/runs/{id}/tests/{key}/override", tag = "conformance", operation_id = "overrideTest",
    params(("id" = String, Path, description = "The run's id"), ("key" = String, Path, description = "The test's key")),
    request_body = OverrideBody,
    responses((status = 200, description = "Overridden; the run's result recomputed", body = RunView), problem::Malformed, problem::TooLarge, problem::Unauthenticated, problem::Forbidden, problem::NotFound, problem::Conflict, problem::Invalid),
    security(("bearer" = []), ("session" = []))
)]
pub async fn override_test(
    State(state): State<AppState>,
    CurrentUser(_, actor): CurrentUser,
    Path((id, key)): Path<(String, String)>,
    ApiJson(body): ApiJson<OverrideBody>,
) -> ApiResult<Json<RunView>> {
    Ok(Json(run_view(
        &review::override_test(&state, &actor, &id, &key, &body.result, &body.reason).await?,
    )))
}

#[derive(Debug, Deserialize, utoipa::ToSchema)]
pub struct RetestBody {
    pub tests: Vec<String>,
    #[serde(default)]
    pub note: String,
}

/// Asks for chosen tests to be run again (conformance analysts).
#[utoipa::path(
    post, path = "/api/v1/runs/{id}/retest", tag = "conformance", operation_id = "requestRetest",
    params(("id" = String, Path, description = "The run's id")),
    request_body = RetestBody,
    responses((status = 200, description = "Re-test asked for", body = RunView), problem::Malformed, problem::TooLarge, problem::Unauthenticated, problem::Forbidden, problem::NotFound, problem::Conflict, problem::Invalid),
    security(("bearer" = []), ("session" = []))
)]
pub async fn retest(
    State(state): State<AppState>,
    CurrentUser(_, actor): CurrentUser,
    Path(id): Path<String>,
    ApiJson(body): ApiJson<RetestBody>,
) -> ApiResult<Json<RunView>> {
    Ok(Json(run_view(
        &review::request_retest(&state, &actor, &id, &body.tests, &body.note).await?,
    )))
}

/// Signs a submitted, passed run off and issues its certificate.
#[utoipa::path(
    post, path = "/api/v1/runs/{id}/sign-off", tag = "conformance", operation_id = "signOffRun",
    params(("id" = String, Path, description = "The run's id")),
    responses((status = 201, description = "Signed off; the certificate", body = crate::conformance::api::certificates::CertificateView), problem::Unauthenticated, problem::Forbidden, problem::NotFound, problem::Conflict, problem::Invalid),
    security(("bearer" = []), ("session" = []))
)]
pub async fn sign_off(
    State(state): State<AppState>,
    CurrentUser(_, actor): CurrentUser,
    Path(id): Path<String>,
) -> ApiResult<(
    StatusCode,
    Json<crate::conformance::api::certificates::CertificateView>,
)> {
    let (_, certificate) = review::sign_off(&state, &actor, &id).await?;
    let status = onramp_core::conformance::certificate_status(
        certificate.expires_at,
        certificate.revoked_at,
        state.clock.now_ms(),
    );
    Ok((
        StatusCode::CREATED,
        Json(crate::conformance::api::certificates::certificate_view(
            &state,
            &certificate,
            status,
        )),
    ))
}

/// The runs waiting for review, oldest submission first (conformance analysts).
#[utoipa::path(
    get, path = "/api/v1/reviews", tag = "conformance", operation_id = "listReviews",
    responses((status = 200, description = "Submitted runs", body = [RunView]), problem::Unauthenticated, problem::Forbidden, problem::Invalid),
    security(("bearer" = []), ("session" = []))
)]
pub async fn review_queue(
    State(state): State<AppState>,
    CurrentUser(_, _actor): CurrentUser,
) -> ApiResult<Json<Vec<RunView>>> {
    let list = store::submitted(state.store.pool(), 500)
        .await
        .map_err(AppError::from)?;
    Ok(Json(list.iter().map(run_view).collect()))
}
