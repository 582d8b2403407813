//! Conformance testing: suites of message tests and TestScripts per track, runs of them for an
//! enrollment (message tests judged from the sandbox log, TestScripts run by Onramp's engine
//! against the partner's server), the analyst's review, and certificates anyone can verify
//! (docs/adr/0010-conformance-testing.md).
//!
//! - `services/`: suites, runs and their job, message tests, review, reports, certificates.
//! - `pages/`, `api/` and `routes`, like the other features.

pub mod api;
pub mod pages;
pub mod routes;
pub mod services;

pub use routes::routes;

/// Registers the feature's jobs: the run job and the certificate reminders.
pub fn register_jobs(registry: &mut crate::platform::jobs::Registry) {
    services::execute::register(registry);
    services::certificates::register(registry);
}
