//! `/enrollments/{id}/conformance`: the track's suites, the enrollment's runs and the form that
//! starts one; `/runs/{id}`: a run — its progress while it runs (the page refreshes itself), each
//! test with its result, evidence and any override, what changed since the previous run, the
//! thread, and the actions of the partner (submit, re-test) and of the analyst (override, ask
//! for a re-test, sign off); `/reviews`: the analysts' queue.

use axum::extract::{Path, State};
use axum::response::{IntoResponse, Redirect, Response};
use maud::{html, Markup};
use onramp_core::conformance::results::RunResult;
use onramp_core::conformance::{ReviewState, RunState, TestKind, TestResult};
use onramp_core::vocabulary::label_of;
use onramp_store::conformance::runs as store;
use onramp_store::conformance::suites as suite_store;
use serde::{Deserialize, Serialize};

use crate::conformance::services::review::{self, REVIEWERS};
use crate::conformance::services::runs::{self, RunInput, RUNNERS};
use crate::state::AppState;
use crate::tracks::services::enrollments::visible;
use crate::web::actor::{Actor, CurrentUser};
use crate::web::error::{AppError, PageResult};
use crate::web::extract::PageForm;
use crate::web::forms::{refused_page, FormView, Refusal};
use crate::web::layout::{csrf_input, page, respond, time};

fn role_in(actor: &Actor, roles: &[onramp_core::Role]) -> bool {
    actor.user().is_some_and(|user| roles.contains(&user.role))
}

async fn enrollment_markup(
    state: &AppState,
    actor: &Actor,
    enrollment_id: &str,
    refusal: Option<&Refusal>,
) -> PageResult<Markup> {
    let enrollment = visible(state, actor, enrollment_id).await?;
    let suites = suite_store::latest(state.store.pool(), Some(&enrollment.track_key))
        .await
        .map_err(AppError::from)?;
    let list = store::of_enrollment(state.store.pool(), &enrollment.id)
        .await
        .map_err(AppError::from)?;
    let form = FormView::new("run", refusal);
    let suite_choices: Vec<(&str, &str)> = suites
        .iter()
        .map(|s| (s.key.as_str(), s.title.as_str()))
        .collect();
    Ok(page(
        Some(actor),
        "Conformance testing",
        html! {
            p { a href={ "/enrollments/" (enrollment.id) } { "← The enrollment" } }
            h1 { "Conformance testing" }
            div.card {
                h2 { "Runs" }
                @if list.is_empty() {
                    p { "No run yet." }
                } @else {
                    table {
                        thead { tr { th scope="col" { "Started" } th scope="col" { "System" } th scope="col" { "State" } th scope="col" { "Result" } th scope="col" { "Review" } } }
                        tbody { @for run in &list {
                            tr {
                                td { a href={ "/runs/" (run.id) } { (time(run.created_at)) } }
                                td { (run.system_name) }
                                td { (label_of::<RunState>(&run.state)) }
                                td { (run.result.as_deref().map(label_of::<RunResult>).unwrap_or_default()) }
                                td { (label_of::<ReviewState>(&run.review_state)) }
                            }
                        } }
                    }
                }
            }
            @if role_in(actor, RUNNERS) {
                div.card {
                    h2 { "Start a run" }
                    @if suites.is_empty() {
                        p { "The program has no suite for this track yet." }
                    } @else {
                        p { "Message tests read what your system sent to its sandbox. TestScripts run against your own FHIR server: give its base URL and, if it needs one, a bearer token (kept encrypted and erased when the run ends)." }
                        (form.summary())
                        form method="post" action={ "/enrollments/" (enrollment.id) "/runs" } novalidate {
                            (csrf_input(actor))
                            (form.select_with("Suite", "suite", &suite_choices, suite_choices.first().map_or("", |c| c.0), None))
                            (form.text("System under test (as its certificate will name it)", "system_name", ""))
                            (form.text("Your FHIR server's base URL (for TestScripts)", "server_url", ""))
                            (form.input("Bearer token for your server (optional)", "bearer_token", crate::web::forms::Kind::Password, "", "off"))
                            (form.text("Start at (optional, such as 2027-01-04T02:00:00Z; empty: now)", "start_at", ""))
                            button type="submit" { "Start the run" }
                        }
                    }
                }
            }
        },
    ))
}

