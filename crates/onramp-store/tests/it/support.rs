//! A fresh database per test: a temporary SQLite file, or a new PostgreSQL schema.

use onramp_store::{Store, StoreOptions};
use sqlx::Executor;

/// The stores to run on: SQLite always, PostgreSQL when configured. Each is migrated and empty.
pub async fn stores() -> Vec<(Store, Option<tempfile::TempDir>)> {
    let dir = tempfile::tempdir().unwrap();
    let sqlite = Store::connect(&StoreOptions {
        url: format!("sqlite://{}?mode=rwc", dir.path().join("test.db").display()),
        max_connections: 4,
    })
    .await
    .unwrap();
    sqlite.migrate().await.unwrap();
    let mut stores = vec![(sqlite, Some(dir))];
    if let Ok(base_url) = std::env::var("ONRAMP_TEST_POSTGRES_URL") {
        if !base_url.is_empty() {
            let schema = format!("test_{}", uuid::Uuid::new_v4().simple());
            let admin = Store::connect(&StoreOptions {
                url: base_url.clone(),
                max_connections: 1,
            })
            .await
            .expect("ONRAMP_TEST_POSTGRES_URL must point at a reachable PostgreSQL server");
            admin
                .pool()
                .execute(format!("CREATE SCHEMA {schema}").as_str())
                .await
                .unwrap();
            let separator = if base_url.contains('?') { '&' } else { '?' };
            let postgres = Store::connect(&StoreOptions {
                url: format!("{base_url}{separator}options=-c%20search_path%3D{schema}"),
                max_connections: 4,
            })
            .await
            .unwrap();
            postgres.migrate().await.unwrap();
            stores.push((postgres, None));
        }
    }
    stores
}
