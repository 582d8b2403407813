//! The daily sweep: the clock moves even when nothing else does, so every active enrollment's
//! forecast (of the remaining work, from today) and its signals' risks are recomputed, and
//! reminders go out — two business days before a task is due and once it is overdue, once per due
//! date, to its assignee or, unassigned, to the people of its role (the organization's, for a
//! partner role; the enrollment's coordinator, for the coordinator's). People who turned the
//! "tasks" mail family off get none.

use jiff::civil::Date;
use onramp_core::platform::outbox::MailFamily;
use onramp_core::tracks::enrollment::TaskStatus;
use onramp_core::tracks::Calendar;
use onramp_core::Role;
use onramp_store::accounts::users;
use onramp_store::platform::audit::AuditContext;
use onramp_store::platform::jobs::Job;
use onramp_store::registry::members;
use onramp_store::tracks::{definitions, enrollments, tasks};
use onramp_store::Tx;

use super::definitions::model;
use super::refresh::{date_at, refresh};
use crate::platform::jobs::JobError;
use crate::platform::outbox::{queue_mail, Mail};
use crate::state::AppState;
use crate::web::error::AppError;

/// The recurring job.
pub const SWEEP_JOB: &str = "tracks.sweep";

/// How many business days ahead "due soon" looks.
pub const DUE_SOON_BUSINESS_DAYS: i64 = 2;

/// Which reminder a task's due date calls for today, if any.
pub fn reminder_kind(due: Date, today: Date, calendar: &Calendar) -> Option<&'static str> {
    if due < today {
        Some("overdue")
    } else if calendar.business_days_between(today, due) <= DUE_SOON_BUSINESS_DAYS {
        Some("due_soon")
    } else {
        None
    }
}

/// The job [`SWEEP_JOB`].
pub async fn sweep_job(state: AppState, _job: Job) -> Result<(), JobError> {
    sweep(&state).await?;
    Ok(())
}

/// Refreshes every active enrollment and queues its reminders, one transaction each; returns how
/// many reminders were queued.
pub async fn sweep(state: &AppState) -> Result<usize, AppError> {
    let ids = enrollments::all_active_ids(state.store.pool()).await?;
    let mut queued = 0;
    for id in ids {
        let mut tx = state.store.begin().await?;
        refresh(&mut tx, &state.calendars, &AuditContext::system(), &id).await?;
        queued += remind(state, &mut tx, &id).await?;
        tx.commit().await?;
    }
    Ok(queued)
}

/// Queues the reminders an enrollment's tasks call for today; returns how many mails.
pub async fn remind(state: &AppState, tx: &mut Tx, enrollment_id: &str) -> Result<usize, AppError> {
    let enrollment = enrollments::find(tx.conn(), enrollment_id).await?;
    if enrollment.state != "active" {
        return Ok(0);
    }
    let version = definitions::find(tx.conn(), &enrollment.track_version_id).await?;
    let track = model(&version)?;
    let now = tx.now_ms();
    let today = date_at(now);
    let profile = onramp_store::registry::find(tx.conn(), &enrollment.organization_id).await?;
    let calendar = state.calendars.for_country(profile.country.as_deref());
    let mut queued = 0;
    for task in tasks::of_enrollment(tx.conn(), enrollment_id).await? {
        if task
            .status
            .parse::<TaskStatus>()
            .is_ok_and(TaskStatus::is_finished)
        {
            continue;
        }
        let Ok(due) = task.due_on.parse::<Date>() else {
            continue;
        };
        let Some(kind) = reminder_kind(due, today, calendar) else {
            continue;
        };
        let mut recipients: Vec<(String, String)> = Vec::new();
        if let Some(assignee) = &task.assignee_id {
            if let Ok(user) = users::find_by_id(tx.conn(), assignee).await {
                if user.active {
                    recipients.push((user.email, user.name));
                }
            }
        } else if let Ok(owner) = task.owner_role.parse::<Role>() {
            if owner.is_staff() {
                if owner == Role::OnboardingCoordinator {
                    if let Some(coordinator) = &enrollment.coordinator_id {
                        if let Ok(user) = users::find_by_id(tx.conn(), coordinator).await {
                            if user.active {
                                recipients.push((user.email, user.name));
                            }
                        }
                    }
                }
            } else {
                for member in members::list(tx.conn(), &enrollment.organization_id).await? {
                    if member.active && !member.pending && member.role == owner {
                        recipients.push((member.email, member.name));
                    }
                }
            }
        }
        if recipients.is_empty() || !tasks::claim_reminder(tx, &task.id, kind, &task.due_on).await?
        {
            continue;
        }
        let step_name = track
            .step(&task.step_key)
            .map_or(task.step_key.as_str(), |step| step.name.as_str());
        let (subject, opening) = match kind {
            "overdue" => (
                format!("Overdue: {step_name}"),
                format!("“{step_name}” was due on {}.", task.due_on),
            ),
            _ => (
                format!("Due on {}: {step_name}", task.due_on),
                format!("“{step_name}” is due on {}.", task.due_on),
            ),
        };
        for (email, name) in &recipients {
            let body = format!(
                "Hello {name},\n\n{opening}\n\nEnrollment: {} in {}.\n{}\nOpen it: {}/enrollments/{}#task-{}\n\nYou can turn these reminders off on your account page.\n",
                enrollment.organization_name,
                enrollment.track_name,
                if task.critical { "It is on the critical path: a delay moves the end date.\n" } else { "" },
                state.config.public_base_url,
                enrollment.id,
                task.step_key
            );
            if queue_mail(
                tx,
                now,
                Mail {
                    family: MailFamily::Tasks,
                    to: email,
                    subject: &subject,
                    body,
                    event_id: None,
                },
            )
            .await?
            .is_some()
            {
                queued += 1;
            }
        }
    }
    Ok(queued)
}

#[cfg(test)]
mod tests {
    use jiff::civil::date;

    use super::*;

    #[test]
    fn reminders_come_two_business_days_ahead_and_when_overdue() {
        // Friday 2027-01-08: Tuesday 12th is two business days away, Wednesday 13th three.
        let friday = date(2027, 1, 8);
        let weekdays = Calendar::default();
        assert_eq!(
            reminder_kind(date(2027, 1, 12), friday, &weekdays),
            Some("due_soon")
        );
        assert_eq!(reminder_kind(date(2027, 1, 13), friday, &weekdays), None);
        assert_eq!(reminder_kind(friday, friday, &weekdays), Some("due_soon"));
        assert_eq!(
            reminder_kind(date(2027, 1, 7), friday, &weekdays),
            Some("overdue")
        );
        // With Monday 11th a holiday, Wednesday 13th is two business days away.
        let with_holiday = Calendar::weekdays_with([date(2027, 1, 11)]);
        assert_eq!(
            reminder_kind(date(2027, 1, 13), friday, &with_holiday),
            Some("due_soon")
        );
    }
}
