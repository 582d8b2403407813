//! The audit chain detects an edited, removed or reordered event, and a shortened chain; keyed
//! with a chain key that is not in the database and anchored by signed checkpoints, it also
//! detects a chain recomputed without the key, a truncation with a rewound head and an emptied
//! trail — each attack done here as someone with only database access would do it.

use onramp_store::platform::audit::checkpoint::{self, Checkpoint};
use onramp_store::platform::audit::{
    self, AuditContext, AuditEvent, AuditKey, ChainSummary, Change,
};
use onramp_store::Store;
use sqlx::{Executor, Row};

use crate::support::stores;

async fn append_events(store: &Store, n: usize) {
    for index in 0..n {
        let mut tx = store.begin().await.unwrap();
        audit::append(
            &mut tx,
            &AuditContext::cli(),
            Change {
                action: "test.happened",
                entity_type: "thing",
                entity_id: &format!("thing-{index}"),
                organization_id: None,
                summary: format!("event number {index}"),
            },
        )
        .await
        .unwrap();
        tx.commit().await.unwrap();
    }
}

async fn verify(store: &Store) -> Result<ChainSummary, audit::ChainBreak> {
    audit::verify(store.pool(), store.audit_key().unwrap())
        .await
        .unwrap()
}

async fn first_break(store: &Store) -> Option<(i64, String)> {
    audit::verify(store.pool(), store.audit_key().unwrap())
        .await
        .unwrap()
        .err()
        .map(|chain_break| (chain_break.seq, chain_break.reason))
}

#[tokio::test]
async fn an_untouched_chain_verifies() {
    for (store, _dir) in stores().await {
        append_events(&store, 5).await;
        let summary = verify(&store).await.unwrap();
        assert_eq!(summary.n_events, 5);
        assert_eq!(summary.head_hash.len(), 64);
    }
}

#[tokio::test]
async fn an_edited_event_is_named() {
    for (store, _dir) in stores().await {
        append_events(&store, 5).await;
        store
            .pool()
            .execute("UPDATE audit_events SET summary = 'nothing to see' WHERE seq = 3")
            .await
            .unwrap();
        let (seq, reason) = first_break(&store).await.unwrap();
        assert_eq!(seq, 3);
        assert!(reason.contains("changed after it was written"), "{reason}");
    }
}

#[tokio::test]
async fn a_removed_event_is_named() {
    for (store, _dir) in stores().await {
        append_events(&store, 5).await;
        store
            .pool()
            .execute("DELETE FROM audit_events WHERE seq = 2")
            .await
            .unwrap();
        let (seq, reason) = first_break(&store).await.unwrap();
        assert_eq!(seq, 2);
        assert!(reason.contains("missing"), "{reason}");
    }
}

#[tokio::test]
async fn a_removed_event_renumbered_to_hide_the_gap_is_caught() {
    for (store, _dir) in stores().await {
        append_events(&store, 5).await;
        store
            .pool()
            .execute("DELETE FROM audit_events WHERE seq = 2")
            .await
            .unwrap();
        for seq in 3..=5 {
            store
                .pool()
                .execute(
                    format!(
                        "UPDATE audit_events SET seq = {} WHERE seq = {seq}",
                        seq - 1
                    )
                    .as_str(),
                )
                .await
                .unwrap();
        }
        let (seq, reason) = first_break(&store).await.unwrap();
        assert_eq!(seq, 2);
        assert!(reason.contains("does not link"), "{reason}");
    }
}

#[tokio::test]
async fn reordered_events_are_caught() {
    for (store, _dir) in stores().await {
        append_events(&store, 5).await;
        // Swap events 2 and 4 by renumbering through a free number.
        for statement in [
            "UPDATE audit_events SET seq = 100 WHERE seq = 2",
            "UPDATE audit_events SET seq = 2 WHERE seq = 4",
            "UPDATE audit_events SET seq = 4 WHERE seq = 100",
        ] {
            store.pool().execute(statement).await.unwrap();
        }
        let (seq, _) = first_break(&store).await.unwrap();
        assert_eq!(seq, 2);
    }
}

#[tokio::test]
async fn events_removed_from_the_end_are_caught_by_the_head() {
    for (store, _dir) in stores().await {
        append_events(&store, 5).await;
        store
            .pool()
            .execute("DELETE FROM audit_events WHERE seq >= 4")
            .await
            .unwrap();
        let (seq, reason) = first_break(&store).await.unwrap();
        assert_eq!(seq, 4);
        assert!(reason.contains("head"), "{reason}");
    }
}

