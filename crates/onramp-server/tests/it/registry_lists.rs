//! Lists and their JSON twins: the paged staff list (page and API), the CSV export from the API,
//! the directory (page and API) with a partner admin's opt-in and opt-out, and an organization's
//! agreement status — each scoped, with organization B asking for A's ids.

use axum::http::{Method, StatusCode};
use onramp_core::Role;

use crate::registry_support::{
    app_with_dns, applied_and_confirmed, approved, published_agreement, staff, TxtRecords,
};
use crate::support::backends;

#[tokio::test]
async fn the_staff_list_is_paged_and_exported_from_the_page_and_the_api() {
    for backend in backends() {
        let app = app_with_dns(&backend, &TxtRecords::default()).await;
        let mut partner = None;
        for (name, domain) in [
            ("Alpha Care", "alpha.test"),
            ("Beta Labs", "beta.test"),
            ("Gamma Health", "gamma.test"),
        ] {
            let (_, client) =
                applied_and_confirmed(&app, name, domain, &format!("admin@{domain}")).await;
            partner = Some(client);
        }
        let mut coordinator = staff(&app, Role::OnboardingCoordinator).await;

        let first = coordinator.get("/api/v1/organizations?per_page=2").await;
        assert_eq!(first.status, StatusCode::OK, "{}", first.body);
        assert_eq!(first.headers["x-total-count"], "3");
        assert_eq!(first.json().as_array().unwrap().len(), 2);
        let second = coordinator
            .get("/api/v1/organizations?per_page=2&page=2")
            .await;
        let second = second.json();
        assert_eq!(second.as_array().unwrap().len(), 1);
        // Newest first: the first applicant is last.
        assert_eq!(second[0]["legal_name"], "Alpha Care");
        let beyond = coordinator
            .get("/api/v1/organizations?per_page=2&page=9")
            .await;
        assert_eq!(beyond.json().as_array().unwrap().len(), 0);
        let malformed = coordinator.get("/api/v1/organizations?page=abc").await;
        assert_eq!(malformed.status, StatusCode::BAD_REQUEST);

        let page = coordinator
            .get("/staff/organizations?per_page=2&page=2")
            .await;
        assert!(
            page.body.contains("Page 2 of 2 (3 organizations)"),
            "{}",
            page.body
        );
        assert!(page.body.contains("Alpha Care") && !page.body.contains("Gamma Health"));
        assert!(page.body.contains("rel=\"prev\""));

        let csv = coordinator
            .get("/api/v1/organizations.csv?state=applied")
            .await;
        assert_eq!(csv.status, StatusCode::OK);
        assert!(csv.content_type().starts_with("text/csv"));
        assert_eq!(csv.body.lines().count(), 4, "{}", csv.body);
        assert!(csv.body.contains("\"Beta Labs\""));
        // Read by people: headers and values in words, no stored names.
        let header = csv.body.lines().next().unwrap();
        assert!(
            header.contains("\"Legal name\"") && header.contains("\"Applied at\""),
            "{header}"
        );
        assert!(csv.body.contains("\"Applied\""), "{}", csv.body);
        assert!(
            !csv.body.contains("healthcare_organization"),
            "{}",
            csv.body
        );
        let none = coordinator
            .get("/api/v1/organizations.csv?state=active")
            .await;
        assert_eq!(none.body.lines().count(), 1);
        let refused = partner
            .as_mut()
            .unwrap()
            .get("/api/v1/organizations.csv")
            .await;
        assert_eq!(refused.status, StatusCode::FORBIDDEN);
    }
}

/// The path and query of a `Link: <…>; rel="next"` header.
fn next_link(headers: &axum::http::HeaderMap) -> Option<String> {
    let link = headers.get("link")?.to_str().ok()?;
    let start = link.find('<')? + 1;
    let end = link.find('>')?;
    link.get(start..end).map(str::to_owned)
}

