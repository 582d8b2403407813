//! The training feature's rows of the route table: its pages here, the live sessions' in
//! `session_routes` and the API's in `api_routes`.

use axum::http::Method;
use onramp_core::Role;

use crate::routes::{route, RouteKind, RouteSpec};
use crate::training::services::courses::TRAINERS;
use crate::web::access::Access;

/// Who reads the training reports: training staff, and partner admins (their organization's).
const REPORT_READERS: &[Role] = &[
    Role::Trainer,
    Role::ProgramAdmin,
    Role::OnboardingCoordinator,
    Role::PartnerAdmin,
];

/// Who reads every organization's training results: training staff only.
const TRAINING_STAFF: &[Role] = &[
    Role::Trainer,
    Role::ProgramAdmin,
    Role::OnboardingCoordinator,
];

/// Partner admins manage their people's job roles and assignments.
const PARTNER_ADMINS: &[Role] = &[Role::PartnerAdmin];

/// Courses, learning, assessments, people's certificates and live sessions.
pub fn routes() -> Vec<RouteSpec> {
    use crate::routes::PARTNERS;
    use crate::training::pages::{attempts, catalogue, certificates, people, reports};
    use Access::*;
    use RouteKind::*;
    let (get, post) = (|| Method::GET, || Method::POST);
    let mut routes = vec![
        route(get(), "/training", Page, SignedIn, catalogue::home),
        route(
            post(),
            "/training/courses",
            Page,
            Roles(TRAINERS),
            catalogue::create,
        ),
        route(
            get(),
            "/training/courses/{key}",
            Page,
            SignedIn,
            catalogue::course,
        ),
        route(
            post(),
            "/training/courses/{key}/start",
            Page,
            Roles(PARTNERS),
            catalogue::start,
        ),
        route(
            post(),
            "/training/courses/{key}/attempts",
            Page,
            Roles(PARTNERS),
            catalogue::start_attempt,
        ),
        route(
            get(),
            "/training/courses/{key}/modules/{module}",
            Page,
            SignedIn,
            catalogue::module,
        ),
        route(
            post(),
            "/training/courses/{key}/modules/{module}/complete",
            Page,
            Roles(PARTNERS),
            catalogue::complete_module,
        ),
        route(
            post(),
            "/training/courses/{key}/files",
            Page,
            Roles(TRAINERS),
            catalogue::upload_file,
        ),
        route(
            get(),
            "/training/courses/{key}/files/{name}",
            Page,
            SignedIn,
            catalogue::file,
        ),
        route(
            get(),
            "/training/attempts/{id}",
            Page,
            SignedIn,
            attempts::show,
        ),
        route(
            post(),
            "/training/attempts/{id}/submit",
            Page,
            Roles(PARTNERS),
            attempts::submit,
        ),
        route(
            post(),
            "/training/attempts/{id}/grade",
            Page,
            Roles(TRAINERS),
            attempts::grade,
        ),
        route(
            get(),
            "/training/grading",
            Page,
            Roles(TRAINERS),
            attempts::grading,
        ),
        route(
            get(),
            "/training/people",
            Page,
            Roles(PARTNER_ADMINS),
            people::people,
        ),
        route(
            get(),
            "/training/people/{id}",
            Page,
            SignedIn,
            people::person,
        ),
        route(
            post(),
            "/training/people/{id}/job-role",
            Page,
            Roles(PARTNER_ADMINS),
            people::set_job_role,
        ),
        route(
            post(),
            "/training/assignments",
            Page,
            Roles(PARTNER_ADMINS),
            people::assign,
        ),
        route(
            get(),
            "/training/reports",
            Page,
            Roles(REPORT_READERS),
            reports::overview,
        ),
        route(
            get(),
            "/training/reports/coverage.csv",
            Page,
            Roles(REPORT_READERS),
            reports::coverage_csv,
        ),
        route(
            get(),
            "/training/reports/completions.csv",
            Page,
            Roles(TRAINING_STAFF),
            reports::completions_csv,
        ),
        route(
            get(),
            "/training/reports/credits.csv",
            Page,
            Roles(REPORT_READERS),
            reports::credits_csv,
        ),
        route(
            get(),
            "/training/reports/courses/{key}",
            Page,
            Roles(TRAINING_STAFF),
            reports::course,
        ),
        route(
            get(),
            "/training/coverage/{id}",
            Page,
            Roles(TRAINING_STAFF),
            reports::organization,
        ),
        route(
            get(),
            "/verify/training/{id}",
            Page,
            Public,
            certificates::verify,
        ),
        route(
            get(),
            "/verify/training/{id}/certificate.pdf",
            Page,
            Public,
            certificates::pdf,
        ),
        route(
            post(),
            "/training/certificates/{id}/revoke",
            Page,
            Roles(TRAINERS),
            certificates::revoke,
        ),
    ];
    routes.extend(super::session_routes::routes());
    routes.extend(super::api_routes::routes());
    routes
}
