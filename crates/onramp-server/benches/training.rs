//! Measures training at scale, on SQLite (and PostgreSQL when `ONRAMP_TEST_POSTGRES_URL` is set):
//!
//! 1. **Reports over 1,000 organizations × 20 people**: generated straight into the tables (a
//!    fixed seed, so every run writes the same): each person with a job role, two to four
//!    assignments (some overdue), progress in the built-in courses with module completions,
//!    assessment attempts, and certificates — valid, expiring within the reminder window,
//!    expired, a few revoked. Then p50/p99 of the store's `coverage` (first page of 50, and all
//!    1,000), `completions` and `credits_by_organization`, and of the whole page
//!    `/training/reports` and `/training/reports/coverage.csv` through the router, signed in as
//!    a trainer.
//! 2. **Assessment submissions under load**: learners each with an attempt in progress on
//!    `fhir-fundamentals` (modules completed and the attempt started through the API), then
//!    every answer sheet POSTed to `/api/v1/training/attempts/{id}/submit` at once by concurrent
//!    tasks through the router: throughput and p50/p99 latency.
//!
//! `cargo bench -p onramp-server --bench training` (`ONRAMP_BENCH_ORGANIZATIONS`, default 1000;
//! `ONRAMP_BENCH_PEOPLE` per organization, default 20; `ONRAMP_BENCH_RUNS` per query or page,
//! default 50; `ONRAMP_BENCH_LEARNERS` submitting, default 200; `ONRAMP_BENCH_CONCURRENCY`,
//! default 16; `ONRAMP_BENCH_KEEP=1` keeps the SQLite database for EXPLAIN — PostgreSQL schemas
//! are left in place like the other benches').

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Instant;

use axum::body::Body;
use axum::http::{header, Request, StatusCode};
use onramp_core::training::assessment::{draw, Answer, Answers};
use onramp_core::training::course::CourseDocument;
use onramp_core::training::{QuestionKind, CERTIFICATE_REMINDER_DAYS};
use onramp_core::Role;
use onramp_server::accounts::services::tokens::create_for_user;
use onramp_server::accounts::services::users::{create_user, NewAccount};
use onramp_server::state::AppState;
use onramp_server::ServerConfig;
use onramp_store::platform::audit::AuditContext;
use onramp_store::training::reports;
use tower::ServiceExt;

mod common;
use common::*;

const DAY: i64 = 86_400_000;
const TRAINER_EMAIL: &str = "bench-trainer@example.org";
const TRAINER_PASSWORD: &str = "a long bench password 2026";
/// The course every load learner takes.
const LOAD_COURSE: &str = "fhir-fundamentals";

/// A built-in course as the generator needs it.
struct CourseInfo {
    id: String,
    key: String,
    document: CourseDocument,
}

async fn built_in_courses(state: &AppState) -> Vec<CourseInfo> {
    onramp_store::training::courses::latest(state.store.pool())
        .await
        .unwrap()
        .into_iter()
        .map(|course| CourseInfo {
            document: serde_json::from_str(&course.document).unwrap(),
            id: course.id,
            key: course.key,
        })
        .collect()
}

/// Job roles, weighted as a partner's staff might be, with the curriculum each is assigned first.
const JOB_ROLES: &[(&str, u32, &str)] = &[
    ("clinician", 4, "clinician-curriculum"),
    ("nurse", 4, "nurse-curriculum"),
    ("physician", 2, "physician-curriculum"),
    ("it_staff", 3, "it-staff-curriculum"),
    ("implementation_specialist", 3, "implementation-specialist"),
    ("vendor_integrator", 2, "vendor-integration"),
    ("trainer", 1, "train-the-trainer"),
    ("other", 1, "fhir-fundamentals"),
];

/// What was generated, for the report's header.
#[derive(Default)]
struct Generated {
    people: usize,
    assignments: usize,
    overdue: usize,
    progress: usize,
    completed: usize,
    module_completions: usize,
    attempts: usize,
    certificates_valid: usize,
    certificates_expiring: usize,
    certificates_expired: usize,
    certificates_revoked: usize,
}

