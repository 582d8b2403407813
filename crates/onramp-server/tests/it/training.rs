//! Training end to end through the pages: a learner's course, modules and assessment — the
//! answers never in the page before submission, the questions drawn as the attempt's seed says,
//! the attempt limit and short-answer grading enforced by the server —; people's certificates
//! that expire, are reminded of and are renewed by credits on the test clock; the gate condition
//! `training.staff_certified` opening when the Nth person certifies and closing when a
//! certificate expires; job roles, assignments and reports; another organization's people and
//! attempts not found.

use std::sync::Arc;

use axum::http::StatusCode;
use onramp_core::training::assessment::draw;
use onramp_core::training::course::CourseDocument;
use onramp_core::training::QuestionKind;
use onramp_core::Role;
use onramp_server::platform::clock::{Clock, ManualClock};
use onramp_server::training::services::certificates::sweep;
use serde_json::{json, Value};

use crate::registry_support::{applied_and_confirmed, approved, post, staff};
use crate::support::{backends, Client, TestApp, PASSWORD};

const DAY: i64 = 86_400_000;

async fn course(app: &TestApp, key: &str) -> CourseDocument {
    let stored = onramp_store::training::courses::find_version(app.state.store.pool(), key, None)
        .await
        .unwrap();
    serde_json::from_str(&stored.document).unwrap()
}

/// A partner person of `organization` (by name), signed in.
async fn learner(app: &TestApp, email: &str, role: Role, organization: &str) -> (String, Client) {
    let user = app.user(email, role, Some(organization)).await;
    let mut client = app.client();
    assert_eq!(
        client.login(email, PASSWORD).await.status,
        StatusCode::SEE_OTHER
    );
    client.refresh_csrf().await;
    (user.id, client)
}

/// A new client signed in as `email` (sessions end while the test clock runs on).
async fn signed_in_again(app: &TestApp, email: &str) -> Client {
    let mut client = app.client();
    assert_eq!(
        client.login(email, PASSWORD).await.status,
        StatusCode::SEE_OTHER
    );
    client.refresh_csrf().await;
    client
}

/// Starts `key` and completes every module through the pages.
async fn complete_modules(app: &TestApp, client: &mut Client, key: &str) {
    let document = course(app, key).await;
    let started = client
        .post_form(&format!("/training/courses/{key}/start"), &[])
        .await;
    assert_eq!(started.status, StatusCode::SEE_OTHER, "{}", started.body);
    for module in &document.modules {
        let path = format!("/training/courses/{key}/modules/{}/complete", module.key);
        let fields: Vec<(&str, &str)> = if module.link.is_some() {
            vec![("attested", "yes")]
        } else {
            Vec::new()
        };
        let done = client.post_form(&path, &fields).await;
        assert_eq!(done.status, StatusCode::SEE_OTHER, "{path}: {}", done.body);
        assert_eq!(
            done.location(),
            Some(format!("/training/courses/{key}/modules/{}", module.key).as_str())
        );
    }
}

/// Starts an attempt through the page; its id.
async fn start_attempt(client: &mut Client, key: &str) -> String {
    let started = client
        .post_form(&format!("/training/courses/{key}/attempts"), &[])
        .await;
    assert_eq!(started.status, StatusCode::SEE_OTHER, "{}", started.body);
    started
        .location()
        .unwrap()
        .trim_start_matches("/training/attempts/")
        .to_owned()
}

/// The form fields answering an attempt: right (or all wrong) for every question it drew.
async fn answers(app: &TestApp, attempt_id: &str, right: bool) -> Vec<(String, String)> {
    let attempt = onramp_store::training::attempts::find(app.state.store.pool(), attempt_id)
        .await
        .unwrap();
    let document = course(app, &attempt.course_key).await;
    let assessment = document.assessment.unwrap();
    let drawn = draw(&assessment, attempt.seed);
    let mut fields = Vec::new();
    for drawn in &drawn.questions {
        let question = assessment.question(&drawn.key).unwrap();
        let name = format!("q.{}", question.key);
        match question.kind {
            QuestionKind::SingleChoice | QuestionKind::MultipleChoice => {
                for choice in &question.choices {
                    if choice.correct == right {
                        fields.push((name.clone(), choice.key.clone()));
                        if question.kind == QuestionKind::SingleChoice {
                            break;
                        }
                    }
                }
            }
            QuestionKind::TrueFalse => {
                let value = question.answer.unwrap() == right;
                fields.push((name, value.to_string()));
            }
            QuestionKind::ShortAnswer => {
                fields.push((name, "My considered answer.".to_owned()));
            }
        }
    }
    fields
}

async fn submit(
    client: &mut Client,
    attempt_id: &str,
    fields: &[(String, String)],
) -> crate::support::TestResponse {
    let borrowed: Vec<(&str, &str)> = fields
        .iter()
        .map(|(name, value)| (name.as_str(), value.as_str()))
        .collect();
    client
        .post_form(
            &format!("/training/attempts/{attempt_id}/submit"),
            &borrowed,
        )
        .await
}

