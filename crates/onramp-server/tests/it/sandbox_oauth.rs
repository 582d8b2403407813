//! SMART Backend Services end to end: RS384 and ES384 keys made in the test, every refusal of the
//! token endpoint with its RFC 6749 error, client secrets, introspection and revocation, scopes
//! enforced per FHIR interaction, and suspension.

use axum::http::{Method, StatusCode};

use crate::registry_support::post;
use crate::sandbox_support::{
    assertion, claims, ec_key, fhir, jwt_client, now_seconds, rsa_key, sandbox, sandbox_app,
    secret_client, token_by_assertion, token_by_secret, TOKEN_URL,
};
use crate::support::backends;

fn error_of(response: &crate::support::TestResponse) -> (String, String) {
    let body = response.json();
    (
        body["error"].as_str().unwrap_or_default().to_owned(),
        body["error_description"]
            .as_str()
            .unwrap_or_default()
            .to_owned(),
    )
}

#[tokio::test]
async fn sandbox_backend_services_tokens_with_rs384_and_es384_and_every_refusal() {
    let rsa = rsa_key("rsa-1");
    let ec = ec_key("ec-1");
    let stranger = ec_key("ec-stranger");
    for backend in backends() {
        let app = sandbox_app(&backend).await;
        let mut sandbox = sandbox(&app, "Kestrel Health", "kestrel.example").await;
        let environment = sandbox.environment_id.clone();
        let client_id = jwt_client(
            &mut sandbox.partner,
            &environment,
            &[&rsa, &ec],
            "system/Patient.rs system/Observation.cruds",
        )
        .await;

        // SMART configuration at the FHIR base.
        let configuration = app
            .client()
            .get(&format!(
                "/sandbox/{environment}/fhir/.well-known/smart-configuration"
            ))
            .await;
        assert_eq!(configuration.status, StatusCode::OK);
        let configuration = configuration.json();
        assert_eq!(configuration["token_endpoint"], TOKEN_URL);
        assert_eq!(
            configuration["token_endpoint_auth_signing_alg_values_supported"],
            serde_json::json!(["RS384", "ES384"])
        );

        // Both algorithms give a token, bound to the asked scopes, for at most 300 s.
        for key in [&rsa, &ec] {
            let issued = token_by_assertion(
                &app,
                &assertion(key, claims(&client_id)),
                "system/Patient.rs",
            )
            .await;
            assert_eq!(
                issued.status,
                StatusCode::OK,
                "{:?}: {}",
                key.algorithm,
                issued.body
            );
            assert_eq!(issued.headers["cache-control"], "no-store");
            let body = issued.json();
            assert_eq!(body["token_type"], "bearer");
            assert_eq!(body["expires_in"], 300);
            assert_eq!(body["scope"], "system/Patient.rs");
        }
        // No scope asked: every scope the client holds; v1 scopes are mapped.
        let all = token_by_assertion(&app, &assertion(&rsa, claims(&client_id)), "").await;
        assert_eq!(
            all.json()["scope"],
            "system/Patient.rs system/Observation.cruds"
        );
        let v1 = token_by_assertion(
            &app,
            &assertion(&rsa, claims(&client_id)),
            "system/Patient.read",
        )
        .await;
        assert_eq!(v1.json()["scope"], "system/Patient.rs", "{}", v1.body);

        // Every refusal, with the error a developer can act on.
        let mut wrong_aud = claims(&client_id);
        wrong_aud["aud"] = "https://elsewhere.example/token".into();
        let mut expired = claims(&client_id);
        expired["exp"] = (now_seconds() - 10).into();
        let mut too_long = claims(&client_id);
        too_long["exp"] = (now_seconds() + 600).into();
        let mut other_issuer = claims(&client_id);
        other_issuer["sub"] = "someone-else".into();
        let unknown_client = claims("no-such-client");
        let mut unknown_kid = claims(&client_id);
        unknown_kid["jti"] = "fresh".into();
        let replayed = claims(&client_id);
        let first = token_by_assertion(&app, &assertion(&ec, replayed.clone()), "").await;
        assert_eq!(first.status, StatusCode::OK);
        let wrong_algorithm = {
            let mut header = jsonwebtoken::Header::new(jsonwebtoken::Algorithm::HS256);
            header.kid = Some("rsa-1".to_owned());
            jsonwebtoken::encode(
                &header,
                &claims(&client_id),
                &jsonwebtoken::EncodingKey::from_secret(b"not a key"),
            )
            .unwrap()
        };
        let cases = [
            ("wrong aud", assertion(&rsa, wrong_aud), "aud"),
            ("expired", assertion(&rsa, expired), "expired"),
            ("exp too far", assertion(&rsa, too_long), "at most 300"),
            (
                "sub not the client",
                assertion(&rsa, other_issuer),
                "iss` and `sub",
            ),
            (
                "unknown client",
                assertion(&rsa, unknown_client),
                "no client",
            ),
            (
                "unknown kid",
                assertion(&stranger, unknown_kid),
                "no key `ec-stranger`",
            ),
            (
                "replayed jti",
                assertion(&ec, replayed),
                "jti was used before",
            ),
            ("wrong algorithm", wrong_algorithm, "RS384 or ES384"),
        ];
        for (case, assertion, says) in cases {
            let refused = token_by_assertion(&app, &assertion, "").await;
            assert_eq!(
                refused.status,
                StatusCode::UNAUTHORIZED,
                "{case}: {}",
                refused.body
            );
            let (error, description) = error_of(&refused);
            assert_eq!(error, "invalid_client", "{case}");
            assert!(description.contains(says), "{case}: {description}");
        }
        let beyond = token_by_assertion(
            &app,
            &assertion(&rsa, claims(&client_id)),
            "system/Encounter.r",
        )
        .await;
        assert_eq!(beyond.status, StatusCode::BAD_REQUEST);
        let (error, description) = error_of(&beyond);
        assert_eq!(error, "invalid_scope");
        assert!(description.contains("system/Encounter.r"), "{description}");
        let garbled =
            token_by_assertion(&app, &assertion(&rsa, claims(&client_id)), "patient/*.read").await;
        assert_eq!(error_of(&garbled).0, "invalid_scope");

        // Scopes are enforced per interaction: read Patient yes, create Patient no.
        let patient_token = token_by_assertion(
            &app,
            &assertion(&rsa, claims(&client_id)),
            "system/Patient.rs",
        )
        .await
        .json()["access_token"]
            .as_str()
            .unwrap()
            .to_owned();
        let searched = fhir(
            &app,
            &environment,
            &patient_token,
            Method::GET,
            "/Patient",
            None,
            &[],
        )
        .await;
        assert_eq!(searched.status, StatusCode::OK, "{}", searched.body);
        let created = fhir(
            &app,
            &environment,
            &patient_token,
            Method::POST,
            "/Patient",
            Some(r#"{"resourceType": "Patient"}"#),
            &[],
        )
        .await;
        assert_eq!(created.status, StatusCode::FORBIDDEN, "{}", created.body);
        assert_eq!(created.json()["resourceType"], "OperationOutcome");
        assert!(
            created.body.contains("system/Patient.c"),
            "{}",
            created.body
        );
        let observations = fhir(
            &app,
            &environment,
            &patient_token,
            Method::GET,
            "/Observation",
            None,
            &[],
        )
        .await;
        assert_eq!(observations.status, StatusCode::FORBIDDEN);
        // No token, a made-up token: 401 with the Bearer challenge.
        let anonymous = fhir(
            &app,
            &environment,
            "made-up",
            Method::GET,
            "/Patient",
            None,
            &[],
        )
        .await;
        assert_eq!(anonymous.status, StatusCode::UNAUTHORIZED);
        assert!(anonymous.headers["www-authenticate"]
            .to_str()
            .unwrap()
            .starts_with("Bearer"));

        // A secret client: the right secret, a wrong one.
        let (secret_id, secret) =
            secret_client(&mut sandbox.partner, &environment, "system/*.rs").await;
        let by_secret = token_by_secret(&app, &secret_id, &secret, "").await;
        assert_eq!(by_secret.status, StatusCode::OK, "{}", by_secret.body);
        let secret_token = by_secret.json()["access_token"]
            .as_str()
            .unwrap()
            .to_owned();
        let wrong = token_by_secret(&app, &secret_id, "not-the-secret", "").await;
        assert_eq!(wrong.status, StatusCode::UNAUTHORIZED);
        assert_eq!(error_of(&wrong).0, "invalid_client");
        assert!(wrong.headers["www-authenticate"]
            .to_str()
            .unwrap()
            .starts_with("Basic"));

        // Introspection by a client of the same environment; revocation by the token's client.
        let introspect = |token: String| {
            let app = &app;
            let (id, secret) = (secret_id.clone(), secret.clone());
            async move {
                use base64::Engine as _;
                let basic =
                    base64::engine::general_purpose::STANDARD.encode(format!("{id}:{secret}"));
                app.client()
                    .send(
                        axum::http::Request::builder()
                            .method(Method::POST)
                            .uri("/oauth/introspect")
                            .header("content-type", "application/x-www-form-urlencoded")
                            .header("authorization", format!("Basic {basic}"))
                            .body(axum::body::Body::from(format!("token={token}")))
                            .unwrap(),
                    )
                    .await
            }
        };
        let active = introspect(patient_token.clone()).await;
        assert_eq!(active.status, StatusCode::OK, "{}", active.body);
        assert_eq!(active.json()["active"], true);
        assert_eq!(active.json()["client_id"], client_id.as_str());
        assert_eq!(active.json()["scope"], "system/Patient.rs");
        assert_eq!(
            introspect("made-up".to_owned()).await.json()["active"],
            false
        );
        {
            use base64::Engine as _;
            let basic =
                base64::engine::general_purpose::STANDARD.encode(format!("{secret_id}:{secret}"));
            let revoked = app
                .client()
                .send(
                    axum::http::Request::builder()
                        .method(Method::POST)
                        .uri("/oauth/revoke")
                        .header("content-type", "application/x-www-form-urlencoded")
                        .header("authorization", format!("Basic {basic}"))
                        .body(axum::body::Body::from(format!("token={secret_token}")))
                        .unwrap(),
                )
                .await;
            assert_eq!(revoked.status, StatusCode::OK);
        }
        let after_revoke = fhir(
            &app,
            &environment,
            &secret_token,
            Method::GET,
            "/Patient",
            None,
            &[],
        )
        .await;
        assert_eq!(after_revoke.status, StatusCode::UNAUTHORIZED);
        assert!(
            after_revoke.body.contains("revoked"),
            "{}",
            after_revoke.body
        );

        // Suspending the client: its tokens stop at once and it gets no new one.
        let suspended = post(
            &mut sandbox.partner,
            &format!("/api/v1/clients/{client_id}/state"),
            serde_json::json!({"state": "suspended"}),
        )
        .await;
        assert_eq!(suspended.status, StatusCode::OK, "{}", suspended.body);
        let stopped = fhir(
            &app,
            &environment,
            &patient_token,
            Method::GET,
            "/Patient",
            None,
            &[],
        )
        .await;
        assert_eq!(stopped.status, StatusCode::UNAUTHORIZED);
        let refused = token_by_assertion(&app, &assertion(&rsa, claims(&client_id)), "").await;
        assert_eq!(
            error_of(&refused),
            (
                "invalid_client".to_owned(),
                "this client is suspended".to_owned()
            )
        );
        let actions = app.audit_actions().await;
        for action in ["environment.created", "client.created", "client.suspended"] {
            assert!(
                actions.iter().any(|done| done == action),
                "{action} in {actions:?}"
            );
        }
    }
}

#[tokio::test]
async fn sandbox_secrets_rotate_with_an_overlap_and_keys_are_checked_when_registered() {
    for backend in backends() {
        let app = sandbox_app(&backend).await;
        let mut sandbox = sandbox(&app, "Plover Labs", "plover.example").await;
        let environment = sandbox.environment_id.clone();
        let (id, old_secret) =
            secret_client(&mut sandbox.partner, &environment, "system/*.rs").await;
        let rotated = post(
            &mut sandbox.partner,
            &format!("/api/v1/clients/{id}/secret"),
            serde_json::json!({"overlap_minutes": 0}),
        )
        .await;
        assert_eq!(rotated.status, StatusCode::OK, "{}", rotated.body);
        let new_secret = rotated.json()["client_secret"].as_str().unwrap().to_owned();
        assert_ne!(new_secret, old_secret);
        assert_eq!(
            token_by_secret(&app, &id, &new_secret, "").await.status,
            StatusCode::OK
        );
        assert_eq!(
            token_by_secret(&app, &id, &old_secret, "").await.status,
            StatusCode::UNAUTHORIZED,
            "no overlap: the old secret stops at once"
        );
        // With an overlap both work.
        let overlapping = post(
            &mut sandbox.partner,
            &format!("/api/v1/clients/{id}/secret"),
            serde_json::json!({"overlap_minutes": 60}),
        )
        .await;
        let newest = overlapping.json()["client_secret"]
            .as_str()
            .unwrap()
            .to_owned();
        assert_eq!(
            token_by_secret(&app, &id, &newest, "").await.status,
            StatusCode::OK
        );
        assert_eq!(
            token_by_secret(&app, &id, &new_secret, "").await.status,
            StatusCode::OK
        );

        // A JWKS is checked when registered: a short RSA key, a P-256 key, a key without kid.
        for (jwks, says) in [
            (
                serde_json::json!({"keys": [{"kty": "RSA", "kid": "k", "n": "AQAB", "e": "AQAB"}]}),
                "2048",
            ),
            (
                serde_json::json!({"keys": [{"kty": "EC", "kid": "k", "crv": "P-256", "x": "AA", "y": "AA"}]}),
                "P-384",
            ),
            (serde_json::json!({"keys": [rsa_key_without_kid()]}), "kid"),
            (serde_json::json!({"no": "keys"}), "JWKS"),
        ] {
            let refused = post(
                &mut sandbox.partner,
                &format!("/api/v1/environments/{environment}/clients"),
                serde_json::json!({"name": "Bad keys", "auth_method": "private_key_jwt", "jwks": jwks}),
            )
            .await;
            assert_eq!(
                refused.status,
                StatusCode::UNPROCESSABLE_ENTITY,
                "{}",
                refused.body
            );
            assert!(refused.body.contains(says), "{says}: {}", refused.body);
        }
        // Another organization's people do not see the client or the environment.
        let (_, mut outsider) = crate::registry_support::applied_and_confirmed(
            &app,
            "Outsider Org",
            "outsider.example",
            "admin@outsider.example",
        )
        .await;
        assert_eq!(
            outsider
                .get(&format!("/api/v1/environments/{environment}"))
                .await
                .status,
            StatusCode::NOT_FOUND
        );
        let hijack = post(
            &mut outsider,
            &format!("/api/v1/clients/{id}/secret"),
            serde_json::json!({}),
        )
        .await;
        assert_eq!(hijack.status, StatusCode::NOT_FOUND);
    }
}

fn rsa_key_without_kid() -> serde_json::Value {
    let mut jwk = rsa_key("x").jwk;
    jwk.as_object_mut().unwrap().remove("kid");
    jwk
}

#[tokio::test]
async fn sandbox_a_client_expires_on_its_day_and_its_admins_are_reminded_two_weeks_ahead() {
    use onramp_server::platform::clock::{Clock, ManualClock};
    const DAY_MS: i64 = 86_400_000;
    for backend in backends() {
        let clock = std::sync::Arc::new(ManualClock::starting_now());
        let app = crate::sandbox_support::sandbox_app_with_clock(&backend, clock.clone()).await;
        let mut sandbox = sandbox(&app, "Tern Health", "tern.example").await;
        let environment = sandbox.environment_id.clone();
        let last_day = jiff::Timestamp::from_millisecond(clock.now_ms() + 10 * DAY_MS)
            .unwrap()
            .to_zoned(jiff::tz::TimeZone::UTC)
            .date()
            .to_string();
        let bad = post(
            &mut sandbox.partner,
            &format!("/api/v1/environments/{environment}/clients"),
            serde_json::json!({"name": "Old", "auth_method": "client_secret_basic", "expires_on": "2001-01-01"}),
        )
        .await;
        assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", bad.body);
        let created = post(
            &mut sandbox.partner,
            &format!("/api/v1/environments/{environment}/clients"),
            serde_json::json!({"name": "Nightly feed", "auth_method": "client_secret_basic", "expires_on": last_day}),
        )
        .await;
        assert_eq!(created.status, StatusCode::CREATED, "{}", created.body);
        let client = created.json();
        let (id, secret) = (
            client["id"].as_str().unwrap().to_owned(),
            client["client_secret"].as_str().unwrap().to_owned(),
        );
        assert!(client["expires_at"].as_i64().unwrap() > clock.now_ms() + 10 * DAY_MS - DAY_MS);
        assert_eq!(
            token_by_secret(&app, &id, &secret, "").await.status,
            StatusCode::OK
        );

        // Ten days ahead is within the fortnight: the partner admin is told once.
        let queued = onramp_server::sandbox::services::expiry::remind(&app.state)
            .await
            .unwrap();
        assert_eq!(queued, 1);
        assert_eq!(
            onramp_server::sandbox::services::expiry::remind(&app.state)
                .await
                .unwrap(),
            0
        );
        let mails = app.mails().await;
        assert!(
            mails
                .iter()
                .any(|mail| mail.contains("Nightly feed") && mail.contains("admin@tern.example")),
            "{mails:?}"
        );
        // After its last day it gets no token.
        clock.advance(12 * DAY_MS);
        let expired = token_by_secret(&app, &id, &secret, "").await;
        assert_eq!(expired.status, StatusCode::UNAUTHORIZED);
        assert_eq!(error_of(&expired).1, "this client has expired");
    }
}

#[tokio::test]
async fn sandbox_a_client_may_publish_its_keys_at_a_url_and_rotate_them_there() {
    let first = rsa_key("published-1");
    let second = ec_key("published-2");
    for backend in backends() {
        let published = std::sync::Arc::new(std::sync::Mutex::new(
            serde_json::json!({"keys": [first.jwk.clone()]}).to_string(),
        ));
        let served = published.clone();
        let router = axum::Router::new()
            .route(
                "/jwks.json",
                axum::routing::get(move || {
                    let served = served.clone();
                    async move { served.lock().unwrap().clone() }
                }),
            )
            .route(
                "/missing.json",
                axum::routing::get(|| async { axum::http::StatusCode::NOT_FOUND }),
            );
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let address = listener.local_addr().unwrap();
        tokio::spawn(async move { axum::serve(listener, router).await });
        let app = crate::support::TestApp::with_config(&backend, |config| {
            config.fhir_package_dir = Some(crate::sandbox_support::shared_packages());
            config.fhir_package_cache = config.data_dir.join("fhir-cache");
            config.webhook_allow_private_addresses = true;
        })
        .await;
        let mut sandbox = sandbox(&app, "Gannet Systems", "gannet.example").await;
        let environment = sandbox.environment_id.clone();
        let missing = post(
            &mut sandbox.partner,
            &format!("/api/v1/environments/{environment}/clients"),
            serde_json::json!({"name": "Published", "auth_method": "private_key_jwt", "jwks_url": format!("http://{address}/missing.json")}),
        )
        .await;
        assert_eq!(
            missing.status,
            StatusCode::UNPROCESSABLE_ENTITY,
            "{}",
            missing.body
        );
        assert!(missing.body.contains("404"), "{}", missing.body);
        let created = post(
            &mut sandbox.partner,
            &format!("/api/v1/environments/{environment}/clients"),
            serde_json::json!({"name": "Published", "auth_method": "private_key_jwt", "jwks_url": format!("http://{address}/jwks.json")}),
        )
        .await;
        assert_eq!(created.status, StatusCode::CREATED, "{}", created.body);
        let client_id = created.json()["id"].as_str().unwrap().to_owned();
        let issued = token_by_assertion(&app, &assertion(&first, claims(&client_id)), "").await;
        assert_eq!(issued.status, StatusCode::OK, "{}", issued.body);
        // The client publishes a new key: the next assertion with it is checked against the new set.
        *published.lock().unwrap() =
            serde_json::json!({"keys": [first.jwk.clone(), second.jwk.clone()]}).to_string();
        let rotated = token_by_assertion(&app, &assertion(&second, claims(&client_id)), "").await;
        assert_eq!(rotated.status, StatusCode::OK, "{}", rotated.body);
        // A key the URL does not publish is refused.
        let stranger = ec_key("never-published");
        let refused = token_by_assertion(&app, &assertion(&stranger, claims(&client_id)), "").await;
        assert_eq!(refused.status, StatusCode::UNAUTHORIZED);
        assert!(
            error_of(&refused).1.contains("never-published"),
            "{}",
            refused.body
        );
    }
}
