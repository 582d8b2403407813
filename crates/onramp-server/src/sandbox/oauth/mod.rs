//! The OAuth2 authorization server for machine clients: `POST /oauth/token` (client credentials,
//! authenticated by a SMART Backend Services assertion or HTTP Basic), token introspection (RFC
//! 7662) and revocation (RFC 7009), and each FHIR base's `.well-known/smart-configuration`.
//! Errors follow RFC 6749 §5.2: `{"error", "error_description"}` with a description a developer
//! can act on.

pub mod assertion;
pub mod jwks_url;
pub mod token;

pub use token::{introspect, revoke, smart_configuration, token};
