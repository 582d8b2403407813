//! An organization's lifecycle — applied → under review → active → suspended → retired — and who
//! may move it.
//!
//! # What is a transition?
//!
//! A reviewer (program admin or onboarding coordinator) takes an [`Action`] on an organization in
//! some [`OrganizationState`]; [`next_state`] says where it goes or why it cannot. Every transition
//! carries a reason. Retired is final. Partners never move their own organization.

use crate::Role;

crate::vocabulary! {
    /// Where an organization is in its lifecycle.
    pub enum OrganizationState as "organization state" {
        Applied = "applied" / "Applied",
        UnderReview = "under_review" / "Under review",
        Active = "active" / "Active",
        Suspended = "suspended" / "Suspended",
        Retired = "retired" / "Retired",
    }
}

pub use crate::vocabulary::UnknownName;

crate::vocabulary! {
    /// What a reviewer does to an organization.
    pub enum Action as "action" {
        /// Take an application into review.
        StartReview = "start_review" / "Start review",
        /// Verified: the organization becomes active.
        Approve = "approve" / "Approve",
        /// Refused: the application is closed (retired).
        Reject = "reject" / "Reject",
        /// Ask the applicant for more; the application stays (or goes) under review.
        RequestInformation = "request_information" / "Ask for more information",
        Suspend = "suspend" / "Suspend",
        Reinstate = "reinstate" / "Reinstate",
        Retire = "retire" / "Retire",
    }
}

impl Action {
    /// Whether the applicant is emailed about this decision.
    pub fn notifies_applicant(self) -> bool {
        !matches!(self, Action::StartReview)
    }
}

/// Why a transition is refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TransitionError {
    #[error("only program admins and onboarding coordinators review organizations")]
    NotAReviewer,
    #[error("only a program admin may {0}")]
    ProgramAdminOnly(&'static str),
    #[error("the organization is retired; nothing more can be done to it")]
    Retired,
    #[error("an organization that is {} cannot be {action}", state.to_lowercase())]
    NotFrom {
        /// The state's label.
        state: &'static str,
        action: &'static str,
    },
    #[error("approve only with at least one piece of evidence that passed")]
    NoEvidence,
    #[error("give a reason (1 to 2000 characters)")]
    Reason,
}

/// Whether `role` reviews organizations at all.
pub fn is_reviewer(role: Role) -> bool {
    matches!(role, Role::ProgramAdmin | Role::OnboardingCoordinator)
}

/// Where `action` takes an organization in `state`, if `role` may take it. `n_passing_evidence`
/// counts the evidence that passed: approving needs at least one.
pub fn next_state(
    role: Role,
    state: OrganizationState,
    action: Action,
    n_passing_evidence: usize,
) -> Result<OrganizationState, TransitionError> {
    use OrganizationState::*;
    if !is_reviewer(role) {
        return Err(TransitionError::NotAReviewer);
    }
    if state == Retired {
        return Err(TransitionError::Retired);
    }
    if matches!(action, Action::Suspend | Action::Retire) && role != Role::ProgramAdmin {
        return Err(TransitionError::ProgramAdminOnly(match action {
            Action::Suspend => "suspend an organization",
            _ => "retire an organization",
        }));
    }
    let next = match (action, state) {
        (Action::StartReview, Applied) => Some(UnderReview),
        (Action::Approve, Applied | UnderReview) => Some(Active),
        (Action::Reject, Applied | UnderReview) => Some(Retired),
        (Action::RequestInformation, Applied | UnderReview) => Some(UnderReview),
        (Action::Suspend, Active) => Some(Suspended),
        (Action::Reinstate, Suspended) => Some(Active),
        (Action::Retire, Applied | UnderReview | Active | Suspended) => Some(Retired),
        _ => None,
    };
    let Some(next) = next else {
        return Err(TransitionError::NotFrom {
            state: state.label(),
            action: match action {
                Action::StartReview => "taken into review",
                Action::Approve => "approved",
                Action::Reject => "rejected",
                Action::RequestInformation => "asked for more information",
                Action::Suspend => "suspended",
                Action::Reinstate => "reinstated",
                Action::Retire => "retired",
            },
        });
    };
    if action == Action::Approve && n_passing_evidence == 0 {
        return Err(TransitionError::NoEvidence);
    }
    Ok(next)
}

/// A transition's reason: required, at most 2000 characters.
/// The actions `role` may take on an organization in `state` — what a page offers, from the same
/// rule that [`next_state`] enforces (approval counted as possible when evidence passed).
pub fn available_actions(
    role: Role,
    state: OrganizationState,
    n_passing_evidence: usize,
) -> Vec<Action> {
    Action::ALL
        .into_iter()
        .filter(|action| next_state(role, state, *action, n_passing_evidence).is_ok())
        .collect()
}

