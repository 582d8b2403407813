//! `/suites`: every suite's latest version (program admins upload new versions here) and
//! `/suites/{key}`: its requirements with the tests covering each, its tests, and its versions with
//! what changed from one to the next.

use axum::extract::{Path, State};
use axum::response::{IntoResponse, Redirect, Response};
use maud::{html, Markup};
use onramp_core::Role;
use onramp_store::conformance::suites as store;
use serde::{Deserialize, Serialize};

use crate::conformance::services::message_tests::describe;
use crate::conformance::services::suites::{self, document};
use crate::state::AppState;
use crate::web::actor::{Actor, CurrentUser};
use crate::web::error::{AppError, PageResult};
use crate::web::extract::PageForm;
use crate::web::forms::{refused_page, FormView, Refusal};
use crate::web::layout::{csrf_input, page, respond, time};

async fn list_markup(
    state: &AppState,
    actor: &Actor,
    refusal: Option<&Refusal>,
) -> PageResult<Markup> {
    let list = store::latest(state.store.pool(), None)
        .await
        .map_err(AppError::from)?;
    let admin = actor
        .user()
        .is_some_and(|user| user.role == Role::ProgramAdmin);
    let form = FormView::new("suite", refusal);
    Ok(page(
        Some(actor),
        "Conformance suites",
        html! {
            h1 { "Conformance suites" }
            p { "Each suite tests a partner's system against the implementation guide: message tests read what it sent to its sandbox, TestScripts run against its own server." }
            @if list.is_empty() {
                p { "No suite yet." }
            } @else {
                table {
                    thead { tr { th scope="col" { "Suite" } th scope="col" { "Track" } th scope="col" { "Version" } th scope="col" { "Stored" } } }
                    tbody { @for suite in &list {
                        tr {
                            td { a href={ "/suites/" (suite.key) } { (suite.title) } " " code { (suite.key) } }
                            td { (suite.track_key) }
                            td { (suite.version) }
                            td { (time(suite.created_at)) }
                        }
                    } }
                }
            }
            @if admin {
                div.card {
                    h2 { "Store a suite version" }
                    p { "Paste the suite document (JSON; see the guide). A document with the key of an existing suite becomes its next version." }
                    (form.summary())
                    form method="post" action="/suites" novalidate {
                        (csrf_input(actor))
                        (form.textarea("Suite document (JSON)", "document", ""))
                        button type="submit" { "Store the version" }
                    }
                }
            }
        },
    ))
}

pub async fn list(
    State(state): State<AppState>,
    CurrentUser(_, actor): CurrentUser,
) -> PageResult<Response> {
    Ok(respond(list_markup(&state, &actor, None).await?))
}

#[derive(Debug, Default, Deserialize, Serialize)]
pub struct SuiteForm {
    #[serde(default)]
    document: String,
}

pub async fn create(
    State(state): State<AppState>,
    CurrentUser(_, actor): CurrentUser,
    PageForm(form): PageForm<SuiteForm>,
) -> PageResult<Response> {
    match suites::create(&state, &actor, &form.document).await {
        Ok(stored) => Ok(Redirect::to(&format!("/suites/{}", stored.suite.key)).into_response()),
        Err(error) => {
            // A problem's path inside the document is shown against the document field.
            let mut refusal = Refusal::of("suite", &form, error)?;
            for error in &mut refusal.errors {
                if error.field != "document" {
                    if !error.field.is_empty() {
                        error.message = format!("{}: {}", error.field, error.message);
                    }
                    error.field = "document".to_owned();
                }
            }
            let markup = list_markup(&state, &actor, Some(&refusal)).await?;
            Ok(refused_page(&refusal, markup))
        }
    }
}

pub async fn show(
    State(state): State<AppState>,
    CurrentUser(_, actor): CurrentUser,
    Path(key): Path<String>,
) -> PageResult<Response> {
    let suite = suites::find(&state, &key, None).await?;
    let doc = document(&suite)?;
    let versions = store::versions(state.store.pool(), &suite.key)
        .await
        .map_err(AppError::from)?;
    let mut history = Vec::new();
    for pair in versions.windows(2) {
        if let [newer, older] = pair {
            let changes =
                onramp_core::conformance::suite::diff(&document(older)?, &document(newer)?);
            history.push((newer, changes));
        }
    }
    Ok(respond(page(
        Some(&actor),
        &suite.title,
        html! {
            p { a href="/suites" { "← Suites" } }
            h1 { (suite.title) " " span.badge { "version " (suite.version) } }
            @if let Some(description) = &doc.description { p { (description) } }
            div.card {
                dl {
                    dt { "Key" } dd { code { (suite.key) } }
                    dt { "Track" } dd { (suite.track_key) }
                    dt { "Packages" } dd { (suite.packages.join(", ")) }
                    dt { "Certificates valid for" } dd { (doc.certificate_days()) " days" }
                    dt { "Holders" } dd { a href={ "/certificates?suite=" (suite.key) } { "Organizations with a valid certificate" } }
                }
            }
            div.card {
                h2 { "Coverage" }
                @if doc.requirements.is_empty() {
                    p { "The suite names no requirement." }
                } @else {
                    table {
                        caption { "Requirements and the tests that cover them" }
                        thead { tr { th scope="col" { "Requirement" } th scope="col" { "Text" } th scope="col" { "Tested by" } } }
                        tbody { @for (requirement, tests) in doc.coverage() {
                            tr {
                                th scope="row" {
                                    @if let Some(link) = &requirement.link { a href=(link) { (requirement.key) } } @else { (requirement.key) }
                                }
                                td { (requirement.text) }
                                td { @if tests.is_empty() { strong { "Not tested" } } @else { (tests.join(", ")) } }
                            }
                        } }
                    }
                }
            }
            div.card {
                h2 { "Tests" }
                table {
                    thead { tr { th scope="col" { "Test" } th scope="col" { "Kind" } th scope="col" { "What passes" } } }
                    tbody {
                        @for test in &doc.message_tests {
                            tr { td { (test.title) " " code { (test.key) } } td { "Message test" } td { "At least " (test.min_count) " " (describe(test)) } }
                        }
                        @for script in &doc.scripts {
                            tr { td { (script.shown_title()) " " code { (script.key) } } td { "TestScript" } td { "Every test of the script passes against your server" } }
                        }
                    }
                }
            }
            div.card {
                h2 { "Versions" }
                ul {
                    @for (version, changes) in &history {
                        li {
                            "Version " (version.version) " (" (time(version.created_at)) "): "
                            @if changes.is_empty() { "no change" } @else {
                                ul { @for change in changes { li { (change.to_string()) } } }
                            }
                        }
                    }
                    @if let Some(first) = versions.last() {
                        li { "Version " (first.version) " (" (time(first.created_at)) "): the first" }
                    }
                }
            }
        },
    )))
}
