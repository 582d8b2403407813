//! Measures the support desk at scale, on SQLite (and PostgreSQL when `ONRAMP_TEST_POSTGRES_URL`
//! is set):
//!
//! 1. **The SLA clock per call** (no database, run once): `onramp_core::support::sla::due` and
//!    `working_ms` over a fixed-seed mix — business hours Europe/Paris Mon–Fri 09–17 with 10
//!    holidays, and 24/7 UTC; targets of 10 minutes to 5 days; 0 to 3 pauses — timed in batches
//!    of 1,000 calls: p50/p99 and the mean per call.
//! 2. **The breach sweep over 100,000 open tickets**: tickets generated straight into the tables
//!    (a fixed seed) over 1,000 organizations, each with a first-reply and a resolution target
//!    copying the 24/7 (critical) or the business-hours calendar, their next checks spread over
//!    the next 30 days so that about 1 % of the tickets have a target due now (a warning, a
//!    breach or the next escalation step), some breached earlier, and a few thousand waiting on
//!    the partner (clock paused: no due time, no next check, an open pause). Tickets belong to
//!    two real support groups with a lead and members, and most are assigned, so the sweep mails
//!    someone. Then p50/p99 of the store's `to_check(now, 2000)`, one full `sweep` (wall time,
//!    targets handled per second), and p50/p99 of idle sweeps (nothing due) right after.
//! 3. **The staff queue with 100,000 tickets**: p50/p99 of the store's `tickets::list` (the open
//!    queue's first page of 50, and filtered by severity and by breach), and of `GET /support`,
//!    `GET /support?severity=critical`, `GET /support?sla=breached` and
//!    `GET /api/v1/support/tickets?open=true` through the router, signed in as a support agent
//!    (a route not there yet answers 404: its row is skipped with a note).
//!
//! The query plans of the queue's queries and of `to_check` are printed once per engine
//! (SQLite `EXPLAIN QUERY PLAN`, PostgreSQL `EXPLAIN ANALYZE`).
//!
//! The clock is a `ManualClock` standing at the start of the run, so what is due does not move
//! while the figures are taken. Due times are spread synthetically (not derived from each
//! ticket's opening on its calendar): the sweep reads `next_check_at` and `due_at` as stored.
//!
//! `cargo bench -p onramp-server --bench support` (`ONRAMP_BENCH_TICKETS`, default 100000;
//! `ONRAMP_BENCH_ORGANIZATIONS`, default 1000; `ONRAMP_BENCH_RUNS` per query or page, default 50;
//! `ONRAMP_BENCH_SLA_CALLS` per SLA function and calendar, default 100000; `ONRAMP_BENCH_KEEP=1`
//! keeps the SQLite database — PostgreSQL schemas are left in place like the other benches').

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

use std::collections::HashMap;
use std::fmt::Write as _;
use std::hint::black_box;
use std::sync::Arc;
use std::time::Instant;

use axum::body::Body;
use axum::http::{header, Request, StatusCode};
use onramp_core::support::sla::{self, Calendar, CalendarSpec, Pause};
use onramp_core::Role;
use onramp_server::accounts::services::tokens::create_for_user;
use onramp_server::accounts::services::users::{create_user, NewAccount};
use onramp_server::state::AppState;
use onramp_server::support::services::sweep::sweep;
use onramp_server::ServerConfig;
use onramp_store::platform::audit::AuditContext;
use onramp_store::platform::clock::ManualClock;
use onramp_store::support::sla::to_check;
use onramp_store::support::tickets::{self, TicketFilter, NO_DUE};
use sqlx::Row;
use tower::ServiceExt;

mod common;
use common::*;

const MINUTE: i64 = 60_000;
const HOUR: i64 = 3_600_000;
const DAY: i64 = 86_400_000;
const AGENT_EMAIL: &str = "bench-agent@example.org";
const AGENT_PASSWORD: &str = "a long bench password 2026";
/// What the sweep reads in one run (its `BATCH`).
const SWEEP_BATCH: i64 = 2_000;
/// The business-hours desk: Paris, Mon–Fri 09–17, ten public holidays of the coming year.
const PARIS_HOLIDAYS: [&str; 10] = [
    "2026-12-25",
    "2027-01-01",
    "2027-03-29",
    "2027-05-01",
    "2027-05-06",
    "2027-05-08",
    "2027-05-17",
    "2027-07-14",
    "2027-11-01",
    "2027-11-11",
];
/// Targets of the SLA mix, in minutes of working time: 10 minutes to 5 days.
const TARGET_MINUTES: [i64; 9] = [10, 30, 60, 240, 480, 1_440, 2_400, 4_800, 7_200];

fn paris() -> Calendar {
    CalendarSpec {
        time_zone: "Europe/Paris".to_owned(),
        kind: None,
        days: Some(
            ["mon", "tue", "wed", "thu", "fri"]
                .iter()
                .map(|day| (*day).to_owned())
                .collect(),
        ),
        open: Some("09:00".to_owned()),
        close: Some("17:00".to_owned()),
        holidays: Some(PARIS_HOLIDAYS.iter().map(|day| (*day).to_owned()).collect()),
    }
    .parse()
    .unwrap()
}

