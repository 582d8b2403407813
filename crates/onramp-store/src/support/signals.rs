//! What Onramp notices on its own and opens a proactive support ticket for — a sandbox answering
//! too many errors, a client or certificate about to expire, a gate holding work up for too long,
//! a scheduled run or re-test that failed — and what a ticket may link to.
//!
//! # Where does each signal come from?
//!
//! [`detect`] runs one set-based query per [`SignalKind`] over every organization at once:
//!
//! - [`SignalKind::SandboxErrorSpike`]: `sandbox_messages` received in `[now - window, now)`,
//!   counted per active sandbox `environments` row; a spike is at least
//!   [`Thresholds::error_min_requests`] requests of which at least
//!   [`Thresholds::error_rate_percent`] % were answered 4xx/5xx (`status >= 400`).
//! - [`SignalKind::CredentialExpiring`]: active `oauth_clients` (of an active environment) whose
//!   `expires_at` falls in `(now, now + expiring_within]`. Client secrets are left out: Onramp
//!   creates them without an expiry and only gives one to the secret a rotation replaced (the end
//!   of the overlap), which always has a successor.
//! - [`SignalKind::CertificateExpiring`]: unrevoked `conformance_certificates` (what a signed-off
//!   run earns an organization's system) expiring in `(now, now + expiring_within]`, unless a
//!   later-expiring unrevoked certificate of the same organization, suite and system renews it.
//! - [`SignalKind::GateBlocked`]: `enrollment_gates` of an active enrollment with status
//!   `blocked` since (`blocked_since`) at least [`Thresholds::gate_blocked_ms`] ago *and* holding
//!   work up — the tracks sweep's unclosed `signal:gate:<key>` risk on the enrollment's register
//!   (a step that waits for the gate was planned to start more than five business days ago). A
//!   gate is evaluated, and blocked, from the day of enrollment, so `blocked_since` alone would
//!   flag every gate still ahead.
//! - [`SignalKind::RetestFailing`]: the latest `conformance_runs` row of an active enrollment and
//!   suite (by suite key, any version) is a re-test (`previous_run_id` set) or a run scheduled
//!   for later (`scheduled_at > created_at`) — nobody was watching it — and it ended `failed` or
//!   in `error`. Onramp has no recurring schedules and starts no run itself.
//!
//! Every kind leaves out organizations that are not `active`.
//!
//! # What is a signal's key?
//!
//! The condition and, where it has one, the start of its episode: the key stays the same on every
//! sweep while the condition lasts, so the open ticket of the key is updated instead of a second
//! one opened.
//!
//! | kind | key |
//! |---|---|
//! | sandbox error spike | `sandbox_error_spike:{environment_id}` |
//! | credential expiring | `credential_expiring:{client_id}:{expires_at}` |
//! | certificate expiring | `certificate_expiring:{certificate_id}:{expires_at}` |
//! | gate blocked | `gate_blocked:{enrollment_id}:{gate_key}:{blocked_since}` |
//! | re-test failing | `retest_failing:{enrollment_id}:{suite_key}` |
//!
//! # What may a ticket link to?
//!
//! The kinds of [`LINK_KINDS`], each with its id and the page that shows it:
//!
//! | kind | id | page |
//! |---|---|---|
//! | `enrollment` | the enrollment's id | `/enrollments/{id}` |
//! | `step` | the task's id (`{enrollment_id}:{step_key}` is accepted too) | `/enrollments/{enrollment_id}#task-{step_key}` |
//! | `gate` | `{enrollment_id}:{gate_key}` | `/enrollments/{enrollment_id}#gate-{gate_key}` |
//! | `test_run` | the run's id | `/runs/{id}` |
//! | `sandbox_message` | the message's id | `/environments/{environment_id}/messages/{id}` |
//! | `credential` | the OAuth client's id (its `client_id`) | `/environments/{environment_id}` |
//! | `environment` | the environment's id | `/environments/{id}` |
//! | `certificate` | the conformance certificate's id | `/verify/{id}` |
//!
//! [`link_target`] says which organization owns a target, so a ticket of one organization never
//! links to another's.

use onramp_core::conformance::RunState;
use onramp_core::sandbox::EnvironmentKind;
use onramp_core::vocabulary::label_of;
use sqlx::any::AnyRow;
use sqlx::{Any, Executor, Row};

use crate::StoreError;

const MINUTE_MS: i64 = 60_000;
const HOUR_MS: i64 = 60 * MINUTE_MS;
const DAY_MS: i64 = 24 * HOUR_MS;

/// An expiry this close is `high`.
pub const URGENT_EXPIRY_MS: i64 = 7 * DAY_MS;

/// An error rate at least this high (in %) is `high`, as is a 5xx rate at the threshold (the
/// sandbox itself failing, not the partner's requests).
pub const SEVERE_ERROR_RATE_PERCENT: i64 = 50;

onramp_core::vocabulary! {
    /// What Onramp noticed.
    pub enum SignalKind as "signal kind" {
        /// A sandbox answering too many requests with 4xx/5xx.
        SandboxErrorSpike = "sandbox_error_spike" / "Sandbox error spike",
        /// An OAuth client of an environment about to expire.
        CredentialExpiring = "credential_expiring" / "Credential expiring",
        /// A conformance certificate about to expire, not renewed.
        CertificateExpiring = "certificate_expiring" / "Certificate expiring",
        /// A gate blocked for long while work waits for it.
        GateBlocked = "gate_blocked" / "Gate blocked",
        /// The latest run of a suite, a re-test or a scheduled run, failed.
        RetestFailing = "retest_failing" / "Re-test failing",
    }
}

/// A thing a signal's evidence points at (a [`LinkTarget`] without its owner).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SignalLink {
    /// One of [`LINK_KINDS`].
    pub kind: String,
    pub id: String,
    pub label: String,
    /// The page that shows it.
    pub path: String,
}

/// One thing Onramp noticed about one organization.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Signal {
    /// Stable across sweeps while the condition lasts (see the module's table), so a signal seen
    /// again updates its open ticket instead of opening another.
    pub key: String,
    pub kind: SignalKind,
    pub organization_id: String,
    /// The ticket's subject, plain text.
    pub subject: String,
    /// Markdown: the figures and when.
    pub evidence: String,
    /// The evidence, linked.
    pub links: Vec<SignalLink>,
    /// `high` or `normal`.
    pub severity: &'static str,
}

/// When a condition becomes a signal.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Thresholds {
    /// The window sandbox requests are counted in, ending now.
    pub error_window_ms: i64,
    /// Fewer requests in the window are no spike, whatever their errors.
    pub error_min_requests: i64,
    /// The share of requests answered 4xx/5xx, in %, that makes a spike.
    pub error_rate_percent: i64,
    /// How far ahead an expiry is signalled.
    pub expiring_within_ms: i64,
    /// How long a gate must have been blocked.
    pub gate_blocked_ms: i64,
}

