//! Webhook delivery: the Standard Webhooks signature, the URL rules (SSRF), and the
//! `webhook.deliver` job that POSTs one event to one subscription.
//!
//! # How is a message signed?
//!
//! As the Standard Webhooks specification describes: the headers `webhook-id` (the event id, the
//! same on every attempt, so receivers can drop duplicates), `webhook-timestamp` (Unix seconds)
//! and `webhook-signature`: `v1,` + base64(HMAC-SHA256(key, "{id}.{timestamp}.{body}")), where the
//! key is the base64-decoded part of the secret after `whsec_`. After a rotation the previous
//! secret signs too for [`ROTATION_GRACE_MS`], the two signatures separated by a space.
//!
//! # Which URLs may be called?
//!
//! `https` URLs whose every resolved address is public. With `webhook_allow_private_addresses`
//! (development and tests) also `http`, loopback, private and link-local addresses. The check is
//! made when the subscription is created and again by the resolver on every delivery (so a DNS
//! answer that changed to a private address is refused then); redirects are not followed.
//!
//! # How long are deliveries retried?
//!
//! [`MAX_ATTEMPTS`] attempts on the job queue's backoff (2^n s, capped at an hour): about a day.
//! When the last one fails the delivery is `failed`, the subscription `failing`, and its owner is
//! mailed; a later success makes it `active` again.
//!
//! The owners' side is [`service`] (subscriptions, rotation, send again, test events), [`pages`] and [`api`].

pub mod api;
pub mod pages;
pub mod service;

use std::net::IpAddr;
use std::sync::OnceLock;
use std::time::{Duration, Instant};

use base64::engine::general_purpose::STANDARD as BASE64;
use base64::Engine;
use hmac::{Hmac, Mac};
use onramp_core::platform::outbox::MailFamily;
use onramp_store::platform::jobs::{self, Job, NewJob};
use onramp_store::platform::outbox::{self, OutboxEvent};
use onramp_store::platform::webhooks::{self, AttemptOutcome, Subscription};
use onramp_store::{StoreError, Tx};
use serde::{Deserialize, Serialize};
use sha2::Sha256;

use crate::platform::jobs::{JobError, Registry};
use crate::state::AppState;

/// Delivers one event to one subscription.
pub const DELIVER: &str = "webhook.deliver";
/// 11 attempts take about an hour (2 s … 34 min), then one an hour: 35 attempts span about a day.
pub const MAX_ATTEMPTS: i64 = 35;
/// How long the previous secret keeps signing after a rotation.
pub const ROTATION_GRACE_MS: i64 = 24 * 3_600_000;
/// Secrets start with this (Standard Webhooks).
pub const SECRET_PREFIX: &str = "whsec_";

/// Adds the delivery job kind.
pub fn register(registry: &mut Registry) {
    registry.register(DELIVER, deliver);
}

/// A new secret: `whsec_` + base64 of 24 random bytes.
pub fn new_secret() -> String {
    use rand::RngCore;
    let mut bytes = [0_u8; 24];
    rand::rngs::OsRng.fill_bytes(&mut bytes);
    format!("{SECRET_PREFIX}{}", BASE64.encode(bytes))
}

/// `v1,<base64 signature>` of one message under one secret.
pub fn sign(secret: &str, message_id: &str, timestamp: i64, body: &str) -> Result<String, String> {
    let key = BASE64
        .decode(secret.strip_prefix(SECRET_PREFIX).unwrap_or(secret))
        .map_err(|error| format!("the secret is not base64: {error}"))?;
    let mut mac = Hmac::<Sha256>::new_from_slice(&key).map_err(|error| error.to_string())?;
    mac.update(format!("{message_id}.{timestamp}.{body}").as_bytes());
    Ok(format!("v1,{}", BASE64.encode(mac.finalize().into_bytes())))
}

/// The `webhook-signature` header: one signature per secret, space-separated.
pub fn signature_header(
    secrets: &[&str],
    message_id: &str,
    timestamp: i64,
    body: &str,
) -> Result<String, String> {
    let signatures = secrets
        .iter()
        .map(|secret| sign(secret, message_id, timestamp, body))
        .collect::<Result<Vec<_>, _>>()?;
    Ok(signatures.join(" "))
}

