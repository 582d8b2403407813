//! Webhook subscriptions as their owners manage them: a program admin's are program-wide, a
//! partner admin's receive only their own organization's events, and each sees only their own
//! scope (another scope's id is "not found"). Create (the secret shown once), rotate the secret,
//! delete, the delivery log, "send again" and "send test event" — every change audited in its
//! transaction.

use onramp_core::platform::outbox::{is_event_type, EVENT_TYPES, PROGRAM_EVENT_TYPES};
use onramp_core::Role;
use onramp_store::accounts::users::User;
use onramp_store::platform::audit::{self, Change};
use onramp_store::platform::outbox;
use onramp_store::platform::webhooks::{
    self as store, Attempt, Delivery, NewSubscription, Scope, Subscription,
};
use onramp_store::StoreError;

use crate::platform::webhooks::{check_url, enqueue_delivery, new_secret, ROTATION_GRACE_MS};
use crate::state::AppState;
use crate::web::actor::Actor;
use crate::web::error::{AppError, FieldError};

/// Subscriptions per scope, so that one owner cannot make every event fan out without bound.
const MAX_SUBSCRIPTIONS: usize = 20;

/// The actor's scope: a program admin's is the program, a partner admin's their organization.
pub fn scope_of(actor: &Actor) -> Result<(&User, Scope), AppError> {
    let user = actor.user().ok_or(AppError::Unauthenticated)?;
    match (user.role, &user.organization_id) {
        (Role::ProgramAdmin, _) => Ok((user, Scope::Program)),
        (Role::PartnerAdmin, Some(organization_id)) => {
            Ok((user, Scope::Organization(organization_id.clone())))
        }
        _ => Err(AppError::Forbidden),
    }
}

fn not_found(error: StoreError) -> AppError {
    match error {
        StoreError::NotFound => AppError::NotFound("webhook subscription"),
        other => other.into(),
    }
}

fn scope_label(scope: &Scope) -> String {
    match scope {
        Scope::Program => "program-wide".to_owned(),
        Scope::Organization(id) => format!("for organization {id}"),
    }
}

/// Creates a subscription; its secret is in the result, shown to the caller once.
pub async fn create(
    state: &AppState,
    actor: &Actor,
    url: &str,
    event_types: &[String],
) -> Result<Subscription, AppError> {
    let (user, scope) = scope_of(actor)?;
    let mut fields = Vec::new();
    let url = match check_url(url, state.config.webhook_allow_private_addresses) {
        Ok(url) => Some(url),
        Err(message) => {
            fields.push(FieldError::new("url", message));
            None
        }
    };
    let mut types: Vec<String> = event_types
        .iter()
        .map(|text| text.trim().to_owned())
        .filter(|text| !text.is_empty())
        .collect();
    types.sort_unstable();
    types.dedup();
    if types.is_empty() {
        fields.push(FieldError::new("events", "choose at least one event type"));
    }
    if let Some(unknown) = types.iter().find(|text| !is_event_type(text)) {
        fields.push(FieldError::new(
            "events",
            format!(
                "`{unknown}` is not an event type; known: {}",
                EVENT_TYPES.join(", ")
            ),
        ));
    }
    if let Scope::Organization(_) = scope {
        if let Some(program_only) = types
            .iter()
            .find(|text| PROGRAM_EVENT_TYPES.contains(&text.as_str()))
        {
            fields.push(FieldError::new(
                "events",
                format!(
                    "`{program_only}` is about the program, not your organization: only program-wide subscriptions receive it"
                ),
            ));
        }
    }
    let Some(url) = url.filter(|_| fields.is_empty()) else {
        return Err(AppError::validation(fields));
    };
    if store::list(state.store.pool(), &scope).await?.len() >= MAX_SUBSCRIPTIONS {
        return Err(AppError::Conflict(format!(
            "at most {MAX_SUBSCRIPTIONS} subscriptions; delete one first"
        )));
    }
    let secret = new_secret();
    let now = state.clock.now_ms();
    let mut tx = state.store.begin().await?;
    let subscription = store::insert(
        &mut tx,
        &NewSubscription {
            scope: &scope,
            url: url.as_str(),
            event_types: &types,
            secret: &secret,
            created_by: &user.id,
        },
        now,
    )
    .await?;
    audit::append(
        &mut tx,
        &actor.audit_context(),
        Change {
            action: "webhook.created",
            entity_type: "webhook_subscription",
            entity_id: &subscription.id,
            organization_id: subscription.organization_id.as_deref(),
            summary: format!(
                "subscribed {} to {} ({})",
                subscription.url,
                types.join(", "),
                scope_label(&scope)
            ),
        },
    )
    .await?;
    tx.commit().await?;
    Ok(subscription)
}

pub async fn list(state: &AppState, actor: &Actor) -> Result<Vec<Subscription>, AppError> {
    let (_, scope) = scope_of(actor)?;
    Ok(store::list(state.store.pool(), &scope).await?)
}

