//! Signing in and out: password check, lockout, session creation and rotation.

use onramp_core::Email;
use onramp_store::audit::{self, AuditContext, Change};
use onramp_store::sessions::{self, NewSession, SessionStage};
use onramp_store::users::{self, User};
use onramp_store::{now_ms, policies, StoreError, Tx};

use crate::auth::actor::Actor;
use crate::auth::{password, secret};
use crate::error::AppError;
use crate::state::AppState;

/// Why a sign-in did not succeed. The messages are what the login page shows.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum LoginFailure {
    /// Unknown email, wrong password or inactive account: one message for all, so that the page
    /// does not reveal which accounts exist.
    InvalidCredentials,
    /// Too many failures: sign-in is refused until `until_ms`.
    Locked { until_ms: i64 },
}

impl LoginFailure {
    pub fn message(&self) -> String {
        match self {
            LoginFailure::InvalidCredentials => "That email and password do not match an account.".to_owned(),
            LoginFailure::Locked { until_ms } => format!(
                "Too many failed sign-in attempts: this account is locked until {} UTC. Try again then, or reset your password.",
                format_time(*until_ms)
            ),
        }
    }
}

/// `14:05` for a time today, else `2026-11-22 14:05`.
pub fn format_time(ms: i64) -> String {
    jiff::Timestamp::from_millisecond(ms)
        .map(|timestamp| timestamp.strftime("%Y-%m-%d %H:%M").to_string())
        .unwrap_or_else(|_| ms.to_string())
}

/// A session just made: the cookie value to send and the stage it is in.
#[derive(Clone, Debug)]
pub struct StartedSession {
    pub cookie_value: String,
    pub stage: SessionStage,
}

/// Checks an email and password; on success starts a session at the right stage.
pub async fn login(
    state: &AppState,
    actor: &Actor,
    email: &str,
    password_text: &str,
) -> Result<Result<StartedSession, LoginFailure>, AppError> {
    let Ok(email) = Email::parse(email) else {
        password::verify_against_nothing(password_text);
        return Ok(Err(LoginFailure::InvalidCredentials));
    };
    let user = match users::find_by_email(state.store.pool(), &email).await {
        Ok(user) => user,
        Err(StoreError::NotFound) => {
            password::verify_against_nothing(password_text);
            return Ok(Err(LoginFailure::InvalidCredentials));
        }
        Err(other) => return Err(other.into()),
    };
    let now = now_ms();
    if let Some(until_ms) = user.locked_until.filter(|until| *until > now) {
        return Ok(Err(LoginFailure::Locked { until_ms }));
    }
    let password_ok = user
        .password_hash
        .as_deref()
        .is_some_and(|hash| password::verify_password(password_text, hash));
    let context = actor_context_for(actor, &user);
    if !password_ok || !user.active {
        let mut tx = state.store.begin().await?;
        let failure = record_failure(state, &mut tx, &context, &user, "password").await?;
        tx.commit().await?;
        return Ok(Err(failure));
    }

    let stage = if user.totp_enabled {
        SessionStage::SecondFactorPending
    } else if policies::role_requires_mfa(state.store.pool(), user.role).await? {
        SessionStage::EnrolmentRequired
    } else {
        SessionStage::Complete
    };
    let mut tx = state.store.begin().await?;
    users::clear_failed_logins(&mut tx, &user.id).await?;
    // A session the browser already had is ended, so a planted session id never becomes signed in.
    if let Some(old_id_hash) = actor.session_id_hash() {
        sessions::delete(&mut tx, old_id_hash).await?;
    }
    let started = start_session(state, &mut tx, actor, &user, stage).await?;
    audit::append(
        &mut tx,
        &context,
        Change {
            action: "session.created",
            entity_type: "user",
            entity_id: &user.id,
            organization_id: user.organization_id.as_deref(),
            summary: match stage {
                SessionStage::Complete => "signed in with a password".to_owned(),
                SessionStage::SecondFactorPending => {
                    "password accepted; second factor pending".to_owned()
                }
                SessionStage::EnrolmentRequired => {
                    "password accepted; the role requires enrolling a second factor".to_owned()
                }
            },
        },
    )
    .await?;
    tx.commit().await?;
    Ok(Ok(started))
}

/// Counts a failed attempt (password or second factor) and locks the account at the threshold.
pub(crate) async fn record_failure(
    state: &AppState,
    tx: &mut Tx,
    context: &AuditContext,
    user: &User,
    what: &str,
) -> Result<LoginFailure, AppError> {
    let now = now_ms();
    let failed_logins = user.failed_logins + 1;
    let threshold = i64::from(state.config.lockout_threshold.max(1));
    if failed_logins >= threshold {
        let until_ms = now + i64::from(state.config.lockout_minutes) * 60_000;
        users::record_failed_login(tx, &user.id, 0, Some(until_ms)).await?;
        audit::append(
            tx,
            context,
            Change {
                action: "user.locked",
                entity_type: "user",
                entity_id: &user.id,
                organization_id: user.organization_id.as_deref(),
                summary: format!(
                    "locked until {} UTC after {failed_logins} failed sign-in attempts (last: {what})",
                    format_time(until_ms)
                ),
            },
        )
        .await?;
        Ok(LoginFailure::Locked { until_ms })
    } else {
        users::record_failed_login(tx, &user.id, failed_logins, None).await?;
        audit::append(
            tx,
            context,
            Change {
                action: "user.sign_in_failed",
                entity_type: "user",
                entity_id: &user.id,
                organization_id: user.organization_id.as_deref(),
                summary: format!("failed sign-in attempt {failed_logins} of {threshold} ({what})"),
            },
        )
        .await?;
        Ok(LoginFailure::InvalidCredentials)
    }
}

/// Inserts a session for `user` at `stage` and returns its cookie value. Part of the caller's `tx`.
pub(crate) async fn start_session(
    state: &AppState,
    tx: &mut Tx,
    actor: &Actor,
    user: &User,
    stage: SessionStage,
) -> Result<StartedSession, AppError> {
    let cookie_value = secret::random_token(32);
    let id_hash = secret::sha256_hex(&cookie_value);
    sessions::insert(
        tx,
        &NewSession {
            id_hash: &id_hash,
            user_id: &user.id,
            stage,
            expires_at: now_ms() + i64::from(state.config.session_absolute_hours) * 3_600_000,
            client_addr: actor.client_addr.as_deref(),
            user_agent: actor.user_agent.as_deref(),
        },
    )
    .await?;
    Ok(StartedSession {
        cookie_value,
        stage,
    })
}

/// Ends the actor's session.
pub async fn logout(state: &AppState, actor: &Actor) -> Result<(), AppError> {
    let (Some(id_hash), Some(user)) = (actor.session_id_hash(), actor.session_user()) else {
        return Ok(());
    };
    let mut tx = state.store.begin().await?;
    sessions::delete(&mut tx, id_hash).await?;
    audit::append(
        &mut tx,
        &actor.audit_context(),
        Change {
            action: "session.ended",
            entity_type: "user",
            entity_id: &user.id,
            organization_id: user.organization_id.as_deref(),
            summary: "signed out".to_owned(),
        },
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// The audit context for an attempt on `user`'s account: the actor is the user being signed in.
pub(crate) fn actor_context_for(actor: &Actor, user: &User) -> AuditContext {
    AuditContext {
        actor_id: Some(user.id.clone()),
        actor_label: user.email.clone(),
        ..actor.audit_context()
    }
}
