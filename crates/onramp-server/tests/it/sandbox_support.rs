//! Helpers of the sandbox tests: an application whose sandboxes load R4 core from the shared
//! packages, an organization enrolled with a sandbox open, machine clients with keys made in the
//! test (RSA for RS384, P-384 for ES384), token requests and FHIR calls.

use axum::body::Body;
use axum::http::{header, Method, Request, StatusCode};
use base64::Engine as _;
use jsonwebtoken::{Algorithm, EncodingKey, Header};
use onramp_core::Role;

use crate::registry_support::{applied_and_confirmed, approved, post, staff};
use crate::support::{Client, TestApp, TestBackend, TestResponse};

/// The folder of the shared FHIR package archives.
pub fn shared_packages() -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/fhir/packages")
}

/// An application whose sandboxes find R4 core in the shared packages.
pub async fn sandbox_app(backend: &TestBackend) -> TestApp {
    sandbox_app_with_clock(
        backend,
        std::sync::Arc::new(onramp_server::platform::clock::SystemClock),
    )
    .await
}

/// [`sandbox_app`] on a clock the test chooses.
pub async fn sandbox_app_with_clock(
    backend: &TestBackend,
    clock: std::sync::Arc<dyn onramp_server::platform::clock::Clock>,
) -> TestApp {
    TestApp::with_clock(backend, clock, |config| {
        config.fhir_package_dir = Some(shared_packages());
        config.fhir_package_cache = config.data_dir.join("fhir-cache");
    })
    .await
}

/// An approved organization enrolled in the implementation-guide track, with a sandbox open.
pub struct Sandbox {
    pub organization_id: String,
    pub enrollment_id: String,
    pub environment_id: String,
    /// The organization's partner admin.
    pub partner: Client,
    pub coordinator: Client,
    pub admin: Client,
}

pub async fn sandbox(app: &TestApp, name: &str, domain: &str) -> Sandbox {
    let coordinator = staff(app, Role::OnboardingCoordinator).await;
    let admin = staff(app, Role::ProgramAdmin).await;
    sandbox_with(app, name, domain, coordinator, admin).await
}

/// [`sandbox`] with the staff of an earlier one (a second organization).
pub async fn sandbox_with(
    app: &TestApp,
    name: &str,
    domain: &str,
    mut coordinator: Client,
    admin: Client,
) -> Sandbox {
    let (organization_id, partner) =
        applied_and_confirmed(app, name, domain, &format!("admin@{domain}")).await;
    approved(&mut coordinator, &organization_id).await;
    let enrolled = post(
        &mut coordinator,
        "/api/v1/enrollments",
        serde_json::json!({"organization_id": organization_id, "track": "fhir-implementation-guide-partner", "start": "2027-01-04"}),
    )
    .await;
    assert_eq!(enrolled.status, StatusCode::CREATED, "{}", enrolled.body);
    let enrollment_id = enrolled.json()["id"].as_str().unwrap().to_owned();
    let opened = post(
        &mut coordinator,
        &format!("/api/v1/enrollments/{enrollment_id}/environments"),
        serde_json::json!({"kind": "sandbox"}),
    )
    .await;
    assert_eq!(opened.status, StatusCode::CREATED, "{}", opened.body);
    let environment = opened.json();
    assert_eq!(environment["packages"][0], "hl7.fhir.r4.core#4.0.1");
    Sandbox {
        organization_id,
        enrollment_id,
        environment_id: environment["id"].as_str().unwrap().to_owned(),
        partner,
        coordinator,
        admin,
    }
}

/// Registers a `client_secret_basic` client; its id and secret.
pub async fn secret_client(
    partner: &mut Client,
    environment_id: &str,
    scopes: &str,
) -> (String, String) {
    let created = post(
        partner,
        &format!("/api/v1/environments/{environment_id}/clients"),
        serde_json::json!({"name": "Test tool", "auth_method": "client_secret_basic", "scopes": scopes}),
    )
    .await;
    assert_eq!(created.status, StatusCode::CREATED, "{}", created.body);
    let client = created.json();
    (
        client["id"].as_str().unwrap().to_owned(),
        client["client_secret"].as_str().unwrap().to_owned(),
    )
}

