//! The integration tests of `onramp-server`, one binary (see STYLE.md). Every test runs on SQLite,
//! and on PostgreSQL too when `ONRAMP_TEST_POSTGRES_URL` is set (CI sets it), each in a database
//! of its own (a fresh SQLite file, or a fresh PostgreSQL schema).

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

mod browser_support;
mod python_tools;
mod registry_browser;
mod registry_support;
mod sandbox_support;
mod support;

mod accessibility;
mod api;
mod audit_trail;
mod browser;
mod clock_driven;
mod conformance;
mod conformance_browser;
mod csrf;
mod demo_registry;
mod form_pass;
mod jobs;
mod login;
mod openapi_document;
mod operations;
mod partner_tokens;
mod password_reset;
mod portal_quality;
mod registry_documents;
mod registry_flow;
mod registry_forms;
mod registry_lists;
mod registry_refusals;
mod registry_scoping;
mod registry_tiers;
mod route_access;
mod sandbox_client;
mod sandbox_fhir;
mod sandbox_oauth;
mod second_factor;
mod security_hardening;
mod staff_users;
mod state_races;
mod support_api;
mod support_browser;
mod support_sla;
mod tracks_browser;
mod tracks_flow;
mod training;
mod training_api;
mod training_browser;
mod training_sessions;
mod webhooks;