pub async fn get(state: &AppState, actor: &Actor, id: &str) -> Result<Subscription, AppError> {
    let (_, scope) = scope_of(actor)?;
    store::find(state.store.pool(), &scope, id)
        .await
        .map_err(not_found)
}

pub async fn delete(state: &AppState, actor: &Actor, id: &str) -> Result<Subscription, AppError> {
    let (_, scope) = scope_of(actor)?;
    let mut tx = state.store.begin().await?;
    let subscription = store::delete(&mut tx, &scope, id)
        .await
        .map_err(not_found)?;
    audit::append(
        &mut tx,
        &actor.audit_context(),
        Change {
            action: "webhook.deleted",
            entity_type: "webhook_subscription",
            entity_id: &subscription.id,
            organization_id: subscription.organization_id.as_deref(),
            summary: format!("deleted the subscription of {}", subscription.url),
        },
    )
    .await?;
    tx.commit().await?;
    Ok(subscription)
}

/// A new secret; the previous one keeps signing (beside it) for a day.
pub async fn rotate_secret(
    state: &AppState,
    actor: &Actor,
    id: &str,
) -> Result<Subscription, AppError> {
    let (_, scope) = scope_of(actor)?;
    let now = state.clock.now_ms();
    let mut tx = state.store.begin().await?;
    let subscription = store::rotate_secret(
        &mut tx,
        &scope,
        id,
        &new_secret(),
        now + ROTATION_GRACE_MS,
        now,
    )
    .await
    .map_err(|error| match error {
        StoreError::Conflict(message) => AppError::StaleState(message),
        other => not_found(other),
    })?;
    audit::append(
        &mut tx,
        &actor.audit_context(),
        Change {
            action: "webhook.secret_rotated",
            entity_type: "webhook_subscription",
            entity_id: &subscription.id,
            organization_id: subscription.organization_id.as_deref(),
            summary: format!(
                "rotated the secret of the subscription of {}; the previous one signs too for 24 hours",
                subscription.url
            ),
        },
    )
    .await?;
    tx.commit().await?;
    Ok(subscription)
}

/// The subscription's deliveries, newest first, each with its attempts.
pub async fn deliveries(
    state: &AppState,
    actor: &Actor,
    id: &str,
) -> Result<Vec<(Delivery, Vec<Attempt>)>, AppError> {
    let subscription = get(state, actor, id).await?;
    let pool = state.store.pool();
    let mut log = Vec::new();
    for delivery in store::deliveries(pool, &subscription.id, 100).await? {
        let attempts = store::attempts(pool, &subscription.id, &delivery.event_id).await?;
        log.push((delivery, attempts));
    }
    Ok(log)
}

/// Queues one delivery again ("send again"), with the same `webhook-id`.
pub async fn send_again(
    state: &AppState,
    actor: &Actor,
    id: &str,
    event_id: &str,
) -> Result<(), AppError> {
    let subscription = get(state, actor, id).await?;
    let now = state.clock.now_ms();
    let mut tx = state.store.begin().await?;
    store::reset_delivery(&mut tx, &subscription.id, event_id, now)
        .await
        .map_err(|error| match error {
            StoreError::NotFound => AppError::NotFound("delivery"),
            other => other.into(),
        })?;
    enqueue_delivery(&mut tx, now, &subscription.id, event_id).await?;
    audit::append(
        &mut tx,
        &actor.audit_context(),
        Change {
            action: "webhook.redelivery_requested",
            entity_type: "webhook_subscription",
            entity_id: &subscription.id,
            organization_id: subscription.organization_id.as_deref(),
            summary: format!(
                "asked to send event {event_id} to {} again",
                subscription.url
            ),
        },
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// Sends a `webhook.test` event to this subscription only; returns the event id.
pub async fn send_test(state: &AppState, actor: &Actor, id: &str) -> Result<String, AppError> {
    let subscription = get(state, actor, id).await?;
    let now = state.clock.now_ms();
    let mut tx = state.store.begin().await?;
    let data = serde_json::json!({
        "subscription_id": subscription.id,
        "message": "A test event from Onramp.",
    });
    // Not `outbox::emit`: a test event goes to this subscription, not to every subscriber.
    let event = outbox::insert_event(
        &mut tx,
        "webhook.test",
        subscription.organization_id.as_deref(),
        &data.to_string(),
        now,
    )
    .await?;
    store::insert_delivery(&mut tx, &subscription.id, &event.id, &event.event_type, now).await?;
    enqueue_delivery(&mut tx, now, &subscription.id, &event.id).await?;
    audit::append(
        &mut tx,
        &actor.audit_context(),
        Change {
            action: "webhook.test_sent",
            entity_type: "webhook_subscription",
            entity_id: &subscription.id,
            organization_id: subscription.organization_id.as_deref(),
            summary: format!("sent a test event to {}", subscription.url),
        },
    )
    .await?;
    tx.commit().await?;
    Ok(event.id)
}
