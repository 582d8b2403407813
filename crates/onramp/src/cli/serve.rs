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
    // Listen first: with port 0 the address chosen is what links and the demo's credentials name.
    let listener = match tokio::net::TcpListener::bind(bind).await {
        Ok(listener) => listener,
        Err(error) => {
            eprintln!("error: cannot listen on {bind}: {error}");
            return ExitCode::from(2);
        }
    };
    let local_addr = listener.local_addr().map_or(bind, |addr| addr);
    let mut server = settings.server.clone();
    if server.public_base_url.ends_with(":0") {
        server.public_base_url = format!("http://{local_addr}");
    }
    if command.serve.demo {
        demo_packages(&mut server);
    }
    let state = match onramp_server::build_state(server).await {
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
    if command.serve.demo {
        println!(
            "{}",
            onramp_server::demo::login_banner(&state.config.public_base_url)
        );
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

/// The demo's sandboxes need R4 core. When neither the package cache nor `fhir_package_dir` has
/// it, the demo uses the shared FHIR packages beside the repository (`../shared/fhir/packages`,
/// where this project's tests read them), if they are there.
fn demo_packages(server: &mut onramp_server::ServerConfig) {
    let core = onramp_fhir::package::PackageId {
        name: "hl7.fhir.r4.core".to_owned(),
        version: "4.0.1".to_owned(),
    };
    let in_cache =
        onramp_fhir::package::PackageCache::new(&server.fhir_package_cache).contains(&core);
    if in_cache || server.fhir_package_dir.is_some() {
        return;
    }
    let shared = std::path::Path::new("../shared/fhir/packages");
    if shared.join("hl7.fhir.r4.core-4.0.1.tgz").is_file() {
        tracing::info!(dir = %shared.display(), "the demo's sandboxes read R4 core from the shared packages");
        server.fhir_package_dir = Some(shared.to_path_buf());
    } else {
        tracing::warn!(
            "R4 core is not in the FHIR package cache: the demo's sandboxes answer 503 until `onramp packages install hl7.fhir.r4.core#4.0.1` (or import its .tgz)"
        );
    }
}
