//! The partner registry's organizations: the profile an organization applies with, its
//! identifiers, lifecycle state, computed tier and DNS token; lists with filters; duplicates.

pub mod agreements;
pub mod documents;
pub mod evidence;
pub mod links;
pub mod members;
pub mod organizations;

use onramp_core::registry::lifecycle::OrganizationState;
use onramp_core::registry::partner::Identifier;
use onramp_core::registry::tier::Tier;
use sqlx::{Any, Executor, Row};

use crate::paging::{capped_count, next_key, Page, TimeKey, Total};
use crate::{new_id, StoreError, Tx};

/// An organization as the registry knows it. Organizations made before the registry (by the CLI)
/// have no profile: the optional fields are `None`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Profile {
    pub id: String,
    pub name: String,
    pub state: OrganizationState,
    pub category: Option<String>,
    pub org_type: Option<String>,
    pub size_band: Option<String>,
    pub country: Option<String>,
    pub region: Option<String>,
    pub web_domain: Option<String>,
    pub use_case: Option<String>,
    pub timeline: Option<String>,
    pub contact_name: Option<String>,
    pub contact_email: Option<String>,
    pub directory_opt_in: bool,
    pub dns_token: Option<String>,
    pub tier: Tier,
    pub collaborative_approved_at: Option<i64>,
    pub created_at: i64,
}

const COLUMNS: &str = "id, name, state, category, org_type, size_band, country, region, \
     web_domain, use_case, timeline, contact_name, contact_email, directory_opt_in, dns_token, \
     tier, collaborative_approved_at, created_at";

fn from_row(row: &sqlx::any::AnyRow) -> Result<Profile, StoreError> {
    let state: String = row.try_get("state")?;
    let tier: String = row.try_get("tier")?;
    Ok(Profile {
        id: row.try_get("id")?,
        name: row.try_get("name")?,
        state: state
            .parse()
            .map_err(|error: onramp_core::registry::lifecycle::UnknownName| {
                StoreError::Corrupt(error.to_string())
            })?,
        category: row.try_get("category")?,
        org_type: row.try_get("org_type")?,
        size_band: row.try_get("size_band")?,
        country: row.try_get("country")?,
        region: row.try_get("region")?,
        web_domain: row.try_get("web_domain")?,
        use_case: row.try_get("use_case")?,
        timeline: row.try_get("timeline")?,
        contact_name: row.try_get("contact_name")?,
        contact_email: row.try_get("contact_email")?,
        directory_opt_in: row.try_get::<i64, _>("directory_opt_in")? != 0,
        dns_token: row.try_get("dns_token")?,
        tier: tier
            .parse()
            .map_err(|error: onramp_core::registry::lifecycle::UnknownName| {
                StoreError::Corrupt(error.to_string())
            })?,
        collaborative_approved_at: row.try_get("collaborative_approved_at")?,
        created_at: row.try_get("created_at")?,
    })
}

/// What an application stores.
#[derive(Clone, Debug)]
pub struct NewApplication<'a> {
    pub name: &'a str,
    pub category: &'a str,
    pub org_type: &'a str,
    pub size_band: &'a str,
    pub country: &'a str,
    pub region: &'a str,
    pub web_domain: &'a str,
    pub use_case: &'a str,
    pub timeline: &'a str,
    pub contact_name: &'a str,
    pub contact_email: &'a str,
    pub directory_opt_in: bool,
    pub dns_token: &'a str,
    pub identifiers: &'a [Identifier],
}

/// Inserts an applying organization (state `applied`, tier `public`) with its identifiers.
pub async fn insert_application(
    tx: &mut Tx,
    application: &NewApplication<'_>,
) -> Result<Profile, StoreError> {
    let id = new_id();
    sqlx::query(
        "INSERT INTO organizations (id, name, state, created_at, category, org_type, size_band, \
         country, region, web_domain, use_case, timeline, contact_name, contact_email, \
         directory_opt_in, dns_token, tier) \
         VALUES ($1, $2, 'applied', $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, 'public')",
    )
    .bind(&id)
    .bind(application.name)
    .bind(tx.now_ms())
    .bind(application.category)
    .bind(application.org_type)
    .bind(application.size_band)
    .bind(application.country)
    .bind(application.region)
    .bind(application.web_domain)
    .bind(application.use_case)
    .bind(application.timeline)
    .bind(application.contact_name)
    .bind(application.contact_email)
    .bind(i64::from(application.directory_opt_in))
    .bind(application.dns_token)
    .execute(tx.conn())
    .await?;
    for identifier in application.identifiers {
        sqlx::query(
            "INSERT INTO organization_identifiers (organization_id, system, value) \
             VALUES ($1, $2, $3) ON CONFLICT DO NOTHING",
        )
        .bind(&id)
        .bind(&identifier.system)
        .bind(&identifier.value)
        .execute(tx.conn())
        .await?;
    }
    find(tx.conn(), &id).await
}

