//! `/api/v1/enrollments`: the program view (staff; a partner user sees their own organization's),
//! enrolling, one enrollment with its tasks and gates, its timeline, and the work on it — task
//! status and assignee, attestations, approvals and overrides; `/api/v1/tasks`: the caller's open
//! tasks.

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::Json;
use onramp_store::tracks::enrollments::{Enrollment, ProgramFilter};
use onramp_store::tracks::tasks::Task;
use serde::{Deserialize, Serialize};

use crate::state::AppState;
use crate::tracks::services::enrollments::{self, Detail, EnrollRequest};
use crate::tracks::services::work::{self, StatusRequest};
use crate::web::actor::CurrentUser;
use crate::web::error::{ApiResult, AppError, FieldError, Problem};
use crate::web::extract::{ApiJson, ApiQuery};
use crate::web::openapi::problem;
use crate::web::paging::page_and_size;

#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct EnrollmentSummary {
    pub id: String,
    pub organization_id: String,
    pub organization_name: String,
    pub track: String,
    pub track_name: String,
    /// The track version the enrollment keeps.
    pub track_version: i64,
    /// active, completed or withdrawn.
    pub state: String,
    /// Dates are `YYYY-MM-DD`.
    pub started_on: String,
    pub target_end: Option<String>,
    /// The end the baseline (frozen at enrollment) forecast.
    pub baseline_end: String,
    pub forecast: EndDates,
    pub steps_total: i64,
    pub steps_finished: i64,
    pub current_phase: String,
    /// On the critical path and late, or forecast past the target.
    pub at_risk: bool,
}

#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct EndDates {
    pub likely: String,
    pub p50: String,
    pub p90: String,
}

impl From<&Enrollment> for EnrollmentSummary {
    fn from(enrollment: &Enrollment) -> Self {
        EnrollmentSummary {
            id: enrollment.id.clone(),
            organization_id: enrollment.organization_id.clone(),
            organization_name: enrollment.organization_name.clone(),
            track: enrollment.track_key.clone(),
            track_name: enrollment.track_name.clone(),
            track_version: enrollment.track_version,
            state: enrollment.state.clone(),
            started_on: enrollment.started_on.clone(),
            target_end: enrollment.target_end.clone(),
            baseline_end: enrollment.baseline_end.clone(),
            forecast: EndDates {
                likely: enrollment.likely_end.clone(),
                p50: enrollment.p50_end.clone(),
                p90: enrollment.p90_end.clone(),
            },
            steps_total: enrollment.steps_total,
            steps_finished: enrollment.steps_finished,
            current_phase: enrollment.current_phase.clone(),
            at_risk: enrollment.at_risk,
        }
    }
}

#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct TaskView {
    pub id: String,
    pub step: String,
    pub name: String,
    /// The role that does it.
    pub owner: String,
    pub assignee_id: Option<String>,
    /// not_started, in_progress, waiting_on_partner, blocked, done or skipped.
    pub status: String,
    pub skip_reason: Option<String>,
    pub due_on: String,
    pub forecast_start: String,
    pub baseline_start: Option<String>,
    pub baseline_finish: Option<String>,
    pub started_on: Option<String>,
    pub finished_on: Option<String>,
    pub critical: bool,
    /// What the step still needs before it can be done, in words.
    pub needs: Vec<String>,
}

fn task_view(task: &Task, name: &str, needs: Vec<String>) -> TaskView {
    TaskView {
        id: task.id.clone(),
        step: task.step_key.clone(),
        name: name.to_owned(),
        owner: task.owner_role.clone(),
        assignee_id: task.assignee_id.clone(),
        status: task.status.clone(),
        skip_reason: task.skip_reason.clone(),
        due_on: task.due_on.clone(),
        forecast_start: task.forecast_start.clone(),
        baseline_start: task.baseline_start.clone(),
        baseline_finish: task.baseline_finish.clone(),
        started_on: task.started_on.clone(),
        finished_on: task.finished_on.clone(),
        critical: task.critical,
        needs,
    }
}

#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct ConditionView {
    /// The condition's kind as written in the track.
    pub kind: String,
    pub holds: bool,
    /// What it asks, in words.
    pub requirement: String,
    /// The roles that can make it hold.
    pub who_can_act: Vec<String>,
}

