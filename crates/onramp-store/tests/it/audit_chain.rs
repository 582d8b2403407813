//! The audit chain detects an edited, removed or reordered event, and a shortened chain.

use onramp_store::audit::{self, AuditContext, Change};
use onramp_store::Store;
use sqlx::Executor;

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

async fn first_break(store: &Store) -> Option<(i64, String)> {
    audit::verify(store.pool())
        .await
        .unwrap()
        .err()
        .map(|chain_break| (chain_break.seq, chain_break.reason))
}

#[tokio::test]
async fn an_untouched_chain_verifies() {
    for (store, _dir) in stores().await {
        append_events(&store, 5).await;
        let summary = audit::verify(store.pool()).await.unwrap().unwrap();
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
        let summary = audit::verify(store.pool()).await.unwrap().unwrap();
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
        let summary = audit::verify(store.pool()).await.unwrap().unwrap();
        assert_eq!(summary.n_events, 1);
    }
}