fn around_the_clock() -> Calendar {
    CalendarSpec {
        time_zone: "UTC".to_owned(),
        kind: Some("24x7".to_owned()),
        ..CalendarSpec::default()
    }
    .parse()
    .unwrap()
}

fn instant(text: &str) -> i64 {
    text.parse::<jiff::Timestamp>().unwrap().as_millisecond()
}

// ---------------------------------------------------------------------------------------------
// 1. The SLA clock.

/// One call's inputs.
struct SlaCase {
    opened: i64,
    minutes: i64,
    pauses: Vec<Pause>,
    /// `working_ms`'s end.
    until: i64,
}

/// `count` cases: openings at any minute of the coming year, a target of the mix, 0 to 3 pauses
/// of 5 minutes to 2 days after the opening, and a `working_ms` span of an hour to 30 days.
fn sla_cases(count: usize, seed: u64) -> Vec<SlaCase> {
    let mut random = Random(seed);
    let start = instant("2026-12-01T00:00:00Z");
    (0..count)
        .map(|_| {
            let opened = start + random.range(0, 365 * 24 * 60) * MINUTE;
            let minutes = TARGET_MINUTES[random.range(0, TARGET_MINUTES.len() as i64) as usize];
            let mut pauses = Vec::new();
            let mut from = opened;
            for _ in 0..random.range(0, 4) {
                from += random.range(10, 3 * 24 * 60) * MINUTE;
                let to = from + random.range(5, 2 * 24 * 60) * MINUTE;
                pauses.push(Pause {
                    from_ms: from,
                    to_ms: to,
                });
                from = to;
            }
            let until = opened + random.range(60, 30 * 24 * 60) * MINUTE;
            SlaCase {
                opened,
                minutes,
                pauses,
                until,
            }
        })
        .collect()
}

/// Runs `call` over every case (after a warm-up pass over a tenth of them), timing batches of
/// 1,000: (p50, p99, mean) per call in microseconds.
fn time_calls(cases: &[SlaCase], mut call: impl FnMut(&SlaCase) -> i64) -> (f64, f64, f64) {
    let mut sink = 0i64;
    for case in cases.iter().take(cases.len() / 10) {
        sink = sink.wrapping_add(call(case));
    }
    let mut per_call = Vec::new();
    let started = Instant::now();
    for batch in cases.chunks(1_000) {
        let began = Instant::now();
        for case in batch {
            sink = sink.wrapping_add(call(black_box(case)));
        }
        per_call.push(began.elapsed().as_secs_f64() * 1e6 / batch.len() as f64);
    }
    let mean = started.elapsed().as_secs_f64() * 1e6 / cases.len() as f64;
    black_box(sink);
    let (p50, p99) = percentiles(&mut per_call);
    (p50, p99, mean)
}

fn micros(p50: f64, p99: f64, mean: f64) -> String {
    format!("{p50:.2} µs / {p99:.2} µs (mean {mean:.2} µs)")
}

fn bench_sla(figures: &mut Figures, calls: usize) {
    let calendars = [
        ("business hours Europe/Paris, 10 holidays", paris()),
        ("24/7 UTC", around_the_clock()),
    ];
    let cases = sla_cases(calls, 0x51A_2026);
    let pauses: usize = cases.iter().map(|case| case.pauses.len()).sum();
    println!(
        "SLA clock: {calls} cases per calendar (targets 10 min to 5 days, {:.2} pauses on average), \
         timed in batches of 1,000",
        pauses as f64 / calls as f64
    );
    for (name, calendar) in &calendars {
        let (p50, p99, mean) = time_calls(&cases, |case| {
            sla::due(calendar, case.opened, case.minutes, &case.pauses)
                .unwrap()
                .due_ms
        });
        record(
            figures,
            0,
            &format!("SLA `due` per call, {name} (no database)"),
            micros(p50, p99, mean),
        );
        let (p50, p99, mean) = time_calls(&cases, |case| {
            sla::working_ms(calendar, case.opened, case.until, &case.pauses)
        });
        record(
            figures,
            0,
            &format!("SLA `working_ms` per call, {name} (no database)"),
            micros(p50, p99, mean),
        );
    }
}

// ---------------------------------------------------------------------------------------------
// 2. Generating the desk.

/// The default policy's terms for one severity, as the targets copy them.
struct Terms {
    policy_id: String,
    first_reply: i64,
    resolution: i64,
    warn_before: i64,
    escalate_every: i64,
}

async fn default_terms(state: &AppState) -> HashMap<String, Terms> {
    onramp_store::support::sla::policies(state.store.pool())
        .await
        .unwrap()
        .into_iter()
        .filter(|policy| policy.scope == "default")
        .map(|policy| {
            (
                policy.severity.clone(),
                Terms {
                    first_reply: policy.first_reply_minutes.unwrap(),
                    resolution: policy.resolution_minutes.unwrap(),
                    warn_before: policy.warn_before_minutes,
                    escalate_every: policy.escalate_every_minutes,
                    policy_id: policy.id,
                },
            )
        })
        .collect()
}

