//! Rate-limit counters in the database, so that every instance counts against the same limit: one
//! fixed-window counter per bucket, incremented atomically.

use sqlx::{Any, Executor, Row};

use crate::StoreError;

/// Counts one hit in `bucket` for the window that starts at `window_start` (a multiple of the
/// window length the caller chose) and returns the hits in that window including this one. A new
/// window resets the count. One statement, so parallel hits never share a count.
pub async fn hit<'c, E>(db: E, bucket: &str, window_start: i64) -> Result<i64, StoreError>
where
    E: Executor<'c, Database = Any>,
{
    let row = sqlx::query(
        "INSERT INTO rate_limits (bucket, window_start, hits) VALUES ($1, $2, 1) \
         ON CONFLICT (bucket) DO UPDATE SET \
           hits = CASE WHEN rate_limits.window_start = excluded.window_start \
                       THEN rate_limits.hits + 1 ELSE 1 END, \
           window_start = excluded.window_start \
         RETURNING hits",
    )
    .bind(bucket)
    .bind(window_start)
    .fetch_one(db)
    .await?;
    Ok(row.try_get("hits")?)
}

/// Deletes counters whose window started before `before` (they can no longer refuse anything).
pub async fn delete_stale<'c, E>(db: E, before: i64) -> Result<u64, StoreError>
where
    E: Executor<'c, Database = Any>,
{
    let result = sqlx::query("DELETE FROM rate_limits WHERE window_start < $1")
        .bind(before)
        .execute(db)
        .await?;
    Ok(result.rows_affected())
}
