//! `/admin/users`, for program admins: every user, and the staff users' management — invite one
//! (they choose their password through an emailed link), change a staff role, deactivate (after a
//! confirmation). A refused form comes back with its errors and what was typed.

use axum::extract::{Path, State};
use axum::response::{IntoResponse, Redirect, Response};
use maud::{html, Markup};
use onramp_core::Role;
use onramp_store::accounts::users::{self, User};
use onramp_store::StoreError;
use serde::{Deserialize, Serialize};

use crate::accounts::services::staff::{self, StaffInvitation};
use crate::state::AppState;
use crate::web::actor::{Actor, CurrentUser};
use crate::web::error::{AppError, PageResult};
use crate::web::extract::{PageForm, PageQuery};
use crate::web::forms::{
    confirmation_page, confirmed, refused_page, Confirmation, FormView, Kind, Refusal,
};
use crate::web::layout::{csrf_input, notice, page, respond, time};

/// How many users the page lists.
const LISTED_USERS: i64 = 500;

#[derive(Debug, Deserialize)]
pub struct UsersQuery {
    notice: Option<String>,
}

#[derive(Debug, Default, Deserialize, Serialize)]
pub struct InviteForm {
    #[serde(default)]
    name: String,
    #[serde(default)]
    email: String,
    #[serde(default)]
    role: String,
}

#[derive(Debug, Deserialize)]
pub struct RoleForm {
    #[serde(default)]
    role: String,
}

#[derive(Debug, Deserialize)]
pub struct DeactivateForm {
    confirmed: Option<String>,
}

fn staff_roles() -> Vec<(&'static str, &'static str)> {
    Role::ALL
        .into_iter()
        .filter(|role| role.is_staff())
        .map(|role| (role.as_str(), role.label()))
        .collect()
}

