//! Measures conformance testing at scale, on SQLite (and PostgreSQL when
//! `ONRAMP_TEST_POSTGRES_URL` is set):
//!
//! 1. **Message tests over a large log**: a sandbox log of 100,000 messages (creates of US Core
//!    Patients claimed and conforming, unclaimed ones the judge validates, refused ones with their
//!    OperationOutcome, Observations with and without a LOINC code, searches and reads) judged by
//!    a suite of 50 message tests that never settle early (so every message is read): the time
//!    of the whole evaluation — pages read from the database and judged — and messages per
//!    second.
//! 2. **TestScripts in parallel against the sandbox**: 20 TestScripts (create, read back, search,
//!    eight asserts each) run at once, each on its own thread, against the sandbox served on a
//!    loopback port: wall time, and per-script p50 and max.
//!
//! `cargo bench -p onramp-server --bench conformance` (`ONRAMP_BENCH_MESSAGES` sets the log size,
//! default 100000; `ONRAMP_BENCH_SCRIPTS` how many scripts at once, default 20).

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

use std::sync::Arc;
use std::time::{Duration, Instant};

use axum::body::Body;
use axum::http::{header, Request};
use base64::Engine as _;
use onramp_core::conformance::suite::MessageTest;
use onramp_fhir::testscript::{self, http::UreqTransport, NoFixtures, Script};
use onramp_server::conformance::services::message_tests::Judge;
use onramp_server::sandbox::services::engines;
use onramp_server::state::AppState;
use onramp_server::ServerConfig;
use onramp_store::sandbox::messages::{self, Message};
use sha2::Digest as _;
use tower::ServiceExt;

fn env_number(name: &str, default: usize) -> usize {
    std::env::var(name)
        .ok()
        .and_then(|text| text.parse().ok())
        .unwrap_or(default)
}

const US_CORE_PATIENT: &str = "http://hl7.org/fhir/us/core/StructureDefinition/us-core-patient";
const PACKAGES: &[&str] = &["hl7.fhir.r4.core#4.0.1", "hl7.fhir.us.core#6.1.0"];

/// An organization, an enrollment and its sandbox, straight into the tables.
async fn sandbox_rows(state: &AppState) -> (String, String) {
    let version = onramp_store::tracks::definitions::list_latest(state.store.pool())
        .await
        .unwrap()
        .into_iter()
        .next()
        .unwrap();
    let now = state.clock.now_ms();
    let mut tx = state.store.begin().await.unwrap();
    sqlx::query("INSERT INTO organizations (id, name, state, created_at, category, country, tier) VALUES ('bench-org', 'Bench Org', 'active', $1, 'technology_vendor', 'US', 'registered')")
        .bind(now)
        .execute(tx.conn())
        .await
        .unwrap();
    sqlx::query(
        "INSERT INTO enrollments (id, organization_id, track_version_id, track_key, state, \
         coordinator_id, started_on, target_end, seed, baseline_end, likely_end, p50_end, \
         p90_end, steps_total, steps_finished, current_phase, at_risk, created_at, updated_at) \
         VALUES ('bench-enrollment', 'bench-org', $1, $2, 'active', NULL, '2026-06-01', NULL, 1, \
         '2027-01-01', '2027-01-01', '2027-01-01', '2027-02-01', 20, 0, 'Build', 0, $3, $3)",
    )
    .bind(&version.id)
    .bind(&version.track_key)
    .bind(now)
    .execute(tx.conn())
    .await
    .unwrap();
    let environment = onramp_store::sandbox::environments::insert(
        &mut tx,
        onramp_store::sandbox::environments::NewEnvironment {
            enrollment_id: "bench-enrollment",
            organization_id: "bench-org",
            kind: "sandbox",
            name: "Bench sandbox",
            packages: &PACKAGES.iter().map(|p| (*p).to_owned()).collect::<Vec<_>>(),
            policy: "record",
            production_url: None,
            created_by: None,
        },
    )
    .await
    .unwrap();
    let client = onramp_store::sandbox::clients::insert(
        &mut tx,
        onramp_store::sandbox::clients::NewClient {
            environment_id: &environment.id,
            organization_id: "bench-org",
            name: "Bench",
            auth_method: "client_secret_basic",
            scopes: &["system/*.cruds".to_owned()],
            jwks: None,
            jwks_url: None,
            expires_at: None,
            created_by: None,
        },
    )
    .await
    .unwrap();
    let secret = "bench-secret-0123456789abcdef";
    onramp_store::sandbox::clients::add_secret(
        &mut tx,
        &client.id,
        &hex::encode(sha2::Sha256::digest(secret.as_bytes())),
        "cdef",
        None,
    )
    .await
    .unwrap();
    tx.commit().await.unwrap();
    let basic = base64::engine::general_purpose::STANDARD.encode(format!("{}:{secret}", client.id));
    (environment.id, basic)
}

