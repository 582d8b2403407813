//! The JSON API: problem details for bad input, personal tokens, the OpenAPI document.

use axum::body::Body;
use axum::http::{header, Method, Request, StatusCode};
use onramp_core::Role;

use crate::support::{backends, TestApp};

#[tokio::test]
async fn malformed_json_and_form_input_get_problem_details_never_a_500() {
    for backend in backends() {
        let app = TestApp::new(&backend).await;
        let (_, mut client) = app.signed_in(Role::ProgramAdmin).await;
        let cases: &[(&str, StatusCode)] = &[
            ("{not json", StatusCode::BAD_REQUEST),
            ("[]", StatusCode::UNPROCESSABLE_ENTITY),
            (r#"{"name": 42}"#, StatusCode::UNPROCESSABLE_ENTITY),
            (
                r#"{"name": "ci", "unexpected": true}"#,
                StatusCode::UNPROCESSABLE_ENTITY,
            ),
            (r#"{"name": ""}"#, StatusCode::UNPROCESSABLE_ENTITY),
            (
                r#"{"name": "ci", "expires_in_days": 9999}"#,
                StatusCode::UNPROCESSABLE_ENTITY,
            ),
        ];
        for (body, status) in cases {
            let response = client.send_json(Method::POST, "/api/v1/tokens", body).await;
            assert_eq!(response.status, *status, "{body}: {}", response.body);
            assert_eq!(response.content_type(), "application/problem+json");
            let problem = response.json();
            assert_eq!(problem["status"], status.as_u16());
            assert!(problem["detail"].as_str().unwrap().len() > 5);
            assert!(problem["operation_id"].as_str().unwrap().len() > 10);
        }
        let invalid = client
            .send_json(
                Method::POST,
                "/api/v1/tokens",
                r#"{"name": "", "expires_in_days": 0}"#,
            )
            .await
            .json();
        assert_eq!(invalid["code"], "request.invalid");
        let fields: Vec<&str> = invalid["errors"]
            .as_array()
            .unwrap()
            .iter()
            .map(|error| error["field"].as_str().unwrap())
            .collect();
        assert_eq!(fields, ["name", "expires_in_days"]);

        // No content type at all: from a session cookie, that is what a cross-origin form could
        // send, so it is refused before the body is read.
        let response = client
            .send(
                Request::post("/api/v1/tokens")
                    .body(Body::from("{}"))
                    .unwrap(),
            )
            .await;
        assert_eq!(response.status, StatusCode::FORBIDDEN);
        assert_eq!(response.content_type(), "application/problem+json");
        assert_eq!(response.json()["code"], "auth.csrf_rejected");
        // With the page's CSRF token in the header, the missing content type is the problem.
        client.refresh_csrf().await;
        let token = client.csrf_token.clone().unwrap();
        let response = client
            .send(
                Request::post("/api/v1/tokens")
                    .header("x-csrf-token", token)
                    .body(Body::from("{}"))
                    .unwrap(),
            )
            .await;
        assert_eq!(response.status, StatusCode::BAD_REQUEST);
        assert_eq!(response.content_type(), "application/problem+json");

        // A portal form with a value it refuses: the same form again (422), the input kept.
        client.refresh_csrf().await;
        let response = client
            .post_form(
                "/account/tokens",
                &[("name", "x"), ("expires_in_days", "soon")],
            )
            .await;
        assert_eq!(response.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(response.content_type().starts_with("text/html"));
        assert!(
            response.body.contains(r#"value="soon""#),
            "{}",
            response.body
        );
        // Form bytes that are not urlencoded at all.
        let token = client.csrf_token.clone().unwrap();
        let response = client
            .send(
                Request::post("/account/password")
                    .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
                    .body(Body::from(format!(
                        "csrf_token={token}&current_password=%ZZ"
                    )))
                    .unwrap(),
            )
            .await;
        assert!(response.status.is_client_error(), "{}", response.status);

        // A body over the limit.
        let huge = format!(r#"{{"name": "{}"}}"#, "x".repeat(2 * 1024 * 1024));
        let response = client
            .send_json(Method::POST, "/api/v1/tokens", &huge)
            .await;
        assert_eq!(response.status, StatusCode::PAYLOAD_TOO_LARGE);
        assert!(app
            .audit_actions()
            .await
            .iter()
            .all(|action| action != "api_token.created"));
    }
}

#[tokio::test]
async fn a_personal_token_works_as_a_bearer_until_revoked_and_only_its_hash_is_stored() {
    for backend in backends() {
        let app = TestApp::new(&backend).await;
        let (user, mut client) = app.signed_in(Role::OnboardingCoordinator).await;
        let created = client
            .send_json(
                Method::POST,
                "/api/v1/tokens",
                r#"{"name": "nightly report", "expires_in_days": 30}"#,
            )
            .await;
        assert_eq!(created.status, StatusCode::CREATED, "{}", created.body);
        let created = created.json();
        let secret = created["token"].as_str().unwrap().to_owned();
        assert!(secret.starts_with("onr_"));
        let id = created["id"].as_str().unwrap().to_owned();

        let stored: (String,) = sqlx::query_as("SELECT token_hash FROM api_tokens WHERE id = $1")
            .bind(&id)
            .fetch_one(app.state.store.pool())
            .await
            .unwrap();
        assert_ne!(stored.0, secret);
        assert_eq!(stored.0, onramp_server::web::secret::sha256_hex(&secret));

        let mut bot = app.client();
        let bearer = |path: &str| {
            Request::get(path)
                .header(header::AUTHORIZATION, format!("Bearer {secret}"))
                .body(Body::empty())
                .unwrap()
        };
        let me = bot.send(bearer("/api/v1/me")).await;
        assert_eq!(me.status, StatusCode::OK);
        assert_eq!(me.json()["email"], user.email);
        // A token opens the API, not the portal.
        assert_eq!(
            bot.send(bearer("/account")).await.status,
            StatusCode::SEE_OTHER
        );

        let listed = client.get("/api/v1/tokens").await.json();
        assert_eq!(listed[0]["name"], "nightly report");
        assert!(listed[0].get("token").is_none());

        // Another staff user cannot revoke it: "not found", not "forbidden", and it still works.
        let (_, mut other_staff) = app.signed_in(Role::ProgramAdmin).await;
        let foreign = other_staff
            .send_json(Method::DELETE, &format!("/api/v1/tokens/{id}"), "")
            .await;
        assert_eq!(foreign.status, StatusCode::NOT_FOUND, "{}", foreign.body);
        other_staff.get("/account/tokens").await;
        let foreign_page = other_staff
            .post_form(
                &format!("/account/tokens/{id}/revoke"),
                &[("confirmed", "yes")],
            )
            .await;
        assert_eq!(foreign_page.status, StatusCode::NOT_FOUND);
        assert_eq!(
            bot.send(bearer("/api/v1/me")).await.status,
            StatusCode::OK,
            "the token survives another user's attempts"
        );

        let revoked = client
            .send_json(Method::DELETE, &format!("/api/v1/tokens/{id}"), "")
            .await;
        assert_eq!(revoked.status, StatusCode::NO_CONTENT);
        let after = bot.send(bearer("/api/v1/me")).await;
        assert_eq!(after.status, StatusCode::UNAUTHORIZED);
        assert_eq!(after.content_type(), "application/problem+json");
        let again = client
            .send_json(Method::DELETE, &format!("/api/v1/tokens/{id}"), "")
            .await;
        assert_eq!(again.status, StatusCode::NOT_FOUND);

        let actions = app.audit_actions().await;
        assert!(actions.contains(&"api_token.created".to_owned()));
        assert!(actions.contains(&"api_token.revoked".to_owned()));
    }
}

#[tokio::test]
async fn the_openapi_document_describes_the_api() {
    let app = TestApp::new(&crate::support::TestBackend::Sqlite).await;
    let document = app.client().get("/api/v1/openapi.json").await.json();
    assert!(document["openapi"].as_str().unwrap().starts_with("3."));
    for path in [
        "/api/v1/me",
        "/api/v1/tokens",
        "/api/v1/tokens/{id}",
        "/api/v1/audit-events",
        "/api/v1/jobs",
        "/api/v1/jobs/{id}/retry",
        "/api/v1/jobs/{id}/cancel",
    ] {
        assert!(document["paths"].get(path).is_some(), "{path} is missing");
    }
    assert!(document["components"]["schemas"].get("Problem").is_some());
    assert!(document["components"]["securitySchemes"]
        .get("bearer")
        .is_some());
    // The problem types a client can tell apart, each with a page at its type URI.
    let problem_types = document["x-problem-types"].as_array().unwrap();
    assert_eq!(problem_types.len(), onramp_server::web::problems::ALL.len());
    let mut client = app.client();
    for problem in problem_types {
        let uri = problem["type"].as_str().unwrap();
        let page = client.get(uri).await;
        assert_eq!(page.status, StatusCode::OK, "{uri}");
        assert!(
            page.body.contains(problem["code"].as_str().unwrap()),
            "{uri}"
        );
    }
    assert!(problem_types
        .iter()
        .any(|problem| problem["type"] == "/problems/registry/no-passing-evidence"));
    assert!(problem_types
        .iter()
        .any(|problem| problem["type"] == "/problems/conflict/stale-state"));
}

/// Every `/api/v1` route of the route table is in the OpenAPI document with its method, and the
/// document names no route the table does not serve.
#[tokio::test]
async fn the_openapi_document_and_the_route_table_name_the_same_api_routes() {
    let app = TestApp::new(&crate::support::TestBackend::Sqlite).await;
    let document = app.client().get("/api/v1/openapi.json").await.json();
    let mut documented: Vec<(String, String)> = Vec::new();
    for (path, operations) in document["paths"].as_object().unwrap() {
        for method in operations.as_object().unwrap().keys() {
            documented.push((method.to_uppercase(), path.clone()));
        }
    }
    documented.sort();
    let mut routed: Vec<(String, String)> = onramp_server::routes::table()
        .iter()
        .filter(|route| route.path.starts_with("/api/v1/"))
        .map(|route| (route.method.to_string(), route.path.to_owned()))
        .collect();
    routed.sort();
    let missing: Vec<_> = routed
        .iter()
        .filter(|route| !documented.contains(route))
        .collect();
    let phantom: Vec<_> = documented
        .iter()
        .filter(|route| !routed.contains(route))
        .collect();
    assert!(
        missing.is_empty(),
        "routes missing from the OpenAPI document: {missing:?}"
    );
    assert!(
        phantom.is_empty(),
        "documented routes that do not exist: {phantom:?}"
    );
}

#[tokio::test]
async fn a_domain_refusal_carries_its_own_problem_type() {
    for backend in crate::support::backends() {
        let app = TestApp::new(&backend).await;
        let (organization_id, _) = crate::registry_support::applied_and_confirmed(
            &app,
            "Unproven Labs",
            "unproven.test",
            "ada@unproven.test",
        )
        .await;
        let (_, mut reviewer) = app.signed_in(Role::ProgramAdmin).await;
        let refused = reviewer
            .send_json(
                Method::POST,
                &format!("/api/v1/organizations/{organization_id}/transitions"),
                r#"{"action": "approve", "reason": "looks fine"}"#,
            )
            .await;
        assert_eq!(refused.status, StatusCode::CONFLICT, "{}", refused.body);
        let problem = refused.json();
        assert_eq!(problem["type"], "/problems/registry/no-passing-evidence");
        assert_eq!(problem["code"], "registry.no_passing_evidence");
        assert_eq!(problem["title"], "No passing evidence");
    }
}