const SEVERITIES: [(&str, u32); 4] = [("critical", 3), ("high", 15), ("normal", 52), ("low", 30)];
/// Categories and the group that takes them.
const CATEGORIES: [(&str, &str); 7] = [
    ("onboarding", "bench-onboarding"),
    ("sandbox", "bench-platform"),
    ("conformance", "bench-platform"),
    ("credentials", "bench-platform"),
    ("production", "bench-platform"),
    ("training", "bench-onboarding"),
    ("other", "bench-onboarding"),
];
const TAGS: [&str; 5] = ["", "", "fhir", "smart-auth", "fhir go-live"];

/// What a target is doing now.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Class {
    /// Its warning has come.
    WarnNow,
    /// Its due time has come (warned before).
    BreachNow,
    /// Breached earlier; its next escalation step has come.
    EscalateNow,
    /// Breached earlier: the chain is done, or its next step comes within the hour.
    BreachedEarlier,
    /// Due later: the warning comes within the next 30 days.
    Later,
}

/// What was generated, for the report's header.
#[derive(Default)]
struct Generated {
    tickets: usize,
    targets: usize,
    due_now: usize,
    warn_now: usize,
    breach_now: usize,
    escalate_now: usize,
    breached: usize,
    waiting: usize,
    pauses: usize,
    by_status: HashMap<&'static str, usize>,
}

/// A running target's times.
struct Running {
    due_at: i64,
    warned_at: Option<i64>,
    breached_at: Option<i64>,
    level: i64,
    next_check_at: Option<i64>,
}

/// The times of a running target of class `class` (warnings `warn` minutes before the due time,
/// escalations every `every` minutes after the breach, three steps).
fn running(random: &mut Random, class: Class, now: i64, warn: i64, every: i64) -> Running {
    match class {
        Class::WarnNow => {
            let due_at = now + random.range(MINUTE / 2, warn * MINUTE);
            Running {
                due_at,
                warned_at: None,
                breached_at: None,
                level: 0,
                next_check_at: Some(due_at - warn * MINUTE),
            }
        }
        Class::BreachNow => {
            // Within the first escalation interval, so the step after the breach is still ahead.
            let due_at = now - random.range(0, every * MINUTE / 2);
            Running {
                due_at,
                warned_at: Some(due_at - warn * MINUTE),
                breached_at: None,
                level: 0,
                next_check_at: Some(due_at),
            }
        }
        Class::EscalateNow => {
            let level = random.range(1, 3);
            let due_at = now - level * every * MINUTE - random.range(0, every * MINUTE / 2);
            Running {
                due_at,
                warned_at: Some(due_at - warn * MINUTE),
                breached_at: Some(due_at),
                level,
                next_check_at: Some(due_at + level * every * MINUTE),
            }
        }
        Class::BreachedEarlier => {
            if random.chance(0.2) {
                // Breached within the last escalation interval: step 2 comes soon.
                let due_at = now - random.range(MINUTE, every * MINUTE);
                Running {
                    due_at,
                    warned_at: Some(due_at - warn * MINUTE),
                    breached_at: Some(due_at),
                    level: 1,
                    next_check_at: Some(due_at + every * MINUTE),
                }
            } else {
                let due_at = now - random.range(3 * every * MINUTE, 10 * DAY);
                Running {
                    due_at,
                    warned_at: Some(due_at - warn * MINUTE),
                    breached_at: Some(due_at),
                    level: 3,
                    next_check_at: None,
                }
            }
        }
        Class::Later => {
            let check = now + random.range(MINUTE, 30 * DAY);
            Running {
                due_at: check + warn * MINUTE,
                warned_at: None,
                breached_at: None,
                level: 0,
                next_check_at: Some(check),
            }
        }
    }
}

const TARGET_COLUMNS: &[&str] = &[
    "id",
    "ticket_id",
    "metric",
    "calendar",
    "target_minutes",
    "warn_before_minutes",
    "escalate_every_minutes",
    "started_at",
    "due_at",
    "achieved_at",
    "cancelled_at",
    "warned_at",
    "breached_at",
    "escalation_level",
    "next_check_at",
];

