//! Onramp's domain types and pure rules. No IO: no HTTP, HTML or SQL is known here.
//!
//! # Overview
//!
//! - [`role`]: who a user is to the program — the five staff roles and the three partner roles,
//!   each partner role scoped to one organization.
//! - [`email`]: an email address parsed once at the edge, compared case-insensitively.
//! - [`password`]: the password policy.
#![deny(clippy::panic, clippy::indexing_slicing)]

pub mod email;
pub mod password;
pub mod role;

pub use email::Email;
pub use role::{Role, UserKind};
