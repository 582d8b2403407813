//! The tracks feature's rows of the route table.

use axum::http::Method;

use crate::routes::{route, RouteKind, RouteSpec, PROGRAM_ADMIN, REVIEWERS};
use crate::web::access::Access;

/// Who may enroll an organization: reviewers any, partner admins their own in a track offered to
/// its tier (the service's rule).
const ENROLLERS: &[onramp_core::Role] = &[
    onramp_core::Role::ProgramAdmin,
    onramp_core::Role::OnboardingCoordinator,
    onramp_core::Role::PartnerAdmin,
];

/// Who may upload a document an enrollment asks for: coordinators, program admins, and the
/// partner's admins and developers.
const DOCUMENT_SENDERS: &[onramp_core::Role] = &[
    onramp_core::Role::ProgramAdmin,
    onramp_core::Role::OnboardingCoordinator,
    onramp_core::Role::PartnerAdmin,
    onramp_core::Role::PartnerDeveloper,
];

/// Who may attest a step's checklist: partner admins and developers (partner members read).
const ATTESTERS: &[onramp_core::Role] = &[
    onramp_core::Role::PartnerAdmin,
    onramp_core::Role::PartnerDeveloper,
];

/// The catalogue, the program view, enrollments and their work, "my tasks", and their API. Who
/// sees which enrollment is the service's rule (partner users their own organization's, staff
/// all); the table says who may call each route at all.
pub fn routes() -> Vec<RouteSpec> {
    use crate::tracks::api::{enrollments as api_enrollments, tracks as api_tracks};
    use crate::tracks::pages::{catalogue, enrollment, program};
    use Access::*;
    use RouteKind::*;
    let (get, post) = (|| Method::GET, || Method::POST);
    vec![
        route(get(), "/tracks", Page, SignedIn, catalogue::show),
        route(
            post(),
            "/tracks",
            Page,
            Roles(PROGRAM_ADMIN),
            catalogue::upload,
        ),
        route(get(), "/tracks/{key}", Page, SignedIn, catalogue::track),
        route(get(), "/enrollments", Page, SignedIn, program::show),
        route(
            post(),
            "/enrollments",
            Page,
            Roles(ENROLLERS),
            program::enroll,
        ),
        route(get(), "/enrollments.csv", Page, SignedIn, program::download),
        route(get(), "/tasks", Page, SignedIn, program::my_tasks),
        route(get(), "/enrollments/{id}", Page, SignedIn, enrollment::show),
        route(
            get(),
            "/enrollments/{id}/timeline.csv",
            Page,
            SignedIn,
            enrollment::timeline_csv,
        ),
        route(
            get(),
            "/enrollments/{id}/timeline.ics",
            Page,
            SignedIn,
            enrollment::timeline_ics,
        ),
        route(
            post(),
            "/enrollments/{id}/tasks/{task_id}/status",
            Page,
            SignedIn,
            enrollment::set_status,
        ),
        route(
            post(),
            "/enrollments/{id}/tasks/{task_id}/comments",
            Page,
            SignedIn,
            enrollment::comment,
        ),
        route(
            post(),
            "/enrollments/{id}/attestations/{step}",
            Page,
            Roles(ATTESTERS),
            enrollment::attest,
        ),
        route(
            post(),
            "/enrollments/{id}/gates/{key}/approve",
            Page,
            Staff,
            enrollment::approve,
        ),
        route(
            post(),
            "/enrollments/{id}/gates/{key}/override",
            Page,
            Roles(PROGRAM_ADMIN),
            enrollment::override_gate,
        ),
        route(
            post(),
            "/enrollments/{id}/documents",
            Page,
            Roles(DOCUMENT_SENDERS),
            enrollment::upload_document,
        ),
        route(
            post(),
            "/enrollments/{id}/documents/{evidence_id}/accept",
            Page,
            Roles(REVIEWERS),
            enrollment::accept_document,
        ),
        route(
            post(),
            "/enrollments/{id}/risks",
            Page,
            Roles(REVIEWERS),
            enrollment::add_risk,
        ),
        route(
            post(),
            "/enrollments/{id}/risks/{risk_id}",
            Page,
            Roles(REVIEWERS),
            enrollment::update_risk,
        ),
        // API
        route(
            post(),
            "/api/v1/enrollments/{id}/risks",
            Api,
            Roles(REVIEWERS),
            api_enrollments::add_risk,
        ),
        route(
            post(),
            "/api/v1/enrollments/{id}/risks/{risk_id}",
            Api,
            Roles(REVIEWERS),
            api_enrollments::update_risk,
        ),
        route(
            post(),
            "/api/v1/enrollments/{id}/documents",
            Api,
            Roles(DOCUMENT_SENDERS),
            api_enrollments::upload_document,
        ),
        route(
            post(),
            "/api/v1/enrollments/{id}/documents/{evidence_id}/accept",
            Api,
            Roles(REVIEWERS),
            api_enrollments::accept_document,
        ),
        route(get(), "/api/v1/tracks", Api, SignedIn, api_tracks::list),
        route(
            post(),
            "/api/v1/tracks",
            Api,
            Roles(PROGRAM_ADMIN),
            api_tracks::upload,
        ),
        route(
            get(),
            "/api/v1/tracks/{key}",
            Api,
            SignedIn,
            api_tracks::get,
        ),
        route(
            get(),
            "/api/v1/enrollments",
            Api,
            SignedIn,
            api_enrollments::list,
        ),
        route(
            post(),
            "/api/v1/enrollments",
            Api,
            Roles(ENROLLERS),
            api_enrollments::create,
        ),
        route(
            get(),
            "/api/v1/enrollments/{id}",
            Api,
            SignedIn,
            api_enrollments::get,
        ),
        route(
            get(),
            "/api/v1/enrollments/{id}/timeline",
            Api,
            SignedIn,
            api_enrollments::timeline,
        ),
        route(
            post(),
            "/api/v1/enrollments/{id}/tasks/{task_id}",
            Api,
            SignedIn,
            api_enrollments::update_task,
        ),
        route(
            post(),
            "/api/v1/enrollments/{id}/attestations/{step}",
            Api,
            Roles(ATTESTERS),
            api_enrollments::attest,
        ),
        route(
            post(),
            "/api/v1/enrollments/{id}/gates/{key}/approve",
            Api,
            Staff,
            api_enrollments::approve,
        ),
        route(
            post(),
            "/api/v1/enrollments/{id}/gates/{key}/override",
            Api,
            Roles(PROGRAM_ADMIN),
            api_enrollments::override_gate,
        ),
        route(
            get(),
            "/api/v1/tasks",
            Api,
            SignedIn,
            api_enrollments::my_tasks,
        ),
    ]
}
