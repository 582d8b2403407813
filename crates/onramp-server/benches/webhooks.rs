//! Measures webhook deliveries: events emitted through the outbox, fanned out and POSTed, signed,
//! to a loopback receiver that answers 200, by one worker pool on SQLite and, when
//! `ONRAMP_TEST_POSTGRES_URL` is set, on PostgreSQL. Reports deliveries per second from the start
//! of the pool to the last delivery received.
//!
//! `cargo bench -p onramp-server --bench webhooks` (`ONRAMP_BENCH_EVENTS` sets the events, default
//! 1000; `ONRAMP_BENCH_WORKERS` the workers, default 4).

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use onramp_server::platform::jobs::{self, Registry};
use onramp_server::platform::outbox::{emit, Event};
use onramp_server::ServerConfig;
use onramp_store::platform::webhooks::{self as webhook_store, NewSubscription, Scope};

fn env_number(name: &str, default: usize) -> usize {
    std::env::var(name)
        .ok()
        .and_then(|text| text.parse().ok())
        .unwrap_or(default)
}

async fn receiver() -> (String, Arc<AtomicUsize>) {
    let count = Arc::new(AtomicUsize::new(0));
    let counter = Arc::clone(&count);
    let router = axum::Router::new().route(
        "/hook",
        axum::routing::post(move |_body: String| {
            let counter = Arc::clone(&counter);
            async move {
                counter.fetch_add(1, Ordering::SeqCst);
                "ok"
            }
        }),
    );
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, router).await.unwrap() });
    (format!("http://{addr}/hook"), count)
}

async fn measure(label: &str, postgres: Option<&str>, n_events: usize, workers: usize) {
    let dir = tempfile::tempdir().unwrap();
    let mut config = ServerConfig::with_data_dir(dir.path().to_path_buf());
    if let Some(base_url) = postgres {
        config.database_url = onramp_store::testing::fresh_postgres_schema(base_url)
            .await
            .unwrap();
    }
    config.job_workers = workers;
    config.job_poll_interval_ms = 10;
    config.webhook_allow_private_addresses = true;
    config.audit_checkpoint_minutes = 0;
    let state = onramp_server::build_state(config).await.unwrap();
    let (url, received) = receiver().await;
    let now = state.clock.now_ms();
    let mut tx = state.store.begin().await.unwrap();
    webhook_store::insert(
        &mut tx,
        &NewSubscription {
            scope: &Scope::Program,
            url: &url,
            event_types: &["organization.applied".to_owned()],
            secret: &onramp_server::platform::webhooks::new_secret(),
            created_by: "bench",
        },
        now,
    )
    .await
    .unwrap();
    for index in 0..n_events {
        emit(
            &mut tx,
            now,
            Event {
                event_type: "organization.applied",
                organization_id: None,
                data: serde_json::json!({"index": index, "name": "Bench Clinic"}),
            },
        )
        .await
        .unwrap();
    }
    tx.commit().await.unwrap();

    let started = Instant::now();
    let pool = jobs::start(state.clone(), Registry::standard(&state.config));
    while received.load(Ordering::SeqCst) < n_events {
        assert!(started.elapsed() < Duration::from_secs(600), "gave up");
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
    let elapsed = started.elapsed();
    pool.shutdown().await;
    println!(
        "{label:<10} workers {workers}: {n_events} events → {n_events} deliveries in {:.2} s = {:.0} deliveries/s (fan-out jobs included)",
        elapsed.as_secs_f64(),
        n_events as f64 / elapsed.as_secs_f64()
    );
    state.store.close().await;
}

fn main() {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .unwrap();
    let n_events = env_number("ONRAMP_BENCH_EVENTS", 1000);
    let workers = env_number("ONRAMP_BENCH_WORKERS", 4);
    runtime.block_on(async {
        measure("sqlite", None, n_events, workers).await;
        if let Ok(url) = std::env::var("ONRAMP_TEST_POSTGRES_URL") {
            if !url.is_empty() {
                measure("postgresql", Some(&url), n_events, workers).await;
            }
        }
    });
}
