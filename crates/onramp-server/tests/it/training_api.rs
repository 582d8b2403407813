//! The training API end to end: the built-in curricula in the catalogue, their answers hidden
//! from learners; prerequisites; a learner completing a course's modules, passing its assessment
//! (questions sent without answers, the right ones shown after submission) and appearing in the
//! xAPI export; another organization's partner never finding the attempt; assignments by job
//! role; a certificate anyone verifies without signing in, revoked by a trainer; a trainer storing
//! a course and grading a short answer; and the time limit checked on a `ManualClock`.

use std::sync::Arc;

use axum::http::{Method, StatusCode};
use onramp_core::Role;
use onramp_server::platform::clock::{Clock, ManualClock};
use onramp_store::accounts::users::User;
use serde_json::{json, Value};

use crate::registry_support::post;
use crate::support::{backends, Client, TestApp, TestBackend, TestResponse, PASSWORD};

const MINUTE_MS: i64 = 60_000;

/// An application on a manual clock whose sign-ins outlast the time a test moves it by (also
/// the live sessions' tests').
pub(crate) async fn app(backend: &TestBackend) -> (TestApp, Arc<ManualClock>) {
    let clock = Arc::new(ManualClock::starting_now());
    let app = TestApp::with_clock(backend, clock.clone(), |config| {
        config.session_idle_minutes = 24 * 60;
        config.session_absolute_hours = 48;
    })
    .await;
    (app, clock)
}

/// A partner person of `organization` (created active when new), signed in.
pub(crate) async fn partner(
    app: &TestApp,
    email: &str,
    role: Role,
    organization: &str,
) -> (User, Client) {
    let user = app.user(email, role, Some(organization)).await;
    let mut client = app.client();
    assert_eq!(
        client.login(email, PASSWORD).await.status,
        StatusCode::SEE_OTHER
    );
    (user, client)
}

async fn send(client: &mut Client, method: Method, path: &str, body: Value) -> TestResponse {
    client.send_json(method, path, &body.to_string()).await
}

/// The object keys named `names` anywhere in `value`, with their JSON paths.
fn keys_named(value: &Value, names: &[&str], path: &str, found: &mut Vec<String>) {
    match value {
        Value::Object(members) => {
            for (key, member) in members {
                let here = format!("{path}/{key}");
                if names.contains(&key.as_str()) {
                    found.push(here.clone());
                }
                keys_named(member, names, &here, found);
            }
        }
        Value::Array(items) => {
            for (index, item) in items.iter().enumerate() {
                keys_named(item, names, &format!("{path}/{index}"), found);
            }
        }
        _ => {}
    }
}

fn answer_keys(value: &Value) -> Vec<String> {
    let mut found = Vec::new();
    keys_named(value, &["correct", "answer", "guidance"], "", &mut found);
    found
}

fn assert_problem(response: &TestResponse, status: StatusCode, slug: &str) {
    assert_eq!(response.status, status, "{}", response.body);
    assert_eq!(response.content_type(), "application/problem+json");
    assert_eq!(
        response.json()["type"],
        format!("/problems/{slug}"),
        "{}",
        response.body
    );
}