/// Passes `key`'s assessment (grading short answers in full as `trainer`); the certificate id,
/// when the course certifies.
async fn pass(
    app: &TestApp,
    client: &mut Client,
    trainer: &mut Client,
    user_id: &str,
    key: &str,
) -> Option<String> {
    complete_modules(app, client, key).await;
    let document = course(app, key).await;
    if let Some(assessment) = &document.assessment {
        let id = start_attempt(client, key).await;
        let fields = answers(app, &id, true).await;
        let submitted = submit(client, &id, &fields).await;
        assert_eq!(
            submitted.status,
            StatusCode::SEE_OTHER,
            "{}",
            submitted.body
        );
        let attempt = onramp_store::training::attempts::find(app.state.store.pool(), &id)
            .await
            .unwrap();
        if attempt.state == "awaiting_grading" {
            let drawn = draw(assessment, attempt.seed);
            let grades: Vec<(String, String)> = drawn
                .questions
                .iter()
                .filter_map(|d| assessment.question(&d.key))
                .filter(|q| q.kind == QuestionKind::ShortAnswer)
                .map(|q| (format!("grade.{}", q.key), q.points.to_string()))
                .collect();
            trainer.get(&format!("/training/attempts/{id}")).await;
            let borrowed: Vec<(&str, &str)> = grades
                .iter()
                .map(|(n, v)| (n.as_str(), v.as_str()))
                .collect();
            let graded = trainer
                .post_form(&format!("/training/attempts/{id}/grade"), &borrowed)
                .await;
            assert_eq!(graded.status, StatusCode::SEE_OTHER, "{}", graded.body);
        }
        let attempt = onramp_store::training::attempts::find(app.state.store.pool(), &id)
            .await
            .unwrap();
        assert_eq!(attempt.state, "passed", "{key}: {attempt:?}");
    }
    onramp_store::training::certificates::latest(app.state.store.pool(), user_id, key)
        .await
        .unwrap()
        .map(|certificate| certificate.id)
}

#[tokio::test]
async fn the_attempt_page_holds_the_seeds_questions_and_never_their_answers() {
    for backend in backends() {
        let app = TestApp::new(&backend).await;
        let (_, mut client) = learner(
            &app,
            "dev@acme.example",
            Role::PartnerDeveloper,
            "Acme Clinic",
        )
        .await;
        // Before the modules are done, no attempt.
        client
            .post_form("/training/courses/fhir-fundamentals/start", &[])
            .await;
        let early = client
            .post_form("/training/courses/fhir-fundamentals/attempts", &[])
            .await;
        assert_eq!(early.status, StatusCode::CONFLICT, "{}", early.body);
        assert!(
            early.body.contains("complete every module first"),
            "{}",
            early.body
        );

        complete_modules(&app, &mut client, "fhir-fundamentals").await;
        let id = start_attempt(&mut client, "fhir-fundamentals").await;
        let page = client.get(&format!("/training/attempts/{id}")).await;
        assert_eq!(page.status, StatusCode::OK);
        let document = course(&app, "fhir-fundamentals").await;
        let assessment = document.assessment.clone().unwrap();
        let attempt = onramp_store::training::attempts::find(app.state.store.pool(), &id)
            .await
            .unwrap();
        let drawn = draw(&assessment, attempt.seed);
        assert_eq!(
            drawn.questions.len() as u32,
            assessment.questions_per_attempt()
        );
        // The drawn questions in the seed's order, and nothing that tells a right answer.
        let mut at = 0;
        for question in &drawn.questions {
            let prompt = &assessment.question(&question.key).unwrap().prompt;
            let escaped = maud::html! { (prompt) }.into_string();
            let found = page.body[at..]
                .find(&escaped)
                .unwrap_or_else(|| panic!("{prompt} after {at}"));
            at += found;
            // The choices in the drawn order.
            let mut choice_at = at;
            for key in &question.choice_order {
                let needle = format!("id=\"c-{}-{key}\"", question.key);
                let found = page.body[choice_at..]
                    .find(&needle)
                    .unwrap_or_else(|| panic!("{needle}"));
                choice_at += found;
            }
        }
        for question in &assessment.questions {
            if let Some(guidance) = &question.guidance {
                assert!(!page.body.contains(guidance.as_str()), "guidance leaked");
            }
        }
        assert!(
            !page.body.contains("correct"),
            "a correctness marker is in the page"
        );
        assert!(
            !page.body.contains("Right:"),
            "answers shown before submission"
        );
        assert!(!page.body.contains(" checked"), "an answer is pre-selected");
        // The same attempt draws the same again.
        let again = client.get(&format!("/training/attempts/{id}")).await;
        assert_eq!(again.body, page.body);
        // After submission, the right answers are shown.
        let fields = answers(&app, &id, true).await;
        assert_eq!(
            submit(&mut client, &id, &fields).await.status,
            StatusCode::SEE_OTHER
        );
        let result = client.get(&format!("/training/attempts/{id}")).await;
        assert!(result.body.contains("Right:"), "{}", result.body);
        assert!(result.body.contains("Passed"), "{}", result.body);
    }
}

