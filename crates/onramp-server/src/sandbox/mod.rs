//! Environments and machine access: each enrollment's sandbox — a FHIR R4 server with its own
//! data, validating every write against the track's pinned packages and keeping every message —
//! and its production endpoint; the OAuth2 clients of each, and the authorization server that
//! issues their tokens (docs/adr/0009-sandbox.md).
//!
//! - `services/`: environments (opened by coordinators, or by the track's sandbox gate), clients
//!   (registered, rotated, suspended; production ones only when the go-live gate holds), and the
//!   FHIR engines per package set.
//! - `oauth/`: the token endpoint, introspection, revocation, SMART configuration.
//! - `fhir/`: the FHIR REST API and the message log.
//! - `pages/`, `api/` and `routes`, like the other features.

pub mod api;
pub mod fhir;
pub mod oauth;
pub mod pages;
pub mod routes;
pub mod seed;
pub mod services;

pub use routes::routes;
