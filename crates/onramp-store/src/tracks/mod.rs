//! Onboarding tracks and enrollments: `definitions` (every version of every track, with its
//! source), `enrollments` (an organization's run through a track version, with its stored
//! baseline and forecast figures), `tasks` (the enrollment's steps and their comments) and
//! `gates` (each gate as last evaluated, its override, and the evidence people gave it) and
//! `risks` (the risk register).

pub mod definitions;
pub mod enrollments;
pub mod gates;
pub mod risks;
pub mod tasks;
