//! `onramp fhirpath`: evaluate one expression or a batch, printing JSON.

use std::process::ExitCode;

#[derive(Debug, clap::Args)]
pub struct FhirpathArgs {}

pub fn run(_args: FhirpathArgs) -> ExitCode {
    eprintln!("onramp fhirpath: not built yet");
    ExitCode::from(2)
}
