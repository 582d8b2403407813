//! `/api/v1` for a partner organization's own people: the list, invitations, role changes and
//! deactivation (partner admins; always scoped to the caller's organization).

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::Json;
use onramp_store::registry::members::Member;
use serde::{Deserialize, Serialize};

use crate::registry::services::members;
use crate::state::AppState;
use crate::web::actor::CurrentUser;
use crate::web::error::{ApiResult, Problem};
use crate::web::extract::ApiJson;
use crate::web::openapi::problem;

#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct MemberView {
    pub id: String,
    pub email: String,
    pub name: String,
    pub role: String,
    pub active: bool,
    /// The invitation or confirmation is still open.
    pub pending: bool,
}

impl From<Member> for MemberView {
    fn from(member: Member) -> Self {
        MemberView {
            id: member.id,
            email: member.email,
            name: member.name,
            role: member.role.as_str().to_owned(),
            active: member.active,
            pending: member.pending,
        }
    }
}

/// List your organization's people (partners)
#[utoipa::path(
    get, path = "/api/v1/members", tag = "members", operation_id = "listMembers",
    responses(
        (status = 200, description = "The people of the caller's organization", body = [MemberView]),
        problem::Unauthenticated,
        problem::Forbidden,
        problem::Invalid,
    ),
    security(("bearer" = []), ("session" = []))
)]
pub async fn members(
    State(state): State<AppState>,
    CurrentUser(_, actor): CurrentUser,
) -> ApiResult<Json<Vec<MemberView>>> {
    let listed = members::list(&state, &actor).await?;
    Ok(Json(listed.into_iter().map(MemberView::from).collect()))
}

#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct InvitationBody {
    pub email: String,
    pub name: String,
    /// partner_admin, partner_developer, partner_member
    pub role: String,
}

/// What the inviter is told: the same for every address (see `members::invite`).
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct InvitationView {
    pub email: String,
    pub name: String,
    pub role: String,
    /// Always `sent`; the person appears among the members once their account exists.
    pub status: String,
}

/// Invite someone to your organization (partner admins)
#[utoipa::path(
    post, path = "/api/v1/invitations", tag = "members", operation_id = "inviteMember",
    request_body = InvitationBody,
    responses(
        (status = 202, description = "Sent: a single-use link, or to an address that already has an account a notice, was emailed", body = InvitationView),
        problem::Malformed,
        problem::Unauthenticated,
        problem::Forbidden,
        (status = 409, description = "The organization is suspended or retired", body = Problem, content_type = "application/problem+json"),
        problem::TooLarge,
        (status = 422, description = "An invalid address or name, or not a partner role", body = Problem, content_type = "application/problem+json"),
        (status = 429, description = "Too many invitations from this organization or to this address", body = Problem, content_type = "application/problem+json",
            headers(("Retry-After" = u64, description = "Seconds to wait"))),
    ),
    security(("bearer" = []), ("session" = []))
)]
pub async fn invite(
    State(state): State<AppState>,
    CurrentUser(_, actor): CurrentUser,
    ApiJson(body): ApiJson<InvitationBody>,
) -> ApiResult<(StatusCode, Json<InvitationView>)> {
    let sent = members::invite(&state, &actor, &body.email, &body.name, &body.role).await?;
    Ok((
        StatusCode::ACCEPTED,
        Json(InvitationView {
            email: sent.email,
            name: sent.name,
            role: sent.role.as_str().to_owned(),
            status: "sent".to_owned(),
        }),
    ))
}

/// Deactivate a member of your organization (partner admins)
#[utoipa::path(
    post, path = "/api/v1/members/{id}/deactivate", tag = "members", operation_id = "deactivateMember",
    params(("id" = String, Path, description = "The member's user id")),
    responses(
        (status = 204, description = "Deactivated; their sessions ended"),
        problem::Unauthenticated,
        problem::Forbidden,
        (status = 404, description = "No such member of your organization", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "An admin cannot deactivate themselves", body = Problem, content_type = "application/problem+json"),
        problem::Invalid,
    ),
    security(("bearer" = []), ("session" = []))
)]
pub async fn deactivate(
    State(state): State<AppState>,
    CurrentUser(_, actor): CurrentUser,
    Path(user_id): Path<String>,
) -> ApiResult<StatusCode> {
    members::deactivate(&state, &actor, &user_id).await?;
    Ok(StatusCode::NO_CONTENT)
}

#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct RoleBody {
    /// partner_admin, partner_developer, partner_member
    pub role: String,
}

/// Change a member's role (partner admins)
#[utoipa::path(
    post, path = "/api/v1/members/{id}/role", tag = "members", operation_id = "setMemberRole",
    request_body = RoleBody,
    params(("id" = String, Path, description = "The member's user id")),
    responses(
        (status = 204, description = "The member has the new role"),
        problem::Malformed,
        problem::Unauthenticated,
        problem::Forbidden,
        (status = 404, description = "No such member of your organization", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "An admin cannot give up their own admin role", body = Problem, content_type = "application/problem+json"),
        problem::TooLarge,
        (status = 422, description = "Not a partner role", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []), ("session" = []))
)]
pub async fn set_role(
    State(state): State<AppState>,
    CurrentUser(_, actor): CurrentUser,
    Path(user_id): Path<String>,
    ApiJson(body): ApiJson<RoleBody>,
) -> ApiResult<StatusCode> {
    members::set_role(&state, &actor, &user_id, &body.role).await?;
    Ok(StatusCode::NO_CONTENT)
}
