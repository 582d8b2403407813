//! Machine clients of an environment: partner admins (and coordinators) register them — a JWKS
//! for SMART Backend Services, or a generated secret shown once — rotate secrets with an overlap,
//! replace keys, suspend and reactivate. A production client is issued only when the
//! enrollment's go-live gate holds.

use onramp_core::registry::lifecycle::OrganizationState;
use onramp_core::sandbox::scopes::parse_scopes;
use onramp_core::sandbox::{AccessState, ClientAuthMethod, EnvironmentKind};
use onramp_core::Role;
use onramp_store::platform::audit::{self, Change};
use onramp_store::sandbox::clients::{self, Client, NewClient};
use onramp_store::sandbox::environments::Environment;
use onramp_store::sandbox::tokens;
use onramp_store::{StoreError, Tx};

use super::environments::visible_environment;
use crate::platform::outbox::{emit, Event};
use crate::registry::services::scope;
use crate::sandbox::oauth::assertion::check_jwks;
use crate::state::AppState;
use crate::tracks::services::enrollments::{detail, is_coordinator};
use crate::tracks::services::refresh;
use crate::web::actor::Actor;
use crate::web::error::{AppError, FieldError};
use crate::web::problems;
use crate::web::secret::{random_token, sha256_hex};

/// What a person registers.
#[derive(Clone, Debug, Default)]
pub struct ClientInput<'a> {
    pub name: &'a str,
    /// `private_key_jwt` or `client_secret_basic`.
    pub auth_method: &'a str,
    /// Space-separated SMART system scopes; empty: `system/*.cruds`.
    pub scopes: &'a str,
    /// The JWKS (JSON) for `private_key_jwt`.
    pub jwks: &'a str,
    /// The last day (`YYYY-MM-DD`, UTC) the client works; empty: it does not expire.
    pub expires_on: &'a str,
    /// Where the client publishes its JWKS, instead of `jwks` (`private_key_jwt`).
    pub jwks_url: &'a str,
}

/// A registered client, and its secret when one was just made (shown once, never stored).
#[derive(Clone, Debug)]
pub struct Issued {
    pub client: Client,
    pub secret: Option<String>,
}

/// Who may manage an environment's clients: its organization's partner admins, coordinators and
/// program admins.
pub fn may_manage(role: Role) -> bool {
    role == Role::PartnerAdmin || is_coordinator(role)
}

/// The clients of a visible environment.
pub async fn list(
    state: &AppState,
    actor: &Actor,
    environment_id: &str,
) -> Result<(Environment, Vec<Client>), AppError> {
    let environment = visible_environment(state, actor, environment_id).await?;
    let list = clients::of_environment(state.store.pool(), &environment.id).await?;
    Ok((environment, list))
}

/// A visible client and its environment.
pub async fn visible_client(
    state: &AppState,
    actor: &Actor,
    client_id: &str,
) -> Result<(Environment, Client), AppError> {
    let client = match clients::find(state.store.pool(), client_id).await {
        Ok(client) => client,
        Err(StoreError::NotFound) => return Err(AppError::NotFound("client")),
        Err(other) => return Err(other.into()),
    };
    let environment = visible_environment(state, actor, &client.environment_id)
        .await
        .map_err(|error| match error {
            AppError::NotFound(_) => AppError::NotFound("client"),
            other => other,
        })?;
    Ok((environment, client))
}

/// The conditions of the go-live gate still missing for `environment`'s enrollment; empty when
/// it holds (or was overridden).
pub async fn go_live_missing(
    state: &AppState,
    actor: &Actor,
    environment: &Environment,
) -> Result<Vec<String>, AppError> {
    let detail = detail(state, actor, &environment.enrollment_id).await?;
    let Some(gate_key) = detail.track.go_live_gate.clone() else {
        return Ok(vec![format!(
            "the track {} names no go-live gate (`go_live_gate` in its file)",
            detail.track.name
        )]);
    };
    let Some(view) = detail.gates.iter().find(|view| view.gate.key == gate_key) else {
        return Ok(vec![format!(
            "the gate `{gate_key}` is not in the enrollment"
        )]);
    };
    if view.status.holds() {
        return Ok(Vec::new());
    }
    Ok(view
        .evaluation
        .missing()
        .map(|check| {
            let who: Vec<&str> = check.who_can_act.iter().map(|role| role.label()).collect();
            format!("{} (who can act: {})", check.requirement, who.join(", "))
        })
        .collect())
}

