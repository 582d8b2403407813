//! Issuing, introspecting and revoking access tokens. A token is 32 random bytes (base64url),
//! stored only as its SHA-256, bound to the client's environment and the granted scopes, and
//! lives at most five minutes.

use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use onramp_core::registry::lifecycle::OrganizationState;
use onramp_core::sandbox::scopes::{grant, parse_scopes, Scope};
use onramp_core::sandbox::{AccessState, ClientAuthMethod, EnvironmentKind, MAX_TOKEN_SECONDS};
use onramp_store::sandbox::clients::{self, Client};
use onramp_store::sandbox::environments;
use onramp_store::sandbox::tokens::{self, AccessToken};
use onramp_store::StoreError;
use serde_json::json;

use super::assertion::{self, ALGORITHMS};
use super::signer::AccessClaims;
use crate::state::AppState;
use crate::web::secret::{random_token, sha256_hex};

const JWT_BEARER: &str = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";

/// An RFC 6749 §5.2 error.
#[derive(Debug)]
pub struct OAuthError {
    status: StatusCode,
    code: &'static str,
    description: String,
    /// Whether the client tried HTTP Basic (a 401 then names the scheme).
    basic: bool,
}

impl OAuthError {
    fn new(code: &'static str, description: impl Into<String>) -> OAuthError {
        let status = if code == "invalid_client" {
            StatusCode::UNAUTHORIZED
        } else if code == "server_error" {
            StatusCode::INTERNAL_SERVER_ERROR
        } else {
            StatusCode::BAD_REQUEST
        };
        OAuthError {
            status,
            code,
            description: description.into(),
            basic: false,
        }
    }
}

impl From<StoreError> for OAuthError {
    fn from(error: StoreError) -> Self {
        tracing::error!(%error, "oauth: store error");
        OAuthError::new(
            "server_error",
            "the authorization server could not reach its database",
        )
    }
}

impl From<crate::web::error::AppError> for OAuthError {
    fn from(error: crate::web::error::AppError) -> Self {
        tracing::error!(%error, "oauth: error");
        OAuthError::new("server_error", "the authorization server failed; try again")
    }
}

impl IntoResponse for OAuthError {
    fn into_response(self) -> Response {
        let mut response = (
            self.status,
            [
                (header::CACHE_CONTROL, HeaderValue::from_static("no-store")),
                (header::PRAGMA, HeaderValue::from_static("no-cache")),
            ],
            axum::Json(json!({"error": self.code, "error_description": self.description})),
        )
            .into_response();
        if self.status == StatusCode::UNAUTHORIZED && self.basic {
            response.headers_mut().insert(
                header::WWW_AUTHENTICATE,
                HeaderValue::from_static("Basic realm=\"onramp\""),
            );
        }
        response
    }
}

/// The token endpoint's URL: the `aud` of client assertions.
pub fn token_url(state: &AppState) -> String {
    format!(
        "{}/oauth/token",
        state.config.public_base_url.trim_end_matches('/')
    )
}

fn form(body: &Bytes) -> Result<Vec<(String, String)>, OAuthError> {
    serde_urlencoded::from_bytes(body).map_err(|_| {
        OAuthError::new(
            "invalid_request",
            "the body must be application/x-www-form-urlencoded",
        )
    })
}

fn field<'a>(form: &'a [(String, String)], name: &str) -> Option<&'a str> {
    form.iter()
        .find(|(key, _)| key == name)
        .map(|(_, value)| value.as_str())
}

