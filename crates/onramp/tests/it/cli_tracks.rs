//! Tests of `onramp tracks`: `check` on every built-in track (clean), on broken files (each
//! problem as FILE:LINE:COLUMN) and on unreadable ones (exit 2); `forecast` as JSON and text, the
//! same forecast for the same seed, and the healthcare framework's three demonstration plans.

use std::path::{Path, PathBuf};
use std::process::Output;

use serde_json::Value;

fn tracks(args: &[&str]) -> Output {
    crate::support::onramp()
        .arg("tracks")
        .args(args)
        .output()
        .unwrap()
}

/// The repository's `tracks/` folder.
fn built_in() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tracks")
}

fn built_in_files() -> Vec<String> {
    let mut files: Vec<String> = std::fs::read_dir(built_in())
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .filter(|path| path.extension().is_some_and(|ext| ext == "toml"))
        .map(|path| path.display().to_string())
        .collect();
    files.sort();
    files
}

fn stdout(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

fn write(dir: &Path, name: &str, content: &str) -> String {
    let path = dir.join(name);
    std::fs::write(&path, content).unwrap();
    path.display().to_string()
}

const SMALL: &str = r#"id = "small"
version = 1
name = "Small"

[[phases]]
key = "only"
name = "Only"

[[phases.steps]]
key = "contact"
name = "Contact"
owner = "partner_admin"
estimate = { optimistic = 1, likely = 2, pessimistic = 6 }

[[phases.steps]]
key = "configure"
name = "Configure"
owner = "onboarding_coordinator"
estimate = { optimistic = 2, likely = 3, pessimistic = 8 }
after = ["contact"]

[[phases.steps]]
key = "document"
name = "Document"
owner = "partner_developer"
estimate = 1
after = ["contact"]

[[phases.steps]]
key = "live"
name = "Live"
owner = "program_admin"
milestone = true
after = ["configure", "document"]
"#;

#[test]
fn every_built_in_track_is_clean() {
    let files = built_in_files();
    assert!(files.len() >= 5, "{files:?}");
    let args: Vec<&str> = std::iter::once("check")
        .chain(files.iter().map(String::as_str))
        .collect();
    let output = tracks(&args);
    assert_eq!(
        output.status.code(),
        Some(0),
        "{}{}",
        stdout(&output),
        String::from_utf8_lossy(&output.stderr)
    );
    assert_eq!(stdout(&output).lines().count(), files.len());
}

#[test]
fn check_reports_each_problem_with_file_line_and_column() {
    let temp = tempfile::tempdir().unwrap();
    let good = write(temp.path(), "good.toml", SMALL);
    let broken = SMALL
        .replace(
            "owner = \"partner_developer\"",
            "owner = \"partner_intern\"",
        )
        .replace("likely = 3", "likely = \"three\"")
        .replace(
            "after = [\"contact\"]\n\n[[phases.steps]]\nkey = \"document\"",
            "after = [\"contact\", \"live\"]\n\n[[phases.steps]]\nkey = \"document\"",
        )
        .replace("milestone = true", "milestone = true\ncolour = \"red\"")
        .replace(
            "after = [\"configure\", \"document\"]",
            "after = [\"configure\", \"documents\"]",
        );
    let bad = write(temp.path(), "bad.toml", &broken);
    let output = tracks(&["check", &good, &bad]);
    assert_eq!(output.status.code(), Some(1));
    let text = stdout(&output);
    let lines: Vec<&str> = text.lines().collect();
    assert!(
        lines
            .first()
            .unwrap()
            .ends_with("good.toml: ok (small v1, 4 steps)"),
        "{text}"
    );
    let problems: Vec<String> = lines
        .iter()
        .skip(1)
        .map(|line| line.strip_prefix(bad.as_str()).unwrap().to_owned())
        .collect();
    assert_eq!(
        problems,
        [
            ":19:39: `likely` must be a number of business days, not a string",
            ":20:21: dependency cycle: configure → live → configure",
            ":25:9: there is no role `partner_intern`; expected one of: program_admin, \
             onboarding_coordinator, conformance_analyst, support_agent, trainer, partner_admin, \
             partner_developer, partner_member",
            ":34:1: unknown key `colour` in a step; expected one of: key, name, description, owner, \
             estimate, overrides, after, evidence, milestone",
            ":35:23: unknown step `documents` in the dependencies of `live`",
        ],
        "{text}"
    );
}

#[test]
fn an_unreadable_file_exits_2() {
    let temp = tempfile::tempdir().unwrap();
    let good = write(temp.path(), "good.toml", SMALL);
    let missing = temp.path().join("missing.toml").display().to_string();
    let output = tracks(&["check", &good, &missing]);
    assert_eq!(output.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&output.stderr).contains("cannot read"));
    let output = tracks(&["forecast", &missing, "--start", "2026-01-05"]);
    assert_eq!(output.status.code(), Some(2));
    let output = tracks(&["forecast", &good, "--start", "2026-13-05"]);
    assert_eq!(output.status.code(), Some(2));
}

