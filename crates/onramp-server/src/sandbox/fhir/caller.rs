//! Who is calling a sandbox: the access token in `Authorization: Bearer`, live, bound to the
//! environment in the path, of an active client of an active organization.

use axum::http::{header, HeaderMap};
use onramp_core::registry::lifecycle::OrganizationState;
use onramp_core::sandbox::scopes::{parse_scopes, permits, Permission, Scope};
use onramp_core::sandbox::{AccessState, EnvironmentKind};
use onramp_store::sandbox::environments::{self, Environment};
use onramp_store::sandbox::tokens;
use onramp_store::StoreError;

use super::respond::{Answer, IssueCode};
use crate::state::AppState;
use crate::web::secret::sha256_hex;

/// An authenticated machine client in one environment.
#[derive(Clone, Debug)]
pub struct Caller {
    pub environment: Environment,
    pub client_id: String,
    pub scopes: Vec<Scope>,
}

impl Caller {
    /// 403 unless the token's scopes permit `permission` on `resource_type`.
    pub fn require(&self, resource_type: &str, permission: Permission) -> Result<(), Answer> {
        if permits(&self.scopes, resource_type, permission) {
            return Ok(());
        }
        let granted: Vec<String> = self.scopes.iter().map(ToString::to_string).collect();
        Err(Answer::outcome(
            axum::http::StatusCode::FORBIDDEN,
            IssueCode::Forbidden,
            format!(
                "the token's scopes do not permit {} on {resource_type} (granted: {}); ask for a scope such as system/{resource_type}.{}",
                permission.word(),
                granted.join(" "),
                match permission {
                    Permission::Create => "c",
                    Permission::Read => "r",
                    Permission::Update => "u",
                    Permission::Delete => "d",
                    Permission::Search => "s",
                }
            ),
        ))
    }
}

/// Why a request was not authenticated: the answer to send (401, or 404 for an unknown sandbox).
pub async fn authenticate(
    state: &AppState,
    environment_id: &str,
    headers: &HeaderMap,
) -> Result<Caller, Answer> {
    let unauthorized = |text: &str| {
        Answer::outcome(
            axum::http::StatusCode::UNAUTHORIZED,
            IssueCode::Login,
            text.to_owned(),
        )
        .with_header(
            header::WWW_AUTHENTICATE,
            format!("Bearer error=\"invalid_token\", error_description=\"{text}\""),
        )
    };
    let Some(token) = headers
        .get(header::AUTHORIZATION)
        .and_then(|value| value.to_str().ok())
        .and_then(|value| {
            value
                .strip_prefix("Bearer ")
                .or_else(|| value.strip_prefix("bearer "))
        })
        .map(str::trim)
    else {
        return Err(unauthorized(
            "send an access token from the token endpoint as Authorization: Bearer",
        ));
    };
    let grant = match tokens::find(state.store.pool(), &sha256_hex(token)).await {
        Ok(Some(grant)) => grant,
        Ok(None) => return Err(unauthorized("the access token is not known")),
        Err(error) => return Err(Answer::store_error(error)),
    };
    let now = state.clock.now_ms();
    if grant.token.revoked_at.is_some() {
        return Err(unauthorized("the access token was revoked"));
    }
    if grant.token.expires_at <= now {
        return Err(unauthorized("the access token has expired; get a new one"));
    }
    if grant.token.environment_id != environment_id {
        return Err(unauthorized(
            "the access token was issued for another environment",
        ));
    }
    let environment = match environments::find(state.store.pool(), environment_id).await {
        Ok(environment) if environment.kind == EnvironmentKind::Sandbox.as_str() => environment,
        Ok(_) | Err(StoreError::NotFound) => {
            return Err(Answer::outcome(
                axum::http::StatusCode::NOT_FOUND,
                IssueCode::NotFound,
                format!("there is no sandbox `{environment_id}`"),
            ))
        }
        Err(error) => return Err(Answer::store_error(error)),
    };
    if grant.client_state != AccessState::Active.as_str() {
        return Err(unauthorized("the client is suspended"));
    }
    if grant.environment_state != AccessState::Active.as_str() {
        return Err(unauthorized("the sandbox is suspended"));
    }
    if grant.organization_state != OrganizationState::Active.as_str() {
        return Err(unauthorized("the client's organization is not active"));
    }
    Ok(Caller {
        environment,
        client_id: grant.token.client_id,
        scopes: parse_scopes(&grant.token.scopes.join(" ")).unwrap_or_default(),
    })
}