fn field_names(problem: &Value) -> Vec<String> {
    problem["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|error| error["field"].as_str().unwrap().to_owned())
        .collect()
}

/// The course document as a trainer reads it (with its answers).
async fn full_document(trainer: &mut Client, key: &str) -> Value {
    let course = trainer
        .get(&format!("/api/v1/training/courses/{key}"))
        .await;
    assert_eq!(course.status, StatusCode::OK, "{}", course.body);
    course.json()["document"].clone()
}

/// Completes every module of a course as the learner (attesting where the module asks).
async fn complete_modules(learner: &mut Client, document: &Value) {
    let key = document["key"].as_str().unwrap();
    for module in document["modules"].as_array().unwrap() {
        let module_key = module["key"].as_str().unwrap();
        let done = post(
            learner,
            &format!("/api/v1/training/courses/{key}/modules/{module_key}/complete"),
            json!({"attested": module.get("link").is_some()}),
        )
        .await;
        assert_eq!(done.status, StatusCode::OK, "{module_key}: {}", done.body);
        assert_eq!(done.json()["recorded"], true);
    }
}

/// The right answers to the questions an attempt drew, from the course document read whole.
fn right_answers(document: &Value, attempt: &Value) -> Value {
    let mut answers = serde_json::Map::new();
    for asked in attempt["questions"].as_array().unwrap() {
        let key = asked["key"].as_str().unwrap();
        let question = document["assessment"]["questions"]
            .as_array()
            .unwrap()
            .iter()
            .find(|question| question["key"] == key)
            .unwrap();
        let answer = match question["kind"].as_str().unwrap() {
            "single_choice" | "multiple_choice" => json!({"choices": question["choices"]
                .as_array()
                .unwrap()
                .iter()
                .filter(|choice| choice["correct"] == true)
                .map(|choice| choice["key"].clone())
                .collect::<Vec<_>>()}),
            "true_false" => json!({"true_false": question["answer"]}),
            _ => json!({"text": "Grade me, please: a thoughtful answer."}),
        };
        answers.insert(key.to_owned(), answer);
    }
    Value::Object(answers)
}

async fn start_attempt(learner: &mut Client, key: &str) -> Value {
    let started = post(
        learner,
        &format!("/api/v1/training/courses/{key}/attempts"),
        json!({}),
    )
    .await;
    assert_eq!(started.status, StatusCode::CREATED, "{}", started.body);
    started.json()
}

/// Completes a course's modules, starts an attempt and submits the right answers; returns the
/// submitted attempt.
async fn pass(learner: &mut Client, trainer: &mut Client, key: &str) -> Value {
    let document = full_document(trainer, key).await;
    complete_modules(learner, &document).await;
    let attempt = start_attempt(learner, key).await;
    let id = attempt["id"].as_str().unwrap();
    let submitted = post(
        learner,
        &format!("/api/v1/training/attempts/{id}/submit"),
        json!({"answers": right_answers(&document, &attempt)}),
    )
    .await;
    assert_eq!(submitted.status, StatusCode::OK, "{}", submitted.body);
    submitted.json()
}

#[tokio::test]
async fn the_catalogue_has_the_built_in_curricula_and_only_trainers_read_the_answers() {
    for backend in backends() {
        let (app, _) = app(&backend).await;
        let (_, mut trainer) = app.signed_in(Role::Trainer).await;
        let (_, mut learner) = app.signed_in(Role::PartnerMember).await;

        let listed = learner.get("/api/v1/training/courses").await;
        assert_eq!(listed.status, StatusCode::OK, "{}", listed.body);
        let listed = listed.json();
        let keys: Vec<&str> = listed
            .as_array()
            .unwrap()
            .iter()
            .map(|course| course["key"].as_str().unwrap())
            .collect();
        for key in [
            "fhir-fundamentals",
            "implementation-specialist",
            "vendor-integration",
            "train-the-trainer",
            "clinician-curriculum",
            "physician-curriculum",
            "nurse-curriculum",
            "it-staff-curriculum",
        ] {
            assert!(keys.contains(&key), "{key} is missing from {keys:?}");
        }
        let fundamentals = listed
            .as_array()
            .unwrap()
            .iter()
            .find(|course| course["key"] == "fhir-fundamentals")
            .unwrap();
        assert_eq!(fundamentals["version"], 1);
        assert_eq!(fundamentals["certification"], false);
        assert_eq!(fundamentals["assessment"], true);
        assert_eq!(fundamentals["modules"], 4);
        let document: Value =
            serde_json::from_str(include_str!("../../../../training/fhir-fundamentals.json"))
                .unwrap();
        let total = |field: &str| {
            document["modules"]
                .as_array()
                .unwrap()
                .iter()
                .map(|module| (module[field].as_f64().unwrap() * 10.0).round() as u32)
                .sum::<u32>()
        };
        assert_eq!(
            fundamentals["credits"],
            onramp_core::training::Tenths(total("credits")).to_string()
        );
        assert_eq!(
            fundamentals["hours"],
            onramp_core::training::Tenths(total("hours")).to_string()
        );
        let specialist = listed
            .as_array()
            .unwrap()
            .iter()
            .find(|course| course["key"] == "implementation-specialist")
            .unwrap();
        assert_eq!(specialist["certification"], true);
        assert_eq!(specialist["prerequisites"], json!(["fhir-fundamentals"]));

        // A learner reads the questions, never their answers.
        for key in ["fhir-fundamentals", "implementation-specialist"] {
            let read = learner
                .get(&format!("/api/v1/training/courses/{key}"))
                .await;
            assert_eq!(read.status, StatusCode::OK, "{}", read.body);
            let course = read.json();
            assert_eq!(answer_keys(&course), Vec::<String>::new(), "{key}");
            let questions = course["document"]["assessment"]["questions"]
                .as_array()
                .unwrap();
            assert!(!questions.is_empty());
            assert!(questions
                .iter()
                .any(|question| question["choices"].as_array().is_some_and(|c| c.len() > 1)));
        }
        // A trainer reads the whole document.
        let whole = full_document(&mut trainer, "implementation-specialist").await;
        let found = answer_keys(&whole);
        for name in ["correct", "answer", "guidance"] {
            assert!(
                found.iter().any(|path| path.ends_with(&format!("/{name}"))),
                "no `{name}` for a trainer: {found:?}"
            );
        }
        // So does a program admin; an onboarding coordinator reads it as learners do.
        let (_, mut admin) = app.signed_in(Role::ProgramAdmin).await;
        assert!(!answer_keys(&full_document(&mut admin, "fhir-fundamentals").await).is_empty());
        let (_, mut coordinator) = app.signed_in(Role::OnboardingCoordinator).await;
        assert!(
            answer_keys(&full_document(&mut coordinator, "fhir-fundamentals").await).is_empty()
        );

        let versions = learner
            .get("/api/v1/training/courses/fhir-fundamentals/versions")
            .await;
        assert_eq!(versions.status, StatusCode::OK, "{}", versions.body);
        assert_eq!(versions.json()[0]["version"], 1);
        assert_eq!(versions.json()[0]["changes"], json!([]));
        assert_eq!(
            learner
                .get("/api/v1/training/courses/fhir-fundamentals?version=1")
                .await
                .status,
            StatusCode::OK
        );
        assert_problem(
            &learner
                .get("/api/v1/training/courses/fhir-fundamentals?version=2")
                .await,
            StatusCode::NOT_FOUND,
            "resource/not-found",
        );
        assert_problem(
            &learner.get("/api/v1/training/courses/no-such-course").await,
            StatusCode::NOT_FOUND,
            "resource/not-found",
        );
        assert_eq!(
            learner
                .get("/api/v1/training/courses/fhir-fundamentals?version=x")
                .await
                .status,
            StatusCode::BAD_REQUEST
        );
        assert_eq!(
            app.client().get("/api/v1/training/courses").await.status,
            StatusCode::UNAUTHORIZED
        );
    }
}

#[tokio::test]
async fn starting_a_course_before_its_prerequisite_is_a_409_problem() {
    for backend in backends() {
        let (app, _) = app(&backend).await;
        let (_, mut learner) = app.signed_in(Role::PartnerDeveloper).await;
        let refused = post(
            &mut learner,
            "/api/v1/training/courses/implementation-specialist/start",
            json!({}),
        )
        .await;
        assert_problem(
            &refused,
            StatusCode::CONFLICT,
            "training/prerequisite-missing",
        );
        assert_eq!(refused.json()["code"], "training.prerequisite_missing");
        assert!(
            refused.json()["detail"].as_str().unwrap().contains("FHIR"),
            "{}",
            refused.body
        );
        let started = post(
            &mut learner,
            "/api/v1/training/courses/fhir-fundamentals/start",
            json!({}),
        )
        .await;
        assert_eq!(started.status, StatusCode::OK, "{}", started.body);
        assert_eq!(started.json()["course"], "fhir-fundamentals");
        assert_eq!(started.json()["course_version"], 1);
        assert!(started.json()["completed_at"].is_null());
        // Staff take no courses.
        let (_, mut trainer) = app.signed_in(Role::Trainer).await;
        assert_eq!(
            post(
                &mut trainer,
                "/api/v1/training/courses/fhir-fundamentals/start",
                json!({})
            )
            .await
            .status,
            StatusCode::FORBIDDEN
        );
    }
}

#[tokio::test]
async fn a_learner_passes_fhir_fundamentals_and_the_xapi_export_says_so() {
    for backend in backends() {
        let (app, _) = app(&backend).await;
        let (_, mut trainer) = app.signed_in(Role::Trainer).await;
        let (learner_user, mut learner) = partner(
            &app,
            "dev@acme.example",
            Role::PartnerDeveloper,
            "Acme Clinic",
        )
        .await;
        let document = full_document(&mut trainer, "fhir-fundamentals").await;

        // No attempt before the modules are done.
        let early = post(
            &mut learner,
            "/api/v1/training/courses/fhir-fundamentals/attempts",
            json!({}),
        )
        .await;
        assert_problem(&early, StatusCode::CONFLICT, "training/attempt-not-allowed");

        // The body of a module's completion is optional.
        let first = document["modules"][0]["key"].as_str().unwrap();
        let done = learner
            .send_json(
                Method::POST,
                &format!("/api/v1/training/courses/fhir-fundamentals/modules/{first}/complete"),
                "",
            )
            .await;
        assert_eq!(done.status, StatusCode::OK, "{}", done.body);
        assert_eq!(done.json()["recorded"], true);
        assert_eq!(done.json()["progress"]["course_version"], 1);
        let again = post(
            &mut learner,
            &format!("/api/v1/training/courses/fhir-fundamentals/modules/{first}/complete"),
            json!({}),
        )
        .await;
        assert_eq!(again.json()["recorded"], false);
        assert_problem(
            &post(
                &mut learner,
                "/api/v1/training/courses/fhir-fundamentals/modules/no-such-module/complete",
                json!({}),
            )
            .await,
            StatusCode::NOT_FOUND,
            "resource/not-found",
        );
        complete_modules_but_first(&mut learner, &document).await;

        let attempt = start_attempt(&mut learner, "fhir-fundamentals").await;
        assert_eq!(attempt["state"], "in_progress");
        assert_eq!(attempt["questions"].as_array().unwrap().len(), 8);
        assert_eq!(answer_keys(&attempt), Vec::<String>::new(), "{attempt:#}");
        assert!(attempt["questions"][0].get("earned").is_none());
        assert_eq!(
            ms(&attempt["deadline_at"]) - ms(&attempt["started_at"]),
            20 * MINUTE_MS
        );
        for question in attempt["questions"].as_array().unwrap() {
            let bank = document["assessment"]["questions"]
                .as_array()
                .unwrap()
                .iter()
                .find(|q| q["key"] == question["key"])
                .unwrap();
            assert_eq!(question["kind"], bank["kind"]);
            assert_eq!(question["prompt"], bank["prompt"]);
            let shown: Vec<&str> = question["choices"]
                .as_array()
                .unwrap()
                .iter()
                .map(|choice| choice["key"].as_str().unwrap())
                .collect();
            if bank["kind"] == "true_false" {
                assert_eq!(shown, ["true", "false"]);
            } else {
                let mut bank_keys: Vec<&str> = bank["choices"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|choice| choice["key"].as_str().unwrap())
                    .collect();
                let mut sorted = shown.clone();
                sorted.sort_unstable();
                bank_keys.sort_unstable();
                assert_eq!(sorted, bank_keys);
            }
        }
        // Starting again returns the attempt in progress.
        assert_eq!(
            start_attempt(&mut learner, "fhir-fundamentals").await["id"],
            attempt["id"]
        );
        let id = attempt["id"].as_str().unwrap().to_owned();
        let read = learner
            .get(&format!("/api/v1/training/attempts/{id}"))
            .await;
        assert_eq!(read.status, StatusCode::OK);
        assert_eq!(answer_keys(&read.json()), Vec::<String>::new());

        // A question the attempt did not draw is refused, and the attempt stays open.
        let drawn: Vec<&str> = attempt["questions"]
            .as_array()
            .unwrap()
            .iter()
            .map(|q| q["key"].as_str().unwrap())
            .collect();
        let not_drawn = document["assessment"]["questions"]
            .as_array()
            .unwrap()
            .iter()
            .map(|q| q["key"].as_str().unwrap())
            .find(|key| !drawn.contains(key))
            .unwrap();
        let refused = post(
            &mut learner,
            &format!("/api/v1/training/attempts/{id}/submit"),
            json!({"answers": {not_drawn: {"true_false": true}}}),
        )
        .await;
        assert_problem(
            &refused,
            StatusCode::UNPROCESSABLE_ENTITY,
            "request/invalid",
        );
        assert_eq!(field_names(&refused.json()), [not_drawn]);

        let submitted = post(
            &mut learner,
            &format!("/api/v1/training/attempts/{id}/submit"),
            json!({"answers": right_answers(&document, &attempt)}),
        )
        .await;
        assert_eq!(submitted.status, StatusCode::OK, "{}", submitted.body);
        let submitted = submitted.json();
        assert_eq!(submitted["state"], "passed");
        assert_eq!(submitted["score_percent"], 100);
        assert!(submitted["submitted_at"].is_string());
        for question in submitted["questions"].as_array().unwrap() {
            assert!(question["correct"].is_array(), "{question:#}");
            assert_eq!(question["earned"], question["points"].to_string());
            assert!(question.get("guidance").is_none());
        }
        // Submitting twice is refused; the course is passed, so no new attempt either.
        assert_problem(
            &post(
                &mut learner,
                &format!("/api/v1/training/attempts/{id}/submit"),
                json!({"answers": {}}),
            )
            .await,
            StatusCode::CONFLICT,
            "training/attempt-not-allowed",
        );
        assert_problem(
            &post(
                &mut learner,
                "/api/v1/training/courses/fhir-fundamentals/attempts",
                json!({}),
            )
            .await,
            StatusCode::CONFLICT,
            "training/attempt-not-allowed",
        );

        let mine = learner.get("/api/v1/training/me").await;
        assert_eq!(mine.status, StatusCode::OK, "{}", mine.body);
        let mine = mine.json();
        assert_eq!(mine["person"]["user_id"], learner_user.id.as_str());
        let course = mine["courses"]
            .as_array()
            .unwrap()
            .iter()
            .find(|c| c["course"] == "fhir-fundamentals")
            .unwrap();
        assert!(course["completed_at"].is_i64(), "{mine:#}");
        assert_eq!(course["modules_done"], 4);
        assert_eq!(course["assigned"], false);
        let listed = learner.get("/api/v1/training/courses").await.json();
        let fundamentals = listed
            .as_array()
            .unwrap()
            .iter()
            .find(|c| c["key"] == "fhir-fundamentals")
            .unwrap();
        assert_eq!(mine["credits"], fundamentals["credits"]);
        assert_eq!(mine["hours"], fundamentals["hours"]);
        assert_eq!(mine["certificates"], json!([]), "not a certification");

        // The xAPI export has the pass, with the learner's mailbox.
        let (_, mut admin) = app.signed_in(Role::ProgramAdmin).await;
        let exported = admin.get("/api/v1/training/xapi").await;
        assert_eq!(exported.status, StatusCode::OK, "{}", exported.body);
        let statements = exported.json()["statements"].as_array().unwrap().clone();
        let passed: Vec<&Value> = statements
            .iter()
            .filter(|statement| statement["verb"]["display"]["en-US"] == "passed")
            .collect();
        assert_eq!(passed.len(), 1, "{statements:#?}");
        assert_eq!(passed[0]["actor"]["mbox"], "mailto:dev@acme.example");
        assert_eq!(passed[0]["result"]["score"]["raw"], 100);
        assert_eq!(
            statements
                .iter()
                .filter(|statement| statement["verb"]["display"]["en-US"] == "completed")
                .count(),
            4
        );
        // From a later instant there is nothing; a `since` that is not an instant is a 422.
        let later = admin
            .get("/api/v1/training/xapi?since=2999-01-01T00:00:00Z")
            .await;
        assert_eq!(later.status, StatusCode::OK, "{}", later.body);
        assert_eq!(later.json()["statements"], json!([]));
        let bad = admin.get("/api/v1/training/xapi?since=yesterday").await;
        assert_problem(&bad, StatusCode::UNPROCESSABLE_ENTITY, "request/invalid");
        assert_eq!(field_names(&bad.json()), ["since"]);
        // The learner's partner admin reads their own organization's export; the learner none.
        let (_, mut acme_admin) = partner(
            &app,
            "admin@acme.example",
            Role::PartnerAdmin,
            "Acme Clinic",
        )
        .await;
        let own = acme_admin.get("/api/v1/training/xapi").await;
        assert_eq!(own.status, StatusCode::OK, "{}", own.body);
        assert_eq!(own.json()["statements"].as_array().unwrap().len(), 5);
        assert_eq!(
            learner.get("/api/v1/training/xapi").await.status,
            StatusCode::FORBIDDEN
        );

        // The attempt: the learner's admin and the trainer read it; another organization's
        // partner admin finds nothing.
        let path = format!("/api/v1/training/attempts/{id}");
        assert_eq!(acme_admin.get(&path).await.status, StatusCode::OK);
        assert_eq!(trainer.get(&path).await.status, StatusCode::OK);
        let (_, mut stranger) = partner(
            &app,
            "admin@lakeside.example",
            Role::PartnerAdmin,
            "Lakeside Health",
        )
        .await;
        assert_problem(
            &stranger.get(&path).await,
            StatusCode::NOT_FOUND,
            "resource/not-found",
        );
        assert_eq!(
            stranger.get("/api/v1/training/xapi").await.json()["statements"],
            json!([])
        );
        let (_, mut colleague) = partner(
            &app,
            "member@acme.example",
            Role::PartnerMember,
            "Acme Clinic",
        )
        .await;
        assert_problem(
            &colleague.get(&path).await,
            StatusCode::NOT_FOUND,
            "resource/not-found",
        );
    }
}

/// Completes every module but the first (done already).
async fn complete_modules_but_first(learner: &mut Client, document: &Value) {
    let key = document["key"].as_str().unwrap();
    for module in document["modules"].as_array().unwrap().iter().skip(1) {
        let module_key = module["key"].as_str().unwrap();
        let done = post(
            learner,
            &format!("/api/v1/training/courses/{key}/modules/{module_key}/complete"),
            json!({}),
        )
        .await;
        assert_eq!(done.status, StatusCode::OK, "{}", done.body);
    }
}

/// An RFC 3339 JSON string as milliseconds.
fn ms(value: &Value) -> i64 {
    value
        .as_str()
        .unwrap()
        .parse::<jiff::Timestamp>()
        .unwrap()
        .as_millisecond()
}

#[tokio::test]
async fn a_partner_admin_assigns_a_curriculum_by_job_role_with_a_due_date() {
    for backend in backends() {
        let (app, clock) = app(&backend).await;
        let (_, mut admin) = partner(
            &app,
            "admin@acme.example",
            Role::PartnerAdmin,
            "Acme Clinic",
        )
        .await;
        let (nurse, mut nurse_client) = partner(
            &app,
            "nurse@acme.example",
            Role::PartnerMember,
            "Acme Clinic",
        )
        .await;
        let (second_nurse, _) = partner(
            &app,
            "nurse2@acme.example",
            Role::PartnerDeveloper,
            "Acme Clinic",
        )
        .await;
        let (engineer, _) = partner(
            &app,
            "it@acme.example",
            Role::PartnerDeveloper,
            "Acme Clinic",
        )
        .await;
        let (stranger, mut stranger_admin) = partner(
            &app,
            "admin@lakeside.example",
            Role::PartnerAdmin,
            "Lakeside Health",
        )
        .await;

        // Nobody is a nurse yet.
        let none = post(
            &mut admin,
            "/api/v1/training/assignments",
            json!({"course": "nurse-curriculum", "job_role": "nurse"}),
        )
        .await;
        assert_problem(&none, StatusCode::UNPROCESSABLE_ENTITY, "request/invalid");

        for (user, role) in [
            (&nurse, "nurse"),
            (&second_nurse, "nurse"),
            (&engineer, "it_staff"),
        ] {
            let set = send(
                &mut admin,
                Method::PUT,
                &format!("/api/v1/training/people/{}/job-role", user.id),
                json!({"job_role": role}),
            )
            .await;
            assert_eq!(set.status, StatusCode::OK, "{}", set.body);
            assert_eq!(set.json()["job_role"], role);
        }
        let people = admin.get("/api/v1/training/people").await;
        assert_eq!(people.status, StatusCode::OK, "{}", people.body);
        let listed = people.json();
        let nurse_row = listed
            .as_array()
            .unwrap()
            .iter()
            .find(|person| person["user_id"] == nurse.id.as_str())
            .unwrap();
        assert_eq!(nurse_row["job_role_label"], "Nurse");
        assert!(!listed
            .as_array()
            .unwrap()
            .iter()
            .any(|person| person["user_id"] == stranger.id.as_str()));
        // An unknown job role, another organization's person, a non-admin.
        let unknown = send(
            &mut admin,
            Method::PUT,
            &format!("/api/v1/training/people/{}/job-role", nurse.id),
            json!({"job_role": "astronaut"}),
        )
        .await;
        assert_problem(
            &unknown,
            StatusCode::UNPROCESSABLE_ENTITY,
            "request/invalid",
        );
        assert_eq!(field_names(&unknown.json()), ["job_role"]);
        assert_problem(
            &send(
                &mut stranger_admin,
                Method::PUT,
                &format!("/api/v1/training/people/{}/job-role", nurse.id),
                json!({"job_role": "other"}),
            )
            .await,
            StatusCode::NOT_FOUND,
            "resource/not-found",
        );
        assert_eq!(
            nurse_client.get("/api/v1/training/people").await.status,
            StatusCode::FORBIDDEN
        );

        // Exactly one of a person and a job role; a date for `due`.
        for body in [
            json!({"course": "nurse-curriculum"}),
            json!({"course": "nurse-curriculum", "job_role": "nurse", "user_id": nurse.id}),
        ] {
            let refused = post(&mut admin, "/api/v1/training/assignments", body).await;
            assert_problem(
                &refused,
                StatusCode::UNPROCESSABLE_ENTITY,
                "request/invalid",
            );
            assert_eq!(field_names(&refused.json()), ["user_id", "job_role"]);
        }
        let bad_due = post(
            &mut admin,
            "/api/v1/training/assignments",
            json!({"course": "nurse-curriculum", "job_role": "nurse", "due": "next week"}),
        )
        .await;
        assert_eq!(field_names(&bad_due.json()), ["due"]);
        let unknown_course = post(
            &mut admin,
            "/api/v1/training/assignments",
            json!({"course": "no-such-course", "job_role": "nurse"}),
        )
        .await;
        assert_eq!(field_names(&unknown_course.json()), ["course"]);

        let due_day = jiff::Timestamp::from_millisecond(clock.now_ms() + 14 * 86_400_000)
            .unwrap()
            .to_zoned(jiff::tz::TimeZone::UTC)
            .date();
        let assigned = post(
            &mut admin,
            "/api/v1/training/assignments",
            json!({"course": "nurse-curriculum", "job_role": "nurse", "due": due_day.to_string()}),
        )
        .await;
        assert_eq!(assigned.status, StatusCode::OK, "{}", assigned.body);
        assert_eq!(assigned.json(), json!({"assigned": 2}));
        let again = post(
            &mut admin,
            "/api/v1/training/assignments",
            json!({"course": "nurse-curriculum", "job_role": "nurse", "due": due_day.to_string()}),
        )
        .await;
        assert_eq!(again.json(), json!({"assigned": 0}));
        let one = post(
            &mut admin,
            "/api/v1/training/assignments",
            json!({"course": "it-staff-curriculum", "user_id": engineer.id}),
        )
        .await;
        assert_eq!(one.json(), json!({"assigned": 1}));

        let mine = nurse_client.get("/api/v1/training/me").await.json();
        let required = mine["courses"]
            .as_array()
            .unwrap()
            .iter()
            .find(|course| course["course"] == "nurse-curriculum")
            .unwrap();
        assert_eq!(required["assigned"], true);
        assert_eq!(required["overdue"], false);
        let end_of_day = due_day
            .at(23, 59, 59, 0)
            .to_zoned(jiff::tz::TimeZone::UTC)
            .unwrap()
            .timestamp()
            .as_millisecond();
        assert_eq!(required["due_at"], end_of_day);
        assert!(required["started_at"].is_null());
        assert_eq!(required["modules_total"], 5);
        assert!(app
            .mails()
            .await
            .iter()
            .any(|mail| mail.contains("nurse@acme.example") && mail.contains("Training required")));

        let path = format!(
            "/api/v1/training/assignments/{}/nurse-curriculum",
            second_nurse.id
        );
        assert_eq!(
            send(&mut admin, Method::DELETE, &path, json!({}))
                .await
                .status,
            StatusCode::NO_CONTENT
        );
        assert_problem(
            &send(&mut admin, Method::DELETE, &path, json!({})).await,
            StatusCode::NOT_FOUND,
            "resource/not-found",
        );
        let actions = app.audit_actions().await;
        assert_eq!(
            actions
                .iter()
                .filter(|action| *action == "training.job_role_set")
                .count(),
            3
        );
        assert!(actions
            .iter()
            .any(|action| action == "training.course_unassigned"));
    }
}

#[tokio::test]
async fn a_certificate_is_verified_without_signing_in_and_revoked_by_a_trainer() {
    for backend in backends() {
        let (app, _) = app(&backend).await;
        let (_, mut trainer) = app.signed_in(Role::Trainer).await;
        let (holder, mut learner) = partner(
            &app,
            "nurse@acme.example",
            Role::PartnerMember,
            "Acme Clinic",
        )
        .await;
        let passed = pass(&mut learner, &mut trainer, "nurse-curriculum").await;
        assert_eq!(passed["state"], "passed", "{passed:#}");

        let mine = learner.get("/api/v1/training/me").await.json();
        let held = mine["certificates"].as_array().unwrap();
        assert_eq!(held.len(), 1, "{mine:#}");
        assert_eq!(held[0]["status"], "valid");
        let id = held[0]["id"].as_str().unwrap().to_owned();

        let path = format!("/api/v1/training/certificates/{id}");
        let anyone = app.client().get(&path).await;
        assert_eq!(anyone.status, StatusCode::OK, "{}", anyone.body);
        let verified = anyone.json();
        assert_eq!(verified["holder"], holder.name.as_str());
        assert_eq!(verified["organization"], "Acme Clinic");
        assert_eq!(verified["course"], "nurse-curriculum");
        assert_eq!(verified["course_version"], 1);
        assert_eq!(verified["status"], "valid");
        assert_eq!(verified["status_label"], "Valid");
        assert!(verified.get("revoked_reason").is_none());
        assert_eq!(
            verified["verify_url"],
            format!("http://onramp.test/verify/training/{id}")
        );
        assert!(verified["expires_at"].as_i64().unwrap() > verified["issued_at"].as_i64().unwrap());
        assert!(verified.get("user_id").is_none());
        let listed = learner.get("/api/v1/training/courses").await.json();
        let nurse_course = listed
            .as_array()
            .unwrap()
            .iter()
            .find(|c| c["key"] == "nurse-curriculum")
            .unwrap();
        assert_eq!(verified["credits"], nurse_course["credits"]);
        assert_problem(
            &app.client()
                .get("/api/v1/training/certificates/00000000-0000-4000-8000-000000000000")
                .await,
            StatusCode::NOT_FOUND,
            "resource/not-found",
        );

        // The reports see it.
        let (_, mut admin) = app.signed_in(Role::ProgramAdmin).await;
        let coverage = admin.get("/api/v1/training/reports/coverage").await;
        assert_eq!(coverage.status, StatusCode::OK, "{}", coverage.body);
        let acme = coverage
            .json()
            .as_array()
            .unwrap()
            .iter()
            .find(|row| row["name"] == "Acme Clinic")
            .cloned()
            .unwrap();
        assert_eq!(acme["certified_people"], 1);
        assert_eq!(acme["valid_certificates"], 1);
        assert_eq!(
            admin
                .get("/api/v1/training/reports/coverage?limit=1&offset=5")
                .await
                .json(),
            json!([])
        );
        let completions = admin.get("/api/v1/training/reports/completions").await;
        assert_eq!(completions.status, StatusCode::OK, "{}", completions.body);
        let nurse_row = completions
            .json()
            .as_array()
            .unwrap()
            .iter()
            .find(|row| row["course"] == "nurse-curriculum")
            .cloned()
            .unwrap();
        assert_eq!(nurse_row["completed"], 1);
        assert_eq!(nurse_row["certified"], 1);
        assert_eq!(nurse_row["pass_rate"], 100);
        let results = admin
            .get("/api/v1/training/reports/courses/nurse-curriculum")
            .await;
        assert_eq!(results.status, StatusCode::OK, "{}", results.body);
        let results = results.json();
        assert_eq!(results["attempts_passed"], 1);
        for question in results["questions"].as_array().unwrap() {
            assert_eq!(question["drawn"], 1);
            assert_eq!(question["earned_percent"], 100);
        }
        let credits = admin.get("/api/v1/training/reports/credits").await.json();
        let acme_credits = credits
            .as_array()
            .unwrap()
            .iter()
            .find(|row| row["name"] == "Acme Clinic")
            .cloned()
            .unwrap();
        assert_eq!(acme_credits["credits"], nurse_course["credits"]);
        assert_eq!(acme_credits["hours"], nurse_course["hours"]);
        assert_eq!(acme_credits["learners"], 1);
        // A partner admin reads their own coverage and credits, not the course reports.
        let (_, mut acme_admin) = partner(
            &app,
            "admin@acme.example",
            Role::PartnerAdmin,
            "Acme Clinic",
        )
        .await;
        assert_eq!(
            acme_admin
                .get("/api/v1/training/reports/credits")
                .await
                .json()
                .as_array()
                .unwrap()
                .len(),
            1
        );
        assert_eq!(
            acme_admin
                .get("/api/v1/training/reports/completions")
                .await
                .status,
            StatusCode::FORBIDDEN
        );

        // Revocation: trainers only, with a reason that the public answer shows.
        let revoke = format!("/api/v1/training/certificates/{id}/revoke");
        assert_eq!(
            post(&mut learner, &revoke, json!({"reason": "mine"}))
                .await
                .status,
            StatusCode::FORBIDDEN
        );
        let blank = post(&mut trainer, &revoke, json!({"reason": "  "})).await;
        assert_problem(&blank, StatusCode::UNPROCESSABLE_ENTITY, "request/invalid");
        assert_eq!(field_names(&blank.json()), ["reason"]);
        let revoked = post(
            &mut trainer,
            &revoke,
            json!({"reason": "The assessment was taken by someone else."}),
        )
        .await;
        assert_eq!(revoked.status, StatusCode::OK, "{}", revoked.body);
        assert_eq!(revoked.json()["status"], "revoked");
        let anyone = app.client().get(&path).await.json();
        assert_eq!(anyone["status"], "revoked");
        assert_eq!(anyone["status_label"], "Revoked");
        assert_eq!(
            anyone["revoked_reason"],
            "The assessment was taken by someone else."
        );
    }
}

#[tokio::test]
async fn answers_after_the_time_limit_are_refused_and_the_attempt_reads_expired() {
    for backend in backends() {
        let (app, clock) = app(&backend).await;
        let (_, mut trainer) = app.signed_in(Role::Trainer).await;
        let (_, mut learner) = app.signed_in(Role::PartnerMember).await;
        let document = full_document(&mut trainer, "fhir-fundamentals").await;
        let limit = document["assessment"]["time_limit_minutes"]
            .as_i64()
            .unwrap();
        complete_modules(&mut learner, &document).await;
        let attempt = start_attempt(&mut learner, "fhir-fundamentals").await;
        let id = attempt["id"].as_str().unwrap().to_owned();
        let path = format!("/api/v1/training/attempts/{id}");

        clock.advance((limit + 1) * MINUTE_MS);
        // Past its deadline an attempt in progress reads as expired, answers or not.
        let read = learner.get(&path).await.json();
        assert_eq!(read["state"], "expired");
        assert_eq!(read["state_label"], "Time ran out");
        assert_eq!(answer_keys(&read), Vec::<String>::new());

        let late = post(
            &mut learner,
            &format!("{path}/submit"),
            json!({"answers": right_answers(&document, &attempt)}),
        )
        .await;
        assert_problem(&late, StatusCode::CONFLICT, "training/attempt-not-allowed");
        let read = learner.get(&path).await;
        assert_eq!(read.status, StatusCode::OK, "{}", read.body);
        let read = read.json();
        assert_eq!(read["state"], "expired");
        assert!(read["score_percent"].is_null());
        assert!(app
            .audit_actions()
            .await
            .iter()
            .any(|action| action == "training.attempt_expired"));

        // The expired attempt counted: a new one starts, afresh.
        let next = start_attempt(&mut learner, "fhir-fundamentals").await;
        assert_ne!(next["id"], attempt["id"]);
        assert_eq!(next["state"], "in_progress");
    }
}

/// A small course with a short answer a trainer grades.
fn graded_course(title: &str) -> Value {
    json!({
        "key": "api-graded-course",
        "title": title,
        "modules": [
            {"key": "read-me", "title": "Read me", "hours": 1, "credits": 0.5, "markdown": "# Hello"},
            {"key": "the-ig", "title": "The IG", "hours": 0.5, "credits": 0.5,
             "link": "https://example.org/ig/", "attestation": "I read the IG."}
        ],
        "assessment": {
            "pass_mark": 60,
            "questions": [
                {"key": "q-verb", "kind": "single_choice", "prompt": "Which verb creates?",
                 "choices": [{"key": "a", "text": "POST", "correct": true}, {"key": "b", "text": "GET"}]},
                {"key": "q-explain", "kind": "short_answer", "prompt": "Explain OAuth scopes.", "points": 3,
                 "guidance": "Mentions system scopes."}
            ]
        }
    })
}

#[tokio::test]
async fn a_trainer_stores_a_course_and_grades_its_short_answers() {
    for backend in backends() {
        let (app, _) = app(&backend).await;
        let (_, mut trainer) = app.signed_in(Role::Trainer).await;
        let (_, mut learner) = app.signed_in(Role::PartnerDeveloper).await;

        let created = post(
            &mut trainer,
            "/api/v1/training/courses",
            graded_course("Graded course"),
        )
        .await;
        assert_eq!(created.status, StatusCode::CREATED, "{}", created.body);
        assert_eq!(created.json()["version"], 1);
        assert_eq!(created.json()["hours"], "1.5");
        assert_eq!(created.json()["credits"], "1");
        assert!(created.json().get("changes").is_none());
        let same = post(
            &mut trainer,
            "/api/v1/training/courses",
            graded_course("Graded course"),
        )
        .await;
        assert_problem(&same, StatusCode::CONFLICT, "resource/conflict");
        let renamed = post(
            &mut trainer,
            "/api/v1/training/courses",
            graded_course("Graded course, renamed"),
        )
        .await;
        assert_eq!(renamed.status, StatusCode::CREATED, "{}", renamed.body);
        assert_eq!(renamed.json()["version"], 2);
        assert!(!renamed.json()["changes"].as_array().unwrap().is_empty());
        let versions = trainer
            .get("/api/v1/training/courses/api-graded-course/versions")
            .await
            .json();
        assert_eq!(versions[0]["version"], 2);
        assert_eq!(versions[0]["changes"], renamed.json()["changes"]);
        assert_eq!(versions[1]["version"], 1);

        // Every problem at once, each with its path; learners store no courses.
        let mut broken = graded_course("Broken");
        broken["modules"][0]["credits"] = json!(1.25);
        broken["assessment"]["pass_mark"] = json!(0);
        let refused = post(&mut trainer, "/api/v1/training/courses", broken).await;
        assert_problem(
            &refused,
            StatusCode::UNPROCESSABLE_ENTITY,
            "request/invalid",
        );
        let fields = field_names(&refused.json());
        assert!(
            fields.contains(&"modules[0].credits".to_owned()),
            "{fields:?}"
        );
        let not_json = trainer
            .send_json(Method::POST, "/api/v1/training/courses", "{\"key\": ")
            .await;
        assert_eq!(
            not_json.status,
            StatusCode::BAD_REQUEST,
            "{}",
            not_json.body
        );
        assert_eq!(
            post(
                &mut learner,
                "/api/v1/training/courses",
                graded_course("Mine")
            )
            .await
            .status,
            StatusCode::FORBIDDEN
        );

        // External material needs the attestation.
        let unattested = post(
            &mut learner,
            "/api/v1/training/courses/api-graded-course/modules/the-ig/complete",
            json!({}),
        )
        .await;
        assert_problem(
            &unattested,
            StatusCode::UNPROCESSABLE_ENTITY,
            "request/invalid",
        );
        assert_eq!(field_names(&unattested.json()), ["attested"]);

        let submitted = pass(&mut learner, &mut trainer, "api-graded-course").await;
        assert_eq!(submitted["state"], "awaiting_grading");
        assert!(submitted["score_percent"].is_null());
        let id = submitted["id"].as_str().unwrap().to_owned();
        let short = submitted["questions"]
            .as_array()
            .unwrap()
            .iter()
            .find(|q| q["key"] == "q-explain")
            .unwrap();
        assert_eq!(short["needs_grading"], true);
        assert!(short.get("guidance").is_none(), "learners never see it");
        assert_eq!(
            short["given"],
            json!({"text": "Grade me, please: a thoughtful answer."})
        );

        let queue = trainer.get("/api/v1/training/grading").await;
        assert_eq!(queue.status, StatusCode::OK, "{}", queue.body);
        assert!(queue
            .json()
            .as_array()
            .unwrap()
            .iter()
            .any(|attempt| attempt["id"] == id.as_str()));
        assert_eq!(
            learner.get("/api/v1/training/grading").await.status,
            StatusCode::FORBIDDEN
        );
        let seen = trainer
            .get(&format!("/api/v1/training/attempts/{id}"))
            .await
            .json();
        let short = seen["questions"]
            .as_array()
            .unwrap()
            .iter()
            .find(|q| q["key"] == "q-explain")
            .unwrap();
        assert_eq!(short["guidance"], "Mentions system scopes.");

        let grade = format!("/api/v1/training/attempts/{id}/grade");
        let too_many = post(&mut trainer, &grade, json!({"grades": {"q-explain": 4}})).await;
        assert_problem(
            &too_many,
            StatusCode::UNPROCESSABLE_ENTITY,
            "request/invalid",
        );
        assert_eq!(field_names(&too_many.json()), ["grades.q-explain"]);
        assert_eq!(
            post(&mut learner, &grade, json!({"grades": {"q-explain": 3}}))
                .await
                .status,
            StatusCode::FORBIDDEN
        );
        let graded = post(&mut trainer, &grade, json!({"grades": {"q-explain": 2}})).await;
        assert_eq!(graded.status, StatusCode::OK, "{}", graded.body);
        let graded = graded.json();
        assert_eq!(graded["state"], "passed");
        // 1 + 2 of 4 points.
        assert_eq!(graded["score_percent"], 75);
        let mine = learner.get("/api/v1/training/me").await.json();
        let course = mine["courses"]
            .as_array()
            .unwrap()
            .iter()
            .find(|c| c["course"] == "api-graded-course")
            .unwrap();
        assert_eq!(course["course_version"], 2);
        assert!(course["completed_at"].is_i64(), "{mine:#}");
    }
}