/// Staff: eight support agents (two of them leads) in two groups with a daily on-call rotation,
/// and a program admin (the end of every escalation chain).
async fn generate_staff(state: &AppState, now: i64) -> Vec<String> {
    let mut users = Table::new(
        "users",
        &[
            "id",
            "email",
            "name",
            "role",
            "active",
            "failed_logins",
            "totp_enabled",
            "created_at",
            "updated_at",
        ],
    );
    let mut staff = vec![("bench-admin".to_owned(), "program_admin")];
    for lead in 1..=2 {
        staff.push((format!("bench-lead-{lead}"), "support_agent"));
    }
    for agent in 1..=6 {
        staff.push((format!("bench-agent-{agent}"), "support_agent"));
    }
    for (id, role) in &staff {
        users.rows.push(vec![
            V::T(id.clone()),
            V::T(format!("{id}@support.bench.example")),
            V::T(format!("Bench {id}")),
            V::T((*role).into()),
            V::I(1),
            V::I(0),
            V::I(0),
            V::I(now - 400 * DAY),
            V::I(now - 400 * DAY),
        ]);
    }
    users.flush(state).await;
    let mut groups = Table::new(
        "support_groups",
        &[
            "group_key",
            "name",
            "categories",
            "lead_id",
            "rotation_starts_at",
            "rotation_hours",
            "created_at",
        ],
    );
    let mut members = Table::new(
        "support_group_members",
        &["group_key", "user_id", "position"],
    );
    for (index, key) in ["bench-onboarding", "bench-platform"].iter().enumerate() {
        let categories = CATEGORIES
            .iter()
            .filter(|(_, group)| group == key)
            .map(|(category, _)| *category)
            .collect::<Vec<_>>()
            .join(" ");
        groups.rows.push(vec![
            V::T((*key).into()),
            V::T(format!("Bench {key}")),
            V::T(categories),
            V::OT(Some(format!("bench-lead-{}", index + 1))),
            V::I(now - 10 * DAY),
            V::I(24),
            V::I(now - 400 * DAY),
        ]);
        for position in 0..3 {
            members.rows.push(vec![
                V::T((*key).into()),
                V::T(format!("bench-agent-{}", index * 3 + position + 1)),
                V::I(position as i64),
            ]);
        }
    }
    groups.flush(state).await;
    members.flush(state).await;
    (1..=6)
        .map(|agent| format!("bench-agent-{agent}"))
        .collect()
}

