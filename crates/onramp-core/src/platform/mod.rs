//! Rules of the platform services every feature uses: the job queue's states and retry schedule
//! ([`jobs`]), and the outbox's event types and mail families ([`outbox`]).

pub mod jobs;
pub mod outbox;
