//! Lists of organizations: the reviewers' paged, filtered list and its CSV export, the public
//! directory (active partners who opted in), a partner admin's directory opt-in, and an
//! organization's agreement status (what it signed, what it still must).

use axum::body::Bytes;
use futures_util::Stream;
use onramp_core::registry::agreement::AgreementKind;
use onramp_core::registry::partner::{Category, OrganizationType, SizeBand};
use onramp_core::vocabulary::label_of;
use onramp_store::paging::{next_key, TimeKey, Total};
use onramp_store::platform::audit::{self, Change};
use onramp_store::registry::agreements::{self as stored_agreements, Signature, Template};
use onramp_store::registry::{self, ListFilter, Profile};
use onramp_store::StoreError;

use super::{scope, tiers};
use crate::state::AppState;
use crate::web::actor::Actor;
use crate::web::error::AppError;

/// Rows per page unless the caller asks for another size (at most [`MAX_PER_PAGE`]).
pub const PER_PAGE: i64 = 50;
pub const MAX_PER_PAGE: i64 = 500;

/// One page of the reviewers' list.
#[derive(Clone, Debug)]
pub struct OrganizationPage {
    pub organizations: Vec<Profile>,
    /// Matching organizations on all pages, counted up to the cap.
    pub total: Total,
    /// 1-based (1 for a page reached by cursor).
    pub page: i64,
    pub per_page: i64,
    /// The key after this page's last row, when the page is full (the `next` cursor).
    pub next: Option<TimeKey>,
}

impl OrganizationPage {
    pub fn n_pages(&self) -> i64 {
        self.total.pages(self.per_page)
    }
}

/// Which page of the reviewers' list: a page number (out-of-range values are clamped) or the
/// continuation after a cursor's key.
#[derive(Clone, Debug)]
pub enum At {
    Page(Option<i64>),
    After(TimeKey),
}

/// A page of the organizations matching `filter`: by number, served by choosing the page's ids
/// along the index, or after a key, served by seeking along it.
pub async fn organizations(
    state: &AppState,
    actor: &Actor,
    filter: &ListFilter,
    at: At,
    per_page: Option<i64>,
) -> Result<OrganizationPage, AppError> {
    scope::reviewer(actor)?;
    let per_page = per_page.unwrap_or(PER_PAGE).clamp(1, MAX_PER_PAGE);
    let pool = state.store.pool();
    let total = registry::count_capped(pool, filter).await?;
    let (page, organizations) = match at {
        At::Page(page) => {
            let page = page.unwrap_or(1).max(1);
            let offset = (page - 1).saturating_mul(per_page);
            (
                page,
                registry::list_page(pool, filter, per_page, offset).await?,
            )
        }
        At::After(key) => (
            1,
            registry::page(pool, filter, Some(&key), per_page)
                .await?
                .rows,
        ),
    };
    let next = next_key(&organizations, per_page, registry::key_of);
    Ok(OrganizationPage {
        organizations,
        total,
        page,
        per_page,
        next,
    })
}

fn rfc3339(ms: i64) -> String {
    jiff::Timestamp::from_millisecond(ms)
        .map(|timestamp| timestamp.to_string())
        .unwrap_or_default()
}

/// Rows read per query while an export streams.
const EXPORT_BATCH: i64 = 500;

/// Every organization matching `filter` as CSV (a header row, then one row each), as a stream of
/// chunks: one keyset query per batch of [`EXPORT_BATCH`], so memory stays flat and the first
/// bytes leave before the last rows are read.
pub fn csv(
    state: &AppState,
    actor: &Actor,
    filter: &ListFilter,
) -> Result<impl Stream<Item = Result<Bytes, StoreError>> + Send + 'static, AppError> {
    scope::reviewer(actor)?;
    struct Export {
        state: AppState,
        filter: ListFilter,
        after: Option<TimeKey>,
        header_pending: bool,
        done: bool,
    }
    let export = Export {
        state: state.clone(),
        filter: filter.clone(),
        after: None,
        header_pending: true,
        done: false,
    };
    Ok(futures_util::stream::unfold(
        export,
        |mut export| async move {
            if export.done {
                return None;
            }
            let mut chunk = String::new();
            if export.header_pending {
                export.header_pending = false;
                // A spreadsheet is read by people: headers and values in words (the JSON API carries
                // the stored names).
                chunk.push_str(&crate::web::csv::row(&CSV_HEADERS));
            }
            let batch = registry::page(
                export.state.store.pool(),
                &export.filter,
                export.after.as_ref(),
                EXPORT_BATCH,
            )
            .await;
            match batch {
                Ok(page) => {
                    for organization in &page.rows {
                        chunk.push_str(&csv_row(&export.state, organization));
                    }
                    export.done = page.next.is_none();
                    export.after = page.next;
                    Some((Ok(Bytes::from(chunk)), export))
                }
                Err(error) => {
                    tracing::error!(%error, "the organization export stopped");
                    export.done = true;
                    Some((Err(error), export))
                }
            }
        },
    ))
}

