//! Public registry pages: the directory of active partners who opted in, and the check of a
//! signed copy's SHA-256.

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use maud::html;
use onramp_core::registry::agreement::AgreementKind;
use onramp_core::registry::partner::Category;
use onramp_core::vocabulary::label_of;
use serde::Deserialize;

use crate::registry::services::{agreements, listing};
use crate::state::AppState;
use crate::web::actor::Actor;
use crate::web::error::{AppError, PageResult};
use crate::web::extract::PageQuery;
use crate::web::forms::{refused_page, FormView, Refusal};
use crate::web::layout::{page, respond, time};

pub async fn directory(State(state): State<AppState>, actor: Actor) -> PageResult<Response> {
    let listed = listing::directory(&state).await?;
    Ok(respond(page(
        Some(&actor),
        "Partner directory",
        html! {
            h1 { "Partner directory" }
            @if listed.is_empty() { p.muted { "No partner is listed yet." } }
            table #directory {
                thead { tr { th { "Organization" } th { "Category" } th { "Tier" } th { "Country" } } }
                tbody { @for organization in &listed {
                    tr {
                        td { (organization.name) }
                        td { (organization.category.as_deref().map_or("—", label_of::<Category>)) }
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
    PageQuery(query): PageQuery<VerifyQuery>,
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
    let refusal = (!errors.is_empty()).then(|| {
        Refusal::new(
            "verify",
            &[("sha256", given.as_str())],
            errors,
            StatusCode::UNPROCESSABLE_ENTITY,
        )
    });
    let view = FormView::new("verify", refusal.as_ref());
    let fields = html! { (view.text("SHA-256", "sha256", &given)) };
    let markup = page(
        Some(&actor),
        "Check a signed copy",
        html! {
            h1 { "Check a signed copy" }
            div.card.narrow {
                p { "Compute the SHA-256 of the downloaded HTML copy (for example " code { "sha256sum agreement.html" } ") and enter it here." }
                (view.summary())
                form method="get" action="/agreements/verify" novalidate {
                    (fields)
                    button type="submit" { "Check" }
                }
            }
            @if let Some(found) = &found {
                div.card #verify-result {
                    @if found.is_empty() {
                        p { "No signed agreement has this hash: the copy is not one Onramp recorded, or it was changed." }
                    } @else {
                        @for (signature, organization) in found {
                            p { "Genuine: " (label_of::<AgreementKind>(&signature.kind)) ", version " (signature.version) ", signed for " strong { (organization) } " by " (signature.signer_name) " (" (signature.signer_title) ") on " (time(signature.signed_at)) "." }
                        }
                    }
                }
            }
        },
    );
    Ok(match &refusal {
        Some(refusal) => refused_page(refusal, markup),
        None => respond(markup),
    })
}
