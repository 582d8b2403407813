//! `/api/v1/training/attempts`, `/me`, `/people` and `/assignments`: assessment attempts started,
//! read, submitted and graded (the answers never sent before submission), the trainers' grading
//! queue, a learner's own training, and a partner admin's people, job roles and assignments.

use std::collections::BTreeMap;

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::Json;
use onramp_core::training::assessment::Answers;
use onramp_core::training::{AttemptState, JobRole, QuestionKind, Tenths};
use onramp_store::training::attempts::Attempt;
use onramp_store::training::learners::Person;
use serde::{Deserialize, Serialize};

use crate::registry::services::scope;
use crate::state::AppState;
use crate::training::services::attempts::{self, AttemptView as Attempted};
use crate::training::services::certificates::{verify_url, Standing};
use crate::training::services::courses::TRAINERS;
use crate::training::services::learners::{self, Assignees};
use crate::web::actor::CurrentUser;
use crate::web::error::{ApiResult, AppError, FieldError};
use crate::web::extract::ApiJson;
use crate::web::openapi::problem;

/// RFC 3339, UTC.
fn rfc3339(ms: i64) -> String {
    jiff::Timestamp::from_millisecond(ms)
        .map(|timestamp| timestamp.to_string())
        .unwrap_or_default()
}

/// Tenths of a point, credit or hour as a decimal (`1.5`).
fn decimal(tenths: i64) -> String {
    Tenths(u32::try_from(tenths.max(0)).unwrap_or(u32::MAX)).to_string()
}

/// A choice as the learner sees it.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct ChoiceView {
    pub key: String,
    pub text: String,
}

/// One question of an attempt, in the order it is asked.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct AttemptQuestionView {
    pub key: String,
    /// `single_choice`, `multiple_choice`, `true_false` or `short_answer`.
    pub kind: String,
    pub prompt: String,
    pub points: u32,
    /// In the order shown (`true`, `false` for a true or false question; none for a short
    /// answer).
    pub choices: Vec<ChoiceView>,
    /// The answer given, once submitted: `{"choices": […]}`, `{"true_false": …}` or
    /// `{"text": "…"}`.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(value_type = Option<Object>)]
    pub given: Option<serde_json::Value>,
    /// Points earned, as a decimal, once submitted in time.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub earned: Option<String>,
    /// A short answer waiting for a trainer's grade, once submitted in time.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub needs_grading: Option<bool>,
    /// The keys of the right choices (`true` or `false` for a true or false question), once
    /// submitted; never while the attempt is in progress.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub correct: Option<Vec<String>>,
    /// What the trainer looks for in a short answer: trainers only, once submitted.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub guidance: Option<String>,
}

/// An attempt at a course's assessment.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct AttemptView {
    pub id: String,
    pub course: String,
    pub course_title: String,
    pub user_id: String,
    pub user_name: String,
    pub organization_id: String,
    /// `in_progress`, `awaiting_grading`, `passed`, `failed` or `expired` (an attempt in
    /// progress past its deadline reads as expired).
    pub state: String,
    pub state_label: String,
    /// RFC 3339, UTC.
    pub started_at: String,
    /// When the answers must arrive by (RFC 3339, UTC); none without a time limit.
    pub deadline_at: Option<String>,
    pub submitted_at: Option<String>,
    /// The percentage an attempt must reach.
    pub pass_mark: u32,
    /// The score in percent, once settled (submitted in time, and every short answer graded).
    pub score_percent: Option<u32>,
    pub questions: Vec<AttemptQuestionView>,
}

