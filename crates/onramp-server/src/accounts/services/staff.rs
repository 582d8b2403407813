//! Staff users, managed by program admins: invite one (an account without a password, and an
//! emailed single-use link by which they choose it), give another staff role, deactivate. Each is
//! one transaction with its audit event; mail goes through the outbox.
//!
//! The invitation link is the one partner invitations use (`registry_links`, purpose
//! `invitation`), so the same page, `/account/activate`, confirms the address and sets the
//! password (`registry::services::apply::activate`). Unlike a partner admin's invitation, the
//! answer tells a program admin when the address already has an account: they may read every
//! user anyway, so there is nothing to hide from them, and the form can say what to fix.

use onramp_core::platform::outbox::MailFamily;
use onramp_core::registry::partner::required_text;
use onramp_core::{Email, Role};
use onramp_store::accounts::users::{self, NewUser, User};
use onramp_store::accounts::{sessions, tokens};
use onramp_store::platform::audit::{self, Change};
use onramp_store::registry::links::{self, LinkPurpose};
use onramp_store::StoreError;

use crate::platform::outbox::{queue_mail, Mail};
use crate::registry::services::apply::LINK_HOURS;
use crate::state::AppState;
use crate::web::actor::Actor;
use crate::web::error::{AppError, FieldError};
use crate::web::secret;

/// A staff user to invite, as typed.
#[derive(Clone, Debug, Default)]
pub struct StaffInvitation {
    pub name: String,
    pub email: String,
    /// A staff role's name (`conformance_analyst`, …).
    pub role: String,
}

/// The program admin acting, or "forbidden".
fn program_admin(actor: &Actor) -> Result<&User, AppError> {
    let user = actor.user().ok_or(AppError::Unauthenticated)?;
    if user.role == Role::ProgramAdmin {
        Ok(user)
    } else {
        Err(AppError::Forbidden)
    }
}

