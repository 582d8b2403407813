//! When a track will be done for one organization: the critical path method over the steps'
//! likely durations, and the end date's spread from a seeded Monte Carlo over their three-point
//! estimates.
//!
//! # What is the critical path?
//!
//! Steps are scheduled as early as their finish-to-start dependencies (and lags) allow — the
//! forward pass gives each step its early start and finish; the backward pass, from the end of the
//! last step, gives the latest start and finish that do not delay the end. A step's *slack* is the
//! difference: how many business days it may slip without moving the end date. The steps with no
//! slack form the critical path; [`Plan::critical_path`] is one chain of them, first to last.
//!
//! # How are P50 and P90 computed?
//!
//! Each iteration draws every step's duration from a **triangular distribution** over its
//! (optimistic, likely, pessimistic) estimate and runs the forward pass; P50 and P90 are the
//! nearest-rank percentiles of the end offsets. Triangular, not PERT-beta: its inverse CDF is
//! closed-form (one uniform draw and one square root per step), it needs no gamma sampler, and it
//! weights the tails more than PERT-beta does — for onboarding plans, where the pessimistic case
//! is common, the more cautious choice. The draws come from [`super::random::SplitMix64`] seeded by
//! the caller (an enrollment keeps its seed), so a forecast is reproducible.
//!
//! Offsets are business days from the start; dates come from the calendar at the very end, so the
//! passes are plain arithmetic.

use std::collections::BTreeSet;

use jiff::civil::Date;

use super::calendar::{Calendar, CalendarError};
use super::graph;
use super::model::{Estimate, Profile, Track};
use super::random::SplitMix64;

/// Within this, two offsets are the same day (durations may be fractional).
const EPSILON: f64 = 1e-9;

#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum ScheduleError {
    #[error("the steps' dependencies form a cycle")]
    Cycle,
    #[error("unknown step `{0}` in a dependency")]
    UnknownStep(String),
    #[error(transparent)]
    Calendar(#[from] CalendarError),
}

/// A track's steps for one organization profile, in topological order, with their predecessors
/// as indices into that order: built once, then planned and simulated many times.
#[derive(Clone, Debug)]
pub struct Network {
    nodes: Vec<Node>,
    /// `predecessors[pred_start[i]..pred_start[i + 1]]` are node `i`'s (predecessor, lag).
    pred_start: Vec<usize>,
    predecessors: Vec<(usize, f64)>,
}

#[derive(Clone, Debug)]
struct Node {
    key: String,
    /// Where the step is in the track (phase after phase), for output in the track's order.
    track_index: usize,
    /// `None`: the step does not apply to this profile (a pass-through of zero days).
    estimate: Option<Estimate>,
    milestone: bool,
    triangle: Triangle,
}

/// A triangular distribution prepared for inverse-CDF sampling.
#[derive(Clone, Copy, Debug)]
struct Triangle {
    low: f64,
    high: f64,
    /// The CDF at the mode.
    at_mode: f64,
    /// (high − low)(mode − low) and (high − low)(high − mode).
    left: f64,
    right: f64,
}

impl Triangle {
    fn new(estimate: Option<Estimate>) -> Triangle {
        let Estimate {
            optimistic: low,
            likely: mode,
            pessimistic: high,
        } = estimate.unwrap_or(Estimate::fixed(0.0));
        let width = high - low;
        Triangle {
            low,
            high,
            at_mode: if width > 0.0 {
                (mode - low) / width
            } else {
                0.0
            },
            left: width * (mode - low),
            right: width * (high - mode),
        }
    }

    /// Inverse CDF. Written as selects rather than a branch: which side of the mode a draw falls
    /// on is a coin toss the processor cannot predict.
    fn sample(&self, unit: f64) -> f64 {
        let on_left = unit < self.at_mode;
        let scaled = if on_left {
            unit * self.left
        } else {
            (1.0 - unit) * self.right
        };
        let base = if on_left { self.low } else { self.high };
        let sign = if on_left { 1.0 } else { -1.0 };
        base + sign * scaled.sqrt()
    }
}

