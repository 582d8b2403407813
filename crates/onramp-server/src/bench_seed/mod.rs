//! `onramp bench seed`: fills an empty database with a large, realistic and reproducible program —
//! organizations in every state and tier with identifiers, evidence and signed agreements; their
//! users and learners; enrollments at every stage with their sandboxes, resources and message log;
//! support tickets; and audit events up to a requested total — for measuring lists at scale
//! (docs/adr/0013-lists-at-scale.md).
//!
//! # How is it written?
//!
//! Through the product's own store and service functions, so every row is one the product could
//! have written and the audit chain verifies (`onramp audit verify`). Rows go in transactions of a
//! few thousand ([`BATCH`]); the additional audit events go through
//! [`onramp_store::platform::audit::append_batch`]. One password hash is computed once and given
//! to every seeded user ([`SEEDED_PASSWORD`]).
//!
//! # What is reproducible?
//!
//! Every choice comes from one `StdRng` seeded with `--seed`, and every time from a
//! [`ManualClock`] that starts at [`START_MS`] and moves by random steps: two runs with the same
//! seed write the same names, states, tiers, counts and times. The clock only moves forward, by
//! minutes between actions, so 10,000 organizations' histories span about nine months (from
//! [`START_MS`]) and everything after them about four more. Row ids are the store's random
//! UUIDs (`onramp_store::new_id`) and so differ between runs, as do the hashes that cover them.

mod audit;
mod names;
mod registry;
mod sandbox;
mod support;
mod tracks;

use std::sync::Arc;
use std::time::Instant;

use onramp_core::registry::lifecycle::OrganizationState;
use onramp_core::Role;
use onramp_store::platform::clock::ManualClock;
use rand::rngs::StdRng;
use rand::SeedableRng;

use crate::state::AppState;
use crate::web::error::AppError;

/// Rows (or audit events) per transaction.
pub const BATCH: usize = 2_000;

/// The clock's start: Monday 6 January 2025, 09:00 UTC.
pub const START_MS: i64 = 1_736_154_000_000;

/// The password every seeded user has (hashed once).
pub const SEEDED_PASSWORD: &str = "onramp-bench-password";

/// What to seed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SeedOptions {
    pub organizations: usize,
    pub users_per_org: usize,
    /// The audit log's total to reach (events the seeded actions write count towards it).
    pub audit_events: usize,
    pub enrollments: usize,
    pub sandbox_messages: usize,
    pub tickets: usize,
    pub seed: u64,
}

/// How a seeding run tells its caller how far it is (the CLI draws a progress bar).
pub trait Progress {
    /// A phase starts with `total` steps.
    fn start(&self, phase: &'static str, total: u64);
    /// `n` more steps are done.
    fn advance(&self, n: u64);
}

/// A progress reporter that says nothing.
pub struct Silent;

impl Progress for Silent {
    fn start(&self, _phase: &'static str, _total: u64) {}
    fn advance(&self, _n: u64) {}
}

/// One phase's figures.
#[derive(Clone, Debug)]
pub struct PhaseReport {
    pub phase: &'static str,
    /// Rows the phase wrote (its main entity: organizations, enrollments, messages, …).
    pub rows: u64,
    pub seconds: f64,
}

/// What seeding wrote.
#[derive(Clone, Debug, Default)]
pub struct SeedReport {
    pub phases: Vec<PhaseReport>,
    pub audit_events: i64,
}

/// Why the database was not seeded.
#[derive(Debug, thiserror::Error)]
pub enum SeedError {
    #[error("the database already has users; bench seed writes into an empty database only")]
    NotEmpty,
    #[error(transparent)]
    App(#[from] AppError),
}

impl From<onramp_store::StoreError> for SeedError {
    fn from(error: onramp_store::StoreError) -> Self {
        SeedError::App(error.into())
    }
}

/// A seeded user, kept in memory for later phases (signers, requesters, audit actors).
#[derive(Clone, Debug)]
pub(crate) struct SeededUser {
    pub id: String,
    pub email: String,
    pub role: Role,
    pub organization_id: Option<String>,
}

/// A seeded organization, kept in memory for later phases.
#[derive(Clone, Debug)]
pub(crate) struct SeededOrganization {
    pub id: String,
    pub state: OrganizationState,
    pub country: &'static str,
    /// Indexes into [`Seeder::users`]; the first is the partner admin.
    pub users: std::ops::Range<usize>,
}

/// What the phases share.
pub(crate) struct Seeder<'a> {
    pub state: &'a AppState,
    pub clock: Arc<ManualClock>,
    pub rng: StdRng,
    pub options: SeedOptions,
    pub progress: &'a dyn Progress,
    pub password_hash: String,
    pub staff: Vec<SeededUser>,
    pub users: Vec<SeededUser>,
    pub organizations: Vec<SeededOrganization>,
    /// Enrollment ids, with their organization's index.
    pub enrollments: Vec<(String, usize)>,
    /// Sandbox environment ids, with their organization's index.
    pub environments: Vec<(String, usize)>,
}

impl Seeder<'_> {
    /// Moves the clock forward by a random number of milliseconds in `range`.
    pub fn tick(&mut self, range: std::ops::Range<i64>) {
        let step = rand::Rng::gen_range(&mut self.rng, range);
        self.clock.advance(step);
    }

