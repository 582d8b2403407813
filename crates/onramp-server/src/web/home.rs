//! The start page: a welcome for visitors, a summary of who you are for signed-in users.

use axum::extract::Query;
use axum::response::Response;
use maud::html;
use serde::Deserialize;

use crate::state::AppState;
use crate::web::actor::Actor;
use crate::web::error::PageResult;
use crate::web::layout::{notice, page, respond};

#[derive(Debug, Deserialize)]
pub struct HomeQuery {
    notice: Option<String>,
}

pub async fn show(
    axum::extract::State(state): axum::extract::State<AppState>,
    actor: Actor,
    Query(query): Query<HomeQuery>,
) -> PageResult<Response> {
    let organization = match actor
        .user()
        .and_then(|user| user.organization_id.as_deref())
    {
        Some(id) => {
            Some(onramp_store::registry::organizations::find(state.store.pool(), id).await?)
        }
        None => None,
    };
    let content = match actor.user() {
        None => html! {
            (notice(query.notice.as_deref()))
            div.card {
                h1 { "Onramp" }
                p { "Onramp brings partners — EHR and lab vendors, hospitals, clinics and public-health agencies — onto the exchange, from first application to production." }
                p { a.button href="/login" { "Sign in" } }
            }
        },
        Some(user) => html! {
            (notice(query.notice.as_deref()))
            div.card {
                h1 { "Welcome, " (user.name) }
                p { "You are signed in as " strong { (user.email) } " — " span.badge { (user.role.label()) } }
                @if let Some(organization) = &organization {
                    p { "Organization: " strong { (organization.name) } " " span.badge { (organization.state) } }
                }
            }
        },
    };
    Ok(respond(page(Some(&actor), "Home", content)))
}