impl Default for Thresholds {
    /// 20 % of at least 20 requests in an hour; expiries 14 days ahead; gates blocked 7 days.
    fn default() -> Self {
        Thresholds {
            error_window_ms: HOUR_MS,
            error_min_requests: 20,
            error_rate_percent: 20,
            expiring_within_ms: 14 * DAY_MS,
            gate_blocked_ms: 7 * DAY_MS,
        }
    }
}

/// Every signal at `now`: sandbox error spikes, expiring credentials, expiring certificates,
/// blocked gates, failing re-tests — in that order, each ordered by organization or urgency.
pub async fn detect<'e, E>(
    executor: E,
    now_ms: i64,
    thresholds: &Thresholds,
) -> Result<Vec<Signal>, StoreError>
where
    E: Executor<'e, Database = Any> + Copy,
{
    let mut signals = sandbox_error_spikes(executor, now_ms, thresholds).await?;
    signals.extend(expiring_credentials(executor, now_ms, thresholds).await?);
    signals.extend(expiring_certificates(executor, now_ms, thresholds).await?);
    signals.extend(blocked_gates(executor, now_ms, thresholds).await?);
    signals.extend(failing_retests(executor).await?);
    Ok(signals)
}

async fn sandbox_error_spikes<'e, E>(
    executor: E,
    now: i64,
    thresholds: &Thresholds,
) -> Result<Vec<Signal>, StoreError>
where
    E: Executor<'e, Database = Any>,
{
    let from = now - thresholds.error_window_ms;
    let rows = sqlx::query(
        "SELECT s.environment_id, s.environment_name, s.environment_kind, s.organization_id, \
         s.requests, s.failed, s.server_errors, \
         (SELECT m2.id FROM sandbox_messages m2 WHERE m2.environment_id = s.environment_id \
            AND m2.received_at >= $1 AND m2.received_at < $2 AND m2.status >= 400 \
            ORDER BY m2.received_at DESC, m2.id DESC LIMIT 1) AS last_failed_id \
         FROM (SELECT e.id AS environment_id, e.name AS environment_name, \
                 e.kind AS environment_kind, e.organization_id, COUNT(*) AS requests, \
                 COUNT(CASE WHEN m.status >= 400 THEN 1 END) AS failed, \
                 COUNT(CASE WHEN m.status >= 500 THEN 1 END) AS server_errors \
               FROM sandbox_messages m \
               JOIN environments e ON e.id = m.environment_id \
               JOIN organizations o ON o.id = e.organization_id \
               WHERE m.received_at >= $1 AND m.received_at < $2 \
                 AND e.kind = 'sandbox' AND e.state = 'active' AND o.state = 'active' \
               GROUP BY e.id, e.name, e.kind, e.organization_id \
               HAVING COUNT(*) >= $3 \
                 AND COUNT(CASE WHEN m.status >= 400 THEN 1 END) * 100 >= $4 * COUNT(*)) s \
         ORDER BY s.organization_id, s.environment_id",
    )
    .bind(from)
    .bind(now)
    .bind(thresholds.error_min_requests.max(1))
    .bind(thresholds.error_rate_percent)
    .fetch_all(executor)
    .await?;
    rows.iter()
        .map(|row| {
            let environment_id: String = row.try_get("environment_id")?;
            let environment_name: String = row.try_get("environment_name")?;
            let environment_kind: String = row.try_get("environment_kind")?;
            let organization_id: String = row.try_get("organization_id")?;
            let requests: i64 = row.try_get("requests")?;
            let failed: i64 = row.try_get("failed")?;
            let server_errors: i64 = row.try_get("server_errors")?;
            let last_failed_id: Option<String> = row.try_get("last_failed_id")?;
            let rate = percent(failed, requests);
            let severe = rate >= SEVERE_ERROR_RATE_PERCENT
                || server_errors * 100 >= thresholds.error_rate_percent * requests;
            let mut links = vec![SignalLink::from(environment_target(
                &environment_id,
                &organization_id,
                &environment_name,
                &environment_kind,
            ))];
            if let Some(message_id) = last_failed_id {
                links.push(SignalLink {
                    kind: "sandbox_message".to_owned(),
                    label: "The last request answered with an error".to_owned(),
                    path: message_path(&environment_id, &message_id),
                    id: message_id,
                });
            }
            Ok(Signal {
                key: format!("sandbox_error_spike:{environment_id}"),
                kind: SignalKind::SandboxErrorSpike,
                organization_id,
                subject: format!(
                    "Sandbox error rate {rate} % in the last {} (environment {environment_name})",
                    span_singular(thresholds.error_window_ms)
                ),
                evidence: format!(
                    "{failed} of {requests} requests to the sandbox {} were answered 4xx/5xx \
                     {} ({rate} %; {} of them 5xx). Threshold: {} % over at least {} requests.",
                    markdown(&environment_name),
                    between(from, now),
                    server_errors,
                    thresholds.error_rate_percent,
                    thresholds.error_min_requests,
                ),
                links,
                severity: if severe { "high" } else { "normal" },
            })
        })
        .collect()
}

async fn expiring_credentials<'e, E>(
    executor: E,
    now: i64,
    thresholds: &Thresholds,
) -> Result<Vec<Signal>, StoreError>
where
    E: Executor<'e, Database = Any>,
{
    let rows = sqlx::query(
        "SELECT c.id, c.name, c.expires_at, c.organization_id, e.id AS environment_id, \
         e.name AS environment_name, e.kind AS environment_kind \
         FROM oauth_clients c \
         JOIN environments e ON e.id = c.environment_id \
         JOIN organizations o ON o.id = c.organization_id \
         WHERE c.state = 'active' AND c.expires_at IS NOT NULL \
           AND c.expires_at > $1 AND c.expires_at <= $2 \
           AND e.state = 'active' AND o.state = 'active' \
         ORDER BY c.expires_at, c.id",
    )
    .bind(now)
    .bind(now.saturating_add(thresholds.expiring_within_ms))
    .fetch_all(executor)
    .await?;
    rows.iter()
        .map(|row| {
            let id: String = row.try_get("id")?;
            let name: String = row.try_get("name")?;
            let expires_at: i64 = row.try_get("expires_at")?;
            let organization_id: String = row.try_get("organization_id")?;
            let environment_id: String = row.try_get("environment_id")?;
            let environment_name: String = row.try_get("environment_name")?;
            let environment_kind: String = row.try_get("environment_kind")?;
            let production = environment_kind == EnvironmentKind::Production.as_str();
            let urgent = expires_at - now <= URGENT_EXPIRY_MS;
            Ok(Signal {
                key: format!("credential_expiring:{id}:{expires_at}"),
                kind: SignalKind::CredentialExpiring,
                subject: format!(
                    "Client “{name}” of {environment_name} expires {}",
                    in_words(expires_at - now)
                ),
                evidence: format!(
                    "The OAuth client {} (client id `{}`) of the {} environment {} expires at \
                     {}, {}. Machine access with it stops then: register a new client, or \
                     extend this one. Signalled {} ahead.",
                    markdown(&name),
                    code(&id),
                    label_of::<EnvironmentKind>(&environment_kind).to_lowercase(),
                    markdown(&environment_name),
                    instant(expires_at),
                    in_words(expires_at - now),
                    span(thresholds.expiring_within_ms),
                ),
                links: vec![
                    SignalLink::from(credential_target(
                        &id,
                        &organization_id,
                        &name,
                        &environment_id,
                        &environment_name,
                    )),
                    SignalLink::from(environment_target(
                        &environment_id,
                        &organization_id,
                        &environment_name,
                        &environment_kind,
                    )),
                ],
                organization_id,
                severity: if urgent || production {
                    "high"
                } else {
                    "normal"
                },
            })
        })
        .collect()
}

