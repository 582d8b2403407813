//! `/api/v1` for reviewers' work on one organization: lifecycle decisions, verification evidence
//! (checks Onramp runs and results reviewers record, documents included), collaborative-tier
//! approval, and the organization's uploaded documents.

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::Json;
use onramp_core::registry::lifecycle::Action;
use onramp_store::registry::documents::Document;
use onramp_store::registry::evidence::{Evidence, Transition};
use serde::{Deserialize, Serialize};

use super::registry::{organization_view, rfc3339, OrganizationView};
use crate::registry::services::{documents, review};
use crate::state::AppState;
use crate::web::actor::{Actor, CurrentUser};
use crate::web::error::{ApiResult, AppError, FieldError, Problem};
use crate::web::extract::ApiJson;
use crate::web::openapi::problem;

#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct TransitionBody {
    /// start_review, approve, reject, request_information, suspend, reinstate, retire
    pub action: String,
    pub reason: String,
}

#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct TransitionView {
    pub id: String,
    pub action: String,
    pub from_state: String,
    pub to_state: String,
    pub reason: String,
    pub by: String,
    pub at: String,
}

impl From<Transition> for TransitionView {
    fn from(transition: Transition) -> Self {
        TransitionView {
            id: transition.id,
            action: transition.action,
            from_state: transition.from_state,
            to_state: transition.to_state,
            reason: transition.reason,
            by: transition.actor_label,
            at: rfc3339(transition.at),
        }
    }
}

/// Decide on an organization (reviewers)
///
/// Moves the organization through its lifecycle (`start_review`, `approve`, `reject`,
/// `request_information`, `suspend`, `reinstate`, `retire`) with a reason; the tier is recomputed
/// and the applicant is emailed.
#[utoipa::path(
    post, path = "/api/v1/organizations/{id}/transitions", tag = "review", operation_id = "decideOrganization",
    request_body = TransitionBody,
    params(("id" = String, Path, description = "The organization's id")),
    responses(
        (status = 201, description = "Decided", body = TransitionView),
        problem::Malformed,
        problem::Unauthenticated,
        (status = 403, description = "Not a reviewer, a program-admin-only action, or a session's write from another site", body = Problem, content_type = "application/problem+json"),
        problem::NotFound,
        (status = 409, description = "Not allowed from the current state (retired, no evidence, …)", body = Problem, content_type = "application/problem+json"),
        problem::TooLarge,
        (status = 422, description = "Unknown action or missing reason", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []), ("session" = []))
)]
pub async fn transition(
    State(state): State<AppState>,
    CurrentUser(_, actor): CurrentUser,
    Path(organization_id): Path<String>,
    ApiJson(body): ApiJson<TransitionBody>,
) -> ApiResult<(StatusCode, Json<TransitionView>)> {
    let action = body.action.parse::<Action>().map_err(|error| {
        AppError::validation(vec![FieldError::new("action", error.to_string())])
    })?;
    let transition = review::decide(&state, &actor, &organization_id, action, &body.reason).await?;
    Ok((StatusCode::CREATED, Json(transition.into())))
}

#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct EvidenceBody {
    /// email_domain and dns_txt are checked by Onramp; identifier and document record the
    /// reviewer's check (document: of the uploaded document `document_id`).
    pub kind: String,
    pub system: Option<String>,
    pub value: Option<String>,
    pub passed: Option<bool>,
    pub note: Option<String>,
    #[serde(default)]
    pub document_id: Option<String>,
}

#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct EvidenceView {
    pub id: String,
    pub kind: String,
    pub passed: bool,
    pub detail: String,
    pub recorded_by: String,
    pub recorded_at: String,
    pub document_id: Option<String>,
}

impl From<Evidence> for EvidenceView {
    fn from(evidence: Evidence) -> Self {
        EvidenceView {
            id: evidence.id,
            kind: evidence.kind,
            passed: evidence.passed,
            detail: evidence.detail,
            recorded_by: evidence.recorded_by_label,
            recorded_at: rfc3339(evidence.recorded_at),
            document_id: evidence.document_id,
        }
    }
}

