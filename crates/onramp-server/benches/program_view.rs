//! Measures the program view at scale: 10,000 generated enrollments (each of its own generated
//! organization, spread over the five built-in tracks, tiers, countries and stages), then the
//! server time of the list — the first page, a filtered page, a deep page, the HTML page and the
//! CSV of a track — through the whole router with a program admin's bearer token, on SQLite and,
//! when `ONRAMP_TEST_POSTGRES_URL` is set, on PostgreSQL. Lists read the stored figures; nothing
//! is forecast per request.
//!
//! `cargo bench -p onramp-server --bench program_view` (`ONRAMP_BENCH_ENROLLMENTS` sets how many,
//! default 10000; `ONRAMP_BENCH_REQUESTS` the requests per row, default 200).

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::time::Instant;

use axum::body::Body;
use axum::http::{header, Request, StatusCode};
use onramp_core::Role;
use onramp_server::accounts::services::tokens::create_for_user;
use onramp_server::accounts::services::users::{create_user, NewAccount};
use onramp_server::state::AppState;
use onramp_server::ServerConfig;
use onramp_store::platform::audit::AuditContext;
use tower::ServiceExt;

mod common;
use common::*;

const COUNTRIES: &[&str] = &["US", "CA", "GB", "KE", "IN", "BR", "DE", "AU"];
const TIERS: &[&str] = &["public", "registered", "collaborative"];
const CATEGORIES: &[&str] = &[
    "healthcare_organization",
    "technology_vendor",
    "public_health_agency",
];

/// Writes `n` organizations, each with one enrollment, straight into the tables (the services'
/// path — a forecast and a transaction per enrollment — is not what is measured here).
async fn generate(state: &AppState, n: usize) {
    let versions = onramp_store::tracks::definitions::list_latest(state.store.pool())
        .await
        .unwrap();
    let now = state.clock.now_ms();
    for batch in 0..n.div_ceil(500) {
        let mut tx = state.store.begin().await.unwrap();
        for index in batch * 500..((batch + 1) * 500).min(n) {
            let organization = format!("bench-org-{index:05}");
            sqlx::query(
                "INSERT INTO organizations (id, name, state, created_at, category, country, tier) \
                 VALUES ($1, $2, 'active', $3, $4, $5, $6)",
            )
            .bind(&organization)
            .bind(format!("Bench Organization {index:05}"))
            .bind(now)
            .bind(CATEGORIES[index % CATEGORIES.len()])
            .bind(COUNTRIES[index % COUNTRIES.len()])
            .bind(TIERS[index % TIERS.len()])
            .execute(tx.conn())
            .await
            .unwrap();
            let version = &versions[index % versions.len()];
            let day = |offset: usize| {
                let date = jiff::civil::date(2027, 1, 1)
                    .checked_add(jiff::Span::new().days((offset % 700) as i64))
                    .unwrap();
                date.to_string()
            };
            let total = 20 + (index % 10) as i64;
            sqlx::query(
                "INSERT INTO enrollments (id, organization_id, track_version_id, track_key, state, \
                 coordinator_id, started_on, target_end, seed, baseline_end, likely_end, p50_end, \
                 p90_end, steps_total, steps_finished, current_phase, at_risk, created_at, \
                 updated_at) VALUES ($1, $2, $3, $4, $5, NULL, '2026-06-01', NULL, $6, $7, $8, $9, \
                 $10, $11, $12, $13, $14, $15, $15)",
            )
            .bind(format!("bench-enrollment-{index:05}"))
            .bind(&organization)
            .bind(&version.id)
            .bind(&version.track_key)
            .bind(if index % 20 == 0 { "completed" } else { "active" })
            .bind(index as i64)
            .bind(day(index))
            .bind(day(index + 7))
            .bind(day(index + 9))
            .bind(day(index + 30))
            .bind(total)
            .bind((index as i64 * 7) % total)
            .bind("Conformance testing")
            .bind(i64::from(index % 10 == 0))
            .bind(now)
            .execute(tx.conn())
            .await
            .unwrap();
        }
        tx.commit().await.unwrap();
    }
}

