//! The conformance pages: `suites` (the program's suites, coverage, versions and diffs, and the
//! upload), `runs` (an enrollment's conformance page, a run with its progress, tests, evidence,
//! comments and review actions, the reviewers' queue) and `certificates` (the public verify page,
//! its PDF and key set, the public registry, revocation).

pub mod certificates;
pub mod runs;
pub mod suites;
