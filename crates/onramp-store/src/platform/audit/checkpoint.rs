//! Signed checkpoints: how long the chain was and what its head hash was at a moment, signed with
//! an Ed25519 key the operator keeps away from the database.
//!
//! # What does a checkpoint prove?
//!
//! The chain key stops anyone without it from rewriting events, but a shorter chain is still a
//! valid chain: removing the last events and rewinding `audit_head`, or emptying the trail, leaves
//! nothing to see inside the database. A checkpoint kept elsewhere says "at this time the chain had
//! `seq` events and event `seq` had hash `head_hash`". [`check`] compares the database with it: a
//! chain shorter than `seq`, or an event `seq` with another hash, means events were removed or
//! rewritten since the checkpoint was signed.
//!
//! The signature covers a length-prefixed encoding of the fields (not the JSON text), so
//! reformatting the file does not matter and changing any field does.

use ed25519_dalek::{Signature, Signer, Verifier};
use serde::{Deserialize, Serialize};
use sqlx::{Any, Executor, Row};

use super::{event_at, verify, AuditKey, ChainBreak};
use crate::StoreError;

pub use ed25519_dalek::{SigningKey, VerifyingKey};

/// The `format` every checkpoint this build writes carries.
pub const FORMAT: &str = "onramp-audit-checkpoint/1";

/// A signed statement of the chain's length and head, as written to a file (JSON).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Checkpoint {
    /// [`FORMAT`].
    pub format: String,
    /// The number of events in the chain (the last event's sequence number).
    pub seq: i64,
    /// The hash of event `seq` (64 zeros when the chain was empty).
    pub head_hash: String,
    /// How many events, from the first, were written before the chain was keyed.
    pub legacy_events: i64,
    /// The id of the chain key the events were made with.
    pub chain_key_id: String,
    /// When it was signed, RFC 3339 UTC.
    pub created_at: String,
    /// The signer's Ed25519 public key, hex. For reading only: verification uses a public key the
    /// verifier trusts, never this one.
    pub public_key: String,
    /// The Ed25519 signature over [`Checkpoint::signed_message`], hex.
    pub signature: String,
}

/// Why a checkpoint cannot be trusted.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum CheckpointError {
    #[error("the checkpoint's format is `{0}`, not `{FORMAT}`")]
    Format(String),
    #[error("the checkpoint's signature is not valid under the given public key: the file was altered or signed with another key")]
    BadSignature,
}

impl Checkpoint {
    /// Signs the chain state `seq`/`head_hash` at `now_ms`.
    pub fn sign(
        seq: i64,
        head_hash: &str,
        legacy_events: i64,
        chain_key_id: &str,
        signing_key: &SigningKey,
        now_ms: i64,
    ) -> Checkpoint {
        let created_at = jiff::Timestamp::from_millisecond(now_ms - now_ms.rem_euclid(1_000))
            .map(|at| at.to_string())
            .unwrap_or_else(|_| now_ms.to_string());
        let mut checkpoint = Checkpoint {
            format: FORMAT.to_owned(),
            seq,
            head_hash: head_hash.to_owned(),
            legacy_events,
            chain_key_id: chain_key_id.to_owned(),
            created_at,
            public_key: hex::encode(signing_key.verifying_key().as_bytes()),
            signature: String::new(),
        };
        let signature = signing_key.sign(&checkpoint.signed_message());
        checkpoint.signature = hex::encode(signature.to_bytes());
        checkpoint
    }

    /// The bytes the signature covers: every field but the signature, each as an 8-byte big-endian
    /// length and its text.
    pub fn signed_message(&self) -> Vec<u8> {
        let mut message = Vec::new();
        for field in [
            self.format.as_str(),
            &self.seq.to_string(),
            &self.head_hash,
            &self.legacy_events.to_string(),
            &self.chain_key_id,
            &self.created_at,
            &self.public_key,
        ] {
            message.extend_from_slice(&(field.len() as u64).to_be_bytes());
            message.extend_from_slice(field.as_bytes());
        }
        message
    }

    /// Checks the format and the signature under `public_key` (one the verifier trusts).
    pub fn verify_signature(&self, public_key: &VerifyingKey) -> Result<(), CheckpointError> {
        if self.format != FORMAT {
            return Err(CheckpointError::Format(self.format.clone()));
        }
        let bytes: [u8; 64] = hex::decode(&self.signature)
            .ok()
            .and_then(|bytes| bytes.try_into().ok())
            .ok_or(CheckpointError::BadSignature)?;
        public_key
            .verify(&self.signed_message(), &Signature::from_bytes(&bytes))
            .map_err(|_| CheckpointError::BadSignature)
    }
}

