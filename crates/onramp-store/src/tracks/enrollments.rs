//! Enrollments: one organization's run through one track version, with the figures lists show —
//! the baseline end, the current forecast (likely, P50, P90), progress, the current phase, the
//! at-risk flag — stored when they change, so that no list recomputes a forecast.

use sqlx::any::AnyRow;
use sqlx::{Any, Executor, Row};

use crate::{new_id, StoreError, Tx};

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Enrollment {
    pub id: String,
    pub organization_id: String,
    pub track_version_id: String,
    pub track_key: String,
    pub state: String,
    pub coordinator_id: Option<String>,
    /// Dates are `YYYY-MM-DD`.
    pub started_on: String,
    pub target_end: Option<String>,
    pub seed: i64,
    pub baseline_end: String,
    pub likely_end: String,
    pub p50_end: String,
    pub p90_end: String,
    pub steps_total: i64,
    pub steps_finished: i64,
    pub current_phase: String,
    pub at_risk: bool,
    pub created_at: i64,
    pub updated_at: i64,
    /// From the organization and the track version.
    pub organization_name: String,
    pub track_name: String,
    pub track_version: i64,
}

const COLUMNS: &str = "e.id, e.organization_id, e.track_version_id, e.track_key, e.state, \
     e.coordinator_id, e.started_on, e.target_end, e.seed, e.baseline_end, e.likely_end, \
     e.p50_end, e.p90_end, e.steps_total, e.steps_finished, e.current_phase, e.at_risk, \
     e.created_at, e.updated_at, o.name AS organization_name, v.name AS track_name, \
     v.version AS track_version";

/// An enrollment with its organization's name and its track version's name and number.
const JOINS: &str = "JOIN organizations o ON o.id = e.organization_id \
     JOIN track_versions v ON v.id = e.track_version_id";

fn from_row(row: &AnyRow) -> Result<Enrollment, StoreError> {
    Ok(Enrollment {
        id: row.try_get("id")?,
        organization_id: row.try_get("organization_id")?,
        track_version_id: row.try_get("track_version_id")?,
        track_key: row.try_get("track_key")?,
        state: row.try_get("state")?,
        coordinator_id: row.try_get("coordinator_id")?,
        started_on: row.try_get("started_on")?,
        target_end: row.try_get("target_end")?,
        seed: row.try_get("seed")?,
        baseline_end: row.try_get("baseline_end")?,
        likely_end: row.try_get("likely_end")?,
        p50_end: row.try_get("p50_end")?,
        p90_end: row.try_get("p90_end")?,
        steps_total: row.try_get("steps_total")?,
        steps_finished: row.try_get("steps_finished")?,
        current_phase: row.try_get("current_phase")?,
        at_risk: row.try_get::<i64, _>("at_risk")? != 0,
        created_at: row.try_get("created_at")?,
        updated_at: row.try_get("updated_at")?,
        organization_name: row.try_get("organization_name")?,
        track_name: row.try_get("track_name")?,
        track_version: row.try_get("track_version")?,
    })
}

/// The stored figures of a forecast.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Figures {
    pub likely_end: String,
    pub p50_end: String,
    pub p90_end: String,
    pub steps_total: i64,
    pub steps_finished: i64,
    pub current_phase: String,
    pub at_risk: bool,
}

/// What a new enrollment records.
#[derive(Clone, Debug)]
pub struct NewEnrollment<'a> {
    pub organization_id: &'a str,
    pub track_version_id: &'a str,
    pub track_key: &'a str,
    pub coordinator_id: Option<&'a str>,
    pub started_on: &'a str,
    pub target_end: Option<&'a str>,
    pub seed: i64,
    pub baseline_end: &'a str,
    pub figures: &'a Figures,
}

/// Stores an active enrollment. The organization already in an active enrollment of the track is
/// [`StoreError::Conflict`].
pub async fn insert(tx: &mut Tx, new: NewEnrollment<'_>) -> Result<String, StoreError> {
    insert_with_id(tx, &new_id(), new).await
}

