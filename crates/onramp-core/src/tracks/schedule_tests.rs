use jiff::civil::date;

use super::*;
use crate::tracks::parse_track;

/// A track whose steps are `(key, likely, after)` with fixed estimates; an `after` entry
/// `"b+3"` means after `b` with a lag of 3.
fn track(steps: &[(&str, f64, &[&str])]) -> Track {
    let mut text = String::from(
        "id = \"t\"\nversion = 1\nname = \"T\"\n[[phases]]\nkey = \"p\"\nname = \"P\"\n",
    );
    for (key, likely, after) in steps {
        let after: Vec<String> = after
            .iter()
            .map(|entry| match entry.split_once('+') {
                Some((step, lag)) => format!("{{ step = \"{step}\", lag = {lag} }}"),
                None => format!("\"{entry}\""),
            })
            .collect();
        text.push_str(&format!(
            "[[phases.steps]]\nkey = \"{key}\"\nname = \"{key}\"\nowner = \"trainer\"\n\
             estimate = {likely:?}\nafter = [{}]\n",
            after.join(", ")
        ));
    }
    parse_track(&text).unwrap()
}

fn hand_example() -> Track {
    // A(3) → B(2) → D(1) → F(0); A → C(4) → D; B → E(2) with a lag of 3 → F.
    track(&[
        ("a", 3.0, &[]),
        ("b", 2.0, &["a"]),
        ("c", 4.0, &["a"]),
        ("d", 1.0, &["b", "c"]),
        ("e", 2.0, &["b+3"]),
        ("f", 0.0, &["d", "e"]),
    ])
}

#[test]
fn the_critical_path_and_slack_of_a_hand_computed_example() {
    // Forward: a 0–3, b 3–5, c 3–7, d 7–8, e 8–10 (b ends at 5, plus 3), f 10–10.
    // Backward from 10: f 10, e 8–10, d 9–10, b must end by min(9, 8 − 3) = 5, c by 9, a by 3.
    let plan = Network::new(&hand_example(), &Profile::default())
        .unwrap()
        .plan();
    assert_eq!(plan.duration, 10.0);
    assert_eq!(plan.critical_path, ["a", "b", "e", "f"]);
    let slack: Vec<(&str, f64, f64, f64)> = plan
        .steps
        .iter()
        .map(|step| {
            (
                step.key.as_str(),
                step.early_start,
                step.late_start,
                step.slack,
            )
        })
        .collect();
    assert_eq!(
        slack,
        [
            ("a", 0.0, 0.0, 0.0),
            ("b", 3.0, 3.0, 0.0),
            ("c", 3.0, 5.0, 2.0),
            ("d", 7.0, 9.0, 2.0),
            ("e", 8.0, 8.0, 0.0),
            ("f", 10.0, 10.0, 0.0),
        ]
    );
}

#[test]
fn two_parallel_chains_the_longer_one_is_critical() {
    // x(5) → y(5) = 10 against z(2) → w(3) = 5: z and w have 5 days of slack.
    let plan = Network::new(
        &track(&[
            ("z", 2.0, &[]),
            ("x", 5.0, &[]),
            ("w", 3.0, &["z"]),
            ("y", 5.0, &["x"]),
        ]),
        &Profile::default(),
    )
    .unwrap()
    .plan();
    assert_eq!(plan.critical_path, ["x", "y"]);
    let slack: Vec<f64> = plan.steps.iter().map(|step| step.slack).collect();
    assert_eq!(slack, [5.0, 0.0, 5.0, 0.0]);
}

#[test]
fn dates_follow_the_business_calendar() {
    // Monday 2026-01-05; the 12th to the 16th is the next week.
    let forecast = forecast(
        &hand_example(),
        &Profile::default(),
        &Calendar::default(),
        date(2026, 1, 5),
        Simulation::default(),
    )
    .unwrap();
    let dates: Vec<(&str, Date, Date)> = forecast
        .steps
        .iter()
        .map(|step| (step.key.as_str(), step.start, step.finish))
        .collect();
    assert_eq!(
        dates,
        [
            ("a", date(2026, 1, 5), date(2026, 1, 7)),
            ("b", date(2026, 1, 8), date(2026, 1, 9)),
            ("c", date(2026, 1, 8), date(2026, 1, 13)),
            ("d", date(2026, 1, 14), date(2026, 1, 14)),
            ("e", date(2026, 1, 15), date(2026, 1, 16)),
            ("f", date(2026, 1, 16), date(2026, 1, 16)),
        ]
    );
    // Fixed estimates: no spread.
    assert_eq!(forecast.likely_end, date(2026, 1, 16));
    assert_eq!(forecast.p50_end, date(2026, 1, 16));
    assert_eq!(forecast.p90_end, date(2026, 1, 16));
    // A holiday on the first Friday moves everything after it by a day; a Saturday start
    // begins on Monday.
    let with_holiday = super::forecast(
        &hand_example(),
        &Profile::default(),
        &Calendar::weekdays_with([date(2026, 1, 9)]),
        date(2026, 1, 3),
        Simulation::default(),
    )
    .unwrap();
    assert_eq!(with_holiday.likely_end, date(2026, 1, 19));
}

