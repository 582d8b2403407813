//! The test harness: a [`TestApp`] per backend over a fresh database, and a cookie-keeping
//! [`Client`] that drives the router in process (`oneshot`), as a browser would.

use std::collections::BTreeMap;
use std::sync::Arc;

use axum::body::Body;
use axum::http::{header, Method, Request, StatusCode};
use axum::Router;
use onramp_core::Role;
use onramp_server::accounts::services::users::{create_user, NewAccount};
use onramp_server::platform::clock::{Clock, SystemClock};
use onramp_server::state::AppState;
use onramp_server::ServerConfig;
use onramp_store::accounts::users::User;
use onramp_store::platform::audit::AuditContext;
use onramp_store::Backend;
use tower::ServiceExt;

pub const PASSWORD: &str = "a long test password";

/// Which database a test runs on.
#[derive(Clone, Debug)]
pub enum TestBackend {
    Sqlite,
    /// The base URL of the PostgreSQL server (`ONRAMP_TEST_POSTGRES_URL`).
    Postgres(String),
}

/// The backends to run on: SQLite always, PostgreSQL when configured.
pub fn backends() -> Vec<TestBackend> {
    let mut backends = vec![TestBackend::Sqlite];
    if let Ok(url) = std::env::var("ONRAMP_TEST_POSTGRES_URL") {
        if !url.is_empty() {
            backends.push(TestBackend::Postgres(url));
        }
    }
    backends
}

/// An application over a fresh database, with its data directory.
pub struct TestApp {
    pub state: AppState,
    pub router: Router,
    pub dir: tempfile::TempDir,
}

impl TestApp {
    pub async fn new(backend: &TestBackend) -> TestApp {
        TestApp::with_config(backend, |_| {}).await
    }

    pub async fn with_config(
        backend: &TestBackend,
        adjust: impl FnOnce(&mut ServerConfig),
    ) -> TestApp {
        TestApp::with_clock(backend, Arc::new(SystemClock), adjust).await
    }

    /// An application whose time comes from `clock` (a `ManualClock` the test moves).
    pub async fn with_clock(
        backend: &TestBackend,
        clock: Arc<dyn Clock>,
        adjust: impl FnOnce(&mut ServerConfig),
    ) -> TestApp {
        let dir = tempfile::tempdir().unwrap();
        let mut config = ServerConfig::with_data_dir(dir.path().to_path_buf());
        if let TestBackend::Postgres(base_url) = backend {
            config.database_url = onramp_store::testing::fresh_postgres_schema(base_url)
                .await
                .expect("ONRAMP_TEST_POSTGRES_URL must point at a reachable PostgreSQL server");
        }
        config.public_base_url = "http://onramp.test".to_owned();
        adjust(&mut config);
        let state = onramp_server::build_state_with_clock(config, clock)
            .await
            .unwrap();
        let router = onramp_server::app(state.clone());
        TestApp { state, router, dir }
    }

    pub fn backend(&self) -> Backend {
        self.state.store.backend()
    }

    pub fn client(&self) -> Client {
        Client {
            router: self.router.clone(),
            cookies: BTreeMap::new(),
            csrf_token: None,
        }
    }

    /// Creates a user with [`PASSWORD`]; partner roles get the organization `organization`.
    pub async fn user(&self, email: &str, role: Role, organization: Option<&str>) -> User {
        create_user(
            &self.state.store,
            &AuditContext::system(),
            &NewAccount {
                email: email.to_owned(),
                name: format!("Test {}", role.label()),
                role,
                organization: organization.map(str::to_owned),
                password: PASSWORD.to_owned(),
            },
        )
        .await
        .unwrap()
    }

    /// A user of `role` (staff, or partner of "Acme Clinic") and a client signed in as them.
    pub async fn signed_in(&self, role: Role) -> (User, Client) {
        let email = format!("{}@example.org", role.as_str());
        let organization = (!role.is_staff()).then_some("Acme Clinic");
        let user = self.user(&email, role, organization).await;
        let mut client = self.client();
        let response = client.login(&email, PASSWORD).await;
        assert_eq!(response.status, StatusCode::SEE_OTHER, "{}", response.body);
        (user, client)
    }

    /// Runs every due job (mail, webhook fan-out and deliveries) to completion in this task,
    /// through the workers' own code; returns how many ran.
    pub async fn drain_jobs(&self) -> usize {
        onramp_server::platform::jobs::drain(
            &self.state,
            &onramp_server::platform::jobs::Registry::standard(&self.state.config),
        )
        .await
        .unwrap()
    }

    /// The messages written to the development mail folder, oldest first, once every due job
    /// (mail is sent by jobs) has run.
    pub async fn mails(&self) -> Vec<String> {
        self.drain_jobs().await;
        self.mails_sent_so_far()
    }

    /// The development mail folder as it is, without running jobs.
    pub fn mails_sent_so_far(&self) -> Vec<String> {
        let mut entries: Vec<_> = std::fs::read_dir(self.dir.path().join("mail"))
            .map(|entries| entries.filter_map(Result::ok).collect())
            .unwrap_or_default();
        entries.sort_by_key(|entry| entry.metadata().and_then(|meta| meta.modified()).ok());
        entries
            .iter()
            .filter(|entry| entry.path().extension().is_some_and(|ext| ext == "eml"))
            .map(|entry| std::fs::read_to_string(entry.path()).unwrap())
            .collect()
    }

