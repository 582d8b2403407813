//! `/verify/training/{id}`: anyone sees whether a person's certificate is valid, expired or
//! revoked, with whom and what it certifies; `/verify/training/{id}/certificate.pdf` the printable
//! copy; `POST /training/certificates/{id}/revoke` a trainer's revocation with a reason.

use axum::extract::{Path, State};
use axum::http::header;
use axum::response::{IntoResponse, Redirect, Response};
use maud::html;
use onramp_core::training::CertificateStatus;
use onramp_fhir::search::format_instant;
use serde::{Deserialize, Serialize};

use super::catalogue::{is_trainer, tenths};
use crate::state::AppState;
use crate::training::services::certificates::{self, verify_url, Standing};
use crate::web::actor::{Actor, CurrentUser};
use crate::web::error::PageResult;
use crate::web::extract::PageForm;
use crate::web::forms::{refused_page, FormView, Refusal};
use crate::web::layout::{csrf_input, page, respond};

pub async fn verify(
    State(state): State<AppState>,
    actor: Actor,
    Path(id): Path<String>,
) -> PageResult<Response> {
    Ok(respond(verify_markup(&state, &actor, &id, None).await?))
}

fn status_sentence(standing: &Standing) -> String {
    let certificate = &standing.certificate;
    match standing.status {
        CertificateStatus::Valid => format!(
            "This certificate is valid until {}.",
            format_instant(certificate.expires_at)
        ),
        CertificateStatus::Expired => format!(
            "This certificate expired on {}.",
            format_instant(certificate.expires_at)
        ),
        CertificateStatus::Revoked => format!(
            "This certificate was revoked on {}{}.",
            certificate
                .revoked_at
                .map(format_instant)
                .unwrap_or_default(),
            certificate
                .revoked_reason
                .as_deref()
                .map_or_else(String::new, |reason| format!(": {reason}"))
        ),
    }
}

async fn verify_markup(
    state: &AppState,
    actor: &Actor,
    id: &str,
    refusal: Option<&Refusal>,
) -> PageResult<maud::Markup> {
    let standing = certificates::verify(state, id).await?;
    let certificate = &standing.certificate;
    let may_revoke = is_trainer(actor) && standing.status != CertificateStatus::Revoked;
    let signed_in: Option<&Actor> = actor.user().map(|_| actor);
    let form = FormView::new("revoke", refusal);
    let reason_field = form.text("Reason (shown on this page)", "reason", "");
    Ok(page(
        signed_in,
        "Training certificate",
        html! {
            h1 { (certificate.title) }
            p.status role="status" { strong { (status_sentence(&standing)) } }
            div.card {
                dl {
                    dt { "Holder" } dd { (certificate.holder_name) }
                    dt { "Organization" } dd { (certificate.organization_name) }
                    dt { "Course" } dd { (certificate.course_title) ", version " (certificate.course_version) }
                    dt { "Continuing-education credits" } dd { (tenths(certificate.credits_tenths)) }
                    dt { "Issued" } dd { (format_instant(certificate.issued_at)) }
                    dt { "Expires" } dd { (format_instant(certificate.expires_at)) }
                    @if certificate.basis == "credits" { dt { "Earned" } dd { "Renewed by continuing-education credits" } }
                    @if let Some(renewed_by) = &certificate.renewed_by {
                        dt { "Renewed by" } dd { a href={ "/verify/training/" (renewed_by) } { "the next certificate" } }
                    }
                }
                p { a href={ "/verify/training/" (certificate.id) "/certificate.pdf" } { "The certificate as PDF" } }
            }
            @if may_revoke {
                div.card {
                    h2 { "Revoke" }
                    p { "Revocation is final: this page shows the certificate as revoked, with the reason." }
                    (form.summary())
                    form method="post" action={ "/training/certificates/" (certificate.id) "/revoke" } novalidate {
                        (csrf_input(actor))
                        (reason_field)
                        button type="submit" { "Revoke the certificate" }
                    }
                }
            }
        },
    ))
}

pub async fn pdf(State(state): State<AppState>, Path(id): Path<String>) -> PageResult<Response> {
    let standing = certificates::verify(&state, &id).await?;
    let certificate = &standing.certificate;
    let lines = vec![
        (20.0, certificate.title.clone()),
        (12.0, String::new()),
        (12.0, format!("Holder: {}", certificate.holder_name)),
        (
            12.0,
            format!("Organization: {}", certificate.organization_name),
        ),
        (
            12.0,
            format!(
                "Course: {} (version {})",
                certificate.course_title, certificate.course_version
            ),
        ),
        (
            12.0,
            format!(
                "Continuing-education credits: {}",
                tenths(certificate.credits_tenths)
            ),
        ),
        (
            12.0,
            format!("Issued: {}", format_instant(certificate.issued_at)),
        ),
        (
            12.0,
            format!("Expires: {}", format_instant(certificate.expires_at)),
        ),
        (12.0, String::new()),
        (12.0, status_sentence(&standing)),
        (
            10.0,
            format!("Verify: {}", verify_url(&state, &certificate.id)),
        ),
    ];
    let bytes = crate::registry::services::render::text_pdf(&lines);
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
        Ok(_) => Ok(Redirect::to(&format!("/verify/training/{id}")).into_response()),
        Err(error) => {
            let refusal = Refusal::of("revoke", &form, error)?;
            let markup = verify_markup(&state, &actor, &id, Some(&refusal)).await?;
            Ok(refused_page(&refusal, markup))
        }
    }
}
