//! The [`Actor`]: who sent a request — a session, a personal API token, or nobody — resolved once per
//! request by [`resolve_actor`] and read by the access check, handlers and audit events.

use std::net::SocketAddr;

use axum::extract::{ConnectInfo, FromRequestParts, State};
use axum::http::request::Parts;
use axum::http::{header, HeaderMap, HeaderValue, Request};
use axum::middleware::Next;
use axum::response::Response;
use onramp_store::accounts::sessions::{self, SessionStage};
use onramp_store::accounts::users::{self, User};
use onramp_store::platform::audit::AuditContext;
use onramp_store::{accounts::tokens, StoreError};

use crate::web::csrf;

use crate::state::AppState;
use crate::web::error::{current_request_id, AppError};
use crate::web::secret;

pub const SESSION_COOKIE: &str = "onramp_session";
/// Personal API tokens start with this, so they are recognisable in logs and secret scanners.
pub const API_TOKEN_PREFIX: &str = "onr_";

/// How the user proved who they are.
#[derive(Clone, Debug)]
pub enum Credential {
    /// A browser session; `id_hash` is the stored hash of the cookie's value.
    Session {
        id_hash: String,
        stage: SessionStage,
    },
    /// A personal API token.
    ApiToken { token_id: String },
}

/// A signed-in user and their credential.
#[derive(Clone, Debug)]
pub struct SignedIn {
    pub user: User,
    pub credential: Credential,
}

tokio::task_local! {
    /// The current request's actor, for what is drawn outside its handler: an error page's
    /// navigation, times in the reader's time zone.
    static CURRENT: Actor;
}

/// Who sent this request, from where.
#[derive(Clone, Debug)]
pub struct Actor {
    pub signed_in: Option<SignedIn>,
    pub client_addr: Option<String>,
    pub user_agent: Option<String>,
    /// What this request's CSRF token is bound to (the session, or the `onramp_csrf` cookie).
    pub csrf_binding: String,
    /// The CSRF token forms on this request's page must carry.
    pub csrf_token: String,
}

impl Actor {
    /// Calls `read` with the current request's actor (`None` outside a request).
    pub fn with_current<R>(read: impl FnOnce(&Actor) -> R) -> Option<R> {
        CURRENT.try_with(read).ok()
    }

    /// The fully signed-in user, if any.
    pub fn user(&self) -> Option<&User> {
        match &self.signed_in {
            Some(SignedIn {
                user,
                credential:
                    Credential::Session {
                        stage: SessionStage::Complete,
                        ..
                    },
            })
            | Some(SignedIn {
                user,
                credential: Credential::ApiToken { .. },
            }) => Some(user),
            _ => None,
        }
    }

    /// The user behind any session, complete or not.
    pub fn session_user(&self) -> Option<&User> {
        self.signed_in.as_ref().map(|signed_in| &signed_in.user)
    }

    /// The stored hash of the session id, when the request came with a session.
    pub fn session_id_hash(&self) -> Option<&str> {
        match &self.signed_in {
            Some(SignedIn {
                credential: Credential::Session { id_hash, .. },
                ..
            }) => Some(id_hash),
            _ => None,
        }
    }

    /// What audit events written for this request say about who and where.
    pub fn audit_context(&self) -> AuditContext {
        let user = self.session_user();
        AuditContext {
            actor_id: user.map(|user| user.id.clone()),
            actor_label: user.map_or_else(|| "anonymous".to_owned(), |user| user.email.clone()),
            request_id: Some(current_request_id()),
            client_addr: self.client_addr.clone(),
        }
    }
}

impl<S: Send + Sync> FromRequestParts<S> for Actor {
    type Rejection = crate::web::error::PageError;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, Self::Rejection> {
        parts
            .extensions
            .get::<Actor>()
            .cloned()
            .ok_or_else(|| AppError::Internal("the actor middleware did not run".to_owned()).into())
    }
}

/// A handler argument for routes whose rule guarantees a fully signed-in user.
#[derive(Clone, Debug)]
pub struct CurrentUser(pub User, pub Actor);

