//! Verification: reviewers record evidence (email domain, DNS TXT proof, identifier checks) and
//! decide (approve, reject, ask for more information, suspend, reinstate, retire), each with a
//! reason, an audit event and — for decisions — an email to the applicant.

use onramp_core::platform::outbox::MailFamily;
use onramp_core::registry::evidence::EvidenceKind;
use onramp_core::registry::lifecycle::{self, Action, OrganizationState, TransitionError};
use onramp_core::registry::partner::{optional_text, Identifier, WebDomain};
use onramp_core::Email;
use onramp_store::platform::audit::{self, Change};
use onramp_store::registry::evidence::{self, Evidence, Transition};
use onramp_store::registry::members;
use onramp_store::registry::{self, Profile};

use super::dns::{self, DnsOutcome};
use super::scope;
use crate::state::AppState;
use crate::web::actor::Actor;
use crate::web::error::{AppError, FieldError};
use crate::web::problems;

/// Evidence kinds, as stored.
pub const EMAIL_DOMAIN: &str = EvidenceKind::EmailDomain.as_str();
pub const DNS_TXT: &str = EvidenceKind::DnsTxt.as_str();
pub const IDENTIFIER: &str = EvidenceKind::Identifier.as_str();
pub const DOCUMENT: &str = EvidenceKind::Document.as_str();
pub const PARTNER_ANSWER: &str = EvidenceKind::PartnerAnswer.as_str();

pub(super) fn refuse_retired(profile: &Profile) -> Result<(), AppError> {
    if profile.state == OrganizationState::Retired {
        Err(AppError::Conflict(TransitionError::Retired.to_string()))
    } else {
        Ok(())
    }
}

pub(super) async fn record(
    state: &AppState,
    actor: &Actor,
    profile: &Profile,
    kind: &str,
    passed: bool,
    detail: &str,
    document_id: Option<&str>,
) -> Result<Evidence, AppError> {
    let mut tx = state.store.begin().await?;
    let context = actor.audit_context();
    let evidence = evidence::insert(
        &mut tx,
        &context,
        &profile.id,
        kind,
        passed,
        detail,
        document_id,
    )
    .await?;
    audit::append(
        &mut tx,
        &context,
        Change {
            action: "organization.evidence_recorded",
            entity_type: "organization",
            entity_id: &profile.id,
            organization_id: Some(&profile.id),
            summary: format!(
                "{kind} evidence for {}: {} ({detail})",
                profile.name,
                if passed { "passed" } else { "failed" }
            ),
        },
    )
    .await?;
    tx.commit().await?;
    Ok(evidence)
}

/// Whether the applicant's confirmed email is at the organization's web domain.
pub async fn check_email_domain(
    state: &AppState,
    actor: &Actor,
    organization_id: &str,
) -> Result<Evidence, AppError> {
    scope::reviewer(actor)?;
    let profile = scope::find(state, organization_id).await?;
    refuse_retired(&profile)?;
    let domain = profile
        .web_domain
        .as_deref()
        .and_then(|text| WebDomain::parse(text).ok());
    let admins = members::list(state.store.pool(), &profile.id).await?;
    let contact = profile
        .contact_email
        .as_deref()
        .and_then(|text| Email::parse(text).ok());
    let confirmed = admins.iter().any(|member| {
        Some(member.email.as_str()) == contact.as_ref().map(Email::as_str)
            && member.email_confirmed_at.is_some()
    });
    let (passed, detail) = match (domain, contact) {
        (Some(domain), Some(contact)) => {
            let matches = domain.covers(contact.domain());
            let passed = matches && confirmed;
            let detail = format!(
                "contact {} {} the web domain {}{}",
                contact,
                if matches { "is at" } else { "is not at" },
                domain.as_str(),
                if confirmed {
                    "; email confirmed"
                } else {
                    "; email not confirmed yet"
                }
            );
            (passed, detail)
        }
        _ => (false, "no web domain or contact email on file".to_owned()),
    };
    record(state, actor, &profile, EMAIL_DOMAIN, passed, &detail, None).await
}

