//! The `onramp` binary: parses the command line and hands each subcommand to its module in `cli/`.

mod cli;
mod settings;

use std::process::ExitCode;

use clap::{Parser, Subcommand};

/// mimalloc instead of the system allocator: the validator and FHIRPath allocate many small,
/// short-lived values per resource, and mimalloc serves them with about a fifth less time than
/// glibc malloc (docs/adr/0003-mimalloc-global-allocator.md, docs/benchmarks.md).
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// Onramp brings external partners — EHR and lab vendors, hospitals, clinics, public-health
/// agencies — onto a health information exchange or a FHIR implementation guide, from first
/// application to production.
///
/// Settings come from flags, then ONRAMP_* environment variables, then onramp.toml (in the data
/// directory, or --config FILE), then defaults.
#[derive(Debug, Parser)]
#[command(name = "onramp", version, about, long_about)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Run the web server: the portal, the JSON API, health and metrics endpoints.
    ///
    /// Migrations are applied at start. Stop it with SIGTERM or Ctrl-C: requests in flight finish
    /// first. Several instances may share one PostgreSQL database.
    Serve(cli::serve::ServeCommand),
    /// Apply database migrations that have not been applied yet, then exit.
    Migrate(cli::migrate::MigrateCommand),
    /// Administration from the command line (creating users).
    #[command(subcommand)]
    Admin(cli::admin::AdminCommand),
    /// Check and export the hash-chained audit trail.
    #[command(subcommand)]
    Audit(cli::audit::AuditCommand),
    /// Benchmark support: fill a database with a large, reproducible data set.
    #[command(subcommand)]
    Bench(cli::bench::BenchCommand),
    /// Manage FHIR packages: list the cache, import an archive, install from a registry.
    Packages(cli::packages::PackagesArgs),
    /// Evaluate a FHIRPath expression, or a batch of them, and print the results as JSON.
    Fhirpath(cli::fhirpath::FhirpathArgs),
    /// Validate FHIR JSON (files, directories, Bundles, NDJSON) against R4 core and profiles.
    Validate(cli::validate::ValidateArgs),
    /// Check onboarding track files, and forecast a track for an organization.
    #[command(subcommand)]
    Tracks(cli::tracks::TracksCommand),
    /// Run FHIR TestScripts against a server and write their TestReports.
    #[command(subcommand)]
    Testscript(cli::testscript::TestscriptCommand),
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Command::Serve(command) => cli::runtime::block_on(cli::serve::run(command)),
        Command::Migrate(command) => cli::runtime::block_on(cli::migrate::run(command)),
        Command::Admin(command) => cli::runtime::block_on(cli::admin::run(command)),
        Command::Audit(command) => cli::runtime::block_on(cli::audit::run(command)),
        Command::Bench(command) => cli::runtime::block_on(cli::bench::run(command)),
        Command::Packages(args) => cli::packages::run(args),
        Command::Fhirpath(args) => cli::fhirpath::run(args),
        Command::Validate(args) => cli::validate::run(args),
        Command::Tracks(command) => cli::tracks::run(command),
        Command::Testscript(command) => cli::testscript::run(command),
    }
}