fn attempt_view(view: &Attempted, trainer: bool) -> Result<AttemptView, AppError> {
    let assessment = view.assessment()?;
    let submitted = view.answers.is_some();
    // Answers that arrived after the time limit close the attempt unscored.
    let scored = submitted && view.state != AttemptState::Expired;
    let mut questions = Vec::with_capacity(view.drawn.questions.len());
    for drawn in &view.drawn.questions {
        let Some(question) = assessment.question(&drawn.key) else {
            continue;
        };
        let choices = drawn
            .choice_order
            .iter()
            .filter_map(|key| match question.kind {
                QuestionKind::TrueFalse => Some(ChoiceView {
                    key: key.clone(),
                    text: if key == "true" { "True" } else { "False" }.to_owned(),
                }),
                _ => question
                    .choices
                    .iter()
                    .find(|choice| &choice.key == key)
                    .map(|choice| ChoiceView {
                        key: choice.key.clone(),
                        text: choice.text.clone(),
                    }),
            })
            .collect();
        let score = view
            .score
            .as_ref()
            .and_then(|score| score.per_question.iter().find(|q| q.key == question.key));
        let given = match view.answers.as_ref().and_then(|a| a.0.get(&question.key)) {
            Some(answer) => Some(
                serde_json::to_value(answer)
                    .map_err(|error| AppError::Internal(error.to_string()))?,
            ),
            None => None,
        };
        let correct = match question.kind {
            QuestionKind::SingleChoice | QuestionKind::MultipleChoice => question
                .correct_keys()
                .into_iter()
                .map(str::to_owned)
                .collect(),
            QuestionKind::TrueFalse => question
                .answer
                .map(|answer| vec![answer.to_string()])
                .unwrap_or_default(),
            QuestionKind::ShortAnswer => Vec::new(),
        };
        questions.push(AttemptQuestionView {
            key: question.key.clone(),
            kind: question.kind.as_str().to_owned(),
            prompt: question.prompt.clone(),
            points: question.points,
            choices,
            given,
            earned: score
                .filter(|_| scored)
                .map(|score| decimal(i64::from(score.earned_tenths))),
            needs_grading: score.filter(|_| scored).map(|score| score.needs_grading),
            correct: (submitted && question.kind != QuestionKind::ShortAnswer).then_some(correct),
            guidance: question.guidance.clone().filter(|_| submitted && trainer),
        });
    }
    Ok(AttemptView {
        id: view.attempt.id.clone(),
        course: view.attempt.course_key.clone(),
        course_title: view.attempt.course_title.clone(),
        user_id: view.attempt.user_id.clone(),
        user_name: view.attempt.user_name.clone(),
        organization_id: view.attempt.organization_id.clone(),
        state: view.state.as_str().to_owned(),
        state_label: view.state.label().to_owned(),
        started_at: rfc3339(view.attempt.started_at),
        deadline_at: view.attempt.deadline_at.map(rfc3339),
        submitted_at: view.attempt.submitted_at.map(rfc3339),
        pass_mark: assessment.pass_mark,
        score_percent: view
            .attempt
            .score_percent
            .and_then(|percent| u32::try_from(percent).ok()),
        questions,
    })
}

/// Starts an attempt at a course's assessment for the signed-in learner.
///
/// Every module must be done, within the attempt limit (409 `training/attempt-not-allowed`
/// says which rule refused it). An attempt in progress is returned instead of a new one. The
/// questions come without their answers.
#[utoipa::path(
    post, path = "/api/v1/training/courses/{key}/attempts", tag = "training", operation_id = "startTrainingAttempt",
    params(("key" = String, Path, description = "The course's key")),
    responses(
        (status = 201, description = "The attempt, its questions in the order asked", body = AttemptView),
        problem::Unauthenticated, problem::Forbidden, problem::NotFound, problem::Conflict, problem::Invalid,
    ),
    security(("bearer" = []), ("session" = []))
)]
pub async fn start_attempt(
    State(state): State<AppState>,
    CurrentUser(user, actor): CurrentUser,
    Path(key): Path<String>,
) -> ApiResult<(StatusCode, Json<AttemptView>)> {
    let attempt = attempts::start(&state, &actor, &key).await?;
    let view = attempts::view(&state, &actor, &attempt.id).await?;
    Ok((
        StatusCode::CREATED,
        Json(attempt_view(&view, TRAINERS.contains(&user.role))?),
    ))
}

