//! The training pages: `catalogue` (a person's requirements, progress, credits and
//! certificates; the courses; a course; a module), `attempts` (an attempt to take, its result,
//! the trainers' grading), `people` (a partner admin's people, job roles and assignments; one
//! person's learning), `reports` (coverage, completions, pass rates, credits, CSV),
//! `certificates` (the public verify page, its PDF, revocation) and `sessions` (live sessions,
//! registration, attendance).

pub mod attempts;
pub mod catalogue;
pub mod certificates;
pub mod people;
pub mod reports;
pub mod sessions;
