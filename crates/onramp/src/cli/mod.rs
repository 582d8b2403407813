//! One module per subcommand; each exposes its clap arguments and a `run` that returns the exit code
//! (0 success, 1 the command ran and found a failure, 2 usage, configuration or IO problems).

pub mod admin;
pub mod audit;
pub mod bench;
pub mod fhirpath;
pub mod migrate;
pub mod packages;
pub mod runtime;
pub mod serve;
pub mod testscript;
pub mod tracks;
pub mod validate;
