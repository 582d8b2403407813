//! `/api/v1` lists: the reviewers' paged organization list and its CSV export, the public
//! directory, a partner admin's directory opt-in, and an organization's agreement status.

use axum::extract::{Path, State};
use axum::http::{header, HeaderName};
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde::{Deserialize, Serialize};

use super::registry::{organization_view, rfc3339, OrganizationQuery, OrganizationView};
use crate::registry::services::listing;
use crate::state::AppState;
use crate::web::actor::CurrentUser;
use crate::web::error::{ApiResult, Problem};
use crate::web::extract::{ApiJson, ApiQuery};
use crate::web::openapi::problem;

/// The response header that carries the number of matching organizations on all pages.
pub const TOTAL_COUNT: HeaderName = HeaderName::from_static("x-total-count");

/// List organizations (reviewers)
#[utoipa::path(
    get, path = "/api/v1/organizations", tag = "registry", operation_id = "listOrganizations",
    params(OrganizationQuery),
    responses(
        (status = 200, description = "One page of organizations, newest first (reviewers)", body = [OrganizationView],
            headers(("x-total-count" = i64, description = "Matching organizations on all pages"))),
        problem::Malformed,
        problem::Unauthenticated,
        problem::Forbidden,
        problem::Invalid,
    ),
    security(("bearer" = []), ("session" = []))
)]
pub async fn list(
    State(state): State<AppState>,
    CurrentUser(_, actor): CurrentUser,
    ApiQuery(query): ApiQuery<OrganizationQuery>,
) -> ApiResult<Response> {
    let page =
        listing::organizations(&state, &actor, &query.filter(), query.page, query.per_page).await?;
    let views: Vec<OrganizationView> = page
        .organizations
        .into_iter()
        .map(organization_view)
        .collect();
    Ok(([(TOTAL_COUNT, page.total.to_string())], Json(views)).into_response())
}

/// Export organizations as CSV (reviewers)
#[utoipa::path(
    get, path = "/api/v1/organizations.csv", tag = "registry", operation_id = "exportOrganizationsCsv",
    params(OrganizationQuery),
    responses(
        (status = 200, description = "Every matching organization as CSV (reviewers); paging is ignored", body = String, content_type = "text/csv"),
        problem::Malformed,
        problem::Unauthenticated,
        problem::Forbidden,
        problem::Invalid,
    ),
    security(("bearer" = []), ("session" = []))
)]
pub async fn export_csv(
    State(state): State<AppState>,
    CurrentUser(_, actor): CurrentUser,
    ApiQuery(query): ApiQuery<OrganizationQuery>,
) -> ApiResult<Response> {
    let csv = listing::csv(&state, &actor, &query.filter()).await?;
    Ok(csv_response(csv))
}

/// A CSV download named `organizations.csv`.
pub(crate) fn csv_response(csv: String) -> Response {
    (
        [
            (header::CONTENT_TYPE, "text/csv; charset=utf-8"),
            (
                header::CONTENT_DISPOSITION,
                "attachment; filename=\"organizations.csv\"",
            ),
        ],
        csv,
    )
        .into_response()
}

/// One entry of the public directory.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct DirectoryEntry {
    pub legal_name: String,
    pub category: Option<String>,
    pub tier: String,
    pub country: Option<String>,
    pub web_domain: Option<String>,
}

/// List the public directory of partners
#[utoipa::path(
    get, path = "/api/v1/directory", tag = "registry", operation_id = "listDirectory",
    responses(
        (status = 200, description = "Active partners who opted into the directory", body = [DirectoryEntry]),
        problem::Invalid,
    )
)]
pub async fn directory(State(state): State<AppState>) -> ApiResult<Json<Vec<DirectoryEntry>>> {
    let listed = listing::directory(&state).await?;
    Ok(Json(
        listed
            .into_iter()
            .map(|profile| DirectoryEntry {
                legal_name: profile.name,
                category: profile.category,
                tier: profile.tier.as_str().to_owned(),
                country: profile.country,
                web_domain: profile.web_domain,
            })
            .collect(),
    ))
}

#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct DirectoryOptInBody {
    pub opt_in: bool,
}

/// Join or leave the public directory (partner admins)
#[utoipa::path(
    post, path = "/api/v1/organizations/{id}/directory", tag = "registry", operation_id = "setDirectoryOptIn",
    request_body = DirectoryOptInBody,
    params(("id" = String, Path, description = "The caller's own organization id")),
    responses(
        (status = 200, description = "Saved; listed once the organization is active", body = OrganizationView),
        problem::Malformed,
        problem::Unauthenticated,
        problem::Forbidden,
        (status = 404, description = "Not your organization", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "The organization is suspended or retired", body = Problem, content_type = "application/problem+json"),
        problem::TooLarge,
        problem::Invalid,
    ),
    security(("bearer" = []), ("session" = []))
)]
pub async fn set_directory_opt_in(
    State(state): State<AppState>,
    CurrentUser(_, actor): CurrentUser,
    Path(organization_id): Path<String>,
    ApiJson(body): ApiJson<DirectoryOptInBody>,
) -> ApiResult<Json<OrganizationView>> {
    let profile =
        listing::set_directory_opt_in(&state, &actor, &organization_id, body.opt_in).await?;
    Ok(Json(organization_view(profile)))
}

/// Where an organization stands with one published agreement.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct AgreementStatusView {
    pub template_id: String,
    pub kind: String,
    pub version: i64,
    pub title: String,
    /// Signers of an earlier version may keep using it until then.
    pub resign_by: Option<String>,
    /// Its latest signature of this kind, of any version.
    pub signature_id: Option<String>,
    pub signed_version: Option<i64>,
    pub signed_at: Option<String>,
    /// Whether the organization holds a signature that counts now; `false`: it must sign.
    pub current: bool,
}

/// Get an organization's agreement status
#[utoipa::path(
    get, path = "/api/v1/organizations/{id}/agreements", tag = "agreements", operation_id = "getAgreementStatus",
    params(("id" = String, Path, description = "The organization's id")),
    responses(
        (status = 200, description = "Per published agreement: what the organization signed, and whether it still must", body = [AgreementStatusView]),
        problem::Unauthenticated,
        problem::Forbidden,
        (status = 404, description = "No such organization, or not yours", body = Problem, content_type = "application/problem+json"),
        problem::Invalid,
    ),
    security(("bearer" = []), ("session" = []))
)]
pub async fn agreement_status(
    State(state): State<AppState>,
    CurrentUser(_, actor): CurrentUser,
    Path(organization_id): Path<String>,
) -> ApiResult<Json<Vec<AgreementStatusView>>> {
    let statuses = listing::agreement_status(&state, &actor, &organization_id).await?;
    Ok(Json(
        statuses
            .into_iter()
            .map(|status| AgreementStatusView {
                template_id: status.template.id,
                kind: status.template.kind,
                version: status.template.version,
                title: status.template.title,
                resign_by: status.template.resign_by.map(rfc3339),
                signature_id: status
                    .signature
                    .as_ref()
                    .map(|signature| signature.id.clone()),
                signed_version: status.signature.as_ref().map(|signature| signature.version),
                signed_at: status
                    .signature
                    .as_ref()
                    .map(|signature| rfc3339(signature.signed_at)),
                current: status.current,
            })
            .collect(),
    ))
}
