//! Platform services every feature uses: the injectable [`clock`] and the durable [`jobs`]
//! workers.

pub mod clock;
pub mod jobs;
