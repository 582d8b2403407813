//! The clock the server reads, which is the store's: see `onramp_store::platform::clock` (it lives in the
//! store because the times written to the database must come from it too).

pub use onramp_store::platform::clock::{Clock, ManualClock, SystemClock};