/// The JSON body a receiver gets: `{"type", "timestamp", "data"}`.
pub fn body_for(event: &OutboxEvent) -> String {
    let data: serde_json::Value =
        serde_json::from_str(&event.payload).unwrap_or(serde_json::Value::Null);
    let timestamp = jiff::Timestamp::from_millisecond(event.occurred_at)
        .map(|timestamp| timestamp.to_string())
        .unwrap_or_default();
    serde_json::json!({
        "id": event.id,
        "type": event.event_type,
        "timestamp": timestamp,
        "organization_id": event.organization_id,
        "data": data,
    })
    .to_string()
}

/// Whether an address is one a webhook may reach without `webhook_allow_private_addresses`.
pub fn is_public_address(address: IpAddr) -> bool {
    match address {
        IpAddr::V4(v4) => {
            let [a, b, ..] = v4.octets();
            !(v4.is_loopback()
                || v4.is_private()
                || v4.is_link_local()
                || v4.is_unspecified()
                || v4.is_broadcast()
                || v4.is_documentation()
                || v4.is_multicast()
                || a == 0
                || (a == 100 && (64..128).contains(&b)) // carrier-grade NAT
                || (a == 198 && (b == 18 || b == 19))) // benchmarking
        }
        IpAddr::V6(v6) => {
            if let Some(v4) = v6.to_ipv4_mapped() {
                return is_public_address(IpAddr::V4(v4));
            }
            let first = v6.segments().first().copied().unwrap_or(0);
            !(v6.is_loopback()
                || v6.is_unspecified()
                || v6.is_multicast()
                || (first & 0xfe00) == 0xfc00 // unique local
                || (first & 0xffc0) == 0xfe80) // link-local
        }
    }
}

/// Checks a subscription URL's form (scheme, host, no credentials); the addresses are checked
/// on every delivery by the resolver.
pub fn check_url(text: &str, allow_private: bool) -> Result<url::Url, String> {
    let parsed = url::Url::parse(text.trim()).map_err(|error| format!("not a URL: {error}"))?;
    match parsed.scheme() {
        "https" => {}
        "http" if allow_private => {}
        "http" => return Err("a webhook URL must use https".to_owned()),
        _ => return Err("a webhook URL must use https".to_owned()),
    }
    if !parsed.username().is_empty() || parsed.password().is_some() {
        return Err("a webhook URL must not carry credentials".to_owned());
    }
    let Some(host) = parsed.host() else {
        return Err("a webhook URL needs a host".to_owned());
    };
    if !allow_private {
        let literal = match host {
            url::Host::Ipv4(v4) => Some(IpAddr::V4(v4)),
            url::Host::Ipv6(v6) => Some(IpAddr::V6(v6)),
            url::Host::Domain(domain) => {
                if domain.eq_ignore_ascii_case("localhost") || domain.ends_with(".localhost") {
                    return Err("a webhook URL must reach a public address".to_owned());
                }
                None
            }
        };
        if literal.is_some_and(|address| !is_public_address(address)) {
            return Err("a webhook URL must reach a public address".to_owned());
        }
    }
    if text.len() > 2_000 {
        return Err("a webhook URL has at most 2000 characters".to_owned());
    }
    Ok(parsed)
}

/// Resolves like ureq's default resolver, then drops every address a webhook may not reach.
#[derive(Debug)]
struct GuardedResolver {
    allow_private: bool,
}

impl ureq::unversioned::resolver::Resolver for GuardedResolver {
    fn resolve(
        &self,
        uri: &ureq::http::Uri,
        config: &ureq::config::Config,
        timeout: ureq::unversioned::transport::NextTimeout,
    ) -> Result<ureq::unversioned::resolver::ResolvedSocketAddrs, ureq::Error> {
        let resolved = ureq::unversioned::resolver::DefaultResolver::default()
            .resolve(uri, config, timeout)?;
        if self.allow_private {
            return Ok(resolved);
        }
        let mut kept = self.empty();
        for address in resolved
            .iter()
            .filter(|address| is_public_address(address.ip()))
        {
            kept.push(*address);
        }
        if kept.is_empty() {
            Err(ureq::Error::BadUri(
                "the host resolves to no public address".to_owned(),
            ))
        } else {
            Ok(kept)
        }
    }
}

