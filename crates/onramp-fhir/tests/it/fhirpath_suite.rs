//! Tests: fhirpath_suite.