/// Runs or records one piece of evidence, for the page and the API alike.
pub(crate) async fn record_evidence(
    state: &AppState,
    actor: &Actor,
    organization_id: &str,
    body: &EvidenceBody,
) -> Result<Evidence, AppError> {
    match body.kind.as_str() {
        review::EMAIL_DOMAIN => review::check_email_domain(state, actor, organization_id).await,
        review::DNS_TXT => review::check_dns(state, actor, organization_id).await,
        review::IDENTIFIER => {
            review::record_identifier_check(
                state,
                actor,
                organization_id,
                body.system.as_deref().unwrap_or(""),
                body.value.as_deref().unwrap_or(""),
                body.passed.unwrap_or(false),
                body.note.as_deref().unwrap_or(""),
            )
            .await
        }
        review::DOCUMENT => {
            documents::record_check(
                state,
                actor,
                organization_id,
                body.document_id.as_deref().unwrap_or(""),
                body.passed.unwrap_or(false),
                body.note.as_deref().unwrap_or(""),
            )
            .await
        }
        _ => Err(AppError::validation(vec![FieldError::new(
            "kind",
            "choose the kind of evidence: email domain, DNS TXT record, identifier check or document review",
        )])),
    }
}

/// Run or record verification evidence (reviewers)
///
/// `email_domain` and `dns_txt` are checked by Onramp; `identifier` and `document` record the
/// reviewer's own check. The evidence is kept whether it passed or not.
#[utoipa::path(
    post, path = "/api/v1/organizations/{id}/evidence", tag = "review", operation_id = "recordEvidence",
    request_body = EvidenceBody,
    params(("id" = String, Path, description = "The organization's id")),
    responses(
        (status = 201, description = "Recorded, passed or not", body = EvidenceView),
        problem::Malformed,
        problem::Unauthenticated,
        problem::Forbidden,
        (status = 404, description = "No such organization, or no such document of it", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "The organization is retired", body = Problem, content_type = "application/problem+json"),
        problem::TooLarge,
        (status = 422, description = "An unknown kind, or values the kind needs are missing", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []), ("session" = []))
)]
pub async fn evidence(
    State(state): State<AppState>,
    CurrentUser(_, actor): CurrentUser,
    Path(organization_id): Path<String>,
    ApiJson(body): ApiJson<EvidenceBody>,
) -> ApiResult<(StatusCode, Json<EvidenceView>)> {
    let evidence = record_evidence(&state, &actor, &organization_id, &body).await?;
    Ok((StatusCode::CREATED, Json(evidence.into())))
}

#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CollaborationBody {
    pub approved: bool,
    pub reason: String,
}

/// Approve or withdraw collaborative-tier approval (reviewers)
#[utoipa::path(
    post, path = "/api/v1/organizations/{id}/collaboration", tag = "review", operation_id = "setCollaborationApproval",
    request_body = CollaborationBody,
    params(("id" = String, Path, description = "The organization's id")),
    responses(
        (status = 200, description = "Saved; the tier is recomputed", body = OrganizationView),
        problem::Malformed,
        problem::Unauthenticated,
        problem::Forbidden,
        problem::NotFound,
        problem::Conflict,
        problem::TooLarge,
        (status = 422, description = "A missing reason", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []), ("session" = []))
)]
pub async fn collaboration(
    State(state): State<AppState>,
    CurrentUser(_, actor): CurrentUser,
    Path(organization_id): Path<String>,
    ApiJson(body): ApiJson<CollaborationBody>,
) -> ApiResult<Json<OrganizationView>> {
    let profile = review::set_collaboration_approval(
        &state,
        &actor,
        &organization_id,
        body.approved,
        &body.reason,
    )
    .await?;
    Ok(Json(organization_view(profile)))
}