/// Writes `organizations` organizations of `people` active partner users each, with their
/// training, straight into the tables (100 organizations per round of inserts).
async fn generate(state: &AppState, organizations: usize, people: usize) -> Generated {
    let courses = built_in_courses(state).await;
    let now = state.clock.now_ms();
    let mut random = Random(0x0A11_2026);
    let mut counts = Generated::default();
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
        ],
    );
    let mut users = Table::new(
        "users",
        &[
            "id",
            "email",
            "name",
            "password_hash",
            "role",
            "organization_id",
            "active",
            "failed_logins",
            "totp_enabled",
            "created_at",
            "updated_at",
        ],
    );
    let mut learners = Table::new(
        "training_learners",
        &["user_id", "organization_id", "job_role", "updated_at"],
    );
    let mut assignments = Table::new(
        "training_assignments",
        &[
            "user_id",
            "course_key",
            "organization_id",
            "assigned_by",
            "assigned_at",
            "due_at",
        ],
    );
    let mut progress = Table::new(
        "training_progress",
        &[
            "user_id",
            "course_key",
            "course_id",
            "organization_id",
            "started_at",
            "completed_at",
        ],
    );
    let mut modules = Table::new(
        "training_module_completions",
        &[
            "user_id",
            "course_id",
            "module_key",
            "organization_id",
            "completion",
            "credits_tenths",
            "hours_tenths",
            "completed_at",
        ],
    );
    let mut attempts = Table::new(
        "training_attempts",
        &[
            "id",
            "user_id",
            "organization_id",
            "course_id",
            "course_key",
            "seed",
            "drawn",
            "started_at",
            "deadline_at",
            "submitted_at",
            "answers",
            "state",
            "score_percent",
        ],
    );
    let mut certificates = Table::new(
        "training_certificates",
        &[
            "id",
            "user_id",
            "organization_id",
            "course_key",
            "course_id",
            "title",
            "holder_name",
            "credits_tenths",
            "issued_at",
            "expires_at",
            "basis",
            "revoked_at",
            "revoked_reason",
        ],
    );
    let weights: u32 = JOB_ROLES.iter().map(|(_, weight, _)| weight).sum();
    let mut attempt_number = 0usize;
    for organization in 0..organizations {
        let organization_id = format!("bench-org-{organization:04}");
        orgs.rows.push(vec![
            V::T(organization_id.clone()),
            V::T(format!("Bench Organization {organization:04}")),
            V::T("active".into()),
            V::I(now - 400 * DAY),
            V::T("healthcare_organization".into()),
            V::T(["US", "CA", "GB", "KE"][organization % 4].into()),
            V::T("registered".into()),
        ]);
        let admin_id = format!("bench-user-{organization:04}-00");
        for person in 0..people {
            let user_id = format!("bench-user-{organization:04}-{person:02}");
            let name = format!("Person {person:02} of {organization:04}");
            let role = match person {
                0 => "partner_admin",
                1..=4 => "partner_developer",
                _ => "partner_member",
            };
            users.rows.push(vec![
                V::T(user_id.clone()),
                V::T(format!("p{person:02}@org{organization:04}.bench.example")),
                V::T(name.clone()),
                V::OT(None),
                V::T(role.into()),
                V::T(organization_id.clone()),
                V::I(1),
                V::I(0),
                V::I(0),
                V::I(now - 300 * DAY),
                V::I(now - 300 * DAY),
            ]);
            counts.people += 1;
            let mut pick = (random.next() % u64::from(weights)) as u32;
            let &(job_role, _, curriculum) = JOB_ROLES
                .iter()
                .find(|(_, weight, _)| {
                    if pick < *weight {
                        true
                    } else {
                        pick -= weight;
                        false
                    }
                })
                .unwrap();
            // Most people have been given a job role by their partner admin.
            if random.chance(0.92) {
                learners.rows.push(vec![
                    V::T(user_id.clone()),
                    V::T(organization_id.clone()),
                    V::T(job_role.into()),
                    V::I(now - 200 * DAY),
                ]);
            }
            // Two to four courses: the role's curriculum, the fundamentals, then others.
            let mut chosen: Vec<&CourseInfo> = Vec::new();
            for key in [curriculum, LOAD_COURSE] {
                if let Some(course) = courses.iter().find(|course| course.key == key) {
                    if !chosen.iter().any(|other| other.key == course.key) {
                        chosen.push(course);
                    }
                }
            }
            let wanted = random.range(2, 5) as usize;
            while chosen.len() < wanted.min(courses.len()) {
                let course = &courses[random.range(0, courses.len() as i64) as usize];
                if !chosen.iter().any(|other| other.key == course.key) {
                    chosen.push(course);
                }
            }
            chosen.truncate(wanted);
            for course in chosen {
                let started = random.chance(0.75);
                let completed = started && random.chance(0.65);
                let certifies = course.document.certification.as_ref();
                // Work back from the outcome: the certificate's standing sets when the course
                // was completed; the start and the assignment came before.
                let (started_at, completed_at, expires_at) = if completed {
                    match certifies {
                        Some(certification) => {
                            let roll = random.range(0, 100);
                            let expires_at = if roll < 70 {
                                now + random.range(CERTIFICATE_REMINDER_DAYS + 1, 365) * DAY
                            } else if roll < 80 {
                                now + random.range(1, CERTIFICATE_REMINDER_DAYS) * DAY
                            } else {
                                now - random.range(1, 200) * DAY
                            };
                            let completed_at =
                                expires_at - i64::from(certification.valid_days) * DAY;
                            let started_at = completed_at - random.range(1, 40) * DAY;
                            (started_at, Some(completed_at), Some(expires_at))
                        }
                        None => {
                            let completed_at = now - random.range(1, 300) * DAY;
                            let started_at = completed_at - random.range(1, 40) * DAY;
                            (started_at, Some(completed_at), None)
                        }
                    }
                } else {
                    (now - random.range(1, 150) * DAY, None, None)
                };
                let assigned_at = if started {
                    started_at - random.range(0, 15) * DAY
                } else {
                    now - random.range(0, 200) * DAY
                };
                let due_at =
                    (!random.chance(0.10)).then(|| assigned_at + random.range(30, 120) * DAY);
                assignments.rows.push(vec![
                    V::T(user_id.clone()),
                    V::T(course.key.clone()),
                    V::T(organization_id.clone()),
                    V::T(admin_id.clone()),
                    V::I(assigned_at),
                    V::OI(due_at),
                ]);
                counts.assignments += 1;
                if due_at.is_some_and(|due| due < now) && !completed {
                    counts.overdue += 1;
                }
                if !started {
                    continue;
                }
                progress.rows.push(vec![
                    V::T(user_id.clone()),
                    V::T(course.key.clone()),
                    V::T(course.id.clone()),
                    V::T(organization_id.clone()),
                    V::I(started_at),
                    V::OI(completed_at),
                ]);
                counts.progress += 1;
                counts.completed += usize::from(completed);
                let module_count = course.document.modules.len();
                let done = if completed {
                    module_count
                } else {
                    random.range(0, module_count as i64 + 1) as usize
                };
                let finished_by = completed_at.unwrap_or(now);
                for (index, module) in course.document.modules.iter().take(done).enumerate() {
                    let span = (finished_by - started_at).max(1);
                    let at = started_at + span * (index as i64 + 1) / (module_count as i64 + 1);
                    modules.rows.push(vec![
                        V::T(user_id.clone()),
                        V::T(course.id.clone()),
                        V::T(module.key.clone()),
                        V::T(organization_id.clone()),
                        V::T(if module.link.is_some() {
                            "attested".into()
                        } else {
                            "read".into()
                        }),
                        V::I(i64::from(module.credits.0)),
                        V::I(i64::from(module.hours.0)),
                        V::I(at),
                    ]);
                    counts.module_completions += 1;
                }
                // Attempts: a pass for a completed course with an assessment (after a failure
                // now and then); a failure, or one in progress, for some who did every module.
                if let Some(assessment) = &course.document.assessment {
                    let mut outcomes: Vec<(&str, i64)> = Vec::new();
                    if completed {
                        if random.chance(0.3) {
                            outcomes.push(("failed", random.range(30, 70)));
                        }
                        outcomes.push(("passed", random.range(70, 101)));
                    } else if done == module_count {
                        let roll = random.range(0, 100);
                        if roll < 40 {
                            outcomes.push(("failed", random.range(20, 70)));
                        } else if roll < 50 {
                            outcomes.push(("awaiting_grading", 0));
                        }
                    }
                    let last_at = completed_at.unwrap_or(now - DAY);
                    let count = outcomes.len() as i64;
                    for (index, (state_name, score)) in outcomes.into_iter().enumerate() {
                        attempt_number += 1;
                        let seed = random.next();
                        let drawn = serde_json::to_string(&draw(assessment, seed)).unwrap();
                        let submitted_at = last_at - (count - 1 - index as i64) * 3 * DAY;
                        let attempt_started = submitted_at - 15 * 60_000;
                        attempts.rows.push(vec![
                            V::T(format!("bench-attempt-{attempt_number:07}")),
                            V::T(user_id.clone()),
                            V::T(organization_id.clone()),
                            V::T(course.id.clone()),
                            V::T(course.key.clone()),
                            V::I(seed as i64),
                            V::T(drawn),
                            V::I(attempt_started),
                            V::OI(
                                assessment
                                    .time_limit_minutes
                                    .map(|minutes| attempt_started + i64::from(minutes) * 60_000),
                            ),
                            V::OI(Some(submitted_at)),
                            V::OT(Some("{}".into())),
                            V::T(state_name.into()),
                            V::OI((state_name != "awaiting_grading").then_some(score)),
                        ]);
                        counts.attempts += 1;
                    }
                }
                if let (Some(certification), Some(completed_at), Some(expires_at)) =
                    (certifies, completed_at, expires_at)
                {
                    let revoked = random.chance(0.01);
                    if revoked {
                        counts.certificates_revoked += 1;
                    } else if expires_at <= now {
                        counts.certificates_expired += 1;
                    } else if expires_at <= now + CERTIFICATE_REMINDER_DAYS * DAY {
                        counts.certificates_expiring += 1;
                    } else {
                        counts.certificates_valid += 1;
                    }
                    let credits: i64 = course
                        .document
                        .modules
                        .iter()
                        .map(|module| i64::from(module.credits.0))
                        .sum();
                    certificates.rows.push(vec![
                        V::T(format!("bench-certificate-{user_id}-{}", course.key)),
                        V::T(user_id.clone()),
                        V::T(organization_id.clone()),
                        V::T(course.key.clone()),
                        V::T(course.id.clone()),
                        V::T(certification.title.clone()),
                        V::T(name.clone()),
                        V::I(credits),
                        V::I(completed_at),
                        V::I(expires_at),
                        V::T("assessment".into()),
                        V::OI(revoked.then_some(now - DAY)),
                        V::OT(revoked.then(|| "issued in error".to_owned())),
                    ]);
                }
            }
        }
        if (organization + 1) % 100 == 0 || organization + 1 == organizations {
            for table in [
                &mut orgs,
                &mut users,
                &mut learners,
                &mut assignments,
                &mut progress,
                &mut modules,
                &mut attempts,
                &mut certificates,
            ] {
                table.flush(state).await;
            }
        }
    }
    counts
}