pub async fn find<'c, E>(db: E, id: &str) -> Result<Profile, StoreError>
where
    E: Executor<'c, Database = Any>,
{
    let row = sqlx::query(&format!(
        "SELECT {COLUMNS} FROM organizations WHERE id = $1"
    ))
    .bind(id)
    .fetch_optional(db)
    .await?
    .ok_or(StoreError::NotFound)?;
    from_row(&row)
}

/// The organization of this exact name, ignoring case (the oldest, should two share it).
pub async fn find_by_name<'c, E>(db: E, name: &str) -> Result<Profile, StoreError>
where
    E: Executor<'c, Database = Any>,
{
    let row = sqlx::query(&format!(
        "SELECT {COLUMNS} FROM organizations WHERE LOWER(name) = LOWER($1) \
         ORDER BY created_at, id LIMIT 1"
    ))
    .bind(name.trim())
    .fetch_optional(db)
    .await?
    .ok_or(StoreError::NotFound)?;
    from_row(&row)
}

pub async fn identifiers<'c, E>(db: E, organization_id: &str) -> Result<Vec<Identifier>, StoreError>
where
    E: Executor<'c, Database = Any>,
{
    let rows = sqlx::query(
        "SELECT system, value FROM organization_identifiers WHERE organization_id = $1 \
         ORDER BY system, value",
    )
    .bind(organization_id)
    .fetch_all(db)
    .await?;
    rows.iter()
        .map(|row| {
            Ok(Identifier {
                system: row.try_get("system")?,
                value: row.try_get("value")?,
            })
        })
        .collect()
}

/// What the staff list filters on; `None` means any.
#[derive(Clone, Debug, Default)]
pub struct ListFilter {
    pub state: Option<String>,
    pub category: Option<String>,
    pub country: Option<String>,
    pub tier: Option<String>,
    /// Only organizations that opted into the public directory.
    pub directory_only: bool,
}

/// The `WHERE` clause of `filter` and its bound values (`$1`, `$2`, … in order).
fn where_clause(filter: &ListFilter) -> (String, Vec<&str>) {
    let mut conditions = Vec::new();
    let mut binds: Vec<&str> = Vec::new();
    for (column, value) in [
        ("state", &filter.state),
        ("category", &filter.category),
        ("country", &filter.country),
        ("tier", &filter.tier),
    ] {
        if let Some(value) = value {
            binds.push(value);
            conditions.push(format!("{column} = ${}", binds.len()));
        }
    }
    if filter.directory_only {
        conditions.push("directory_opt_in = 1".to_owned());
    }
    if conditions.is_empty() {
        (String::new(), binds)
    } else {
        (format!(" WHERE {}", conditions.join(" AND ")), binds)
    }
}

/// The one order of every organization list: newest first, the id breaking ties (one direction,
/// so that an index on `(created_at, id)` — alone or after a filter column — serves it).
const ORDER: &str = "ORDER BY created_at DESC, id DESC";

/// Organizations matching `filter`, newest first, at most `limit`.
pub async fn list<'c, E>(db: E, filter: &ListFilter, limit: i64) -> Result<Vec<Profile>, StoreError>
where
    E: Executor<'c, Database = Any>,
{
    Ok(page(db, filter, None, limit).await?.rows)
}

/// Organizations matching `filter`, newest first: at most `limit` after the organization whose
/// key is `after` (from the start when `None`), and the key to continue after when the page is
/// full. Seeks along the index instead of skipping rows, so every page costs the same.
pub async fn page<'c, E>(
    db: E,
    filter: &ListFilter,
    after: Option<&TimeKey>,
    limit: i64,
) -> Result<Page<Profile>, StoreError>
where
    E: Executor<'c, Database = Any>,
{
    let (mut where_clause, mut binds) = where_clause(filter);
    let at_text = after.map(|key| key.at.to_string());
    if let (Some(key), Some(at)) = (after, at_text.as_deref()) {
        binds.push(at);
        binds.push(&key.id);
        let seek = format!(
            "(created_at, id) < (CAST(${} AS BIGINT), ${})",
            binds.len() - 1,
            binds.len()
        );
        where_clause = if where_clause.is_empty() {
            format!(" WHERE {seek}")
        } else {
            format!("{where_clause} AND {seek}")
        };
    }
    let sql = format!(
        "SELECT {COLUMNS} FROM organizations{where_clause} {ORDER} LIMIT ${}",
        binds.len() + 1
    );
    let mut query = sqlx::query(&sql);
    for value in binds {
        query = query.bind(value);
    }
    let rows = query.bind(limit).fetch_all(db).await?;
    let rows: Vec<Profile> = rows.iter().map(from_row).collect::<Result<_, _>>()?;
    let next = next_key(&rows, limit, key_of);
    Ok(Page { rows, next })
}