#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct GateView {
    pub key: String,
    pub name: String,
    /// blocked, passed or overridden.
    pub status: String,
    pub conditions: Vec<ConditionView>,
    pub override_reason: Option<String>,
}

#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct RiskView {
    pub id: String,
    /// The template's key, or `signal:overdue:<step>` / `signal:gate:<gate>`.
    pub key: String,
    /// template, signal or manual.
    pub source: String,
    pub title: String,
    /// 1 to 5 each; the score is their product.
    pub likelihood: i64,
    pub impact: i64,
    pub score: i64,
    pub mitigation: String,
    /// open, mitigating or closed.
    pub status: String,
    /// The user id of the person who owns it.
    pub owner_id: Option<String>,
    pub review_on: Option<String>,
}

#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct EnrollmentDetail {
    #[serde(flatten)]
    pub summary: EnrollmentSummary,
    pub tasks: Vec<TaskView>,
    pub gates: Vec<GateView>,
    /// The risk register, open ones first, highest score first.
    pub risks: Vec<RiskView>,
    /// Documents uploaded for the kinds the track asks for.
    pub documents: Vec<EnrollmentDocumentView>,
}

#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct EnrollmentDocumentView {
    /// The id to accept it by.
    pub id: String,
    /// The kind the track asks for (`readiness-assessment`).
    pub kind: String,
    pub filename: String,
    /// The stored document (`/documents/{id}` downloads it).
    pub document_id: Option<String>,
    pub uploaded_by: String,
    /// Milliseconds since the epoch.
    pub uploaded_at: i64,
    pub accepted: bool,
}

fn detail_view(detail: &Detail) -> EnrollmentDetail {
    EnrollmentDetail {
        summary: EnrollmentSummary::from(&detail.enrollment),
        tasks: detail
            .tasks
            .iter()
            .map(|task| {
                let name = detail
                    .track
                    .step(&task.step_key)
                    .map_or(task.step_key.as_str(), |step| step.name.as_str());
                let needs = detail
                    .needs
                    .get(&task.step_key)
                    .cloned()
                    .unwrap_or_default();
                task_view(task, name, needs)
            })
            .collect(),
        gates: detail
            .gates
            .iter()
            .map(|view| GateView {
                key: view.gate.key.clone(),
                name: view.gate.name.clone(),
                status: view.status.as_str().to_owned(),
                conditions: view
                    .evaluation
                    .conditions
                    .iter()
                    .map(|check| ConditionView {
                        kind: check.condition.kind().to_owned(),
                        holds: check.holds,
                        requirement: check.requirement.clone(),
                        who_can_act: check
                            .who_can_act
                            .iter()
                            .map(|role| role.as_str().to_owned())
                            .collect(),
                    })
                    .collect(),
                override_reason: view
                    .record
                    .as_ref()
                    .and_then(|record| record.override_reason.clone()),
            })
            .collect(),
        documents: detail
            .evidence
            .iter()
            .filter(|record| record.kind == "document")
            .map(|record| EnrollmentDocumentView {
                id: record.id.clone(),
                kind: record.subject.clone(),
                filename: record.detail.clone(),
                document_id: record.document_id.clone(),
                uploaded_by: record.user_label.clone(),
                uploaded_at: record.created_at,
                accepted: record.accepted_at.is_some(),
            })
            .collect(),
        risks: detail
            .risks
            .iter()
            .map(|risk| RiskView {
                id: risk.id.clone(),
                key: risk.risk_key.clone(),
                source: risk.source.clone(),
                title: risk.title.clone(),
                likelihood: risk.likelihood,
                impact: risk.impact,
                score: risk.likelihood * risk.impact,
                mitigation: risk.mitigation.clone(),
                status: risk.status.clone(),
                owner_id: risk.owner_id.clone(),
                review_on: risk.review_on.clone(),
            })
            .collect(),
    }
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct ListQuery {
    /// A track key.
    pub track: Option<String>,
    /// active, completed or withdrawn.
    pub state: Option<String>,
    /// The organization's tier.
    pub tier: Option<String>,
    /// The organization's category.
    pub category: Option<String>,
    /// The organization's country (ISO 3166-1 alpha-2).
    pub country: Option<String>,
    /// A coordinator's user id.
    pub coordinator: Option<String>,
    pub at_risk: Option<bool>,
    /// From 1.
    pub page: Option<i64>,
    /// 1 to 200; 50 when absent.
    pub per_page: Option<i64>,
}

impl ListQuery {
    pub fn parse(&self) -> Result<(ProgramFilter, i64, i64), AppError> {
        let mut fields: Vec<FieldError> = Vec::new();
        let (page, per_page) = page_and_size(self.page, self.per_page, "enrollments", &mut fields);
        let text = |value: &Option<String>| {
            value
                .as_deref()
                .map(str::trim)
                .filter(|text| !text.is_empty())
                .map(str::to_owned)
        };
        if !fields.is_empty() {
            return Err(AppError::validation(fields));
        }
        Ok((
            ProgramFilter {
                track_key: text(&self.track),
                state: text(&self.state),
                tier: text(&self.tier),
                category: text(&self.category),
                country: text(&self.country),
                coordinator_id: text(&self.coordinator),
                at_risk: self.at_risk,
            },
            per_page,
            (page - 1).saturating_mul(per_page),
        ))
    }
}

#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct EnrollmentPage {
    pub items: Vec<EnrollmentSummary>,
    /// How many match in all.
    pub total: i64,
}