/// [`insert`] with an id chosen by the caller (who derives the forecast's seed from it).
pub async fn insert_with_id(
    tx: &mut Tx,
    id: &str,
    new: NewEnrollment<'_>,
) -> Result<String, StoreError> {
    let active = sqlx::query(
        "SELECT id FROM enrollments WHERE organization_id = $1 AND track_key = $2 \
         AND state = 'active'",
    )
    .bind(new.organization_id)
    .bind(new.track_key)
    .fetch_optional(tx.conn())
    .await?;
    if active.is_some() {
        return Err(StoreError::Conflict(
            "the organization is already enrolled in this track".to_owned(),
        ));
    }
    let id = id.to_owned();
    let now = tx.now_ms();
    let figures = new.figures;
    sqlx::query(
        "INSERT INTO enrollments (id, organization_id, track_version_id, track_key, state, \
         coordinator_id, started_on, target_end, seed, baseline_end, likely_end, p50_end, \
         p90_end, steps_total, steps_finished, current_phase, at_risk, created_at, updated_at) \
         VALUES ($1, $2, $3, $4, 'active', $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, \
         $16, $17, $17)",
    )
    .bind(&id)
    .bind(new.organization_id)
    .bind(new.track_version_id)
    .bind(new.track_key)
    .bind(new.coordinator_id)
    .bind(new.started_on)
    .bind(new.target_end)
    .bind(new.seed)
    .bind(new.baseline_end)
    .bind(&figures.likely_end)
    .bind(&figures.p50_end)
    .bind(&figures.p90_end)
    .bind(figures.steps_total)
    .bind(figures.steps_finished)
    .bind(&figures.current_phase)
    .bind(i64::from(figures.at_risk))
    .bind(now)
    .execute(tx.conn())
    .await?;
    Ok(id)
}

pub async fn find<'c, E>(db: E, id: &str) -> Result<Enrollment, StoreError>
where
    E: Executor<'c, Database = Any>,
{
    let row = sqlx::query(&format!(
        "SELECT {COLUMNS} FROM enrollments e {JOINS} WHERE e.id = $1"
    ))
    .bind(id)
    .fetch_optional(db)
    .await?
    .ok_or(StoreError::NotFound)?;
    from_row(&row)
}

/// An organization's enrollments, newest first.
pub async fn of_organization<'c, E>(
    db: E,
    organization_id: &str,
) -> Result<Vec<Enrollment>, StoreError>
where
    E: Executor<'c, Database = Any>,
{
    let rows = sqlx::query(&format!(
        "SELECT {COLUMNS} FROM enrollments e {JOINS} WHERE e.organization_id = $1 ORDER BY e.created_at DESC, e.id"
    ))
    .bind(organization_id)
    .fetch_all(db)
    .await?;
    rows.iter().map(from_row).collect()
}

/// The ids of an organization's active enrollments.
pub async fn active_ids_of<'c, E>(db: E, organization_id: &str) -> Result<Vec<String>, StoreError>
where
    E: Executor<'c, Database = Any>,
{
    let rows = sqlx::query(
        "SELECT id FROM enrollments WHERE organization_id = $1 AND state = 'active' ORDER BY id",
    )
    .bind(organization_id)
    .fetch_all(db)
    .await?;
    rows.iter()
        .map(|row| row.try_get("id").map_err(StoreError::from))
        .collect()
}

/// The program view's filters; `None` leaves a filter open.
#[derive(Clone, Debug, Default)]
pub struct ProgramFilter {
    pub track_key: Option<String>,
    pub state: Option<String>,
    pub tier: Option<String>,
    pub category: Option<String>,
    pub country: Option<String>,
    pub coordinator_id: Option<String>,
    pub at_risk: Option<bool>,
}

impl ProgramFilter {
    /// Whether a filter reads the organization's columns (and the query needs its join).
    fn reads_organizations(&self) -> bool {
        self.tier.is_some() || self.category.is_some() || self.country.is_some()
    }

    /// The FROM clause the filters need: enrollments alone, or joined to their organizations.
    fn from(&self) -> &'static str {
        if self.reads_organizations() {
            "enrollments e JOIN organizations o ON o.id = e.organization_id"
        } else {
            "enrollments e"
        }
    }

    /// The WHERE clause and its parameters, numbered from `$1`.
    fn clause(&self) -> (String, Vec<String>) {
        let mut conditions = Vec::new();
        let mut values = Vec::new();
        let mut add = |column: &str, value: &Option<String>| {
            if let Some(value) = value {
                values.push(value.clone());
                conditions.push(format!("{column} = ${}", values.len()));
            }
        };
        add("e.track_key", &self.track_key);
        add("e.state", &self.state);
        add("o.tier", &self.tier);
        add("o.category", &self.category);
        add("o.country", &self.country);
        add("e.coordinator_id", &self.coordinator_id);
        if let Some(at_risk) = self.at_risk {
            conditions.push(format!("e.at_risk = {}", i64::from(at_risk)));
        }
        if conditions.is_empty() {
            (String::new(), values)
        } else {
            (format!(" WHERE {}", conditions.join(" AND ")), values)
        }
    }
}