#[tokio::test]
async fn concurrent_appends_keep_one_unbroken_chain() {
    for (store, _dir) in stores().await {
        let mut tasks = Vec::new();
        for _ in 0..4 {
            let store = store.clone();
            tasks.push(tokio::spawn(async move { append_events(&store, 10).await }));
        }
        for task in tasks {
            task.await.unwrap();
        }
        let summary = verify(&store).await.unwrap();
        assert_eq!(summary.n_events, 40);
    }
}

#[tokio::test]
async fn a_rolled_back_transaction_leaves_no_event() {
    for (store, _dir) in stores().await {
        append_events(&store, 1).await;
        let mut tx = store.begin().await.unwrap();
        audit::append(
            &mut tx,
            &AuditContext::cli(),
            Change {
                action: "test.abandoned",
                entity_type: "thing",
                entity_id: "x",
                organization_id: None,
                summary: "never committed".to_owned(),
            },
        )
        .await
        .unwrap();
        drop(tx);
        let summary = verify(&store).await.unwrap();
        assert_eq!(summary.n_events, 1);
    }
}

// ---- The anchored chain: what someone with database access (and not the keys) can try. ----

async fn take_checkpoint(store: &Store) -> Checkpoint {
    let checkpoint = checkpoint::take(store, &onramp_store::testing::signing_key())
        .await
        .unwrap()
        .unwrap();
    checkpoint
        .verify_signature(&onramp_store::testing::signing_key().verifying_key())
        .unwrap();
    checkpoint
}

async fn check_against(store: &Store, checkpoint: &Checkpoint) -> Result<(), audit::ChainBreak> {
    checkpoint::check(store.pool(), store.audit_key().unwrap(), checkpoint)
        .await
        .unwrap()
}

async fn all_events(store: &Store) -> Vec<AuditEvent> {
    let mut events = Vec::new();
    audit::for_each_in_order(store.pool(), |event| {
        events.push(event);
        Ok(())
    })
    .await
    .unwrap();
    events
}

/// Stores `event`'s hash, previous hash and key id as they are in memory.
async fn overwrite(store: &Store, event: &AuditEvent) {
    sqlx::query("UPDATE audit_events SET summary = $1, prev_hash = $2, hash = $3, key_id = $4 WHERE seq = $5")
        .bind(&event.summary)
        .bind(&event.prev_hash)
        .bind(&event.hash)
        .bind(&event.key_id)
        .bind(event.seq)
        .execute(store.pool())
        .await
        .unwrap();
}

async fn set_head(store: &Store, seq: i64, hash: &str) {
    sqlx::query("UPDATE audit_head SET seq = $1, hash = $2 WHERE id = 1")
        .bind(seq)
        .bind(hash)
        .execute(store.pool())
        .await
        .unwrap();
}

/// The attacker's rewrite: edits event `edited`'s summary, then recomputes every hash from there to
/// the end with `rehash` (which may also change the key id) and moves the head along.
async fn rewrite_chain(store: &Store, edited: i64, rehash: impl Fn(&mut AuditEvent)) {
    let mut prev_hash = None::<String>;
    let mut last = (0, String::new());
    for mut event in all_events(store).await {
        if event.seq == edited {
            event.summary = "nothing to see here".to_owned();
        }
        if event.seq >= edited {
            if let Some(prev_hash) = &prev_hash {
                event.prev_hash = prev_hash.clone();
            }
            rehash(&mut event);
            overwrite(store, &event).await;
        }
        prev_hash = Some(event.hash.clone());
        last = (event.seq, event.hash.clone());
    }
    set_head(store, last.0, &last.1).await;
}

#[tokio::test]
async fn an_untouched_chain_matches_its_checkpoint() {
    for (store, _dir) in stores().await {
        append_events(&store, 3).await;
        let checkpoint = take_checkpoint(&store).await;
        assert_eq!(checkpoint.seq, 3);
        assert_eq!(checkpoint.chain_key_id, store.audit_key().unwrap().id());
        append_events(&store, 2).await;
        check_against(&store, &checkpoint).await.unwrap();
        let events = all_events(&store).await;
        assert!(events
            .iter()
            .all(|event| event.key_id.as_deref() == Some(store.audit_key().unwrap().id())));
    }
}

