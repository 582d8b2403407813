//! `/api/v1/training/certificates` and `/reports`: people's certificates verified by anyone and
//! revoked by trainers; coverage, completions and pass rates, a course's results per question,
//! credits per organization, and the learning records as xAPI statements.

use axum::extract::{Path, State};
use axum::Json;
use onramp_store::training::reports::CourseCompletion;
use serde::{Deserialize, Serialize};

use crate::state::AppState;
use crate::training::services::certificates::{self, verify_url, Standing};
use crate::training::services::reports::{self, pass_rate};
use crate::web::actor::CurrentUser;
use crate::web::error::{ApiResult, AppError, FieldError};
use crate::web::extract::{ApiJson, ApiQuery};
use crate::web::openapi::problem;

/// Tenths of a credit or hour as a decimal (`1.5`).
fn decimal(tenths: i64) -> String {
    onramp_core::training::Tenths(u32::try_from(tenths.max(0)).unwrap_or(u32::MAX)).to_string()
}

/// A person's certificate, as anyone may verify it.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct TrainingCertificateView {
    pub id: String,
    /// The holder's name.
    pub holder: String,
    /// What the certificate is called.
    pub title: String,
    /// The holder's organization.
    pub organization: String,
    pub course: String,
    pub course_version: i64,
    /// The course's continuing-education credits, as a decimal.
    pub credits: String,
    /// Milliseconds since the epoch (UTC).
    pub issued_at: i64,
    pub expires_at: i64,
    /// `valid`, `expired` or `revoked`, now.
    pub status: String,
    pub status_label: String,
    /// Why it was revoked (revoked certificates only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub revoked_reason: Option<String>,
    /// The public page.
    pub verify_url: String,
}

fn certificate_view(state: &AppState, standing: &Standing) -> TrainingCertificateView {
    let certificate = &standing.certificate;
    TrainingCertificateView {
        id: certificate.id.clone(),
        holder: certificate.holder_name.clone(),
        title: certificate.title.clone(),
        organization: certificate.organization_name.clone(),
        course: certificate.course_key.clone(),
        course_version: certificate.course_version,
        credits: decimal(certificate.credits_tenths),
        issued_at: certificate.issued_at,
        expires_at: certificate.expires_at,
        status: standing.status.as_str().to_owned(),
        status_label: standing.status.label().to_owned(),
        revoked_reason: certificate
            .revoked_at
            .and(certificate.revoked_reason.clone()),
        verify_url: verify_url(state, &certificate.id),
    }
}

/// Whether a person's training certificate is valid, expired or revoked (anyone).
#[utoipa::path(
    get, path = "/api/v1/training/certificates/{id}", tag = "training", operation_id = "verifyTrainingCertificate",
    params(("id" = String, Path, description = "The certificate's id")),
    responses((status = 200, description = "The certificate and its status", body = TrainingCertificateView), problem::NotFound, problem::Invalid),
)]
pub async fn certificate(
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> ApiResult<Json<TrainingCertificateView>> {
    let standing = certificates::verify(&state, &id).await?;
    Ok(Json(certificate_view(&state, &standing)))
}

#[derive(Debug, Deserialize, utoipa::ToSchema)]
pub struct RevokeBody {
    /// Why: the verify page shows it.
    pub reason: String,
}

/// Revokes a training certificate with a reason (trainers and program admins).
#[utoipa::path(
    post, path = "/api/v1/training/certificates/{id}/revoke", tag = "training", operation_id = "revokeTrainingCertificate",
    params(("id" = String, Path, description = "The certificate's id")),
    request_body = RevokeBody,
    responses(
        (status = 200, description = "Revoked", body = TrainingCertificateView),
        problem::Malformed, problem::TooLarge, problem::Unauthenticated, problem::Forbidden, problem::NotFound, problem::Conflict, problem::Invalid,
    ),
    security(("bearer" = []), ("session" = []))
)]
pub async fn revoke_certificate(
    State(state): State<AppState>,
    CurrentUser(_, actor): CurrentUser,
    Path(id): Path<String>,
    ApiJson(body): ApiJson<RevokeBody>,
) -> ApiResult<Json<TrainingCertificateView>> {
    let certificate = certificates::revoke(&state, &actor, &id, &body.reason).await?;
    let standing = certificates::standing(certificate, state.clock.now_ms());
    Ok(Json(certificate_view(&state, &standing)))
}