const CSV_HEADERS: [&str; 12] = [
    "Id",
    "Legal name",
    "State",
    "Tier",
    "Category",
    "Type",
    "Size",
    "Country",
    "Region",
    "Web domain",
    "Contact email",
    "Applied at",
];

fn csv_row(state: &AppState, organization: &Profile) -> String {
    let cells = [
        organization.id.clone(),
        organization.name.clone(),
        organization.state.label().to_owned(),
        state.config.tier_name(organization.tier).to_owned(),
        label_of::<Category>(organization.category.as_deref().unwrap_or("")).to_owned(),
        label_of::<OrganizationType>(organization.org_type.as_deref().unwrap_or("")).to_owned(),
        label_of::<SizeBand>(organization.size_band.as_deref().unwrap_or("")).to_owned(),
        organization.country.clone().unwrap_or_default(),
        organization.region.clone().unwrap_or_default(),
        organization.web_domain.clone().unwrap_or_default(),
        organization.contact_email.clone().unwrap_or_default(),
        rfc3339(organization.created_at),
    ];
    crate::web::csv::row(&cells)
}

/// The public directory: active organizations that opted in, newest first.
pub async fn directory(state: &AppState) -> Result<Vec<Profile>, AppError> {
    Ok(registry::list(
        state.store.pool(),
        &ListFilter {
            state: Some("active".to_owned()),
            directory_only: true,
            ..ListFilter::default()
        },
        1000,
    )
    .await?)
}

/// A partner admin opts their own organization into the public directory, or out of it.
/// Another organization's id is "not found".
pub async fn set_directory_opt_in(
    state: &AppState,
    actor: &Actor,
    organization_id: &str,
    opt_in: bool,
) -> Result<Profile, AppError> {
    let (_, own) = scope::own_organization_admin(actor)?;
    if own != organization_id {
        return Err(AppError::NotFound("organization"));
    }
    let (_, profile) = scope::own_organization_admin_open(state, actor).await?;
    let context = actor.audit_context();
    let mut tx = state.store.begin().await?;
    registry::set_directory_opt_in(&mut tx, &profile.id, opt_in).await?;
    audit::append(
        &mut tx,
        &context,
        Change {
            action: if opt_in {
                "organization.directory_opted_in"
            } else {
                "organization.directory_opted_out"
            },
            entity_type: "organization",
            entity_id: &profile.id,
            organization_id: Some(&profile.id),
            summary: format!(
                "{} {} the public directory",
                profile.name,
                if opt_in { "joined" } else { "left" }
            ),
        },
    )
    .await?;
    tx.commit().await?;
    Ok(registry::find(state.store.pool(), &profile.id).await?)
}

/// Where one organization stands with one published agreement.
#[derive(Clone, Debug)]
pub struct AgreementStatus {
    pub template: Template,
    /// Its latest signature of this kind, of any version.
    pub signature: Option<Signature>,
    /// Whether that signature counts now (this version, or an older one within the re-sign window).
    pub current: bool,
}

/// Per published agreement: what the organization signed and whether it still must sign.
pub async fn agreement_status(
    state: &AppState,
    actor: &Actor,
    organization_id: &str,
) -> Result<Vec<AgreementStatus>, AppError> {
    let profile = scope::visible_organization(state, actor, organization_id).await?;
    let pool = state.store.pool();
    let signatures = stored_agreements::signatures_of(pool, &profile.id).await?;
    let mut conn = pool.acquire().await.map_err(StoreError::from)?;
    let now = state.clock.now_ms();
    let mut out = Vec::new();
    for template in stored_agreements::list(&mut *conn).await? {
        if template.state != "published" {
            continue;
        }
        let Ok(kind) = template.kind.parse::<AgreementKind>() else {
            continue;
        };
        let current = tiers::holds_current_signature(&mut conn, &profile.id, kind, now).await?;
        let signature = signatures
            .iter()
            .filter(|signature| signature.kind == template.kind)
            .max_by_key(|signature| (signature.version, signature.signed_at))
            .cloned();
        out.push(AgreementStatus {
            template,
            signature,
            current,
        });
    }
    Ok(out)
}