pub async fn enrollment(
    State(state): State<AppState>,
    CurrentUser(_, actor): CurrentUser,
    Path(id): Path<String>,
) -> PageResult<Response> {
    Ok(respond(enrollment_markup(&state, &actor, &id, None).await?))
}

#[derive(Debug, Default, Deserialize, Serialize)]
pub struct RunForm {
    #[serde(default)]
    suite: String,
    #[serde(default)]
    system_name: String,
    #[serde(default)]
    server_url: String,
    #[serde(default, skip_serializing)]
    bearer_token: String,
    #[serde(default)]
    retest_of: String,
    #[serde(default)]
    start_at: String,
}

pub async fn start(
    State(state): State<AppState>,
    CurrentUser(_, actor): CurrentUser,
    Path(id): Path<String>,
    PageForm(form): PageForm<RunForm>,
) -> PageResult<Response> {
    let input = RunInput {
        suite: &form.suite,
        suite_version: None,
        system_name: &form.system_name,
        server_url: &form.server_url,
        bearer_token: &form.bearer_token,
        retest_of: Some(form.retest_of.as_str()).filter(|text| !text.is_empty()),
        start_at: &form.start_at,
    };
    match runs::start(&state, &actor, &id, &input).await {
        Ok(run) => Ok(Redirect::to(&format!("/runs/{}", run.id)).into_response()),
        Err(error) => {
            let refusal = Refusal::of("run", &form, error)?;
            let markup = enrollment_markup(&state, &actor, &id, Some(&refusal)).await?;
            Ok(refused_page(&refusal, markup))
        }
    }
}

/// The value at `pointer`, or null.
fn at<'v>(value: &'v serde_json::Value, pointer: &str) -> &'v serde_json::Value {
    value.pointer(pointer).unwrap_or(&serde_json::Value::Null)
}

fn evidence_markup(run_id: &str, environment_id: Option<&str>, evidence: &str) -> Markup {
    let value: serde_json::Value = serde_json::from_str(evidence).unwrap_or_default();
    let satisfied: Vec<&str> = at(&value, "/satisfied")
        .as_array()
        .map(|a| a.iter().filter_map(|v| v.as_str()).collect())
        .unwrap_or_default();
    let failures = at(&value, "/failures")
        .as_array()
        .cloned()
        .unwrap_or_default();
    let exchanges = at(&value, "/exchanges")
        .as_array()
        .cloned()
        .unwrap_or_default();
    let _ = run_id;
    html! {
        @if !satisfied.is_empty() {
            p { "Satisfied by: "
                @for (index, id) in satisfied.iter().enumerate() {
                    @if index > 0 { ", " }
                    @if let Some(environment) = environment_id {
                        a href={ "/environments/" (environment) "/messages/" (id) } { "message " (index + 1) }
                    } @else { (id) }
                }
            }
        }
        @if !failures.is_empty() {
            details {
                summary { (failures.len()) " failing attempt(s)" }
                ul { @for failure in &failures {
                    li {
                        @if let (Some(environment), Some(id)) = (environment_id, at(failure, "/message_id").as_str()) {
                            a href={ "/environments/" (environment) "/messages/" (id) } { (at(failure, "/reason").as_str().unwrap_or_default()) }
                        } @else { (at(failure, "/reason").as_str().unwrap_or_default()) }
                        @if let Some(issues) = at(failure, "/outcome/issue").as_array() {
                            ul { @for issue in issues.iter().take(10) {
                                li { (at(issue, "/severity").as_str().unwrap_or_default()) ": " (at(issue, "/diagnostics").as_str().unwrap_or_default()) }
                            } }
                        }
                    }
                } }
            }
        }
        @if !exchanges.is_empty() {
            details {
                summary { (exchanges.len()) " request(s) sent" }
                ol { @for exchange in &exchanges {
                    li { code { (at(exchange, "/method").as_str().unwrap_or_default()) " " (at(exchange, "/url").as_str().unwrap_or_default()) }
                        " → " (at(exchange, "/status").as_u64().map(|s| s.to_string()).or_else(|| at(exchange, "/error").as_str().map(str::to_owned)).unwrap_or_default()) }
                } }
            }
        }
    }
}

