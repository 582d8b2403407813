//! The accounts part of `/api/v1`: the caller ([`me`]) and personal API tokens ([`tokens`]).

pub mod me;
pub mod tokens;

/// The accounts part of the OpenAPI document: its `/api/v1` operations and tags
/// (`crate::web::openapi` merges every feature's part).
#[derive(utoipa::OpenApi)]
#[openapi(
    paths(
        crate::accounts::api::me::get_me,
        crate::accounts::api::tokens::list,
        crate::accounts::api::tokens::create,
        crate::accounts::api::tokens::revoke,
    ),
    tags(
        (name = "account", description = "The caller"),
        (name = "tokens", description = "Personal API tokens (staff)"),
    )
)]
pub struct ApiDoc;