/// Fresh planner statistics: what the recurring `platform.retention` job does (`optimize`), and
/// on PostgreSQL the tables read here, which autovacuum's analyze would reach soon after a load
/// like this one (`optimize` lists only the tables other features page through).
async fn analyze(state: &AppState, postgres: bool) {
    state.store.optimize().await.unwrap();
    if postgres {
        sqlx::query(
            "ANALYZE organizations, users, training_learners, training_assignments, \
             training_progress, training_module_completions, training_attempts, \
             training_certificates, training_courses",
        )
        .execute(state.store.pool())
        .await
        .unwrap();
    }
}

/// A GET through the router with the session: the body's length.
async fn get_page(router: &axum::Router, cookie: &str, path: &str) -> usize {
    let response = router
        .clone()
        .oneshot(
            Request::get(path)
                .header(header::COOKIE, cookie)
                .body(Body::empty())
                .unwrap(),
        )
        .await
        .unwrap();
    let status = response.status();
    let body = axum::body::to_bytes(response.into_body(), usize::MAX)
        .await
        .unwrap();
    assert_eq!(status, StatusCode::OK, "{path}");
    body.len()
}

/// A JSON POST through the router with a bearer token: status and body.
async fn post_json(
    router: &axum::Router,
    token: &str,
    path: &str,
    body: String,
) -> (StatusCode, serde_json::Value) {
    let response = router
        .clone()
        .oneshot(
            Request::post(path)
                .header(header::AUTHORIZATION, format!("Bearer {token}"))
                .header(header::CONTENT_TYPE, "application/json")
                .body(Body::from(body))
                .unwrap(),
        )
        .await
        .unwrap();
    let status = response.status();
    let bytes = axum::body::to_bytes(response.into_body(), usize::MAX)
        .await
        .unwrap();
    let value = serde_json::from_slice(&bytes).unwrap_or(serde_json::Value::Null);
    (status, value)
}

