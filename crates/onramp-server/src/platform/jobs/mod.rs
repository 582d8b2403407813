//! The job workers: a [`Registry`] of job kinds and their handlers, a pool of workers per
//! instance that claim due jobs with a lease, renew the lease while the handler runs and record
//! the outcome, and the recurring jobs every instance keeps scheduled.
//!
//! # What runs where?
//!
//! Every `onramp serve` starts [`start`]ed workers (`job_workers`, default 2). A worker claims the
//! oldest due job (`onramp_store::platform::jobs::claim`), runs its handler in a task, renews the
//! lease every third of `job_lease_seconds`, and marks the job succeeded, or failed with a
//! backoff, in one transaction. A maintenance task per instance puts jobs whose lease ran out
//! back in the queue and keeps every recurring kind scheduled: the schedule is a queued job with
//! the unique key `recurring:<kind>`, so instances never double-schedule, and finishing a run
//! enqueues the next one in the same transaction.
//!
//! Routine transitions (claim, heartbeat, complete, fail) write no audit event: they are the
//! machine's bookkeeping, recorded on the job row itself (attempts, last error, times). An admin's
//! retry or cancel is audited (`services::jobs`).
//!
//! The admin's side is [`service`] (retry, cancel, with audit events), [`pages`] and [`api`].

pub mod api;
pub mod pages;
pub mod service;

use std::collections::HashMap;
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::time::Duration;

use onramp_core::platform::jobs::JobState;
use onramp_store::platform::jobs::{self, Job, NewJob};
use onramp_store::StoreError;
use serde::Deserialize;
use tokio::sync::watch;
use tokio::task::JoinHandle;
use tokio::time::Instant;

use crate::state::AppState;
use crate::web::error::AppError;

/// An operations self-check: sleeps for the payload's `sleep_ms` (at most ten minutes), then
/// succeeds. `{"sleep_ms": 0}` is a no-op job, for measuring the queue.
pub const PROBE: &str = "platform.probe";
/// Deletes expired sessions, every ten minutes.
pub const SESSION_CLEANUP: &str = "platform.session_cleanup";
/// Recomputes every organization's tier, every ten minutes.
pub const TIER_SWEEP: &str = "registry.tier_sweep";
/// Signs a checkpoint of the audit chain every `audit_checkpoint_minutes`.
pub const AUDIT_CHECKPOINT: &str = "audit.checkpoint";
/// Deletes finished jobs, sent mail and settled webhook records older than `retention_days`.
pub const RETENTION: &str = "platform.retention";

/// Attempts a job gets unless its enqueuer says otherwise.
pub const DEFAULT_MAX_ATTEMPTS: i64 = 5;

/// How long a worker that is shutting down waits for its running job before handing it back (or
/// one lease, when that is shorter: shutting down never takes longer than a lease).
const SHUTDOWN_GRACE: Duration = Duration::from_secs(10);
/// How often each instance re-checks that every recurring kind has its next run queued.
const ENSURE_RECURRING_EVERY: Duration = Duration::from_secs(60);

/// Why a handler did not finish its job.
#[derive(Debug, thiserror::Error)]
pub enum JobError {
    /// Worth another attempt, after the backoff.
    #[error("{0}")]
    Retry(String),
    /// Will never succeed (a payload the handler cannot read): no more attempts.
    #[error("{0}")]
    Permanent(String),
}

impl From<AppError> for JobError {
    fn from(error: AppError) -> Self {
        JobError::Retry(error.to_string())
    }
}

impl From<StoreError> for JobError {
    fn from(error: StoreError) -> Self {
        JobError::Retry(error.to_string())
    }
}

/// What a handler returns.
pub type JobFuture = Pin<Box<dyn Future<Output = Result<(), JobError>> + Send>>;
type Handler = Arc<dyn Fn(AppState, Job) -> JobFuture + Send + Sync>;

