//! `/api/v1/enrollments/{id}/environments`, `/api/v1/environments/{id}` (with its clients and
//! message log) and `/api/v1/clients/{id}`: what the pages do, for scripts.

use axum::extract::{Path, State};
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use onramp_core::sandbox::AccessState;
use onramp_store::sandbox::clients::Client;
use onramp_store::sandbox::environments::Environment;
use onramp_store::sandbox::messages::{self, Message, MessageFilter};
use serde::{Deserialize, Serialize};

use crate::sandbox::fhir::interactions::base_url;
use crate::sandbox::oauth::token::token_url;
use crate::sandbox::services::clients::{self, ClientInput};
use crate::sandbox::services::environments::{self, visible_environment, EnvironmentInput};
use crate::state::AppState;
use crate::web::actor::CurrentUser;
use crate::web::error::{ApiResult, AppError, FieldError, Problem};
use crate::web::extract::{ApiJson, ApiQuery};
use crate::web::openapi::problem;

#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct EnvironmentView {
    pub id: String,
    pub enrollment_id: String,
    pub organization_id: String,
    /// `sandbox` or `production`.
    pub kind: String,
    pub name: String,
    /// `active` or `suspended`.
    pub state: String,
    /// The pinned packages, `NAME#VERSION`.
    pub packages: Vec<String>,
    /// `reject` or `record`.
    pub policy: String,
    /// The FHIR base: the sandbox's, or the production endpoint's.
    pub fhir_base: Option<String>,
    pub token_url: String,
    pub created_at: i64,
}

fn environment_view(state: &AppState, environment: &Environment) -> EnvironmentView {
    EnvironmentView {
        id: environment.id.clone(),
        enrollment_id: environment.enrollment_id.clone(),
        organization_id: environment.organization_id.clone(),
        kind: environment.kind.clone(),
        name: environment.name.clone(),
        state: environment.state.clone(),
        packages: environment.packages.clone(),
        policy: environment.policy.clone(),
        fhir_base: match environment.kind.as_str() {
            "sandbox" => Some(base_url(state, &environment.id)),
            _ => environment.production_url.clone(),
        },
        token_url: token_url(state),
        created_at: environment.created_at,
    }
}

/// The environments of an enrollment.
#[utoipa::path(
    get, path = "/api/v1/enrollments/{id}/environments", tag = "environments", operation_id = "listEnvironments",
    params(("id" = String, Path, description = "The enrollment's id")),
    responses(
        (status = 200, description = "The enrollment's environments", body = [EnvironmentView]),
        problem::Unauthenticated,
        problem::Forbidden,
        problem::NotFound,
        problem::Invalid,
    ),
    security(("bearer" = []), ("session" = []))
)]
pub async fn list(
    State(state): State<AppState>,
    CurrentUser(_, actor): CurrentUser,
    Path(id): Path<String>,
) -> ApiResult<Json<Vec<EnvironmentView>>> {
    let list = environments::of_enrollment(&state, &actor, &id).await?;
    Ok(Json(
        list.iter().map(|e| environment_view(&state, e)).collect(),
    ))
}

#[derive(Debug, Deserialize, utoipa::ToSchema)]
pub struct EnvironmentBody {
    /// `sandbox` or `production`.
    pub kind: String,
    pub name: Option<String>,
    /// `reject` (default) or `record`.
    pub policy: Option<String>,
    /// The production FHIR base URL (production only).
    pub production_url: Option<String>,
}

/// Opens a sandbox, or records the production endpoint, for an enrollment.
#[utoipa::path(
    post, path = "/api/v1/enrollments/{id}/environments", tag = "environments", operation_id = "openEnvironment",
    params(("id" = String, Path, description = "The enrollment's id")),
    request_body = EnvironmentBody,
    responses(
        (status = 201, description = "Opened, with the track's packages pinned", body = EnvironmentView),
        problem::Malformed,
        problem::TooLarge,
        problem::Unauthenticated,
        problem::Forbidden,
        problem::NotFound,
        problem::Invalid,
    ),
    security(("bearer" = []), ("session" = []))
)]
pub async fn open(
    State(state): State<AppState>,
    CurrentUser(_, actor): CurrentUser,
    Path(id): Path<String>,
    ApiJson(body): ApiJson<EnvironmentBody>,
) -> ApiResult<(StatusCode, Json<EnvironmentView>)> {
    let environment = environments::open(
        &state,
        &actor,
        &id,
        &EnvironmentInput {
            kind: &body.kind,
            name: body.name.as_deref().unwrap_or_default(),
            policy: body.policy.as_deref().unwrap_or_default(),
            production_url: body.production_url.as_deref().unwrap_or_default(),
        },
    )
    .await?;
    Ok((
        StatusCode::CREATED,
        Json(environment_view(&state, &environment)),
    ))
}