/// The client the request authenticates as: by its assertion or by HTTP Basic. The assertion's
/// `jti` is returned for the caller to record in its transaction.
async fn authenticate(
    state: &AppState,
    headers: &HeaderMap,
    form: &[(String, String)],
) -> Result<(Client, Option<assertion::Claims>), OAuthError> {
    let now = state.clock.now_ms();
    let pool = state.store.pool();
    let basic = headers
        .get(header::AUTHORIZATION)
        .and_then(|value| value.to_str().ok())
        .and_then(|value| value.strip_prefix("Basic "));
    let (client, claims) = if let Some(assertion_type) = field(form, "client_assertion_type") {
        if assertion_type != JWT_BEARER {
            return Err(OAuthError::new(
                "invalid_request",
                format!("client_assertion_type must be {JWT_BEARER}"),
            ));
        }
        let Some(assertion) = field(form, "client_assertion") else {
            return Err(OAuthError::new(
                "invalid_request",
                "client_assertion is missing",
            ));
        };
        let Some(client_id) = assertion::claimed_issuer(assertion) else {
            return Err(OAuthError::new(
                "invalid_client",
                "client_assertion has no readable `iss`: it must be a JWT whose iss is your client id",
            ));
        };
        let client = find_client(pool, &client_id).await?;
        if client.auth_method != ClientAuthMethod::PrivateKeyJwt.as_str() {
            return Err(OAuthError::new(
                "invalid_client",
                "this client authenticates with its secret (HTTP Basic), not a signed assertion",
            ));
        }
        let jwks = match (&client.jwks, &client.jwks_url) {
            (Some(jwks), _) => jwks.clone(),
            (None, Some(url)) => {
                let kid = jsonwebtoken::decode_header(assertion)
                    .ok()
                    .and_then(|header| header.kid);
                super::jwks_url::keys(state, url, kid.as_deref())
                    .await
                    .map_err(|reason| {
                        OAuthError::new("invalid_client", format!("the client's keys: {reason}"))
                    })?
            }
            (None, None) => String::new(),
        };
        let claims = assertion::verify(assertion, &client.id, &jwks, &token_url(state), now)
            .map_err(|refusal| OAuthError::new("invalid_client", refusal.0))?;
        (client, Some(claims))
    } else if let Some(encoded) = basic {
        let refused = |text: &str| OAuthError {
            basic: true,
            ..OAuthError::new("invalid_client", text)
        };
        use base64::Engine as _;
        let decoded = base64::engine::general_purpose::STANDARD
            .decode(encoded.trim())
            .ok()
            .and_then(|bytes| String::from_utf8(bytes).ok())
            .ok_or_else(|| {
                refused("the Basic credentials are not base64 of client_id:client_secret")
            })?;
        let Some((id, secret)) = decoded.split_once(':') else {
            return Err(refused(
                "the Basic credentials must be client_id:client_secret",
            ));
        };
        // RFC 6749 §2.3.1: both parts are form-urlencoded.
        let decode = |text: &str| {
            serde_urlencoded::from_str::<Vec<(String, String)>>(&format!("v={text}"))
                .ok()
                .and_then(|pairs| pairs.into_iter().next().map(|(_, value)| value))
                .unwrap_or_else(|| text.to_owned())
        };
        let (id, secret) = (decode(id), decode(secret));
        let client = find_client(pool, &id).await.map_err(|mut error| {
            error.basic = true;
            error
        })?;
        if client.auth_method != ClientAuthMethod::ClientSecretBasic.as_str() {
            return Err(refused(
                "this client authenticates with a signed assertion (private_key_jwt), not a secret",
            ));
        }
        let hash = sha256_hex(&secret);
        let secrets = clients::live_secrets(pool, &client.id, now).await?;
        if !secrets.iter().any(|stored| stored.secret_hash == hash) {
            return Err(refused("the client secret is wrong, or it has expired"));
        }
        (client, None)
    } else {
        return Err(OAuthError::new(
            "invalid_client",
            "authenticate the client: a client_assertion (SMART Backend Services) or HTTP Basic client_id:client_secret",
        ));
    };
    if client.state != AccessState::Active.as_str() {
        return Err(OAuthError::new(
            "invalid_client",
            "this client is suspended",
        ));
    }
    if client.expires_at.is_some_and(|expires| expires <= now) {
        return Err(OAuthError::new("invalid_client", "this client has expired"));
    }
    let environment = environments::find(pool, &client.environment_id).await?;
    if environment.state != AccessState::Active.as_str() {
        return Err(OAuthError::new(
            "invalid_client",
            "the client's environment is suspended",
        ));
    }
    let organization = onramp_store::registry::find(pool, &client.organization_id).await?;
    if organization.state != OrganizationState::Active {
        return Err(OAuthError::new(
            "invalid_client",
            "the client's organization is not active (suspended, retired or not yet approved)",
        ));
    }
    Ok((client, claims))
}

