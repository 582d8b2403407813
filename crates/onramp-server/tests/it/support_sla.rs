//! The support desk's SLA clock, driven by a `ManualClock` and the services themselves (no pages,
//! no API): warnings, breaches, on-call pages and escalations from the sweep; two sweeps racing;
//! the clock paused while the ticket waits on the partner; internal notes kept from partners;
//! organizations kept apart; the satisfaction survey and the reopen window; proactive tickets.

use std::sync::Arc;

use base64::Engine as _;
use onramp_core::support::sla::CalendarSpec;
use onramp_core::support::TargetState;
use onramp_core::Role;
use onramp_server::platform::clock::{Clock, ManualClock};
use onramp_server::registry::services::documents::Upload;
use onramp_server::state::AppState;
use onramp_server::support::services::groups::{GroupInput, CATEGORIES};
use onramp_server::support::services::policies::PolicyInput;
use onramp_server::support::services::sweep::{sweep, Swept};
use onramp_server::support::services::tickets::{ReplyInput, TicketInput, TicketView};
use onramp_server::support::services::{groups, policies, signals, tickets};
use onramp_server::web::actor::{Actor, Credential, SignedIn};
use onramp_server::web::error::AppError;
use onramp_store::accounts::users::User;
use onramp_store::support::tickets::{Ticket, TicketFilter};

use crate::support::{backends, TestApp, TestBackend};

const MINUTE: i64 = 60_000;
const HOUR: i64 = 60 * MINUTE;
const DAY: i64 = 24 * HOUR;
/// The smallest PNG header the upload check accepts.
const PNG: &[u8] = b"\x89PNG\r\n\x1a\nnot really an image";

/// The user acting as if through an API token, as the services receive them.
fn actor(user: &User) -> Actor {
    Actor {
        signed_in: Some(SignedIn {
            user: user.clone(),
            credential: Credential::ApiToken {
                token_id: "test".to_owned(),
            },
        }),
        client_addr: None,
        user_agent: None,
        csrf_binding: String::new(),
        csrf_token: String::new(),
    }
}

/// One mail as written to the development mail folder, decoded.
#[derive(Debug)]
pub(crate) struct Mail {
    pub(crate) to: String,
    pub(crate) subject: String,
    pub(crate) body: String,
}