#[derive(Clone)]
struct Kind {
    handler: Handler,
    /// For recurring kinds: the time from one run's end to the next run.
    every_ms: Option<i64>,
}

/// The job kinds this instance can run, with their handlers and schedules.
#[derive(Clone, Default)]
pub struct Registry {
    kinds: HashMap<&'static str, Kind>,
}

impl Registry {
    /// No kinds at all (tests add their own).
    pub fn empty() -> Registry {
        Registry::default()
    }

    /// The kinds `onramp serve` runs: the probe, session clean-up, the tier sweep, the audit
    /// checkpoint, and the outbox's fan-out, mail and webhook deliveries.
    pub fn standard(config: &crate::config::ServerConfig) -> Registry {
        let mut registry = Registry::empty();
        registry.register(PROBE, probe);
        crate::platform::outbox::register(&mut registry);
        crate::platform::webhooks::register(&mut registry);
        crate::tracks::register_jobs(&mut registry);
        crate::sandbox::services::expiry::register(&mut registry);
        crate::conformance::register_jobs(&mut registry);
        crate::training::register_jobs(&mut registry);
        crate::support::register_jobs(&mut registry);
        registry.register_recurring(SESSION_CLEANUP, Duration::from_secs(600), expire_sessions);
        registry.register_recurring(TIER_SWEEP, Duration::from_secs(600), sweep_tiers);
        registry.register_recurring(RETENTION, Duration::from_secs(6 * 3_600), prune_old_rows);
        if config.audit_checkpoint_minutes > 0 {
            registry.register_recurring(
                AUDIT_CHECKPOINT,
                Duration::from_secs(u64::from(config.audit_checkpoint_minutes) * 60),
                sign_audit_checkpoint,
            );
        }
        registry
    }

