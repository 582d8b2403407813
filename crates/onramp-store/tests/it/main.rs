//! Store integration tests.
