//! Platform services every feature uses: the injectable [`clock`], the durable [`jobs`] workers,
//! the [`outbox`] of domain events and mail, and signed [`webhooks`].

pub mod clock;
pub mod jobs;
pub mod outbox;
pub mod webhooks;
