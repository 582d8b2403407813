//! Personal API tokens (staff, partner admins and partner developers): make one (shown once), see
//! them, revoke them.

use axum::extract::{Path, State};
use axum::response::{IntoResponse, Redirect, Response};
use maud::{html, Markup};
use serde::{Deserialize, Serialize};

use crate::accounts::services::tokens::{self, CreatedToken};
use crate::state::AppState;
use crate::web::actor::{Actor, CurrentUser};
use crate::web::error::{AppError, FieldError, PageResult};
use crate::web::extract::{PageForm, PageQuery};
use crate::web::forms::{
    confirmation_page, confirmed, refused_page, Confirmation, FormView, Kind, Refusal,
};
use crate::web::layout::{csrf_input, notice, page, respond, time};

#[derive(Debug, Deserialize)]
pub struct TokensQuery {
    notice: Option<String>,
}

#[derive(Debug, Deserialize, Serialize)]
pub struct NewTokenForm {
    #[serde(default)]
    name: String,
    /// Empty means never.
    #[serde(default)]
    expires_in_days: String,
}

async fn tokens_page(
    state: &AppState,
    actor: &Actor,
    created: Option<&CreatedToken>,
    refusal: Option<&Refusal>,
    notice_key: Option<&str>,
) -> PageResult<Markup> {
    let view = FormView::new("new_token", refusal);
    let fields = html! {
        (view.text("Name", "name", ""))
        (view.input("Expires after (days; empty for never)", "expires_in_days", Kind::Number, "90", "off"))
    };
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
                    div.table-scroll tabindex="0" role="region" aria-label="Table (scrolls sideways when wide)" { table {
                        thead { tr { th { "Name" } th { "Token" } th { "Created" } th { "Expires" } th { "Last used" } th { "State" } } }
                        tbody {
                            @for token in &listed {
                                tr {
                                    td { (token.name) }
                                    td { code { (token.prefix) "…" } }
                                    td { (time(token.created_at)) }
                                    td { (token.expires_at.map_or_else(|| "Never".to_owned(), time)) }
                                    td { (token.last_used_at.map_or_else(|| "Never".to_owned(), time)) }
                                    td {
                                        @if token.revoked_at.is_some() { "Revoked" } @else {
                                            form method="post" action={ "/account/tokens/" (token.id) "/revoke" } {
                                                (csrf_input(actor))
                                                button.secondary type="submit" aria-label={ "Revoke " (token.name) } { "Revoke" }
                                            }
                                        }
                                    }
                                }
                            }
                        }
                    } }
                }
            }
            div.card.narrow {
                h2 { "New token" }
                (view.summary())
                form method="post" action="/account/tokens" novalidate {
                    (csrf_input(actor))
                    (fields)
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
        tokens_page(&state, &actor, None, None, query.notice.as_deref()).await?,
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
            tokens_page(&state, &actor, Some(&created), None, None).await?,
        )),
        Err(error) => {
            let refusal = Refusal::of("new_token", &form, error)?;
            Ok(refused_page(
                &refusal,
                tokens_page(&state, &actor, None, Some(&refusal), None).await?,
            ))
        }
    }
}

#[derive(Debug, Deserialize)]
pub struct RevokeForm {
    confirmed: Option<String>,
}

pub async fn revoke(
    State(state): State<AppState>,
    CurrentUser(_, actor): CurrentUser,
    Path(token_id): Path<String>,
    PageForm(form): PageForm<RevokeForm>,
) -> PageResult<Response> {
    if !confirmed(form.confirmed.as_deref()) {
        let token = tokens::list(&state, &actor)
            .await?
            .into_iter()
            .find(|token| token.id == token_id && token.revoked_at.is_none())
            .ok_or(AppError::NotFound("token"))?;
        let title = format!("Revoke the token {}?", token.name);
        let consequence = format!(
            "Scripts that send the token {}… stop working at once. A revoked token cannot be turned back on; make a new one if you need it again.",
            token.prefix
        );
        let path = format!("/account/tokens/{token_id}/revoke");
        return Ok(respond(confirmation_page(
            &actor,
            &Confirmation {
                title: &title,
                consequence: &consequence,
                action: &path,
                hidden: &[],
                reason: None,
                confirm: "Revoke the token",
                cancel: "/account/tokens",
            },
        )));
    }
    tokens::revoke(&state, &actor, &token_id).await?;
    Ok(Redirect::to("/account/tokens?notice=token_revoked").into_response())
}
