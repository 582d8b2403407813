//! Measures the job queue: claim → run → complete throughput of no-op jobs with one and two
//! worker pools (as two instances) on SQLite and, when `ONRAMP_TEST_POSTGRES_URL` is set, on
//! PostgreSQL; and the delay from enqueue to start for jobs enqueued one at a time.
//!
//! `cargo bench -p onramp-server --bench jobs` (`ONRAMP_BENCH_JOBS` sets the jobs per drain,
//! default 2000; `ONRAMP_BENCH_WORKERS` the workers per pool, default 2).

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::time::{Duration, Instant};

use onramp_core::platform::jobs::JobState;
use onramp_server::platform::jobs::{self, JobError, Registry};
use onramp_server::state::AppState;
use onramp_server::ServerConfig;
use onramp_store::platform::jobs::{self as job_store, NewJob};

const NOOP: &str = "bench.noop";

fn registry() -> Registry {
    let mut registry = Registry::empty();
    registry.register(NOOP, |_state, _job| async { Ok::<(), JobError>(()) });
    registry
}

fn env_number(name: &str, default: usize) -> usize {
    std::env::var(name)
        .ok()
        .and_then(|text| text.parse().ok())
        .unwrap_or(default)
}

async fn fresh_config(
    postgres: Option<&str>,
    dir: &std::path::Path,
    workers: usize,
    poll_ms: u64,
) -> ServerConfig {
    let mut config = ServerConfig::with_data_dir(dir.to_path_buf());
    if let Some(base_url) = postgres {
        config.database_url = onramp_store::testing::fresh_postgres_schema(base_url)
            .await
            .unwrap();
    }
    config.job_workers = workers;
    config.job_poll_interval_ms = poll_ms;
    config
}

async fn states(config: &ServerConfig, n_pools: usize) -> Vec<AppState> {
    let mut states = Vec::new();
    for index in 0..n_pools {
        let mut config = config.clone();
        config.data_dir = config.data_dir.join(format!("instance-{index}"));
        states.push(onramp_server::build_state(config).await.unwrap());
    }
    states
}

async fn enqueue_many(state: &AppState, n: usize) {
    let now = state.clock.now_ms();
    let mut tx = state.store.begin().await.unwrap();
    for _ in 0..n {
        job_store::enqueue(
            &mut tx,
            &NewJob {
                kind: NOOP,
                payload_json: "{}",
                unique_key: None,
                run_at: now,
                max_attempts: 3,
            },
            now,
        )
        .await
        .unwrap();
    }
    tx.commit().await.unwrap();
}

async fn n_succeeded(state: &AppState) -> i64 {
    job_store::count_by_state(state.store.pool())
        .await
        .unwrap()
        .into_iter()
        .find(|(state, _)| *state == JobState::Succeeded)
        .map_or(0, |(_, n)| n)
}

/// Jobs per second draining `n_jobs` queued no-op jobs with `n_pools` pools.
async fn throughput(postgres: Option<&str>, n_pools: usize, n_jobs: usize, workers: usize) -> f64 {
    let dir = tempfile::tempdir().unwrap();
    let config = fresh_config(postgres, dir.path(), workers, 10).await;
    let states = states(&config, n_pools).await;
    enqueue_many(&states[0], n_jobs).await;
    let started = Instant::now();
    let pools: Vec<_> = states
        .iter()
        .map(|state| jobs::start(state.clone(), registry()))
        .collect();
    while n_succeeded(&states[0]).await < n_jobs as i64 {
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
    let elapsed = started.elapsed();
    for pool in pools {
        pool.shutdown().await;
    }
    n_jobs as f64 / elapsed.as_secs_f64()
}

/// Median and 95th percentile of enqueue → start, in ms, for jobs enqueued one at a time into an
/// idle pool polling every `poll_ms`.
async fn delay(postgres: Option<&str>, poll_ms: u64, n_jobs: usize) -> (i64, i64) {
    let dir = tempfile::tempdir().unwrap();
    let config = fresh_config(postgres, dir.path(), 2, poll_ms).await;
    let state = states(&config, 1).await.remove(0);
    let pool = jobs::start(state.clone(), registry());
    for index in 0..n_jobs {
        enqueue_many(&state, 1).await;
        // Spread enqueues over the poll interval so that they do not all land just after a poll.
        let pause = 20 + (index as u64 * 37) % poll_ms.max(1);
        tokio::time::sleep(Duration::from_millis(pause)).await;
    }
    while n_succeeded(&state).await < n_jobs as i64 {
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    pool.shutdown().await;
    let listed = job_store::list(state.store.pool(), Some(JobState::Succeeded), 1_000, 0)
        .await
        .unwrap();
    let mut delays: Vec<i64> = listed
        .jobs
        .iter()
        .filter_map(|job| job.started_at.map(|started| started - job.created_at))
        .collect();
    delays.sort_unstable();
    let at = |fraction: f64| delays[((delays.len() - 1) as f64 * fraction).round() as usize];
    (at(0.5), at(0.95))
}

#[tokio::main]
async fn main() {
    let n_jobs = env_number("ONRAMP_BENCH_JOBS", 2_000);
    let workers = env_number("ONRAMP_BENCH_WORKERS", 2);
    let postgres = onramp_store::testing::postgres_base_url();
    let mut backends: Vec<(&str, Option<&str>)> = vec![("SQLite", None)];
    if let Some(url) = postgres.as_deref() {
        backends.push(("PostgreSQL", Some(url)));
    }
    println!("no-op jobs, {n_jobs} per drain, {workers} workers per pool, polling every 10 ms");
    for (name, url) in &backends {
        for n_pools in [1, 2] {
            let mut runs = Vec::new();
            for _ in 0..3 {
                runs.push(throughput(*url, n_pools, n_jobs, workers).await);
            }
            runs.sort_by(f64::total_cmp);
            println!(
                "{name}: {n_pools} pool(s): {:.0} jobs/s (median of 3; {:.0}–{:.0})",
                runs[1], runs[0], runs[2]
            );
        }
    }
    for (name, url) in &backends {
        for poll_ms in [1_000, 100] {
            let (median, p95) = delay(*url, poll_ms, 100).await;
            println!(
                "{name}: enqueue → start, polling every {poll_ms} ms: median {median} ms, p95 {p95} ms"
            );
        }
    }
}
