//! Error pages (403, 404, 500, …): the message and the operation id, nothing internal.

use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use maud::html;

use crate::error::{current_request_id, AppError};
use crate::pages::layout::page;

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
    let markup = page(
        None,
        heading,
        html! {
            div.card.narrow {
                h1 { (heading) }
                p { (error.public_detail()) }
                @if status == StatusCode::UNAUTHORIZED {
                    p { a href="/login" { "Sign in" } }
                }
                p.muted { "Operation id: " code { (current_request_id()) } }
                p { a href="/" { "Go to the start page" } }
            }
        },
    );
    (
        status,
        [(header::CACHE_CONTROL, "no-store")],
        axum::response::Html(markup.into_string()),
    )
        .into_response()
}

/// The fallback for paths no route serves: a page, or problem+json under `/api/`.
pub async fn not_found(uri: axum::http::Uri) -> Response {
    crate::error::present(AppError::NotFound("page"), uri.path().starts_with("/api/"))
}
