//! `/api/v1/training/courses`: the catalogue, new versions stored from their document, one
//! course (its answers stripped for everyone but trainers), its versions with what each changed,
//! and a learner starting a course and completing its modules.

use axum::body::Body;
use axum::extract::{FromRequest, Path, Request, State};
use axum::http::StatusCode;
use axum::Json;
use onramp_core::training::course::CourseDocument;
use onramp_store::training::courses::Course;
use onramp_store::training::progress::{self as stored_progress, Progress};
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};

use crate::state::AppState;
use crate::training::services::courses::{self, document, TRAINERS};
use crate::training::services::progress;
use crate::web::actor::CurrentUser;
use crate::web::error::{ApiError, ApiResult, AppError};
use crate::web::extract::{ApiJson, ApiQuery};
use crate::web::openapi::problem;

/// The latest version of a course, as the catalogue lists it.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct CourseSummaryView {
    /// The version's id.
    pub id: String,
    pub key: String,
    pub version: i64,
    pub title: String,
    /// Whether completing the course earns a certificate.
    pub certification: bool,
    /// How many modules the course has.
    pub modules: usize,
    /// The hours of every module, as a decimal (`7.5`).
    pub hours: String,
    /// The continuing-education credits of every module, as a decimal (`6`).
    pub credits: String,
    /// Whether the course ends with an assessment.
    pub assessment: bool,
    /// Keys of the courses to complete first.
    pub prerequisites: Vec<String>,
    /// Milliseconds since the epoch (UTC).
    pub created_at: i64,
}

/// One version of a course with its document.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct CourseView {
    #[serde(flatten)]
    pub summary: CourseSummaryView,
    /// The course document (docs/training.md). Trainers and program admins read it whole;
    /// everyone else reads it without the answers: no choice's `correct`, no question's `answer`
    /// or `guidance`.
    #[schema(value_type = Object)]
    pub document: serde_json::Value,
    /// What changed since the version before (on creation).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub changes: Vec<String>,
}

fn summary_view(course: &Course, doc: &CourseDocument) -> CourseSummaryView {
    CourseSummaryView {
        id: course.id.clone(),
        key: course.key.clone(),
        version: course.version,
        title: course.title.clone(),
        certification: course.certification,
        modules: doc.modules.len(),
        hours: doc.total_hours().to_string(),
        credits: doc.total_credits().to_string(),
        assessment: doc.assessment.is_some(),
        prerequisites: doc.prerequisites.clone(),
        created_at: course.created_at,
    }
}

/// The document as a learner may read it: every question without its correct choices, its
/// answer and its guidance.
fn without_answers(doc: &CourseDocument) -> CourseDocument {
    let mut stripped = doc.clone();
    if let Some(assessment) = &mut stripped.assessment {
        for question in &mut assessment.questions {
            question.answer = None;
            question.guidance = None;
            for choice in &mut question.choices {
                choice.correct = false;
            }
        }
    }
    stripped
}

/// A course version as the reader may see it: with its answers only for a trainer.
fn course_view(
    course: &Course,
    trainer: bool,
    changes: Vec<String>,
) -> Result<CourseView, AppError> {
    let doc = document(course)?;
    let shown = if trainer {
        serde_json::to_value(&*doc)
    } else {
        serde_json::to_value(without_answers(&doc))
    }
    .map_err(|error| AppError::Internal(error.to_string()))?;
    Ok(CourseView {
        summary: summary_view(course, &doc),
        document: shown,
        changes,
    })
}

/// The latest version of every course.
#[utoipa::path(
    get, path = "/api/v1/training/courses", tag = "training", operation_id = "listTrainingCourses",
    responses((status = 200, description = "Courses, latest versions", body = [CourseSummaryView]), problem::Unauthenticated, problem::Invalid),
    security(("bearer" = []), ("session" = []))
)]
pub async fn list(
    State(state): State<AppState>,
    CurrentUser(_, _actor): CurrentUser,
) -> ApiResult<Json<Vec<CourseSummaryView>>> {
    let list = courses::catalogue(&state).await?;
    Ok(Json(
        list.iter()
            .map(|course| Ok(summary_view(course, &*document(course)?)))
            .collect::<Result<_, AppError>>()?,
    ))
}

