//! An enrollment's rules: the statuses of its tasks and gates, and whether a gate holds given what
//! has happened (its *facts*), condition by condition, with who can act on a missing one.
//!
//! # How is a gate evaluated?
//!
//! The caller gathers the facts of the enrollment — the agreements the organization holds at
//! their current version, its tier and verification, the steps done, the documents accepted, the
//! attestations and approvals given, and the answers of other features for their condition kinds
//! — and [`evaluate_gate`] checks every condition against them. A gate holds when all its
//! conditions hold; an override (a program admin's, with a reason) makes it count as held
//! without changing what is missing.

use std::collections::{BTreeMap, BTreeSet};

use crate::registry::agreement::AgreementKind;
use crate::registry::tier::Tier;
use crate::tracks::model::{Condition, Gate};
use crate::Role;

crate::vocabulary! {
    /// Where a task (one step of one enrollment) is.
    pub enum TaskStatus as "task status" {
        NotStarted = "not_started" / "Not started",
        InProgress = "in_progress" / "In progress",
        WaitingOnPartner = "waiting_on_partner" / "Waiting on partner",
        Blocked = "blocked" / "Blocked",
        Done = "done" / "Done",
        /// Skipped with a reason: counts as finished for the steps after it.
        Skipped = "skipped" / "Skipped",
    }
}

impl TaskStatus {
    /// Done or skipped: the steps after it may go ahead.
    pub fn is_finished(self) -> bool {
        matches!(self, TaskStatus::Done | TaskStatus::Skipped)
    }

    /// Work on it has begun (or ended).
    pub fn has_started(self) -> bool {
        self != TaskStatus::NotStarted
    }
}

crate::vocabulary! {
    /// Whether a gate lets the partner pass.
    pub enum GateStatus as "gate status" {
        Blocked = "blocked" / "Blocked",
        Passed = "passed" / "Passed",
        /// Held by a program admin's override, with a reason, whatever is missing.
        Overridden = "overridden" / "Overridden",
    }
}

impl GateStatus {
    pub fn holds(self) -> bool {
        self != GateStatus::Blocked
    }
}

crate::vocabulary! {
    /// Where an enrollment is.
    pub enum EnrollmentState as "enrollment state" {
        Active = "active" / "Active",
        Completed = "completed" / "Completed",
        Withdrawn = "withdrawn" / "Withdrawn",
    }
}

crate::vocabulary! {
    /// Where a risk on an enrollment's register is.
    pub enum RiskStatus as "risk status" {
        Open = "open" / "Open",
        Mitigating = "mitigating" / "Mitigating",
        Closed = "closed" / "Closed",
    }
}

crate::vocabulary! {
    /// Where a risk on the register came from.
    pub enum RiskSource as "risk source" {
        Template = "template" / "From the track",
        Signal = "signal" / "Raised from a signal",
        Manual = "manual" / "Added by a person",
    }
}

/// What a register's likelihood or impact may be: 1 (rare, negligible) to 5 (almost certain,
/// severe).
pub const RISK_SCALE: std::ops::RangeInclusive<i64> = 1..=5;

/// What has happened, as far as an enrollment's gates are concerned.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Facts {
    /// Agreement kinds the organization holds a signature of that counts now.
    pub agreements_signed: BTreeSet<AgreementKind>,
    pub tier: Option<Tier>,
    pub verified: bool,
    /// Keys of steps done (or skipped).
    pub steps_finished: BTreeSet<String>,
    /// Document kinds uploaded to the enrollment and accepted by staff.
    pub documents_accepted: BTreeSet<String>,
    /// `(checklist, role)`: the checklist (the key of the step that carries it) completed by a
    /// person of that role.
    pub attestations: BTreeSet<(String, Role)>,
    /// `(gate key, staff role)` approvals given with a reason.
    pub approvals: BTreeSet<(String, Role)>,
    /// Other features' answers, keyed by [`extension_key`]; a condition no feature answered is
    /// missing.
    pub extensions: BTreeMap<String, bool>,
}

/// The key of an extension condition in [`Facts::extensions`]: its kind and parameters.
pub fn extension_key(kind: &str, parameters: &[(String, String)]) -> String {
    let mut key = kind.to_owned();
    for (name, value) in parameters {
        key.push_str(&format!(";{name}={value}"));
    }
    key
}