#[derive(Debug, Default, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct CoverageQuery {
    /// How many organizations (1–1000; default 100).
    pub limit: Option<i64>,
    /// How many to skip (default 0).
    pub offset: Option<i64>,
}

/// One organization's training coverage now.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct CoverageView {
    pub organization_id: String,
    pub name: String,
    pub people: i64,
    /// Course assignments.
    pub assigned: i64,
    /// Assignments completed.
    pub completed: i64,
    /// Assignments past their due date and not completed.
    pub overdue: i64,
    /// People holding at least one valid certificate.
    pub certified_people: i64,
    pub valid_certificates: i64,
    /// Valid certificates that expire within 30 days.
    pub expiring: i64,
}

/// Training coverage per organization, by name, a page at a time.
///
/// Training staff see every organization; a partner admin sees their own.
#[utoipa::path(
    get, path = "/api/v1/training/reports/coverage", tag = "training", operation_id = "getTrainingCoverageReport",
    params(CoverageQuery),
    responses((status = 200, description = "Coverage per organization", body = [CoverageView]), problem::Malformed, problem::Unauthenticated, problem::Forbidden, problem::Invalid),
    security(("bearer" = []), ("session" = []))
)]
pub async fn coverage(
    State(state): State<AppState>,
    CurrentUser(_, actor): CurrentUser,
    ApiQuery(query): ApiQuery<CoverageQuery>,
) -> ApiResult<Json<Vec<CoverageView>>> {
    let rows = reports::coverage(
        &state,
        &actor,
        query.limit.unwrap_or(100),
        query.offset.unwrap_or(0),
    )
    .await?;
    Ok(Json(
        rows.into_iter()
            .map(|row| CoverageView {
                organization_id: row.organization_id,
                name: row.name,
                people: row.people,
                assigned: row.assigned,
                completed: row.completed,
                overdue: row.overdue,
                certified_people: row.certified_people,
                valid_certificates: row.valid_certificates,
                expiring: row.expiring,
            })
            .collect(),
    ))
}

/// A course's learners and attempts.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct CompletionView {
    pub course: String,
    pub title: String,
    pub started: i64,
    pub completed: i64,
    /// Certificates valid now.
    pub certified: i64,
    pub attempts_passed: i64,
    pub attempts_failed: i64,
    pub attempts_awaiting: i64,
    pub attempts_expired: i64,
    /// Passed attempts over scored ones, in percent; none before any was scored.
    pub pass_rate: Option<u32>,
}

fn completion_view(completion: &CourseCompletion, title: String) -> CompletionView {
    CompletionView {
        course: completion.course_key.clone(),
        title,
        started: completion.started,
        completed: completion.completed,
        certified: completion.certified,
        attempts_passed: completion.attempts_passed,
        attempts_failed: completion.attempts_failed,
        attempts_awaiting: completion.attempts_awaiting,
        attempts_expired: completion.attempts_expired,
        pass_rate: pass_rate(completion),
    }
}

/// Completions and pass rates of every course (training staff).
#[utoipa::path(
    get, path = "/api/v1/training/reports/completions", tag = "training", operation_id = "getTrainingCompletionsReport",
    responses((status = 200, description = "Per course", body = [CompletionView]), problem::Unauthenticated, problem::Forbidden, problem::Invalid),
    security(("bearer" = []), ("session" = []))
)]
pub async fn completions(
    State(state): State<AppState>,
    CurrentUser(_, actor): CurrentUser,
) -> ApiResult<Json<Vec<CompletionView>>> {
    let rows = reports::completions(&state, &actor).await?;
    Ok(Json(
        rows.into_iter()
            .map(|(completion, title)| completion_view(&completion, title))
            .collect(),
    ))
}

/// How one question of the bank fared.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct QuestionResultView {
    pub key: String,
    pub prompt: String,
    /// How many scored attempts drew it.
    pub drawn: u32,
    /// Drawn and earning every point.
    pub full_marks: u32,
    /// Points earned over points possible, in percent (rounded down).
    pub earned_percent: u32,
}