#[tokio::test]
async fn the_next_cursor_returns_every_organization_once_while_others_apply_between_pages() {
    for backend in backends() {
        let app = app_with_dns(&backend, &TxtRecords::default()).await;
        let names = ["Alpha Care", "Beta Labs", "Gamma Health", "Delta Clinic"];
        for name in names {
            let domain = format!("{}.test", name.split(' ').next().unwrap().to_lowercase());
            applied_and_confirmed(&app, name, &domain, &format!("admin@{domain}")).await;
        }
        let mut coordinator = staff(&app, Role::OnboardingCoordinator).await;
        let mut seen: Vec<String> = Vec::new();
        let mut next = Some("/api/v1/organizations?per_page=1".to_owned());
        let mut late = 0;
        while let Some(url) = next {
            let page = coordinator.get(&url).await;
            assert_eq!(page.status, StatusCode::OK, "{url}: {}", page.body);
            for organization in page.json().as_array().unwrap() {
                seen.push(organization["legal_name"].as_str().unwrap().to_owned());
            }
            next = next_link(&page.headers);
            // Someone applies between two pages: a newer row never shifts the pages still to come.
            if next.is_some() && late < 2 {
                late += 1;
                let name = format!("Late {late} Partners");
                let domain = format!("late{late}.test");
                applied_and_confirmed(&app, &name, &domain, &format!("admin@{domain}")).await;
            }
            assert!(seen.len() <= 10, "the cursor does not end: {seen:?}");
        }
        let mut expected: Vec<String> = names.iter().rev().map(|n| n.to_string()).collect();
        assert_eq!(
            seen, expected,
            "each organization of the first page's moment, once, newest first"
        );
        // A fresh walk sees the late ones too.
        let all = coordinator.get("/api/v1/organizations?per_page=50").await;
        assert_eq!(all.headers["x-total-count"], "6");
        assert!(
            next_link(&all.headers).is_none(),
            "a page that is not full has no next link"
        );
        expected.insert(0, "Late 1 Partners".to_owned());
        expected.insert(0, "Late 2 Partners".to_owned());
        let listed: Vec<String> = all
            .json()
            .as_array()
            .unwrap()
            .iter()
            .map(|o| o["legal_name"].as_str().unwrap().to_owned())
            .collect();
        assert_eq!(listed, expected);

        let forged = coordinator
            .get("/api/v1/organizations?cursor=bm90LWEtY3Vyc29y")
            .await;
        assert_eq!(
            forged.status,
            StatusCode::UNPROCESSABLE_ENTITY,
            "{}",
            forged.body
        );
        assert!(forged.body.contains("cursor"), "{}", forged.body);
    }
}

