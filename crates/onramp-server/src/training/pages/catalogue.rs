//! `/training`: what is required of the signed-in person and their progress, credits and
//! certificates, then every course (trainers store course versions here); `/training/courses/{key}`:
//! a course with its modules, assessment and versions; `/training/courses/{key}/modules/{module}`:
//! a module to read, or external material to attest.

use axum::extract::multipart::MultipartRejection;
use axum::extract::{Multipart, Path, State};
use axum::http::header;
use axum::response::{IntoResponse, Redirect, Response};
use maud::{html, Markup, PreEscaped};
use onramp_core::training::{CertificateStatus, Tenths};
use serde::{Deserialize, Serialize};

use crate::registry::pages::documents::{
    content_type_label, read_upload, size_label, upload_form, upload_refusal,
};
use crate::registry::services::documents::max_document_bytes;
use crate::registry::services::render::markdown_to_html_nested;
use crate::state::AppState;
use crate::training::services::courses::{self, document, TRAINERS};
use crate::training::services::learners::{self, Learning};
use crate::training::services::{attempts, files, progress};
use crate::web::actor::{Actor, CurrentUser};
use crate::web::error::{AppError, PageResult};
use crate::web::extract::PageForm;
use crate::web::forms::{refused_page, FormView, Refusal};
use crate::web::layout::{csrf_input, page, respond, time};

pub(super) fn tenths(value: i64) -> String {
    Tenths(u32::try_from(value).unwrap_or(0)).to_string()
}

pub(super) fn is_trainer(actor: &Actor) -> bool {
    actor
        .user()
        .is_some_and(|user| TRAINERS.contains(&user.role))
}

/// A person's requirements, progress, credits and certificates.
pub(super) fn learning_markup(learning: &Learning, own: bool) -> Markup {
    html! {
        div.card {
            h2 { @if own { "Required of you" } @else { "Courses" } }
            @if learning.courses.is_empty() {
                p { "No course is assigned or started yet." }
            } @else {
                table {
                    thead { tr { th scope="col" { "Course" } th scope="col" { "Due" } th scope="col" { "Progress" } th scope="col" { "Status" } } }
                    tbody { @for course in &learning.courses {
                        tr {
                            td { a href={ "/training/courses/" (course.course_key) } { (course.title) } }
                            td { @match course.assignment.as_ref().and_then(|a| a.due_at) { Some(due) => (time(due)), None => "—" } }
                            td {
                                progress max=(course.modules_total) value=(course.modules_done) aria-label={ "Modules of " (course.title) } {}
                                " " (course.modules_done) " of " (course.modules_total) " modules"
                            }
                            td {
                                @if course.progress.as_ref().is_some_and(|p| p.completed_at.is_some()) { span.badge { "Completed" } }
                                @else if course.overdue { strong.badge.warn { "Overdue" } }
                                @else if course.progress.is_some() { "In progress" }
                                @else { "Not started" }
                                @if course.assignment.is_none() { " (not required)" }
                            }
                        }
                    } }
                }
            }
            p { "Hours of training: " strong { (tenths(learning.hours_tenths)) } " · Continuing-education credits: " strong { (tenths(learning.credits_tenths)) } }
        }
        div.card {
            h2 { "Certificates" }
            @if learning.certificates.is_empty() {
                p { "No certificate yet." }
            } @else {
                table {
                    thead { tr { th scope="col" { "Certificate" } th scope="col" { "Issued" } th scope="col" { "Expires" } th scope="col" { "Status" } } }
                    tbody { @for standing in &learning.certificates {
                        tr {
                            td { a href={ "/verify/training/" (standing.certificate.id) } { (standing.certificate.title) } }
                            td { (time(standing.certificate.issued_at)) }
                            td { (time(standing.certificate.expires_at)) }
                            td {
                                @if standing.status == CertificateStatus::Valid { span.badge { (standing.status.label()) } }
                                @else { strong { (standing.status.label()) } }
                                @if standing.certificate.renewed_by.is_some() { " (renewed)" }
                            }
                        }
                    } }
                }
            }
        }
    }
}

