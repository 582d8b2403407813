//! Certificates: issued in the transaction that signs a passed run off, signed as a JWS (ES256)
//! with the instance's certificate key — its public half published at `/verify/jwks`, so anyone
//! can check a certificate offline —, shown to anyone at `/verify/{id}` as valid, expired or
//! revoked, listed in the public registry per suite, revoked by the program with a reason, and
//! announced to the organization's admins before they expire (recurring
//! `conformance.certificate_reminders`).

use onramp_core::conformance::{certificate_status, CertificateStatus, CERTIFICATE_REMINDER_DAYS};
use onramp_core::platform::outbox::MailFamily;
use onramp_core::Role;
use onramp_fhir::search::format_instant;
use onramp_store::conformance::certificates::{self, Certificate, NewCertificate};
use onramp_store::conformance::runs::Run;
use onramp_store::conformance::suites::Suite;
use onramp_store::platform::audit::{self, AuditContext, Change};
use onramp_store::platform::jobs::Job;
use onramp_store::registry::members;
use onramp_store::{StoreError, Tx};
use serde::Serialize;

use crate::platform::jobs::{JobError, Registry};
use crate::platform::outbox::{emit, queue_mail, Event, Mail};
use crate::registry::services::scope;
use crate::state::AppState;
use crate::tracks::services::refresh;
use crate::web::actor::Actor;
use crate::web::error::{AppError, FieldError};

/// The instance secret holding the certificate signing key.
pub const SIGNING_KEY_SECRET: &str = "conformance_certificate_signing_key";
/// The JWS `typ` of a certificate.
pub const JWS_TYPE: &str = "onramp-certificate+jwt";
/// The recurring reminder job.
pub const REMINDER_JOB: &str = "conformance.certificate_reminders";

/// What a certificate's JWS says.
#[derive(Debug, Serialize)]
pub struct CertificateClaims<'a> {
    pub iss: &'a str,
    pub sub: &'a str,
    pub jti: &'a str,
    pub iat: i64,
    pub nbf: i64,
    pub exp: i64,
    pub organization: serde_json::Value,
    pub system: &'a str,
    pub suite: serde_json::Value,
    pub packages: &'a [String],
    pub run: &'a str,
    pub verify: String,
}

/// The public URL of a certificate.
pub fn verify_url(state: &AppState, id: &str) -> String {
    format!(
        "{}/verify/{id}",
        state.config.public_base_url.trim_end_matches('/')
    )
}

/// Issues the certificate a signed-off run earns, in the sign-off's transaction.
pub async fn issue(
    state: &AppState,
    tx: &mut Tx,
    context: &AuditContext,
    run: &Run,
    suite: &Suite,
    days: u32,
) -> Result<Certificate, AppError> {
    let id = onramp_store::new_id();
    let now = tx.now_ms();
    let expires = now + i64::from(days) * 86_400_000;
    let organization =
        onramp_store::registry::organizations::find(tx.conn(), &run.organization_id).await?;
    let verify = verify_url(state, &id);
    let claims = CertificateClaims {
        iss: &state.config.public_base_url,
        sub: &id,
        jti: &id,
        iat: now / 1000,
        nbf: now / 1000,
        exp: expires / 1000,
        organization: serde_json::json!({"id": organization.id, "name": organization.name}),
        system: &run.system_name,
        suite: serde_json::json!({"key": suite.key, "version": suite.version, "title": suite.title}),
        packages: &suite.packages,
        run: &run.id,
        verify,
    };
    let jws = state
        .certificate_signer
        .sign_typed(&claims, JWS_TYPE)
        .map_err(AppError::Internal)?;
    let certificate = certificates::insert(
        tx,
        NewCertificate {
            id: &id,
            organization_id: &run.organization_id,
            suite_id: &suite.id,
            suite_key: &suite.key,
            suite_version: suite.version,
            run_id: &run.id,
            system_name: &run.system_name,
            packages: &suite.packages,
            issued_at: now,
            expires_at: expires,
            jws: &jws,
        },
    )
    .await?;
    audit::append(
        tx,
        context,
        Change {
            action: "certificate.issued",
            entity_type: "certificate",
            entity_id: &id,
            organization_id: Some(&run.organization_id),
            summary: format!(
                "certificate for `{}` of {}: suite `{}` v{}, valid until {}",
                run.system_name,
                organization.name,
                suite.key,
                suite.version,
                format_instant(expires)
            ),
        },
    )
    .await?;
    emit(
        tx,
        now,
        Event {
            event_type: "conformance.certificate_issued",
            organization_id: Some(&run.organization_id),
            data: serde_json::json!({
                "certificate_id": id, "run_id": run.id, "suite": suite.key,
                "suite_version": suite.version, "system": run.system_name, "expires_at": expires,
            }),
        },
    )
    .await?;
    Ok(certificate)
}

