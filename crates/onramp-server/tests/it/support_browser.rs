//! In headless Chromium, the support desk's main flow on a `ManualClock`: a partner developer
//! opens a critical production ticket about their enrollment's blocked gate (with a screenshot),
//! and the SLA panel starts the first-reply and resolution clocks; a support agent finds it in
//! the queue, adds an internal note the partner never sees, replies and waits on the partner —
//! the clock pauses, and the time paused is not counted —; the partner answers and the ticket is
//! open again with its clock running; the agent solves it; the survey link mailed to the partner
//! is answered signed out, once. Skipped with a notice where chromedriver is missing (CI has it).

use std::sync::Arc;
use std::time::Duration;

use fantoccini::{Client, Locator};
use jiff::tz::TimeZone;
use onramp_core::support::Severity;
use onramp_core::Role;
use onramp_server::platform::clock::{Clock, ManualClock};
use onramp_server::web::layout::time_in;

use crate::browser_support::{
    browser, choose, fill, start_driver, wait_for, wait_for_path, wait_for_text,
};
use crate::registry_support::{applied_and_confirmed, post, published_agreement, staff, PNG};
use crate::support::{TestApp, TestBackend};
use crate::tracks_flow::probe_track;

const MINUTE: i64 = 60_000;
/// In the agent's internal note only: it must never reach the partner.
const MARKER: &str = "staff-only-note-7c2e9a";

async fn sign_in(client: &Client, base: &str, email: &str) {
    crate::browser_support::sign_in(client, base, email).await;
    wait_for_text(client, "main h1", "Welcome").await;
}

async fn click(client: &Client, selector: &str) {
    wait_for(client, selector).await.click().await.unwrap();
}

/// An instant as the pages show it to a reader in UTC.
fn shown(ms: i64) -> String {
    time_in(ms, &TimeZone::UTC)
}