fn quoted_printable(text: &str) -> String {
    let joined = text.replace("=\n", "");
    let bytes = joined.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut index = 0;
    while index < bytes.len() {
        let hex = bytes
            .get(index + 1..index + 3)
            .and_then(|pair| std::str::from_utf8(pair).ok())
            .and_then(|pair| u8::from_str_radix(pair, 16).ok());
        match (bytes[index], hex) {
            (b'=', Some(byte)) => {
                out.push(byte);
                index += 3;
            }
            (byte, _) => {
                out.push(byte);
                index += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

fn base64_text(text: &str) -> String {
    let compact: String = text.chars().filter(|c| !c.is_whitespace()).collect();
    let bytes = base64::engine::general_purpose::STANDARD
        .decode(compact)
        .unwrap();
    String::from_utf8_lossy(&bytes).into_owned()
}

/// A header's encoded words (`=?utf-8?b?…?=`, `=?utf-8?q?…?=`) decoded.
fn header_text(value: &str) -> String {
    value
        .split_whitespace()
        .map(|word| {
            let lower = word.to_ascii_lowercase();
            match (lower.strip_prefix("=?utf-8?"), word.strip_suffix("?=")) {
                (Some(rest), Some(_)) if rest.starts_with("b?") => {
                    base64_text(&word[10..word.len() - 2])
                }
                (Some(rest), Some(_)) if rest.starts_with("q?") => {
                    quoted_printable(&word[10..word.len() - 2].replace('_', " "))
                }
                _ => word.to_owned(),
            }
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// A mail of the development mail folder, its headers and body decoded (also used by the
/// browser test).
pub(crate) fn parse_mail(raw: &str) -> Mail {
    let raw = raw.replace("\r\n", "\n");
    let (head, body) = raw.split_once("\n\n").unwrap_or((raw.as_str(), ""));
    let head = head.replace("\n ", " ").replace("\n\t", " ");
    let header = |name: &str| {
        head.lines()
            .find_map(|line| {
                let (key, value) = line.split_once(':')?;
                key.eq_ignore_ascii_case(name)
                    .then(|| value.trim().to_owned())
            })
            .unwrap_or_default()
    };
    let body = match header("Content-Transfer-Encoding")
        .to_ascii_lowercase()
        .as_str()
    {
        "quoted-printable" => quoted_printable(body),
        "base64" => base64_text(body),
        _ => body.to_owned(),
    };
    Mail {
        to: header("To"),
        subject: header_text(&header("Subject")),
        body,
    }
}

/// Every mail sent so far (once the mail jobs ran), decoded.
async fn mails(app: &TestApp) -> Vec<Mail> {
    app.mails()
        .await
        .iter()
        .map(|raw| parse_mail(raw))
        .collect()
}

/// How many mails went to `to` with `subject_part` in their subject.
fn count(mails: &[Mail], to: &str, subject_part: &str) -> usize {
    mails
        .iter()
        .filter(|mail| mail.to.contains(to) && mail.subject.contains(subject_part))
        .count()
}

/// The outbox events of one type: their organization, data and time, oldest first.
async fn events(
    state: &AppState,
    event_type: &str,
) -> Vec<(Option<String>, serde_json::Value, i64)> {
    let rows: Vec<(Option<String>, String, i64)> = sqlx::query_as(
        "SELECT organization_id, payload, occurred_at FROM outbox_events WHERE event_type = $1 \
         ORDER BY occurred_at, id",
    )
    .bind(event_type)
    .fetch_all(state.store.pool())
    .await
    .unwrap();
    rows.into_iter()
        .map(|(organization, payload, at)| {
            (organization, serde_json::from_str(&payload).unwrap(), at)
        })
        .collect()
}

async fn sql(state: &AppState, text: &str) {
    sqlx::query(text).execute(state.store.pool()).await.unwrap();
}

/// The target of `metric` that is still running, else the last one, as the reader sees it.
fn target<'a>(
    view: &'a TicketView,
    metric: &str,
) -> &'a onramp_server::support::services::targets::TargetView {
    let of_metric: Vec<_> = view.targets.iter().filter(|t| t.metric == metric).collect();
    of_metric
        .iter()
        .find(|t| t.achieved_at.is_none())
        .or(of_metric.last())
        .copied()
        .unwrap_or_else(|| panic!("no {metric} target in {:?}", view.targets))
}

/// A support desk on a manual clock: a program admin, a group "support" led by Lea with Ana and
/// Ben taking 12-hour on-call turns (Ana first, from now), and a partner of Acme Clinic.
struct Desk {
    app: TestApp,
    clock: Arc<ManualClock>,
    admin: User,
    lead: User,
    ana: User,
    ben: User,
    partner: User,
}

impl Desk {
    async fn new(backend: &TestBackend) -> Desk {
        let clock = Arc::new(ManualClock::starting_now());
        let app = TestApp::with_clock(backend, clock.clone(), |_| {}).await;
        let admin = app
            .user("admin@onramp.test", Role::ProgramAdmin, None)
            .await;
        let lead = app.user("lea@onramp.test", Role::SupportAgent, None).await;
        let ana = app.user("ana@onramp.test", Role::SupportAgent, None).await;
        let ben = app.user("ben@onramp.test", Role::SupportAgent, None).await;
        let partner = app
            .user("pat@acme.test", Role::PartnerDeveloper, Some("Acme Clinic"))
            .await;
        groups::save(
            &app.state,
            &actor(&admin),
            &GroupInput {
                key: "support".to_owned(),
                name: "Partner support".to_owned(),
                categories: CATEGORIES
                    .iter()
                    .map(|(key, _)| (*key).to_owned())
                    .collect(),
                lead_id: lead.id.clone(),
                members: vec![ana.id.clone(), ben.id.clone()],
                rotation_hours: "12".to_owned(),
            },
        )
        .await
        .unwrap();
        Desk {
            app,
            clock,
            admin,
            lead,
            ana,
            ben,
            partner,
        }
    }

    fn state(&self) -> &AppState {
        &self.app.state
    }

    fn now(&self) -> i64 {
        self.clock.now_ms()
    }

    fn organization_id(&self) -> &str {
        self.partner.organization_id.as_deref().unwrap()
    }

    /// A 24/7 UTC policy for `severity` (the default scope): minutes of first reply, next reply
    /// and resolution (empty: none), warning, escalation and partner's wait.
    async fn policy(
        &self,
        severity: &str,
        targets: [&str; 3],
        warn: &str,
        escalate: &str,
        wait: &str,
    ) {
        let admin = actor(&self.admin);
        let calendar = policies::save_calendar(
            self.state(),
            &admin,
            "Test around the clock",
            &CalendarSpec {
                time_zone: "UTC".to_owned(),
                kind: Some("24x7".to_owned()),
                ..CalendarSpec::default()
            },
        )
        .await
        .unwrap();
        let [first, next, resolution] = targets;
        policies::save_policy(
            self.state(),
            &admin,
            &PolicyInput {
                tier: "default".to_owned(),
                severity: severity.to_owned(),
                calendar_id: calendar,
                first_reply_minutes: first.to_owned(),
                next_reply_minutes: next.to_owned(),
                resolution_minutes: resolution.to_owned(),
                warn_before_minutes: warn.to_owned(),
                escalate_every_minutes: escalate.to_owned(),
                partner_wait_minutes: wait.to_owned(),
                ..PolicyInput::default()
            },
        )
        .await
        .unwrap();
    }

    async fn open(&self, by: &User, severity: &str, subject: &str) -> Ticket {
        tickets::open(
            self.state(),
            &actor(by),
            &TicketInput {
                subject: subject.to_owned(),
                description: format!("{subject}: details of what happens."),
                severity: severity.to_owned(),
                category: "production".to_owned(),
                ..TicketInput::default()
            },
        )
        .await
        .unwrap()
    }

    async fn reply(&self, by: &User, id: &str, body: &str) -> Result<Ticket, AppError> {
        let input = ReplyInput {
            body: body.to_owned(),
            ..ReplyInput::default()
        };
        tickets::reply(self.state(), &actor(by), id, &input).await
    }

    async fn view(&self, by: &User, id: &str) -> TicketView {
        tickets::view(self.state(), &actor(by), id).await.unwrap()
    }

    async fn sweep(&self) -> Swept {
        sweep(self.state()).await.unwrap()
    }
}

fn sum(runs: &[Swept]) -> Swept {
    runs.iter().fold(Swept::default(), |total, run| Swept {
        warned: total.warned + run.warned,
        breached: total.breached + run.breached,
        escalated: total.escalated + run.escalated,
        paged: total.paged + run.paged,
        closed: total.closed + run.closed,
        skipped: total.skipped + run.skipped,
    })
}

#[tokio::test]
async fn a_critical_ticket_is_warned_then_breached_with_a_page_then_escalated_step_by_step() {
    for backend in backends() {
        let desk = Desk::new(&backend).await;
        desk.policy("critical", ["5", "", "600"], "2", "10", "240")
            .await;
        // Thirteen hours on, the rotation has moved to its second member: Ben is on call.
        desk.clock.advance(13 * HOUR);
        let ticket = desk
            .open(&desk.partner, "critical", "Production endpoint down")
            .await;
        let opened = desk.now();
        tickets::assign(
            desk.state(),
            &actor(&desk.lead),
            &ticket.id,
            "support",
            &desk.ana.id,
            "",
        )
        .await
        .unwrap();
        let due = opened + 5 * MINUTE;
        let first_reply = desk.view(&desk.lead, &ticket.id).await;
        assert_eq!(target(&first_reply, "first_reply").due_at, Some(due));
        assert_eq!(
            target(&first_reply, "first_reply").state,
            TargetState::Active
        );

        // Two minutes before the due time, the assignee is warned; nothing else happens.
        desk.clock.advance(3 * MINUTE);
        let swept = desk.sweep().await;
        assert_eq!(
            (swept.warned, swept.breached, swept.paged),
            (1, 0, 0),
            "{swept:?}"
        );
        let sent = mails(&desk.app).await;
        assert_eq!(
            count(&sent, "ana@onramp.test", "First reply due in 2 min"),
            1,
            "{sent:#?}"
        );
        assert_eq!(count(&sent, "", "SLA breached"), 0);

        // Past the due time: the breach (step 1, the assignee), its event, and the on-call page,
        // all in this one sweep — 30 s after the due time, as the job every 30 s would run it.
        desk.clock.advance(2 * MINUTE + 30_000);
        let swept = desk.sweep().await;
        assert_eq!(
            (swept.breached, swept.paged, swept.escalated),
            (1, 1, 0),
            "{swept:?}"
        );
        let sent = mails(&desk.app).await;
        assert_eq!(
            count(&sent, "ana@onramp.test", "SLA breached: first reply"),
            1
        );
        assert_eq!(
            count(&sent, "", "SLA breached"),
            1,
            "only the assignee at step 1"
        );
        assert_eq!(count(&sent, &desk.ben.email, "PAGE ["), 1, "Ben is on call");
        assert_eq!(count(&sent, "", "PAGE ["), 1);
        let page = sent
            .iter()
            .find(|mail| mail.subject.starts_with("PAGE"))
            .unwrap();
        assert!(page.body.contains("You are on call"), "{}", page.body);
        assert!(page
            .body
            .contains(&format!("/support/tickets/{}", ticket.id)));

        let breached = events(desk.state(), "support.ticket_breached").await;
        assert_eq!(breached.len(), 1);
        assert_eq!(breached[0].0.as_deref(), Some(desk.organization_id()));
        assert_eq!(breached[0].1["ticket_id"], ticket.id.as_str());
        assert_eq!(breached[0].1["target"], "first_reply");
        let paged = events(desk.state(), "support.oncall_paged").await;
        assert_eq!(paged.len(), 1);
        assert_eq!(paged[0].0, None, "a program-wide event");
        assert_eq!(paged[0].1["on_call_email"], desk.ben.email.as_str());
        assert_eq!(paged[0].1["on_call_user_id"], desk.ben.id.as_str());
        assert!(
            paged[0].2 - due <= MINUTE,
            "paged within a minute of the breach"
        );
        assert!(
            onramp_core::platform::outbox::PROGRAM_EVENT_TYPES.contains(&"support.oncall_paged")
        );

        let view = desk.view(&desk.lead, &ticket.id).await;
        assert_eq!(target(&view, "first_reply").state, TargetState::Breached);
        assert_eq!(target(&view, "first_reply").escalation_level, 1);
        assert!(view.ticket.sla_breached);

        // Every ten minutes, the next step of the chain: the group's lead, then the program admins.
        desk.clock.advance(10 * MINUTE);
        assert_eq!(desk.sweep().await.escalated, 1);
        let sent = mails(&desk.app).await;
        assert_eq!(count(&sent, "lea@onramp.test", "Escalated (step 2)"), 1);
        assert_eq!(count(&sent, "", "Escalated (step 2)"), 1);
        desk.clock.advance(10 * MINUTE);
        assert_eq!(desk.sweep().await.escalated, 1);
        let sent = mails(&desk.app).await;
        assert_eq!(count(&sent, "admin@onramp.test", "Escalated (step 3)"), 1);
        assert_eq!(count(&sent, "", "Escalated (step 3)"), 1);

        // The chain is done: ten more minutes bring nothing.
        let before = sent.len();
        desk.clock.advance(10 * MINUTE);
        assert_eq!(desk.sweep().await, Swept::default());
        assert_eq!(mails(&desk.app).await.len(), before);
        assert_eq!(
            events(desk.state(), "support.ticket_breached").await.len(),
            1
        );
        assert_eq!(events(desk.state(), "support.oncall_paged").await.len(), 1);

        let view = desk.view(&desk.lead, &ticket.id).await;
        assert_eq!(target(&view, "first_reply").state, TargetState::Breached);
        assert_eq!(target(&view, "first_reply").escalation_level, 3);
        let actions = desk.app.audit_actions().await;
        for action in [
            "support.sla_warned",
            "support.sla_breached",
            "support.sla_escalated",
        ] {
            assert!(
                actions.iter().any(|a| a == action),
                "{action} in {actions:?}"
            );
        }
        assert_eq!(
            actions
                .iter()
                .filter(|a| *a == "support.sla_escalated")
                .count(),
            2
        );
    }
}

#[tokio::test]
async fn two_instances_sweeping_at_once_breach_page_and_escalate_only_once() {
    for backend in backends() {
        let desk = Desk::new(&backend).await;
        desk.policy("critical", ["5", "", ""], "0", "10", "240")
            .await;
        let ticket = desk
            .open(&desk.partner, "critical", "Everything is down")
            .await;
        tickets::assign(
            desk.state(),
            &actor(&desk.lead),
            &ticket.id,
            "support",
            &desk.ana.id,
            "",
        )
        .await
        .unwrap();
        // On PostgreSQL, a second instance over the same database and clock; SQLite serves one
        // instance (its write lock is in-process, ADR 0001), so there the sweeps race on one state.
        let second = match &backend {
            TestBackend::Postgres(_) => {
                let mut config = desk.state().config.clone();
                config.data_dir = desk.app.dir.path().join("second");
                let clock: Arc<dyn Clock> = desk.clock.clone();
                Some(
                    onramp_server::build_state_with_clock(config, clock)
                        .await
                        .unwrap(),
                )
            }
            TestBackend::Sqlite => None,
        };
        let second = second.as_ref().unwrap_or(desk.state());

        desk.clock.advance(6 * MINUTE);
        let (a, b, c, d) = tokio::join!(
            sweep(desk.state()),
            sweep(second),
            sweep(desk.state()),
            sweep(second)
        );
        let total = sum(&[a.unwrap(), b.unwrap(), c.unwrap(), d.unwrap()]);
        assert_eq!(
            (total.breached, total.paged, total.escalated),
            (1, 1, 0),
            "{total:?}"
        );
        let sent = mails(&desk.app).await;
        assert_eq!(count(&sent, "", "SLA breached"), 1, "{sent:#?}");
        assert_eq!(count(&sent, "ana@onramp.test", "SLA breached"), 1);
        assert_eq!(count(&sent, "", "PAGE ["), 1);
        assert_eq!(
            count(&sent, "ana@onramp.test", "PAGE ["),
            1,
            "Ana's turn on call"
        );
        assert_eq!(
            events(desk.state(), "support.ticket_breached").await.len(),
            1
        );
        assert_eq!(events(desk.state(), "support.oncall_paged").await.len(), 1);

        desk.clock.advance(10 * MINUTE);
        let (a, b, c) = tokio::join!(sweep(second), sweep(desk.state()), sweep(second));
        let total = sum(&[a.unwrap(), b.unwrap(), c.unwrap()]);
        assert_eq!((total.breached, total.escalated), (0, 1), "{total:?}");
        let sent = mails(&desk.app).await;
        assert_eq!(count(&sent, "", "Escalated (step 2)"), 1);
        let actions = desk.app.audit_actions().await;
        assert_eq!(
            actions
                .iter()
                .filter(|a| *a == "support.sla_breached")
                .count(),
            1
        );
        assert_eq!(
            actions
                .iter()
                .filter(|a| *a == "support.sla_escalated")
                .count(),
            1
        );
    }
}

#[tokio::test]
async fn the_clock_pauses_while_the_ticket_waits_on_the_partner_who_is_reminded_then_their_contact()
{
    for backend in backends() {
        let desk = Desk::new(&backend).await;
        desk.policy("high", ["30", "60", "120"], "5", "60", "60")
            .await;
        sql(
            desk.state(),
            &format!(
                "UPDATE organizations SET contact_name = 'Carla Contact', \
                 contact_email = 'carla@acme.test' WHERE id = '{}'",
                desk.organization_id()
            ),
        )
        .await;
        let ticket = desk.open(&desk.partner, "high", "Tokens are refused").await;
        let opened = desk.now();
        let resolution_due = opened + 120 * MINUTE;

        desk.clock.advance(10 * MINUTE);
        desk.reply(&desk.ana, &ticket.id, "Which client id do you use?")
            .await
            .unwrap();
        tickets::set_status(
            desk.state(),
            &actor(&desk.ana),
            &ticket.id,
            "waiting_on_partner",
        )
        .await
        .unwrap();
        let paused_at = desk.now();
        let view = desk.view(&desk.ana, &ticket.id).await;
        assert_eq!(target(&view, "first_reply").state, TargetState::Achieved);
        assert_eq!(target(&view, "resolution").state, TargetState::Paused);
        assert_eq!(view.ticket.sla_due_at, None, "no staff clock runs");

        // An hour of waiting: the partner is reminded (step 1); no SLA breach.
        desk.clock.advance(65 * MINUTE);
        let swept = desk.sweep().await;
        assert_eq!(
            (swept.breached, swept.paged, swept.escalated),
            (1, 0, 0),
            "{swept:?}"
        );
        let sent = mails(&desk.app).await;
        assert_eq!(
            count(&sent, "pat@acme.test", "We are waiting on your answer"),
            1
        );
        assert_eq!(count(&sent, "carla@acme.test", ""), 0);

        // Past the resolution's original due time, still waiting: the named contact hears of it
        // (step 2), and the resolution is still paused, not breached.
        desk.clock.advance(60 * MINUTE);
        assert!(desk.now() > resolution_due);
        let swept = desk.sweep().await;
        assert_eq!((swept.breached, swept.escalated), (0, 1), "{swept:?}");
        let sent = mails(&desk.app).await;
        let contact: Vec<&Mail> = sent
            .iter()
            .filter(|m| m.to.contains("carla@acme.test"))
            .collect();
        assert_eq!(contact.len(), 1, "{sent:#?}");
        assert!(contact[0]
            .subject
            .contains("is waiting on your organization"));
        assert!(contact[0].body.contains("named contact"));
        let view = desk.view(&desk.ana, &ticket.id).await;
        assert_eq!(target(&view, "resolution").state, TargetState::Paused);
        assert!(!view.ticket.sla_breached);
        assert!(events(desk.state(), "support.ticket_breached")
            .await
            .is_empty());
        // A partner does not see their own side's clock.
        let theirs = desk.view(&desk.partner, &ticket.id).await;
        assert!(theirs.targets.iter().all(|t| t.metric != "partner_wait"));
        desk.clock.advance(MINUTE);
        assert_eq!(
            desk.sweep().await,
            Swept::default(),
            "the chain of the wait is done"
        );

        // The partner answers: open again, the resolution due later by exactly the pause, and the
        // next-reply clock started.
        let reply = desk
            .reply(&desk.partner, &ticket.id, "We use client abc.")
            .await
            .unwrap();
        assert_eq!(reply.status, "open");
        let paused_for = desk.now() - paused_at;
        assert_eq!(paused_for, 126 * MINUTE);
        let view = desk.view(&desk.ana, &ticket.id).await;
        let resolution = target(&view, "resolution");
        assert_eq!(resolution.state, TargetState::Active);
        assert_eq!(resolution.due_at, Some(resolution_due + paused_for));
        assert!(
            resolution
                .explanation
                .contains("paused 2 h 6 min waiting on partner"),
            "{}",
            resolution.explanation
        );
        let next_reply = target(&view, "next_reply");
        assert_eq!(next_reply.state, TargetState::Active);
        assert_eq!(next_reply.due_at, Some(desk.now() + 60 * MINUTE));
        assert_eq!(view.ticket.sla_due_at, Some(desk.now() + 60 * MINUTE));
        assert_eq!(desk.sweep().await, Swept::default());
        let actions = desk.app.audit_actions().await;
        assert!(actions.iter().any(|a| a == "support.partner_reminded"));
        assert!(!actions.iter().any(|a| a == "support.sla_breached"));
    }
}

#[tokio::test]
async fn internal_notes_never_reach_a_partner_by_view_mail_or_event() {
    for backend in backends() {
        let desk = Desk::new(&backend).await;
        let marker = "INTERNAL-MARKER-5d1f0c";
        let ticket = desk.open(&desk.partner, "normal", "Validation fails").await;
        desk.reply(&desk.ana, &ticket.id, "We are looking into it.")
            .await
            .unwrap();
        let note = ReplyInput {
            body: format!("{marker}: the partner's server is misconfigured, do not say so."),
            internal: true,
            attachments: vec![Upload {
                filename: "trace.png".to_owned(),
                bytes: PNG.to_vec(),
            }],
            ..ReplyInput::default()
        };
        tickets::reply(desk.state(), &actor(&desk.ana), &ticket.id, &note)
            .await
            .unwrap();
        desk.reply(&desk.partner, &ticket.id, "Thanks, waiting.")
            .await
            .unwrap();

        // Queued mail and events, before and after they are sent.
        let queued: Vec<(String, String)> =
            sqlx::query_as("SELECT subject, body FROM outbox_mails")
                .fetch_all(desk.state().store.pool())
                .await
                .unwrap();
        assert!(!queued.is_empty());
        assert!(queued
            .iter()
            .all(|(s, b)| !s.contains(marker) && !b.contains(marker)));
        let payloads: Vec<(String,)> = sqlx::query_as("SELECT payload FROM outbox_events")
            .fetch_all(desk.state().store.pool())
            .await
            .unwrap();
        assert!(payloads
            .iter()
            .any(|(p,)| p.contains("We are looking into it.")));
        assert!(payloads.iter().all(|(p,)| !p.contains(marker)));
        let sent = mails(&desk.app).await;
        assert!(
            sent.iter()
                .any(|m| m.to.contains("pat@acme.test")
                    && m.body.contains("We are looking into it.")),
            "the public reply was mailed: {sent:#?}"
        );
        assert!(sent
            .iter()
            .all(|m| !m.body.contains(marker) && !m.subject.contains(marker)));

        let staff_view = desk.view(&desk.ana, &ticket.id).await;
        let internal = staff_view
            .messages
            .iter()
            .find(|m| m.body.contains(marker))
            .expect("staff see the note");
        assert_eq!(internal.visibility, "internal");
        let attachment = staff_view.attachments.iter().find(|a| a.internal).unwrap();
        let theirs = desk.view(&desk.partner, &ticket.id).await;
        assert!(theirs.messages.iter().all(|m| !m.body.contains(marker)));
        assert!(theirs.messages.iter().all(|m| m.visibility == "public"));
        assert_eq!(theirs.messages.len(), 2);
        assert!(theirs.attachments.is_empty());
        let hidden = tickets::attachment(
            desk.state(),
            &actor(&desk.partner),
            &ticket.id,
            &attachment.id,
        )
        .await;
        assert!(matches!(hidden, Err(AppError::NotFound(_))), "{hidden:?}");
        assert!(
            tickets::attachment(desk.state(), &actor(&desk.ana), &ticket.id, &attachment.id)
                .await
                .is_ok()
        );

        // A partner cannot write one.
        let attempt = ReplyInput {
            body: "a note of my own".to_owned(),
            internal: true,
            ..ReplyInput::default()
        };
        let refused =
            tickets::reply(desk.state(), &actor(&desk.partner), &ticket.id, &attempt).await;
        assert!(matches!(refused, Err(AppError::Forbidden)), "{refused:?}");
    }
}

#[tokio::test]
async fn another_organizations_ticket_is_not_found_and_never_listed() {
    for backend in backends() {
        let desk = Desk::new(&backend).await;
        let outsider = desk
            .app
            .user("bea@beta.test", Role::PartnerAdmin, Some("Beta Labs"))
            .await;
        let input = TicketInput {
            subject: "Our upload is rejected".to_owned(),
            description: "See the screenshot.".to_owned(),
            severity: "normal".to_owned(),
            category: "sandbox".to_owned(),
            attachments: vec![Upload {
                filename: "screen.png".to_owned(),
                bytes: PNG.to_vec(),
            }],
            ..TicketInput::default()
        };
        let theirs = tickets::open(desk.state(), &actor(&desk.partner), &input)
            .await
            .unwrap();
        let own = desk.open(&outsider, "low", "A question of ours").await;
        let attachment_id = desk.view(&desk.partner, &theirs.id).await.attachments[0]
            .id
            .clone();

        let state = desk.state();
        let outside = actor(&outsider);
        let viewed = tickets::view(state, &outside, &theirs.id).await;
        assert!(matches!(viewed, Err(AppError::NotFound(_))), "{viewed:?}");
        let replied = desk.reply(&outsider, &theirs.id, "Hello?").await;
        assert!(matches!(replied, Err(AppError::NotFound(_))), "{replied:?}");
        let fetched = tickets::attachment(state, &outside, &theirs.id, &attachment_id).await;
        assert!(matches!(fetched, Err(AppError::NotFound(_))), "{fetched:?}");
        // Nor through their own ticket's id.
        let crossed = tickets::attachment(state, &outside, &own.id, &attachment_id).await;
        assert!(matches!(crossed, Err(AppError::NotFound(_))), "{crossed:?}");

        let (listed, total) = tickets::list(state, &outside, TicketFilter::default(), 50, 0)
            .await
            .unwrap();
        assert_eq!(total, 1);
        assert_eq!(
            listed.iter().map(|t| t.id.as_str()).collect::<Vec<_>>(),
            [own.id.as_str()]
        );
        let spoofed = TicketFilter {
            organization_id: Some(theirs.organization_id.clone()),
            ..TicketFilter::default()
        };
        let (listed, _) = tickets::list(state, &outside, spoofed, 50, 0)
            .await
            .unwrap();
        assert!(listed.iter().all(|t| t.id != theirs.id));
        // Staff see both; the reply that was refused left nothing behind.
        let (all, _) = tickets::list(state, &actor(&desk.ana), TicketFilter::default(), 50, 0)
            .await
            .unwrap();
        assert_eq!(all.len(), 2);
        assert_eq!(desk.view(&desk.partner, &theirs.id).await.messages.len(), 0);
    }
}

#[tokio::test]
async fn solving_sends_a_one_time_survey_and_a_partner_may_reopen_within_fourteen_days() {
    for backend in backends() {
        let desk = Desk::new(&backend).await;
        let ticket = desk
            .open(&desk.partner, "normal", "Where is the test data")
            .await;
        desk.reply(&desk.ana, &ticket.id, "It is on the sandbox page.")
            .await
            .unwrap();
        let solved = tickets::set_status(desk.state(), &actor(&desk.ana), &ticket.id, "solved")
            .await
            .unwrap();
        assert_eq!(solved.status, "solved");
        let sent = mails(&desk.app).await;
        let survey = sent
            .iter()
            .find(|m| m.to.contains("pat@acme.test") && m.body.contains("/support/satisfaction/"))
            .unwrap_or_else(|| panic!("no survey mail in {sent:#?}"));
        let link = "http://onramp.test/support/satisfaction/";
        let start = survey.body.find(link).unwrap() + link.len();
        let token: String = survey.body[start..]
            .chars()
            .take_while(|c| !c.is_whitespace())
            .collect();
        assert!(token.len() >= 20, "{token}");

        assert_eq!(
            tickets::survey(desk.state(), &token).await.unwrap().id,
            ticket.id
        );
        let rated = tickets::rate(desk.state(), &token, "5", "great")
            .await
            .unwrap();
        assert_eq!(rated.id, ticket.id);
        let again = tickets::rate(desk.state(), &token, "1", "changed my mind").await;
        assert!(matches!(again, Err(AppError::Conflict(_))), "{again:?}");
        let stored = desk.view(&desk.ana, &ticket.id).await.ticket;
        assert_eq!(
            (stored.csat_rating, stored.csat_comment.as_deref()),
            (Some(5), Some("great"))
        );
        let unknown = tickets::rate(desk.state(), "not-a-token", "5", "").await;
        assert!(matches!(unknown, Err(AppError::NotFound(_))), "{unknown:?}");

        // Three days later the partner writes again: the ticket opens with a new resolution clock.
        desk.clock.advance(3 * DAY);
        assert!(desk.view(&desk.partner, &ticket.id).await.reopenable);
        let reopened = desk
            .reply(&desk.partner, &ticket.id, "It is not there any more.")
            .await
            .unwrap();
        assert_eq!(reopened.status, "open");
        assert_eq!(reopened.solved_at, None);
        let view = desk.view(&desk.ana, &ticket.id).await;
        let resolutions: Vec<_> = view
            .targets
            .iter()
            .filter(|t| t.metric == "resolution")
            .collect();
        assert_eq!(resolutions.len(), 2, "{:?}", view.targets);
        assert_eq!(resolutions[0].state, TargetState::Achieved);
        assert_eq!(resolutions[1].achieved_at, None);
        assert!(matches!(
            resolutions[1].state,
            TargetState::Active | TargetState::Paused
        ));

        // Solved again and left alone: after fourteen days the sweep closes it, not before.
        tickets::set_status(desk.state(), &actor(&desk.ana), &ticket.id, "solved")
            .await
            .unwrap();
        desk.clock.advance(13 * DAY);
        assert_eq!(desk.sweep().await.closed, 0);
        desk.clock.advance(DAY + MINUTE);
        assert_eq!(desk.sweep().await.closed, 1);
        let closed = desk.view(&desk.partner, &ticket.id).await;
        assert_eq!(closed.ticket.status, "closed");
        assert!(!closed.reopenable);
        let late = desk.reply(&desk.partner, &ticket.id, "Hello again").await;
        assert!(matches!(late, Err(AppError::Conflict(_))), "{late:?}");
        assert_eq!(desk.sweep().await.closed, 0);
        assert!(desk
            .app
            .audit_actions()
            .await
            .iter()
            .any(|a| a == "support.ticket_closed"));
    }
}

#[tokio::test]
async fn an_expiring_client_opens_one_proactive_ticket_with_its_evidence_linked() {
    for backend in backends() {
        let desk = Desk::new(&backend).await;
        let state = desk.state();
        let organization_id = desk.organization_id().to_owned();
        let expires_at = desk.now() + 3 * DAY;
        for text in [
            "INSERT INTO track_versions (id, track_key, version, name, source, sha256, built_in, \
             created_at) VALUES ('sig-tv', 'signal-test', 1, 'Signal test', '', '', 0, 0)"
                .to_owned(),
            format!(
                "INSERT INTO enrollments (id, organization_id, track_version_id, track_key, state, \
                 started_on, seed, baseline_end, likely_end, p50_end, p90_end, steps_total, \
                 steps_finished, current_phase, at_risk, created_at, updated_at) VALUES ('sig-enr', \
                 '{organization_id}', 'sig-tv', 'signal-test', 'active', '2026-01-05', 1, '2026-06-01', \
                 '2026-06-01', '2026-06-01', '2026-07-01', 10, 2, 'build', 0, 0, 0)"
            ),
            format!(
                "INSERT INTO environments (id, enrollment_id, organization_id, kind, name, state, \
                 packages, policy, created_at, updated_at) VALUES ('sig-env', 'sig-enr', \
                 '{organization_id}', 'sandbox', 'Acme sandbox', 'active', '', 'record', 0, 0)"
            ),
            format!(
                "INSERT INTO oauth_clients (id, environment_id, organization_id, name, auth_method, \
                 scopes, state, expires_at, created_at, updated_at) VALUES ('sig-client', 'sig-env', \
                 '{organization_id}', 'EHR', 'private_key_jwt', '', 'active', {expires_at}, 0, 0)"
            ),
        ] {
            sql(state, &text).await;
        }
        let key = format!("credential_expiring:sig-client:{expires_at}");

        let noticed = signals::run(state).await.unwrap();
        assert_eq!(
            (noticed.opened, noticed.updated, noticed.unchanged),
            (1, 0, 0),
            "{noticed:?}"
        );
        let (listed, _) = tickets::list(state, &actor(&desk.ana), TicketFilter::default(), 50, 0)
            .await
            .unwrap();
        assert_eq!(listed.len(), 1);
        let ticket = &listed[0];
        assert_eq!(ticket.source, "signal");
        assert_eq!(ticket.signal_key.as_deref(), Some(key.as_str()));
        assert_eq!(ticket.organization_id, organization_id);
        assert_eq!(ticket.requester_id, None);
        assert_eq!(ticket.tags, "proactive");
        assert_eq!(ticket.severity, "high", "three days away is urgent");
        assert!(
            ticket.description.contains("sig-client"),
            "{}",
            ticket.description
        );
        let view = desk.view(&desk.partner, &ticket.id).await;
        let links: Vec<(&str, &str, &str)> = view
            .links
            .iter()
            .map(|l| (l.kind.as_str(), l.target_id.as_str(), l.path.as_str()))
            .collect();
        assert!(
            links.contains(&("credential", "sig-client", "/environments/sig-env")),
            "{links:?}"
        );
        assert!(
            links.contains(&("environment", "sig-env", "/environments/sig-env")),
            "{links:?}"
        );

        // Seen again an hour later: the same ticket, no second one.
        desk.clock.advance(HOUR);
        let again = signals::run(state).await.unwrap();
        assert_eq!(again.opened, 0, "{again:?}");
        assert_eq!(again.updated + again.unchanged, 1, "{again:?}");
        let (open,): (i64,) = sqlx::query_as(
            "SELECT COUNT(*) FROM support_tickets WHERE signal_key = $1 \
             AND status NOT IN ('solved', 'closed')",
        )
        .bind(&key)
        .fetch_one(state.store.pool())
        .await
        .unwrap();
        assert_eq!(open, 1);
        let (all,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM support_tickets")
            .fetch_one(state.store.pool())
            .await
            .unwrap();
        assert_eq!(all, 1);
    }
}

#[tokio::test]
async fn the_demo_has_tickets_in_every_state_with_one_breached_and_one_paused() {
    let app = crate::sandbox_support::sandbox_app(&TestBackend::Sqlite).await;
    assert!(onramp_server::demo::seed_program(&app.state).await.unwrap());
    let password = onramp_server::demo::DEMO_PASSWORD;
    let mut agent = app.client();
    agent.login("support@demo.onramp.test", password).await;
    let all = agent
        .get("/api/v1/support/tickets?per_page=50")
        .await
        .json();
    let statuses: Vec<String> = all
        .get("tickets")
        .and_then(|tickets| tickets.as_array())
        .unwrap()
        .iter()
        .map(|ticket| ticket.get("status").unwrap().as_str().unwrap().to_owned())
        .collect();
    for status in [
        "new",
        "open",
        "waiting_on_partner",
        "on_hold",
        "solved",
        "closed",
    ] {
        assert!(
            statuses.iter().any(|seen| seen == status),
            "{status}: {statuses:?}"
        );
    }
    // Tags are staff's triage: the agent sees them, the partner never does.
    let tagged = |listed: &serde_json::Value| -> Vec<String> {
        listed
            .get("tickets")
            .and_then(|tickets| tickets.as_array())
            .unwrap()
            .iter()
            .flat_map(|ticket| ticket.get("tags").unwrap().as_array().unwrap().clone())
            .map(|tag| tag.as_str().unwrap().to_owned())
            .collect()
    };
    assert!(tagged(&all).contains(&"coverage".to_owned()), "{all}");
    let mut lakeside = app.client();
    lakeside.login("admin@lakeside-health.test", password).await;
    let own = lakeside.get("/api/v1/support/tickets").await.json();
    assert!(
        !own.get("tickets").unwrap().as_array().unwrap().is_empty(),
        "{own}"
    );
    assert!(tagged(&own).is_empty(), "{own}");
    let breached = agent.get("/support?sla=breached").await;
    assert!(
        breached.body.contains("Production ADT feed rejected"),
        "{}",
        breached.body
    );
    let paused = agent.get("/support?sla=paused").await;
    assert!(
        paused.body.contains("Sandbox answers 500"),
        "{}",
        paused.body
    );
    // The breach paged the on-call member of the demo's group.
    assert_eq!(count(&mails(&app).await, "@demo.onramp.test", "PAGE [#"), 1);
}

#[tokio::test]
async fn a_breached_tickets_escalation_waits_while_it_waits_on_the_partner_and_a_refused_move_sends_no_reply(
) {
    for backend in backends() {
        let desk = Desk::new(&backend).await;
        // Resolution in 30 min, no first-reply target; escalation every 10 min.
        desk.policy("high", ["", "", "30"], "0", "10", "600").await;
        let ticket = desk.open(&desk.partner, "high", "Feed down").await;
        let state = desk.state();
        let ana = actor(&desk.ana);
        desk.clock.advance(31 * 60_000);
        assert_eq!(desk.sweep().await.breached, 1);
        // The agent asks the partner: the breach stands, its escalation waits.
        tickets::set_status(state, &ana, &ticket.id, "waiting_on_partner")
            .await
            .unwrap();
        let waiting = desk.view(&desk.ana, &ticket.id).await;
        assert_eq!(target(&waiting, "resolution").state, TargetState::Breached);
        assert_eq!(waiting.ticket.sla_due_at, None);
        desk.clock.advance(30 * 60_000);
        let swept = desk.sweep().await;
        assert_eq!(swept.escalated, 0, "{swept:?}");
        // The partner answers: the escalation resumes where it stood.
        desk.reply(&desk.partner, &ticket.id, "Here is the trace.")
            .await
            .unwrap();
        let swept = desk.sweep().await;
        assert_eq!(swept.escalated, 1, "{swept:?}");
        // A reply asking for a move staff may not make is refused before anything is written.
        let before = desk.view(&desk.ana, &ticket.id).await.messages.len();
        let refused = tickets::reply(
            state,
            &ana,
            &ticket.id,
            &ReplyInput {
                body: "Closing this.".to_owned(),
                status: "closed".to_owned(),
                ..ReplyInput::default()
            },
        )
        .await;
        assert!(matches!(refused, Err(AppError::Conflict(_))), "{refused:?}");
        assert_eq!(
            desk.view(&desk.ana, &ticket.id).await.messages.len(),
            before
        );
    }
}

#[tokio::test]
async fn a_ticket_whose_policy_was_removed_follows_the_policy_that_applies_now() {
    for backend in backends() {
        let desk = Desk::new(&backend).await;
        let admin = actor(&desk.admin);
        let state = desk.state();
        // An override for Acme with a one-hour first reply; the defaults stay.
        let calendar = policies::calendars(state).await.unwrap()[0].id.clone();
        let override_id = policies::save_policy(
            state,
            &admin,
            &PolicyInput {
                organization_id: desk.organization_id().to_owned(),
                severity: "normal".to_owned(),
                calendar_id: calendar,
                first_reply_minutes: "60".to_owned(),
                warn_before_minutes: "0".to_owned(),
                escalate_every_minutes: "60".to_owned(),
                partner_wait_minutes: "60".to_owned(),
                ..PolicyInput::default()
            },
        )
        .await
        .unwrap();
        let ticket = desk.open(&desk.partner, "normal", "A question").await;
        assert_eq!(ticket.policy_id.as_deref(), Some(override_id.as_str()));
        policies::delete_policy(state, &admin, &override_id)
            .await
            .unwrap();
        // The default normal policy promises a next reply: the partner's follow-up starts one.
        desk.reply(&desk.ana, &ticket.id, "Looking.").await.unwrap();
        desk.reply(&desk.partner, &ticket.id, "Any news?")
            .await
            .unwrap();
        let view = desk.view(&desk.ana, &ticket.id).await;
        assert!(
            view.targets.iter().any(|t| t.metric == "next_reply"),
            "{:?}",
            view.targets
        );
    }
}