#[tokio::test]
async fn wrong_answers_fail_and_the_attempt_limit_is_the_servers() {
    for backend in backends() {
        let app = TestApp::new(&backend).await;
        let (user_id, mut client) = learner(
            &app,
            "dev@acme.example",
            Role::PartnerDeveloper,
            "Acme Clinic",
        )
        .await;
        complete_modules(&app, &mut client, "fhir-fundamentals").await;
        let limit = course(&app, "fhir-fundamentals")
            .await
            .assessment
            .unwrap()
            .attempt_limit();
        for _ in 0..limit {
            let id = start_attempt(&mut client, "fhir-fundamentals").await;
            let fields = answers(&app, &id, false).await;
            assert_eq!(
                submit(&mut client, &id, &fields).await.status,
                StatusCode::SEE_OTHER
            );
            let attempt = onramp_store::training::attempts::find(app.state.store.pool(), &id)
                .await
                .unwrap();
            assert_eq!(attempt.state, "failed");
            assert_eq!(attempt.score_percent, Some(0));
            // Submitting again is refused: the attempt is closed.
            let again = submit(&mut client, &id, &fields).await;
            assert_eq!(again.status, StatusCode::CONFLICT, "{}", again.body);
        }
        let refused = client
            .post_form("/training/courses/fhir-fundamentals/attempts", &[])
            .await;
        assert_eq!(refused.status, StatusCode::CONFLICT, "{}", refused.body);
        assert!(
            refused
                .body
                .contains(&format!("all {limit} attempts are used")),
            "{}",
            refused.body
        );
        let progress = onramp_store::training::progress::find(
            app.state.store.pool(),
            &user_id,
            "fhir-fundamentals",
        )
        .await
        .unwrap()
        .unwrap();
        assert!(progress.completed_at.is_none());
        // An answer naming a choice the question does not have is a field error (422).
        let (_, mut other) = learner(
            &app,
            "two@acme.example",
            Role::PartnerDeveloper,
            "Acme Clinic",
        )
        .await;
        complete_modules(&app, &mut other, "fhir-fundamentals").await;
        let id = start_attempt(&mut other, "fhir-fundamentals").await;
        let mut fields = answers(&app, &id, true).await;
        fields.push((fields[0].0.clone(), "zz".to_owned()));
        let bad = submit(&mut other, &id, &fields).await;
        assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", bad.body);
        let attempt = onramp_store::training::attempts::find(app.state.store.pool(), &id)
            .await
            .unwrap();
        assert_eq!(attempt.state, "in_progress");
    }
}

