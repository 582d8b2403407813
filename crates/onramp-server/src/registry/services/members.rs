//! A partner admin's people: invite by email (a single-use, expiring link), give partner roles,
//! deactivate. Everything is scoped to the admin's own organization.

use crate::platform::outbox::{emit, Event};
use onramp_core::platform::outbox::MailFamily;
use onramp_core::registry::partner::required_text;
use onramp_core::{Email, Role};
use onramp_store::accounts::tokens;
use onramp_store::accounts::users::{self, NewUser, User};
use onramp_store::platform::audit::{self, Change};
use onramp_store::registry::links::LinkPurpose;
use onramp_store::registry::members::{self, Member};
use onramp_store::registry::Profile;
use onramp_store::StoreError;

use super::apply::{insert_user_with_link, LINK_HOURS};
use super::scope;
use crate::accounts::rate_limit;
use crate::accounts::uniform::UniformTimer;
use crate::state::AppState;
use crate::web::actor::Actor;
use crate::web::error::{AppError, FieldError};
use crate::web::secret;

/// The members of the actor's own organization (any partner role may look).
pub async fn list(state: &AppState, actor: &Actor) -> Result<Vec<Member>, AppError> {
    let (_, organization_id) = scope::own_organization(actor)?;
    Ok(members::list(state.store.pool(), organization_id).await?)
}