async fn expiring_certificates<'e, E>(
    executor: E,
    now: i64,
    thresholds: &Thresholds,
) -> Result<Vec<Signal>, StoreError>
where
    E: Executor<'e, Database = Any>,
{
    let rows = sqlx::query(
        "SELECT c.id, c.organization_id, c.suite_key, c.suite_version, s.title AS suite_title, \
         c.system_name, c.issued_at, c.expires_at, c.run_id, r.created_at AS run_created_at, \
         r.enrollment_id, v.name AS track_name \
         FROM conformance_certificates c \
         JOIN conformance_suites s ON s.id = c.suite_id \
         JOIN conformance_runs r ON r.id = c.run_id \
         JOIN enrollments en ON en.id = r.enrollment_id \
         JOIN track_versions v ON v.id = en.track_version_id \
         JOIN organizations o ON o.id = c.organization_id \
         WHERE c.revoked_at IS NULL AND c.expires_at > $1 AND c.expires_at <= $2 \
           AND o.state = 'active' \
           AND NOT EXISTS (SELECT 1 FROM conformance_certificates n \
             WHERE n.organization_id = c.organization_id AND n.suite_key = c.suite_key \
               AND n.system_name = c.system_name AND n.revoked_at IS NULL \
               AND n.expires_at > c.expires_at) \
         ORDER BY c.expires_at, c.id",
    )
    .bind(now)
    .bind(now.saturating_add(thresholds.expiring_within_ms))
    .fetch_all(executor)
    .await?;
    rows.iter()
        .map(|row| {
            let id: String = row.try_get("id")?;
            let organization_id: String = row.try_get("organization_id")?;
            let suite_key: String = row.try_get("suite_key")?;
            let suite_version: i64 = row.try_get("suite_version")?;
            let suite_title: String = row.try_get("suite_title")?;
            let system_name: String = row.try_get("system_name")?;
            let issued_at: i64 = row.try_get("issued_at")?;
            let expires_at: i64 = row.try_get("expires_at")?;
            let run_id: String = row.try_get("run_id")?;
            let run_created_at: i64 = row.try_get("run_created_at")?;
            let enrollment_id: String = row.try_get("enrollment_id")?;
            let track_name: String = row.try_get("track_name")?;
            let urgent = expires_at - now <= URGENT_EXPIRY_MS;
            Ok(Signal {
                key: format!("certificate_expiring:{id}:{expires_at}"),
                kind: SignalKind::CertificateExpiring,
                subject: format!(
                    "Conformance certificate “{suite_title}” v{suite_version} for {system_name} \
                     expires {}",
                    in_words(expires_at - now)
                ),
                evidence: format!(
                    "The certificate of suite {} (`{}` v{suite_version}) for the system {}, \
                     issued {}, expires at {}, {}, and no later certificate of the suite renews \
                     it. A new signed-off run of the suite earns a new one. Signalled {} ahead.",
                    markdown(&suite_title),
                    code(&suite_key),
                    markdown(&system_name),
                    day(issued_at),
                    instant(expires_at),
                    in_words(expires_at - now),
                    span(thresholds.expiring_within_ms),
                ),
                links: vec![
                    SignalLink::from(certificate_target(
                        &id,
                        &organization_id,
                        &suite_title,
                        suite_version,
                        &system_name,
                    )),
                    SignalLink::from(run_target(
                        &run_id,
                        &organization_id,
                        &suite_title,
                        suite_version,
                        &system_name,
                        run_created_at,
                    )),
                    SignalLink::from(enrollment_target(
                        &enrollment_id,
                        &organization_id,
                        &track_name,
                    )),
                ],
                organization_id,
                severity: if urgent { "high" } else { "normal" },
            })
        })
        .collect()
}

async fn blocked_gates<'e, E>(
    executor: E,
    now: i64,
    thresholds: &Thresholds,
) -> Result<Vec<Signal>, StoreError>
where
    E: Executor<'e, Database = Any>,
{
    let rows = sqlx::query(
        "SELECT g.enrollment_id, g.gate_key, g.missing, g.blocked_since, \
         r.created_at AS flagged_at, en.organization_id, en.at_risk, v.name AS track_name \
         FROM enrollment_risks r \
         JOIN enrollment_gates g ON g.enrollment_id = r.enrollment_id \
           AND r.risk_key = 'signal:gate:' || g.gate_key \
         JOIN enrollments en ON en.id = g.enrollment_id \
         JOIN track_versions v ON v.id = en.track_version_id \
         JOIN organizations o ON o.id = en.organization_id \
         WHERE r.source = 'signal' AND r.status <> 'closed' \
           AND g.status = 'blocked' AND g.blocked_since IS NOT NULL AND g.blocked_since <= $1 \
           AND en.state = 'active' AND o.state = 'active' \
         ORDER BY g.blocked_since, g.enrollment_id, g.gate_key",
    )
    .bind(now - thresholds.gate_blocked_ms)
    .fetch_all(executor)
    .await?;
    rows.iter()
        .map(|row| {
            let enrollment_id: String = row.try_get("enrollment_id")?;
            let gate_key: String = row.try_get("gate_key")?;
            let missing: i64 = row.try_get("missing")?;
            let blocked_since: i64 = row.try_get("blocked_since")?;
            let flagged_at: i64 = row.try_get("flagged_at")?;
            let organization_id: String = row.try_get("organization_id")?;
            let at_risk: i64 = row.try_get("at_risk")?;
            let track_name: String = row.try_get("track_name")?;
            let days = (now - blocked_since) / DAY_MS;
            Ok(Signal {
                key: format!("gate_blocked:{enrollment_id}:{gate_key}:{blocked_since}"),
                kind: SignalKind::GateBlocked,
                subject: format!(
                    "Gate “{gate_key}” of {track_name} blocked for {}",
                    plural(days, "day")
                ),
                evidence: format!(
                    "The gate `{}` of the {} enrollment has been blocked since {} ({}; \
                     threshold {}), with {} missing. Work is waiting for it: the tracks sweep \
                     flagged it on {} (a step that needs it was planned to start more than five \
                     business days earlier).{}",
                    code(&gate_key),
                    markdown(&track_name),
                    instant(blocked_since),
                    plural(days, "day"),
                    span(thresholds.gate_blocked_ms),
                    plural(missing, "condition"),
                    day(flagged_at),
                    if at_risk != 0 {
                        " The enrollment is at risk."
                    } else {
                        ""
                    },
                ),
                links: vec![
                    SignalLink::from(enrollment_target(
                        &enrollment_id,
                        &organization_id,
                        &track_name,
                    )),
                    SignalLink::from(gate_target(
                        &enrollment_id,
                        &gate_key,
                        &organization_id,
                        &track_name,
                    )),
                ],
                organization_id,
                severity: if at_risk != 0 { "high" } else { "normal" },
            })
        })
        .collect()
}

