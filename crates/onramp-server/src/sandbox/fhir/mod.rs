//! The sandbox's FHIR R4 REST API at `/sandbox/{environment}/fhir`: every request authenticated by
//! an access token bound to that environment and checked against its scopes, every write
//! validated by the environment's engine and stored with its history and search index, and every
//! exchange kept in the message log.
//!
//! - `caller`: the bearer token becomes a [`caller::Caller`] (or a 401 OperationOutcome).
//! - `respond`: FHIR responses, OperationOutcomes, and the message log entry of each exchange;
//!   `log`, the group commit of the entries of exchanges that wrote nothing.
//! - `interactions`: what every interaction shares — the request with its engine, `handle`,
//!   paging; `reads` (read, vread, history) and `writes` (create, update, delete, their
//!   conditional forms, `$validate`).
//! - `search`: the query read against the pinned packages' SearchParameters, run on the index.
//! - `bundle`: transaction and batch Bundles.
//! - `capability`: the CapabilityStatement at `/metadata`, saying what is really supported.
//!
//! **Isolation:** every statement this module runs names the caller's environment, which comes
//! from the token (and must equal the one in the path): no interaction can read or write another
//! environment's rows.

pub mod bundle;
pub mod caller;
pub mod capability;
pub mod interactions;
pub mod log;
pub mod reads;
pub mod respond;
pub mod search;
pub mod writes;
