//! `onramp tracks`: check track files (every problem as `FILE:LINE:COLUMN: message`) and forecast
//! a track for an organization profile (the likely end date, P50/P90, the critical path and each
//! step's dates and slack), as text or JSON.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use jiff::civil::Date;
use onramp_core::registry::partner::{OrganizationType, SizeBand};
use onramp_core::tracks::{
    forecast, parse_calendar, parse_track, Calendar, Forecast, Problem, Profile, Simulation, Track,
};
use serde_json::{json, Value};

#[derive(Debug, clap::Subcommand)]
pub enum TracksCommand {
    /// Check track files. Exit codes: 0 clean; 1 problems, printed as FILE:LINE:COLUMN: MESSAGE;
    /// 2 a file could not be read.
    Check(CheckArgs),
    /// Forecast a track for an organization: the likely end date, P50 and P90 from a seeded
    /// Monte Carlo over the three-point estimates (triangular), the critical path, and each step's
    /// start, finish and slack in business days.
    Forecast(ForecastArgs),
}

#[derive(Debug, clap::Args)]
pub struct CheckArgs {
    /// Track files (TOML).
    #[arg(required = true, value_name = "FILE")]
    files: Vec<PathBuf>,
}

/// Output formats.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    Text,
    Json,
}

#[derive(Debug, clap::Args)]
pub struct ForecastArgs {
    /// The track file (TOML).
    #[arg(value_name = "FILE")]
    file: PathBuf,
    /// The first day of the enrollment (the next business day when it is not one).
    #[arg(long, value_name = "YYYY-MM-DD")]
    start: Date,
    /// The organization's size band: 1-50, 51-500, 501-5000 or 5000+.
    #[arg(long, value_name = "BAND", value_parser = parse_size_band)]
    size_band: Option<SizeBand>,
    /// The organization's type, by its stored name (community_hospital, health_system, …).
    #[arg(long = "type", value_name = "TYPE", value_parser = parse_organization_type)]
    organization_type: Option<OrganizationType>,
    /// A calendar file (working_days, holidays); Monday to Friday without holidays otherwise.
    #[arg(long, value_name = "FILE")]
    calendar: Option<PathBuf>,
    /// The Monte Carlo's seed: the same seed gives the same forecast.
    #[arg(long, default_value_t = Simulation::default().seed)]
    seed: u64,
    /// The Monte Carlo's draws.
    #[arg(long, default_value_t = 1000, value_parser = clap::value_parser!(u32).range(1..=1_000_000))]
    iterations: u32,
    #[arg(long, value_enum, default_value = "text")]
    format: Format,
}

fn parse_size_band(text: &str) -> Result<SizeBand, String> {
    text.parse::<SizeBand>()
        .map_err(|error| format!("expected one of: {}", error.expected))
}

fn parse_organization_type(text: &str) -> Result<OrganizationType, String> {
    text.parse::<OrganizationType>()
        .map_err(|error| format!("expected one of: {}", error.expected))
}

pub fn run(command: TracksCommand) -> ExitCode {
    match command {
        TracksCommand::Check(args) => check(&args),
        TracksCommand::Forecast(args) => run_forecast(&args),
    }
}

fn print_problems(file: &Path, problems: &[Problem], to_stderr: bool) {
    for problem in problems {
        let line = format!("{}:{problem}", file.display());
        if to_stderr {
            eprintln!("{line}");
        } else {
            println!("{line}");
        }
    }
}