fn b64(bytes: &[u8]) -> String {
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes)
}

/// A signing key made in the test, with its public JWK.
pub struct TestKey {
    pub kid: String,
    pub algorithm: Algorithm,
    pub encoding: EncodingKey,
    pub jwk: serde_json::Value,
}

pub fn rsa_key(kid: &str) -> TestKey {
    use rsa::pkcs1::EncodeRsaPrivateKey;
    use rsa::traits::PublicKeyParts;
    let key = rsa::RsaPrivateKey::new(&mut rand::thread_rng(), 2048).unwrap();
    let pem = key
        .to_pkcs1_pem(rsa::pkcs1::LineEnding::LF)
        .unwrap()
        .to_string();
    TestKey {
        kid: kid.to_owned(),
        algorithm: Algorithm::RS384,
        encoding: EncodingKey::from_rsa_pem(pem.as_bytes()).unwrap(),
        jwk: serde_json::json!({
            "kty": "RSA", "kid": kid, "alg": "RS384", "use": "sig",
            "n": b64(&key.n().to_bytes_be()), "e": b64(&key.e().to_bytes_be()),
        }),
    }
}

pub fn ec_key(kid: &str) -> TestKey {
    use ring::signature::{EcdsaKeyPair, KeyPair, ECDSA_P384_SHA384_FIXED_SIGNING};
    let rng = ring::rand::SystemRandom::new();
    let pkcs8 = EcdsaKeyPair::generate_pkcs8(&ECDSA_P384_SHA384_FIXED_SIGNING, &rng).unwrap();
    let pair =
        EcdsaKeyPair::from_pkcs8(&ECDSA_P384_SHA384_FIXED_SIGNING, pkcs8.as_ref(), &rng).unwrap();
    let point = pair.public_key().as_ref();
    let (x, y) = (&point[1..49], &point[49..97]);
    TestKey {
        kid: kid.to_owned(),
        algorithm: Algorithm::ES384,
        encoding: EncodingKey::from_ec_der(pkcs8.as_ref()),
        jwk: serde_json::json!({
            "kty": "EC", "kid": kid, "alg": "ES384", "use": "sig", "crv": "P-384",
            "x": b64(x), "y": b64(y),
        }),
    }
}

/// Registers a `private_key_jwt` client with `keys`; its id.
pub async fn jwt_client(
    partner: &mut Client,
    environment_id: &str,
    keys: &[&TestKey],
    scopes: &str,
) -> String {
    let jwks =
        serde_json::json!({"keys": keys.iter().map(|key| key.jwk.clone()).collect::<Vec<_>>()});
    let created = post(
        partner,
        &format!("/api/v1/environments/{environment_id}/clients"),
        serde_json::json!({"name": "Backend service", "auth_method": "private_key_jwt", "scopes": scopes, "jwks": jwks}),
    )
    .await;
    assert_eq!(created.status, StatusCode::CREATED, "{}", created.body);
    created.json()["id"].as_str().unwrap().to_owned()
}

pub const TOKEN_URL: &str = "http://onramp.test/oauth/token";

/// Seconds since the epoch now (the application's clock is the system clock in these tests).
pub fn now_seconds() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs() as i64
}

/// A client assertion signed with `key`, with these claims.
pub fn assertion(key: &TestKey, claims: serde_json::Value) -> String {
    let mut header = Header::new(key.algorithm);
    header.kid = Some(key.kid.clone());
    header.typ = Some("JWT".to_owned());
    jsonwebtoken::encode(&header, &claims, &key.encoding).unwrap()
}