impl Network {
    pub fn new(track: &Track, profile: &Profile) -> Result<Network, ScheduleError> {
        let steps: Vec<_> = track.steps().collect();
        let index_of: std::collections::HashMap<&str, usize> = steps
            .iter()
            .enumerate()
            .map(|(index, step)| (step.key.as_str(), index))
            .collect();
        let mut by_index: Vec<Vec<(usize, f64)>> = Vec::with_capacity(steps.len());
        for step in &steps {
            let mut preds = Vec::with_capacity(step.after.len());
            for dependency in &step.after {
                let pred = index_of
                    .get(dependency.step.as_str())
                    .ok_or_else(|| ScheduleError::UnknownStep(dependency.step.clone()))?;
                preds.push((*pred, dependency.lag));
            }
            by_index.push(preds);
        }
        let plain: Vec<Vec<usize>> = by_index
            .iter()
            .map(|preds| preds.iter().map(|&(pred, _)| pred).collect())
            .collect();
        let order = graph::topological_order(&plain).ok_or(ScheduleError::Cycle)?;
        let mut position_of = vec![0usize; steps.len()];
        for (position, &index) in order.iter().enumerate() {
            if let Some(slot) = position_of.get_mut(index) {
                *slot = position;
            }
        }
        let mut nodes = Vec::with_capacity(order.len());
        let mut pred_start = Vec::with_capacity(order.len() + 1);
        let mut predecessors = Vec::new();
        for &index in &order {
            let (Some(step), Some(preds)) = (steps.get(index), by_index.get(index)) else {
                continue;
            };
            let estimate = step.estimate_for(profile);
            nodes.push(Node {
                key: step.key.clone(),
                track_index: index,
                estimate,
                milestone: step.milestone && estimate.is_some(),
                triangle: Triangle::new(estimate),
            });
            pred_start.push(predecessors.len());
            for &(pred, lag) in preds {
                let pred_position = position_of.get(pred).copied().unwrap_or(0);
                predecessors.push((pred_position, lag));
            }
        }
        pred_start.push(predecessors.len());
        Ok(Network {
            nodes,
            pred_start,
            predecessors,
        })
    }

    /// The same network with the steps in `finished` taking no time (a step that does not apply
    /// to the profile stays out of the plan).
    pub fn with_finished(mut self, finished: &BTreeSet<String>) -> Network {
        for node in &mut self.nodes {
            if node.estimate.is_some() && finished.contains(&node.key) {
                node.estimate = Some(Estimate::fixed(0.0));
                node.triangle = Triangle::new(node.estimate);
            }
        }
        self
    }

    fn preds(&self, node: usize) -> &[(usize, f64)] {
        let start = self.pred_start.get(node).copied().unwrap_or(0);
        let end = self.pred_start.get(node + 1).copied().unwrap_or(start);
        self.predecessors.get(start..end).unwrap_or(&[])
    }

    fn likely(&self, node: &Node) -> f64 {
        node.estimate.map_or(0.0, |estimate| estimate.likely)
    }

    /// Forward pass with these durations (by topological position); returns the early finishes.
    fn forward(&self, durations: impl Fn(usize) -> f64, finishes: &mut Vec<f64>) -> f64 {
        finishes.clear();
        let mut end = 0.0f64;
        for node in 0..self.nodes.len() {
            let start = self
                .preds(node)
                .iter()
                .map(|&(pred, lag)| finishes.get(pred).copied().unwrap_or(0.0) + lag)
                .fold(0.0f64, f64::max);
            let finish = start + durations(node);
            finishes.push(finish);
            end = end.max(finish);
        }
        end
    }

    /// The critical path method over the likely durations.
    pub fn plan(&self) -> Plan {
        let n = self.nodes.len();
        let durations: Vec<f64> = self.nodes.iter().map(|node| self.likely(node)).collect();
        let duration_of = |node: usize| durations.get(node).copied().unwrap_or(0.0);
        let mut early_finish = Vec::with_capacity(n);
        let end = self.forward(duration_of, &mut early_finish);
        let early_start: Vec<f64> = (0..n)
            .map(|node| early_finish.get(node).copied().unwrap_or(0.0) - duration_of(node))
            .collect();
        // Backward pass: a step must finish before each successor's late start less the lag.
        let mut late_finish = vec![end; n];
        for node in (0..n).rev() {
            let late_start = late_finish.get(node).copied().unwrap_or(end) - duration_of(node);
            for &(pred, lag) in self.preds(node) {
                if let Some(slot) = late_finish.get_mut(pred) {
                    *slot = slot.min(late_start - lag);
                }
            }
        }
        let steps: Vec<StepPlan> = self
            .nodes
            .iter()
            .enumerate()
            .map(|(node, info)| {
                let early_start = early_start.get(node).copied().unwrap_or(0.0);
                let early_finish = early_finish.get(node).copied().unwrap_or(0.0);
                let late_finish = late_finish.get(node).copied().unwrap_or(end);
                let slack = late_finish - early_finish;
                StepPlan {
                    key: info.key.clone(),
                    applies: info.estimate.is_some(),
                    milestone: info.milestone,
                    early_start,
                    early_finish,
                    late_start: late_finish - duration_of(node),
                    late_finish,
                    slack: if slack.abs() < EPSILON { 0.0 } else { slack },
                    critical: slack.abs() < EPSILON,
                }
            })
            .collect();
        let critical_path = self.critical_chain(&steps, end);
        let mut in_track_order: Vec<(usize, StepPlan)> = self
            .nodes
            .iter()
            .map(|node| node.track_index)
            .zip(steps)
            .collect();
        in_track_order.sort_by_key(|(index, _)| *index);
        Plan {
            duration: end,
            steps: in_track_order
                .into_iter()
                .map(|(_, step)| step)
                .filter(|step| step.applies)
                .collect(),
            critical_path,
        }
    }

