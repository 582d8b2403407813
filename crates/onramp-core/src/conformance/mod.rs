//! Conformance testing: the states of test runs, of their tests and of their review, and the
//! certificates a signed-off run earns (`suite`: the suite document a program admin writes —
//! requirements, message tests, TestScripts — read, checked and compared between versions;
//! `results`: a run's overall result from its tests, reviewer overrides included).

pub mod results;
pub mod suite;

crate::vocabulary! {
    /// Where a run is in its execution.
    pub enum RunState as "run state" {
        /// Waiting for a worker.
        Queued = "queued" / "Queued",
        Running = "running" / "Running",
        /// Every test has a result.
        Completed = "completed" / "Completed",
        /// The run could not be carried out (the suite's packages missing, …); nothing is judged.
        Error = "error" / "Could not run",
    }
}

crate::vocabulary! {
    /// A test's result in a run.
    pub enum TestResult as "test result" {
        Passed = "passed" / "Passed",
        Failed = "failed" / "Failed",
        /// A message test whose messages have not arrived yet.
        Waiting = "waiting" / "Waiting for messages",
        /// Not run: the server lacks a capability the script needs, or the script asks for what
        /// Onramp does not do (XML, several servers); the reason is kept.
        Skipped = "skipped" / "Skipped",
        /// The test could not be judged (the script is invalid, the server unreachable).
        Error = "error" / "Error",
    }
}

crate::vocabulary! {
    /// What a test is.
    pub enum TestKind as "test kind" {
        /// Judged from the sandbox's message log.
        Message = "message" / "Message test",
        /// A TestScript Onramp runs against the partner's server.
        Script = "script" / "TestScript",
    }
}

crate::vocabulary! {
    /// Where a run is in its review by a conformance analyst.
    pub enum ReviewState as "review state" {
        /// Not submitted for review.
        Open = "open" / "Not submitted",
        Submitted = "submitted" / "Submitted for review",
        /// The analyst asked for some tests to be run again (in a new run).
        RetestRequested = "retest_requested" / "Re-test requested",
        SignedOff = "signed_off" / "Signed off",
    }
}

crate::vocabulary! {
    /// Where a certificate stands on a given day.
    pub enum CertificateStatus as "certificate status" {
        Valid = "valid" / "Valid",
        Expired = "expired" / "Expired",
        Revoked = "revoked" / "Revoked",
    }
}

/// A certificate's status at `now_ms`.
pub fn certificate_status(
    expires_at: i64,
    revoked_at: Option<i64>,
    now_ms: i64,
) -> CertificateStatus {
    if revoked_at.is_some() {
        CertificateStatus::Revoked
    } else if now_ms >= expires_at {
        CertificateStatus::Expired
    } else {
        CertificateStatus::Valid
    }
}

/// How long a certificate is valid unless the suite says otherwise, in days.
pub const DEFAULT_CERTIFICATE_DAYS: u32 = 365;

/// How long before expiry its holders are reminded, in days.
pub const CERTIFICATE_REMINDER_DAYS: i64 = 30;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_certificate_is_valid_until_it_expires_or_is_revoked() {
        assert_eq!(certificate_status(100, None, 99), CertificateStatus::Valid);
        assert_eq!(
            certificate_status(100, None, 100),
            CertificateStatus::Expired
        );
        assert_eq!(
            certificate_status(100, Some(50), 60),
            CertificateStatus::Revoked
        );
    }
}
