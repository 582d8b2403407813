//! Compare-and-set state changes: of two decisions taken on the same state at once, exactly one
//! wins and the other is told 409 `conflict.stale_state`; nothing is half-written.

use axum::http::StatusCode;
use onramp_core::registry::lifecycle::OrganizationState;
use onramp_core::Role;
use onramp_store::{registry, StoreError};

use crate::registry_support::{applied_and_confirmed, post, staff};
use crate::support::{backends, TestApp};

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn of_two_concurrent_transactions_on_one_state_the_second_finds_it_stale() {
    for backend in backends() {
        let app = TestApp::new(&backend).await;
        let (organization_id, _) =
            applied_and_confirmed(&app, "Race Labs", "race.test", "ada@race.test").await;
        let store = app.state.store.clone();
        let mut first = store.begin().await.unwrap();
        registry::set_state(
            &mut first,
            &organization_id,
            OrganizationState::Applied,
            OrganizationState::UnderReview,
        )
        .await
        .unwrap();
        let second_store = store.clone();
        let second_id = organization_id.clone();
        // The second writer starts while the first holds its change uncommitted (it waits for the
        // row lock on PostgreSQL, for the write lock on SQLite), then finds the state moved.
        let second = tokio::spawn(async move {
            let mut tx = second_store.begin().await.unwrap();
            registry::set_state(
                &mut tx,
                &second_id,
                OrganizationState::Applied,
                OrganizationState::Retired,
            )
            .await
        });
        tokio::time::sleep(std::time::Duration::from_millis(200)).await;
        first.commit().await.unwrap();
        let lost = second.await.unwrap();
        assert!(
            matches!(lost, Err(StoreError::StaleState(_))),
            "{backend:?}: {lost:?}"
        );
        let profile = registry::find(store.pool(), &organization_id)
            .await
            .unwrap();
        assert_eq!(profile.state, OrganizationState::UnderReview);
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn two_reviewers_deciding_at_once_one_wins_and_the_other_gets_409() {
    for backend in backends() {
        let app = TestApp::new(&backend).await;
        let first_reviewer = staff(&app, Role::ProgramAdmin).await;
        let second_reviewer = staff(&app, Role::OnboardingCoordinator).await;
        for round in 0..6 {
            let (organization_id, _) = applied_and_confirmed(
                &app,
                &format!("Contested {round}"),
                &format!("contested{round}.test"),
                &format!("ada@contested{round}.test"),
            )
            .await;
            let evidence = post(
                &mut first_reviewer.clone(),
                &format!("/api/v1/organizations/{organization_id}/evidence"),
                serde_json::json!({"kind": "identifier", "system": "NPI", "value": "1234567893", "passed": true}),
            )
            .await;
            assert_eq!(evidence.status, StatusCode::CREATED, "{}", evidence.body);
            // Approving and rejecting exclude each other: after either, the other is refused.
            let path = format!("/api/v1/organizations/{organization_id}/transitions");
            let (mut a, mut b) = (first_reviewer.clone(), second_reviewer.clone());
            let (path_a, path_b) = (path.clone(), path.clone());
            let approve = tokio::spawn(async move {
                post(
                    &mut a,
                    &path_a,
                    serde_json::json!({"action": "approve", "reason": "verified"}),
                )
                .await
            });
            let reject = tokio::spawn(async move {
                post(
                    &mut b,
                    &path_b,
                    serde_json::json!({"action": "reject", "reason": "duplicate"}),
                )
                .await
            });
            let outcomes = [approve.await.unwrap(), reject.await.unwrap()];
            let n_won = outcomes
                .iter()
                .filter(|response| response.status == StatusCode::CREATED)
                .count();
            assert_eq!(n_won, 1, "{backend:?} round {round}: {outcomes:?}");
            let lost = outcomes
                .iter()
                .find(|response| response.status != StatusCode::CREATED)
                .unwrap();
            assert_eq!(lost.status, StatusCode::CONFLICT, "{}", lost.body);
            let transitions: i64 = sqlx::query_scalar(
                "SELECT COUNT(*) FROM organization_transitions WHERE organization_id = $1",
            )
            .bind(&organization_id)
            .fetch_one(app.state.store.pool())
            .await
            .unwrap();
            assert_eq!(transitions, 1, "{backend:?} round {round}");
        }
    }
}
