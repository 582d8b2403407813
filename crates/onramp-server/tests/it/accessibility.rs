//! Accessibility: axe-core runs in headless Chromium on every page of the portal — as a visitor, as
//! a partner admin, as a program admin, as a conformance analyst, as a partner developer taking
//! training, as a trainer and as a support agent — and finds no `serious` or
//! `critical` violation; every page has exactly one `h1`, no inline `style` attribute (the
//! Content-Security-Policy drops them), and nothing wider than the window at 1280 px. The
//! stylesheet's colour variables keep their contrast (a plain test, no browser).
//!
//! axe-core comes from npm at test time (`npm install axe-core@4` into a cache under the target
//! directory, never into the repository) and is injected through WebDriver's execute-script, which
//! the page's `script-src 'none'` does not govern. Without npm or chromedriver the browser test is
//! skipped with a notice, except in CI (env `CI`), where it fails. With `ONRAMP_A11Y_SCREENSHOTS`
//! naming a folder, a screenshot of every page checked is saved there, to look at.

use std::collections::BTreeSet;
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use axum::http::StatusCode;
use fantoccini::Client;
use onramp_core::training::assessment::draw;
use onramp_core::training::course::CourseDocument;
use onramp_core::training::QuestionKind;
use onramp_core::Role;
use serde::Deserialize;

use crate::browser_support::{
    browser, find_program, sign_in, sign_out, start_driver, submit, wait_for, wait_for_path,
};
use crate::registry_support::{
    application, applied_and_confirmed, approved, post, published_agreement, upload, PDF,
};
use crate::support::{TestApp, TestBackend, PASSWORD};

/// Violations the page markup still has, as (page, rule): the page as listed in the test (paths
/// with `{id}` for ids), the rule an axe id or one of this test's own checks — `one-h1`,
/// `no-inline-style`, `fits-1280`. The pages are being rewritten; each entry goes once its page is
/// fixed (the test fails on an entry that no longer happens, so that the list only shrinks).
const KNOWN_MARKUP_VIOLATIONS: &[(&str, &str)] = &[];

/// The axe impacts that fail the test; `moderate` and `minor` are printed as notices.
const FAILING_IMPACTS: &[&str] = &["serious", "critical"];

/// The width the portal must fit without scrolling sideways.
const WINDOW_WIDTH: u32 = 1280;

/// One page to check: its name in reports and in [`KNOWN_MARKUP_VIOLATIONS`], where to open it (or
/// how to reach it), and a piece of its `h1`, so that an error page is never checked by mistake.
struct Page {
    name: &'static str,
    path: String,
    heading: &'static str,
    /// Submit the form posting to this action once the page is open (a form shown again with its
    /// errors is a page of its own).
    submit: Option<String>,
    /// The form to submit is an upload form, whose action carries the CSRF token in its query
    /// string (`{action}?csrf_token=…`).
    upload: bool,
}

fn page(name: &'static str, path: impl Into<String>, heading: &'static str) -> Page {
    Page {
        name,
        path: path.into(),
        heading,
        submit: None,
        upload: false,
    }
}

fn refused(
    name: &'static str,
    path: impl Into<String>,
    action: &str,
    heading: &'static str,
) -> Page {
    Page {
        submit: Some(action.to_owned()),
        ..page(name, path, heading)
    }
}

/// An upload form (multipart, its CSRF token in its action's query string) submitted as it
/// comes, so that it is shown again with its errors.
fn refused_upload(
    name: &'static str,
    path: impl Into<String>,
    action: &str,
    heading: &'static str,
) -> Page {
    Page {
        upload: true,
        ..refused(name, path, action, heading)
    }
}

/// What the page said: axe's violations and this test's own measurements.
#[derive(Debug, Deserialize)]
struct Report {
    #[serde(default)]
    error: Option<String>,
    #[serde(default)]
    version: String,
    #[serde(default)]
    violations: Vec<Violation>,
    #[serde(default)]
    h1: Vec<String>,
    #[serde(default)]
    styled: Vec<String>,
    #[serde(default)]
    scroll_width: i64,
    #[serde(default)]
    client_width: i64,
    #[serde(default)]
    wide: Vec<String>,
}

#[derive(Debug, Deserialize)]
struct Violation {
    id: String,
    impact: Option<String>,
    help: String,
    nodes: Vec<Node>,
}

#[derive(Debug, Deserialize)]
struct Node {
    target: String,
    html: String,
}

/// Runs axe on the page and measures it; the last argument is execute-async's callback.
const RUN_AXE: &str = r#"
const done = arguments[arguments.length - 1];
const measure = (results) => {
  const html = document.documentElement;
  const wide = Array.from(document.querySelectorAll('body *'))
    .filter((element) => element.getBoundingClientRect().right > html.clientWidth + 1)
    .slice(0, 5)
    .map((element) => element.outerHTML.slice(0, 160));
  return {
    version: axe.version,
    violations: results.violations.map((violation) => ({
      id: violation.id,
      impact: violation.impact,
      help: violation.help,
      nodes: violation.nodes.map((node) => ({
        target: node.target.join(' '),
        html: node.html.slice(0, 300),
      })),
    })),
    h1: Array.from(document.querySelectorAll('h1'), (heading) => heading.textContent.trim()),
    styled: Array.from(document.querySelectorAll('[style]'), (element) => element.outerHTML.slice(0, 160)),
    scroll_width: html.scrollWidth,
    client_width: html.clientWidth,
    wide,
  };
};
axe.run(document, { resultTypes: ['violations'] })
  .then((results) => done(measure(results)))
  .catch((error) => done({ error: String(error) }));
"#;

/// axe-core's `axe.min.js`, from the npm cache under the target directory (installed on first
/// use); `None` (with a notice) where npm is missing or cannot install it, except in CI.
async fn axe_script() -> Option<String> {
    let cache = Path::new(env!("CARGO_TARGET_TMPDIR")).join("axe-core-4");
    let script = |root: &Path| root.join("node_modules/axe-core/axe.min.js");
    if !script(&cache).is_file() {
        let in_ci = std::env::var_os("CI").is_some();
        let Some(npm) = find_program(&["npm"]) else {
            assert!(
                !in_ci,
                "npm is not installed; the accessibility test fetches axe-core with it"
            );
            eprintln!("notice: skipping the accessibility test: npm is not installed");
            return None;
        };
        // Installed beside the cache and moved into place, so that a run stopped halfway
        // leaves no half cache behind.
        let staging = PathBuf::from(format!("{}.{}", cache.display(), std::process::id()));
        std::fs::create_dir_all(&staging).unwrap();
        let output = tokio::process::Command::new(npm)
            .args([
                "install",
                "--no-save",
                "--no-package-lock",
                "--no-audit",
                "--no-fund",
                "--loglevel=error",
                "--prefix",
            ])
            .arg(&staging)
            .arg("axe-core@4")
            .output()
            .await
            .unwrap();
        if !output.status.success() || !script(&staging).is_file() {
            let _ = std::fs::remove_dir_all(&staging);
            let why = String::from_utf8_lossy(&output.stderr).into_owned();
            assert!(!in_ci, "npm install axe-core@4 failed: {why}");
            eprintln!(
                "notice: skipping the accessibility test: npm install axe-core@4 failed: {why}"
            );
            return None;
        }
        if std::fs::rename(&staging, &cache).is_err() {
            // Another run installed it meanwhile.
            let _ = std::fs::remove_dir_all(&staging);
        }
    }
    Some(std::fs::read_to_string(script(&cache)).unwrap())
}