/// One HTTP agent per policy, shared so that connections to a receiver are reused: the guarded
/// agent every outbound call of Onramp uses (webhooks, clients' JWKS URLs), which reaches only
/// public addresses unless `allow_private`, follows no redirect and reads no status as an error.
pub fn agent(allow_private: bool) -> ureq::Agent {
    static STRICT: OnceLock<ureq::Agent> = OnceLock::new();
    static PERMISSIVE: OnceLock<ureq::Agent> = OnceLock::new();
    let cell = if allow_private { &PERMISSIVE } else { &STRICT };
    cell.get_or_init(|| {
        let config = ureq::Agent::config_builder()
            .http_status_as_error(false)
            .max_redirects(0)
            .user_agent("Onramp-Webhooks/1")
            .build();
        ureq::Agent::with_parts(
            config,
            ureq::unversioned::transport::DefaultConnector::default(),
            GuardedResolver { allow_private },
        )
    })
    .clone()
}

#[derive(Debug, Serialize, Deserialize)]
struct DeliveryJob {
    subscription_id: String,
    event_id: String,
}

/// Queues the delivery of `event_id` to `subscription_id` in `tx` (the delivery row must exist).
/// The unique key `webhook:<subscription>:<event>` keeps one live job per delivery.
pub async fn enqueue_delivery(
    tx: &mut Tx,
    now_ms: i64,
    subscription_id: &str,
    event_id: &str,
) -> Result<(), StoreError> {
    let payload = serde_json::to_string(&DeliveryJob {
        subscription_id: subscription_id.to_owned(),
        event_id: event_id.to_owned(),
    })
    .map_err(|error| StoreError::Corrupt(error.to_string()))?;
    jobs::enqueue(
        tx,
        &NewJob {
            kind: DELIVER,
            payload_json: &payload,
            unique_key: Some(&format!("webhook:{subscription_id}:{event_id}")),
            run_at: now_ms,
            max_attempts: MAX_ATTEMPTS,
        },
        now_ms,
    )
    .await?;
    Ok(())
}

/// What one POST came to.
struct Response {
    status: Option<u16>,
    error: Option<String>,
}

fn post(
    agent: &ureq::Agent,
    url: &str,
    headers: &[(&str, String)],
    body: String,
    timeout: Duration,
) -> Response {
    let mut request = agent
        .post(url)
        .config()
        .timeout_global(Some(timeout))
        .build();
    for (name, value) in headers {
        request = request.header(*name, value.as_str());
    }
    match request.send(body) {
        Ok(response) => {
            let status = response.status().as_u16();
            // Read (a little of) the body so that the connection can be reused.
            let _ = response
                .into_body()
                .with_config()
                .limit(64 * 1024)
                .read_to_vec();
            Response {
                status: Some(status),
                error: (!(200..300).contains(&status))
                    .then(|| format!("the receiver answered {status}")),
            }
        }
        Err(error) => Response {
            status: None,
            error: Some(error.to_string()),
        },
    }
}

async fn deliver(state: AppState, job: Job) -> Result<(), JobError> {
    let payload: DeliveryJob = serde_json::from_str(&job.payload)
        .map_err(|error| JobError::Permanent(format!("unreadable payload: {error}")))?;
    let pool = state.store.pool();
    let subscription = match webhooks::find_any(pool, &payload.subscription_id).await {
        Ok(subscription) => subscription,
        // Deleted meanwhile: nothing to deliver.
        Err(StoreError::NotFound) => return Ok(()),
        Err(other) => return Err(other.into()),
    };
    let delivery = match webhooks::find_delivery(pool, &subscription.id, &payload.event_id).await {
        Ok(delivery) => delivery,
        Err(StoreError::NotFound) => return Ok(()),
        Err(other) => return Err(other.into()),
    };
    if delivery.status == "delivered" || subscription.state == "disabled" {
        return Ok(());
    }
    let event = outbox::find_event(pool, &payload.event_id).await?;
    let body = body_for(&event);
    let now = state.clock.now_ms();
    let timestamp = now.div_euclid(1_000);
    let signature = signature_header(
        &subscription.signing_secrets(now),
        &event.id,
        timestamp,
        &body,
    )
    .map_err(JobError::Permanent)?;
    let headers = vec![
        ("content-type", "application/json".to_owned()),
        ("webhook-id", event.id.clone()),
        ("webhook-timestamp", timestamp.to_string()),
        ("webhook-signature", signature),
    ];
    let allow_private = state.config.webhook_allow_private_addresses;
    let timeout = Duration::from_millis(state.config.webhook_timeout_ms.max(100));
    let url = subscription.url.clone();
    let started = Instant::now();
    let response = tokio::task::spawn_blocking(move || {
        post(&agent(allow_private), &url, &headers, body, timeout)
    })
    .await
    .map_err(|error| JobError::Retry(format!("the delivery task failed: {error}")))?;
    let duration_ms = i64::try_from(started.elapsed().as_millis()).unwrap_or(i64::MAX);
    let last_attempt = job.attempts >= job.max_attempts;
    let status = match (&response.error, last_attempt) {
        (None, _) => "delivered",
        (Some(_), false) => "pending",
        (Some(_), true) => "failed",
    };
    let now = state.clock.now_ms();
    let mut tx = state.store.begin().await?;
    webhooks::record_attempt(
        &mut tx,
        &subscription.id,
        &event.id,
        &AttemptOutcome {
            attempt: delivery.attempts + 1,
            response_code: response.status.map(i64::from),
            duration_ms,
            error: response.error.as_deref(),
            status,
        },
        now,
    )
    .await?;
    if status == "delivered" {
        webhooks::set_state(&mut tx, &subscription.id, "failing", "active", now).await?;
    } else if status == "failed"
        && webhooks::set_state(&mut tx, &subscription.id, "active", "failing", now).await?
    {
        tell_owner(&state, &mut tx, &subscription, &event, now).await?;
    }
    tx.commit().await?;
    match response.error {
        None => Ok(()),
        Some(error) => Err(JobError::Retry(error)),
    }
}

