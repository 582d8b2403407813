//! The functions that change environments and their clients (one transaction each, with its
//! audit event), the FHIR engines sandboxes validate with, and the sandbox's FHIR storage.

pub mod clients;
pub mod engines;
pub mod environments;