async fn failing_retests<'e, E>(executor: E) -> Result<Vec<Signal>, StoreError>
where
    E: Executor<'e, Database = Any>,
{
    let rows = sqlx::query(
        "SELECT r.id, r.enrollment_id, r.organization_id, r.state, r.error, r.system_name, \
         r.created_at, r.scheduled_at, r.finished_at, r.previous_run_id, \
         s.suite_key, s.version AS suite_version, s.title AS suite_title, \
         en.at_risk, v.name AS track_name, \
         (SELECT COUNT(*) FROM conformance_run_tests t WHERE t.run_id = r.id) AS tests, \
         (SELECT COUNT(*) FROM conformance_run_tests t WHERE t.run_id = r.id \
            AND COALESCE(t.override_result, t.result) IN ('failed', 'error')) AS failed_tests \
         FROM conformance_runs r \
         JOIN conformance_suites s ON s.id = r.suite_id \
         JOIN enrollments en ON en.id = r.enrollment_id \
         JOIN track_versions v ON v.id = en.track_version_id \
         JOIN organizations o ON o.id = r.organization_id \
         WHERE ((r.state = 'completed' AND r.result = 'failed') OR r.state = 'error') \
           AND (r.previous_run_id IS NOT NULL OR r.scheduled_at > r.created_at) \
           AND en.state = 'active' AND o.state = 'active' \
           AND NOT EXISTS (SELECT 1 FROM conformance_runs n \
             JOIN conformance_suites ns ON ns.id = n.suite_id \
             WHERE n.enrollment_id = r.enrollment_id AND ns.suite_key = s.suite_key \
               AND (n.created_at > r.created_at OR (n.created_at = r.created_at AND n.id > r.id))) \
         ORDER BY r.created_at, r.id",
    )
    .fetch_all(executor)
    .await?;
    rows.iter()
        .map(|row| {
            let id: String = row.try_get("id")?;
            let enrollment_id: String = row.try_get("enrollment_id")?;
            let organization_id: String = row.try_get("organization_id")?;
            let state: String = row.try_get("state")?;
            let error: Option<String> = row.try_get("error")?;
            let system_name: String = row.try_get("system_name")?;
            let created_at: i64 = row.try_get("created_at")?;
            let scheduled_at: i64 = row.try_get("scheduled_at")?;
            let finished_at: Option<i64> = row.try_get("finished_at")?;
            let previous_run_id: Option<String> = row.try_get("previous_run_id")?;
            let suite_key: String = row.try_get("suite_key")?;
            let suite_version: i64 = row.try_get("suite_version")?;
            let suite_title: String = row.try_get("suite_title")?;
            let at_risk: i64 = row.try_get("at_risk")?;
            let track_name: String = row.try_get("track_name")?;
            let tests: i64 = row.try_get("tests")?;
            let failed_tests: i64 = row.try_get("failed_tests")?;
            let what = match (&previous_run_id, scheduled_at > created_at) {
                (Some(_), true) => format!("re-test, scheduled for {}", instant(scheduled_at)),
                (Some(_), false) => "re-test".to_owned(),
                (None, _) => format!("scheduled for {}", instant(scheduled_at)),
            };
            let ended = finished_at.map_or_else(String::new, |at| format!(" at {}", instant(at)));
            let outcome = if state == RunState::Error.as_str() {
                format!(
                    "ended in error{ended}: {}",
                    markdown(&shorten(
                        error.as_deref().unwrap_or("no reason recorded"),
                        300
                    ))
                )
            } else {
                format!(
                    "failed{ended}: {} of {} failed or could not be judged",
                    failed_tests,
                    plural(tests, "test")
                )
            };
            let mut links = vec![
                SignalLink::from(run_target(
                    &id,
                    &organization_id,
                    &suite_title,
                    suite_version,
                    &system_name,
                    created_at,
                )),
                SignalLink::from(enrollment_target(
                    &enrollment_id,
                    &organization_id,
                    &track_name,
                )),
            ];
            if let Some(previous) = &previous_run_id {
                links.push(SignalLink {
                    kind: "test_run".to_owned(),
                    id: previous.clone(),
                    label: "The run it re-tests".to_owned(),
                    path: format!("/runs/{previous}"),
                });
            }
            Ok(Signal {
                key: format!("retest_failing:{enrollment_id}:{suite_key}"),
                kind: SignalKind::RetestFailing,
                subject: format!(
                    "{} of “{suite_title}” for {system_name} {}",
                    if previous_run_id.is_some() {
                        "Re-test"
                    } else {
                        "Scheduled run"
                    },
                    if state == RunState::Error.as_str() {
                        "ended in error"
                    } else {
                        "failed"
                    }
                ),
                evidence: format!(
                    "The latest run of suite {} (`{}` v{suite_version}) for the system {} \
                     ({what}) {outcome}. No later run of the suite has been started.",
                    markdown(&suite_title),
                    code(&suite_key),
                    markdown(&system_name),
                ),
                links,
                organization_id,
                severity: if at_risk != 0 { "high" } else { "normal" },
            })
        })
        .collect()
}

/// What a ticket may link to, in the order a form lists them.
pub const LINK_KINDS: &[&str] = &[
    "enrollment",
    "step",
    "gate",
    "test_run",
    "sandbox_message",
    "credential",
    "environment",
    "certificate",
];

/// A thing a ticket links to, with its owner.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LinkTarget {
    /// One of [`LINK_KINDS`].
    pub kind: String,
    /// Its id in the format of the module's table (compound for gates).
    pub id: String,
    /// The organization it belongs to: a ticket links only to its own organization's things.
    pub organization_id: String,
    pub label: String,
    /// The page that shows it, e.g. `/enrollments/{id}`.
    pub path: String,
}

impl From<LinkTarget> for SignalLink {
    fn from(target: LinkTarget) -> Self {
        SignalLink {
            kind: target.kind,
            id: target.id,
            label: target.label,
            path: target.path,
        }
    }
}

/// The thing `id` of `kind` (see the module's table for the id formats), or `None` when there is
/// no such thing or the kind is not one of [`LINK_KINDS`].
pub async fn link_target<'e, E>(
    executor: E,
    kind: &str,
    id: &str,
) -> Result<Option<LinkTarget>, StoreError>
where
    E: Executor<'e, Database = Any>,
{
    let Some(query) = LinkQuery::of(kind) else {
        return Ok(None);
    };
    let (condition, binds): (&str, Vec<&str>) = match kind {
        "gate" => match id.split_once(':') {
            Some((enrollment_id, gate_key)) => (
                "g.enrollment_id = $1 AND g.gate_key = $2",
                vec![enrollment_id, gate_key],
            ),
            None => return Ok(None),
        },
        "step" => match id.split_once(':') {
            Some((enrollment_id, step_key)) => (
                "t.enrollment_id = $1 AND t.step_key = $2",
                vec![enrollment_id, step_key],
            ),
            None => ("t.id = $1", vec![id]),
        },
        _ => (query.by_id, vec![id]),
    };
    let sql = format!("{} WHERE {condition}", query.select);
    let mut statement = sqlx::query(&sql);
    for bind in binds {
        statement = statement.bind(bind);
    }
    let row = statement.fetch_optional(executor).await?;
    row.as_ref().map(query.build).transpose()
}

