//! People's certificates: issued in the transaction that completes a certification course,
//! renewed when the holder earns the course's recertification credits within the period,
//! verified by anyone at `/verify/training/{id}`, revoked by trainers with a reason, and noticed
//! before and at expiry by the recurring job `training.certificates`; and the gate condition
//! `training.staff_certified`.

use onramp_core::platform::outbox::MailFamily;
use onramp_core::training::certification::{
    expires_ms, recertification_due, renewed_expires_ms, staff_requirement_met, PersonStanding,
    Shortfall, StaffRequirement,
};
use onramp_core::training::course::CourseDocument;
use onramp_core::training::{
    certificate_status, CertificateStatus, Tenths, CERTIFICATE_REMINDER_DAYS,
};
use onramp_core::Role;
use onramp_fhir::search::format_instant;
use onramp_store::platform::audit::{self, AuditContext, Change};
use onramp_store::platform::jobs::Job;
use onramp_store::training::certificates::{self, Certificate, NewCertificate};
use onramp_store::training::{courses, learners, progress};
use onramp_store::{StoreError, Tx};

use super::courses::{document, TRAINERS};
use crate::platform::jobs::{JobError, Registry};
use crate::platform::outbox::{emit, queue_mail, Event, Mail};
use crate::registry::services::scope;
use crate::state::AppState;
use crate::web::actor::Actor;
use crate::web::error::{AppError, FieldError};

/// The gate condition kind: parameters `certification` (a course key), optionally `role` (an
/// account role or a job role) and `at_least` (a number; without it, every person assigned the
/// course must be certified).
pub const STAFF_CERTIFIED: &str = "training.staff_certified";

/// The recurring job: renewals by credits, reminders before expiry, expiry notices.
pub const CERTIFICATE_JOB: &str = "training.certificates";

/// The public URL of a person's certificate.
pub fn verify_url(state: &AppState, id: &str) -> String {
    format!(
        "{}/verify/training/{id}",
        state.config.public_base_url.trim_end_matches('/')
    )
}

/// A certificate with where it stands now.
#[derive(Clone, Debug)]
pub struct Standing {
    pub certificate: Certificate,
    pub status: CertificateStatus,
}

pub fn standing(certificate: Certificate, now_ms: i64) -> Standing {
    let status = certificate_status(
        certificate.issued_at,
        certificate.expires_at,
        certificate.revoked_at.is_some(),
        now_ms,
    );
    Standing {
        certificate,
        status,
    }
}

/// Who a certificate is issued to.
#[derive(Clone, Copy, Debug)]
pub struct Holder<'a> {
    pub user_id: &'a str,
    pub organization_id: &'a str,
    pub name: &'a str,
    pub email: &'a str,
}

/// Issues a certificate in the caller's transaction, with its audit event, the event
/// `training.certificate_issued` and the holder's mail. `renews` is the certificate a renewal
/// extends: the new period starts at its expiry.
#[allow(clippy::too_many_arguments)]
pub async fn issue(
    state: &AppState,
    tx: &mut Tx,
    context: &AuditContext,
    holder: Holder<'_>,
    course_id: &str,
    course: &CourseDocument,
    basis: &str,
    renews: Option<&Certificate>,
) -> Result<Certificate, AppError> {
    let Some(certification) = &course.certification else {
        return Err(AppError::Internal(format!(
            "course {} is not a certification",
            course.key
        )));
    };
    let now = tx.now_ms();
    let expires_at = match renews {
        Some(previous) => renewed_expires_ms(previous.expires_at, certification.valid_days),
        None => expires_ms(now, certification.valid_days),
    };
    let id = onramp_store::new_id();
    let certificate = certificates::insert(
        tx,
        NewCertificate {
            id: &id,
            user_id: holder.user_id,
            organization_id: holder.organization_id,
            course_key: &course.key,
            course_id,
            title: &certification.title,
            holder_name: holder.name,
            credits_tenths: i64::from(course.total_credits().0),
            issued_at: now,
            expires_at,
            basis,
            renews_id: renews.map(|previous| previous.id.as_str()),
        },
    )
    .await?;
    audit::append(
        tx,
        context,
        Change {
            action: "training.certificate_issued",
            entity_type: "training_certificate",
            entity_id: &certificate.id,
            organization_id: Some(holder.organization_id),
            summary: format!(
                "certificate “{}” issued to {}{}, valid until {}",
                certification.title,
                holder.name,
                match renews {
                    Some(previous) => format!(" (renewing {} by credits)", previous.id),
                    None => String::new(),
                },
                format_instant(expires_at)
            ),
        },
    )
    .await?;
    let event_id = emit(
        tx,
        now,
        Event {
            event_type: "training.certificate_issued",
            organization_id: Some(holder.organization_id),
            data: serde_json::json!({
                "certificate_id": certificate.id,
                "user_id": holder.user_id,
                "course": course.key,
                "expires_at": expires_at,
                "basis": basis,
            }),
        },
    )
    .await?;
    queue_mail(
        tx,
        now,
        Mail {
            family: MailFamily::Training,
            to: holder.email,
            subject: &format!("Your certificate: {}", certification.title),
            body: format!(
                "Hello {},\n\nYou hold the certificate “{}”, valid until {} (UTC).\n\nAnyone can verify it at {}\n",
                holder.name,
                certification.title,
                format_instant(expires_at),
                verify_url(state, &certificate.id)
            ),
            event_id: Some(&event_id),
        },
    )
    .await?;
    Ok(certificate)
}

