//! One enrollment: where it stands (forecast end against the baseline and target), its Gantt chart
//! with the same data as a table, its gates condition by condition with who can act, its tasks
//! with the forms to move them, checklists to attest, approvals and overrides, and the CSV and
//! iCalendar downloads.

use axum::extract::multipart::MultipartRejection;
use axum::extract::{Multipart, Path, State};
use axum::http::header;
use axum::response::{IntoResponse, Redirect, Response};
use maud::{html, Markup};
use onramp_core::tracks::enrollment::{GateStatus, RiskSource, RiskStatus, TaskStatus};
use onramp_core::tracks::{Condition, Evidence};
use onramp_core::vocabulary::{choices, label_of};
use onramp_core::Role;
use serde::{Deserialize, Serialize};

use crate::registry::pages::documents::{read_upload, upload_refusal};
use crate::state::AppState;
use crate::tracks::services::enrollments::{self, is_coordinator, Detail};
use crate::tracks::services::work::{self, may_work_on, StatusRequest};
use crate::tracks::services::{documents, risks};
use crate::tracks::timeline;
use crate::web::actor::{Actor, CurrentUser};
use crate::web::csrf::upload_action;
use crate::web::error::{AppError, PageResult};
use crate::web::extract::{PageForm, PageQuery};
use crate::web::forms::{refused_page, FormView, Kind, Refusal};
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
        Some("document_uploaded") => {
            Some("The document is uploaded; a coordinator will accept it.")
        }
        Some("document_accepted") => Some("The document is accepted."),
        Some("risk_added") => Some("The risk is on the register."),
        Some("risk_saved") => Some("The risk is saved."),
        _ => None,
    }
}

const LIKELIHOODS: [(&str, &str); 5] = [
    ("1", "1 — rare"),
    ("2", "2 — unlikely"),
    ("3", "3 — possible"),
    ("4", "4 — likely"),
    ("5", "5 — almost certain"),
];
const IMPACTS: [(&str, &str); 5] = [
    ("1", "1 — negligible"),
    ("2", "2 — minor"),
    ("3", "3 — moderate"),
    ("4", "4 — major"),
    ("5", "5 — severe"),
];

/// A refused form of the page: which one (its form id and the item it is for) and why.
pub struct Refused<'r> {
    pub refusal: &'r Refusal,
    pub item: &'r str,
}

