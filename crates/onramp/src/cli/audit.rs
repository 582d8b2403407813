//! `onramp audit`: verify the hash chain, export the trail.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use onramp_server::services::audit_export;
use onramp_store::audit;
use onramp_store::StoreError;

use crate::settings::CommonArgs;

use super::runtime::settings_and_store;

#[derive(Debug, clap::Subcommand)]
pub enum AuditCommand {
    /// Walk the whole chain. Exits 0 when intact, 1 naming the first bad event when any event was
    /// edited, removed or reordered.
    Verify(VerifyArgs),
    /// Write every event, in chain order.
    Export(ExportArgs),
}

#[derive(Debug, clap::Args)]
pub struct VerifyArgs {
    #[command(flatten)]
    common: CommonArgs,
}

#[derive(Debug, Clone, Copy, clap::ValueEnum)]
pub enum ExportFormat {
    /// FHIR R4 AuditEvent resources, one JSON object per line.
    FhirNdjson,
    /// Onramp's own event records, one JSON object per line.
    Ndjson,
}

#[derive(Debug, clap::Args)]
pub struct ExportArgs {
    #[command(flatten)]
    common: CommonArgs,
    /// The output format.
    #[arg(long, value_enum, default_value = "fhir-ndjson")]
    format: ExportFormat,
    /// Write to this file instead of standard output.
    #[arg(long, short)]
    output: Option<PathBuf>,
}

pub async fn run(command: AuditCommand) -> ExitCode {
    match command {
        AuditCommand::Verify(args) => verify(args).await,
        AuditCommand::Export(args) => export(args).await,
    }
}

async fn verify(args: VerifyArgs) -> ExitCode {
    let store = match settings_and_store(&args.common).await {
        Ok((_, store)) => store,
        Err(code) => return code,
    };
    match audit::verify(store.pool()).await {
        Ok(Ok(summary)) => {
            println!(
                "audit chain intact: {} events; head hash {}",
                summary.n_events, summary.head_hash
            );
            ExitCode::SUCCESS
        }
        Ok(Err(chain_break)) => {
            println!(
                "audit chain BROKEN at event {}{}: {}",
                chain_break.seq,
                chain_break
                    .event_id
                    .map(|id| format!(" (id {id})"))
                    .unwrap_or_default(),
                chain_break.reason
            );
            ExitCode::from(1)
        }
        Err(error) => {
            eprintln!("error: {error}");
            ExitCode::from(2)
        }
    }
}

async fn export(args: ExportArgs) -> ExitCode {
    let store = match settings_and_store(&args.common).await {
        Ok((_, store)) => store,
        Err(code) => return code,
    };
    let mut writer: Box<dyn Write> = match &args.output {
        Some(path) => match std::fs::File::create(path) {
            Ok(file) => Box::new(std::io::BufWriter::new(file)),
            Err(error) => {
                eprintln!("error: cannot write {}: {error}", path.display());
                return ExitCode::from(2);
            }
        },
        None => Box::new(std::io::BufWriter::new(std::io::stdout().lock())),
    };
    let mut n_events = 0_u64;
    let result = audit::for_each_in_order(store.pool(), |event| {
        let line = match args.format {
            ExportFormat::FhirNdjson => audit_export::to_fhir(&event).to_string(),
            ExportFormat::Ndjson => serde_json::to_string(&event)
                .map_err(|error| StoreError::Corrupt(error.to_string()))?,
        };
        writeln!(writer, "{line}").map_err(|error| StoreError::Unavailable(error.to_string()))?;
        n_events += 1;
        Ok(())
    })
    .await;
    let flushed = writer.flush();
    match (result, flushed) {
        (Ok(()), Ok(())) => {
            if args.output.is_some() {
                eprintln!("exported {n_events} events");
            }
            ExitCode::SUCCESS
        }
        (Err(error), _) => {
            eprintln!("error: {error}");
            ExitCode::from(1)
        }
        (_, Err(error)) => {
            eprintln!("error: writing the export: {error}");
            ExitCode::from(2)
        }
    }
}
