//! Accounts: signing in and out, the second factor, passwords and their reset, personal API
//! tokens, email preferences, the second-factor policy — and the defences of the sign-in doors
//! (lockout, [`rate_limit`], [`uniform`] answers).
//!
//! Its parts: [`services`] (one transaction each, with its audit event), [`pages`], [`api`], and
//! [`routes`] (its rows of the route table).

pub mod api;
pub mod pages;
pub mod password;
pub mod rate_limit;
pub mod routes;
pub mod services;
pub mod totp;
pub mod uniform;

pub use routes::routes;
