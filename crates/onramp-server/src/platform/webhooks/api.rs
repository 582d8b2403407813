//! `/api/v1/webhooks`: webhook subscriptions of the caller's scope (program admins: program-wide;
//! partner admins: their organization's events), their deliveries, secret rotation, "send again"
//! and a test event; and `/api/v1/me/email-preferences`.

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::Json;
use onramp_store::platform::webhooks::{Attempt, Delivery, Subscription};
use serde::{Deserialize, Serialize};

use crate::accounts::services::email_preferences;
use crate::platform::webhooks::service as webhooks;
use crate::state::AppState;
use crate::web::actor::CurrentUser;
use crate::web::error::{ApiResult, Problem};
use crate::web::extract::ApiJson;
use crate::web::openapi::problem;

fn rfc3339(ms: i64) -> String {
    jiff::Timestamp::from_millisecond(ms)
        .map(|timestamp| timestamp.to_string())
        .unwrap_or_default()
}

/// A subscription as listed: never its secret.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct SubscriptionView {
    pub id: String,
    pub url: String,
    pub events: Vec<String>,
    /// `active`, `failing` or `disabled`.
    pub state: String,
    /// `null` for program-wide subscriptions.
    pub organization_id: Option<String>,
    pub created_at: String,
}

impl From<Subscription> for SubscriptionView {
    fn from(subscription: Subscription) -> Self {
        SubscriptionView {
            id: subscription.id,
            url: subscription.url,
            events: subscription.event_types,
            state: subscription.state,
            organization_id: subscription.organization_id,
            created_at: rfc3339(subscription.created_at),
        }
    }
}

/// A subscription with its secret: only in the answer that made (or rotated) it. Its `id` is the
/// subscription's, once (`details` carries it).
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct SubscriptionWithSecret {
    /// `whsec_…`: the signing key, shown once.
    pub secret: String,
    #[serde(flatten)]
    pub details: SubscriptionView,
}

impl From<Subscription> for SubscriptionWithSecret {
    fn from(subscription: Subscription) -> Self {
        SubscriptionWithSecret {
            secret: subscription.secret.clone(),
            details: subscription.into(),
        }
    }
}

#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewSubscription {
    /// `https://…` (plain `http` and private addresses only where the deployment allows them).
    pub url: String,
    /// Event types, e.g. `["organization.applied", "agreement.signed"]`.
    pub events: Vec<String>,
}

/// Subscribe a URL to events
///
/// Program admins subscribe to the whole program's events, partner admins to their
/// organization's. The signing secret is in the answer, and only there.
#[utoipa::path(
    post, path = "/api/v1/webhooks", tag = "webhooks", operation_id = "createWebhook",
    request_body = NewSubscription,
    responses(
        (status = 201, description = "Created; the secret is shown this once", body = SubscriptionWithSecret),
        problem::Malformed,
        problem::Unauthenticated,
        (status = 403, description = "Not a program admin or partner admin, or a session's write from another site", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "The scope has as many subscriptions as allowed; delete one first", body = Problem, content_type = "application/problem+json"),
        problem::TooLarge,
        (status = 422, description = "A URL that is not allowed or an unknown event type", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []), ("session" = []))
)]
pub async fn create(
    State(state): State<AppState>,
    CurrentUser(_, actor): CurrentUser,
    ApiJson(new): ApiJson<NewSubscription>,
) -> ApiResult<(StatusCode, Json<SubscriptionWithSecret>)> {
    let subscription = webhooks::create(&state, &actor, &new.url, &new.events).await?;
    Ok((StatusCode::CREATED, Json(subscription.into())))
}

/// List webhook subscriptions
#[utoipa::path(
    get, path = "/api/v1/webhooks", tag = "webhooks", operation_id = "listWebhooks",
    responses(
        (status = 200, description = "The subscriptions of the caller's scope", body = [SubscriptionView]),
        problem::Unauthenticated,
        problem::Forbidden,
        problem::Invalid,
    ),
    security(("bearer" = []), ("session" = []))
)]
pub async fn list(
    State(state): State<AppState>,
    CurrentUser(_, actor): CurrentUser,
) -> ApiResult<Json<Vec<SubscriptionView>>> {
    let subscriptions = webhooks::list(&state, &actor).await?;
    Ok(Json(subscriptions.into_iter().map(Into::into).collect()))
}

