//! Onboarding tracks end to end through the API and the pages: the built-in catalogue, versioned
//! uploads with their problems, enrolling, gates computed from evidence (an agreement signed
//! opens one, a new version superseding it closes it), steps done only with their evidence, the
//! override with its reason, and partner data kept to its own organization.

use axum::http::{Method, StatusCode};
use onramp_core::Role;

use crate::registry_support::{
    app_with_dns, applied_and_confirmed, approved, post, published_agreement, staff, TxtRecords,
};
use crate::support::{backends, Client, TestApp};

/// A small track: a checklist step, a build step, a go-live milestone behind a gate; and a gate
/// that holds only while the participation agreement is signed at its current version.
pub fn probe_track(version: u32) -> String {
    format!(
        r#"id = "gate-probe"
version = {version}
name = "Gate probe"

[[phases]]
key = "start"
name = "Start"

[[phases.steps]]
key = "commit"
name = "Acknowledge the commitments"
owner = "partner_admin"
estimate = {{ optimistic = 1, likely = 2, pessimistic = 4 }}
evidence = [{{ attestation = ["We test before production", "We keep data safe"] }}]

[[phases.steps]]
key = "build"
name = "Build the interface"
owner = "partner_developer"
estimate = 5
after = ["commit"]
evidence = [{{ gate = "signed" }}, {{ document = "network-diagram" }}]

[[phases.steps]]
key = "live"
name = "Live"
owner = "program_admin"
milestone = true
after = ["build"]
evidence = [{{ gate = "go" }}]

[[gates]]
key = "signed"
name = "Participation signed"
conditions = [{{ kind = "agreement_signed", agreement = "participation" }}]

[[gates]]
key = "go"
name = "Go live"
conditions = [
  {{ kind = "organization_verified" }},
  {{ kind = "steps_done", steps = ["commit", "build"] }},
  {{ kind = "attestation_completed", role = "partner_admin", checklist = "commit" }},
  {{ kind = "approval", role = "program_admin" }},
  {{ kind = "document_accepted", document = "network-diagram" }},
]

[[risks]]
key = "test-data"
title = "Real patient data reaches the test environment"
likelihood = 2
impact = 5
mitigation = "Synthetic data only; scan uploads."
"#
    )
}

async fn upload_probe(admin: &mut Client, version: u32) {
    let uploaded = post(
        admin,
        "/api/v1/tracks",
        serde_json::json!({ "source": probe_track(version) }),
    )
    .await;
    assert_eq!(uploaded.status, StatusCode::CREATED, "{}", uploaded.body);
}

async fn enroll(coordinator: &mut Client, organization_id: &str) -> serde_json::Value {
    let enrolled = post(
        coordinator,
        "/api/v1/enrollments",
        serde_json::json!({"organization_id": organization_id, "track": "gate-probe", "start": "2027-01-04"}),
    )
    .await;
    assert_eq!(enrolled.status, StatusCode::CREATED, "{}", enrolled.body);
    enrolled.json()
}

fn gate_status(detail: &serde_json::Value, key: &str) -> String {
    detail["gates"]
        .as_array()
        .unwrap()
        .iter()
        .find(|gate| gate["key"] == key)
        .unwrap()["status"]
        .as_str()
        .unwrap()
        .to_owned()
}

fn task_id(detail: &serde_json::Value, step: &str) -> String {
    detail["tasks"]
        .as_array()
        .unwrap()
        .iter()
        .find(|task| task["step"] == step)
        .unwrap()["id"]
        .as_str()
        .unwrap()
        .to_owned()
}

async fn setup(app: &TestApp, name: &str, domain: &str) -> (String, Client, Client, Client) {
    let (organization_id, partner) =
        applied_and_confirmed(app, name, domain, &format!("admin@{domain}")).await;
    let mut admin = staff(app, Role::ProgramAdmin).await;
    let coordinator = staff(app, Role::OnboardingCoordinator).await;
    upload_probe(&mut admin, 1).await;
    (organization_id, partner, admin, coordinator)
}

