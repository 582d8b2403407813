//! CSRF protection for every state-changing portal form.
//!
//! Each form carries a hidden `csrf_token`: an HMAC, under the instance's secret key, of what the
//! request is bound to — the session when one is live, otherwise a random `onramp_csrf` cookie the
//! visitor got on their first page. A cross-site page can neither read the cookie nor compute the
//! token, and a token planted from another session does not match this one. [`require_csrf_token`]
//! runs on every portal `POST` route (the route table adds it), so no handler can forget it.
//!
//! The JSON API needs no token when it is called with a bearer token (a browser never adds one by
//! itself). Called with the session cookie, a write ([`check_api_write`]) must come from this
//! origin — `Sec-Fetch-Site` `same-origin` (or `none`), and an `Origin`, when sent, of this site —
//! and must carry a JSON content type or the page's CSRF token in `X-CSRF-Token`: a form on a
//! sibling site (same site, other origin, so `SameSite=Lax` cookies go along) can send neither,
//! not even for a body-less `POST`.
//!
//! File uploads (`multipart/form-data`) carry the token in the form's `action` query string
//! (`?csrf_token=…`) instead: it is checked before the body is read, so a large upload is
//! streamed to its handler once rather than buffered here first. The query string is never
//! logged (the trace span records only the path), and the page the upload redirects to is what
//! later `Referer` headers name.

use axum::body::{to_bytes, Body};
use axum::extract::State;
use axum::http::Request;
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use hmac::{Hmac, Mac};
use sha2::Sha256;

use crate::web::actor::Actor;
use crate::web::error::{AppError, PageError};
use crate::web::secret::constant_time_eq;

pub const CSRF_COOKIE: &str = "onramp_csrf";
/// The form field that carries the token.
pub const CSRF_FIELD: &str = "csrf_token";

/// The token for a binding.
pub fn token_for(key: &[u8], binding: &str) -> String {
    match Hmac::<Sha256>::new_from_slice(key) {
        Ok(mut mac) => {
            mac.update(binding.as_bytes());
            hex::encode(mac.finalize().into_bytes())
        }
        // HMAC takes keys of any length; this arm is unreachable in practice.
        Err(_) => String::new(),
    }
}

/// The visitor cookie a token binds to before sign-in.
pub fn csrf_cookie(value: &str, secure: bool) -> cookie::Cookie<'static> {
    cookie::Cookie::build((CSRF_COOKIE, value.to_owned()))
        .path("/")
        .http_only(true)
        .secure(secure)
        .same_site(cookie::SameSite::Lax)
        .build()
}

/// Middleware for portal POST routes: the body must be a form whose `csrf_token` matches.
pub async fn require_csrf_token(
    State(max_body_bytes): State<usize>,
    request: Request<Body>,
    next: Next,
) -> Response {
    let Some(expected) = request
        .extensions()
        .get::<Actor>()
        .map(|actor| actor.csrf_token.clone())
    else {
        return PageError(AppError::Internal(
            "the actor middleware did not run".to_owned(),
        ))
        .into_response();
    };
    if is_multipart(&request) {
        let presented = request
            .uri()
            .query()
            .and_then(|query| form_urlencoded_field(query.as_bytes(), CSRF_FIELD));
        return match presented {
            Some(token) if !expected.is_empty() && constant_time_eq(&token, &expected) => {
                next.run(request).await
            }
            _ => PageError(AppError::CsrfRejected).into_response(),
        };
    }
    let (parts, body) = request.into_parts();
    let bytes = match to_bytes(body, max_body_bytes).await {
        Ok(bytes) => bytes,
        Err(_) => return PageError(AppError::PayloadTooLarge).into_response(),
    };
    let presented = form_urlencoded_field(&bytes, CSRF_FIELD);
    match presented {
        Some(token) if !expected.is_empty() && constant_time_eq(&token, &expected) => {
            next.run(Request::from_parts(parts, Body::from(bytes)))
                .await
        }
        _ => PageError(AppError::CsrfRejected).into_response(),
    }
}

/// The header a script-free API client sends the CSRF token in, when its write has no JSON body.
pub const CSRF_HEADER: &str = "x-csrf-token";