/// Writes `organizations` organizations of three partner people each and `count` open tickets
/// with their targets and pauses straight into the tables (10,000 tickets per round).
async fn generate(state: &AppState, organizations: usize, count: usize) -> Generated {
    let now = state.clock.now_ms();
    let terms = default_terms(state).await;
    let business_spec = serde_json::to_string(&paris().spec()).unwrap();
    let always_spec = serde_json::to_string(&around_the_clock().spec()).unwrap();
    let agents = generate_staff(state, now).await;
    let mut orgs = Table::new(
        "organizations",
        &[
            "id",
            "name",
            "state",
            "created_at",
            "category",
            "country",
            "tier",
            "contact_name",
            "contact_email",
        ],
    );
    let mut users = Table::new(
        "users",
        &[
            "id",
            "email",
            "name",
            "role",
            "organization_id",
            "active",
            "failed_logins",
            "totp_enabled",
            "created_at",
            "updated_at",
        ],
    );
    for organization in 0..organizations {
        let organization_id = format!("bench-org-{organization:04}");
        orgs.rows.push(vec![
            V::T(organization_id.clone()),
            V::T(format!("Bench Organization {organization:04}")),
            V::T("active".into()),
            V::I(now - 400 * DAY),
            V::T("healthcare_organization".into()),
            V::T(["US", "CA", "GB", "KE"][organization % 4].into()),
            V::T(["registered", "public"][organization % 2].into()),
            V::OT(Some(format!("Contact {organization:04}"))),
            V::OT(Some(format!("contact@org{organization:04}.bench.example"))),
        ]);
        for (person, role) in ["partner_admin", "partner_developer", "partner_member"]
            .iter()
            .enumerate()
        {
            users.rows.push(vec![
                V::T(format!("bench-user-{organization:04}-{person}")),
                V::T(format!("p{person}@org{organization:04}.bench.example")),
                V::T(format!("Person {person} of {organization:04}")),
                V::T((*role).into()),
                V::T(organization_id.clone()),
                V::I(1),
                V::I(0),
                V::I(0),
                V::I(now - 300 * DAY),
                V::I(now - 300 * DAY),
            ]);
        }
    }
    orgs.flush(state).await;
    users.flush(state).await;

    let mut ticket_rows = Table::new(
        "support_tickets",
        &[
            "id",
            "number",
            "organization_id",
            "requester_id",
            "subject",
            "description",
            "severity",
            "category",
            "status",
            "group_key",
            "assignee_id",
            "tags",
            "source",
            "signal_key",
            "policy_id",
            "opened_at",
            "updated_at",
            "first_replied_at",
            "sla_due_at",
            "sla_breached",
            "sla_sort",
        ],
    );
    let mut target_rows = Table::new("support_targets", TARGET_COLUMNS);
    let mut pause_rows = Table::new("support_pauses", &["ticket_id", "started_at", "ended_at"]);
    let mut random = Random(0x5_0990_2026);
    let mut counts = Generated::default();
    let weights: u32 = SEVERITIES.iter().map(|(_, weight)| weight).sum();
    for index in 0..count {
        let ticket_id = format!("bench-ticket-{index:06}");
        let organization = random.range(0, organizations as i64);
        let organization_id = format!("bench-org-{organization:04}");
        let mut pick = (random.next() % u64::from(weights)) as u32;
        let severity = SEVERITIES
            .iter()
            .find(|(_, weight)| {
                if pick < *weight {
                    true
                } else {
                    pick -= weight;
                    false
                }
            })
            .unwrap()
            .0;
        let terms = &terms[severity];
        let calendar = if severity == "critical" {
            &always_spec
        } else {
            &business_spec
        };
        let (category, group_key) = CATEGORIES[random.range(0, CATEGORIES.len() as i64) as usize];
        let status_roll = random.range(0, 100);
        let status = match status_roll {
            0..=2 => "waiting_on_partner",
            3..=4 => "on_hold",
            5..=29 => "new",
            _ => "open",
        };
        *counts.by_status.entry(status).or_default() += 1;
        let class_roll = random.range(0, 1_000);
        let class = if status == "waiting_on_partner" {
            Class::Later
        } else {
            match class_roll {
                0..=3 => Class::WarnNow,
                4..=7 => Class::BreachNow,
                8..=9 => Class::EscalateNow,
                10..=89 => Class::BreachedEarlier,
                _ => Class::Later,
            }
        };
        let waiting = status == "waiting_on_partner";
        // The target the class is about: the first reply of a new ticket, else the resolution.
        let (warn, every) = (terms.warn_before, terms.escalate_every);
        let lead = running(&mut random, class, now, warn, every);
        let opened_at = lead.due_at.min(now) - random.range(10 * MINUTE, 20 * DAY);
        let signal = random.chance(0.03);
        let requester = (!signal).then(|| {
            format!(
                "bench-user-{organization:04}-{}",
                random.range(0, 3) as usize
            )
        });
        let assignee = random
            .chance(0.6)
            .then(|| {
                let offset = if group_key == "bench-onboarding" {
                    0
                } else {
                    3
                };
                agents[offset + random.range(0, 3) as usize].clone()
            })
            .filter(|_| status != "new");
        let mut staff_due = Vec::new();
        let mut breached = false;
        let mut target =
            |metric: &str, minutes: i64, times: Option<&Running>, achieved: Option<i64>| {
                counts.targets += 1;
                let (due_at, warned_at, breached_at, level, next_check_at) = match times {
                    Some(times) => (
                        Some(times.due_at),
                        times.warned_at,
                        times.breached_at,
                        times.level,
                        times.next_check_at,
                    ),
                    None => (None, None, None, 0, None),
                };
                if achieved.is_none() {
                    if let Some(due) = due_at {
                        staff_due.push(due);
                        breached |= due <= now;
                    }
                    if next_check_at.is_some_and(|check| check <= now) {
                        counts.due_now += 1;
                    }
                }
                target_rows.rows.push(vec![
                    V::T(format!("{ticket_id}-{metric}")),
                    V::T(ticket_id.clone()),
                    V::T(metric.into()),
                    V::T(calendar.clone()),
                    V::I(minutes),
                    V::I(warn),
                    V::I(every),
                    V::I(opened_at),
                    V::OI(due_at),
                    V::OI(achieved),
                    V::OI(None),
                    V::OI(warned_at),
                    V::OI(breached_at),
                    V::I(level),
                    V::OI(next_check_at),
                ]);
            };
        let mut first_replied_at = None;
        if status == "new" {
            target("first_reply", terms.first_reply, Some(&lead), None);
            let later = lead.due_at.max(now) + random.range(HOUR, 10 * DAY);
            let resolution = Running {
                due_at: later,
                warned_at: None,
                breached_at: None,
                level: 0,
                next_check_at: Some(later - warn * MINUTE),
            };
            target("resolution", terms.resolution, Some(&resolution), None);
        } else {
            let replied = opened_at + random.range(5 * MINUTE, DAY).min((now - opened_at).max(1));
            first_replied_at = Some(replied);
            target("first_reply", terms.first_reply, None, Some(replied));
            if waiting {
                // Paused: no due time and nothing to check until the partner answers.
                target("resolution", terms.resolution, None, None);
            } else {
                target("resolution", terms.resolution, Some(&lead), None);
            }
        }
        match class {
            Class::WarnNow => counts.warn_now += 1,
            Class::BreachNow => counts.breach_now += 1,
            Class::EscalateNow => counts.escalate_now += 1,
            _ => {}
        }
        counts.breached += usize::from(breached);
        // Pauses: an open one while waiting on the partner; a closed one now and then.
        let mut pause_from = opened_at + random.range(MINUTE, HOUR);
        if random.chance(0.1) || waiting {
            let to = (pause_from + random.range(10 * MINUTE, 2 * DAY)).min(now - 1);
            if to > pause_from {
                pause_rows.rows.push(vec![
                    V::T(ticket_id.clone()),
                    V::I(pause_from),
                    V::OI(Some(to)),
                ]);
                counts.pauses += 1;
                pause_from = to + MINUTE;
            }
        }
        if waiting {
            let started = pause_from.max(now - random.range(HOUR, 10 * DAY)).min(now);
            pause_rows
                .rows
                .push(vec![V::T(ticket_id.clone()), V::I(started), V::OI(None)]);
            counts.pauses += 1;
            counts.waiting += 1;
        }
        let sla_due_at = staff_due.iter().min().copied();
        ticket_rows.rows.push(vec![
            V::T(ticket_id.clone()),
            V::I(1_001 + index as i64),
            V::T(organization_id),
            V::OT(requester),
            V::T(format!("Bench ticket {index}: {category} problem")),
            V::T(format!(
                "Our {category} integration returns an error since this morning; \
                 the request and the response are attached below. Ticket {index}."
            )),
            V::T(severity.into()),
            V::T(category.into()),
            V::T(status.into()),
            V::OT(Some(group_key.into())),
            V::OT(assignee),
            V::T(TAGS[random.range(0, TAGS.len() as i64) as usize].into()),
            V::T(if signal { "signal" } else { "partner" }.into()),
            V::OT(signal.then(|| format!("bench-signal-{index}"))),
            V::OT(Some(terms.policy_id.clone())),
            V::I(opened_at),
            V::I(first_replied_at.unwrap_or(opened_at)),
            V::OI(first_replied_at),
            V::OI(sla_due_at),
            V::I(i64::from(breached)),
            V::I(sla_due_at.unwrap_or(NO_DUE)),
        ]);
        counts.tickets += 1;
        if (index + 1) % 10_000 == 0 || index + 1 == count {
            ticket_rows.flush(state).await;
            target_rows.flush(state).await;
            pause_rows.flush(state).await;
        }
    }
    sqlx::query("UPDATE support_ticket_numbers SET last_number = $1 WHERE id = 1")
        .bind(1_000 + count as i64)
        .execute(state.store.pool())
        .await
        .unwrap();
    counts
}