#[test]
fn the_monte_carlo_is_triangular_and_deterministic_for_a_seed() {
    let mut text = String::from(
        "id = \"t\"\nversion = 1\nname = \"T\"\n[[phases]]\nkey = \"p\"\nname = \"P\"\n",
    );
    text.push_str(
        "[[phases.steps]]\nkey = \"only\"\nname = \"Only\"\nowner = \"trainer\"\n\
         estimate = { optimistic = 0, likely = 10, pessimistic = 20 }\n",
    );
    let track = parse_track(&text).unwrap();
    let network = Network::new(&track, &Profile::default()).unwrap();
    let simulation = Simulation {
        iterations: 20_000,
        seed: 42,
    };
    let ends = network.simulate(simulation);
    // Symmetric triangle on [0, 20]: median 10; P90 where (20 − x)² / 200 = 0.1, x = 20 − √20.
    let p50 = percentile(&ends, 0.5).unwrap();
    let p90 = percentile(&ends, 0.9).unwrap();
    assert!((p50 - 10.0).abs() < 0.2, "{p50}");
    assert!((p90 - (20.0 - 20f64.sqrt())).abs() < 0.2, "{p90}");
    assert_eq!(network.simulate(simulation), ends);
    assert_ne!(
        network.simulate(Simulation {
            seed: 43,
            ..simulation
        }),
        ends
    );
}

#[test]
fn a_skipped_step_passes_its_dependencies_through() {
    let text = "id = \"t\"\nversion = 1\nname = \"T\"\n[[phases]]\nkey = \"p\"\nname = \"P\"\n\
        [[phases.steps]]\nkey = \"a\"\nname = \"A\"\nowner = \"trainer\"\nestimate = 2\n\
        [[phases.steps]]\nkey = \"x\"\nname = \"X\"\nowner = \"trainer\"\nestimate = 5\nafter = [\"a\"]\n\
        [[phases.steps.overrides]]\ntypes = \"laboratory\"\nskip = true\n\
        [[phases.steps]]\nkey = \"b\"\nname = \"B\"\nowner = \"trainer\"\nestimate = 1\nafter = [\"x\"]\n";
    let track = parse_track(text).unwrap();
    let laboratory = Profile {
        organization_type: Some(crate::registry::partner::OrganizationType::Laboratory),
        size_band: None,
    };
    let plan = Network::new(&track, &laboratory).unwrap().plan();
    assert_eq!(plan.duration, 3.0);
    assert_eq!(plan.critical_path, ["a", "b"]);
    assert_eq!(plan.steps.len(), 2);
    let plan = Network::new(&track, &Profile::default()).unwrap().plan();
    assert_eq!(plan.duration, 8.0);
    assert_eq!(plan.critical_path, ["a", "x", "b"]);
}

#[test]
fn the_remaining_forecast_counts_finished_steps_as_taking_no_time_from_today() {
    // Mon 2027-01-04. With a and b finished, the rest of the hand example starts today:
    // c 0–4, d 4–5, e 3 days after b (0 + 3) to 5, f at 5: five business days, Jan 4 to Jan 8.
    let finished: BTreeSet<String> = ["a".to_owned(), "b".to_owned()].into();
    let forecast = forecast_remaining(
        &hand_example(),
        &Profile::default(),
        &Calendar::default(),
        date(2027, 1, 4),
        &finished,
        Simulation::default(),
    )
    .unwrap();
    assert_eq!(forecast.likely_end, date(2027, 1, 8));
    assert_eq!(
        forecast.p90_end,
        date(2027, 1, 8),
        "fixed estimates do not spread"
    );
    assert!(forecast.critical_path.contains(&"c".to_owned()));
    let full = forecast_remaining(
        &hand_example(),
        &Profile::default(),
        &Calendar::default(),
        date(2027, 1, 4),
        &BTreeSet::new(),
        Simulation::default(),
    )
    .unwrap();
    // Nothing finished: the whole ten days, Jan 4 to Jan 15.
    assert_eq!(full.likely_end, date(2027, 1, 15));
}
