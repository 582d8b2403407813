//! The training part of `/api/v1`: `courses` (the catalogue, versions, starting a course and
//! completing modules), `learning` (attempts, grading, a learner's own record, a partner admin's
//! people and assignments), `reports` (certificate verification and revocation, coverage,
//! completions, per-question results, credits, the xAPI export) and `sessions` (live sessions,
//! registration, attendance).

pub mod courses;
pub mod learning;
pub mod reports;
pub mod sessions;

/// The training part of the OpenAPI document.
#[derive(utoipa::OpenApi)]
#[openapi(
    paths(
        courses::list,
        courses::create,
        courses::get,
        courses::versions,
        courses::start,
        courses::complete_module,
        learning::start_attempt,
        learning::get_attempt,
        learning::submit_attempt,
        learning::grade_attempt,
        learning::grading_queue,
        learning::my_learning,
        learning::people,
        learning::set_job_role,
        learning::assign,
        learning::unassign,
        reports::certificate,
        reports::revoke_certificate,
        reports::coverage,
        reports::completions,
        reports::course_results,
        reports::credits,
        reports::xapi,
        sessions::list,
        sessions::create,
        sessions::get,
        sessions::register,
        sessions::unregister,
        sessions::attendance,
        sessions::cancel,
    ),
    tags(
        (name = "training", description = "Courses, assessments, people's certificates and live sessions"),
    )
)]
pub struct ApiDoc;