#[tokio::test]
async fn tracks_the_built_in_tracks_are_loaded_and_uploads_are_versioned_and_checked() {
    for backend in backends() {
        let app = TestApp::new(&backend).await;
        let mut admin = staff(&app, Role::ProgramAdmin).await;
        let listed = admin.get("/api/v1/tracks").await;
        assert_eq!(listed.status, StatusCode::OK, "{}", listed.body);
        let mut keys: Vec<String> = listed
            .json()
            .as_array()
            .unwrap()
            .iter()
            .map(|track| track["key"].as_str().unwrap().to_owned())
            .collect();
        keys.sort();
        assert_eq!(
            keys,
            [
                "connected-partner",
                "country-health-data-sharing",
                "fhir-implementation-guide-partner",
                "government-agency-integration",
                "healthcare-customer-onboarding"
            ]
        );

        // A broken file: every problem with its line and column, nothing stored.
        let broken = probe_track(1)
            .replace("after = [\"commit\"]", "after = [\"comit\"]")
            .replace("owner = \"partner_developer\"", "owner = \"developer\"");
        let refused = post(
            &mut admin,
            "/api/v1/tracks",
            serde_json::json!({ "source": broken }),
        )
        .await;
        assert_eq!(
            refused.status,
            StatusCode::UNPROCESSABLE_ENTITY,
            "{}",
            refused.body
        );
        let messages: Vec<String> = refused.json()["errors"]
            .as_array()
            .unwrap()
            .iter()
            .map(|error| error["message"].as_str().unwrap().to_owned())
            .collect();
        assert!(
            messages
                .iter()
                .any(|message| message.starts_with("21:10:")
                    && message.contains("unknown step `comit`")),
            "{messages:?}"
        );
        assert!(
            messages
                .iter()
                .any(|message| message.starts_with("19:9:")
                    && message.contains("no role `developer`")),
            "{messages:?}"
        );
        assert_eq!(
            admin.get("/api/v1/tracks/gate-probe").await.status,
            StatusCode::NOT_FOUND
        );

        upload_probe(&mut admin, 1).await;
        // The same version again is refused; a higher one is stored beside it.
        let again = post(
            &mut admin,
            "/api/v1/tracks",
            serde_json::json!({ "source": probe_track(1) }),
        )
        .await;
        assert_eq!(
            again.status,
            StatusCode::UNPROCESSABLE_ENTITY,
            "{}",
            again.body
        );
        assert!(
            again.body.contains("an upload must raise `version`"),
            "{}",
            again.body
        );

        // A coordinator may not upload; every signed-in person may read.
        let mut coordinator = staff(&app, Role::OnboardingCoordinator).await;
        let forbidden = post(
            &mut coordinator,
            "/api/v1/tracks",
            serde_json::json!({ "source": probe_track(5) }),
        )
        .await;
        assert_eq!(forbidden.status, StatusCode::FORBIDDEN);

        // An enrollment keeps the version it started with.
        let (organization_id, _partner) = applied_and_confirmed(
            &app,
            "Versioned Lab",
            "versioned.test",
            "admin@versioned.test",
        )
        .await;
        let enrolled = enroll(&mut coordinator, &organization_id).await;
        upload_probe(&mut admin, 2).await;
        let track = admin.get("/api/v1/tracks/gate-probe").await.json();
        assert_eq!(track["version"], 2);
        assert_eq!(track["versions"], serde_json::json!([2, 1]));
        let id = enrolled["id"].as_str().unwrap();
        let detail = coordinator
            .get(&format!("/api/v1/enrollments/{id}"))
            .await
            .json();
        assert_eq!(detail["track_version"], 1);
        // Two business days, then five: Monday 4 to Tuesday 12 January 2027.
        assert_eq!(detail["baseline_end"], "2027-01-12");
        assert_eq!(detail["forecast"]["likely"], "2027-01-12");
        assert_eq!(detail["steps_total"], 3);
        // Enrolled twice in the same track: refused.
        let twice = post(
            &mut coordinator,
            "/api/v1/enrollments",
            serde_json::json!({"organization_id": organization_id, "track": "gate-probe"}),
        )
        .await;
        assert_eq!(
            twice.status,
            StatusCode::UNPROCESSABLE_ENTITY,
            "{}",
            twice.body
        );
        assert!(app
            .audit_actions()
            .await
            .contains(&"enrollment.created".to_owned()));
    }
}

