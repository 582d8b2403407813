//! A ticket's SLA targets: started from the policy that applies (its calendar copied into the
//! target, so an edited policy never moves a running clock), paused while the ticket waits on the
//! partner and resumed on their reply (every running due time recomputed by the SLA clock with
//! the pauses left out), met by replies and solving, and shown with their due time, remaining
//! working time, state and explanation.
//!
//! `partner_wait` is the partner's side: it starts when the ticket waits on them, is not paused
//! by that wait, and when it runs out the partner is reminded, then their named contact is told.

use onramp_core::support::sla::{self, Calendar, Pause};
use onramp_core::support::{SlaMetric, TargetState};
use onramp_store::support::sla::{self as store, NewTarget, Policy, Target};
use onramp_store::support::tickets;
use onramp_store::Tx;

use crate::web::error::AppError;

/// The partner's side of a wait (not an SLA promise of the program).
pub const PARTNER_WAIT: &str = "partner_wait";

/// How many escalation steps follow a breach: staff targets go assignee → group lead → program
/// admins; the partner's wait goes requester → named contact.
pub fn escalation_steps(metric: &str) -> i64 {
    if metric == PARTNER_WAIT {
        2
    } else {
        3
    }
}

pub fn metric_label(metric: &str) -> &'static str {
    match metric.parse::<SlaMetric>() {
        Ok(metric) => metric.label(),
        Err(_) if metric == PARTNER_WAIT => "Partner's reply",
        Err(_) => "Target",
    }
}

pub fn calendar(spec: &str) -> Result<Calendar, AppError> {
    let spec: sla::CalendarSpec = serde_json::from_str(spec)
        .map_err(|error| AppError::Internal(format!("stored SLA calendar unreadable: {error}")))?;
    spec.parse().map_err(|problems| {
        AppError::Internal(format!(
            "stored SLA calendar invalid: {}",
            problems
                .iter()
                .map(|problem| format!("{}: {}", problem.path, problem.message))
                .collect::<Vec<_>>()
                .join("; ")
        ))
    })
}

/// The pauses as the clock counts them: an open pause runs to `now`.
pub fn clock_pauses(pauses: &[(i64, Option<i64>)], now: i64) -> Vec<Pause> {
    pauses
        .iter()
        .map(|(from, to)| Pause {
            from_ms: *from,
            to_ms: to.unwrap_or(now).max(*from),
        })
        .collect()
}

/// Whether the ticket's clock is stopped now (an open pause).
pub fn paused(pauses: &[(i64, Option<i64>)]) -> bool {
    pauses.iter().any(|(_, to)| to.is_none())
}

/// When the sweep must next look at a running target with a due time: its warning (unless
/// given), its due time (unless breached), then each escalation step after the breach.
pub fn next_check(
    due_at: i64,
    warn_before_minutes: i64,
    escalate_every_minutes: i64,
    warned: bool,
    breached_at: Option<i64>,
    escalation_level: i64,
    metric: &str,
) -> Option<i64> {
    match breached_at {
        None if !warned && warn_before_minutes > 0 => Some(due_at - warn_before_minutes * 60_000),
        None => Some(due_at),
        Some(breached_at) if escalation_level < escalation_steps(metric) => {
            Some(breached_at + escalation_level * escalate_every_minutes.max(1) * 60_000)
        }
        Some(_) => None,
    }
}

/// The minutes a policy promises for a metric, if it does.
pub fn policy_minutes(policy: &Policy, metric: &str) -> Option<i64> {
    match metric {
        "first_reply" => policy.first_reply_minutes,
        "next_reply" => policy.next_reply_minutes,
        "periodic_update" => policy.periodic_update_minutes,
        "resolution" => policy.resolution_minutes,
        PARTNER_WAIT => Some(policy.partner_wait_minutes),
        _ => None,
    }
    .filter(|minutes| *minutes > 0)
}

/// Starts a target of `metric` now, if the policy promises one and none of that metric runs.
/// Staff targets start paused when the ticket waits on the partner.
pub async fn start(
    tx: &mut Tx,
    ticket_id: &str,
    policy: &Policy,
    metric: &str,
) -> Result<(), AppError> {
    let Some(minutes) = policy_minutes(policy, metric) else {
        return Ok(());
    };
    let running = store::targets(tx.conn(), ticket_id).await?;
    if running
        .iter()
        .any(|target| target.metric == metric && target.running())
    {
        return Ok(());
    }
    let now = tx.now_ms();
    let pauses = store::pauses(tx.conn(), ticket_id).await?;
    let stopped = metric != PARTNER_WAIT && paused(&pauses);
    let (due_at, next_check_at) = if stopped {
        (None, None)
    } else {
        let clock = calendar(&policy.calendar_spec)?;
        let due = sla::due(&clock, now, minutes, &[])
            .map_err(|problem| AppError::Internal(problem.message))?;
        let warn = if metric == PARTNER_WAIT {
            0
        } else {
            policy.warn_before_minutes
        };
        (
            Some(due.due_ms),
            next_check(
                due.due_ms,
                warn,
                policy.escalate_every_minutes,
                false,
                None,
                0,
                metric,
            ),
        )
    };
    store::insert_target(
        tx,
        NewTarget {
            ticket_id,
            metric,
            calendar: &policy.calendar_spec,
            target_minutes: minutes,
            warn_before_minutes: if metric == PARTNER_WAIT {
                0
            } else {
                policy.warn_before_minutes
            },
            escalate_every_minutes: policy.escalate_every_minutes,
            started_at: now,
            due_at,
            next_check_at,
        },
    )
    .await?;
    Ok(())
}

