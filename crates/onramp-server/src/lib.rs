//! Onramp's HTTP server: portal pages, the JSON API under `/api/v1`, authentication and
//! authorization, operations endpoints.
//!
//! # Overview
//!
//! One folder per feature — [`accounts`], [`registry`], [`tracks`] — each holding its `routes()`, services,
//! pages and API handlers; the shared web kernel in [`web`] (errors, the input boundary, the actor,
//! access, CSRF, the layout and form helpers, the OpenAPI document); the platform services every
//! feature uses in [`platform`] (clock, jobs, outbox, webhooks, mail, metrics, ops, audit).
//!
//! A request passes: request id → trace span → security headers → body limit → [`web::actor`]
//! (who is asking) → metrics → the route's access check and, for portal forms, the CSRF check
//! ([`routes`], the one table every feature's `routes()` joins) → a thin handler in a feature's
//! `pages` or `api` → a function in its `services` that opens one transaction, writes through
//! `onramp-store` with its audit event, and commits → an HTML page, JSON, or an error presented
//! by [`web::error`].
//!
//! # Invariants
//!
//! - Every route is declared in [`routes::table`] with its [`web::access::Access`] rule.
//! - Every state change writes its audit event in the same transaction.
//! - Handlers never see the database directly for writes; services do.
//! - Work that happens later runs as a job in the database ([`platform::jobs`]), on whichever
//!   instance claims it; nothing is scheduled in process memory alone.
//! - Mail and webhooks are never sent inline: a service writes its event and mail to the outbox
//!   ([`platform::outbox`]) in its transaction, and jobs deliver them after it commits.
#![deny(clippy::panic, clippy::indexing_slicing)]

pub mod accounts;
pub mod bench_seed;
pub mod config;
pub mod conformance;
pub mod demo;
pub mod home;
pub mod platform;
pub mod registry;
pub mod routes;
pub mod sandbox;
pub mod state;
pub mod support;
pub mod tracks;
pub mod training;
pub mod web;

use std::future::Future;
use std::net::SocketAddr;
use std::sync::Arc;

use axum::extract::{DefaultBodyLimit, Request};
use axum::http::{header, HeaderName, HeaderValue};
use axum::middleware::{from_fn, from_fn_with_state, Next};
use axum::response::Response;
use axum::Router;
use onramp_store::{Store, StoreOptions};
use tower::ServiceBuilder;
use tower_http::request_id::{MakeRequestUuid, PropagateRequestIdLayer, SetRequestIdLayer};
use tower_http::set_header::SetResponseHeaderLayer;
use tower_http::trace::TraceLayer;

pub use config::ServerConfig;
use platform::clock::{Clock, SystemClock};
use state::{AppInner, AppState};

