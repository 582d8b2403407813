//! Accounts: who a user is to the program and what they sign in with.
//!
//! - [`role`]: the five staff roles and the three partner roles, each partner role scoped to one
//!   organization.
//! - [`email`]: an email address parsed once at the edge, compared case-insensitively.
//! - [`password`]: the password policy.

pub mod email;
pub mod password;
pub mod role;