/// A learner with an attempt in progress, and the answers they will send.
struct Submitter {
    token: String,
    attempt_id: String,
    body: String,
}

/// `learners` partner developers (in organizations of 20) with API tokens, each through the API
/// starting `fhir-fundamentals`, completing its modules and starting the assessment; their
/// answer sheets, about four in five answers right.
async fn prepare_submitters(state: &AppState, learners: usize) -> Vec<Submitter> {
    let now = state.clock.now_ms();
    let mut orgs = Table::new("organizations", &["id", "name", "state", "created_at"]);
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
    for index in 0..learners {
        let organization_id = format!("load-org-{:03}", index / 20);
        if index % 20 == 0 {
            orgs.rows.push(vec![
                V::T(organization_id.clone()),
                V::T(format!("Load Organization {:03}", index / 20)),
                V::T("active".into()),
                V::I(now),
            ]);
        }
        users.rows.push(vec![
            V::T(format!("load-user-{index:04}")),
            V::T(format!("learner{index:04}@load.bench.example")),
            V::T(format!("Load Learner {index:04}")),
            V::T("partner_developer".into()),
            V::T(organization_id),
            V::I(1),
            V::I(0),
            V::I(0),
            V::I(now),
            V::I(now),
        ]);
    }
    orgs.flush(state).await;
    users.flush(state).await;
    let course = built_in_courses(state)
        .await
        .into_iter()
        .find(|course| course.key == LOAD_COURSE)
        .unwrap();
    let assessment = course.document.assessment.clone().unwrap();
    let router = onramp_server::app(state.clone());
    let mut random = Random(0x5EED_0200);
    let mut submitters = Vec::with_capacity(learners);
    for index in 0..learners {
        let user = onramp_store::accounts::users::find_by_id(
            state.store.pool(),
            &format!("load-user-{index:04}"),
        )
        .await
        .unwrap();
        let token = create_for_user(&state.store, &AuditContext::system(), &user, "bench", None)
            .await
            .unwrap()
            .secret;
        let (status, _) = post_json(
            &router,
            &token,
            &format!("/api/v1/training/courses/{LOAD_COURSE}/start"),
            String::new(),
        )
        .await;
        assert_eq!(status, StatusCode::OK, "start");
        for module in &course.document.modules {
            let (status, body) = post_json(
                &router,
                &token,
                &format!(
                    "/api/v1/training/courses/{LOAD_COURSE}/modules/{}/complete",
                    module.key
                ),
                String::new(),
            )
            .await;
            assert_eq!(status, StatusCode::OK, "{}: {body}", module.key);
        }
        let (status, body) = post_json(
            &router,
            &token,
            &format!("/api/v1/training/courses/{LOAD_COURSE}/attempts"),
            String::new(),
        )
        .await;
        assert_eq!(status, StatusCode::CREATED, "{body}");
        let attempt_id = body["id"].as_str().unwrap().to_owned();
        let attempt = onramp_store::training::attempts::find(state.store.pool(), &attempt_id)
            .await
            .unwrap();
        let drawn = draw(&assessment, attempt.seed);
        let mut answers = BTreeMap::new();
        for drawn_question in &drawn.questions {
            let question = assessment.question(&drawn_question.key).unwrap();
            let right = random.chance(0.8);
            let answer = match question.kind {
                QuestionKind::SingleChoice | QuestionKind::MultipleChoice => {
                    let mut keys: Vec<String> = question
                        .choices
                        .iter()
                        .filter(|choice| choice.correct == right)
                        .map(|choice| choice.key.clone())
                        .collect();
                    if question.kind == QuestionKind::SingleChoice {
                        keys.truncate(1);
                    }
                    Answer::Choices(keys)
                }
                QuestionKind::TrueFalse => Answer::TrueFalse(question.answer.unwrap() == right),
                QuestionKind::ShortAnswer => Answer::Text("My considered answer.".to_owned()),
            };
            answers.insert(question.key.clone(), answer);
        }
        let body = serde_json::json!({ "answers": Answers(answers) }).to_string();
        submitters.push(Submitter {
            token,
            attempt_id,
            body,
        });
    }
    submitters
}

