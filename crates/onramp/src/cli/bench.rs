//! `onramp bench seed`: fill an empty database with a large, reproducible program for measuring
//! lists at scale (docs/adr/0013-lists-at-scale.md; the seeding itself is
//! `onramp_server::bench_seed`).

use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Arc;
use std::time::Instant;

use indicatif::{ProgressBar, ProgressStyle};
use onramp_server::bench_seed::{self, Progress, SeedError, SeedOptions};
use onramp_store::platform::clock::ManualClock;

use crate::settings::{CommonArgs, ServeArgs};

use super::runtime::settings_or_exit;

#[derive(Debug, clap::Subcommand)]
pub enum BenchCommand {
    /// Fill an empty database (SQLite or PostgreSQL, chosen as `onramp serve` chooses it) with
    /// organizations in every state and tier, their users, learners, enrollments, sandboxes and
    /// message log, tickets and audit events, through the product's own store functions: the
    /// result passes `onramp audit verify`. The same --seed writes the same data (row ids aside).
    ///
    /// Example: onramp bench seed --organizations 10000 --audit-events 1000000
    Seed(SeedArgs),
}

#[derive(Debug, clap::Args)]
pub struct SeedArgs {
    #[command(flatten)]
    common: CommonArgs,
    /// Organizations to create.
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u64).range(1..=1_000_000))]
    organizations: u64,
    /// Users per organization; the first is its partner admin, the second a developer.
    #[arg(long, value_name = "K", default_value_t = 3, value_parser = clap::value_parser!(u64).range(1..=100))]
    users_per_org: u64,
    /// The audit log's total to reach; the seeded actions' own events count towards it
    /// [default: 100 per organization].
    #[arg(long, value_name = "M", value_parser = clap::value_parser!(u64).range(0..=100_000_000))]
    audit_events: Option<u64>,
    /// Enrollments in the built-in tracks [default: one per five organizations].
    #[arg(long, value_name = "E", value_parser = clap::value_parser!(u64).range(0..=1_000_000))]
    enrollments: Option<u64>,
    /// Sandbox message-log entries [default: ten per organization].
    #[arg(long, value_name = "S", value_parser = clap::value_parser!(u64).range(0..=100_000_000))]
    sandbox_messages: Option<u64>,
    /// Support tickets [default: one per five organizations].
    #[arg(long, value_name = "T", value_parser = clap::value_parser!(u64).range(0..=1_000_000))]
    tickets: Option<u64>,
    /// The random generator's seed: the same seed gives the same data.
    #[arg(long, value_name = "X", default_value_t = 17)]
    seed: u64,
}

/// One indicatif bar, restarted for each phase.
struct Bar(ProgressBar);

impl Progress for Bar {
    fn start(&self, phase: &'static str, total: u64) {
        self.0.reset();
        self.0.set_length(total);
        self.0.set_position(0);
        self.0.set_message(phase);
    }

    fn advance(&self, n: u64) {
        self.0.inc(n);
    }
}

fn count(value: u64) -> usize {
    usize::try_from(value).unwrap_or(usize::MAX)
}

pub async fn run(command: BenchCommand) -> ExitCode {
    match command {
        BenchCommand::Seed(args) => seed(args).await,
    }
}

async fn seed(args: SeedArgs) -> ExitCode {
    let settings = match settings_or_exit(&args.common, &ServeArgs::default()) {
        Ok(settings) => settings,
        Err(code) => return code,
    };
    let options = SeedOptions {
        organizations: count(args.organizations),
        users_per_org: count(args.users_per_org),
        audit_events: count(args.audit_events.unwrap_or(args.organizations * 100)),
        enrollments: count(args.enrollments.unwrap_or(args.organizations / 5)),
        sandbox_messages: count(args.sandbox_messages.unwrap_or(args.organizations * 10)),
        tickets: count(args.tickets.unwrap_or(args.organizations / 5)),
        seed: args.seed,
    };
    let clock = Arc::new(ManualClock::new(bench_seed::START_MS));
    let started = Instant::now();
    let state =
        match onramp_server::build_state_with_clock(settings.server.clone(), clock.clone()).await {
            Ok(state) => state,
            Err(error) => {
                eprintln!("error: {error}");
                return ExitCode::from(2);
            }
        };
    let setup_seconds = started.elapsed().as_secs_f64();
    let bar = ProgressBar::new(0);
    if let Ok(style) = ProgressStyle::with_template(
        "{msg:>24} [{elapsed_precise}] {wide_bar} {human_pos}/{human_len} ({per_sec}, {eta})",
    ) {
        bar.set_style(style);
    }
    let result = bench_seed::seed(&state, clock, options, &Bar(bar.clone())).await;
    bar.finish_and_clear();
    let report = match result {
        Ok(report) => report,
        Err(SeedError::NotEmpty) => {
            eprintln!("error: {}", SeedError::NotEmpty);
            return ExitCode::from(2);
        }
        Err(error) => {
            eprintln!("error: seeding: {error}");
            return ExitCode::from(1);
        }
    };
    let analyze_started = Instant::now();
    if let Err(error) = state.store.optimize().await {
        eprintln!("error: analyzing the seeded tables: {error}");
        return ExitCode::from(1);
    }
    let analyze_seconds = analyze_started.elapsed().as_secs_f64();
    println!(
        "seeded the {} database (seed {}):",
        state.store.backend().as_str(),
        options.seed
    );
    println!("  {:<26} {:>10} {:>9}", "phase", "rows", "seconds");
    println!(
        "  {:<26} {:>10} {:>9.1}",
        "setup and migrations", "", setup_seconds
    );
    for phase in &report.phases {
        println!(
            "  {:<26} {:>10} {:>9.1}",
            phase.phase, phase.rows, phase.seconds
        );
    }
    println!("  {:<26} {:>10} {:>9.1}", "analyze", "", analyze_seconds);
    println!(
        "  {:<26} {:>10} {:>9.1}",
        "total",
        "",
        started.elapsed().as_secs_f64()
    );
    println!("audit events in the chain: {}", report.audit_events);
    if let Some(bytes) = sqlite_size(&settings.server.database_url) {
        println!("database size: {:.1} MiB", bytes as f64 / 1_048_576.0);
    }
    state.store.close().await;
    ExitCode::SUCCESS
}

/// The SQLite database's size on disk (the file and its write-ahead log); `None` for PostgreSQL.
fn sqlite_size(url: &str) -> Option<u64> {
    let rest = url.strip_prefix("sqlite:")?;
    let path = rest.trim_start_matches("//");
    let path = PathBuf::from(path.split('?').next().unwrap_or(path));
    let size = |path: &PathBuf| std::fs::metadata(path).map_or(0, |metadata| metadata.len());
    let mut wal = path.clone().into_os_string();
    wal.push("-wal");
    Some(size(&path) + size(&PathBuf::from(wal)))
}
