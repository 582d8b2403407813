//! Signed audit checkpoints, written regularly by the recurring job `audit.checkpoint`
//! (`platform::jobs`) and on demand by `onramp audit checkpoint`: the chain's length and head
//! hash, signed with the operator's Ed25519 key, as a JSON file and a log line
//! (docs/adr/0004-audit-chain-anchoring.md).

use std::path::{Path, PathBuf};

use onramp_store::platform::audit::checkpoint::{self, Checkpoint, SigningKey};
use onramp_store::platform::audit::ChainBreak;
use onramp_store::{Store, StoreError};

/// Why no checkpoint was written.
#[derive(Debug, thiserror::Error)]
pub enum CheckpointWriteError {
    #[error("{0}")]
    Store(#[from] StoreError),
    /// The chain does not verify, and a broken chain is never signed.
    #[error("the audit chain is broken at event {}: {}", .0.seq, .0.reason)]
    Broken(ChainBreak),
    #[error("cannot write the checkpoint {path}: {source}")]
    Write {
        path: PathBuf,
        source: std::io::Error,
    },
}

/// Verifies the chain, signs a checkpoint of it and writes it as JSON to `path` (through a
/// temporary file and a rename, so a reader never sees half a checkpoint); logs it.
pub async fn write_checkpoint_to(
    store: &Store,
    signing_key: &SigningKey,
    path: &Path,
) -> Result<Checkpoint, CheckpointWriteError> {
    let checkpoint = sign(store, signing_key).await?;
    write_file(&checkpoint, path).await?;
    Ok(checkpoint)
}

/// Writes a checkpoint into `dir`, named by its time and length
/// (`audit-checkpoint-20261122T101500Z-000042.json`), and returns it with its path.
pub async fn write_checkpoint(
    store: &Store,
    signing_key: &SigningKey,
    dir: &Path,
) -> Result<(Checkpoint, PathBuf), CheckpointWriteError> {
    let checkpoint = sign(store, signing_key).await?;
    let stamp = jiff::Timestamp::from_millisecond(store.now_ms())
        .map(|at| at.strftime("%Y%m%dT%H%M%SZ").to_string())
        .unwrap_or_else(|_| store.now_ms().to_string());
    let path = dir.join(format!(
        "audit-checkpoint-{stamp}-{:06}.json",
        checkpoint.seq
    ));
    write_file(&checkpoint, &path).await?;
    Ok((checkpoint, path))
}

async fn sign(store: &Store, signing_key: &SigningKey) -> Result<Checkpoint, CheckpointWriteError> {
    checkpoint::take(store, signing_key)
        .await?
        .map_err(CheckpointWriteError::Broken)
}

async fn write_file(checkpoint: &Checkpoint, path: &Path) -> Result<(), CheckpointWriteError> {
    let write_error = |source| CheckpointWriteError::Write {
        path: path.to_path_buf(),
        source,
    };
    let json = serde_json::to_string_pretty(checkpoint)
        .map_err(|error| write_error(std::io::Error::other(error)))?;
    if let Some(parent) = path
        .parent()
        .filter(|parent| !parent.as_os_str().is_empty())
    {
        tokio::fs::create_dir_all(parent)
            .await
            .map_err(write_error)?;
    }
    let mut temporary = path.as_os_str().to_owned();
    temporary.push(".partial");
    tokio::fs::write(&temporary, format!("{json}\n"))
        .await
        .map_err(write_error)?;
    tokio::fs::rename(&temporary, path)
        .await
        .map_err(write_error)?;
    tracing::info!(
        audit.events = checkpoint.seq,
        audit.head_hash = %checkpoint.head_hash,
        audit.key_id = %checkpoint.chain_key_id,
        audit.signature = %checkpoint.signature,
        path = %path.display(),
        "audit checkpoint signed"
    );
    Ok(())
}