/// Every submitter's answers POSTed by `concurrency` tasks at once: (wall seconds, latencies in
/// ms, attempts passed).
async fn submit_all(
    state: &AppState,
    submitters: Vec<Submitter>,
    concurrency: usize,
) -> (f64, Vec<f64>, usize) {
    let submitters = Arc::new(submitters);
    let next = Arc::new(AtomicUsize::new(0));
    let latencies = Arc::new(Mutex::new(Vec::with_capacity(submitters.len())));
    let passed = Arc::new(AtomicUsize::new(0));
    let router = onramp_server::app(state.clone());
    let started = Instant::now();
    let tasks: Vec<_> = (0..concurrency)
        .map(|_| {
            let (submitters, next, latencies, passed, router) = (
                submitters.clone(),
                next.clone(),
                latencies.clone(),
                passed.clone(),
                router.clone(),
            );
            tokio::spawn(async move {
                loop {
                    let index = next.fetch_add(1, Ordering::Relaxed);
                    let Some(submitter) = submitters.get(index) else {
                        break;
                    };
                    let began = Instant::now();
                    let (status, body) = post_json(
                        &router,
                        &submitter.token,
                        &format!("/api/v1/training/attempts/{}/submit", submitter.attempt_id),
                        submitter.body.clone(),
                    )
                    .await;
                    let elapsed = began.elapsed().as_secs_f64() * 1000.0;
                    assert_eq!(status, StatusCode::OK, "{body}");
                    if body["state"] == "passed" {
                        passed.fetch_add(1, Ordering::Relaxed);
                    }
                    latencies.lock().unwrap().push(elapsed);
                }
            })
        })
        .collect();
    for task in tasks {
        task.await.unwrap();
    }
    let wall = started.elapsed().as_secs_f64();
    let latencies = std::mem::take(&mut *latencies.lock().unwrap());
    (wall, latencies, passed.load(Ordering::Relaxed))
}