/// An attempt with its questions; once submitted, the scores and right answers.
///
/// The learner, their partner admin and training staff read it; anyone else gets 404.
#[utoipa::path(
    get, path = "/api/v1/training/attempts/{id}", tag = "training", operation_id = "getTrainingAttempt",
    params(("id" = String, Path, description = "The attempt's id")),
    responses((status = 200, description = "The attempt", body = AttemptView), problem::Unauthenticated, problem::NotFound, problem::Invalid),
    security(("bearer" = []), ("session" = []))
)]
pub async fn get_attempt(
    State(state): State<AppState>,
    CurrentUser(user, actor): CurrentUser,
    Path(id): Path<String>,
) -> ApiResult<Json<AttemptView>> {
    let view = attempts::view(&state, &actor, &id).await?;
    Ok(Json(attempt_view(&view, TRAINERS.contains(&user.role))?))
}

#[derive(Debug, Deserialize, utoipa::ToSchema)]
pub struct SubmitBody {
    /// By question key: `{"choices": ["a"]}`, `{"true_false": true}` or `{"text": "…"}`; a
    /// question not named is unanswered.
    #[schema(value_type = Object)]
    pub answers: Answers,
}

/// Submits the learner's answers to an attempt in progress.
///
/// The time limit is checked when the answers arrive: late answers close the attempt as expired
/// (409 `training/attempt-not-allowed`). Answers naming what the attempt did not draw are a 422
/// and the attempt stays open. A pass completes the course once its modules are done.
#[utoipa::path(
    post, path = "/api/v1/training/attempts/{id}/submit", tag = "training", operation_id = "submitTrainingAttempt",
    params(("id" = String, Path, description = "The attempt's id")),
    request_body = SubmitBody,
    responses(
        (status = 200, description = "Scored (or waiting for a trainer's grade)", body = AttemptView),
        problem::Malformed, problem::TooLarge, problem::Unauthenticated, problem::Forbidden, problem::NotFound, problem::Conflict, problem::Invalid,
    ),
    security(("bearer" = []), ("session" = []))
)]
pub async fn submit_attempt(
    State(state): State<AppState>,
    CurrentUser(user, actor): CurrentUser,
    Path(id): Path<String>,
    ApiJson(body): ApiJson<SubmitBody>,
) -> ApiResult<Json<AttemptView>> {
    let view = attempts::submit(&state, &actor, &id, body.answers).await?;
    Ok(Json(attempt_view(&view, TRAINERS.contains(&user.role))?))
}

#[derive(Debug, Deserialize, utoipa::ToSchema)]
pub struct GradeBody {
    /// Whole points by question key, for every short answer of the attempt.
    pub grades: BTreeMap<String, u32>,
}

/// Grades the short answers of an attempt (trainers and program admins).
///
/// Whole points, 0 to the question's points, for every short answer the attempt drew; the score
/// settles, and a pass completes the course (and certifies, for a certification).
#[utoipa::path(
    post, path = "/api/v1/training/attempts/{id}/grade", tag = "training", operation_id = "gradeTrainingAttempt",
    params(("id" = String, Path, description = "The attempt's id")),
    request_body = GradeBody,
    responses(
        (status = 200, description = "Graded: the score settled", body = AttemptView),
        problem::Malformed, problem::TooLarge, problem::Unauthenticated, problem::Forbidden, problem::NotFound, problem::Conflict, problem::Invalid,
    ),
    security(("bearer" = []), ("session" = []))
)]
pub async fn grade_attempt(
    State(state): State<AppState>,
    CurrentUser(user, actor): CurrentUser,
    Path(id): Path<String>,
    ApiJson(body): ApiJson<GradeBody>,
) -> ApiResult<Json<AttemptView>> {
    let view = attempts::grade(&state, &actor, &id, body.grades).await?;
    Ok(Json(attempt_view(&view, TRAINERS.contains(&user.role))?))
}