#[tokio::test]
async fn certificates_expire_after_a_reminder_and_credits_renew_them_on_the_test_clock() {
    for backend in backends() {
        let clock = Arc::new(ManualClock::starting_now());
        let app = TestApp::with_clock(&backend, clock.clone(), |_| {}).await;
        let mut trainer = staff(&app, Role::Trainer).await;
        let (nina, mut nina_client) = learner(
            &app,
            "nina@acme.example",
            Role::PartnerMember,
            "Acme Clinic",
        )
        .await;
        let (omar, mut omar_client) = learner(
            &app,
            "omar@acme.example",
            Role::PartnerMember,
            "Acme Clinic",
        )
        .await;

        let nina_certificate = pass(
            &app,
            &mut nina_client,
            &mut trainer,
            &nina,
            "nurse-curriculum",
        )
        .await
        .expect("the nurse curriculum certifies");
        let mut anonymous = app.client();
        let verify = anonymous
            .get(&format!("/verify/training/{nina_certificate}"))
            .await;
        assert_eq!(verify.status, StatusCode::OK);
        assert!(
            verify.body.contains("This certificate is valid until"),
            "{}",
            verify.body
        );
        let pdf = anonymous
            .get(&format!(
                "/verify/training/{nina_certificate}/certificate.pdf"
            ))
            .await;
        assert_eq!(pdf.content_type(), "application/pdf");
        assert!(app
            .mails()
            .await
            .iter()
            .any(|mail| mail.contains("Your certificate")));

        // Omar passes too, then earns credits in other courses within his period.
        let omar_certificate = pass(
            &app,
            &mut omar_client,
            &mut trainer,
            &omar,
            "nurse-curriculum",
        )
        .await
        .unwrap();
        let first =
            onramp_store::training::certificates::find(app.state.store.pool(), &omar_certificate)
                .await
                .unwrap();
        clock.advance(100 * DAY);
        let mut omar_client = signed_in_again(&app, "omar@acme.example").await;
        complete_modules(&app, &mut omar_client, "clinician-curriculum").await;
        complete_modules(&app, &mut omar_client, "fhir-fundamentals").await;
        let earned = onramp_store::training::progress::credits_between(
            app.state.store.pool(),
            &omar,
            first.issued_at,
            first.expires_at,
            "nurse-curriculum",
        )
        .await
        .unwrap();
        let swept = sweep(&app.state).await.unwrap();
        assert_eq!(swept.renewed, 1, "{swept:?} with {earned} tenths earned");
        assert!(earned >= 60, "{earned}");
        let renewed = onramp_store::training::certificates::latest(
            app.state.store.pool(),
            &omar,
            "nurse-curriculum",
        )
        .await
        .unwrap()
        .unwrap();
        assert_ne!(renewed.id, omar_certificate);
        assert_eq!(renewed.basis, "credits");
        assert_eq!(
            renewed.renews_id.as_deref(),
            Some(omar_certificate.as_str())
        );
        assert_eq!(renewed.expires_at, first.expires_at + 365 * DAY);
        // Renewed once: the next sweep does nothing more.
        assert_eq!(sweep(&app.state).await.unwrap().renewed, 0);

        // 30 days before Nina's expiry: one reminder.
        clock.advance(240 * DAY);
        let swept = sweep(&app.state).await.unwrap();
        assert_eq!((swept.reminded, swept.expired), (1, 0), "{swept:?}");
        assert_eq!(sweep(&app.state).await.unwrap().reminded, 0);
        assert!(app
            .mails()
            .await
            .iter()
            .any(|mail| mail.contains("expires soon")));
        // Past it: expired, once, and the verify page says so.
        clock.advance(30 * DAY);
        let swept = sweep(&app.state).await.unwrap();
        assert_eq!(swept.expired, 1, "{swept:?}");
        let verify = anonymous
            .get(&format!("/verify/training/{nina_certificate}"))
            .await;
        assert!(
            verify.body.contains("This certificate expired on"),
            "{}",
            verify.body
        );
        // Omar's renewal keeps him certified.
        let verify = anonymous
            .get(&format!("/verify/training/{}", renewed.id))
            .await;
        assert!(verify.body.contains("valid until"), "{}", verify.body);
        let actions = app.audit_actions().await;
        for action in [
            "training.course_started",
            "training.module_completed",
            "training.attempt_started",
            "training.attempt_submitted",
            "training.course_completed",
            "training.certificate_issued",
            "training.certificate_expiring",
            "training.certificate_expired",
        ] {
            assert!(actions.iter().any(|a| a == action), "{action}: {actions:?}");
        }
        // Retaking the assessment after expiry certifies anew.
        let mut nina_client = signed_in_again(&app, "nina@acme.example").await;
        let attempt = start_attempt(&mut nina_client, "nurse-curriculum").await;
        let fields = answers(&app, &attempt, true).await;
        assert_eq!(
            submit(&mut nina_client, &attempt, &fields).await.status,
            StatusCode::SEE_OTHER
        );
        let latest = onramp_store::training::certificates::latest(
            app.state.store.pool(),
            &nina,
            "nurse-curriculum",
        )
        .await
        .unwrap()
        .unwrap();
        assert_ne!(latest.id, nina_certificate);
        assert!(latest.expires_at > clock.now_ms());
    }
}

const TRAINED_TRACK: &str = r#"id = "trained-staff"
version = 1
name = "Trained staff"
packages = ["hl7.fhir.r4.core#4.0.1"]

[[phases]]
key = "only"
name = "Only"

[[phases.steps]]
key = "train"
name = "Train the nurses"
owner = "partner_admin"
estimate = 3

[[gates]]
key = "go-live"
name = "Go-live"
conditions = [{ kind = "training.staff_certified", certification = "nurse-curriculum", role = "nurse", at_least = 2 }]
"#;

fn gate_status(detail: &Value) -> String {
    detail["gates"]
        .as_array()
        .unwrap()
        .iter()
        .find(|gate| gate["key"] == "go-live")
        .unwrap()["status"]
        .as_str()
        .unwrap()
        .to_owned()
}

