//! Signing in and out: password check, lockout, session creation and rotation.

use onramp_core::platform::outbox::MailFamily;
use onramp_core::Email;
use onramp_store::accounts::sessions::{self, NewSession, SessionStage};
use onramp_store::accounts::users::{self, AttemptClaim, User};
use onramp_store::platform::audit::{self, AuditContext, Change};
use onramp_store::{accounts::policies, StoreError, Tx};

use crate::accounts::password;
use crate::accounts::rate_limit;
use crate::accounts::uniform::UniformTimer;
use crate::state::AppState;
use crate::web::actor::Actor;
use crate::web::error::AppError;
use crate::web::secret;

/// Why a sign-in did not succeed. The messages are what the login page shows.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum LoginFailure {
    /// Unknown email, wrong password, inactive or locked account: one message for all, so that
    /// the page does not reveal which accounts exist or are locked (the owner of a locked account
    /// is told by email).
    InvalidCredentials,
    /// Too many failures: sign-in is refused until `until_ms`. Shown like
    /// [`LoginFailure::InvalidCredentials`]; the second-factor page uses it to end the session.
    Locked { until_ms: i64 },
    /// A second-factor code that was right but whose time step was already used (just after
    /// enrolling, or by a sign-in moments ago): the code itself is not wrong, it is spent.
    CodeAlreadyUsed,
}

impl LoginFailure {
    pub fn message(&self) -> String {
        match self {
            LoginFailure::CodeAlreadyUsed => "That code has just been used. Wait for your app to \
                 show the next code (codes change every 30 seconds) and enter that one."
                .to_owned(),
            _ => "That email and password do not match an account, or the account is paused \
                 after too many failed attempts (its owner has been emailed). Check both and try \
                 again, or reset your password."
                .to_owned(),
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

/// Checks an email and password; on success starts a session at the right stage. Every address —
/// unknown, invited, locked or real — gets the same answer in the same time (a password hash is
/// checked on every path, and the answer is padded to `uniform_response_ms`).
pub async fn login(
    state: &AppState,
    actor: &Actor,
    email: &str,
    password_text: &str,
) -> Result<Result<StartedSession, LoginFailure>, AppError> {
    let timer = UniformTimer::start();
    let outcome = check_password_and_start(state, actor, email, password_text).await;
    timer.finish(state).await;
    outcome
}

async fn check_password_and_start(
    state: &AppState,
    actor: &Actor,
    email: &str,
    password_text: &str,
) -> Result<Result<StartedSession, LoginFailure>, AppError> {
    let limits = &state.config.rate_limits;
    rate_limit::check_client(
        state,
        "sign_in",
        actor.client_addr.as_deref(),
        limits.sign_in_per_client,
    )
    .await?;
    let Ok(email) = Email::parse(email) else {
        password::verify_password_blocking(password_text, None).await;
        return Ok(Err(LoginFailure::InvalidCredentials));
    };
    rate_limit::check_account(state, "sign_in", email.as_str(), limits.sign_in_per_account).await?;
    let user = match users::find_by_email(state.store.pool(), &email).await {
        Ok(user) => user,
        Err(StoreError::NotFound) => {
            password::verify_password_blocking(password_text, None).await;
            return Ok(Err(LoginFailure::InvalidCredentials));
        }
        Err(other) => return Err(other.into()),
    };
    let n_attempt = match claim_attempt(state, &user).await? {
        AttemptClaim::Counted(n_attempt) => n_attempt,
        AttemptClaim::Locked(until_ms) => {
            password::verify_password_blocking(password_text, None).await;
            tracing::info!(user.id = %user.id, "sign-in refused: the account is locked");
            return Ok(Err(LoginFailure::Locked { until_ms }));
        }
    };
    let password_ok =
        password::verify_password_blocking(password_text, user.password_hash.as_deref()).await;
    let context = actor_context_for(actor, &user);
    if !password_ok || !user.active {
        let mut tx = state.store.begin().await?;
        let failure =
            record_failure(state, &mut tx, &context, &user, n_attempt, "password").await?;
        mail_if_locked(state, &mut tx, &user, &failure).await?;
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

/// Counts an attempt on `user`'s account before its secret is checked (its own short
/// transaction, committed at once, so that parallel attempts see each other's counts).
pub(crate) async fn claim_attempt(state: &AppState, user: &User) -> Result<AttemptClaim, AppError> {
    let threshold = i64::from(state.config.lockout_threshold.max(1));
    let lock_ms = i64::from(state.config.lockout_minutes) * 60_000;
    let mut tx = state.store.begin().await?;
    let claim =
        users::claim_attempt(&mut tx, &user.id, threshold, lock_ms, state.clock.now_ms()).await?;
    tx.commit().await?;
    Ok(claim)
}

/// Records that counted attempt `n_attempt` (password or second factor) failed, and locks the
/// account when it reached the threshold: [`LoginFailure::Locked`] only from the call that set the
/// lock, so its owner is mailed once.
pub(crate) async fn record_failure(
    state: &AppState,
    tx: &mut Tx,
    context: &AuditContext,
    user: &User,
    n_attempt: i64,
    what: &str,
) -> Result<LoginFailure, AppError> {
    let threshold = i64::from(state.config.lockout_threshold.max(1));
    let until_ms = state.clock.now_ms() + i64::from(state.config.lockout_minutes) * 60_000;
    if users::attempt_failed(tx, &user.id, n_attempt, threshold, until_ms).await? {
        audit::append(
            tx,
            context,
            Change {
                action: "user.locked",
                entity_type: "user",
                entity_id: &user.id,
                organization_id: user.organization_id.as_deref(),
                summary: format!(
                    "locked until {} UTC after {n_attempt} failed sign-in attempts (last: {what})",
                    format_time(until_ms)
                ),
            },
        )
        .await?;
        return Ok(LoginFailure::Locked { until_ms });
    }
    audit::append(
        tx,
        context,
        Change {
            action: "user.sign_in_failed",
            entity_type: "user",
            entity_id: &user.id,
            organization_id: user.organization_id.as_deref(),
            summary: format!("failed sign-in attempt {n_attempt} of {threshold} ({what})"),
        },
    )
    .await?;
    Ok(LoginFailure::InvalidCredentials)
}

/// Queues, in `tx`, a message telling the owner of an account that it was just locked: the page
/// says nothing that would reveal it to whoever is trying.
pub(crate) async fn mail_if_locked(
    state: &AppState,
    tx: &mut Tx,
    user: &User,
    failure: &LoginFailure,
) -> Result<(), AppError> {
    let LoginFailure::Locked { until_ms } = failure else {
        return Ok(());
    };
    let body = format!(
        "Hello {name},\n\nSign-in to your Onramp account was paused until {until} UTC after \
         {threshold} failed attempts. If that was you, wait and try again, or reset your password. \
         If it was not you, someone may be guessing your password: reset it at {base}/password/forgot \
         once the pause ends.\n",
        name = user.name,
        until = format_time(*until_ms),
        threshold = state.config.lockout_threshold,
        base = state.config.public_base_url.trim_end_matches('/'),
    );
    crate::platform::outbox::queue_mail(
        tx,
        state.clock.now_ms(),
        crate::platform::outbox::Mail {
            family: MailFamily::Account,
            to: &user.email,
            subject: "Sign-in to your Onramp account was paused",
            body,
            event_id: None,
        },
    )
    .await?;
    Ok(())
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
            expires_at: state.clock.now_ms()
                + i64::from(state.config.session_absolute_hours) * 3_600_000,
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