/// An attempt as a list shows it.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct AttemptSummaryView {
    pub id: String,
    pub course: String,
    pub course_title: String,
    pub user_id: String,
    pub user_name: String,
    pub organization_id: String,
    /// As stored: `awaiting_grading` in the grading queue.
    pub state: String,
    /// RFC 3339, UTC.
    pub started_at: String,
    pub submitted_at: Option<String>,
}

fn attempt_summary(attempt: &Attempt) -> AttemptSummaryView {
    AttemptSummaryView {
        id: attempt.id.clone(),
        course: attempt.course_key.clone(),
        course_title: attempt.course_title.clone(),
        user_id: attempt.user_id.clone(),
        user_name: attempt.user_name.clone(),
        organization_id: attempt.organization_id.clone(),
        state: attempt.state.clone(),
        started_at: rfc3339(attempt.started_at),
        submitted_at: attempt.submitted_at.map(rfc3339),
    }
}

/// The attempts waiting for a trainer's grade (trainers and program admins).
#[utoipa::path(
    get, path = "/api/v1/training/grading", tag = "training", operation_id = "listTrainingGradingQueue",
    responses((status = 200, description = "Attempts awaiting grading", body = [AttemptSummaryView]), problem::Unauthenticated, problem::Forbidden, problem::Invalid),
    security(("bearer" = []), ("session" = []))
)]
pub async fn grading_queue(
    State(state): State<AppState>,
    CurrentUser(_, actor): CurrentUser,
) -> ApiResult<Json<Vec<AttemptSummaryView>>> {
    let queue = attempts::grading_queue(&state, &actor).await?;
    Ok(Json(queue.iter().map(attempt_summary).collect()))
}

/// A partner person with their job role.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct PersonView {
    pub user_id: String,
    pub name: String,
    pub email: String,
    /// The account role (`partner_admin`, …).
    pub role: String,
    /// `implementation_specialist`, `vendor_integrator`, `clinician`, `physician`, `nurse`,
    /// `it_staff`, `trainer` or `other`; none until their admin gives one.
    pub job_role: Option<String>,
    pub job_role_label: Option<String>,
}

fn person_view(person: &Person) -> PersonView {
    PersonView {
        user_id: person.user_id.clone(),
        name: person.name.clone(),
        email: person.email.clone(),
        role: person.role.clone(),
        job_role: person.job_role.clone(),
        job_role_label: person
            .job_role
            .as_deref()
            .and_then(|role| role.parse::<JobRole>().ok())
            .map(|role| role.label().to_owned()),
    }
}

/// Where one required or started course stands.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct CourseStandingView {
    pub course: String,
    pub title: String,
    /// Whether the partner admin requires it.
    pub assigned: bool,
    /// When it is due, in milliseconds since the epoch (UTC); none: no due date.
    pub due_at: Option<i64>,
    pub overdue: bool,
    /// The version taken, once started.
    pub course_version: Option<i64>,
    pub started_at: Option<i64>,
    pub completed_at: Option<i64>,
    pub modules_done: usize,
    pub modules_total: usize,
}

/// A person's certificate as their training shows it.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct HeldCertificateView {
    pub id: String,
    pub title: String,
    pub course: String,
    pub course_version: i64,
    /// `valid`, `expired` or `revoked`, now.
    pub status: String,
    pub status_label: String,
    /// Milliseconds since the epoch (UTC).
    pub issued_at: i64,
    pub expires_at: i64,
    /// The public page anyone may check it at.
    pub verify_url: String,
}

