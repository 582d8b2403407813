//! The platform tables every feature shares: the audit chain ([`audit`]), the clock the store
//! stamps times with ([`clock`]), the durable job queue ([`jobs`]), instance secrets
//! ([`secrets`]), the outbox of domain events and mail ([`outbox`]), and webhook subscriptions
//! and deliveries ([`webhooks`]), and the retention of their bookkeeping rows ([`retention`]).

pub mod audit;
pub mod clock;
pub mod jobs;
pub mod outbox;
pub mod retention;
pub mod secrets;
pub mod webhooks;
