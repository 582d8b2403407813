//! The role × route table: every route of `routes::table()` is called anonymously and by a user of
//! every role, and the outcome must match the table below. A route added without a row here fails.

use std::collections::BTreeMap;

use axum::body::Body;
use axum::http::{header, Method, Request, StatusCode};
use onramp_core::Role;
use onramp_server::routes::{table, RouteKind};

use crate::support::{backends, Client, TestApp, PASSWORD};

/// Who is allowed, per route: "all" (anyone, even anonymous), "signed-in" (every role), "staff",
/// "admin" (program admin), "enrolling" (every role: complete sessions may enrol), "none" (no
/// complete session — only a session halfway through login), "reviewer" (program admin and
/// onboarding coordinator), "partner" (the three partner roles), "partner-admin",
/// "organization-reader" (reviewers and the three partner roles: what belongs to one organization,
/// which other staff roles may not read), "webhook-owner" (program admin and partner admin: each
/// manages the webhook subscriptions of their own scope), "token-holder" (every staff role, partner
/// admins and partner developers: who may hold personal API tokens — not partner members),
/// "attester" (partner admins and partner developers: who may attest a step's checklist),
/// "enroller" (reviewers, and partner admins for their own organization in an offered track),
/// "document-sender" (reviewers, partner admins and partner developers: who may upload a document
/// an enrollment asks for), "client-manager" (reviewers and partner admins: who may register and
/// manage an environment's machine clients), "trainer" (program admins and trainers),
/// "training-staff" (program admins, onboarding coordinators and trainers: every organization's
/// training results), "report-reader" (training staff and partner admins: training reports, their
/// own organization's for a partner admin), "ticket-users" (support staff — program admins,
/// onboarding coordinators, conformance analysts and support agents — and the three partner
/// roles: support tickets, their own organization's for partner people), "support-staff" (who
/// work every organization's tickets: the queue, moves, assignment, policies, groups, reports),
/// "machine" (machine clients only, who prove themselves to the handler: no person's session or
/// API token is let in).
const EXPECTED: &[(&str, &str, &str)] = &[
    ("GET", "/healthz", "all"),
    ("GET", "/readyz", "all"),
    ("GET", "/metrics", "all"),
    ("GET", "/static/onramp.css", "all"),
    ("GET", "/static/favicon.svg", "all"),
    ("GET", "/problems", "all"),
    ("GET", "/problems/{*slug}", "all"),
    ("GET", "/", "all"),
    ("GET", "/login", "all"),
    ("POST", "/login", "all"),
    ("GET", "/login/second-factor", "none"),
    ("POST", "/login/second-factor", "none"),
    ("POST", "/logout", "signed-in"),
    ("GET", "/password/forgot", "all"),
    ("POST", "/password/forgot", "all"),
    ("GET", "/password/reset", "all"),
    ("POST", "/password/reset", "all"),
    ("GET", "/account", "signed-in"),
    ("POST", "/account/password", "signed-in"),
    ("POST", "/account/time-zone", "signed-in"),
    ("GET", "/account/second-factor", "signed-in"),
    ("POST", "/account/second-factor", "signed-in"),
    ("POST", "/account/second-factor/disable", "signed-in"),
    ("GET", "/account/tokens", "token-holder"),
    ("POST", "/account/tokens", "token-holder"),
    ("POST", "/account/tokens/{id}/revoke", "token-holder"),
    ("GET", "/admin/users", "admin"),
    ("POST", "/admin/users", "admin"),
    ("POST", "/admin/users/{id}/role", "admin"),
    ("POST", "/admin/users/{id}/deactivate", "admin"),
    ("GET", "/admin/security", "admin"),
    ("POST", "/admin/security", "admin"),
    ("GET", "/admin/audit", "admin"),
    ("GET", "/admin/audit.csv", "admin"),
    ("GET", "/admin/audit.ndjson", "admin"),
    ("GET", "/admin/jobs", "admin"),
    ("POST", "/admin/jobs/{id}/retry", "admin"),
    ("POST", "/admin/jobs/{id}/cancel", "admin"),
    ("GET", "/api/v1/openapi.json", "all"),
    ("GET", "/api/v1/me", "signed-in"),
    ("GET", "/api/v1/tokens", "token-holder"),
    ("POST", "/api/v1/tokens", "token-holder"),
    ("DELETE", "/api/v1/tokens/{id}", "token-holder"),
    ("GET", "/api/v1/audit-events", "admin"),
    ("GET", "/api/v1/jobs", "admin"),
    ("POST", "/api/v1/jobs/{id}/retry", "admin"),
    ("POST", "/api/v1/jobs/{id}/cancel", "admin"),
    ("GET", "/register", "all"),
    ("POST", "/register", "all"),
    ("GET", "/account/activate", "all"),
    ("POST", "/account/activate", "all"),
    ("GET", "/directory", "all"),
    ("GET", "/agreements/verify", "all"),
    ("GET", "/partner", "partner"),
    ("POST", "/partner/members", "partner-admin"),
    ("POST", "/partner/members/{id}/deactivate", "partner-admin"),
    ("POST", "/partner/documents", "partner-admin"),
    ("GET", "/documents/{id}", "organization-reader"),
    ("POST", "/partner/members/{id}/role", "partner-admin"),
    ("POST", "/partner/directory", "partner-admin"),
    ("POST", "/partner/information", "partner-admin"),
    ("GET", "/partner/agreements/{id}", "partner"),
    ("POST", "/partner/agreements/{id}/sign", "partner-admin"),
    ("GET", "/signatures/{id}/html", "organization-reader"),
    ("GET", "/signatures/{id}/pdf", "organization-reader"),
    ("GET", "/staff/organizations", "reviewer"),
    ("GET", "/staff/organizations.csv", "reviewer"),
    ("GET", "/staff/organizations/{id}", "reviewer"),
    ("POST", "/staff/organizations/{id}/evidence", "reviewer"),
    ("POST", "/staff/organizations/{id}/documents", "reviewer"),
    (
        "POST",
        "/staff/organizations/{id}/collaboration",
        "reviewer",
    ),
    ("POST", "/staff/organizations/{id}/decision", "reviewer"),
    ("GET", "/staff/agreements", "reviewer"),
    ("POST", "/staff/agreements", "admin"),
    ("POST", "/staff/agreements/{id}/publish", "admin"),
    ("POST", "/staff/agreements/{id}/retire", "admin"),
    ("POST", "/api/v1/registrations", "all"),
    ("POST", "/api/v1/activations", "all"),
    ("GET", "/api/v1/organizations", "reviewer"),
    ("GET", "/api/v1/organizations/{id}", "organization-reader"),
    ("GET", "/api/v1/organizations.csv", "reviewer"),
    ("GET", "/api/v1/directory", "all"),
    (
        "POST",
        "/api/v1/organizations/{id}/directory",
        "partner-admin",
    ),
    (
        "GET",
        "/api/v1/organizations/{id}/agreements",
        "organization-reader",
    ),
    ("POST", "/api/v1/organizations/{id}/transitions", "reviewer"),
    ("POST", "/api/v1/organizations/{id}/evidence", "reviewer"),
    (
        "POST",
        "/api/v1/organizations/{id}/collaboration",
        "reviewer",
    ),
    ("GET", "/api/v1/agreements", "signed-in"),
    ("POST", "/api/v1/agreements", "admin"),
    ("POST", "/api/v1/agreements/{id}/publish", "admin"),
    (
        "POST",
        "/api/v1/agreements/{id}/signatures",
        "partner-admin",
    ),
    ("GET", "/api/v1/signatures/{id}", "organization-reader"),
    ("GET", "/api/v1/members", "partner"),
    ("POST", "/api/v1/invitations", "partner-admin"),
    ("POST", "/api/v1/members/{id}/deactivate", "partner-admin"),
    ("POST", "/api/v1/agreements/{id}/retire", "admin"),
    ("POST", "/api/v1/members/{id}/role", "partner-admin"),
    (
        "GET",
        "/api/v1/organizations/{id}/documents",
        "organization-reader",
    ),
    (
        "POST",
        "/api/v1/organizations/{id}/documents",
        "document-uploader",
    ),
    ("GET", "/tracks", "signed-in"),
    ("POST", "/tracks", "admin"),
    ("GET", "/tracks/{key}", "signed-in"),
    ("GET", "/enrollments", "signed-in"),
    ("POST", "/enrollments", "enroller"),
    ("GET", "/enrollments.csv", "signed-in"),
    ("GET", "/tasks", "signed-in"),
    ("GET", "/enrollments/{id}", "signed-in"),
    ("GET", "/enrollments/{id}/timeline.csv", "signed-in"),
    ("GET", "/enrollments/{id}/timeline.ics", "signed-in"),
    (
        "POST",
        "/enrollments/{id}/tasks/{task_id}/status",
        "signed-in",
    ),
    (
        "POST",
        "/enrollments/{id}/tasks/{task_id}/comments",
        "signed-in",
    ),
    ("POST", "/enrollments/{id}/attestations/{step}", "attester"),
    ("POST", "/enrollments/{id}/gates/{key}/approve", "staff"),
    ("POST", "/enrollments/{id}/gates/{key}/override", "admin"),
    ("GET", "/api/v1/tracks", "signed-in"),
    ("POST", "/api/v1/tracks", "admin"),
    ("GET", "/api/v1/tracks/{key}", "signed-in"),
    ("GET", "/api/v1/enrollments", "signed-in"),
    ("POST", "/api/v1/enrollments", "enroller"),
    ("GET", "/api/v1/enrollments/{id}", "signed-in"),
    ("GET", "/api/v1/enrollments/{id}/timeline", "signed-in"),
    (
        "POST",
        "/api/v1/enrollments/{id}/tasks/{task_id}",
        "signed-in",
    ),
    (
        "POST",
        "/api/v1/enrollments/{id}/attestations/{step}",
        "attester",
    ),
    (
        "POST",
        "/api/v1/enrollments/{id}/gates/{key}/approve",
        "staff",
    ),
    (
        "POST",
        "/api/v1/enrollments/{id}/gates/{key}/override",
        "admin",
    ),
    ("GET", "/api/v1/tasks", "signed-in"),
    ("POST", "/enrollments/{id}/documents", "document-sender"),
    ("POST", "/enrollments/{id}/risks", "reviewer"),
    ("POST", "/enrollments/{id}/risks/{risk_id}", "reviewer"),
    ("POST", "/api/v1/enrollments/{id}/risks", "reviewer"),
    (
        "POST",
        "/api/v1/enrollments/{id}/risks/{risk_id}",
        "reviewer",
    ),
    (
        "POST",
        "/enrollments/{id}/documents/{evidence_id}/accept",
        "reviewer",
    ),
    (
        "POST",
        "/api/v1/enrollments/{id}/documents",
        "document-sender",
    ),
    (
        "POST",
        "/api/v1/enrollments/{id}/documents/{evidence_id}/accept",
        "reviewer",
    ),
    ("POST", "/account/email-preferences", "signed-in"),
    ("GET", "/api/v1/me/email-preferences", "signed-in"),
    ("PUT", "/api/v1/me/email-preferences", "signed-in"),
    ("GET", "/api/v1/webhooks", "webhook-owner"),
    ("POST", "/api/v1/webhooks", "webhook-owner"),
    ("GET", "/api/v1/webhooks/{id}", "webhook-owner"),
    ("DELETE", "/api/v1/webhooks/{id}", "webhook-owner"),
    ("GET", "/api/v1/webhooks/{id}/deliveries", "webhook-owner"),
    (
        "POST",
        "/api/v1/webhooks/{id}/rotate-secret",
        "webhook-owner",
    ),
    ("POST", "/api/v1/webhooks/{id}/resend", "webhook-owner"),
    ("POST", "/api/v1/webhooks/{id}/test", "webhook-owner"),
    ("GET", "/admin/webhooks", "admin"),
    ("POST", "/admin/webhooks", "admin"),
    ("GET", "/admin/webhooks/{id}", "admin"),
    ("POST", "/admin/webhooks/{id}/rotate", "admin"),
    ("POST", "/admin/webhooks/{id}/delete", "admin"),
    ("POST", "/admin/webhooks/{id}/test", "admin"),
    ("POST", "/admin/webhooks/{id}/resend", "admin"),
    ("GET", "/partner/webhooks", "partner-admin"),
    ("POST", "/partner/webhooks", "partner-admin"),
    ("GET", "/partner/webhooks/{id}", "partner-admin"),
    ("POST", "/partner/webhooks/{id}/rotate", "partner-admin"),
    ("POST", "/partner/webhooks/{id}/delete", "partner-admin"),
    ("POST", "/partner/webhooks/{id}/test", "partner-admin"),
    ("POST", "/partner/webhooks/{id}/resend", "partner-admin"),
    ("GET", "/environments/{id}", "signed-in"),
    ("POST", "/enrollments/{id}/environments", "reviewer"),
    ("POST", "/environments/{id}/clients", "client-manager"),
    ("POST", "/clients/{id}/secret", "client-manager"),
    ("POST", "/clients/{id}/state", "client-manager"),
    ("GET", "/environments/{id}/messages/{message}", "signed-in"),
    ("GET", "/api/v1/enrollments/{id}/environments", "signed-in"),
    ("POST", "/api/v1/enrollments/{id}/environments", "reviewer"),
    ("GET", "/api/v1/environments/{id}", "signed-in"),
    ("POST", "/api/v1/environments/{id}/state", "reviewer"),
    ("GET", "/api/v1/environments/{id}/clients", "signed-in"),
    (
        "POST",
        "/api/v1/environments/{id}/clients",
        "client-manager",
    ),
    ("POST", "/api/v1/clients/{id}/secret", "client-manager"),
    ("PUT", "/api/v1/clients/{id}/jwks", "client-manager"),
    ("POST", "/api/v1/clients/{id}/state", "client-manager"),
    ("GET", "/api/v1/environments/{id}/messages", "signed-in"),
    ("POST", "/api/v1/environments/{id}/seed", "client-manager"),
    ("POST", "/environments/{id}/seed", "client-manager"),
    ("POST", "/oauth/token", "machine"),
    ("POST", "/oauth/introspect", "machine"),
    ("POST", "/oauth/revoke", "machine"),
    ("GET", "/oauth/jwks", "all"),
    (
        "GET",
        "/sandbox/{environment}/fhir/.well-known/smart-configuration",
        "all",
    ),
    ("GET", "/sandbox/{environment}/fhir/metadata", "all"),
    ("POST", "/sandbox/{environment}/fhir", "machine"),
    ("GET", "/sandbox/{environment}/fhir/_history", "machine"),
    ("GET", "/sandbox/{environment}/fhir/{type}", "machine"),
    ("POST", "/sandbox/{environment}/fhir/{type}", "machine"),
    ("PUT", "/sandbox/{environment}/fhir/{type}", "machine"),
    ("DELETE", "/sandbox/{environment}/fhir/{type}", "machine"),
    (
        "POST",
        "/sandbox/{environment}/fhir/{type}/_search",
        "machine",
    ),
    (
        "GET",
        "/sandbox/{environment}/fhir/{type}/_history",
        "machine",
    ),
    (
        "POST",
        "/sandbox/{environment}/fhir/{type}/$validate",
        "machine",
    ),
    ("GET", "/sandbox/{environment}/fhir/{type}/{id}", "machine"),
    ("PUT", "/sandbox/{environment}/fhir/{type}/{id}", "machine"),
    (
        "DELETE",
        "/sandbox/{environment}/fhir/{type}/{id}",
        "machine",
    ),
    (
        "GET",
        "/sandbox/{environment}/fhir/{type}/{id}/_history",
        "machine",
    ),
    (
        "GET",
        "/sandbox/{environment}/fhir/{type}/{id}/_history/{version}",
        "machine",
    ),
    ("GET", "/suites", "signed-in"),
    ("POST", "/suites", "admin"),
    ("GET", "/suites/{key}", "signed-in"),
    ("GET", "/enrollments/{id}/conformance", "signed-in"),
    ("POST", "/enrollments/{id}/runs", "runner"),
    ("GET", "/runs/{id}", "signed-in"),
    ("GET", "/runs/{id}/report.pdf", "signed-in"),
    ("POST", "/runs/{id}/submit", "runner"),
    ("POST", "/runs/{id}/comments", "signed-in"),
    ("POST", "/runs/{id}/tests/{key}/override", "analyst"),
    ("POST", "/runs/{id}/retest", "analyst"),
    ("POST", "/runs/{id}/sign-off", "analyst"),
    ("GET", "/reviews", "analyst"),
    ("GET", "/verify/jwks", "all"),
    ("GET", "/verify/{id}", "all"),
    ("GET", "/verify/{id}/certificate.pdf", "all"),
    // Training.
    ("GET", "/training", "signed-in"),
    ("POST", "/training/courses", "trainer"),
    ("GET", "/training/courses/{key}", "signed-in"),
    ("POST", "/training/courses/{key}/start", "partner"),
    ("POST", "/training/courses/{key}/attempts", "partner"),
    (
        "GET",
        "/training/courses/{key}/modules/{module}",
        "signed-in",
    ),
    (
        "POST",
        "/training/courses/{key}/modules/{module}/complete",
        "partner",
    ),
    ("POST", "/training/courses/{key}/files", "trainer"),
    ("GET", "/training/courses/{key}/files/{name}", "signed-in"),
    ("GET", "/training/attempts/{id}", "signed-in"),
    ("POST", "/training/attempts/{id}/submit", "partner"),
    ("POST", "/training/attempts/{id}/grade", "trainer"),
    ("GET", "/training/grading", "trainer"),
    ("GET", "/training/people", "partner-admin"),
    ("GET", "/training/people/{id}", "signed-in"),
    ("POST", "/training/people/{id}/job-role", "partner-admin"),
    ("POST", "/training/assignments", "partner-admin"),
    ("GET", "/training/reports", "report-reader"),
    ("GET", "/training/reports/coverage.csv", "report-reader"),
    ("GET", "/training/reports/completions.csv", "training-staff"),
    ("GET", "/training/reports/credits.csv", "report-reader"),
    ("GET", "/training/reports/courses/{key}", "training-staff"),
    ("GET", "/training/coverage/{id}", "training-staff"),
    ("GET", "/verify/training/{id}", "all"),
    ("GET", "/verify/training/{id}/certificate.pdf", "all"),
    ("POST", "/training/certificates/{id}/revoke", "trainer"),
    ("GET", "/training/sessions", "signed-in"),
    ("POST", "/training/sessions", "trainer"),
    ("GET", "/training/sessions/{id}", "signed-in"),
    ("POST", "/training/sessions/{id}/register", "partner"),
    ("POST", "/training/sessions/{id}/unregister", "partner"),
    ("POST", "/training/sessions/{id}/attendance", "trainer"),
    ("POST", "/training/sessions/{id}/cancel", "trainer"),
    ("GET", "/training/sessions/{id}/calendar.ics", "signed-in"),
    ("GET", "/api/v1/training/courses", "signed-in"),
    ("POST", "/api/v1/training/courses", "trainer"),
    ("GET", "/api/v1/training/courses/{key}", "signed-in"),
    (
        "GET",
        "/api/v1/training/courses/{key}/versions",
        "signed-in",
    ),
    ("POST", "/api/v1/training/courses/{key}/start", "partner"),
    (
        "POST",
        "/api/v1/training/courses/{key}/modules/{module}/complete",
        "partner",
    ),
    ("POST", "/api/v1/training/courses/{key}/attempts", "partner"),
    ("GET", "/api/v1/training/attempts/{id}", "signed-in"),
    ("POST", "/api/v1/training/attempts/{id}/submit", "partner"),
    ("POST", "/api/v1/training/attempts/{id}/grade", "trainer"),
    ("GET", "/api/v1/training/grading", "trainer"),
    ("GET", "/api/v1/training/me", "partner"),
    ("GET", "/api/v1/training/people", "partner-admin"),
    (
        "PUT",
        "/api/v1/training/people/{user_id}/job-role",
        "partner-admin",
    ),
    ("POST", "/api/v1/training/assignments", "partner-admin"),
    (
        "DELETE",
        "/api/v1/training/assignments/{user_id}/{course}",
        "partner-admin",
    ),
    ("GET", "/api/v1/training/certificates/{id}", "all"),
    (
        "POST",
        "/api/v1/training/certificates/{id}/revoke",
        "trainer",
    ),
    ("GET", "/api/v1/training/reports/coverage", "report-reader"),
    (
        "GET",
        "/api/v1/training/reports/completions",
        "training-staff",
    ),
    (
        "GET",
        "/api/v1/training/reports/courses/{key}",
        "training-staff",
    ),
    ("GET", "/api/v1/training/reports/credits", "report-reader"),
    ("GET", "/api/v1/training/xapi", "report-reader"),
    ("GET", "/api/v1/training/sessions", "signed-in"),
    ("POST", "/api/v1/training/sessions", "trainer"),
    ("GET", "/api/v1/training/sessions/{id}", "signed-in"),
    (
        "POST",
        "/api/v1/training/sessions/{id}/registrations",
        "partner",
    ),
    (
        "DELETE",
        "/api/v1/training/sessions/{id}/registrations",
        "partner",
    ),
    (
        "POST",
        "/api/v1/training/sessions/{id}/attendance",
        "trainer",
    ),
    ("POST", "/api/v1/training/sessions/{id}/cancel", "trainer"),
    ("GET", "/certificates", "all"),
    ("POST", "/certificates/{id}/revoke", "analyst"),
    ("GET", "/api/v1/suites", "signed-in"),
    ("POST", "/api/v1/suites", "admin"),
    ("GET", "/api/v1/suites/{key}", "signed-in"),
    (
        "GET",
        "/api/v1/suites/{key}/versions/{version}",
        "signed-in",
    ),
    ("GET", "/api/v1/suites/{key}/diff", "signed-in"),
    ("GET", "/api/v1/enrollments/{id}/runs", "signed-in"),
    ("POST", "/api/v1/enrollments/{id}/runs", "runner"),
    ("GET", "/api/v1/runs/{id}", "signed-in"),
    ("GET", "/api/v1/runs/{id}/report", "signed-in"),
    ("POST", "/api/v1/runs/{id}/submit", "runner"),
    ("POST", "/api/v1/runs/{id}/comments", "signed-in"),
    ("POST", "/api/v1/runs/{id}/tests/{key}/override", "analyst"),
    ("POST", "/api/v1/runs/{id}/retest", "analyst"),
    ("POST", "/api/v1/runs/{id}/sign-off", "analyst"),
    ("GET", "/api/v1/reviews", "analyst"),
    (
        "GET",
        "/api/v1/organizations/{id}/certificates",
        "signed-in",
    ),
    ("POST", "/api/v1/certificates/{id}/revoke", "analyst"),
    ("GET", "/api/v1/public/certificates/{id}", "all"),
    ("GET", "/api/v1/public/suites/{key}/certificates", "all"),
    ("GET", "/support", "ticket-users"),
    ("GET", "/support/new", "ticket-users"),
    ("POST", "/support/tickets", "ticket-users"),
    ("GET", "/support/tickets/{id}", "ticket-users"),
    ("POST", "/support/tickets/{id}/replies", "ticket-users"),
    ("POST", "/support/tickets/{id}/status", "support-staff"),
    ("POST", "/support/tickets/{id}/assignment", "support-staff"),
    (
        "GET",
        "/support/tickets/{id}/attachments/{attachment}",
        "ticket-users",
    ),
    ("GET", "/support/policies", "support-staff"),
    ("POST", "/support/policies/calendars", "admin"),
    ("POST", "/support/policies", "admin"),
    ("POST", "/support/policies/{id}/delete", "admin"),
    ("GET", "/support/groups", "support-staff"),
    ("POST", "/support/groups", "admin"),
    ("GET", "/support/reports", "support-staff"),
    ("GET", "/support/reports/attainment.csv", "support-staff"),
    ("GET", "/support/reports/backlog.csv", "support-staff"),
    ("GET", "/support/satisfaction/{token}", "all"),
    ("POST", "/support/satisfaction/{token}", "all"),
    ("POST", "/api/v1/sla/preview", "all"),
    ("GET", "/api/v1/support/tickets", "ticket-users"),
    ("POST", "/api/v1/support/tickets", "ticket-users"),
    ("GET", "/api/v1/support/tickets/{id}", "ticket-users"),
    (
        "POST",
        "/api/v1/support/tickets/{id}/messages",
        "ticket-users",
    ),
    (
        "POST",
        "/api/v1/support/tickets/{id}/status",
        "support-staff",
    ),
    (
        "POST",
        "/api/v1/support/tickets/{id}/assignment",
        "support-staff",
    ),
    ("GET", "/api/v1/support/policies", "support-staff"),
    ("POST", "/api/v1/support/policies", "admin"),
    ("GET", "/api/v1/support/reports/sla", "support-staff"),
];

