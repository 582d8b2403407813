//! Onramp's FHIR engine: FHIR packages, the type model built from StructureDefinitions, and a
//! FHIRPath evaluator. Synchronous; it never touches the network (except the package registry client,
//! which the caller asks for explicitly), the database or HTTP serving.
//!
//! # Overview
//!
//! - [`package`]: read FHIR NPM packages (`.tgz` or folders), their `.index.json`, dependencies, the
//!   shared `~/.fhir/packages` cache, and canonical URL resolution.
//! - [`model`]: the element tree of every type and resource, from the StructureDefinitions.
//! - [`fhirpath`]: a FHIRPath parser and evaluator over resource JSON, typed by the model.
//! - [`search`]: FHIR R4 search: the SearchParameters of the packages, index values extracted from
//!   resources, search query parsing and the range semantics of the comparison prefixes.
//! - [`testscript`]: a FHIR R4 TestScript engine: scripts checked, run against one server through
//!   a caller's transport, TestReports produced.
#![deny(clippy::panic, clippy::indexing_slicing)]

pub mod fhirpath;
pub mod json;
pub mod model;
pub mod outcome;
pub mod package;
pub mod search;
#[cfg(feature = "testing")]
pub mod testing;
pub mod testscript;
pub mod validate;
