//! The tracks pages: the catalogue and uploads ([`catalogue`]), the program view and enrolling
//! ([`program`]), one enrollment with its timeline and work ([`enrollment`]), and "my tasks".

pub mod catalogue;
pub mod enrollment;
pub mod program;
