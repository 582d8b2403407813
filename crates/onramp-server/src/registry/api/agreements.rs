//! `/api/v1` for agreement templates (draft, publish, retire) and signatures.

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::Json;
use onramp_store::registry::agreements::{Signature, Template};
use serde::{Deserialize, Serialize};

use super::registry::rfc3339;
use crate::registry::services::agreements;
use crate::state::AppState;
use crate::web::actor::CurrentUser;
use crate::web::error::{ApiResult, Problem};
use crate::web::extract::ApiJson;
use crate::web::openapi::problem;

#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct TemplateView {
    pub id: String,
    pub kind: String,
    pub version: i64,
    pub title: String,
    pub body_markdown: String,
    /// draft, published, retired
    pub state: String,
    /// Signatures of older versions count until then.
    pub resign_by: Option<String>,
}

impl From<Template> for TemplateView {
    fn from(template: Template) -> Self {
        TemplateView {
            id: template.id,
            kind: template.kind,
            version: template.version,
            title: template.title,
            body_markdown: template.body_markdown,
            state: template.state,
            resign_by: template.resign_by.map(rfc3339),
        }
    }
}

/// List agreement templates
#[utoipa::path(
    get, path = "/api/v1/agreements", tag = "agreements", operation_id = "listAgreements",
    responses(
        (status = 200, description = "Every version (staff) or the published ones (partners)", body = [TemplateView]),
        problem::Unauthenticated,
        problem::Invalid,
    ),
    security(("bearer" = []), ("session" = []))
)]
pub async fn list(
    State(state): State<AppState>,
    CurrentUser(_, actor): CurrentUser,
) -> ApiResult<Json<Vec<TemplateView>>> {
    let listed = agreements::list(&state, &actor).await?;
    Ok(Json(listed.into_iter().map(TemplateView::from).collect()))
}

#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct DraftBody {
    /// participation, data_sharing, acceptable_use, collaboration_mou
    pub kind: String,
    pub title: String,
    pub body_markdown: String,
}

/// Draft a new agreement version (program admins)
#[utoipa::path(
    post, path = "/api/v1/agreements", tag = "agreements", operation_id = "createAgreementDraft",
    request_body = DraftBody,
    responses(
        (status = 201, description = "A new draft version", body = TemplateView),
        problem::Malformed,
        problem::Unauthenticated,
        problem::Forbidden,
        problem::TooLarge,
        (status = 422, description = "An unknown kind, or a missing title or text", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []), ("session" = []))
)]
pub async fn create(
    State(state): State<AppState>,
    CurrentUser(_, actor): CurrentUser,
    ApiJson(body): ApiJson<DraftBody>,
) -> ApiResult<(StatusCode, Json<TemplateView>)> {
    let template =
        agreements::create_draft(&state, &actor, &body.kind, &body.title, &body.body_markdown)
            .await?;
    Ok((StatusCode::CREATED, Json(template.into())))
}

#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PublishBody {
    /// Signers of the previous version have this many days to re-sign; absent: at once.
    pub resign_within_days: Option<i64>,
}

/// Publish an agreement draft (program admins)
#[utoipa::path(
    post, path = "/api/v1/agreements/{id}/publish", tag = "agreements", operation_id = "publishAgreement",
    request_body = PublishBody,
    params(("id" = String, Path, description = "The template version's id")),
    responses(
        (status = 200, description = "Published; the previous version is retired", body = TemplateView),
        problem::Malformed,
        problem::Unauthenticated,
        problem::Forbidden,
        problem::NotFound,
        (status = 409, description = "Not a draft", body = Problem, content_type = "application/problem+json"),
        problem::TooLarge,
        (status = 422, description = "A re-signing period outside 0 to 366 days", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []), ("session" = []))
)]
pub async fn publish(
    State(state): State<AppState>,
    CurrentUser(_, actor): CurrentUser,
    Path(template_id): Path<String>,
    ApiJson(body): ApiJson<PublishBody>,
) -> ApiResult<Json<TemplateView>> {
    let template =
        agreements::publish(&state, &actor, &template_id, body.resign_within_days).await?;
    Ok(Json(template.into()))
}

