//! Support groups: which group takes a new ticket (by its category), who leads it, and who is on
//! call now (members take turns of the group's rotation length, in order, from its start).

use onramp_core::Role;
use onramp_store::platform::audit::{self, Change};
use onramp_store::support::groups::{self as store, Group, GroupTerms, Member};

use crate::registry::services::scope;
use crate::state::AppState;
use crate::web::actor::Actor;
use crate::web::error::{AppError, FieldError};

/// The categories a ticket is filed under; each group takes some of them.
pub const CATEGORIES: &[(&str, &str)] = &[
    ("onboarding", "Onboarding and tracks"),
    ("sandbox", "Sandbox"),
    ("conformance", "Conformance testing"),
    ("credentials", "Credentials and certificates"),
    ("production", "Production"),
    ("training", "Training"),
    ("other", "Something else"),
];

pub fn category_label(key: &str) -> &str {
    CATEGORIES
        .iter()
        .find(|(category, _)| *category == key)
        .map_or(key, |(_, label)| label)
}

/// The group that takes a category: the first (by name) that lists it, else the first group.
pub fn for_category<'a>(groups: &'a [Group], category: &str) -> Option<&'a Group> {
    groups
        .iter()
        .find(|group| group.takes(category))
        .or_else(|| groups.first())
}

/// Who is on call in a group at `now`: members take turns of `rotation_hours` from
/// `rotation_starts_at`, in order; before the start, the first member.
pub fn on_call(group: &Group, now: i64) -> Option<&Member> {
    if group.members.is_empty() {
        return None;
    }
    let turn_ms = group.rotation_hours.max(1) * 3_600_000;
    let turns = (now - group.rotation_starts_at).max(0) / turn_ms;
    let count = i64::try_from(group.members.len()).unwrap_or(1);
    let index = usize::try_from(turns.rem_euclid(count)).unwrap_or(0);
    group.members.get(index)
}

pub async fn all(state: &AppState) -> Result<Vec<Group>, AppError> {
    Ok(store::all(state.store.pool()).await?)
}

/// Stores the program's first group (every category, no members) when none exists, so every
/// ticket has a queue.
pub async fn ensure_default(state: &AppState) -> Result<(), AppError> {
    if !store::all(state.store.pool()).await?.is_empty() {
        return Ok(());
    }
    let mut tx = state.store.begin().await?;
    let categories = CATEGORIES
        .iter()
        .map(|(key, _)| *key)
        .collect::<Vec<_>>()
        .join(" ");
    store::save(
        &mut tx,
        GroupTerms {
            key: "support",
            name: "Partner support",
            categories: &categories,
            lead_id: None,
            rotation_starts_at: 0,
            rotation_hours: 168,
        },
        &[],
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// A group as a program admin writes it.
#[derive(Clone, Debug, Default)]
pub struct GroupInput {
    pub key: String,
    pub name: String,
    pub categories: Vec<String>,
    pub lead_id: String,
    /// Members' ids in rotation order.
    pub members: Vec<String>,
    pub rotation_hours: String,
}

/// Creates or replaces a group (program admins); members and the lead must be staff who work
/// tickets. A changed rotation (members, their order, its length) starts now.
pub async fn save(state: &AppState, actor: &Actor, input: &GroupInput) -> Result<(), AppError> {
    let user = scope::user(actor)?;
    if user.role != Role::ProgramAdmin {
        return Err(AppError::Forbidden);
    }
    let agents = store::agents(state.store.pool()).await?;
    let is_agent = |id: &str| agents.iter().any(|agent| agent.user_id == id);
    let mut fields = Vec::new();
    let key = input.key.trim().to_lowercase();
    if key.is_empty()
        || key.len() > 40
        || !key
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
    {
        fields.push(FieldError::new("key", "1 to 40 letters, digits, - or _"));
    }
    let name = input.name.trim();
    if name.is_empty() || name.chars().count() > 80 {
        fields.push(FieldError::new("name", "a name of 1 to 80 characters"));
    }
    if input
        .categories
        .iter()
        .any(|category| !CATEGORIES.iter().any(|(known, _)| known == category))
    {
        fields.push(FieldError::new(
            "categories",
            "choose among the listed categories",
        ));
    }
    let lead = input.lead_id.trim();
    if !lead.is_empty() && !is_agent(lead) {
        fields.push(FieldError::new(
            "lead_id",
            "the lead must be a staff member",
        ));
    }
    if input.members.iter().any(|member| !is_agent(member)) {
        fields.push(FieldError::new("members", "members must be staff members"));
    }
    let rotation_hours = match input.rotation_hours.trim().parse::<i64>() {
        Ok(hours) if (1..=2_016).contains(&hours) => hours,
        _ => {
            fields.push(FieldError::new("rotation_hours", "hours from 1 to 2016"));
            0
        }
    };
    if !fields.is_empty() {
        return Err(AppError::validation(fields));
    }
    // The rotation keeps its start unless its members, their order or its length changed.
    let existing = store::all(state.store.pool())
        .await?
        .into_iter()
        .find(|group| group.key == key);
    let mut tx = state.store.begin().await?;
    let now = tx.now_ms();
    let rotation_starts_at = match &existing {
        Some(group)
            if group.rotation_hours == rotation_hours
                && group
                    .members
                    .iter()
                    .map(|member| &member.user_id)
                    .eq(input.members.iter()) =>
        {
            group.rotation_starts_at
        }
        _ => now,
    };
    let categories = input.categories.join(" ");
    store::save(
        &mut tx,
        GroupTerms {
            key: &key,
            name,
            categories: &categories,
            lead_id: (!lead.is_empty()).then_some(lead),
            rotation_starts_at,
            rotation_hours,
        },
        &input.members,
    )
    .await?;
    audit::append(
        &mut tx,
        &actor.audit_context(),
        Change {
            action: "support.group_saved",
            entity_type: "support_group",
            entity_id: &key,
            organization_id: None,
            summary: format!(
                "support group “{name}”: categories {categories}, {} members, on call in turns of {rotation_hours} h",
                input.members.len()
            ),
        },
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn member(name: &str) -> Member {
        Member {
            user_id: name.to_owned(),
            name: name.to_owned(),
            email: format!("{name}@example.org"),
        }
    }

    #[test]
    fn members_take_turns_on_call_in_order_from_the_rotation_start() {
        let hour = 3_600_000;
        let group = Group {
            key: "support".to_owned(),
            name: "Support".to_owned(),
            categories: "production sandbox".to_owned(),
            lead: None,
            rotation_starts_at: 100 * hour,
            rotation_hours: 12,
            members: vec![member("ana"), member("ben"), member("cy")],
        };
        let on = |at: i64| on_call(&group, at).map(|member| member.name.clone());
        assert_eq!(on(50 * hour).as_deref(), Some("ana"));
        assert_eq!(on(100 * hour).as_deref(), Some("ana"));
        assert_eq!(on(112 * hour - 1).as_deref(), Some("ana"));
        assert_eq!(on(112 * hour).as_deref(), Some("ben"));
        assert_eq!(on(124 * hour).as_deref(), Some("cy"));
        assert_eq!(on(136 * hour).as_deref(), Some("ana"));
        assert!(group.takes("sandbox") && !group.takes("training"));
        let groups = [group];
        assert_eq!(
            for_category(&groups, "training").map(|g| g.key.as_str()),
            Some("support")
        );
    }
}
