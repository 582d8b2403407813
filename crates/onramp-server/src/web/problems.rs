//! The catalogue of problem types: every kind of refusal the API can answer, with the stable
//! `type` URI, `code`, title and status an API client can rely on. Problem details
//! (RFC 9457) carry the `type` (`/problems/registry/no-passing-evidence`), and that URI serves a
//! page describing the problem; the OpenAPI document lists the catalogue (`x-problem-types`).
//!
//! # Which type to use?
//!
//! Generic kinds (`request/invalid`, `resource/not-found`, `conflict/stale-state`, …) come from
//! the `AppError` variants; a domain rule that refuses a request for a reason a client may want to
//! act on has its own type here (`registry/no-passing-evidence`, `agreement/not-draft`) and is
//! raised with `AppError::Rule`.

use axum::http::StatusCode;

/// One kind of problem.
#[derive(Debug, PartialEq, Eq)]
pub struct ProblemType {
    /// The path under `/problems/`: `registry/no-passing-evidence`.
    pub slug: &'static str,
    /// The stable code tests and clients match on: `registry.no_passing_evidence`.
    pub code: &'static str,
    pub title: &'static str,
    pub status: StatusCode,
    /// What it means and what to do, for the problem's page.
    pub description: &'static str,
}

impl ProblemType {
    /// The `type` member of problem details: a URI reference resolved against the server.
    pub fn uri(&self) -> String {
        format!("/problems/{}", self.slug)
    }
}

macro_rules! problem_types {
    ($($name:ident = $slug:literal, $code:literal, $status:ident, $title:literal, $description:literal;)+) => {
        $(
            #[doc = $title]
            pub const $name: ProblemType = ProblemType {
                slug: $slug,
                code: $code,
                title: $title,
                status: StatusCode::$status,
                description: $description,
            };
        )+

        /// Every problem type, in the order the documentation lists them.
        pub const ALL: &[&ProblemType] = &[$(&$name),+];
    };
}