    /// The staff member of `role` (the first seeded), for acting as them.
    pub fn staff_of(&self, role: Role) -> Result<&SeededUser, AppError> {
        self.staff
            .iter()
            .find(|user| user.role == role)
            .ok_or_else(|| AppError::Internal(format!("no seeded {}", role.as_str())))
    }
}

/// Seeds `state`'s database, whose store reads `clock`. Refuses a database that has users.
pub async fn seed(
    state: &AppState,
    clock: Arc<ManualClock>,
    options: SeedOptions,
    progress: &dyn Progress,
) -> Result<SeedReport, SeedError> {
    if onramp_store::accounts::users::any_exist(state.store.pool()).await? {
        return Err(SeedError::NotEmpty);
    }
    let password_hash = crate::accounts::password::hash_password(SEEDED_PASSWORD)?;
    let mut seeder = Seeder {
        state,
        clock,
        rng: StdRng::seed_from_u64(options.seed),
        options,
        progress,
        password_hash,
        staff: Vec::new(),
        users: Vec::new(),
        organizations: Vec::new(),
        enrollments: Vec::new(),
        environments: Vec::new(),
    };
    let mut report = SeedReport::default();
    let mut timed = |phase: &'static str, rows: u64, started: Instant| {
        report.phases.push(PhaseReport {
            phase,
            rows,
            seconds: started.elapsed().as_secs_f64(),
        });
    };

    let started = Instant::now();
    let rows = registry::seed_staff_and_agreements(&mut seeder).await?;
    timed("staff and agreements", rows, started);

    let started = Instant::now();
    let rows = registry::seed_organizations(&mut seeder).await?;
    timed("organizations and users", rows, started);

    let started = Instant::now();
    let rows = registry::seed_learners(&mut seeder).await?;
    timed("learners", rows, started);

    let started = Instant::now();
    let rows = tracks::seed_enrollments(&mut seeder).await?;
    timed("enrollments", rows, started);

    let started = Instant::now();
    let rows = sandbox::seed_sandboxes(&mut seeder).await?;
    timed("sandboxes and resources", rows, started);

    let started = Instant::now();
    let rows = sandbox::seed_messages(&mut seeder).await?;
    timed("sandbox messages", rows, started);

    let started = Instant::now();
    let rows = support::seed_tickets(&mut seeder).await?;
    timed("tickets", rows, started);

    let started = Instant::now();
    let rows = audit::seed_audit_events(&mut seeder).await?;
    timed("audit events", rows, started);

    report.audit_events = audit::head_seq(state).await?;
    Ok(report)
}