async fn run_markup(
    state: &AppState,
    actor: &Actor,
    id: &str,
    refusal: Option<&Refusal>,
) -> PageResult<Markup> {
    let detail = runs::detail(state, actor, id).await?;
    let run = &detail.run;
    let running = run.state == RunState::Running.as_str()
        || (run.state == RunState::Queued.as_str() && run.scheduled_at <= state.clock.now_ms());
    let analyst = role_in(actor, REVIEWERS);
    let runner = role_in(actor, RUNNERS);
    let submitted = run.review_state == ReviewState::Submitted.as_str();
    let form = FormView::new("review", refusal);
    let percent = if run.progress_total > 0 {
        run.progress_done * 100 / run.progress_total
    } else {
        100
    };
    Ok(page(
        Some(actor),
        &format!("Run of {}", run.system_name),
        html! {
            p { a href={ "/enrollments/" (run.enrollment_id) "/conformance" } { "← Conformance testing" } }
            h1 { "Run of " (run.system_name) }
            div.card {
                dl {
                    dt { "Suite" } dd { a href={ "/suites/" (detail.suite.key) } { (detail.suite.title) } " (version " (detail.suite.version) ")" }
                    dt { "State" } dd { (label_of::<RunState>(&run.state)) }
                    @if running {
                        dt { "Progress" } dd {
                            progress max="100" value=(percent) aria-label="Progress" { (percent) "%" }
                            " " (run.progress_done) " of " (run.progress_total) " tests · "
                            a href={ "/runs/" (run.id) } { "Refresh to see how far it is" }
                        }
                    }
                    @if let Some(error) = &run.error { dt { "Why it could not run" } dd { (error) } }
                    @if let Some(result) = &run.result { dt { "Result" } dd { strong { (label_of::<RunResult>(result)) } } }
                    dt { "Review" } dd { (label_of::<ReviewState>(&run.review_state)) }
                    @if let Some(url) = &run.server_url { dt { "Server" } dd { code { (url) } } }
                    @if run.state == RunState::Queued.as_str() && run.scheduled_at > run.created_at {
                        dt { "Scheduled for" } dd { (time(run.scheduled_at)) }
                    }
                    dt { "Started" } dd { (run.started_at.map(time).unwrap_or_else(|| "not yet".to_owned())) }
                    @if let Some(previous) = &run.previous_run_id { dt { "Re-test of" } dd { a href={ "/runs/" (previous) } { "the earlier run" } } }
                }
                p {
                    a href={ "/api/v1/runs/" (run.id) "/report" } download={ "run-" (run.id) ".json" } { "Download the report (FHIR Bundle of TestReports)" }
                    " · "
                    a href={ "/runs/" (run.id) "/report.pdf" } { "the report as PDF" }
                }
            }
            @if !detail.changed.is_empty() {
                div.card {
                    h2 { "Changed since the previous run" }
                    ul { @for (key, before, now) in &detail.changed { li { code { (key) } ": " (before) " → " (now) } } }
                }
            }
            (form.summary())
            div.card {
                h2 { "Tests" }
                @for test in &detail.tests {
                    section.test id={ "test-" (test.test_key) } {
                        h3 { (test.title) " " code { (test.test_key) } }
                        p {
                            (label_of::<TestKind>(&test.kind)) ": "
                            strong.result { (label_of::<TestResult>(test.override_result.as_deref().unwrap_or(&test.result))) }
                            @if let Some(reason) = &test.override_reason {
                                " — overridden (found: " (label_of::<TestResult>(&test.result)) "): " (reason)
                            }
                            @if test.retest_requested { " — " strong { "re-test asked for" } }
                            @if test.carried_from.is_some() { " — carried over from the earlier run" }
                        }
                        p { (test.summary) }
                        (evidence_markup(&run.id, run.environment_id.as_deref(), &test.evidence))
                        @for comment in detail.comments.iter().filter(|c| c.test_key.as_deref() == Some(&test.test_key)) {
                            blockquote { p { (comment.body) } footer { (comment.author_name) ", " (time(comment.created_at)) } }
                        }
                        details {
                            summary { "Comment on " (test.test_key) }
                            form method="post" action={ "/runs/" (run.id) "/comments" } {
                                (csrf_input(actor))
                                input type="hidden" name="test" value=(test.test_key);
                                (FormView::keyed("comment", &test.test_key, None).textarea("Comment", "body", ""))
                                button type="submit" { "Comment on " (test.test_key) }
                            }
                        }
                        @if analyst && submitted {
                            @let refused_here = refusal.filter(|r| r.form == "override" && r.input.iter().any(|(name, value)| name == "test" && value == &test.test_key));
                            @let override_form = FormView::keyed("override", &test.test_key, refused_here);
                            details open[refused_here.is_some()] {
                                summary { "Override " (test.test_key) }
                                (override_form.summary())
                                form method="post" action={ "/runs/" (run.id) "/tests/" (test.test_key) "/override" } novalidate {
                                    (csrf_input(actor))
                                    (override_form.select("Result", "result", &[("passed", "Passed"), ("failed", "Failed")], "passed"))
                                    (override_form.text("Reason (shown in every report)", "reason", ""))
                                    button type="submit" { "Override " (test.test_key) }
                                }
                            }
                        }
                    }
                }
            }
            div.card {
                h2 { "Thread" }
                @for comment in detail.comments.iter().filter(|c| c.test_key.is_none()) {
                    blockquote { p { (comment.body) } footer { (comment.author_name) ", " (time(comment.created_at)) } }
                }
                form method="post" action={ "/runs/" (run.id) "/comments" } {
                    (csrf_input(actor))
                    (FormView::new("comment", None).textarea("Comment on the run", "body", ""))
                    button type="submit" { "Comment" }
                }
            }
            @if runner && run.state == RunState::Completed.as_str() && run.review_state == ReviewState::Open.as_str() {
                form method="post" action={ "/runs/" (run.id) "/submit" } {
                    (csrf_input(actor))
                    button type="submit" { "Submit the run for review" }
                }
            }
            @if runner && run.review_state == ReviewState::RetestRequested.as_str() {
                div.card {
                    h2 { "Re-test asked for" }
                    p { "The analyst asked for the marked tests to run again; the others are carried over." }
                    form method="post" action={ "/enrollments/" (run.enrollment_id) "/runs" } {
                        (csrf_input(actor))
                        input type="hidden" name="suite" value=(detail.suite.key);
                        input type="hidden" name="system_name" value=(run.system_name);
                        input type="hidden" name="retest_of" value=(run.id);
                        (FormView::new("retest-run", None).text("Your FHIR server's base URL", "server_url", run.server_url.as_deref().unwrap_or_default()))
                        (FormView::new("retest-run", None).input("Bearer token for your server (optional)", "bearer_token", crate::web::forms::Kind::Password, "", "off"))
                        button type="submit" { "Run the re-test" }
                    }
                }
            }
            @if analyst && submitted {
                div.card {
                    h2 { "Review" }
                    @let retest_form = FormView::new("retest", refusal);
                    (retest_form.summary())
                    form method="post" action={ "/runs/" (run.id) "/retest" } novalidate {
                        (csrf_input(actor))
                        fieldset {
                            legend { "Tests to run again" }
                            @for test in &detail.tests {
                                (FormView::keyed("retest", &test.test_key, None).checkbox(&test.title, "tests", &test.test_key, false))
                            }
                        }
                        (retest_form.textarea("Note to the partner", "note", ""))
                        button type="submit" { "Ask for a re-test" }
                    }
                    form method="post" action={ "/runs/" (run.id) "/sign-off" } {
                        (csrf_input(actor))
                        button type="submit" { "Sign off and issue the certificate" }
                    }
                }
            }
        },
    ))
}