async fn home_markup(
    state: &AppState,
    actor: &Actor,
    refusal: Option<&Refusal>,
) -> PageResult<Markup> {
    let user = crate::registry::services::scope::user(actor)?;
    let learning = match (&user.organization_id, user.role.is_staff()) {
        (Some(organization_id), false) => {
            Some(learners::learning(state, actor, organization_id, &user.id).await?)
        }
        _ => None,
    };
    let catalogue = courses::catalogue(state).await?;
    let trainer = is_trainer(actor);
    let form = FormView::new("course", refusal);
    // Fields first, so that the error summary above them knows their labels.
    let document_field = form.textarea("Course document (JSON)", "document", "");
    let mut rows = Vec::with_capacity(catalogue.len());
    for course in &catalogue {
        rows.push((course, document(course)?));
    }
    Ok(page(
        Some(actor),
        "Training",
        html! {
            h1 { "Training" }
            @if let Some(learning) = &learning { (learning_markup(learning, true)) }
            nav aria-label="Training" {
                ul.inline {
                    li { a href="/training/sessions" { "Live sessions" } }
                    @if user.role == onramp_core::Role::PartnerAdmin { li { a href="/training/people" { "Your people's training" } } }
                    @if trainer { li { a href="/training/grading" { "Attempts to grade" } } }
                    @if trainer || user.role == onramp_core::Role::OnboardingCoordinator || user.role == onramp_core::Role::PartnerAdmin {
                        li { a href="/training/reports" { "Reports" } }
                    }
                }
            }
            h2 { "Courses" }
            table {
                thead { tr { th scope="col" { "Course" } th scope="col" { "Modules" } th scope="col" { "Hours" } th scope="col" { "Credits" } th scope="col" { "Certification" } } }
                tbody { @for (course, doc) in &rows {
                    tr {
                        td { a href={ "/training/courses/" (course.key) } { (course.title) } }
                        td { (doc.modules.len()) }
                        td { (doc.total_hours()) }
                        td { (doc.total_credits()) }
                        td { @match &doc.certification { Some(c) => { (c.title) " (" (c.valid_days) " days)" }, None => "—" } }
                    }
                } }
            }
            @if trainer {
                div.card {
                    h2 { "Store a course version" }
                    p { "Paste the course document (JSON; see the training guide). A document with the key of an existing course becomes its next version; learners finish the version they started." }
                    (form.summary())
                    form method="post" action="/training/courses" novalidate {
                        (csrf_input(actor))
                        (document_field)
                        button type="submit" { "Store the version" }
                    }
                }
            }
        },
    ))
}

pub async fn home(
    State(state): State<AppState>,
    CurrentUser(_, actor): CurrentUser,
) -> PageResult<Response> {
    Ok(respond(home_markup(&state, &actor, None).await?))
}

#[derive(Debug, Default, Deserialize, Serialize)]
pub struct CourseForm {
    #[serde(default)]
    document: String,
}

pub async fn create(
    State(state): State<AppState>,
    CurrentUser(_, actor): CurrentUser,
    PageForm(form): PageForm<CourseForm>,
) -> PageResult<Response> {
    match courses::create(&state, &actor, &form.document).await {
        Ok(stored) => {
            Ok(Redirect::to(&format!("/training/courses/{}", stored.course.key)).into_response())
        }
        Err(error) => {
            let mut refusal = Refusal::of("course", &form, error)?;
            for error in &mut refusal.errors {
                if error.field != "document" {
                    if !error.field.is_empty() {
                        error.message = format!("{}: {}", error.field, error.message);
                    }
                    error.field = "document".to_owned();
                }
            }
            let markup = home_markup(&state, &actor, Some(&refusal)).await?;
            Ok(refused_page(&refusal, markup))
        }
    }
}

