//! The reviewers' agreements page: every template version with who signed and who still must,
//! drafting a new version, publishing it with a re-sign window, and retiring a published one.

use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use maud::html;
use onramp_core::registry::agreement::AgreementKind;
use serde::Deserialize;

use super::staff::NoticeQuery;
use crate::registry::services::agreements;
use crate::state::AppState;
use crate::web::actor::CurrentUser;
use crate::web::error::{AppError, FieldError, PageResult};
use crate::web::extract::PageForm;
use crate::web::forms::{select, textarea};
use crate::web::layout::{csrf_input, field, notice, page, respond, time};

pub async fn agreements_page(
    State(state): State<AppState>,
    CurrentUser(_, actor): CurrentUser,
    Query(query): Query<NoticeQuery>,
) -> PageResult<Response> {
    let templates = agreements::list(&state, &actor).await?;
    let status = agreements::status(&state, &actor).await?;
    let kinds: Vec<(&str, &str)> = AgreementKind::ALL
        .iter()
        .map(|kind| (kind.as_str(), kind.label()))
        .collect();
    Ok(respond(page(
        Some(&actor),
        "Agreements",
        html! {
            (notice(query.notice.as_deref()))
            h1 { "Agreements" }
            @for (template, signed, missing) in &status {
                div.card {
                    h2 { (template.title) " (v" (template.version) ")" }
                    p { "Signed by: " @for (signature, name) in signed { (name) " (" (signature.signer_name) ", " (time(signature.signed_at)) "); " } }
                    p { "Still to sign: " @for organization in missing { (organization.name) "; " } }
                }
            }
            div.card {
                table {
                    thead { tr { th { "Kind" } th { "Version" } th { "Title" } th { "State" } th { "Re-sign by" } th {} } }
                    tbody { @for template in &templates {
                        tr {
                            td { (template.kind) } td { (template.version) } td { (template.title) } td { (template.state) }
                            td.resign-by { @if let Some(resign_by) = template.resign_by { (time(resign_by)) } @else { "—" } }
                            td { @if template.state == "published" {
                                form method="post" action={ "/staff/agreements/" (template.id) "/retire" } {
                                    (csrf_input(&actor))
                                    button.secondary type="submit" { "Retire" }
                                }
                            } @else if template.state == "draft" {
                                form method="post" action={ "/staff/agreements/" (template.id) "/publish" } {
                                    (csrf_input(&actor))
                                    label for={ "days-" (template.id) } { "Re-sign within (days)" }
                                    input type="number" id={ "days-" (template.id) } name="resign_within_days" value="30";
                                    button type="submit" { "Publish" }
                                }
                            } }
                        }
                    } }
                }
            }
            div.card.narrow {
                h2 { "New version" }
                form method="post" action="/staff/agreements" {
                    (csrf_input(&actor))
                    (select("Kind", "kind", &kinds, "", &[]))
                    (field("Title", "title", "text", "", "off", &[]))
                    (textarea("Text (Markdown)", "body_markdown", "", &[]))
                    button type="submit" { "Save draft" }
                }
            }
        },
    )))
}

#[derive(Debug, Deserialize)]
pub struct DraftForm {
    #[serde(default)]
    kind: String,
    #[serde(default)]
    title: String,
    #[serde(default)]
    body_markdown: String,
}

pub async fn create_agreement(
    State(state): State<AppState>,
    CurrentUser(_, actor): CurrentUser,
    PageForm(form): PageForm<DraftForm>,
) -> PageResult<Response> {
    agreements::create_draft(&state, &actor, &form.kind, &form.title, &form.body_markdown).await?;
    Ok(Redirect::to("/staff/agreements?notice=drafted").into_response())
}

#[derive(Debug, Deserialize)]
pub struct PublishForm {
    #[serde(default)]
    resign_within_days: String,
}

pub async fn publish_agreement(
    State(state): State<AppState>,
    CurrentUser(_, actor): CurrentUser,
    Path(template_id): Path<String>,
    PageForm(form): PageForm<PublishForm>,
) -> PageResult<Response> {
    let days = match form.resign_within_days.trim() {
        "" => None,
        text => Some(text.parse::<i64>().map_err(|_| {
            AppError::validation(vec![FieldError::new(
                "resign_within_days",
                "a number of days",
            )])
        })?),
    };
    agreements::publish(&state, &actor, &template_id, days).await?;
    Ok(Redirect::to("/staff/agreements?notice=published").into_response())
}

/// Retires a published version.
pub async fn retire_agreement(
    State(state): State<AppState>,
    CurrentUser(_, actor): CurrentUser,
    Path(template_id): Path<String>,
) -> PageResult<Response> {
    agreements::retire(&state, &actor, &template_id).await?;
    Ok(Redirect::to("/staff/agreements?notice=retired").into_response())
}
