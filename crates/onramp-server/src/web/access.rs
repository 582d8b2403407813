//! The access rule every route declares (in `routes.rs`, the one place), and how it is decided.

use onramp_core::Role;
use onramp_store::accounts::sessions::SessionStage;

use super::actor::{Actor, Credential};

/// Who may use a route.
#[derive(Clone, Copy, Debug)]
pub enum Access {
    /// Anyone, signed in or not.
    Public,
    /// Any session, however far through login (signing out).
    AnySession,
    /// A session whose password was right and whose second factor is still due.
    SecondFactorPending,
    /// A complete session, or one that must enrol a second factor before anything else.
    Enrolling,
    /// Any fully signed-in user, staff or partner.
    SignedIn,
    /// Any staff role.
    Staff,
    /// Only these roles.
    Roles(&'static [Role]),
    /// A machine client, which proves itself to the handler: an access token bound to the
    /// sandbox in the path (FHIR API), or client credentials (token endpoint, introspection,
    /// revocation). People's sessions and API tokens give nothing here.
    MachineClient,
}

/// The outcome of checking an [`Access`] rule.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Decision {
    Allow,
    /// Nobody is signed in (or the session is gone): sign in first.
    SignInRequired,
    /// The session still needs its second factor.
    SecondFactorRequired,
    /// The session must enrol a second factor first.
    EnrolmentRequired,
    /// Signed in, but this role may not.
    Forbidden,
}

impl Access {
    pub fn decide(self, actor: &Actor) -> Decision {
        if let Access::MachineClient = self {
            return Decision::Allow;
        }
        let Some(signed_in) = &actor.signed_in else {
            return match self {
                Access::Public => Decision::Allow,
                _ => Decision::SignInRequired,
            };
        };
        let stage = match &signed_in.credential {
            Credential::Session { stage, .. } => *stage,
            Credential::ApiToken { .. } => SessionStage::Complete,
        };
        let role = signed_in.user.role;
        match (self, stage) {
            (Access::Public, _) | (Access::AnySession, _) => Decision::Allow,
            (Access::SecondFactorPending, SessionStage::SecondFactorPending) => Decision::Allow,
            (Access::SecondFactorPending, _) => Decision::Forbidden,
            (_, SessionStage::SecondFactorPending) => Decision::SecondFactorRequired,
            (Access::Enrolling, _) => Decision::Allow,
            (_, SessionStage::EnrolmentRequired) => Decision::EnrolmentRequired,
            (Access::SignedIn, SessionStage::Complete) => Decision::Allow,
            (Access::Staff, SessionStage::Complete) if role.is_staff() => Decision::Allow,
            (Access::Roles(roles), SessionStage::Complete) if roles.contains(&role) => {
                Decision::Allow
            }
            (Access::Staff | Access::Roles(_), SessionStage::Complete) => Decision::Forbidden,
            (Access::MachineClient, _) => Decision::Allow,
        }
    }
}
