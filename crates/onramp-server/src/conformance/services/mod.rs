//! The functions that change conformance state, one transaction each with its audit event:
//! `suites` (versions), `runs` (starting), `execute` (the run job), `message_tests` (judging the
//! sandbox log), `review` (submission, comments, overrides, re-tests, sign-off) and
//! `certificates` (issue, verify, revoke, reminders, gate facts).

pub mod certificates;
pub mod execute;
pub mod message_tests;
pub mod report;
pub mod review;
pub mod runs;
pub mod suites;
