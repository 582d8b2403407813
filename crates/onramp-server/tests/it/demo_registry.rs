//! `onramp serve --demo`'s registry data: a visitor sees the queue and the tiers at once.

use axum::http::StatusCode;
use onramp_core::Role;
use onramp_server::demo::{self, DEMO_PASSWORD};

use crate::registry_support::document_ids;
use crate::support::{backends, TestApp};

#[tokio::test]
async fn the_demo_shows_agreements_organizations_in_every_stage_and_a_registered_signer() {
    for backend in backends() {
        let app = TestApp::new(&backend).await;
        assert!(demo::seed(&app.state.store).await.unwrap());
        let mut coordinator = app.signed_in(Role::OnboardingCoordinator).await.1;

        let listed = coordinator.get("/api/v1/organizations").await;
        assert_eq!(listed.status, StatusCode::OK, "{}", listed.body);
        let listed = listed.json();
        let by_name = |name: &str| {
            listed
                .as_array()
                .unwrap()
                .iter()
                .find(|organization| organization["legal_name"] == name)
                .unwrap_or_else(|| panic!("{name} missing"))
                .clone()
        };
        let lakeside = by_name("Lakeside Health System");
        assert_eq!(lakeside["state"], "active");
        assert_eq!(lakeside["tier"], "registered");
        assert_eq!(by_name("Northwind Labs")["state"], "under_review");
        assert_eq!(by_name("Prairie County Public Health")["state"], "applied");
        let cedar = by_name("Cedar EHR Systems");
        assert_eq!(cedar["state"], "suspended");
        assert_eq!(cedar["tier"], "public");

        // Every kind of agreement is published.
        let agreements = coordinator.get("/api/v1/agreements").await.json();
        let published = agreements
            .as_array()
            .unwrap()
            .iter()
            .filter(|template| template["state"] == "published")
            .count();
        assert_eq!(published, 4);

        // The queue item with a document shows it; the directory lists the active partner.
        let northwind = by_name("Northwind Labs")["id"].as_str().unwrap().to_owned();
        let dossier = coordinator
            .get(&format!("/staff/organizations/{northwind}"))
            .await;
        assert_eq!(document_ids(&dossier.body).len(), 1);
        let directory = app.client().get("/api/v1/directory").await.json();
        let mut listed: Vec<&str> = directory
            .as_array()
            .unwrap()
            .iter()
            .map(|entry| entry["legal_name"].as_str().unwrap())
            .collect();
        listed.sort_unstable();
        assert_eq!(listed, ["Harbor Point Clinic", "Lakeside Health System"]);

        // The Lakeside admin signs in to a registered organization with its signed copy.
        let mut partner = app.client();
        let login = partner
            .login("admin@lakeside-health.test", DEMO_PASSWORD)
            .await;
        assert_eq!(login.status, StatusCode::SEE_OTHER);
        let own = partner.get("/partner").await;
        assert!(own.body.contains("/signatures/"), "{}", own.body);
        let lakeside_id = lakeside["id"].as_str().unwrap();
        let status = partner
            .get(&format!("/api/v1/organizations/{lakeside_id}/agreements"))
            .await
            .json();
        assert!(status
            .as_array()
            .unwrap()
            .iter()
            .any(|item| item["kind"] == "participation" && item["current"] == true));
    }
}