/// Reads a JSON body as its text, after the input boundary's checks (a JSON content type, JSON
/// syntax, no control characters), so that a document's problems keep their line and column.
async fn json_text(state: &AppState, request: Request) -> Result<String, ApiError> {
    let (parts, body) = request.into_parts();
    let bytes = axum::body::to_bytes(body, state.config.max_body_bytes)
        .await
        .map_err(|_| ApiError(AppError::PayloadTooLarge))?;
    let checked = Request::from_parts(parts, Body::from(bytes.clone()));
    ApiJson::<serde_json::Value>::from_request(checked, state).await?;
    String::from_utf8(bytes.to_vec())
        .map_err(|_| ApiError(AppError::BadRequest("the body is not UTF-8".to_owned())))
}

/// Stores a new version of a course from its document (trainers, program admins).
///
/// The document is checked whole: every problem is reported at once, each with its JSON path
/// (`modules[2].credits`). A document the same as the latest version is a 409.
#[utoipa::path(
    post, path = "/api/v1/training/courses", tag = "training", operation_id = "createTrainingCourseVersion",
    request_body(content = Object, description = "The course document: key, title, summary, audience, prerequisites, modules, assessment, certification (docs/training.md)"),
    responses(
        (status = 201, description = "Stored as the next version, with what changed", body = CourseView),
        problem::Malformed, problem::TooLarge, problem::Unauthenticated, problem::Forbidden, problem::Conflict, problem::Invalid,
    ),
    security(("bearer" = []), ("session" = []))
)]
pub async fn create(
    State(state): State<AppState>,
    CurrentUser(_, actor): CurrentUser,
    request: Request,
) -> ApiResult<(StatusCode, Json<CourseView>)> {
    let text = json_text(&state, request).await?;
    let stored = courses::create(&state, &actor, &text).await?;
    Ok((
        StatusCode::CREATED,
        Json(course_view(&stored.course, true, stored.changes)?),
    ))
}

#[derive(Debug, Default, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct CourseQuery {
    /// A version; none: the latest.
    pub version: Option<i64>,
}

/// A course's latest version (or the one asked for), with its document.
///
/// Learners read the document without its answers; trainers and program admins read it whole.
#[utoipa::path(
    get, path = "/api/v1/training/courses/{key}", tag = "training", operation_id = "getTrainingCourse",
    params(("key" = String, Path, description = "The course's key"), CourseQuery),
    responses((status = 200, description = "The course version", body = CourseView), problem::Malformed, problem::Unauthenticated, problem::NotFound, problem::Invalid),
    security(("bearer" = []), ("session" = []))
)]
pub async fn get(
    State(state): State<AppState>,
    CurrentUser(user, _actor): CurrentUser,
    Path(key): Path<String>,
    ApiQuery(query): ApiQuery<CourseQuery>,
) -> ApiResult<Json<CourseView>> {
    let course = courses::find(&state, &key, query.version).await?;
    Ok(Json(course_view(
        &course,
        TRAINERS.contains(&user.role),
        Vec::new(),
    )?))
}

/// One version of a course in its history.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct CourseVersionView {
    pub id: String,
    pub key: String,
    pub version: i64,
    pub title: String,
    pub certification: bool,
    /// Milliseconds since the epoch (UTC).
    pub created_at: i64,
    /// What this version changed from the one before (none for a first version).
    pub changes: Vec<String>,
}

/// Every version of a course, newest first, with what each changed.
#[utoipa::path(
    get, path = "/api/v1/training/courses/{key}/versions", tag = "training", operation_id = "listTrainingCourseVersions",
    params(("key" = String, Path, description = "The course's key")),
    responses((status = 200, description = "Versions, newest first", body = [CourseVersionView]), problem::Unauthenticated, problem::NotFound, problem::Invalid),
    security(("bearer" = []), ("session" = []))
)]
pub async fn versions(
    State(state): State<AppState>,
    CurrentUser(_, _actor): CurrentUser,
    Path(key): Path<String>,
) -> ApiResult<Json<Vec<CourseVersionView>>> {
    let history = courses::history(&state, &key).await?;
    Ok(Json(
        history
            .into_iter()
            .map(|(course, changes)| CourseVersionView {
                id: course.id,
                key: course.key,
                version: course.version,
                title: course.title,
                certification: course.certification,
                created_at: course.created_at,
                changes,
            })
            .collect(),
    ))
}