async fn users_page(
    state: &AppState,
    actor: &Actor,
    notice_key: Option<&str>,
    refusal: Option<&Refusal>,
) -> PageResult<Markup> {
    let listed = users::list(state.store.pool(), LISTED_USERS).await?;
    let now_ms = state.clock.now_ms();
    let own_id = actor.user().map(|user| user.id.as_str());
    let roles = staff_roles();
    let invite = FormView::new("invite", refusal);
    let invite_fields = html! {
        (invite.input("Name", "name", Kind::Text, "", "off"))
        (invite.input("Email", "email", Kind::Email, "", "off"))
        (invite.select("Staff role", "role", &roles, ""))
    };
    let rows = FormView::new("users", refusal);
    Ok(page(
        Some(actor),
        "Users",
        html! {
            (notice(notice_key))
            h1 { "Users" }
            div.card.narrow {
                h2 { "Invite a staff user" }
                p.muted { "They are emailed a link to choose their password; it works once, for 72 hours. Partner users are invited by their organization's admins." }
                (invite.summary())
                form method="post" action="/admin/users" novalidate {
                    (csrf_input(actor))
                    (invite_fields)
                    button type="submit" { "Invite" }
                }
            }
            div.card {
                h2 { "Everyone" }
                p.muted { "Staff first, then partner users." }
                (rows.summary())
                div.table-scroll {
                    table {
                        thead { tr { th { "Name" } th { "Email" } th { "Role" } th { "Second factor" } th { "State" } th { "Created" } th { "Actions" } } }
                        tbody {
                            @for user in &listed {
                                tr {
                                    td { (user.name) }
                                    td { (user.email) }
                                    td { (user.role.label()) }
                                    td { @if user.totp_enabled { "Enrolled" } @else { "—" } }
                                    td {
                                        @if !user.active { "Deactivated" }
                                        @else if user.password_hash.is_none() { "Invited" }
                                        @else if user.locked_until.is_some_and(|until| until > now_ms) { "Locked" }
                                        @else { "Active" }
                                    }
                                    td { (time(user.created_at)) }
                                    td {
                                        @if user.role.is_staff() && user.active && Some(user.id.as_str()) != own_id {
                                            (manage_staff_user(actor, user, &roles))
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
            }
        },
    ))
}

/// The row's forms: another staff role, or deactivation.
fn manage_staff_user(actor: &Actor, user: &User, roles: &[(&str, &str)]) -> Markup {
    html! {
        form.inline method="post" action={ "/admin/users/" (user.id) "/role" } {
            (csrf_input(actor))
            select name="role" aria-label={ "Role of " (user.name) } {
                @for (value, text) in roles {
                    option value=(value) selected[*value == user.role.as_str()] { (text) }
                }
            }
            button.secondary type="submit" { "Change role" }
        }
        form.inline method="post" action={ "/admin/users/" (user.id) "/deactivate" } {
            (csrf_input(actor))
            button.secondary type="submit" aria-label={ "Deactivate " (user.name) } { "Deactivate" }
        }
    }
}

/// Shows the page again with a refused form.
async fn rerender(state: &AppState, actor: &Actor, refusal: &Refusal) -> PageResult<Response> {
    let markup = users_page(state, actor, None, Some(refusal)).await?;
    Ok(refused_page(refusal, markup))
}

pub async fn show(
    State(state): State<AppState>,
    CurrentUser(_, actor): CurrentUser,
    PageQuery(query): PageQuery<UsersQuery>,
) -> PageResult<Response> {
    Ok(respond(
        users_page(&state, &actor, query.notice.as_deref(), None).await?,
    ))
}

pub async fn invite(
    State(state): State<AppState>,
    CurrentUser(_, actor): CurrentUser,
    PageForm(form): PageForm<InviteForm>,
) -> PageResult<Response> {
    let invitation = StaffInvitation {
        name: form.name.clone(),
        email: form.email.clone(),
        role: form.role.clone(),
    };
    match staff::invite(&state, &actor, &invitation).await {
        Ok(_) => Ok(Redirect::to("/admin/users?notice=invited").into_response()),
        Err(error) => rerender(&state, &actor, &Refusal::of("invite", &form, error)?).await,
    }
}

pub async fn set_role(
    State(state): State<AppState>,
    CurrentUser(_, actor): CurrentUser,
    Path(user_id): Path<String>,
    PageForm(form): PageForm<RoleForm>,
) -> PageResult<Response> {
    match staff::set_role(&state, &actor, &user_id, &form.role).await {
        Ok(()) => Ok(Redirect::to("/admin/users?notice=role_changed").into_response()),
        Err(error) => rerender(&state, &actor, &Refusal::of("users", &(), error)?).await,
    }
}

/// Deactivates a staff user, after a confirmation page.
pub async fn deactivate(
    State(state): State<AppState>,
    CurrentUser(_, actor): CurrentUser,
    Path(user_id): Path<String>,
    PageForm(form): PageForm<DeactivateForm>,
) -> PageResult<Response> {
    if !confirmed(form.confirmed.as_deref()) {
        let user = match users::find_by_id(state.store.pool(), &user_id).await {
            Ok(user) if user.role.is_staff() => user,
            Ok(_) | Err(StoreError::NotFound) => return Err(AppError::NotFound("user").into()),
            Err(other) => return Err(AppError::from(other).into()),
        };
        let title = format!("Deactivate {}?", user.name);
        let consequence = format!(
            "{} ({}) can no longer sign in, and every session and API token of theirs stops \
             working. Their account stays in the list and in the audit trail.",
            user.name, user.email
        );
        let path = format!("/admin/users/{user_id}/deactivate");
        return Ok(respond(confirmation_page(
            &actor,
            &Confirmation {
                title: &title,
                consequence: &consequence,
                action: &path,
                hidden: &[],
                reason: None,
                confirm: "Deactivate",
                cancel: "/admin/users",
            },
        )));
    }
    match staff::deactivate(&state, &actor, &user_id).await {
        Ok(()) => Ok(Redirect::to("/admin/users?notice=deactivated").into_response()),
        Err(error) => rerender(&state, &actor, &Refusal::of("users", &(), error)?).await,
    }
}
