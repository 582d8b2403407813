//! `onramp audit`: verify the keyed hash chain (against a signed checkpoint), sign a checkpoint,
//! export the trail.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use onramp_server::platform::audit::checkpoint::{self as audit_checkpoint, CheckpointWriteError};
use onramp_server::platform::audit::export as audit_export;
use onramp_server::platform::audit::keys as audit_keys;
use onramp_store::platform::audit::checkpoint::{self, Checkpoint, VerifyingKey};
use onramp_store::platform::audit::{self, ChainBreak};
use onramp_store::StoreError;

use crate::settings::CommonArgs;

use crate::settings::Settings;

use super::runtime::settings_and_store;

#[derive(Debug, clap::Subcommand)]
pub enum AuditCommand {
    /// Walk the whole chain under the chain key. Exits 0 when intact, 1 naming the first bad event
    /// when any event was edited, removed or reordered, or the chain was recomputed without the
    /// key; with --checkpoint, also 1 when the chain is shorter than the signed checkpoint says
    /// (truncated, or emptied) or its event there has another hash. 2 when a key or the
    /// checkpoint cannot be read.
    Verify(VerifyArgs),
    /// Verify the chain and sign a checkpoint of it (its length and head hash) with the audit
    /// signing key; keep checkpoints off the database host. Exits 1, writing nothing, when the
    /// chain is broken.
    Checkpoint(CheckpointArgs),
    /// Write every event, in chain order.
    Export(ExportArgs),
}

#[derive(Debug, clap::Args)]
pub struct VerifyArgs {
    #[command(flatten)]
    common: CommonArgs,
    /// A checkpoint written by `onramp audit checkpoint` or by `onramp serve`: its signature is
    /// checked, then the chain must reach it with the very hash it signed.
    #[arg(long, value_name = "FILE")]
    checkpoint: Option<PathBuf>,
    /// The public key (hex) that signed the checkpoint [default: derived from the signing key
    /// file].
    #[arg(long, value_name = "FILE", requires = "checkpoint")]
    public_key: Option<PathBuf>,
}

#[derive(Debug, clap::Args)]
pub struct CheckpointArgs {
    #[command(flatten)]
    common: CommonArgs,
    /// Write the checkpoint (JSON) to this file [default: a new file in the checkpoint
    /// directory, <data-dir>/audit-checkpoints].
    #[arg(long, short)]
    output: Option<PathBuf>,
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
        AuditCommand::Checkpoint(args) => write_checkpoint(args).await,
        AuditCommand::Export(args) => export(args).await,
    }
}

/// Prints an error and gives exit code 2 (a problem with input or configuration).
fn usage_error(message: impl std::fmt::Display) -> ExitCode {
    eprintln!("error: {message}");
    ExitCode::from(2)
}

fn describe(chain_break: &ChainBreak) -> String {
    format!(
        "event {}{}: {}",
        chain_break.seq,
        chain_break
            .event_id
            .as_ref()
            .map(|id| format!(" (id {id})"))
            .unwrap_or_default(),
        chain_break.reason
    )
}

/// The checkpoint to verify against and the public key to trust, read before the database.
fn read_checkpoint(
    path: &Path,
    public_key: Option<&Path>,
    settings: &Settings,
) -> Result<(Checkpoint, VerifyingKey), ExitCode> {
    let text = std::fs::read_to_string(path).map_err(|error| {
        usage_error(format!(
            "cannot read the checkpoint {}: {error}",
            path.display()
        ))
    })?;
    let checkpoint: Checkpoint = serde_json::from_str(&text).map_err(|error| {
        usage_error(format!(
            "{} is not an audit checkpoint: {error}",
            path.display()
        ))
    })?;
    let public_key = match public_key {
        Some(path) => audit_keys::read_public_key(path),
        None => audit_keys::read_signing_key(&settings.server.audit_signing_key_file)
            .map(|key| key.verifying_key()),
    }
    .map_err(|error| {
        usage_error(format!(
            "{error} (needed to check the checkpoint's signature: --public-key FILE or --audit-signing-key-file FILE)"
        ))
    })?;
    Ok((checkpoint, public_key))
}

