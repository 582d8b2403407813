//! Onboarding tracks: what a program asks of a partner, in phases of steps, and when it will be
//! done.
//!
//! # What is a track?
//!
//! A versioned definition, written as a TOML file (docs/adr/0007-track-definition-format.md):
//! phases of steps, each with a stable key, an owner role, a three-point estimate in business days
//! (refined by organization size band and type), finish-to-start dependencies with an optional
//! lag, and the evidence it needs; gates, whose conditions say when a partner may pass; and risk
//! templates that start an enrollment's risk register.
//!
//! - [`model`]: the track and its parts.
//! - [`parse`]: reading and checking a track file, every problem with its line and column.
//! - [`calendar`]: business days — working days and holidays — and arithmetic over them.
//! - [`schedule`]: the critical path method (forward and backward pass, slack) and the forecast
//!   end date: the likely one and P50/P90 from a seeded Monte Carlo; the forecast of what remains
//!   once steps finish.
//! - [`enrollment`]: the statuses of an enrollment's tasks and gates, and gate evaluation against
//!   what has happened.
//! - [`risks`]: risks raised from signals (a critical step overdue, a gate blocking work).

pub mod calendar;
pub mod enrollment;
pub mod model;
pub mod parse;
pub mod risks;
pub mod schedule;

mod graph;
pub(crate) mod random;
mod tree;

pub use calendar::{Calendar, CalendarError, Calendars};
pub use model::{
    Condition, Dependency, Estimate, EstimateOverride, Evidence, Gate, Phase, Position, Profile,
    RiskTemplate, Step, Track,
};
pub use parse::{parse_calendar, parse_track, Problem};
pub use schedule::{
    forecast, forecast_remaining, Forecast, Network, Plan, ScheduleError, Simulation, StepForecast,
    StepPlan,
};
