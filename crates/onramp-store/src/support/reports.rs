//! The support desk's reports: SLA attainment by tier, severity, group and target; first-reply
//! and resolution times; the backlog day by day; satisfaction. Each is a handful of grouped
//! queries, whatever the number of tickets.

use sqlx::{Any, Executor, Row};

use crate::StoreError;

const DAY_MS: i64 = 86_400_000;

/// Targets met and breached among tickets opened in a period, for one tier, severity, group and
/// target.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Attainment {
    pub tier: String,
    pub severity: String,
    pub group_key: Option<String>,
    pub metric: String,
    pub met: i64,
    pub breached: i64,
}

pub async fn attainment<'e, E>(
    executor: E,
    from: i64,
    to: i64,
) -> Result<Vec<Attainment>, StoreError>
where
    E: Executor<'e, Database = Any>,
{
    let rows = sqlx::query(
        "SELECT o.tier, t.severity, t.group_key, s.metric, \
         SUM(CASE WHEN s.breached_at IS NULL AND s.achieved_at IS NOT NULL THEN 1 ELSE 0 END) AS met, \
         SUM(CASE WHEN s.breached_at IS NOT NULL THEN 1 ELSE 0 END) AS breached \
         FROM support_targets s JOIN support_tickets t ON t.id = s.ticket_id \
         JOIN organizations o ON o.id = t.organization_id \
         WHERE t.opened_at >= $1 AND t.opened_at < $2 AND s.metric <> 'partner_wait' \
         GROUP BY o.tier, t.severity, t.group_key, s.metric \
         ORDER BY o.tier, t.severity, t.group_key, s.metric",
    )
    .bind(from)
    .bind(to)
    .fetch_all(executor)
    .await?;
    rows.iter()
        .map(|row| {
            Ok(Attainment {
                tier: row.try_get("tier")?,
                severity: row.try_get("severity")?,
                group_key: row.try_get("group_key")?,
                metric: row.try_get("metric")?,
                met: row.try_get("met")?,
                breached: row.try_get("breached")?,
            })
        })
        .collect()
}

/// Wall-clock milliseconds from opening to the first public staff reply, of tickets opened in
/// the period that have one.
pub async fn first_reply_times<'e, E>(
    executor: E,
    from: i64,
    to: i64,
) -> Result<Vec<i64>, StoreError>
where
    E: Executor<'e, Database = Any>,
{
    let rows = sqlx::query(
        "SELECT first_replied_at - opened_at AS taken FROM support_tickets \
         WHERE opened_at >= $1 AND opened_at < $2 AND first_replied_at IS NOT NULL",
    )
    .bind(from)
    .bind(to)
    .fetch_all(executor)
    .await?;
    rows.iter().map(|row| Ok(row.try_get("taken")?)).collect()
}

/// Wall-clock milliseconds from opening to solved, of tickets solved in the period.
pub async fn resolution_times<'e, E>(
    executor: E,
    from: i64,
    to: i64,
) -> Result<Vec<i64>, StoreError>
where
    E: Executor<'e, Database = Any>,
{
    let rows = sqlx::query(
        "SELECT solved_at - opened_at AS taken FROM support_tickets \
         WHERE solved_at >= $1 AND solved_at < $2",
    )
    .bind(from)
    .bind(to)
    .fetch_all(executor)
    .await?;
    rows.iter().map(|row| Ok(row.try_get("taken")?)).collect()
}

/// One day's end: tickets opened and solved that day, and how many were open at its end.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct BacklogDay {
    /// The day's start (UTC midnight).
    pub day: i64,
    pub opened: i64,
    pub solved: i64,
    pub open_at_end: i64,
}

/// The backlog day by day over `[from_day, to_day)` (UTC midnights): tickets open at each day's
/// end are those opened before it and not solved (or closed) before it.
pub async fn backlog<'e, E>(
    executor: E,
    from_day: i64,
    to_day: i64,
) -> Result<Vec<BacklogDay>, StoreError>
where
    E: Executor<'e, Database = Any> + Copy,
{
    let opened_before: i64 =
        sqlx::query("SELECT COUNT(*) AS n FROM support_tickets WHERE opened_at < $1")
            .bind(from_day)
            .fetch_one(executor)
            .await?
            .try_get("n")?;
    let solved_before: i64 = sqlx::query(
        "SELECT COUNT(*) AS n FROM support_tickets WHERE COALESCE(solved_at, closed_at) < $1",
    )
    .bind(from_day)
    .fetch_one(executor)
    .await?
    .try_get("n")?;
    let per_day = |column: &str| {
        format!(
            "SELECT ({column} - $1) / {DAY_MS} AS day_index, COUNT(*) AS n FROM support_tickets \
             WHERE {column} >= $1 AND {column} < $2 GROUP BY ({column} - $1) / {DAY_MS}"
        )
    };
    let opened_rows = sqlx::query(&per_day("opened_at"))
        .bind(from_day)
        .bind(to_day)
        .fetch_all(executor)
        .await?;
    let solved_rows = sqlx::query(&per_day("COALESCE(solved_at, closed_at)"))
        .bind(from_day)
        .bind(to_day)
        .fetch_all(executor)
        .await?;
    let days = usize::try_from((to_day - from_day).max(0) / DAY_MS).unwrap_or(0);
    let mut opened = vec![0i64; days];
    let mut solved = vec![0i64; days];
    for (rows, counts) in [(&opened_rows, &mut opened), (&solved_rows, &mut solved)] {
        for row in rows.iter() {
            let index: i64 = row.try_get("day_index")?;
            if let Some(count) = usize::try_from(index).ok().and_then(|i| counts.get_mut(i)) {
                *count += row.try_get::<i64, _>("n")?;
            }
        }
    }
    let mut open = opened_before - solved_before;
    let mut out = Vec::with_capacity(days);
    for (index, (opened, solved)) in opened.iter().zip(solved.iter()).enumerate() {
        open += opened - solved;
        out.push(BacklogDay {
            day: from_day + i64::try_from(index).unwrap_or(0) * DAY_MS,
            opened: *opened,
            solved: *solved,
            open_at_end: open,
        });
    }
    Ok(out)
}

/// Satisfaction answers in a period: how many, and how many of each rating (1 to 5).
pub async fn satisfaction<'e, E>(executor: E, from: i64, to: i64) -> Result<[i64; 5], StoreError>
where
    E: Executor<'e, Database = Any>,
{
    let rows = sqlx::query(
        "SELECT csat_rating, COUNT(*) AS n FROM support_tickets \
         WHERE csat_at >= $1 AND csat_at < $2 AND csat_rating IS NOT NULL GROUP BY csat_rating",
    )
    .bind(from)
    .bind(to)
    .fetch_all(executor)
    .await?;
    let mut counts = [0i64; 5];
    for row in &rows {
        let rating: i64 = row.try_get("csat_rating")?;
        if let Some(count) = usize::try_from(rating - 1)
            .ok()
            .and_then(|i| counts.get_mut(i))
        {
            *count = row.try_get("n")?;
        }
    }
    Ok(counts)
}