async fn verify(args: VerifyArgs) -> ExitCode {
    let (settings, store) = match settings_and_store(&args.common).await {
        Ok(pair) => pair,
        Err(code) => return code,
    };
    let key = match audit_keys::read_chain_key(&settings.server.audit_key_file) {
        Ok(key) => key,
        Err(error) => {
            return usage_error(format!(
                "{error} (the chain key is needed to verify the chain: --audit-key-file FILE or ONRAMP_AUDIT_KEY_FILE)"
            ))
        }
    };
    let anchor = match &args.checkpoint {
        Some(path) => match read_checkpoint(path, args.public_key.as_deref(), &settings) {
            Ok(anchor) => Some(anchor),
            Err(code) => return code,
        },
        None => None,
    };
    let mut intact = true;
    let checkpoint = match anchor {
        Some((checkpoint, public_key)) => match checkpoint.verify_signature(&public_key) {
            Ok(()) => Some(checkpoint),
            Err(error) => {
                println!("audit checkpoint REJECTED: {error}");
                intact = false;
                None
            }
        },
        None => None,
    };
    match audit::verify(store.pool(), &key).await {
        Ok(Ok(summary)) => {
            println!(
                "audit chain intact: {} events; head hash {}",
                summary.n_events, summary.head_hash
            );
            if summary.legacy_events > 0 {
                println!(
                    "note: events 1 to {} were written before the chain was keyed; a checkpoint taken since proves they were not rewritten",
                    summary.legacy_events
                );
            }
        }
        Ok(Err(chain_break)) => {
            println!("audit chain BROKEN at {}", describe(&chain_break));
            intact = false;
        }
        Err(error) => return usage_error(error),
    }
    if let Some(checkpoint) = checkpoint {
        match checkpoint::check(store.pool(), &key, &checkpoint).await {
            Ok(Ok(())) => println!(
                "audit checkpoint matches: event {} has the signed hash {} (signed at {})",
                checkpoint.seq, checkpoint.head_hash, checkpoint.created_at
            ),
            Ok(Err(chain_break)) => {
                println!("audit checkpoint MISMATCH at {}", describe(&chain_break));
                intact = false;
            }
            Err(error) => return usage_error(error),
        }
    }
    if intact {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    }
}

async fn write_checkpoint(args: CheckpointArgs) -> ExitCode {
    let (settings, store) = match settings_and_store(&args.common).await {
        Ok(pair) => pair,
        Err(code) => return code,
    };
    let key = match audit_keys::read_chain_key(&settings.server.audit_key_file) {
        Ok(key) => key,
        Err(error) => return usage_error(error),
    };
    let signing_key =
        match audit_keys::load_or_create_signing_key(&settings.server.audit_signing_key_file) {
            Ok(key) => key,
            Err(error) => return usage_error(error),
        };
    let store = store.with_audit_key(key);
    let written = match &args.output {
        Some(path) => audit_checkpoint::write_checkpoint_to(&store, &signing_key, path)
            .await
            .map(|checkpoint| (checkpoint, path.clone())),
        None => {
            audit_checkpoint::write_checkpoint(
                &store,
                &signing_key,
                &settings.server.audit_checkpoint_dir,
            )
            .await
        }
    };
    match written {
        Ok((checkpoint, path)) => {
            println!(
                "audit checkpoint written to {}: {} events; head hash {}",
                path.display(),
                checkpoint.seq,
                checkpoint.head_hash
            );
            ExitCode::SUCCESS
        }
        Err(CheckpointWriteError::Broken(chain_break)) => {
            println!(
                "audit chain BROKEN at {}; no checkpoint written",
                describe(&chain_break)
            );
            ExitCode::from(1)
        }
        Err(error) => usage_error(error),
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