/// One condition of a gate, checked.
#[derive(Clone, Debug, PartialEq)]
pub struct ConditionCheck {
    pub condition: Condition,
    pub holds: bool,
    /// What the condition asks, in words ("The participation agreement is signed at its current
    /// version").
    pub requirement: String,
    /// Who can make it hold.
    pub who_can_act: Vec<Role>,
}

/// A gate, checked against the facts.
#[derive(Clone, Debug, PartialEq)]
pub struct GateEvaluation {
    pub gate_key: String,
    pub conditions: Vec<ConditionCheck>,
}

impl GateEvaluation {
    /// Every condition holds.
    pub fn holds(&self) -> bool {
        self.conditions.iter().all(|check| check.holds)
    }

    /// The conditions that do not hold.
    pub fn missing(&self) -> impl Iterator<Item = &ConditionCheck> {
        self.conditions.iter().filter(|check| !check.holds)
    }

    /// The status given an override: overridden gates count as held, whatever is missing.
    pub fn status(&self, overridden: bool) -> GateStatus {
        if self.holds() {
            GateStatus::Passed
        } else if overridden {
            GateStatus::Overridden
        } else {
            GateStatus::Blocked
        }
    }
}

/// Checks every condition of `gate` against `facts`.
pub fn evaluate_gate(gate: &Gate, facts: &Facts) -> GateEvaluation {
    GateEvaluation {
        gate_key: gate.key.clone(),
        conditions: gate
            .conditions
            .iter()
            .map(|condition| check(&gate.key, condition, facts))
            .collect(),
    }
}

