//! The store's one error type. Callers decide what each kind means to a user.

/// What can go wrong talking to the database.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// The row asked for does not exist.
    #[error("not found")]
    NotFound,
    /// A uniqueness or integrity rule refused the write (`what` names the rule).
    #[error("conflict: {0}")]
    Conflict(String),
    /// The database cannot be reached, or the pool is exhausted.
    #[error("database unavailable: {0}")]
    Unavailable(String),
    /// Migrating the schema failed.
    #[error("migration failed: {0}")]
    Migration(#[from] sqlx::migrate::MigrateError),
    /// A stored value does not parse (a role name the code does not know, …).
    #[error("corrupt row: {0}")]
    Corrupt(String),
    /// A compare-and-set found the row in another state than the caller expected: someone else
    /// changed it meanwhile (`what` says what was expected).
    #[error("changed meanwhile: {0}")]
    StaleState(String),
    /// An audit event was to be written, but the store has no chain key (`Store::with_audit_key`).
    #[error("no audit chain key: the store was opened without one")]
    AuditKeyMissing,
    #[error("database error: {0}")]
    Other(sqlx::Error),
}

impl From<sqlx::Error> for StoreError {
    fn from(error: sqlx::Error) -> Self {
        match error {
            sqlx::Error::RowNotFound => StoreError::NotFound,
            sqlx::Error::PoolTimedOut | sqlx::Error::PoolClosed | sqlx::Error::Io(_) => {
                StoreError::Unavailable(error.to_string())
            }
            sqlx::Error::Database(ref database_error)
                if database_error.is_unique_violation()
                    || database_error.is_foreign_key_violation() =>
            {
                StoreError::Conflict(database_error.message().to_owned())
            }
            other => StoreError::Other(other),
        }
    }
}