/// Verifies the whole chain under the store's key and, when it is intact, signs a checkpoint of it
/// at the store's time. A broken chain is never signed: `Ok(Err(break))` names where it breaks.
pub async fn take(
    store: &crate::Store,
    signing_key: &SigningKey,
) -> Result<Result<Checkpoint, ChainBreak>, StoreError> {
    let key = store.audit_key().ok_or(StoreError::AuditKeyMissing)?;
    let now_ms = store.now_ms();
    Ok(verify(store.pool(), key).await?.map(|summary| {
        Checkpoint::sign(
            summary.n_events,
            &summary.head_hash,
            summary.legacy_events,
            key.id(),
            signing_key,
            now_ms,
        )
    }))
}

/// Compares the database with a checkpoint whose signature was verified: the chain must be at least
/// as long, its event `seq` must have exactly the checkpoint's hash, and no more of it may be
/// unkeyed than then. `Ok(Err(break))` names the first difference; `Err` only when the database
/// fails. Run [`verify`] as well: this looks at the checkpoint's event, not at the whole chain.
pub async fn check<'c, E>(
    db: E,
    key: &AuditKey,
    checkpoint: &Checkpoint,
) -> Result<Result<(), ChainBreak>, StoreError>
where
    E: Executor<'c, Database = Any> + Copy,
{
    let signed = format!(
        "the checkpoint signed at {} ({} events, head {})",
        checkpoint.created_at, checkpoint.seq, checkpoint.head_hash
    );
    if checkpoint.chain_key_id != key.id() {
        return Ok(Err(ChainBreak {
            seq: checkpoint.seq,
            event_id: None,
            reason: format!(
                "{signed} was made under chain key {}, but the configured chain key is {}",
                checkpoint.chain_key_id,
                key.id()
            ),
        }));
    }
    let counts = sqlx::query("SELECT COUNT(*) AS n, MAX(seq) AS last FROM audit_events")
        .fetch_one(db)
        .await?;
    let n_events: i64 = counts.try_get("n")?;
    let last_seq: Option<i64> = counts.try_get("last")?;
    let last_seq = last_seq.unwrap_or(0);
    if n_events == 0 && checkpoint.seq > 0 {
        return Ok(Err(ChainBreak {
            seq: 1,
            event_id: None,
            reason: format!("the audit trail is empty, but {signed}: the trail was emptied"),
        }));
    }
    if last_seq < checkpoint.seq {
        return Ok(Err(ChainBreak {
            seq: last_seq + 1,
            event_id: None,
            reason: format!(
                "the chain ends at event {last_seq}, but {signed}: events {} to {} were removed (the chain was truncated and its head rewound)",
                last_seq + 1,
                checkpoint.seq
            ),
        }));
    }
    if checkpoint.seq > 0 {
        match event_at(db, checkpoint.seq).await? {
            None => {
                return Ok(Err(ChainBreak {
                    seq: checkpoint.seq,
                    event_id: None,
                    reason: format!("event {} is missing, but {signed}", checkpoint.seq),
                }))
            }
            Some(event) if event.hash != checkpoint.head_hash => {
                return Ok(Err(ChainBreak {
                    seq: checkpoint.seq,
                    event_id: Some(event.id),
                    reason: format!(
                    "event {} has hash {}, but {signed}: the chain up to event {} was rewritten",
                    checkpoint.seq, event.hash, checkpoint.seq
                ),
                }))
            }
            Some(_) => {}
        }
    }
    let unkeyed: i64 =
        sqlx::query("SELECT COUNT(*) AS n FROM audit_events WHERE key_id IS NULL AND seq <= $1")
            .bind(checkpoint.seq)
            .fetch_one(db)
            .await?
            .try_get("n")?;
    if unkeyed > checkpoint.legacy_events {
        return Ok(Err(ChainBreak {
            seq: checkpoint.seq,
            event_id: None,
            reason: format!(
                "{unkeyed} of the first {} events carry no chain key id, but {signed} when {} did: events were rewritten without the key",
                checkpoint.seq, checkpoint.legacy_events
            ),
        }));
    }
    Ok(Ok(()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_signed_checkpoint_verifies_and_any_change_to_it_does_not() {
        let signing_key = SigningKey::from_bytes(&[7; 32]);
        let checkpoint = Checkpoint::sign(
            5,
            &"ab".repeat(32),
            0,
            "0123456789abcdef",
            &signing_key,
            1_800_000_000_000,
        );
        checkpoint
            .verify_signature(&signing_key.verifying_key())
            .unwrap();
        let mut altered = checkpoint.clone();
        altered.seq = 3;
        assert_eq!(
            altered.verify_signature(&signing_key.verifying_key()),
            Err(CheckpointError::BadSignature)
        );
        let other_key = SigningKey::from_bytes(&[8; 32]);
        assert_eq!(
            checkpoint.verify_signature(&other_key.verifying_key()),
            Err(CheckpointError::BadSignature)
        );
    }
}
