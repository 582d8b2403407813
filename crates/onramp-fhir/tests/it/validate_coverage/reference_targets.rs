//! Fixtures for the rows this work package moved to implemented (its rows are in several parts of
//! `docs/validator-coverage/`).

use super::Fixture;

pub(super) const FIXTURES: &[Fixture] = &[];