#[tokio::test]
async fn the_gate_opens_when_the_second_nurse_certifies_and_closes_when_a_certificate_expires() {
    for backend in backends() {
        let clock = Arc::new(ManualClock::starting_now());
        let app = TestApp::with_clock(&backend, clock.clone(), |_| {}).await;
        let mut coordinator = staff(&app, Role::OnboardingCoordinator).await;
        let mut admin = staff(&app, Role::ProgramAdmin).await;
        let mut trainer = staff(&app, Role::Trainer).await;
        let (organization_id, mut partner) = applied_and_confirmed(
            &app,
            "Heron Hospital",
            "heron.example",
            "admin@heron.example",
        )
        .await;
        approved(&mut coordinator, &organization_id).await;
        let uploaded = post(
            &mut admin,
            "/api/v1/tracks",
            json!({"source": TRAINED_TRACK}),
        )
        .await;
        assert_eq!(uploaded.status, StatusCode::CREATED, "{}", uploaded.body);
        let enrolled = post(
            &mut coordinator,
            "/api/v1/enrollments",
            json!({"organization_id": organization_id, "track": "trained-staff", "start": "2027-01-04"}),
        )
        .await;
        assert_eq!(enrolled.status, StatusCode::CREATED, "{}", enrolled.body);
        let enrollment = enrolled.json()["id"].as_str().unwrap().to_owned();
        let detail = format!("/api/v1/enrollments/{enrollment}");
        assert_eq!(
            gate_status(&coordinator.get(&detail).await.json()),
            "blocked"
        );

        let mut nurses = Vec::new();
        for name in ["ana", "ben", "cy"] {
            let (id, client) = learner(
                &app,
                &format!("{name}@heron.example"),
                Role::PartnerMember,
                "Heron Hospital",
            )
            .await;
            partner.get("/training/people").await;
            let set = partner
                .post_form(
                    &format!("/training/people/{id}/job-role"),
                    &[("job_role", "nurse")],
                )
                .await;
            assert_eq!(set.status, StatusCode::SEE_OTHER, "{}", set.body);
            nurses.push((id, client));
        }
        let assigned = partner
            .post_form(
                "/training/assignments",
                &[
                    ("course", "nurse-curriculum"),
                    ("job_role", "nurse"),
                    ("user_id", ""),
                    ("due", "2099-01-01"),
                ],
            )
            .await;
        assert_eq!(assigned.status, StatusCode::SEE_OTHER, "{}", assigned.body);
        let people = partner.get("/training/people").await;
        assert_eq!(
            people
                .body
                .matches("Nurse curriculum: the health information exchange in nursing practice")
                .count(),
            3 + 1,
            "three assignments and the course choice: {}",
            people.body
        );
        assert_eq!(
            app.mails()
                .await
                .iter()
                .filter(|m| m.contains("Training required"))
                .count(),
            3
        );

        let (ana, ana_client) = &mut nurses[0];
        let first = pass(&app, ana_client, &mut trainer, ana, "nurse-curriculum")
            .await
            .unwrap();
        app.drain_jobs().await;
        assert_eq!(
            gate_status(&coordinator.get(&detail).await.json()),
            "blocked",
            "one nurse of two"
        );

        clock.advance(200 * DAY);
        let ben = nurses[1].0.clone();
        let mut ben_client = signed_in_again(&app, "ben@heron.example").await;
        let mut trainer = signed_in_again(&app, "trainer@example.org").await;
        pass(
            &app,
            &mut ben_client,
            &mut trainer,
            &ben,
            "nurse-curriculum",
        )
        .await
        .unwrap();
        let mut coordinator = signed_in_again(&app, "onboarding_coordinator@example.org").await;
        app.drain_jobs().await;
        assert_eq!(
            gate_status(&coordinator.get(&detail).await.json()),
            "passed",
            "the second nurse certified"
        );

        // Ana's certificate expires: the gate closes again.
        clock.advance(170 * DAY);
        let mut coordinator = signed_in_again(&app, "onboarding_coordinator@example.org").await;
        let swept = sweep(&app.state).await.unwrap();
        assert!(swept.expired >= 1, "{swept:?}");
        app.drain_jobs().await;
        let certificate =
            onramp_store::training::certificates::find(app.state.store.pool(), &first)
                .await
                .unwrap();
        assert!(certificate.expires_at <= clock.now_ms());
        assert_eq!(
            gate_status(&coordinator.get(&detail).await.json()),
            "blocked",
            "a nurse's certificate expired"
        );
        assert!(app
            .audit_actions()
            .await
            .iter()
            .any(|a| a == "training.job_role_set"));
    }
}