pub async fn show(
    State(state): State<AppState>,
    CurrentUser(_, actor): CurrentUser,
    Path(id): Path<String>,
) -> PageResult<Response> {
    Ok(respond(run_markup(&state, &actor, &id, None).await?))
}

/// Draws the run again with a refused review action (of the form `form`, with what was typed),
/// or goes back to it.
async fn after(
    state: &AppState,
    actor: &Actor,
    id: &str,
    result: Result<(), AppError>,
    form: &'static str,
    input: &impl Serialize,
) -> PageResult<Response> {
    match result {
        Ok(()) => Ok(Redirect::to(&format!("/runs/{id}")).into_response()),
        Err(error) => {
            let refusal = Refusal::of(form, input, error)?;
            let markup = run_markup(state, actor, id, Some(&refusal)).await?;
            Ok(refused_page(&refusal, markup))
        }
    }
}

pub async fn submit(
    State(state): State<AppState>,
    CurrentUser(_, actor): CurrentUser,
    Path(id): Path<String>,
) -> PageResult<Response> {
    let result = review::submit(&state, &actor, &id).await.map(|_| ());
    after(&state, &actor, &id, result, "review", &()).await
}

#[derive(Debug, Default, Deserialize, Serialize)]
pub struct CommentForm {
    #[serde(default)]
    body: String,
    #[serde(default)]
    test: String,
}