async fn find_client(pool: &sqlx::AnyPool, id: &str) -> Result<Client, OAuthError> {
    match clients::find(pool, id).await {
        Ok(client) => Ok(client),
        Err(StoreError::NotFound) => Err(OAuthError::new(
            "invalid_client",
            format!("no client has the id `{id}`"),
        )),
        Err(other) => Err(other.into()),
    }
}

/// `POST /oauth/token`: the client credentials grant.
pub async fn token(State(state): State<AppState>, headers: HeaderMap, body: Bytes) -> Response {
    match issue(&state, &headers, &body).await {
        Ok(response) => response,
        Err(error) => error.into_response(),
    }
}

async fn issue(
    state: &AppState,
    headers: &HeaderMap,
    body: &Bytes,
) -> Result<Response, OAuthError> {
    let form = form(body)?;
    // The client first (RFC 6749 §5.2: invalid_client whatever else is wrong).
    let (client, claims) = authenticate(state, headers, &form).await?;
    match field(&form, "grant_type") {
        Some("client_credentials") => {}
        Some(other) => {
            return Err(OAuthError::new(
                "unsupported_grant_type",
                format!(
                    "grant_type `{other}` is not supported; machine clients use client_credentials"
                ),
            ))
        }
        None => {
            return Err(OAuthError::new(
                "invalid_request",
                "grant_type is missing; use client_credentials",
            ))
        }
    }
    let held: Vec<Scope> = parse_scopes(&client.scopes.join(" ")).unwrap_or_default();
    let requested = match parse_scopes(field(&form, "scope").unwrap_or_default()) {
        Ok(scopes) => scopes,
        Err(errors) => {
            let reasons: Vec<String> = errors.iter().map(ToString::to_string).collect();
            return Err(OAuthError::new("invalid_scope", reasons.join("; ")));
        }
    };
    let granted = grant(&held, &requested).map_err(|refused| {
        let refused: Vec<String> = refused.iter().map(ToString::to_string).collect();
        let held: Vec<String> = held.iter().map(ToString::to_string).collect();
        OAuthError::new(
            "invalid_scope",
            format!(
                "not granted to this client: {}; it holds {}",
                refused.join(" "),
                held.join(" ")
            ),
        )
    })?;
    let scope_text: Vec<String> = granted.iter().map(ToString::to_string).collect();
    let now = state.clock.now_ms();
    let environment = environments::find(state.store.pool(), &client.environment_id).await?;
    let audience = match environment.production_url.as_deref() {
        Some(url) if environment.kind == EnvironmentKind::Production.as_str() => url.to_owned(),
        _ => crate::sandbox::fhir::interactions::base_url(state, &environment.id),
    };
    let jti = random_token(16);
    let scope_joined = scope_text.join(" ");
    let value = state
        .token_signer
        .sign(&AccessClaims {
            iss: state.config.public_base_url.trim_end_matches('/'),
            sub: &client.id,
            client_id: &client.id,
            aud: &audience,
            iat: now.div_euclid(1000),
            exp: now.div_euclid(1000) + MAX_TOKEN_SECONDS,
            jti: &jti,
            scope: &scope_joined,
            environment_id: &environment.id,
        })
        .map_err(|error| {
            tracing::error!(%error, "signing an access token");
            OAuthError::new("server_error", "the token could not be signed; try again")
        })?;
    let mut tx = state.store.begin().await?;
    if let Some(claims) = &claims {
        let fresh =
            clients::remember_assertion(&mut tx, &client.id, &claims.jti, claims.exp * 1000)
                .await?;
        if !fresh {
            return Err(OAuthError::new(
                "invalid_client",
                "this client_assertion's jti was used before; sign a new assertion with a fresh jti for each token request",
            ));
        }
    }
    tokens::insert(
        &mut tx,
        &AccessToken {
            token_hash: sha256_hex(&value),
            client_id: client.id.clone(),
            environment_id: client.environment_id.clone(),
            scopes: scope_text.clone(),
            issued_at: now,
            expires_at: now + MAX_TOKEN_SECONDS * 1000,
            revoked_at: None,
        },
    )
    .await?;
    tx.commit().await?;
    Ok((
        [
            (header::CACHE_CONTROL, HeaderValue::from_static("no-store")),
            (header::PRAGMA, HeaderValue::from_static("no-cache")),
        ],
        axum::Json(json!({
            "access_token": value,
            "token_type": "bearer",
            "expires_in": MAX_TOKEN_SECONDS,
            "scope": scope_text.join(" "),
        })),
    )
        .into_response())
}

