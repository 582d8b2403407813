//! `/verify/{id}`: anyone sees whether a certificate is valid, expired or revoked, with what it
//! certifies and its signed copy; `/verify/{id}/certificate.pdf` the printable copy;
//! `/verify/jwks` the public key to check the signature offline; `/certificates?suite=` the
//! public registry of holders; `POST /certificates/{id}/revoke` the program's revocation.

use axum::extract::{Path, State};
use axum::http::header;
use axum::response::{IntoResponse, Redirect, Response};
use axum::Json;
use maud::html;
use onramp_core::conformance::CertificateStatus;
use onramp_fhir::search::format_instant;
use serde::{Deserialize, Serialize};

use crate::conformance::services::certificates;
use crate::conformance::services::review::REVIEWERS;
use crate::state::AppState;
use crate::web::actor::{Actor, CurrentUser};
use crate::web::error::PageResult;
use crate::web::extract::{PageForm, PageQuery};
use crate::web::forms::{refused_page, FormView, Refusal};
use crate::web::layout::{csrf_input, page, respond};

pub async fn verify(
    State(state): State<AppState>,
    actor: Actor,
    Path(id): Path<String>,
) -> PageResult<Response> {
    Ok(respond(verify_markup(&state, &actor, &id, None).await?))
}

async fn verify_markup(
    state: &AppState,
    actor: &Actor,
    id: &str,
    refusal: Option<&Refusal>,
) -> PageResult<maud::Markup> {
    let (certificate, status) = certificates::verify(state, id).await?;
    let may_revoke = actor
        .user()
        .is_some_and(|user| REVIEWERS.contains(&user.role))
        && status != CertificateStatus::Revoked;
    let signed_in: Option<&Actor> = actor.user().map(|_| actor);
    let revoke_form = FormView::new("revoke", refusal);
    Ok(page(
        signed_in,
        "Certificate",
        html! {
            h1 { "Certificate of conformance" }
            p.status role="status" {
                strong { "This certificate is " (status.label().to_lowercase()) "." }
                @if status == CertificateStatus::Revoked {
                    " Revoked on " (certificate.revoked_at.map(format_instant).unwrap_or_default())
                    @if let Some(reason) = &certificate.revoked_reason { ": " (reason) }
                }
            }
            div.card {
                dl {
                    dt { "Organization" } dd { (certificate.organization_name) }
                    dt { "System" } dd { (certificate.system_name) }
                    dt { "Suite" } dd { (certificate.suite_title) " (" code { (certificate.suite_key) } ", version " (certificate.suite_version) ")" }
                    dt { "Packages" } dd { (certificate.packages.join(", ")) }
                    dt { "Issued" } dd { (format_instant(certificate.issued_at)) }
                    dt { "Expires" } dd { (format_instant(certificate.expires_at)) }
                }
                p { a href={ "/verify/" (certificate.id) "/certificate.pdf" } { "The certificate as PDF" } }
            }
            div.card {
                h2 { "Check it yourself" }
                p { "The signed copy below is a JWS (ES256). Check it with the key published at " a href="/verify/jwks" { "/verify/jwks" } "; any change to it breaks the signature." }
                pre.wrap { code { (certificate.jws) } }
            }
            @if may_revoke {
                div.card {
                    h2 { "Revoke" }
                    p { "Revocation is final: the certificate shows as revoked, with the reason, to everyone." }
                    (revoke_form.summary())
                    form method="post" action={ "/certificates/" (certificate.id) "/revoke" } novalidate {
                        (csrf_input(actor))
                        (revoke_form.text("Reason (shown on this page)", "reason", ""))
                        button type="submit" { "Revoke the certificate" }
                    }
                }
            }
        },
    ))
}

pub async fn pdf(State(state): State<AppState>, Path(id): Path<String>) -> PageResult<Response> {
    let (certificate, status) = certificates::verify(&state, &id).await?;
    let bytes = certificates::pdf(&state, &certificate, status);
    Ok((
        [
            (header::CONTENT_TYPE, "application/pdf".to_owned()),
            (
                header::CONTENT_DISPOSITION,
                format!("inline; filename=\"certificate-{}.pdf\"", certificate.id),
            ),
        ],
        bytes,
    )
        .into_response())
}

pub async fn jwks(State(state): State<AppState>) -> Json<serde_json::Value> {
    Json(state.certificate_signer.jwks())
}

#[derive(Debug, Default, Deserialize, Serialize)]
pub struct RegistryQuery {
    #[serde(default)]
    suite: String,
}

pub async fn registry(
    State(state): State<AppState>,
    actor: Actor,
    PageQuery(query): PageQuery<RegistryQuery>,
) -> PageResult<Response> {
    let suite = query.suite.trim();
    let holders = if suite.is_empty() {
        Vec::new()
    } else {
        certificates::registry(&state, suite, None).await?
    };
    let signed_in: Option<&Actor> = actor.user().map(|_| &actor);
    Ok(respond(page(
        signed_in,
        "Certified systems",
        html! {
            h1 { "Certified systems" }
            form method="get" action="/certificates" {
                (FormView::plain().text("Suite key", "suite", suite))
                button type="submit" { "Show the holders" }
            }
            @if !suite.is_empty() {
                @if holders.is_empty() { p { "No organization holds a valid certificate of " code { (suite) } "." } } @else {
                    table {
                        caption { "Valid certificates of " (suite) }
                        thead { tr { th scope="col" { "Organization" } th scope="col" { "System" } th scope="col" { "Version" } th scope="col" { "Expires" } } }
                        tbody { @for certificate in &holders {
                            tr {
                                td { a href={ "/verify/" (certificate.id) } { (certificate.organization_name) } }
                                td { (certificate.system_name) }
                                td { (certificate.suite_version) }
                                td { (format_instant(certificate.expires_at)) }
                            }
                        } }
                    }
                }
            }
        },
    )))
}

#[derive(Debug, Default, Deserialize, Serialize)]
pub struct RevokeForm {
    #[serde(default)]
    reason: String,
}

pub async fn revoke(
    State(state): State<AppState>,
    CurrentUser(_, actor): CurrentUser,
    Path(id): Path<String>,
    PageForm(form): PageForm<RevokeForm>,
) -> PageResult<Response> {
    match certificates::revoke(&state, &actor, &id, &form.reason).await {
        Ok(_) => Ok(Redirect::to(&format!("/verify/{id}")).into_response()),
        Err(error) => {
            let refusal = Refusal::of("revoke", &form, error)?;
            let markup = verify_markup(&state, &actor, &id, Some(&refusal)).await?;
            Ok(refused_page(&refusal, markup))
        }
    }
}
