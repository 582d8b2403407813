//! Tests of `onramp fhirpath`.
