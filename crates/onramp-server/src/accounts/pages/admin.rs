//! Program-admin pages: the second-factor policy per role (the users are `users`).

use axum::body::Bytes;
use axum::extract::State;
use axum::response::{IntoResponse, Redirect, Response};
use maud::html;
use onramp_core::Role;
use onramp_store::accounts::policies;
use serde::Deserialize;

use crate::accounts::services::users as accounts;
use crate::state::AppState;
use crate::web::actor::CurrentUser;
use crate::web::error::{AppError, PageResult};
use crate::web::extract::PageQuery;
use crate::web::layout::{csrf_input, notice, page, respond};

#[derive(Debug, Deserialize)]
pub struct AdminQuery {
    notice: Option<String>,
}

pub async fn security(
    State(state): State<AppState>,
    CurrentUser(_, actor): CurrentUser,
    PageQuery(query): PageQuery<AdminQuery>,
) -> PageResult<Response> {
    let required = policies::roles_requiring_mfa(state.store.pool()).await?;
    Ok(respond(page(
        Some(&actor),
        "Security",
        html! {
            (notice(query.notice.as_deref()))
            h1 { "Security" }
            div.card {
                h2 { "Second factor by role" }
                p { "Users in a checked role must enrol an authenticator app before they can use Onramp." }
                form method="post" action="/admin/security" {
                    (csrf_input(&actor))
                    fieldset {
                        legend { "Require a second factor for" }
                        @for role in Role::ALL {
                            div.field.check {
                                input type="checkbox" id={ "role-" (role.as_str()) } name="require_mfa" value=(role.as_str()) checked[required.contains(&role)];
                                label for={ "role-" (role.as_str()) } { (role.label()) }
                            }
                        }
                    }
                    button type="submit" { "Save" }
                }
            }
        },
    )))
}

/// The checkbox form repeats `require_mfa`, which `serde_urlencoded` structs cannot collect; read
/// the pairs directly.
pub async fn save_security(
    State(state): State<AppState>,
    CurrentUser(_, actor): CurrentUser,
    body: Bytes,
) -> PageResult<Response> {
    let pairs: Vec<(String, String)> = serde_urlencoded::from_bytes(&body)
        .map_err(|_| AppError::BadRequest("the form could not be read".to_owned()))?;
    let mut required = Vec::new();
    for (key, value) in pairs {
        if key == "require_mfa" {
            let role = value
                .parse::<Role>()
                .map_err(|error| AppError::Validation {
                    detail: error.to_string(),
                    fields: Vec::new(),
                })?;
            required.push(role);
        }
    }
    accounts::set_roles_requiring_mfa(&state, &actor, &required).await?;
    Ok(Redirect::to("/admin/security?notice=policy_saved").into_response())
}