/// How a request proves who sends it.
enum Credential<'a> {
    Bearer(&'a str),
    Cookie(&'a str),
}

/// `requests` GETs of `path`: (p50, p99) in milliseconds.
async fn measure(
    state: &AppState,
    credential: &Credential<'_>,
    path: &str,
    requests: usize,
) -> (f64, f64) {
    let router = onramp_server::app(state.clone());
    let mut times = Vec::with_capacity(requests);
    for round in 0..requests + 10 {
        let request = match credential {
            Credential::Bearer(token) => {
                Request::get(path).header(header::AUTHORIZATION, format!("Bearer {token}"))
            }
            Credential::Cookie(cookie) => Request::get(path).header(header::COOKIE, *cookie),
        }
        .body(Body::empty())
        .unwrap();
        let started = Instant::now();
        let response = router.clone().oneshot(request).await.unwrap();
        let status = response.status();
        let _ = axum::body::to_bytes(response.into_body(), usize::MAX)
            .await
            .unwrap();
        let elapsed = started.elapsed().as_secs_f64() * 1000.0;
        assert_eq!(status, StatusCode::OK, "{path}");
        if round >= 10 {
            times.push(elapsed);
        }
    }
    times.sort_by(f64::total_cmp);
    let at = |fraction: f64| {
        let rank = ((fraction * times.len() as f64).ceil() as usize).max(1);
        times[rank - 1]
    };
    (at(0.50), at(0.99))
}

#[tokio::main(flavor = "multi_thread", worker_threads = 2)]
async fn main() {
    let n = env_number("ONRAMP_BENCH_ENROLLMENTS", 10_000);
    let requests = env_number("ONRAMP_BENCH_REQUESTS", 200);
    let postgres = onramp_store::testing::postgres_base_url();
    let mut backends: Vec<(&str, Option<&str>)> = vec![("SQLite", None)];
    if let Some(url) = postgres.as_deref() {
        backends.push(("PostgreSQL", Some(url)));
    }
    for (name, url) in &backends {
        let dir = tempfile::tempdir().unwrap();
        let mut config = ServerConfig::with_data_dir(dir.path().to_path_buf());
        if let Some(base_url) = url {
            config.database_url = onramp_store::testing::fresh_postgres_schema(base_url)
                .await
                .unwrap();
        }
        config.job_workers = 0;
        let state = onramp_server::build_state(config).await.unwrap();
        let started = Instant::now();
        generate(&state, n).await;
        let generated = started.elapsed().as_secs_f64();
        // What the recurring `platform.retention` job does after pruning: fresh planner statistics.
        state.store.optimize().await.unwrap();
        let admin = create_user(
            &state.store,
            &AuditContext::system(),
            &NewAccount {
                email: "bench-admin@example.org".to_owned(),
                name: "Bench Admin".to_owned(),
                role: Role::ProgramAdmin,
                organization: None,
                password: "a long bench password 2026".to_owned(),
            },
        )
        .await
        .unwrap();
        let token = create_for_user(&state.store, &AuditContext::system(), &admin, "bench", None)
            .await
            .unwrap()
            .secret;
        let cookie = session_cookie(
            &state,
            "bench-admin@example.org",
            "a long bench password 2026",
        )
        .await;
        println!("### {name}: {n} enrollments (generated in {generated:.1} s), {requests} requests per row");
        println!();
        println!("| request | p50 | p99 |");
        println!("|---|---:|---:|");
        let bearer = Credential::Bearer(&token);
        let session = Credential::Cookie(&cookie);
        let rows: [(&str, &Credential<'_>, &str); 7] = [
            ("API, first page (50)", &bearer, "/api/v1/enrollments"),
            (
                "API, at risk in one track",
                &bearer,
                "/api/v1/enrollments?track=connected-partner&at_risk=true",
            ),
            (
                "API, one country and tier",
                &bearer,
                "/api/v1/enrollments?country=KE&tier=registered",
            ),
            (
                "API, page 150 of 200",
                &bearer,
                "/api/v1/enrollments?page=150",
            ),
            ("portal page /enrollments", &session, "/enrollments"),
            (
                "portal page, filtered",
                &session,
                "/enrollments?track=government-agency-integration&country=CA",
            ),
            (
                "CSV of one track (~2,000 rows)",
                &session,
                "/enrollments.csv?track=connected-partner",
            ),
        ];
        for (label, credential, path) in rows {
            let (p50, p99) = measure(&state, credential, path, requests).await;
            println!("| {label} | {p50:.2} ms | {p99:.2} ms |");
        }
        println!();
        state.store.close().await;
    }
}