/// Whether taking `action` should be confirmed first: it cannot be undone by the reviewer alone
/// (reject, retire), cuts a partner off (suspend), or approves despite a failed check.
pub fn needs_confirmation(action: Action, n_failed_evidence: usize) -> bool {
    match action {
        Action::Reject | Action::Retire | Action::Suspend => true,
        Action::Approve => n_failed_evidence > 0,
        Action::StartReview | Action::RequestInformation | Action::Reinstate => false,
    }
}

pub fn parse_reason(text: &str) -> Result<String, TransitionError> {
    let text = text.trim();
    if text.is_empty() || text.chars().count() > 2000 {
        return Err(TransitionError::Reason);
    }
    Ok(text.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;
    use OrganizationState::*;

    #[test]
    fn pages_offer_only_the_actions_the_rule_allows() {
        assert_eq!(
            available_actions(Role::OnboardingCoordinator, Applied, 0),
            [
                Action::StartReview,
                Action::Reject,
                Action::RequestInformation
            ]
        );
        assert_eq!(
            available_actions(Role::ProgramAdmin, Active, 1),
            [Action::Suspend, Action::Retire]
        );
        assert!(available_actions(Role::ProgramAdmin, Retired, 3).is_empty());
        assert!(available_actions(Role::SupportAgent, UnderReview, 3).is_empty());
        assert!(needs_confirmation(Action::Approve, 1));
        assert!(!needs_confirmation(Action::Approve, 0));
        assert!(needs_confirmation(Action::Suspend, 0));
    }

    #[test]
    fn a_refused_transition_names_the_state_in_words() {
        let error = next_state(Role::ProgramAdmin, Suspended, Action::Approve, 1).unwrap_err();
        assert_eq!(
            error.to_string(),
            "an organization that is suspended cannot be approved"
        );
    }

    #[test]
    fn the_happy_path_runs_from_applied_to_retired() {
        let role = Role::OnboardingCoordinator;
        assert_eq!(
            next_state(role, Applied, Action::StartReview, 0),
            Ok(UnderReview)
        );
        assert_eq!(
            next_state(role, UnderReview, Action::Approve, 1),
            Ok(Active)
        );
        let admin = Role::ProgramAdmin;
        assert_eq!(next_state(admin, Active, Action::Suspend, 1), Ok(Suspended));
        assert_eq!(
            next_state(admin, Suspended, Action::Reinstate, 1),
            Ok(Active)
        );
        assert_eq!(next_state(admin, Active, Action::Retire, 1), Ok(Retired));
    }

    #[test]
    fn partners_and_other_staff_cannot_move_an_organization() {
        for role in [
            Role::PartnerAdmin,
            Role::PartnerDeveloper,
            Role::PartnerMember,
            Role::ConformanceAnalyst,
            Role::SupportAgent,
            Role::Trainer,
        ] {
            assert_eq!(
                next_state(role, UnderReview, Action::Approve, 3),
                Err(TransitionError::NotAReviewer)
            );
        }
    }

    #[test]
    fn a_retired_organization_is_final() {
        for action in Action::ALL {
            assert_eq!(
                next_state(Role::ProgramAdmin, Retired, action, 1),
                Err(TransitionError::Retired)
            );
        }
    }

    #[test]
    fn approval_needs_evidence_and_suspension_needs_a_program_admin() {
        assert_eq!(
            next_state(Role::ProgramAdmin, UnderReview, Action::Approve, 0),
            Err(TransitionError::NoEvidence)
        );
        assert!(matches!(
            next_state(Role::OnboardingCoordinator, Active, Action::Suspend, 1),
            Err(TransitionError::ProgramAdminOnly(_))
        ));
        assert!(matches!(
            next_state(Role::ProgramAdmin, Active, Action::Approve, 1),
            Err(TransitionError::NotFrom { .. })
        ));
        assert_eq!(
            next_state(Role::ProgramAdmin, UnderReview, Action::Reject, 0),
            Ok(Retired)
        );
    }

    #[test]
    fn names_round_trip_and_reasons_are_required() {
        for state in OrganizationState::ALL {
            assert_eq!(state.as_str().parse(), Ok(state));
        }
        for action in Action::ALL {
            assert_eq!(action.as_str().parse(), Ok(action));
        }
        assert_eq!(parse_reason("  "), Err(TransitionError::Reason));
        assert_eq!(
            parse_reason(&"x".repeat(2001)),
            Err(TransitionError::Reason)
        );
        assert_eq!(parse_reason(" ok "), Ok("ok".to_owned()));
    }
}
