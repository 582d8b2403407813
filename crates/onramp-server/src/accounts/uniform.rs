//! Answers that must not tell whether an address has an account take the same time for every
//! address: the handler's work is padded to `ServerConfig::uniform_response_ms`.

use std::time::{Duration, Instant};

use crate::state::AppState;

/// When the request began, to pad its answer from.
#[derive(Clone, Copy, Debug)]
pub struct UniformTimer(Instant);

impl UniformTimer {
    pub fn start() -> UniformTimer {
        UniformTimer(Instant::now())
    }

    /// Sleeps until the configured minimum has passed since [`UniformTimer::start`]. Work that
    /// took longer is logged: the padding no longer hides it, and the setting should grow.
    pub async fn finish(self, state: &AppState) {
        let floor = Duration::from_millis(u64::from(state.config.uniform_response_ms));
        let spent = self.0.elapsed();
        match floor.checked_sub(spent) {
            Some(rest) => tokio::time::sleep(rest).await,
            None if !floor.is_zero() => tracing::warn!(
                elapsed_ms = u64::try_from(spent.as_millis()).unwrap_or(u64::MAX),
                "an account-revealing answer took longer than uniform_response_ms"
            ),
            None => {}
        }
    }
}
