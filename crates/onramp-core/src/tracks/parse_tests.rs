use super::*;
use crate::registry::partner::OrganizationType;
use crate::tracks::model::{Condition, Estimate};

const GOOD: &str = r#"
id = "small"
version = 2
name = "A small track"

[[phases]]
key = "start"
name = "Start"

[[phases.steps]]
key = "contact"
name = "Contact the team"
owner = "partner_admin"
estimate = { optimistic = 1, likely = 2, pessimistic = 4.5 }
evidence = [{ agreement = "participation" }, { attestation = ["We read the rules"] }]

[[phases.steps]]
key = "configure"
name = "Configure the test environment"
owner = "onboarding_coordinator"
estimate = 3
after = [{ step = "contact", lag = 1 }]
evidence = [{ document = "network-diagram" }, { gate = "ready" }]

[[phases.steps.overrides]]
size_bands = ["501-5000", "5000+"]
types = "health_system"
estimate = { optimistic = 4, likely = 6, pessimistic = 9 }

[[phases.steps.overrides]]
types = ["laboratory"]
skip = true

[[phases.steps]]
key = "live"
name = "Live"
owner = "program_admin"
milestone = true
after = ["configure"]

[[gates]]
key = "ready"
name = "Ready to test"
conditions = [
  { kind = "agreement_signed", agreement = "participation" },
  { kind = "tier_at_least", tier = "registered" },
  { kind = "organization_verified" },
  { kind = "steps_done", steps = ["contact"] },
  { kind = "document_accepted", document = "network-diagram" },
  { kind = "attestation_completed", role = "partner_admin", checklist = "contact" },
  { kind = "approval", role = "conformance_analyst" },
  { kind = "conformance.suite_passed", suite = "core", attempts = 2 },
]

[[risks]]
key = "staff"
title = "Partner staff turnover"
likelihood = 3
impact = 4
mitigation = "Name a deputy for every partner role."
"#;

fn problems(text: &str) -> Vec<String> {
    parse_track(text)
        .unwrap_err()
        .iter()
        .map(ToString::to_string)
        .collect()
}

#[test]
fn a_track_may_be_offered_to_a_tier_and_the_tier_must_exist() {
    let offered = format!("offered_to = \"registered\"\n{GOOD}");
    assert_eq!(
        parse_track(&offered).unwrap().offered_to,
        Some(crate::registry::tier::Tier::Registered)
    );
    assert_eq!(parse_track(GOOD).unwrap().offered_to, None);
    let unknown = format!("offered_to = \"gold\"\n{GOOD}");
    let joined = problems(&unknown).join("\n");
    assert!(joined.contains("1:14: there is no tier `gold`"), "{joined}");
}

#[test]
fn a_good_track_reads_into_the_model() {
    let track = parse_track(GOOD).unwrap();
    assert_eq!((track.id.as_str(), track.version), ("small", 2));
    let steps: Vec<&str> = track.steps().map(|step| step.key.as_str()).collect();
    assert_eq!(steps, ["contact", "configure", "live"]);
    let configure = track.step("configure").unwrap();
    assert_eq!(configure.estimate, Estimate::fixed(3.0));
    assert_eq!(configure.after.first().unwrap().lag, 1.0);
    assert_eq!(
        configure.position,
        Position {
            line: 18,
            column: 7
        }
    );
    assert_eq!(configure.overrides.len(), 2);
    assert_eq!(
        configure.overrides.first().unwrap().organization_types,
        vec![OrganizationType::HealthSystem]
    );
    assert!(track.step("live").unwrap().milestone);
    let gate = track.gates.first().unwrap();
    assert_eq!(gate.conditions.len(), 8);
    assert_eq!(
        gate.conditions.last().unwrap(),
        &Condition::Extension {
            kind: "conformance.suite_passed".into(),
            parameters: vec![
                ("suite".into(), "core".into()),
                ("attempts".into(), "2".into())
            ],
        }
    );
    assert_eq!(track.risks.first().unwrap().score(), 12);
}

#[test]
fn an_unknown_key_is_reported_where_it_is() {
    let text = GOOD.replace("milestone = true", "milestone = true\ncolour = \"red\"");
    let found = problems(&text);
    assert_eq!(found.len(), 1, "{found:?}");
    let first = found.first().unwrap();
    assert!(
        first.starts_with("39:1: unknown key `colour` in a step"),
        "{first}"
    );
}

#[test]
fn every_problem_is_reported_with_its_position_not_only_the_first() {
    let text = r#"id = "broken"
version = 1
name = "Broken"

[[phases]]
key = "one"
name = "One"

[[phases.steps]]
key = "a"
name = "A"
owner = "chief"
estimate = { optimistic = 5, likely = 3, pessimistic = 9 }
after = ["c"]

[[phases.steps]]
key = "b"
name = "B"
owner = "partner_developer"
estimate = { optimistic = 1, likely = "two", pessimistic = 3 }
after = ["a", "ghost"]

[[phases.steps]]
key = "c"
name = "C"
owner = "trainer"
estimate = 1
after = ["b"]

[[phases.steps]]
key = "a"
name = "A again"
owner = "trainer"
estimate = 1
"#;
    let found = problems(text);
    let expected = [
        "12:9: there is no role `chief`; expected one of: program_admin, onboarding_coordinator, \
         conformance_analyst, support_agent, trainer, partner_admin, partner_developer, \
         partner_member",
        "13:12: the estimate must have optimistic ≤ likely ≤ pessimistic, not 5 / 3 / 9",
        "14:10: dependency cycle: a → b → c → a",
        "20:39: `likely` must be a number of business days, not a string",
        "21:15: unknown step `ghost` in the dependencies of `b`",
        "31:7: duplicate step key `a` (first at 10:7)",
    ];
    assert_eq!(found, expected, "{found:#?}");
}