#[tokio::test]
async fn truncation_with_a_rewound_head_is_caught_by_the_checkpoint() {
    for (store, _dir) in stores().await {
        append_events(&store, 5).await;
        let checkpoint = take_checkpoint(&store).await;
        // The attack: remove events 4 and 5 and rewind the head to event 3.
        let event_3 = audit::event_at(store.pool(), 3).await.unwrap().unwrap();
        store
            .pool()
            .execute("DELETE FROM audit_events WHERE seq >= 4")
            .await
            .unwrap();
        set_head(&store, 3, &event_3.hash).await;
        // What is left is a valid chain…
        assert_eq!(verify(&store).await.unwrap().n_events, 3);
        // …that is shorter than the checkpoint says it was.
        let chain_break = check_against(&store, &checkpoint).await.unwrap_err();
        assert_eq!(chain_break.seq, 4);
        assert!(
            chain_break.reason.contains("events 4 to 5 were removed"),
            "{}",
            chain_break.reason
        );
        // Appending new events over the gap does not hide it either.
        append_events(&store, 2).await;
        let chain_break = check_against(&store, &checkpoint).await.unwrap_err();
        assert!(
            chain_break.reason.contains("was rewritten"),
            "{}",
            chain_break.reason
        );
    }
}

#[tokio::test]
async fn a_chain_recomputed_without_the_key_is_caught() {
    for (store, _dir) in stores().await {
        append_events(&store, 5).await;
        let checkpoint = take_checkpoint(&store).await;
        // The attack the old chain allowed: edit event 3, recompute every later hash with plain
        // SHA-256, move the head.
        rewrite_chain(&store, 3, |event| event.hash = event.legacy_hash()).await;
        let chain_break = verify(&store).await.unwrap_err();
        assert_eq!(chain_break.seq, 3);
        assert!(
            chain_break.reason.contains("recomputed without the key"),
            "{}",
            chain_break.reason
        );
        assert!(check_against(&store, &checkpoint).await.is_err());
    }
}

#[tokio::test]
async fn a_chain_recomputed_with_another_key_is_caught() {
    for (store, _dir) in stores().await {
        append_events(&store, 5).await;
        let checkpoint = take_checkpoint(&store).await;
        let guessed_key = AuditKey::from_array([0x01; 32]);
        // With another key, keeping the key ids as they were…
        rewrite_chain(&store, 2, |event| {
            event.hash = event.keyed_hash(&guessed_key)
        })
        .await;
        let chain_break = verify(&store).await.unwrap_err();
        assert_eq!(chain_break.seq, 2);
        assert!(chain_break.reason.contains("changed after it was written"));
        // …or recording the other key's id.
        rewrite_chain(&store, 2, |event| {
            event.key_id = Some(guessed_key.id().to_owned());
            event.hash = event.keyed_hash(&guessed_key);
        })
        .await;
        let chain_break = verify(&store).await.unwrap_err();
        assert_eq!(chain_break.seq, 2);
        assert!(
            chain_break
                .reason
                .contains(&format!("chained with key {}", guessed_key.id())),
            "{}",
            chain_break.reason
        );
        let chain_break = check_against(&store, &checkpoint).await.unwrap_err();
        assert!(
            chain_break.reason.contains("event 5 has hash"),
            "{}",
            chain_break.reason
        );
    }
}

#[tokio::test]
async fn a_chain_downgraded_to_unkeyed_events_is_caught_by_the_checkpoint() {
    for (store, _dir) in stores().await {
        append_events(&store, 4).await;
        let checkpoint = take_checkpoint(&store).await;
        // The whole chain rewritten as if it predated the key: no key ids, plain SHA-256.
        rewrite_chain(&store, 1, |event| {
            event.key_id = None;
            event.hash = event.legacy_hash();
        })
        .await;
        // Alone it passes for a trail from before the key…
        assert_eq!(verify(&store).await.unwrap().legacy_events, 4);
        // …but not against a checkpoint.
        let chain_break = check_against(&store, &checkpoint).await.unwrap_err();
        assert!(
            chain_break.reason.contains("was rewritten"),
            "{}",
            chain_break.reason
        );
    }
}

#[tokio::test]
async fn an_emptied_trail_is_caught_by_the_checkpoint() {
    for (store, _dir) in stores().await {
        append_events(&store, 3).await;
        let checkpoint = take_checkpoint(&store).await;
        store
            .pool()
            .execute("DELETE FROM audit_events")
            .await
            .unwrap();
        set_head(&store, 0, audit::GENESIS_HASH).await;
        assert_eq!(verify(&store).await.unwrap().n_events, 0);
        let chain_break = check_against(&store, &checkpoint).await.unwrap_err();
        assert!(
            chain_break.reason.contains("the trail was emptied"),
            "{}",
            chain_break.reason
        );
    }
}

#[tokio::test]
async fn a_checkpoint_of_another_chain_key_is_refused() {
    for (store, _dir) in stores().await {
        append_events(&store, 2).await;
        let mut checkpoint = take_checkpoint(&store).await;
        checkpoint.chain_key_id = AuditKey::from_array([0x02; 32]).id().to_owned();
        let chain_break = check_against(&store, &checkpoint).await.unwrap_err();
        assert!(
            chain_break.reason.contains("chain key"),
            "{}",
            chain_break.reason
        );
    }
}