/// List enrollments: the program view (staff) or your organization's (partners)
#[utoipa::path(
    get, path = "/api/v1/enrollments", tag = "enrollments", operation_id = "listEnrollments",
    params(ListQuery),
    responses(
        (status = 200, description = "A page of enrollments, at-risk and latest P90 first", body = EnrollmentPage),
        problem::Malformed,
        problem::Unauthenticated,
        problem::Forbidden,
        problem::Invalid,
    ),
    security(("bearer" = []), ("session" = []))
)]
pub async fn list(
    State(state): State<AppState>,
    CurrentUser(_, actor): CurrentUser,
    ApiQuery(query): ApiQuery<ListQuery>,
) -> ApiResult<Json<EnrollmentPage>> {
    let (filter, limit, offset) = query.parse()?;
    let (items, total) = enrollments::list(&state, &actor, &filter, limit, offset).await?;
    Ok(Json(EnrollmentPage {
        items: items.iter().map(EnrollmentSummary::from).collect(),
        total,
    }))
}

#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct EnrollBody {
    pub organization_id: String,
    /// A track key; the enrollment keeps the track's newest version.
    pub track: String,
    /// `YYYY-MM-DD`; today when absent.
    #[serde(default)]
    pub start: Option<String>,
    /// `YYYY-MM-DD`; when absent the baseline's end is the target.
    #[serde(default)]
    pub target_end: Option<String>,
}

/// Enroll an organization in a track (coordinators and program admins)
#[utoipa::path(
    post, path = "/api/v1/enrollments", tag = "enrollments", operation_id = "createEnrollment",
    request_body = EnrollBody,
    responses(
        (status = 201, description = "Enrolled: tasks created, baseline frozen, gates evaluated", body = EnrollmentSummary),
        problem::Malformed,
        problem::Unauthenticated,
        problem::Forbidden,
        problem::TooLarge,
        (status = 422, description = "No such organization or track, a bad date, or already enrolled in the track", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []), ("session" = []))
)]
pub async fn create(
    State(state): State<AppState>,
    CurrentUser(_, actor): CurrentUser,
    ApiJson(body): ApiJson<EnrollBody>,
) -> ApiResult<(StatusCode, Json<EnrollmentSummary>)> {
    let enrollment = enrollments::enroll(
        &state,
        &actor,
        &EnrollRequest {
            organization_id: &body.organization_id,
            track_key: &body.track,
            start: body.start.as_deref().unwrap_or_default(),
            target_end: body.target_end.as_deref().unwrap_or_default(),
        },
    )
    .await?;
    Ok((
        StatusCode::CREATED,
        Json(EnrollmentSummary::from(&enrollment)),
    ))
}

/// Get an enrollment with its tasks and gates
#[utoipa::path(
    get, path = "/api/v1/enrollments/{id}", tag = "enrollments", operation_id = "getEnrollment",
    params(("id" = String, Path, description = "The enrollment's id")),
    responses(
        (status = 200, description = "The enrollment", body = EnrollmentDetail),
        problem::Unauthenticated,
        problem::Forbidden,
        problem::Invalid,
        problem::NotFound,
    ),
    security(("bearer" = []), ("session" = []))
)]
pub async fn get(
    State(state): State<AppState>,
    CurrentUser(_, actor): CurrentUser,
    Path(id): Path<String>,
) -> ApiResult<Json<EnrollmentDetail>> {
    let detail = enrollments::detail(&state, &actor, &id).await?;
    Ok(Json(detail_view(&detail)))
}