/// Looks up the DNS TXT proof and records the result.
pub async fn check_dns(
    state: &AppState,
    actor: &Actor,
    organization_id: &str,
) -> Result<Evidence, AppError> {
    scope::reviewer(actor)?;
    let profile = scope::find(state, organization_id).await?;
    refuse_retired(&profile)?;
    let (Some(domain), Some(token)) = (profile.web_domain.clone(), profile.dns_token.clone())
    else {
        return Err(AppError::Conflict(
            "this organization has no web domain or DNS token".to_owned(),
        ));
    };
    let outcome = dns::find_token(state.config.dns_resolver, &domain, &token).await;
    let (passed, detail) = match outcome {
        DnsOutcome::Found => (true, format!("TXT {}{token} found at {domain}", dns::TXT_PREFIX)),
        DnsOutcome::Missing {
            n_verification_records,
        } => (
            false,
            format!(
                "no TXT record with the token at {domain} ({n_verification_records} other verification record(s))"
            ),
        ),
        DnsOutcome::Failed(cause) => (false, format!("lookup of {domain} failed: {cause}")),
    };
    record(state, actor, &profile, DNS_TXT, passed, &detail, None).await
}

/// Records the reviewer's own check of an identifier against its registry.
pub async fn record_identifier_check(
    state: &AppState,
    actor: &Actor,
    organization_id: &str,
    system: &str,
    value: &str,
    passed: bool,
    note: &str,
) -> Result<Evidence, AppError> {
    scope::reviewer(actor)?;
    let mut fields = Vec::new();
    let identifier = Identifier::parse(system, value)
        .map_err(|error| fields.push(FieldError::new("identifier", error.to_string())))
        .ok();
    let note = optional_text(note, 1000)
        .map_err(|error| fields.push(FieldError::new("note", error.to_string())))
        .ok();
    let (Some(identifier), Some(note), true) = (identifier, note, fields.is_empty()) else {
        return Err(AppError::validation(fields));
    };
    let profile = scope::find(state, organization_id).await?;
    refuse_retired(&profile)?;
    let detail = format!(
        "{} {} checked by the reviewer{}{}",
        identifier.system,
        identifier.value,
        if note.is_empty() { "" } else { ": " },
        note
    );
    record(state, actor, &profile, IDENTIFIER, passed, &detail, None).await
}

/// The request for more information the partner has still to answer: the last decision asked for
/// more, and no answer was recorded after it.
pub fn open_information_request<'t>(
    transitions: &'t [Transition],
    evidence: &[Evidence],
) -> Option<&'t Transition> {
    let last = transitions.last()?;
    let answered = evidence
        .iter()
        .any(|item| item.kind == PARTNER_ANSWER && item.recorded_at >= last.at);
    (last.action == Action::RequestInformation.as_str() && !answered).then_some(last)
}

/// A partner admin answers the open request for more information; the answer is recorded with
/// the evidence (neither passed nor failed) and the reviewers are told through the outbox.
pub async fn answer_information_request(
    state: &AppState,
    actor: &Actor,
    answer: &str,
) -> Result<Evidence, AppError> {
    let (_, organization_id) = scope::own_organization_admin(actor)?;
    let answer = answer.trim();
    if answer.is_empty() || answer.chars().count() > 4000 {
        return Err(AppError::validation(vec![FieldError::new(
            "answer",
            "write your answer (1 to 4000 characters)",
        )]));
    }
    let profile = scope::find(state, organization_id).await?;
    let pool = state.store.pool();
    let transitions = evidence::transitions(pool, &profile.id).await?;
    let recorded = evidence::list(pool, &profile.id).await?;
    if open_information_request(&transitions, &recorded).is_none() {
        return Err(AppError::Conflict(
            "there is no open request for more information to answer".to_owned(),
        ));
    }
    let mut tx = state.store.begin().await?;
    let context = actor.audit_context();
    let evidence = evidence::insert(
        &mut tx,
        &context,
        &profile.id,
        PARTNER_ANSWER,
        false,
        answer,
        None,
    )
    .await?;
    audit::append(
        &mut tx,
        &context,
        Change {
            action: "organization.information_provided",
            entity_type: "organization",
            entity_id: &profile.id,
            organization_id: Some(&profile.id),
            summary: format!("{} answered the request for more information", profile.name),
        },
    )
    .await?;
    crate::platform::outbox::emit(
        &mut tx,
        state.clock.now_ms(),
        crate::platform::outbox::Event {
            event_type: "organization.information_provided",
            organization_id: Some(&profile.id),
            data: serde_json::json!({ "organization_id": profile.id, "name": profile.name }),
        },
    )
    .await?;
    tx.commit().await?;
    Ok(evidence)
}

