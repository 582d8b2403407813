//! Public registry pages: the directory of active partners who opted in, and the check of a
//! signed copy's SHA-256.

use axum::extract::{Query, State};
use axum::response::Response;
use maud::html;
use serde::Deserialize;

use crate::registry::services::{agreements, listing};
use crate::state::AppState;
use crate::web::actor::Actor;
use crate::web::error::{AppError, PageResult};
use crate::web::layout::{field, page, respond, time};

pub async fn directory(State(state): State<AppState>, actor: Actor) -> PageResult<Response> {
    let listed = listing::directory(&state).await?;
    Ok(respond(page(
        Some(&actor),
        "Partner directory",
        html! {
            h1 { "Partner directory" }
            table #directory {
                thead { tr { th { "Organization" } th { "Category" } th { "Tier" } th { "Country" } } }
                tbody { @for organization in &listed {
                    tr {
                        td { (organization.name) }
                        td { (organization.category.as_deref().and_then(|text| text.parse::<onramp_core::registry::partner::Category>().ok()).map_or("—", |category| category.label())) }
                        td { (state.config.tier_name(organization.tier)) }
                        td { (organization.country.as_deref().unwrap_or("—")) }
                    }
                } }
            }
        },
    )))
}

#[derive(Debug, Deserialize)]
pub struct VerifyQuery {
    sha256: Option<String>,
}

pub async fn verify(
    State(state): State<AppState>,
    actor: Actor,
    Query(query): Query<VerifyQuery>,
) -> PageResult<Response> {
    let given = query.sha256.clone().unwrap_or_default();
    let (found, errors) = if given.trim().is_empty() {
        (None, Vec::new())
    } else {
        match agreements::verify_hash(&state, &given).await {
            Ok(found) => (Some(found), Vec::new()),
            Err(AppError::Validation { fields, .. }) => (None, fields),
            Err(other) => return Err(other.into()),
        }
    };
    Ok(respond(page(
        Some(&actor),
        "Check a signed copy",
        html! {
            h1 { "Check a signed copy" }
            div.card.narrow {
                p { "Compute the SHA-256 of the downloaded HTML copy (for example " code { "sha256sum agreement.html" } ") and enter it here." }
                form method="get" action="/agreements/verify" {
                    (field("SHA-256", "sha256", "text", &given, "off", &errors))
                    button type="submit" { "Check" }
                }
            }
            @if let Some(found) = &found {
                div.card #verify-result {
                    @if found.is_empty() {
                        p { "No signed agreement has this hash: the copy is not one Onramp recorded, or it was changed." }
                    } @else {
                        @for (signature, organization) in found {
                            p { "Genuine: " (signature.kind) " version " (signature.version) ", signed for " strong { (organization) } " by " (signature.signer_name) " (" (signature.signer_title) ") on " (time(signature.signed_at)) "." }
                        }
                    }
                }
            }
        },
    )))
}