#[tokio::test]
async fn tracks_a_gate_opens_when_the_agreement_is_signed_and_closes_when_a_new_version_supersedes_it(
) {
    for backend in backends() {
        let records = TxtRecords::default();
        let app = app_with_dns(&backend, &records).await;
        let (organization_id, mut partner, mut admin, mut coordinator) =
            setup(&app, "Gate Lab", "gatelab.test").await;
        let v1 = published_agreement(&mut admin, "participation", None).await;
        let enrolled = enroll(&mut coordinator, &organization_id).await;
        let id = enrolled["id"].as_str().unwrap().to_owned();
        let detail = || format!("/api/v1/enrollments/{id}");
        assert_eq!(
            gate_status(&partner.get(&detail()).await.json(), "signed"),
            "blocked"
        );

        let signed = post(
            &mut partner,
            &format!("/api/v1/agreements/{v1}/signatures"),
            serde_json::json!({"signer_name": "Ada", "signer_title": "CEO", "confirm": true}),
        )
        .await;
        assert_eq!(signed.status, StatusCode::CREATED, "{}", signed.body);
        // Pages read the gate as it is now; its stored state and its event follow the signature's
        // event, through the jobs — nothing polls.
        assert_eq!(
            gate_status(&partner.get(&detail()).await.json(), "signed"),
            "passed"
        );
        assert!(!app
            .audit_actions()
            .await
            .contains(&"enrollment.gate_passed".to_owned()));
        app.drain_jobs().await;
        let now = partner.get(&detail()).await.json();
        assert_eq!(gate_status(&now, "signed"), "passed");
        assert!(app
            .audit_actions()
            .await
            .contains(&"enrollment.gate_passed".to_owned()));

        // A new version with no time to re-sign supersedes the signature: the gate closes.
        published_agreement(&mut admin, "participation", None).await;
        app.drain_jobs().await;
        let now = partner.get(&detail()).await.json();
        assert_eq!(gate_status(&now, "signed"), "blocked");
        let missing: Vec<&serde_json::Value> = now["gates"]
            .as_array()
            .unwrap()
            .iter()
            .find(|gate| gate["key"] == "signed")
            .unwrap()["conditions"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|condition| condition["holds"] == false)
            .collect();
        assert_eq!(missing.len(), 1);
        assert_eq!(
            missing[0]["who_can_act"],
            serde_json::json!(["partner_admin"])
        );
        assert!(app
            .audit_actions()
            .await
            .contains(&"enrollment.gate_closed".to_owned()));
    }
}

