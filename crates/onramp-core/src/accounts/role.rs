//! Roles: what a user is to the program, and whether it belongs to staff or to a partner organization.
//!
//! # What is a role?
//!
//! Every user has exactly one role. Staff roles act across the whole program; partner roles act only
//! inside the user's own organization, which is why a partner user always carries an organization id
//! and a staff user never does.

use serde::{Deserialize, Serialize};

/// Whether a user works for the program (staff) or for a partner organization.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum UserKind {
    Staff,
    Partner,
}

crate::vocabulary! {
    /// A user's role. The string form (`program_admin`, …) is what the database, the API and the
    /// CLI use; [`Role::ALL`] lists staff first, in the order pages list them.
    #[derive(Serialize, Deserialize)]
    #[serde(rename_all = "snake_case")]
    pub enum Role as "role" {
        ProgramAdmin = "program_admin" / "Program admin",
        OnboardingCoordinator = "onboarding_coordinator" / "Onboarding coordinator",
        ConformanceAnalyst = "conformance_analyst" / "Conformance analyst",
        SupportAgent = "support_agent" / "Support agent",
        Trainer = "trainer" / "Trainer",
        PartnerAdmin = "partner_admin" / "Partner admin",
        PartnerDeveloper = "partner_developer" / "Partner developer",
        PartnerMember = "partner_member" / "Partner member",
    }
}

impl Role {
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

    /// Who may hold personal API tokens: every staff role, and the partner roles that do things
    /// (admins and developers). A partner member, the read-only role, may not: a token is a
    /// credential that lives unattended in scripts, and what a member may do — look — the portal
    /// serves. The rule holds when a token is used as well as when it is made, so a developer
    /// made a member loses their tokens' access at once.
    pub const API_TOKEN_HOLDERS: &'static [Role] = &[
        Role::ProgramAdmin,
        Role::OnboardingCoordinator,
        Role::ConformanceAnalyst,
        Role::SupportAgent,
        Role::Trainer,
        Role::PartnerAdmin,
        Role::PartnerDeveloper,
    ];

    /// Whether this role may hold (and use) personal API tokens; see [`Role::API_TOKEN_HOLDERS`].
    pub fn may_hold_api_token(self) -> bool {
        Role::API_TOKEN_HOLDERS.contains(&self)
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
        assert!(error.to_string().contains("Program admin"), "{error}");
        assert!(error.expected.contains("program_admin"));
    }

    #[test]
    fn staff_and_partner_roles_are_told_apart() {
        assert!(Role::Trainer.is_staff());
        assert!(!Role::PartnerMember.is_staff());
        assert_eq!(Role::PartnerAdmin.kind(), UserKind::Partner);
    }

    #[test]
    fn every_role_but_the_read_only_partner_member_may_hold_api_tokens() {
        let holders: Vec<Role> = Role::ALL
            .into_iter()
            .filter(|role| role.may_hold_api_token())
            .collect();
        assert_eq!(holders.len(), Role::ALL.len() - 1);
        assert!(!Role::PartnerMember.may_hold_api_token());
        assert!(Role::PartnerDeveloper.may_hold_api_token());
        assert!(Role::ALL
            .into_iter()
            .filter(|role| role.is_staff())
            .all(Role::may_hold_api_token));
    }
}