/// The refusal for the form `form` of `item`, if that is the one refused.
fn refused_item<'r>(refused: Option<&Refused<'r>>, form: &str, item: &str) -> Option<&'r Refusal> {
    refused
        .filter(|refused| refused.refusal.form == form && refused.item == item)
        .map(|refused| refused.refusal)
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
    refused: Option<&Refused<'_>>,
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
            (environments_card(actor, detail))
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
                            @let form = FormView::keyed("approve", &view.gate.key, refused_item(refused, "approve", &view.gate.key));
                            @let fields = form.text("Reason for approving", "reason", "");
                            (form.summary())
                            form method="post" action={ (base) "/gates/" (view.gate.key) "/approve" } novalidate {
                                (csrf_input(actor))
                                (fields)
                                button type="submit" { "Approve" }
                            }
                        }
                        @if user.role == Role::ProgramAdmin && view.status == GateStatus::Blocked {
                            @let form = FormView::keyed("override", &view.gate.key, refused_item(refused, "override", &view.gate.key));
                            @let fields = form.text("Reason for overriding", "reason", "");
                            (form.summary())
                            form method="post" action={ (base) "/gates/" (view.gate.key) "/override" } novalidate {
                                (csrf_input(actor))
                                (fields)
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
                            thead { tr { th scope="col" { "Risk" } th scope="col" { "Score (likelihood × impact)" } th scope="col" { "Mitigation" } th scope="col" { "Owner" } th scope="col" { "Review on" } th scope="col" { "Source" } th scope="col" { "Status" } } }
                            tbody { @for risk in &detail.risks {
                                tr {
                                    td { (risk.title) }
                                    td { (risk.likelihood * risk.impact) " (" (risk.likelihood) " × " (risk.impact) ")" }
                                    td { (risk.mitigation) }
                                    td { (risk.owner_id.as_deref().and_then(|owner| detail.people.iter().find(|(id, _)| id == owner)).map_or("—", |(_, name)| name.as_str())) }
                                    td { (risk.review_on.as_deref().unwrap_or("—")) }
                                    td { (label_of::<RiskSource>(&risk.source)) }
                                    td { (label_of::<RiskStatus>(&risk.status)) }
                                }
                            } }
                        }
                    }
                }
                @if coordinator && enrollment.state == "active" {
                    @let people: Vec<(&str, &str)> = detail.people.iter().map(|(id, name)| (id.as_str(), name.as_str())).collect();
                    @for risk in &detail.risks {
                        details.risk-edit open[refused_item(refused, "risk", &risk.id).is_some()] {
                            summary { "Update “" (risk.title) "”" }
                            @let form = FormView::keyed("risk", &risk.id, refused_item(refused, "risk", &risk.id));
                            @let fields = html! {
                                (form.select_with("Status", "status", &choices::<RiskStatus>(), &risk.status, None))
                                (form.select_with("Likelihood", "likelihood", &LIKELIHOODS, &risk.likelihood.to_string(), None))
                                (form.select_with("Impact", "impact", &IMPACTS, &risk.impact.to_string(), None))
                                (form.select("Owner", "owner_id", &people, risk.owner_id.as_deref().unwrap_or_default()))
                                (form.input("Review on (YYYY-MM-DD)", "review_on", Kind::Date, risk.review_on.as_deref().unwrap_or_default(), "off"))
                                (form.textarea("Mitigation", "mitigation", &risk.mitigation))
                            };
                            (form.summary())
                            form method="post" action={ (base) "/risks/" (risk.id) } novalidate {
                                (csrf_input(actor))
                                (fields)
                                button type="submit" { "Save the risk" }
                            }
                        }
                    }
                    @let form = FormView::keyed("add-risk", "new", refused_item(refused, "add-risk", "new"));
                    @let fields = html! {
                        (form.text("Title", "title", ""))
                        (form.select_with("Likelihood", "likelihood", &LIKELIHOODS, "3", None))
                        (form.select_with("Impact", "impact", &IMPACTS, "3", None))
                        (form.select("Owner", "owner_id", &people, ""))
                        (form.input("Review on (YYYY-MM-DD)", "review_on", Kind::Date, "", "off"))
                        (form.textarea("Mitigation", "mitigation", ""))
                    };
                    h3 { "Add a risk" }
                    (form.summary())
                    form method="post" action={ (base) "/risks" } novalidate {
                        (csrf_input(actor))
                        (fields)
                        button type="submit" { "Add the risk" }
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
                                @let form = FormView::keyed("attest", &task.step_key, refused_item(refused, "attest", &task.step_key));
                                @let fields = html! { @for (index, item) in items.iter().enumerate() { (form.checkbox(item, &format!("item_{index}"), item, false)) } };
                                (form.summary())
                                form method="post" action={ (base) "/attestations/" (task.step_key) } novalidate {
                                    (csrf_input(actor))
                                    fieldset {
                                        legend { "Attest the checklist" }
                                        (fields)
                                    }
                                    button type="submit" { "Attest" }
                                }
                            } @else {
                                p { "Checklist not attested yet (" (items.len()) " items)." }
                            }
                        }
                        @let kinds: Vec<&String> = step.map(|step| step.evidence.iter().filter_map(|evidence| match evidence { Evidence::Document { kind } => Some(kind), _ => None }).collect()).unwrap_or_default();
                        @for (index, kind) in kinds.iter().enumerate() {
                            @let records: Vec<_> = detail.evidence.iter().filter(|record| record.kind == "document" && &record.subject == *kind).collect();
                            div.documents {
                                p { "Document asked for: " strong { (kind) } }
                                @if records.is_empty() { p.muted { "None uploaded yet." } }
                                ul { @for record in &records {
                                    li {
                                        @if let Some(document_id) = &record.document_id { a href={ "/documents/" (document_id) } { (record.detail) } } @else { (record.detail) }
                                        " — uploaded by " (record.user_label) ", " (time(record.created_at)) " — "
                                        @if record.accepted_at.is_some() { strong { "Accepted" } }
                                        @else if coordinator && enrollment.state == "active" {
                                            form.inline method="post" action={ (base) "/documents/" (record.id) "/accept" } {
                                                (csrf_input(actor))
                                                button.secondary type="submit" aria-label={ "Accept " (record.detail) } { "Accept" }
                                            }
                                        } @else { "waiting for acceptance" }
                                    }
                                } }
                                @if enrollment.state == "active" && (coordinator || matches!(user.role, Role::PartnerAdmin | Role::PartnerDeveloper)) {
                                    @let field = format!("file-{}-{index}", task.id);
                                    @let error = refused_item(refused, "document", &format!("{}/{kind}", task.id)).and_then(|refusal| refusal.errors.first());
                                    form.upload method="post" enctype="multipart/form-data" action=(upload_action(&format!("{base}/documents?kind={kind}&task={}", task.id), &actor.csrf_token)) {
                                        div.field.invalid[error.is_some()] {
                                            label for=(field) { "Upload “" (kind) "” (PDF, PNG or JPEG)" }
                                            @if let Some(error) = error { p.field-error id={ (field) "-error" } { span.visually-hidden { "Error: " } (error.message) } }
                                            input type="file" id=(field) name="file" accept=".pdf,.png,.jpg,.jpeg,application/pdf,image/png,image/jpeg"
                                                aria-invalid=[error.map(|_| "true")] aria-describedby=[error.map(|_| format!("{field}-error"))];
                                        }
                                        button type="submit" { "Upload" }
                                    }
                                }
                            }
                        }
                        @if may_work_on(user, task) && enrollment.state == "active" {
                            @let form = FormView::keyed("status", &task.id, refused_item(refused, "status", &task.id));
                            @let fields = html! {
                                (form.select_with("Status", "status", &statuses, &task.status, None))
                                (form.text("Reason (to skip)", "reason", ""))
                            };
                            (form.summary())
                            form.inline method="post" action={ (base) "/tasks/" (task.id) "/status" } novalidate {
                                (csrf_input(actor))
                                (fields)
                                button type="submit" { "Save status" }
                            }
                        }
                        @let comments: Vec<_> = detail.comments.iter().filter(|comment| comment.task_id == task.id).collect();
                        @if !comments.is_empty() {
                            ul.comments { @for comment in comments { li { strong { (comment.author_label) } " (" (time(comment.created_at)) "): " (comment.body) } } }
                        }
                        @let form = FormView::keyed("comment", &task.id, refused_item(refused, "comment", &task.id));
                        @let fields = form.text("Comment", "body", "");
                        (form.summary())
                        form.inline method="post" action={ (base) "/tasks/" (task.id) "/comments" } novalidate {
                            (csrf_input(actor))
                            (fields)
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

/// Which form of the page was sent and where a success goes.
struct Sent<'a> {
    /// The form's id and its item (a task id, a step or gate key).
    form: &'static str,
    item: &'a str,
    notice: &'static str,
    anchor: String,
}

