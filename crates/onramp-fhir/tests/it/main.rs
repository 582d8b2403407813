//! The integration tests of `onramp-fhir`, one binary (see STYLE.md): one module per area.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

mod shared;

mod fhirpath_invariants;
mod fhirpath_suite;
mod json_reader;
mod model;
mod packages;
mod speed_paths;
mod testscript_asserts;
mod testscript_engine;
mod testscript_examples;
mod testscript_http;
mod testscript_operations;
mod testscript_runs;
mod testscript_support;
mod validate_agreement;
mod validate_coverage;
mod validate_health_cards;
mod validate_profiles;
mod validate_resources;
mod validate_rules;
mod validate_spec_examples;
mod validate_support;
mod validate_urls;