async fn course_markup(
    state: &AppState,
    actor: &Actor,
    key: &str,
    refusal: Option<&Refusal>,
) -> PageResult<Markup> {
    let user = crate::registry::services::scope::user(actor)?;
    let latest = courses::find(state, key, None).await?;
    let learner = !user.role.is_staff();
    let started = if learner {
        onramp_store::training::progress::find(state.store.pool(), &user.id, key)
            .await
            .map_err(AppError::from)?
    } else {
        None
    };
    // A learner sees the version they started.
    let shown = match &started {
        Some(started) => {
            onramp_store::training::courses::find(state.store.pool(), &started.course_id)
                .await
                .map_err(AppError::from)?
        }
        None => latest.clone(),
    };
    let doc = document(&shown)?;
    let done: Vec<String> = match &started {
        Some(started) => onramp_store::training::progress::completed_modules(
            state.store.pool(),
            &user.id,
            &started.course_id,
        )
        .await
        .map_err(AppError::from)?
        .into_iter()
        .map(|completed| completed.module_key)
        .collect(),
        None => Vec::new(),
    };
    let eligibility = match (learner, &doc.assessment) {
        (true, Some(_)) => Some(attempts::eligibility(state, &user.id, key).await?),
        _ => None,
    };
    let (history, course_files) = if is_trainer(actor) {
        (
            courses::history(state, key).await?,
            Some(files::of_course(state, key).await?),
        )
    } else {
        (Vec::new(), None)
    };
    let upload_view = FormView::new("upload", refusal);
    let upload = course_files.as_ref().map(|_| {
        upload_form(
            actor,
            &format!("/training/courses/{key}/files"),
            max_document_bytes(&state.config),
            &upload_view,
        )
    });
    let form = FormView::new("course-action", refusal);
    let mut prerequisites = Vec::with_capacity(doc.prerequisites.len());
    for key in &doc.prerequisites {
        let title = courses::find(state, key, None)
            .await
            .map_or_else(|_| key.clone(), |course| course.title);
        prerequisites.push((key.clone(), title));
    }
    Ok(page(
        Some(actor),
        &doc.title,
        html! {
            p { a href="/training" { "← Training" } }
            h1 { (doc.title) " " span.badge { "version " (shown.version) } }
            @if let Some(summary) = &doc.summary { div.prose { (PreEscaped(markdown_to_html_nested(&files::resolve(state, key, summary), 0))) } }
            (form.summary())
            div.card {
                dl {
                    dt { "Hours" } dd { (doc.total_hours()) }
                    dt { "Continuing-education credits" } dd { (doc.total_credits()) }
                    @if !doc.prerequisites.is_empty() {
                        dt { "Prerequisites" } dd { @for (i, (key, title)) in prerequisites.iter().enumerate() { @if i > 0 { ", " } a href={ "/training/courses/" (key) } { (title) } } }
                    }
                    @if !doc.audience.is_empty() {
                        dt { "Meant for" } dd { (doc.audience.iter().map(|r| r.label()).collect::<Vec<_>>().join(", ")) }
                    }
                    @if let Some(certification) = &doc.certification {
                        dt { "Certification" } dd {
                            (certification.title) ", valid " (certification.valid_days) " days"
                            @if let Some(credits) = certification.recertification_credits { "; renewed by earning " (credits) " credits in other courses within the period" }
                        }
                    }
                }
                @if learner && started.is_none() {
                    form method="post" action={ "/training/courses/" (key) "/start" } {
                        (csrf_input(actor))
                        button type="submit" { "Start the course" }
                    }
                }
                @if let Some(started) = &started {
                    p { "Started " (time(started.started_at)) "."
                        @if let Some(completed) = started.completed_at { " " strong { "Completed " (time(completed)) "." } } }
                }
            }
            h2 { "Modules" }
            ol.modules {
                @for module in &doc.modules {
                    li {
                        a href={ "/training/courses/" (key) "/modules/" (module.key) } { (module.title) }
                        " · " (module.hours) " h · " (module.credits) " credits"
                        @if module.link.is_some() { " · external material" }
                        @if done.contains(&module.key) { " " span.badge { "Done" } }
                    }
                }
            }
            @if let Some(assessment) = &doc.assessment {
                div.card {
                    h2 { "Assessment" }
                    p {
                        (assessment.questions_per_attempt()) " questions drawn at random from " (assessment.questions.len())
                        "; pass mark " (assessment.pass_mark) " %; " (assessment.attempt_limit()) " attempts"
                        @if let Some(minutes) = assessment.time_limit_minutes { "; " (minutes) " minutes per attempt, counted by the server" }
                        "."
                    }
                    @if let Some(eligibility) = &eligibility {
                        p { "Attempts used: " (eligibility.used) " of " (eligibility.limit) "." }
                        @if let Some(id) = &eligibility.in_progress {
                            p { a href={ "/training/attempts/" (id) } { "Resume your attempt" } }
                        } @else if let Some(reason) = &eligibility.refused {
                            p { (reason) }
                        } @else {
                            form method="post" action={ "/training/courses/" (key) "/attempts" } {
                                (csrf_input(actor))
                                button type="submit" { "Start an attempt" }
                            }
                        }
                    }
                }
            }
            @if let (Some(course_files), Some(upload)) = (&course_files, &upload) {
                div.card #files {
                    h2 { "Images and attachments" }
                    p { "Name a file in a module's Markdown as " code { "![a description](attachment:NAME)" } " for an image, or " code { "[a title](attachment:NAME)" } " for a download. Files are never replaced: a changed file takes a new name." }
                    @if course_files.is_empty() { p.muted { "No file yet." } } @else {
                        table {
                            thead { tr { th scope="col" { "File" } th scope="col" { "Type" } th scope="col" { "Size" } th scope="col" { "In Markdown" } } }
                            tbody { @for file in course_files {
                                tr {
                                    td { a href=(files::url(state, key, &file.filename)) { (file.filename) } }
                                    td { (content_type_label(&file.content_type)) }
                                    td { (size_label(file.size_bytes)) }
                                    td { code { "attachment:" (file.filename) } }
                                }
                            } }
                        }
                    }
                    (upload_view.summary())
                    (upload)
                }
            }
            @if !history.is_empty() {
                div.card {
                    h2 { "Versions" }
                    ul { @for (version, changes) in &history {
                        li {
                            "Version " (version.version) " (" (time(version.created_at)) "): "
                            @if changes.is_empty() { "the first" } @else { (changes.join(" ")) }
                        }
                    } }
                }
            }
        },
    ))
}

