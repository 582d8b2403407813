//! Conformance testing: `suites` (every version of every suite, never edited), `runs` (a run of a
//! suite for an enrollment, its tests' results and evidence, overrides, re-test requests and the
//! review thread), `certificates` (what a signed-off run earns, with revocation) and `log` (the
//! sandbox message log read in pages for the message tests; docs/adr/0010-conformance-testing.md).

pub mod certificates;
pub mod log;
pub mod runs;
pub mod suites;