/// Opens `page`, runs axe on it, and adds what is wrong to `findings` as (page, rule, detail).
async fn check(
    client: &Client,
    base: &str,
    axe: &str,
    page: &Page,
    findings: &mut Vec<(String, String, String)>,
) {
    let started = Instant::now();
    client.goto(&format!("{base}{}", page.path)).await.unwrap();
    if let Some(action) = &page.submit {
        if page.upload {
            client
                .find(fantoccini::Locator::Css(&format!(
                    "form[action^='{action}?csrf_token='] button[type=submit]"
                )))
                .await
                .unwrap()
                .click()
                .await
                .unwrap();
        } else {
            submit(client, action).await;
        }
        // The form comes back with its errors: wait for the summary or a field's error.
        wait_for(client, "[role=alert], .field-error").await;
        for _ in 0..200 {
            let ready = client
                .execute("return document.readyState", Vec::new())
                .await
                .unwrap();
            if ready == "complete" {
                break;
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }
    if let Some(dir) = std::env::var_os("ONRAMP_A11Y_SCREENSHOTS") {
        let file: String = page
            .name
            .chars()
            .map(|c| if c.is_ascii_alphanumeric() { c } else { '_' })
            .collect();
        let png = client.screenshot().await.unwrap();
        std::fs::write(Path::new(&dir).join(format!("{file}.png")), png).unwrap();
    }
    client.execute(axe, Vec::new()).await.unwrap();
    let value = client.execute_async(RUN_AXE, Vec::new()).await.unwrap();
    let report: Report = serde_json::from_value(value.clone())
        .unwrap_or_else(|error| panic!("{}: unreadable axe report ({error}): {value}", page.name));
    if let Some(error) = report.error {
        panic!("{}: axe failed: {error}", page.name);
    }
    assert!(
        report.h1.iter().any(|text| text.contains(page.heading)),
        "{} ({}) is not the page expected (its h1: {:?}): {}",
        page.name,
        page.path,
        report.h1,
        client.source().await.unwrap()
    );
    let mut found = |rule: &str, detail: String| {
        findings.push((page.name.to_owned(), rule.to_owned(), detail));
    };
    for violation in &report.violations {
        let impact = violation.impact.as_deref().unwrap_or("none");
        let nodes: Vec<String> = violation
            .nodes
            .iter()
            .map(|node| format!("      {}  {}", node.target, node.html))
            .collect();
        let detail = format!("[{impact}] {}\n{}", violation.help, nodes.join("\n"));
        if FAILING_IMPACTS.contains(&impact) {
            found(&violation.id, detail);
        } else {
            eprintln!(
                "notice: {} ({}): axe {} {detail}",
                page.name, page.path, violation.id
            );
        }
    }
    if report.h1.len() != 1 {
        found(
            "one-h1",
            format!("{} h1 elements: {:?}", report.h1.len(), report.h1),
        );
    }
    if !report.styled.is_empty() {
        found("no-inline-style", report.styled.join("\n      "));
    }
    if report.scroll_width > report.client_width {
        found(
            "fits-1280",
            format!(
                "the page is {} px wide in a {} px window; too wide: {}",
                report.scroll_width,
                report.client_width,
                report.wide.join("\n      ")
            ),
        );
    }
    eprintln!(
        "checked {} ({}) with axe {} in {} ms",
        page.name,
        page.path,
        report.version,
        started.elapsed().as_millis()
    );
}

/// The token of the last emailed link to `path` (`/password/reset`) in `mails`.
fn emailed_token(mails: &[String], path: &str) -> String {
    let marker = format!("{path}?token=");
    let mail = mails
        .iter()
        .rev()
        .map(|mail| {
            mail.replace("=\r\n", "")
                .replace("=\n", "")
                .replace("=3D", "=")
        })
        .find(|mail| mail.contains(&marker))
        .unwrap_or_else(|| panic!("no mail links to {path}"));
    let start = mail.find(&marker).unwrap() + marker.len();
    let rest = &mail[start..];
    rest[..rest.find(char::is_whitespace).unwrap_or(rest.len())].to_owned()
}

/// A loopback webhook receiver that answers every delivery 500, so that the delivery log shows a
/// failed attempt with its error.
async fn failing_receiver() -> SocketAddr {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let router = axum::Router::new()
        .fallback(|| async { (StatusCode::INTERNAL_SERVER_ERROR, "receiver is down") });
    tokio::spawn(async move {
        axum::serve(listener, router).await.unwrap();
    });
    addr
}

/// What the conformance pages are checked with: a suite on the partner's track, a run waiting
/// for review, one with a re-test asked for, one queued (jobs do not run while the pages are
/// checked), one scheduled for later, and a valid and a revoked certificate.
struct Conformance {
    suite: &'static str,
    submitted_run: String,
    retest_run: String,
    signed_off_run: String,
    scheduled_run: String,
    queued_run: String,
    valid_certificate: String,
    revoked_certificate: String,
}

/// Starts a run of the conformance suite for the enrollment as the partner, now (`start_at`
/// empty) or later; its id.
async fn started_run(
    partner: &mut crate::support::Client,
    enrollment_id: &str,
    start_at: &str,
) -> String {
    let started = post(
        partner,
        &format!("/api/v1/enrollments/{enrollment_id}/runs"),
        serde_json::json!({"suite": "lakeside-messages", "system_name": "Lakeside Gateway 3.1", "start_at": start_at}),
    )
    .await;
    assert_eq!(started.status, StatusCode::ACCEPTED, "{}", started.body);
    started.json()["id"].as_str().unwrap().to_owned()
}

/// A run of the conformance suite, carried out and submitted for review by the partner; its id.
async fn submitted_run(
    app: &TestApp,
    partner: &mut crate::support::Client,
    enrollment_id: &str,
) -> String {
    let id = started_run(partner, enrollment_id, "").await;
    app.drain_jobs().await;
    let submitted = post(
        partner,
        &format!("/api/v1/runs/{id}/submit"),
        serde_json::json!({}),
    )
    .await;
    assert_eq!(submitted.status, StatusCode::OK, "{}", submitted.body);
    id
}

/// Overrides every test of the run that did not pass, and signs it off; the certificate's id.
async fn signed_off(analyst: &mut crate::support::Client, run_id: &str) -> String {
    let run = analyst.get(&format!("/api/v1/runs/{run_id}")).await.json();
    for test in run["tests"].as_array().unwrap() {
        if test["result"] != "passed" {
            let overridden = post(
                analyst,
                &format!(
                    "/api/v1/runs/{run_id}/tests/{}/override",
                    test["key"].as_str().unwrap()
                ),
                serde_json::json!({"result": "passed", "reason": "Checked by hand against the specification"}),
            )
            .await;
            assert_eq!(overridden.status, StatusCode::OK, "{}", overridden.body);
        }
    }
    let signed = post(
        analyst,
        &format!("/api/v1/runs/{run_id}/sign-off"),
        serde_json::json!({}),
    )
    .await;
    assert_eq!(signed.status, StatusCode::CREATED, "{}", signed.body);
    signed.json()["id"].as_str().unwrap().to_owned()
}

/// The conformance data, made through the API (the partner's sandbox already logged a refused
/// Patient; a valid one is sent here).
async fn conformance_data(
    app: &TestApp,
    admin: &mut crate::support::Client,
    partner: &mut crate::support::Client,
    analyst: &mut crate::support::Client,
    enrollment_id: &str,
    environment_id: &str,
    bearer: &str,
) -> Conformance {
    let suite = "lakeside-messages";
    let stored = post(
        admin,
        "/api/v1/suites",
        serde_json::json!({
            "key": suite,
            "title": "Lakeside messages",
            "track": "connected-partner",
            "description": "The messages a connected partner sends to the registry's test environment.",
            "requirements": [
                {"key": "r1", "text": "Patients are sent to the registry", "link": "https://example.org/spec/patients#r1"},
                {"key": "r2", "text": "Observations are sent to the registry"},
                {"key": "r3", "text": "Immunizations are sent to the registry"}
            ],
            "message_tests": [
                {"key": "patients", "title": "Patients received", "requirements": ["r1"], "resource_type": "Patient"},
                {"key": "observations", "title": "Observations received", "requirements": ["r2"], "resource_type": "Observation"}
            ]
        }),
    )
    .await;
    assert_eq!(stored.status, StatusCode::CREATED, "{}", stored.body);
    let sent = crate::sandbox_support::fhir(
        app,
        environment_id,
        bearer,
        axum::http::Method::POST,
        "/Patient",
        Some(r#"{"resourceType": "Patient", "name": [{"family": "Lakeside", "given": ["Ada"]}], "gender": "female"}"#),
        &[],
    )
    .await;
    assert_eq!(sent.status, StatusCode::CREATED, "{}", sent.body);

    let signed_off_run = submitted_run(app, partner, enrollment_id).await;
    let valid_certificate = signed_off(analyst, &signed_off_run).await;
    let revoked_run = submitted_run(app, partner, enrollment_id).await;
    let revoked_certificate = signed_off(analyst, &revoked_run).await;
    let revoked = post(
        analyst,
        &format!("/api/v1/certificates/{revoked_certificate}/revoke"),
        serde_json::json!({"reason": "The gateway was replaced by version 4"}),
    )
    .await;
    assert_eq!(revoked.status, StatusCode::OK, "{}", revoked.body);
    let retest_run = submitted_run(app, partner, enrollment_id).await;
    let asked = post(
        analyst,
        &format!("/api/v1/runs/{retest_run}/retest"),
        serde_json::json!({"tests": ["observations"], "note": "Please send an Observation and run this test again."}),
    )
    .await;
    assert_eq!(asked.status, StatusCode::OK, "{}", asked.body);
    let submitted_run = submitted_run(app, partner, enrollment_id).await;
    let commented = post(
        partner,
        &format!("/api/v1/runs/{submitted_run}/comments"),
        serde_json::json!({"body": "Observations come in the next release.", "test": "observations"}),
    )
    .await;
    assert_eq!(commented.status, StatusCode::CREATED, "{}", commented.body);
    let later = jiff::Timestamp::now()
        .checked_add(jiff::SignedDuration::from_hours(48))
        .unwrap()
        .to_string();
    let scheduled_run = started_run(partner, enrollment_id, &later).await;
    // Queued after the last drain: it stays queued while the pages are checked.
    let queued_run = started_run(partner, enrollment_id, "").await;
    Conformance {
        suite,
        submitted_run,
        retest_run,
        signed_off_run,
        scheduled_run,
        queued_run,
        valid_certificate,
        revoked_certificate,
    }
}

/// A course a trainer stores through the page for the training pages: a Markdown module, an
/// external one to attest, and an assessment with a short answer (so that an attempt waits for
/// grading).
const TRAINING_COURSE: &str = r###"{
  "key": "access-review",
  "title": "Accessible review",
  "summary": "How the exchange's pages are reviewed for accessibility.\n\n- who reviews\n- what is checked",
  "audience": ["it_staff"],
  "modules": [
    {"key": "reading", "title": "Reading the checklist", "hours": 0.5, "credits": 0.5,
     "markdown": "## The checklist\n\nEvery control has a label; every image has a text.\n\n| Check | Tool |\n|---|---|\n| Labels | axe |\n| Contrast | axe |"},
    {"key": "external", "title": "The external guide", "hours": 1, "credits": 1,
     "link": "https://example.org/accessibility/guide/",
     "attestation": "I have read every page of the external guide."}
  ],
  "assessment": {
    "pass_mark": 50,
    "questions": [
      {"key": "q-labels", "kind": "single_choice", "prompt": "What does every form control need?",
       "choices": [{"key": "a", "text": "A label", "correct": true}, {"key": "b", "text": "A colour"}]},
      {"key": "q-why", "kind": "short_answer", "prompt": "Explain why a form control needs a label.",
       "points": 2, "guidance": "Screen readers announce the label."}
    ]
  }
}"###;

/// What the training pages are checked with: a partner developer of the partner who passed the
/// nurse curriculum (a certificate), failed a first attempt at FHIR fundamentals and is on a
/// second; a colleague whose short answer in [`TRAINING_COURSE`] waits for a trainer's grade;
/// job roles and assignments given by the partner admin. Made through the pages.
struct Training {
    trainer_email: String,
    developer_email: String,
    developer_id: String,
    certificate: String,
    passed_attempt: String,
    failed_attempt: String,
    in_progress_attempt: String,
    grading_attempt: String,
}

/// The stored latest version of the course `key`.
async fn training_course(app: &TestApp, key: &str) -> CourseDocument {
    let stored = onramp_store::training::courses::find_version(app.state.store.pool(), key, None)
        .await
        .unwrap();
    serde_json::from_str(&stored.document).unwrap()
}

/// A client signed in as `email`, with a CSRF token.
async fn training_client(app: &TestApp, email: &str) -> crate::support::Client {
    let mut client = app.client();
    let signed = client.login(email, PASSWORD).await;
    assert_eq!(signed.status, StatusCode::SEE_OTHER, "{}", signed.body);
    client.refresh_csrf().await;
    client
}

/// Starts the course `key` and completes every module (attesting external ones) through the
/// pages, then starts an attempt at its assessment; the attempt's id.
async fn training_attempt(
    app: &TestApp,
    learner: &mut crate::support::Client,
    key: &str,
) -> String {
    let started = learner
        .post_form(&format!("/training/courses/{key}/start"), &[])
        .await;
    assert_eq!(started.status, StatusCode::SEE_OTHER, "{}", started.body);
    for module in &training_course(app, key).await.modules {
        let fields: &[(&str, &str)] = if module.link.is_some() {
            &[("attested", "yes")]
        } else {
            &[]
        };
        let path = format!("/training/courses/{key}/modules/{}/complete", module.key);
        let done = learner.post_form(&path, fields).await;
        assert_eq!(done.status, StatusCode::SEE_OTHER, "{path}: {}", done.body);
    }
    another_training_attempt(learner, key).await
}

/// Starts another attempt at the course `key`; its id.
async fn another_training_attempt(learner: &mut crate::support::Client, key: &str) -> String {
    let started = learner
        .post_form(&format!("/training/courses/{key}/attempts"), &[])
        .await;
    assert_eq!(started.status, StatusCode::SEE_OTHER, "{}", started.body);
    started
        .location()
        .unwrap()
        .trim_start_matches("/training/attempts/")
        .to_owned()
}

/// Submits the attempt through its page, every question it drew answered right (or wrong); its
/// state then.
async fn answered(
    app: &TestApp,
    learner: &mut crate::support::Client,
    attempt_id: &str,
    right: bool,
) -> String {
    let pool = app.state.store.pool();
    let attempt = onramp_store::training::attempts::find(pool, attempt_id)
        .await
        .unwrap();
    let assessment = training_course(app, &attempt.course_key)
        .await
        .assessment
        .unwrap();
    let mut fields = Vec::new();
    for drawn in &draw(&assessment, attempt.seed).questions {
        let question = assessment.question(&drawn.key).unwrap();
        let name = format!("q.{}", question.key);
        match question.kind {
            QuestionKind::SingleChoice | QuestionKind::MultipleChoice => {
                let mut chosen = question.choices.iter().filter(|c| c.correct == right);
                if question.kind == QuestionKind::SingleChoice {
                    if let Some(choice) = chosen.next() {
                        fields.push((name, choice.key.clone()));
                    }
                } else {
                    fields.extend(chosen.map(|choice| (name.clone(), choice.key.clone())));
                }
            }
            QuestionKind::TrueFalse => {
                fields.push((name, (question.answer.unwrap() == right).to_string()));
            }
            QuestionKind::ShortAnswer => {
                fields.push((
                    name,
                    "So that a screen reader says what to enter.".to_owned(),
                ));
            }
        }
    }
    let fields: Vec<(&str, &str)> = fields
        .iter()
        .map(|(name, value)| (name.as_str(), value.as_str()))
        .collect();
    let submitted = learner
        .post_form(&format!("/training/attempts/{attempt_id}/submit"), &fields)
        .await;
    assert_eq!(
        submitted.status,
        StatusCode::SEE_OTHER,
        "{}",
        submitted.body
    );
    onramp_store::training::attempts::find(pool, attempt_id)
        .await
        .unwrap()
        .state
}

/// The training data, made through the pages (`partner` is the partner admin).
async fn training_data(app: &TestApp, partner: &mut crate::support::Client) -> Training {
    let (trainer_user, mut trainer) = app.signed_in(Role::Trainer).await;
    trainer.refresh_csrf().await;
    trainer.get("/training").await;
    let stored = trainer
        .post_form("/training/courses", &[("document", TRAINING_COURSE)])
        .await;
    assert_eq!(stored.status, StatusCode::SEE_OTHER, "{}", stored.body);
    let developer = app
        .user(
            "dev@lakeside.test",
            Role::PartnerDeveloper,
            Some("Lakeside Health"),
        )
        .await;
    let member = app
        .user(
            "lee@lakeside.test",
            Role::PartnerMember,
            Some("Lakeside Health"),
        )
        .await;
    partner.get("/training/people").await;
    for (id, job_role) in [(&developer.id, "nurse"), (&member.id, "it_staff")] {
        let set = partner
            .post_form(
                &format!("/training/people/{id}/job-role"),
                &[("job_role", job_role)],
            )
            .await;
        assert_eq!(set.status, StatusCode::SEE_OTHER, "{}", set.body);
    }
    for fields in [
        [
            ("course", "nurse-curriculum"),
            ("job_role", "nurse"),
            ("user_id", ""),
            ("due", "2099-01-01"),
        ],
        [
            ("course", "access-review"),
            ("job_role", ""),
            ("user_id", member.id.as_str()),
            ("due", ""),
        ],
    ] {
        let assigned = partner.post_form("/training/assignments", &fields).await;
        assert_eq!(assigned.status, StatusCode::SEE_OTHER, "{}", assigned.body);
    }

    let mut learner = training_client(app, &developer.email).await;
    let passed_attempt = training_attempt(app, &mut learner, "nurse-curriculum").await;
    assert_eq!(
        answered(app, &mut learner, &passed_attempt, true).await,
        "passed"
    );
    let certificate = onramp_store::training::certificates::latest(
        app.state.store.pool(),
        &developer.id,
        "nurse-curriculum",
    )
    .await
    .unwrap()
    .unwrap()
    .id;
    let failed_attempt = training_attempt(app, &mut learner, "fhir-fundamentals").await;
    assert_eq!(
        answered(app, &mut learner, &failed_attempt, false).await,
        "failed"
    );
    let in_progress_attempt = another_training_attempt(&mut learner, "fhir-fundamentals").await;
    let mut colleague = training_client(app, &member.email).await;
    let grading_attempt = training_attempt(app, &mut colleague, "access-review").await;
    assert_eq!(
        answered(app, &mut colleague, &grading_attempt, true).await,
        "awaiting_grading"
    );
    Training {
        trainer_email: trainer_user.email,
        developer_email: developer.email,
        developer_id: developer.id,
        certificate,
        passed_attempt,
        failed_attempt,
        in_progress_attempt,
        grading_attempt,
    }
}

/// Posts a multipart form — text fields and files of the field `attachments` — with the CSRF
/// token in the action, as the support desk's ticket and reply forms send it.
async fn multipart_form(
    client: &mut crate::support::Client,
    path: &str,
    fields: &[(&str, &str)],
    files: &[(&str, &str, &[u8])],
) -> crate::support::TestResponse {
    let boundary = "onramp-a11y-boundary-51c2";
    let mut body = Vec::new();
    for (name, value) in fields {
        body.extend_from_slice(
            format!(
                "--{boundary}\r\nContent-Disposition: form-data; name=\"{name}\"\r\n\r\n{value}\r\n"
            )
            .as_bytes(),
        );
    }
    for (filename, content_type, bytes) in files {
        body.extend_from_slice(
            format!(
                "--{boundary}\r\nContent-Disposition: form-data; name=\"attachments\"; filename=\"{filename}\"\r\nContent-Type: {content_type}\r\n\r\n"
            )
            .as_bytes(),
        );
        body.extend_from_slice(bytes);
        body.extend_from_slice(b"\r\n");
    }
    body.extend_from_slice(format!("--{boundary}--\r\n").as_bytes());
    let token = client.csrf_token.clone().unwrap_or_default();
    client
        .send(
            axum::http::Request::post(format!("{path}?csrf_token={token}"))
                .header(
                    axum::http::header::CONTENT_TYPE,
                    format!("multipart/form-data; boundary={boundary}"),
                )
                .body(axum::body::Body::from(body))
                .unwrap(),
        )
        .await
}

/// What the support pages are checked with: a support agent; a ticket of the partner with a
/// Markdown description, a link, an attachment, a public reply and an internal note, waiting on
/// the partner and assigned; a solved ticket and the token of its satisfaction survey.
struct Support {
    agent_email: String,
    ticket: String,
    subject: &'static str,
    survey_token: String,
}

/// The support data, made through the pages (`partner` is the partner admin).
async fn support_data(app: &TestApp, partner: &mut crate::support::Client) -> Support {
    let (agent_user, mut agent) = app.signed_in(Role::SupportAgent).await;
    agent.refresh_csrf().await;
    let form = partner.get("/support/new").await;
    assert_eq!(form.status, StatusCode::OK, "{}", form.body);
    let marker = "name=\"links\" value=\"";
    let link = form.body.find(marker).map(|start| {
        let rest = &form.body[start + marker.len()..];
        rest[..rest.find('"').unwrap()].to_owned()
    });
    let subject = "Sandbox rejects our Observation writes since the upgrade";
    let mut fields = vec![
        ("subject", subject),
        (
            "description",
            "## What happens\n\nEvery `POST /Observation` answers **422** since Monday:\n\n- with a `code` from LOINC\n- with a value in `mg/dL`\n\n<b>Raw HTML is shown as text.</b>",
        ),
        ("severity", "high"),
        ("category", "sandbox"),
    ];
    if let Some(link) = &link {
        fields.push(("links", link.as_str()));
    }
    let opened = multipart_form(
        partner,
        "/support/tickets",
        &fields,
        &[(
            "observation-request-with-a-long-file-name.pdf",
            "application/pdf",
            PDF,
        )],
    )
    .await;
    assert_eq!(opened.status, StatusCode::SEE_OTHER, "{}", opened.body);
    let ticket = opened
        .location()
        .unwrap()
        .split('?')
        .next()
        .unwrap()
        .to_owned();
    agent.get(&ticket).await;
    for (body, internal, status) in [
        (
            "Thanks — could you send the request id of one refused write?",
            "",
            "waiting_on_partner",
        ),
        (
            "Looks like the new unit check; **ask the FHIR team**.",
            "yes",
            "",
        ),
    ] {
        let replied = multipart_form(
            &mut agent,
            &format!("{ticket}/replies"),
            &[("body", body), ("internal", internal), ("status", status)],
            &[],
        )
        .await;
        assert_eq!(replied.status, StatusCode::SEE_OTHER, "{}", replied.body);
    }
    let assigned = agent
        .post_form(
            &format!("{ticket}/assignment"),
            &[
                ("group_key", "support"),
                ("assignee_id", agent_user.id.as_str()),
                ("tags", "sandbox validation"),
            ],
        )
        .await;
    assert_eq!(assigned.status, StatusCode::SEE_OTHER, "{}", assigned.body);
    let question = multipart_form(
        partner,
        "/support/tickets",
        &[
            ("subject", "Where do we find our certificate?"),
            ("description", "We passed the suite last week."),
            ("severity", "low"),
            ("category", "conformance"),
        ],
        &[],
    )
    .await;
    assert_eq!(question.status, StatusCode::SEE_OTHER, "{}", question.body);
    let question = question
        .location()
        .unwrap()
        .split('?')
        .next()
        .unwrap()
        .to_owned();
    let answered = multipart_form(
        &mut agent,
        &format!("{question}/replies"),
        &[
            ("body", "It is on your enrollment's conformance page."),
            ("status", "solved"),
        ],
        &[],
    )
    .await;
    assert_eq!(answered.status, StatusCode::SEE_OTHER, "{}", answered.body);
    let marker = "/support/satisfaction/";
    let survey_token = app
        .mails()
        .await
        .iter()
        .rev()
        .map(|mail| mail.replace("=\r\n", "").replace("=\n", ""))
        .find_map(|mail| {
            let start = mail.find(marker)? + marker.len();
            let rest = &mail[start..];
            Some(rest[..rest.find(char::is_whitespace).unwrap_or(rest.len())].to_owned())
        })
        .expect("no mail links to the satisfaction survey");
    Support {
        agent_email: agent_user.email,
        ticket,
        subject,
        survey_token,
    }
}

#[tokio::test]
async fn every_portal_page_passes_axe_with_one_h1_no_inline_style_and_fits_1280_px() {
    let Some(driver) = start_driver().await else {
        return;
    };
    let Some(axe) = axe_script().await else {
        return;
    };
    let started = Instant::now();
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    let app = TestApp::with_config(&TestBackend::Sqlite, |config| {
        config.public_base_url = base.clone();
        // Jobs run when the test drains them, so that every page shows the same thing each run.
        config.job_workers = 0;
        config.uniform_response_ms = 0;
        config.webhook_allow_private_addresses = true;
        config.webhook_timeout_ms = 2_000;
        config.fhir_package_dir = Some(crate::sandbox_support::shared_packages());
        config.fhir_package_cache = config.data_dir.join("fhir-cache");
    })
    .await;

    // A program admin, an active partner with a document, a duplicate applicant, a published
    // agreement and a draft, webhook subscriptions with a failed delivery, an API token, and a
    // password-reset link.
    let (staff, mut admin) = app.signed_in(Role::ProgramAdmin).await;
    let (organization_id, mut partner) = applied_and_confirmed(
        &app,
        "Lakeside Health",
        "lakeside.test",
        "ada@lakeside.test",
    )
    .await;
    partner.refresh_csrf().await;
    let uploaded = upload(
        &mut partner,
        "/partner/documents",
        "lakeside-health-state-licence-2027-with-a-long-file-name.pdf",
        "application/pdf",
        PDF,
        true,
    )
    .await;
    assert_eq!(uploaded.status, StatusCode::SEE_OTHER, "{}", uploaded.body);
    approved(&mut admin, &organization_id).await;
    let duplicate = post(
        &mut app.client(),
        "/api/v1/registrations",
        application(
            "Lakeside Health Partners",
            "lakeside.test",
            "bo@lakeside.test",
        ),
    )
    .await;
    assert_eq!(duplicate.status, StatusCode::ACCEPTED, "{}", duplicate.body);
    let agreement_id = published_agreement(&mut admin, "participation", Some(30)).await;
    let draft = post(
        &mut admin,
        "/api/v1/agreements",
        serde_json::json!({"kind": "data_sharing", "title": "Data sharing agreement", "body_markdown": "# Data sharing\n\nOnly for care."}),
    )
    .await;
    assert_eq!(draft.status, StatusCode::CREATED, "{}", draft.body);
    let enrolled = post(
        &mut admin,
        "/api/v1/enrollments",
        serde_json::json!({"organization_id": organization_id, "track": "connected-partner", "start": "2026-11-02"}),
    )
    .await;
    assert_eq!(enrolled.status, StatusCode::CREATED, "{}", enrolled.body);
    let enrollment = format!("/enrollments/{}", enrolled.json()["id"].as_str().unwrap());
    // A sandbox with a client and a refused write in its message log.
    let opened = post(
        &mut admin,
        &format!("/api/v1{enrollment}/environments"),
        serde_json::json!({"kind": "sandbox"}),
    )
    .await;
    assert_eq!(opened.status, StatusCode::CREATED, "{}", opened.body);
    let environment_id = opened.json()["id"].as_str().unwrap().to_owned();
    let environment = format!("/environments/{environment_id}");
    let (client_id, secret) =
        crate::sandbox_support::secret_client(&mut partner, &environment_id, "system/*.cruds")
            .await;
    let token = crate::sandbox_support::token_by_secret(&app, &client_id, &secret, "")
        .await
        .json()["access_token"]
        .as_str()
        .unwrap()
        .to_owned();
    let refused_write = crate::sandbox_support::fhir(
        &app,
        &environment_id,
        &token,
        axum::http::Method::POST,
        "/Patient",
        Some("{\n  \"resourceType\": \"Patient\",\n  \"gender\": \"sometimes\"\n}"),
        &[],
    )
    .await;
    assert_eq!(refused_write.status, StatusCode::UNPROCESSABLE_ENTITY);
    let log = partner
        .get(&format!("/api/v1{environment}/messages"))
        .await
        .json();
    let message = format!("{environment}/messages/{}", log[0]["id"].as_str().unwrap());
    let receiver = failing_receiver().await;
    let hook = format!(
        "http://{receiver}/onramp/webhooks/receiver/with/a/rather/long/path/that/must/wrap"
    );
    let program_hook = post(
        &mut admin,
        "/api/v1/webhooks",
        serde_json::json!({"url": hook, "events": ["webhook.test", "organization.applied"]}),
    )
    .await;
    assert_eq!(
        program_hook.status,
        StatusCode::CREATED,
        "{}",
        program_hook.body
    );
    let program_hook = program_hook.json()["id"].as_str().unwrap().to_owned();
    let partner_hook = post(
        &mut partner,
        "/api/v1/webhooks",
        serde_json::json!({"url": hook, "events": ["webhook.test"]}),
    )
    .await;
    assert_eq!(
        partner_hook.status,
        StatusCode::CREATED,
        "{}",
        partner_hook.body
    );
    let partner_hook = partner_hook.json()["id"].as_str().unwrap().to_owned();
    for (client, id) in [(&mut admin, &program_hook), (&mut partner, &partner_hook)] {
        let test = post(
            client,
            &format!("/api/v1/webhooks/{id}/test"),
            serde_json::json!({}),
        )
        .await;
        assert!(test.status.is_success(), "{}", test.body);
    }
    let token = post(
        &mut admin,
        "/api/v1/tokens",
        serde_json::json!({"name": "nightly export", "expires_in_days": 30}),
    )
    .await;
    assert_eq!(token.status, StatusCode::CREATED, "{}", token.body);
    let mut visitor = app.client();
    visitor.get("/password/forgot").await;
    let forgot = visitor
        .post_form("/password/forgot", &[("email", "ada@lakeside.test")])
        .await;
    assert_eq!(forgot.status, StatusCode::SEE_OTHER, "{}", forgot.body);
    let reset_token = emailed_token(&app.mails().await, "/password/reset");
    app.drain_jobs().await;
    let (analyst_user, mut analyst) = app.signed_in(Role::ConformanceAnalyst).await;
    let enrollment_id = enrollment.trim_start_matches("/enrollments/").to_owned();
    let bearer = crate::sandbox_support::token_by_secret(&app, &client_id, &secret, "")
        .await
        .json()["access_token"]
        .as_str()
        .unwrap()
        .to_owned();
    let conformance = conformance_data(
        &app,
        &mut admin,
        &mut partner,
        &mut analyst,
        &enrollment_id,
        &environment_id,
        &bearer,
    )
    .await;
    let support = support_data(&app, &mut partner).await;
    // Last, so that the attempt in progress is well within its time limit.
    let training = training_data(&app, &mut partner).await;

    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let server = tokio::spawn(onramp_server::serve(app.state.clone(), listener, async {
        let _ = stopped.await;
    }));
    let profile = tempfile::tempdir().unwrap();
    let client = browser(&driver, profile.path()).await;
    client.set_window_size(WINDOW_WIDTH, 900).await.unwrap();
    client
        .update_timeouts(fantoccini::wd::TimeoutConfiguration::new(
            Some(Duration::from_secs(60)),
            Some(Duration::from_secs(60)),
            None,
        ))
        .await
        .unwrap();

    let survey = format!("/support/satisfaction/{}", support.survey_token);
    let visitor_pages = [
        page("/", "/", "Onramp"),
        page("/login", "/login", "Sign in"),
        refused("/login (refused)", "/login", "/login", "Sign in"),
        page("/register", "/register", "Apply"),
        refused("/register (refused)", "/register", "/register", "Apply"),
        page("/directory", "/directory", "Partner directory"),
        page(
            "/agreements/verify",
            "/agreements/verify?sha256=not-a-hash",
            "Check a signed copy",
        ),
        page(
            "/password/forgot",
            "/password/forgot",
            "Reset your password",
        ),
        page(
            "/password/reset",
            format!("/password/reset?token={reset_token}"),
            "Choose a new password",
        ),
        page(
            "/password/reset (dead link)",
            "/password/reset?token=used-up",
            "does not work",
        ),
        page(
            "/account/activate (dead link)",
            "/account/activate?token=used-up",
            "Set up your account",
        ),
        page("/problems", "/problems", "Problem types"),
        page(
            "/problems/{slug}",
            "/problems/conflict/stale-state",
            "Changed meanwhile",
        ),
        page("404", "/no/such/page", "Page not found"),
        page(
            "/verify/{id}",
            format!("/verify/{}", conformance.valid_certificate),
            "Certificate of conformance",
        ),
        page(
            "/verify/{id} (revoked)",
            format!("/verify/{}", conformance.revoked_certificate),
            "Certificate of conformance",
        ),
        page("/certificates", "/certificates", "Certified systems"),
        page(
            "/certificates?suite={key}",
            format!("/certificates?suite={}", conformance.suite),
            "Certified systems",
        ),
        page(
            "/verify/training/{id}",
            format!("/verify/training/{}", training.certificate),
            "Exchange-ready Nurse",
        ),
        page(
            "/support/satisfaction/{token}",
            survey.clone(),
            "How satisfied are you",
        ),
        refused(
            "/support/satisfaction/{token} (refused)",
            survey.clone(),
            &survey,
            "How satisfied are you",
        ),
    ];
    let conformance_testing = format!("{enrollment}/conformance");
    let run = |id: &str| format!("/runs/{id}");
    let agreement = format!("/partner/agreements/{agreement_id}");
    let person = format!("/training/people/{}", training.developer_id);
    let partner_pages = [
        page("/ (partner admin)", "/", "Welcome"),
        page("/partner", "/partner", "Lakeside Health"),
        page(
            "/partner/agreements/{id}",
            agreement.clone(),
            "Participation agreement",
        ),
        refused(
            "/partner/agreements/{id} (refused)",
            agreement.clone(),
            &format!("{agreement}/sign"),
            "Participation agreement",
        ),
        page("/account (partner admin)", "/account", "Your account"),
        page(
            "/account/second-factor",
            "/account/second-factor",
            "authenticator",
        ),
        page("/partner/webhooks", "/partner/webhooks", "Webhooks"),
        page(
            "/partner/webhooks/{id}",
            format!("/partner/webhooks/{partner_hook}"),
            "Webhook subscription",
        ),
        page(
            "/account/tokens (partner admin)",
            "/account/tokens",
            "API tokens",
        ),
        page(
            "/enrollments (partner admin)",
            "/enrollments",
            "Enrollments",
        ),
        page(
            "/enrollments/{id} (partner admin)",
            enrollment.clone(),
            "Connected partner",
        ),
        page("/tasks (partner admin)", "/tasks", "My tasks"),
        page(
            "/environments/{id} (partner admin)",
            environment.clone(),
            "Sandbox",
        ),
        page(
            "/environments/{id}/messages/{message} (partner admin)",
            message.clone(),
            "POST",
        ),
        page(
            "403 (/admin/audit as a partner)",
            "/admin/audit",
            "Not allowed",
        ),
        page("/suites (partner admin)", "/suites", "Conformance suites"),
        page(
            "/suites/{key}",
            format!("/suites/{}", conformance.suite),
            "Lakeside messages",
        ),
        page(
            "/enrollments/{id}/conformance (partner admin)",
            conformance_testing.clone(),
            "Conformance testing",
        ),
        refused(
            "/enrollments/{id}/conformance (refused)",
            conformance_testing.clone(),
            &format!("{enrollment}/runs"),
            "Conformance testing",
        ),
        page(
            "/runs/{id} (re-test asked for)",
            run(&conformance.retest_run),
            "Run of Lakeside Gateway",
        ),
        page(
            "/runs/{id} (signed off)",
            run(&conformance.signed_off_run),
            "Run of Lakeside Gateway",
        ),
        page(
            "/runs/{id} (scheduled)",
            run(&conformance.scheduled_run),
            "Run of Lakeside Gateway",
        ),
        page(
            "/runs/{id} (queued)",
            run(&conformance.queued_run),
            "Run of Lakeside Gateway",
        ),
        page("/training (partner admin)", "/training", "Training"),
        page(
            "/training/people",
            "/training/people",
            "Your people's training",
        ),
        refused(
            "/training/people (refused)",
            "/training/people",
            "/training/assignments",
            "Your people's training",
        ),
        page(
            "/training/people/{id}",
            person.clone(),
            "Test Partner developer",
        ),
        page(
            "/training/reports (partner admin)",
            "/training/reports",
            "Training reports",
        ),
        page(
            "/support (partner admin)",
            "/support",
            "Your organization's tickets",
        ),
        page("/support/new (partner admin)", "/support/new", "New ticket"),
        refused_upload(
            "/support/new (refused)",
            "/support/new",
            "/support/tickets",
            "New ticket",
        ),
        page(
            "/support/tickets/{id} (partner admin)",
            support.ticket.clone(),
            support.subject,
        ),
        refused_upload(
            "/support/tickets/{id} (reply refused)",
            support.ticket.clone(),
            &format!("{}/replies", support.ticket),
            support.subject,
        ),
    ];
    let attempt = |id: &str| format!("/training/attempts/{id}");
    let external_module = "/training/courses/access-review/modules/external";
    let developer_pages = [
        page("/training (partner developer)", "/training", "Training"),
        page(
            "/training/courses/{key}",
            "/training/courses/fhir-fundamentals",
            "FHIR and implementation guide fundamentals",
        ),
        page(
            "/training/courses/{key} (not started)",
            "/training/courses/physician-curriculum",
            "Physician curriculum",
        ),
        page(
            "/training/courses/{key}/modules/{module}",
            "/training/courses/fhir-fundamentals/modules/resources-and-data-types",
            "Resources, data types and references",
        ),
        page(
            "/training/courses/{key}/modules/{module} (to attest)",
            external_module,
            "The external guide",
        ),
        refused(
            "/training/courses/{key}/modules/{module} (refused)",
            external_module,
            &format!("{external_module}/complete"),
            "The external guide",
        ),
        page(
            "/training/attempts/{id} (in progress)",
            attempt(&training.in_progress_attempt),
            "Assessment",
        ),
        page(
            "/training/attempts/{id} (failed)",
            attempt(&training.failed_attempt),
            "Assessment",
        ),
        page(
            "/training/attempts/{id} (passed)",
            attempt(&training.passed_attempt),
            "Assessment",
        ),
    ];
    let staff_pages = [
        page("/ (program admin)", "/", "Welcome"),
        page(
            "/staff/organizations",
            "/staff/organizations",
            "Organizations",
        ),
        page(
            "/staff/organizations/{id}",
            format!("/staff/organizations/{organization_id}"),
            "Lakeside Health",
        ),
        page("/staff/agreements", "/staff/agreements", "Agreements"),
        page("/admin/users", "/admin/users", "Users"),
        page("/admin/audit", "/admin/audit", "Audit trail"),
        page(
            "/admin/audit (refused)",
            "/admin/audit?from=yesterday",
            "Audit trail",
        ),
        page("/admin/jobs", "/admin/jobs", "Jobs"),
        page("/admin/webhooks", "/admin/webhooks", "Webhooks"),
        page(
            "/admin/webhooks/{id}",
            format!("/admin/webhooks/{program_hook}"),
            "Webhook subscription",
        ),
        page("/admin/security", "/admin/security", "Security"),
        page("/enrollments", "/enrollments", "Enrollments"),
        page("/enrollments/{id}", enrollment.clone(), "Connected partner"),
        page("/tasks", "/tasks", "My tasks"),
        page("/environments/{id}", environment.clone(), "Sandbox"),
        page("/tracks", "/tracks", "Onboarding tracks"),
        page(
            "/tracks/{key}",
            "/tracks/healthcare-customer-onboarding",
            "Healthcare customer onboarding",
        ),
        page("/account (program admin)", "/account", "Your account"),
        page("/account/tokens", "/account/tokens", "API tokens"),
        refused(
            "/account/tokens (refused)",
            "/account/tokens",
            "/account/tokens",
            "API tokens",
        ),
        page("/suites", "/suites", "Conformance suites"),
        refused(
            "/suites (refused)",
            "/suites",
            "/suites",
            "Conformance suites",
        ),
        page(
            "/support/policies (program admin)",
            "/support/policies",
            "SLA policies",
        ),
        refused(
            "/support/policies (calendar refused)",
            "/support/policies",
            "/support/policies/calendars",
            "SLA policies",
        ),
        refused(
            "/support/policies (policy refused)",
            "/support/policies",
            "/support/policies",
            "SLA policies",
        ),
        page(
            "/support/groups (program admin)",
            "/support/groups",
            "Support groups",
        ),
        refused(
            "/support/groups (refused)",
            "/support/groups",
            "/support/groups",
            "Support groups",
        ),
    ];
    let submitted_run = run(&conformance.submitted_run);
    let analyst_pages = [
        page("/ (conformance analyst)", "/", "Welcome"),
        page("/reviews", "/reviews", "Runs to review"),
        page(
            "/runs/{id} (submitted, conformance analyst)",
            submitted_run.clone(),
            "Run of Lakeside Gateway",
        ),
        refused(
            "/runs/{id} (sign-off refused)",
            submitted_run.clone(),
            &format!("{submitted_run}/sign-off"),
            "Run of Lakeside Gateway",
        ),
        page(
            "/verify/{id} (conformance analyst)",
            format!("/verify/{}", conformance.valid_certificate),
            "Certificate of conformance",
        ),
        page(
            "/enrollments/{id}/conformance (conformance analyst)",
            conformance_testing.clone(),
            "Conformance testing",
        ),
    ];
    let training_certificate = format!("/verify/training/{}", training.certificate);
    let trainer_pages = [
        page("/ (trainer)", "/", "Welcome"),
        page("/training (trainer)", "/training", "Training"),
        refused(
            "/training (refused)",
            "/training",
            "/training/courses",
            "Training",
        ),
        page(
            "/training/courses/{key} (trainer)",
            "/training/courses/access-review",
            "Accessible review",
        ),
        page(
            "/training/grading",
            "/training/grading",
            "Attempts to grade",
        ),
        page(
            "/training/attempts/{id} (awaiting grading, trainer)",
            attempt(&training.grading_attempt),
            "Assessment",
        ),
        page("/training/reports", "/training/reports", "Training reports"),
        page(
            "/training/reports/courses/{key}",
            "/training/reports/courses/fhir-fundamentals",
            "Results",
        ),
        page(
            "/training/coverage/{id}",
            format!("/training/coverage/{organization_id}"),
            "Training at Lakeside Health",
        ),
        page(
            "/training/people/{id} (trainer)",
            person.clone(),
            "Test Partner developer",
        ),
        page(
            "/verify/training/{id} (trainer)",
            training_certificate.clone(),
            "Exchange-ready Nurse",
        ),
        refused(
            "/verify/training/{id} (refused)",
            training_certificate.clone(),
            &format!("/training/certificates/{}/revoke", training.certificate),
            "Exchange-ready Nurse",
        ),
    ];

    let support_pages = [
        page("/ (support agent)", "/", "Welcome"),
        page("/support (support agent)", "/support", "Support queue"),
        page(
            "/support?status=solved (support agent)",
            "/support?status=solved&mine=yes",
            "Support queue",
        ),
        page("/support/new (support agent)", "/support/new", "New ticket"),
        page(
            "/support/new?organization_id={id} (support agent)",
            format!("/support/new?organization_id={organization_id}"),
            "New ticket",
        ),
        page(
            "/support/tickets/{id} (support agent)",
            support.ticket.clone(),
            support.subject,
        ),
        refused_upload(
            "/support/tickets/{id} (note refused)",
            support.ticket.clone(),
            &format!("{}/replies", support.ticket),
            support.subject,
        ),
        page("/support/policies", "/support/policies", "SLA policies"),
        page("/support/groups", "/support/groups", "Support groups"),
        page("/support/reports", "/support/reports", "Support reports"),
    ];

    let mut findings = Vec::new();
    let mut checked = 0;
    for visitor_page in &visitor_pages {
        check(&client, &base, &axe, visitor_page, &mut findings).await;
        checked += 1;
    }
    for (email, pages) in [
        ("ada@lakeside.test", &partner_pages[..]),
        (staff.email.as_str(), &staff_pages[..]),
        (analyst_user.email.as_str(), &analyst_pages[..]),
        (training.developer_email.as_str(), &developer_pages[..]),
        (training.trainer_email.as_str(), &trainer_pages[..]),
        (support.agent_email.as_str(), &support_pages[..]),
    ] {
        sign_in(&client, &base, email).await;
        wait_for_path(&client, "/").await;
        for signed_in_page in pages {
            check(&client, &base, &axe, signed_in_page, &mut findings).await;
            checked += 1;
        }
        client.goto(&format!("{base}/")).await.unwrap();
        sign_out(&client).await;
    }
    client.close().await.unwrap();
    let _ = stop.send(());
    server.await.unwrap().unwrap();

    let known: BTreeSet<(String, String)> = KNOWN_MARKUP_VIOLATIONS
        .iter()
        .map(|(page, rule)| ((*page).to_owned(), (*rule).to_owned()))
        .collect();
    let happened: BTreeSet<(String, String)> = findings
        .iter()
        .map(|(page, rule, _)| (page.clone(), rule.clone()))
        .collect();
    let mut failures: Vec<String> = findings
        .iter()
        .filter(|(page, rule, _)| !known.contains(&(page.clone(), rule.clone())))
        .map(|(page, rule, detail)| format!("{page}: {rule} {detail}"))
        .collect();
    for (page, rule, detail) in &findings {
        if known.contains(&(page.clone(), rule.clone())) {
            eprintln!("known markup violation (KNOWN_MARKUP_VIOLATIONS): {page}: {rule} {detail}");
        }
    }
    failures.extend(known.difference(&happened).map(|(page, rule)| {
        format!("{page}: {rule} no longer happens: remove it from KNOWN_MARKUP_VIOLATIONS")
    }));
    eprintln!(
        "the accessibility run checked {checked} pages in {} s",
        started.elapsed().as_secs()
    );
    assert!(
        failures.is_empty(),
        "accessibility violations:\n{}",
        failures.join("\n")
    );
}

/// The colour variables the stylesheet marks "3:1" (non-text: focus ring, control borders) or
/// "4.5:1" (text) keep that contrast against both page backgrounds, `--paper` and `--wash`.
#[test]
fn the_stylesheet_colours_keep_their_contrast() {
    let css = include_str!("../../assets/onramp.css");
    let colour = |name: &str| -> [f64; 3] {
        let line = css
            .lines()
            .find(|line| line.trim_start().starts_with(&format!("{name}:")))
            .unwrap_or_else(|| panic!("{name} is not declared"));
        let hex = line.split('#').nth(1).unwrap();
        let channel =
            |at: usize| f64::from(u8::from_str_radix(&hex[at..at + 2], 16).unwrap()) / 255.0;
        [channel(0), channel(2), channel(4)]
    };
    let luminance = |[r, g, b]: [f64; 3]| {
        let linear = |c: f64| {
            if c <= 0.039_28 {
                c / 12.92
            } else {
                ((c + 0.055) / 1.055).powf(2.4)
            }
        };
        0.2126 * linear(r) + 0.7152 * linear(g) + 0.0722 * linear(b)
    };
    let contrast = |a: [f64; 3], b: [f64; 3]| {
        let (la, lb) = (luminance(a), luminance(b));
        (la.max(lb) + 0.05) / (la.min(lb) + 0.05)
    };
    let mut checked = 0;
    for line in css
        .lines()
        .map(str::trim_start)
        .filter(|line| line.starts_with("--"))
    {
        let minimum = if line.contains("/* 3:1") {
            3.0
        } else if line.contains("/* 4.5:1") {
            4.5
        } else {
            continue;
        };
        let name = &line[..line.find(':').unwrap()];
        for ground in ["--paper", "--wash"] {
            let ratio = contrast(colour(name), colour(ground));
            assert!(
                ratio >= minimum,
                "{name} against {ground}: {ratio:.2}:1, below {minimum}:1"
            );
        }
        checked += 1;
    }
    assert!(checked >= 6, "only {checked} colours are marked");
}