    /// One chain of critical steps, first to last: from the last step that ends the plan, back
    /// through the predecessor that drives each start (the first written among equals).
    fn critical_chain(&self, steps: &[StepPlan], end: f64) -> Vec<String> {
        let last = steps
            .iter()
            .enumerate()
            .rev()
            .find(|(_, step)| step.critical && (step.early_finish - end).abs() < EPSILON)
            .map(|(node, _)| node);
        let mut chain = Vec::new();
        let mut current = last;
        while let Some(node) = current {
            let Some(step) = steps.get(node) else { break };
            chain.push(node);
            current = self
                .preds(node)
                .iter()
                .filter(|&&(pred, lag)| {
                    steps.get(pred).is_some_and(|pred_step| {
                        pred_step.critical
                            && (pred_step.early_finish + lag - step.early_start).abs() < EPSILON
                    })
                })
                .map(|&(pred, _)| pred)
                .min_by_key(|&pred| self.nodes.get(pred).map_or(usize::MAX, |n| n.track_index));
        }
        chain.reverse();
        chain
            .into_iter()
            .filter_map(|node| self.nodes.get(node))
            .filter(|node| node.estimate.is_some())
            .map(|node| node.key.clone())
            .collect()
    }

    /// The end offsets of `iterations` draws, sorted.
    ///
    /// Iterations run in batches of [`BATCH`], step by step across the batch: each step's draws
    /// and starts for the whole batch are independent of each other, so the processor overlaps
    /// them instead of waiting on one iteration's chain of dependencies.
    pub fn simulate(&self, simulation: Simulation) -> Vec<f64> {
        let mut random = SplitMix64::new(simulation.seed);
        let n = self.nodes.len();
        // finishes[node * BATCH + k]: node's finish in the batch's k-th iteration.
        let mut finishes = vec![0.0f64; n * BATCH];
        let mut ends = Vec::with_capacity(simulation.iterations);
        let mut done = 0;
        while done < simulation.iterations {
            let size = BATCH.min(simulation.iterations - done);
            let mut batch_ends = [0.0f64; BATCH];
            for (node, info) in self.nodes.iter().enumerate() {
                let mut starts = [0.0f64; BATCH];
                for &(pred, lag) in self.preds(node) {
                    let Some(pred_finishes) = finishes.get(pred * BATCH..(pred + 1) * BATCH) else {
                        continue;
                    };
                    for (start, &finish) in starts.iter_mut().zip(pred_finishes) {
                        *start = start.max(finish + lag);
                    }
                }
                let Some(own) = finishes.get_mut(node * BATCH..(node + 1) * BATCH) else {
                    continue;
                };
                for ((finish, start), end) in own.iter_mut().zip(starts).zip(&mut batch_ends) {
                    *finish = start + info.triangle.sample(random.next_unit());
                    *end = end.max(*finish);
                }
            }
            ends.extend(batch_ends.iter().take(size));
            done += size;
        }
        ends.sort_by(f64::total_cmp);
        ends
    }
}

/// Iterations simulated side by side.
const BATCH: usize = 64;

/// The Monte Carlo's size and seed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Simulation {
    pub iterations: usize,
    pub seed: u64,
}

impl Default for Simulation {
    /// 1,000 iterations: P90 within about a business day on tracks of a year, under a millisecond
    /// for 200 steps (docs/benchmarks.md).
    fn default() -> Self {
        Simulation {
            iterations: 1000,
            seed: 1,
        }
    }
}