fn held_certificate(state: &AppState, standing: &Standing) -> HeldCertificateView {
    let certificate = &standing.certificate;
    HeldCertificateView {
        id: certificate.id.clone(),
        title: certificate.title.clone(),
        course: certificate.course_key.clone(),
        course_version: certificate.course_version,
        status: standing.status.as_str().to_owned(),
        status_label: standing.status.label().to_owned(),
        issued_at: certificate.issued_at,
        expires_at: certificate.expires_at,
        verify_url: verify_url(state, &certificate.id),
    }
}

/// A person's training: required and started courses, certificates, credits and hours.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct LearningView {
    pub person: PersonView,
    pub courses: Vec<CourseStandingView>,
    pub certificates: Vec<HeldCertificateView>,
    /// Hours of every module completed, as a decimal.
    pub hours: String,
    /// Continuing-education credits of every module completed, as a decimal.
    pub credits: String,
}

/// The signed-in partner person's own training.
#[utoipa::path(
    get, path = "/api/v1/training/me", tag = "training", operation_id = "getMyTraining",
    responses((status = 200, description = "Courses, certificates, credits and hours", body = LearningView), problem::Unauthenticated, problem::Forbidden, problem::Invalid),
    security(("bearer" = []), ("session" = []))
)]
pub async fn my_learning(
    State(state): State<AppState>,
    CurrentUser(_, actor): CurrentUser,
) -> ApiResult<Json<LearningView>> {
    let (user, organization_id) = scope::own_organization(&actor)?;
    let learning = learners::learning(&state, &actor, organization_id, &user.id).await?;
    Ok(Json(LearningView {
        person: person_view(&learning.person),
        courses: learning
            .courses
            .iter()
            .map(|standing| CourseStandingView {
                course: standing.course_key.clone(),
                title: standing.title.clone(),
                assigned: standing.assignment.is_some(),
                due_at: standing.assignment.as_ref().and_then(|a| a.due_at),
                overdue: standing.overdue,
                course_version: standing.progress.as_ref().map(|p| p.course_version),
                started_at: standing.progress.as_ref().map(|p| p.started_at),
                completed_at: standing.progress.as_ref().and_then(|p| p.completed_at),
                modules_done: standing.modules_done,
                modules_total: standing.modules_total,
            })
            .collect(),
        certificates: learning
            .certificates
            .iter()
            .map(|standing| held_certificate(&state, standing))
            .collect(),
        hours: decimal(learning.hours_tenths),
        credits: decimal(learning.credits_tenths),
    }))
}

/// The people of the partner admin's organization with their job roles.
#[utoipa::path(
    get, path = "/api/v1/training/people", tag = "training", operation_id = "listTrainingPeople",
    responses((status = 200, description = "People", body = [PersonView]), problem::Unauthenticated, problem::Forbidden, problem::Invalid),
    security(("bearer" = []), ("session" = []))
)]
pub async fn people(
    State(state): State<AppState>,
    CurrentUser(_, actor): CurrentUser,
) -> ApiResult<Json<Vec<PersonView>>> {
    let people = learners::people(&state, &actor).await?;
    Ok(Json(people.iter().map(person_view).collect()))
}

#[derive(Debug, Deserialize, utoipa::ToSchema)]
pub struct JobRoleBody {
    /// `implementation_specialist`, `vendor_integrator`, `clinician`, `physician`, `nurse`,
    /// `it_staff`, `trainer` or `other`.
    pub job_role: String,
}

/// Gives a person of the partner admin's organization a job role.
#[utoipa::path(
    put, path = "/api/v1/training/people/{user_id}/job-role", tag = "training", operation_id = "setTrainingJobRole",
    params(("user_id" = String, Path, description = "The person's user id")),
    request_body = JobRoleBody,
    responses(
        (status = 200, description = "The person with their job role", body = PersonView),
        problem::Malformed, problem::TooLarge, problem::Unauthenticated, problem::Forbidden, problem::NotFound, problem::Invalid,
    ),
    security(("bearer" = []), ("session" = []))
)]
pub async fn set_job_role(
    State(state): State<AppState>,
    CurrentUser(_, actor): CurrentUser,
    Path(user_id): Path<String>,
    ApiJson(body): ApiJson<JobRoleBody>,
) -> ApiResult<Json<PersonView>> {
    let person = learners::set_job_role(&state, &actor, &user_id, &body.job_role).await?;
    Ok(Json(person_view(&person)))
}