#[tokio::test]
async fn tracks_a_step_is_done_only_with_its_evidence_and_an_override_needs_a_program_admin_and_a_reason(
) {
    for backend in backends() {
        let records = TxtRecords::default();
        let app = app_with_dns(&backend, &records).await;
        let (organization_id, mut partner, mut admin, mut coordinator) =
            setup(&app, "Step Lab", "steplab.test").await;
        let enrolled = enroll(&mut coordinator, &organization_id).await;
        let id = enrolled["id"].as_str().unwrap().to_owned();
        let detail = partner
            .get(&format!("/api/v1/enrollments/{id}"))
            .await
            .json();
        let commit = task_id(&detail, "commit");
        let task_path = format!("/api/v1/enrollments/{id}/tasks/{commit}");

        let early = post(
            &mut partner,
            &task_path,
            serde_json::json!({"status": "done"}),
        )
        .await;
        assert_eq!(early.status, StatusCode::CONFLICT, "{}", early.body);
        assert_eq!(early.json()["code"], "tracks.task_evidence_missing");
        assert!(early.body.contains("checklist"), "{}", early.body);

        let attest_path = format!("/api/v1/enrollments/{id}/attestations/commit");
        let half = post(
            &mut partner,
            &attest_path,
            serde_json::json!({"items": ["We test before production"]}),
        )
        .await;
        assert_eq!(
            half.status,
            StatusCode::UNPROCESSABLE_ENTITY,
            "{}",
            half.body
        );
        let full = post(
            &mut partner,
            &attest_path,
            serde_json::json!({"items": ["We test before production", "We keep data safe"]}),
        )
        .await;
        assert_eq!(full.status, StatusCode::NO_CONTENT, "{}", full.body);
        let done = post(
            &mut partner,
            &task_path,
            serde_json::json!({"status": "done"}),
        )
        .await;
        assert_eq!(done.status, StatusCode::OK, "{}", done.body);
        assert_eq!(done.json()["status"], "done");

        // Skipping needs a reason; a partner member may not change tasks.
        let build = task_id(&detail, "build");
        let build_path = format!("/api/v1/enrollments/{id}/tasks/{build}");
        let no_reason = post(
            &mut partner,
            &build_path,
            serde_json::json!({"status": "skipped"}),
        )
        .await;
        assert_eq!(
            no_reason.status,
            StatusCode::UNPROCESSABLE_ENTITY,
            "{}",
            no_reason.body
        );
        let skipped = post(
            &mut partner,
            &build_path,
            serde_json::json!({"status": "skipped", "reason": "the interface is reused from another program"}),
        )
        .await;
        assert_eq!(skipped.status, StatusCode::OK, "{}", skipped.body);

        // The go-live gate still misses verification and the program admin's approval.
        let now = admin.get(&format!("/api/v1/enrollments/{id}")).await.json();
        assert_eq!(gate_status(&now, "go"), "blocked");
        assert_eq!(now["steps_finished"], 2);

        let override_path = format!("/api/v1/enrollments/{id}/gates/go/override");
        let by_coordinator = post(
            &mut coordinator,
            &override_path,
            serde_json::json!({"reason": "urgent"}),
        )
        .await;
        assert_eq!(by_coordinator.status, StatusCode::FORBIDDEN);
        let no_reason = post(
            &mut admin,
            &override_path,
            serde_json::json!({"reason": "  "}),
        )
        .await;
        assert_eq!(
            no_reason.status,
            StatusCode::UNPROCESSABLE_ENTITY,
            "{}",
            no_reason.body
        );
        let overridden = post(
            &mut admin,
            &override_path,
            serde_json::json!({"reason": "verified by the regional office on paper"}),
        )
        .await;
        assert_eq!(
            overridden.status,
            StatusCode::NO_CONTENT,
            "{}",
            overridden.body
        );
        let now = partner
            .get(&format!("/api/v1/enrollments/{id}"))
            .await
            .json();
        assert_eq!(gate_status(&now, "go"), "overridden");
        let go = now["gates"]
            .as_array()
            .unwrap()
            .iter()
            .find(|gate| gate["key"] == "go")
            .unwrap()
            .clone();
        assert_eq!(
            go["override_reason"],
            "verified by the regional office on paper"
        );
        assert!(app
            .audit_actions()
            .await
            .contains(&"enrollment.gate_overridden".to_owned()));

        // Verification, the approval and the accepted network diagram make it pass on its own.
        approved(&mut admin, &organization_id).await;
        let approval = post(
            &mut admin,
            &format!("/api/v1/enrollments/{id}/gates/go/approve"),
            serde_json::json!({"reason": "conformance evidence reviewed"}),
        )
        .await;
        assert_eq!(approval.status, StatusCode::NO_CONTENT, "{}", approval.body);
        app.drain_jobs().await;
        let now = partner
            .get(&format!("/api/v1/enrollments/{id}"))
            .await
            .json();
        assert_eq!(
            gate_status(&now, "go"),
            "overridden",
            "the network diagram is still missing"
        );
        let documents = format!("/api/v1/enrollments/{id}/documents");
        let pdf = {
            use base64::Engine;
            base64::engine::general_purpose::STANDARD.encode(crate::registry_support::PDF)
        };
        let unasked = post(
            &mut partner,
            &documents,
            serde_json::json!({"kind": "floor-plan", "filename": "plan.pdf", "content_base64": pdf}),
        )
        .await;
        assert_eq!(
            unasked.status,
            StatusCode::UNPROCESSABLE_ENTITY,
            "{}",
            unasked.body
        );
        let not_pdf = post(
            &mut partner,
            &documents,
            serde_json::json!({"kind": "network-diagram", "filename": "diagram.pdf", "content_base64": "aGVsbG8="}),
        )
        .await;
        assert_eq!(
            not_pdf.status,
            StatusCode::UNPROCESSABLE_ENTITY,
            "{}",
            not_pdf.body
        );
        let uploaded = post(
            &mut partner,
            &documents,
            serde_json::json!({"kind": "network-diagram", "filename": "diagram.pdf", "content_base64": pdf}),
        )
        .await;
        assert_eq!(uploaded.status, StatusCode::CREATED, "{}", uploaded.body);
        let evidence = uploaded.json()["id"].as_str().unwrap().to_owned();
        let accept = format!("{documents}/{evidence}/accept");
        assert_eq!(
            post(&mut partner, &accept, serde_json::json!({}))
                .await
                .status,
            StatusCode::FORBIDDEN
        );
        let accepted = post(&mut coordinator, &accept, serde_json::json!({})).await;
        assert_eq!(accepted.status, StatusCode::NO_CONTENT, "{}", accepted.body);
        let again = post(&mut coordinator, &accept, serde_json::json!({})).await;
        assert_eq!(again.status, StatusCode::CONFLICT, "{}", again.body);
        let now = partner
            .get(&format!("/api/v1/enrollments/{id}"))
            .await
            .json();
        assert_eq!(gate_status(&now, "go"), "passed");

        // The milestone is done now that its gate holds; the enrollment completes.
        let live = task_id(&now, "live");
        let finished = post(
            &mut admin,
            &format!("/api/v1/enrollments/{id}/tasks/{live}"),
            serde_json::json!({"status": "done"}),
        )
        .await;
        assert_eq!(finished.status, StatusCode::OK, "{}", finished.body);
        let now = partner
            .get(&format!("/api/v1/enrollments/{id}"))
            .await
            .json();
        assert_eq!(now["state"], "completed");

        // The timeline page draws the chart with the same data as a table beside it.
        let page = partner.get(&format!("/enrollments/{id}")).await;
        assert_eq!(page.status, StatusCode::OK);
        assert!(page.body.contains("role=\"img\""), "{}", page.body);
        assert!(page.body.contains("<table"));
        let ics = partner
            .get(&format!("/enrollments/{id}/timeline.ics"))
            .await;
        assert_eq!(ics.status, StatusCode::OK);
        assert!(ics.body.starts_with("BEGIN:VCALENDAR\r\n"));
        let csv = partner
            .get(&format!("/enrollments/{id}/timeline.csv"))
            .await;
        assert!(csv.body.lines().count() >= 4, "{}", csv.body);
    }
}

