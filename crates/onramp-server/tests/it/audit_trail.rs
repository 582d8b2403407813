//! The audit trail as people see it: the program admin's page and API, with filters and paging;
//! and the signed checkpoints the server writes of it.

use axum::http::StatusCode;
use onramp_core::Role;

use crate::support::{backends, TestApp};

#[tokio::test]
async fn program_admins_filter_and_page_the_audit_trail() {
    for backend in backends() {
        let app = TestApp::new(&backend).await;
        let (admin, mut client) = app.signed_in(Role::ProgramAdmin).await;
        let (partner, _) = app.signed_in(Role::PartnerMember).await;

        let page = client.get("/admin/audit").await;
        assert_eq!(page.status, StatusCode::OK);
        assert!(page.body.contains("session.created"));
        assert!(page.body.contains("user.created"));

        let by_actor = client
            .get(&format!("/api/v1/audit-events?actor={}", partner.email))
            .await
            .json();
        let events = by_actor["events"].as_array().unwrap();
        assert!(!events.is_empty());
        assert!(events.iter().all(|event| event["actor"] == partner.email));

        let by_organization = client
            .get(&format!(
                "/api/v1/audit-events?organization_id={}",
                partner.organization_id.clone().unwrap()
            ))
            .await
            .json();
        assert!(by_organization["events"]
            .as_array()
            .unwrap()
            .iter()
            .all(|event| event["organization_id"] == partner.organization_id.clone().unwrap()));

        let by_entity = client
            .get(&format!(
                "/api/v1/audit-events?entity_type=user&entity_id={}",
                admin.id
            ))
            .await
            .json();
        assert!(by_entity["total"].as_i64().unwrap() >= 2);

        let today = jiff::Timestamp::now().strftime("%Y-%m-%d").to_string();
        let dated = client
            .get(&format!("/api/v1/audit-events?from={today}&until={today}"))
            .await
            .json();
        let everything = client.get("/api/v1/audit-events").await.json();
        assert_eq!(dated["total"], everything["total"]);
        let future = client
            .get("/api/v1/audit-events?from=2999-01-01")
            .await
            .json();
        assert_eq!(future["total"], 0);

        let paged = client
            .get("/api/v1/audit-events?per_page=2&page=2")
            .await
            .json();
        assert_eq!(paged["events"].as_array().unwrap().len(), 2);
        assert_eq!(paged["events"][0]["seq"], everything["events"][2]["seq"]);

        let bad = client.get("/api/v1/audit-events?from=yesterday").await;
        assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
        let bad_page = client.get("/admin/audit?from=yesterday").await;
        assert_eq!(bad_page.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(bad_page.body.contains("a date looks like"));
    }
}

#[tokio::test]
async fn serve_signs_an_audit_checkpoint_at_start_that_the_public_key_verifies() {
    use onramp_server::platform::audit::keys as audit_keys;
    use onramp_store::platform::audit::checkpoint::{self, Checkpoint};

    for backend in backends() {
        let app =
            TestApp::with_config(&backend, |config| config.audit_checkpoint_minutes = 1).await;
        app.user("ada@example.org", Role::SupportAgent, None).await;
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
        let server = tokio::spawn(onramp_server::serve(app.state.clone(), listener, async {
            let _ = stopped.await;
        }));
        let dir = app.state.config.audit_checkpoint_dir.clone();
        let mut files = Vec::new();
        for _ in 0..100 {
            files = std::fs::read_dir(&dir)
                .map(|entries| {
                    entries
                        .filter_map(Result::ok)
                        .map(|entry| entry.path())
                        .filter(|path| path.extension().is_some_and(|ext| ext == "json"))
                        .collect()
                })
                .unwrap_or_default();
            if !files.is_empty() {
                break;
            }
            tokio::time::sleep(std::time::Duration::from_millis(100)).await;
        }
        assert_eq!(files.len(), 1, "{files:?}");
        let written: Checkpoint =
            serde_json::from_str(&std::fs::read_to_string(&files[0]).unwrap()).unwrap();
        assert_eq!(written.seq, 1);
        assert!(files[0].to_string_lossy().ends_with("-000001.json"));
        let public_key = audit_keys::read_public_key(&audit_keys::public_key_path(
            &app.state.config.audit_signing_key_file,
        ))
        .unwrap();
        written.verify_signature(&public_key).unwrap();
        let store = &app.state.store;
        checkpoint::check(store.pool(), store.audit_key().unwrap(), &written)
            .await
            .unwrap()
            .unwrap();
        let _ = stop.send(());
        server.await.unwrap().unwrap();
    }
}

#[tokio::test]
async fn a_broken_chain_is_never_signed() {
    use onramp_server::platform::audit::checkpoint::{write_checkpoint, CheckpointWriteError};
    use sqlx::Executor;

    for backend in backends() {
        let app = TestApp::new(&backend).await;
        app.user("ada@example.org", Role::SupportAgent, None).await;
        app.state
            .store
            .pool()
            .execute("UPDATE audit_events SET summary = 'nothing to see' WHERE seq = 1")
            .await
            .unwrap();
        let dir = app.dir.path().join("checkpoints");
        let result = write_checkpoint(&app.state.store, &app.state.audit_signing_key, &dir).await;
        assert!(
            matches!(result, Err(CheckpointWriteError::Broken(ref chain_break)) if chain_break.seq == 1),
            "{result:?}"
        );
        assert!(!dir.exists());
    }
}