/// A learner's progress through a course.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct ProgressView {
    pub course: String,
    /// The version the learner takes (the latest when they started).
    pub course_version: i64,
    pub course_title: String,
    pub user_id: String,
    pub organization_id: String,
    /// Milliseconds since the epoch (UTC).
    pub started_at: i64,
    /// When every module was done and the assessment (if any) passed.
    pub completed_at: Option<i64>,
}

fn progress_view(progress: &Progress) -> ProgressView {
    ProgressView {
        course: progress.course_key.clone(),
        course_version: progress.course_version,
        course_title: progress.course_title.clone(),
        user_id: progress.user_id.clone(),
        organization_id: progress.organization_id.clone(),
        started_at: progress.started_at,
        completed_at: progress.completed_at,
    }
}

/// Starts a course for the signed-in partner person.
///
/// The learner takes the latest version and keeps it. Starting again changes nothing. Every
/// prerequisite must be completed first (409 `training/prerequisite-missing`).
#[utoipa::path(
    post, path = "/api/v1/training/courses/{key}/start", tag = "training", operation_id = "startTrainingCourse",
    params(("key" = String, Path, description = "The course's key")),
    responses(
        (status = 200, description = "Started (or already started)", body = ProgressView),
        problem::Unauthenticated, problem::Forbidden, problem::NotFound, problem::Conflict, problem::Invalid,
    ),
    security(("bearer" = []), ("session" = []))
)]
pub async fn start(
    State(state): State<AppState>,
    CurrentUser(_, actor): CurrentUser,
    Path(key): Path<String>,
) -> ApiResult<Json<ProgressView>> {
    let started = progress::start(&state, &actor, &key).await?;
    Ok(Json(progress_view(&started)))
}

#[derive(Debug, Default, Deserialize, utoipa::ToSchema)]
pub struct CompleteBody {
    /// For a module of external material: the learner confirms its attestation.
    #[serde(default)]
    pub attested: bool,
}

/// Whether the module was recorded now.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct ModuleDoneView {
    pub course: String,
    pub module: String,
    /// False when the module was already done.
    pub recorded: bool,
    /// The learner's progress after it (completed once every module is done and the assessment,
    /// if any, passed).
    pub progress: ProgressView,
}

/// Reads an optional JSON body: none (or only white space) is `T::default()`.
async fn optional_json<T: DeserializeOwned + Default>(
    state: &AppState,
    request: Request,
) -> Result<T, ApiError> {
    let (parts, body) = request.into_parts();
    let bytes = axum::body::to_bytes(body, state.config.max_body_bytes)
        .await
        .map_err(|_| ApiError(AppError::PayloadTooLarge))?;
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Ok(T::default());
    }
    let ApiJson(value) =
        ApiJson::<T>::from_request(Request::from_parts(parts, Body::from(bytes)), state).await?;
    Ok(value)
}

/// Completes a module of a course for the signed-in learner.
///
/// A Markdown module is completed by reading it; a module of external material needs
/// `{"attested": true}`. The body is optional. Completing the last module of a course without
/// an assessment completes the course (and certifies, for a certification).
#[utoipa::path(
    post, path = "/api/v1/training/courses/{key}/modules/{module}/complete", tag = "training", operation_id = "completeTrainingModule",
    params(("key" = String, Path, description = "The course's key"), ("module" = String, Path, description = "The module's key")),
    request_body(content = CompleteBody, description = "Optional: the attestation of external material"),
    responses(
        (status = 200, description = "Recorded (or already done)", body = ModuleDoneView),
        problem::Malformed, problem::TooLarge, problem::Unauthenticated, problem::Forbidden, problem::NotFound, problem::Conflict, problem::Invalid,
    ),
    security(("bearer" = []), ("session" = []))
)]
pub async fn complete_module(
    State(state): State<AppState>,
    CurrentUser(user, actor): CurrentUser,
    Path((key, module)): Path<(String, String)>,
    request: Request,
) -> ApiResult<Json<ModuleDoneView>> {
    let body: CompleteBody = optional_json(&state, request).await?;
    let recorded = progress::complete_module(&state, &actor, &key, &module, body.attested).await?;
    // The course was started in the same change (if it was not before): read where it stands.
    let started = stored_progress::find(state.store.pool(), &user.id, &key)
        .await
        .map_err(AppError::from)?
        .ok_or(AppError::NotFound("course"))?;
    Ok(Json(ModuleDoneView {
        course: key,
        module,
        recorded,
        progress: progress_view(&started),
    }))
}
