//! The outbox's vocabulary: the domain event types webhooks can subscribe to, and the mail
//! families a user may turn off.
//!
//! # What is an event type?
//!
//! A dotted name (`organization.approved`) for a change other systems may want to hear about. A
//! review decision is one event named after its outcome (`organization.approved`,
//! `organization.suspended`, …), never a generic "transitioned" beside a specific one, so a change
//! is delivered once. `webhook.test` is sent only by the "send test event" button.
//!
//! # What is a mail family?
//!
//! A group of messages a user turns on or off together. Account and security mail (activation,
//! password reset, lockout, invitations) cannot be turned off: without it an account cannot be
//! recovered.

use std::fmt;
use std::str::FromStr;

/// Every event type a subscription may name, sorted.
pub const EVENT_TYPES: &[&str] = &[
    "agreement.published",
    "agreement.signed",
    "client.created",
    "client.rotated",
    "client.suspended",
    "conformance.certificate_expiring",
    "conformance.certificate_issued",
    "conformance.certificate_revoked",
    "conformance.review_requested",
    "conformance.run_finished",
    "conformance.test_overridden",
    "enrollment.completed",
    "enrollment.created",
    "enrollment.forecast_slipped",
    "enrollment.gate_closed",
    "enrollment.gate_overridden",
    "enrollment.gate_passed",
    "enrollment.risk_raised",
    "enrollment.step_completed",
    "environment.created",
    "member.deactivated",
    "member.invited",
    "organization.applied",
    "organization.approved",
    "organization.information_provided",
    "organization.information_requested",
    "organization.reinstated",
    "organization.rejected",
    "organization.retired",
    "organization.review_started",
    "organization.suspended",
    "organization.tier_changed",
    "production_credentials.issued",
    "support.oncall_paged",
    "support.ticket_breached",
    "support.ticket_created",
    "support.ticket_replied",
    "support.ticket_solved",
    "training.certificate_expired",
    "training.certificate_expiring",
    "training.certificate_issued",
    "training.certificate_revoked",
    "training.course_completed",
    "webhook.test",
];

/// Event types about the program rather than one organization: program-wide subscriptions receive
/// them, an organization's never do.
pub const PROGRAM_EVENT_TYPES: &[&str] = &["agreement.published", "support.oncall_paged"];

/// Whether `event_type` is one of [`EVENT_TYPES`].
pub fn is_event_type(event_type: &str) -> bool {
    EVENT_TYPES.contains(&event_type)
}

/// A group of messages turned on or off together.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum MailFamily {
    /// Activation, password reset, lockout, invitations: always sent.
    Account,
    /// Review decisions and tier changes of the user's organization.
    Registry,
    /// Agreement notices.
    Agreements,
    /// A webhook subscription of the user's stopped delivering.
    Webhooks,
    /// Reminders of onboarding tasks coming due or overdue.
    Tasks,
    /// Machine clients of the user's organization about to expire.
    Credentials,
    /// The user's certificates (issued, expiring) and live training sessions.
    Training,
    /// Support tickets: replies, status changes, SLA warnings and escalations.
    Support,
    /// On-call pages for breached critical tickets: always sent.
    Paging,
}

/// A family name the code does not know.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error(
    "unknown mail family `{0}`: one of account, registry, agreements, webhooks, tasks, credentials, training, support, paging"
)]
pub struct UnknownMailFamily(pub String);

impl MailFamily {
    pub const ALL: [MailFamily; 9] = [
        MailFamily::Account,
        MailFamily::Registry,
        MailFamily::Agreements,
        MailFamily::Webhooks,
        MailFamily::Tasks,
        MailFamily::Credentials,
        MailFamily::Training,
        MailFamily::Support,
        MailFamily::Paging,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            MailFamily::Account => "account",
            MailFamily::Registry => "registry",
            MailFamily::Agreements => "agreements",
            MailFamily::Webhooks => "webhooks",
            MailFamily::Tasks => "tasks",
            MailFamily::Credentials => "credentials",
            MailFamily::Training => "training",
            MailFamily::Support => "support",
            MailFamily::Paging => "paging",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            MailFamily::Account => "Account and security",
            MailFamily::Registry => "Review decisions and tier changes",
            MailFamily::Agreements => "Agreement notices",
            MailFamily::Webhooks => "Webhook subscriptions that stop delivering",
            MailFamily::Tasks => "Reminders of onboarding tasks due soon or overdue",
            MailFamily::Credentials => "Machine clients about to expire",
            MailFamily::Training => "Training certificates and live sessions",
            MailFamily::Support => "Support tickets: replies, status changes and SLA escalations",
            MailFamily::Paging => "On-call pages for breached critical tickets",
        }
    }

    /// Whether a user may turn this family off.
    pub fn optional(self) -> bool {
        !matches!(self, MailFamily::Account | MailFamily::Paging)
    }
}

impl FromStr for MailFamily {
    type Err = UnknownMailFamily;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        MailFamily::ALL
            .into_iter()
            .find(|family| family.as_str() == text.trim())
            .ok_or_else(|| UnknownMailFamily(text.to_owned()))
    }
}

impl fmt::Display for MailFamily {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn event_types_are_sorted_and_known() {
        let mut sorted = EVENT_TYPES.to_vec();
        sorted.sort_unstable();
        assert_eq!(sorted, EVENT_TYPES);
        assert!(is_event_type("agreement.signed"));
        assert!(!is_event_type("agreement.*"));
    }

    #[test]
    fn only_account_mail_is_mandatory_and_families_round_trip() {
        for family in MailFamily::ALL {
            assert_eq!(family.as_str().parse::<MailFamily>(), Ok(family));
            assert_eq!(
                family.optional(),
                !matches!(family, MailFamily::Account | MailFamily::Paging)
            );
        }
        assert!("news".parse::<MailFamily>().is_err());
    }
}