#[tokio::main(flavor = "multi_thread", worker_threads = 2)]
async fn main() {
    let organizations = env_number("ONRAMP_BENCH_ORGANIZATIONS", 1_000);
    let people = env_number("ONRAMP_BENCH_PEOPLE", 20);
    let runs = env_number("ONRAMP_BENCH_RUNS", 50);
    let learners = env_number("ONRAMP_BENCH_LEARNERS", 200);
    let concurrency = env_number("ONRAMP_BENCH_CONCURRENCY", 16);
    let keep = std::env::var("ONRAMP_BENCH_KEEP").is_ok_and(|value| value == "1");
    let postgres = onramp_store::testing::postgres_base_url();
    let mut backends: Vec<(&str, Option<&str>)> = vec![("SQLite", None)];
    if let Some(url) = postgres.as_deref() {
        backends.push(("PostgreSQL", Some(url)));
    }
    let mut figures: Figures = Vec::new();
    for (engine, (name, url)) in backends.iter().enumerate() {
        let dir = tempfile::tempdir().unwrap();
        let mut config = ServerConfig::with_data_dir(dir.path().to_path_buf());
        if let Some(base_url) = url {
            config.database_url = onramp_store::testing::fresh_postgres_schema(base_url)
                .await
                .unwrap();
        }
        config.job_workers = 0;
        let state = onramp_server::build_state(config).await.unwrap();

        // 1. Reports.
        let started = Instant::now();
        let generated = generate(&state, organizations, people).await;
        analyze(&state, url.is_some()).await;
        println!(
            "{name}: {organizations} organizations × {people} people generated in {:.1} s: \
             {} assignments ({} overdue), {} courses started ({} completed), {} module \
             completions, {} attempts, certificates {} valid, {} expiring within {} days, {} \
             expired, {} revoked",
            started.elapsed().as_secs_f64(),
            generated.assignments,
            generated.overdue,
            generated.progress,
            generated.completed,
            generated.module_completions,
            generated.attempts,
            generated.certificates_valid,
            generated.certificates_expiring,
            CERTIFICATE_REMINDER_DAYS,
            generated.certificates_expired,
            generated.certificates_revoked,
        );
        assert_eq!(generated.people, organizations * people);
        create_user(
            &state.store,
            &AuditContext::system(),
            &NewAccount {
                email: TRAINER_EMAIL.to_owned(),
                name: "Bench Trainer".to_owned(),
                role: Role::Trainer,
                organization: None,
                password: TRAINER_PASSWORD.to_owned(),
            },
        )
        .await
        .unwrap();
        let cookie = session_cookie(&state, TRAINER_EMAIL, TRAINER_PASSWORD).await;
        let pool = state.store.pool();
        let now = state.clock.now_ms();
        let expiring_before = now + CERTIFICATE_REMINDER_DAYS * DAY;
        let first_page = reports::coverage(pool, now, expiring_before, None, 50, 0)
            .await
            .unwrap();
        assert_eq!(first_page.len(), 50.min(organizations));
        let (p50, p99) = time_runs(runs, move || async move {
            reports::coverage(pool, now, expiring_before, None, 50, 0)
                .await
                .unwrap();
        })
        .await;
        record(
            &mut figures,
            engine,
            "store `coverage`, first page (50)",
            ms(p50, p99),
        );
        let (p50, p99) = time_runs(runs, move || async move {
            let rows = reports::coverage(pool, now, expiring_before, None, 1_000, 0)
                .await
                .unwrap();
            assert_eq!(rows.len(), organizations.min(1_000));
        })
        .await;
        record(
            &mut figures,
            engine,
            &format!(
                "store `coverage`, all {} (limit 1000)",
                organizations.min(1_000)
            ),
            ms(p50, p99),
        );
        let (p50, p99) = time_runs(runs, move || async move {
            reports::completions(pool, now).await.unwrap();
        })
        .await;
        record(&mut figures, engine, "store `completions`", ms(p50, p99));
        let (p50, p99) = time_runs(runs, move || async move {
            reports::credits_by_organization(pool, None).await.unwrap();
        })
        .await;
        record(
            &mut figures,
            engine,
            "store `credits_by_organization`",
            ms(p50, p99),
        );
        let router = onramp_server::app(state.clone());
        let mut sizes = Vec::new();
        for (label, path) in [
            ("GET /training/reports (page 1)", "/training/reports"),
            (
                "GET /training/reports/coverage.csv",
                "/training/reports/coverage.csv",
            ),
        ] {
            let (router, cookie) = (&router, cookie.as_str());
            let size = get_page(router, cookie, path).await;
            let (p50, p99) = time_runs(runs, move || async move {
                get_page(router, cookie, path).await;
            })
            .await;
            record(&mut figures, engine, label, ms(p50, p99));
            sizes.push(format!("{path}: {} kB", size / 1024));
        }
        println!(
            "{name}: {runs} runs per query or page; {}",
            sizes.join(", ")
        );

        // 2. Submissions under load.
        let started = Instant::now();
        let submitters = prepare_submitters(&state, learners).await;
        println!(
            "{name}: {learners} learners with an attempt in progress on {LOAD_COURSE} in {:.1} s",
            started.elapsed().as_secs_f64()
        );
        let (wall, mut latencies, passed) = submit_all(&state, submitters, concurrency).await;
        let count = latencies.len();
        let (p50, p99) = percentiles(&mut latencies);
        println!(
            "{name}: {count} submissions by {concurrency} tasks in {:.2} s: {:.0}/s, p50 {p50:.2} ms, \
             p99 {p99:.2} ms, max {:.2} ms ({passed} passed)",
            wall,
            count as f64 / wall,
            latencies[count - 1],
        );
        record(
            &mut figures,
            engine,
            &format!(
                "POST /api/v1/training/attempts/{{id}}/submit, {count} by {concurrency} tasks"
            ),
            ms(p50, p99),
        );
        record(
            &mut figures,
            engine,
            "submissions per second",
            format!("{:.0}/s", count as f64 / wall),
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
            write!(line, " {} |", values.get(engine).map_or("", String::as_str)).unwrap();
        }
        println!("{line}");
    }
}
