//! `/api/v1` for the partner registry: applying, activating accounts, and organizations (staff
//! lists, scoped reads with the tier checklist). Reviewers' decisions and evidence are in
//! [`super::review`].

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::Json;
use onramp_core::registry::tier::{checklist, compute_tier};
use onramp_store::registry::{ListFilter, Profile};
use serde::{Deserialize, Serialize};

use crate::registry::services::{apply, listing, scope, tiers};
use crate::state::AppState;
use crate::web::actor::{Actor, CurrentUser};
use crate::web::error::{ApiResult, AppError, Problem};
use crate::web::extract::ApiJson;
use crate::web::openapi::problem;
use crate::web::paging::decode_cursor;

pub(crate) fn rfc3339(ms: i64) -> String {
    jiff::Timestamp::from_millisecond(ms)
        .map(|timestamp| timestamp.to_string())
        .unwrap_or_default()
}

#[derive(Debug, Deserialize, utoipa::ToSchema)]
pub struct IdentifierInput {
    /// NPI, TIN, CLIA, OID, …
    pub system: String,
    pub value: String,
}

/// An application to join the exchange.
#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ApplicationBody {
    pub legal_name: String,
    /// healthcare_organization, technology_vendor, integrator, regulator, ecosystem_partner, government_agency
    pub category: String,
    /// academic_medical_center, health_system, community_hospital, physician_practice, specialty_clinic, laboratory, public_health_department, hie, ehr_vendor, other
    pub org_type: String,
    /// 1-50, 51-500, 501-5000, 5000+
    pub size_band: String,
    /// ISO 3166-1 alpha-2
    pub country: String,
    #[serde(default)]
    pub region: String,
    pub web_domain: String,
    #[serde(default)]
    pub identifiers: Vec<IdentifierInput>,
    pub use_case: String,
    pub timeline: String,
    pub contact_name: String,
    pub contact_email: String,
    #[serde(default)]
    pub directory_opt_in: bool,
}

/// What an applicant is told. It is the same for every contact address — whether it is new or
/// already has an account (whose owner is mailed instead) — so it carries no organization id.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct AppliedView {
    /// Always `received`: program staff review the application once the address is confirmed.
    pub state: String,
    /// The confirmation link went to this address.
    pub contact_email: String,
}

/// Apply to join the exchange
///
/// A confirmation link goes to the contact address; program staff review the application once
/// the address is confirmed. The answer is the same whether or not the address already has an
/// account.
#[utoipa::path(
    post, path = "/api/v1/registrations", tag = "registry", operation_id = "applyForMembership",
    request_body = ApplicationBody,
    responses(
        (status = 202, description = "Received; a confirmation link (or, for an address that has an account, a notice) was emailed", body = AppliedView),
        problem::Malformed,
        problem::Forbidden,
        problem::TooLarge,
        (status = 422, description = "Invalid values, per field", body = Problem, content_type = "application/problem+json"),
        (status = 429, description = "Too many applications from this client or for this address", body = Problem, content_type = "application/problem+json",
            headers(("Retry-After" = u64, description = "Seconds to wait"))),
    )
)]
pub async fn register(
    State(state): State<AppState>,
    actor: Actor,
    ApiJson(body): ApiJson<ApplicationBody>,
) -> ApiResult<(StatusCode, Json<AppliedView>)> {
    let input = apply::ApplicationInput {
        legal_name: body.legal_name,
        category: body.category,
        org_type: body.org_type,
        size_band: body.size_band,
        country: body.country,
        region: body.region,
        web_domain: body.web_domain,
        identifiers: body
            .identifiers
            .into_iter()
            .map(|identifier| (identifier.system, identifier.value))
            .collect(),
        use_case: body.use_case,
        timeline: body.timeline,
        contact_name: body.contact_name,
        contact_email: body.contact_email,
        directory_opt_in: body.directory_opt_in,
    };
    let received = apply::apply(&state, &actor, &input).await?;
    Ok((
        StatusCode::ACCEPTED,
        Json(AppliedView {
            state: "received".to_owned(),
            contact_email: received.contact_email,
        }),
    ))
}

#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ActivationBody {
    /// The token from the emailed link.
    pub token: String,
    pub name: String,
    pub password: String,
}

/// Activate an account from its emailed link
///
/// Confirms the email address and sets the name and password of an applicant or an invited
/// member; they sign in afterwards.
#[utoipa::path(
    post, path = "/api/v1/activations", tag = "registry", operation_id = "activateAccount",
    request_body = ActivationBody,
    responses(
        (status = 204, description = "Email confirmed and password set; sign in"),
        problem::Malformed,
        problem::Forbidden,
        problem::TooLarge,
        (status = 422, description = "Unknown, used or expired link, or invalid values", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn activate(
    State(state): State<AppState>,
    actor: Actor,
    ApiJson(body): ApiJson<ActivationBody>,
) -> ApiResult<StatusCode> {
    apply::activate(&state, &actor, &body.token, &body.name, &body.password).await?;
    Ok(StatusCode::NO_CONTENT)
}

#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct ChecklistItemView {
    pub tier: String,
    pub key: String,
    pub label: String,
    pub met: bool,
}

#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct OrganizationView {
    pub id: String,
    pub legal_name: String,
    pub state: String,
    pub tier: String,
    pub category: Option<String>,
    pub org_type: Option<String>,
    pub size_band: Option<String>,
    pub country: Option<String>,
    pub region: Option<String>,
    pub web_domain: Option<String>,
    pub contact_email: Option<String>,
    pub directory_opt_in: bool,
    /// Publish `onramp-verification=<dns_token>` as a TXT record on the web domain.
    pub dns_token: Option<String>,
    pub created_at: String,
    /// Capabilities the current tier unlocks.
    #[schema(value_type = Vec<String>)]
    pub capabilities: Vec<&'static str>,
    /// Every tier condition, met or not (present on single-organization reads).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub checklist: Vec<ChecklistItemView>,
}

