//! Onramp's domain types and pure rules. No IO: no HTTP, HTML or SQL is known here.
//!
//! # Overview
//!
//! One folder per feature, the same name in every crate that has a part of it:
//!
//! - [`accounts`]: roles, email addresses, the password policy.
//! - [`registry`]: the partner registry — profiles, the lifecycle, tiers, agreements.
//! - [`support`]: the support desk — severities, ticket statuses, SLA targets, and the SLA clock
//!   (due times on business-hours or 24/7 calendars with pauses, and their explanations).
//! - [`training`]: training and certification — the course document and its checks, drawing and
//!   scoring assessments, certificates and their recertification, the trained-staff gate rule.
//! - [`tracks`]: onboarding tracks — the definition format and its checks, the business-day
//!   calendar, the critical path and the forecast.
//! - [`vocabulary`]: the one way closed sets (roles, states, kinds) are declared: `vocabulary!`.
//! - [`platform`]: rules of the platform services — the job queue's states and retry schedule,
//!   the outbox's event types and mail families.
#![deny(clippy::panic, clippy::indexing_slicing)]

pub mod accounts;
pub mod conformance;
pub mod platform;
pub mod registry;
pub mod sandbox;
pub mod support;
pub mod tracks;
pub mod training;
pub mod vocabulary;

pub use accounts::email::Email;
pub use accounts::role::{Role, UserKind};
