//! The webhook and outbox tables on both engines: a subscription is found only within its scope,
//! an event reaches program-wide subscriptions and its own organization's only, a rotated secret
//! keeps the previous one for its grace period, a delivery is added once, and a sent mail's body
//! is erased.

use onramp_store::platform::outbox::{self, NewMail};
use onramp_store::platform::webhooks::{self, AttemptOutcome, NewSubscription, Scope};
use onramp_store::StoreError;

use crate::support::stores;

const T0: i64 = 1_800_000_000_000;

#[tokio::test]
async fn subscriptions_are_scoped_matched_rotated_and_delivered_once() {
    for (store, _dir) in stores().await {
        let alpha = Scope::Organization("org-alpha".to_owned());
        let beta = Scope::Organization("org-beta".to_owned());
        let types = vec!["member.invited".to_owned(), "webhook.test".to_owned()];
        let mut tx = store.begin().await.unwrap();
        let mut ids = Vec::new();
        for scope in [&Scope::Program, &alpha, &beta] {
            let subscription = webhooks::insert(
                &mut tx,
                &NewSubscription {
                    scope,
                    url: "https://hooks.example.org/x",
                    event_types: &types,
                    secret: "whsec_one",
                    created_by: "user-1",
                },
                T0,
            )
            .await
            .unwrap();
            ids.push(subscription.id);
        }
        tx.commit().await.unwrap();
        let (program_id, alpha_id) = (&ids[0], &ids[1]);

        // Scope: alpha's id is not found from beta's scope nor from the program's.
        assert!(webhooks::find(store.pool(), &alpha, alpha_id).await.is_ok());
        for scope in [&beta, &Scope::Program] {
            assert!(matches!(
                webhooks::find(store.pool(), scope, alpha_id).await,
                Err(StoreError::NotFound)
            ));
        }
        assert_eq!(webhooks::list(store.pool(), &beta).await.unwrap().len(), 1);

        // Matching: alpha's event reaches the program's and alpha's; a program event only the
        // program's; an unsubscribed type none.
        let reached = webhooks::matching(store.pool(), "member.invited", Some("org-alpha"))
            .await
            .unwrap();
        let mut reached: Vec<_> = reached.iter().map(|s| s.id.as_str()).collect();
        reached.sort_unstable();
        let mut expected = vec![program_id.as_str(), alpha_id.as_str()];
        expected.sort_unstable();
        assert_eq!(reached, expected);
        let reached = webhooks::matching(store.pool(), "member.invited", None)
            .await
            .unwrap();
        assert_eq!(reached.len(), 1);
        assert!(
            webhooks::matching(store.pool(), "agreement.signed", Some("org-alpha"))
                .await
                .unwrap()
                .is_empty()
        );

        // Rotation from another scope is not found; from its own, the old secret signs until
        // the grace period ends.
        let mut tx = store.begin().await.unwrap();
        assert!(matches!(
            webhooks::rotate_secret(&mut tx, &beta, alpha_id, "whsec_two", T0 + 1_000, T0).await,
            Err(StoreError::NotFound)
        ));
        let rotated =
            webhooks::rotate_secret(&mut tx, &alpha, alpha_id, "whsec_two", T0 + 1_000, T0)
                .await
                .unwrap();
        tx.commit().await.unwrap();
        assert_eq!(rotated.signing_secrets(T0), vec!["whsec_two", "whsec_one"]);
        assert_eq!(rotated.signing_secrets(T0 + 1_000), vec!["whsec_two"]);

        // A delivery is added once; attempts are logged and counted.
        let mut tx = store.begin().await.unwrap();
        assert!(
            webhooks::insert_delivery(&mut tx, alpha_id, "event-1", "webhook.test", T0)
                .await
                .unwrap()
        );
        assert!(
            !webhooks::insert_delivery(&mut tx, alpha_id, "event-1", "webhook.test", T0)
                .await
                .unwrap()
        );
        for (attempt, code, status) in [(1, 500, "pending"), (2, 200, "delivered")] {
            webhooks::record_attempt(
                &mut tx,
                alpha_id,
                "event-1",
                &AttemptOutcome {
                    attempt,
                    response_code: Some(code),
                    duration_ms: 3,
                    error: (code != 200).then_some("the receiver answered 500"),
                    status,
                },
                T0 + attempt,
            )
            .await
            .unwrap();
        }
        tx.commit().await.unwrap();
        let delivery = webhooks::find_delivery(store.pool(), alpha_id, "event-1")
            .await
            .unwrap();
        assert_eq!(delivery.status, "delivered");
        assert_eq!(delivery.attempts, 2);
        assert_eq!(delivery.delivered_at, Some(T0 + 2));
        let attempts = webhooks::attempts(store.pool(), alpha_id, "event-1")
            .await
            .unwrap();
        assert_eq!(
            attempts.iter().map(|a| a.response_code).collect::<Vec<_>>(),
            vec![Some(500), Some(200)]
        );

        // Deleting from another scope is not found; from its own, the log goes with it.
        let mut tx = store.begin().await.unwrap();
        assert!(matches!(
            webhooks::delete(&mut tx, &beta, alpha_id).await,
            Err(StoreError::NotFound)
        ));
        webhooks::delete(&mut tx, &alpha, alpha_id).await.unwrap();
        tx.commit().await.unwrap();
        assert!(webhooks::attempts(store.pool(), alpha_id, "event-1")
            .await
            .unwrap()
            .is_empty());
    }
}

#[tokio::test]
async fn a_sent_mail_loses_its_body_and_is_marked_sent_once() {
    for (store, _dir) in stores().await {
        let mut tx = store.begin().await.unwrap();
        let mail_id = outbox::insert_mail(
            &mut tx,
            &NewMail {
                event_id: None,
                family: "account",
                recipient: "ada@example.org",
                subject: "Reset your Onramp password",
                body: "open https://onramp.test/password/reset?token=secret",
            },
            T0,
        )
        .await
        .unwrap();
        // An address that is no user's wants every family.
        assert!(outbox::wants_mail(&mut tx, "ada@example.org", "registry")
            .await
            .unwrap());
        tx.commit().await.unwrap();
        let mut tx = store.begin().await.unwrap();
        assert!(outbox::mark_mail_sent(&mut tx, &mail_id, T0 + 5)
            .await
            .unwrap());
        assert!(!outbox::mark_mail_sent(&mut tx, &mail_id, T0 + 6)
            .await
            .unwrap());
        tx.commit().await.unwrap();
        let mail = outbox::find_mail(store.pool(), &mail_id).await.unwrap();
        assert_eq!(mail.sent_at, Some(T0 + 5));
        assert_eq!(mail.body, "");
    }
}