/// For an API write authenticated by the session cookie: refuses requests from another origin and
/// requests a cross-origin form could have made (see the module doc). Bearer-token calls and reads
/// pass untouched.
pub fn check_api_write(
    request: &Request<Body>,
    actor: &Actor,
    public_base_url: &str,
) -> Result<(), AppError> {
    let is_read = matches!(
        *request.method(),
        axum::http::Method::GET | axum::http::Method::HEAD | axum::http::Method::OPTIONS
    );
    if is_read || actor.session_id_hash().is_none() {
        return Ok(());
    }
    let headers = request.headers();
    let header_text = |name: &str| headers.get(name).and_then(|value| value.to_str().ok());
    if let Some(site) = header_text("sec-fetch-site") {
        if !matches!(site, "same-origin" | "none") {
            return Err(AppError::CsrfRejected);
        }
    }
    if let Some(origin) = header_text(axum::http::header::ORIGIN.as_str()) {
        let host = header_text(axum::http::header::HOST.as_str()).unwrap_or("");
        if !is_own_origin(origin, public_base_url, host) {
            return Err(AppError::CsrfRejected);
        }
    }
    let json_body = header_text(axum::http::header::CONTENT_TYPE.as_str()).is_some_and(|value| {
        let media_type = value
            .split(';')
            .next()
            .unwrap_or("")
            .trim()
            .to_ascii_lowercase();
        media_type == "application/json" || media_type.ends_with("+json")
    });
    let token_header = header_text(CSRF_HEADER).is_some_and(|token| {
        !actor.csrf_token.is_empty() && constant_time_eq(token, &actor.csrf_token)
    });
    if json_body || token_header {
        Ok(())
    } else {
        Err(AppError::CsrfRejected)
    }
}

/// Whether an `Origin` header names this site: the configured public URL's origin, or the origin
/// of the `Host` the request was sent to.
fn is_own_origin(origin: &str, public_base_url: &str, host: &str) -> bool {
    let origin = origin.trim().trim_end_matches('/').to_ascii_lowercase();
    if origin == "null" {
        return false;
    }
    let configured = url::Url::parse(public_base_url)
        .map(|url| url.origin().ascii_serialization())
        .unwrap_or_default();
    if !configured.is_empty() && origin == configured {
        return true;
    }
    let origin_authority = origin
        .split_once("://")
        .map_or("", |(_, authority)| authority);
    !host.is_empty() && origin_authority == host.trim().to_ascii_lowercase()
}

fn is_multipart(request: &Request<Body>) -> bool {
    request
        .headers()
        .get(axum::http::header::CONTENT_TYPE)
        .and_then(|value| value.to_str().ok())
        .is_some_and(|value| {
            value
                .trim_start()
                .to_ascii_lowercase()
                .starts_with("multipart/form-data")
        })
}

/// The `action` of an upload form: `path` with the CSRF token in its query string.
pub fn upload_action(path: &str, token: &str) -> String {
    let separator = if path.contains('?') { '&' } else { '?' };
    format!(
        "{path}{separator}{}",
        serde_urlencoded::to_string([(CSRF_FIELD, token)]).unwrap_or_default()
    )
}

fn form_urlencoded_field(bytes: &[u8], name: &str) -> Option<String> {
    crate::web::extract::form_urlencoded_pairs(bytes)
        .into_iter()
        .find(|(key, _)| key == name)
        .map(|(_, value)| value)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_differ_by_binding_and_key() {
        let token = token_for(b"key one", "session:abc");
        assert_eq!(token, token_for(b"key one", "session:abc"));
        assert_ne!(token, token_for(b"key one", "session:abd"));
        assert_ne!(token, token_for(b"key two", "session:abc"));
    }

    #[test]
    fn only_this_sites_origins_count_as_own() {
        let base = "https://onramp.example.org";
        assert!(is_own_origin(
            "https://onramp.example.org",
            base,
            "proxy.internal"
        ));
        assert!(is_own_origin(
            "http://127.0.0.1:8080",
            base,
            "127.0.0.1:8080"
        ));
        assert!(!is_own_origin(
            "https://evil.example.org",
            base,
            "onramp.example.org"
        ));
        assert!(!is_own_origin(
            "http://onramp.example.org",
            base,
            "proxy.internal"
        ));
        assert!(!is_own_origin("null", base, "onramp.example.org"));
    }

    #[test]
    fn the_token_field_is_found_in_a_form_body() {
        let body = b"email=a%40b.org&csrf_token=abc123&x=1";
        assert_eq!(
            form_urlencoded_field(body, CSRF_FIELD),
            Some("abc123".to_owned())
        );
        assert_eq!(form_urlencoded_field(b"email=a", CSRF_FIELD), None);
    }
}