#[tokio::test]
async fn a_partner_admin_opts_out_of_and_back_into_the_directory_but_not_for_others() {
    for backend in backends() {
        let app = app_with_dns(&backend, &TxtRecords::default()).await;
        let (organization_a, mut admin_a) = applied_and_confirmed(
            &app,
            "Lakeside Health",
            "lakeside.test",
            "ada@lakeside.test",
        )
        .await;
        let (organization_b, mut admin_b) =
            applied_and_confirmed(&app, "Hilltop Labs", "hilltop.test", "bo@hilltop.test").await;
        let mut coordinator = staff(&app, Role::OnboardingCoordinator).await;
        let mut anonymous = app.client();

        // Opted in when applying, but not listed until active.
        assert_eq!(
            anonymous.get("/api/v1/directory").await.json(),
            serde_json::json!([])
        );
        approved(&mut coordinator, &organization_a).await;
        let listed = anonymous.get("/api/v1/directory").await.json();
        assert_eq!(listed.as_array().unwrap().len(), 1);
        assert_eq!(listed[0]["legal_name"], "Lakeside Health");
        assert_eq!(listed[0]["category"], "healthcare_organization");

        // Out, from the partner page.
        let page = admin_a.get("/partner").await;
        assert!(page.body.contains("Leave the directory"));
        let left = admin_a
            .post_form("/partner/directory", &[("opt_in", "false")])
            .await;
        assert_eq!(left.status, StatusCode::SEE_OTHER, "{}", left.body);
        assert_eq!(
            anonymous.get("/api/v1/directory").await.json(),
            serde_json::json!([])
        );
        assert!(!anonymous
            .get("/directory")
            .await
            .body
            .contains("Lakeside Health"));

        // B cannot put A back (page posts only act on B's own organization; the API says 404).
        let cross = admin_b
            .send_json(
                Method::POST,
                &format!("/api/v1/organizations/{organization_a}/directory"),
                &serde_json::json!({"opt_in": true}).to_string(),
            )
            .await;
        assert_eq!(cross.status, StatusCode::NOT_FOUND, "{}", cross.body);
        assert_eq!(
            anonymous.get("/api/v1/directory").await.json(),
            serde_json::json!([])
        );
        let own_b = admin_b
            .send_json(
                Method::POST,
                &format!("/api/v1/organizations/{organization_b}/directory"),
                &serde_json::json!({"opt_in": false}).to_string(),
            )
            .await;
        assert_eq!(own_b.status, StatusCode::OK, "{}", own_b.body);
        assert_eq!(own_b.json()["directory_opt_in"], false);

        // Back in, through the API.
        let back = admin_a
            .send_json(
                Method::POST,
                &format!("/api/v1/organizations/{organization_a}/directory"),
                &serde_json::json!({"opt_in": true}).to_string(),
            )
            .await;
        assert_eq!(back.status, StatusCode::OK, "{}", back.body);
        assert!(anonymous
            .get("/directory")
            .await
            .body
            .contains("Lakeside Health"));
        let actions = app.audit_actions().await;
        assert!(actions.contains(&"organization.directory_opted_out".to_owned()));
        assert!(actions.contains(&"organization.directory_opted_in".to_owned()));
    }
}

#[tokio::test]
async fn an_organizations_agreement_status_shows_what_it_must_sign_and_only_to_itself_and_staff() {
    for backend in backends() {
        let app = app_with_dns(&backend, &TxtRecords::default()).await;
        let (organization_a, mut admin_a) = applied_and_confirmed(
            &app,
            "Lakeside Health",
            "lakeside.test",
            "ada@lakeside.test",
        )
        .await;
        let (_, mut admin_b) =
            applied_and_confirmed(&app, "Hilltop Labs", "hilltop.test", "bo@hilltop.test").await;
        let mut program_admin = staff(&app, Role::ProgramAdmin).await;
        let agreement_id = published_agreement(&mut program_admin, "participation", None).await;
        let path = format!("/api/v1/organizations/{organization_a}/agreements");

        let before = admin_a.get(&path).await;
        assert_eq!(before.status, StatusCode::OK, "{}", before.body);
        let before = before.json();
        assert_eq!(before.as_array().unwrap().len(), 1);
        assert_eq!(before[0]["template_id"], agreement_id.as_str());
        assert_eq!(before[0]["current"], false);
        assert!(before[0]["signature_id"].is_null());

        let signed = admin_a
            .send_json(
                Method::POST,
                &format!("/api/v1/agreements/{agreement_id}/signatures"),
                &serde_json::json!({"signer_name": "Ada Admin", "signer_title": "CIO", "confirm": true})
                    .to_string(),
            )
            .await;
        assert_eq!(signed.status, StatusCode::CREATED, "{}", signed.body);
        let after = program_admin.get(&path).await.json();
        assert_eq!(after[0]["current"], true);
        assert_eq!(after[0]["signature_id"], signed.json()["id"]);
        assert_eq!(after[0]["signed_version"], 1);

        let cross = admin_b.get(&path).await;
        assert_eq!(cross.status, StatusCode::NOT_FOUND);
    }
}
