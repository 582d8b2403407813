//! The pool, the backend it talks to, migrations, and write transactions.

use std::str::FromStr;
use std::sync::Arc;
use std::time::Duration;

use sqlx::any::{AnyConnectOptions, AnyPoolOptions};
use sqlx::migrate::Migrator;
use sqlx::{Any, AnyConnection, AnyPool, Executor, Transaction};
use tokio::sync::{Mutex, OwnedMutexGuard};

use crate::platform::audit::AuditKey;
use crate::platform::clock::{Clock, SystemClock};
use crate::StoreError;

static MIGRATOR: Migrator = sqlx::migrate!("./migrations");

/// Which database engine is behind the pool.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

impl Backend {
    pub fn as_str(self) -> &'static str {
        match self {
            Backend::Sqlite => "sqlite",
            Backend::Postgres => "postgres",
        }
    }
}

/// How to connect.
#[derive(Clone)]
pub struct StoreOptions {
    /// `sqlite://path/to/file.db?mode=rwc` or `postgres://user@host/db`.
    pub url: String,
    pub max_connections: u32,
}

impl std::fmt::Debug for StoreOptions {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("StoreOptions")
            .field("url", &redact_url(&self.url))
            .field("max_connections", &self.max_connections)
            .finish()
    }
}

/// A database URL with any password replaced by `***`, for logs and messages.
pub fn redact_url(url: &str) -> String {
    let Some((scheme, rest)) = url.split_once("://") else {
        return url.to_owned();
    };
    let Some((userinfo, host)) = rest.split_once('@') else {
        return url.to_owned();
    };
    match userinfo.split_once(':') {
        Some((user, _password)) => format!("{scheme}://{user}:***@{host}"),
        None => url.to_owned(),
    }
}

/// The database: a pool plus, on SQLite, the lock that lets one writer in at a time, and the audit
/// chain key (which lives outside the database: see [`Store::with_audit_key`]).
#[derive(Clone)]
pub struct Store {
    pool: AnyPool,
    backend: Backend,
    sqlite_write_lock: Option<Arc<Mutex<()>>>,
    audit_key: Option<Arc<AuditKey>>,
    clock: Arc<dyn Clock>,
}

/// One write transaction. Commit it with [`Tx::commit`]; dropping it rolls back.
pub struct Tx {
    inner: Transaction<'static, Any>,
    backend: Backend,
    _write_guard: Option<OwnedMutexGuard<()>>,
    audit_key: Option<Arc<AuditKey>>,
    clock: Arc<dyn Clock>,
}

impl Tx {
    /// The connection to run statements on.
    pub fn conn(&mut self) -> &mut AnyConnection {
        &mut self.inner
    }

    /// The chain key audit events in this transaction are hashed with.
    pub(crate) fn audit_key(&self) -> Result<Arc<AuditKey>, StoreError> {
        self.audit_key.clone().ok_or(StoreError::AuditKeyMissing)
    }

    /// The engine this transaction runs on, for the rare statement that differs.
    pub fn backend(&self) -> Backend {
        self.backend
    }

    /// Now, by the store's clock, in milliseconds since the Unix epoch (UTC).
    pub fn now_ms(&self) -> i64 {
        self.clock.now_ms()
    }

    pub async fn commit(self) -> Result<(), StoreError> {
        self.inner.commit().await?;
        Ok(())
    }
}

impl Store {
    /// Connects and checks the connection works. Does not migrate; call [`Store::migrate`].
    pub async fn connect(options: &StoreOptions) -> Result<Store, StoreError> {
        sqlx::any::install_default_drivers();
        let backend = if options.url.starts_with("sqlite:") {
            Backend::Sqlite
        } else if options.url.starts_with("postgres:") || options.url.starts_with("postgresql:") {
            Backend::Postgres
        } else {
            return Err(StoreError::Unavailable(format!(
                "unsupported database URL `{}`: use sqlite://… or postgres://…",
                redact_url(&options.url)
            )));
        };
        let connect_options = AnyConnectOptions::from_str(&options.url)
            .map_err(|error| StoreError::Unavailable(error.to_string()))?;
        let pool = AnyPoolOptions::new()
            .max_connections(options.max_connections.max(1))
            .acquire_timeout(Duration::from_secs(10))
            .after_connect(move |connection, _meta| {
                Box::pin(async move {
                    if backend == Backend::Sqlite {
                        connection
                            .execute(
                                "PRAGMA journal_mode = WAL; PRAGMA busy_timeout = 10000; \
                                 PRAGMA foreign_keys = ON; PRAGMA synchronous = NORMAL;",
                            )
                            .await?;
                    }
                    Ok(())
                })
            })
            .connect_with(connect_options)
            .await
            .map_err(|error| StoreError::Unavailable(error.to_string()))?;
        Ok(Store {
            pool,
            backend,
            sqlite_write_lock: (backend == Backend::Sqlite).then(|| Arc::new(Mutex::new(()))),
            audit_key: None,
            clock: Arc::new(SystemClock),
        })
    }

    /// The store reading time from `clock` (tests move a `ManualClock`); the system's otherwise.
    pub fn with_clock(mut self, clock: Arc<dyn Clock>) -> Store {
        self.clock = clock;
        self
    }