/// Recomputes every running staff target's due time from its start with the ticket's pauses left
/// out (NULL while paused), then the ticket's SLA summary. Call after any change to the pauses or
/// the targets.
pub async fn refresh(tx: &mut Tx, ticket_id: &str) -> Result<(), AppError> {
    let now = tx.now_ms();
    let pauses = store::pauses(tx.conn(), ticket_id).await?;
    let stopped = paused(&pauses);
    let counted = clock_pauses(&pauses, now);
    let targets = store::targets(tx.conn(), ticket_id).await?;
    for target in targets.iter().filter(|target| target.running()) {
        if target.metric == PARTNER_WAIT {
            continue;
        }
        if let Some(breached_at) = target.breached_at {
            // A breach stands; its escalation waits while the ticket waits on the partner.
            let next = (!stopped)
                .then(|| {
                    next_check(
                        target.due_at.unwrap_or(breached_at),
                        target.warn_before_minutes,
                        target.escalate_every_minutes,
                        true,
                        Some(breached_at),
                        target.escalation_level,
                        &target.metric,
                    )
                })
                .flatten();
            store::reschedule(tx, &target.id, target.due_at, next).await?;
            continue;
        }
        if stopped {
            // Already overdue when the wait began: the sweep records the breach.
            if target.due_at.is_some_and(|due| due <= now) {
                continue;
            }
            store::reschedule(tx, &target.id, None, None).await?;
            continue;
        }
        let clock = calendar(&target.calendar)?;
        let due = sla::due(&clock, target.started_at, target.target_minutes, &counted)
            .map_err(|problem| AppError::Internal(problem.message))?;
        let next = next_check(
            due.due_ms,
            target.warn_before_minutes,
            target.escalate_every_minutes,
            target.warned_at.is_some(),
            None,
            target.escalation_level,
            &target.metric,
        );
        store::reschedule(tx, &target.id, Some(due.due_ms), next).await?;
    }
    summarize(tx, ticket_id).await
}

/// Keeps the ticket's SLA summary (earliest running due time of a staff target, none while the
/// ticket waits on the partner; any breach) for the queues.
pub async fn summarize(tx: &mut Tx, ticket_id: &str) -> Result<(), AppError> {
    let now = tx.now_ms();
    let targets = store::targets(tx.conn(), ticket_id).await?;
    let stopped = paused(&store::pauses(tx.conn(), ticket_id).await?);
    let staff = || {
        targets
            .iter()
            .filter(|target| target.metric != PARTNER_WAIT)
    };
    // No clock runs while the ticket waits on the partner.
    let due_at = staff()
        .filter(|target| target.running() && !stopped)
        .filter_map(|target| target.due_at)
        .min();
    let breached = staff().any(|target| {
        target.breached_at.is_some()
            || (target.running() && target.due_at.is_some_and(|due| due <= now))
    });
    tickets::set_sla_summary(tx, ticket_id, due_at, breached).await?;
    Ok(())
}

/// Meets the running targets of these metrics now.
pub async fn achieve(tx: &mut Tx, ticket_id: &str, metrics: &[&str]) -> Result<(), AppError> {
    for target in store::targets(tx.conn(), ticket_id).await? {
        if target.running() && metrics.contains(&target.metric.as_str()) {
            store::achieve(tx, &target.id).await?;
        }
    }
    Ok(())
}

/// Stops the running targets of these metrics (or all, for an empty list) without meeting them.
pub async fn cancel(tx: &mut Tx, ticket_id: &str, metrics: &[&str]) -> Result<(), AppError> {
    for target in store::targets(tx.conn(), ticket_id).await? {
        if target.running() && (metrics.is_empty() || metrics.contains(&target.metric.as_str())) {
            store::cancel(tx, &target.id).await?;
        }
    }
    Ok(())
}

/// A target as people read it.
#[derive(Clone, Debug)]
pub struct TargetView {
    pub metric: String,
    pub label: &'static str,
    pub state: TargetState,
    pub due_at: Option<i64>,
    /// Working time left (negative when overdue); None once met or while paused with none left.
    pub remaining_ms: Option<i64>,
    pub explanation: String,
    pub achieved_at: Option<i64>,
    pub escalation_level: i64,
}