#[tokio::test]
async fn a_store_without_a_chain_key_refuses_to_append() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::connect(&onramp_store::StoreOptions {
        url: format!("sqlite://{}?mode=rwc", dir.path().join("test.db").display()),
        max_connections: 1,
    })
    .await
    .unwrap();
    store.migrate().await.unwrap();
    let mut tx = store.begin().await.unwrap();
    let result = audit::append(
        &mut tx,
        &AuditContext::cli(),
        Change {
            action: "test.happened",
            entity_type: "thing",
            entity_id: "x",
            organization_id: None,
            summary: "no key".to_owned(),
        },
    )
    .await;
    assert!(matches!(
        result,
        Err(onramp_store::StoreError::AuditKeyMissing)
    ));
}

/// Writes an event the way Onramp did before the chain was keyed: no key id, plain SHA-256.
async fn append_legacy_event(store: &Store, index: usize) {
    let head = sqlx::query("SELECT seq, hash FROM audit_head WHERE id = 1")
        .fetch_one(store.pool())
        .await
        .unwrap();
    let mut event = AuditEvent {
        seq: head.get::<i64, _>("seq") + 1,
        id: format!("legacy-{index}"),
        at: onramp_store::platform::clock::Clock::now_ms(
            &onramp_store::platform::clock::SystemClock,
        ),
        actor_id: None,
        actor_label: "cli".to_owned(),
        action: "test.legacy".to_owned(),
        entity_type: "thing".to_owned(),
        entity_id: format!("thing-{index}"),
        organization_id: None,
        summary: format!("legacy event {index}"),
        request_id: None,
        client_addr: None,
        key_id: None,
        prev_hash: head.get("hash"),
        hash: String::new(),
    };
    event.hash = event.legacy_hash();
    sqlx::query(
        "INSERT INTO audit_events (seq, id, at, actor_label, action, entity_type, entity_id, \
         summary, prev_hash, hash) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
    )
    .bind(event.seq)
    .bind(&event.id)
    .bind(event.at)
    .bind(&event.actor_label)
    .bind(&event.action)
    .bind(&event.entity_type)
    .bind(&event.entity_id)
    .bind(&event.summary)
    .bind(&event.prev_hash)
    .bind(&event.hash)
    .execute(store.pool())
    .await
    .unwrap();
    set_head(store, event.seq, &event.hash).await;
}

#[tokio::test]
async fn a_trail_from_before_the_key_continues_under_it() {
    for (store, _dir) in stores().await {
        // An upgraded deployment: three events from before the key, then keyed ones.
        for index in 0..3 {
            append_legacy_event(&store, index).await;
        }
        append_events(&store, 2).await;
        let summary = verify(&store).await.unwrap();
        assert_eq!((summary.n_events, summary.legacy_events), (5, 3));
        let checkpoint = take_checkpoint(&store).await;
        assert_eq!(checkpoint.legacy_events, 3);
        check_against(&store, &checkpoint).await.unwrap();

        // The unkeyed prefix is sealed by the first keyed event: rewriting it (with plain SHA-256,
        // all an attacker can do) breaks the link into event 4, whose HMAC covers event 3's hash.
        let mut event_2 = audit::event_at(store.pool(), 2).await.unwrap().unwrap();
        event_2.summary = "rewritten".to_owned();
        event_2.hash = event_2.legacy_hash();
        overwrite(&store, &event_2).await;
        let mut event_3 = audit::event_at(store.pool(), 3).await.unwrap().unwrap();
        event_3.prev_hash = event_2.hash.clone();
        event_3.hash = event_3.legacy_hash();
        overwrite(&store, &event_3).await;
        let mut event_4 = audit::event_at(store.pool(), 4).await.unwrap().unwrap();
        event_4.prev_hash = event_3.hash.clone();
        overwrite(&store, &event_4).await;
        let chain_break = verify(&store).await.unwrap_err();
        assert_eq!(chain_break.seq, 4);
        assert!(chain_break.reason.contains("changed after it was written"));
    }
}

#[tokio::test]
async fn an_unkeyed_event_after_keyed_ones_is_a_break() {
    for (store, _dir) in stores().await {
        append_events(&store, 2).await;
        append_legacy_event(&store, 9).await;
        let chain_break = verify(&store).await.unwrap_err();
        assert_eq!(chain_break.seq, 3);
        assert!(
            chain_break.reason.contains("no chain key id"),
            "{}",
            chain_break.reason
        );
    }
}