#[tokio::test]
async fn tracks_another_organization_finds_nothing_of_an_enrollment() {
    for backend in backends() {
        let records = TxtRecords::default();
        let app = app_with_dns(&backend, &records).await;
        let (organization_id, mut own, _admin, mut coordinator) =
            setup(&app, "Own Lab", "ownlab.test").await;
        let (_, mut other) =
            applied_and_confirmed(&app, "Other Lab", "otherlab.test", "admin@otherlab.test").await;
        let enrolled = enroll(&mut coordinator, &organization_id).await;
        let id = enrolled["id"].as_str().unwrap().to_owned();
        let detail = own.get(&format!("/api/v1/enrollments/{id}")).await.json();
        let task = task_id(&detail, "commit");

        let listed = other.get("/api/v1/enrollments").await.json();
        assert_eq!(listed["total"], 0);
        let mine = other.get("/api/v1/tasks").await.json();
        assert_eq!(mine, serde_json::json!([]));
        let own_tasks = own.get("/api/v1/tasks").await.json();
        assert!(own_tasks
            .as_array()
            .unwrap()
            .iter()
            .any(|task| task["step"] == "commit"));

        for path in [
            format!("/api/v1/enrollments/{id}"),
            format!("/api/v1/enrollments/{id}/timeline"),
            format!("/enrollments/{id}"),
            format!("/enrollments/{id}/timeline.csv"),
            format!("/enrollments/{id}/timeline.ics"),
        ] {
            let answer = other.get(&path).await;
            assert_eq!(
                answer.status,
                StatusCode::NOT_FOUND,
                "GET {path}: {}",
                answer.body
            );
        }
        for (path, body) in [
            (
                format!("/api/v1/enrollments/{id}/tasks/{task}"),
                serde_json::json!({"status": "in_progress"}),
            ),
            (
                format!("/api/v1/enrollments/{id}/attestations/commit"),
                serde_json::json!({"items": ["We test before production", "We keep data safe"]}),
            ),
            (
                format!("/api/v1/enrollments/{id}/documents"),
                serde_json::json!({"kind": "network-diagram", "filename": "x.pdf", "content_base64": "JVBERi0xLjQK"}),
            ),
        ] {
            let answer = post(&mut other, &path, body).await;
            assert_eq!(
                answer.status,
                StatusCode::NOT_FOUND,
                "POST {path}: {}",
                answer.body
            );
        }
        other.refresh_csrf().await;
        for (path, fields) in [
            (
                format!("/enrollments/{id}/tasks/{task}/status"),
                vec![("status", "in_progress")],
            ),
            (
                format!("/enrollments/{id}/tasks/{task}/comments"),
                vec![("body", "hello")],
            ),
            (
                format!("/enrollments/{id}/attestations/commit"),
                vec![("item", "We keep data safe")],
            ),
        ] {
            let answer = other.post_form(&path, &fields).await;
            assert_eq!(
                answer.status,
                StatusCode::NOT_FOUND,
                "POST {path}: {}",
                answer.body
            );
        }
        // Nothing of the probes was written.
        let after = own.get(&format!("/api/v1/enrollments/{id}")).await.json();
        assert_eq!(after["tasks"][0]["status"], "not_started");
        let _ = Method::GET;
    }
}

#[tokio::test]
async fn tracks_the_demo_has_an_enrollment_in_each_built_in_track_at_different_stages() {
    for backend in backends() {
        let app = TestApp::new(&backend).await;
        assert!(onramp_server::demo::seed_program(&app.state).await.unwrap());
        let mut coordinator = app.client();
        let login = coordinator
            .login(
                "coordinator@demo.onramp.test",
                onramp_server::demo::DEMO_PASSWORD,
            )
            .await;
        assert_eq!(login.status, StatusCode::SEE_OTHER);
        let listed = coordinator.get("/api/v1/enrollments").await.json();
        let items = listed["items"].as_array().unwrap();
        let mut tracks: Vec<&str> = items
            .iter()
            .map(|item| item["track"].as_str().unwrap())
            .collect();
        tracks.sort_unstable();
        tracks.dedup();
        assert_eq!(
            tracks,
            [
                "connected-partner",
                "country-health-data-sharing",
                "fhir-implementation-guide-partner",
                "government-agency-integration",
                "healthcare-customer-onboarding"
            ]
        );
        let mut finished: Vec<i64> = items
            .iter()
            .map(|item| item["steps_finished"].as_i64().unwrap())
            .collect();
        finished.sort_unstable();
        finished.dedup();
        assert!(finished.len() >= 4, "stages {finished:?}");
        let page = coordinator.get("/enrollments").await;
        assert_eq!(page.status, StatusCode::OK);
        assert!(page.body.contains("Lakeside Health System"));
        // The partner admin of a demo organization sees its own enrollment and its tasks.
        let mut partner = app.client();
        partner
            .login(
                "admin@lakeside-health.test",
                onramp_server::demo::DEMO_PASSWORD,
            )
            .await;
        let own = partner.get("/api/v1/enrollments").await.json();
        assert_eq!(own["total"], 1);
        let tasks = partner.get("/tasks").await;
        assert_eq!(tasks.status, StatusCode::OK);
        // Their home page starts with what they must do next.
        let home = partner.get("/").await;
        assert!(home.body.contains("Your tasks"), "{}", home.body);
    }
}

