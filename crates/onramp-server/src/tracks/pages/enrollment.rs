//! One enrollment: where it stands (forecast end against the baseline and target), its Gantt chart
//! with the same data as a table, its gates condition by condition with who can act, its tasks
//! with the forms to move them, checklists to attest, approvals and overrides, and the CSV and
//! iCalendar downloads.

use axum::extract::{Path, State};
use axum::http::header;
use axum::response::{IntoResponse, Redirect, Response};
use maud::{html, Markup};
use onramp_core::tracks::enrollment::{GateStatus, TaskStatus};
use onramp_core::tracks::{Condition, Evidence};
use onramp_core::vocabulary::{choices, label_of};
use onramp_core::Role;
use serde::{Deserialize, Serialize};

use crate::state::AppState;
use crate::tracks::services::enrollments::{self, is_coordinator, Detail};
use crate::tracks::services::work::{self, may_work_on, StatusRequest};
use crate::tracks::timeline;
use crate::web::actor::{Actor, CurrentUser};
use crate::web::error::{AppError, PageResult};
use crate::web::extract::{PageForm, PageQuery};
use crate::web::forms::{refusal_summary, refused_page, Refusal};
use crate::web::layout::{csrf_input, page, respond, time};

#[derive(Debug, Deserialize)]
pub struct NoticeQuery {
    pub notice: Option<String>,
}

fn notice_text(key: Option<&str>) -> Option<&'static str> {
    match key {
        Some("enrolled") => Some(
            "Enrolled: the tasks are created, the baseline is frozen and the gates are evaluated.",
        ),
        Some("task_updated") => {
            Some("The task is updated; the gates and the forecast are computed again.")
        }
        Some("attested") => Some("The checklist is attested."),
        Some("approved") => Some("The approval is recorded."),
        Some("overridden") => Some("The gate is overridden; it shows as overridden everywhere."),
        Some("commented") => Some("The comment is added."),
        _ => None,
    }
}

fn gate_status_class(status: GateStatus) -> &'static str {
    match status {
        GateStatus::Passed => "gate-passed",
        GateStatus::Overridden => "gate-overridden",
        GateStatus::Blocked => "gate-blocked",
    }
}

