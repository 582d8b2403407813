//! Measures a forecast of a generated 200-step track: the critical path alone, the Monte Carlo
//! alone (1,000 draws) and the whole `tracks::forecast` (both, plus the calendar's dates).
//!
//! `cargo bench -p onramp-core --bench forecast` (figures in docs/benchmarks.md). A plain
//! program, not criterion: it reports the median and the range of repeated runs.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::fmt::Write as _;
use std::time::{Duration, Instant};

use jiff::civil::date;
use onramp_core::tracks::{forecast, parse_track, Calendar, Network, Profile, Simulation};

/// 20 layers of 10 steps; each step after one or two steps of the layer before (some with a lag),
/// with spread-out three-point estimates: 200 steps, about 330 dependencies.
fn generated_track() -> String {
    let mut text = String::from("id = \"generated\"\nversion = 1\nname = \"Generated\"\n");
    for layer in 0..20 {
        let _ = write!(
            text,
            "[[phases]]\nkey = \"p{layer}\"\nname = \"Phase {layer}\"\n"
        );
        for index in 0..10 {
            let key = layer * 10 + index;
            let likely = 2 + (key * 7) % 9;
            let _ = write!(
                text,
                "[[phases.steps]]\nkey = \"s{key}\"\nname = \"Step {key}\"\nowner = \"partner_developer\"\n\
                 estimate = {{ optimistic = {}, likely = {likely}, pessimistic = {} }}\n",
                likely - 1,
                likely * 2 + key % 5
            );
            if layer > 0 {
                let first = (layer - 1) * 10 + (index * 3) % 10;
                let second = (layer - 1) * 10 + (index * 7 + 1) % 10;
                if index % 3 == 0 {
                    let _ = writeln!(text, "after = [{{ step = \"s{first}\", lag = 1 }}]");
                } else {
                    let _ = writeln!(text, "after = [\"s{first}\", \"s{second}\"]");
                }
            }
        }
    }
    text
}

fn time(runs: usize, mut work: impl FnMut()) -> (Duration, Duration, Duration) {
    let mut times: Vec<Duration> = (0..runs)
        .map(|_| {
            let started = Instant::now();
            work();
            started.elapsed()
        })
        .collect();
    times.sort();
    (times[0], times[runs / 2], times[runs - 1])
}

fn main() {
    let text = generated_track();
    let track = parse_track(&text).unwrap();
    assert_eq!(track.steps().count(), 200);
    let profile = Profile::default();
    let calendar = Calendar::weekdays_with([date(2026, 12, 25), date(2027, 1, 1)]);
    let simulation = Simulation::default();
    let runs = 200;

    let (low, median, high) = time(runs, || {
        std::hint::black_box(parse_track(std::hint::black_box(&text)).unwrap());
    });
    println!("parse and check the track file: median {median:?} ({low:?}–{high:?})");
    let network = Network::new(&track, &profile).unwrap();
    let (low, median, high) = time(runs, || {
        std::hint::black_box(network.plan());
    });
    println!("critical path (forward and backward pass): median {median:?} ({low:?}–{high:?})");
    let (low, median, high) = time(runs, || {
        std::hint::black_box(network.simulate(simulation));
    });
    println!(
        "Monte Carlo, {} draws: median {median:?} ({low:?}–{high:?})",
        simulation.iterations
    );
    let (low, median, high) = time(runs, || {
        std::hint::black_box(
            forecast(&track, &profile, &calendar, date(2026, 1, 5), simulation).unwrap(),
        );
    });
    println!(
        "forecast (network, critical path, P50/P90, dates): median {median:?} ({low:?}–{high:?})"
    );
    let result = forecast(&track, &profile, &calendar, date(2026, 1, 5), simulation).unwrap();
    println!(
        "  likely end {}, P50 {}, P90 {}; critical path of {} steps",
        result.likely_end,
        result.p50_end,
        result.p90_end,
        result.critical_path.len()
    );
}