/// A course's results.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct CourseResultsView {
    #[serde(flatten)]
    pub completion: CompletionView,
    /// The hardest questions first.
    pub questions: Vec<QuestionResultView>,
}

/// A course's completions with the results of each question (training staff).
#[utoipa::path(
    get, path = "/api/v1/training/reports/courses/{key}", tag = "training", operation_id = "getTrainingCourseResults",
    params(("key" = String, Path, description = "The course's key")),
    responses((status = 200, description = "The course's results", body = CourseResultsView), problem::Unauthenticated, problem::Forbidden, problem::NotFound, problem::Invalid),
    security(("bearer" = []), ("session" = []))
)]
pub async fn course_results(
    State(state): State<AppState>,
    CurrentUser(_, actor): CurrentUser,
    Path(key): Path<String>,
) -> ApiResult<Json<CourseResultsView>> {
    let results = reports::course_results(&state, &actor, &key).await?;
    Ok(Json(CourseResultsView {
        completion: completion_view(&results.completion, results.title),
        questions: results
            .questions
            .into_iter()
            .map(|question| QuestionResultView {
                key: question.key,
                prompt: question.prompt,
                drawn: question.drawn,
                full_marks: question.full_marks,
                earned_percent: question.earned_percent,
            })
            .collect(),
    }))
}

/// Credits and hours one organization's people earned.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct CreditsView {
    pub organization_id: String,
    pub name: String,
    /// People who completed at least one module.
    pub learners: i64,
    /// As a decimal (`12.5`).
    pub credits: String,
    pub hours: String,
}

/// Credits and hours per organization, most credits first.
///
/// Training staff see every organization; a partner admin sees their own.
#[utoipa::path(
    get, path = "/api/v1/training/reports/credits", tag = "training", operation_id = "getTrainingCreditsReport",
    responses((status = 200, description = "Per organization", body = [CreditsView]), problem::Unauthenticated, problem::Forbidden, problem::Invalid),
    security(("bearer" = []), ("session" = []))
)]
pub async fn credits(
    State(state): State<AppState>,
    CurrentUser(_, actor): CurrentUser,
) -> ApiResult<Json<Vec<CreditsView>>> {
    let rows = reports::credits(&state, &actor).await?;
    Ok(Json(
        rows.into_iter()
            .map(|row| CreditsView {
                organization_id: row.organization_id,
                name: row.name,
                learners: row.learners,
                credits: decimal(row.credits_tenths),
                hours: decimal(row.hours_tenths),
            })
            .collect(),
    ))
}

#[derive(Debug, Default, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct XapiQuery {
    /// Records from this instant on (RFC 3339); none: from the beginning.
    pub since: Option<String>,
}

/// The learning records as xAPI 1.0.3 statements, a page at a time.
///
/// A `StatementResult`: `statements` and, when more follow, `more` (the next page's address).
/// Statement ids are stable, so a learning record store keeps one of each. Training staff read
/// every organization's records; a partner admin their own.
#[utoipa::path(
    get, path = "/api/v1/training/xapi", tag = "training", operation_id = "exportTrainingXapiStatements",
    params(XapiQuery),
    responses((status = 200, description = "A StatementResult", body = Object), problem::Malformed, problem::Unauthenticated, problem::Forbidden, problem::Invalid),
    security(("bearer" = []), ("session" = []))
)]
pub async fn xapi(
    State(state): State<AppState>,
    CurrentUser(_, actor): CurrentUser,
    ApiQuery(query): ApiQuery<XapiQuery>,
) -> ApiResult<Json<serde_json::Value>> {
    let since = match query.since.as_deref().map(str::trim) {
        None | Some("") => 0,
        Some(text) => text
            .parse::<jiff::Timestamp>()
            .map(|timestamp| timestamp.as_millisecond())
            .map_err(|_| {
                AppError::validation(vec![FieldError::new(
                    "since",
                    "an instant as RFC 3339 (`2027-01-04T09:00:00Z`)",
                )])
            })?,
    };
    Ok(Json(reports::xapi(&state, &actor, since).await?))
}
