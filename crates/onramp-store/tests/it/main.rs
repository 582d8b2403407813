//! Integration tests of `onramp-store`, on SQLite always and on PostgreSQL when
//! `ONRAMP_TEST_POSTGRES_URL` is set: the same story on both backends.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

mod audit_chain;
mod jobs;
mod retention;
mod support;
mod webhooks;
