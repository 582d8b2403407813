//! `onramp migrate`: apply pending migrations.

use std::process::ExitCode;

use crate::settings::{CommonArgs, ServeArgs};

use super::runtime::{connect, settings_or_exit};

#[derive(Debug, clap::Args)]
pub struct MigrateCommand {
    #[command(flatten)]
    common: CommonArgs,
}

pub async fn run(command: MigrateCommand) -> ExitCode {
    let settings = match settings_or_exit(&command.common, &ServeArgs::default()) {
        Ok(settings) => settings,
        Err(code) => return code,
    };
    if let Err(error) = std::fs::create_dir_all(&settings.server.data_dir) {
        eprintln!(
            "error: cannot create the data directory {}: {error}",
            settings.server.data_dir.display()
        );
        return ExitCode::from(2);
    }
    let store = match connect(&settings).await {
        Ok(store) => store,
        Err(code) => return code,
    };
    match store.migrate().await {
        Ok(()) => {
            println!(
                "migrations applied; the {} database is current",
                store.backend().as_str()
            );
            ExitCode::SUCCESS
        }
        Err(error) => {
            eprintln!("error: {error}");
            ExitCode::from(1)
        }
    }
}
