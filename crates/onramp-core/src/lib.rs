//! Onramp's domain types and pure rules. No IO: no HTTP, HTML or SQL is known here.
//!
//! # Overview
//!
//! - [`role`]: who a user is to the program — the five staff roles and the three partner roles,
//!   each partner role scoped to one organization.
//! - [`email`]: an email address parsed once at the edge, compared case-insensitively.
//! - [`password`]: the password policy.
//! - [`partner`]: an organization's profile as it applies (category, type, size, country, web
//!   domain, identifiers), parsed at the edge.
//! - [`lifecycle`]: applied → under review → active → suspended → retired, and who may move it.
//! - [`tier`]: public, registered, collaborative — computed from conditions, with the checklist.
//! - [`agreement`]: agreement kinds and the draft → published → retired template lifecycle.
//! - [`platform`]: rules of the platform services — the job queue's states and retry schedule,
//!   the outbox's event types and mail families.
#![deny(clippy::panic, clippy::indexing_slicing)]

pub mod agreement;
pub mod email;
pub mod lifecycle;
pub mod partner;
pub mod password;
pub mod platform;
pub mod role;
pub mod tier;

pub use email::Email;
pub use role::{Role, UserKind};
