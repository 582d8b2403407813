//! Partner organizations. This foundation keeps only what users hang from (id, name, state); the
//! partner registry grows it.

use sqlx::{Any, Executor, Row};

use crate::{new_id, StoreError, Tx};

#[derive(Clone, Debug, serde::Serialize)]
pub struct Organization {
    pub id: String,
    pub name: String,
    pub state: String,
    pub created_at: i64,
}

pub async fn insert(tx: &mut Tx, name: &str, state: &str) -> Result<Organization, StoreError> {
    let organization = Organization {
        id: new_id(),
        name: name.to_owned(),
        state: state.to_owned(),
        created_at: tx.now_ms(),
    };
    sqlx::query("INSERT INTO organizations (id, name, state, created_at) VALUES ($1, $2, $3, $4)")
        .bind(&organization.id)
        .bind(&organization.name)
        .bind(&organization.state)
        .bind(organization.created_at)
        .execute(tx.conn())
        .await?;
    Ok(organization)
}

pub async fn find<'c, E>(db: E, id: &str) -> Result<Organization, StoreError>
where
    E: Executor<'c, Database = Any>,
{
    let row = sqlx::query("SELECT id, name, state, created_at FROM organizations WHERE id = $1")
        .bind(id)
        .fetch_optional(db)
        .await?
        .ok_or(StoreError::NotFound)?;
    Ok(Organization {
        id: row.try_get("id")?,
        name: row.try_get("name")?,
        state: row.try_get("state")?,
        created_at: row.try_get("created_at")?,
    })
}

pub async fn find_by_name<'c, E>(db: E, name: &str) -> Result<Option<Organization>, StoreError>
where
    E: Executor<'c, Database = Any>,
{
    let row = sqlx::query("SELECT id FROM organizations WHERE name = $1")
        .bind(name)
        .fetch_optional(db)
        .await?;
    match row {
        Some(row) => {
            let id: String = row.try_get("id")?;
            Ok(Some(Organization {
                id,
                name: name.to_owned(),
                state: String::new(),
                created_at: 0,
            }))
        }
        None => Ok(None),
    }
}
