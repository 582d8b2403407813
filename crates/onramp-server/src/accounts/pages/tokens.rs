//! Personal API tokens (staff, partner admins and partner developers): make one (shown once), see
//! them, revoke them.

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use maud::{html, Markup};
use serde::Deserialize;

use crate::accounts::services::tokens::{self, CreatedToken};
use crate::state::AppState;
use crate::web::actor::{Actor, CurrentUser};
use crate::web::error::{AppError, FieldError, PageResult};
use crate::web::extract::{PageForm, PageQuery};
use crate::web::layout::{csrf_input, field, form_alert, notice, page, respond, time};

#[derive(Debug, Deserialize)]
pub struct TokensQuery {
    notice: Option<String>,
}

#[derive(Debug, Deserialize)]
pub struct NewTokenForm {
    name: String,
    /// Empty means never.
    expires_in_days: String,
}

/// What the new-token form shows: empty at first, the typed values again after a refusal.
struct NewTokenInput<'a> {
    name: &'a str,
    expires_in_days: &'a str,
}

const BLANK_FORM: NewTokenInput<'static> = NewTokenInput {
    name: "",
    expires_in_days: "90",
};

async fn tokens_page(
    state: &AppState,
    actor: &Actor,
    created: Option<&CreatedToken>,
    input: &NewTokenInput<'_>,
    errors: &[FieldError],
    notice_key: Option<&str>,
) -> PageResult<Markup> {
    let listed = tokens::list(state, actor).await?;
    let is_partner = actor.user().is_some_and(|user| !user.role.is_staff());
    Ok(page(
        Some(actor),
        "API tokens",
        html! {
            (notice(notice_key))
            h1 { "API tokens" }
            @if let Some(created) = created {
                div.notice role="status" {
                    p { "Your new token. Copy it now: it is not shown again." }
                    p { code #new-token { (created.secret) } }
                }
            }
            div.card {
                p { "Personal tokens let your scripts use the Onramp API as you: send " code { "Authorization: Bearer <token>" } " to " code { "/api/v1/…" } "." }
                @if is_partner {
                    p { "A token reaches only what you reach: your own organization's records, members, agreements, documents and webhooks. It stops working when you are deactivated or made a partner member." }
                }
                @if listed.is_empty() {
                    p.muted { "You have no tokens." }
                } @else {
                    table {
                        thead { tr { th { "Name" } th { "Token" } th { "Created" } th { "Expires" } th { "Last used" } th { "State" } } }
                        tbody {
                            @for token in &listed {
                                tr {
                                    td { (token.name) }
                                    td { code { (token.prefix) "…" } }
                                    td { (time(token.created_at)) }
                                    td { (token.expires_at.map_or_else(|| "never".to_owned(), time)) }
                                    td { (token.last_used_at.map_or_else(|| "never".to_owned(), time)) }
                                    td {
                                        @if token.revoked_at.is_some() { "revoked" } @else {
                                            form method="post" action={ "/account/tokens/" (token.id) "/revoke" } {
                                                (csrf_input(actor))
                                                button.secondary type="submit" aria-label={ "Revoke " (token.name) } { "Revoke" }
                                            }
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
            }
            div.card.narrow {
                h2 { "New token" }
                (form_alert(errors))
                form method="post" action="/account/tokens" {
                    (csrf_input(actor))
                    (field("Name", "name", "text", input.name, "off", errors))
                    (field("Expires after (days; empty for never)", "expires_in_days", "number", input.expires_in_days, "off", errors))
                    button type="submit" { "Create token" }
                }
            }
        },
    ))
}

pub async fn show(
    State(state): State<AppState>,
    CurrentUser(_, actor): CurrentUser,
    PageQuery(query): PageQuery<TokensQuery>,
) -> PageResult<Response> {
    Ok(respond(
        tokens_page(
            &state,
            &actor,
            None,
            &BLANK_FORM,
            &[],
            query.notice.as_deref(),
        )
        .await?,
    ))
}

pub async fn create(
    State(state): State<AppState>,
    CurrentUser(_, actor): CurrentUser,
    PageForm(form): PageForm<NewTokenForm>,
) -> PageResult<Response> {
    let expires_in_days = match form.expires_in_days.trim() {
        "" => Ok(None),
        text => text.parse::<i64>().map(Some).map_err(|_| {
            vec![FieldError::new(
                "expires_in_days",
                "a number of days, or empty for never",
            )]
        }),
    };
    let result = match expires_in_days {
        Ok(days) => tokens::create(&state, &actor, &form.name, days).await,
        Err(fields) => Err(AppError::validation(fields)),
    };
    match result {
        Ok(created) => Ok(respond(
            tokens_page(&state, &actor, Some(&created), &BLANK_FORM, &[], None).await?,
        )),
        Err(AppError::Validation { fields, .. }) => {
            let typed = NewTokenInput {
                name: &form.name,
                expires_in_days: &form.expires_in_days,
            };
            let mut response =
                respond(tokens_page(&state, &actor, None, &typed, &fields, None).await?);
            *response.status_mut() = StatusCode::UNPROCESSABLE_ENTITY;
            Ok(response)
        }
        Err(other) => Err(other.into()),
    }
}

pub async fn revoke(
    State(state): State<AppState>,
    CurrentUser(_, actor): CurrentUser,
    Path(token_id): Path<String>,
) -> PageResult<Response> {
    tokens::revoke(&state, &actor, &token_id).await?;
    Ok(Redirect::to("/account/tokens?notice=token_revoked").into_response())
}