problem_types! {
    MALFORMED = "request/malformed", "request.malformed", BAD_REQUEST, "The request cannot be read",
        "The body is not valid JSON or form data, or has the wrong content type.";
    INVALID = "request/invalid", "request.invalid", UNPROCESSABLE_ENTITY, "Some values are not acceptable",
        "The request was read, but fields are missing or wrong; `errors` names each field and says why.";
    TOO_LARGE = "request/too-large", "request.too_large", PAYLOAD_TOO_LARGE, "The request body is too large",
        "The body is larger than this server accepts (`max_body_bytes`).";
    RATE_LIMITED = "request/rate-limited", "request.rate_limited", TOO_MANY_REQUESTS, "Too many attempts",
        "A rate limit on sign-in, second factor, password reset, registration or invitation refused the request; `Retry-After` says when to try again.";
    UNAUTHENTICATED = "auth/unauthenticated", "auth.unauthenticated", UNAUTHORIZED, "Sign in required",
        "Send a personal API token as a bearer token, or sign in.";
    FORBIDDEN = "auth/forbidden", "auth.forbidden", FORBIDDEN, "Not allowed",
        "Your role may not do this.";
    CSRF_REJECTED = "auth/csrf-rejected", "auth.csrf_rejected", FORBIDDEN, "Not from this site",
        "A form without a valid CSRF token, or an API write with the session cookie from another origin or without a JSON body or `X-CSRF-Token`.";
    NOT_FOUND = "resource/not-found", "resource.not_found", NOT_FOUND, "Not found",
        "Nothing with this id exists that you may see. Another organization's ids are not found, too.";
    CONFLICT = "resource/conflict", "resource.conflict", CONFLICT, "Conflict",
        "The change contradicts the current data (a taken name, a state that does not allow it).";
    STALE_STATE = "conflict/stale-state", "conflict.stale_state", CONFLICT, "Changed meanwhile",
        "Someone else changed the thing after you read it (a compare-and-set lost the race). Read it again and decide anew.";
    UNAVAILABLE = "service/unavailable", "service.unavailable", SERVICE_UNAVAILABLE, "Unavailable",
        "The database cannot be reached right now; try again shortly.";
    INTERNAL = "internal", "internal", INTERNAL_SERVER_ERROR, "Internal error",
        "Something went wrong on the server. It was logged with the operation id; quote it to support.";
    NO_PASSING_EVIDENCE = "registry/no-passing-evidence", "registry.no_passing_evidence", CONFLICT, "No passing evidence",
        "An organization is approved only with at least one piece of verification evidence that passed (DNS, email domain, identifier, document). Record evidence first.";
    TRANSITION_NOT_ALLOWED = "registry/transition-not-allowed", "registry.transition_not_allowed", CONFLICT, "Not allowed in this state",
        "The organization's lifecycle state does not allow this decision (for example reinstating an active organization).";
    ORGANIZATION_RETIRED = "registry/organization-retired", "registry.organization_retired", CONFLICT, "The organization is retired",
        "A retired organization is final; nothing more can be decided on it.";
    ORGANIZATION_INACTIVE = "registry/organization-inactive", "registry.organization_inactive", CONFLICT, "The organization is suspended or retired",
        "Its people can read, deactivate members and sign agreements, but not invite, upload or change settings until the program reinstates it.";
    AGREEMENT_NOT_DRAFT = "agreement/not-draft", "agreement.not_draft", CONFLICT, "Only a draft can be published",
        "This agreement version is already published or retired.";
    AGREEMENT_NOT_PUBLISHED = "agreement/not-published", "agreement.not_published", CONFLICT, "Only a published version",
        "Only the published version of an agreement can be retired or signed.";
    TASK_EVIDENCE_MISSING = "tracks/task-evidence-missing", "tracks.task_evidence_missing", CONFLICT, "The step's evidence is missing",
        "A step counts as done only when what it needs is there: its documents accepted, its checklist attested, its agreements signed, the gates it waits for passed. The detail names what is missing.";
    TRACK_NOT_OFFERED = "tracks/track-not-offered", "tracks.track_not_offered", CONFLICT, "The track is not offered to you",
        "A partner admin may start a track themselves only when the track is offered to their organization's tier and the organization is verified; otherwise program staff enroll it.";
    GO_LIVE_GATE_CLOSED = "sandbox/go-live-gate-closed", "sandbox.go_live_gate_closed", CONFLICT, "The go-live gate does not hold",
        "Production credentials are issued only when the enrollment's go-live gate holds. The detail lists each condition still missing and who can act on it.";
    ENVIRONMENT_SUSPENDED = "sandbox/environment-suspended", "sandbox.environment_suspended", CONFLICT, "The environment is suspended",
        "A suspended environment, or one whose organization is suspended or retired, issues no credentials and answers no requests until it is reactivated.";
    RUN_NOT_PASSED = "conformance/run-not-passed", "conformance.run_not_passed", CONFLICT, "The run has not passed",
        "A run is signed off, and earns a certificate, only when every test passed as found or as overridden by the analyst. The detail names the tests that did not.";
    REVIEW_NOT_ALLOWED = "conformance/review-not-allowed", "conformance.review_not_allowed", CONFLICT, "Not allowed at this stage of the review",
        "A run is submitted once it completed and before review; the analyst overrides, asks for re-tests and signs off while it is submitted. The detail says where the run is.";
    ENROLLMENT_CLOSED = "tracks/enrollment-closed", "tracks.enrollment_closed", CONFLICT, "The enrollment is closed",
        "The enrollment is completed or withdrawn: its tasks no longer change.";
    PREREQUISITE_MISSING = "training/prerequisite-missing", "training.prerequisite_missing", CONFLICT, "A prerequisite course is not completed",
        "A course is started once every course it names as a prerequisite is completed. The detail names the courses still to complete.";
    ATTEMPT_NOT_ALLOWED = "training/attempt-not-allowed", "training.attempt_not_allowed", CONFLICT, "No attempt can be started or submitted",
        "An assessment is attempted once every module of the course is done, within the course's attempt limit; an attempt is submitted before its time limit runs out (checked by the server). The detail says which rule refused it.";
}

/// The catalogue entry for a slug.
pub fn find(slug: &str) -> Option<&'static ProblemType> {
    ALL.iter().copied().find(|problem| problem.slug == slug)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_and_codes_are_unique_and_codes_follow_slugs() {
        let mut slugs: Vec<&str> = ALL.iter().map(|problem| problem.slug).collect();
        slugs.sort_unstable();
        slugs.dedup();
        assert_eq!(slugs.len(), ALL.len());
        for problem in ALL {
            assert_eq!(
                problem.code,
                problem.slug.replace('/', ".").replace('-', "_")
            );
            assert_eq!(find(problem.slug), Some(*problem));
        }
    }
}