pub(crate) fn organization_view(profile: Profile) -> OrganizationView {
    OrganizationView {
        capabilities: profile
            .tier
            .capabilities()
            .into_iter()
            .map(|capability| capability.as_str())
            .collect(),
        id: profile.id,
        legal_name: profile.name,
        state: profile.state.as_str().to_owned(),
        tier: profile.tier.as_str().to_owned(),
        category: profile.category,
        org_type: profile.org_type,
        size_band: profile.size_band,
        country: profile.country,
        region: profile.region,
        web_domain: profile.web_domain,
        contact_email: profile.contact_email,
        directory_opt_in: profile.directory_opt_in,
        dns_token: profile.dns_token,
        created_at: rfc3339(profile.created_at),
        checklist: Vec::new(),
    }
}

/// Filters of the organization list.
#[derive(Debug, Default, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct OrganizationQuery {
    /// applied, under_review, active, suspended, retired; absent or empty: all.
    pub state: Option<String>,
    /// healthcare_organization, technology_vendor, …; absent or empty: all.
    pub category: Option<String>,
    /// ISO 3166-1 alpha-2, any case; absent or empty: all.
    pub country: Option<String>,
    /// public, registered, collaborative; absent or empty: all.
    pub tier: Option<String>,
    /// 1-based page of the staff list (default 1).
    pub page: Option<i64>,
    /// Rows per page (default 50, at most 500).
    pub per_page: Option<i64>,
    /// Continue after the last row of a previous page: the cursor of its `Link: rel="next"`
    /// header (instead of `page`; it does not skip rows when organizations are added meanwhile).
    pub cursor: Option<String>,
}

impl OrganizationQuery {
    /// Which page: after the cursor when one is given, else the page number.
    pub fn at(&self) -> Result<listing::At, AppError> {
        let Some(cursor) = self.cursor.as_deref().filter(|c| !c.trim().is_empty()) else {
            return Ok(listing::At::Page(self.page));
        };
        let mut fields = Vec::new();
        match decode_cursor(super::listing::CURSOR_LIST, cursor, &mut fields) {
            Some(key) => Ok(listing::At::After(key)),
            None => Err(AppError::validation(fields)),
        }
    }

    /// The query string of the next page: the same filters and size, and the cursor.
    pub fn next_query(&self, cursor: &str, per_page: i64) -> String {
        let mut pairs: Vec<(&str, String)> = [
            ("state", &self.state),
            ("category", &self.category),
            ("country", &self.country),
            ("tier", &self.tier),
        ]
        .into_iter()
        .filter_map(|(name, value)| {
            value
                .as_ref()
                .filter(|text| !text.trim().is_empty())
                .map(|text| (name, text.clone()))
        })
        .collect();
        pairs.push(("per_page", per_page.to_string()));
        pairs.push(("cursor", cursor.to_owned()));
        serde_urlencoded::to_string(pairs).unwrap_or_default()
    }

    pub fn filter(&self) -> ListFilter {
        let keep = |value: &Option<String>| value.clone().filter(|text| !text.trim().is_empty());
        ListFilter {
            state: keep(&self.state),
            category: keep(&self.category),
            country: keep(&self.country).map(|country| country.to_ascii_uppercase()),
            tier: keep(&self.tier),
            directory_only: false,
        }
    }
}

/// Get an organization with its tier checklist
#[utoipa::path(
    get, path = "/api/v1/organizations/{id}", tag = "registry", operation_id = "getOrganization",
    params(("id" = String, Path, description = "The organization's id")),
    responses(
        (status = 200, description = "The organization with its tier checklist", body = OrganizationView),
        problem::Unauthenticated,
        problem::Forbidden,
        (status = 404, description = "No such organization, or not yours", body = Problem, content_type = "application/problem+json"),
        problem::Invalid,
    ),
    security(("bearer" = []), ("session" = []))
)]
pub async fn get(
    State(state): State<AppState>,
    CurrentUser(_, actor): CurrentUser,
    Path(organization_id): Path<String>,
) -> ApiResult<Json<OrganizationView>> {
    let profile = scope::visible_organization(&state, &actor, &organization_id).await?;
    let mut conn = state
        .store
        .pool()
        .acquire()
        .await
        .map_err(onramp_store::StoreError::from)?;
    let conditions = tiers::conditions(&mut conn, &profile, state.clock.now_ms()).await?;
    let computed = compute_tier(&conditions);
    let mut view = organization_view(profile);
    view.tier = computed.as_str().to_owned();
    view.checklist = checklist(&conditions)
        .into_iter()
        .map(|item| ChecklistItemView {
            tier: item.tier.as_str().to_owned(),
            key: item.key.to_owned(),
            label: item.label.to_owned(),
            met: item.met,
        })
        .collect();
    Ok(Json(view))
}
