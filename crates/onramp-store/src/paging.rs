//! Keyset ("seek") paging and capped counts, shared by the lists (ADR 0013).
//!
//! A list reads at most `limit` rows in one sort order with one direction, after the key of the
//! last row of the previous page (never `OFFSET` over what it skips); the key is the sort columns
//! plus the id, compared as a row value (`(created_at, id) < ($1, $2)`), which both engines serve
//! from an index on the same columns. Totals are counted only up to [`COUNT_CAP`]: beyond it a
//! list says "more than".

use sqlx::{Any, Executor, Row};

use crate::StoreError;

/// Lists count matching rows up to this many; more is reported as [`Total::AtLeast`].
pub const COUNT_CAP: i64 = 10_000;

/// How many rows match a list's filter: exact up to [`COUNT_CAP`], otherwise a lower bound.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Total {
    Exact(i64),
    /// More than this many (the cap).
    AtLeast(i64),
}

impl Total {
    /// The total from a count that stopped at `COUNT_CAP + 1`.
    pub fn from_capped(counted: i64) -> Total {
        if counted > COUNT_CAP {
            Total::AtLeast(COUNT_CAP)
        } else {
            Total::Exact(counted)
        }
    }

    /// The count itself (the cap when there are more).
    pub fn value(self) -> i64 {
        match self {
            Total::Exact(n) | Total::AtLeast(n) => n,
        }
    }

    pub fn is_exact(self) -> bool {
        matches!(self, Total::Exact(_))
    }

    /// How many pages of `per_page` rows it makes (at least one).
    pub fn pages(self, per_page: i64) -> i64 {
        let per_page = per_page.max(1);
        ((self.value() + per_page - 1) / per_page).max(1)
    }
}

/// The key of a row in a list ordered by a time (milliseconds) and then the id, newest first.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TimeKey {
    pub at: i64,
    pub id: String,
}

/// A page of a keyset list: its rows and the key to continue after, when there may be more.
#[derive(Clone, Debug)]
pub struct Page<T> {
    pub rows: Vec<T>,
    pub next: Option<TimeKey>,
}

/// The key to continue after `rows` (of a page of at most `limit`): its last row's key when the
/// page is full, so there may be more; `None` when it is not.
pub fn next_key<T>(rows: &[T], limit: i64, key: impl Fn(&T) -> TimeKey) -> Option<TimeKey> {
    if i64::try_from(rows.len()).unwrap_or(i64::MAX) < limit {
        return None;
    }
    rows.last().map(key)
}

/// Counts the rows of `FROM … WHERE …` (`from_where`, with `$1`… bound to `binds`) up to
/// [`COUNT_CAP`] + 1, so that a count never reads more than that many index entries.
pub async fn capped_count<'c, E>(
    db: E,
    from_where: &str,
    binds: &[&str],
) -> Result<Total, StoreError>
where
    E: Executor<'c, Database = Any>,
{
    let sql = format!(
        "SELECT COUNT(*) AS n FROM (SELECT 1 {from_where} LIMIT {}) counted",
        COUNT_CAP + 1
    );
    let mut query = sqlx::query(&sql);
    for value in binds {
        query = query.bind(*value);
    }
    let counted: i64 = query.fetch_one(db).await?.try_get("n")?;
    Ok(Total::from_capped(counted))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn totals_above_the_cap_are_lower_bounds() {
        assert_eq!(Total::from_capped(0), Total::Exact(0));
        assert_eq!(Total::from_capped(COUNT_CAP), Total::Exact(COUNT_CAP));
        assert_eq!(Total::from_capped(COUNT_CAP + 1), Total::AtLeast(COUNT_CAP));
        assert_eq!(Total::Exact(0).pages(50), 1);
        assert_eq!(Total::Exact(101).pages(50), 3);
        assert_eq!(Total::AtLeast(COUNT_CAP).pages(50), 200);
    }
}
