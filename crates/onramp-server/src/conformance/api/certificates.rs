//! Certificates: an organization's (its people and staff), revocation, and the public
//! verification and registry anyone may ask.

use axum::extract::{Path, State};
use axum::Json;
use onramp_core::conformance::CertificateStatus;
use onramp_store::conformance::certificates::Certificate;
use serde::{Deserialize, Serialize};

use crate::conformance::services::certificates::{self, verify_url};
use crate::state::AppState;
use crate::web::actor::CurrentUser;
use crate::web::error::ApiResult;
use crate::web::extract::{ApiJson, ApiQuery};
use crate::web::openapi::problem;

#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct CertificateView {
    pub id: String,
    /// `valid`, `expired` or `revoked`, now.
    pub status: String,
    pub organization_id: String,
    pub organization: String,
    pub system: String,
    pub suite: String,
    pub suite_version: i64,
    pub suite_title: String,
    pub packages: Vec<String>,
    pub issued_at: i64,
    pub expires_at: i64,
    pub revoked_at: Option<i64>,
    pub revoked_reason: Option<String>,
    /// The public page.
    pub verify_url: String,
    /// The signed certificate (JWS compact, ES256; keys at `/verify/jwks`).
    pub jws: String,
}

pub fn certificate_view(
    state: &AppState,
    certificate: &Certificate,
    status: CertificateStatus,
) -> CertificateView {
    CertificateView {
        id: certificate.id.clone(),
        status: status.as_str().to_owned(),
        organization_id: certificate.organization_id.clone(),
        organization: certificate.organization_name.clone(),
        system: certificate.system_name.clone(),
        suite: certificate.suite_key.clone(),
        suite_version: certificate.suite_version,
        suite_title: certificate.suite_title.clone(),
        packages: certificate.packages.clone(),
        issued_at: certificate.issued_at,
        expires_at: certificate.expires_at,
        revoked_at: certificate.revoked_at,
        revoked_reason: certificate.revoked_reason.clone(),
        verify_url: verify_url(state, &certificate.id),
        jws: certificate.jws.clone(),
    }
}

fn status_of(state: &AppState, certificate: &Certificate) -> CertificateStatus {
    onramp_core::conformance::certificate_status(
        certificate.expires_at,
        certificate.revoked_at,
        state.clock.now_ms(),
    )
}

/// An organization's certificates.
#[utoipa::path(
    get, path = "/api/v1/organizations/{id}/certificates", tag = "conformance", operation_id = "listCertificates",
    params(("id" = String, Path, description = "The organization's id")),
    responses((status = 200, description = "Certificates, newest first", body = [CertificateView]), problem::Unauthenticated, problem::NotFound, problem::Invalid),
    security(("bearer" = []), ("session" = []))
)]
pub async fn of_organization(
    State(state): State<AppState>,
    CurrentUser(_, actor): CurrentUser,
    Path(id): Path<String>,
) -> ApiResult<Json<Vec<CertificateView>>> {
    let list = certificates::of_organization(&state, &actor, &id).await?;
    Ok(Json(
        list.iter()
            .map(|c| certificate_view(&state, c, status_of(&state, c)))
            .collect(),
    ))
}

#[derive(Debug, Deserialize, utoipa::ToSchema)]
pub struct RevokeBody {
    pub reason: String,
}

/// Revokes a certificate, with a reason the verify page shows.
#[utoipa::path(
    post, path = "/api/v1/certificates/{id}/revoke", tag = "conformance", operation_id = "revokeCertificate",
    params(("id" = String, Path, description = "The certificate's id")),
    request_body = RevokeBody,
    responses((status = 200, description = "Revoked", body = CertificateView), problem::Malformed, problem::TooLarge, problem::Unauthenticated, problem::Forbidden, problem::NotFound, problem::Conflict, problem::Invalid),
    security(("bearer" = []), ("session" = []))
)]
pub async fn revoke(
    State(state): State<AppState>,
    CurrentUser(_, actor): CurrentUser,
    Path(id): Path<String>,
    ApiJson(body): ApiJson<RevokeBody>,
) -> ApiResult<Json<CertificateView>> {
    let certificate = certificates::revoke(&state, &actor, &id, &body.reason).await?;
    Ok(Json(certificate_view(
        &state,
        &certificate,
        status_of(&state, &certificate),
    )))
}

/// Whether a certificate is valid, expired or revoked (anyone).
#[utoipa::path(
    get, path = "/api/v1/public/certificates/{id}", tag = "conformance", operation_id = "verifyCertificate",
    params(("id" = String, Path, description = "The certificate's id")),
    responses((status = 200, description = "The certificate and its status", body = CertificateView), problem::NotFound, problem::Invalid),
)]
pub async fn verification(
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> ApiResult<Json<CertificateView>> {
    let (certificate, status) = certificates::verify(&state, &id).await?;
    Ok(Json(certificate_view(&state, &certificate, status)))
}

#[derive(Debug, Default, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct RegistryQuery {
    /// Only this version of the suite.
    pub version: Option<i64>,
}

/// The organizations holding a valid certificate of a suite (anyone).
#[utoipa::path(
    get, path = "/api/v1/public/suites/{key}/certificates", tag = "conformance", operation_id = "certificateRegistry",
    params(("key" = String, Path, description = "The suite's key"), RegistryQuery),
    responses((status = 200, description = "Valid certificates, by organization", body = [CertificateView]), problem::Malformed, problem::Invalid),
)]
pub async fn registry(
    State(state): State<AppState>,
    Path(key): Path<String>,
    ApiQuery(query): ApiQuery<RegistryQuery>,
) -> ApiResult<Json<Vec<CertificateView>>> {
    let list = certificates::registry(&state, &key, query.version).await?;
    Ok(Json(
        list.iter()
            .map(|c| certificate_view(&state, c, CertificateStatus::Valid))
            .collect(),
    ))
}
