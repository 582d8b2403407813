//! What an enrollment's gates and steps are checked against: the facts gathered from the registry
//! (agreements, tier, verification) and from the enrollment (tasks, evidence).

use onramp_core::registry::agreement::AgreementKind;
use onramp_core::registry::lifecycle::OrganizationState;
use onramp_core::tracks::enrollment::{extension_key, Facts, TaskStatus};
use onramp_core::tracks::{Condition, Evidence, Step, Track};
use onramp_core::Role;
use onramp_store::registry::Profile;
use onramp_store::tracks::gates::EvidenceRecord;
use onramp_store::tracks::tasks::Task;
use sqlx::AnyConnection;

use crate::registry::services::tiers::holds_current_signature;
use crate::web::error::AppError;

/// Evidence kinds stored in `enrollment_evidence`.
pub const ATTESTATION: &str = "attestation";
pub const APPROVAL: &str = "approval";
pub const DOCUMENT: &str = "document";

/// Gathers the facts of one enrollment of `profile`'s organization in `track`.
#[allow(clippy::too_many_arguments)]
pub async fn gather(
    conn: &mut AnyConnection,
    track: &Track,
    enrollment_id: &str,
    profile: &Profile,
    tasks: &[Task],
    evidence: &[EvidenceRecord],
    now_ms: i64,
) -> Result<Facts, AppError> {
    let mut facts = Facts {
        tier: Some(profile.tier),
        verified: profile.state == OrganizationState::Active,
        ..Facts::default()
    };
    for kind in AgreementKind::ALL {
        if holds_current_signature(conn, &profile.id, kind, now_ms).await? {
            facts.agreements_signed.insert(kind);
        }
    }
    for task in tasks {
        if task
            .status
            .parse::<TaskStatus>()
            .is_ok_and(TaskStatus::is_finished)
        {
            facts.steps_finished.insert(task.step_key.clone());
        }
    }
    for record in evidence {
        let Ok(role) = record.role.parse::<Role>() else {
            continue;
        };
        match record.kind.as_str() {
            ATTESTATION => {
                facts.attestations.insert((record.subject.clone(), role));
            }
            APPROVAL => {
                facts.approvals.insert((record.subject.clone(), role));
            }
            DOCUMENT if record.accepted_at.is_some() => {
                facts.documents_accepted.insert(record.subject.clone());
            }
            _ => {}
        }
    }
    // Other features' condition kinds.
    facts.extensions.insert(
        extension_key(PRODUCTION_CREDENTIALS_ISSUED, &[]),
        crate::sandbox::services::clients::production_credentials_issued(conn, enrollment_id)
            .await?,
    );
    for (suite, version, valid) in
        crate::conformance::services::certificates::gate_facts(conn, enrollment_id, now_ms).await?
    {
        let by_suite = [("suite".to_owned(), suite.clone())];
        let by_version = [("suite".to_owned(), suite), ("version".to_owned(), version)];
        for parameters in [&by_suite[..], &by_version[..]] {
            facts
                .extensions
                .insert(extension_key(SUITE_SIGNED_OFF, parameters), true);
            let key = extension_key(CERTIFICATE_VALID, parameters);
            let before = facts.extensions.get(&key).copied().unwrap_or(false);
            facts.extensions.insert(key, before || valid);
        }
    }
    // Conditions whose answer depends on their parameters are answered one by one.
    for gate in &track.gates {
        for condition in &gate.conditions {
            if let Condition::Extension { kind, parameters } = condition {
                if kind == crate::training::services::certificates::STAFF_CERTIFIED {
                    let met = crate::training::services::certificates::staff_certified(
                        conn,
                        &profile.id,
                        parameters,
                        now_ms,
                    )
                    .await?;
                    facts
                        .extensions
                        .insert(extension_key(kind, parameters), met.met);
                }
            }
        }
    }
    Ok(facts)
}

/// The gate condition kinds conformance testing answers (parameters `suite`, optionally
/// `version`): a run of the suite signed off; a certificate of the suite valid now.
pub const SUITE_SIGNED_OFF: &str = "conformance.suite_signed_off";
pub const CERTIFICATE_VALID: &str = "conformance.certificate_valid";

/// The gate condition kind the sandbox answers: an active production client exists.
pub const PRODUCTION_CREDENTIALS_ISSUED: &str = "sandbox.production_credentials_issued";

/// What `step` still needs before it counts as done, in words; empty when nothing. `gate_holds`
/// answers for a gate of the track (passed or overridden).
pub fn missing_for_step(
    step: &Step,
    facts: &Facts,
    gate_holds: impl Fn(&str) -> bool,
) -> Vec<String> {
    step.evidence
        .iter()
        .filter_map(|evidence| match evidence {
            Evidence::Document { kind } => (!facts.documents_accepted.contains(kind))
                .then(|| format!("a document of kind “{kind}”, uploaded and accepted")),
            Evidence::Attestation { .. } => (!facts
                .attestations
                .iter()
                .any(|(checklist, _)| checklist == &step.key))
            .then(|| "the step's checklist, attested".to_owned()),
            Evidence::Agreement(kind) => (!facts.agreements_signed.contains(kind)).then(|| {
                format!(
                    "the {} signed at its current version",
                    kind.label().to_lowercase()
                )
            }),
            Evidence::Gate(gate) => {
                (!gate_holds(gate)).then(|| format!("the gate “{gate}” passed or overridden"))
            }
        })
        .collect()
}
