//! Operations endpoints: `/healthz` (the process answers), `/readyz` (the database answers and its
//! schema is current), `/metrics` (Prometheus text), the stylesheet and the icon.

use axum::extract::State;
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde_json::json;

use crate::state::AppState;

pub async fn healthz() -> Response {
    (StatusCode::OK, Json(json!({ "status": "ok" }))).into_response()
}

pub async fn readyz(State(state): State<AppState>) -> Response {
    let database = state.store.ping().await;
    let migrations = match &database {
        Ok(()) => state.store.migrations_current().await.unwrap_or(false),
        Err(_) => false,
    };
    let ready = database.is_ok() && migrations;
    let body = json!({
        "status": if ready { "ready" } else { "not ready" },
        "database": if database.is_ok() { "reachable" } else { "unreachable" },
        "migrations": if migrations { "current" } else { "pending" },
        "backend": state.store.backend().as_str(),
    });
    let status = if ready {
        StatusCode::OK
    } else {
        StatusCode::SERVICE_UNAVAILABLE
    };
    (status, Json(body)).into_response()
}

pub async fn metrics(State(state): State<AppState>) -> Response {
    let (open, idle) = state.store.pool_stats();
    (
        [(
            header::CONTENT_TYPE,
            "application/openmetrics-text; version=1.0.0; charset=utf-8",
        )],
        state.metrics.render(open, idle),
    )
        .into_response()
}

pub async fn stylesheet() -> Response {
    (
        [
            (header::CONTENT_TYPE, "text/css; charset=utf-8"),
            (header::CACHE_CONTROL, "public, max-age=3600"),
        ],
        include_str!("../../assets/onramp.css"),
    )
        .into_response()
}

/// Onramp's icon (`<link rel="icon">` in every page's head).
pub async fn favicon() -> Response {
    (
        [
            (header::CONTENT_TYPE, "image/svg+xml"),
            (header::CACHE_CONTROL, "public, max-age=86400"),
        ],
        include_str!("../../assets/favicon.svg"),
    )
        .into_response()
}
