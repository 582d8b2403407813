//! The partner registry: organizations as they apply, are verified and move through their
//! lifecycle, the tiers they reach, and the agreements they sign.
//!
//! - [`partner`]: an organization's profile as it applies (category, type, size, country, web
//!   domain, identifiers), parsed at the edge.
//! - [`lifecycle`]: applied → under review → active → suspended → retired, and who may move it.
//! - [`evidence`]: the kinds of verification evidence, as words.
//! - [`tier`]: public, registered, collaborative — computed from conditions, with the checklist.
//! - [`agreement`]: agreement kinds and the draft → published → retired template lifecycle.

pub mod agreement;
pub mod evidence;
pub mod lifecycle;
pub mod partner;
pub mod tier;