/// The organization's place in the list order: the key a page continues after.
pub fn key_of(organization: &Profile) -> TimeKey {
    TimeKey {
        at: organization.created_at,
        id: organization.id.clone(),
    }
}

/// Organizations matching `filter`, newest first: `limit` of them after skipping `offset` (page
/// numbers). The ids of the page are chosen along the index first (reading index entries only
/// for what is skipped), and only the page's rows are read whole.
pub async fn list_page<'c, E>(
    db: E,
    filter: &ListFilter,
    limit: i64,
    offset: i64,
) -> Result<Vec<Profile>, StoreError>
where
    E: Executor<'c, Database = Any>,
{
    let (where_clause, binds) = where_clause(filter);
    let sql = format!(
        "SELECT {COLUMNS} FROM organizations WHERE id IN \
         (SELECT id FROM organizations{where_clause} {ORDER} LIMIT ${} OFFSET ${}) {ORDER}",
        binds.len() + 1,
        binds.len() + 2
    );
    let mut query = sqlx::query(&sql);
    for value in binds {
        query = query.bind(value);
    }
    let rows = query.bind(limit).bind(offset).fetch_all(db).await?;
    rows.iter().map(from_row).collect()
}

/// How many organizations match `filter`, exactly.
pub async fn count<'c, E>(db: E, filter: &ListFilter) -> Result<i64, StoreError>
where
    E: Executor<'c, Database = Any>,
{
    let (where_clause, binds) = where_clause(filter);
    let sql = format!("SELECT COUNT(*) AS n FROM organizations{where_clause}");
    let mut query = sqlx::query(&sql);
    for value in binds {
        query = query.bind(value);
    }
    let row = query.fetch_one(db).await?;
    Ok(row.try_get("n")?)
}

/// How many organizations match `filter`, counted up to the cap (see [`crate::paging`]).
pub async fn count_capped<'c, E>(db: E, filter: &ListFilter) -> Result<Total, StoreError>
where
    E: Executor<'c, Database = Any>,
{
    let (where_clause, binds) = where_clause(filter);
    capped_count(db, &format!("FROM organizations{where_clause}"), &binds).await
}

/// How many organizations wait for a decision (applied or under review) since before `before_ms`.
pub async fn count_waiting_since<'c, E>(db: E, before_ms: i64) -> Result<i64, StoreError>
where
    E: Executor<'c, Database = Any>,
{
    let row = sqlx::query(
        "SELECT COUNT(*) AS n FROM organizations \
         WHERE state IN ('applied', 'under_review') AND created_at < $1",
    )
    .bind(before_ms)
    .fetch_one(db)
    .await?;
    Ok(row.try_get("n")?)
}

/// Opts the organization into the public directory, or out of it.
pub async fn set_directory_opt_in(
    tx: &mut Tx,
    organization_id: &str,
    opt_in: bool,
) -> Result<(), StoreError> {
    let result = sqlx::query("UPDATE organizations SET directory_opt_in = $1 WHERE id = $2")
        .bind(i64::from(opt_in))
        .bind(organization_id)
        .execute(tx.conn())
        .await?;
    if result.rows_affected() == 0 {
        return Err(StoreError::NotFound);
    }
    Ok(())
}

/// Other organizations with the same web domain or one of the same identifiers: likely duplicates.
pub async fn likely_duplicates(
    tx_or_pool: &sqlx::AnyPool,
    organization_id: &str,
) -> Result<Vec<(Profile, String)>, StoreError> {
    let mut found: Vec<(Profile, String)> = Vec::new();
    let rows = sqlx::query(&format!(
        "SELECT {COLUMNS} FROM organizations WHERE id <> $1 AND web_domain IS NOT NULL AND \
         web_domain = (SELECT web_domain FROM organizations WHERE id = $1)"
    ))
    .bind(organization_id)
    .fetch_all(tx_or_pool)
    .await?;
    for row in &rows {
        let profile = from_row(row)?;
        let why = format!(
            "same web domain {}",
            profile.web_domain.clone().unwrap_or_default()
        );
        found.push((profile, why));
    }
    let rows = sqlx::query(
        "SELECT DISTINCT other.organization_id AS organization_id, other.system AS system, \
         other.value AS value FROM organization_identifiers mine \
         JOIN organization_identifiers other ON other.system = mine.system \
         AND other.value = mine.value AND other.organization_id <> mine.organization_id \
         WHERE mine.organization_id = $1",
    )
    .bind(organization_id)
    .fetch_all(tx_or_pool)
    .await?;
    for row in &rows {
        let other_id: String = row.try_get("organization_id")?;
        let system: String = row.try_get("system")?;
        let value: String = row.try_get("value")?;
        let why = format!("same identifier {system} {value}");
        match found.iter_mut().find(|(profile, _)| profile.id == other_id) {
            Some((_, reasons)) => {
                reasons.push_str("; ");
                reasons.push_str(&why);
            }
            None => found.push((find(tx_or_pool, &other_id).await?, why)),
        }
    }
    Ok(found)
}