/// A staff role from its stored name; a partner role or an unknown name is the field's error,
/// which names the choices as people read them.
pub fn staff_role(text: &str) -> Result<Role, FieldError> {
    match text.trim().parse::<Role>() {
        Ok(role) if role.is_staff() => Ok(role),
        _ => Err(FieldError::new(
            "role",
            format!(
                "choose a staff role: {}",
                Role::ALL
                    .into_iter()
                    .filter(|role| role.is_staff())
                    .map(Role::label)
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        )),
    }
}

/// Creates a staff user without a password and emails them a link to choose one (valid
/// [`LINK_HOURS`], once). A taken address is the `email` field's error.
pub async fn invite(
    state: &AppState,
    actor: &Actor,
    invitation: &StaffInvitation,
) -> Result<User, AppError> {
    let admin = program_admin(actor)?;
    let mut fields = Vec::new();
    let name = required_text(&invitation.name, 200)
        .map_err(|error| fields.push(FieldError::new("name", error.to_string())))
        .ok();
    let email = Email::parse(&invitation.email)
        .map_err(|error| fields.push(FieldError::new("email", error.to_string())))
        .ok();
    let role = staff_role(&invitation.role)
        .map_err(|error| fields.push(error))
        .ok();
    let (Some(name), Some(email), Some(role), true) = (name, email, role, fields.is_empty()) else {
        return Err(AppError::validation(fields));
    };
    let token = secret::random_token(32);
    let mut tx = state.store.begin().await?;
    let user = users::insert(
        &mut tx,
        &NewUser {
            email: &email,
            name: &name,
            password_hash: None,
            role,
            organization_id: None,
        },
    )
    .await
    .map_err(|error| match error {
        StoreError::Conflict(_) => AppError::validation(vec![FieldError::new(
            "email",
            "a user with this email already exists",
        )]),
        other => other.into(),
    })?;
    let expires_at = tx.now_ms() + LINK_HOURS * 3_600_000;
    links::insert(
        &mut tx,
        &secret::sha256_hex(&token),
        &user.id,
        LinkPurpose::Invitation,
        expires_at,
    )
    .await?;
    audit::append(
        &mut tx,
        &actor.audit_context(),
        Change {
            action: "user.invited",
            entity_type: "user",
            entity_id: &user.id,
            organization_id: None,
            summary: format!("invited {} as {} (staff)", user.email, role.label()),
        },
    )
    .await?;
    let link = format!(
        "{}/account/activate?token={token}",
        state.config.public_base_url.trim_end_matches('/')
    );
    let body = format!(
        "Hello {name},\n\n{inviter} invited you to Onramp as {role}. Choose a password within \
         {LINK_HOURS} hours; the link works once:\n\n{link}\n",
        inviter = admin.name,
        role = role.label(),
    );
    queue_mail(
        &mut tx,
        state.clock.now_ms(),
        Mail {
            family: MailFamily::Account,
            to: &user.email,
            subject: "You are invited to Onramp",
            body,
            event_id: None,
        },
    )
    .await?;
    tx.commit().await?;
    Ok(user)
}

/// A staff user by id; a partner user, or nobody, is "not found".
async fn find_staff(state: &AppState, user_id: &str) -> Result<User, AppError> {
    match users::find_by_id(state.store.pool(), user_id).await {
        Ok(user) if user.role.is_staff() => Ok(user),
        Ok(_) | Err(StoreError::NotFound) => Err(AppError::NotFound("user")),
        Err(other) => Err(other.into()),
    }
}

fn not_found_as_user(error: StoreError) -> AppError {
    match error {
        StoreError::NotFound => AppError::NotFound("user"),
        other => other.into(),
    }
}

/// Gives a staff user (not the admin themselves) another staff role. Their sessions end, so the
/// new role's second-factor policy applies when they sign in again. The same role again changes
/// nothing and writes nothing.
pub async fn set_role(
    state: &AppState,
    actor: &Actor,
    user_id: &str,
    role_text: &str,
) -> Result<(), AppError> {
    let admin = program_admin(actor)?;
    let role = staff_role(role_text).map_err(|error| AppError::validation(vec![error]))?;
    if admin.id == user_id {
        return Err(AppError::Conflict(
            "you cannot change your own role; ask another program admin".to_owned(),
        ));
    }
    let user = find_staff(state, user_id).await?;
    if user.role == role {
        return Ok(());
    }
    let mut tx = state.store.begin().await?;
    users::set_staff_role(&mut tx, &user.id, user.role, role)
        .await
        .map_err(not_found_as_user)?;
    let n_sessions_ended = sessions::delete_for_user(&mut tx, &user.id).await?;
    audit::append(
        &mut tx,
        &actor.audit_context(),
        Change {
            action: "user.role_changed",
            entity_type: "user",
            entity_id: &user.id,
            organization_id: None,
            summary: format!(
                "made {} {} (was {}); {n_sessions_ended} session(s) ended",
                user.email,
                role.label(),
                user.role.label()
            ),
        },
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// Deactivates a staff user (not the admin themselves): their sessions end and their API tokens
/// are revoked. An unused invitation link stops working too (activation refuses a deactivated
/// account).
pub async fn deactivate(state: &AppState, actor: &Actor, user_id: &str) -> Result<(), AppError> {
    let admin = program_admin(actor)?;
    if admin.id == user_id {
        return Err(AppError::Conflict(
            "you cannot deactivate yourself; ask another program admin".to_owned(),
        ));
    }
    let user = find_staff(state, user_id).await?;
    let mut tx = state.store.begin().await?;
    users::deactivate_staff(&mut tx, &user.id)
        .await
        .map_err(not_found_as_user)?;
    let n_tokens_revoked = tokens::revoke_all_for_user(&mut tx, &user.id).await?;
    audit::append(
        &mut tx,
        &actor.audit_context(),
        Change {
            action: "user.deactivated",
            entity_type: "user",
            entity_id: &user.id,
            organization_id: None,
            summary: format!(
                "deactivated {}; their sessions ended and {n_tokens_revoked} API token(s) were \
                 revoked",
                user.email
            ),
        },
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_staff_role_names_are_staff_roles() {
        assert_eq!(staff_role(" trainer "), Ok(Role::Trainer));
        for refused in ["partner_admin", "wizard", ""] {
            let error = staff_role(refused).unwrap_err();
            assert_eq!(error.field, "role");
            assert!(error.message.contains("Program admin"), "{}", error.message);
            assert!(
                !error.message.contains("program_admin"),
                "{}",
                error.message
            );
            assert!(!error.message.contains("artner"), "{}", error.message);
        }
    }
}
