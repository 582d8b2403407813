//! `onramp packages`: list the package cache, import an archive, install from a registry.

use std::process::ExitCode;

#[derive(Debug, clap::Args)]
pub struct PackagesArgs {}

pub fn run(_args: PackagesArgs) -> ExitCode {
    eprintln!("onramp packages: not built yet");
    ExitCode::from(2)
}
