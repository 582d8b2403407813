//! The audit trail's server side: the chain and signing keys read from files outside the database
//! ([`keys`]), signed checkpoints ([`checkpoint`]), the trail for program admins as a page
//! ([`pages`]), API ([`api`]) and filtered list ([`log`]), and its export as FHIR `AuditEvent`s
//! ([`export`]).

pub mod api;
pub mod checkpoint;
pub mod export;
pub mod keys;
pub mod log;
pub mod pages;