pub async fn course(
    State(state): State<AppState>,
    CurrentUser(_, actor): CurrentUser,
    Path(key): Path<String>,
) -> PageResult<Response> {
    Ok(respond(course_markup(&state, &actor, &key, None).await?))
}

#[derive(Debug, Default, Deserialize, Serialize)]
pub struct EmptyForm {}

pub async fn start(
    State(state): State<AppState>,
    CurrentUser(_, actor): CurrentUser,
    Path(key): Path<String>,
    PageForm(form): PageForm<EmptyForm>,
) -> PageResult<Response> {
    match progress::start(&state, &actor, &key).await {
        Ok(_) => Ok(Redirect::to(&format!("/training/courses/{key}")).into_response()),
        Err(error) => {
            let refusal = Refusal::of("course-action", &form, error)?;
            let markup = course_markup(&state, &actor, &key, Some(&refusal)).await?;
            Ok(refused_page(&refusal, markup))
        }
    }
}

pub async fn start_attempt(
    State(state): State<AppState>,
    CurrentUser(_, actor): CurrentUser,
    Path(key): Path<String>,
    PageForm(form): PageForm<EmptyForm>,
) -> PageResult<Response> {
    match attempts::start(&state, &actor, &key).await {
        Ok(attempt) => {
            Ok(Redirect::to(&format!("/training/attempts/{}", attempt.id)).into_response())
        }
        Err(error) => {
            let refusal = Refusal::of("course-action", &form, error)?;
            let markup = course_markup(&state, &actor, &key, Some(&refusal)).await?;
            Ok(refused_page(&refusal, markup))
        }
    }
}

async fn module_markup(
    state: &AppState,
    actor: &Actor,
    key: &str,
    module_key: &str,
    refusal: Option<&Refusal>,
) -> PageResult<Markup> {
    let user = crate::registry::services::scope::user(actor)?;
    let started = if user.role.is_staff() {
        None
    } else {
        onramp_store::training::progress::find(state.store.pool(), &user.id, key)
            .await
            .map_err(AppError::from)?
    };
    let shown = match &started {
        Some(started) => {
            onramp_store::training::courses::find(state.store.pool(), &started.course_id)
                .await
                .map_err(AppError::from)?
        }
        None => courses::find(state, key, None).await?,
    };
    let doc = document(&shown)?;
    let module = doc
        .modules
        .iter()
        .find(|module| module.key == module_key)
        .ok_or(AppError::NotFound("module"))?;
    let done = match &started {
        Some(started) => onramp_store::training::progress::completed_modules(
            state.store.pool(),
            &user.id,
            &started.course_id,
        )
        .await
        .map_err(AppError::from)?
        .into_iter()
        .find(|completed| completed.module_key == module_key),
        None => None,
    };
    let position = doc
        .modules
        .iter()
        .position(|m| m.key == module_key)
        .unwrap_or(0);
    let next = doc.modules.get(position + 1);
    let form = FormView::new("module", refusal);
    let attestation_field = module
        .attestation
        .as_ref()
        .map(|attestation| form.checkbox(attestation, "attested", "yes", false));
    Ok(page(
        Some(actor),
        &module.title,
        html! {
            p { a href={ "/training/courses/" (key) } { "← " (doc.title) } }
            h1 { (module.title) }
            p { (module.hours) " hours · " (module.credits) " continuing-education credits" }
            @if let Some(markdown) = &module.markdown {
                article.prose { (PreEscaped(markdown_to_html_nested(&files::resolve(state, key, markdown), 0))) }
            }
            @if let Some(link) = &module.link {
                div.card {
                    p { "This module is external material: " a href=(link) rel="noopener noreferrer" { (link) } }
                }
            }
            @if let Some(done) = &done {
                p.status role="status" { strong { "Done " (time(done.completed_at)) " (" (done.completion) ")." } }
            } @else if !user.role.is_staff() {
                div.card {
                    (form.summary())
                    form method="post" action={ "/training/courses/" (key) "/modules/" (module.key) "/complete" } novalidate {
                        (csrf_input(actor))
                        @if let Some(field) = &attestation_field {
                            (field)
                            button type="submit" { "Record my attestation" }
                        } @else {
                            button type="submit" { "Mark as read" }
                        }
                    }
                }
            }
            @if let Some(next) = next {
                p { "Next: " a href={ "/training/courses/" (key) "/modules/" (next.key) } { (next.title) } }
            }
        },
    ))
}

