//! Environments: a coordinator opens a sandbox for an enrollment (or it opens by itself when the
//! track's sandbox gate holds) and records the production endpoint; each pins the track's
//! packages. Who sees which environment follows its enrollment.

use onramp_core::sandbox::{AccessState, EnvironmentKind, ValidationPolicy};
use onramp_store::platform::audit::{self, AuditContext, Change};
use onramp_store::sandbox::environments::{self, Environment, NewEnvironment};
use onramp_store::tracks::definitions;
use onramp_store::tracks::enrollments::{self, Enrollment};
use onramp_store::{StoreError, Tx};

use crate::platform::outbox::{emit, Event};
use crate::registry::services::scope;
use crate::state::AppState;
use crate::tracks::services::definitions::model;
use crate::tracks::services::enrollments::{is_coordinator, visible};
use crate::web::actor::Actor;
use crate::web::error::{AppError, FieldError};

/// The package every sandbox validates against, whatever the track pins besides.
pub const CORE_PACKAGE: &str = "hl7.fhir.r4.core#4.0.1";

/// What a coordinator asks for.
#[derive(Clone, Debug, Default)]
pub struct EnvironmentInput<'a> {
    /// `sandbox` or `production`.
    pub kind: &'a str,
    pub name: &'a str,
    /// `reject` or `record` (sandboxes); empty: reject.
    pub policy: &'a str,
    /// The production endpoint's FHIR base URL (production only).
    pub production_url: &'a str,
}

/// The environment `id` if the actor may see it: staff any, partner users their own
/// organization's ("not found" otherwise).
pub async fn visible_environment(
    state: &AppState,
    actor: &Actor,
    id: &str,
) -> Result<Environment, AppError> {
    let user = scope::user(actor)?;
    let environment = match environments::find(state.store.pool(), id).await {
        Ok(environment) => environment,
        Err(StoreError::NotFound) => return Err(AppError::NotFound("environment")),
        Err(other) => return Err(other.into()),
    };
    if !user.role.is_staff()
        && user.organization_id.as_deref() != Some(&environment.organization_id)
    {
        return Err(AppError::NotFound("environment"));
    }
    Ok(environment)
}

/// The environments of a visible enrollment.
pub async fn of_enrollment(
    state: &AppState,
    actor: &Actor,
    enrollment_id: &str,
) -> Result<Vec<Environment>, AppError> {
    let enrollment = visible(state, actor, enrollment_id).await?;
    Ok(environments::of_enrollment(state.store.pool(), &enrollment.id).await?)
}

/// The packages an enrollment's environments pin: R4 core and the track's.
pub async fn pinned_packages(
    conn: &mut sqlx::AnyConnection,
    enrollment: &Enrollment,
) -> Result<Vec<String>, AppError> {
    let version = definitions::find(&mut *conn, &enrollment.track_version_id).await?;
    let track = model(&version)?;
    let mut packages = vec![CORE_PACKAGE.to_owned()];
    for package in &track.packages {
        if !packages.contains(package) {
            packages.push(package.clone());
        }
    }
    Ok(packages)
}

/// Opens an environment for a visible enrollment (coordinators and program admins).
pub async fn open(
    state: &AppState,
    actor: &Actor,
    enrollment_id: &str,
    input: &EnvironmentInput<'_>,
) -> Result<Environment, AppError> {
    let user = scope::user(actor)?;
    let enrollment = visible(state, actor, enrollment_id).await?;
    if !is_coordinator(user.role) {
        return Err(AppError::Forbidden);
    }
    let mut fields = Vec::new();
    let kind = input
        .kind
        .trim()
        .parse::<EnvironmentKind>()
        .unwrap_or_else(|error| {
            fields.push(FieldError::new("kind", error.to_string()));
            EnvironmentKind::Sandbox
        });
    let policy = match input.policy.trim() {
        "" => ValidationPolicy::Reject,
        text => text.parse::<ValidationPolicy>().unwrap_or_else(|error| {
            fields.push(FieldError::new("policy", error.to_string()));
            ValidationPolicy::Reject
        }),
    };
    let name = input.name.trim();
    if name.chars().count() > 120 {
        fields.push(FieldError::new("name", "at most 120 characters"));
    }
    let production_url = input.production_url.trim();
    let production_url = match kind {
        EnvironmentKind::Production => match url::Url::parse(production_url) {
            Ok(url) if url.scheme() == "https" || url.scheme() == "http" => Some(production_url),
            _ => {
                fields.push(FieldError::new(
                    "production_url",
                    "the production FHIR base URL, such as https://fhir.example.org/r4",
                ));
                None
            }
        },
        EnvironmentKind::Sandbox => None,
    };
    if !fields.is_empty() {
        return Err(AppError::validation(fields));
    }
    let name = if name.is_empty() {
        kind.label().to_owned()
    } else {
        name.to_owned()
    };
    let context = actor.audit_context();
    let mut tx = state.store.begin().await?;
    let environment = insert(
        &mut tx,
        &context,
        &enrollment,
        kind,
        &name,
        policy,
        production_url,
        Some(&user.id),
    )
    .await?;
    tx.commit().await?;
    Ok(environment)
}

