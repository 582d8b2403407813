//! Support groups: who answers which categories of tickets, their lead, and the members in the
//! order of their on-call rotation.

use sqlx::any::AnyRow;
use sqlx::{Any, Executor, Row};

use crate::{StoreError, Tx};

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Member {
    pub user_id: String,
    pub name: String,
    pub email: String,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Group {
    pub key: String,
    pub name: String,
    /// Space-separated ticket categories.
    pub categories: String,
    pub lead: Option<Member>,
    pub rotation_starts_at: i64,
    pub rotation_hours: i64,
    /// In rotation order.
    pub members: Vec<Member>,
}

impl Group {
    pub fn takes(&self, category: &str) -> bool {
        self.categories
            .split_whitespace()
            .any(|taken| taken == category)
    }
}

fn group_from_row(row: &AnyRow) -> Result<Group, StoreError> {
    let lead_id: Option<String> = row.try_get("lead_id")?;
    let lead = match lead_id {
        Some(user_id) => Some(Member {
            user_id,
            name: row.try_get("lead_name")?,
            email: row.try_get("lead_email")?,
        }),
        None => None,
    };
    Ok(Group {
        key: row.try_get("group_key")?,
        name: row.try_get("name")?,
        categories: row.try_get("categories")?,
        lead,
        rotation_starts_at: row.try_get("rotation_starts_at")?,
        rotation_hours: row.try_get("rotation_hours")?,
        members: Vec::new(),
    })
}

/// Every group with its members, by name.
pub async fn all<'e, E>(executor: E) -> Result<Vec<Group>, StoreError>
where
    E: Executor<'e, Database = Any> + Copy,
{
    let rows = sqlx::query(
        "SELECT g.group_key, g.name, g.categories, g.lead_id, l.name AS lead_name, \
         l.email AS lead_email, g.rotation_starts_at, g.rotation_hours \
         FROM support_groups g LEFT JOIN users l ON l.id = g.lead_id ORDER BY g.name",
    )
    .fetch_all(executor)
    .await?;
    let mut groups = rows
        .iter()
        .map(group_from_row)
        .collect::<Result<Vec<_>, _>>()?;
    let members = sqlx::query(
        "SELECT m.group_key, m.user_id, u.name, u.email FROM support_group_members m \
         JOIN users u ON u.id = m.user_id ORDER BY m.group_key, m.position, u.name",
    )
    .fetch_all(executor)
    .await?;
    for row in &members {
        let group_key: String = row.try_get("group_key")?;
        if let Some(group) = groups.iter_mut().find(|group| group.key == group_key) {
            group.members.push(Member {
                user_id: row.try_get("user_id")?,
                name: row.try_get("name")?,
                email: row.try_get("email")?,
            });
        }
    }
    Ok(groups)
}

/// A group's settings.
#[derive(Clone, Copy, Debug)]
pub struct GroupTerms<'a> {
    pub key: &'a str,
    pub name: &'a str,
    pub categories: &'a str,
    pub lead_id: Option<&'a str>,
    pub rotation_starts_at: i64,
    pub rotation_hours: i64,
}

/// Creates the group or replaces its settings, and sets its members in rotation order.
pub async fn save(
    tx: &mut Tx,
    terms: GroupTerms<'_>,
    members: &[String],
) -> Result<(), StoreError> {
    let now = tx.now_ms();
    sqlx::query(
        "INSERT INTO support_groups (group_key, name, categories, lead_id, rotation_starts_at, \
         rotation_hours, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7) \
         ON CONFLICT (group_key) DO UPDATE SET name = excluded.name, \
         categories = excluded.categories, lead_id = excluded.lead_id, \
         rotation_starts_at = excluded.rotation_starts_at, rotation_hours = excluded.rotation_hours",
    )
    .bind(terms.key)
    .bind(terms.name)
    .bind(terms.categories)
    .bind(terms.lead_id)
    .bind(terms.rotation_starts_at)
    .bind(terms.rotation_hours)
    .bind(now)
    .execute(tx.conn())
    .await?;
    sqlx::query("DELETE FROM support_group_members WHERE group_key = $1")
        .bind(terms.key)
        .execute(tx.conn())
        .await?;
    for (position, user_id) in members.iter().enumerate() {
        sqlx::query(
            "INSERT INTO support_group_members (group_key, user_id, position) VALUES ($1, $2, $3) \
             ON CONFLICT DO NOTHING",
        )
        .bind(terms.key)
        .bind(user_id)
        .bind(i64::try_from(position).unwrap_or(i64::MAX))
        .execute(tx.conn())
        .await?;
    }
    Ok(())
}

/// The program admins' names and addresses: the last step of every escalation chain.
pub async fn program_admins<'e, E>(executor: E) -> Result<Vec<Member>, StoreError>
where
    E: Executor<'e, Database = Any>,
{
    let rows = sqlx::query(
        "SELECT id, name, email FROM users WHERE role = 'program_admin' AND active = 1 \
         ORDER BY name",
    )
    .fetch_all(executor)
    .await?;
    rows.iter()
        .map(|row| {
            Ok(Member {
                user_id: row.try_get("id")?,
                name: row.try_get("name")?,
                email: row.try_get("email")?,
            })
        })
        .collect()
}

/// Staff who may work tickets (support agents, program admins, onboarding coordinators and
/// conformance analysts), for the assignee, lead and member selects.
pub async fn agents<'e, E>(executor: E) -> Result<Vec<Member>, StoreError>
where
    E: Executor<'e, Database = Any>,
{
    let rows = sqlx::query(
        "SELECT id, name, email FROM users WHERE organization_id IS NULL AND active = 1 \
         AND role IN ('support_agent', 'program_admin', 'onboarding_coordinator', \
         'conformance_analyst') ORDER BY name",
    )
    .fetch_all(executor)
    .await?;
    rows.iter()
        .map(|row| {
            Ok(Member {
                user_id: row.try_get("id")?,
                name: row.try_get("name")?,
                email: row.try_get("email")?,
            })
        })
        .collect()
}

/// An organization's named contact (from its profile), if it gave one.
pub async fn organization_contact<'e, E>(
    executor: E,
    organization_id: &str,
) -> Result<Option<Member>, StoreError>
where
    E: Executor<'e, Database = Any>,
{
    let row = sqlx::query(
        "SELECT contact_name, contact_email FROM organizations WHERE id = $1 \
         AND contact_email IS NOT NULL",
    )
    .bind(organization_id)
    .fetch_optional(executor)
    .await?;
    match row {
        Some(row) => Ok(Some(Member {
            user_id: String::new(),
            name: row
                .try_get::<Option<String>, _>("contact_name")?
                .unwrap_or_default(),
            email: row.try_get("contact_email")?,
        })),
        None => Ok(None),
    }
}

/// An organization's tier, which chooses its SLA policy.
pub async fn organization_tier<'e, E>(
    executor: E,
    organization_id: &str,
) -> Result<Option<String>, StoreError>
where
    E: Executor<'e, Database = Any>,
{
    let row = sqlx::query("SELECT tier FROM organizations WHERE id = $1")
        .bind(organization_id)
        .fetch_optional(executor)
        .await?;
    row.map(|row| row.try_get("tier"))
        .transpose()
        .map_err(Into::into)
}
