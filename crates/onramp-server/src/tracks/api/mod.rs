//! The tracks part of `/api/v1`: the track catalogue and uploads ([`tracks`]), enrollments, their
//! tasks, gates and timeline ([`enrollments`]), and a person's open tasks.

pub mod enrollments;
pub mod tracks;

/// The tracks part of the OpenAPI document.
#[derive(utoipa::OpenApi)]
#[openapi(
    paths(
        crate::tracks::api::tracks::list,
        crate::tracks::api::tracks::upload,
        crate::tracks::api::tracks::get,
        crate::tracks::api::enrollments::list,
        crate::tracks::api::enrollments::create,
        crate::tracks::api::enrollments::get,
        crate::tracks::api::enrollments::timeline,
        crate::tracks::api::enrollments::update_task,
        crate::tracks::api::enrollments::attest,
        crate::tracks::api::enrollments::approve,
        crate::tracks::api::enrollments::override_gate,
        crate::tracks::api::enrollments::my_tasks,
        crate::tracks::api::enrollments::upload_document,
        crate::tracks::api::enrollments::accept_document,
        crate::tracks::api::enrollments::add_risk,
        crate::tracks::api::enrollments::update_risk,
    ),
    tags(
        (name = "tracks", description = "Onboarding tracks: versioned definitions of phases, steps, gates and risks"),
        (name = "enrollments", description = "Organizations' runs through tracks: tasks, gates, forecasts and timelines"),
    )
)]
pub struct ApiDoc;