/// A certificate by its public id, for anyone (the verify page).
pub async fn verify(state: &AppState, id: &str) -> Result<Standing, AppError> {
    match certificates::find(state.store.pool(), id).await {
        Ok(certificate) => Ok(standing(certificate, state.clock.now_ms())),
        Err(StoreError::NotFound) => Err(AppError::NotFound("certificate")),
        Err(other) => Err(other.into()),
    }
}

/// Whether the actor may see the training records of a person of `organization_id`: the person
/// themselves, their partner admin, and staff who follow training (trainers, program admins,
/// onboarding coordinators). Anyone else: "not found".
pub fn may_see_learner(
    actor: &Actor,
    organization_id: &str,
    user_id: &str,
) -> Result<(), AppError> {
    let user = scope::user(actor)?;
    let allowed = match user.role {
        Role::Trainer | Role::ProgramAdmin | Role::OnboardingCoordinator => true,
        Role::PartnerAdmin => user.organization_id.as_deref() == Some(organization_id),
        _ => user.id == user_id,
    };
    if allowed {
        Ok(())
    } else {
        Err(AppError::NotFound("record"))
    }
}

/// A person's certificates with their standing (the person, their admin, training staff).
pub async fn of_user(
    state: &AppState,
    actor: &Actor,
    organization_id: &str,
    user_id: &str,
) -> Result<Vec<Standing>, AppError> {
    may_see_learner(actor, organization_id, user_id)?;
    let now = state.clock.now_ms();
    Ok(certificates::of_user(state.store.pool(), user_id)
        .await?
        .into_iter()
        .map(|certificate| standing(certificate, now))
        .collect())
}

/// Revokes a certificate with a reason (trainers and program admins).
pub async fn revoke(
    state: &AppState,
    actor: &Actor,
    id: &str,
    reason: &str,
) -> Result<Certificate, AppError> {
    let user = scope::user(actor)?;
    if !TRAINERS.contains(&user.role) {
        return Err(AppError::Forbidden);
    }
    let reason = reason.trim();
    if reason.is_empty() {
        return Err(AppError::validation(vec![FieldError::new(
            "reason",
            "say why the certificate is revoked",
        )]));
    }
    let mut tx = state.store.begin().await?;
    let certificate = match certificates::find(tx.conn(), id).await {
        Ok(found) => found,
        Err(StoreError::NotFound) => return Err(AppError::NotFound("certificate")),
        Err(other) => return Err(other.into()),
    };
    certificates::revoke(&mut tx, id, &user.id, reason).await?;
    audit::append(
        &mut tx,
        &actor.audit_context(),
        Change {
            action: "training.certificate_revoked",
            entity_type: "training_certificate",
            entity_id: id,
            organization_id: Some(&certificate.organization_id),
            summary: format!(
                "certificate “{}” of {} revoked: {reason}",
                certificate.title, certificate.holder_name
            ),
        },
    )
    .await?;
    let now = tx.now_ms();
    emit(
        &mut tx,
        now,
        Event {
            event_type: "training.certificate_revoked",
            organization_id: Some(&certificate.organization_id),
            data: serde_json::json!({"certificate_id": id, "user_id": certificate.user_id}),
        },
    )
    .await?;
    let certificate = certificates::find(tx.conn(), id).await?;
    tx.commit().await?;
    Ok(certificate)
}