#[tokio::test]
async fn tracks_as_time_passes_the_sweep_reminds_the_owner_once_raises_a_risk_on_a_late_critical_step_and_closes_it_when_done(
) {
    use onramp_server::platform::clock::{Clock, ManualClock};
    use onramp_server::tracks::services::reminders::sweep;
    use std::sync::Arc;

    for backend in backends() {
        // Monday 4 January 2027, 09:00 UTC.
        let monday = jiff::civil::date(2027, 1, 4)
            .at(9, 0, 0, 0)
            .to_zoned(jiff::tz::TimeZone::UTC)
            .unwrap()
            .timestamp()
            .as_millisecond();
        let clock = Arc::new(ManualClock::new(monday));
        let app = TestApp::with_clock(&backend, clock.clone(), |_| {}).await;
        let (organization_id, _partner, _admin, mut coordinator) =
            setup(&app, "Sweep Lab", "sweeplab.test").await;
        let enrolled = enroll(&mut coordinator, &organization_id).await;
        let id = enrolled["id"].as_str().unwrap().to_owned();

        // "Acknowledge the commitments" is due Tuesday: its owner's admin is reminded, once.
        assert_eq!(sweep(&app.state).await.unwrap(), 1);
        assert_eq!(sweep(&app.state).await.unwrap(), 0);
        let mails = app.mails().await;
        let reminder = mails
            .iter()
            .find(|mail| mail.contains("Due on 2027-01-05: Acknowledge the commitments"))
            .expect("a due-soon reminder");
        assert!(reminder.contains("admin@sweeplab.test"));

        // Wednesday 13th: six business days late on the critical path.
        clock.set(monday + 9 * 86_400_000);
        assert_eq!(sweep(&app.state).await.unwrap(), 1, "the overdue reminder");
        // Nine days on, the session has ended: sign in again.
        let mut partner = app.client();
        partner
            .login("admin@sweeplab.test", crate::support::PASSWORD)
            .await;
        let detail = partner
            .get(&format!("/api/v1/enrollments/{id}"))
            .await
            .json();
        let risk = detail["risks"]
            .as_array()
            .unwrap()
            .iter()
            .find(|risk| risk["key"] == "signal:overdue:commit")
            .expect("a risk raised from the signal")
            .clone();
        assert_eq!(risk["status"], "open");
        assert_eq!(risk["source"], "signal");
        assert_eq!(detail["at_risk"], true);
        // The remaining work from today: two days, then five — Thursday 21st.
        assert_eq!(detail["forecast"]["likely"], "2027-01-21");
        assert_eq!(detail["baseline_end"], "2027-01-12");
        let actions = app.audit_actions().await;
        assert!(actions.contains(&"enrollment.risk_raised".to_owned()));
        assert!(actions.contains(&"enrollment.forecast_slipped".to_owned()));

        // Done: the signal clears and its risk closes.
        let attested = post(
            &mut partner,
            &format!("/api/v1/enrollments/{id}/attestations/commit"),
            serde_json::json!({"items": ["We test before production", "We keep data safe"]}),
        )
        .await;
        assert_eq!(attested.status, StatusCode::NO_CONTENT, "{}", attested.body);
        let commit = task_id(&detail, "commit");
        let done = post(
            &mut partner,
            &format!("/api/v1/enrollments/{id}/tasks/{commit}"),
            serde_json::json!({"status": "done"}),
        )
        .await;
        assert_eq!(done.status, StatusCode::OK, "{}", done.body);
        let detail = partner
            .get(&format!("/api/v1/enrollments/{id}"))
            .await
            .json();
        let risk = detail["risks"]
            .as_array()
            .unwrap()
            .iter()
            .find(|risk| risk["key"] == "signal:overdue:commit")
            .unwrap()
            .clone();
        assert_eq!(risk["status"], "closed");
        assert!(app
            .audit_actions()
            .await
            .contains(&"enrollment.risk_closed".to_owned()));
        let _ = clock.now_ms();
    }
}

