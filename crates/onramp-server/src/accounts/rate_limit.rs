//! Rate limits on the doors an attacker knocks on — sign-in, the second factor, password reset,
//! registration and invitations — per client address and per account or address, counted in the
//! database so that every instance shares one count (`onramp_store::accounts::rate_limits`).
//!
//! # What is a bucket?
//!
//! A bucket is an action and whom it is counted for: `sign_in:client:203.0.113.9` or
//! `password_reset:account:ana@example.org`. Each bucket counts hits in fixed windows; the hit past
//! the limit is refused with 429 and `Retry-After` until the window ends. Buckets keyed by an
//! address are counted whether or not the address has an account, so a refusal reveals nothing.

use onramp_store::accounts::rate_limits;

use crate::state::AppState;
use crate::web::error::AppError;
use crate::web::secret;

/// At most `max` hits per `window_secs`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RateLimit {
    pub max: u32,
    pub window_secs: u32,
}

impl RateLimit {
    pub const fn new(max: u32, window_secs: u32) -> RateLimit {
        RateLimit { max, window_secs }
    }
}

/// Every limit the server applies; `ServerConfig::rate_limits`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RateLimits {
    /// Password sign-ins from one client address.
    pub sign_in_per_client: RateLimit,
    /// Password sign-ins naming one email address (on top of the account lockout).
    pub sign_in_per_account: RateLimit,
    /// Second-factor codes from one client address.
    pub second_factor_per_client: RateLimit,
    /// Second-factor codes for one account (on top of the account lockout).
    pub second_factor_per_account: RateLimit,
    /// Reset requests from one client address.
    pub password_reset_per_client: RateLimit,
    /// Reset mails to one address.
    pub password_reset_per_account: RateLimit,
    /// Applications from one client address.
    pub registration_per_client: RateLimit,
    /// Applications naming one contact address.
    pub registration_per_address: RateLimit,
    /// Invitations sent by one organization.
    pub invitation_per_organization: RateLimit,
    /// Invitations mailed to one address.
    pub invitation_per_address: RateLimit,
}

impl Default for RateLimits {
    fn default() -> RateLimits {
        RateLimits {
            sign_in_per_client: RateLimit::new(30, 300),
            sign_in_per_account: RateLimit::new(10, 300),
            second_factor_per_client: RateLimit::new(30, 300),
            second_factor_per_account: RateLimit::new(10, 300),
            password_reset_per_client: RateLimit::new(10, 3_600),
            password_reset_per_account: RateLimit::new(3, 3_600),
            registration_per_client: RateLimit::new(10, 3_600),
            registration_per_address: RateLimit::new(3, 3_600),
            invitation_per_organization: RateLimit::new(50, 3_600),
            invitation_per_address: RateLimit::new(3, 3_600),
        }
    }
}

/// Counts one hit of `action` for `subject` and refuses it past `limit`. The subject is stored
/// only as a hash (addresses and emails are personal data).
pub async fn check(
    state: &AppState,
    action: &str,
    subject: &str,
    limit: RateLimit,
) -> Result<(), AppError> {
    let window_ms = i64::from(limit.window_secs.max(1)) * 1_000;
    let now = state.clock.now_ms();
    let window_start = now - now.rem_euclid(window_ms);
    let bucket = format!(
        "{action}:{}",
        secret::sha256_hex(&subject.trim().to_lowercase())
    );
    let hits = rate_limits::hit(state.store.pool(), &bucket, window_start).await?;
    if hits > i64::from(limit.max) {
        let retry_after_ms = window_start + window_ms - now;
        tracing::warn!(
            rate_limit.action = action,
            rate_limit.hits = hits,
            "rate limit refused a request"
        );
        return Err(AppError::TooManyRequests {
            retry_after_secs: u64::try_from(retry_after_ms)
                .unwrap_or(0)
                .div_ceil(1_000)
                .max(1),
        });
    }
    Ok(())
}

/// [`check`] for the client address of a request (`unknown` when the transport gave none).
pub async fn check_client(
    state: &AppState,
    action: &str,
    client_addr: Option<&str>,
    limit: RateLimit,
) -> Result<(), AppError> {
    check(
        state,
        &format!("{action}:client"),
        client_addr.unwrap_or("unknown"),
        limit,
    )
    .await
}

/// [`check`] for an account or an address.
pub async fn check_account(
    state: &AppState,
    action: &str,
    address: &str,
    limit: RateLimit,
) -> Result<(), AppError> {
    check(state, &format!("{action}:account"), address, limit).await
}

/// Deletes counters of windows that ended a day ago or more.
pub async fn delete_stale(state: &AppState) -> Result<u64, AppError> {
    Ok(rate_limits::delete_stale(state.store.pool(), state.clock.now_ms() - 86_400_000).await?)
}