/// One environment, with its FHIR base and token URL.
#[utoipa::path(
    get, path = "/api/v1/environments/{id}", tag = "environments", operation_id = "getEnvironment",
    params(("id" = String, Path, description = "The environment's id")),
    responses(
        (status = 200, description = "The environment", body = EnvironmentView),
        problem::Unauthenticated,
        problem::Forbidden,
        problem::NotFound,
        problem::Invalid,
    ),
    security(("bearer" = []), ("session" = []))
)]
pub async fn get(
    State(state): State<AppState>,
    CurrentUser(_, actor): CurrentUser,
    Path(id): Path<String>,
) -> ApiResult<Json<EnvironmentView>> {
    let environment = visible_environment(&state, &actor, &id).await?;
    Ok(Json(environment_view(&state, &environment)))
}

#[derive(Debug, Deserialize, utoipa::ToSchema)]
pub struct StateBody {
    /// `active` or `suspended`.
    pub state: String,
}

fn access_state(text: &str) -> Result<AccessState, AppError> {
    text.parse::<AccessState>()
        .map_err(|error| AppError::validation(vec![FieldError::new("state", error.to_string())]))
}

/// Suspends or reactivates an environment.
#[utoipa::path(
    post, path = "/api/v1/environments/{id}/state", tag = "environments", operation_id = "setEnvironmentState",
    params(("id" = String, Path, description = "The environment's id")),
    request_body = StateBody,
    responses(
        (status = 200, description = "Suspended or reactivated", body = EnvironmentView),
        problem::Malformed,
        problem::TooLarge,
        problem::Unauthenticated,
        problem::Forbidden,
        problem::NotFound,
        problem::Invalid,
        problem::Conflict,
    ),
    security(("bearer" = []), ("session" = []))
)]
pub async fn set_state(
    State(state): State<AppState>,
    CurrentUser(_, actor): CurrentUser,
    Path(id): Path<String>,
    ApiJson(body): ApiJson<StateBody>,
) -> ApiResult<Json<EnvironmentView>> {
    let to = access_state(&body.state)?;
    let environment = environments::set_state(&state, &actor, &id, to).await?;
    Ok(Json(environment_view(&state, &environment)))
}

#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct ClientView {
    /// The `client_id`.
    pub id: String,
    pub environment_id: String,
    pub name: String,
    /// `private_key_jwt` or `client_secret_basic`.
    pub auth_method: String,
    pub scopes: Vec<String>,
    /// `active` or `suspended`.
    pub state: String,
    /// The registered JWKS (`private_key_jwt`).
    #[schema(value_type = Option<Object>)]
    pub jwks: Option<serde_json::Value>,
    /// Where the client publishes its JWKS, if registered by URL.
    pub jwks_url: Option<String>,
    pub token_url: String,
    pub created_at: i64,
    /// When it stops working (milliseconds since the epoch); none: it does not expire.
    pub expires_at: Option<i64>,
    /// The secret, on creation and rotation only: it is never shown again.
    pub client_secret: Option<String>,
}

fn client_view(state: &AppState, client: &Client, secret: Option<String>) -> ClientView {
    ClientView {
        id: client.id.clone(),
        environment_id: client.environment_id.clone(),
        name: client.name.clone(),
        auth_method: client.auth_method.clone(),
        scopes: client.scopes.clone(),
        state: client.state.clone(),
        jwks: client
            .jwks
            .as_deref()
            .and_then(|text| serde_json::from_str(text).ok()),
        jwks_url: client.jwks_url.clone(),
        token_url: token_url(state),
        created_at: client.created_at,
        expires_at: client.expires_at,
        client_secret: secret,
    }
}

