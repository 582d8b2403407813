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
        // The built-in tracks stored at start, and the user.
        let events = app.audit_actions().await.len() as i64;
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
        assert_eq!(written.seq, events);
        assert!(files[0]
            .to_string_lossy()
            .ends_with(&format!("-{events:06}.json")));
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

/// The `href` of the first link on `page` to `path`, unescaped.
fn link_to(page: &str, path: &str) -> String {
    let start = page
        .find(&format!("href=\"{path}"))
        .unwrap_or_else(|| panic!("no link to {path}"))
        + "href=\"".len();
    let end = page[start..].find('"').unwrap() + start;
    page[start..end].replace("&amp;", "&")
}

#[tokio::test]
async fn the_audit_trail_downloads_with_the_page_filters_as_csv_and_fhir_ndjson() {
    for backend in backends() {
        let app = TestApp::new(&backend).await;
        let (_, mut client) = app.signed_in(Role::ProgramAdmin).await;
        let acme = app
            .user("admin@acme.test", Role::PartnerAdmin, Some("Acme Clinic"))
            .await;
        app.user("dev@acme.test", Role::PartnerDeveloper, Some("Acme Clinic"))
            .await;
        app.user("admin@beta.test", Role::PartnerAdmin, Some("Beta Labs"))
            .await;
        let acme_id = acme.organization_id.clone().unwrap();
        // More events than one read of an export takes, so the download spans several.
        let mut tx = app.state.store.begin().await.unwrap();
        for n in 0..1_234 {
            onramp_store::platform::audit::append(
                &mut tx,
                &onramp_store::platform::audit::AuditContext::system(),
                onramp_store::platform::audit::Change {
                    action: "probe.recorded",
                    entity_type: "probe",
                    entity_id: &format!("probe-{n}"),
                    organization_id: None,
                    summary: format!("=probe {n}, \"quoted\""),
                },
            )
            .await
            .unwrap();
        }
        tx.commit().await.unwrap();

        for (filters, n_expected) in [
            (
                format!("entity_type=user&organization_id={acme_id}"),
                Some(2),
            ),
            ("entity_type=probe".to_owned(), Some(1_234)),
            (String::new(), None),
        ] {
            let expected = client
                .get(&format!("/api/v1/audit-events?{filters}&per_page=200"))
                .await
                .json();
            let total = expected["total"].as_i64().unwrap() as usize;
            if let Some(n_expected) = n_expected {
                assert_eq!(total, n_expected, "{filters}");
            }
            let page = client.get(&format!("/admin/audit?{filters}")).await;
            assert_eq!(page.status, StatusCode::OK);
            let csv_link = link_to(&page.body, "/admin/audit.csv");
            let ndjson_link = link_to(&page.body, "/admin/audit.ndjson");
            for filter in filters.split('&').filter(|filter| !filter.is_empty()) {
                assert!(csv_link.contains(filter), "{csv_link} lacks {filter}");
                assert!(ndjson_link.contains(filter), "{ndjson_link} lacks {filter}");
            }

            let csv = client.get(&csv_link).await;
            assert_eq!(csv.status, StatusCode::OK, "{}", csv.body);
            assert!(csv.content_type().starts_with("text/csv"));
            assert!(csv.headers[axum::http::header::CONTENT_DISPOSITION]
                .to_str()
                .unwrap()
                .contains("audit-events.csv"));
            let mut lines = csv.body.lines();
            assert_eq!(
                lines.next().unwrap(),
                onramp_server::platform::audit::export::CSV_COLUMNS.join(",")
            );
            let rows: Vec<&str> = lines.collect();
            assert_eq!(rows.len(), total, "{filters}");
            let seqs: Vec<i64> = rows
                .iter()
                .map(|row| {
                    row.trim_start_matches('"')
                        .split('"')
                        .next()
                        .unwrap()
                        .parse()
                        .unwrap()
                })
                .collect();
            assert!(
                seqs.windows(2).all(|pair| pair[0] < pair[1]),
                "oldest first, each once"
            );

            let ndjson = client.get(&ndjson_link).await;
            assert_eq!(ndjson.status, StatusCode::OK);
            assert_eq!(ndjson.content_type(), "application/fhir+ndjson");
            let resources: Vec<serde_json::Value> = ndjson
                .body
                .lines()
                .map(|line| serde_json::from_str(line).unwrap())
                .collect();
            assert_eq!(resources.len(), total, "{filters}");
            assert!(resources
                .iter()
                .all(|resource| resource["resourceType"] == "AuditEvent"));

            // The first page of the API and the newest rows of the downloads are the same events.
            let newest_ids: Vec<&str> = expected["events"]
                .as_array()
                .unwrap()
                .iter()
                .map(|event| event["id"].as_str().unwrap())
                .collect();
            let fhir_ids: Vec<&str> = resources
                .iter()
                .rev()
                .take(newest_ids.len())
                .map(|resource| resource["id"].as_str().unwrap())
                .collect();
            assert_eq!(fhir_ids, newest_ids, "{filters}");
            for (row, id) in rows.iter().rev().zip(&newest_ids) {
                assert!(row.contains(&format!("\"{id}\"")), "{row}");
            }
            if filters.contains("organization_id") {
                assert!(rows.iter().all(|row| row.contains(&acme_id)));
                assert!(resources
                    .iter()
                    .all(|resource| resource["entity"][0]["detail"][0]["valueString"]
                        == acme_id.as_str()));
            }
            if filters == "entity_type=probe" {
                assert!(
                    rows[0].contains("\"'=probe 0, \"\"quoted\"\"\""),
                    "{}",
                    rows[0]
                );
            }
        }

        let refused = client.get("/admin/audit.csv?from=yesterday").await;
        assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    }
}
