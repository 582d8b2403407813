//! The functions that change environments and their clients (one transaction each, with its
//! audit event), the reminders before a client expires, and the FHIR engines sandboxes validate
//! with.

pub mod clients;
pub mod engines;
pub mod environments;
pub mod expiry;