/// The machine clients of an environment.
#[utoipa::path(
    get, path = "/api/v1/environments/{id}/clients", tag = "environments", operation_id = "listClients",
    params(("id" = String, Path, description = "The environment's id")),
    responses(
        (status = 200, description = "The environment's clients", body = [ClientView]),
        problem::Unauthenticated,
        problem::Forbidden,
        problem::NotFound,
        problem::Invalid,
    ),
    security(("bearer" = []), ("session" = []))
)]
pub async fn list_clients(
    State(state): State<AppState>,
    CurrentUser(_, actor): CurrentUser,
    Path(id): Path<String>,
) -> ApiResult<Json<Vec<ClientView>>> {
    let (_, list) = clients::list(&state, &actor, &id).await?;
    Ok(Json(
        list.iter().map(|c| client_view(&state, c, None)).collect(),
    ))
}

#[derive(Debug, Deserialize, utoipa::ToSchema)]
pub struct ClientBody {
    pub name: String,
    /// `private_key_jwt` (SMART Backend Services) or `client_secret_basic`.
    pub auth_method: String,
    /// Space-separated SMART system scopes; default `system/*.cruds`.
    pub scopes: Option<String>,
    /// The JWKS for `private_key_jwt` (RSA 2048+ for RS384, P-384 for ES384, each with a `kid`).
    #[schema(value_type = Option<Object>)]
    pub jwks: Option<serde_json::Value>,
    /// The last day the client works (`YYYY-MM-DD`, UTC); partner admins are reminded two weeks
    /// ahead. Omitted: it does not expire.
    pub expires_on: Option<String>,
    /// Instead of `jwks`: an https URL where the client publishes its JWKS (fetched when a token
    /// is asked for, kept for a minute).
    pub jwks_url: Option<String>,
}

/// Registers a machine client (production ones only once the go-live gate holds).
#[utoipa::path(
    post, path = "/api/v1/environments/{id}/clients", tag = "environments", operation_id = "createClient",
    params(("id" = String, Path, description = "The environment's id")),
    request_body = ClientBody,
    responses(
        (status = 201, description = "Registered; a client_secret_basic client's secret is in the answer, once", body = ClientView),
        problem::Malformed,
        problem::TooLarge,
        problem::Unauthenticated,
        problem::Forbidden,
        problem::NotFound,
        problem::Invalid,
        (status = 409, description = "A production client before the go-live gate holds (the detail lists what is missing), or a suspended environment or organization", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []), ("session" = []))
)]
pub async fn create_client(
    State(state): State<AppState>,
    CurrentUser(_, actor): CurrentUser,
    Path(id): Path<String>,
    ApiJson(body): ApiJson<ClientBody>,
) -> ApiResult<(StatusCode, Json<ClientView>)> {
    let jwks = body
        .jwks
        .as_ref()
        .map(ToString::to_string)
        .unwrap_or_default();
    let issued = clients::create(
        &state,
        &actor,
        &id,
        &ClientInput {
            name: &body.name,
            auth_method: &body.auth_method,
            scopes: body.scopes.as_deref().unwrap_or_default(),
            jwks: &jwks,
            expires_on: body.expires_on.as_deref().unwrap_or_default(),
            jwks_url: body.jwks_url.as_deref().unwrap_or_default(),
        },
    )
    .await?;
    Ok((
        StatusCode::CREATED,
        Json(client_view(&state, &issued.client, issued.secret)),
    ))
}

#[derive(Debug, Deserialize, utoipa::ToSchema)]
pub struct RotateBody {
    /// How long the previous secret keeps working, in minutes (0 to 43,200; default 60).
    pub overlap_minutes: Option<i64>,
}

/// Gives a secret client a new secret, the old one working for an overlap.
#[utoipa::path(
    post, path = "/api/v1/clients/{id}/secret", tag = "environments", operation_id = "rotateClientSecret",
    params(("id" = String, Path, description = "The client id")),
    request_body = RotateBody,
    responses(
        (status = 200, description = "A new secret (shown once); the previous one works for the overlap", body = ClientView),
        problem::Malformed,
        problem::TooLarge,
        problem::Unauthenticated,
        problem::Forbidden,
        problem::NotFound,
        problem::Invalid,
    ),
    security(("bearer" = []), ("session" = []))
)]
pub async fn rotate_client(
    State(state): State<AppState>,
    CurrentUser(_, actor): CurrentUser,
    Path(id): Path<String>,
    ApiJson(body): ApiJson<RotateBody>,
) -> ApiResult<Json<ClientView>> {
    let issued =
        clients::rotate_secret(&state, &actor, &id, body.overlap_minutes.unwrap_or(60)).await?;
    Ok(Json(client_view(&state, &issued.client, issued.secret)))
}

