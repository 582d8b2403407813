//! The TOTP second factor: enrolling, confirming, using it (or a recovery code) at sign-in, and
//! turning it off.

use onramp_store::accounts::policies;
use onramp_store::accounts::sessions::{self, SessionStage};
use onramp_store::accounts::users::{self, AttemptClaim, User};
use onramp_store::platform::audit::{self, Change};

use crate::accounts::password;
use crate::accounts::rate_limit;
use crate::accounts::services::login::{
    actor_context_for, claim_attempt, mail_if_locked, record_failure, start_session, LoginFailure,
    StartedSession,
};
use crate::accounts::totp;
use crate::state::AppState;
use crate::web::actor::Actor;
use crate::web::error::{AppError, FieldError};

/// The clock's time in whole seconds, as TOTP counts it.
fn unix_seconds(now_ms: i64) -> u64 {
    u64::try_from(now_ms / 1000).unwrap_or(0)
}

/// Checks the second factor of a pending session. On success the session is replaced by a complete
/// one (a new id); failures count toward the lockout like wrong passwords.
pub async fn complete_sign_in(
    state: &AppState,
    actor: &Actor,
    code: &str,
) -> Result<Result<StartedSession, LoginFailure>, AppError> {
    let (Some(user), Some(old_id_hash)) = (actor.session_user(), actor.session_id_hash()) else {
        return Err(AppError::Unauthenticated);
    };
    // Read the user afresh: the lock or the last used step may have changed since the request began.
    let user = users::find_by_id(state.store.pool(), &user.id).await?;
    let context = actor_context_for(actor, &user);
    let limits = &state.config.rate_limits;
    rate_limit::check_client(
        state,
        "second_factor",
        actor.client_addr.as_deref(),
        limits.second_factor_per_client,
    )
    .await?;
    rate_limit::check_account(
        state,
        "second_factor",
        &user.id,
        limits.second_factor_per_account,
    )
    .await?;
    let n_attempt = match claim_attempt(state, &user).await? {
        AttemptClaim::Counted(n_attempt) => n_attempt,
        AttemptClaim::Locked(until_ms) => {
            let mut tx = state.store.begin().await?;
            sessions::delete(&mut tx, old_id_hash).await?;
            tx.commit().await?;
            return Ok(Err(LoginFailure::Locked { until_ms }));
        }
    };
    let mut tx = state.store.begin().await?;
    let method = match verify_code(&mut tx, &user, code).await? {
        Verified::By(method) => method,
        outcome @ (Verified::Replayed | Verified::Wrong) => {
            let mut failure =
                record_failure(state, &mut tx, &context, &user, n_attempt, "second factor").await?;
            if outcome == Verified::Replayed && failure == LoginFailure::InvalidCredentials {
                failure = LoginFailure::CodeAlreadyUsed;
            }
            if matches!(failure, LoginFailure::Locked { .. }) {
                sessions::delete(&mut tx, old_id_hash).await?;
            }
            mail_if_locked(state, &mut tx, &user, &failure).await?;
            tx.commit().await?;
            return Ok(Err(failure));
        }
    };
    users::clear_failed_logins(&mut tx, &user.id).await?;
    sessions::delete(&mut tx, old_id_hash).await?;
    let started = start_session(state, &mut tx, actor, &user, SessionStage::Complete).await?;
    audit::append(
        &mut tx,
        &context,
        Change {
            action: "session.second_factor_passed",
            entity_type: "user",
            entity_id: &user.id,
            organization_id: user.organization_id.as_deref(),
            summary: format!("second factor accepted ({method}); session completed"),
        },
    )
    .await?;
    tx.commit().await?;
    Ok(Ok(started))
}

/// What a second-factor code turned out to be.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Verified {
    /// Accepted: an authenticator code or a recovery code.
    By(&'static str),
    /// A right code of a time step already used (just after enrolling, or a second sign-in within
    /// 30 seconds): the person should wait for the next code.
    Replayed,
    Wrong,
}

/// Accepts a current TOTP code (once per time step) or an unused recovery code.
async fn verify_code(
    tx: &mut onramp_store::Tx,
    user: &User,
    code: &str,
) -> Result<Verified, AppError> {
    let Some(secret) = user.totp_secret.as_deref().filter(|_| user.totp_enabled) else {
        return Ok(Verified::Wrong);
    };
    if let Some(step) = totp::check_code(secret, &user.email, code, unix_seconds(tx.now_ms()))? {
        return Ok(if users::advance_totp_step(tx, &user.id, step).await? {
            Verified::By("authenticator code")
        } else {
            Verified::Replayed
        });
    }
    if code.trim().len() >= 12
        && users::use_recovery_code(tx, &user.id, &totp::recovery_code_hash(code)).await?
    {
        return Ok(Verified::By("recovery code"));
    }
    Ok(Verified::Wrong)
}

