//! Integration tests of the `onramp` binary: each runs the built executable as a user would.

mod cli_fhirpath;
mod cli_packages;
