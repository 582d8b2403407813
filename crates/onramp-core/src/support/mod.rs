//! The support desk (docs/support.md): tickets tied to the onboarding context, their severities
//! and statuses, and the SLA clock that says when each target is due.
//!
//! # Overview
//!
//! - [`sla`]: the SLA clock — calendars (business hours in a time zone with holidays, or 24/7),
//!   the due time of a target counted in working time with the pauses left out, the working time
//!   between two instants, and a plain explanation of each due time.

use serde::{Deserialize, Serialize};

pub mod sla;

crate::vocabulary! {
    /// How bad a ticket's problem is; the SLA policy is chosen by it and the partner's tier.
    #[derive(Serialize, Deserialize)]
    #[serde(rename_all = "snake_case")]
    pub enum Severity as "severity" {
        /// Production is down or patient safety is at risk.
        Critical = "critical" / "Critical",
        /// Production is degraded, or onboarding is blocked with no workaround.
        High = "high" / "High",
        /// A question or a problem with a workaround.
        Normal = "normal" / "Normal",
        /// A request or a question with no deadline.
        Low = "low" / "Low",
    }
}

impl Severity {
    /// The definition shown when a person chooses a severity.
    pub fn definition(self) -> &'static str {
        match self {
            Severity::Critical => {
                "Production is down or patient safety is at risk; we answer around the clock."
            }
            Severity::High => {
                "Production is degraded, or onboarding is blocked and there is no workaround."
            }
            Severity::Normal => "Something does not work as expected, but there is a workaround.",
            Severity::Low => "A question or a request, with no deadline.",
        }
    }
}

crate::vocabulary! {
    /// Where a ticket stands. `WaitingOnPartner` pauses the SLA clock until the partner answers.
    #[derive(Serialize, Deserialize)]
    #[serde(rename_all = "snake_case")]
    pub enum TicketStatus as "ticket status" {
        New = "new" / "New",
        Open = "open" / "Open",
        WaitingOnPartner = "waiting_on_partner" / "Waiting on partner",
        OnHold = "on_hold" / "On hold",
        Solved = "solved" / "Solved",
        Closed = "closed" / "Closed",
    }
}

impl TicketStatus {
    /// Whether the ticket still needs work (not solved or closed).
    pub fn is_open(self) -> bool {
        !matches!(self, TicketStatus::Solved | TicketStatus::Closed)
    }

    /// The statuses staff may move a ticket to from this one. A partner's reply moves a ticket
    /// waiting on them back to open; a partner may reopen a solved ticket within the reopen
    /// window; closed is final.
    pub fn staff_moves(self) -> &'static [TicketStatus] {
        use TicketStatus::*;
        match self {
            New => &[Open, WaitingOnPartner, OnHold, Solved],
            Open => &[WaitingOnPartner, OnHold, Solved],
            WaitingOnPartner => &[Open, OnHold, Solved],
            OnHold => &[Open, WaitingOnPartner, Solved],
            Solved => &[Open, Closed],
            Closed => &[],
        }
    }
}

crate::vocabulary! {
    /// A promise an SLA policy makes, each counted on the policy's calendar.
    #[derive(Serialize, Deserialize)]
    #[serde(rename_all = "snake_case")]
    pub enum SlaMetric as "SLA target" {
        /// From opening to the first public staff reply.
        FirstReply = "first_reply" / "First reply",
        /// From a partner's reply to the next public staff reply.
        NextReply = "next_reply" / "Next reply",
        /// Between public staff updates while the ticket is open.
        PeriodicUpdate = "periodic_update" / "Periodic update",
        /// From opening to solved.
        Resolution = "resolution" / "Resolution",
    }
}

crate::vocabulary! {
    /// Where one SLA target of a ticket stands.
    #[derive(Serialize, Deserialize)]
    #[serde(rename_all = "snake_case")]
    pub enum TargetState as "target state" {
        /// The clock is running and the due time has not passed.
        Active = "active" / "Active",
        /// The clock is stopped: the ticket waits on the partner.
        Paused = "paused" / "Paused",
        /// Met on time.
        Achieved = "achieved" / "Achieved",
        /// The due time passed before it was met.
        Breached = "breached" / "Breached",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn closed_is_final_and_only_open_statuses_need_work() {
        for status in TicketStatus::ALL {
            assert_eq!(
                status.is_open(),
                !matches!(status, TicketStatus::Solved | TicketStatus::Closed)
            );
            assert!(!status.staff_moves().contains(&status));
            assert!(!status.staff_moves().contains(&TicketStatus::New));
        }
        assert!(TicketStatus::Closed.staff_moves().is_empty());
        assert!(TicketStatus::Solved
            .staff_moves()
            .contains(&TicketStatus::Open));
        assert!(Severity::ALL
            .iter()
            .all(|severity| !severity.definition().is_empty()));
    }
}