fn enrollment_markup(
    actor: &Actor,
    detail: &Detail,
    notice_key: Option<&str>,
    refusal: Option<&Refusal>,
) -> Markup {
    let Some(user) = actor.user() else {
        return html! {};
    };
    let enrollment = &detail.enrollment;
    let base = format!("/enrollments/{}", enrollment.id);
    let coordinator = is_coordinator(user.role);
    let statuses = choices::<TaskStatus>();
    let target = enrollment
        .target_end
        .as_deref()
        .unwrap_or(&enrollment.baseline_end);
    page(
        Some(actor),
        &format!(
            "{} — {}",
            enrollment.organization_name, enrollment.track_name
        ),
        html! {
            @if let Some(text) = notice_text(notice_key) { div.notice role="status" { (text) } }
            h1 { (enrollment.organization_name) " — " (enrollment.track_name) }
            @if let Some(refusal) = refusal { (refusal_summary(&refusal.errors)) }
            div.card {
                dl.facts {
                    dt { "Track version" } dd { (enrollment.track_version) }
                    dt { "State" } dd { (label_of::<onramp_core::tracks::enrollment::EnrollmentState>(&enrollment.state)) }
                    dt { "Started" } dd { (enrollment.started_on) }
                    dt { "Current phase" } dd { (enrollment.current_phase) }
                    dt { "Progress" } dd { (enrollment.steps_finished) " of " (enrollment.steps_total) " steps" }
                    dt { "Forecast end" } dd.forecast-end { "likely " (enrollment.likely_end) ", P50 " (enrollment.p50_end) ", P90 " (enrollment.p90_end) }
                    dt { "Baseline end" } dd { (enrollment.baseline_end) }
                    dt { "Target" } dd { (target) @if enrollment.at_risk { " — " strong { "at risk" } } }
                }
                p { "Download: " a href={ (base) "/timeline.csv" } { "timeline (CSV)" } " · " a href={ (base) "/timeline.ics" } { "due dates (iCalendar)" } }
            }
            div.card {
                h2 { "Timeline" }
                div.gantt { (timeline::gantt_svg(&detail.timeline)) }
                details {
                    summary { "The timeline as a table" }
                    (timeline::gantt_table(&detail.timeline))
                }
            }
            div.card {
                h2 { "Gates" }
                @for view in &detail.gates {
                    section.gate id={ "gate-" (view.gate.key) } {
                        h3 { (view.gate.name) ": " span class=(gate_status_class(view.status)) { (view.status.label()) } }
                        @if let Some(reason) = view.record.as_ref().and_then(|record| record.override_reason.as_deref()) {
                            p { "Overridden: " (reason) }
                        }
                        ul {
                            @for check in &view.evaluation.conditions {
                                li {
                                    @if check.holds { "✓ Holds: " } @else { "✗ Missing: " }
                                    (check.requirement)
                                    @if !check.holds && !check.who_can_act.is_empty() {
                                        " — who can act: "
                                        @for (index, role) in check.who_can_act.iter().enumerate() { @if index > 0 { ", " } (role.label()) }
                                    }
                                }
                            }
                        }
                        @let asks_me = view.gate.conditions.iter().any(|condition| matches!(condition, Condition::ApprovalBy { role } if *role == user.role));
                        @if asks_me && !view.status.holds() {
                            form method="post" action={ (base) "/gates/" (view.gate.key) "/approve" } {
                                (csrf_input(actor))
                                label for={ "approve-" (view.gate.key) } { "Reason for approving" }
                                input type="text" id={ "approve-" (view.gate.key) } name="reason" required;
                                button type="submit" { "Approve" }
                            }
                        }
                        @if user.role == Role::ProgramAdmin && view.status == GateStatus::Blocked {
                            form method="post" action={ (base) "/gates/" (view.gate.key) "/override" } {
                                (csrf_input(actor))
                                label for={ "override-" (view.gate.key) } { "Reason for overriding" }
                                input type="text" id={ "override-" (view.gate.key) } name="reason" required;
                                button.secondary type="submit" { "Override" }
                            }
                        }
                    }
                }
            }
            div.card {
                h2 { "Risks" }
                @if detail.risks.is_empty() {
                    p { "No risks on the register." }
                } @else {
                    div.table-scroll tabindex="0" role="region" aria-label="Risks (scrolls sideways when wide)" {
                        table {
                            thead { tr { th scope="col" { "Risk" } th scope="col" { "Score (likelihood × impact)" } th scope="col" { "Mitigation" } th scope="col" { "Source" } th scope="col" { "Status" } } }
                            tbody { @for risk in &detail.risks {
                                tr {
                                    td { (risk.title) }
                                    td { (risk.likelihood * risk.impact) " (" (risk.likelihood) " × " (risk.impact) ")" }
                                    td { (risk.mitigation) }
                                    td { (match risk.source.as_str() { "template" => "From the track", "signal" => "Raised from a signal", _ => "Added" }) }
                                    td { (match risk.status.as_str() { "open" => "Open", "mitigating" => "Mitigating", _ => "Closed" }) }
                                }
                            } }
                        }
                    }
                }
            }
            div.card {
                h2 { "Tasks" }
                @for task in &detail.tasks {
                    @let step = detail.track.step(&task.step_key);
                    @let name = step.map_or(task.step_key.as_str(), |step| step.name.as_str());
                    section.task id={ "task-" (task.step_key) } {
                        h3 { (name) }
                        p {
                            (label_of::<TaskStatus>(&task.status)) " · " (label_of::<Role>(&task.owner_role))
                            @if let Some(assignee) = &task.assignee_name { " · assigned to " (assignee) }
                            " · due " (task.due_on) @if task.critical { " · critical path" }
                        }
                        @if let Some(reason) = &task.skip_reason { p { "Skipped: " (reason) } }
                        @let needs = detail.needs.get(&task.step_key).cloned().unwrap_or_default();
                        @if !needs.is_empty() && !task.status.parse::<TaskStatus>().is_ok_and(TaskStatus::is_finished) {
                            p { "Needs: " (needs.join("; ")) }
                        }
                        @if let Some(items) = step.and_then(|step| step.evidence.iter().find_map(|evidence| match evidence { Evidence::Attestation { items } => Some(items), _ => None })) {
                            @let attested = detail.evidence.iter().find(|record| record.kind == "attestation" && record.subject == task.step_key);
                            @if let Some(record) = attested {
                                p { "Checklist attested by " (record.user_label) " (" (label_of::<Role>(&record.role)) "), " (time(record.created_at)) }
                            } @else if !user.role.is_staff() && user.role != Role::PartnerMember {
                                form method="post" action={ (base) "/attestations/" (task.step_key) } {
                                    (csrf_input(actor))
                                    fieldset {
                                        legend { "Attest the checklist" }
                                        @for (index, item) in items.iter().enumerate() {
                                            div.checkbox {
                                                input type="checkbox" id={ "attest-" (task.step_key) "-" (index) } name="item" value=(item);
                                                label for={ "attest-" (task.step_key) "-" (index) } { (item) }
                                            }
                                        }
                                    }
                                    button type="submit" { "Attest" }
                                }
                            } @else {
                                p { "Checklist not attested yet (" (items.len()) " items)." }
                            }
                        }
                        @if may_work_on(user, task) && enrollment.state == "active" {
                            form.inline method="post" action={ (base) "/tasks/" (task.id) "/status" } {
                                (csrf_input(actor))
                                label for={ "status-" (task.id) } { "Status" }
                                select id={ "status-" (task.id) } name="status" {
                                    @for (value, text) in &statuses { option value=(value) selected[*value == task.status] { (text) } }
                                }
                                label for={ "reason-" (task.id) } { "Reason (to skip)" }
                                input type="text" id={ "reason-" (task.id) } name="reason";
                                button type="submit" { "Save status" }
                            }
                        }
                        @let comments: Vec<_> = detail.comments.iter().filter(|comment| comment.task_id == task.id).collect();
                        @if !comments.is_empty() {
                            ul.comments { @for comment in comments { li { strong { (comment.author_label) } " (" (time(comment.created_at)) "): " (comment.body) } } }
                        }
                        form.inline method="post" action={ (base) "/tasks/" (task.id) "/comments" } {
                            (csrf_input(actor))
                            label for={ "comment-" (task.id) } { "Comment" }
                            input type="text" id={ "comment-" (task.id) } name="body";
                            button.secondary type="submit" { "Add comment" }
                        }
                    }
                }
            }
            @if coordinator { p { a href="/enrollments" { "All enrollments" } } }
        },
    )
}