/// Mails the subscription's creator that it stopped delivering.
async fn tell_owner(
    state: &AppState,
    tx: &mut Tx,
    subscription: &Subscription,
    event: &OutboxEvent,
    now: i64,
) -> Result<(), StoreError> {
    let owner = match onramp_store::accounts::users::find_by_id(tx.conn(), &subscription.created_by)
        .await
    {
        Ok(owner) if owner.active => owner,
        Ok(_) | Err(StoreError::NotFound) => return Ok(()),
        Err(other) => return Err(other),
    };
    let page = if subscription.organization_id.is_some() {
        "/partner/webhooks"
    } else {
        "/admin/webhooks"
    };
    let link = format!(
        "{}{page}/{}",
        state.config.public_base_url.trim_end_matches('/'),
        subscription.id
    );
    let body = format!(
        "Hello {name},\n\nThe webhook subscription to {url} could not deliver the event {event_id} \
         ({event_type}) after {MAX_ATTEMPTS} attempts over about a day, and is now marked failing. \
         New events are still attempted; a delivery that succeeds marks it active again. See the \
         delivery log, and send failed events again once the receiver is back:\n\n{link}\n",
        name = owner.name,
        url = subscription.url,
        event_id = event.id,
        event_type = event.event_type,
    );
    crate::platform::outbox::queue_mail(
        tx,
        now,
        crate::platform::outbox::Mail {
            family: MailFamily::Webhooks,
            to: &owner.email,
            subject: "An Onramp webhook subscription is failing",
            body,
            event_id: Some(&event.id),
        },
    )
    .await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_signature_matches_the_standard_webhooks_example() {
        // The example of the Standard Webhooks specification (standard-webhooks.md).
        let secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
        let body = r#"{"test": 2432232314}"#;
        let signature = sign(secret, "msg_p5jXN8AQM9LWM0D4loKWxJek", 1614265330, body);
        assert_eq!(
            signature.as_deref(),
            Ok("v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=")
        );
    }

    #[test]
    fn the_retries_span_about_a_day() {
        let waits_ms: i64 = (1..MAX_ATTEMPTS)
            .map(|attempt| onramp_core::platform::jobs::backoff_ms("delivery", attempt))
            .sum();
        let hours = waits_ms as f64 / 3_600_000.0;
        assert!((22.0..=32.0).contains(&hours), "{hours} hours");
    }

    #[test]
    fn private_addresses_are_refused_unless_allowed() {
        for address in [
            "127.0.0.1",
            "10.1.2.3",
            "192.168.0.1",
            "169.254.169.254",
            "::1",
            "fd00::1",
            "::ffff:10.0.0.1",
        ] {
            assert!(!is_public_address(address.parse().unwrap()), "{address}");
        }
        assert!(is_public_address("93.184.216.34".parse().unwrap()));
        assert!(check_url("http://127.0.0.1:9/hook", false).is_err());
        assert!(check_url("https://127.0.0.1:9/hook", false).is_err());
        assert!(check_url("https://localhost/hook", false).is_err());
        assert!(check_url("https://user:pw@example.org/hook", false).is_err());
        assert!(check_url("ftp://example.org/hook", true).is_err());
        assert!(check_url("https://example.org/hook", false).is_ok());
        assert!(check_url("http://127.0.0.1:9/hook", true).is_ok());
    }
}