#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct TimelineStep {
    pub step: String,
    pub name: String,
    pub phase: String,
    pub status: String,
    pub baseline_start: Option<String>,
    pub baseline_finish: Option<String>,
    pub forecast_start: String,
    pub forecast_finish: String,
    pub actual_start: Option<String>,
    pub actual_finish: Option<String>,
    pub critical: bool,
    pub milestone: bool,
}

#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct TimelineGate {
    pub gate: String,
    pub name: String,
    /// The forecast start of the first step that needs it.
    pub date: String,
    pub status: String,
}

#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct TimelineView {
    pub today: String,
    pub end: EndDates,
    pub target_end: Option<String>,
    pub steps: Vec<TimelineStep>,
    pub gates: Vec<TimelineGate>,
}

/// Get an enrollment's timeline
#[utoipa::path(
    get, path = "/api/v1/enrollments/{id}/timeline", tag = "enrollments", operation_id = "getEnrollmentTimeline",
    params(("id" = String, Path, description = "The enrollment's id")),
    responses(
        (status = 200, description = "The timeline", body = TimelineView),
        problem::Unauthenticated,
        problem::Forbidden,
        problem::Invalid,
        problem::NotFound,
    ),
    security(("bearer" = []), ("session" = []))
)]
pub async fn timeline(
    State(state): State<AppState>,
    CurrentUser(_, actor): CurrentUser,
    Path(id): Path<String>,
) -> ApiResult<Json<TimelineView>> {
    let detail = enrollments::detail(&state, &actor, &id).await?;
    let timeline = &detail.timeline;
    let text = |date: Option<jiff::civil::Date>| date.map(|date| date.to_string());
    Ok(Json(TimelineView {
        today: timeline.today.to_string(),
        end: EndDates {
            likely: timeline.likely_end.to_string(),
            p50: timeline.p50_end.to_string(),
            p90: timeline.p90_end.to_string(),
        },
        target_end: text(timeline.target_end),
        steps: timeline
            .rows
            .iter()
            .map(|row| TimelineStep {
                step: row.key.clone(),
                name: row.name.clone(),
                phase: row.phase.clone(),
                status: row.status.clone(),
                baseline_start: text(row.baseline.map(|(start, _)| start)),
                baseline_finish: text(row.baseline.map(|(_, finish)| finish)),
                forecast_start: row.forecast.0.to_string(),
                forecast_finish: row.forecast.1.to_string(),
                actual_start: text(row.actual_start),
                actual_finish: text(row.actual_finish),
                critical: row.critical,
                milestone: row.milestone,
            })
            .collect(),
        gates: timeline
            .gates
            .iter()
            .map(|gate| TimelineGate {
                gate: gate.key.clone(),
                name: gate.name.clone(),
                date: gate.date.to_string(),
                status: gate.status.clone(),
            })
            .collect(),
    }))
}

#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct TaskBody {
    /// not_started, in_progress, waiting_on_partner, blocked, done or skipped.
    #[serde(default)]
    pub status: Option<String>,
    /// Required to skip.
    #[serde(default)]
    pub reason: Option<String>,
    /// A user id; an empty string unassigns.
    #[serde(default)]
    pub assignee_id: Option<String>,
}

