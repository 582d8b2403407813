//! The track model: phases of steps with owners, three-point estimates, dependencies and evidence;
//! gates with their conditions; risk templates. Built by [`super::parse::parse_track`], which has
//! checked it (known roles and steps, no cycles, ordered estimates).

use crate::registry::agreement::AgreementKind;
use crate::registry::partner::{OrganizationType, SizeBand};
use crate::registry::tier::Tier;
use crate::Role;

pub use super::tree::Position;

/// An onboarding track: what a program asks of a partner, in phases of steps.
#[derive(Clone, Debug, PartialEq)]
pub struct Track {
    /// A stable identifier such as `connected-partner`.
    pub id: String,
    /// The definition's version (1, 2, …); an enrollment keeps the version it started with.
    pub version: u32,
    pub name: String,
    /// Markdown.
    pub description: String,
    /// The lowest tier whose partner admins may start this track themselves; `None`: only staff
    /// enroll organizations in it.
    pub offered_to: Option<Tier>,
    /// The FHIR packages (`NAME#VERSION`) an enrollment's environments pin: what their sandbox
    /// validates against. Empty: R4 core alone.
    pub packages: Vec<String>,
    /// The gate whose holding opens a sandbox for the enrollment by itself (`sandbox_gate`);
    /// `None`: coordinators open sandboxes.
    pub sandbox_gate: Option<String>,
    /// The gate that must hold before production credentials are issued (`go_live_gate`, or the
    /// gate keyed `go-live`).
    pub go_live_gate: Option<String>,
    pub phases: Vec<Phase>,
    pub gates: Vec<Gate>,
    pub risks: Vec<RiskTemplate>,
}

impl Track {
    /// Every step, phase after phase, in the order written.
    pub fn steps(&self) -> impl Iterator<Item = &Step> {
        self.phases.iter().flat_map(|phase| phase.steps.iter())
    }

    pub fn step(&self, key: &str) -> Option<&Step> {
        self.steps().find(|step| step.key == key)
    }

    pub fn gate(&self, key: &str) -> Option<&Gate> {
        self.gates.iter().find(|gate| gate.key == key)
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct Phase {
    pub key: String,
    pub name: String,
    /// Markdown.
    pub description: String,
    pub steps: Vec<Step>,
    /// Where the phase's key is written in its file.
    pub position: Position,
}

/// One thing to do, by one role.
#[derive(Clone, Debug, PartialEq)]
pub struct Step {
    /// Stable across versions of the track: tasks and evidence refer to it.
    pub key: String,
    pub name: String,
    /// Markdown.
    pub description: String,
    /// Who does it: a staff role or a partner role.
    pub owner: Role,
    /// The estimate for any organization; `overrides` refine it.
    pub estimate: Estimate,
    pub overrides: Vec<EstimateOverride>,
    /// Finish-to-start dependencies.
    pub after: Vec<Dependency>,
    pub evidence: Vec<Evidence>,
    /// A milestone of the plan (a date people agree on), such as "go live".
    pub milestone: bool,
    /// Where the step is written: its key when it has one, else its table in its file.
    pub position: Position,
}

impl Step {
    /// The estimate for an organization of this profile, or `None` when the step does not apply
    /// to it (an override says `skip = true`). The most specific matching override wins: size
    /// band and type over type alone over size band alone; among equals, the first written.
    pub fn estimate_for(&self, profile: &Profile) -> Option<Estimate> {
        let chosen = self
            .overrides
            .iter()
            .filter(|candidate| candidate.matches(profile))
            .fold(None::<&EstimateOverride>, |best, candidate| match best {
                Some(best) if best.specificity() >= candidate.specificity() => Some(best),
                _ => Some(candidate),
            });
        match chosen {
            Some(chosen) if chosen.skip => None,
            Some(chosen) => Some(chosen.estimate.unwrap_or(self.estimate)),
            None => Some(self.estimate),
        }
    }
}

/// Three-point estimate in business days: optimistic ≤ likely ≤ pessimistic.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Estimate {
    pub optimistic: f64,
    pub likely: f64,
    pub pessimistic: f64,
}

impl Estimate {
    pub fn fixed(days: f64) -> Estimate {
        Estimate {
            optimistic: days,
            likely: days,
            pessimistic: days,
        }
    }
}

/// The organization a forecast is for; `None` matches only overrides that leave it open.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Profile {
    pub size_band: Option<SizeBand>,
    pub organization_type: Option<OrganizationType>,
}

/// An estimate (or `skip`) for organizations of a size band, a type, or both.
#[derive(Clone, Debug, PartialEq)]
pub struct EstimateOverride {
    pub size_bands: Vec<SizeBand>,
    pub organization_types: Vec<OrganizationType>,
    /// `None` keeps the step's estimate (useful with `skip = false` to undo nothing).
    pub estimate: Option<Estimate>,
    /// The step does not apply to these organizations.
    pub skip: bool,
}

impl EstimateOverride {
    fn matches(&self, profile: &Profile) -> bool {
        let size_ok = self.size_bands.is_empty()
            || profile
                .size_band
                .is_some_and(|band| self.size_bands.contains(&band));
        let type_ok = self.organization_types.is_empty()
            || profile
                .organization_type
                .is_some_and(|kind| self.organization_types.contains(&kind));
        size_ok && type_ok
    }

    fn specificity(&self) -> u8 {
        u8::from(!self.organization_types.is_empty()) * 2 + u8::from(!self.size_bands.is_empty())
    }
}

