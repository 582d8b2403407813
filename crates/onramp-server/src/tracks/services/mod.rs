//! The functions that change tracks and enrollments — each one transaction with its audit event —
//! and the views pages and the API read.

pub mod calendars;
pub mod definitions;
pub mod documents;
pub mod enrollments;
pub mod facts;
pub mod record;
pub mod refresh;
pub mod reminders;
pub mod risks;
pub mod work;