/// Whether an organization with this web domain or identifier exists already (for the warning at
/// registration time, before the new one is stored).
pub async fn count_matching(
    pool: &sqlx::AnyPool,
    web_domain: &str,
    identifiers: &[Identifier],
) -> Result<i64, StoreError> {
    let mut n_matches: i64 =
        sqlx::query("SELECT COUNT(*) AS n FROM organizations WHERE web_domain = $1")
            .bind(web_domain)
            .fetch_one(pool)
            .await?
            .try_get("n")?;
    for identifier in identifiers {
        let n: i64 = sqlx::query(
            "SELECT COUNT(*) AS n FROM organization_identifiers WHERE system = $1 AND value = $2",
        )
        .bind(&identifier.system)
        .bind(&identifier.value)
        .fetch_one(pool)
        .await?
        .try_get("n")?;
        n_matches += n;
    }
    Ok(n_matches)
}

/// Moves the organization from state `from` to `to`, compare-and-set: when it is no longer in
/// `from` (another reviewer decided meanwhile), nothing changes and the answer is
/// [`StoreError::StaleState`].
pub async fn set_state(
    tx: &mut Tx,
    organization_id: &str,
    from: OrganizationState,
    to: OrganizationState,
) -> Result<(), StoreError> {
    let stale = format!(
        "the organization is no longer {}",
        from.label().to_lowercase()
    );
    compare_and_set(
        tx,
        organization_id,
        "state",
        from.as_str(),
        to.as_str(),
        &stale,
    )
    .await
}

/// Moves the organization's tier from `from` to `to`, compare-and-set like [`set_state`].
pub async fn set_tier(
    tx: &mut Tx,
    organization_id: &str,
    from: Tier,
    to: Tier,
) -> Result<(), StoreError> {
    let stale = "the organization's tier changed meanwhile";
    compare_and_set(
        tx,
        organization_id,
        "tier",
        from.as_str(),
        to.as_str(),
        stale,
    )
    .await
}

/// `UPDATE organizations SET column = to WHERE id = … AND column = from`; `column` is one of this
/// module's own column names, never input. No row changed is "not found" when the organization
/// does not exist, else [`StoreError::StaleState`] with `stale`.
async fn compare_and_set(
    tx: &mut Tx,
    organization_id: &str,
    column: &'static str,
    from: &str,
    to: &str,
    stale: &str,
) -> Result<(), StoreError> {
    let rows_affected = sqlx::query(&format!(
        "UPDATE organizations SET {column} = $1 WHERE id = $2 AND {column} = $3"
    ))
    .bind(to)
    .bind(organization_id)
    .bind(from)
    .execute(tx.conn())
    .await?
    .rows_affected();
    if rows_affected == 1 {
        return Ok(());
    }
    let exists = sqlx::query("SELECT 1 AS one FROM organizations WHERE id = $1")
        .bind(organization_id)
        .fetch_optional(tx.conn())
        .await?
        .is_some();
    if exists {
        Err(StoreError::StaleState(stale.to_owned()))
    } else {
        Err(StoreError::NotFound)
    }
}

pub async fn set_collaborative_approved(
    tx: &mut Tx,
    organization_id: &str,
    at: Option<i64>,
) -> Result<(), StoreError> {
    let result =
        sqlx::query("UPDATE organizations SET collaborative_approved_at = $1 WHERE id = $2")
            .bind(at)
            .bind(organization_id)
            .execute(tx.conn())
            .await?;
    if result.rows_affected() == 0 {
        return Err(StoreError::NotFound);
    }
    Ok(())
}

pub async fn set_dns_token(
    tx: &mut Tx,
    organization_id: &str,
    token: &str,
) -> Result<(), StoreError> {
    let result = sqlx::query("UPDATE organizations SET dns_token = $1 WHERE id = $2")
        .bind(token)
        .bind(organization_id)
        .execute(tx.conn())
        .await?;
    if result.rows_affected() == 0 {
        return Err(StoreError::NotFound);
    }
    Ok(())
}

/// The ids of every organization, for jobs that recompute tiers.
pub async fn all_ids(pool: &sqlx::AnyPool) -> Result<Vec<String>, StoreError> {
    let rows = sqlx::query("SELECT id FROM organizations ORDER BY id")
        .fetch_all(pool)
        .await?;
    rows.iter().map(|row| Ok(row.try_get("id")?)).collect()
}
