//! Accounts: creating users, changing and resetting passwords, and the per-role second-factor policy.

use onramp_core::accounts::password::check_new_password;
use onramp_core::{Email, Role};
use onramp_store::accounts::users::{self, NewUser, User};
use onramp_store::platform::audit::{self, AuditContext, Change};
use onramp_store::{
    accounts::policies, accounts::resets, accounts::sessions, registry::organizations, Store,
    StoreError,
};

use crate::accounts::password;
use crate::accounts::rate_limit;
use crate::accounts::uniform::UniformTimer;
use crate::state::AppState;
use crate::web::actor::Actor;
use crate::web::error::{AppError, FieldError};
use crate::web::secret;

/// How long an emailed password reset link works.
pub const RESET_LINK_MINUTES: i64 = 60;

/// A user to create, as typed (CLI, demo, later the admin pages).
#[derive(Clone, Debug)]
pub struct NewAccount {
    pub email: String,
    pub name: String,
    pub role: Role,
    /// Partner roles name their organization (created if new); staff roles must not.
    pub organization: Option<String>,
    pub password: String,
}

/// Creates a user (and a new partner organization when named and not there yet).
pub async fn create_user(
    store: &Store,
    context: &AuditContext,
    account: &NewAccount,
) -> Result<User, AppError> {
    let mut fields = Vec::new();
    let email = Email::parse(&account.email)
        .map_err(|error| fields.push(FieldError::new("email", error.to_string())))
        .ok();
    let name = account.name.trim();
    if name.is_empty() || name.chars().count() > 200 {
        fields.push(FieldError::new("name", "a name has 1 to 200 characters"));
    }
    if let Err(error) = check_new_password(&account.password) {
        fields.push(FieldError::new("password", error.to_string()));
    }
    let organization_name = account
        .organization
        .as_deref()
        .map(str::trim)
        .filter(|name| !name.is_empty());
    match (account.role.is_staff(), organization_name) {
        (true, Some(_)) => fields.push(FieldError::new(
            "organization",
            "staff users do not belong to a partner organization",
        )),
        (false, None) => fields.push(FieldError::new(
            "organization",
            "partner users belong to an organization; name it",
        )),
        _ => {}
    }
    let (Some(email), true) = (email, fields.is_empty()) else {
        return Err(AppError::validation(fields));
    };
    let password_hash = password::hash_password(&account.password)?;

    let mut tx = store.begin().await?;
    let organization_id = match organization_name {
        None => None,
        Some(organization_name) => {
            match organizations::find_by_name(tx.conn(), organization_name).await? {
                Some(organization) => Some(organization.id),
                None => {
                    let organization =
                        organizations::insert(&mut tx, organization_name, "active").await?;
                    audit::append(
                        &mut tx,
                        context,
                        Change {
                            action: "organization.created",
                            entity_type: "organization",
                            entity_id: &organization.id,
                            organization_id: Some(&organization.id),
                            summary: format!("created organization {organization_name}"),
                        },
                    )
                    .await?;
                    Some(organization.id)
                }
            }
        }
    };
    let user = users::insert(
        &mut tx,
        &NewUser {
            email: &email,
            name,
            password_hash: Some(&password_hash),
            role: account.role,
            organization_id: organization_id.as_deref(),
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
    audit::append(
        &mut tx,
        context,
        Change {
            action: "user.created",
            entity_type: "user",
            entity_id: &user.id,
            organization_id: user.organization_id.as_deref(),
            summary: format!("created {} as {}", user.email, user.role.label()),
        },
    )
    .await?;
    tx.commit().await?;
    Ok(user)
}

/// Changes the signed-in user's password after checking the current one. Every other session of
/// the user ends (a stolen session does not outlive the password change) and unused reset links
/// die; returns how many sessions ended.
pub async fn change_password(
    state: &AppState,
    actor: &Actor,
    current_password: &str,
    new_password: &str,
) -> Result<u64, AppError> {
    let user = actor.user().ok_or(AppError::Unauthenticated)?;
    let mut fields = Vec::new();
    let current_ok =
        password::verify_password_blocking(current_password, user.password_hash.as_deref()).await;
    if !current_ok {
        fields.push(FieldError::new(
            "current_password",
            "that is not your current password",
        ));
    }
    if let Err(error) = check_new_password(new_password) {
        fields.push(FieldError::new("new_password", error.to_string()));
    }
    if !fields.is_empty() {
        return Err(AppError::validation(fields));
    }
    let password_hash = password::hash_password(new_password)?;
    let mut tx = state.store.begin().await?;
    users::set_password_hash(&mut tx, &user.id, &password_hash).await?;
    let n_sessions_ended = match actor.session_id_hash() {
        Some(own_id_hash) => {
            sessions::delete_for_user_except(&mut tx, &user.id, own_id_hash).await?
        }
        None => sessions::delete_for_user(&mut tx, &user.id).await?,
    };
    resets::expire_for_user(&mut tx, &user.id, state.clock.now_ms()).await?;
    audit::append(
        &mut tx,
        &actor.audit_context(),
        Change {
            action: "user.password_changed",
            entity_type: "user",
            entity_id: &user.id,
            organization_id: user.organization_id.as_deref(),
            summary: format!("changed their password; {n_sessions_ended} other session(s) ended"),
        },
    )
    .await?;
    tx.commit().await?;
    Ok(n_sessions_ended)
}

/// Sets the time zone the signed-in user reads times in: an IANA name (`Europe/Paris`), or empty
/// for UTC.
pub async fn set_time_zone(state: &AppState, actor: &Actor, name: &str) -> Result<(), AppError> {
    let user = actor.user().ok_or(AppError::Unauthenticated)?;
    let name = name.trim();
    let zone = if name.is_empty() || name.eq_ignore_ascii_case("UTC") {
        None
    } else {
        match jiff::tz::TimeZone::get(name) {
            Ok(zone) => Some(zone.iana_name().unwrap_or(name).to_owned()),
            Err(_) => {
                return Err(AppError::validation(vec![FieldError::new(
                    "time_zone",
                    "not a time zone we know; use a name such as Europe/Paris, America/Chicago or Asia/Tokyo",
                )]))
            }
        }
    };
    let mut tx = state.store.begin().await?;
    users::set_time_zone(&mut tx, &user.id, zone.as_deref()).await?;
    audit::append(
        &mut tx,
        &actor.audit_context(),
        Change {
            action: "user.time_zone_set",
            entity_type: "user",
            entity_id: &user.id,
            organization_id: user.organization_id.as_deref(),
            summary: format!("reads times in {}", zone.as_deref().unwrap_or("UTC")),
        },
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// Emails a single-use reset link when the address belongs to an active user. Says nothing either
/// way to the caller and takes the same time for every address (`uniform_response_ms`), so that
/// the page does not reveal which addresses have accounts. Rate-limited per client and address.
pub async fn request_password_reset(
    state: &AppState,
    actor: &Actor,
    email_text: &str,
) -> Result<(), AppError> {
    let Ok(email) = Email::parse(email_text) else {
        return Err(AppError::validation(vec![FieldError::new(
            "email",
            "enter the email address you sign in with",
        )]));
    };
    let timer = UniformTimer::start();
    let outcome = mail_reset_link(state, actor, &email).await;
    timer.finish(state).await;
    outcome
}

async fn mail_reset_link(state: &AppState, actor: &Actor, email: &Email) -> Result<(), AppError> {
    let limits = &state.config.rate_limits;
    rate_limit::check_client(
        state,
        "password_reset",
        actor.client_addr.as_deref(),
        limits.password_reset_per_client,
    )
    .await?;
    rate_limit::check_account(
        state,
        "password_reset",
        email.as_str(),
        limits.password_reset_per_account,
    )
    .await?;
    let user = match users::find_by_email(state.store.pool(), email).await {
        Ok(user) if user.active => user,
        Ok(_) | Err(StoreError::NotFound) => return Ok(()),
        Err(other) => return Err(other.into()),
    };
    let token = secret::random_token(32);
    let expires_at = state.clock.now_ms() + RESET_LINK_MINUTES * 60_000;
    let mut tx = state.store.begin().await?;
    resets::insert(&mut tx, &secret::sha256_hex(&token), &user.id, expires_at).await?;
    audit::append(
        &mut tx,
        &actor.audit_context(),
        Change {
            action: "user.password_reset_requested",
            entity_type: "user",
            entity_id: &user.id,
            organization_id: user.organization_id.as_deref(),
            summary: format!("a password reset link was emailed to {}", user.email),
        },
    )
    .await?;
    let link = format!(
        "{}/password/reset?token={token}",
        state.config.public_base_url.trim_end_matches('/')
    );
    let body = format!(
        "Hello {name},\n\nSomeone asked to reset the password of your Onramp account. If it was you, \
         open this link within {RESET_LINK_MINUTES} minutes; it works once:\n\n{link}\n\n\
         If it was not you, ignore this message: your password stays as it is.\n",
        name = user.name
    );
    crate::platform::outbox::queue_mail(
        &mut tx,
        state.clock.now_ms(),
        crate::platform::outbox::Mail {
            family: onramp_core::platform::outbox::MailFamily::Account,
            to: &user.email,
            subject: "Reset your Onramp password",
            body,
            event_id: None,
        },
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// Sets a new password with a reset token; ends every session of the user; clears any lock.
pub async fn reset_password(
    state: &AppState,
    actor: &Actor,
    token: &str,
    new_password: &str,
) -> Result<(), AppError> {
    if let Err(error) = check_new_password(new_password) {
        return Err(AppError::validation(vec![FieldError::new(
            "password",
            error.to_string(),
        )]));
    }
    let password_hash = password::hash_password(new_password)?;
    let mut tx = state.store.begin().await?;
    let user_id =
        match resets::consume(&mut tx, &secret::sha256_hex(token), state.clock.now_ms()).await? {
            Ok(user_id) => user_id,
            Err(problem) => {
                return Err(AppError::validation(vec![FieldError::new(
                    "token",
                    reset_problem_message(problem),
                )]))
            }
        };
    let user = users::find_by_id(tx.conn(), &user_id).await?;
    users::set_password_hash(&mut tx, &user.id, &password_hash).await?;
    users::clear_failed_logins(&mut tx, &user.id).await?;
    let n_sessions = sessions::delete_for_user(&mut tx, &user.id).await?;
    audit::append(
        &mut tx,
        &super::login::actor_context_for(actor, &user),
        Change {
            action: "user.password_reset",
            entity_type: "user",
            entity_id: &user.id,
            organization_id: user.organization_id.as_deref(),
            summary: format!(
                "reset their password with an emailed link; {n_sessions} session(s) ended"
            ),
        },
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// What the reset page says about a dead link.
pub fn reset_problem_message(problem: resets::ResetTokenProblem) -> &'static str {
    match problem {
        resets::ResetTokenProblem::Unknown => "this reset link is not valid; ask for a new one",
        resets::ResetTokenProblem::Used => "this reset link was already used; ask for a new one",
        resets::ResetTokenProblem::Expired => "this reset link has expired; ask for a new one",
    }
}

/// Sets which roles must use a second factor (program admins only; the route says so).
pub async fn set_roles_requiring_mfa(
    state: &AppState,
    actor: &Actor,
    required: &[Role],
) -> Result<(), AppError> {
    let current = policies::roles_requiring_mfa(state.store.pool()).await?;
    let mut tx = state.store.begin().await?;
    let mut changes = Vec::new();
    for role in Role::ALL {
        let want = required.contains(&role);
        if want != current.contains(&role) {
            policies::set_role_requires_mfa(&mut tx, role, want).await?;
            changes.push(format!(
                "{} {}",
                role.label(),
                if want {
                    "now requires"
                } else {
                    "no longer requires"
                }
            ));
        }
    }
    if changes.is_empty() {
        return Ok(());
    }
    audit::append(
        &mut tx,
        &actor.audit_context(),
        Change {
            action: "policy.second_factor_changed",
            entity_type: "role_policy",
            entity_id: "second_factor",
            organization_id: None,
            summary: format!("{} a second factor", changes.join("; ")),
        },
    )
    .await?;
    tx.commit().await?;
    Ok(())
}