    /// Adds (or replaces) a kind run on demand.
    pub fn register<F, Fut>(&mut self, kind: &'static str, handler: F)
    where
        F: Fn(AppState, Job) -> Fut + Send + Sync + 'static,
        Fut: Future<Output = Result<(), JobError>> + Send + 'static,
    {
        self.insert(kind, handler, None);
    }

    /// Adds (or replaces) a kind that runs by itself, `every` after its previous run ended.
    pub fn register_recurring<F, Fut>(&mut self, kind: &'static str, every: Duration, handler: F)
    where
        F: Fn(AppState, Job) -> Fut + Send + Sync + 'static,
        Fut: Future<Output = Result<(), JobError>> + Send + 'static,
    {
        let every_ms = i64::try_from(every.as_millis()).unwrap_or(i64::MAX);
        self.insert(kind, handler, Some(every_ms));
    }

    fn insert<F, Fut>(&mut self, kind: &'static str, handler: F, every_ms: Option<i64>)
    where
        F: Fn(AppState, Job) -> Fut + Send + Sync + 'static,
        Fut: Future<Output = Result<(), JobError>> + Send + 'static,
    {
        let handler: Handler = Arc::new(move |state, job| Box::pin(handler(state, job)));
        self.kinds.insert(kind, Kind { handler, every_ms });
    }

    /// The kinds, sorted.
    pub fn kinds(&self) -> Vec<&'static str> {
        let mut kinds: Vec<_> = self.kinds.keys().copied().collect();
        kinds.sort_unstable();
        kinds
    }
}

/// The unique key that holds a recurring kind's next run.
pub fn recurring_key(kind: &str) -> String {
    format!("recurring:{kind}")
}

/// A running pool of workers; [`WorkerPool::shutdown`] stops it.
pub struct WorkerPool {
    instance_id: String,
    shutdown: watch::Sender<bool>,
    tasks: Vec<JoinHandle<()>>,
}

impl WorkerPool {
    /// This instance's id, as recorded in `locked_by` of the jobs it runs.
    pub fn instance_id(&self) -> &str {
        &self.instance_id
    }

    /// Stops claiming, lets running jobs finish (or hands them back after a grace period), and
    /// waits for every worker to end.
    pub async fn shutdown(self) {
        let _ = self.shutdown.send(true);
        for task in self.tasks {
            let _ = task.await;
        }
    }
}

struct Worker {
    state: AppState,
    registry: Registry,
    instance_id: String,
    poll: Duration,
    lease_ms: i64,
}

/// Starts `config.job_workers` workers and the maintenance task for `state`'s database.
pub fn start(state: AppState, registry: Registry) -> WorkerPool {
    let instance_id = onramp_store::new_id();
    let (shutdown, shutdown_rx) = watch::channel(false);
    let n_workers = state.config.job_workers;
    let worker = Arc::new(Worker {
        poll: Duration::from_millis(state.config.job_poll_interval_ms.max(1)),
        lease_ms: i64::try_from(state.config.job_lease_seconds.max(1))
            .unwrap_or(60)
            .saturating_mul(1_000),
        state,
        registry,
        instance_id: instance_id.clone(),
    });
    let mut tasks = Vec::new();
    if n_workers > 0 {
        tasks.push(tokio::spawn(maintain(
            Arc::clone(&worker),
            shutdown_rx.clone(),
        )));
        for _ in 0..n_workers {
            tasks.push(tokio::spawn(work(Arc::clone(&worker), shutdown_rx.clone())));
        }
    }
    tracing::info!(instance.id = %instance_id, workers = n_workers, "job workers started");
    WorkerPool {
        instance_id,
        shutdown,
        tasks,
    }
}

/// Runs every due job of `state`'s database in this task, one after another through the workers'
/// own code (claim, lease, handler, record), until none is due; returns how many ran. Tests use it
/// to deliver what a request queued (mail, webhooks) before they look; jobs a handler queues are
/// run too, once due.
pub async fn drain(state: &AppState, registry: &Registry) -> Result<usize, StoreError> {
    let worker = Worker {
        poll: Duration::from_millis(state.config.job_poll_interval_ms.max(1)),
        lease_ms: i64::try_from(state.config.job_lease_seconds.max(1))
            .unwrap_or(60)
            .saturating_mul(1_000),
        state: state.clone(),
        registry: registry.clone(),
        instance_id: format!("drain-{}", onramp_store::new_id()),
    };
    let (_shutdown, mut shutdown_rx) = watch::channel(false);
    let mut n_ran = 0;
    while let Some(job) = worker.claim().await? {
        worker.run(job, &mut shutdown_rx).await;
        n_ran += 1;
    }
    Ok(n_ran)
}

/// Waits `duration`; `false` when shutdown was asked for meanwhile.
async fn pause(duration: Duration, shutdown: &mut watch::Receiver<bool>) -> bool {
    if *shutdown.borrow() {
        return false;
    }
    tokio::select! {
        () = tokio::time::sleep(duration) => true,
        _ = shutdown.changed() => false,
    }
}

async fn work(worker: Arc<Worker>, mut shutdown: watch::Receiver<bool>) {
    loop {
        if *shutdown.borrow() {
            return;
        }
        match worker.claim().await {
            Ok(Some(job)) => {
                worker.run(job, &mut shutdown).await;
                continue;
            }
            Ok(None) => {}
            Err(error) => tracing::warn!(error = %error, "claiming a job failed"),
        }
        if !pause(worker.poll, &mut shutdown).await {
            return;
        }
    }
}

/// Reclaims expired leases every poll, and keeps recurring kinds scheduled.
async fn maintain(worker: Arc<Worker>, mut shutdown: watch::Receiver<bool>) {
    // At start-up a missing schedule is due at once; later, one period from now.
    if let Err(error) = worker.ensure_recurring(true).await {
        tracing::warn!(error = %error, "scheduling recurring jobs failed");
    }
    let mut last_ensured = Instant::now();
    while pause(worker.poll, &mut shutdown).await {
        match worker.reclaim().await {
            Ok(0) => {}
            Ok(n) => tracing::warn!(
                jobs.reclaimed = n,
                "jobs whose lease ran out are queued again"
            ),
            Err(error) => tracing::warn!(error = %error, "reclaiming expired leases failed"),
        }
        if last_ensured.elapsed() >= ENSURE_RECURRING_EVERY {
            last_ensured = Instant::now();
            if let Err(error) = worker.ensure_recurring(false).await {
                tracing::warn!(error = %error, "scheduling recurring jobs failed");
            }
        }
    }
}

enum Outcome {
    Finished(Result<Result<(), JobError>, tokio::task::JoinError>),
    LeaseLost,
    HandedBack,
}

impl Worker {
    fn now_ms(&self) -> i64 {
        self.state.clock.now_ms()
    }

    async fn claim(&self) -> Result<Option<Job>, StoreError> {
        let mut tx = self.state.store.begin().await?;
        let job = jobs::claim(&mut tx, &self.instance_id, self.now_ms(), self.lease_ms).await?;
        tx.commit().await?;
        Ok(job)
    }

    async fn reclaim(&self) -> Result<u64, StoreError> {
        let mut tx = self.state.store.begin().await?;
        let n = jobs::reclaim_expired(&mut tx, self.now_ms()).await?;
        tx.commit().await?;
        Ok(n)
    }

    async fn ensure_recurring(&self, due_now: bool) -> Result<(), StoreError> {
        for (kind, spec) in &self.registry.kinds {
            let Some(every_ms) = spec.every_ms else {
                continue;
            };
            let now = self.now_ms();
            let run_at = if due_now { now } else { now + every_ms };
            let mut tx = self.state.store.begin().await?;
            schedule_next(&mut tx, kind, run_at, now).await?;
            tx.commit().await?;
        }
        Ok(())
    }

    async fn run(&self, job: Job, shutdown: &mut watch::Receiver<bool>) {
        let Some(kind) = self.registry.kinds.get(job.kind.as_str()).cloned() else {
            let error = format!(
                "no handler for the job kind `{}` on instance {}",
                job.kind, self.instance_id
            );
            self.record(&job, None, Err(JobError::Retry(error))).await;
            return;
        };
        let mut handle = tokio::spawn((kind.handler)(self.state.clone(), job.clone()));
        let heartbeat_every = Duration::from_millis(u64::try_from(self.lease_ms / 3).unwrap_or(1));
        let mut hand_back_at: Option<Instant> = None;
        let outcome = loop {
            tokio::select! {
                joined = &mut handle => break Outcome::Finished(joined),
                () = tokio::time::sleep(heartbeat_every) => {
                    match self.heartbeat(&job).await {
                        Ok(true) => {}
                        Ok(false) => {
                            handle.abort();
                            break Outcome::LeaseLost;
                        }
                        Err(error) => tracing::warn!(job.id = %job.id, error = %error, "renewing a job's lease failed"),
                    }
                }
                _ = shutdown.changed(), if hand_back_at.is_none() => {
                    let lease = Duration::from_millis(u64::try_from(self.lease_ms).unwrap_or(u64::MAX));
                    hand_back_at = Some(Instant::now() + SHUTDOWN_GRACE.min(lease));
                }
                () = tokio::time::sleep_until(hand_back_at.unwrap_or_else(Instant::now)), if hand_back_at.is_some() => {
                    handle.abort();
                    break Outcome::HandedBack;
                }
            }
        };
        match outcome {
            Outcome::Finished(Ok(result)) => self.record(&job, kind.every_ms, result).await,
            Outcome::Finished(Err(join_error)) => {
                let error = if join_error.is_panic() {
                    "the job's handler panicked".to_owned()
                } else {
                    "the job's handler was cancelled".to_owned()
                };
                self.record(&job, kind.every_ms, Err(JobError::Retry(error)))
                    .await;
            }
            Outcome::LeaseLost => tracing::warn!(
                job.id = %job.id,
                job.kind = %job.kind,
                "a job's lease was lost while it ran; another instance may run it again"
            ),
            Outcome::HandedBack => {
                let result = async {
                    let mut tx = self.state.store.begin().await?;
                    jobs::release(&mut tx, &job.id, &self.instance_id, self.now_ms()).await?;
                    tx.commit().await
                }
                .await;
                match result {
                    Ok(()) => {
                        tracing::info!(job.id = %job.id, "a running job was handed back at shutdown")
                    }
                    Err(error) => {
                        tracing::warn!(job.id = %job.id, error = %error, "handing a job back failed; its lease will run out")
                    }
                }
            }
        }
    }

    async fn heartbeat(&self, job: &Job) -> Result<bool, StoreError> {
        let mut tx = self.state.store.begin().await?;
        let held = jobs::heartbeat(
            &mut tx,
            &job.id,
            &self.instance_id,
            self.now_ms(),
            self.lease_ms,
        )
        .await?;
        tx.commit().await?;
        Ok(held)
    }

    /// Records a finished attempt; a recurring kind's next run is queued in the same transaction
    /// whenever this run ends for good.
    async fn record(&self, job: &Job, every_ms: Option<i64>, result: Result<(), JobError>) {
        let outcome = async {
            let now = self.now_ms();
            let mut tx = self.state.store.begin().await?;
            let ended = match &result {
                Ok(()) => {
                    if !jobs::complete(&mut tx, &job.id, &self.instance_id, now).await? {
                        return Ok(None);
                    }
                    JobState::Succeeded
                }
                Err(error) => {
                    let permanent = matches!(error, JobError::Permanent(_));
                    let Some(state) = jobs::fail(
                        &mut tx,
                        job,
                        &self.instance_id,
                        &error.to_string(),
                        permanent,
                        now,
                    )
                    .await?
                    else {
                        return Ok(None);
                    };
                    state
                }
            };
            if let (Some(every_ms), true) = (every_ms, ended != JobState::Queued) {
                schedule_next(&mut tx, &job.kind, now + every_ms, now).await?;
            }
            tx.commit().await?;
            Ok::<_, StoreError>(Some(ended))
        }
        .await;
        match (outcome, &result) {
            (Ok(Some(JobState::Succeeded)), _) => {
                tracing::debug!(job.id = %job.id, job.kind = %job.kind, "job succeeded");
            }
            (Ok(Some(JobState::Dead)), Err(error)) => tracing::error!(
                job.id = %job.id, job.kind = %job.kind, job.attempts = job.attempts, error = %error,
                "job is dead: it failed on its last attempt"
            ),
            (Ok(Some(state)), Err(error)) => tracing::warn!(
                job.id = %job.id, job.kind = %job.kind, job.attempts = job.attempts,
                job.state = state.as_str(), error = %error, "job failed"
            ),
            (Ok(Some(_)), Ok(())) => {}
            (Ok(None), _) => tracing::warn!(
                job.id = %job.id, job.kind = %job.kind,
                "a job finished after its lease was lost; its result was not recorded"
            ),
            (Err(error), _) => tracing::warn!(
                job.id = %job.id, error = %error,
                "recording a job's result failed; its lease will run out and it will run again"
            ),
        }
    }
}

/// Queues a recurring kind's next run at `run_at`, unless one is queued or running already.
async fn schedule_next(
    tx: &mut onramp_store::Tx,
    kind: &str,
    run_at: i64,
    now: i64,
) -> Result<(), StoreError> {
    jobs::enqueue(
        tx,
        &NewJob {
            kind,
            payload_json: "{}",
            unique_key: Some(&recurring_key(kind)),
            run_at,
            max_attempts: 3,
        },
        now,
    )
    .await?;
    Ok(())
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct ProbePayload {
    #[serde(default)]
    sleep_ms: u64,
}

async fn probe(_state: AppState, job: Job) -> Result<(), JobError> {
    let payload: ProbePayload = serde_json::from_str(&job.payload).map_err(|error| {
        JobError::Permanent(format!("a probe's payload is {{\"sleep_ms\": N}}: {error}"))
    })?;
    if payload.sleep_ms > 600_000 {
        return Err(JobError::Permanent(
            "a probe sleeps at most 600000 ms".to_owned(),
        ));
    }
    tokio::time::sleep(Duration::from_millis(payload.sleep_ms)).await;
    tracing::info!(job.id = %job.id, sleep_ms = payload.sleep_ms, "probe job ran");
    Ok(())
}

async fn expire_sessions(state: AppState, _job: Job) -> Result<(), JobError> {
    let idle_ms = i64::from(state.config.session_idle_minutes) * 60_000;
    let n = onramp_store::accounts::sessions::delete_expired(
        state.store.pool(),
        state.clock.now_ms(),
        idle_ms,
    )
    .await?;
    if n > 0 {
        tracing::info!(sessions.expired = n, "expired sessions deleted");
    }
    crate::accounts::rate_limit::delete_stale(&state).await?;
    Ok(())
}

/// Signs a checkpoint of the audit chain into `audit_checkpoint_dir` and logs it. A broken chain
/// is never signed: the job fails (and is retried) with the break as its error, for the jobs page.
async fn sign_audit_checkpoint(state: AppState, _job: Job) -> Result<(), JobError> {
    use crate::platform::audit::checkpoint::{write_checkpoint, CheckpointWriteError};
    match write_checkpoint(
        &state.store,
        &state.audit_signing_key,
        &state.config.audit_checkpoint_dir,
    )
    .await
    {
        Ok(_) => Ok(()),
        Err(CheckpointWriteError::Broken(chain_break)) => {
            tracing::error!(
                audit.break_seq = chain_break.seq,
                reason = %chain_break.reason,
                "audit chain broken; no checkpoint signed"
            );
            Err(JobError::Retry(format!(
                "the audit chain is broken at event {}: {}",
                chain_break.seq, chain_break.reason
            )))
        }
        Err(error) => Err(JobError::Retry(error.to_string())),
    }
}

/// Deletes the bookkeeping rows older than `retention_days` (`onramp_store::platform::retention`).
async fn prune_old_rows(state: AppState, _job: Job) -> Result<(), JobError> {
    let before_ms = state.clock.now_ms() - i64::from(state.config.retention_days) * 86_400_000;
    let mut tx = state.store.begin().await?;
    let pruned = onramp_store::platform::retention::prune(&mut tx, before_ms).await?;
    // Sandbox messages after their own retention; access tokens a day after they expired.
    let now = state.clock.now_ms();
    let messages_before = now - i64::from(state.config.sandbox_message_retention_days) * 86_400_000;
    let messages = onramp_store::sandbox::messages::delete_before(&mut tx, messages_before).await?;
    let tokens = onramp_store::sandbox::tokens::delete_expired(&mut tx, now - 86_400_000).await?;
    tx.commit().await?;
    if messages + tokens > 0 {
        tracing::info!(
            retention.sandbox_messages = messages,
            retention.access_tokens = tokens,
            "old sandbox messages and expired tokens deleted"
        );
    }
    state.store.optimize().await?;
    if pruned.total() > 0 {
        tracing::info!(
            retention.jobs = pruned.jobs,
            retention.mails = pruned.mails,
            retention.webhook_attempts = pruned.webhook_attempts,
            retention.webhook_deliveries = pruned.webhook_deliveries,
            retention.events = pruned.events,
            "old bookkeeping rows deleted"
        );
    }
    Ok(())
}

async fn sweep_tiers(state: AppState, _job: Job) -> Result<(), JobError> {
    let n = crate::registry::services::tiers::sweep(&state).await?;
    if n > 0 {
        tracing::info!(organizations.changed = n, "tiers recomputed");
    }
    Ok(())
}
