//! Who is asking, and whether they may: the [`Actor`] behind a request, the [`Access`] rule each
//! route declares in `routes.rs`, and the secrets that prove identity (passwords, sessions, TOTP,
//! CSRF tokens, API tokens).

pub mod access;
pub mod actor;
pub mod csrf;
pub mod password;
pub mod rate_limit;
pub mod secret;
pub mod totp;
pub mod uniform;

pub use access::Access;
pub use actor::{Actor, Credential, SignedIn};
