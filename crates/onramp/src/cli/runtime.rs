//! The async runtime and logging shared by the database commands.

use std::future::Future;
use std::process::ExitCode;

use onramp_server::StartError;
use onramp_store::{Store, StoreOptions};

use crate::settings::{self, CommonArgs, LogFormat, ServeArgs, Settings};

/// Runs a command's future on a multi-threaded runtime.
pub fn block_on(future: impl Future<Output = ExitCode>) -> ExitCode {
    match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(runtime) => runtime.block_on(future),
        Err(error) => {
            eprintln!("error: cannot start the async runtime: {error}");
            ExitCode::from(2)
        }
    }
}

/// Resolves settings, printing the error and returning exit code 2 when they are wrong.
pub fn settings_or_exit(common: &CommonArgs, serve: &ServeArgs) -> Result<Settings, ExitCode> {
    settings::resolve(common, serve).map_err(|error| {
        eprintln!("error: {error}");
        ExitCode::from(2)
    })
}

/// Structured logs to stderr, human or JSON; `RUST_LOG` refines the level.
pub fn init_logging(format: LogFormat) {
    let filter = tracing_subscriber::EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info,sqlx=warn,tower_http=info"));
    let builder = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr);
    let _ = match format {
        LogFormat::Human => builder.try_init(),
        LogFormat::Json => builder.json().flatten_event(true).try_init(),
    };
}

/// Connects to the configured database without migrating.
pub async fn connect(settings: &Settings) -> Result<Store, ExitCode> {
    Store::connect(&StoreOptions {
        url: settings.server.database_url.clone(),
        max_connections: 2,
    })
    .await
    .map_err(|error| {
        eprintln!("error: {}", StartError::from(error));
        ExitCode::from(2)
    })
}

/// Connects like [`connect`], with the audit chain key from its file (created when absent), for
/// commands that write audit events.
pub async fn connect_for_writing(settings: &Settings) -> Result<Store, ExitCode> {
    let key = onramp_server::platform::audit::keys::load_or_create_chain_key(
        &settings.server.audit_key_file,
    )
    .map_err(|error| {
        eprintln!("error: {error}");
        ExitCode::from(2)
    })?;
    Ok(connect(settings).await?.with_audit_key(key))
}

/// Resolves the shared settings and connects, for commands that only need the database.
pub async fn settings_and_store(common: &CommonArgs) -> Result<(Settings, Store), ExitCode> {
    let settings = settings_or_exit(common, &ServeArgs::default())?;
    let store = connect(&settings).await?;
    Ok((settings, store))
}
