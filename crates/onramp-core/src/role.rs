//! Roles: what a user is to the program, and whether it belongs to staff or to a partner organization.
//!
//! # What is a role?
//!
//! Every user has exactly one role. Staff roles act across the whole program; partner roles act only
//! inside the user's own organization, which is why a partner user always carries an organization id
//! and a staff user never does.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

/// Whether a user works for the program (staff) or for a partner organization.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum UserKind {
    Staff,
    Partner,
}

/// A user's role. The string form (`program_admin`, …) is what the database, the API and the CLI use.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    ProgramAdmin,
    OnboardingCoordinator,
    ConformanceAnalyst,
    SupportAgent,
    Trainer,
    PartnerAdmin,
    PartnerDeveloper,
    PartnerMember,
}

impl Role {
    /// Every role, staff first, in the order pages list them.
    pub const ALL: [Role; 8] = [
        Role::ProgramAdmin,
        Role::OnboardingCoordinator,
        Role::ConformanceAnalyst,
        Role::SupportAgent,
        Role::Trainer,
        Role::PartnerAdmin,
        Role::PartnerDeveloper,
        Role::PartnerMember,
    ];

    pub fn kind(self) -> UserKind {
        match self {
            Role::ProgramAdmin
            | Role::OnboardingCoordinator
            | Role::ConformanceAnalyst
            | Role::SupportAgent
            | Role::Trainer => UserKind::Staff,
            Role::PartnerAdmin | Role::PartnerDeveloper | Role::PartnerMember => UserKind::Partner,
        }
    }

    pub fn is_staff(self) -> bool {
        self.kind() == UserKind::Staff
    }

    /// The machine name: `program_admin`, `partner_developer`, …
    pub fn as_str(self) -> &'static str {
        match self {
            Role::ProgramAdmin => "program_admin",
            Role::OnboardingCoordinator => "onboarding_coordinator",
            Role::ConformanceAnalyst => "conformance_analyst",
            Role::SupportAgent => "support_agent",
            Role::Trainer => "trainer",
            Role::PartnerAdmin => "partner_admin",
            Role::PartnerDeveloper => "partner_developer",
            Role::PartnerMember => "partner_member",
        }
    }

    /// The name people read: "Program admin", "Partner developer", …
    pub fn label(self) -> &'static str {
        match self {
            Role::ProgramAdmin => "Program admin",
            Role::OnboardingCoordinator => "Onboarding coordinator",
            Role::ConformanceAnalyst => "Conformance analyst",
            Role::SupportAgent => "Support agent",
            Role::Trainer => "Trainer",
            Role::PartnerAdmin => "Partner admin",
            Role::PartnerDeveloper => "Partner developer",
            Role::PartnerMember => "Partner member",
        }
    }
}

impl fmt::Display for Role {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The error of parsing a role name that is not one of [`Role::ALL`].
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown role `{0}`; expected one of program_admin, onboarding_coordinator, conformance_analyst, support_agent, trainer, partner_admin, partner_developer, partner_member")]
pub struct UnknownRole(pub String);

impl FromStr for Role {
    type Err = UnknownRole;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        Role::ALL
            .into_iter()
            .find(|role| role.as_str() == text)
            .ok_or_else(|| UnknownRole(text.to_owned()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_role_round_trips_through_its_name() {
        for role in Role::ALL {
            assert_eq!(role.as_str().parse::<Role>(), Ok(role));
        }
    }

    #[test]
    fn an_unknown_role_name_is_rejected_with_the_choices() {
        let error = "admin".parse::<Role>().unwrap_err();
        assert!(error.to_string().contains("program_admin"));
    }

    #[test]
    fn staff_and_partner_roles_are_told_apart() {
        assert!(Role::Trainer.is_staff());
        assert!(!Role::PartnerMember.is_staff());
        assert_eq!(Role::PartnerAdmin.kind(), UserKind::Partner);
    }
}