pub async fn comment(
    State(state): State<AppState>,
    CurrentUser(_, actor): CurrentUser,
    Path(id): Path<String>,
    PageForm(form): PageForm<CommentForm>,
) -> PageResult<Response> {
    let result = review::comment(&state, &actor, &id, Some(form.test.as_str()), &form.body).await;
    after(&state, &actor, &id, result, "comment", &form).await
}

#[derive(Debug, Default, Deserialize, Serialize)]
pub struct OverrideForm {
    #[serde(default)]
    result: String,
    #[serde(default)]
    reason: String,
    /// Not sent: the test of the path, kept so a refusal is drawn on its form.
    #[serde(default)]
    test: String,
}

pub async fn override_test(
    State(state): State<AppState>,
    CurrentUser(_, actor): CurrentUser,
    Path((id, key)): Path<(String, String)>,
    PageForm(form): PageForm<OverrideForm>,
) -> PageResult<Response> {
    let result = review::override_test(&state, &actor, &id, &key, &form.result, &form.reason)
        .await
        .map(|_| ());
    let input = OverrideForm { test: key, ..form };
    after(&state, &actor, &id, result, "override", &input).await
}

/// `POST /runs/{id}/retest`: every `tests` box ticked, and the `note`.
pub async fn retest(
    State(state): State<AppState>,
    CurrentUser(_, actor): CurrentUser,
    Path(id): Path<String>,
    PageForm(pairs): PageForm<Vec<(String, String)>>,
) -> PageResult<Response> {
    let tests: Vec<String> = pairs
        .iter()
        .filter(|(name, _)| name == "tests")
        .map(|(_, value)| value.clone())
        .collect();
    let note = pairs
        .iter()
        .find(|(name, _)| name == "note")
        .map_or("", |(_, value)| value.as_str());
    let result = review::request_retest(&state, &actor, &id, &tests, note)
        .await
        .map(|_| ());
    after(&state, &actor, &id, result, "retest", &[("note", note)]).await
}

pub async fn sign_off(
    State(state): State<AppState>,
    CurrentUser(_, actor): CurrentUser,
    Path(id): Path<String>,
) -> PageResult<Response> {
    match review::sign_off(&state, &actor, &id).await {
        Ok((_, certificate)) => {
            Ok(Redirect::to(&format!("/verify/{}", certificate.id)).into_response())
        }
        Err(error) => after(&state, &actor, &id, Err(error), "review", &()).await,
    }
}

pub async fn queue(
    State(state): State<AppState>,
    CurrentUser(_, actor): CurrentUser,
) -> PageResult<Response> {
    let list = store::submitted(state.store.pool(), 500)
        .await
        .map_err(AppError::from)?;
    Ok(respond(page(
        Some(&actor),
        "Runs to review",
        html! {
            h1 { "Runs to review" }
            @if list.is_empty() { p { "Nothing waits for review." } } @else {
                table {
                    thead { tr { th scope="col" { "Submitted" } th scope="col" { "System" } th scope="col" { "Result" } } }
                    tbody { @for run in &list {
                        tr {
                            td { a href={ "/runs/" (run.id) } { (run.submitted_at.map(time).unwrap_or_default()) } }
                            td { (run.system_name) }
                            td { (run.result.as_deref().map(label_of::<RunResult>).unwrap_or_default()) }
                        }
                    } }
                }
            }
        },
    )))
}