    /// The store's clock, shared with whoever reads time beside it (the server's state).
    pub fn clock(&self) -> Arc<dyn Clock> {
        self.clock.clone()
    }

    /// Now, by the store's clock.
    pub fn now_ms(&self) -> i64 {
        self.clock.now_ms()
    }

    /// The store with `key` as its audit chain key: every [`crate::platform::audit::append`] hashes under it.
    /// Without one, appending fails with [`StoreError::AuditKeyMissing`]; reads work either way.
    pub fn with_audit_key(mut self, key: AuditKey) -> Store {
        self.audit_key = Some(Arc::new(key));
        self
    }

    /// The audit chain key, when the store has one.
    pub fn audit_key(&self) -> Option<&AuditKey> {
        self.audit_key.as_deref()
    }

    pub fn backend(&self) -> Backend {
        self.backend
    }

    /// The pool, for reads outside a transaction.
    pub fn pool(&self) -> &AnyPool {
        &self.pool
    }

    /// Applies the migrations that have not been applied yet.
    pub async fn migrate(&self) -> Result<(), StoreError> {
        MIGRATOR.run(&self.pool).await?;
        Ok(())
    }

    /// Whether every migration this build knows has been applied.
    pub async fn migrations_current(&self) -> Result<bool, StoreError> {
        let applied: Vec<(i64,)> = match sqlx::query_as(
            "SELECT version FROM _sqlx_migrations WHERE success = TRUE ORDER BY version",
        )
        .fetch_all(&self.pool)
        .await
        {
            Ok(rows) => rows,
            // No migrations table yet: nothing is applied.
            Err(sqlx::Error::Database(_)) => return Ok(false),
            Err(error) => return Err(error.into()),
        };
        let applied: Vec<i64> = applied.into_iter().map(|(version,)| version).collect();
        Ok(MIGRATOR
            .iter()
            .all(|migration| applied.contains(&migration.version)))
    }

    /// Refreshes the query planner's statistics, so that lists filtered by a column pick the
    /// index that narrows them most: on SQLite an `ANALYZE` bounded to about a thousand rows per
    /// index (`analysis_limit`, so it stays quick however large the tables grow); on PostgreSQL
    /// an `ANALYZE` of the listed tables (sampled; autovacuum also runs it, but only once enough
    /// rows changed).
    pub async fn optimize(&self) -> Result<(), StoreError> {
        if self.backend == Backend::Sqlite {
            let _guard = match &self.sqlite_write_lock {
                Some(lock) => Some(Arc::clone(lock).lock_owned().await),
                None => None,
            };
            let mut conn = self.pool.acquire().await?;
            sqlx::query("PRAGMA analysis_limit = 1000")
                .execute(&mut *conn)
                .await?;
            sqlx::query("ANALYZE").execute(&mut *conn).await?;
        } else {
            // The tables lists filter and page through; ANALYZE alone would visit every schema of
            // the database.
            sqlx::query(
                "ANALYZE organizations, enrollments, enrollment_tasks, jobs, fhir_resources, \
                 fhir_index_tokens, fhir_index_strings, fhir_index_dates, fhir_index_references, \
                 fhir_index_numbers, sandbox_messages, oauth_tokens, training_assignments, \
                 training_progress, training_learners, support_tickets, support_targets",
            )
            .execute(&self.pool)
            .await?;
        }
        Ok(())
    }

    /// A trivial query, to tell whether the database answers.
    pub async fn ping(&self) -> Result<(), StoreError> {
        sqlx::query("SELECT 1").execute(&self.pool).await?;
        Ok(())
    }

    /// Starts a write transaction.
    ///
    /// On SQLite the transaction takes the database's write lock at once (`BEGIN IMMEDIATE`),
    /// after the process's lock. A transaction that is dropped after writing releases the
    /// process's lock before sqlx's queued rollback has run; a deferred `BEGIN` of the next
    /// transaction would then fail "database is locked" at its first write without waiting,
    /// where `BEGIN IMMEDIATE` waits for the rollback (the busy timeout).
    pub async fn begin(&self) -> Result<Tx, StoreError> {
        let write_guard = match &self.sqlite_write_lock {
            Some(lock) => Some(Arc::clone(lock).lock_owned().await),
            None => None,
        };
        let inner = if self.backend == Backend::Sqlite {
            self.pool.begin_with("BEGIN IMMEDIATE").await?
        } else {
            self.pool.begin().await?
        };
        Ok(Tx {
            inner,
            backend: self.backend,
            _write_guard: write_guard,
            audit_key: self.audit_key.clone(),
            clock: self.clock.clone(),
        })
    }

    /// Connections open and idle, for `/metrics`.
    pub fn pool_stats(&self) -> (u32, usize) {
        (self.pool.size(), self.pool.num_idle())
    }

    pub async fn close(&self) {
        self.pool.close().await;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_password_in_a_database_url_is_redacted() {
        assert_eq!(
            redact_url("postgres://onramp:s3cret@db:5432/onramp"),
            "postgres://onramp:***@db:5432/onramp"
        );
        assert_eq!(redact_url("sqlite://./x.db"), "sqlite://./x.db");
    }
}