#[test]
fn forecast_json_has_the_end_dates_the_critical_path_and_the_steps() {
    let temp = tempfile::tempdir().unwrap();
    let file = write(temp.path(), "small.toml", SMALL);
    let output = tracks(&[
        "forecast",
        &file,
        "--start",
        "2026-01-05",
        "--format",
        "json",
    ]);
    assert_eq!(
        output.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let forecast: Value = serde_json::from_str(&stdout(&output)).unwrap();
    // contact 0–2, configure 2–5, document 2–3 (slack 2), live at 5: Friday the 9th.
    assert_eq!(forecast["end"]["likely"], "2026-01-09");
    assert_eq!(
        forecast["critical_path"],
        serde_json::json!(["contact", "configure", "live"])
    );
    let document = &forecast["steps"][2];
    assert_eq!(document["key"], "document");
    assert_eq!(document["start"], "2026-01-07");
    assert_eq!(document["finish"], "2026-01-07");
    assert_eq!(document["slack"], 2);
    let p50 = forecast["end"]["p50"].as_str().unwrap().to_owned();
    let p90 = forecast["end"]["p90"].as_str().unwrap().to_owned();
    assert!(p50.as_str() >= "2026-01-09" && p90 >= p50, "{p50} {p90}");
    // The same seed, the same forecast; the text format says the same dates.
    let again = tracks(&[
        "forecast",
        &file,
        "--start",
        "2026-01-05",
        "--format",
        "json",
    ]);
    assert_eq!(stdout(&again), stdout(&output));
    let text = stdout(&tracks(&["forecast", &file, "--start", "2026-01-05"]));
    assert!(
        text.contains(&format!("likely 2026-01-09, P50 {p50}, P90 {p90}")),
        "{text}"
    );
    assert!(
        text.contains("critical path: contact → configure → live"),
        "{text}"
    );
}

/// Calendar days from the start to the likely end, and the number of milestones.
fn framework_plan(size_band: &str, organization_type: &str) -> (i64, usize) {
    let file = built_in().join("healthcare-customer-onboarding.toml");
    let output = tracks(&[
        "forecast",
        &file.display().to_string(),
        "--start",
        "2026-01-05",
        "--size-band",
        size_band,
        "--type",
        organization_type,
        "--format",
        "json",
    ]);
    assert_eq!(
        output.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let forecast: Value = serde_json::from_str(&stdout(&output)).unwrap();
    let start: jiff::civil::Date = "2026-01-05".parse().unwrap();
    let end: jiff::civil::Date = forecast["end"]["likely"].as_str().unwrap().parse().unwrap();
    let days = i64::from(start.until(end).unwrap().get_days());
    (days, forecast["milestones"].as_array().unwrap().len())
}

#[test]
fn the_healthcare_framework_plans_come_out_within_five_percent() {
    for (size_band, organization_type, published_days, milestones) in [
        ("501-5000", "community_hospital", 203, 9),
        ("51-500", "specialty_clinic", 108, 7),
        ("5000+", "health_system", 217, 7),
    ] {
        let (days, found_milestones) = framework_plan(size_band, organization_type);
        let off = (days - published_days).abs() as f64 / published_days as f64;
        assert!(
            off <= 0.05,
            "{organization_type}: {days} calendar days, published {published_days}"
        );
        assert_eq!(found_milestones, milestones, "{organization_type}");
    }
}
