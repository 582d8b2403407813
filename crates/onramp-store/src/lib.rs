//! Onramp persistence: migrations, queries, transactions and the audit chain, for SQLite and
//! PostgreSQL through one query layer (sqlx's `Any` driver; see docs/adr/0001-one-query-layer.md).
//!
//! # Overview
//!
//! - [`Store`]: the connection pool, migrations, and [`Tx`] — one write transaction.
//! - [`audit`]: the audit trail, hash-chained under a key kept outside the database and anchored by
//!   signed checkpoints; every write path appends its event in the same `Tx`.
//! - [`users`], [`sessions`], [`tokens`], [`resets`], [`organizations`], [`policies`],
//!   [`secrets`], [`rate_limits`]: one module per table family, each a set of plain functions over SQL.
//! - The partner registry: [`registry`] (organization profiles, identifiers, lists, duplicates),
//!   [`links`] (email confirmation and invitation links), [`members`] (an organization's users),
//!   [`evidence`] (verification evidence and lifecycle transitions), [`agreements`] (templates and
//!   signatures).
//! - [`platform`]: tables every feature shares — the durable job queue ([`platform::jobs`]), the
//!   outbox of domain events, mail and email preferences ([`platform::outbox`]), and webhook
//!   subscriptions, deliveries and attempts ([`platform::webhooks`]).
//!
//! # Invariants
//!
//! - The same SQL text runs on both backends: `$1`-style parameters, `BIGINT` times in milliseconds
//!   (UTC), text ids. Nothing here knows HTTP or HTML.
//! - Writes happen only inside a [`Tx`]; on SQLite a `Tx` also holds the process's write lock, so
//!   two writers never race for SQLite's single writer slot.
#![deny(clippy::panic, clippy::indexing_slicing)]

pub mod agreements;
pub mod audit;
mod db;
pub mod documents;
mod error;
pub mod evidence;
pub mod links;
pub mod members;
pub mod organizations;
pub mod platform;
pub mod policies;
pub mod rate_limits;
pub mod registry;
pub mod resets;
pub mod secrets;
pub mod sessions;
#[cfg(feature = "testing")]
pub mod testing;
pub mod tokens;
pub mod users;

pub use db::{now_ms, Backend, Store, StoreOptions, Tx};
pub use error::StoreError;

/// A new random id (UUID v4, as text).
pub fn new_id() -> String {
    uuid::Uuid::new_v4().to_string()
}
