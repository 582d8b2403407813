//! Platform services every feature uses: the injectable [`clock`], the durable [`jobs`] (workers,
//! and the admin's service, page and API), the [`outbox`] of domain events and mail, signed
//! [`webhooks`] (delivery, subscriptions and their pages and API), outgoing [`mail`], request
//! [`metrics`], the operations endpoints ([`ops`]), the [`audit`] trail's keys, checkpoints, page,
//! API and export — and [`routes`], their rows of the route table.

pub mod audit;
pub mod clock;
pub mod jobs;
pub mod mail;
pub mod metrics;
pub mod ops;
pub mod outbox;
pub mod routes;
pub mod sealing;
pub mod webhooks;

pub use routes::routes;

/// The platform part of the OpenAPI document: its `/api/v1` operations and tags
/// (`crate::web::openapi` merges every feature's part).
#[derive(utoipa::OpenApi)]
#[openapi(
    paths(
        crate::platform::audit::api::list,
        crate::platform::jobs::api::list,
        crate::platform::jobs::api::retry,
        crate::platform::jobs::api::cancel,
        crate::platform::webhooks::api::create,
        crate::platform::webhooks::api::list,
        crate::platform::webhooks::api::get,
        crate::platform::webhooks::api::delete,
        crate::platform::webhooks::api::rotate_secret,
        crate::platform::webhooks::api::deliveries,
        crate::platform::webhooks::api::resend,
        crate::platform::webhooks::api::test,
        crate::platform::webhooks::api::get_email_preferences,
        crate::platform::webhooks::api::put_email_preferences,
    ),
    tags(
        (name = "audit", description = "The audit trail (program admins)"),
        (name = "jobs", description = "The background job queue (program admins)"),
        (name = "webhooks", description = "Signed webhook subscriptions (program admins: program-wide; partner admins: their organization's events)"),
    )
)]
pub struct ApiDoc;