/// Registers a client for a visible environment.
pub async fn create(
    state: &AppState,
    actor: &Actor,
    environment_id: &str,
    input: &ClientInput<'_>,
) -> Result<Issued, AppError> {
    let user = scope::user(actor)?;
    let environment = visible_environment(state, actor, environment_id).await?;
    if !may_manage(user.role) {
        return Err(AppError::Forbidden);
    }
    let mut fields = Vec::new();
    let name = input.name.trim();
    if name.is_empty() || name.chars().count() > 120 {
        fields.push(FieldError::new("name", "a name of 1 to 120 characters"));
    }
    let method = input
        .auth_method
        .trim()
        .parse::<ClientAuthMethod>()
        .unwrap_or_else(|error| {
            fields.push(FieldError::new("auth_method", error.to_string()));
            ClientAuthMethod::PrivateKeyJwt
        });
    let scope_text = match input.scopes.trim() {
        "" => "system/*.cruds",
        text => text,
    };
    let scopes: Vec<String> = match parse_scopes(scope_text) {
        Ok(scopes) if !scopes.is_empty() => scopes.iter().map(ToString::to_string).collect(),
        Ok(_) => {
            fields.push(FieldError::new("scopes", "at least one scope"));
            Vec::new()
        }
        Err(errors) => {
            let reasons: Vec<String> = errors.iter().map(ToString::to_string).collect();
            fields.push(FieldError::new("scopes", reasons.join("; ")));
            Vec::new()
        }
    };
    let jwks_url = input.jwks_url.trim();
    let (jwks, jwks_url) = match method {
        ClientAuthMethod::PrivateKeyJwt if !jwks_url.is_empty() => {
            if !input.jwks.trim().is_empty() {
                fields.push(FieldError::new(
                    "jwks_url",
                    "give the keys or the URL that publishes them, not both",
                ));
            } else if let Err(reason) = super::super::oauth::jwks_url::fetch(state, jwks_url).await
            {
                fields.push(FieldError::new("jwks_url", reason));
            }
            (None, Some(jwks_url.to_owned()))
        }
        ClientAuthMethod::PrivateKeyJwt => match check_jwks(input.jwks.trim()) {
            Ok(_) => (Some(input.jwks.trim().to_owned()), None),
            Err(reason) => {
                fields.push(FieldError::new("jwks", reason));
                (None, None)
            }
        },
        ClientAuthMethod::ClientSecretBasic => (None, None),
    };
    let expires_at = match input.expires_on.trim() {
        "" => None,
        text => match text.parse::<jiff::civil::Date>() {
            Ok(day) => {
                let end = day
                    .tomorrow()
                    .ok()
                    .and_then(|next| next.to_zoned(jiff::tz::TimeZone::UTC).ok())
                    .map(|zoned| zoned.timestamp().as_millisecond());
                match end {
                    Some(end) if end > state.clock.now_ms() => Some(end),
                    _ => {
                        fields.push(FieldError::new("expires_on", "a day from today on"));
                        None
                    }
                }
            }
            Err(_) => {
                fields.push(FieldError::new("expires_on", "a date, YYYY-MM-DD"));
                None
            }
        },
    };
    if !fields.is_empty() {
        return Err(AppError::validation(fields));
    }
    if environment.state != AccessState::Active.as_str() {
        return Err(AppError::Rule(
            &problems::ENVIRONMENT_SUSPENDED,
            "the environment is suspended: reactivate it before registering clients".to_owned(),
        ));
    }
    let organization = scope::find(state, &environment.organization_id).await?;
    if organization.state != OrganizationState::Active {
        return Err(AppError::Rule(
            &problems::ENVIRONMENT_SUSPENDED,
            format!(
                "{} is {}: clients are registered only for active organizations",
                organization.name,
                organization.state.label().to_lowercase()
            ),
        ));
    }
    let production = environment.kind == EnvironmentKind::Production.as_str();
    if production {
        let missing = go_live_missing(state, actor, &environment).await?;
        if !missing.is_empty() {
            return Err(AppError::Rule(
                &problems::GO_LIVE_GATE_CLOSED,
                format!(
                    "production credentials need the go-live gate; still missing: {}",
                    missing.join("; ")
                ),
            ));
        }
    }
    let context = actor.audit_context();
    let mut tx = state.store.begin().await?;
    let client = clients::insert(
        &mut tx,
        NewClient {
            environment_id: &environment.id,
            organization_id: &environment.organization_id,
            name,
            auth_method: method.as_str(),
            scopes: &scopes,
            jwks: jwks.as_deref(),
            jwks_url: jwks_url.as_deref(),
            expires_at,
            created_by: Some(&user.id),
        },
    )
    .await?;
    let secret = match method {
        ClientAuthMethod::ClientSecretBasic => {
            let secret = random_token(32);
            clients::add_secret(
                &mut tx,
                &client.id,
                &sha256_hex(&secret),
                &hint(&secret),
                None,
            )
            .await?;
            Some(secret)
        }
        ClientAuthMethod::PrivateKeyJwt => None,
    };
    record(
        &mut tx,
        &context,
        &environment,
        &client,
        "client.created",
        format!(
            "{} client `{name}` registered ({}, scopes {})",
            environment.kind,
            method.as_str(),
            scopes.join(" ")
        ),
    )
    .await?;
    if production {
        record(
            &mut tx,
            &context,
            &environment,
            &client,
            "production_credentials.issued",
            format!("production credentials issued to `{name}`"),
        )
        .await?;
        // The tracks may wait for this (`sandbox.production_credentials_issued`).
        refresh::refresh(
            &mut tx,
            &state.calendars,
            &context,
            &environment.enrollment_id,
        )
        .await?;
    }
    tx.commit().await?;
    Ok(Issued { client, secret })
}

