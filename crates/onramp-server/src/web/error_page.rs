//! Error pages (403, 404, 500, …): the message and the operation id, nothing internal.

use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use maud::html;

use crate::web::actor::Actor;
use crate::web::error::{add_retry_after, current_request_id, AppError, PageError};
use crate::web::layout::page;

/// The page for an error.
pub fn error_page(error: &AppError) -> Response {
    let status = error.status();
    let heading = match status {
        StatusCode::NOT_FOUND => "Page not found",
        StatusCode::FORBIDDEN => "Not allowed",
        StatusCode::UNAUTHORIZED => "Sign in required",
        StatusCode::INTERNAL_SERVER_ERROR => "Something went wrong",
        _ => error.title(),
    };
    let content = html! {
        div.card.narrow {
            h1 { (heading) }
            p { (error.public_detail()) }
            @if status == StatusCode::UNAUTHORIZED {
                p { a href="/login" { "Sign in" } }
            }
            p.muted { "Operation id: " code { (current_request_id()) } }
            p { a href="/" { "Go to the start page" } }
        }
    };
    // The page keeps the reader's navigation: an error is never a dead end.
    let markup = Actor::with_current(|actor| page(Some(actor), heading, content.clone()))
        .unwrap_or_else(|| page(None, heading, content));
    (
        status,
        [(header::CACHE_CONTROL, "no-store")],
        axum::response::Html(markup.into_string()),
    )
        .into_response()
}

/// The fallback for paths no route serves: a page, problem+json under `/api/`, or a FHIR
/// OperationOutcome under `/sandbox/` (machine clients read JSON, never an HTML page).
pub async fn not_found(uri: axum::http::Uri) -> Response {
    if uri.path().starts_with("/sandbox/") {
        return fhir_outcome(
            axum::http::StatusCode::NOT_FOUND,
            "not-found",
            "no FHIR interaction is served at this path; see the CapabilityStatement at [base]/metadata",
        );
    }
    crate::web::error::present(AppError::NotFound("page"), uri.path().starts_with("/api/"))
}

/// The fallback for a method a path does not serve: 405, as an OperationOutcome under
/// `/sandbox/`, problem+json under `/api/`, a page elsewhere.
pub async fn method_not_allowed(uri: axum::http::Uri) -> Response {
    if uri.path().starts_with("/sandbox/") {
        return fhir_outcome(
            axum::http::StatusCode::METHOD_NOT_ALLOWED,
            "not-supported",
            "this interaction is not supported at this path; see the CapabilityStatement at [base]/metadata",
        );
    }
    let mut response = crate::web::error::present(
        AppError::BadRequest("this method is not allowed here".to_owned()),
        uri.path().starts_with("/api/"),
    );
    *response.status_mut() = axum::http::StatusCode::METHOD_NOT_ALLOWED;
    response
}

fn fhir_outcome(status: axum::http::StatusCode, code: &str, text: &str) -> Response {
    (
        status,
        [(
            axum::http::header::CONTENT_TYPE,
            "application/fhir+json; charset=utf-8",
        )],
        serde_json::json!({
            "resourceType": "OperationOutcome",
            "issue": [{"severity": "error", "code": code, "details": {"text": text}}],
        })
        .to_string(),
    )
        .into_response()
}

/// The portal presenter (`PageError` is declared beside `AppError`; its page is drawn here, so the
/// error module needs nothing of the layout).
impl IntoResponse for PageError {
    fn into_response(self) -> Response {
        self.0.log_if_internal();
        let mut response = error_page(&self.0);
        add_retry_after(&self.0, &mut response);
        response
    }
}