#[tokio::test]
async fn another_organizations_people_and_attempts_are_not_found() {
    for backend in backends() {
        let app = TestApp::new(&backend).await;
        let (_, mut acme_admin) = learner(
            &app,
            "admin@acme.example",
            Role::PartnerAdmin,
            "Acme Clinic",
        )
        .await;
        let (acme_dev, mut acme_client) = learner(
            &app,
            "dev@acme.example",
            Role::PartnerDeveloper,
            "Acme Clinic",
        )
        .await;
        let (_, mut other_admin) = learner(
            &app,
            "admin@birch.example",
            Role::PartnerAdmin,
            "Birch Labs",
        )
        .await;
        let (_, mut other_dev) = learner(
            &app,
            "dev@birch.example",
            Role::PartnerDeveloper,
            "Birch Labs",
        )
        .await;
        complete_modules(&app, &mut acme_client, "fhir-fundamentals").await;
        let attempt = start_attempt(&mut acme_client, "fhir-fundamentals").await;

        for client in [&mut other_admin, &mut other_dev] {
            assert_eq!(
                client
                    .get(&format!("/training/attempts/{attempt}"))
                    .await
                    .status,
                StatusCode::NOT_FOUND
            );
            assert_eq!(
                client
                    .get(&format!("/training/people/{acme_dev}"))
                    .await
                    .status,
                StatusCode::NOT_FOUND
            );
        }
        other_admin.get("/training/people").await;
        let probe = other_admin
            .post_form(
                &format!("/training/people/{acme_dev}/job-role"),
                &[("job_role", "nurse")],
            )
            .await;
        assert_eq!(probe.status, StatusCode::NOT_FOUND, "{}", probe.body);
        let probe = other_admin
            .post_form(
                "/training/assignments",
                &[
                    ("course", "nurse-curriculum"),
                    ("job_role", ""),
                    ("user_id", &acme_dev),
                    ("due", ""),
                ],
            )
            .await;
        assert_eq!(probe.status, StatusCode::NOT_FOUND, "{}", probe.body);
        // A colleague who is not the admin sees only their own records.
        let (_, mut colleague) = learner(
            &app,
            "two@acme.example",
            Role::PartnerDeveloper,
            "Acme Clinic",
        )
        .await;
        assert_eq!(
            colleague
                .get(&format!("/training/attempts/{attempt}"))
                .await
                .status,
            StatusCode::NOT_FOUND
        );
        // Their own admin and the trainers see them.
        assert_eq!(
            acme_admin
                .get(&format!("/training/attempts/{attempt}"))
                .await
                .status,
            StatusCode::OK
        );
        assert_eq!(
            acme_admin
                .get(&format!("/training/people/{acme_dev}"))
                .await
                .status,
            StatusCode::OK
        );
        let mut trainer = staff(&app, Role::Trainer).await;
        assert_eq!(
            trainer
                .get(&format!("/training/attempts/{attempt}"))
                .await
                .status,
            StatusCode::OK
        );
        // Reports: their own organization for an admin, refused to a developer.
        let report = other_admin.get("/training/reports").await;
        assert_eq!(report.status, StatusCode::OK);
        assert!(!report.body.contains("Acme Clinic"), "{}", report.body);
        assert_eq!(
            other_dev.get("/training/reports").await.status,
            StatusCode::FORBIDDEN
        );
    }
}