#[test]
fn a_duplicate_phase_key_is_reported_at_its_own_key() {
    let text = r#"id = "twice"
version = 1
name = "Twice"

[[phases]]
key = "start"
name = "Start"

[[phases.steps]]
key = "contact"
name = "Contact"
owner = "partner_admin"
estimate = 1

[[phases]]
key = "start"
name = "Start again"

[[phases.steps]]
key = "live"
name = "Live"
owner = "program_admin"
milestone = true
after = ["contact"]
"#;
    assert_eq!(
        problems(text),
        ["16:7: duplicate phase key `start` (first at 6:7)"]
    );
}

#[test]
fn a_duplicate_risk_key_is_reported_at_its_own_key() {
    let text = format!(
        "{GOOD}\n[[risks]]\nkey = \"staff\"\ntitle = \"Again\"\nlikelihood = 1\nimpact = 1\n\
         mitigation = \"None.\"\n"
    );
    assert_eq!(
        problems(&text),
        ["63:7: duplicate risk key `staff` (first at 56:7)"]
    );
}

#[test]
fn a_self_dependency_is_a_cycle_of_one() {
    let text = GOOD.replace("after = [\"configure\"]", "after = [\"live\"]");
    let found = problems(&text);
    assert_eq!(found.len(), 1, "{found:?}");
    assert!(
        found
            .first()
            .unwrap()
            .ends_with("dependency cycle: live → live"),
        "{found:?}"
    );
}

#[test]
fn conditions_check_their_kind_and_roles() {
    let text = GOOD
        .replace(
            "\"attestation_completed\", role = \"partner_admin\"",
            "\"attestation_completed\", role = \"trainer\"",
        )
        .replace(
            "\"approval\", role = \"conformance_analyst\"",
            "\"approval\", role = \"partner_member\"",
        )
        .replace("\"organization_verified\"", "\"organisation_verified\"")
        .replace(
            "steps = [\"contact\"]",
            "steps = [\"contact\", \"nowhere\"]",
        );
    let found = problems(&text);
    let joined = found.join("\n");
    assert_eq!(found.len(), 4, "{joined}");
    assert!(joined.contains("an attestation is completed by a partner role, not `trainer`"));
    assert!(joined.contains("an approval is given by a staff role, not `partner_member`"));
    assert!(joined.contains("there is no condition kind `organisation_verified`"));
    assert!(joined.contains("unknown step `nowhere` in `steps_done`"));
}

#[test]
fn an_attestation_condition_names_a_step_that_carries_a_checklist() {
    // `configure` is a step, but it carries no attestation; `elsewhere` is no step at all.
    for checklist in ["configure", "elsewhere"] {
        let text = GOOD.replace(
            "checklist = \"contact\"",
            &format!("checklist = \"{checklist}\""),
        );
        let joined = problems(&text).join("\n");
        assert!(
            joined.contains(&format!(
                "gate `ready`: checklist `{checklist}` is not a step with an attestation"
            )),
            "{joined}"
        );
    }
}

#[test]
fn a_syntax_error_and_an_unquoted_date_have_positions() {
    let found = problems("id = \"x\"\nversion = \n");
    assert!(found.first().unwrap().starts_with("2:"), "{found:?}");
    let found = problems("id = \"x\"\nversion = 1\nname = 2026-01-05\n");
    assert!(found.first().unwrap().contains("quoted"), "{found:?}");
}

#[test]
fn unknown_gates_size_bands_and_types_are_reported() {
    let text = GOOD
        .replace("{ gate = \"ready\" }", "{ gate = \"steady\" }")
        .replace("\"5000+\"", "\"huge\"")
        .replace("types = [\"laboratory\"]", "types = [\"lab\"]");
    let joined = problems(&text).join("\n");
    assert!(joined.contains("unknown gate `steady`"), "{joined}");
    assert!(joined.contains("there is no size band `huge`"), "{joined}");
    assert!(
        joined.contains("there is no organization type `lab`"),
        "{joined}"
    );
}

#[test]
fn a_calendar_file_gives_working_days_and_holidays() {
    let calendar = parse_calendar(
        r#"region = "CA-ON"
name = "Ontario"
holidays = ["2026-01-01", { date = "2026-02-16", name = "Family Day" }]
"#,
    )
    .unwrap();
    assert_eq!(calendar.working_days().len(), 5);
    assert!(!calendar.is_business_day(jiff::civil::date(2026, 2, 16)));
    let found: Vec<String> = parse_calendar(
        "working_days = [\"monday\", \"funday\"]\nholidays = [\"2026-02-30\", 3]\ncolour = 1\n",
    )
    .unwrap_err()
    .iter()
    .map(ToString::to_string)
    .collect();
    assert_eq!(
        found,
        [
            "1:27: there is no weekday `funday`; expected one of: monday, tuesday, wednesday, \
             thursday, friday, saturday, sunday",
            "2:13: `2026-02-30` is not a date such as \"2026-01-05\"",
            "2:27: a holiday is a quoted date, not an integer",
            "3:1: unknown key `colour` in a calendar; expected one of: region, name, working_days, holidays",
        ]
    );
}
