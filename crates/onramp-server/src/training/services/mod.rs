//! The functions that change training state, one transaction each with its audit event:
//! `courses` (versions, the built-in curricula), `files` (a course's images and attachments), `learners` (job roles, assignments),
//! `progress` (modules completed, courses done), `attempts` (drawing, submitting, grading),
//! `certificates` (issue, renewal by credits, verification, revocation, reminders, gate facts),
//! `sessions` (live sessions, registration, attendance, calendar files) and `reports`
//! (coverage, completions, pass rates, credits, xAPI statements).

pub mod attempts;
pub mod certificates;
pub mod courses;
pub mod files;
pub mod learners;
pub mod progress;
pub mod reports;
pub mod sessions;
