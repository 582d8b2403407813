//! Tests: packages.