    /// The actions of all audit events, oldest first.
    pub async fn audit_actions(&self) -> Vec<String> {
        let page = onramp_store::platform::audit::list(
            self.state.store.pool(),
            &onramp_store::platform::audit::AuditFilter::default(),
            1000,
            0,
        )
        .await
        .unwrap();
        page.events
            .into_iter()
            .rev()
            .map(|event| event.action)
            .collect()
    }
}

/// A response, with its body read.
#[derive(Debug)]
pub struct TestResponse {
    pub status: StatusCode,
    pub headers: axum::http::HeaderMap,
    pub body: String,
}

impl TestResponse {
    pub fn location(&self) -> Option<&str> {
        self.headers
            .get(header::LOCATION)
            .and_then(|value| value.to_str().ok())
    }

    pub fn content_type(&self) -> &str {
        self.headers
            .get(header::CONTENT_TYPE)
            .and_then(|value| value.to_str().ok())
            .unwrap_or("")
    }

    pub fn json(&self) -> serde_json::Value {
        serde_json::from_str(&self.body).unwrap_or_else(|error| panic!("{error}: {}", self.body))
    }

    /// The value of the first `<input name="…" value="…">` on the page.
    pub fn input_value(&self, name: &str) -> Option<String> {
        let marker = format!("name=\"{name}\" value=\"");
        let start = self.body.find(&marker)? + marker.len();
        let end = self.body[start..].find('"')? + start;
        Some(self.body[start..end].to_owned())
    }
}

/// A browser-like client: keeps cookies, remembers the last CSRF token it saw.
#[derive(Clone)]
pub struct Client {
    router: Router,
    pub cookies: BTreeMap<String, String>,
    pub csrf_token: Option<String>,
}

impl Client {
    /// A fresh client of another router (a second instance over the same database).
    pub fn for_router(router: Router) -> Client {
        Client {
            router,
            cookies: BTreeMap::new(),
            csrf_token: None,
        }
    }

    pub async fn send(&mut self, request: Request<Body>) -> TestResponse {
        let mut request = request;
        if !self.cookies.is_empty() {
            let cookie_header = self
                .cookies
                .iter()
                .map(|(name, value)| format!("{name}={value}"))
                .collect::<Vec<_>>()
                .join("; ");
            request
                .headers_mut()
                .insert(header::COOKIE, cookie_header.parse().unwrap());
        }
        let response = self.router.clone().oneshot(request).await.unwrap();
        let status = response.status();
        let headers = response.headers().clone();
        for value in headers.get_all(header::SET_COOKIE) {
            let cookie = cookie::Cookie::parse(value.to_str().unwrap().to_owned()).unwrap();
            if cookie.max_age() == Some(cookie::time::Duration::ZERO) {
                self.cookies.remove(cookie.name());
            } else {
                self.cookies
                    .insert(cookie.name().to_owned(), cookie.value().to_owned());
            }
        }
        let bytes = axum::body::to_bytes(response.into_body(), usize::MAX)
            .await
            .unwrap();
        let response = TestResponse {
            status,
            headers,
            body: String::from_utf8_lossy(&bytes).into_owned(),
        };
        if let Some(token) = response.input_value("csrf_token") {
            self.csrf_token = Some(token);
        }
        response
    }

    pub async fn get(&mut self, path: &str) -> TestResponse {
        self.send(Request::get(path).body(Body::empty()).unwrap())
            .await
    }

    /// Posts a form with the CSRF token of the last page seen (fetching `/` first if none).
    pub async fn post_form(&mut self, path: &str, fields: &[(&str, &str)]) -> TestResponse {
        if self.csrf_token.is_none() {
            self.get("/login").await;
        }
        let token = self.csrf_token.clone().unwrap_or_default();
        let mut all: Vec<(&str, &str)> = vec![("csrf_token", token.as_str())];
        all.extend_from_slice(fields);
        self.post_form_raw(path, &all).await
    }

    /// Posts exactly these fields, no CSRF token added.
    pub async fn post_form_raw(&mut self, path: &str, fields: &[(&str, &str)]) -> TestResponse {
        let body = serde_urlencoded::to_string(fields).unwrap();
        self.send(
            Request::post(path)
                .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
                .body(Body::from(body))
                .unwrap(),
        )
        .await
    }

    pub async fn send_json(&mut self, method: Method, path: &str, body: &str) -> TestResponse {
        self.send(
            Request::builder()
                .method(method)
                .uri(path)
                .header(header::CONTENT_TYPE, "application/json")
                .body(Body::from(body.to_owned()))
                .unwrap(),
        )
        .await
    }

    /// Signs in through the login form; returns the response to the POST.
    pub async fn login(&mut self, email: &str, password: &str) -> TestResponse {
        self.get("/login").await;
        self.post_form("/login", &[("email", email), ("password", password)])
            .await
    }

    /// Refreshes the CSRF token from a page the client may see.
    pub async fn refresh_csrf(&mut self) {
        self.csrf_token = None;
        let page = self.get("/").await;
        if page.input_value("csrf_token").is_none() {
            self.get("/login").await;
        }
    }
}