/// Fresh planner statistics: what the recurring `platform.retention` job does (`optimize`), and
/// on PostgreSQL the other tables the sweep and the queue read, which autovacuum's analyze would
/// reach soon after a load like this one.
async fn analyze(state: &AppState, postgres: bool) {
    state.store.optimize().await.unwrap();
    if postgres {
        sqlx::query(
            "ANALYZE organizations, users, support_tickets, support_targets, support_pauses, \
             support_groups, support_group_members, sla_policies",
        )
        .execute(state.store.pool())
        .await
        .unwrap();
    }
}

// ---------------------------------------------------------------------------------------------
// Query plans.

/// The queue's SELECT as `onramp_store::support::tickets::list` writes it (mirrored here to
/// explain it; the store keeps its text private).
const QUEUE_SELECT: &str =
    "SELECT t.id, t.number, t.organization_id, o.name AS organization_name, \
     o.tier AS organization_tier, t.requester_id, r.name AS requester_name, \
     r.email AS requester_email, t.subject, t.description, t.severity, t.category, t.status, \
     t.group_key, g.name AS group_name, t.assignee_id, a.name AS assignee_name, t.tags, t.source, \
     t.signal_key, t.policy_id, t.opened_at, t.updated_at, t.first_replied_at, t.solved_at, \
     t.closed_at, t.sla_due_at, t.sla_breached, t.csat_rating, t.csat_comment, t.csat_at \
     FROM support_tickets t JOIN organizations o ON o.id = t.organization_id \
     LEFT JOIN users r ON r.id = t.requester_id LEFT JOIN users a ON a.id = t.assignee_id \
     LEFT JOIN support_groups g ON g.group_key = t.group_key";
const OPEN: &str = "t.status IN ('new', 'open', 'waiting_on_partner', 'on_hold')";

/// The queries to explain: (what, SQL with its values written in).
fn plans_to_show(now: i64) -> Vec<(String, String)> {
    let page = |condition: &str| {
        format!(
            "{QUEUE_SELECT} WHERE {OPEN}{condition} ORDER BY t.sla_sort, t.number LIMIT 50 OFFSET 0"
        )
    };
    let count = |condition: &str| {
        format!(
            "SELECT COUNT(*) AS n FROM (SELECT 1 FROM support_tickets t WHERE {OPEN}{condition} \
             LIMIT {}) counted",
            onramp_store::support::tickets::COUNT_CAP + 1
        )
    };
    vec![
        ("queue page: open, first 50".to_owned(), page("")),
        ("queue count: open".to_owned(), count("")),
        (
            "queue page: open, severity = critical".to_owned(),
            page(" AND t.severity = 'critical'"),
        ),
        (
            "queue count: open, severity = critical".to_owned(),
            count(" AND t.severity = 'critical'"),
        ),
        (
            "queue page: open, breached".to_owned(),
            page(" AND t.sla_breached = 1"),
        ),
        (
            "queue count: open, breached".to_owned(),
            count(" AND t.sla_breached = 1"),
        ),
        (
            format!("to_check(now, {SWEEP_BATCH})"),
            format!(
                "SELECT id, ticket_id, metric, calendar, target_minutes, warn_before_minutes, \
                 escalate_every_minutes, started_at, due_at, achieved_at, cancelled_at, warned_at, \
                 breached_at, escalation_level, next_check_at FROM support_targets \
                 WHERE next_check_at IS NOT NULL AND next_check_at <= {now} \
                 ORDER BY next_check_at LIMIT {SWEEP_BATCH}"
            ),
        ),
    ]
}