/// `POST /oauth/introspect` (RFC 7662): a client of the same environment (an exchange's gateway
/// registered as a client of the production environment) asks whether a token is active.
pub async fn introspect(
    State(state): State<AppState>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let result: Result<Response, OAuthError> = async {
        let form = form(&body)?;
        let (caller, _) = authenticate(&state, &headers, &form).await?;
        let Some(value) = field(&form, "token") else {
            return Err(OAuthError::new("invalid_request", "token is missing"));
        };
        let now = state.clock.now_ms();
        let grant = tokens::find(state.store.pool(), &sha256_hex(value)).await?;
        let body = match grant {
            Some(grant)
                if grant.token.is_live(now)
                    && grant.token.environment_id == caller.environment_id
                    && grant.client_state == AccessState::Active.as_str()
                    && grant.environment_state == AccessState::Active.as_str()
                    && grant.organization_state == OrganizationState::Active.as_str() =>
            {
                json!({
                    "active": true,
                    "scope": grant.token.scopes.join(" "),
                    "client_id": grant.token.client_id,
                    "sub": grant.token.client_id,
                    "token_type": "Bearer",
                    "iat": grant.token.issued_at / 1000,
                    "exp": grant.token.expires_at / 1000,
                    "environment_id": grant.token.environment_id,
                    "organization_id": grant.organization_id,
                })
            }
            _ => json!({"active": false}),
        };
        Ok((
            [(header::CACHE_CONTROL, HeaderValue::from_static("no-store"))],
            axum::Json(body),
        )
            .into_response())
    }
    .await;
    result.unwrap_or_else(IntoResponse::into_response)
}

/// `POST /oauth/revoke` (RFC 7009): a client revokes one of its own tokens; the answer is 200
/// whether or not there was such a token.
pub async fn revoke(State(state): State<AppState>, headers: HeaderMap, body: Bytes) -> Response {
    let result: Result<Response, OAuthError> = async {
        let form = form(&body)?;
        let (caller, _) = authenticate(&state, &headers, &form).await?;
        let Some(value) = field(&form, "token") else {
            return Err(OAuthError::new("invalid_request", "token is missing"));
        };
        let mut tx = state.store.begin().await?;
        tokens::revoke(&mut tx, &sha256_hex(value), &caller.id).await?;
        tx.commit().await?;
        Ok(StatusCode::OK.into_response())
    }
    .await;
    result.unwrap_or_else(IntoResponse::into_response)
}

/// `GET /sandbox/{environment}/fhir/.well-known/smart-configuration`: how machine clients get a
/// token for this FHIR base (SMART App Launch 2.0, Backend Services).
pub async fn smart_configuration(
    State(state): State<AppState>,
    Path(_environment): Path<String>,
) -> Response {
    let base = state.config.public_base_url.trim_end_matches('/');
    (
        [(header::CONTENT_TYPE, HeaderValue::from_static("application/json"))],
        axum::Json(json!({
            "issuer": base,
            "token_endpoint": token_url(&state),
            "token_endpoint_auth_methods_supported": ["private_key_jwt"],
            "token_endpoint_auth_signing_alg_values_supported": ALGORITHMS,
            "grant_types_supported": ["client_credentials"],
            "scopes_supported": ["system/*.cruds", "system/*.rs", "system/*.read", "system/*.write"],
            "capabilities": ["client-confidential-asymmetric", "permission-v1", "permission-v2"],
            "introspection_endpoint": format!("{base}/oauth/introspect"),
            "jwks_uri": format!("{base}/oauth/jwks"),
            "revocation_endpoint": format!("{base}/oauth/revoke"),
        })),
    )
        .into_response()
}

/// `GET /oauth/jwks`: the keys Onramp signs access tokens with.
pub async fn jwks(State(state): State<AppState>) -> Response {
    (
        [(
            header::CACHE_CONTROL,
            HeaderValue::from_static("max-age=300"),
        )],
        axum::Json(state.token_signer.jwks()),
    )
        .into_response()
}
