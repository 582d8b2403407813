//! Personal API tokens: create (shown once), list, revoke. Staff users, partner admins and partner
//! developers hold them (`Role::API_TOKEN_HOLDERS`; the routes say so too). A partner user's token
//! acts as that user, so it reaches what they reach: their own organization's resources, found
//! through the user's organization as every partner query is (`registry::services::scope`).

use onramp_store::accounts::tokens::{self, ApiToken};
use onramp_store::platform::audit::{self, Change};
use onramp_store::StoreError;

use crate::state::AppState;
use crate::web::actor::{Actor, API_TOKEN_PREFIX};
use crate::web::error::{AppError, FieldError};
use crate::web::secret;

/// A token just made: the secret (shown once) and its stored record.
#[derive(Clone, Debug)]
pub struct CreatedToken {
    pub secret: String,
    pub token: ApiToken,
}

/// Makes a token named `name`, expiring after `expires_in_days` (none: it lives until revoked).
pub async fn create(
    state: &AppState,
    actor: &Actor,
    name: &str,
    expires_in_days: Option<i64>,
) -> Result<CreatedToken, AppError> {
    let user = actor.user().ok_or(AppError::Unauthenticated)?;
    create_for_user(
        &state.store,
        &actor.audit_context(),
        user,
        name,
        expires_in_days,
    )
    .await
}

/// Makes a token for `user` on behalf of `context` (a signed-in user for themselves, or `cli`).
/// A deactivated user, or one whose role may not hold tokens (a partner member), is refused.
pub async fn create_for_user(
    store: &onramp_store::Store,
    context: &onramp_store::platform::audit::AuditContext,
    user: &onramp_store::accounts::users::User,
    name: &str,
    expires_in_days: Option<i64>,
) -> Result<CreatedToken, AppError> {
    if !user.role.may_hold_api_token() || !user.active {
        return Err(AppError::Conflict(
            "API tokens are for active staff users, partner admins and partner developers"
                .to_owned(),
        ));
    }
    let mut fields = Vec::new();
    let name = name.trim();
    if name.is_empty() || name.chars().count() > 100 {
        fields.push(FieldError::new(
            "name",
            "a token name has 1 to 100 characters",
        ));
    }
    if let Some(days) = expires_in_days {
        if !(1..=366).contains(&days) {
            fields.push(FieldError::new(
                "expires_in_days",
                "a token expires after 1 to 366 days, or never",
            ));
        }
    }
    if !fields.is_empty() {
        return Err(AppError::validation(fields));
    }
    let secret = format!("{API_TOKEN_PREFIX}{}", secret::random_token(32));
    let prefix: String = secret.chars().take(API_TOKEN_PREFIX.len() + 6).collect();
    let expires_at = expires_in_days.map(|days| store.now_ms() + days * 86_400_000);
    let mut tx = store.begin().await?;
    let token = tokens::insert(
        &mut tx,
        &user.id,
        name,
        &secret::sha256_hex(&secret),
        &prefix,
        expires_at,
    )
    .await?;
    audit::append(
        &mut tx,
        context,
        Change {
            action: "api_token.created",
            entity_type: "api_token",
            entity_id: &token.id,
            organization_id: user.organization_id.as_deref(),
            summary: format!(
                "created API token \"{name}\" ({prefix}…) for {}",
                user.email
            ),
        },
    )
    .await?;
    tx.commit().await?;
    Ok(CreatedToken { secret, token })
}

pub async fn list(state: &AppState, actor: &Actor) -> Result<Vec<ApiToken>, AppError> {
    let user = actor.user().ok_or(AppError::Unauthenticated)?;
    Ok(tokens::list_for_user(state.store.pool(), &user.id).await?)
}

/// Revokes one of the actor's own tokens; another user's token is "not found".
pub async fn revoke(state: &AppState, actor: &Actor, token_id: &str) -> Result<ApiToken, AppError> {
    let user = actor.user().ok_or(AppError::Unauthenticated)?;
    let mut tx = state.store.begin().await?;
    let token = tokens::revoke(&mut tx, &user.id, token_id)
        .await
        .map_err(|error| match error {
            StoreError::NotFound => AppError::NotFound("API token"),
            other => other.into(),
        })?;
    audit::append(
        &mut tx,
        &actor.audit_context(),
        Change {
            action: "api_token.revoked",
            entity_type: "api_token",
            entity_id: &token.id,
            organization_id: user.organization_id.as_deref(),
            summary: format!("revoked API token \"{}\" ({}…)", token.name, token.prefix),
        },
    )
    .await?;
    tx.commit().await?;
    Ok(token)
}
