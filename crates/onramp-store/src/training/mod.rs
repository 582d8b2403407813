//! Training and certification of partner staff: `courses` (every version of every course, never
//! edited), `files` (a course's images and attachments), `learners` (people's job roles and the courses assigned to them), `progress` (who is
//! in which course version and the modules they completed, with the credits earned), `attempts`
//! (assessment attempts with their drawn questions, answers and grades), `certificates` (people's
//! certificates, renewals, revocation and expiry notices), `sessions` (live sessions, registrations
//! and attendance) and `reports` (coverage per organization, completions, pass rates, credits;
//! docs/adr/0011-training.md).

pub mod attempts;
pub mod certificates;
pub mod courses;
pub mod files;
pub mod learners;
pub mod progress;
pub mod reports;
pub mod sessions;
