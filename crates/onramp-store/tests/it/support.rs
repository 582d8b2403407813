//! A fresh database per test: a temporary SQLite file, or a new PostgreSQL schema.

use onramp_store::{Store, StoreOptions};

/// The stores to run on: SQLite always, PostgreSQL when configured. Each is migrated, empty, and
/// has the test chain key (`onramp_store::testing::audit_key`).
pub async fn stores() -> Vec<(Store, Option<tempfile::TempDir>)> {
    let dir = tempfile::tempdir().unwrap();
    let sqlite = Store::connect(&StoreOptions {
        url: format!("sqlite://{}?mode=rwc", dir.path().join("test.db").display()),
        max_connections: 4,
    })
    .await
    .unwrap()
    .with_audit_key(onramp_store::testing::audit_key());
    sqlite.migrate().await.unwrap();
    let mut stores = vec![(sqlite, Some(dir))];
    if let Some(base_url) = onramp_store::testing::postgres_base_url() {
        let url = onramp_store::testing::fresh_postgres_schema(&base_url)
            .await
            .expect("ONRAMP_TEST_POSTGRES_URL must point at a reachable PostgreSQL server");
        let postgres = Store::connect(&StoreOptions {
            url,
            max_connections: 4,
        })
        .await
        .unwrap()
        .with_audit_key(onramp_store::testing::audit_key());
        postgres.migrate().await.unwrap();
        stores.push((postgres, None));
    }
    stores
}