fn allowed(rule: &str, role: Option<Role>) -> bool {
    match (rule, role) {
        ("all", _) => true,
        (_, None) => false,
        ("signed-in", Some(_)) => true,
        ("staff", Some(role)) => role.is_staff(),
        ("token-holder", Some(role)) => role != Role::PartnerMember,
        ("attester", Some(role)) => matches!(role, Role::PartnerAdmin | Role::PartnerDeveloper),
        ("enroller", Some(role)) => matches!(
            role,
            Role::ProgramAdmin | Role::OnboardingCoordinator | Role::PartnerAdmin
        ),
        ("document-sender", Some(role)) => matches!(
            role,
            Role::ProgramAdmin
                | Role::OnboardingCoordinator
                | Role::PartnerAdmin
                | Role::PartnerDeveloper
        ),
        ("admin", Some(role)) => role == Role::ProgramAdmin,
        ("reviewer", Some(role)) => {
            matches!(role, Role::ProgramAdmin | Role::OnboardingCoordinator)
        }
        ("partner", Some(role)) => !role.is_staff(),
        ("organization-reader", Some(role)) => {
            !role.is_staff() || matches!(role, Role::ProgramAdmin | Role::OnboardingCoordinator)
        }
        ("partner-admin", Some(role)) => role == Role::PartnerAdmin,
        ("document-uploader", Some(role)) => matches!(
            role,
            Role::ProgramAdmin | Role::OnboardingCoordinator | Role::PartnerAdmin
        ),
        ("webhook-owner", Some(role)) => {
            matches!(role, Role::ProgramAdmin | Role::PartnerAdmin)
        }
        ("client-manager", Some(role)) => matches!(
            role,
            Role::ProgramAdmin | Role::OnboardingCoordinator | Role::PartnerAdmin
        ),
        ("runner", Some(role)) => matches!(
            role,
            Role::ProgramAdmin
                | Role::OnboardingCoordinator
                | Role::ConformanceAnalyst
                | Role::PartnerAdmin
                | Role::PartnerDeveloper
        ),
        ("analyst", Some(role)) => {
            matches!(role, Role::ProgramAdmin | Role::ConformanceAnalyst)
        }
        ("trainer", Some(role)) => matches!(role, Role::ProgramAdmin | Role::Trainer),
        ("training-staff", Some(role)) => matches!(
            role,
            Role::ProgramAdmin | Role::OnboardingCoordinator | Role::Trainer
        ),
        ("report-reader", Some(role)) => matches!(
            role,
            Role::ProgramAdmin | Role::OnboardingCoordinator | Role::Trainer | Role::PartnerAdmin
        ),
        ("ticket-users", Some(role)) => matches!(
            role,
            Role::ProgramAdmin
                | Role::OnboardingCoordinator
                | Role::ConformanceAnalyst
                | Role::SupportAgent
                | Role::PartnerAdmin
                | Role::PartnerDeveloper
                | Role::PartnerMember
        ),
        ("support-staff", Some(role)) => matches!(
            role,
            Role::ProgramAdmin
                | Role::OnboardingCoordinator
                | Role::ConformanceAnalyst
                | Role::SupportAgent
        ),
        // Machine clients prove themselves to the handler; a person's session gives nothing.
        ("machine", Some(_)) => false,
        ("none", Some(_)) => false,
        (other, _) => panic!("unknown rule {other}"),
    }
}

