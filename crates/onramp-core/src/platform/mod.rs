//! Rules of the platform services every feature uses: today, the job queue's states and retry
//! schedule ([`jobs`]).

pub mod jobs;