/// Change a task's status or assignee
#[utoipa::path(
    post, path = "/api/v1/enrollments/{id}/tasks/{task_id}", tag = "enrollments", operation_id = "updateEnrollmentTask",
    params(
        ("id" = String, Path, description = "The enrollment's id"),
        ("task_id" = String, Path, description = "The task's id"),
    ),
    request_body = TaskBody,
    responses(
        (status = 200, description = "The task as it is now", body = TaskView),
        problem::Malformed,
        problem::Unauthenticated,
        problem::Forbidden,
        problem::NotFound,
        (status = 409, description = "The step's evidence is missing, the enrollment is closed, or the task changed meanwhile", body = Problem, content_type = "application/problem+json"),
        problem::TooLarge,
        problem::Invalid,
    ),
    security(("bearer" = []), ("session" = []))
)]
pub async fn update_task(
    State(state): State<AppState>,
    CurrentUser(_, actor): CurrentUser,
    Path((id, task_id)): Path<(String, String)>,
    ApiJson(body): ApiJson<TaskBody>,
) -> ApiResult<Json<TaskView>> {
    if body.status.is_none() && body.assignee_id.is_none() {
        return Err(AppError::validation(vec![FieldError::new(
            "status",
            "give a status, an assignee, or both",
        )])
        .into());
    }
    let mut task = None;
    if let Some(assignee) = &body.assignee_id {
        task = Some(work::assign(&state, &actor, &id, &task_id, assignee).await?);
    }
    if let Some(status) = &body.status {
        task = Some(
            work::set_status(
                &state,
                &actor,
                &id,
                &task_id,
                &StatusRequest {
                    status,
                    reason: body.reason.as_deref().unwrap_or_default(),
                },
            )
            .await?,
        );
    }
    let task = task.ok_or(AppError::NotFound("task"))?;
    let detail = enrollments::detail(&state, &actor, &id).await?;
    let name = detail
        .track
        .step(&task.step_key)
        .map_or(task.step_key.clone(), |step| step.name.clone());
    let needs = detail
        .needs
        .get(&task.step_key)
        .cloned()
        .unwrap_or_default();
    Ok(Json(task_view(&task, &name, needs)))
}

#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct AttestBody {
    /// Every item of the step's checklist, as written in the track.
    pub items: Vec<String>,
}

/// Attest a step's checklist (partner admins and developers of the organization)
#[utoipa::path(
    post, path = "/api/v1/enrollments/{id}/attestations/{step}", tag = "enrollments", operation_id = "attestChecklist",
    params(
        ("id" = String, Path, description = "The enrollment's id"),
        ("step" = String, Path, description = "The key of the step whose checklist it is"),
    ),
    request_body = AttestBody,
    responses(
        (status = 204, description = "Attested; the gates are evaluated again"),
        problem::Malformed,
        problem::Unauthenticated,
        problem::Forbidden,
        problem::NotFound,
        problem::TooLarge,
        (status = 422, description = "Not every item is attested", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []), ("session" = []))
)]
pub async fn attest(
    State(state): State<AppState>,
    CurrentUser(_, actor): CurrentUser,
    Path((id, step)): Path<(String, String)>,
    ApiJson(body): ApiJson<AttestBody>,
) -> ApiResult<StatusCode> {
    work::attest(&state, &actor, &id, &step, &body.items).await?;
    Ok(StatusCode::NO_CONTENT)
}

#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ReasonBody {
    pub reason: String,
}

/// Approve a gate, with a reason (the staff role its approval condition names)
#[utoipa::path(
    post, path = "/api/v1/enrollments/{id}/gates/{key}/approve", tag = "enrollments", operation_id = "approveGate",
    params(
        ("id" = String, Path, description = "The enrollment's id"),
        ("key" = String, Path, description = "The gate's key"),
    ),
    request_body = ReasonBody,
    responses(
        (status = 204, description = "Approved; the gate is evaluated again"),
        problem::Malformed,
        problem::Unauthenticated,
        problem::Forbidden,
        problem::NotFound,
        problem::TooLarge,
        problem::Invalid,
    ),
    security(("bearer" = []), ("session" = []))
)]
pub async fn approve(
    State(state): State<AppState>,
    CurrentUser(_, actor): CurrentUser,
    Path((id, key)): Path<(String, String)>,
    ApiJson(body): ApiJson<ReasonBody>,
) -> ApiResult<StatusCode> {
    work::approve(&state, &actor, &id, &key, &body.reason).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Override a gate, with a reason (program admins)
#[utoipa::path(
    post, path = "/api/v1/enrollments/{id}/gates/{key}/override", tag = "enrollments", operation_id = "overrideGate",
    params(
        ("id" = String, Path, description = "The enrollment's id"),
        ("key" = String, Path, description = "The gate's key"),
    ),
    request_body = ReasonBody,
    responses(
        (status = 204, description = "Overridden: the gate counts as held and shows as overridden"),
        problem::Malformed,
        problem::Unauthenticated,
        problem::Forbidden,
        problem::NotFound,
        problem::TooLarge,
        problem::Invalid,
    ),
    security(("bearer" = []), ("session" = []))
)]
pub async fn override_gate(
    State(state): State<AppState>,
    CurrentUser(_, actor): CurrentUser,
    Path((id, key)): Path<(String, String)>,
    ApiJson(body): ApiJson<ReasonBody>,
) -> ApiResult<StatusCode> {
    work::override_gate(&state, &actor, &id, &key, &body.reason).await?;
    Ok(StatusCode::NO_CONTENT)
}

