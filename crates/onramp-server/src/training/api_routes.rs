//! The training API's rows of the route table: every signed-in person reads the courses and the
//! attempts they may see (the service scopes them); partner people take courses and attempts;
//! partner admins give job roles and assign courses; trainers and program admins store courses,
//! grade and revoke; reports follow who reads training records; anyone verifies a certificate.

use axum::http::Method;
use onramp_core::Role;

use crate::routes::{route, RouteKind, RouteSpec, PARTNERS, PARTNER_ADMIN};
use crate::training::services::courses::TRAINERS;
use crate::web::access::Access;

/// Who reads coverage, credits and the xAPI export: training staff every organization's
/// (`reports::report_scope`), a partner admin their own.
const REPORT_READERS: &[Role] = &[
    Role::Trainer,
    Role::ProgramAdmin,
    Role::OnboardingCoordinator,
    Role::PartnerAdmin,
];

/// Who reads completions and a course's results: training staff only.
const TRAINING_STAFF: &[Role] = &[
    Role::Trainer,
    Role::ProgramAdmin,
    Role::OnboardingCoordinator,
];

pub fn routes() -> Vec<RouteSpec> {
    use crate::training::api::{courses, learning, reports};
    use Access::*;
    use RouteKind::*;
    let (get, post, put, delete) = (
        || Method::GET,
        || Method::POST,
        || Method::PUT,
        || Method::DELETE,
    );
    vec![
        // Courses.
        route(
            get(),
            "/api/v1/training/courses",
            Api,
            SignedIn,
            courses::list,
        ),
        route(
            post(),
            "/api/v1/training/courses",
            Api,
            Roles(TRAINERS),
            courses::create,
        ),
        route(
            get(),
            "/api/v1/training/courses/{key}",
            Api,
            SignedIn,
            courses::get,
        ),
        route(
            get(),
            "/api/v1/training/courses/{key}/versions",
            Api,
            SignedIn,
            courses::versions,
        ),
        route(
            post(),
            "/api/v1/training/courses/{key}/start",
            Api,
            Roles(PARTNERS),
            courses::start,
        ),
        route(
            post(),
            "/api/v1/training/courses/{key}/modules/{module}/complete",
            Api,
            Roles(PARTNERS),
            courses::complete_module,
        ),
        // Attempts.
        route(
            post(),
            "/api/v1/training/courses/{key}/attempts",
            Api,
            Roles(PARTNERS),
            learning::start_attempt,
        ),
        route(
            get(),
            "/api/v1/training/attempts/{id}",
            Api,
            SignedIn,
            learning::get_attempt,
        ),
        route(
            post(),
            "/api/v1/training/attempts/{id}/submit",
            Api,
            Roles(PARTNERS),
            learning::submit_attempt,
        ),
        route(
            post(),
            "/api/v1/training/attempts/{id}/grade",
            Api,
            Roles(TRAINERS),
            learning::grade_attempt,
        ),
        route(
            get(),
            "/api/v1/training/grading",
            Api,
            Roles(TRAINERS),
            learning::grading_queue,
        ),
        // Learners.
        route(
            get(),
            "/api/v1/training/me",
            Api,
            Roles(PARTNERS),
            learning::my_learning,
        ),
        route(
            get(),
            "/api/v1/training/people",
            Api,
            Roles(PARTNER_ADMIN),
            learning::people,
        ),
        route(
            put(),
            "/api/v1/training/people/{user_id}/job-role",
            Api,
            Roles(PARTNER_ADMIN),
            learning::set_job_role,
        ),
        route(
            post(),
            "/api/v1/training/assignments",
            Api,
            Roles(PARTNER_ADMIN),
            learning::assign,
        ),
        route(
            delete(),
            "/api/v1/training/assignments/{user_id}/{course}",
            Api,
            Roles(PARTNER_ADMIN),
            learning::unassign,
        ),
        // Certificates and reports.
        route(
            get(),
            "/api/v1/training/certificates/{id}",
            Api,
            Public,
            reports::certificate,
        ),
        route(
            post(),
            "/api/v1/training/certificates/{id}/revoke",
            Api,
            Roles(TRAINERS),
            reports::revoke_certificate,
        ),
        route(
            get(),
            "/api/v1/training/reports/coverage",
            Api,
            Roles(REPORT_READERS),
            reports::coverage,
        ),
        route(
            get(),
            "/api/v1/training/reports/completions",
            Api,
            Roles(TRAINING_STAFF),
            reports::completions,
        ),
        route(
            get(),
            "/api/v1/training/reports/courses/{key}",
            Api,
            Roles(TRAINING_STAFF),
            reports::course_results,
        ),
        route(
            get(),
            "/api/v1/training/reports/credits",
            Api,
            Roles(REPORT_READERS),
            reports::credits,
        ),
        route(
            get(),
            "/api/v1/training/xapi",
            Api,
            Roles(REPORT_READERS),
            reports::xapi,
        ),
    ]
}