/// Get a webhook subscription
#[utoipa::path(
    get, path = "/api/v1/webhooks/{id}", tag = "webhooks", operation_id = "getWebhook",
    params(("id" = String, Path, description = "The subscription's id")),
    responses(
        (status = 200, description = "The subscription", body = SubscriptionView),
        problem::Unauthenticated,
        problem::Forbidden,
        (status = 404, description = "No subscription of the caller's scope has this id", body = Problem, content_type = "application/problem+json"),
        problem::Invalid,
    ),
    security(("bearer" = []), ("session" = []))
)]
pub async fn get(
    State(state): State<AppState>,
    CurrentUser(_, actor): CurrentUser,
    Path(id): Path<String>,
) -> ApiResult<Json<SubscriptionView>> {
    Ok(Json(webhooks::get(&state, &actor, &id).await?.into()))
}

/// Delete a webhook subscription
#[utoipa::path(
    delete, path = "/api/v1/webhooks/{id}", tag = "webhooks", operation_id = "deleteWebhook",
    params(("id" = String, Path, description = "The subscription's id")),
    responses(
        (status = 204, description = "Deleted, with its delivery log"),
        problem::Unauthenticated,
        problem::Forbidden,
        (status = 404, description = "No subscription of the caller's scope has this id", body = Problem, content_type = "application/problem+json"),
        problem::Invalid,
    ),
    security(("bearer" = []), ("session" = []))
)]
pub async fn delete(
    State(state): State<AppState>,
    CurrentUser(_, actor): CurrentUser,
    Path(id): Path<String>,
) -> ApiResult<StatusCode> {
    webhooks::delete(&state, &actor, &id).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Rotate a webhook's signing secret
#[utoipa::path(
    post, path = "/api/v1/webhooks/{id}/rotate-secret", tag = "webhooks", operation_id = "rotateWebhookSecret",
    params(("id" = String, Path, description = "The subscription's id")),
    responses(
        (status = 200, description = "A new secret, shown this once; the previous one also signs for 24 hours", body = SubscriptionWithSecret),
        problem::Unauthenticated,
        problem::Forbidden,
        (status = 404, description = "No subscription of the caller's scope has this id", body = Problem, content_type = "application/problem+json"),
        problem::Conflict,
        problem::Invalid,
    ),
    security(("bearer" = []), ("session" = []))
)]
pub async fn rotate_secret(
    State(state): State<AppState>,
    CurrentUser(_, actor): CurrentUser,
    Path(id): Path<String>,
) -> ApiResult<Json<SubscriptionWithSecret>> {
    Ok(Json(
        webhooks::rotate_secret(&state, &actor, &id).await?.into(),
    ))
}

/// One attempt of a delivery.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct AttemptView {
    pub attempt: i64,
    pub response_code: Option<i64>,
    pub duration_ms: i64,
    pub error: Option<String>,
    pub attempted_at: String,
}

/// One event's delivery to the subscription.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct DeliveryView {
    /// The `webhook-id` the receiver saw.
    pub event_id: String,
    pub event_type: String,
    /// `pending`, `delivered` or `failed`.
    pub status: String,
    pub attempts: i64,
    pub response_code: Option<i64>,
    pub duration_ms: Option<i64>,
    pub last_error: Option<String>,
    pub created_at: String,
    pub delivered_at: Option<String>,
    pub log: Vec<AttemptView>,
}

fn delivery_view((delivery, attempts): (Delivery, Vec<Attempt>)) -> DeliveryView {
    DeliveryView {
        event_id: delivery.event_id,
        event_type: delivery.event_type,
        status: delivery.status,
        attempts: delivery.attempts,
        response_code: delivery.response_code,
        duration_ms: delivery.duration_ms,
        last_error: delivery.last_error,
        created_at: rfc3339(delivery.created_at),
        delivered_at: delivery.delivered_at.map(rfc3339),
        log: attempts
            .into_iter()
            .map(|attempt| AttemptView {
                attempt: attempt.attempt,
                response_code: attempt.response_code,
                duration_ms: attempt.duration_ms,
                error: attempt.error,
                attempted_at: rfc3339(attempt.attempted_at),
            })
            .collect(),
    }
}

/// List a webhook's deliveries
#[utoipa::path(
    get, path = "/api/v1/webhooks/{id}/deliveries", tag = "webhooks", operation_id = "listWebhookDeliveries",
    params(("id" = String, Path, description = "The subscription's id")),
    responses(
        (status = 200, description = "The latest 100 deliveries, newest first, with every attempt", body = [DeliveryView]),
        problem::Unauthenticated,
        problem::Forbidden,
        (status = 404, description = "No subscription of the caller's scope has this id", body = Problem, content_type = "application/problem+json"),
        problem::Invalid,
    ),
    security(("bearer" = []), ("session" = []))
)]
pub async fn deliveries(
    State(state): State<AppState>,
    CurrentUser(_, actor): CurrentUser,
    Path(id): Path<String>,
) -> ApiResult<Json<Vec<DeliveryView>>> {
    let log = webhooks::deliveries(&state, &actor, &id).await?;
    Ok(Json(log.into_iter().map(delivery_view).collect()))
}