#[tokio::test]
async fn tracks_coordinators_keep_the_risk_register_and_partners_read_it() {
    for backend in backends() {
        let records = TxtRecords::default();
        let app = app_with_dns(&backend, &records).await;
        let (organization_id, mut partner, _admin, mut coordinator) =
            setup(&app, "Risk Lab", "risklab.test").await;
        let connected = post(
            &mut coordinator,
            "/api/v1/enrollments",
            serde_json::json!({"organization_id": organization_id, "track": "connected-partner"}),
        )
        .await;
        assert_eq!(connected.status, StatusCode::CREATED, "{}", connected.body);
        let id = connected.json()["id"].as_str().unwrap().to_owned();
        let detail = partner
            .get(&format!("/api/v1/enrollments/{id}"))
            .await
            .json();
        // The track's templates start the register.
        let templates = detail["risks"].as_array().unwrap();
        assert!(templates.len() >= 2, "{detail}");
        assert!(templates.iter().all(|risk| risk["source"] == "template"));

        let risks = format!("/api/v1/enrollments/{id}/risks");
        let bad = post(
            &mut coordinator,
            &risks,
            serde_json::json!({"title": "Vendor staff turnover", "likelihood": 7, "impact": 3, "review_on": "soon"}),
        )
        .await;
        assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", bad.body);
        let errors = bad.json()["errors"].clone();
        let fields: Vec<&str> = errors
            .as_array()
            .unwrap()
            .iter()
            .map(|error| error["field"].as_str().unwrap())
            .collect();
        assert!(
            fields.contains(&"likelihood") && fields.contains(&"review_on"),
            "{}",
            bad.body
        );
        let by_partner = post(
            &mut partner,
            &risks,
            serde_json::json!({"title": "Ours", "likelihood": 2, "impact": 2}),
        )
        .await;
        assert_eq!(by_partner.status, StatusCode::FORBIDDEN);
        let added = post(
            &mut coordinator,
            &risks,
            serde_json::json!({"title": "Vendor staff turnover", "likelihood": 4, "impact": 3, "mitigation": "Name a deputy", "review_on": "2027-02-01"}),
        )
        .await;
        assert_eq!(added.status, StatusCode::CREATED, "{}", added.body);
        let risk_id = added.json()["id"].as_str().unwrap().to_owned();
        let updated = post(
            &mut coordinator,
            &format!("{risks}/{risk_id}"),
            serde_json::json!({"likelihood": 2, "impact": 3, "status": "mitigating", "mitigation": "A deputy is named"}),
        )
        .await;
        assert_eq!(updated.status, StatusCode::NO_CONTENT, "{}", updated.body);
        let detail = partner
            .get(&format!("/api/v1/enrollments/{id}"))
            .await
            .json();
        let risk = detail["risks"]
            .as_array()
            .unwrap()
            .iter()
            .find(|risk| risk["id"] == risk_id.as_str())
            .unwrap()
            .clone();
        assert_eq!(risk["source"], "manual");
        assert_eq!(risk["status"], "mitigating");
        assert_eq!(risk["score"], 6);
        assert_eq!(risk["mitigation"], "A deputy is named");
        let actions = app.audit_actions().await;
        assert!(actions.contains(&"enrollment.risk_added".to_owned()));
        assert!(actions.contains(&"enrollment.risk_updated".to_owned()));
        // A risk of another enrollment is not found through this one.
        let other = post(
            &mut coordinator,
            "/api/v1/enrollments",
            serde_json::json!({"organization_id": organization_id, "track": "gate-probe"}),
        )
        .await;
        let other_id = other.json()["id"].as_str().unwrap().to_owned();
        let crossed = post(
            &mut coordinator,
            &format!("/api/v1/enrollments/{other_id}/risks/{risk_id}"),
            serde_json::json!({"likelihood": 1, "impact": 1}),
        )
        .await;
        assert_eq!(crossed.status, StatusCode::NOT_FOUND, "{}", crossed.body);
        // The program view filters and pages what it lists.
        let total = |value: serde_json::Value| value["total"].as_i64().unwrap();
        assert_eq!(
            total(coordinator.get("/api/v1/enrollments").await.json()),
            2
        );
        assert_eq!(
            total(
                coordinator
                    .get("/api/v1/enrollments?track=gate-probe")
                    .await
                    .json()
            ),
            1
        );
        assert_eq!(
            total(
                coordinator
                    .get("/api/v1/enrollments?country=US")
                    .await
                    .json()
            ),
            2
        );
        assert_eq!(
            total(
                coordinator
                    .get("/api/v1/enrollments?country=CA")
                    .await
                    .json()
            ),
            0
        );
        assert_eq!(
            total(
                coordinator
                    .get("/api/v1/enrollments?tier=collaborative")
                    .await
                    .json()
            ),
            0
        );
        let second = coordinator
            .get("/api/v1/enrollments?per_page=1&page=2")
            .await
            .json();
        assert_eq!(second["items"].as_array().unwrap().len(), 1);
        assert_eq!(total(second), 2);
        let bad_page = coordinator.get("/api/v1/enrollments?per_page=500").await;
        assert_eq!(bad_page.status, StatusCode::UNPROCESSABLE_ENTITY);
        let csv = coordinator
            .get("/enrollments.csv?track=connected-partner")
            .await;
        assert_eq!(csv.body.lines().count(), 2, "{}", csv.body);
        // The page shows the register with its words.
        let page = partner.get(&format!("/enrollments/{id}")).await;
        assert!(page.body.contains("Vendor staff turnover"));
        assert!(page.body.contains("Mitigating"));
    }
}

