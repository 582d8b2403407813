//! Accounts: users (password hash, lockout counters, second factor), sessions, personal API
//! tokens, password reset links, the per-role second-factor policy and the rate-limit counters of
//! the sign-in doors.

pub mod policies;
pub mod rate_limits;
pub mod resets;
pub mod sessions;
pub mod tokens;
pub mod users;
