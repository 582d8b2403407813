//! Training and certification of partner staff: courses of modules with hours and CME credits,
//! assessments drawn from question banks, people's certificates with expiry and a public verify
//! page, live sessions, and the gate condition `training.staff_certified`
//! (docs/adr/0011-training.md, docs/training.md).
//!
//! - `services/`: courses, learners (job roles and assignments), progress, attempts,
//!   certificates, sessions, reports and the xAPI export.
//! - `pages/`, `api/` and `routes`, like the other features.

pub mod api;
mod api_routes;
pub mod pages;
pub mod routes;
pub mod services;
mod session_routes;

pub use routes::routes;

/// Registers the feature's jobs: certificate renewals, reminders and expiry notices.
pub fn register_jobs(registry: &mut crate::platform::jobs::Registry) {
    services::certificates::register(registry);
}