/// Retire a published agreement (program admins)
#[utoipa::path(
    post, path = "/api/v1/agreements/{id}/retire", tag = "agreements", operation_id = "retireAgreement",
    params(("id" = String, Path, description = "The template version's id")),
    responses(
        (status = 200, description = "Retired: nobody can sign it any more", body = TemplateView),
        problem::Unauthenticated,
        problem::Forbidden,
        problem::NotFound,
        (status = 409, description = "Not published", body = Problem, content_type = "application/problem+json"),
        problem::Invalid,
    ),
    security(("bearer" = []), ("session" = []))
)]
pub async fn retire(
    State(state): State<AppState>,
    CurrentUser(_, actor): CurrentUser,
    Path(template_id): Path<String>,
) -> ApiResult<Json<TemplateView>> {
    Ok(Json(
        agreements::retire(&state, &actor, &template_id)
            .await?
            .into(),
    ))
}

#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SignBody {
    pub signer_name: String,
    pub signer_title: String,
    /// The signer confirms they read the text and may sign for the organization.
    pub confirm: bool,
}

#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct SignatureView {
    pub id: String,
    pub template_id: String,
    pub kind: String,
    pub version: i64,
    pub organization_id: String,
    pub signer_name: String,
    pub signer_title: String,
    pub signed_at: String,
    pub client_addr: Option<String>,
    pub user_agent: Option<String>,
    /// SHA-256 of the signed HTML copy (`GET /signatures/{id}/html`).
    pub text_sha256: String,
}

impl From<Signature> for SignatureView {
    fn from(signature: Signature) -> Self {
        SignatureView {
            id: signature.id,
            template_id: signature.template_id,
            kind: signature.kind,
            version: signature.version,
            organization_id: signature.organization_id,
            signer_name: signature.signer_name,
            signer_title: signature.signer_title,
            signed_at: rfc3339(signature.signed_at),
            client_addr: signature.client_addr,
            user_agent: signature.user_agent,
            text_sha256: signature.text_sha256,
        }
    }
}

/// Sign a published agreement for your organization (partner admins)
#[utoipa::path(
    post, path = "/api/v1/agreements/{id}/signatures", tag = "agreements", operation_id = "signAgreement",
    request_body = SignBody,
    params(("id" = String, Path, description = "The published template version's id")),
    responses(
        (status = 201, description = "Signed for the caller's organization", body = SignatureView),
        problem::Malformed,
        problem::Unauthenticated,
        (status = 403, description = "Only partner admins sign (or a session's write from another site)", body = Problem, content_type = "application/problem+json"),
        problem::NotFound,
        (status = 409, description = "Not the published version, or the organization is suspended or retired", body = Problem, content_type = "application/problem+json"),
        problem::TooLarge,
        (status = 422, description = "A missing name or title, or not confirmed", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []), ("session" = []))
)]
pub async fn sign(
    State(state): State<AppState>,
    CurrentUser(_, actor): CurrentUser,
    Path(template_id): Path<String>,
    ApiJson(body): ApiJson<SignBody>,
) -> ApiResult<(StatusCode, Json<SignatureView>)> {
    let signature = agreements::sign(
        &state,
        &actor,
        &template_id,
        &body.signer_name,
        &body.signer_title,
        body.confirm,
    )
    .await?;
    Ok((StatusCode::CREATED, Json(signature.into())))
}

/// Get a signature record
#[utoipa::path(
    get, path = "/api/v1/signatures/{id}", tag = "agreements", operation_id = "getSignature",
    params(("id" = String, Path, description = "The signature's id")),
    responses(
        (status = 200, description = "The signature record", body = SignatureView),
        problem::Unauthenticated,
        problem::Forbidden,
        (status = 404, description = "No such signature, or not your organization's", body = Problem, content_type = "application/problem+json"),
        problem::Invalid,
    ),
    security(("bearer" = []), ("session" = []))
)]
pub async fn signature(
    State(state): State<AppState>,
    CurrentUser(_, actor): CurrentUser,
    Path(signature_id): Path<String>,
) -> ApiResult<Json<SignatureView>> {
    Ok(Json(
        agreements::signature(&state, &actor, &signature_id)
            .await?
            .into(),
    ))
}