/// Whether the response says "you may not": a redirect to sign in, 401 or 403.
fn was_refused(kind: RouteKind, status: StatusCode, location: Option<&str>) -> bool {
    match kind {
        RouteKind::Page => {
            status == StatusCode::FORBIDDEN
                || status == StatusCode::UNAUTHORIZED
                || (status == StatusCode::SEE_OTHER
                    && location.is_some_and(|location| location.starts_with("/login?next=")))
        }
        RouteKind::Api | RouteKind::Ops | RouteKind::Machine => {
            status == StatusCode::UNAUTHORIZED || status == StatusCode::FORBIDDEN
        }
    }
}

async fn call(
    client: &mut Client,
    method: &Method,
    path: &str,
    kind: RouteKind,
) -> (StatusCode, Option<String>) {
    let path = path
        .replace("{id}", "00000000-0000-4000-8000-000000000000")
        .replace("{*slug}", "conflict/stale-state")
        .replace("{environment}", "00000000-0000-4000-8000-000000000000")
        .replace("{message}", "00000000-0000-4000-8000-000000000000")
        .replace("{type}", "Patient")
        .replace("{version}", "1");
    let request = if *method == Method::GET {
        Request::get(path).body(Body::empty()).unwrap()
    } else if kind == RouteKind::Page {
        let token = client.csrf_token.clone().unwrap_or_default();
        Request::builder()
            .method(method.clone())
            .uri(path)
            .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
            .body(Body::from(format!("csrf_token={token}")))
            .unwrap()
    } else {
        Request::builder()
            .method(method.clone())
            .uri(path)
            .header(header::CONTENT_TYPE, "application/json")
            .body(Body::from("{}"))
            .unwrap()
    };
    let response = client.send(request).await;
    (response.status, response.location().map(str::to_owned))
}