impl<S: Send + Sync> FromRequestParts<S> for CurrentUser {
    type Rejection = Response;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, Self::Rejection> {
        let is_api = parts.uri.path().starts_with("/api/");
        let Some(actor) = parts.extensions.get::<Actor>().cloned() else {
            return Err(crate::web::error::present(
                AppError::Internal("the actor middleware did not run".to_owned()),
                is_api,
            ));
        };
        match actor.user().cloned() {
            Some(user) => Ok(CurrentUser(user, actor)),
            None => Err(crate::web::error::present(
                AppError::Unauthenticated,
                is_api,
            )),
        }
    }
}

/// Reads one cookie from the request.
pub fn cookie_value(headers: &HeaderMap, name: &str) -> Option<String> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|value| value.to_str().ok())
        .flat_map(cookie::Cookie::split_parse)
        .filter_map(Result::ok)
        .find(|cookie| cookie.name() == name)
        .map(|cookie| cookie.value().to_owned())
}

fn client_addr(request: &Request<axum::body::Body>, behind_proxy: bool) -> Option<String> {
    if behind_proxy {
        if let Some(forwarded) = request
            .headers()
            .get("x-forwarded-for")
            .and_then(|value| value.to_str().ok())
            .and_then(|value| value.split(',').next())
        {
            return Some(forwarded.trim().to_owned());
        }
    }
    request
        .extensions()
        .get::<ConnectInfo<SocketAddr>>()
        .map(|ConnectInfo(addr)| addr.ip().to_string())
}

/// Middleware: resolves the [`Actor`] and stores it in the request's extensions; sets the CSRF cookie
/// for visitors who have none, and clears a session cookie that no longer names a live session.
pub async fn resolve_actor(
    State(state): State<AppState>,
    mut request: Request<axum::body::Body>,
    next: Next,
) -> Response {
    let is_api = request.uri().path().starts_with("/api/");
    let headers = request.headers().clone();
    let session_cookie = cookie_value(&headers, SESSION_COOKIE);

    let signed_in = match find_signed_in(&state, &headers, session_cookie.as_deref(), is_api).await
    {
        Ok(signed_in) => signed_in,
        Err(error) => return crate::web::error::present(error, is_api),
    };

    let session_is_live = matches!(
        signed_in,
        Some(SignedIn {
            credential: Credential::Session { .. },
            ..
        })
    );
    let existing_csrf_cookie = cookie_value(&headers, csrf::CSRF_COOKIE);
    let mut new_csrf_cookie = None;
    let csrf_binding = match (&session_cookie, session_is_live) {
        (Some(session_value), true) => format!("session:{session_value}"),
        _ => {
            let value = existing_csrf_cookie.clone().unwrap_or_else(|| {
                let value = secret::random_token(24);
                new_csrf_cookie = Some(value.clone());
                value
            });
            format!("visitor:{value}")
        }
    };
    let actor = Actor {
        signed_in,
        client_addr: client_addr(&request, state.config.behind_proxy),
        user_agent: headers
            .get(header::USER_AGENT)
            .and_then(|value| value.to_str().ok())
            .map(|value| value.chars().take(256).collect()),
        csrf_token: csrf::token_for(&state.csrf_key, &csrf_binding),
        csrf_binding,
    };
    request.extensions_mut().insert(actor.clone());

    let mut response = CURRENT.scope(actor, next.run(request)).await;
    let is_page = response
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|value| value.to_str().ok())
        .is_some_and(|content_type| content_type.starts_with("text/html"));
    if let Some(value) = new_csrf_cookie.filter(|_| is_page) {
        append_cookie(
            &mut response,
            &csrf::csrf_cookie(&value, state.config.https()),
        );
    }
    // A dead session cookie is cleared — unless this very response sets a new one (a sign-in
    // from a browser that still had a stale cookie), which must not be deleted right after.
    if session_cookie.is_some() && !session_is_live && !is_api && !sets_session_cookie(&response) {
        append_cookie(&mut response, &clear_session_cookie(state.config.https()));
    }
    response
}