/// What the enrolment page shows: the secret to scan or type.
#[derive(Clone, Debug)]
pub struct Enrolment {
    pub secret: String,
    pub qr_data_uri: String,
}

/// What enrolling shows: a secret derived for this session (`totp::enrolment_secret`). Nothing
/// is written until [`confirm_enrolment`]: showing a page changes no data.
pub async fn begin_enrolment(state: &AppState, actor: &Actor) -> Result<Enrolment, AppError> {
    let user = current_session_user(state, actor).await?;
    if user.totp_enabled {
        return Err(AppError::Conflict(
            "a second factor is already enrolled".to_owned(),
        ));
    }
    let secret = totp::enrolment_secret(&state.csrf_key, &user.id, &actor.csrf_binding);
    Ok(Enrolment {
        qr_data_uri: totp::qr_data_uri(&secret, &user.email)?,
        secret,
    })
}

/// The result of confirming enrolment: the recovery codes to show once, and a new session when
/// the old one was limited to enrolment.
#[derive(Clone, Debug)]
pub struct Enrolled {
    pub recovery_codes: Vec<String>,
    pub new_session: Option<StartedSession>,
}

/// Confirms enrolment with a code from the app; turns the second factor on.
pub async fn confirm_enrolment(
    state: &AppState,
    actor: &Actor,
    code: &str,
) -> Result<Enrolled, AppError> {
    let user = current_session_user(state, actor).await?;
    if user.totp_enabled {
        return Err(AppError::Conflict(
            "a second factor is already enrolled".to_owned(),
        ));
    }
    let secret = totp::enrolment_secret(&state.csrf_key, &user.id, &actor.csrf_binding);
    let Some(step) = totp::check_code(
        &secret,
        &user.email,
        code,
        unix_seconds(state.clock.now_ms()),
    )?
    else {
        return Err(AppError::validation(vec![FieldError::new(
            "code",
            "that code does not match; check the time on your device and enter the current 6-digit code",
        )]));
    };
    let recovery_codes = totp::new_recovery_codes();
    let hashes: Vec<String> = recovery_codes
        .iter()
        .map(|code| totp::recovery_code_hash(code))
        .collect();
    let mut tx = state.store.begin().await?;
    users::set_pending_totp_secret(&mut tx, &user.id, &secret).await?;
    users::enable_totp(&mut tx, &user.id, step, &hashes).await?;
    let mut new_session = None;
    if let (
        Some(old_id_hash),
        Some(crate::web::actor::SignedIn {
            credential:
                crate::web::actor::Credential::Session {
                    stage: SessionStage::EnrolmentRequired,
                    ..
                },
            ..
        }),
    ) = (actor.session_id_hash(), &actor.signed_in)
    {
        sessions::delete(&mut tx, old_id_hash).await?;
        new_session =
            Some(start_session(state, &mut tx, actor, &user, SessionStage::Complete).await?);
    }
    audit::append(
        &mut tx,
        &actor.audit_context(),
        Change {
            action: "user.second_factor_enabled",
            entity_type: "user",
            entity_id: &user.id,
            organization_id: user.organization_id.as_deref(),
            summary: "enrolled an authenticator app; 10 recovery codes issued".to_owned(),
        },
    )
    .await?;
    tx.commit().await?;
    Ok(Enrolled {
        recovery_codes,
        new_session,
    })
}

/// Turns the second factor off, after checking the password. Refused when the role requires one.
pub async fn disable(state: &AppState, actor: &Actor, password_text: &str) -> Result<(), AppError> {
    let user = current_session_user(state, actor).await?;
    if policies::role_requires_mfa(state.store.pool(), user.role).await? {
        return Err(AppError::Conflict(format!(
            "the {} role requires a second factor; it cannot be turned off",
            user.role.label()
        )));
    }
    let password_ok = user
        .password_hash
        .as_deref()
        .is_some_and(|hash| password::verify_password(password_text, hash));
    if !password_ok {
        return Err(AppError::validation(vec![FieldError::new(
            "password",
            "that is not your current password",
        )]));
    }
    let mut tx = state.store.begin().await?;
    users::disable_totp(&mut tx, &user.id).await?;
    audit::append(
        &mut tx,
        &actor.audit_context(),
        Change {
            action: "user.second_factor_disabled",
            entity_type: "user",
            entity_id: &user.id,
            organization_id: user.organization_id.as_deref(),
            summary: "turned the authenticator app off".to_owned(),
        },
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

async fn current_session_user(state: &AppState, actor: &Actor) -> Result<User, AppError> {
    let user = actor.session_user().ok_or(AppError::Unauthenticated)?;
    Ok(users::find_by_id(state.store.pool(), &user.id).await?)
}

/// How many recovery codes remain, for the account page.
pub async fn recovery_codes_left(state: &AppState, user: &User) -> Result<i64, AppError> {
    Ok(users::count_unused_recovery_codes(state.store.pool(), &user.id).await?)
}