pub async fn module(
    State(state): State<AppState>,
    CurrentUser(_, actor): CurrentUser,
    Path((key, module_key)): Path<(String, String)>,
) -> PageResult<Response> {
    Ok(respond(
        module_markup(&state, &actor, &key, &module_key, None).await?,
    ))
}

#[derive(Debug, Default, Deserialize, Serialize)]
pub struct CompleteForm {
    #[serde(default)]
    attested: Option<String>,
}

pub async fn complete_module(
    State(state): State<AppState>,
    CurrentUser(_, actor): CurrentUser,
    Path((key, module_key)): Path<(String, String)>,
    PageForm(form): PageForm<CompleteForm>,
) -> PageResult<Response> {
    let attested = form.attested.as_deref() == Some("yes");
    match progress::complete_module(&state, &actor, &key, &module_key, attested).await {
        Ok(_) => Ok(
            Redirect::to(&format!("/training/courses/{key}/modules/{module_key}")).into_response(),
        ),
        Err(error) => {
            let refusal = Refusal::of("module", &form, error)?;
            let markup = module_markup(&state, &actor, &key, &module_key, Some(&refusal)).await?;
            Ok(refused_page(&refusal, markup))
        }
    }
}

/// The trainers' home: attempts waiting for grading, and where the rest is.
pub async fn trainer_home(state: &AppState) -> PageResult<Markup> {
    let queue = onramp_store::training::attempts::awaiting_grading(state.store.pool())
        .await
        .map_err(AppError::from)?;
    Ok(html! {
        div.card {
            h2 { "Training" }
            @if queue.is_empty() {
                p { "No attempt is waiting for your grading." }
            } @else {
                p { strong { (queue.len()) } " attempts wait for grading:" }
                ul { @for attempt in queue.iter().take(10) {
                    li { a href={ "/training/attempts/" (attempt.id) } { (attempt.user_name) " — " (attempt.course_title) } " (" (attempt.submitted_at.map(time).unwrap_or_default()) ")" }
                } }
            }
            p { a href="/training" { "Courses" } " · " a href="/training/sessions" { "Live sessions" } " · " a href="/training/reports" { "Reports" } }
        }
    })
}

pub async fn upload_file(
    State(state): State<AppState>,
    CurrentUser(_, actor): CurrentUser,
    Path(key): Path<String>,
    multipart: Result<Multipart, MultipartRejection>,
) -> PageResult<Response> {
    let limit = max_document_bytes(&state.config);
    let result = match read_upload(multipart, limit).await {
        Ok(upload) => files::upload(&state, &actor, &key, upload).await,
        Err(error) => Err(error),
    };
    match result {
        Ok(_) => Ok(Redirect::to(&format!("/training/courses/{key}#files")).into_response()),
        Err(error) => {
            let refusal = upload_refusal(error)?;
            let markup = course_markup(&state, &actor, &key, Some(&refusal)).await?;
            Ok(refused_page(&refusal, markup))
        }
    }
}

/// A course's image or attachment: images shown in place, PDFs downloaded.
pub async fn file(
    State(state): State<AppState>,
    CurrentUser(_, _actor): CurrentUser,
    Path((key, name)): Path<(String, String)>,
) -> PageResult<Response> {
    let (stored, bytes) = files::content(&state, &key, &name).await?;
    let disposition = if stored.content_type.starts_with("image/") {
        "inline"
    } else {
        "attachment"
    };
    Ok((
        [
            (header::CONTENT_TYPE, stored.content_type.clone()),
            (
                header::CONTENT_DISPOSITION,
                format!("{disposition}; filename=\"{}\"", stored.filename),
            ),
        ],
        bytes,
    )
        .into_response())
}