pub fn register(registry: &mut Registry) {
    registry.register_recurring(
        CERTIFICATE_JOB,
        std::time::Duration::from_secs(3_600),
        certificate_job,
    );
}

async fn certificate_job(state: AppState, _job: Job) -> Result<(), JobError> {
    sweep(&state).await?;
    Ok(())
}

/// What one sweep did.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Swept {
    pub renewed: usize,
    pub reminded: usize,
    pub expired: usize,
    /// Attempts left in progress past their time limit, closed as expired.
    pub attempts_closed: usize,
}

/// Renews certificates whose holders earned the recertification credits, then reminds holders
/// once of certificates expiring within 30 days, then notices certificates that expired (each
/// once, with `training.certificate_expiring` / `training.certificate_expired`), and closes
/// attempts abandoned past their time limit.
pub async fn sweep(state: &AppState) -> Result<Swept, AppError> {
    let mut swept = Swept::default();
    let pool = state.store.pool();
    let now = state.clock.now_ms();
    for attempt in onramp_store::training::attempts::overdue(pool, now).await? {
        let mut tx = state.store.begin().await?;
        if !onramp_store::training::attempts::expire(&mut tx, &attempt.id).await? {
            continue;
        }
        audit::append(
            &mut tx,
            &AuditContext::system(),
            Change {
                action: "training.attempt_expired",
                entity_type: "training_attempt",
                entity_id: &attempt.id,
                organization_id: Some(&attempt.organization_id),
                summary: format!(
                    "{}'s attempt at “{}” was not submitted before its time limit; closed unscored",
                    attempt.user_name, attempt.course_title
                ),
            },
        )
        .await?;
        tx.commit().await?;
        swept.attempts_closed += 1;
    }
    for course in courses::latest(pool).await? {
        let current = document(&course)?;
        let Some(needed) = current
            .certification
            .as_ref()
            .and_then(|certification| certification.recertification_credits)
        else {
            continue;
        };
        for certificate in certificates::renewable(pool, &course.key, now).await? {
            // A credit counts toward one period: a renewal's period starts where the renewed
            // certificate's ended.
            let period_start = match &certificate.renews_id {
                Some(renewed) => certificates::find(pool, renewed).await?.expires_at,
                None => certificate.issued_at,
            };
            let earned = progress::credits_between(
                pool,
                &certificate.user_id,
                period_start,
                certificate.expires_at,
                &certificate.course_key,
            )
            .await?;
            let earned = Tenths(u32::try_from(earned).unwrap_or(u32::MAX));
            if !recertification_due(earned, Some(needed)) {
                continue;
            }
            let mut tx = state.store.begin().await?;
            let Ok(person) = learners::person(
                tx.conn(),
                &certificate.organization_id,
                &certificate.user_id,
            )
            .await
            else {
                continue;
            };
            // Renewed on the course's current version.
            issue(
                state,
                &mut tx,
                &AuditContext::system(),
                Holder {
                    user_id: &person.user_id,
                    organization_id: &certificate.organization_id,
                    name: &person.name,
                    email: &person.email,
                },
                &course.id,
                &current,
                "credits",
                Some(&certificate),
            )
            .await?;
            tx.commit().await?;
            swept.renewed += 1;
        }
    }
    let due =
        certificates::to_remind(pool, now, now + CERTIFICATE_REMINDER_DAYS * 86_400_000).await?;
    for certificate in &due {
        let mut tx = state.store.begin().await?;
        if !certificates::mark_reminded(&mut tx, &certificate.id).await? {
            continue;
        }
        notice(state, &mut tx, certificate, "training.certificate_expiring").await?;
        tx.commit().await?;
        swept.reminded += 1;
    }
    for certificate in certificates::newly_expired(pool, now).await? {
        let mut tx = state.store.begin().await?;
        if !certificates::mark_expired_noticed(&mut tx, &certificate.id).await? {
            continue;
        }
        notice(state, &mut tx, &certificate, "training.certificate_expired").await?;
        tx.commit().await?;
        swept.expired += 1;
    }
    Ok(swept)
}

