//! The `onramp` binary: parses the command line and hands each subcommand to its module in `cli/`.

mod cli;

use std::process::ExitCode;

use clap::{Parser, Subcommand};

/// Onramp brings external partners onto a health information exchange or a FHIR implementation
/// guide, from first application to production.
#[derive(Debug, Parser)]
#[command(name = "onramp", version, about, long_about = None)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Manage FHIR packages: list the cache, import an archive, install from a registry.
    Packages(cli::packages::PackagesArgs),
    /// Evaluate a FHIRPath expression, or a batch of them, and print the results as JSON.
    Fhirpath(cli::fhirpath::FhirpathArgs),
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Command::Packages(args) => cli::packages::run(args),
        Command::Fhirpath(args) => cli::fhirpath::run(args),
    }
}
