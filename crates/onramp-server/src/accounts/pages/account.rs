//! The account page: who you are, your second factor, and changing your password.

use axum::extract::State;
use axum::response::{IntoResponse, Redirect, Response};
use maud::{html, Markup};
use serde::{Deserialize, Serialize};

use crate::accounts::services::email_preferences;
use crate::accounts::services::second_factor;
use crate::accounts::services::users as accounts;
use crate::state::AppState;
use crate::web::actor::{Actor, CurrentUser};
use crate::web::error::{AppError, PageResult};
use crate::web::extract::{PageForm, PageQuery};
use crate::web::forms::{refused_page, FormView, Kind, Refusal};
use crate::web::layout::{csrf_input, notice, page, respond};

#[derive(Debug, Deserialize)]
pub struct AccountQuery {
    notice: Option<String>,
}

#[derive(Debug, Deserialize)]
pub struct PasswordForm {
    #[serde(default)]
    current_password: String,
    #[serde(default)]
    new_password: String,
}

#[derive(Debug, Deserialize, Serialize)]
pub struct TimeZoneForm {
    #[serde(default)]
    time_zone: String,
}

async fn account_page(
    state: &AppState,
    actor: &Actor,
    refusal: Option<&Refusal>,
    notice_key: Option<&str>,
) -> PageResult<Markup> {
    let password = FormView::new("password", refusal);
    let password_fields = html! {
        (password.input("Current password", "current_password", Kind::Password, "", "current-password"))
        (password.input("New password (at least 12 characters)", "new_password", Kind::NewPassword, "", "new-password"))
    };
    let zone = FormView::new("time_zone", refusal);
    let zone_fields = html! {
        (zone.text("Time zone (a name such as Europe/Paris or America/Chicago; empty for UTC)", "time_zone",
            actor.user().and_then(|user| user.time_zone.as_deref()).unwrap_or("")))
    };
    let user = actor.user().ok_or(AppError::Unauthenticated)?;
    let preferences = email_preferences::get(state, actor).await?;
    let codes_left = if user.totp_enabled {
        Some(second_factor::recovery_codes_left(state, user).await?)
    } else {
        None
    };
    Ok(page(
        Some(actor),
        "Account",
        html! {
            (notice(notice_key))
            h1 { "Your account" }
            div.card {
                h2 { "Profile" }
                dl {
                    dt { "Name" } dd { (user.name) }
                    dt { "Email" } dd { (user.email) }
                    dt { "Role" } dd { (user.role.label()) }
                }
            }
            div.card {
                h2 { "Second factor" }
                @match codes_left {
                    Some(left) => {
                        p { "An authenticator app is enrolled. " (left) " recovery codes are left." }
                    }
                    None => {
                        p { "No second factor is enrolled. An authenticator app protects your account if your password leaks." }
                    }
                }
                a.button href="/account/second-factor" { "Manage second factor" }
            }
            div.card {
                h2 { "Email" }
                form method="post" action="/account/email-preferences" {
                    (csrf_input(actor))
                    fieldset {
                        legend { "Send me email about" }
                        @for (family, enabled) in &preferences {
                            div.field.check {
                                @if family.optional() {
                                    input type="checkbox" id={ "family-" (family.as_str()) } name="family" value=(family.as_str()) checked[*enabled];
                                } @else {
                                    input type="checkbox" id={ "family-" (family.as_str()) } checked disabled;
                                }
                                label for={ "family-" (family.as_str()) } {
                                    (family.label())
                                    @if !family.optional() { span.muted { " (always sent)" } }
                                }
                            }
                        }
                    }
                    button.secondary type="submit" { "Save email preferences" }
                }
            }
            div.card.narrow #time-zone {
                h2 { "Time zone" }
                p { "Times are shown in " strong { (user.time_zone.as_deref().unwrap_or("UTC")) } "." }
                (zone.summary())
                form method="post" action="/account/time-zone" novalidate {
                    (csrf_input(actor))
                    (zone_fields)
                    button.secondary type="submit" { "Save time zone" }
                }
            }
            div.card.narrow {
                h2 { "Change password" }
                (password.summary())
                form method="post" action="/account/password" novalidate {
                    (csrf_input(actor))
                    (password_fields)
                    button type="submit" { "Change password" }
                }
            }
        },
    ))
}

pub async fn show(
    State(state): State<AppState>,
    CurrentUser(_, actor): CurrentUser,
    PageQuery(query): PageQuery<AccountQuery>,
) -> PageResult<Response> {
    Ok(respond(
        account_page(&state, &actor, None, query.notice.as_deref()).await?,
    ))
}

pub async fn change_password(
    State(state): State<AppState>,
    CurrentUser(_, actor): CurrentUser,
    PageForm(form): PageForm<PasswordForm>,
) -> PageResult<Response> {
    match accounts::change_password(&state, &actor, &form.current_password, &form.new_password)
        .await
    {
        Ok(_) => Ok(Redirect::to("/account?notice=password_changed").into_response()),
        Err(error) => {
            let refusal = Refusal::of("password", &(), error)?;
            Ok(refused_page(
                &refusal,
                account_page(&state, &actor, Some(&refusal), None).await?,
            ))
        }
    }
}

/// Sets the time zone the user reads times in.
pub async fn save_time_zone(
    State(state): State<AppState>,
    CurrentUser(_, actor): CurrentUser,
    PageForm(form): PageForm<TimeZoneForm>,
) -> PageResult<Response> {
    match accounts::set_time_zone(&state, &actor, &form.time_zone).await {
        Ok(()) => Ok(Redirect::to("/account?notice=time_zone_saved").into_response()),
        Err(error) => {
            let refusal = Refusal::of("time_zone", &form, error)?;
            Ok(refused_page(
                &refusal,
                account_page(&state, &actor, Some(&refusal), None).await?,
            ))
        }
    }
}

/// The email preferences form: a checked box per family the user wants; unchecked optional
/// families are turned off.
pub async fn save_email_preferences(
    State(state): State<AppState>,
    CurrentUser(_, actor): CurrentUser,
    PageForm(fields): PageForm<Vec<(String, String)>>,
) -> PageResult<Response> {
    let choices: Vec<(String, bool)> = onramp_core::platform::outbox::MailFamily::ALL
        .into_iter()
        .filter(|family| family.optional())
        .map(|family| {
            let wanted = fields
                .iter()
                .any(|(name, value)| name == "family" && value == family.as_str());
            (family.as_str().to_owned(), wanted)
        })
        .collect();
    email_preferences::set(&state, &actor, &choices).await?;
    Ok(Redirect::to("/account?notice=email_preferences_saved").into_response())
}
