//! Tests: fhirpath_invariants.
