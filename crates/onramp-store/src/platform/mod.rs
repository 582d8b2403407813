//! The platform tables every feature shares: today, the durable job queue ([`jobs`]).

pub mod jobs;