/// The run's report as a PDF: the suite and its packages, the result and review, and every test
/// with its result (an override with its reason), what was found, and the comments.
pub async fn report_pdf(
    State(state): State<AppState>,
    CurrentUser(_, actor): CurrentUser,
    Path(id): Path<String>,
) -> PageResult<Response> {
    use onramp_fhir::search::format_instant;
    let detail = runs::detail(&state, &actor, &id).await?;
    let run = &detail.run;
    let mut lines: Vec<(f32, String)> = vec![
        (18.0, format!("Conformance report: {}", run.system_name)),
        (11.0, String::new()),
        (
            11.0,
            format!(
                "Suite: {} ({}, version {})",
                detail.suite.title, detail.suite.key, detail.suite.version
            ),
        ),
        (
            10.0,
            format!("Packages: {}", detail.suite.packages.join(", ")),
        ),
        (
            10.0,
            format!("Engine: Onramp {}", env!("CARGO_PKG_VERSION")),
        ),
        (
            10.0,
            format!(
                "Run {} started {}, finished {}",
                run.id,
                format_instant(run.created_at),
                run.finished_at
                    .map(format_instant)
                    .unwrap_or_else(|| "not yet".to_owned())
            ),
        ),
        (
            11.0,
            format!(
                "Result: {}; review: {}",
                run.result
                    .as_deref()
                    .map(label_of::<RunResult>)
                    .unwrap_or_else(|| label_of::<RunState>(&run.state)),
                label_of::<ReviewState>(&run.review_state)
            ),
        ),
        (10.0, String::new()),
    ];
    let wrap = crate::registry::services::render::wrap;
    for test in &detail.tests {
        lines.push((12.0, format!("{} ({})", test.title, test.test_key)));
        let counted =
            label_of::<TestResult>(test.override_result.as_deref().unwrap_or(&test.result));
        let mut verdict = format!("{}: {counted}", label_of::<TestKind>(&test.kind));
        if let Some(reason) = &test.override_reason {
            verdict.push_str(&format!(
                " (overridden; found {}): {reason}",
                label_of::<TestResult>(&test.result)
            ));
        }
        for line in wrap(&verdict, 95)
            .into_iter()
            .chain(wrap(&test.summary, 95))
        {
            lines.push((10.0, line));
        }
        for comment in detail
            .comments
            .iter()
            .filter(|c| c.test_key.as_deref() == Some(&test.test_key))
        {
            for line in wrap(
                &format!("{} wrote: {}", comment.author_name, comment.body),
                95,
            ) {
                lines.push((9.0, line));
            }
        }
        lines.push((8.0, String::new()));
    }
    let bytes = crate::registry::services::render::text_pdf(&lines);
    Ok((
        [
            (
                axum::http::header::CONTENT_TYPE,
                "application/pdf".to_owned(),
            ),
            (
                axum::http::header::CONTENT_DISPOSITION,
                format!("inline; filename=\"run-{}.pdf\"", run.id),
            ),
        ],
        bytes,
    )
        .into_response())
}

/// The analysts' start page: the runs waiting for review, oldest first.
pub async fn home_section(state: &AppState) -> PageResult<Markup> {
    let list = store::submitted(state.store.pool(), 20)
        .await
        .map_err(AppError::from)?;
    Ok(html! {
        div.card {
            h2 { "Runs waiting for your review" }
            @if list.is_empty() {
                p { "Nothing waits for review. " a href="/suites" { "The suites" } " say what partners are tested on." }
            } @else {
                ul { @for run in &list {
                    li { a href={ "/runs/" (run.id) } { (run.system_name) } ", submitted " (run.submitted_at.map(time).unwrap_or_default()) }
                } }
                p { a href="/reviews" { "All runs to review" } }
            }
        }
    })
}