/// The usual claims for `client_id`: aud the token URL, five minutes ahead, a fresh jti.
pub fn claims(client_id: &str) -> serde_json::Value {
    serde_json::json!({
        "iss": client_id, "sub": client_id, "aud": TOKEN_URL,
        "exp": now_seconds() + 240, "jti": uuid::Uuid::new_v4().to_string(),
    })
}

/// `POST /oauth/token` with a client assertion.
pub async fn token_by_assertion(app: &TestApp, assertion: &str, scope: &str) -> TestResponse {
    let body = serde_urlencoded::to_string([
        ("grant_type", "client_credentials"),
        ("scope", scope),
        (
            "client_assertion_type",
            "urn:ietf:params:oauth:client-assertion-type:jwt-bearer",
        ),
        ("client_assertion", assertion),
    ])
    .unwrap();
    app.client()
        .send(
            Request::builder()
                .method(Method::POST)
                .uri("/oauth/token")
                .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
                .body(Body::from(body))
                .unwrap(),
        )
        .await
}

/// `POST /oauth/token` with HTTP Basic.
pub async fn token_by_secret(app: &TestApp, id: &str, secret: &str, scope: &str) -> TestResponse {
    let body =
        serde_urlencoded::to_string([("grant_type", "client_credentials"), ("scope", scope)])
            .unwrap();
    let basic = base64::engine::general_purpose::STANDARD.encode(format!("{id}:{secret}"));
    app.client()
        .send(
            Request::builder()
                .method(Method::POST)
                .uri("/oauth/token")
                .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
                .header(header::AUTHORIZATION, format!("Basic {basic}"))
                .body(Body::from(body))
                .unwrap(),
        )
        .await
}

/// A bearer token of a new secret client with `scopes`.
pub async fn token(app: &TestApp, sandbox: &mut Sandbox, scopes: &str) -> String {
    let (id, secret) = secret_client(&mut sandbox.partner, &sandbox.environment_id, scopes).await;
    let issued = token_by_secret(app, &id, &secret, "").await;
    assert_eq!(issued.status, StatusCode::OK, "{}", issued.body);
    issued.json()["access_token"].as_str().unwrap().to_owned()
}

/// A FHIR request to `/sandbox/{environment}/fhir{path}`.
pub async fn fhir(
    app: &TestApp,
    environment_id: &str,
    token: &str,
    method: Method,
    path: &str,
    body: Option<&str>,
    headers: &[(&str, &str)],
) -> TestResponse {
    let mut builder = Request::builder()
        .method(method)
        .uri(format!("/sandbox/{environment_id}/fhir{path}"))
        .header(header::AUTHORIZATION, format!("Bearer {token}"))
        .header(header::ACCEPT, "application/fhir+json");
    if body.is_some() {
        builder = builder.header(header::CONTENT_TYPE, "application/fhir+json");
    }
    for (name, value) in headers {
        builder = builder.header(*name, *value);
    }
    app.client()
        .send(
            builder
                .body(Body::from(body.unwrap_or_default().to_owned()))
                .unwrap(),
        )
        .await
}

/// A real server over `app` on `listener`, until the returned sender is dropped or used.
pub fn serve(app: &TestApp, listener: tokio::net::TcpListener) -> tokio::sync::oneshot::Sender<()> {
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let router = onramp_server::app(app.state.clone())
        .into_make_service_with_connect_info::<std::net::SocketAddr>();
    tokio::spawn(async move {
        axum::serve(listener, router)
            .with_graceful_shutdown(async {
                let _ = stopped.await;
            })
            .await
            .unwrap();
    });
    stop
}

/// The application of [`sandbox_app`](crate::sandbox_support::sandbox_app), at `base_url`: the
/// real address it is served on, which its links, SMART configuration and token URL name.
pub async fn sandbox_app_at(backend: &TestBackend, base_url: &str) -> TestApp {
    TestApp::with_config(backend, |config| {
        config.fhir_package_dir = Some(shared_packages());
        config.fhir_package_cache = config.data_dir.join("fhir-cache");
        config.public_base_url = base_url.to_owned();
    })
    .await
}
