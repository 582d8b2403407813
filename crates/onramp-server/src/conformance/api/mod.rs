//! The conformance part of `/api/v1`: suites (versions, coverage, diffs), runs (started, read,
//! reported as a Bundle of TestReports), their review (submission, comments, overrides,
//! re-tests, sign-off), certificates (revocation) and the public verification and registry.

pub mod certificates;
pub mod runs;
pub mod suites;

/// The conformance part of the OpenAPI document.
#[derive(utoipa::OpenApi)]
#[openapi(
    paths(
        suites::list,
        suites::create,
        suites::get,
        suites::get_version,
        suites::diff,
        runs::start,
        runs::list,
        runs::get,
        runs::report,
        runs::submit,
        runs::comment,
        runs::override_test,
        runs::retest,
        runs::sign_off,
        runs::review_queue,
        certificates::of_organization,
        certificates::revoke,
        certificates::verification,
        certificates::registry,
    ),
    tags(
        (name = "conformance", description = "Conformance suites, runs, reviews and certificates"),
    )
)]
pub struct ApiDoc;