fn message(environment_id: &str, index: usize, now: i64) -> Message {
    let kind = index % 10;
    let (interaction, method, url, resource_type, profiles, body, status, errors) = match kind {
        0..=2 => (
            "create",
            "POST",
            "/Patient".to_owned(),
            "Patient",
            US_CORE_PATIENT,
            Some(format!(
                r#"{{"resourceType": "Patient", "meta": {{"profile": ["{US_CORE_PATIENT}"]}}, "identifier": [{{"system": "http://hospital.example/mrn", "value": "{index}"}}], "name": [{{"family": "F{index}"}}], "gender": "female"}}"#
            )),
            201,
            0,
        ),
        3 => (
            "create",
            "POST",
            "/Patient".to_owned(),
            "Patient",
            "",
            Some(format!(
                r#"{{"resourceType": "Patient", "identifier": [{{"system": "http://hospital.example/mrn", "value": "{index}"}}], "name": [{{"family": "U{index}"}}], "gender": "male"}}"#
            )),
            201,
            0,
        ),
        4 => (
            "create",
            "POST",
            "/Patient".to_owned(),
            "Patient",
            US_CORE_PATIENT,
            Some(format!(
                r#"{{"resourceType": "Patient", "meta": {{"profile": ["{US_CORE_PATIENT}"]}}, "birthDate": "19{:02}-01-01"}}"#,
                index % 100
            )),
            422,
            2,
        ),
        5 | 6 => (
            "create",
            "POST",
            "/Observation".to_owned(),
            "Observation",
            "",
            Some(format!(
                r#"{{"resourceType": "Observation", "status": "final", "code": {{"coding": [{{"system": "{}", "code": "8867-4"}}]}}, "subject": {{"reference": "Patient/{index}"}}, "valueQuantity": {{"value": {}, "unit": "/min", "system": "http://unitsofmeasure.org", "code": "/min"}}}}"#,
                if kind == 5 {
                    "http://loinc.org"
                } else {
                    "http://example.org/local"
                },
                60 + index % 40
            )),
            201,
            0,
        ),
        7 | 8 => (
            "search-type",
            "GET",
            format!("/Patient?family=F{index}&_count=10"),
            "Patient",
            "",
            None,
            200,
            0,
        ),
        _ => (
            "read",
            "GET",
            format!("/Patient/{index}"),
            "Patient",
            "",
            None,
            200,
            0,
        ),
    };
    Message {
        id: format!("m{index:07}"),
        environment_id: environment_id.to_owned(),
        organization_id: "bench-org".to_owned(),
        client_id: None,
        received_at: now + index as i64,
        duration_us: 1_000,
        method: method.to_owned(),
        url,
        interaction: interaction.to_owned(),
        resource_type: Some(resource_type.to_owned()),
        resource_id: Some(index.to_string()),
        profiles: profiles.to_owned(),
        request_headers: "{}".to_owned(),
        request_body: body,
        status,
        response_body: None,
        outcome: (status == 422).then(|| r#"{"resourceType": "OperationOutcome", "issue": [{"severity": "error", "code": "required", "diagnostics": "Patient.identifier: minimum required = 1, but only found 0"}]}"#.to_owned()),
        errors,
        warnings: 0,
    }
}

/// Fifty message tests of the kinds a suite has, none of which is satisfied early.
fn fifty_tests() -> Vec<MessageTest> {
    let never = 10_000;
    (0..50)
        .map(|index| {
            let base = MessageTest {
                key: format!("t{index}"),
                title: format!("Test {index}"),
                requirements: Vec::new(),
                resource_type: None,
                profile: None,
                interaction: None,
                search_param: None,
                condition: None,
                min_count: never,
            };
            match index % 5 {
                0 => MessageTest {
                    resource_type: Some("Patient".into()),
                    profile: Some(US_CORE_PATIENT.into()),
                    ..base
                },
                1 => MessageTest {
                    resource_type: Some("Observation".into()),
                    condition: Some(
                        "Observation.code.coding.where(system = 'http://loinc.org').exists()"
                            .into(),
                    ),
                    ..base
                },
                2 => MessageTest {
                    resource_type: Some("Patient".into()),
                    interaction: Some("search-type".into()),
                    search_param: Some("family".into()),
                    ..base
                },
                3 => MessageTest {
                    resource_type: Some("Patient".into()),
                    condition: Some(format!("Patient.name.family.startsWith('F{}')", index % 10)),
                    ..base
                },
                _ => MessageTest {
                    interaction: Some("read".into()),
                    resource_type: Some("Patient".into()),
                    ..base
                },
            }
        })
        .collect()
}

const READ_BACK: &str = r##"{
  "resourceType": "TestScript", "id": "bench", "url": "http://example.org/TestScript/bench", "name": "Bench", "status": "active",
  "contained": [{"resourceType": "Patient", "id": "p1", "identifier": [{"system": "http://hospital.example/mrn", "value": "b1"}], "name": [{"family": "Bench", "given": ["Ada"]}], "gender": "female"}],
  "fixture": [{"id": "patient", "autocreate": false, "autodelete": false, "resource": {"reference": "#p1"}}],
  "test": [{"name": "create, read, search", "action": [
    {"operation": {"type": {"system": "http://terminology.hl7.org/CodeSystem/testscript-operation-codes", "code": "create"}, "resource": "Patient", "sourceId": "patient", "responseId": "created", "encodeRequestUrl": true}},
    {"assert": {"response": "created", "warningOnly": false}},
    {"assert": {"headerField": "Location", "operator": "notEmpty", "warningOnly": false}},
    {"operation": {"type": {"system": "http://terminology.hl7.org/CodeSystem/testscript-operation-codes", "code": "read"}, "resource": "Patient", "targetId": "created", "encodeRequestUrl": true}},
    {"assert": {"responseCode": "200", "warningOnly": false}},
    {"assert": {"resource": "Patient", "warningOnly": false}},
    {"assert": {"contentType": "json", "warningOnly": false}},
    {"assert": {"expression": "Patient.name.first().family", "value": "Bench", "warningOnly": false}},
    {"operation": {"type": {"system": "http://terminology.hl7.org/CodeSystem/testscript-operation-codes", "code": "search"}, "resource": "Patient", "params": "?family=Bench", "encodeRequestUrl": true}},
    {"assert": {"responseCode": "200", "warningOnly": false}},
    {"assert": {"expression": "Bundle.entry.exists()", "warningOnly": false}}
  ]}]
}"##;