pub async fn show(
    State(state): State<AppState>,
    CurrentUser(_, actor): CurrentUser,
    Path(id): Path<String>,
    PageQuery(query): PageQuery<NoticeQuery>,
) -> PageResult<Response> {
    let detail = enrollments::detail(&state, &actor, &id).await?;
    Ok(respond(enrollment_markup(
        &actor,
        &detail,
        query.notice.as_deref(),
        None,
    )))
}

/// After a form: back to the enrollment with a notice, or the page again with the refusal.
async fn answer(
    state: &AppState,
    actor: &Actor,
    id: &str,
    input: &impl Serialize,
    result: Result<(), AppError>,
    notice_key: &str,
    anchor: &str,
) -> PageResult<Response> {
    match result {
        Ok(()) => Ok(
            Redirect::to(&format!("/enrollments/{id}?notice={notice_key}#{anchor}"))
                .into_response(),
        ),
        Err(error) => {
            let refusal = Refusal::of("enrollment", input, error)?;
            let detail = enrollments::detail(state, actor, id).await?;
            Ok(refused_page(
                &refusal,
                enrollment_markup(actor, &detail, None, Some(&refusal)),
            ))
        }
    }
}

#[derive(Debug, Deserialize, Serialize)]
pub struct StatusForm {
    #[serde(default)]
    status: String,
    #[serde(default)]
    reason: String,
}

pub async fn set_status(
    State(state): State<AppState>,
    CurrentUser(_, actor): CurrentUser,
    Path((id, task_id)): Path<(String, String)>,
    PageForm(form): PageForm<StatusForm>,
) -> PageResult<Response> {
    let result = work::set_status(
        &state,
        &actor,
        &id,
        &task_id,
        &StatusRequest {
            status: &form.status,
            reason: &form.reason,
        },
    )
    .await;
    let anchor = match &result {
        Ok(task) => format!("task-{}", task.step_key),
        Err(_) => String::new(),
    };
    answer(
        &state,
        &actor,
        &id,
        &form,
        result.map(|_| ()),
        "task_updated",
        &anchor,
    )
    .await
}