/// The last four characters, by which people recognise a secret.
fn hint(secret: &str) -> String {
    let count = secret.chars().count();
    secret.chars().skip(count.saturating_sub(4)).collect()
}

async fn record(
    tx: &mut Tx,
    context: &onramp_store::platform::audit::AuditContext,
    environment: &Environment,
    client: &Client,
    action: &'static str,
    summary: String,
) -> Result<(), AppError> {
    audit::append(
        tx,
        context,
        Change {
            action,
            entity_type: "client",
            entity_id: &client.id,
            organization_id: Some(&environment.organization_id),
            summary,
        },
    )
    .await?;
    let now = tx.now_ms();
    emit(
        tx,
        now,
        Event {
            event_type: action,
            organization_id: Some(&environment.organization_id),
            data: serde_json::json!({
                "client_id": client.id,
                "environment_id": environment.id,
                "enrollment_id": environment.enrollment_id,
                "kind": environment.kind,
            }),
        },
    )
    .await?;
    Ok(())
}

/// A new secret for a `client_secret_basic` client; the old ones keep working for
/// `overlap_minutes` (0: they stop now).
pub async fn rotate_secret(
    state: &AppState,
    actor: &Actor,
    client_id: &str,
    overlap_minutes: i64,
) -> Result<Issued, AppError> {
    let user = scope::user(actor)?;
    let (environment, client) = visible_client(state, actor, client_id).await?;
    if !may_manage(user.role) {
        return Err(AppError::Forbidden);
    }
    if client.auth_method != ClientAuthMethod::ClientSecretBasic.as_str() {
        return Err(AppError::validation(vec![FieldError::new(
            "client",
            "this client signs assertions with its keys: replace its JWKS instead",
        )]));
    }
    if !(0..=60 * 24 * 30).contains(&overlap_minutes) {
        return Err(AppError::validation(vec![FieldError::new(
            "overlap_minutes",
            "from 0 to 43,200 (30 days)",
        )]));
    }
    let context = actor.audit_context();
    let mut tx = state.store.begin().await?;
    let secret = random_token(32);
    let stored = clients::add_secret(
        &mut tx,
        &client.id,
        &sha256_hex(&secret),
        &hint(&secret),
        None,
    )
    .await?;
    let until = tx.now_ms() + overlap_minutes * 60_000;
    clients::expire_other_secrets(&mut tx, &client.id, &stored.id, until).await?;
    record(
        &mut tx,
        &context,
        &environment,
        &client,
        "client.rotated",
        format!(
            "secret of `{}` rotated; the previous one works for {overlap_minutes} more minute(s)",
            client.name
        ),
    )
    .await?;
    tx.commit().await?;
    Ok(Issued {
        client,
        secret: Some(secret),
    })
}