#[tokio::test]
async fn tracks_an_organization_is_planned_on_its_countrys_calendar() {
    for backend in backends() {
        let calendars = tempfile::tempdir().unwrap();
        std::fs::write(
            calendars.path().join("US.toml"),
            "region = \"US\"\nholidays = [{ date = \"2027-01-05\", name = \"A founding day\" }]\n",
        )
        .unwrap();
        std::fs::write(calendars.path().join("README.txt"), "not a calendar").unwrap();
        let dir = calendars.path().to_path_buf();
        let app = TestApp::with_config(&backend, |config| config.calendars_dir = Some(dir)).await;
        let (organization_id, mut partner, _admin, mut coordinator) =
            setup(&app, "Holiday Lab", "holidaylab.test").await;
        let enrolled = enroll(&mut coordinator, &organization_id).await;
        let id = enrolled["id"].as_str().unwrap();
        let detail = partner
            .get(&format!("/api/v1/enrollments/{id}"))
            .await
            .json();
        // Two business days from Monday 4 January skip Tuesday's holiday: the 4th and the 6th;
        // then five: 7, 8, 11, 12, 13.
        assert_eq!(detail["baseline_end"], "2027-01-13");
        let commit = detail["tasks"]
            .as_array()
            .unwrap()
            .iter()
            .find(|task| task["step"] == "commit")
            .unwrap()
            .clone();
        assert_eq!(commit["due_on"], "2027-01-06");
    }
}

#[tokio::test]
async fn tracks_a_calendar_file_with_a_problem_stops_the_start_with_its_position() {
    let calendars = tempfile::tempdir().unwrap();
    std::fs::write(
        calendars.path().join("ca.toml"),
        "region = \"CA\"\nworking_days = [\"monday\", \"funday\"]\n",
    )
    .unwrap();
    let data = tempfile::tempdir().unwrap();
    let mut config = onramp_server::ServerConfig::with_data_dir(data.path().to_path_buf());
    config.calendars_dir = Some(calendars.path().to_path_buf());
    let error = onramp_server::build_state(config)
        .await
        .err()
        .expect("the start is refused")
        .to_string();
    assert!(error.contains("ca.toml:2:"), "{error}");
    assert!(error.contains("funday"), "{error}");
}

#[tokio::test]
async fn tracks_a_partner_admin_starts_only_the_tracks_offered_to_their_verified_organizations_tier(
) {
    for backend in backends() {
        let records = TxtRecords::default();
        let app = app_with_dns(&backend, &records).await;
        let (organization_id, mut partner, mut admin, _coordinator) =
            setup(&app, "Offer Lab", "offerlab.test").await;
        let (other_id, _) = applied_and_confirmed(
            &app,
            "Elsewhere Lab",
            "elsewhere.test",
            "admin@elsewhere.test",
        )
        .await;
        let start = |track: &str, organization: &str| serde_json::json!({"organization_id": organization, "track": track});
        // Not verified yet: nothing is offered.
        let early = post(
            &mut partner,
            "/api/v1/enrollments",
            start("fhir-implementation-guide-partner", &organization_id),
        )
        .await;
        assert_eq!(early.status, StatusCode::CONFLICT, "{}", early.body);
        assert_eq!(early.json()["code"], "tracks.track_not_offered");
        approved(&mut admin, &organization_id).await;
        // Public tier: the implementation-guide track is offered, the connected-partner one
        // (registered and up) and a staff-only track are not.
        let started = post(
            &mut partner,
            "/api/v1/enrollments",
            start("fhir-implementation-guide-partner", &organization_id),
        )
        .await;
        assert_eq!(started.status, StatusCode::CREATED, "{}", started.body);
        for track in ["connected-partner", "gate-probe"] {
            let refused = post(
                &mut partner,
                "/api/v1/enrollments",
                start(track, &organization_id),
            )
            .await;
            assert_eq!(
                refused.status,
                StatusCode::CONFLICT,
                "{track}: {}",
                refused.body
            );
        }
        // Another organization is not found.
        let crossed = post(
            &mut partner,
            "/api/v1/enrollments",
            start("fhir-implementation-guide-partner", &other_id),
        )
        .await;
        assert_eq!(crossed.status, StatusCode::NOT_FOUND, "{}", crossed.body);
        // The page offers what may be started.
        let page = partner.get("/enrollments").await;
        assert!(page.body.contains("Start a track"), "{}", page.body);
    }
}