#[derive(Debug, Deserialize, Serialize)]
pub struct CommentForm {
    #[serde(default)]
    body: String,
}

pub async fn comment(
    State(state): State<AppState>,
    CurrentUser(_, actor): CurrentUser,
    Path((id, task_id)): Path<(String, String)>,
    PageForm(form): PageForm<CommentForm>,
) -> PageResult<Response> {
    let result = work::comment(&state, &actor, &id, &task_id, &form.body).await;
    answer(
        &state,
        &actor,
        &id,
        &form,
        result.map(|_| ()),
        "commented",
        "",
    )
    .await
}

/// The checked items of an attestation form: the form carries one `item` per checked box, which
/// a plain struct cannot read, so the pairs are read as they come.
#[derive(Debug, Deserialize, Serialize)]
#[serde(transparent)]
pub struct AttestForm(Vec<(String, String)>);

pub async fn attest(
    State(state): State<AppState>,
    CurrentUser(_, actor): CurrentUser,
    Path((id, step)): Path<(String, String)>,
    PageForm(form): PageForm<AttestForm>,
) -> PageResult<Response> {
    let items: Vec<String> = form
        .0
        .iter()
        .filter(|(name, _)| name == "item")
        .map(|(_, value)| value.clone())
        .collect();
    let result = work::attest(&state, &actor, &id, &step, &items).await;
    answer(
        &state,
        &actor,
        &id,
        &form,
        result,
        "attested",
        &format!("task-{step}"),
    )
    .await
}

#[derive(Debug, Deserialize, Serialize)]
pub struct ReasonForm {
    #[serde(default)]
    reason: String,
}

pub async fn approve(
    State(state): State<AppState>,
    CurrentUser(_, actor): CurrentUser,
    Path((id, key)): Path<(String, String)>,
    PageForm(form): PageForm<ReasonForm>,
) -> PageResult<Response> {
    let result = work::approve(&state, &actor, &id, &key, &form.reason).await;
    answer(
        &state,
        &actor,
        &id,
        &form,
        result,
        "approved",
        &format!("gate-{key}"),
    )
    .await
}

pub async fn override_gate(
    State(state): State<AppState>,
    CurrentUser(_, actor): CurrentUser,
    Path((id, key)): Path<(String, String)>,
    PageForm(form): PageForm<ReasonForm>,
) -> PageResult<Response> {
    let result = work::override_gate(&state, &actor, &id, &key, &form.reason).await;
    answer(
        &state,
        &actor,
        &id,
        &form,
        result,
        "overridden",
        &format!("gate-{key}"),
    )
    .await
}

pub async fn timeline_csv(
    State(state): State<AppState>,
    CurrentUser(_, actor): CurrentUser,
    Path(id): Path<String>,
) -> PageResult<Response> {
    let detail = enrollments::detail(&state, &actor, &id).await?;
    Ok((
        [
            (header::CONTENT_TYPE, "text/csv; charset=utf-8"),
            (
                header::CONTENT_DISPOSITION,
                "attachment; filename=\"timeline.csv\"",
            ),
        ],
        timeline::csv(&detail.timeline),
    )
        .into_response())
}

pub async fn timeline_ics(
    State(state): State<AppState>,
    CurrentUser(_, actor): CurrentUser,
    Path(id): Path<String>,
) -> PageResult<Response> {
    let detail = enrollments::detail(&state, &actor, &id).await?;
    let stamp = jiff::Timestamp::from_millisecond(state.clock.now_ms())
        .map(|at| at.strftime("%Y%m%dT%H%M%SZ").to_string())
        .unwrap_or_default();
    Ok((
        [
            (header::CONTENT_TYPE, "text/calendar; charset=utf-8"),
            (
                header::CONTENT_DISPOSITION,
                "attachment; filename=\"due-dates.ics\"",
            ),
        ],
        timeline::icalendar(&detail.timeline, &stamp),
    )
        .into_response())
}
