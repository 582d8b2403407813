//! The support desk (docs/support.md): `tickets` (tickets, their conversation, links, tags and
//! attachments), `sla` (calendars, policies, each ticket's targets and their pauses, the breach
//! sweep's candidates), `groups` (support groups, their leads and on-call rotations), `signals`
//! (what Onramp notices on its own and opens proactive tickets for, and what a ticket may link
//! to) and `reports` (attainment, reply and resolution times, backlog).

pub mod groups;
pub mod reports;
pub mod signals;
pub mod sla;
pub mod tickets;