#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct DocumentView {
    pub id: String,
    pub filename: String,
    /// application/pdf, image/png or image/jpeg, from the file's content
    pub content_type: String,
    pub size_bytes: i64,
    pub sha256: String,
    pub uploaded_at: String,
    /// Where to download it (portal session; the owning organization and staff only).
    pub download: String,
}

impl From<Document> for DocumentView {
    fn from(document: Document) -> Self {
        DocumentView {
            download: format!("/documents/{}", document.id),
            id: document.id,
            filename: document.filename,
            content_type: document.content_type,
            size_bytes: document.size_bytes,
            sha256: document.sha256,
            uploaded_at: rfc3339(document.uploaded_at),
        }
    }
}

/// List an organization's documents
#[utoipa::path(
    get, path = "/api/v1/organizations/{id}/documents", tag = "review", operation_id = "listDocuments",
    params(("id" = String, Path, description = "The organization's id")),
    responses(
        (status = 200, description = "The organization's uploaded documents, oldest first", body = [DocumentView]),
        problem::Unauthenticated,
        problem::Forbidden,
        (status = 404, description = "No such organization, or not yours", body = Problem, content_type = "application/problem+json"),
        problem::Invalid,
    ),
    security(("bearer" = []), ("session" = []))
)]
pub async fn documents(
    State(state): State<AppState>,
    CurrentUser(_, actor): CurrentUser,
    Path(organization_id): Path<String>,
) -> ApiResult<Json<Vec<DocumentView>>> {
    let listed = documents::list(&state, &actor, &organization_id).await?;
    Ok(Json(listed.into_iter().map(DocumentView::from).collect()))
}

/// A document sent through the API: the file's bytes in base64. The JSON body limit applies
/// (`max_body_bytes`), and the document limit to the decoded bytes.
#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewDocument {
    /// The file's name, as the uploader knows it (reduced to safe characters).
    pub filename: String,
    /// The file, base64 (standard alphabet, with padding). PDF, PNG or JPEG, told by content.
    pub content_base64: String,
}

/// Upload a document for an organization
///
/// Staff attach to any application, a partner admin to their own organization. The type is told
/// by the file's content: PDF, PNG or JPEG.
#[utoipa::path(
    post, path = "/api/v1/organizations/{id}/documents", tag = "review", operation_id = "uploadDocument",
    params(("id" = String, Path, description = "The organization's id")),
    request_body = NewDocument,
    responses(
        (status = 201, description = "Stored; its SHA-256 is in the body", body = DocumentView),
        problem::Malformed,
        problem::Unauthenticated,
        problem::Forbidden,
        (status = 404, description = "No such organization, or not yours", body = Problem, content_type = "application/problem+json"),
        problem::Conflict,
        (status = 413, description = "Larger than the body limit or the document limit", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Not base64, empty, or not a PDF, PNG or JPEG", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []), ("session" = []))
)]
pub async fn upload_document(
    State(state): State<AppState>,
    CurrentUser(user, actor): CurrentUser,
    Path(organization_id): Path<String>,
    ApiJson(new_document): ApiJson<NewDocument>,
) -> ApiResult<(StatusCode, Json<DocumentView>)> {
    use base64::Engine;
    let bytes = base64::engine::general_purpose::STANDARD
        .decode(new_document.content_base64.trim())
        .map_err(|_| {
            AppError::validation(vec![FieldError::new(
                "content_base64",
                "the file is not valid base64",
            )])
        })?;
    let upload = documents::Upload {
        filename: new_document.filename,
        bytes,
    };
    // Staff attach to any application; a partner admin only to their own organization, and any
    // other id is "not found", as everywhere a partner reaches.
    let document = if user.role.is_staff() {
        documents::upload_for(&state, &actor, &organization_id, &upload).await?
    } else if user.organization_id.as_deref() == Some(organization_id.as_str()) {
        documents::upload_own(&state, &actor, &upload).await?
    } else {
        return Err(AppError::NotFound("organization").into());
    };
    Ok((StatusCode::CREATED, Json(DocumentView::from(document))))
}
