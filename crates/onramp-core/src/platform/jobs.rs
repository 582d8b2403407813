//! The job queue's rules: the states a job moves through, and when a failed job runs again.
//!
//! # What is a job's life?
//!
//! A job is `queued` until it is due (`run_at`), then a worker claims it with a lease and it is
//! `running`. It ends `succeeded`; or, when its handler fails, it goes back to `queued` with a
//! later `run_at` (exponential backoff with jitter) until it has used its attempts, and is then
//! `dead`. A handler can also refuse a job for good (`failed`, no more attempts). A queued job can
//! be `cancelled`; a failed or dead one can be retried by an admin (back to `queued`). A worker that
//! disappears leaves a `running` job whose lease runs out; the job is then queued again (or dead,
//! if that was its last attempt).

crate::vocabulary! {
    /// Where a job is in its life.
    pub enum JobState as "job state" {
        Queued = "queued" / "Queued",
        Running = "running" / "Running",
        Succeeded = "succeeded" / "Succeeded",
        Failed = "failed" / "Failed",
        Dead = "dead" / "Dead",
        Cancelled = "cancelled" / "Cancelled",
    }
}

impl JobState {
    /// Whether an admin may send the job back to the queue.
    pub fn retryable(self) -> bool {
        matches!(self, JobState::Failed | JobState::Dead)
    }

    /// Whether an admin may cancel the job.
    pub fn cancellable(self) -> bool {
        self == JobState::Queued
    }
}

/// The longest wait between two attempts.
pub const MAX_BACKOFF_MS: i64 = 3_600_000;

/// How long to wait after failed attempt number `attempt` (1-based): 2^attempt seconds, capped at
/// an hour, plus up to a quarter more as jitter so that jobs that failed together do not return
/// together. The jitter comes from the job id, so the schedule is reproducible.
pub fn backoff_ms(job_id: &str, attempt: i64) -> i64 {
    let exponent = attempt.clamp(0, 22) as u32;
    let base = (1_000_i64 << exponent).min(MAX_BACKOFF_MS);
    // FNV-1a over the id and the attempt: a cheap, stable spread.
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for byte in job_id.bytes().chain(attempt.to_le_bytes()) {
        hash ^= u64::from(byte);
        hash = hash.wrapping_mul(0x0000_0100_0000_01b3);
    }
    let jitter = (hash % 1_000) as i64 * (base / 4) / 1_000;
    base + jitter
}

/// What happens to a job whose handler failed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AfterFailure {
    /// Queue it again, due at this time.
    RetryAt(i64),
    /// It has used its attempts.
    Dead,
    /// The handler refused it for good.
    Failed,
}

/// Decides a failed job's next state: `attempts` is how many attempts have been made, including
/// the one that just failed.
pub fn after_failure(
    job_id: &str,
    attempts: i64,
    max_attempts: i64,
    permanent: bool,
    now_ms: i64,
) -> AfterFailure {
    if permanent {
        AfterFailure::Failed
    } else if attempts >= max_attempts {
        AfterFailure::Dead
    } else {
        AfterFailure::RetryAt(now_ms + backoff_ms(job_id, attempts))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_doubles_with_each_attempt_within_a_quarter_of_jitter() {
        for attempt in 1..=8 {
            let base = 1_000_i64 << attempt;
            let wait = backoff_ms("job-1", attempt);
            assert!(
                (base..=base + base / 4).contains(&wait),
                "{attempt}: {wait}"
            );
        }
    }

    #[test]
    fn backoff_is_capped_at_an_hour_and_a_quarter() {
        assert!(backoff_ms("job-1", 40) <= MAX_BACKOFF_MS + MAX_BACKOFF_MS / 4);
        assert!(backoff_ms("job-1", 40) >= MAX_BACKOFF_MS);
    }

    #[test]
    fn jitter_differs_between_jobs() {
        let waits: std::collections::BTreeSet<i64> = (0..20)
            .map(|index| backoff_ms(&format!("job-{index}"), 5))
            .collect();
        assert!(waits.len() > 10, "{waits:?}");
    }

    #[test]
    fn the_last_attempt_makes_a_job_dead_and_a_refusal_makes_it_failed() {
        assert_eq!(after_failure("j", 3, 3, false, 0), AfterFailure::Dead);
        assert_eq!(after_failure("j", 1, 3, true, 0), AfterFailure::Failed);
        assert!(matches!(
            after_failure("j", 1, 3, false, 10_000),
            AfterFailure::RetryAt(at) if at > 10_000
        ));
    }

    #[test]
    fn states_round_trip_through_their_names() {
        for state in JobState::ALL {
            assert_eq!(state.as_str().parse::<JobState>(), Ok(state));
        }
        assert!("paused".parse::<JobState>().is_err());
    }
}