/// Where each of a ticket's targets stands at `now`, with the plain explanation of its due time.
pub fn views(targets: &[Target], pauses: &[(i64, Option<i64>)], now: i64) -> Vec<TargetView> {
    let stopped = paused(pauses);
    let counted = clock_pauses(pauses, now);
    targets
        .iter()
        .filter(|target| target.cancelled_at.is_none() || target.breached_at.is_some())
        .map(|target| view(target, stopped, &counted, now))
        .collect()
}

fn view(target: &Target, stopped: bool, counted: &[Pause], now: i64) -> TargetView {
    let own_pauses: &[Pause] = if target.metric == PARTNER_WAIT {
        &[]
    } else {
        counted
    };
    let clock = calendar(&target.calendar).ok();
    let computed = clock.as_ref().and_then(|clock| {
        sla::due(clock, target.started_at, target.target_minutes, own_pauses).ok()
    });
    let due_at = target
        .due_at
        .or(target.breached_at)
        .or(computed.as_ref().map(|due| due.due_ms));
    let explanation = computed
        .as_ref()
        .map(|due| due.explanation.clone())
        .unwrap_or_default();
    let state = if let Some(achieved_at) = target.achieved_at {
        if target.breached_at.is_some() || target.due_at.is_some_and(|due| due < achieved_at) {
            TargetState::Breached
        } else {
            TargetState::Achieved
        }
    } else if target.breached_at.is_some() || target.due_at.is_some_and(|due| due <= now) {
        TargetState::Breached
    } else if stopped && target.metric != PARTNER_WAIT {
        TargetState::Paused
    } else {
        TargetState::Active
    };
    let remaining_ms = match (&clock, target.achieved_at) {
        (Some(clock), None) => Some(
            target.target_minutes * 60_000
                - sla::working_ms(clock, target.started_at, now, own_pauses),
        ),
        _ => None,
    };
    TargetView {
        metric: target.metric.clone(),
        label: metric_label(&target.metric),
        state,
        // While paused there is no due time: it is known when the clock restarts.
        due_at: due_at.filter(|_| state != TargetState::Paused),
        remaining_ms,
        explanation,
        achieved_at: target.achieved_at,
        escalation_level: target.escalation_level,
    }
}

/// "2 h 10 min", "5 min", "overdue by 3 min".
pub fn duration_text(ms: i64) -> String {
    let minutes = ms.abs().div_euclid(60_000);
    let text = match (minutes / 60, minutes % 60) {
        (0, minutes) => format!("{minutes} min"),
        (hours, 0) => format!("{hours} h"),
        (hours, minutes) => format!("{hours} h {minutes} min"),
    };
    if ms < 0 {
        format!("overdue by {text}")
    } else {
        text
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const MINUTE: i64 = 60_000;

    #[test]
    fn a_target_is_checked_at_its_warning_then_its_due_time_then_each_escalation_step() {
        let due = 1_000 * MINUTE;
        assert_eq!(
            next_check(due, 30, 60, false, None, 0, "first_reply"),
            Some(due - 30 * MINUTE)
        );
        assert_eq!(
            next_check(due, 30, 60, true, None, 0, "first_reply"),
            Some(due)
        );
        assert_eq!(
            next_check(due, 0, 60, false, None, 0, "resolution"),
            Some(due)
        );
        assert_eq!(
            next_check(due, 30, 60, true, Some(due), 1, "first_reply"),
            Some(due + 60 * MINUTE)
        );
        assert_eq!(
            next_check(due, 30, 60, true, Some(due), 2, "first_reply"),
            Some(due + 120 * MINUTE)
        );
        assert_eq!(
            next_check(due, 30, 60, true, Some(due), 3, "first_reply"),
            None
        );
        // The partner's wait has two steps: the requester, then the named contact.
        assert_eq!(
            next_check(due, 0, 60, true, Some(due), 1, PARTNER_WAIT),
            Some(due + 60 * MINUTE)
        );
        assert_eq!(
            next_check(due, 0, 60, true, Some(due), 2, PARTNER_WAIT),
            None
        );
    }

    #[test]
    fn an_open_pause_runs_to_now_and_stops_the_clock() {
        let pauses = [(10, Some(20)), (30, None)];
        assert!(paused(&pauses));
        let counted = clock_pauses(&pauses, 50);
        assert_eq!(counted.len(), 2);
        assert_eq!((counted[1].from_ms, counted[1].to_ms), (30, 50));
        assert!(!paused(&pauses[..1]));
    }

    #[test]
    fn durations_read_as_hours_and_minutes() {
        assert_eq!(duration_text(5 * MINUTE), "5 min");
        assert_eq!(duration_text(120 * MINUTE), "2 h");
        assert_eq!(duration_text(130 * MINUTE), "2 h 10 min");
        assert_eq!(duration_text(-3 * MINUTE), "overdue by 3 min");
    }
}
