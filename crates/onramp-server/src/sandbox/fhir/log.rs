//! Writing the message log of exchanges that changed nothing (reads, searches, refusals) with a
//! group commit: each request hands its entry to one writer task and waits until the transaction
//! holding it has committed, so the answer still leaves only once its evidence is stored; under
//! load, the entries that arrived meanwhile share that transaction — one commit, not one per
//! read. Exchanges that wrote keep their entry in their own transaction (`respond::finish`).

use onramp_store::sandbox::messages::{self, Message};
use onramp_store::{Store, StoreError};
use tokio::sync::{mpsc, oneshot};

/// The most entries one transaction takes.
const BATCH: usize = 256;

type Entry = (Message, oneshot::Sender<Result<(), String>>);

/// The writer: a channel to its task, started on first use in the runtime that serves requests.
#[derive(Debug, Default)]
pub struct MessageLog {
    sender: std::sync::OnceLock<mpsc::Sender<Entry>>,
}

impl MessageLog {
    /// Stores `message`, returning once its transaction committed. Should the writer be gone (its
    /// runtime ended), the entry is written on its own.
    pub async fn write(&self, store: &Store, message: Message) -> Result<(), StoreError> {
        let Ok(runtime) = tokio::runtime::Handle::try_current() else {
            return write_alone(store, &message).await;
        };
        let sender = self.sender.get_or_init(|| {
            let (sender, receiver) = mpsc::channel(BATCH * 4);
            runtime.spawn(run(store.clone(), receiver));
            sender
        });
        let (ack, done) = oneshot::channel();
        match sender.send((message, ack)).await {
            Ok(()) => match done.await {
                Ok(Ok(())) => Ok(()),
                Ok(Err(error)) => Err(StoreError::Unavailable(error)),
                Err(_) => Err(StoreError::Unavailable(
                    "the message log writer stopped".to_owned(),
                )),
            },
            Err(mpsc::error::SendError((message, _))) => write_alone(store, &message).await,
        }
    }
}

async fn write_alone(store: &Store, message: &Message) -> Result<(), StoreError> {
    let mut tx = store.begin().await?;
    messages::insert(&mut tx, message).await?;
    tx.commit().await
}

async fn run(store: Store, mut receiver: mpsc::Receiver<Entry>) {
    while let Some(first) = receiver.recv().await {
        let mut batch = vec![first];
        while batch.len() < BATCH {
            match receiver.try_recv() {
                Ok(entry) => batch.push(entry),
                Err(_) => break,
            }
        }
        let written = async {
            let mut tx = store.begin().await?;
            for (message, _) in &batch {
                messages::insert(&mut tx, message).await?;
            }
            tx.commit().await
        }
        .await
        .map_err(|error| error.to_string());
        if let Err(error) = &written {
            tracing::error!(%error, entries = batch.len(), "writing sandbox messages");
        }
        for (_, ack) in batch {
            let _ = ack.send(written.clone());
        }
    }
}