/// The critical path method's result, offsets in business days from the start.
#[derive(Clone, Debug, PartialEq)]
pub struct Plan {
    /// The likely duration of the whole track.
    pub duration: f64,
    /// The steps that apply to the profile, in the track's order.
    pub steps: Vec<StepPlan>,
    /// Step keys, first to last.
    pub critical_path: Vec<String>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct StepPlan {
    pub key: String,
    applies: bool,
    pub milestone: bool,
    pub early_start: f64,
    pub early_finish: f64,
    pub late_start: f64,
    pub late_finish: f64,
    pub slack: f64,
    pub critical: bool,
}

/// A forecast in dates.
#[derive(Clone, Debug, PartialEq)]
pub struct Forecast {
    pub start: Date,
    pub likely_end: Date,
    pub p50_end: Date,
    pub p90_end: Date,
    pub critical_path: Vec<String>,
    pub steps: Vec<StepForecast>,
    pub simulation: Simulation,
}

impl Forecast {
    /// The milestones, in the track's order.
    pub fn milestones(&self) -> impl Iterator<Item = &StepForecast> {
        self.steps.iter().filter(|step| step.milestone)
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct StepForecast {
    pub key: String,
    /// The first business day of the step.
    pub start: Date,
    /// The last business day of the step (a step of zero days: the day its predecessors end).
    pub finish: Date,
    /// Business days it may slip without moving the likely end.
    pub slack: f64,
    pub critical: bool,
    pub milestone: bool,
}

/// The forecast of a track for one organization profile, starting on `start` (or the first
/// business day after it).
pub fn forecast(
    track: &Track,
    profile: &Profile,
    calendar: &Calendar,
    start: Date,
    simulation: Simulation,
) -> Result<Forecast, ScheduleError> {
    forecast_network(&Network::new(track, profile)?, calendar, start, simulation)
}

/// The forecast of the work that remains: the steps in `finished` (done or skipped) take no more
/// time, and the rest start no earlier than `today` (or the first business day after it). An
/// enrollment's forecast is this, recomputed as steps finish; its baseline is [`forecast`] from
/// the enrollment's start.
pub fn forecast_remaining(
    track: &Track,
    profile: &Profile,
    calendar: &Calendar,
    today: Date,
    finished: &BTreeSet<String>,
    simulation: Simulation,
) -> Result<Forecast, ScheduleError> {
    let network = Network::new(track, profile)?.with_finished(finished);
    forecast_network(&network, calendar, today, simulation)
}

fn forecast_network(
    network: &Network,
    calendar: &Calendar,
    start: Date,
    simulation: Simulation,
) -> Result<Forecast, ScheduleError> {
    let plan = network.plan();
    let ends = network.simulate(simulation);
    let p50 = percentile(&ends, 0.5).unwrap_or(plan.duration);
    let p90 = percentile(&ends, 0.9).unwrap_or(plan.duration);
    let furthest = plan.duration.max(p50).max(p90);
    let days_needed = usize::try_from(furthest.ceil() as i64 + 1)
        .unwrap_or(1)
        .max(1);
    let days = calendar.business_days_from(start, days_needed)?;
    let day = |offset: f64| -> Date {
        let index = usize::try_from((offset + EPSILON).floor() as i64).unwrap_or(0);
        days.get(index)
            .or_else(|| days.last())
            .copied()
            .unwrap_or(start)
    };
    // The last business day of work that ends at `offset`.
    let end_day = |offset: f64| -> Date {
        let index = (offset - EPSILON).ceil() as i64 - 1;
        day(index.max(0) as f64)
    };
    let steps = plan
        .steps
        .iter()
        .map(|step| {
            let zero = step.early_finish - step.early_start < EPSILON;
            let finish = end_day(step.early_finish);
            StepForecast {
                key: step.key.clone(),
                start: if zero { finish } else { day(step.early_start) },
                finish,
                slack: step.slack,
                critical: step.critical,
                milestone: step.milestone,
            }
        })
        .collect();
    Ok(Forecast {
        start,
        likely_end: end_day(plan.duration),
        p50_end: end_day(p50),
        p90_end: end_day(p90),
        critical_path: plan.critical_path,
        steps,
        simulation,
    })
}

/// Nearest-rank percentile of sorted values.
fn percentile(sorted: &[f64], fraction: f64) -> Option<f64> {
    let rank = (fraction * sorted.len() as f64).ceil() as usize;
    sorted.get(rank.saturating_sub(1)).copied()
}

#[cfg(test)]
#[path = "schedule_tests.rs"]
mod tests;
