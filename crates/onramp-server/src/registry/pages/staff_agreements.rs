//! The reviewers' agreements page: every template version with who signed and who still must,
//! drafting a new version, publishing it with a re-sign window, and retiring a published one.

use axum::extract::{Path, State};
use axum::response::{IntoResponse, Redirect, Response};
use maud::{html, Markup};
use onramp_core::registry::agreement::{AgreementKind, TemplateState};
use onramp_core::vocabulary::{choices, label_of};
use serde::{Deserialize, Serialize};

use super::staff::NoticeQuery;
use crate::registry::services::agreements;
use crate::state::AppState;
use crate::web::actor::{Actor, CurrentUser};
use crate::web::error::{AppError, FieldError, PageResult};
use crate::web::extract::{PageForm, PageQuery};
use crate::web::forms::{
    confirmation_page, confirmed, refused_page, Confirmation, FormView, Refusal,
};
use crate::web::layout::{csrf_input, notice, page, respond, time};

async fn agreements_markup(
    state: &AppState,
    actor: &Actor,
    notice_key: Option<&str>,
    refusal: Option<&Refusal>,
) -> PageResult<Markup> {
    let templates = agreements::list(state, actor).await?;
    let status = agreements::status(state, actor).await?;
    let draft = FormView::new("draft", refusal);
    let draft_fields = html! {
        (draft.select("Kind", "kind", &choices::<AgreementKind>(), ""))
        (draft.text("Title", "title", ""))
        (draft.textarea("Text (Markdown)", "body_markdown", ""))
    };
    let publish = FormView::new("publish", refusal);
    Ok(page(
        Some(actor),
        "Agreements",
        html! {
            (notice(notice_key))
            h1 { "Agreements" }
            (publish.summary())
            @for (template, signed, missing) in &status {
                div.card {
                    h2 { (template.title) " (version " (template.version) ")" }
                    p { "Signed by: " @for (signature, name) in signed { (name) " (" (signature.signer_name) ", " (time(signature.signed_at)) "); " } }
                    p { "Still to sign: " @if missing.is_empty() { "nobody" } @for organization in missing { (organization.name) "; " } }
                }
            }
            div.card {
                div.table-scroll tabindex="0" role="region" aria-label="Table (scrolls sideways when wide)" {
                    table {
                        thead { tr { th { "Kind" } th { "Version" } th { "Title" } th { "State" } th { "Re-sign by" } th { "Actions" } } }
                        tbody { @for template in &templates {
                            tr {
                                td { (label_of::<AgreementKind>(&template.kind)) } td { (template.version) } td { (template.title) }
                                td { (label_of::<TemplateState>(&template.state)) }
                                td.resign-by { @if let Some(resign_by) = template.resign_by { (time(resign_by)) } @else { "—" } }
                                td { @if template.state == TemplateState::Published.as_str() {
                                    form method="post" action={ "/staff/agreements/" (template.id) "/retire" } {
                                        (csrf_input(actor))
                                        button.secondary type="submit" aria-label={ "Retire " (template.title) " version " (template.version) } { "Retire" }
                                    }
                                } @else if template.state == TemplateState::Draft.as_str() {
                                    form method="post" action={ "/staff/agreements/" (template.id) "/publish" } {
                                        (csrf_input(actor))
                                        label for={ "days-" (template.id) } { "Re-sign within (days)" }
                                        input type="number" id={ "days-" (template.id) } name="resign_within_days" value="30" min="0";
                                        button type="submit" { "Publish" }
                                    }
                                } }
                            }
                        } }
                    }
                }
            }
            div.card.narrow {
                h2 { "New version" }
                (draft.summary())
                form method="post" action="/staff/agreements" novalidate {
                    (csrf_input(actor))
                    (draft_fields)
                    button type="submit" { "Save draft" }
                }
            }
        },
    ))
}

pub async fn agreements_page(
    State(state): State<AppState>,
    CurrentUser(_, actor): CurrentUser,
    PageQuery(query): PageQuery<NoticeQuery>,
) -> PageResult<Response> {
    Ok(respond(
        agreements_markup(&state, &actor, query.notice.as_deref(), None).await?,
    ))
}

async fn rerender(state: &AppState, actor: &Actor, refusal: &Refusal) -> PageResult<Response> {
    let markup = agreements_markup(state, actor, None, Some(refusal)).await?;
    Ok(refused_page(refusal, markup))
}

#[derive(Debug, Deserialize, Serialize)]
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
    match agreements::create_draft(&state, &actor, &form.kind, &form.title, &form.body_markdown)
        .await
    {
        Ok(_) => Ok(Redirect::to("/staff/agreements?notice=drafted").into_response()),
        Err(error) => rerender(&state, &actor, &Refusal::of("draft", &form, error)?).await,
    }
}

#[derive(Debug, Deserialize, Serialize)]
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
    let result = match form.resign_within_days.trim() {
        "" => Ok(None),
        text => text.parse::<i64>().map(Some).map_err(|_| {
            AppError::validation(vec![FieldError::new(
                "resign_within_days",
                "the re-sign window is a whole number of days",
            )])
        }),
    };
    let result = match result {
        Ok(days) => agreements::publish(&state, &actor, &template_id, days).await,
        Err(error) => Err(error),
    };
    match result {
        Ok(_) => Ok(Redirect::to("/staff/agreements?notice=published").into_response()),
        Err(error) => rerender(&state, &actor, &Refusal::of("publish", &form, error)?).await,
    }
}

#[derive(Debug, Deserialize)]
pub struct RetireForm {
    confirmed: Option<String>,
}

/// Retires a published version.
pub async fn retire_agreement(
    State(state): State<AppState>,
    CurrentUser(_, actor): CurrentUser,
    Path(template_id): Path<String>,
    PageForm(form): PageForm<RetireForm>,
) -> PageResult<Response> {
    if !confirmed(form.confirmed.as_deref()) {
        let template = agreements::find(&state, &actor, &template_id).await?;
        let title = format!("Retire {} version {}?", template.title, template.version);
        let path = format!("/staff/agreements/{template_id}/retire");
        return Ok(respond(confirmation_page(&actor, &Confirmation {
                    title: &title,
                    consequence: "Nobody can sign this version any more. Signatures already given stay on record. This cannot be undone: to offer the agreement again, publish a new version.",
                    action: &path,
                    hidden: &[],
                    reason: None,
                    confirm: "Retire this version",
                    cancel: "/staff/agreements",
                })));
    }
    match agreements::retire(&state, &actor, &template_id).await {
        Ok(_) => Ok(Redirect::to("/staff/agreements?notice=retired").into_response()),
        Err(error) => rerender(&state, &actor, &Refusal::of("publish", &(), error)?).await,
    }
}
