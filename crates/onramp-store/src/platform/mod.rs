//! The platform tables every feature shares: the durable job queue ([`jobs`]), the outbox of
//! domain events and mail ([`outbox`]), and webhook subscriptions and deliveries ([`webhooks`]).

pub mod jobs;
pub mod outbox;
pub mod webhooks;