fn partner_role(text: &str) -> Result<Role, FieldError> {
    match text.parse::<Role>() {
        Ok(role) if !role.is_staff() => Ok(role),
        _ => Err(FieldError::new(
            "role",
            format!(
                "choose a partner role: {}",
                Role::ALL
                    .into_iter()
                    .filter(|role| !role.is_staff())
                    .map(Role::label)
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        )),
    }
}

/// What the inviter is told: the same for every address, whether an account was created or the
/// address already had one (whose owner is then mailed instead), in the same time.
#[derive(Clone, Debug)]
pub struct InvitationSent {
    pub email: String,
    pub name: String,
    pub role: Role,
}

/// Invites a colleague: creates their account without a password and emails a link. An address
/// that already has an account gets a notice instead, and the inviter the same answer.
pub async fn invite(
    state: &AppState,
    actor: &Actor,
    email_text: &str,
    name: &str,
    role_text: &str,
) -> Result<InvitationSent, AppError> {
    let (admin, organization) = scope::own_organization_admin_open(state, actor).await?;
    let mut fields = Vec::new();
    let email = Email::parse(email_text)
        .map_err(|error| fields.push(FieldError::new("email", error.to_string())))
        .ok();
    let name = required_text(name, 200)
        .map_err(|error| fields.push(FieldError::new("name", error.to_string())))
        .ok();
    let role = partner_role(role_text)
        .map_err(|error| fields.push(error))
        .ok();
    let (Some(email), Some(name), Some(role), true) = (email, name, role, fields.is_empty()) else {
        return Err(AppError::validation(fields));
    };
    let timer = UniformTimer::start();
    let outcome = send_invitation(state, actor, &admin, &organization, &email, &name, role).await;
    timer.finish(state).await;
    outcome
}

async fn send_invitation(
    state: &AppState,
    actor: &Actor,
    admin: &User,
    organization: &Profile,
    email: &Email,
    name: &str,
    role: Role,
) -> Result<InvitationSent, AppError> {
    let limits = &state.config.rate_limits;
    rate_limit::check(
        state,
        "invitation:organization",
        &organization.id,
        limits.invitation_per_organization,
    )
    .await?;
    rate_limit::check_account(
        state,
        "invitation",
        email.as_str(),
        limits.invitation_per_address,
    )
    .await?;
    let sent = InvitationSent {
        email: email.as_str().to_owned(),
        name: name.to_owned(),
        role,
    };
    match users::find_by_email(state.store.pool(), email).await {
        Ok(existing) => {
            tell_existing_account(state, &existing, admin, organization).await?;
            return Ok(sent);
        }
        Err(StoreError::NotFound) => {}
        Err(other) => return Err(other.into()),
    }
    let token = secret::random_token(32);
    let context = actor.audit_context();
    let mut tx = state.store.begin().await?;
    let new_user = NewUser {
        email,
        name,
        password_hash: None,
        role,
        organization_id: Some(&organization.id),
    };
    let Some(user) =
        insert_user_with_link(&mut tx, &new_user, &token, LinkPurpose::Invitation).await?
    else {
        // The address got an account since the check above: nothing is kept, same answer.
        return Ok(sent);
    };
    audit::append(
        &mut tx,
        &context,
        Change {
            action: "user.invited",
            entity_type: "user",
            entity_id: &user.id,
            organization_id: Some(&organization.id),
            summary: format!("invited {} as {}", user.email, role.label()),
        },
    )
    .await?;
    let event_id = emit(
        &mut tx,
        state.clock.now_ms(),
        Event {
            event_type: "member.invited",
            organization_id: Some(&organization.id),
            data: serde_json::json!({
                "organization_id": organization.id,
                "user_id": user.id,
                "role": role.as_str(),
            }),
        },
    )
    .await?;
    let body = format!(
        "Hello {name},\n\n{inviter} invited you to Onramp. Choose a password within {LINK_HOURS} \
         hours; the link works once:\n\n{link}\n",
        inviter = admin.name,
        link = super::link(state, &format!("/account/activate?token={token}")),
    );
    super::queue_mail(
        state,
        &mut tx,
        MailFamily::Account,
        user.email.as_str(),
        "You are invited to Onramp",
        body,
        Some(&event_id),
    )
    .await?;
    tx.commit().await?;
    Ok(sent)
}

/// Tells the owner of an address that already has an account that an organization invited it.
async fn tell_existing_account(
    state: &AppState,
    existing: &User,
    admin: &User,
    organization: &Profile,
) -> Result<(), AppError> {
    tracing::info!(user.id = %existing.id, "invitation named an address that has an account");
    let body = format!(
        "Hello {name},\n\n{inviter} of {organization} invited this address to Onramp. It already \
         has an Onramp account, and an account belongs to one organization, so nothing was changed. \
         If you should join {organization}, ask {inviter} to invite another address of yours.\n",
        name = existing.name,
        inviter = admin.name,
        organization = organization.name,
    );
    super::queue_mail_alone(
        state,
        MailFamily::Account,
        &existing.email,
        "An invitation to Onramp",
        body,
    )
    .await
}

/// Deactivates a member of the admin's organization (not themselves); their sessions end and
/// their API tokens are revoked.
pub async fn deactivate(state: &AppState, actor: &Actor, user_id: &str) -> Result<(), AppError> {
    let (admin, organization_id) = scope::own_organization_admin(actor)?;
    if admin.id == user_id {
        return Err(AppError::Conflict(
            "you cannot deactivate yourself; ask another partner admin".to_owned(),
        ));
    }
    let mut tx = state.store.begin().await?;
    members::deactivate(&mut tx, organization_id, user_id)
        .await
        .map_err(|error| match error {
            StoreError::NotFound => AppError::NotFound("user"),
            other => other.into(),
        })?;
    let n_tokens_revoked = tokens::revoke_all_for_user(&mut tx, user_id).await?;
    audit::append(
        &mut tx,
        &actor.audit_context(),
        Change {
            action: "user.deactivated",
            entity_type: "user",
            entity_id: user_id,
            organization_id: Some(organization_id),
            summary: format!(
                "deactivated a member of the organization{}",
                tokens_revoked_note(n_tokens_revoked)
            ),
        },
    )
    .await?;
    emit(
        &mut tx,
        state.clock.now_ms(),
        Event {
            event_type: "member.deactivated",
            organization_id: Some(organization_id),
            data: serde_json::json!({
                "organization_id": organization_id,
                "user_id": user_id,
            }),
        },
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// ", N API token(s) revoked", or nothing when none were live.
fn tokens_revoked_note(n_tokens_revoked: u64) -> String {
    if n_tokens_revoked == 0 {
        String::new()
    } else {
        format!("; {n_tokens_revoked} API token(s) revoked")
    }
}

/// Gives a member of the admin's organization another partner role. A member made a partner
/// member (who may not hold API tokens) loses their live tokens in the same transaction.
pub async fn set_role(
    state: &AppState,
    actor: &Actor,
    user_id: &str,
    role_text: &str,
) -> Result<(), AppError> {
    let (admin, organization) = scope::own_organization_admin_open(state, actor).await?;
    let organization_id = organization.id.as_str();
    let role = partner_role(role_text).map_err(|error| AppError::validation(vec![error]))?;
    if admin.id == user_id && role != Role::PartnerAdmin {
        return Err(AppError::Conflict(
            "you cannot give up your own admin role; ask another partner admin".to_owned(),
        ));
    }
    let mut tx = state.store.begin().await?;
    members::set_role(&mut tx, organization_id, user_id, role)
        .await
        .map_err(|error| match error {
            StoreError::NotFound => AppError::NotFound("user"),
            other => other.into(),
        })?;
    let n_tokens_revoked = if role.may_hold_api_token() {
        0
    } else {
        tokens::revoke_all_for_user(&mut tx, user_id).await?
    };
    audit::append(
        &mut tx,
        &actor.audit_context(),
        Change {
            action: "user.role_changed",
            entity_type: "user",
            entity_id: user_id,
            organization_id: Some(organization_id),
            summary: format!(
                "made a member {}{}",
                role.label(),
                tokens_revoked_note(n_tokens_revoked)
            ),
        },
    )
    .await?;
    tx.commit().await?;
    Ok(())
}