/// Prints each query's plan: SQLite's `EXPLAIN QUERY PLAN` as a tree, PostgreSQL's
/// `EXPLAIN ANALYZE`.
async fn print_plans(state: &AppState, engine: &str, postgres: bool, now: i64) {
    let pool = state.store.pool();
    for (what, sql) in plans_to_show(now) {
        println!("\n{engine} plan, {what}:");
        if postgres {
            let rows = sqlx::query(&format!("EXPLAIN ANALYZE {sql}"))
                .fetch_all(pool)
                .await
                .unwrap();
            for row in rows {
                println!("    {}", row.try_get::<String, _>(0).unwrap());
            }
        } else {
            let rows = sqlx::query(&format!("EXPLAIN QUERY PLAN {sql}"))
                .fetch_all(pool)
                .await
                .unwrap();
            let mut depth: HashMap<i64, usize> = HashMap::new();
            for row in rows {
                let id: i64 = row.try_get("id").unwrap();
                let parent: i64 = row.try_get("parent").unwrap();
                let detail: String = row.try_get("detail").unwrap();
                let level = depth.get(&parent).map_or(0, |level| level + 1);
                depth.insert(id, level);
                println!("    {}{detail}", "  ".repeat(level));
            }
        }
    }
    println!();
}

// ---------------------------------------------------------------------------------------------
// Timing and requests.

