//! The state every handler shares: configuration, the store, the mailer, metrics, the CSRF key and
//! the audit checkpoint signing key and the clock.

use std::ops::Deref;
use std::sync::Arc;

use onramp_store::platform::audit::checkpoint::SigningKey;
use onramp_store::Store;

use crate::config::ServerConfig;
use crate::platform::clock::Clock;
use crate::platform::mail::Mailer;
use crate::platform::metrics::Metrics;

/// Cheap to clone: one `Arc`.
#[derive(Clone)]
pub struct AppState(Arc<AppInner>);

pub struct AppInner {
    pub config: ServerConfig,
    pub store: Store,
    pub mailer: Mailer,
    pub metrics: Metrics,
    /// The instance secret behind CSRF tokens, shared through the database by every instance.
    pub csrf_key: Vec<u8>,
    /// Signs audit checkpoints; read from a file outside the database (`audit_keys`).
    pub audit_signing_key: SigningKey,
    /// What time it is: the system's clock, or a test's manual one.
    pub clock: Arc<dyn Clock>,
    /// The business-day calendars enrollments are planned on, by country.
    pub calendars: onramp_core::tracks::Calendars,
    /// Which features' jobs follow which events (the outbox's fan-out queues them).
    pub event_listeners: Vec<crate::platform::outbox::Listener>,
    /// The key access tokens are signed with, published at `/oauth/jwks`.
    pub token_signer: crate::sandbox::oauth::signer::TokenSigner,
    /// The key conformance certificates are signed with, published at `/verify/jwks`.
    pub certificate_signer: crate::sandbox::oauth::signer::TokenSigner,
    /// The sandboxes' message log writer (group commit of read-only exchanges).
    pub sandbox_log: crate::sandbox::fhir::log::MessageLog,
}

impl AppState {
    pub fn new(inner: AppInner) -> AppState {
        AppState(Arc::new(inner))
    }
}

impl Deref for AppState {
    type Target = AppInner;

    fn deref(&self) -> &AppInner {
        &self.0
    }
}
