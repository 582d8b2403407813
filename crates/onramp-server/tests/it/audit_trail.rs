//! The audit trail as people see it: the program admin's page and API, with filters and paging.

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