/// Replaces a `private_key_jwt` client's JWKS (a key rotation: include the old key until the
/// client's new one is in use).
pub async fn replace_jwks(
    state: &AppState,
    actor: &Actor,
    client_id: &str,
    jwks: &str,
) -> Result<Client, AppError> {
    let user = scope::user(actor)?;
    let (environment, client) = visible_client(state, actor, client_id).await?;
    if !may_manage(user.role) {
        return Err(AppError::Forbidden);
    }
    if client.auth_method != ClientAuthMethod::PrivateKeyJwt.as_str() {
        return Err(AppError::validation(vec![FieldError::new(
            "jwks",
            "this client uses a secret: rotate the secret instead",
        )]));
    }
    check_jwks(jwks.trim())
        .map_err(|reason| AppError::validation(vec![FieldError::new("jwks", reason)]))?;
    let context = actor.audit_context();
    let mut tx = state.store.begin().await?;
    clients::set_jwks(&mut tx, &client.id, jwks.trim()).await?;
    record(
        &mut tx,
        &context,
        &environment,
        &client,
        "client.rotated",
        format!("keys of `{}` replaced", client.name),
    )
    .await?;
    tx.commit().await?;
    Ok(clients::find(state.store.pool(), &client.id).await?)
}

/// Suspends a client (its live tokens are revoked at once) or reactivates it.
pub async fn set_state(
    state: &AppState,
    actor: &Actor,
    client_id: &str,
    to: AccessState,
) -> Result<Client, AppError> {
    let user = scope::user(actor)?;
    let (environment, client) = visible_client(state, actor, client_id).await?;
    if !may_manage(user.role) {
        return Err(AppError::Forbidden);
    }
    let from = match to {
        AccessState::Active => AccessState::Suspended,
        AccessState::Suspended => AccessState::Active,
    };
    let context = actor.audit_context();
    let mut tx = state.store.begin().await?;
    clients::set_state(&mut tx, &client.id, from.as_str(), to.as_str()).await?;
    match to {
        AccessState::Suspended => {
            let revoked = tokens::revoke_all_of_client(&mut tx, &client.id).await?;
            record(
                &mut tx,
                &context,
                &environment,
                &client,
                "client.suspended",
                format!(
                    "`{}` suspended; {revoked} live token(s) revoked",
                    client.name
                ),
            )
            .await?;
        }
        AccessState::Active => {
            audit::append(
                &mut tx,
                &context,
                Change {
                    action: "client.reactivated",
                    entity_type: "client",
                    entity_id: &client.id,
                    organization_id: Some(&environment.organization_id),
                    summary: format!("`{}` reactivated", client.name),
                },
            )
            .await?;
        }
    }
    tx.commit().await?;
    Ok(clients::find(state.store.pool(), &client.id).await?)
}

/// The answer to the gate condition `sandbox.production_credentials_issued`: whether the
/// enrollment has an active production client.
pub async fn production_credentials_issued(
    conn: &mut sqlx::AnyConnection,
    enrollment_id: &str,
) -> Result<bool, AppError> {
    Ok(clients::production_client_exists(conn, enrollment_id).await?)
}