/// A certificate by its public id, with its status now (anyone may ask).
pub async fn verify(
    state: &AppState,
    id: &str,
) -> Result<(Certificate, CertificateStatus), AppError> {
    let certificate = match certificates::find(state.store.pool(), id).await {
        Ok(certificate) => certificate,
        Err(StoreError::NotFound) => return Err(AppError::NotFound("certificate")),
        Err(other) => return Err(other.into()),
    };
    let status = certificate_status(
        certificate.expires_at,
        certificate.revoked_at,
        state.clock.now_ms(),
    );
    Ok((certificate, status))
}

/// The organizations holding a valid certificate of a suite (one version, when given).
pub async fn registry(
    state: &AppState,
    suite: &str,
    version: Option<i64>,
) -> Result<Vec<Certificate>, AppError> {
    Ok(
        certificates::valid_for_suite(state.store.pool(), suite, version, state.clock.now_ms())
            .await?,
    )
}

/// The certificates an actor may list: an organization's (its people and staff).
pub async fn of_organization(
    state: &AppState,
    actor: &Actor,
    organization_id: &str,
) -> Result<Vec<Certificate>, AppError> {
    let user = scope::user(actor)?;
    if !user.role.is_staff() && user.organization_id.as_deref() != Some(organization_id) {
        return Err(AppError::NotFound("organization"));
    }
    Ok(certificates::of_organization(state.store.pool(), organization_id).await?)
}

/// Revokes a certificate (program admins and conformance analysts), with a reason.
pub async fn revoke(
    state: &AppState,
    actor: &Actor,
    id: &str,
    reason: &str,
) -> Result<Certificate, AppError> {
    let user = scope::user(actor)?;
    if !matches!(user.role, Role::ProgramAdmin | Role::ConformanceAnalyst) {
        return Err(AppError::Forbidden);
    }
    let reason = reason.trim();
    if reason.is_empty() || reason.chars().count() > 1000 {
        return Err(AppError::validation(vec![FieldError::new(
            "reason",
            "why the certificate is revoked (1 to 1000 characters); the verify page shows it",
        )]));
    }
    let (certificate, _) = verify(state, id).await?;
    let context = actor.audit_context();
    let mut tx = state.store.begin().await?;
    certificates::revoke(&mut tx, id, &user.id, reason).await?;
    audit::append(
        &mut tx,
        &context,
        Change {
            action: "certificate.revoked",
            entity_type: "certificate",
            entity_id: id,
            organization_id: Some(&certificate.organization_id),
            summary: format!(
                "certificate for `{}` revoked: {reason}",
                certificate.system_name
            ),
        },
    )
    .await?;
    let now = tx.now_ms();
    emit(
        &mut tx,
        now,
        Event {
            event_type: "conformance.certificate_revoked",
            organization_id: Some(&certificate.organization_id),
            data: serde_json::json!({"certificate_id": id, "reason": reason}),
        },
    )
    .await?;
    // Gates may have waited on this certificate.
    let run = onramp_store::conformance::runs::find(tx.conn(), &certificate.run_id).await?;
    refresh::refresh(&mut tx, &state.calendars, &context, &run.enrollment_id).await?;
    tx.commit().await?;
    Ok(verify(state, id).await?.0)
}