/// The audit event, domain event and holder's mail of a certificate expiring or expired.
async fn notice(
    state: &AppState,
    tx: &mut Tx,
    certificate: &Certificate,
    event_type: &'static str,
) -> Result<(), AppError> {
    let now = tx.now_ms();
    let expiring = event_type == "training.certificate_expiring";
    audit::append(
        tx,
        &AuditContext::system(),
        Change {
            action: event_type,
            entity_type: "training_certificate",
            entity_id: &certificate.id,
            organization_id: Some(&certificate.organization_id),
            summary: format!(
                "certificate “{}” of {} {} {}",
                certificate.title,
                certificate.holder_name,
                if expiring { "expires" } else { "expired" },
                format_instant(certificate.expires_at)
            ),
        },
    )
    .await?;
    let event_id = emit(
        tx,
        now,
        Event {
            event_type,
            organization_id: Some(&certificate.organization_id),
            data: serde_json::json!({
                "certificate_id": certificate.id,
                "user_id": certificate.user_id,
                "course": certificate.course_key,
                "expires_at": certificate.expires_at,
            }),
        },
    )
    .await?;
    if let Ok(person) = learners::person(
        tx.conn(),
        &certificate.organization_id,
        &certificate.user_id,
    )
    .await
    {
        let body = if expiring {
            format!(
                "Hello {},\n\nYour certificate “{}” expires at {} (UTC).\n\nEarn the course's recertification credits or pass its assessment again to keep it.\n\n{}\n",
                person.name,
                certificate.title,
                format_instant(certificate.expires_at),
                verify_url(state, &certificate.id)
            )
        } else {
            format!(
                "Hello {},\n\nYour certificate “{}” expired at {} (UTC). Pass the course's assessment again to be certified anew.\n",
                person.name,
                certificate.title,
                format_instant(certificate.expires_at)
            )
        };
        queue_mail(
            tx,
            now,
            Mail {
                family: MailFamily::Training,
                to: &person.email,
                subject: &format!(
                    "Your certificate “{}” {}",
                    certificate.title,
                    if expiring { "expires soon" } else { "expired" }
                ),
                body,
                event_id: Some(&event_id),
            },
        )
        .await?;
    }
    Ok(())
}

/// Answers `training.staff_certified` for an organization at `now_ms`.
pub async fn staff_certified(
    conn: &mut sqlx::AnyConnection,
    organization_id: &str,
    parameters: &[(String, String)],
    now_ms: i64,
) -> Result<Shortfall, AppError> {
    let requirement = match staff_requirement(parameters) {
        Ok(requirement) => requirement,
        Err(explanation) => {
            return Ok(Shortfall {
                met: false,
                certified: 0,
                required: 0,
                missing: Vec::new(),
                explanation,
            })
        }
    };
    let standings = learners::standings(
        &mut *conn,
        organization_id,
        &requirement.certification,
        now_ms,
    )
    .await?;
    let people: Vec<PersonStanding> = standings
        .into_iter()
        .map(|standing| PersonStanding {
            name: standing.name,
            roles: std::iter::once(standing.role)
                .chain(standing.job_role)
                .collect(),
            assigned: standing.assigned,
            certified: standing.certified,
        })
        .collect();
    Ok(staff_requirement_met(&requirement, &people))
}

/// Reads the condition's parameters.
pub fn staff_requirement(parameters: &[(String, String)]) -> Result<StaffRequirement, String> {
    let mut requirement = StaffRequirement {
        certification: String::new(),
        role: None,
        at_least: None,
    };
    for (name, value) in parameters {
        match name.as_str() {
            "certification" => requirement.certification = value.clone(),
            "role" => requirement.role = Some(value.clone()),
            "at_least" => {
                requirement.at_least = Some(
                    value
                        .parse::<u32>()
                        .map_err(|_| format!("`at_least` must be a whole number, not `{value}`"))?,
                )
            }
            other => return Err(format!("`{STAFF_CERTIFIED}` has no parameter `{other}`")),
        }
    }
    if requirement.certification.is_empty() {
        return Err(format!("`{STAFF_CERTIFIED}` needs `certification`"));
    }
    Ok(requirement)
}