/// Finish-to-start: this step starts `lag` business days after `step` finishes.
#[derive(Clone, Debug, PartialEq)]
pub struct Dependency {
    pub step: String,
    pub lag: f64,
    pub position: Position,
}

/// What a step needs before it counts as done.
#[derive(Clone, Debug, PartialEq)]
pub enum Evidence {
    /// A document of a kind (`security-questionnaire`, …), uploaded and accepted.
    Document { kind: String },
    /// A checklist a person of the partner attests to, item by item.
    Attestation { items: Vec<String> },
    /// An agreement of this kind signed at its current version.
    Agreement(AgreementKind),
    /// A gate of the track that must hold.
    Gate(String),
}

/// A point the partner passes only when every condition holds.
///
/// # What is a gate?
///
/// A named set of conditions over an enrollment's evidence (agreements, tier, verification, steps,
/// documents, attestations, approvals). The track declares the conditions; evaluating them against
/// what has happened belongs to the enrollment, and other features add condition kinds.
#[derive(Clone, Debug, PartialEq)]
pub struct Gate {
    pub key: String,
    pub name: String,
    pub description: String,
    pub conditions: Vec<Condition>,
    pub position: Position,
}

/// One condition of a gate. The kinds this feature knows are variants; a kind of another feature
/// is written `feature.kind` (`conformance.suite_passed`) and kept as [`Condition::Extension`]
/// with its parameters, for that feature to evaluate.
#[derive(Clone, Debug, PartialEq)]
pub enum Condition {
    /// An agreement of this kind signed at its current version.
    AgreementSigned { agreement: AgreementKind },
    /// The organization's tier is at least this one.
    TierAtLeast { tier: Tier },
    /// The organization is verified (active).
    OrganizationVerified,
    /// These steps are done.
    StepsDone { steps: Vec<String> },
    /// A document of this kind uploaded and accepted.
    DocumentAccepted { document: String },
    /// An attestation checklist completed by a person of this partner role.
    AttestationCompleted { role: Role, checklist: String },
    /// An approval, with a reason, by a person of this staff role.
    ApprovalBy { role: Role },
    /// A kind another feature declares; its parameters as written (text, numbers as text).
    Extension {
        kind: String,
        parameters: Vec<(String, String)>,
    },
}

impl Condition {
    /// The kind as written in a track file.
    pub fn kind(&self) -> &str {
        match self {
            Condition::AgreementSigned { .. } => "agreement_signed",
            Condition::TierAtLeast { .. } => "tier_at_least",
            Condition::OrganizationVerified => "organization_verified",
            Condition::StepsDone { .. } => "steps_done",
            Condition::DocumentAccepted { .. } => "document_accepted",
            Condition::AttestationCompleted { .. } => "attestation_completed",
            Condition::ApprovalBy { .. } => "approval",
            Condition::Extension { kind, .. } => kind,
        }
    }
}

/// A risk an enrollment starts with in its register.
#[derive(Clone, Debug, PartialEq)]
pub struct RiskTemplate {
    pub key: String,
    pub title: String,
    /// Markdown.
    pub description: String,
    /// 1 (rare) to 5 (almost certain).
    pub likelihood: u8,
    /// 1 (negligible) to 5 (severe).
    pub impact: u8,
    /// Markdown.
    pub mitigation: String,
    /// Where the risk's key is written in its file.
    pub position: Position,
}

impl RiskTemplate {
    /// Likelihood × impact, 1 to 25.
    pub fn score(&self) -> u8 {
        self.likelihood * self.impact
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn step_with(overrides: Vec<EstimateOverride>) -> Step {
        Step {
            key: "s".into(),
            name: "S".into(),
            description: String::new(),
            owner: Role::PartnerAdmin,
            estimate: Estimate::fixed(10.0),
            overrides,
            after: Vec::new(),
            evidence: Vec::new(),
            milestone: false,
            position: Position::default(),
        }
    }

    #[test]
    fn the_most_specific_override_wins_and_skip_removes_the_step() {
        let step = step_with(vec![
            EstimateOverride {
                size_bands: vec![SizeBand::Large],
                organization_types: vec![],
                estimate: Some(Estimate::fixed(20.0)),
                skip: false,
            },
            EstimateOverride {
                size_bands: vec![SizeBand::Large],
                organization_types: vec![OrganizationType::CommunityHospital],
                estimate: Some(Estimate::fixed(30.0)),
                skip: false,
            },
            EstimateOverride {
                size_bands: vec![],
                organization_types: vec![OrganizationType::Laboratory],
                estimate: None,
                skip: true,
            },
        ]);
        let profile = |size_band, organization_type| Profile {
            size_band,
            organization_type,
        };
        assert_eq!(
            step.estimate_for(&profile(None, None)),
            Some(Estimate::fixed(10.0))
        );
        assert_eq!(
            step.estimate_for(&profile(Some(SizeBand::Large), None)),
            Some(Estimate::fixed(20.0))
        );
        assert_eq!(
            step.estimate_for(&profile(
                Some(SizeBand::Large),
                Some(OrganizationType::CommunityHospital)
            )),
            Some(Estimate::fixed(30.0))
        );
        assert_eq!(
            step.estimate_for(&profile(
                Some(SizeBand::Large),
                Some(OrganizationType::Laboratory)
            )),
            None
        );
    }
}