/// A certificate as a PDF (the same facts as its page, with the verify URL).
pub fn pdf(state: &AppState, certificate: &Certificate, status: CertificateStatus) -> Vec<u8> {
    let mut lines: Vec<(f32, String)> = vec![
        (20.0, "Certificate of conformance".to_owned()),
        (11.0, String::new()),
        (14.0, certificate.organization_name.clone()),
        (12.0, format!("System: {}", certificate.system_name)),
        (11.0, String::new()),
        (
            11.0,
            format!(
                "Passed the suite “{}” (key {}, version {}),",
                certificate.suite_title, certificate.suite_key, certificate.suite_version
            ),
        ),
        (
            11.0,
            "reviewed and signed off by the program's conformance analyst.".to_owned(),
        ),
        (11.0, String::new()),
        (
            10.0,
            format!("Packages: {}", certificate.packages.join(", ")),
        ),
        (
            10.0,
            format!("Issued: {}", format_instant(certificate.issued_at)),
        ),
        (
            10.0,
            format!("Expires: {}", format_instant(certificate.expires_at)),
        ),
        (10.0, format!("Status when printed: {}", status.label())),
        (10.0, String::new()),
        (
            10.0,
            format!("Verify: {}", verify_url(state, &certificate.id)),
        ),
        (
            10.0,
            "Signed copy (JWS, ES256; key at /verify/jwks):".to_owned(),
        ),
    ];
    for chunk in crate::registry::services::render::wrap(&certificate.jws, 90) {
        lines.push((7.0, chunk));
    }
    crate::registry::services::render::text_pdf(&lines)
}

pub fn register(registry: &mut Registry) {
    registry.register_recurring(
        REMINDER_JOB,
        std::time::Duration::from_secs(6 * 3_600),
        reminder_job,
    );
}

async fn reminder_job(state: AppState, _job: Job) -> Result<(), JobError> {
    remind(&state).await?;
    Ok(())
}

/// Mails the organization's admins once about each certificate expiring within 30 days, and
/// emits `conformance.certificate_expiring`; returns how many certificates.
pub async fn remind(state: &AppState) -> Result<usize, AppError> {
    let now = state.clock.now_ms();
    let due = certificates::expiring(
        state.store.pool(),
        now,
        now + CERTIFICATE_REMINDER_DAYS * 86_400_000,
    )
    .await?;
    for certificate in &due {
        let mut tx = state.store.begin().await?;
        for member in members::list(tx.conn(), &certificate.organization_id).await? {
            if !member.active || member.pending || member.role != Role::PartnerAdmin {
                continue;
            }
            let body = format!(
                "Hello {},\n\nThe conformance certificate of “{}” for the suite “{}” (version {}) expires at {} (UTC).\n\nRun the suite again and submit the run for review to be certified anew.\n\nThe certificate: {}\n\nYou can turn these reminders off on your account page.\n",
                member.name,
                certificate.system_name,
                certificate.suite_title,
                certificate.suite_version,
                format_instant(certificate.expires_at),
                verify_url(state, &certificate.id),
            );
            queue_mail(
                &mut tx,
                now,
                Mail {
                    family: MailFamily::Credentials,
                    to: &member.email,
                    subject: &format!("Certificate of “{}” expires soon", certificate.system_name),
                    body,
                    event_id: None,
                },
            )
            .await?;
        }
        emit(
            &mut tx,
            now,
            Event {
                event_type: "conformance.certificate_expiring",
                organization_id: Some(&certificate.organization_id),
                data: serde_json::json!({"certificate_id": certificate.id, "expires_at": certificate.expires_at}),
            },
        )
        .await?;
        certificates::mark_reminded(&mut tx, &certificate.id).await?;
        tx.commit().await?;
    }
    Ok(due.len())
}

/// Answers the gate conditions `conformance.suite_signed_off` and `conformance.certificate_valid`
/// for an enrollment: the suite keys with a signed-off run, and with a valid certificate.
pub async fn gate_facts(
    conn: &mut sqlx::AnyConnection,
    enrollment_id: &str,
    now_ms: i64,
) -> Result<Vec<(String, String, bool)>, AppError> {
    Ok(
        certificates::signed_off_of_enrollment(&mut *conn, enrollment_id)
            .await?
            .into_iter()
            .map(|run| {
                let valid = run.expires_at.is_some_and(|expires| {
                    certificate_status(expires, run.revoked_at, now_ms) == CertificateStatus::Valid
                });
                (run.suite_key, run.suite_version.to_string(), valid)
            })
            .collect(),
    )
}
