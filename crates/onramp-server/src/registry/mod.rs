//! The partner registry: organizations apply, are verified and reviewed, sign agreements, reach
//! tiers, and manage their own people and documents.
//!
//! Its parts: [`services`] (one transaction each, with its audit event and outbox event),
//! [`pages`], [`api`], and [`routes`] (its rows of the route table).

pub mod api;
pub mod pages;
pub mod routes;
pub mod services;

pub use routes::routes;
