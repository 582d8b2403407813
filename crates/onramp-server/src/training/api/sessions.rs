//! `/api/v1/training/sessions`: live sessions listed and created, one read (with its registrants
//! for staff), registration of the caller themselves, attendance, and cancellation.

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::Json;
use jiff::tz::TimeZone;
use onramp_store::training::sessions::{Registrant, Session};
use serde::{Deserialize, Serialize};

use crate::state::AppState;
use crate::training::services::sessions::{self, Mark, SessionInput};
use crate::web::actor::CurrentUser;
use crate::web::error::{ApiResult, AppError, FieldError};
use crate::web::extract::{ApiJson, ApiQuery};
use crate::web::openapi::problem;

#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct SessionView {
    pub id: String,
    /// `workshop`, `webinar` or `office_hours`.
    pub kind: String,
    pub title: String,
    pub description: String,
    /// A room, or the link to join.
    pub location: String,
    /// Milliseconds since the epoch (UTC).
    pub starts_at: i64,
    pub ends_at: i64,
    pub capacity: i64,
    /// How many people are registered.
    pub registered: i64,
    pub seats_left: i64,
    pub cancelled_at: Option<i64>,
    /// With `module_key`: attending completes this module of this course.
    pub course_key: Option<String>,
    pub module_key: Option<String>,
    pub trainer_name: Option<String>,
    /// The session as an iCalendar file (for a signed-in browser).
    pub calendar_url: String,
    /// The caller's own registration, if they are registered.
    pub registration: Option<RegistrationView>,
    /// Everyone registered: for staff, and only when one session is read.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub registrants: Option<Vec<RegistrantView>>,
}

/// One's own registration.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct RegistrationView {
    pub session_id: String,
    pub user_id: String,
    pub organization_id: String,
    pub registered_at: i64,
    /// None until the trainer takes attendance.
    pub attended: Option<bool>,
}

/// A registered person, as staff see them.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct RegistrantView {
    pub user_id: String,
    pub name: String,
    pub email: String,
    pub organization_id: String,
    pub organization: String,
    pub registered_at: i64,
    /// None until the trainer takes attendance.
    pub attended: Option<bool>,
    pub marked_at: Option<i64>,
}

fn session_view(
    state: &AppState,
    session: &Session,
    registration: Option<RegistrationView>,
) -> SessionView {
    SessionView {
        id: session.id.clone(),
        kind: session.kind.clone(),
        title: session.title.clone(),
        description: session.description.clone(),
        location: session.location.clone(),
        starts_at: session.starts_at,
        ends_at: session.ends_at,
        capacity: session.capacity,
        registered: session.registered,
        seats_left: session.seats_left(),
        cancelled_at: session.cancelled_at,
        course_key: session.course_key.clone(),
        module_key: session.module_key.clone(),
        trainer_name: session.trainer_name.clone(),
        calendar_url: format!(
            "{}/training/sessions/{}/calendar.ics",
            state.config.public_base_url.trim_end_matches('/'),
            session.id
        ),
        registration,
        registrants: None,
    }
}

fn registration_view(registrant: &Registrant) -> RegistrationView {
    RegistrationView {
        session_id: registrant.session_id.clone(),
        user_id: registrant.user_id.clone(),
        organization_id: registrant.organization_id.clone(),
        registered_at: registrant.registered_at,
        attended: registrant.attended,
    }
}

fn registrant_view(registrant: &Registrant) -> RegistrantView {
    RegistrantView {
        user_id: registrant.user_id.clone(),
        name: registrant.user_name.clone(),
        email: registrant.user_email.clone(),
        organization_id: registrant.organization_id.clone(),
        organization: registrant.organization_name.clone(),
        registered_at: registrant.registered_at,
        attended: registrant.attended,
        marked_at: registrant.marked_at,
    }
}

#[derive(Debug, Default, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct SessionsQuery {
    /// `upcoming` (not over yet, soonest first; the default) or `past` (most recent first).
    pub when: Option<String>,
}