/// The organization's recent linkable things for a form's select: at most `limit` of each kind,
/// kinds in the order of [`LINK_KINDS`], most recent first within a kind.
pub async fn link_choices<'e, E>(
    executor: E,
    organization_id: &str,
    limit: i64,
) -> Result<Vec<LinkTarget>, StoreError>
where
    E: Executor<'e, Database = Any> + Copy,
{
    let mut choices = Vec::new();
    for kind in LINK_KINDS {
        let Some(query) = LinkQuery::of(kind) else {
            continue;
        };
        let sql = format!(
            "{} WHERE {} ORDER BY {} LIMIT $2",
            query.select, query.of_organization, query.recent_first
        );
        let rows = sqlx::query(&sql)
            .bind(organization_id)
            .bind(limit.max(0))
            .fetch_all(executor)
            .await?;
        for row in &rows {
            choices.push((query.build)(row)?);
        }
    }
    Ok(choices)
}

/// How one kind of link target is read.
struct LinkQuery {
    select: &'static str,
    /// The condition on `$1`, the id.
    by_id: &'static str,
    /// The condition on `$1`, the organization.
    of_organization: &'static str,
    recent_first: &'static str,
    build: fn(&AnyRow) -> Result<LinkTarget, StoreError>,
}

impl LinkQuery {
    fn of(kind: &str) -> Option<LinkQuery> {
        let query = match kind {
            "enrollment" => LinkQuery {
                select: "SELECT e.id, e.organization_id, v.name AS track_name FROM enrollments e \
                     JOIN track_versions v ON v.id = e.track_version_id",
                by_id: "e.id = $1",
                of_organization: "e.organization_id = $1",
                recent_first: "e.updated_at DESC, e.id",
                build: |row| {
                    Ok(enrollment_target(
                        &row.try_get::<String, _>("id")?,
                        &row.try_get::<String, _>("organization_id")?,
                        &row.try_get::<String, _>("track_name")?,
                    ))
                },
            },
            "step" => LinkQuery {
                select: "SELECT t.id, t.enrollment_id, t.organization_id, t.step_key, \
                     v.name AS track_name FROM enrollment_tasks t \
                     JOIN enrollments e ON e.id = t.enrollment_id \
                     JOIN track_versions v ON v.id = e.track_version_id",
                by_id: "t.id = $1",
                of_organization: "t.organization_id = $1",
                recent_first: "t.updated_at DESC, t.position, t.id",
                build: |row| {
                    Ok(step_target(
                        &row.try_get::<String, _>("id")?,
                        &row.try_get::<String, _>("enrollment_id")?,
                        &row.try_get::<String, _>("step_key")?,
                        &row.try_get::<String, _>("organization_id")?,
                        &row.try_get::<String, _>("track_name")?,
                    ))
                },
            },
            "gate" => LinkQuery {
                select: "SELECT g.enrollment_id, g.gate_key, e.organization_id, \
                     v.name AS track_name FROM enrollment_gates g \
                     JOIN enrollments e ON e.id = g.enrollment_id \
                     JOIN track_versions v ON v.id = e.track_version_id",
                by_id: "g.enrollment_id = $1",
                of_organization: "e.organization_id = $1",
                recent_first: "g.changed_at DESC, \
                     CASE WHEN g.status = 'blocked' THEN 0 ELSE 1 END, g.enrollment_id, g.gate_key",
                build: |row| {
                    Ok(gate_target(
                        &row.try_get::<String, _>("enrollment_id")?,
                        &row.try_get::<String, _>("gate_key")?,
                        &row.try_get::<String, _>("organization_id")?,
                        &row.try_get::<String, _>("track_name")?,
                    ))
                },
            },
            "test_run" => LinkQuery {
                select: "SELECT r.id, r.organization_id, r.system_name, r.created_at, \
                     s.title AS suite_title, s.version AS suite_version FROM conformance_runs r \
                     JOIN conformance_suites s ON s.id = r.suite_id",
                by_id: "r.id = $1",
                of_organization: "r.organization_id = $1",
                recent_first: "r.created_at DESC, r.id",
                build: |row| {
                    Ok(run_target(
                        &row.try_get::<String, _>("id")?,
                        &row.try_get::<String, _>("organization_id")?,
                        &row.try_get::<String, _>("suite_title")?,
                        row.try_get("suite_version")?,
                        &row.try_get::<String, _>("system_name")?,
                        row.try_get("created_at")?,
                    ))
                },
            },
            // Both conditions on the organization: the first can use an index on
            // `sandbox_messages (organization_id, received_at)` when there is one, the second
            // the environments' index and the log's `(environment_id, received_at)` otherwise.
            "sandbox_message" => LinkQuery {
                select: "SELECT m.id, m.environment_id, m.organization_id, m.method, m.url, \
                     m.status, m.received_at FROM sandbox_messages m",
                by_id: "m.id = $1",
                of_organization: "m.organization_id = $1 AND m.environment_id IN \
                     (SELECT x.id FROM environments x WHERE x.organization_id = $1)",
                recent_first: "m.received_at DESC, m.id DESC",
                build: |row| {
                    let id: String = row.try_get("id")?;
                    let environment_id: String = row.try_get("environment_id")?;
                    let method: String = row.try_get("method")?;
                    let url: String = row.try_get("url")?;
                    let status: i64 = row.try_get("status")?;
                    let received_at: i64 = row.try_get("received_at")?;
                    Ok(LinkTarget {
                        kind: "sandbox_message".to_owned(),
                        organization_id: row.try_get("organization_id")?,
                        label: format!(
                            "{method} {} → {status} ({})",
                            shorten(&url, 80),
                            instant(received_at)
                        ),
                        path: message_path(&environment_id, &id),
                        id,
                    })
                },
            },
            "credential" => LinkQuery {
                select: "SELECT c.id, c.organization_id, c.name, c.environment_id, \
                     e.name AS environment_name FROM oauth_clients c \
                     JOIN environments e ON e.id = c.environment_id",
                by_id: "c.id = $1",
                of_organization: "c.organization_id = $1",
                recent_first: "c.updated_at DESC, c.id",
                build: |row| {
                    Ok(credential_target(
                        &row.try_get::<String, _>("id")?,
                        &row.try_get::<String, _>("organization_id")?,
                        &row.try_get::<String, _>("name")?,
                        &row.try_get::<String, _>("environment_id")?,
                        &row.try_get::<String, _>("environment_name")?,
                    ))
                },
            },
            "environment" => LinkQuery {
                select: "SELECT e.id, e.organization_id, e.name, e.kind FROM environments e",
                by_id: "e.id = $1",
                of_organization: "e.organization_id = $1",
                recent_first: "e.updated_at DESC, e.id",
                build: |row| {
                    Ok(environment_target(
                        &row.try_get::<String, _>("id")?,
                        &row.try_get::<String, _>("organization_id")?,
                        &row.try_get::<String, _>("name")?,
                        &row.try_get::<String, _>("kind")?,
                    ))
                },
            },
            "certificate" => LinkQuery {
                select: "SELECT c.id, c.organization_id, c.suite_version, c.system_name, \
                     s.title AS suite_title FROM conformance_certificates c \
                     JOIN conformance_suites s ON s.id = c.suite_id",
                by_id: "c.id = $1",
                of_organization: "c.organization_id = $1",
                recent_first: "c.issued_at DESC, c.id",
                build: |row| {
                    Ok(certificate_target(
                        &row.try_get::<String, _>("id")?,
                        &row.try_get::<String, _>("organization_id")?,
                        &row.try_get::<String, _>("suite_title")?,
                        row.try_get("suite_version")?,
                        &row.try_get::<String, _>("system_name")?,
                    ))
                },
            },
            _ => return None,
        };
        Some(query)
    }
}