#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct MyTask {
    pub enrollment_id: String,
    pub organization_name: String,
    pub track_name: String,
    #[serde(flatten)]
    pub task: TaskView,
}

/// List your open tasks across enrollments
#[utoipa::path(
    get, path = "/api/v1/tasks", tag = "enrollments", operation_id = "listMyTasks",
    responses(
        (status = 200, description = "Unfinished tasks assigned to you or, unassigned, to your role (in your organization, for partners), by due date", body = [MyTask]),
        problem::Unauthenticated,
        problem::Forbidden,
        problem::Invalid,
    ),
    security(("bearer" = []), ("session" = []))
)]
pub async fn my_tasks(
    State(state): State<AppState>,
    CurrentUser(_, actor): CurrentUser,
) -> ApiResult<Json<Vec<MyTask>>> {
    let open = work::my_tasks(&state, &actor).await?;
    Ok(Json(
        open.into_iter()
            .map(|open| MyTask {
                enrollment_id: open.enrollment.id.clone(),
                organization_name: open.enrollment.organization_name.clone(),
                track_name: open.enrollment.track_name.clone(),
                task: task_view(&open.task, &open.step_name, Vec::new()),
            })
            .collect(),
    ))
}

#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct EnrollmentDocumentBody {
    /// A document kind the track asks for.
    pub kind: String,
    /// The file's name, as the uploader knows it (reduced to safe characters).
    pub filename: String,
    /// The file, base64 (standard alphabet, with padding). PDF, PNG or JPEG, told by content.
    pub content_base64: String,
}

#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct UploadedView {
    /// The id to accept it by.
    pub id: String,
}

/// Upload a document an enrollment asks for
#[utoipa::path(
    post, path = "/api/v1/enrollments/{id}/documents", tag = "enrollments", operation_id = "uploadEnrollmentDocument",
    params(("id" = String, Path, description = "The enrollment's id")),
    request_body = EnrollmentDocumentBody,
    responses(
        (status = 201, description = "Stored, waiting for a coordinator to accept it", body = UploadedView),
        problem::Malformed,
        problem::Unauthenticated,
        problem::Forbidden,
        problem::NotFound,
        (status = 409, description = "The enrollment is closed", body = Problem, content_type = "application/problem+json"),
        (status = 413, description = "Larger than the body limit or the document limit", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "A kind the track does not ask for, not base64, empty, or not a PDF, PNG or JPEG", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []), ("session" = []))
)]
pub async fn upload_document(
    State(state): State<AppState>,
    CurrentUser(_, actor): CurrentUser,
    Path(id): Path<String>,
    ApiJson(body): ApiJson<EnrollmentDocumentBody>,
) -> ApiResult<(StatusCode, Json<UploadedView>)> {
    use base64::Engine;
    let bytes = base64::engine::general_purpose::STANDARD
        .decode(body.content_base64.trim())
        .map_err(|_| {
            AppError::validation(vec![FieldError::new(
                "content_base64",
                "the file is not valid base64",
            )])
        })?;
    let upload = crate::registry::services::documents::Upload {
        filename: body.filename,
        bytes,
    };
    let evidence_id =
        crate::tracks::services::documents::upload(&state, &actor, &id, &body.kind, &upload)
            .await?;
    Ok((StatusCode::CREATED, Json(UploadedView { id: evidence_id })))
}

/// Accept an enrollment's document (coordinators and program admins)
#[utoipa::path(
    post, path = "/api/v1/enrollments/{id}/documents/{evidence_id}/accept", tag = "enrollments", operation_id = "acceptEnrollmentDocument",
    params(
        ("id" = String, Path, description = "The enrollment's id"),
        ("evidence_id" = String, Path, description = "The uploaded document's id in the enrollment"),
    ),
    responses(
        (status = 204, description = "Accepted; the gates are evaluated again"),
        problem::Unauthenticated,
        problem::Forbidden,
        problem::NotFound,
        (status = 409, description = "Accepted already", body = Problem, content_type = "application/problem+json"),
        problem::Invalid,
    ),
    security(("bearer" = []), ("session" = []))
)]
pub async fn accept_document(
    State(state): State<AppState>,
    CurrentUser(_, actor): CurrentUser,
    Path((id, evidence_id)): Path<(String, String)>,
) -> ApiResult<StatusCode> {
    crate::tracks::services::documents::accept(&state, &actor, &id, &evidence_id).await?;
    Ok(StatusCode::NO_CONTENT)
}

