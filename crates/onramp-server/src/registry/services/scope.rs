//! Who may see which organization: reviewers (program admins and onboarding coordinators) see
//! all; a partner user sees only their own. Another organization's id is "not found" to a partner,
//! so ids of other partners reveal nothing. Other staff roles (conformance analyst, support agent,
//! trainer) are refused an organization's dossier — contact, DNS token, documents, signatures —
//! as they are refused the list of organizations: list and item agree.

use onramp_core::registry::lifecycle::OrganizationState;
use onramp_core::Role;
use onramp_store::accounts::users::User;
use onramp_store::registry::{self, Profile};
use onramp_store::StoreError;

use crate::state::AppState;
use crate::web::actor::Actor;
use crate::web::error::AppError;

/// The fully signed-in user, or "sign in".
pub fn user(actor: &Actor) -> Result<&User, AppError> {
    actor.user().ok_or(AppError::Unauthenticated)
}

/// A reviewer (program admin or onboarding coordinator), or "forbidden".
pub fn reviewer(actor: &Actor) -> Result<&User, AppError> {
    let user = user(actor)?;
    if onramp_core::registry::lifecycle::is_reviewer(user.role) {
        Ok(user)
    } else {
        Err(AppError::Forbidden)
    }
}

/// The partner user's organization id; staff have none ("forbidden").
pub fn own_organization(actor: &Actor) -> Result<(&User, &str), AppError> {
    let user = user(actor)?;
    match (&user.organization_id, user.role.is_staff()) {
        (Some(organization_id), false) => Ok((user, organization_id)),
        _ => Err(AppError::Forbidden),
    }
}

/// The partner admin and their organization id, or "forbidden".
pub fn own_organization_admin(actor: &Actor) -> Result<(&User, &str), AppError> {
    let (user, organization_id) = own_organization(actor)?;
    if user.role == Role::PartnerAdmin {
        Ok((user, organization_id))
    } else {
        Err(AppError::Forbidden)
    }
}

/// The partner admin's own organization, when it may change things: a suspended or retired
/// organization's people can read, deactivate members and sign agreements (what reinstatement
/// may need), but not invite, change roles, upload or change their listing — "conflict".
pub async fn own_organization_admin_open(
    state: &AppState,
    actor: &Actor,
) -> Result<(User, Profile), AppError> {
    let (user, organization_id) = own_organization_admin(actor)?;
    let profile = find(state, organization_id).await?;
    match profile.state {
        OrganizationState::Suspended | OrganizationState::Retired => Err(AppError::Rule(
            &crate::web::problems::ORGANIZATION_INACTIVE,
            format!(
                "{} is {}: until the program reinstates it, its people can read but not \
                     invite, upload or change settings",
                profile.name,
                profile.state.label().to_lowercase()
            ),
        )),
        _ => Ok((user.clone(), profile)),
    }
}

/// The organization `id` if the actor may see it: reviewers any, partners their own.
pub async fn visible_organization(
    state: &AppState,
    actor: &Actor,
    id: &str,
) -> Result<Profile, AppError> {
    may_see_organization(actor, id, AppError::NotFound("organization"))?;
    find(state, id).await
}

/// Whether the actor may see what belongs to organization `id`: reviewers yes, other staff
/// "forbidden", a partner user their own only (else `hidden`, the caller's "not found").
pub fn may_see_organization(actor: &Actor, id: &str, hidden: AppError) -> Result<(), AppError> {
    let user = user(actor)?;
    if user.role.is_staff() {
        return if onramp_core::registry::lifecycle::is_reviewer(user.role) {
            Ok(())
        } else {
            Err(AppError::Forbidden)
        };
    }
    if user.organization_id.as_deref() == Some(id) {
        Ok(())
    } else {
        Err(hidden)
    }
}

/// An organization by id, for staff code paths.
pub async fn find(state: &AppState, id: &str) -> Result<Profile, AppError> {
    registry::find(state.store.pool(), id)
        .await
        .map_err(|error| match error {
            StoreError::NotFound => AppError::NotFound("organization"),
            other => other.into(),
        })
}