fn enrollment_target(id: &str, organization_id: &str, track_name: &str) -> LinkTarget {
    LinkTarget {
        kind: "enrollment".to_owned(),
        id: id.to_owned(),
        organization_id: organization_id.to_owned(),
        label: format!("{track_name} enrollment"),
        path: format!("/enrollments/{id}"),
    }
}

fn step_target(
    task_id: &str,
    enrollment_id: &str,
    step_key: &str,
    organization_id: &str,
    track_name: &str,
) -> LinkTarget {
    LinkTarget {
        kind: "step".to_owned(),
        id: task_id.to_owned(),
        organization_id: organization_id.to_owned(),
        label: format!("Step {step_key} ({track_name})"),
        path: format!("/enrollments/{enrollment_id}#task-{step_key}"),
    }
}

fn gate_target(
    enrollment_id: &str,
    gate_key: &str,
    organization_id: &str,
    track_name: &str,
) -> LinkTarget {
    LinkTarget {
        kind: "gate".to_owned(),
        id: format!("{enrollment_id}:{gate_key}"),
        organization_id: organization_id.to_owned(),
        label: format!("Gate {gate_key} ({track_name})"),
        path: format!("/enrollments/{enrollment_id}#gate-{gate_key}"),
    }
}

fn run_target(
    id: &str,
    organization_id: &str,
    suite_title: &str,
    suite_version: i64,
    system_name: &str,
    created_at: i64,
) -> LinkTarget {
    LinkTarget {
        kind: "test_run".to_owned(),
        id: id.to_owned(),
        organization_id: organization_id.to_owned(),
        label: format!(
            "Run of {suite_title} v{suite_version} for {system_name} ({})",
            instant(created_at)
        ),
        path: format!("/runs/{id}"),
    }
}

fn credential_target(
    id: &str,
    organization_id: &str,
    name: &str,
    environment_id: &str,
    environment_name: &str,
) -> LinkTarget {
    LinkTarget {
        kind: "credential".to_owned(),
        id: id.to_owned(),
        organization_id: organization_id.to_owned(),
        label: format!("Client {name} ({environment_name})"),
        path: format!("/environments/{environment_id}"),
    }
}

fn environment_target(id: &str, organization_id: &str, name: &str, kind: &str) -> LinkTarget {
    LinkTarget {
        kind: "environment".to_owned(),
        id: id.to_owned(),
        organization_id: organization_id.to_owned(),
        label: format!(
            "{name} ({})",
            label_of::<EnvironmentKind>(kind).to_lowercase()
        ),
        path: format!("/environments/{id}"),
    }
}

fn certificate_target(
    id: &str,
    organization_id: &str,
    suite_title: &str,
    suite_version: i64,
    system_name: &str,
) -> LinkTarget {
    LinkTarget {
        kind: "certificate".to_owned(),
        id: id.to_owned(),
        organization_id: organization_id.to_owned(),
        label: format!("Certificate of {suite_title} v{suite_version} for {system_name}"),
        path: format!("/verify/{id}"),
    }
}

fn message_path(environment_id: &str, message_id: &str) -> String {
    format!("/environments/{environment_id}/messages/{message_id}")
}

/// `part` of `whole` in whole percent, rounded down (0 of nothing).
fn percent(part: i64, whole: i64) -> i64 {
    if whole > 0 {
        part * 100 / whole
    } else {
        0
    }
}

/// `2026-03-02 13:05 UTC`.
fn instant(ms: i64) -> String {
    format_ms(ms, "%Y-%m-%d %H:%M UTC")
}

/// `2026-03-02`.
fn day(ms: i64) -> String {
    format_ms(ms, "%Y-%m-%d")
}

fn format_ms(ms: i64, format: &str) -> String {
    jiff::Timestamp::from_millisecond(ms)
        .map(|timestamp| timestamp.strftime(format).to_string())
        .unwrap_or_else(|_| ms.to_string())
}

/// `between 13:00 and 14:00 UTC on 2026-03-02`, or with both dates when they differ.
fn between(from: i64, to: i64) -> String {
    if day(from) == day(to) {
        format!(
            "between {} and {} UTC on {}",
            format_ms(from, "%H:%M"),
            format_ms(to, "%H:%M"),
            day(to)
        )
    } else {
        format!("between {} and {}", instant(from), instant(to))
    }
}

/// `1 day`, `3 days`.
fn plural(count: i64, noun: &str) -> String {
    if count == 1 {
        format!("1 {noun}")
    } else {
        format!("{count} {noun}s")
    }
}

/// A duration in its largest whole unit: `14 days`, `1 hour`, `90 minutes`.
fn span(ms: i64) -> String {
    if ms >= DAY_MS && ms % DAY_MS == 0 {
        plural(ms / DAY_MS, "day")
    } else if ms >= HOUR_MS && ms % HOUR_MS == 0 {
        plural(ms / HOUR_MS, "hour")
    } else if ms >= MINUTE_MS && ms % MINUTE_MS == 0 {
        plural(ms / MINUTE_MS, "minute")
    } else {
        plural(ms / 1_000, "second")
    }
}

/// A duration after "the last": `hour`, `2 hours`.
fn span_singular(ms: i64) -> String {
    let text = span(ms);
    match text.strip_prefix("1 ") {
        Some(unit) => unit.to_owned(),
        None => text,
    }
}

/// How far away an instant `ms` ahead is: `in 5 days`, `in 3 hours`, `within the hour`.
fn in_words(ms: i64) -> String {
    if ms >= DAY_MS {
        format!("in {}", plural(ms / DAY_MS, "day"))
    } else if ms >= HOUR_MS {
        format!("in {}", plural(ms / HOUR_MS, "hour"))
    } else {
        "within the hour".to_owned()
    }
}

