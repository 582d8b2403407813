//! The integration tests of `onramp-fhir`, one binary (see STYLE.md): one module per area.

mod shared;

mod fhirpath_invariants;
mod fhirpath_suite;
mod model;
mod packages;