#[derive(Debug, Deserialize, utoipa::ToSchema)]
pub struct KeysBody {
    /// The new JWKS: keep the old key in it until the client signs with the new one.
    #[schema(value_type = Object)]
    pub jwks: serde_json::Value,
}

/// Replaces a signed-JWT client's public keys.
#[utoipa::path(
    put, path = "/api/v1/clients/{id}/jwks", tag = "environments", operation_id = "replaceClientKeys",
    params(("id" = String, Path, description = "The client id")),
    request_body = KeysBody,
    responses(
        (status = 200, description = "The keys replaced", body = ClientView),
        problem::Malformed,
        problem::TooLarge,
        problem::Unauthenticated,
        problem::Forbidden,
        problem::NotFound,
        problem::Invalid,
    ),
    security(("bearer" = []), ("session" = []))
)]
pub async fn replace_keys(
    State(state): State<AppState>,
    CurrentUser(_, actor): CurrentUser,
    Path(id): Path<String>,
    ApiJson(body): ApiJson<KeysBody>,
) -> ApiResult<Json<ClientView>> {
    let client = clients::replace_jwks(&state, &actor, &id, &body.jwks.to_string()).await?;
    Ok(Json(client_view(&state, &client, None)))
}

/// Suspends (revoking its tokens) or reactivates a client.
#[utoipa::path(
    post, path = "/api/v1/clients/{id}/state", tag = "environments", operation_id = "setClientState",
    params(("id" = String, Path, description = "The client id")),
    request_body = StateBody,
    responses(
        (status = 200, description = "Suspended (its tokens revoked) or reactivated", body = ClientView),
        problem::Malformed,
        problem::TooLarge,
        problem::Unauthenticated,
        problem::Forbidden,
        problem::NotFound,
        problem::Invalid,
        problem::Conflict,
    ),
    security(("bearer" = []), ("session" = []))
)]
pub async fn set_client_state(
    State(state): State<AppState>,
    CurrentUser(_, actor): CurrentUser,
    Path(id): Path<String>,
    ApiJson(body): ApiJson<StateBody>,
) -> ApiResult<Json<ClientView>> {
    let to = access_state(&body.state)?;
    let client = clients::set_state(&state, &actor, &id, to).await?;
    Ok(Json(client_view(&state, &client, None)))
}

#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct MessageView {
    pub id: String,
    pub received_at: i64,
    pub duration_us: i64,
    pub client_id: Option<String>,
    pub method: String,
    pub url: String,
    pub interaction: String,
    pub resource_type: Option<String>,
    pub resource_id: Option<String>,
    pub profiles: Vec<String>,
    pub status: i64,
    pub errors: i64,
    pub warnings: i64,
    /// The request's headers, credentials left out.
    #[schema(value_type = Object)]
    pub request_headers: serde_json::Value,
    pub request_body: Option<String>,
    pub response_body: Option<String>,
    /// The validation OperationOutcome of the request's resource.
    #[schema(value_type = Option<Object>)]
    pub outcome: Option<serde_json::Value>,
}

fn message_view(message: &Message) -> MessageView {
    MessageView {
        id: message.id.clone(),
        received_at: message.received_at,
        duration_us: message.duration_us,
        client_id: message.client_id.clone(),
        method: message.method.clone(),
        url: message.url.clone(),
        interaction: message.interaction.clone(),
        resource_type: message.resource_type.clone(),
        resource_id: message.resource_id.clone(),
        profiles: message
            .profiles
            .split_whitespace()
            .map(str::to_owned)
            .collect(),
        status: message.status,
        errors: message.errors,
        warnings: message.warnings,
        request_headers: serde_json::from_str(&message.request_headers).unwrap_or_default(),
        request_body: message.request_body.clone(),
        response_body: message.response_body.clone(),
        outcome: message
            .outcome
            .as_deref()
            .and_then(|text| serde_json::from_str(text).ok()),
    }
}

