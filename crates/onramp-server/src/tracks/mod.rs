//! Onboarding tracks and enrollments: the track catalogue (built-in and uploaded versions), an
//! organization's enrollment with its tasks, gates computed from evidence, the forecast of its end
//! date with its uncertainty, and its timeline.
//!
//! Its parts: [`services`] (one transaction each, with its audit event and outbox events, each
//! refreshing the enrollment's gates and forecast), [`pages`], [`api`], [`timeline`] (the Gantt
//! chart and the downloads) and [`routes`] (its rows of the route table).

pub mod api;
pub mod pages;
pub mod routes;
pub mod services;
pub mod timeline;

pub use routes::routes;

/// Adds the job kinds of tracks: the refresh that follows registry events, and the sweep every six
/// hours (forecasts from today, signals' risks, reminders).
pub fn register_jobs(registry: &mut crate::platform::jobs::Registry) {
    registry.register(
        services::refresh::REFRESH_JOB,
        services::refresh::refresh_job,
    );
    registry.register_recurring(
        services::reminders::SWEEP_JOB,
        std::time::Duration::from_secs(6 * 3_600),
        services::reminders::sweep_job,
    );
}

/// The events whose organizations' enrollments are refreshed, and the job that does it.
pub fn event_listener() -> crate::platform::outbox::Listener {
    crate::platform::outbox::Listener {
        event_types: services::refresh::REFRESHING_EVENTS,
        job_kind: services::refresh::REFRESH_JOB,
    }
}