#[tokio::main(flavor = "multi_thread", worker_threads = 2)]
async fn main() {
    let n = env_number("ONRAMP_BENCH_MESSAGES", 100_000);
    let scripts = env_number("ONRAMP_BENCH_SCRIPTS", 20);
    let shared =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/fhir/packages");
    let postgres = onramp_store::testing::postgres_base_url();
    let mut backends: Vec<(&str, Option<&str>)> = vec![("SQLite", None)];
    if let Some(url) = postgres.as_deref() {
        backends.push(("PostgreSQL", Some(url)));
    }
    for (name, url) in &backends {
        let dir = tempfile::tempdir().unwrap();
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let base = format!("http://{}", listener.local_addr().unwrap());
        let mut config = ServerConfig::with_data_dir(dir.path().to_path_buf());
        if let Some(base_url) = url {
            config.database_url = onramp_store::testing::fresh_postgres_schema(base_url)
                .await
                .unwrap();
        }
        config.job_workers = 0;
        config.public_base_url = base.clone();
        config.fhir_package_dir = Some(shared.clone());
        config.fhir_package_cache = dir.path().join("fhir-cache");
        let state = onramp_server::build_state(config).await.unwrap();
        let (environment_id, basic) = sandbox_rows(&state).await;

        // 1. The log, then the fifty tests over it.
        let now = state.clock.now_ms();
        let started = Instant::now();
        for batch in 0..n.div_ceil(1_000) {
            let mut tx = state.store.begin().await.unwrap();
            for index in batch * 1_000..((batch + 1) * 1_000).min(n) {
                messages::insert(&mut tx, &message(&environment_id, index, now))
                    .await
                    .unwrap();
            }
            tx.commit().await.unwrap();
        }
        state.store.optimize().await.unwrap();
        let written = started.elapsed();
        let packages: Vec<String> = PACKAGES.iter().map(|p| (*p).to_owned()).collect();
        let started = Instant::now();
        let engine = engines::for_packages(&state.config, &packages)
            .await
            .unwrap();
        let engine_ready = started.elapsed();
        let tests = fifty_tests();
        let started = Instant::now();
        let mut judge = Judge::new(engine.clone(), &tests);
        let mut after: Option<(i64, String)> = None;
        let mut seen = 0;
        loop {
            let page = onramp_store::conformance::log::page(
                state.store.pool(),
                &environment_id,
                after.as_ref().map(|(time, id)| (*time, id.as_str())),
                500,
            )
            .await
            .unwrap();
            let Some(last) = page.last() else { break };
            after = Some((last.received_at, last.id.clone()));
            seen += page.len();
            judge = tokio::task::spawn_blocking(move || {
                for exchange in &page {
                    judge.observe(exchange);
                }
                judge
            })
            .await
            .unwrap();
        }
        let judged = started.elapsed();
        let findings = judge.findings();
        assert_eq!(seen, n);
        let satisfied: usize = findings.iter().map(|f| f.satisfied_count).sum();
        println!(
            "{name}: {n} messages written in {:.1} s; engine ready in {:.1} s; 50 message tests over {seen} messages: {:.2} s ({:.0} messages/s, {satisfied} satisfactions counted)",
            written.as_secs_f64(),
            engine_ready.as_secs_f64(),
            judged.as_secs_f64(),
            seen as f64 / judged.as_secs_f64()
        );

        // 2. Scripts in parallel against the sandbox on a loopback port.
        let router = onramp_server::app(state.clone())
            .into_make_service_with_connect_info::<std::net::SocketAddr>();
        let server = tokio::spawn(async move { axum::serve(listener, router).await.unwrap() });
        let token_response = onramp_server::app(state.clone())
            .oneshot(
                Request::builder()
                    .method("POST")
                    .uri("/oauth/token")
                    .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
                    .header(header::AUTHORIZATION, format!("Basic {basic}"))
                    .body(Body::from(
                        "grant_type=client_credentials&scope=system%2F*.cruds",
                    ))
                    .unwrap(),
            )
            .await
            .unwrap();
        let bytes = axum::body::to_bytes(token_response.into_body(), 1 << 20)
            .await
            .unwrap();
        let token: serde_json::Value = serde_json::from_slice(&bytes).unwrap();
        let token = token["access_token"].as_str().unwrap().to_owned();
        let fhir_base = format!("{base}/sandbox/{environment_id}/fhir");
        let script = Arc::new(Script::parse(READ_BACK.as_bytes()).unwrap());
        let (fhirpath, validator) = (engine.fhirpath.clone(), engine.clone());
        let started = Instant::now();
        let handles: Vec<_> = (0..scripts)
            .map(|_| {
                let (script, fhirpath, validator, fhir_base, token) = (
                    script.clone(),
                    fhirpath.clone(),
                    validator.clone(),
                    fhir_base.clone(),
                    token.clone(),
                );
                tokio::task::spawn_blocking(move || {
                    let transport = UreqTransport::new(Duration::from_secs(60));
                    let headers = vec![("Authorization".to_owned(), format!("Bearer {token}"))];
                    let settings = testscript::RunSettings {
                        base_url: &fhir_base,
                        fhirpath: &fhirpath,
                        validator: Some(&validator.validator),
                        issued: "2026-12-03T00:00:00Z",
                        tester: "Onramp bench",
                        extra_headers: &headers,
                        variables: &[],
                    };
                    let began = Instant::now();
                    let outcome =
                        testscript::run(&script, &settings, &transport, &NoFixtures, &mut |_| {});
                    assert_eq!(
                        outcome.summary.result,
                        testscript::ReportResult::Pass,
                        "{:#}",
                        outcome.report
                    );
                    began.elapsed()
                })
            })
            .collect();
        let mut times = Vec::new();
        for handle in handles {
            times.push(handle.await.unwrap());
        }
        let wall = started.elapsed();
        times.sort();
        println!(
            "{name}: {scripts} TestScripts (3 operations, 8 asserts each) at once against the sandbox: {:.0} ms wall, per script p50 {:.0} ms, max {:.0} ms",
            wall.as_secs_f64() * 1e3,
            times[times.len() / 2].as_secs_f64() * 1e3,
            times[times.len() - 1].as_secs_f64() * 1e3
        );
        server.abort();
    }
}
