//! A run's overall result from its tests' results, a reviewer's overrides taking the place of
//! what the machine found.

use super::TestResult;

crate::vocabulary! {
    /// What a run comes to.
    pub enum RunResult as "run result" {
        /// Every test passed (as found, or as overridden).
        Passed = "passed" / "Passed",
        /// Some test failed or could not be judged.
        Failed = "failed" / "Failed",
        /// No test failed, but some are waiting or were skipped.
        Incomplete = "incomplete" / "Incomplete",
    }
}

/// The result that counts: the override if a reviewer gave one.
pub fn effective(found: TestResult, overridden: Option<TestResult>) -> TestResult {
    overridden.unwrap_or(found)
}

/// The run's result from the results that count. A run with no tests is incomplete.
pub fn overall(results: impl IntoIterator<Item = TestResult>) -> RunResult {
    let mut any = false;
    let mut incomplete = false;
    for result in results {
        any = true;
        match result {
            TestResult::Failed | TestResult::Error => return RunResult::Failed,
            TestResult::Waiting | TestResult::Skipped => incomplete = true,
            TestResult::Passed => {}
        }
    }
    if !any || incomplete {
        RunResult::Incomplete
    } else {
        RunResult::Passed
    }
}

/// The results a reviewer may set in place of the machine's.
pub const OVERRIDES: &[TestResult] = &[TestResult::Passed, TestResult::Failed];

#[cfg(test)]
mod tests {
    use super::*;
    use TestResult::*;

    #[test]
    fn one_failure_fails_the_run_and_waiting_leaves_it_incomplete() {
        assert_eq!(overall([Passed, Passed]), RunResult::Passed);
        assert_eq!(overall([Passed, Waiting, Failed]), RunResult::Failed);
        assert_eq!(overall([Passed, Error]), RunResult::Failed);
        assert_eq!(overall([Passed, Skipped]), RunResult::Incomplete);
        assert_eq!(overall([]), RunResult::Incomplete);
    }

    #[test]
    fn an_override_counts_instead_of_the_finding() {
        assert_eq!(
            overall([effective(Failed, Some(Passed)), effective(Passed, None)]),
            RunResult::Passed
        );
    }
}