/// Lists live training sessions, upcoming or past.
#[utoipa::path(
    get, path = "/api/v1/training/sessions", tag = "training", operation_id = "listTrainingSessions",
    params(SessionsQuery),
    responses(
        (status = 200, description = "Sessions, with the caller's own registration in each", body = [SessionView]),
        problem::Malformed, problem::Unauthenticated, problem::Invalid,
    ),
    security(("bearer" = []), ("session" = []))
)]
pub async fn list(
    State(state): State<AppState>,
    CurrentUser(user, actor): CurrentUser,
    ApiQuery(query): ApiQuery<SessionsQuery>,
) -> ApiResult<Json<Vec<SessionView>>> {
    let past = match query.when.as_deref().map(str::trim) {
        None | Some("") | Some("upcoming") => false,
        Some("past") => true,
        Some(_) => {
            return Err(
                AppError::validation(vec![FieldError::new("when", "`upcoming` or `past`")]).into(),
            )
        }
    };
    let listing = sessions::list(&state, &actor).await?;
    let chosen = if past {
        &listing.past
    } else {
        &listing.upcoming
    };
    Ok(Json(
        chosen
            .iter()
            .map(|session| {
                let registration = listing
                    .registration(&session.id)
                    .map(|mine| RegistrationView {
                        session_id: session.id.clone(),
                        user_id: user.id.clone(),
                        organization_id: mine.organization_id.clone(),
                        registered_at: mine.registered_at,
                        attended: mine.attended,
                    });
                session_view(&state, session, registration)
            })
            .collect(),
    ))
}

#[derive(Debug, Deserialize, utoipa::ToSchema)]
pub struct SessionBody {
    /// `workshop`, `webinar` or `office_hours`.
    pub kind: String,
    pub title: String,
    pub description: Option<String>,
    /// A room, or the link to join.
    pub location: Option<String>,
    /// RFC 3339 (`2027-01-04T14:00:00Z`); a time without an offset is read in UTC. After now.
    pub starts_at: String,
    /// After `starts_at`.
    pub ends_at: String,
    /// How many people it seats, 1 to 10000.
    pub capacity: i64,
    /// With `module_key`: attending completes this module of this course.
    pub course_key: Option<String>,
    pub module_key: Option<String>,
}

/// Creates a live training session, led by the caller.
#[utoipa::path(
    post, path = "/api/v1/training/sessions", tag = "training", operation_id = "createTrainingSession",
    request_body = SessionBody,
    responses(
        (status = 201, description = "Created", body = SessionView),
        problem::Malformed, problem::TooLarge, problem::Unauthenticated, problem::Forbidden, problem::Invalid,
    ),
    security(("bearer" = []), ("session" = []))
)]
pub async fn create(
    State(state): State<AppState>,
    CurrentUser(_, actor): CurrentUser,
    ApiJson(body): ApiJson<SessionBody>,
) -> ApiResult<(StatusCode, Json<SessionView>)> {
    let session = sessions::create(
        &state,
        &actor,
        &SessionInput {
            kind: &body.kind,
            title: &body.title,
            description: body.description.as_deref().unwrap_or_default(),
            location: body.location.as_deref().unwrap_or_default(),
            starts_at: &body.starts_at,
            ends_at: &body.ends_at,
            capacity: Some(body.capacity),
            course_key: body.course_key.as_deref().unwrap_or_default(),
            module_key: body.module_key.as_deref().unwrap_or_default(),
            zone: &TimeZone::UTC,
        },
    )
    .await?;
    Ok((
        StatusCode::CREATED,
        Json(session_view(&state, &session, None)),
    ))
}

/// Reads a live training session (with everyone registered, for staff).
#[utoipa::path(
    get, path = "/api/v1/training/sessions/{id}", tag = "training", operation_id = "getTrainingSession",
    params(("id" = String, Path, description = "The session's id")),
    responses(
        (status = 200, description = "The session", body = SessionView),
        problem::Unauthenticated, problem::NotFound, problem::Invalid,
    ),
    security(("bearer" = []), ("session" = []))
)]
pub async fn get(
    State(state): State<AppState>,
    CurrentUser(_, actor): CurrentUser,
    Path(id): Path<String>,
) -> ApiResult<Json<SessionView>> {
    let detail = sessions::detail(&state, &actor, &id).await?;
    let mut view = session_view(
        &state,
        &detail.session,
        detail.mine.as_ref().map(registration_view),
    );
    view.registrants = detail
        .registrants
        .map(|list| list.iter().map(registrant_view).collect());
    Ok(Json(view))
}

