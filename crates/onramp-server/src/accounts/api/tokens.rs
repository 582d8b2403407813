//! `/api/v1/tokens`: personal API tokens — create, list, revoke.

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::Json;
use onramp_store::accounts::tokens::ApiToken;
use serde::{Deserialize, Serialize};

use crate::accounts::services::tokens;
use crate::state::AppState;
use crate::web::actor::CurrentUser;
use crate::web::error::{ApiResult, Problem};
use crate::web::extract::ApiJson;
use crate::web::openapi::problem;

/// A token as listed: never the secret.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct TokenView {
    pub id: String,
    pub name: String,
    /// The first characters, to tell tokens apart.
    pub prefix: String,
    /// RFC 3339 times, UTC.
    pub created_at: String,
    pub expires_at: Option<String>,
    pub last_used_at: Option<String>,
    pub revoked_at: Option<String>,
}

fn rfc3339(ms: i64) -> String {
    jiff::Timestamp::from_millisecond(ms)
        .map(|timestamp| timestamp.to_string())
        .unwrap_or_default()
}

impl From<ApiToken> for TokenView {
    fn from(token: ApiToken) -> Self {
        TokenView {
            id: token.id,
            name: token.name,
            prefix: token.prefix,
            created_at: rfc3339(token.created_at),
            expires_at: token.expires_at.map(rfc3339),
            last_used_at: token.last_used_at.map(rfc3339),
            revoked_at: token.revoked_at.map(rfc3339),
        }
    }
}

#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewToken {
    /// What the token is for, 1 to 100 characters.
    pub name: String,
    /// 1 to 366; absent: the token lives until revoked.
    pub expires_in_days: Option<i64>,
}

/// The created token: `token` is the secret, returned only here.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct CreatedTokenView {
    pub token: String,
    #[serde(flatten)]
    pub details: TokenView,
}

/// List your API tokens
#[utoipa::path(
    get, path = "/api/v1/tokens", tag = "tokens", operation_id = "listTokens",
    responses(
        (status = 200, description = "The caller's tokens, newest first", body = [TokenView]),
        problem::Unauthenticated,
        (status = 403, description = "A role that may not hold tokens (partner member)", body = Problem, content_type = "application/problem+json"),
        problem::Invalid,
    ),
    security(("bearer" = []), ("session" = []))
)]
pub async fn list(
    State(state): State<AppState>,
    CurrentUser(_, actor): CurrentUser,
) -> ApiResult<Json<Vec<TokenView>>> {
    let listed = tokens::list(&state, &actor).await?;
    Ok(Json(listed.into_iter().map(TokenView::from).collect()))
}

/// Create an API token
///
/// The secret is in the answer's `token`, and only there: Onramp keeps its hash.
#[utoipa::path(
    post, path = "/api/v1/tokens", tag = "tokens", operation_id = "createToken",
    request_body = NewToken,
    responses(
        (status = 201, description = "Created; the secret is in `token`", body = CreatedTokenView),
        problem::Malformed,
        problem::Unauthenticated,
        problem::Forbidden,
        problem::TooLarge,
        (status = 422, description = "A name that is empty or too long, or an expiry outside 1 to 366 days", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []), ("session" = []))
)]
pub async fn create(
    State(state): State<AppState>,
    CurrentUser(_, actor): CurrentUser,
    ApiJson(new_token): ApiJson<NewToken>,
) -> ApiResult<(StatusCode, Json<CreatedTokenView>)> {
    let created =
        tokens::create(&state, &actor, &new_token.name, new_token.expires_in_days).await?;
    Ok((
        StatusCode::CREATED,
        Json(CreatedTokenView {
            token: created.secret,
            details: created.token.into(),
        }),
    ))
}

/// Revoke an API token
#[utoipa::path(
    delete, path = "/api/v1/tokens/{id}", tag = "tokens", operation_id = "revokeToken",
    params(("id" = String, Path, description = "The token's id")),
    responses(
        (status = 204, description = "Revoked"),
        problem::Unauthenticated,
        problem::Forbidden,
        (status = 404, description = "No live token of yours has this id", body = Problem, content_type = "application/problem+json"),
        problem::Invalid,
    ),
    security(("bearer" = []), ("session" = []))
)]
pub async fn revoke(
    State(state): State<AppState>,
    CurrentUser(_, actor): CurrentUser,
    Path(token_id): Path<String>,
) -> ApiResult<StatusCode> {
    tokens::revoke(&state, &actor, &token_id).await?;
    Ok(StatusCode::NO_CONTENT)
}
