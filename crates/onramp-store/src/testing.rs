//! Test support shared by the crates' integration tests (behind the `testing` feature): a fresh,
//! empty PostgreSQL schema per test, so tests on one server never see each other's rows.

use sqlx::{AnyConnection, Connection, Executor};

use crate::StoreError;

/// Creates a new schema `test_<uuid>` on the PostgreSQL server at `base_url` and returns a URL
/// whose connections use it (`search_path`). The schema is empty: migrate it before use.
pub async fn fresh_postgres_schema(base_url: &str) -> Result<String, StoreError> {
    sqlx::any::install_default_drivers();
    let schema = format!("test_{}", uuid::Uuid::new_v4().simple());
    let mut connection = AnyConnection::connect(base_url).await?;
    connection
        .execute(format!("CREATE SCHEMA {schema}").as_str())
        .await?;
    connection.close().await?;
    let separator = if base_url.contains('?') { '&' } else { '?' };
    Ok(format!(
        "{base_url}{separator}options=-c%20search_path%3D{schema}"
    ))
}

/// The PostgreSQL server tests should use (`ONRAMP_TEST_POSTGRES_URL`), when one is configured.
pub fn postgres_base_url() -> Option<String> {
    std::env::var("ONRAMP_TEST_POSTGRES_URL")
        .ok()
        .filter(|url| !url.is_empty())
}

/// The audit chain key tests run with (fixed, so failures reproduce).
pub fn audit_key() -> crate::platform::audit::AuditKey {
    crate::platform::audit::AuditKey::from_array([0x5a; 32])
}

/// The checkpoint signing key tests run with.
pub fn signing_key() -> crate::platform::audit::checkpoint::SigningKey {
    crate::platform::audit::checkpoint::SigningKey::from_bytes(&[0x17; 32])
}