/// Waits until the text of the element at `xpath` satisfies `wanted`; that text.
async fn wait_for_xpath(
    client: &Client,
    xpath: &str,
    what: &str,
    wanted: impl Fn(&str) -> bool,
) -> String {
    let mut last = None;
    for _ in 0..200 {
        if let Ok(element) = client.find(Locator::XPath(xpath)).await {
            let text = element.text().await.unwrap_or_default();
            if wanted(&text) {
                return text;
            }
            last = Some(text);
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    panic!(
        "{xpath} never {what} (last: {last:?}): {}",
        client.source().await.unwrap()
    );
}

/// Waits until the ticket's detail `term` (Status, Severity, …) reads exactly `value`.
async fn wait_for_detail(client: &Client, term: &str, value: &str) {
    wait_for_xpath(
        client,
        &format!("//main//dl/dt[normalize-space()='{term}']/following-sibling::dd[1]"),
        &format!("read {value:?}"),
        |text| text.trim() == value,
    )
    .await;
}

/// Waits until the SLA panel's `label` target is in `state`; its due time and what is left.
async fn wait_for_target(client: &Client, label: &str, state: &str) -> (String, String) {
    let row = format!("//table[@id='targets']/tbody/tr[th[normalize-space()='{label}']]");
    wait_for_xpath(
        client,
        &format!("{row}/td[1]"),
        &format!("said {label} is {state}"),
        |text| text.trim() == state,
    )
    .await;
    let cell = |index: usize| {
        let xpath = format!("{row}/td[{index}]");
        async move {
            client
                .find(Locator::XPath(&xpath))
                .await
                .unwrap()
                .text()
                .await
                .unwrap()
        }
    };
    (cell(2).await, cell(3).await)
}

/// The `#conversation` entries on the page.
async fn conversation(client: &Client) -> Vec<String> {
    let mut texts = Vec::new();
    for article in client
        .find_all(Locator::Css("#conversation article"))
        .await
        .unwrap()
    {
        texts.push(article.text().await.unwrap());
    }
    texts
}

/// Fills the ticket's reply form and sends it.
async fn send_reply(client: &Client, ticket_path: &str, body: &str) {
    fill(client, "#reply-body", body).await;
    click(
        client,
        &format!("form[action^='{ticket_path}/replies?'] button[type=submit]"),
    )
    .await;
}

/// A mail of the development mail folder: its `To` header and its decoded body.
fn mail(raw: &str) -> (String, String) {
    let mail = crate::support_sla::parse_mail(raw);
    (mail.to, mail.body)
}

/// The path of the satisfaction survey link mailed to `email` (the mail jobs run meanwhile).
async fn survey_path(app: &TestApp, email: &str) -> String {
    for _ in 0..100 {
        for raw in app.mails().await.iter().rev() {
            let (to, body) = mail(raw);
            if !to.contains(email) {
                continue;
            }
            if let Some(at) = body.find("/support/satisfaction/") {
                let rest = &body[at..];
                let end = rest.find(char::is_whitespace).unwrap_or(rest.len());
                return rest[..end].to_owned();
            }
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!("no satisfaction survey was mailed to {email}");
}

#[tokio::test]
async fn in_a_browser_a_partner_opens_a_critical_ticket_about_a_blocked_gate_the_agent_pauses_its_clock_and_solves_it_and_the_partner_rates_it(
) {
    let Some(driver) = start_driver().await else {
        return;
    };
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    let clock = Arc::new(ManualClock::starting_now());
    let app = TestApp::with_clock(&TestBackend::Sqlite, clock.clone(), |config| {
        config.public_base_url = base.clone();
    })
    .await;

    // Set up through the API: the partner, an agreement it has not signed, the gate-probe track
    // and an enrollment in it, whose gate "signed" is blocked; a developer of the partner and a
    // support agent.
    let (organization_id, _partner_admin) =
        applied_and_confirmed(&app, "Harbor Clinic", "harbor.test", "ada@harbor.test").await;
    let mut admin = staff(&app, Role::ProgramAdmin).await;
    published_agreement(&mut admin, "participation", None).await;
    let uploaded = post(
        &mut admin,
        "/api/v1/tracks",
        serde_json::json!({ "source": probe_track(1) }),
    )
    .await;
    assert_eq!(uploaded.status.as_u16(), 201, "{}", uploaded.body);
    let mut coordinator = staff(&app, Role::OnboardingCoordinator).await;
    let enrolled = post(
        &mut coordinator,
        "/api/v1/enrollments",
        serde_json::json!({"organization_id": organization_id, "track": "gate-probe"}),
    )
    .await;
    assert_eq!(enrolled.status.as_u16(), 201, "{}", enrolled.body);
    let enrollment_id = enrolled.json()["id"].as_str().unwrap().to_owned();
    let detail = coordinator
        .get(&format!("/api/v1/enrollments/{enrollment_id}"))
        .await
        .json();
    let gate = detail["gates"]
        .as_array()
        .unwrap()
        .iter()
        .find(|gate| gate["key"] == "signed")
        .unwrap()
        .clone();
    assert_eq!(gate["status"], "blocked", "{detail}");
    let developer = app
        .user(
            "dev@harbor.test",
            Role::PartnerDeveloper,
            Some("Harbor Clinic"),
        )
        .await;
    assert_eq!(
        developer.organization_id.as_deref(),
        Some(organization_id.as_str())
    );
    let agent = app.user("sam@onramp.test", Role::SupportAgent, None).await;
    let gate_choice = format!("gate:{enrollment_id}:signed");
    let gate_path = format!("/enrollments/{enrollment_id}#gate-signed");
    let files = tempfile::tempdir().unwrap();
    let screenshot = files.path().join("gate-error.png");
    std::fs::write(&screenshot, PNG).unwrap();

    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let server = tokio::spawn(onramp_server::serve(app.state.clone(), listener, async {
        let _ = stopped.await;
    }));
    let partner_profile = tempfile::tempdir().unwrap();
    let partner = browser(&driver, partner_profile.path()).await;
    let agent_profile = tempfile::tempdir().unwrap();
    let desk = browser(&driver, agent_profile.path()).await;

    // The partner opens a critical production ticket about the blocked gate.
    sign_in(&partner, &base, &developer.email).await;
    partner.goto(&format!("{base}/support/new")).await.unwrap();
    wait_for_text(&partner, "main h1", "New ticket").await;
    let critical = wait_for(&partner, "label[for='severity-critical']")
        .await
        .text()
        .await
        .unwrap();
    assert!(
        critical.contains("Critical") && critical.contains(Severity::Critical.definition()),
        "{critical}"
    );
    assert!(
        critical.contains("Production is down or patient safety is at risk"),
        "{critical}"
    );
    fill(&partner, "#subject", "Participation gate stays blocked").await;
    fill(
        &partner,
        "#description",
        "Our production feed stopped at 02:00 UTC and the **signed** gate still says blocked.",
    )
    .await;
    click(&partner, "#severity-critical").await;
    assert!(partner
        .find(Locator::Id("severity-critical"))
        .await
        .unwrap()
        .is_selected()
        .await
        .unwrap());
    choose(&partner, "#category", "production").await;
    let gate_box = partner
        .find(Locator::Css(&format!(
            "#ticket-form input[type=checkbox][name=links][value='{gate_choice}']"
        )))
        .await
        .unwrap_or_else(|error| panic!("the gate {gate_choice} is not offered as a link: {error}"));
    let gate_box_id = gate_box.attr("id").await.unwrap().unwrap();
    let gate_label = partner
        .find(Locator::Css(&format!("label[for='{gate_box_id}']")))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        gate_label.contains("Gate") && gate_label.contains("signed"),
        "{gate_label}"
    );
    gate_box.click().await.unwrap();
    partner
        .find(Locator::Id("attachments"))
        .await
        .unwrap()
        .send_keys(&screenshot.display().to_string())
        .await
        .unwrap();
    let opened_at = clock.now_ms();
    click(&partner, "#ticket-form button[type=submit]").await;
    wait_for_text(&partner, "[role=status]", "The ticket is open").await;
    let ticket_path = partner.current_url().await.unwrap().path().to_owned();
    assert!(
        ticket_path.starts_with("/support/tickets/"),
        "{ticket_path}"
    );
    let heading = wait_for(&partner, "main h1").await.text().await.unwrap();
    assert!(
        heading.ends_with(" Participation gate stays blocked"),
        "{heading}"
    );
    let number = heading
        .split_whitespace()
        .next()
        .unwrap()
        .trim_start_matches('#')
        .to_owned();
    assert!(number.parse::<u64>().is_ok(), "{heading}");
    wait_for_detail(&partner, "Status", "New").await;
    wait_for_detail(&partner, "Severity", "Critical").await;
    wait_for_detail(&partner, "Category", "Production").await;
    let description = wait_for(&partner, "section[aria-labelledby='description-heading']")
        .await
        .text()
        .await
        .unwrap();
    assert!(
        description.contains("the signed gate still says blocked")
            && description.contains("gate-error.png"),
        "{description}"
    );
    // The SLA panel: critical tickets are answered around the clock, first within 10 minutes.
    let (due, left) = wait_for_target(&partner, "First reply", "Active").await;
    assert!(due.contains(&shown(opened_at + 10 * MINUTE)), "{due}");
    assert_eq!(left, "10 min of working time left");
    let (due, _) = wait_for_target(&partner, "Resolution", "Active").await;
    assert!(due.contains(&shown(opened_at + 240 * MINUTE)), "{due}");

    // Four minutes later, the agent finds it at the top of the queue and opens it.
    clock.advance(4 * MINUTE);
    sign_in(&desk, &base, &agent.email).await;
    desk.goto(&format!("{base}/support")).await.unwrap();
    wait_for_text(&desk, "main h1", "Support queue").await;
    let listed = format!("//table[@id='tickets']/tbody/tr[td/a[@href='{ticket_path}']]");
    let row = wait_for_xpath(&desk, &listed, "listed the ticket", |text| {
        text.contains(&format!("#{number} Participation gate stays blocked"))
    })
    .await;
    assert!(
        row.contains("Harbor Clinic")
            && row.contains("Critical")
            && row.contains("New")
            && row.contains(&shown(opened_at + 10 * MINUTE))
            && row.contains("in 6 min"),
        "{row}"
    );
    click(&desk, &format!("#tickets a[href='{ticket_path}']")).await;
    wait_for_path(&desk, &ticket_path).await;
    wait_for_text(&desk, "main h1", &format!("#{number} ")).await;
    wait_for_xpath(
        &desk,
        "//main//dl/dt[normalize-space()='Requester']/following-sibling::dd[1]",
        "named the partner developer",
        |text| text.contains(&developer.name),
    )
    .await;
    let about = desk
        .find(Locator::Css(&format!("main a[href='{gate_path}']")))
        .await
        .unwrap_or_else(|error| panic!("no link to the gate: {error}"));
    assert_eq!(about.text().await.unwrap(), "Gate signed (Gate probe)");
    let (_, left) = wait_for_target(&desk, "First reply", "Active").await;
    assert_eq!(left, "6 min of working time left");

    // An internal note: the agent sees it marked as such; no clock moves.
    fill(
        &desk,
        "#reply-body",
        &format!("{MARKER}: their TLS bundle expired last night; do not tell them yet."),
    )
    .await;
    click(&desk, "#reply-internal").await;
    click(
        &desk,
        &format!("form[action^='{ticket_path}/replies?'] button[type=submit]"),
    )
    .await;
    wait_for_text(&desk, "[role=status]", "The internal note is added").await;
    let notes = conversation(&desk).await;
    assert_eq!(notes.len(), 1, "{notes:?}");
    assert!(
        notes[0].contains(MARKER) && notes[0].contains("Internal note — not shown to the partner"),
        "{notes:?}"
    );
    wait_for_target(&desk, "First reply", "Active").await;
    wait_for_detail(&desk, "Status", "New").await;

    // A public reply that waits on the partner: the first reply is met, the clock pauses.
    fill(
        &desk,
        "#reply-body",
        "Thanks — could you send the time of the last failed message?",
    )
    .await;
    choose(&desk, "#reply-status", "waiting_on_partner").await;
    click(
        &desk,
        &format!("form[action^='{ticket_path}/replies?'] button[type=submit]"),
    )
    .await;
    wait_for_text(&desk, "[role=status]", "Your reply is added").await;
    wait_for_detail(&desk, "Status", "Waiting on partner").await;
    wait_for_text(
        &desk,
        "section[aria-labelledby='sla-heading']",
        "The clock is stopped while the ticket waits on the partner.",
    )
    .await;
    let (_, met) = wait_for_target(&desk, "First reply", "Achieved").await;
    assert!(
        met.contains(&format!("Met {}", shown(opened_at + 4 * MINUTE))),
        "{met}"
    );
    let (_, left) = wait_for_target(&desk, "Resolution", "Paused").await;
    assert_eq!(
        left,
        "3 h 56 min of working time left when the clock restarts"
    );
    assert_eq!(conversation(&desk).await.len(), 2);

    // Twenty minutes pass while the ticket waits (less than the sessions' idle limit); the
    // partner sees the reply and the pause, and nothing of the internal note.
    clock.advance(20 * MINUTE);
    partner.goto(&format!("{base}{ticket_path}")).await.unwrap();
    wait_for_detail(&partner, "Status", "Waiting on partner").await;
    wait_for_text(
        &partner,
        "section[aria-labelledby='sla-heading']",
        "The clock is stopped until you answer.",
    )
    .await;
    wait_for_target(&partner, "Resolution", "Paused").await;
    let seen = conversation(&partner).await;
    assert_eq!(seen.len(), 1, "{seen:?}");
    assert!(
        seen[0].contains("could you send the time of the last failed message"),
        "{seen:?}"
    );
    let source = partner.source().await.unwrap();
    assert!(
        !source.contains(MARKER),
        "the partner's page holds the internal note: {source}"
    );
    assert!(
        partner.find(Locator::Css("#reply-internal")).await.is_err(),
        "a partner cannot write internal notes"
    );

    // The partner answers: the ticket is open again and its clock runs, the pause not counted.
    send_reply(
        &partner,
        &ticket_path,
        "The last failure was at 02:14 UTC, message id 8842.",
    )
    .await;
    wait_for_text(&partner, "[role=status]", "Your reply is added").await;
    wait_for_detail(&partner, "Status", "Open").await;
    let (due, left) = wait_for_target(&partner, "Resolution", "Active").await;
    assert_eq!(left, "3 h 56 min of working time left");
    assert!(
        due.contains(&shown(opened_at + (240 + 20) * MINUTE)),
        "{due}"
    );
    assert!(
        !partner
            .find(Locator::Css("section[aria-labelledby='sla-heading']"))
            .await
            .unwrap()
            .text()
            .await
            .unwrap()
            .contains("The clock is stopped"),
        "the clock runs again"
    );
    let source = partner.source().await.unwrap();
    assert!(!source.contains(MARKER), "{source}");

    // The agent solves the ticket.
    desk.goto(&format!("{base}{ticket_path}")).await.unwrap();
    wait_for_detail(&desk, "Status", "Open").await;
    let replies = conversation(&desk).await;
    assert_eq!(replies.len(), 3, "{replies:?}");
    assert!(replies[2].contains("message id 8842"), "{replies:?}");
    wait_for_target(&desk, "Resolution", "Active").await;
    choose(&desk, "#status-status", "solved").await;
    click(
        &desk,
        &format!("form[action='{ticket_path}/status'] button[type=submit]"),
    )
    .await;
    wait_for_text(&desk, "[role=status]", "The ticket's status is changed.").await;
    wait_for_detail(&desk, "Status", "Solved").await;
    wait_for_target(&desk, "Resolution", "Achieved").await;

    // The partner rates it from the mailed link, signed out: once.
    let survey = survey_path(&app, &developer.email).await;
    assert!(survey.starts_with("/support/satisfaction/"), "{survey}");
    let visitor_profile = tempfile::tempdir().unwrap();
    let visitor = browser(&driver, visitor_profile.path()).await;
    visitor.goto(&format!("{base}{survey}")).await.unwrap();
    wait_for_text(
        &visitor,
        "main h1",
        &format!("How satisfied are you with how ticket #{number} was handled?"),
    )
    .await;
    assert!(
        visitor
            .find(Locator::Css("form[action='/logout']"))
            .await
            .is_err(),
        "the survey is answered signed out"
    );
    let five = wait_for(&visitor, "label[for='rating-5']")
        .await
        .text()
        .await
        .unwrap();
    assert_eq!(five, "5 — Very satisfied");
    click(&visitor, "#rating-5").await;
    fill(&visitor, "#comment", "Quick and clear.").await;
    click(
        &visitor,
        &format!("form[action='{survey}'] button[type=submit]"),
    )
    .await;
    wait_for_text(&visitor, "main h1", "Thank you").await;
    wait_for_path(&visitor, &survey).await;
    let thanks = wait_for(&visitor, "main").await.text().await.unwrap();
    assert!(
        thanks.contains(&format!("#{number}"))
            && thanks.contains("Participation gate stays blocked"),
        "{thanks}"
    );
    // Opened again, the link says it was answered and takes no second answer.
    visitor.goto(&format!("{base}{survey}")).await.unwrap();
    wait_for_text(&visitor, "main", "already answered").await;
    wait_for_text(&visitor, "main h1", "Thank you").await;
    assert!(
        visitor
            .find(Locator::Css(&format!("form[action='{survey}']")))
            .await
            .is_err(),
        "an answered survey takes no second answer"
    );

    // The agent sees the rating; no mail carries the internal note.
    desk.goto(&format!("{base}{ticket_path}")).await.unwrap();
    wait_for_detail(&desk, "Satisfaction", "5 of 5: “Quick and clear.”").await;
    for raw in app.mails().await {
        let (to, body) = mail(&raw);
        assert!(
            !body.contains(MARKER),
            "the note was mailed to {to}: {body}"
        );
    }

    for client in [partner, desk, visitor] {
        client.close().await.unwrap();
    }
    let _ = stop.send(());
    server.await.unwrap().unwrap();
}
