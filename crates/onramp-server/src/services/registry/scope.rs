//! Who may see which organization: staff see all; a partner user sees only their own. Another
//! organization's id is "not found", so ids of other partners reveal nothing.

use onramp_core::Role;
use onramp_store::registry::{self, Profile};
use onramp_store::users::User;
use onramp_store::StoreError;

use crate::auth::actor::Actor;
use crate::error::AppError;
use crate::state::AppState;

/// The fully signed-in user, or "sign in".
pub fn user(actor: &Actor) -> Result<&User, AppError> {
    actor.user().ok_or(AppError::Unauthenticated)
}

/// A reviewer (program admin or onboarding coordinator), or "forbidden".
pub fn reviewer(actor: &Actor) -> Result<&User, AppError> {
    let user = user(actor)?;
    if onramp_core::lifecycle::is_reviewer(user.role) {
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

/// The organization `id` if the actor may see it: staff any, partners their own.
pub async fn visible_organization(
    state: &AppState,
    actor: &Actor,
    id: &str,
) -> Result<Profile, AppError> {
    let user = user(actor)?;
    let allowed = user.role.is_staff() || user.organization_id.as_deref() == Some(id);
    if !allowed {
        return Err(AppError::NotFound("organization"));
    }
    find(state, id).await
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