#[tokio::test]
async fn every_route_admits_exactly_the_roles_its_rule_names() {
    for backend in backends() {
        let app = TestApp::new(&backend).await;
        let expected: BTreeMap<(String, String), &str> = EXPECTED
            .iter()
            .map(|(method, path, rule)| ((method.to_string(), path.to_string()), *rule))
            .collect();
        let routes = table();
        for spec in &routes {
            assert!(
                expected.contains_key(&(spec.method.to_string(), spec.path.to_owned())),
                "route {} {} has no row in the access table of this test",
                spec.method,
                spec.path
            );
        }
        assert_eq!(
            routes.len(),
            EXPECTED.len(),
            "the test table lists routes that do not exist"
        );

        let mut actors: Vec<(Option<Role>, Client)> = vec![(None, app.client())];
        for role in Role::ALL {
            let email = format!("{}@example.org", role.as_str());
            let organization = (!role.is_staff()).then_some("Acme Clinic");
            app.user(&email, role, organization).await;
            let mut client = app.client();
            assert_eq!(
                client.login(&email, PASSWORD).await.status,
                StatusCode::SEE_OTHER
            );
            actors.push((Some(role), client));
        }

        let mut failures = Vec::new();
        for (role, client) in &mut actors {
            client.refresh_csrf().await;
            // Signing out ends the session, so it goes last.
            let (logouts, others): (Vec<_>, Vec<_>) =
                routes.iter().partition(|spec| spec.path == "/logout");
            for spec in others.into_iter().chain(logouts) {
                let (status, location) = call(client, &spec.method, spec.path, spec.kind).await;
                let rule = expected[&(spec.method.to_string(), spec.path.to_owned())];
                let want_allowed = allowed(rule, *role);
                let refused = was_refused(spec.kind, status, location.as_deref());
                if want_allowed == refused {
                    failures.push(format!(
                        "{:?}: {} {} answered {status} (location {location:?}); expected {}",
                        role.map(Role::as_str).unwrap_or("anonymous"),
                        spec.method,
                        spec.path,
                        if want_allowed { "allowed" } else { "refused" }
                    ));
                }
                assert_ne!(
                    status,
                    StatusCode::INTERNAL_SERVER_ERROR,
                    "{} {}",
                    spec.method,
                    spec.path
                );
            }
        }
        assert!(
            failures.is_empty(),
            "{:?}:\n{}",
            app.backend(),
            failures.join("\n")
        );
    }
}