/// The program view's order: at risk first, then the latest P90 end (the ones most likely late
/// at the top). The indexes `enrollments_program` and `enrollments_program_track` follow it.
const PROGRAM_ORDER: &str = "e.at_risk DESC, e.p90_end DESC, e.id";

/// A page of enrollments matching `filter`, in the program view's order. The page's ids are
/// chosen first, over the enrollments (and their organizations only when a filter needs them)
/// along an index in that order; only the page's rows are then joined for their names.
pub async fn program_page<'c, E>(
    db: E,
    filter: &ProgramFilter,
    limit: i64,
    offset: i64,
) -> Result<Vec<Enrollment>, StoreError>
where
    E: Executor<'c, Database = Any>,
{
    let (clause, values) = filter.clause();
    let from = filter.from();
    let sql = format!(
        "SELECT {COLUMNS} FROM (SELECT e.id AS page_id FROM {from}{clause} \
         ORDER BY {PROGRAM_ORDER} LIMIT {limit} OFFSET {offset}) page \
         JOIN enrollments e ON e.id = page.page_id {JOINS} ORDER BY {PROGRAM_ORDER}"
    );
    let mut query = sqlx::query(&sql);
    for value in &values {
        query = query.bind(value);
    }
    let rows = query.fetch_all(db).await?;
    rows.iter().map(from_row).collect()
}

/// How many enrollments match `filter`.
pub async fn program_count<'c, E>(db: E, filter: &ProgramFilter) -> Result<i64, StoreError>
where
    E: Executor<'c, Database = Any>,
{
    let (clause, values) = filter.clause();
    let sql = format!("SELECT COUNT(*) AS n FROM {}{clause}", filter.from());
    let mut query = sqlx::query(&sql);
    for value in &values {
        query = query.bind(value);
    }
    Ok(query.fetch_one(db).await?.try_get("n")?)
}

/// Stores a new forecast's figures.
pub async fn set_figures(tx: &mut Tx, id: &str, figures: &Figures) -> Result<(), StoreError> {
    sqlx::query(
        "UPDATE enrollments SET likely_end = $1, p50_end = $2, p90_end = $3, steps_total = $4, \
         steps_finished = $5, current_phase = $6, at_risk = $7, updated_at = $8 WHERE id = $9",
    )
    .bind(&figures.likely_end)
    .bind(&figures.p50_end)
    .bind(&figures.p90_end)
    .bind(figures.steps_total)
    .bind(figures.steps_finished)
    .bind(&figures.current_phase)
    .bind(i64::from(figures.at_risk))
    .bind(tx.now_ms())
    .bind(id)
    .execute(tx.conn())
    .await?;
    Ok(())
}

/// Moves an enrollment from `from` to `to` (compare-and-set).
pub async fn set_state(tx: &mut Tx, id: &str, from: &str, to: &str) -> Result<(), StoreError> {
    let result = sqlx::query(
        "UPDATE enrollments SET state = $1, updated_at = $2 WHERE id = $3 AND state = $4",
    )
    .bind(to)
    .bind(tx.now_ms())
    .bind(id)
    .bind(from)
    .execute(tx.conn())
    .await?;
    if result.rows_affected() == 0 {
        return Err(StoreError::StaleState(format!(
            "the enrollment is no longer {from}"
        )));
    }
    Ok(())
}

/// The ids of every active enrollment.
pub async fn all_active_ids<'c, E>(db: E) -> Result<Vec<String>, StoreError>
where
    E: Executor<'c, Database = Any>,
{
    let rows = sqlx::query("SELECT id FROM enrollments WHERE state = 'active' ORDER BY id")
        .fetch_all(db)
        .await?;
    rows.iter()
        .map(|row| row.try_get("id").map_err(StoreError::from))
        .collect()
}