#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct RiskBody {
    /// Required to add; ignored on an update (a risk keeps its title).
    #[serde(default)]
    pub title: Option<String>,
    /// 1 to 5.
    pub likelihood: i64,
    /// 1 to 5.
    pub impact: i64,
    #[serde(default)]
    pub mitigation: Option<String>,
    /// open, mitigating or closed; open when absent.
    #[serde(default)]
    pub status: Option<String>,
    /// A user id of the organization or of the staff.
    #[serde(default)]
    pub owner_id: Option<String>,
    /// `YYYY-MM-DD`.
    #[serde(default)]
    pub review_on: Option<String>,
}

impl RiskBody {
    fn parts(&self) -> (String, String) {
        (self.likelihood.to_string(), self.impact.to_string())
    }
}

/// Add a risk to an enrollment's register (coordinators and program admins)
#[utoipa::path(
    post, path = "/api/v1/enrollments/{id}/risks", tag = "enrollments", operation_id = "addEnrollmentRisk",
    params(("id" = String, Path, description = "The enrollment's id")),
    request_body = RiskBody,
    responses(
        (status = 201, description = "Added, open", body = UploadedView),
        problem::Malformed,
        problem::Unauthenticated,
        problem::Forbidden,
        problem::NotFound,
        problem::TooLarge,
        problem::Invalid,
    ),
    security(("bearer" = []), ("session" = []))
)]
pub async fn add_risk(
    State(state): State<AppState>,
    CurrentUser(_, actor): CurrentUser,
    Path(id): Path<String>,
    ApiJson(body): ApiJson<RiskBody>,
) -> ApiResult<(StatusCode, Json<UploadedView>)> {
    let (likelihood, impact) = body.parts();
    let risk_id = crate::tracks::services::risks::add(
        &state,
        &actor,
        &id,
        &crate::tracks::services::risks::RiskInput {
            title: body.title.as_deref().unwrap_or_default(),
            likelihood: &likelihood,
            impact: &impact,
            mitigation: body.mitigation.as_deref().unwrap_or_default(),
            status: body.status.as_deref().unwrap_or_default(),
            owner_id: body.owner_id.as_deref().unwrap_or_default(),
            review_on: body.review_on.as_deref().unwrap_or_default(),
        },
    )
    .await?;
    Ok((StatusCode::CREATED, Json(UploadedView { id: risk_id })))
}

/// Rescore, reassign, re-date or close a risk (coordinators and program admins)
#[utoipa::path(
    post, path = "/api/v1/enrollments/{id}/risks/{risk_id}", tag = "enrollments", operation_id = "updateEnrollmentRisk",
    params(
        ("id" = String, Path, description = "The enrollment's id"),
        ("risk_id" = String, Path, description = "The risk's id"),
    ),
    request_body = RiskBody,
    responses(
        (status = 204, description = "Saved"),
        problem::Malformed,
        problem::Unauthenticated,
        problem::Forbidden,
        problem::NotFound,
        problem::TooLarge,
        problem::Invalid,
    ),
    security(("bearer" = []), ("session" = []))
)]
pub async fn update_risk(
    State(state): State<AppState>,
    CurrentUser(_, actor): CurrentUser,
    Path((id, risk_id)): Path<(String, String)>,
    ApiJson(body): ApiJson<RiskBody>,
) -> ApiResult<StatusCode> {
    let (likelihood, impact) = body.parts();
    crate::tracks::services::risks::update(
        &state,
        &actor,
        &id,
        &risk_id,
        &crate::tracks::services::risks::RiskInput {
            title: "",
            likelihood: &likelihood,
            impact: &impact,
            mitigation: body.mitigation.as_deref().unwrap_or_default(),
            status: body.status.as_deref().unwrap_or_default(),
            owner_id: body.owner_id.as_deref().unwrap_or_default(),
            review_on: body.review_on.as_deref().unwrap_or_default(),
        },
    )
    .await?;
    Ok(StatusCode::NO_CONTENT)
}
