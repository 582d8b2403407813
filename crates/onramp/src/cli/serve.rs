//! `onramp serve`: run the web server.

use std::process::ExitCode;

use crate::settings::{CommonArgs, ServeArgs};

use super::runtime::{init_logging, settings_or_exit};

#[derive(Debug, clap::Args)]
pub struct ServeCommand {
    #[command(flatten)]
    common: CommonArgs,
    #[command(flatten)]
    serve: ServeArgs,
}

pub async fn run(command: ServeCommand) -> ExitCode {
    let settings = match settings_or_exit(&command.common, &command.serve) {
        Ok(settings) => settings,
        Err(code) => return code,
    };
    init_logging(settings.log_format);
    let bind = settings.server.bind;
    let state = match onramp_server::build_state(settings.server.clone()).await {
        Ok(state) => state,
        Err(error) => {
            eprintln!("error: {error}");
            return ExitCode::from(2);
        }
    };
    if command.serve.demo {
        match onramp_server::demo::seed_program(&state).await {
            Ok(true) => tracing::info!("demo program seeded"),
            Ok(false) => tracing::info!("the database already has users; demo not seeded again"),
            Err(error) => {
                eprintln!("error: seeding the demo: {error}");
                return ExitCode::from(1);
            }
        }
    }
    let listener = match tokio::net::TcpListener::bind(bind).await {
        Ok(listener) => listener,
        Err(error) => {
            eprintln!("error: cannot listen on {bind}: {error}");
            return ExitCode::from(2);
        }
    };
    let local_addr = listener.local_addr().map_or(bind, |addr| addr);
    if command.serve.demo {
        let base = if settings.server.public_base_url.ends_with(":0") {
            format!("http://{local_addr}")
        } else {
            settings.server.public_base_url.clone()
        };
        println!("{}", onramp_server::demo::login_banner(&base));
        println!(
            "{}",
            onramp_server::demo::sandboxes::banner(&settings.server.data_dir)
        );
    }
    tracing::info!(
        addr = %local_addr,
        backend = state.store.backend().as_str(),
        "onramp listening"
    );
    match onramp_server::serve(state, listener, onramp_server::shutdown_signal()).await {
        Ok(()) => {
            tracing::info!("stopped");
            ExitCode::SUCCESS
        }
        Err(error) => {
            eprintln!("error: {error}");
            ExitCode::from(1)
        }
    }
}