fn transition_error(error: TransitionError) -> AppError {
    match error {
        TransitionError::NotAReviewer | TransitionError::ProgramAdminOnly(_) => AppError::Forbidden,
        TransitionError::Reason => {
            AppError::validation(vec![FieldError::new("reason", error.to_string())])
        }
        TransitionError::NoEvidence => {
            AppError::Rule(&problems::NO_PASSING_EVIDENCE, error.to_string())
        }
        TransitionError::Retired => {
            AppError::Rule(&problems::ORGANIZATION_RETIRED, error.to_string())
        }
        TransitionError::NotFrom { .. } => {
            AppError::Rule(&problems::TRANSITION_NOT_ALLOWED, error.to_string())
        }
    }
}

/// Takes a decision on an organization; the applicant is emailed for every decision but "start review".
pub async fn decide(
    state: &AppState,
    actor: &Actor,
    organization_id: &str,
    action: Action,
    reason: &str,
) -> Result<Transition, AppError> {
    let user = scope::user(actor)?;
    if !lifecycle::is_reviewer(user.role) {
        return Err(AppError::Forbidden);
    }
    let reason = lifecycle::parse_reason(reason).map_err(transition_error)?;
    let profile = scope::find(state, organization_id).await?;
    let n_passing = evidence::list(state.store.pool(), &profile.id)
        .await?
        .iter()
        .filter(|evidence| evidence.passed)
        .count();
    let next = lifecycle::next_state(user.role, profile.state, action, n_passing)
        .map_err(transition_error)?;
    let context = actor.audit_context();
    let mut tx = state.store.begin().await?;
    // Compare-and-set: when another reviewer moved it meanwhile, this decision loses (409).
    registry::set_state(&mut tx, &profile.id, profile.state, next).await?;
    let transition = evidence::insert_transition(
        &mut tx,
        &context,
        &profile.id,
        action.as_str(),
        profile.state.as_str(),
        next.as_str(),
        &reason,
    )
    .await?;
    audit::append(
        &mut tx,
        &context,
        Change {
            action: "organization.transition",
            entity_type: "organization",
            entity_id: &profile.id,
            organization_id: Some(&profile.id),
            summary: format!(
                "{}: {} ({} → {}): {reason}",
                profile.name,
                action.as_str(),
                profile.state.as_str(),
                next.as_str()
            ),
        },
    )
    .await?;
    let event_id = crate::platform::outbox::emit(
        &mut tx,
        state.clock.now_ms(),
        crate::platform::outbox::Event {
            event_type: decision_event_type(action),
            organization_id: Some(&profile.id),
            data: serde_json::json!({
                "organization_id": profile.id,
                "name": profile.name,
                "action": action.as_str(),
                "from": profile.state.as_str(),
                "to": next.as_str(),
                "reason": reason,
            }),
        },
    )
    .await?;
    let tier_change = super::tiers::recompute(&mut tx, &context, &profile.id).await?;
    super::tiers::mail_if_lowered(state, &mut tx, &profile.id, tier_change).await?;

    if action.notifies_applicant() {
        if let Some(contact) = profile.contact_email.as_deref() {
            let name = &profile.name;
            let (subject, headline) = match action {
                Action::Approve => (
                    format!("The application of {name} was approved"),
                    "Your organization is verified and active.",
                ),
                Action::Reject => (
                    format!("The application of {name} was not accepted"),
                    "Your application was not accepted.",
                ),
                Action::RequestInformation => (
                    format!("We need more information about the application of {name}"),
                    "We need more information about your application. Answer on your organization's page.",
                ),
                Action::Suspend => (
                    format!("The access of {name} is suspended"),
                    "Your organization's access is suspended.",
                ),
                Action::Reinstate => (
                    format!("The access of {name} is reinstated"),
                    "Your organization's access is reinstated.",
                ),
                Action::Retire | Action::StartReview => (
                    format!("{name} has been retired from the exchange"),
                    "Your organization has been retired.",
                ),
            };
            let body = format!(
                "Hello,\n\n{headline}\n\nOrganization: {name}\nDecision: {label}\nReason: {reason}\n\n{link}\n",
                label = action.label(),
                link = super::link(state, "/partner"),
            );
            super::queue_mail(
                state,
                &mut tx,
                MailFamily::Registry,
                contact,
                &subject,
                body,
                Some(&event_id),
            )
            .await?;
        }
    }
    tx.commit().await?;
    Ok(transition)
}

