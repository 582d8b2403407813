//! Onramp persistence: migrations, queries, transactions and the audit chain, for SQLite and
//! PostgreSQL through one query layer (sqlx's `Any` driver; see docs/adr/0001-one-query-layer.md).
//!
//! # Overview
//!
//! - [`Store`]: the connection pool, migrations, and [`Tx`] — one write transaction.
//! - One folder per feature, the same name in every crate that has a part of it:
//!   [`accounts`] (users, sessions, API tokens, reset links, the second-factor policy, rate-limit
//!   counters) and [`registry`] (organization profiles, identifiers, lists and duplicates, with
//!   `links`, `members`, `evidence`, `documents`, `agreements`, `organizations`), and [`tracks`]
//!   (track versions, enrollments, their tasks, gates and evidence).
//! - [`platform`]: tables every feature shares — the audit trail (hash-chained under a key kept
//!   outside the database, anchored by signed checkpoints; every write path appends its event in
//!   the same `Tx`), the clock, the durable job queue, instance secrets, the outbox of domain
//!   events, mail and email preferences, webhook subscriptions, deliveries and attempts.

//! # Invariants
//!
//! - The same SQL text runs on both backends: `$1`-style parameters, `BIGINT` times in milliseconds
//!   (UTC), text ids. Nothing here knows HTTP or HTML.
//! - Writes happen only inside a [`Tx`]; on SQLite a `Tx` also holds the process's write lock and
//!   begins `IMMEDIATE`, so two writers never race for SQLite's single writer slot.
#![deny(clippy::panic, clippy::indexing_slicing)]

pub mod accounts;
pub mod conformance;
mod db;
mod error;
pub mod paging;
pub mod platform;
pub mod registry;
pub mod sandbox;
pub mod support;
#[cfg(feature = "testing")]
pub mod testing;
pub mod tracks;
pub mod training;

pub use db::{Backend, Store, StoreOptions, Tx};
pub use error::StoreError;

/// A new random id (UUID v4, as text).
pub fn new_id() -> String {
    uuid::Uuid::new_v4().to_string()
}
