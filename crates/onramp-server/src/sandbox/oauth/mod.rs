//! The OAuth2 authorization server for machine clients: `POST /oauth/token` (client credentials,
//! authenticated by a SMART Backend Services assertion or HTTP Basic; the token a JWT signed by
//! the instance, `signer`, whose key is published at `/oauth/jwks`), token introspection (RFC
//! 7662) and revocation (RFC 7009), and each FHIR base's `.well-known/smart-configuration`.
//! Errors follow RFC 6749 §5.2: `{"error", "error_description"}` with a description a developer
//! can act on.

pub mod assertion;
pub mod jwks_url;
pub mod signer;
pub mod token;

pub use token::{introspect, jwks, revoke, smart_configuration, token};