/// The event a review decision emits, named after its outcome.
fn decision_event_type(action: Action) -> &'static str {
    match action {
        Action::StartReview => "organization.review_started",
        Action::Approve => "organization.approved",
        Action::Reject => "organization.rejected",
        Action::RequestInformation => "organization.information_requested",
        Action::Suspend => "organization.suspended",
        Action::Reinstate => "organization.reinstated",
        Action::Retire => "organization.retired",
    }
}

/// Approves (or withdraws approval of) the collaborative tier.
pub async fn set_collaboration_approval(
    state: &AppState,
    actor: &Actor,
    organization_id: &str,
    approved: bool,
    reason: &str,
) -> Result<Profile, AppError> {
    scope::reviewer(actor)?;
    let reason = lifecycle::parse_reason(reason).map_err(transition_error)?;
    let profile = scope::find(state, organization_id).await?;
    refuse_retired(&profile)?;
    let context = actor.audit_context();
    let mut tx = state.store.begin().await?;
    registry::set_collaborative_approved(
        &mut tx,
        &profile.id,
        approved.then(|| state.clock.now_ms()),
    )
    .await?;
    audit::append(
        &mut tx,
        &context,
        Change {
            action: if approved {
                "organization.collaboration_approved"
            } else {
                "organization.collaboration_withdrawn"
            },
            entity_type: "organization",
            entity_id: &profile.id,
            organization_id: Some(&profile.id),
            summary: format!("{}: {reason}", profile.name),
        },
    )
    .await?;
    let tier_change = super::tiers::recompute(&mut tx, &context, &profile.id).await?;
    super::tiers::mail_if_lowered(state, &mut tx, &profile.id, tier_change).await?;
    tx.commit().await?;
    Ok(registry::find(state.store.pool(), &profile.id).await?)
}

/// Everything a reviewer sees about one organization.
#[derive(Clone, Debug)]
pub struct Dossier {
    pub profile: Profile,
    pub identifiers: Vec<Identifier>,
    pub evidence: Vec<Evidence>,
    pub transitions: Vec<Transition>,
    pub duplicates: Vec<(Profile, String)>,
    pub contact_confirmed: bool,
    pub documents: Vec<onramp_store::registry::documents::Document>,
}

pub async fn dossier(
    state: &AppState,
    actor: &Actor,
    organization_id: &str,
) -> Result<Dossier, AppError> {
    scope::reviewer(actor)?;
    let profile = scope::find(state, organization_id).await?;
    let pool = state.store.pool();
    let members = members::list(pool, &profile.id).await?;
    let contact_confirmed = members.iter().any(|member| {
        Some(member.email.as_str()) == profile.contact_email.as_deref()
            && member.email_confirmed_at.is_some()
    });
    Ok(Dossier {
        identifiers: registry::identifiers(pool, &profile.id).await?,
        evidence: evidence::list(pool, &profile.id).await?,
        transitions: evidence::transitions(pool, &profile.id).await?,
        duplicates: registry::likely_duplicates(pool, &profile.id).await?,
        contact_confirmed,
        documents: onramp_store::registry::documents::list(pool, &profile.id).await?,
        profile,
    })
}