/// At most `max` characters of `text`, an ellipsis marking a cut.
fn shorten(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        text.to_owned()
    } else {
        let mut cut: String = text.chars().take(max.saturating_sub(1)).collect();
        cut.push('…');
        cut
    }
}

/// Text people wrote (names), escaped so that Markdown shows it as written.
fn markdown(text: &str) -> String {
    let mut escaped = String::with_capacity(text.len());
    for character in text.chars() {
        if matches!(
            character,
            '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '#' | '|' | '~' | '!'
        ) {
            escaped.push('\\');
        }
        escaped.push(if character == '\n' { ' ' } else { character });
    }
    escaped
}

/// A key or id for a code span (a backtick would end it).
fn code(text: &str) -> String {
    text.replace('`', "'")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Store, StoreOptions};

    const NOW: i64 = 1_772_460_000_000; // 2026-03-02 14:00 UTC

    /// A migrated, empty SQLite store, and a PostgreSQL one when `ONRAMP_TEST_POSTGRES_URL` is
    /// set (the integration tests' convention).
    async fn stores() -> Vec<(Store, Option<tempfile::TempDir>)> {
        let dir = tempfile::tempdir().unwrap();
        let mut urls = vec![format!(
            "sqlite://{}?mode=rwc",
            dir.path().join("test.db").display()
        )];
        if let Some(base_url) = crate::testing::postgres_base_url() {
            urls.push(
                crate::testing::fresh_postgres_schema(&base_url)
                    .await
                    .unwrap(),
            );
        }
        let mut dir = Some(dir);
        let mut stores = Vec::new();
        for url in urls {
            let store = Store::connect(&StoreOptions {
                url,
                max_connections: 2,
            })
            .await
            .unwrap();
            store.migrate().await.unwrap();
            stores.push((store, dir.take()));
        }
        stores
    }

    async fn run(store: &Store, sql: &str) {
        sqlx::query(sql).execute(store.pool()).await.unwrap();
    }

    /// One organization with an enrollment, a sandbox, a client, a certificate, a blocked gate
    /// holding work up and a failed re-test.
    async fn seed(store: &Store) {
        let day = DAY_MS;
        for sql in [
            "INSERT INTO organizations (id, name, state, created_at) VALUES ('org', 'Acme', 'active', 0)".to_owned(),
            "INSERT INTO organizations (id, name, state, created_at) VALUES ('other', 'Other', 'suspended', 0)".to_owned(),
            "INSERT INTO track_versions (id, track_key, version, name, source, sha256, built_in, created_at) \
             VALUES ('tv', 'connected', 1, 'Connected partner', '', '', 1, 0)".to_owned(),
            format!(
                "INSERT INTO enrollments (id, organization_id, track_version_id, track_key, state, started_on, seed, \
                 baseline_end, likely_end, p50_end, p90_end, steps_total, steps_finished, current_phase, at_risk, \
                 created_at, updated_at) VALUES ('enr', 'org', 'tv', 'connected', 'active', '2026-01-05', 1, \
                 '2026-06-01', '2026-06-01', '2026-06-01', '2026-07-01', 10, 2, 'build', 1, 0, {NOW})"
            ),
            format!(
                "INSERT INTO enrollment_tasks (id, enrollment_id, organization_id, step_key, position, owner_role, \
                 status, forecast_start, due_on, critical, updated_at) VALUES ('task', 'enr', 'org', 'configure', 1, \
                 'partner_developer', 'in_progress', '2026-02-01', '2026-03-01', 1, {NOW})"
            ),
            format!(
                "INSERT INTO enrollment_gates (enrollment_id, gate_key, status, missing, blocked_since, changed_at) \
                 VALUES ('enr', 'go-live', 'blocked', 2, {}, {NOW})",
                NOW - 20 * day
            ),
            format!(
                "INSERT INTO enrollment_gates (enrollment_id, gate_key, status, missing, blocked_since, changed_at) \
                 VALUES ('enr', 'later', 'blocked', 3, {}, {NOW})",
                NOW - 20 * day
            ),
            format!(
                "INSERT INTO enrollment_risks (id, enrollment_id, risk_key, source, title, likelihood, impact, \
                 mitigation, status, created_at) VALUES ('risk', 'enr', 'signal:gate:go-live', 'signal', 't', 3, 4, \
                 'm', 'open', {})",
                NOW - 2 * day
            ),
            "INSERT INTO environments (id, enrollment_id, organization_id, kind, name, state, packages, policy, \
             created_at, updated_at) VALUES ('env', 'enr', 'org', 'sandbox', 'Acme sandbox', 'active', '', 'record', 0, 0)".to_owned(),
            format!(
                "INSERT INTO oauth_clients (id, environment_id, organization_id, name, auth_method, scopes, state, \
                 expires_at, created_at, updated_at) VALUES ('client', 'env', 'org', 'EHR', 'private_key_jwt', '', \
                 'active', {}, 0, 0)",
                NOW + 3 * day
            ),
            format!(
                "INSERT INTO oauth_clients (id, environment_id, organization_id, name, auth_method, scopes, state, \
                 expires_at, created_at, updated_at) VALUES ('later', 'env', 'org', 'Later', 'private_key_jwt', '', \
                 'active', {}, 0, 0)",
                NOW + 30 * day
            ),
            "INSERT INTO conformance_suites (id, suite_key, version, track_key, title, document, packages, created_at) \
             VALUES ('suite', 'patient-access', 2, 'connected', 'Patient access', '{}', '', 0)".to_owned(),
            format!(
                "INSERT INTO conformance_runs (id, suite_id, enrollment_id, organization_id, system_name, state, \
                 result, progress_done, progress_total, review_state, created_at, scheduled_at, finished_at) \
                 VALUES ('run1', 'suite', 'enr', 'org', 'Acme EHR', 'completed', 'passed', 3, 3, 'signed_off', \
                 {0}, {0}, {0})",
                NOW - 300 * day
            ),
            format!(
                "INSERT INTO conformance_runs (id, suite_id, enrollment_id, organization_id, system_name, state, \
                 result, progress_done, progress_total, review_state, previous_run_id, created_at, scheduled_at, \
                 finished_at) VALUES ('run2', 'suite', 'enr', 'org', 'Acme EHR', 'completed', 'failed', 3, 3, \
                 'open', 'run1', {0}, {0}, {0})",
                NOW - day
            ),
            "INSERT INTO conformance_run_tests (run_id, test_key, position, kind, title, result, summary, evidence, \
             retest_requested) VALUES ('run2', 'a', 1, 'script', 'A', 'failed', '', '[]', 0), \
             ('run2', 'b', 2, 'script', 'B', 'passed', '', '[]', 0)".to_owned(),
            format!(
                "INSERT INTO conformance_certificates (id, organization_id, suite_id, suite_key, suite_version, run_id, \
                 system_name, packages, issued_at, expires_at, jws) VALUES ('cert', 'org', 'suite', 'patient-access', \
                 2, 'run1', 'Acme EHR', '', 0, {}, 'jws')",
                NOW + 10 * day
            ),
        ] {
            run(store, &sql).await;
        }
        // 30 requests in the last hour, 12 of them errors (40 %), 2 of them 5xx; an old error.
        for index in 0..31_i64 {
            let (status, at) = match index {
                0..=9 => (422, NOW - 50 * MINUTE_MS + index),
                10..=11 => (500, NOW - 40 * MINUTE_MS + index),
                30 => (500, NOW - 2 * HOUR_MS),
                _ => (200, NOW - 30 * MINUTE_MS + index),
            };
            run(
                store,
                &format!(
                    "INSERT INTO sandbox_messages (id, environment_id, organization_id, received_at, duration_us, \
                     method, url, interaction, profiles, request_headers, status, errors, warnings) \
                     VALUES ('m{index}', 'env', 'org', {at}, 1, 'POST', '/sandbox/env/fhir/Patient', 'create', '', \
                     '{{}}', {status}, 0, 0)"
                ),
            )
            .await;
        }
    }

    #[tokio::test]
    async fn each_kind_is_detected_with_its_key_evidence_and_links() {
        for (store, _dir) in stores().await {
            detects_each_kind(&store).await;
        }
    }

    async fn detects_each_kind(store: &Store) {
        seed(store).await;
        let signals = detect(store.pool(), NOW, &Thresholds::default())
            .await
            .unwrap();
        let keys: Vec<&str> = signals.iter().map(|signal| signal.key.as_str()).collect();
        assert_eq!(
            keys,
            [
                "sandbox_error_spike:env",
                "credential_expiring:client:1772719200000",
                "certificate_expiring:cert:1773324000000",
                "gate_blocked:enr:go-live:1770732000000",
                "retest_failing:enr:patient-access",
            ]
        );
        let spike = &signals[0];
        assert_eq!(spike.kind, SignalKind::SandboxErrorSpike);
        assert_eq!(
            spike.subject,
            "Sandbox error rate 40 % in the last hour (environment Acme sandbox)"
        );
        assert!(
            spike.evidence.starts_with(
                "12 of 30 requests to the sandbox Acme sandbox were answered 4xx/5xx between \
                 13:00 and 14:00 UTC on 2026-03-02 (40 %; 2 of them 5xx)."
            ),
            "{}",
            spike.evidence
        );
        assert_eq!(spike.severity, "normal");
        assert_eq!(spike.links[1].id, "m11");
        assert_eq!(spike.links[1].path, "/environments/env/messages/m11");
        assert_eq!(signals[1].severity, "high");
        assert_eq!(
            signals[1].subject,
            "Client “EHR” of Acme sandbox expires in 3 days"
        );
        assert_eq!(signals[2].severity, "normal");
        assert_eq!(signals[3].severity, "high");
        assert_eq!(signals[3].links[1].id, "enr:go-live");
        assert!(signals[4]
            .evidence
            .contains("failed at 2026-03-01 14:00 UTC: 1 of 2 tests"));
        assert!(signals.iter().all(|signal| signal.organization_id == "org"));

        // A newer run of the suite, still queued, answers the failure; a renewed certificate
        // and a closed risk end theirs; too few requests are no spike.
        run(
            store,
            &format!(
                "INSERT INTO conformance_runs (id, suite_id, enrollment_id, organization_id, system_name, state, \
                 progress_done, progress_total, review_state, created_at, scheduled_at) VALUES ('run3', 'suite', \
                 'enr', 'org', 'Acme EHR', 'queued', 0, 3, 'open', {NOW}, {NOW})"
            ),
        )
        .await;
        run(
            store,
            &format!(
                "INSERT INTO conformance_certificates (id, organization_id, suite_id, suite_key, suite_version, run_id, \
                 system_name, packages, issued_at, expires_at, jws) VALUES ('cert2', 'org', 'suite', \
                 'patient-access', 2, 'run1', 'Acme EHR', '', {NOW}, {}, 'jws')",
                NOW + 400 * DAY_MS
            ),
        )
        .await;
        run(store, "UPDATE enrollment_risks SET status = 'closed'").await;
        let strict = Thresholds {
            error_min_requests: 31,
            ..Thresholds::default()
        };
        let left = detect(store.pool(), NOW, &strict).await.unwrap();
        let kinds: Vec<SignalKind> = left.iter().map(|signal| signal.kind).collect();
        assert_eq!(kinds, [SignalKind::CredentialExpiring]);
    }

    #[tokio::test]
    async fn link_targets_name_their_owner_and_page() {
        for (store, _dir) in stores().await {
            links_name_their_owner_and_page(&store).await;
        }
    }

    async fn links_name_their_owner_and_page(store: &Store) {
        seed(store).await;
        let pool = store.pool();
        let gate = link_target(pool, "gate", "enr:go-live")
            .await
            .unwrap()
            .unwrap();
        assert_eq!(gate.organization_id, "org");
        assert_eq!(gate.path, "/enrollments/enr#gate-go-live");
        assert_eq!(gate.label, "Gate go-live (Connected partner)");
        let step = link_target(pool, "step", "enr:configure")
            .await
            .unwrap()
            .unwrap();
        assert_eq!(step.id, "task");
        assert_eq!(step.path, "/enrollments/enr#task-configure");
        assert_eq!(link_target(pool, "step", "task").await.unwrap(), Some(step));
        let message = link_target(pool, "sandbox_message", "m3")
            .await
            .unwrap()
            .unwrap();
        assert_eq!(message.path, "/environments/env/messages/m3");
        assert!(message
            .label
            .starts_with("POST /sandbox/env/fhir/Patient → 422 (2026-03-02 13:10 UTC)"));
        for (kind, id, path) in [
            ("enrollment", "enr", "/enrollments/enr"),
            ("test_run", "run2", "/runs/run2"),
            ("credential", "client", "/environments/env"),
            ("environment", "env", "/environments/env"),
            ("certificate", "cert", "/verify/cert"),
        ] {
            let target = link_target(pool, kind, id).await.unwrap().unwrap();
            assert_eq!((target.kind.as_str(), target.path.as_str()), (kind, path));
            assert_eq!(target.organization_id, "org");
        }
        assert_eq!(link_target(pool, "gate", "enr").await.unwrap(), None);
        assert_eq!(link_target(pool, "enrollment", "nope").await.unwrap(), None);
        assert_eq!(link_target(pool, "ticket", "enr").await.unwrap(), None);

        let choices = link_choices(pool, "org", 2).await.unwrap();
        let kinds: Vec<&str> = choices.iter().map(|choice| choice.kind.as_str()).collect();
        assert_eq!(
            kinds,
            [
                "enrollment",
                "step",
                "gate",
                "gate",
                "test_run",
                "test_run",
                "sandbox_message",
                "sandbox_message",
                "credential",
                "credential",
                "environment",
                "certificate",
            ]
        );
        assert_eq!(choices[4].id, "run2");
        assert_eq!(choices[6].id, "m29");
        assert!(link_choices(pool, "other", 5).await.unwrap().is_empty());
    }
}
