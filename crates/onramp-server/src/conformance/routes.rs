//! The conformance feature's rows of the route table.

use axum::http::Method;

use crate::conformance::services::review::REVIEWERS;
use crate::conformance::services::runs::RUNNERS;
use crate::routes::{route, RouteKind, RouteSpec};
use crate::web::access::Access;

/// Who stores suites.
const SUITE_AUTHORS: &[onramp_core::Role] = &[onramp_core::Role::ProgramAdmin];

/// Suites, runs, reviews and certificates (pages and API; who sees which run follows its
/// enrollment), and the public verification and registry.
pub fn routes() -> Vec<RouteSpec> {
    use crate::conformance::api::{
        certificates as certificate_api, runs as run_api, suites as suite_api,
    };
    use crate::conformance::pages::{certificates, runs, suites};
    use Access::*;
    use RouteKind::*;
    let (get, post) = (|| Method::GET, || Method::POST);
    vec![
        // Pages.
        route(get(), "/suites", Page, SignedIn, suites::list),
        route(
            post(),
            "/suites",
            Page,
            Roles(SUITE_AUTHORS),
            suites::create,
        ),
        route(get(), "/suites/{key}", Page, SignedIn, suites::show),
        route(
            get(),
            "/enrollments/{id}/conformance",
            Page,
            SignedIn,
            runs::enrollment,
        ),
        route(
            post(),
            "/enrollments/{id}/runs",
            Page,
            Roles(RUNNERS),
            runs::start,
        ),
        route(get(), "/runs/{id}", Page, SignedIn, runs::show),
        route(
            get(),
            "/runs/{id}/report.pdf",
            Page,
            SignedIn,
            runs::report_pdf,
        ),
        route(
            post(),
            "/runs/{id}/submit",
            Page,
            Roles(RUNNERS),
            runs::submit,
        ),
        route(post(), "/runs/{id}/comments", Page, SignedIn, runs::comment),
        route(
            post(),
            "/runs/{id}/tests/{key}/override",
            Page,
            Roles(REVIEWERS),
            runs::override_test,
        ),
        route(
            post(),
            "/runs/{id}/retest",
            Page,
            Roles(REVIEWERS),
            runs::retest,
        ),
        route(
            post(),
            "/runs/{id}/sign-off",
            Page,
            Roles(REVIEWERS),
            runs::sign_off,
        ),
        route(get(), "/reviews", Page, Roles(REVIEWERS), runs::queue),
        route(get(), "/verify/jwks", Api, Public, certificates::jwks),
        route(get(), "/verify/{id}", Page, Public, certificates::verify),
        route(
            get(),
            "/verify/{id}/certificate.pdf",
            Page,
            Public,
            certificates::pdf,
        ),
        route(get(), "/certificates", Page, Public, certificates::registry),
        route(
            post(),
            "/certificates/{id}/revoke",
            Page,
            Roles(REVIEWERS),
            certificates::revoke,
        ),
        // API.
        route(get(), "/api/v1/suites", Api, SignedIn, suite_api::list),
        route(
            post(),
            "/api/v1/suites",
            Api,
            Roles(SUITE_AUTHORS),
            suite_api::create,
        ),
        route(get(), "/api/v1/suites/{key}", Api, SignedIn, suite_api::get),
        route(
            get(),
            "/api/v1/suites/{key}/versions/{version}",
            Api,
            SignedIn,
            suite_api::get_version,
        ),
        route(
            get(),
            "/api/v1/suites/{key}/diff",
            Api,
            SignedIn,
            suite_api::diff,
        ),
        route(
            get(),
            "/api/v1/enrollments/{id}/runs",
            Api,
            SignedIn,
            run_api::list,
        ),
        route(
            post(),
            "/api/v1/enrollments/{id}/runs",
            Api,
            Roles(RUNNERS),
            run_api::start,
        ),
        route(get(), "/api/v1/runs/{id}", Api, SignedIn, run_api::get),
        route(
            get(),
            "/api/v1/runs/{id}/report",
            Api,
            SignedIn,
            run_api::report,
        ),
        route(
            post(),
            "/api/v1/runs/{id}/submit",
            Api,
            Roles(RUNNERS),
            run_api::submit,
        ),
        route(
            post(),
            "/api/v1/runs/{id}/comments",
            Api,
            SignedIn,
            run_api::comment,
        ),
        route(
            post(),
            "/api/v1/runs/{id}/tests/{key}/override",
            Api,
            Roles(REVIEWERS),
            run_api::override_test,
        ),
        route(
            post(),
            "/api/v1/runs/{id}/retest",
            Api,
            Roles(REVIEWERS),
            run_api::retest,
        ),
        route(
            post(),
            "/api/v1/runs/{id}/sign-off",
            Api,
            Roles(REVIEWERS),
            run_api::sign_off,
        ),
        route(
            get(),
            "/api/v1/reviews",
            Api,
            Roles(REVIEWERS),
            run_api::review_queue,
        ),
        route(
            get(),
            "/api/v1/organizations/{id}/certificates",
            Api,
            SignedIn,
            certificate_api::of_organization,
        ),
        route(
            post(),
            "/api/v1/certificates/{id}/revoke",
            Api,
            Roles(REVIEWERS),
            certificate_api::revoke,
        ),
        route(
            get(),
            "/api/v1/public/certificates/{id}",
            Api,
            Public,
            certificate_api::verification,
        ),
        route(
            get(),
            "/api/v1/public/suites/{key}/certificates",
            Api,
            Public,
            certificate_api::registry,
        ),
    ]
}