/// Registers the caller (a partner person) for a session.
///
/// Registering again changes nothing and answers 200. A full, cancelled or started session is a
/// 409.
#[utoipa::path(
    post, path = "/api/v1/training/sessions/{id}/registrations", tag = "training", operation_id = "registerForTrainingSession",
    params(("id" = String, Path, description = "The session's id")),
    responses(
        (status = 201, description = "Registered", body = RegistrationView),
        (status = 200, description = "Already registered", body = RegistrationView),
        problem::Unauthenticated, problem::Forbidden, problem::NotFound, problem::Conflict, problem::Invalid,
    ),
    security(("bearer" = []), ("session" = []))
)]
pub async fn register(
    State(state): State<AppState>,
    CurrentUser(_, actor): CurrentUser,
    Path(id): Path<String>,
) -> ApiResult<(StatusCode, Json<RegistrationView>)> {
    let (registrant, created) = sessions::register(&state, &actor, &id).await?;
    let status = if created {
        StatusCode::CREATED
    } else {
        StatusCode::OK
    };
    Ok((status, Json(registration_view(&registrant))))
}

/// Takes back the caller's own registration, before the session starts.
#[utoipa::path(
    delete, path = "/api/v1/training/sessions/{id}/registrations", tag = "training", operation_id = "unregisterFromTrainingSession",
    params(("id" = String, Path, description = "The session's id")),
    responses(
        (status = 204, description = "No longer registered"),
        problem::Unauthenticated, problem::Forbidden,
        (status = 404, description = "No such session, or the caller is not registered for it", body = crate::web::error::Problem, content_type = "application/problem+json"),
        problem::Conflict, problem::Invalid,
    ),
    security(("bearer" = []), ("session" = []))
)]
pub async fn unregister(
    State(state): State<AppState>,
    CurrentUser(_, actor): CurrentUser,
    Path(id): Path<String>,
) -> ApiResult<StatusCode> {
    sessions::unregister(&state, &actor, &id).await?;
    Ok(StatusCode::NO_CONTENT)
}

#[derive(Debug, Deserialize, utoipa::ToSchema)]
pub struct AttendanceBody {
    /// One mark per person; those not named keep their mark.
    pub attendance: Vec<AttendanceMark>,
}

#[derive(Debug, Deserialize, utoipa::ToSchema)]
pub struct AttendanceMark {
    /// A registered person's user id.
    pub user_id: String,
    pub attended: bool,
}

/// Records who attended a session (trainers), once it has started.
///
/// Each person marked as attended completes the session's course module, when it has one.
#[utoipa::path(
    post, path = "/api/v1/training/sessions/{id}/attendance", tag = "training", operation_id = "recordTrainingAttendance",
    params(("id" = String, Path, description = "The session's id")),
    request_body = AttendanceBody,
    responses(
        (status = 200, description = "Everyone registered, as marked", body = [RegistrantView]),
        problem::Malformed, problem::TooLarge, problem::Unauthenticated, problem::Forbidden, problem::NotFound, problem::Conflict, problem::Invalid,
    ),
    security(("bearer" = []), ("session" = []))
)]
pub async fn attendance(
    State(state): State<AppState>,
    CurrentUser(_, actor): CurrentUser,
    Path(id): Path<String>,
    ApiJson(body): ApiJson<AttendanceBody>,
) -> ApiResult<Json<Vec<RegistrantView>>> {
    let marks: Vec<Mark> = body
        .attendance
        .into_iter()
        .map(|mark| Mark {
            user_id: mark.user_id,
            attended: mark.attended,
        })
        .collect();
    let marked = sessions::take_attendance(&state, &actor, &id, &marks).await?;
    Ok(Json(marked.iter().map(registrant_view).collect()))
}

/// Cancels a live training session; everyone registered is emailed.
#[utoipa::path(
    post, path = "/api/v1/training/sessions/{id}/cancel", tag = "training", operation_id = "cancelTrainingSession",
    params(("id" = String, Path, description = "The session's id")),
    responses(
        (status = 200, description = "Cancelled", body = SessionView),
        problem::Unauthenticated, problem::Forbidden, problem::NotFound, problem::Conflict, problem::Invalid,
    ),
    security(("bearer" = []), ("session" = []))
)]
pub async fn cancel(
    State(state): State<AppState>,
    CurrentUser(_, actor): CurrentUser,
    Path(id): Path<String>,
) -> ApiResult<Json<SessionView>> {
    let session = sessions::cancel(&state, &actor, &id).await?;
    Ok(Json(session_view(&state, &session, None)))
}