/// Inserts an environment with its audit event and `environment.created`.
#[allow(clippy::too_many_arguments)]
pub async fn insert(
    tx: &mut Tx,
    context: &AuditContext,
    enrollment: &Enrollment,
    kind: EnvironmentKind,
    name: &str,
    policy: ValidationPolicy,
    production_url: Option<&str>,
    created_by: Option<&str>,
) -> Result<Environment, AppError> {
    let packages = pinned_packages(tx.conn(), enrollment).await?;
    let environment = environments::insert(
        tx,
        NewEnvironment {
            enrollment_id: &enrollment.id,
            organization_id: &enrollment.organization_id,
            kind: kind.as_str(),
            name,
            packages: &packages,
            policy: policy.as_str(),
            production_url,
            created_by,
        },
    )
    .await?;
    audit::append(
        tx,
        context,
        Change {
            action: "environment.created",
            entity_type: "environment",
            entity_id: &environment.id,
            organization_id: Some(&enrollment.organization_id),
            summary: format!(
                "{} `{name}` opened for the enrollment in {} (packages {})",
                kind.label(),
                enrollment.track_key,
                packages.join(", ")
            ),
        },
    )
    .await?;
    let now = tx.now_ms();
    emit(
        tx,
        now,
        Event {
            event_type: "environment.created",
            organization_id: Some(&enrollment.organization_id),
            data: serde_json::json!({
                "environment_id": environment.id,
                "enrollment_id": enrollment.id,
                "kind": kind.as_str(),
                "packages": packages,
            }),
        },
    )
    .await?;
    Ok(environment)
}

/// Opens the enrollment's sandbox by itself, when none exists yet: called in the transaction
/// that passed the gate its track names as `sandbox_gate`.
pub async fn open_when_gate_holds(
    tx: &mut Tx,
    context: &AuditContext,
    enrollment_id: &str,
) -> Result<Option<Environment>, AppError> {
    let enrollment = enrollments::find(tx.conn(), enrollment_id).await?;
    let existing = environments::of_enrollment(tx.conn(), enrollment_id).await?;
    if existing
        .iter()
        .any(|environment| environment.kind == EnvironmentKind::Sandbox.as_str())
    {
        return Ok(None);
    }
    let environment = insert(
        tx,
        context,
        &enrollment,
        EnvironmentKind::Sandbox,
        "Sandbox",
        ValidationPolicy::Reject,
        None,
        None,
    )
    .await?;
    Ok(Some(environment))
}

/// Suspends or reactivates an environment (coordinators and program admins).
pub async fn set_state(
    state: &AppState,
    actor: &Actor,
    id: &str,
    to: AccessState,
) -> Result<Environment, AppError> {
    let user = scope::user(actor)?;
    let environment = visible_environment(state, actor, id).await?;
    if !is_coordinator(user.role) {
        return Err(AppError::Forbidden);
    }
    let from = match to {
        AccessState::Active => AccessState::Suspended,
        AccessState::Suspended => AccessState::Active,
    };
    let context = actor.audit_context();
    let mut tx = state.store.begin().await?;
    environments::set_state(&mut tx, id, from.as_str(), to.as_str()).await?;
    audit::append(
        &mut tx,
        &context,
        Change {
            action: match to {
                AccessState::Active => "environment.reactivated",
                AccessState::Suspended => "environment.suspended",
            },
            entity_type: "environment",
            entity_id: id,
            organization_id: Some(&environment.organization_id),
            summary: format!(
                "{} `{}` {}",
                environment.kind,
                environment.name,
                to.label().to_lowercase()
            ),
        },
    )
    .await?;
    tx.commit().await?;
    Ok(environments::find(state.store.pool(), id).await?)
}
