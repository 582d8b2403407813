//! The sandbox part of `/api/v1`: environments of an enrollment, their clients (registered,
//! rotated, suspended), and the message log with its NDJSON download.

pub mod environments;

/// The sandbox part of the OpenAPI document.
#[derive(utoipa::OpenApi)]
#[openapi(
    paths(
        crate::sandbox::api::environments::list,
        crate::sandbox::api::environments::open,
        crate::sandbox::api::environments::get,
        crate::sandbox::api::environments::set_state,
        crate::sandbox::api::environments::list_clients,
        crate::sandbox::api::environments::create_client,
        crate::sandbox::api::environments::rotate_client,
        crate::sandbox::api::environments::replace_keys,
        crate::sandbox::api::environments::set_client_state,
        crate::sandbox::api::environments::messages,
        crate::sandbox::api::environments::seed,
    ),
    tags(
        (name = "environments", description = "Sandboxes and production endpoints of enrollments, their machine clients and message logs"),
    )
)]
pub struct ApiDoc;