#[derive(Debug, Default, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct MessageQuery {
    /// Only messages about this resource type.
    pub resource_type: Option<String>,
    /// Only messages whose resource claimed this profile.
    pub profile: Option<String>,
    /// `errors` (validation errors or a 4xx/5xx answer) or `clean`.
    pub outcome: Option<String>,
    /// Received at or after (milliseconds since the epoch).
    pub from: Option<i64>,
    /// Received before (milliseconds since the epoch).
    pub to: Option<i64>,
    /// At most this many (1–1,000; default 100).
    pub limit: Option<i64>,
    /// `ndjson` for one JSON message per line.
    pub format: Option<String>,
}

/// The message log of a sandbox, newest first.
#[utoipa::path(
    get, path = "/api/v1/environments/{id}/messages", tag = "environments", operation_id = "listMessages",
    params(("id" = String, Path, description = "The environment's id"), MessageQuery),
    responses(
        (status = 200, description = "The newest messages first (JSON array, or NDJSON with format=ndjson)", content(
            (Vec<MessageView> = "application/json"),
            (String = "application/x-ndjson"),
        )),
        problem::Unauthenticated,
        problem::Forbidden,
        problem::NotFound,
        problem::Invalid,
        problem::Malformed,
    ),
    security(("bearer" = []), ("session" = []))
)]
pub async fn messages(
    State(state): State<AppState>,
    CurrentUser(_, actor): CurrentUser,
    Path(id): Path<String>,
    ApiQuery(query): ApiQuery<MessageQuery>,
) -> ApiResult<Response> {
    let environment = visible_environment(&state, &actor, &id).await?;
    let limit = query.limit.unwrap_or(100);
    if !(1..=1000).contains(&limit) {
        return Err(AppError::validation(vec![FieldError::new("limit", "from 1 to 1,000")]).into());
    }
    let filter = MessageFilter {
        resource_type: query.resource_type.clone().filter(|text| !text.is_empty()),
        profile: query.profile.clone().filter(|text| !text.is_empty()),
        outcome: query.outcome.clone().filter(|text| !text.is_empty()),
        from_ms: query.from,
        to_ms: query.to,
        before: None,
    };
    let list = messages::list(state.store.pool(), &environment.id, &filter, limit)
        .await
        .map_err(AppError::from)?;
    let views: Vec<MessageView> = list.iter().map(message_view).collect();
    if query.format.as_deref() == Some("ndjson") {
        let mut text = String::new();
        for view in &views {
            text.push_str(&serde_json::to_string(view).unwrap_or_default());
            text.push('\n');
        }
        return Ok(([(header::CONTENT_TYPE, "application/x-ndjson")], text).into_response());
    }
    Ok(Json(views).into_response())
}

#[derive(Debug, Default, Deserialize, utoipa::ToSchema)]
pub struct SeedBody {
    /// Empty the sandbox first.
    #[serde(default)]
    pub reset: bool,
}

/// Loads the program's test data into a sandbox (emptying it first with `reset`).
#[utoipa::path(
    post, path = "/api/v1/environments/{id}/seed", tag = "environments", operation_id = "seedEnvironment",
    params(("id" = String, Path, description = "The environment's id")),
    request_body = SeedBody,
    responses(
        (status = 200, description = "Loaded: how many Bundles and resources, and how many were cleared", body = crate::sandbox::seed::SeedReport),
        problem::Malformed,
        problem::TooLarge,
        problem::Unauthenticated,
        problem::Forbidden,
        problem::NotFound,
        problem::Invalid,
        problem::Conflict,
    ),
    security(("bearer" = []), ("session" = []))
)]
pub async fn seed(
    State(state): State<AppState>,
    CurrentUser(_, actor): CurrentUser,
    Path(id): Path<String>,
    ApiJson(body): ApiJson<SeedBody>,
) -> ApiResult<Json<crate::sandbox::seed::SeedReport>> {
    let report = crate::sandbox::seed::load(&state, &actor, &id, body.reset).await?;
    Ok(Json(report))
}