fn check(args: &CheckArgs) -> ExitCode {
    let mut unreadable = false;
    let mut any_problem = false;
    for file in &args.files {
        let text = match std::fs::read_to_string(file) {
            Ok(text) => text,
            Err(error) => {
                eprintln!("error: cannot read {}: {error}", file.display());
                unreadable = true;
                continue;
            }
        };
        match parse_track(&text) {
            Ok(track) => println!(
                "{}: ok ({} v{}, {} steps)",
                file.display(),
                track.id,
                track.version,
                track.steps().count()
            ),
            Err(problems) => {
                any_problem = true;
                print_problems(file, &problems, false);
            }
        }
    }
    if unreadable {
        ExitCode::from(2)
    } else if any_problem {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}

/// Reads and parses a file, printing why not; `None` means exit 2.
fn read<T>(file: &Path, parse: impl Fn(&str) -> Result<T, Vec<Problem>>) -> Option<T> {
    let text = match std::fs::read_to_string(file) {
        Ok(text) => text,
        Err(error) => {
            eprintln!("error: cannot read {}: {error}", file.display());
            return None;
        }
    };
    match parse(&text) {
        Ok(value) => Some(value),
        Err(problems) => {
            print_problems(file, &problems, true);
            None
        }
    }
}

fn run_forecast(args: &ForecastArgs) -> ExitCode {
    let Some(track) = read(&args.file, parse_track) else {
        return ExitCode::from(2);
    };
    let calendar = match &args.calendar {
        Some(file) => match read(file, parse_calendar) {
            Some(calendar) => calendar,
            None => return ExitCode::from(2),
        },
        None => Calendar::default(),
    };
    let profile = Profile {
        size_band: args.size_band,
        organization_type: args.organization_type,
    };
    let simulation = Simulation {
        iterations: usize::try_from(args.iterations).unwrap_or(1000),
        seed: args.seed,
    };
    let forecast = match forecast(&track, &profile, &calendar, args.start, simulation) {
        Ok(forecast) => forecast,
        Err(error) => {
            eprintln!("error: {error}");
            return ExitCode::from(2);
        }
    };
    match args.format {
        Format::Json => println!("{}", to_json(&track, &profile, &forecast)),
        Format::Text => print!("{}", to_text(&track, &profile, &forecast)),
    }
    ExitCode::SUCCESS
}

/// A whole number of days as an integer, else as it is.
fn days(value: f64) -> Value {
    if value.fract() == 0.0 && value.abs() < 1e15 {
        json!(value as i64)
    } else {
        json!(value)
    }
}

fn to_json(track: &Track, profile: &Profile, forecast: &Forecast) -> Value {
    json!({
        "track": { "id": track.id, "version": track.version, "name": track.name },
        "profile": {
            "size_band": profile.size_band.map(|band| band.as_str()),
            "type": profile.organization_type.map(|kind| kind.as_str()),
        },
        "start": forecast.start.to_string(),
        "end": {
            "likely": forecast.likely_end.to_string(),
            "p50": forecast.p50_end.to_string(),
            "p90": forecast.p90_end.to_string(),
        },
        "critical_path": forecast.critical_path,
        "steps": forecast.steps.iter().map(|step| json!({
            "key": step.key,
            "start": step.start.to_string(),
            "finish": step.finish.to_string(),
            "slack": days(step.slack),
            "critical": step.critical,
            "milestone": step.milestone,
        })).collect::<Vec<_>>(),
        "milestones": forecast.milestones().map(|step| json!({
            "key": step.key,
            "date": step.finish.to_string(),
        })).collect::<Vec<_>>(),
        "simulation": {
            "distribution": "triangular",
            "iterations": forecast.simulation.iterations,
            "seed": forecast.simulation.seed,
        },
    })
}

fn to_text(track: &Track, profile: &Profile, forecast: &Forecast) -> String {
    use std::fmt::Write as _;
    let mut text = String::new();
    let for_whom = match (profile.size_band, profile.organization_type) {
        (None, None) => "any organization".to_owned(),
        (band, kind) => [band.map(|band| band.label()), kind.map(|kind| kind.label())]
            .into_iter()
            .flatten()
            .collect::<Vec<_>>()
            .join(", "),
    };
    let _ = writeln!(text, "{} (v{}), for {for_whom}", track.name, track.version);
    let _ = writeln!(
        text,
        "start {}; end: likely {}, P50 {}, P90 {} ({} draws, triangular, seed {})",
        forecast.start,
        forecast.likely_end,
        forecast.p50_end,
        forecast.p90_end,
        forecast.simulation.iterations,
        forecast.simulation.seed
    );
    let _ = writeln!(
        text,
        "critical path: {}",
        forecast.critical_path.join(" → ")
    );
    let width = forecast
        .steps
        .iter()
        .map(|step| step.key.chars().count())
        .max()
        .unwrap_or(4)
        .max(4);
    let _ = writeln!(text, "\n{:width$}  start       finish      slack", "step");
    for step in &forecast.steps {
        let mark = match (step.critical, step.milestone) {
            (true, true) => "  critical, milestone",
            (true, false) => "  critical",
            (false, true) => "  milestone",
            (false, false) => "",
        };
        let _ = writeln!(
            text,
            "{:width$}  {}  {}  {:>5}{mark}",
            step.key,
            step.start,
            step.finish,
            days(step.slack).to_string()
        );
    }
    text
}
