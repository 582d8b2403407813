//! Instance secrets shared by every `onramp serve` on one database (the key behind CSRF tokens).
//! They live in the database so that several instances agree without configuration.

use sqlx::Row;

use crate::{StoreError, Tx};

/// Returns the secret called `name`, creating it with `make` the first time. Safe when two
/// instances start together: the loser of the insert race reads the winner's value.
pub async fn get_or_create(
    tx: &mut Tx,
    name: &str,
    make: impl FnOnce() -> String,
) -> Result<String, StoreError> {
    sqlx::query(
        "INSERT INTO instance_secrets (name, value) VALUES ($1, $2) ON CONFLICT (name) DO NOTHING",
    )
    .bind(name)
    .bind(make())
    .execute(tx.conn())
    .await?;
    let row = sqlx::query("SELECT value FROM instance_secrets WHERE name = $1")
        .bind(name)
        .fetch_one(tx.conn())
        .await?;
    Ok(row.try_get("value")?)
}
