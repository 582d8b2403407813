//! The registry part of `/api/v1`: applying and activating ([`registry`]), lists, the directory
//! and agreement status ([`listing`]), reviewers' decisions, evidence and documents ([`review`]),
//! agreements and signatures ([`agreements`]), and a partner's people ([`members`]).

pub mod agreements;
pub mod listing;
pub mod members;
pub mod registry;
pub mod review;

/// The registry part of the OpenAPI document: its `/api/v1` operations and tags
/// (`crate::web::openapi` merges every feature's part).
#[derive(utoipa::OpenApi)]
#[openapi(
    paths(
        crate::registry::api::registry::register,
        crate::registry::api::registry::activate,
        crate::registry::api::listing::list,
        crate::registry::api::listing::export_csv,
        crate::registry::api::listing::directory,
        crate::registry::api::listing::set_directory_opt_in,
        crate::registry::api::listing::agreement_status,
        crate::registry::api::registry::get,
        crate::registry::api::review::transition,
        crate::registry::api::review::evidence,
        crate::registry::api::review::collaboration,
        crate::registry::api::review::documents,
        crate::registry::api::review::upload_document,
        crate::registry::api::agreements::list,
        crate::registry::api::agreements::create,
        crate::registry::api::agreements::publish,
        crate::registry::api::agreements::sign,
        crate::registry::api::agreements::signature,
        crate::registry::api::agreements::retire,
        crate::registry::api::members::members,
        crate::registry::api::members::invite,
        crate::registry::api::members::set_role,
        crate::registry::api::members::deactivate,
    ),
    tags(
        (name = "registry", description = "Partner registration, verification, lifecycle and tiers"),
        (name = "review", description = "Reviewers' decisions, evidence and documents for one organization"),
        (name = "agreements", description = "Agreement templates and signatures"),
        (name = "members", description = "A partner organization's own people (partner admins)"),
    )
)]
pub struct ApiDoc;
