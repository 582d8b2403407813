//! The JSON API under `/api/v1`: handlers thin over the same services the pages use, errors as
//! problem+json, and the OpenAPI document generated from these handlers' annotations.

pub mod agreements;
pub mod audit;
pub mod jobs;
pub mod listing;
pub mod me;
pub mod members;
pub mod openapi;
pub mod registry;
pub mod review;
pub mod tokens;
pub mod webhooks;
