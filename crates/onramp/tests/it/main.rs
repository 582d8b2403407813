//! Integration tests of the `onramp` binary: each runs the built executable as a user would.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

mod support;

mod bench_seed;

mod cli_admin;
mod cli_audit;
mod cli_fhirpath;
mod cli_jobs;
mod cli_packages;
mod cli_serve;
mod cli_testscript;
mod cli_tracks;
mod cli_validate;
