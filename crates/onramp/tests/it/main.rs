//! Integration tests of the `onramp` binary: each runs the built executable as a user would.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, clippy::indexing_slicing)]

mod cli_fhirpath;
mod cli_packages;
