//! `GET /api/v1/me`: who the caller is.

use axum::Json;
use serde::Serialize;

use crate::web::actor::CurrentUser;
use crate::web::openapi::problem;

/// The signed-in user.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct Me {
    pub id: String,
    pub email: String,
    pub name: String,
    /// `program_admin`, `partner_developer`, …
    pub role: String,
    /// `staff` or `partner`.
    pub kind: String,
    pub organization_id: Option<String>,
    pub second_factor_enrolled: bool,
}

/// Who the caller is
#[utoipa::path(
    get,
    path = "/api/v1/me",
    tag = "account",
    operation_id = "getMe",
    responses(
        (status = 200, description = "The caller", body = Me),
        problem::Unauthenticated,
        problem::Invalid,
    ),
    security(("bearer" = []), ("session" = []))
)]
pub async fn get_me(CurrentUser(user, _): CurrentUser) -> Json<Me> {
    Json(Me {
        kind: if user.role.is_staff() {
            "staff"
        } else {
            "partner"
        }
        .to_owned(),
        role: user.role.as_str().to_owned(),
        id: user.id,
        email: user.email,
        name: user.name,
        organization_id: user.organization_id,
        second_factor_enrolled: user.totp_enabled,
    })
}