/// How a request is signed in.
#[derive(Clone, Copy)]
enum Credential<'a> {
    Cookie(&'a str),
    Bearer(&'a str),
}

/// A GET through the router: the status and the body's length.
async fn get(router: &axum::Router, credential: Credential<'_>, path: &str) -> (StatusCode, usize) {
    let request = Request::get(path);
    let request = match credential {
        Credential::Cookie(cookie) => request.header(header::COOKIE, cookie),
        Credential::Bearer(token) => {
            request.header(header::AUTHORIZATION, format!("Bearer {token}"))
        }
    };
    let response = router
        .clone()
        .oneshot(request.body(Body::empty()).unwrap())
        .await
        .unwrap();
    let status = response.status();
    let body = axum::body::to_bytes(response.into_body(), usize::MAX)
        .await
        .unwrap();
    (status, body.len())
}

#[tokio::main(flavor = "multi_thread", worker_threads = 2)]
async fn main() {
    let count = env_number("ONRAMP_BENCH_TICKETS", 100_000);
    let organizations = env_number("ONRAMP_BENCH_ORGANIZATIONS", 1_000);
    let runs = env_number("ONRAMP_BENCH_RUNS", 50);
    let calls = env_number("ONRAMP_BENCH_SLA_CALLS", 100_000);
    let keep = std::env::var("ONRAMP_BENCH_KEEP").is_ok_and(|value| value == "1");
    let postgres = onramp_store::testing::postgres_base_url();
    let mut backends: Vec<(&str, Option<&str>)> = vec![("SQLite", None)];
    if let Some(url) = postgres.as_deref() {
        backends.push(("PostgreSQL", Some(url)));
    }
    let mut figures: Figures = Vec::new();

    // 1. The SLA clock, once: no database.
    bench_sla(&mut figures, calls);

    let mut notes = Vec::new();
    for (engine, (name, url)) in backends.iter().enumerate() {
        let dir = tempfile::tempdir().unwrap();
        let mut config = ServerConfig::with_data_dir(dir.path().to_path_buf());
        if let Some(base_url) = url {
            config.database_url = onramp_store::testing::fresh_postgres_schema(base_url)
                .await
                .unwrap();
        }
        config.job_workers = 0;
        let clock = Arc::new(ManualClock::starting_now());
        let state = onramp_server::build_state_with_clock(config, clock)
            .await
            .unwrap();

        // 2. The breach sweep.
        let started = Instant::now();
        let generated = generate(&state, organizations, count).await;
        analyze(&state, url.is_some()).await;
        let mut statuses: Vec<_> = generated.by_status.iter().collect();
        statuses.sort();
        println!(
            "{name}: {} open tickets ({}) over {organizations} organizations generated in {:.1} s: \
             {} targets, {} due now ({} warnings, {} breaches, {} escalations), {} tickets \
             breached, {} waiting on the partner, {} pauses",
            generated.tickets,
            statuses
                .iter()
                .map(|(status, n)| format!("{n} {status}"))
                .collect::<Vec<_>>()
                .join(", "),
            started.elapsed().as_secs_f64(),
            generated.targets,
            generated.due_now,
            generated.warn_now,
            generated.breach_now,
            generated.escalate_now,
            generated.breached,
            generated.waiting,
            generated.pauses,
        );
        assert_eq!(generated.tickets, count);
        let now = state.clock.now_ms();
        print_plans(&state, name, url.is_some(), now).await;
        let pool = state.store.pool();
        let due = to_check(pool, now, SWEEP_BATCH).await.unwrap().len();
        assert_eq!(due, generated.due_now.min(SWEEP_BATCH as usize));
        let (p50, p99) = time_runs(runs, move || async move {
            to_check(pool, now, SWEEP_BATCH).await.unwrap();
        })
        .await;
        record(
            &mut figures,
            engine,
            &format!(
                "store `to_check(now, {SWEEP_BATCH})`, ~1 % due ({} of {} targets)",
                generated.due_now, generated.targets
            ),
            ms(p50, p99),
        );
        let started = Instant::now();
        let swept = sweep(&state).await.unwrap();
        let wall = started.elapsed().as_secs_f64();
        let handled = swept.warned + swept.breached + swept.escalated;
        println!(
            "{name}: sweep in {wall:.2} s: {swept:?}, {:.0} targets/s",
            handled as f64 / wall
        );
        assert_eq!(handled, due);
        record(
            &mut figures,
            engine,
            &format!("`sweep`, {handled} due targets (wall; claims, audit events, mails)"),
            format!("{:.0} ms", wall * 1000.0),
        );
        record(
            &mut figures,
            engine,
            "`sweep` targets handled per second",
            format!("{:.0}/s", handled as f64 / wall),
        );
        let (p50, p99) = time_runs(runs, move || async move {
            assert!(to_check(pool, now, SWEEP_BATCH).await.unwrap().is_empty());
        })
        .await;
        record(
            &mut figures,
            engine,
            "store `to_check` with nothing due",
            ms(p50, p99),
        );
        let state_ref = &state;
        let (p50, p99) = time_runs(runs, move || async move {
            let idle = sweep(state_ref).await.unwrap();
            assert_eq!(idle.warned + idle.breached + idle.escalated, 0);
        })
        .await;
        record(
            &mut figures,
            engine,
            &format!("idle `sweep` (nothing due, {count} open tickets)"),
            ms(p50, p99),
        );

        // 3. The staff queue.
        for (label, filter) in [
            ("open queue", TicketFilter::default()),
            (
                "open, severity=critical",
                TicketFilter {
                    severity: Some("critical".to_owned()),
                    ..TicketFilter::default()
                },
            ),
            (
                "open, sla=breached",
                TicketFilter {
                    sla: Some("breached".to_owned()),
                    ..TicketFilter::default()
                },
            ),
        ] {
            let filter = &TicketFilter {
                open_only: true,
                ..filter
            };
            let (page, total) = tickets::list(pool, filter, 50, 0).await.unwrap();
            assert_eq!(page.len(), 50.min(total as usize));
            let (p50, p99) = time_runs(runs, move || async move {
                tickets::list(pool, filter, 50, 0).await.unwrap();
            })
            .await;
            record(
                &mut figures,
                engine,
                &format!("store `tickets::list`, {label}, first page (50 of {total})"),
                ms(p50, p99),
            );
        }
        let agent = create_user(
            &state.store,
            &AuditContext::system(),
            &NewAccount {
                email: AGENT_EMAIL.to_owned(),
                name: "Bench Support Agent".to_owned(),
                role: Role::SupportAgent,
                organization: None,
                password: AGENT_PASSWORD.to_owned(),
            },
        )
        .await
        .unwrap();
        let cookie = session_cookie(&state, AGENT_EMAIL, AGENT_PASSWORD).await;
        let token = create_for_user(&state.store, &AuditContext::system(), &agent, "bench", None)
            .await
            .unwrap()
            .secret;
        let router = onramp_server::app(state.clone());
        let mut sizes = Vec::new();
        for (label, path, credential) in [
            (
                "GET /support (open queue, page 1)",
                "/support",
                Credential::Cookie(&cookie),
            ),
            (
                "GET /support?severity=critical",
                "/support?severity=critical",
                Credential::Cookie(&cookie),
            ),
            (
                "GET /support?sla=breached",
                "/support?sla=breached",
                Credential::Cookie(&cookie),
            ),
            (
                "GET /api/v1/support/tickets?open=true",
                "/api/v1/support/tickets?open=true",
                Credential::Bearer(&token),
            ),
        ] {
            let router = &router;
            let (status, size) = get(router, credential, path).await;
            if status != StatusCode::OK {
                let note = format!("{name}: {path} answered {status}: row skipped");
                println!("{note}");
                notes.push(note);
                record(&mut figures, engine, label, format!("skipped ({status})"));
                continue;
            }
            let (p50, p99) = time_runs(runs, move || async move {
                let (status, _) = get(router, credential, path).await;
                assert_eq!(status, StatusCode::OK, "{path}");
            })
            .await;
            record(&mut figures, engine, label, ms(p50, p99));
            sizes.push(format!("{path}: {} kB", size / 1024));
        }
        println!(
            "{name}: {runs} runs per query or page; {}",
            if sizes.is_empty() {
                "no page answered".to_owned()
            } else {
                sizes.join(", ")
            }
        );
        if keep {
            println!("{name}: database kept at {}", state.config.database_url);
        }
        state.store.close().await;
        if keep {
            let _ = dir.keep();
        }
    }
    println!();
    let mut header = String::from("| measurement |");
    let mut rule = String::from("|---|");
    for (name, _) in &backends {
        write!(header, " {name} p50 / p99 |").unwrap();
        rule.push_str("---:|");
    }
    println!("{header}");
    println!("{rule}");
    for (label, values) in &figures {
        let mut line = format!("| {label} |");
        for engine in 0..backends.len() {
            let value = values.get(engine).map_or("", String::as_str);
            let value = if value.is_empty() && label.contains("(no database)") {
                "(same: run once)"
            } else {
                value
            };
            write!(line, " {value} |").unwrap();
        }
        println!("{line}");
    }
    for note in notes {
        println!("\n{note}");
    }
}
