//! The platform tables every feature shares: the audit chain ([`audit`]), the clock the store
//! stamps times with ([`clock`]), the durable job queue ([`jobs`]) and instance secrets
//! ([`secrets`]).

pub mod audit;
pub mod clock;
pub mod jobs;
pub mod secrets;