#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Resend {
    /// The event to send again.
    pub event_id: String,
}

/// Send a webhook delivery again
#[utoipa::path(
    post, path = "/api/v1/webhooks/{id}/resend", tag = "webhooks", operation_id = "resendWebhookDelivery",
    params(("id" = String, Path, description = "The subscription's id")),
    request_body = Resend,
    responses(
        (status = 202, description = "Queued again, with the same webhook-id"),
        problem::Malformed,
        problem::Unauthenticated,
        problem::Forbidden,
        (status = 404, description = "No such subscription in the caller's scope, or no such delivery", body = Problem, content_type = "application/problem+json"),
        problem::Conflict,
        problem::TooLarge,
        problem::Invalid,
    ),
    security(("bearer" = []), ("session" = []))
)]
pub async fn resend(
    State(state): State<AppState>,
    CurrentUser(_, actor): CurrentUser,
    Path(id): Path<String>,
    ApiJson(resend): ApiJson<Resend>,
) -> ApiResult<StatusCode> {
    webhooks::send_again(&state, &actor, &id, &resend.event_id).await?;
    Ok(StatusCode::ACCEPTED)
}

/// The test event queued.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct TestEventView {
    pub event_id: String,
}

/// Send a test event to a webhook
#[utoipa::path(
    post, path = "/api/v1/webhooks/{id}/test", tag = "webhooks", operation_id = "sendWebhookTest",
    params(("id" = String, Path, description = "The subscription's id")),
    responses(
        (status = 202, description = "A `webhook.test` event is queued for this subscription", body = TestEventView),
        problem::Unauthenticated,
        problem::Forbidden,
        (status = 404, description = "No subscription of the caller's scope has this id", body = Problem, content_type = "application/problem+json"),
        problem::Invalid,
    ),
    security(("bearer" = []), ("session" = []))
)]
pub async fn test(
    State(state): State<AppState>,
    CurrentUser(_, actor): CurrentUser,
    Path(id): Path<String>,
) -> ApiResult<(StatusCode, Json<TestEventView>)> {
    let event_id = webhooks::send_test(&state, &actor, &id).await?;
    Ok((StatusCode::ACCEPTED, Json(TestEventView { event_id })))
}

/// One mail family and whether the caller gets it.
#[derive(Debug, Serialize, Deserialize, utoipa::ToSchema)]
pub struct EmailPreference {
    /// `account` (always on), `registry`, `agreements`, `webhooks`.
    pub family: String,
    pub enabled: bool,
    /// Whether it can be turned off.
    #[serde(default)]
    pub optional: bool,
}

fn preference_views(
    preferences: Vec<(onramp_core::platform::outbox::MailFamily, bool)>,
) -> Vec<EmailPreference> {
    preferences
        .into_iter()
        .map(|(family, enabled)| EmailPreference {
            family: family.as_str().to_owned(),
            enabled,
            optional: family.optional(),
        })
        .collect()
}

/// Get your email preferences
#[utoipa::path(
    get, path = "/api/v1/me/email-preferences", tag = "account", operation_id = "getEmailPreferences",
    responses(
        (status = 200, description = "Every mail family and whether the caller gets it", body = [EmailPreference]),
        problem::Unauthenticated,
        problem::Invalid,
    ),
    security(("bearer" = []), ("session" = []))
)]
pub async fn get_email_preferences(
    State(state): State<AppState>,
    CurrentUser(_, actor): CurrentUser,
) -> ApiResult<Json<Vec<EmailPreference>>> {
    Ok(Json(preference_views(
        email_preferences::get(&state, &actor).await?,
    )))
}

/// Set your email preferences
#[utoipa::path(
    put, path = "/api/v1/me/email-preferences", tag = "account", operation_id = "setEmailPreferences",
    request_body = [EmailPreference],
    responses(
        (status = 200, description = "Saved; every family and whether the caller gets it", body = [EmailPreference]),
        problem::Malformed,
        problem::Unauthenticated,
        problem::Forbidden,
        problem::TooLarge,
        (status = 422, description = "An unknown family, or account mail turned off", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []), ("session" = []))
)]
pub async fn put_email_preferences(
    State(state): State<AppState>,
    CurrentUser(_, actor): CurrentUser,
    ApiJson(choices): ApiJson<Vec<EmailPreference>>,
) -> ApiResult<Json<Vec<EmailPreference>>> {
    let choices: Vec<(String, bool)> = choices
        .into_iter()
        .map(|choice| (choice.family, choice.enabled))
        .collect();
    Ok(Json(preference_views(
        email_preferences::set(&state, &actor, &choices).await?,
    )))
}