#[derive(Debug, Deserialize, utoipa::ToSchema)]
pub struct AssignBody {
    /// The course's key.
    pub course: String,
    /// One person of your organization…
    pub user_id: Option<String>,
    /// …or everyone with this job role now (exactly one of the two).
    pub job_role: Option<String>,
    /// Due by the end of this day (UTC), `YYYY-MM-DD`; none: no due date.
    pub due: Option<String>,
}

/// How many assignments are new.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct AssignedView {
    pub assigned: usize,
}

/// Whom an assignment names: exactly one of a person and a job role.
fn assignees(body: &AssignBody) -> Result<Assignees, AppError> {
    let present = |value: &Option<String>| {
        value
            .as_deref()
            .map(str::trim)
            .filter(|text| !text.is_empty())
            .map(str::to_owned)
    };
    match (present(&body.user_id), present(&body.job_role)) {
        (Some(user_id), None) => Ok(Assignees::Person(user_id)),
        (None, Some(role)) => role
            .parse::<JobRole>()
            .map(Assignees::JobRole)
            .map_err(|error| {
                AppError::validation(vec![FieldError::new("job_role", error.to_string())])
            }),
        (None, None) => Err(AppError::validation(vec![
            FieldError::new("user_id", "name one person, or a job role"),
            FieldError::new("job_role", "name a job role, or one person"),
        ])),
        (Some(_), Some(_)) => Err(AppError::validation(vec![
            FieldError::new("user_id", "name one person or a job role, not both"),
            FieldError::new("job_role", "name a job role or one person, not both"),
        ])),
    }
}

/// Requires a course of one person or of everyone with a job role (partner admins).
///
/// Give exactly one of `user_id` and `job_role`. Each newly assigned person is mailed.
#[utoipa::path(
    post, path = "/api/v1/training/assignments", tag = "training", operation_id = "assignTrainingCourse",
    request_body = AssignBody,
    responses(
        (status = 200, description = "Assigned; how many assignments are new", body = AssignedView),
        problem::Malformed, problem::TooLarge, problem::Unauthenticated, problem::Forbidden, problem::NotFound, problem::Invalid,
    ),
    security(("bearer" = []), ("session" = []))
)]
pub async fn assign(
    State(state): State<AppState>,
    CurrentUser(_, actor): CurrentUser,
    ApiJson(body): ApiJson<AssignBody>,
) -> ApiResult<Json<AssignedView>> {
    let who = assignees(&body)?;
    let due_at = match body.due.as_deref().map(str::trim) {
        Some(text) if !text.is_empty() => Some(learners::end_of_day(text)?),
        _ => None,
    };
    let assigned = learners::assign(&state, &actor, who, body.course.trim(), due_at).await?;
    Ok(Json(AssignedView { assigned }))
}

/// Removes a course a person was required to take (partner admins).
#[utoipa::path(
    delete, path = "/api/v1/training/assignments/{user_id}/{course}", tag = "training", operation_id = "unassignTrainingCourse",
    params(("user_id" = String, Path, description = "The person's user id"), ("course" = String, Path, description = "The course's key")),
    responses((status = 204, description = "No longer required"), problem::Unauthenticated, problem::Forbidden, problem::NotFound, problem::Invalid),
    security(("bearer" = []), ("session" = []))
)]
pub async fn unassign(
    State(state): State<AppState>,
    CurrentUser(_, actor): CurrentUser,
    Path((user_id, course)): Path<(String, String)>,
) -> ApiResult<StatusCode> {
    learners::unassign(&state, &actor, &user_id, &course).await?;
    Ok(StatusCode::NO_CONTENT)
}