async fn find_signed_in(
    state: &AppState,
    headers: &HeaderMap,
    session_cookie: Option<&str>,
    is_api: bool,
) -> Result<Option<SignedIn>, AppError> {
    let pool = state.store.pool();
    let now = state.clock.now_ms();
    if is_api {
        if let Some(token) = headers
            .get(header::AUTHORIZATION)
            .and_then(|value| value.to_str().ok())
            .and_then(|value| value.strip_prefix("Bearer "))
        {
            let token = token.trim();
            if !token.starts_with(API_TOKEN_PREFIX) {
                return Ok(None);
            }
            let Some(api_token) =
                tokens::find_live_by_hash(pool, &secret::sha256_hex(token), now).await?
            else {
                return Ok(None);
            };
            // The holder's role is read again on every use: a partner developer made a member
            // (who may not hold tokens) or a deactivated user is refused at once.
            let user = match users::find_by_id(pool, &api_token.user_id).await {
                Ok(user) if user.active && user.role.may_hold_api_token() => user,
                Ok(_) | Err(StoreError::NotFound) => return Ok(None),
                Err(other) => return Err(other.into()),
            };
            // Record use at most once a minute, so reads do not all become writes.
            if api_token
                .last_used_at
                .is_none_or(|last_used_at| now - last_used_at > 60_000)
            {
                tokens::touch(pool, &api_token.id, now).await?;
            }
            return Ok(Some(SignedIn {
                user,
                credential: Credential::ApiToken {
                    token_id: api_token.id,
                },
            }));
        }
    }
    let Some(session_value) = session_cookie else {
        return Ok(None);
    };
    let id_hash = secret::sha256_hex(session_value);
    let Some(session) = sessions::find(pool, &id_hash).await? else {
        return Ok(None);
    };
    let idle_ms = i64::from(state.config.session_idle_minutes) * 60_000;
    if session.expires_at <= now || session.last_seen_at + idle_ms <= now {
        return Ok(None);
    }
    let user = match users::find_by_id(pool, &session.user_id).await {
        Ok(user) if user.active => user,
        Ok(_) | Err(StoreError::NotFound) => return Ok(None),
        Err(other) => return Err(other.into()),
    };
    // Move the idle clock at most once a minute, to keep page views from all being writes.
    if now - session.last_seen_at > 60_000 {
        sessions::touch(pool, &id_hash, now).await?;
    }
    Ok(Some(SignedIn {
        user,
        credential: Credential::Session {
            id_hash,
            stage: session.stage,
        },
    }))
}

/// Whether a response already sets (or clears) the session cookie.
fn sets_session_cookie(response: &Response) -> bool {
    response
        .headers()
        .get_all(header::SET_COOKIE)
        .iter()
        .filter_map(|value| value.to_str().ok())
        .any(|value| {
            value
                .split_once('=')
                .is_some_and(|(name, _)| name.trim() == SESSION_COOKIE)
        })
}

/// Adds a `Set-Cookie` header.
pub fn append_cookie(response: &mut Response, cookie: &cookie::Cookie<'_>) {
    if let Ok(value) = HeaderValue::from_str(&cookie.to_string()) {
        response.headers_mut().append(header::SET_COOKIE, value);
    }
}

/// The session cookie for a new session: HttpOnly, SameSite=Lax, Secure over HTTPS.
pub fn session_cookie(value: &str, secure: bool) -> cookie::Cookie<'static> {
    cookie::Cookie::build((SESSION_COOKIE, value.to_owned()))
        .path("/")
        .http_only(true)
        .secure(secure)
        .same_site(cookie::SameSite::Lax)
        .build()
}

/// A cookie that removes the session cookie.
pub fn clear_session_cookie(secure: bool) -> cookie::Cookie<'static> {
    cookie::Cookie::build((SESSION_COOKIE, ""))
        .path("/")
        .http_only(true)
        .secure(secure)
        .same_site(cookie::SameSite::Lax)
        .max_age(cookie::time::Duration::ZERO)
        .build()
}
