//! One module per subcommand; each exposes its clap `Args` and a `run` that returns the exit code.

pub mod fhirpath;
pub mod packages;