/// Why the server could not start.
#[derive(Debug, thiserror::Error)]
pub enum StartError {
    #[error("database: {0}")]
    Store(#[from] onramp_store::StoreError),
    #[error("mail: {0}")]
    Mail(#[from] platform::mail::MailConfigError),
    #[error("cannot create the data directory {path}: {source}")]
    DataDir {
        path: std::path::PathBuf,
        source: std::io::Error,
    },
    #[error("cannot listen on {addr}: {source}")]
    Bind {
        addr: SocketAddr,
        source: std::io::Error,
    },
    #[error("{0}")]
    Setup(String),
    #[error("{0}")]
    AuditKey(#[from] platform::audit::keys::KeyFileError),
}

/// Connects to the database, applies migrations and assembles the application state, on the
/// system's clock. The audit keys are read from their files, which are created with new keys
/// when absent.
pub async fn build_state(config: ServerConfig) -> Result<AppState, StartError> {
    build_state_with_clock(config, Arc::new(SystemClock)).await
}

/// [`build_state`] with a clock of the caller's choosing (tests pass a `ManualClock`).
pub async fn build_state_with_clock(
    config: ServerConfig,
    clock: Arc<dyn Clock>,
) -> Result<AppState, StartError> {
    std::fs::create_dir_all(&config.data_dir).map_err(|source| StartError::DataDir {
        path: config.data_dir.clone(),
        source,
    })?;
    let audit_key = platform::audit::keys::load_or_create_chain_key(&config.audit_key_file)?;
    let audit_signing_key =
        platform::audit::keys::load_or_create_signing_key(&config.audit_signing_key_file)?;
    let store = Store::connect(&StoreOptions {
        url: config.database_url.clone(),
        max_connections: config.max_db_connections,
    })
    .await?
    .with_audit_key(audit_key)
    .with_clock(clock.clone());
    store.migrate().await?;
    let mut tx = store.begin().await?;
    let csrf_key = onramp_store::platform::secrets::get_or_create(&mut tx, "csrf_key", || {
        web::secret::random_token(32)
    })
    .await?;
    tx.commit().await?;
    let mailer =
        platform::mail::Mailer::new(config.smtp.as_ref(), &config.mail_from, &config.data_dir)?;
    let calendars = match &config.calendars_dir {
        Some(dir) => tracks::services::calendars::load(dir).map_err(StartError::Setup)?,
        None => onramp_core::tracks::Calendars::default(),
    };
    let token_signer = sandbox::oauth::signer::TokenSigner::load_or_create(&store)
        .await
        .map_err(|error| StartError::Setup(error.to_string()))?;
    let certificate_signer = sandbox::oauth::signer::TokenSigner::load_or_create_named(
        &store,
        conformance::services::certificates::SIGNING_KEY_SECRET,
    )
    .await
    .map_err(|error| StartError::Setup(error.to_string()))?;
    let state = AppState::new(AppInner {
        config,
        store,
        mailer,
        metrics: platform::metrics::Metrics::new(),
        csrf_key: csrf_key.into_bytes(),
        audit_signing_key,
        clock,
        calendars,
        event_listeners: vec![tracks::event_listener()],
        token_signer,
        certificate_signer,
        sandbox_log: sandbox::fhir::log::MessageLog::default(),
    });
    tracks::services::definitions::load_built_in(&state)
        .await
        .map_err(|error| StartError::Setup(format!("built-in tracks: {error}")))?;
    training::services::courses::load_built_in(&state)
        .await
        .map_err(|error| StartError::Setup(format!("built-in courses: {error}")))?;
    support::ensure_defaults(&state)
        .await
        .map_err(|error| StartError::Setup(format!("support defaults: {error}")))?;
    Ok(state)
}

/// The whole application as a router (tests drive it with `oneshot`).
pub fn app(state: AppState) -> Router {
    // Over HTTPS, browsers are told to use nothing else for a year (RFC 6797).
    let strict_transport = state.config.https().then(|| {
        SetResponseHeaderLayer::if_not_present(
            header::STRICT_TRANSPORT_SECURITY,
            HeaderValue::from_static("max-age=31536000; includeSubDomains"),
        )
    });
    let security_headers = ServiceBuilder::new()
        .option_layer(strict_transport)
        // Nothing Onramp answers may be kept by a browser or a proxy cache — pages, API JSON, CSV
        // exports, documents and signed copies carry partner data — except the stylesheet and the
        // icon, which set their own.
        .layer(SetResponseHeaderLayer::if_not_present(
            header::CACHE_CONTROL,
            HeaderValue::from_static("no-store"),
        ))
        .layer(SetResponseHeaderLayer::if_not_present(
            header::X_CONTENT_TYPE_OPTIONS,
            HeaderValue::from_static("nosniff"),
        ))
        .layer(SetResponseHeaderLayer::if_not_present(
            header::X_FRAME_OPTIONS,
            HeaderValue::from_static("DENY"),
        ))
        .layer(SetResponseHeaderLayer::if_not_present(
            header::REFERRER_POLICY,
            HeaderValue::from_static("same-origin"),
        ))
        .layer(SetResponseHeaderLayer::if_not_present(
            header::CONTENT_SECURITY_POLICY,
            HeaderValue::from_static(
                "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'none'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
            ),
        ));
    let request_id = HeaderName::from_static("x-request-id");
    routes::router(&state)
        .fallback(web::error_page::not_found)
        .method_not_allowed_fallback(web::error_page::method_not_allowed)
        .layer(from_fn_with_state(
            state.metrics.clone(),
            platform::metrics::record,
        ))
        .layer(from_fn_with_state(state.clone(), web::actor::resolve_actor))
        .layer(from_fn(web::extract::refuse_control_characters_in_uri))
        .layer(DefaultBodyLimit::max(state.config.max_body_bytes))
        .layer(from_fn(scope_request_id))
        .layer(security_headers)
        .layer(
            TraceLayer::new_for_http().make_span_with(|request: &Request| {
                let request_id = request
                    .headers()
                    .get("x-request-id")
                    .and_then(|value| value.to_str().ok())
                    .unwrap_or("-");
                tracing::info_span!(
                    "request",
                    method = %request.method(),
                    path = %request.uri().path(),
                    request.id = %request_id,
                )
            }),
        )
        .layer(PropagateRequestIdLayer::new(request_id.clone()))
        .layer(SetRequestIdLayer::new(request_id, MakeRequestUuid))
        .with_state(state)
}

/// Makes the request id available to error presenters through a task-local.
async fn scope_request_id(request: Request, next: Next) -> Response {
    let request_id = request
        .headers()
        .get("x-request-id")
        .and_then(|value| value.to_str().ok())
        .unwrap_or("-")
        .chars()
        .take(64)
        .collect::<String>();
    web::error::REQUEST_ID
        .scope(request_id, next.run(request))
        .await
}

/// Serves until `shutdown` resolves, then finishes in-flight requests, lets the job workers finish
/// (or hand back) their jobs, and returns. The workers run the background work too: expiring
/// sessions and the tier sweep are recurring jobs (`platform::jobs::Registry::standard`).
pub async fn serve(
    state: AppState,
    listener: tokio::net::TcpListener,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> Result<(), StartError> {
    let workers = platform::jobs::start(
        state.clone(),
        platform::jobs::Registry::standard(&state.config),
    );
    let router = app(state.clone());
    let result = axum::serve(
        listener,
        router.into_make_service_with_connect_info::<SocketAddr>(),
    )
    .with_graceful_shutdown(shutdown)
    .await
    .map_err(|error| StartError::Setup(format!("server: {error}")));
    workers.shutdown().await;
    state.store.close().await;
    result
}

/// Resolves on SIGTERM or Ctrl-C.
pub async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {},
        () = terminate => {},
    }
    tracing::info!("shutting down: finishing requests in flight");
}