/// After a form: back to the enrollment with a notice, or the page again with the refused form
/// keeping its input and saying what is wrong.
async fn answer(
    state: &AppState,
    actor: &Actor,
    id: &str,
    sent: Sent<'_>,
    input: &impl Serialize,
    result: Result<(), AppError>,
) -> PageResult<Response> {
    match result {
        Ok(()) => Ok(Redirect::to(&format!(
            "/enrollments/{id}?notice={}#{}",
            sent.notice, sent.anchor
        ))
        .into_response()),
        Err(error) => {
            let refusal = Refusal::of(sent.form, input, error)?;
            let detail = enrollments::detail(state, actor, id).await?;
            let refused = Refused {
                refusal: &refusal,
                item: sent.item,
            };
            Ok(refused_page(
                &refusal,
                enrollment_markup(actor, &detail, None, Some(&refused)),
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
    let request = StatusRequest {
        status: &form.status,
        reason: &form.reason,
    };
    let result = work::set_status(&state, &actor, &id, &task_id, &request).await;
    let anchor = match &result {
        Ok(task) => format!("task-{}", task.step_key),
        Err(_) => String::new(),
    };
    let sent = Sent {
        form: "status",
        item: &task_id,
        notice: "task_updated",
        anchor,
    };
    answer(&state, &actor, &id, sent, &form, result.map(|_| ())).await
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
    let sent = Sent {
        form: "comment",
        item: &task_id,
        notice: "commented",
        anchor: String::new(),
    };
    answer(&state, &actor, &id, sent, &form, result.map(|_| ())).await
}

/// The ticked items of an attestation form: one `item_<n>` per ticked box, read as they come.
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
        .filter(|(name, _)| name.starts_with("item_"))
        .map(|(_, value)| value.clone())
        .collect();
    let result = work::attest(&state, &actor, &id, &step, &items).await;
    let sent = Sent {
        form: "attest",
        item: &step,
        notice: "attested",
        anchor: format!("task-{step}"),
    };
    answer(&state, &actor, &id, sent, &form, result).await
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
    let sent = Sent {
        form: "approve",
        item: &key,
        notice: "approved",
        anchor: format!("gate-{key}"),
    };
    answer(&state, &actor, &id, sent, &form, result).await
}

pub async fn override_gate(
    State(state): State<AppState>,
    CurrentUser(_, actor): CurrentUser,
    Path((id, key)): Path<(String, String)>,
    PageForm(form): PageForm<ReasonForm>,
) -> PageResult<Response> {
    let result = work::override_gate(&state, &actor, &id, &key, &form.reason).await;
    let sent = Sent {
        form: "override",
        item: &key,
        notice: "overridden",
        anchor: format!("gate-{key}"),
    };
    answer(&state, &actor, &id, sent, &form, result).await
}

#[derive(Debug, Deserialize)]
pub struct DocumentQuery {
    kind: String,
    task: String,
}

/// A document of a kind the track asks for, uploaded to the enrollment (multipart; the CSRF token
/// rides in the action, like every upload).
pub async fn upload_document(
    State(state): State<AppState>,
    CurrentUser(_, actor): CurrentUser,
    Path(id): Path<String>,
    PageQuery(query): PageQuery<DocumentQuery>,
    multipart: Result<Multipart, MultipartRejection>,
) -> PageResult<Response> {
    let limit = crate::registry::services::documents::max_document_bytes(&state.config);
    let result = match read_upload(multipart, limit).await {
        Ok(upload) => documents::upload(&state, &actor, &id, &query.kind, &upload)
            .await
            .map(|_| ()),
        Err(error) => Err(error),
    };
    let item = format!("{}/{}", query.task, query.kind);
    match result {
        Ok(()) => Ok(
            Redirect::to(&format!("/enrollments/{id}?notice=document_uploaded")).into_response(),
        ),
        Err(error) => {
            let refusal = upload_refusal(error)?;
            let refusal = Refusal {
                form: "document",
                ..refusal
            };
            let detail = enrollments::detail(&state, &actor, &id).await?;
            let refused = Refused {
                refusal: &refusal,
                item: &item,
            };
            Ok(refused_page(
                &refusal,
                enrollment_markup(&actor, &detail, None, Some(&refused)),
            ))
        }
    }
}

pub async fn accept_document(
    State(state): State<AppState>,
    CurrentUser(_, actor): CurrentUser,
    Path((id, evidence_id)): Path<(String, String)>,
) -> PageResult<Response> {
    let result = documents::accept(&state, &actor, &id, &evidence_id).await;
    let sent = Sent {
        form: "accept",
        item: &evidence_id,
        notice: "document_accepted",
        anchor: String::new(),
    };
    answer(&state, &actor, &id, sent, &(), result).await
}

#[derive(Debug, Deserialize, Serialize)]
pub struct RiskForm {
    #[serde(default)]
    title: String,
    #[serde(default)]
    likelihood: String,
    #[serde(default)]
    impact: String,
    #[serde(default)]
    mitigation: String,
    #[serde(default)]
    status: String,
    #[serde(default)]
    owner_id: String,
    #[serde(default)]
    review_on: String,
}

impl RiskForm {
    fn input(&self) -> risks::RiskInput<'_> {
        risks::RiskInput {
            title: &self.title,
            likelihood: &self.likelihood,
            impact: &self.impact,
            mitigation: &self.mitigation,
            status: &self.status,
            owner_id: &self.owner_id,
            review_on: &self.review_on,
        }
    }
}

pub async fn add_risk(
    State(state): State<AppState>,
    CurrentUser(_, actor): CurrentUser,
    Path(id): Path<String>,
    PageForm(form): PageForm<RiskForm>,
) -> PageResult<Response> {
    let result = risks::add(&state, &actor, &id, &form.input()).await;
    let sent = Sent {
        form: "add-risk",
        item: "new",
        notice: "risk_added",
        anchor: String::new(),
    };
    answer(&state, &actor, &id, sent, &form, result.map(|_| ())).await
}

pub async fn update_risk(
    State(state): State<AppState>,
    CurrentUser(_, actor): CurrentUser,
    Path((id, risk_id)): Path<(String, String)>,
    PageForm(form): PageForm<RiskForm>,
) -> PageResult<Response> {
    let result = risks::update(&state, &actor, &id, &risk_id, &form.input()).await;
    let sent = Sent {
        form: "risk",
        item: &risk_id,
        notice: "risk_saved",
        anchor: String::new(),
    };
    answer(&state, &actor, &id, sent, &form, result).await
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

/// The enrollment's environments, and for coordinators the forms that open them.
fn environments_card(actor: &Actor, detail: &Detail) -> Markup {
    use onramp_core::sandbox::{AccessState, EnvironmentKind, ValidationPolicy};
    let coordinator = actor.user().is_some_and(|user| is_coordinator(user.role));
    let id = &detail.enrollment.id;
    let has_sandbox = detail
        .environments
        .iter()
        .any(|environment| environment.kind == EnvironmentKind::Sandbox.as_str());
    let policies: Vec<(&str, &str)> = ValidationPolicy::ALL
        .iter()
        .map(|policy| (policy.as_str(), policy.label()))
        .collect();
    html! {
        div.card {
            h2 { "Environments" }
            @if detail.environments.is_empty() {
                p { "No sandbox yet."
                    @if let Some(gate) = &detail.track.sandbox_gate { " It opens by itself when the gate “" (detail.gates.iter().find(|view| &view.gate.key == gate).map_or(gate.as_str(), |view| view.gate.name.as_str())) "” holds." } }
            } @else {
                ul { @for environment in &detail.environments {
                    li {
                        a href={ "/environments/" (environment.id) } { (environment.name) }
                        " — " (label_of::<EnvironmentKind>(&environment.kind)) ", " (label_of::<AccessState>(&environment.state).to_lowercase())
                    }
                } }
            }
            p { a href={ "/enrollments/" (id) "/conformance" } { "Conformance testing: the suites of this track and their runs" } }
            @if coordinator {
                form method="post" action={ "/enrollments/" (id) "/environments" } {
                    (csrf_input(actor))
                    input type="hidden" name="kind" value="sandbox";
                    (FormView::plain().select_with("Validation of writes", "policy", &policies, ValidationPolicy::Reject.as_str(), None))
                    button type="submit" { @if has_sandbox { "Open another sandbox" } @else { "Open a sandbox" } }
                }
                form method="post" action={ "/enrollments/" (id) "/environments" } {
                    (csrf_input(actor))
                    input type="hidden" name="kind" value="production";
                    (FormView::plain().text("Production FHIR base URL", "production_url", ""))
                    button type="submit" { "Record the production endpoint" }
                }
            }
        }
    }
}