fn check(gate_key: &str, condition: &Condition, facts: &Facts) -> ConditionCheck {
    let (holds, requirement, who_can_act) = match condition {
        Condition::AgreementSigned { agreement } => (
            facts.agreements_signed.contains(agreement),
            format!(
                "The {} is signed at its current version",
                agreement.label().to_lowercase()
            ),
            vec![Role::PartnerAdmin],
        ),
        Condition::TierAtLeast { tier } => (
            facts.tier.is_some_and(|held| held >= *tier),
            format!("The organization's tier is {} or higher", tier.label()),
            vec![Role::PartnerAdmin, Role::ProgramAdmin],
        ),
        Condition::OrganizationVerified => (
            facts.verified,
            "The organization is verified".to_owned(),
            vec![Role::OnboardingCoordinator, Role::ProgramAdmin],
        ),
        Condition::StepsDone { steps } => (
            steps.iter().all(|step| facts.steps_finished.contains(step)),
            format!(
                "{} done: {}",
                if steps.len() == 1 {
                    "This step is"
                } else {
                    "These steps are"
                },
                steps.join(", ")
            ),
            Vec::new(),
        ),
        Condition::DocumentAccepted { document } => (
            facts.documents_accepted.contains(document),
            format!("A document of kind “{document}” is uploaded and accepted"),
            vec![Role::PartnerAdmin, Role::OnboardingCoordinator],
        ),
        Condition::AttestationCompleted { role, checklist } => (
            facts.attestations.contains(&(checklist.clone(), *role)),
            format!(
                "The “{checklist}” checklist is attested by a {}",
                role.label().to_lowercase()
            ),
            vec![*role],
        ),
        Condition::ApprovalBy { role } => (
            facts.approvals.contains(&(gate_key.to_owned(), *role)),
            format!(
                "Approved, with a reason, by a {}",
                role.label().to_lowercase()
            ),
            vec![*role],
        ),
        Condition::Extension { kind, parameters } => {
            let key = extension_key(kind, parameters);
            let described = parameters
                .iter()
                .map(|(name, value)| format!("{name} {value}"))
                .collect::<Vec<_>>()
                .join(", ");
            (
                facts.extensions.get(&key).copied().unwrap_or(false),
                if described.is_empty() {
                    format!("“{kind}” holds")
                } else {
                    format!("“{kind}” holds ({described})")
                },
                Vec::new(),
            )
        }
    };
    ConditionCheck {
        condition: condition.clone(),
        holds,
        requirement,
        who_can_act,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tracks::model::Position;

    fn gate(conditions: Vec<Condition>) -> Gate {
        Gate {
            key: "go-live".into(),
            name: "Go live".into(),
            description: String::new(),
            conditions,
            position: Position::default(),
        }
    }

    fn holds_alone(condition: Condition, facts: &Facts) -> bool {
        evaluate_gate(&gate(vec![condition]), facts).holds()
    }

    #[test]
    fn every_condition_kind_holds_only_on_its_own_fact() {
        let empty = Facts::default();
        let cases: Vec<(Condition, Facts)> = vec![
            (
                Condition::AgreementSigned {
                    agreement: AgreementKind::Participation,
                },
                Facts {
                    agreements_signed: [AgreementKind::Participation].into(),
                    ..Facts::default()
                },
            ),
            (
                Condition::TierAtLeast {
                    tier: Tier::Registered,
                },
                Facts {
                    tier: Some(Tier::Collaborative),
                    ..Facts::default()
                },
            ),
            (
                Condition::OrganizationVerified,
                Facts {
                    verified: true,
                    ..Facts::default()
                },
            ),
            (
                Condition::StepsDone {
                    steps: vec!["a".into(), "b".into()],
                },
                Facts {
                    steps_finished: ["a".to_owned(), "b".to_owned()].into(),
                    ..Facts::default()
                },
            ),
            (
                Condition::DocumentAccepted {
                    document: "security-questionnaire".into(),
                },
                Facts {
                    documents_accepted: ["security-questionnaire".to_owned()].into(),
                    ..Facts::default()
                },
            ),
            (
                Condition::AttestationCompleted {
                    role: Role::PartnerAdmin,
                    checklist: "commitments".into(),
                },
                Facts {
                    attestations: [("commitments".to_owned(), Role::PartnerAdmin)].into(),
                    ..Facts::default()
                },
            ),
            (
                Condition::ApprovalBy {
                    role: Role::ProgramAdmin,
                },
                Facts {
                    approvals: [("go-live".to_owned(), Role::ProgramAdmin)].into(),
                    ..Facts::default()
                },
            ),
            (
                Condition::Extension {
                    kind: "conformance.suite_passed".into(),
                    parameters: vec![("suite".into(), "core".into())],
                },
                Facts {
                    extensions: [("conformance.suite_passed;suite=core".to_owned(), true)].into(),
                    ..Facts::default()
                },
            ),
        ];
        for (condition, facts) in cases {
            assert!(holds_alone(condition.clone(), &facts), "{condition:?}");
            assert!(!holds_alone(condition.clone(), &empty), "{condition:?}");
        }
    }

    #[test]
    fn near_misses_do_not_hold() {
        let tier_too_low = Facts {
            tier: Some(Tier::Public),
            ..Facts::default()
        };
        assert!(!holds_alone(
            Condition::TierAtLeast {
                tier: Tier::Registered
            },
            &tier_too_low
        ));
        let one_step_of_two = Facts {
            steps_finished: ["a".to_owned()].into(),
            ..Facts::default()
        };
        assert!(!holds_alone(
            Condition::StepsDone {
                steps: vec!["a".into(), "b".into()]
            },
            &one_step_of_two
        ));
        let wrong_role = Facts {
            attestations: [("commitments".to_owned(), Role::PartnerMember)].into(),
            approvals: [("other-gate".to_owned(), Role::ProgramAdmin)].into(),
            ..Facts::default()
        };
        assert!(!holds_alone(
            Condition::AttestationCompleted {
                role: Role::PartnerAdmin,
                checklist: "commitments".into()
            },
            &wrong_role
        ));
        assert!(!holds_alone(
            Condition::ApprovalBy {
                role: Role::ProgramAdmin
            },
            &wrong_role
        ));
    }

    #[test]
    fn a_gate_holds_when_all_hold_and_an_override_only_changes_the_status() {
        let gate = gate(vec![
            Condition::OrganizationVerified,
            Condition::AgreementSigned {
                agreement: AgreementKind::Participation,
            },
        ]);
        let verified = Facts {
            verified: true,
            ..Facts::default()
        };
        let evaluation = evaluate_gate(&gate, &verified);
        assert!(!evaluation.holds());
        assert_eq!(evaluation.missing().count(), 1);
        assert_eq!(evaluation.status(false), GateStatus::Blocked);
        assert_eq!(evaluation.status(true), GateStatus::Overridden);
        assert_eq!(
            evaluation
                .missing()
                .next()
                .map(|check| check.who_can_act.clone()),
            Some(vec![Role::PartnerAdmin])
        );
        let signed = Facts {
            agreements_signed: [AgreementKind::Participation].into(),
            ..verified
        };
        assert_eq!(
            evaluate_gate(&gate, &signed).status(true),
            GateStatus::Passed
        );
    }
}
