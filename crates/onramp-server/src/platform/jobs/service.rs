//! The job queue as program admins see it: jobs listed by state (with their last error), and the
//! retry or cancel of one job — a compare-and-set on the state it expects, audited in the same
//! transaction.

use onramp_core::platform::jobs::JobState;
use onramp_store::platform::audit::{self, Change};
use onramp_store::platform::jobs::{self, Job, JobPage};
use onramp_store::StoreError;
use serde::Deserialize;

use crate::state::AppState;
use crate::web::actor::Actor;
use crate::web::error::{AppError, FieldError};

/// The filters of `/admin/jobs` and `GET /api/v1/jobs`, as typed.
#[derive(Clone, Debug, Default, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct JobQuery {
    /// `queued`, `running`, `succeeded`, `failed`, `dead` or `cancelled`; absent or empty: all.
    pub state: Option<String>,
    /// 1-based page number.
    pub page: Option<i64>,
    /// Jobs per page, 1 to 200 (default 50).
    pub per_page: Option<i64>,
}

/// A parsed query.
#[derive(Clone, Debug)]
pub struct ParsedJobQuery {
    pub state: Option<JobState>,
    pub page: i64,
    pub per_page: i64,
}

impl JobQuery {
    pub fn parse(&self) -> Result<ParsedJobQuery, AppError> {
        let mut fields = Vec::new();
        let state = match self.state.as_deref().map(str::trim) {
            None | Some("") => None,
            Some(text) => match text.parse::<JobState>() {
                Ok(state) => Some(state),
                Err(error) => {
                    fields.push(FieldError::new("state", error.to_string()));
                    None
                }
            },
        };
        let (page, per_page) =
            crate::web::paging::page_and_size(self.page, self.per_page, "jobs", &mut fields);
        if !fields.is_empty() {
            return Err(AppError::validation(fields));
        }
        Ok(ParsedJobQuery {
            state,
            page,
            per_page,
        })
    }
}

/// One page of jobs, the most recently changed first.
pub async fn list(state: &AppState, query: &ParsedJobQuery) -> Result<JobPage, AppError> {
    Ok(jobs::list(
        state.store.pool(),
        query.state,
        query.per_page,
        (query.page - 1) * query.per_page,
    )
    .await?)
}

/// How many jobs are in each state.
pub async fn counts(state: &AppState) -> Result<Vec<(JobState, i64)>, AppError> {
    Ok(jobs::count_by_state(state.store.pool()).await?)
}

fn not_found_as_job(error: StoreError) -> AppError {
    match error {
        StoreError::NotFound => AppError::NotFound("job"),
        other => other.into(),
    }
}

/// Sends a failed or dead job back to the queue, due now, with fresh attempts. 409 when the job
/// is in another state, or when a live job already holds its unique key.
pub async fn retry(state: &AppState, actor: &Actor, job_id: &str) -> Result<Job, AppError> {
    let mut tx = state.store.begin().await?;
    let job = jobs::retry(&mut tx, job_id, state.clock.now_ms())
        .await
        .map_err(not_found_as_job)?;
    audit::append(
        &mut tx,
        &actor.audit_context(),
        Change {
            action: "job.retried",
            entity_type: "job",
            entity_id: &job.id,
            organization_id: None,
            summary: format!("queued job {} ({}) again", job.id, job.kind),
        },
    )
    .await?;
    tx.commit().await?;
    Ok(job)
}

/// Cancels a queued job: it never runs. 409 when the job is in another state.
pub async fn cancel(state: &AppState, actor: &Actor, job_id: &str) -> Result<Job, AppError> {
    let mut tx = state.store.begin().await?;
    let job = jobs::cancel(&mut tx, job_id, state.clock.now_ms())
        .await
        .map_err(not_found_as_job)?;
    audit::append(
        &mut tx,
        &actor.audit_context(),
        Change {
            action: "job.cancelled",
            entity_type: "job",
            entity_id: &job.id,
            organization_id: None,
            summary: format!("cancelled job {} ({})", job.id, job.kind),
        },
    )
    .await?;
    tx.commit().await?;
    Ok(job)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_unknown_state_and_bad_paging_are_field_errors() {
        let error = JobQuery {
            state: Some("paused".to_owned()),
            per_page: Some(0),
            ..JobQuery::default()
        }
        .parse()
        .unwrap_err();
        let AppError::Validation { fields, .. } = error else {
            panic!("expected a validation error");
        };
        let names: Vec<_> = fields.iter().map(|field| field.field.as_str()).collect();
        assert_eq!(names, ["state", "per_page"]);
    }

    #[test]
    fn an_empty_state_means_every_state() {
        let parsed = JobQuery {
            state: Some(String::new()),
            ..JobQuery::default()
        }
        .parse()
        .unwrap();
        assert_eq!(parsed.state, None);
    }
}
