//! Risks raised from signals: a step on the critical path overdue by more than N business days,
//! and a gate still blocked N business days after the step that waits for it was due to start.
//! A signal's risk is closed when the signal clears.
//!
//! # How is a signal's risk scored?
//!
//! Likelihood × impact as for the track's templates (1–5 each): an overdue critical step is
//! already happening (likelihood 4) and moves the end date (impact 4); a blocked gate holds up the
//! steps behind it (likelihood 3, impact 4). People may rescore them on the register.

use jiff::civil::Date;

use super::calendar::Calendar;

/// How late is late, in business days.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Thresholds {
    pub overdue_critical_step: i64,
    pub gate_blocked: i64,
}

impl Default for Thresholds {
    /// Five business days (a working week) for both.
    fn default() -> Self {
        Thresholds {
            overdue_critical_step: 5,
            gate_blocked: 5,
        }
    }
}

/// A task, as far as signals care.
#[derive(Clone, Debug, PartialEq)]
pub struct TaskSignal<'a> {
    pub key: &'a str,
    pub name: &'a str,
    pub critical: bool,
    pub finished: bool,
    /// When the baseline said it would be finished.
    pub planned_finish: Option<Date>,
}

/// A gate, as far as signals care.
#[derive(Clone, Debug, PartialEq)]
pub struct GateSignal<'a> {
    pub key: &'a str,
    pub name: &'a str,
    pub holds: bool,
    /// When the first step that waits for it was planned to start.
    pub needed_on: Option<Date>,
}

/// A risk a signal raises.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RaisedRisk {
    /// `signal:overdue:<step>` or `signal:gate:<gate>`: stable while the signal lasts.
    pub key: String,
    pub title: String,
    pub likelihood: u8,
    pub impact: u8,
    pub mitigation: String,
}

/// The risks the signals raise today.
pub fn signals(
    tasks: &[TaskSignal<'_>],
    gates: &[GateSignal<'_>],
    today: Date,
    calendar: &Calendar,
    thresholds: Thresholds,
) -> Vec<RaisedRisk> {
    let late_by = |since: Date| {
        if since >= today {
            0
        } else {
            calendar.business_days_between(since, today)
        }
    };
    let mut raised = Vec::new();
    for task in tasks {
        let Some(planned) = task.planned_finish else {
            continue;
        };
        let late = late_by(planned);
        if task.critical && !task.finished && late > thresholds.overdue_critical_step {
            raised.push(RaisedRisk {
                key: format!("signal:overdue:{}", task.key),
                title: format!(
                    "“{}” is on the critical path and {late} business days late",
                    task.name
                ),
                likelihood: 4,
                impact: 4,
                mitigation:
                    "Agree a recovery date with the step's owner, or re-plan the steps after it."
                        .to_owned(),
            });
        }
    }
    for gate in gates {
        let Some(needed) = gate.needed_on else {
            continue;
        };
        let late = late_by(needed);
        if !gate.holds && late > thresholds.gate_blocked {
            raised.push(RaisedRisk {
                key: format!("signal:gate:{}", gate.key),
                title: format!(
                    "Gate “{}” has been blocking work for {late} business days",
                    gate.name
                ),
                likelihood: 3,
                impact: 4,
                mitigation: "Chase the missing conditions with the people who can act on them, or override the gate with a reason.".to_owned(),
            });
        }
    }
    raised
}

#[cfg(test)]
mod tests {
    use jiff::civil::date;

    use super::*;

    fn task(critical: bool, finished: bool, planned_finish: Date) -> TaskSignal<'static> {
        TaskSignal {
            key: "build",
            name: "Build",
            critical,
            finished,
            planned_finish: Some(planned_finish),
        }
    }

    #[test]
    fn an_overdue_critical_step_raises_a_risk_past_the_threshold_only() {
        let calendar = Calendar::default();
        // Planned to finish Friday 2027-01-01; Monday 11th is 6 business days later, Friday 8th 5.
        let planned = date(2027, 1, 1);
        let raised = |today, critical, finished| {
            signals(
                &[task(critical, finished, planned)],
                &[],
                today,
                &calendar,
                Thresholds::default(),
            )
        };
        assert!(raised(date(2027, 1, 8), true, false).is_empty());
        let late = raised(date(2027, 1, 11), true, false);
        assert_eq!(late.len(), 1);
        assert_eq!(late[0].key, "signal:overdue:build");
        assert!(
            late[0].title.contains("6 business days late"),
            "{}",
            late[0].title
        );
        assert!(
            raised(date(2027, 1, 11), false, false).is_empty(),
            "not critical"
        );
        assert!(raised(date(2027, 1, 11), true, true).is_empty(), "finished");
    }

    #[test]
    fn a_gate_blocking_work_past_the_threshold_raises_a_risk_until_it_holds() {
        let calendar = Calendar::default();
        let gate = |holds| GateSignal {
            key: "go",
            name: "Go live",
            holds,
            needed_on: Some(date(2027, 1, 4)),
        };
        let today = date(2027, 1, 12);
        let blocked = signals(&[], &[gate(false)], today, &calendar, Thresholds::default());
        assert_eq!(blocked.len(), 1);
        assert_eq!(blocked[0].key, "signal:gate:go");
        assert!(signals(&[], &[gate(true)], today, &calendar, Thresholds::default()).is_empty());
        assert!(signals(
            &[],
            &[gate(false)],
            date(2027, 1, 8),
            &calendar,
            Thresholds::default()
        )
        .is_empty());
    }
}
