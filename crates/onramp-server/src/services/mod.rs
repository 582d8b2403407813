//! Service functions: one transaction each, with its audit event, called by both portal pages and
//! API handlers. Handlers parse input and present results; the rules live here and in `onramp-core`.

pub mod accounts;
pub mod audit_checkpoint;
pub mod audit_export;
pub mod audit_log;
pub mod email_preferences;
pub mod jobs;
pub mod login;
pub mod registry;
pub mod second_factor;
pub mod tokens;
pub mod webhooks;
