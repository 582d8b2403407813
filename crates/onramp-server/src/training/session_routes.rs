//! The live sessions' rows of the route table: every signed-in person sees the sessions and
//! downloads their calendar files; trainers and program admins create and cancel sessions and
//! take attendance; partner people (any partner role) register themselves.

use axum::http::Method;

use crate::routes::{route, RouteKind, RouteSpec, PARTNERS};
use crate::training::services::sessions::TRAINERS;
use crate::web::access::Access;

pub fn routes() -> Vec<RouteSpec> {
    use crate::training::api::sessions as api;
    use crate::training::pages::sessions as pages;
    use Access::*;
    use RouteKind::*;
    let (get, post, delete) = (|| Method::GET, || Method::POST, || Method::DELETE);
    vec![
        // Pages.
        route(get(), "/training/sessions", Page, SignedIn, pages::list),
        route(
            post(),
            "/training/sessions",
            Page,
            Roles(TRAINERS),
            pages::create,
        ),
        route(
            get(),
            "/training/sessions/{id}",
            Page,
            SignedIn,
            pages::show,
        ),
        route(
            post(),
            "/training/sessions/{id}/register",
            Page,
            Roles(PARTNERS),
            pages::register,
        ),
        route(
            post(),
            "/training/sessions/{id}/unregister",
            Page,
            Roles(PARTNERS),
            pages::unregister,
        ),
        route(
            post(),
            "/training/sessions/{id}/attendance",
            Page,
            Roles(TRAINERS),
            pages::attendance,
        ),
        route(
            post(),
            "/training/sessions/{id}/cancel",
            Page,
            Roles(TRAINERS),
            pages::cancel,
        ),
        route(
            get(),
            "/training/sessions/{id}/calendar.ics",
            Page,
            SignedIn,
            pages::calendar,
        ),
        // API.
        route(get(), "/api/v1/training/sessions", Api, SignedIn, api::list),
        route(
            post(),
            "/api/v1/training/sessions",
            Api,
            Roles(TRAINERS),
            api::create,
        ),
        route(
            get(),
            "/api/v1/training/sessions/{id}",
            Api,
            SignedIn,
            api::get,
        ),
        route(
            post(),
            "/api/v1/training/sessions/{id}/registrations",
            Api,
            Roles(PARTNERS),
            api::register,
        ),
        route(
            delete(),
            "/api/v1/training/sessions/{id}/registrations",
            Api,
            Roles(PARTNERS),
            api::unregister,
        ),
        route(
            post(),
            "/api/v1/training/sessions/{id}/attendance",
            Api,
            Roles(TRAINERS),
            api::attendance,
        ),
        route(
            post(),
            "/api/v1/training/sessions/{id}/cancel",
            Api,
            Roles(TRAINERS),
            api::cancel,
        ),
    ]
}