#[tokio::test]
async fn trainers_store_versions_checked_whole_and_read_reports_with_csv() {
    for backend in backends() {
        let app = TestApp::new(&backend).await;
        let mut trainer = staff(&app, Role::Trainer).await;
        trainer.refresh_csrf().await;
        let bad = trainer
            .post_form(
                "/training/courses",
                &[("document", r#"{"key": "X", "title": "", "modules": [{"key": "m", "title": "M", "hours": 1.25, "credits": 1}]}"#)],
            )
            .await;
        assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", bad.body);
        assert!(bad.body.contains("modules[0].hours"), "{}", bad.body);
        let mut document: Value = serde_json::from_str(
            &onramp_store::training::courses::find_version(
                app.state.store.pool(),
                "fhir-fundamentals",
                None,
            )
            .await
            .unwrap()
            .document,
        )
        .unwrap();
        document["assessment"]["pass_mark"] = json!(75);
        let stored = trainer
            .post_form("/training/courses", &[("document", &document.to_string())])
            .await;
        assert_eq!(stored.status, StatusCode::SEE_OTHER, "{}", stored.body);
        let page = trainer.get("/training/courses/fhir-fundamentals").await;
        assert!(page.body.contains("version 2"), "{}", page.body);
        assert!(
            page.body.contains("Pass mark changed from"),
            "{}",
            page.body
        );
        let same = trainer
            .post_form("/training/courses", &[("document", &document.to_string())])
            .await;
        assert_eq!(same.status, StatusCode::CONFLICT, "{}", same.body);

        let (dev, mut learner_client) = learner(
            &app,
            "dev@acme.example",
            Role::PartnerDeveloper,
            "Acme Clinic",
        )
        .await;
        pass(
            &app,
            &mut learner_client,
            &mut trainer,
            &dev,
            "fhir-fundamentals",
        )
        .await;
        let reports = trainer.get("/training/reports").await;
        assert_eq!(reports.status, StatusCode::OK);
        assert!(reports.body.contains("Acme Clinic"), "{}", reports.body);
        let csv = trainer.get("/training/reports/completions.csv").await;
        assert!(csv.content_type().starts_with("text/csv"));
        let line = csv
            .body
            .lines()
            .find(|line| line.starts_with("\"fhir-fundamentals\""))
            .unwrap();
        assert!(line.ends_with(",\"100\""), "{line}");
        let credits = trainer.get("/training/reports/credits.csv").await;
        assert!(credits.body.contains("\"Acme Clinic\""), "{}", credits.body);
        let results = trainer
            .get("/training/reports/courses/fhir-fundamentals")
            .await;
        assert_eq!(results.status, StatusCode::OK);
        assert!(results.body.contains("100 %"), "{}", results.body);
        // A learner is refused storing a course.
        learner_client.get("/training").await;
        let refused = learner_client
            .post_form("/training/courses", &[("document", &document.to_string())])
            .await;
        assert_eq!(refused.status, StatusCode::FORBIDDEN);
    }
}

#[tokio::test]
async fn the_demo_has_learners_at_every_stage() {
    let app = crate::sandbox_support::sandbox_app(&crate::support::TestBackend::Sqlite).await;
    assert!(onramp_server::demo::seed_program(&app.state).await.unwrap());
    let password = onramp_server::demo::DEMO_PASSWORD;
    let mut trainer = app.client();
    trainer.login("trainer@demo.onramp.test", password).await;
    let home = trainer.get("/").await;
    assert!(
        home.body.contains("attempts wait for grading"),
        "{}",
        home.body
    );
    let mut admin = app.client();
    admin.login("admin@lakeside-health.test", password).await;
    let people = admin.get("/training/people").await;
    assert_eq!(people.status, StatusCode::OK);
    for expected in ["Completed", "Overdue", "(in progress)", "/verify/training/"] {
        assert!(
            people.body.contains(expected),
            "{expected}: {}",
            people.body
        );
    }
    let reports = trainer.get("/training/reports").await;
    assert!(
        reports.body.contains("Lakeside Health System"),
        "{}",
        reports.body
    );
    assert!(
        reports.body.contains("Harbor Point Clinic"),
        "{}",
        reports.body
    );
    let completions = trainer.get("/training/reports/completions.csv").await;
    let clinician = completions
        .body
        .lines()
        .find(|line| line.starts_with("\"clinician-curriculum\""))
        .unwrap();
    assert!(
        clinician.contains(",\"0\""),
        "one failed attempt: {clinician}"
    );
    let sessions = trainer.get("/training/sessions").await;
    assert!(
        sessions.body.contains("Clinical use of the exchange, live"),
        "{}",
        sessions.body
    );
}

#[tokio::test]
async fn attending_a_session_tied_to_a_module_completes_that_module() {
    for backend in backends() {
        let clock = Arc::new(ManualClock::starting_now());
        let app = TestApp::with_clock(&backend, clock.clone(), |_| {}).await;
        let mut trainer = staff(&app, Role::Trainer).await;
        let starts_at = clock.now_ms() + 3_600_000;
        let stamp = |ms: i64| jiff::Timestamp::from_millisecond(ms).unwrap().to_string();
        let created = post(
            &mut trainer,
            "/api/v1/training/sessions",
            json!({"kind": "webinar", "title": "Clinical use, live", "description": "The clinical module, taught.",
                   "location": "https://meet.example/clinical", "starts_at": stamp(starts_at),
                   "ends_at": stamp(starts_at + 3_600_000), "capacity": 20,
                   "course_key": "nurse-curriculum", "module_key": "clinical"}),
        )
        .await;
        assert_eq!(created.status, StatusCode::CREATED, "{}", created.body);
        let id = created.json()["id"].as_str().unwrap().to_owned();
        let (nurse, mut nurse_client) = learner(
            &app,
            "nina@acme.example",
            Role::PartnerMember,
            "Acme Clinic",
        )
        .await;
        let registered = post(
            &mut nurse_client,
            &format!("/api/v1/training/sessions/{id}/registrations"),
            json!({}),
        )
        .await;
        assert_eq!(
            registered.status,
            StatusCode::CREATED,
            "{}",
            registered.body
        );
        clock.advance(2 * 3_600_000);
        let mut trainer = signed_in_again(&app, "trainer@example.org").await;
        let taken = post(
            &mut trainer,
            &format!("/api/v1/training/sessions/{id}/attendance"),
            json!({"attendance": [{"user_id": nurse, "attended": true}]}),
        )
        .await;
        assert!(taken.status.is_success(), "{}", taken.body);
        let progress = onramp_store::training::progress::find(
            app.state.store.pool(),
            &nurse,
            "nurse-curriculum",
        )
        .await
        .unwrap()
        .expect("attending started the course");
        let done = onramp_store::training::progress::completed_modules(
            app.state.store.pool(),
            &nurse,
            &progress.course_id,
        )
        .await
        .unwrap();
        assert_eq!(done.len(), 1);
        assert_eq!(done[0].module_key, "clinical");
        assert_eq!(done[0].completion, "attended");
        assert!(done[0].credits_tenths > 0);
        let actions = app.audit_actions().await;
        assert!(
            actions.iter().any(|a| a == "training.module_completed"),
            "{actions:?}"
        );
    }
}

#[tokio::test]
async fn an_attempt_left_past_its_time_limit_is_closed_and_counts_as_used() {
    for backend in backends() {
        let clock = Arc::new(ManualClock::starting_now());
        let app = TestApp::with_clock(&backend, clock.clone(), |_| {}).await;
        let (user, mut client) = learner(
            &app,
            "dev@acme.example",
            Role::PartnerDeveloper,
            "Acme Clinic",
        )
        .await;
        complete_modules(&app, &mut client, "fhir-fundamentals").await;
        let id = start_attempt(&mut client, "fhir-fundamentals").await;
        let minutes = course(&app, "fhir-fundamentals")
            .await
            .assessment
            .unwrap()
            .time_limit_minutes()
            .unwrap();
        assert_eq!(sweep(&app.state).await.unwrap().attempts_closed, 0);
        clock.advance(i64::from(minutes) * 60_000 + 1);
        let swept = sweep(&app.state).await.unwrap();
        assert_eq!(swept.attempts_closed, 1, "{swept:?}");
        let attempt = onramp_store::training::attempts::find(app.state.store.pool(), &id)
            .await
            .unwrap();
        assert_eq!(attempt.state, "expired");
        assert_eq!(attempt.score_percent, None);
        let eligibility = onramp_server::training::services::attempts::eligibility(
            &app.state,
            &user,
            "fhir-fundamentals",
        )
        .await
        .unwrap();
        assert_eq!(eligibility.used, 1);
        assert!(eligibility.in_progress.is_none());
        assert!(app
            .audit_actions()
            .await
            .iter()
            .any(|a| a == "training.attempt_expired"));
    }
}

#[tokio::test]
async fn a_modules_images_and_attachments_are_the_courses_files_never_replaced() {
    use crate::registry_support::upload;
    for backend in backends() {
        let app = TestApp::new(&backend).await;
        let mut trainer = staff(&app, Role::Trainer).await;
        trainer.get("/training/courses/nurse-curriculum").await;
        let png = b"\x89PNG\r\n\x1a\n\x00\x00\x00\x0dIHDR-a-small-diagram";
        let path = "/training/courses/nurse-curriculum/files";
        let stored = upload(&mut trainer, path, "care flow.png", "image/png", png, true).await;
        assert_eq!(stored.status, StatusCode::SEE_OTHER, "{}", stored.body);
        let page = trainer.get("/training/courses/nurse-curriculum").await;
        assert!(
            page.body.contains("attachment:care-flow.png"),
            "{}",
            page.body
        );
        // The same name again is refused; so is a file that is no PDF, PNG or JPEG.
        let again = upload(&mut trainer, path, "care flow.png", "image/png", png, true).await;
        assert_eq!(again.status, StatusCode::CONFLICT, "{}", again.body);
        let script = upload(
            &mut trainer,
            path,
            "run.png",
            "image/png",
            b"#!/bin/sh\necho",
            true,
        )
        .await;
        assert_eq!(
            script.status,
            StatusCode::UNPROCESSABLE_ENTITY,
            "{}",
            script.body
        );
        assert!(
            script.body.contains("not a PDF, PNG or JPEG"),
            "{}",
            script.body
        );

        // A version whose module shows it.
        let mut document: Value = serde_json::from_str(
            &onramp_store::training::courses::find_version(
                app.state.store.pool(),
                "nurse-curriculum",
                None,
            )
            .await
            .unwrap()
            .document,
        )
        .unwrap();
        document["modules"][0]["markdown"] =
            json!("## The care flow\n\n![The care flow](attachment:care-flow.png)\n\n[The checklist](attachment:care-flow.png)");
        trainer.get("/training").await;
        let stored = trainer
            .post_form("/training/courses", &[("document", &document.to_string())])
            .await;
        assert_eq!(stored.status, StatusCode::SEE_OTHER, "{}", stored.body);
        let module_key = document["modules"][0]["key"].as_str().unwrap().to_owned();
        let (_, mut nurse) = learner(
            &app,
            "nina@acme.example",
            Role::PartnerMember,
            "Acme Clinic",
        )
        .await;
        let module = nurse
            .get(&format!(
                "/training/courses/nurse-curriculum/modules/{module_key}"
            ))
            .await;
        let url = "http://onramp.test/training/courses/nurse-curriculum/files/care-flow.png";
        assert!(
            module
                .body
                .contains(&format!("<img src=\"{url}\" alt=\"The care flow\"")),
            "{}",
            module.body
        );
        let served = nurse
            .get("/training/courses/nurse-curriculum/files/care-flow.png")
            .await;
        assert_eq!(served.status, StatusCode::OK);
        assert_eq!(served.content_type(), "image/png");
        // Learners read files but do not add them.
        nurse.get("/training").await;
        let refused = upload(&mut nurse, path, "mine.png", "image/png", png, true).await;
        assert_eq!(refused.status, StatusCode::FORBIDDEN);
        assert_eq!(
            nurse
                .get("/training/courses/nurse-curriculum/files/none.png")
                .await
                .status,
            StatusCode::NOT_FOUND
        );
        assert!(app
            .audit_actions()
            .await
            .iter()
            .any(|a| a == "training.file_uploaded"));
    }
}
