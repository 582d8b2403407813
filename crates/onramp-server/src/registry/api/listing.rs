//! `/api/v1` lists: the reviewers' paged organization list and its CSV export, the public
//! directory, a partner admin's directory opt-in, and an organization's agreement status.

use axum::extract::{Path, State};
use axum::http::{header, HeaderMap, HeaderName, HeaderValue};
use axum::response::{IntoResponse, Response};
use axum::Json;
use onramp_store::paging::Total;
use serde::{Deserialize, Serialize};

use super::registry::{organization_view, rfc3339, OrganizationQuery, OrganizationView};
use crate::registry::services::listing;
use crate::state::AppState;
use crate::web::actor::CurrentUser;
use crate::web::error::{ApiResult, Problem};
use crate::web::extract::{ApiJson, ApiQuery};
use crate::web::openapi::problem;
use crate::web::paging::encode_cursor;

/// The response header that carries the number of matching organizations on all pages.
pub const TOTAL_COUNT: HeaderName = HeaderName::from_static("x-total-count");
/// Instead of [`TOTAL_COUNT`] when more organizations match than lists count (the cap).
pub const TOTAL_COUNT_AT_LEAST: HeaderName = HeaderName::from_static("x-total-count-at-least");
/// The list name inside the organization list's cursors.
pub const CURSOR_LIST: &str = "organizations";

/// List organizations (reviewers)
#[utoipa::path(
    get, path = "/api/v1/organizations", tag = "registry", operation_id = "listOrganizations",
    params(OrganizationQuery),
    responses(
        (status = 200, description = "One page of organizations, newest first (reviewers). A full page carries `Link: <…>; rel=\"next\"` with the cursor of the next page", body = [OrganizationView],
            headers(
                ("x-total-count" = i64, description = "Matching organizations on all pages, when there are at most 10,000"),
                ("x-total-count-at-least" = i64, description = "Instead of x-total-count when more than 10,000 match: 10000"),
                ("link" = String, description = "`<…?cursor=…>; rel=\"next\"` when the page is full"),
            )),
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
    let at = query.at()?;
    let page = listing::organizations(&state, &actor, &query.filter(), at, query.per_page).await?;
    let mut headers = HeaderMap::new();
    let (name, value) = match page.total {
        Total::Exact(n) => (TOTAL_COUNT, n),
        Total::AtLeast(n) => (TOTAL_COUNT_AT_LEAST, n),
    };
    headers.insert(name, HeaderValue::from(value));
    if let Some(next) = &page.next {
        let link = format!(
            "</api/v1/organizations?{}>; rel=\"next\"",
            query.next_query(&encode_cursor(CURSOR_LIST, next), page.per_page)
        );
        if let Ok(value) = HeaderValue::from_str(&link) {
            headers.insert(header::LINK, value);
        }
    }
    let views: Vec<OrganizationView> = page
        .organizations
        .into_iter()
        .map(organization_view)
        .collect();
    Ok((headers, Json(views)).into_response())
}

/// Export organizations as CSV (reviewers)
#[utoipa::path(
    get, path = "/api/v1/organizations.csv", tag = "registry", operation_id = "exportOrganizationsCsv",
    params(OrganizationQuery),
    responses(
        (status = 200, description = "Every matching organization as CSV (reviewers), streamed; paging is ignored", body = String, content_type = "text/csv"),
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
    let chunks = listing::csv(&state, &actor, &query.filter())?;
    Ok(crate::web::csv::streamed("organizations.csv", chunks))
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
