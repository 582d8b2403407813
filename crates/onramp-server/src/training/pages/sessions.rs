//! `/training/sessions`: live sessions to come and past, with the seats left, registration for
//! partner people and the form trainers create a session with; `/training/sessions/{id}`: one
//! session — for its registered people their registration, for staff everyone registered, for
//! trainers the attendance form and cancellation —; and its calendar file.

use axum::extract::{Path, State};
use axum::http::header;
use axum::response::{IntoResponse, Redirect, Response};
use jiff::tz::TimeZone;
use maud::{html, Markup};
use onramp_core::training::SessionKind;
use onramp_core::vocabulary::{choices, label_of};
use onramp_store::training::sessions::{Registrant, Session};
use serde::{Deserialize, Serialize};

use crate::state::AppState;
use crate::training::services::sessions::{self, is_trainer, Mark, SessionInput};
use crate::web::actor::{Actor, CurrentUser};
use crate::web::error::{AppError, PageResult};
use crate::web::extract::{PageForm, PageQuery};
use crate::web::forms::{
    confirmation_page, confirmed, refused_page, Confirmation, FormView, Kind, Refusal,
};
use crate::web::layout::{csrf_input, page, respond, time};

#[derive(Debug, Default, Deserialize)]
pub struct NoticeQuery {
    notice: Option<String>,
}

/// A notice chosen by a fixed key (never echoed text).
fn notice_text(key: Option<&str>) -> Option<&'static str> {
    match key {
        Some("created") => Some("The session is created."),
        Some("registered") => {
            Some("You are registered. Add the session to your calendar with its calendar file.")
        }
        Some("unregistered") => Some("Your registration is cancelled."),
        Some("attendance_saved") => Some("The attendance is recorded."),
        Some("cancelled") => {
            Some("The session is cancelled; everyone registered has been emailed.")
        }
        _ => None,
    }
}

fn notice(key: Option<&str>) -> Markup {
    html! {
        @if let Some(text) = notice_text(key) { div.notice role="status" { (text) } }
    }
}

/// The reader's time zone and its name (UTC when they chose none).
fn reader_zone(actor: &Actor) -> (TimeZone, String) {
    actor
        .user()
        .and_then(|user| user.time_zone.clone())
        .and_then(|name| TimeZone::get(&name).ok().map(|zone| (zone, name)))
        .unwrap_or_else(|| (TimeZone::UTC, "UTC".to_owned()))
}

fn is_partner(actor: &Actor) -> bool {
    actor.user().is_some_and(|user| !user.role.is_staff())
}

fn may_train(actor: &Actor) -> bool {
    actor.user().is_some_and(|user| is_trainer(user.role))
}

fn path(session: &Session) -> String {
    format!("/training/sessions/{}", session.id)
}

/// Whether registration is open: not cancelled, not started, a seat left.
fn open(session: &Session, now: i64) -> bool {
    session.cancelled_at.is_none() && session.starts_at > now && session.seats_left() > 0
}

fn seats(session: &Session) -> String {
    if session.cancelled_at.is_some() {
        "Cancelled".to_owned()
    } else if session.seats_left() == 0 {
        format!("Full ({} seats)", session.capacity)
    } else {
        format!("{} of {}", session.seats_left(), session.capacity)
    }
}

fn register_button(actor: &Actor, session: &Session) -> Markup {
    html! {
        form.inline method="post" action={ (path(session)) "/register" } {
            (csrf_input(actor))
            button type="submit" { "Register" span.visually-hidden { " for " (session.title) } }
        }
    }
}

fn unregister_button(actor: &Actor, session: &Session) -> Markup {
    html! {
        form.inline method="post" action={ (path(session)) "/unregister" } {
            (csrf_input(actor))
            button.secondary type="submit" { "Cancel registration" span.visually-hidden { " for " (session.title) } }
        }
    }
}

#[derive(Debug, Default, Deserialize, Serialize)]
pub struct SessionForm {
    #[serde(default)]
    kind: String,
    #[serde(default)]
    title: String,
    #[serde(default)]
    description: String,
    #[serde(default)]
    location: String,
    #[serde(default)]
    starts_at: String,
    #[serde(default)]
    ends_at: String,
    #[serde(default)]
    capacity: String,
    #[serde(default)]
    course_key: String,
    #[serde(default)]
    module_key: String,
}

fn new_session_card(actor: &Actor, refusal: Option<&Refusal>, zone_name: &str) -> Markup {
    let form = FormView::new("session", refusal);
    let kinds = choices::<SessionKind>();
    let fields = html! {
        (form.select("Kind", "kind", &kinds, ""))
        (form.text("Title", "title", ""))
        (form.textarea("Description (optional)", "description", ""))
        (form.text("Location: a room, or the link to join (optional)", "location", ""))
        (form.text(&format!("Starts (YYYY-MM-DD HH:MM, {zone_name})"), "starts_at", ""))
        (form.text(&format!("Ends (YYYY-MM-DD HH:MM, {zone_name})"), "ends_at", ""))
        (form.input("Seats (1 to 10000)", "capacity", Kind::Number, "", "off"))
        (form.text("Course key (optional: attending completes a module of this course)", "course_key", ""))
        (form.text("Module key (optional, with the course key)", "module_key", ""))
    };
    html! {
        div.card {
            h2 { "New session" }
            p { "You lead the sessions you create. Times are read in your time zone (" (zone_name) "); change it on your account page." }
            (form.summary())
            form method="post" action="/training/sessions" novalidate {
                (csrf_input(actor))
                (fields)
                button type="submit" { "Create the session" }
            }
        }
    }
}

async fn list_markup(
    state: &AppState,
    actor: &Actor,
    refusal: Option<&Refusal>,
    notice_key: Option<&str>,
) -> PageResult<Markup> {
    let listing = sessions::list(state, actor).await?;
    let now = state.clock.now_ms();
    let partner = is_partner(actor);
    let (_, zone_name) = reader_zone(actor);
    Ok(page(
        Some(actor),
        "Live sessions",
        html! {
            h1 { "Live sessions" }
            (notice(notice_key))
            p { "Workshops, webinars and office hours with the program's trainers. Times are in your time zone (" (zone_name) ")." }
            (FormView::new("register", refusal).summary())
            div.card {
                h2 { "Coming up" }
                @if listing.upcoming.is_empty() {
                    p { "No session is planned." }
                } @else {
                    table {
                        thead { tr {
                            th scope="col" { "Session" } th scope="col" { "Kind" }
                            th scope="col" { "Starts" } th scope="col" { "Ends" } th scope="col" { "Seats left" }
                            @if partner { th scope="col" { "Your registration" } }
                        } }
                        tbody { @for session in &listing.upcoming {
                            tr {
                                td { a href=(path(session)) { (session.title) } }
                                td { (label_of::<SessionKind>(&session.kind)) }
                                td { (time(session.starts_at)) }
                                td { (time(session.ends_at)) }
                                td { (seats(session)) }
                                @if partner {
                                    td {
                                        @if listing.registration(&session.id).is_some() {
                                            "Registered "
                                            @if session.cancelled_at.is_none() && session.starts_at > now {
                                                (unregister_button(actor, session))
                                            }
                                        } @else if open(session, now) {
                                            (register_button(actor, session))
                                        } @else {
                                            "—"
                                        }
                                    }
                                }
                            }
                        } }
                    }
                }
            }
            div.card {
                h2 { "Past sessions" }
                @if listing.past.is_empty() {
                    p { "None yet." }
                } @else {
                    table {
                        thead { tr {
                            th scope="col" { "Session" } th scope="col" { "Kind" }
                            th scope="col" { "Started" } th scope="col" { "Registered" }
                            @if partner { th scope="col" { "You" } }
                        } }
                        tbody { @for session in &listing.past {
                            tr {
                                td { a href=(path(session)) { (session.title) } }
                                td { (label_of::<SessionKind>(&session.kind)) }
                                td { (time(session.starts_at)) }
                                td { @if session.cancelled_at.is_some() { "Cancelled" } @else { (session.registered) } }
                                @if partner {
                                    td { (listing.registration(&session.id).map_or("—", |mine| attendance_label(mine.attended))) }
                                }
                            }
                        } }
                    }
                }
            }
            @if may_train(actor) {
                (new_session_card(actor, refusal, &zone_name))
            }
        },
    ))
}

fn attendance_label(attended: Option<bool>) -> &'static str {
    match attended {
        None => "Registered; attendance not taken",
        Some(true) => "Attended",
        Some(false) => "Absent",
    }
}

pub async fn list(
    State(state): State<AppState>,
    CurrentUser(_, actor): CurrentUser,
    PageQuery(query): PageQuery<NoticeQuery>,
) -> PageResult<Response> {
    Ok(respond(
        list_markup(&state, &actor, None, query.notice.as_deref()).await?,
    ))
}

pub async fn create(
    State(state): State<AppState>,
    CurrentUser(_, actor): CurrentUser,
    PageForm(form): PageForm<SessionForm>,
) -> PageResult<Response> {
    let (zone, _) = reader_zone(&actor);
    let input = SessionInput {
        kind: &form.kind,
        title: &form.title,
        description: &form.description,
        location: &form.location,
        starts_at: &form.starts_at,
        ends_at: &form.ends_at,
        capacity: form.capacity.trim().parse::<i64>().ok(),
        course_key: &form.course_key,
        module_key: &form.module_key,
        zone: &zone,
    };
    match sessions::create(&state, &actor, &input).await {
        Ok(session) => {
            Ok(Redirect::to(&format!("{}?notice=created", path(&session))).into_response())
        }
        Err(error) => {
            let refusal = Refusal::of("session", &form, error)?;
            let markup = list_markup(&state, &actor, Some(&refusal), None).await?;
            Ok(refused_page(&refusal, markup))
        }
    }
}

/// The registrants, with the attendance checkboxes when `form` (a trainer, the session under
/// way or over).
fn registrants_table(
    session: &Session,
    registrants: &[Registrant],
    marking: bool,
    refusal: Option<&Refusal>,
) -> Markup {
    let checked = |registrant: &Registrant| match refusal.filter(|r| r.form == "attendance") {
        Some(refusal) => refusal
            .input
            .iter()
            .any(|(name, value)| name == "attended" && *value == registrant.user_id),
        None => registrant.attended == Some(true),
    };
    html! {
        table {
            caption { "Registered for “" (session.title) "”" }
            thead { tr {
                th scope="col" { "Name" } th scope="col" { "Organization" }
                th scope="col" { "Registered" } th scope="col" { "Attendance" }
                @if marking { th scope="col" { "Attended" } }
            } }
            tbody { @for registrant in registrants {
                tr {
                    th scope="row" { (registrant.user_name) }
                    td { (registrant.organization_name) }
                    td { (time(registrant.registered_at)) }
                    td { (match registrant.attended { None => "Not taken", Some(true) => "Attended", Some(false) => "Absent" }) }
                    @if marking {
                        td {
                            input type="checkbox" id={ "attended-" (registrant.user_id) } name="attended"
                                value=(registrant.user_id) checked[checked(registrant)];
                            label for={ "attended-" (registrant.user_id) } {
                                span.visually-hidden { (registrant.user_name) " attended" }
                            }
                        }
                    }
                }
            } }
        }
    }
}

async fn show_markup(
    state: &AppState,
    actor: &Actor,
    id: &str,
    refusal: Option<&Refusal>,
    notice_key: Option<&str>,
) -> PageResult<Markup> {
    let detail = sessions::detail(state, actor, id).await?;
    let session = &detail.session;
    let now = state.clock.now_ms();
    let cancelled = session.cancelled_at.is_some();
    let started = session.starts_at <= now;
    let over = session.ends_at <= now;
    let trainer = may_train(actor);
    let kind = label_of::<SessionKind>(&session.kind);
    Ok(page(
        Some(actor),
        &session.title,
        html! {
            p { a href="/training/sessions" { "← Live sessions" } }
            h1 { (session.title) " " span.badge { (kind) } @if cancelled { " " span.badge { "Cancelled" } } }
            (notice(notice_key))
            div.card {
                dl {
                    dt { "Starts" } dd { (time(session.starts_at)) }
                    dt { "Ends" } dd { (time(session.ends_at)) }
                    dt { "Location" } dd { @if session.location.is_empty() { "To be announced" } @else { (session.location) } }
                    @if let Some(trainer_name) = &session.trainer_name { dt { "Trainer" } dd { (trainer_name) } }
                    dt { "Seats left" } dd { (seats(session)) }
                    @if let (Some(course_key), Some(module_key)) = (&session.course_key, &session.module_key) {
                        dt { "Counts toward" } dd { "Attending completes the module " code { (module_key) } " of the course " code { (course_key) } "." }
                    }
                }
                @for paragraph in session.description.split("\n\n").filter(|text| !text.trim().is_empty()) {
                    p { (paragraph.trim()) }
                }
                p { a href={ (path(session)) "/calendar.ics" } { "Add to your calendar (.ics file)" } }
            }
            @if is_partner(actor) {
                div.card {
                    h2 { "Your registration" }
                    (FormView::new("register", refusal).summary())
                    @match &detail.mine {
                        Some(mine) => {
                            p { "Registered " (time(mine.registered_at)) ". " (attendance_label(mine.attended)) "." }
                            @if !cancelled && !started { (unregister_button(actor, session)) }
                        }
                        None => {
                            @if open(session, now) {
                                p { "Register to hold a seat; the trainer takes attendance at the session." }
                                (register_button(actor, session))
                            } @else if cancelled {
                                p { "The session is cancelled." }
                            } @else if started {
                                p { "Registration closed when the session began." }
                            } @else {
                                p { "Every seat is taken." }
                            }
                        }
                    }
                }
            }
            @if let Some(registrants) = &detail.registrants {
                div.card {
                    h2 { "Registered people" }
                    @let marking = trainer && started && !cancelled && !registrants.is_empty();
                    @if registrants.is_empty() {
                        p { "Nobody has registered yet." }
                    } @else if marking {
                        (FormView::new("attendance", refusal).summary())
                        p { "Tick who attended. Those attending a session that counts toward a course complete its module." }
                        form method="post" action={ (path(session)) "/attendance" } {
                            (csrf_input(actor))
                            (registrants_table(session, registrants, true, refusal))
                            button type="submit" { "Record attendance" }
                        }
                    } @else {
                        (registrants_table(session, registrants, false, refusal))
                        @if trainer && !cancelled && !started {
                            p { "Attendance is taken once the session has started." }
                        }
                    }
                }
            }
            @if trainer && !cancelled && !over {
                div.card {
                    h2 { "Cancel the session" }
                    (FormView::new("cancel", refusal).summary())
                    p { "Everyone registered is emailed. A cancelled session cannot be reopened." }
                    form method="post" action={ (path(session)) "/cancel" } {
                        (csrf_input(actor))
                        button.danger type="submit" { "Cancel the session" }
                    }
                }
            }
        },
    ))
}

pub async fn show(
    State(state): State<AppState>,
    CurrentUser(_, actor): CurrentUser,
    Path(id): Path<String>,
    PageQuery(query): PageQuery<NoticeQuery>,
) -> PageResult<Response> {
    Ok(respond(
        show_markup(&state, &actor, &id, None, query.notice.as_deref()).await?,
    ))
}

/// After a form on the session's page: to the page with a notice, or the page again with the
/// refusal.
async fn after(
    state: &AppState,
    actor: &Actor,
    id: &str,
    result: Result<&'static str, AppError>,
    form: &'static str,
    input: &impl Serialize,
) -> PageResult<Response> {
    match result {
        Ok(notice_key) => Ok(
            Redirect::to(&format!("/training/sessions/{id}?notice={notice_key}")).into_response(),
        ),
        Err(error) => {
            let refusal = Refusal::of(form, input, error)?
                .renamed(|field| field.starts_with("attendance").then_some("attended"));
            let markup = show_markup(state, actor, id, Some(&refusal), None).await?;
            Ok(refused_page(&refusal, markup))
        }
    }
}

pub async fn register(
    State(state): State<AppState>,
    CurrentUser(_, actor): CurrentUser,
    Path(id): Path<String>,
) -> PageResult<Response> {
    let result = sessions::register(&state, &actor, &id)
        .await
        .map(|_| "registered");
    after(&state, &actor, &id, result, "register", &()).await
}

pub async fn unregister(
    State(state): State<AppState>,
    CurrentUser(_, actor): CurrentUser,
    Path(id): Path<String>,
) -> PageResult<Response> {
    let result = sessions::unregister(&state, &actor, &id)
        .await
        .map(|()| "unregistered");
    after(&state, &actor, &id, result, "register", &()).await
}

/// `POST /training/sessions/{id}/attendance`: every `attended` box ticked (user ids); everyone
/// else registered is marked absent.
pub async fn attendance(
    State(state): State<AppState>,
    CurrentUser(_, actor): CurrentUser,
    Path(id): Path<String>,
    PageForm(pairs): PageForm<Vec<(String, String)>>,
) -> PageResult<Response> {
    let ticked: Vec<&str> = pairs
        .iter()
        .filter(|(name, _)| name == "attended")
        .map(|(_, value)| value.as_str())
        .collect();
    let detail = sessions::detail(&state, &actor, &id).await?;
    let mut marks: Vec<Mark> = detail
        .registrants
        .unwrap_or_default()
        .iter()
        .map(|registrant| Mark {
            user_id: registrant.user_id.clone(),
            attended: ticked.contains(&registrant.user_id.as_str()),
        })
        .collect();
    // A box for someone no longer registered is refused by the service, by name.
    for user_id in &ticked {
        if !marks.iter().any(|mark| mark.user_id == *user_id) {
            marks.push(Mark {
                user_id: (*user_id).to_owned(),
                attended: true,
            });
        }
    }
    let result = sessions::take_attendance(&state, &actor, &id, &marks)
        .await
        .map(|_| "attendance_saved");
    let input: Vec<(&str, &str)> = ticked
        .iter()
        .map(|user_id| ("attended", *user_id))
        .collect();
    after(&state, &actor, &id, result, "attendance", &input).await
}

#[derive(Debug, Default, Deserialize)]
pub struct CancelForm {
    confirmed: Option<String>,
}

/// Cancels a session, after a confirmation page.
pub async fn cancel(
    State(state): State<AppState>,
    CurrentUser(_, actor): CurrentUser,
    Path(id): Path<String>,
    PageForm(form): PageForm<CancelForm>,
) -> PageResult<Response> {
    if !confirmed(form.confirmed.as_deref()) {
        let detail = sessions::detail(&state, &actor, &id).await?;
        let session = &detail.session;
        let title = format!("Cancel “{}”?", session.title);
        let emailed = match session.registered {
            0 => "Nobody has registered, so nobody is emailed.".to_owned(),
            1 => "The one person registered is emailed.".to_owned(),
            n => format!("The {n} people registered are emailed."),
        };
        let consequence = format!(
            "The {} of {} is cancelled and cannot be reopened. {emailed}",
            label_of::<SessionKind>(&session.kind).to_lowercase(),
            time(session.starts_at),
        );
        let action = format!("{}/cancel", path(session));
        let back = path(session);
        return Ok(respond(confirmation_page(
            &actor,
            &Confirmation {
                title: &title,
                consequence: &consequence,
                action: &action,
                hidden: &[],
                reason: None,
                confirm: "Cancel the session",
                cancel: &back,
            },
        )));
    }
    let result = sessions::cancel(&state, &actor, &id)
        .await
        .map(|_| "cancelled");
    after(&state, &actor, &id, result, "cancel", &()).await
}

/// The session as an iCalendar file.
pub async fn calendar(
    State(state): State<AppState>,
    CurrentUser(_, actor): CurrentUser,
    Path(id): Path<String>,
) -> PageResult<Response> {
    let detail = sessions::detail(&state, &actor, &id).await?;
    let body = sessions::calendar(&state, &detail.session, state.clock.now_ms());
    Ok((
        [
            (header::CONTENT_TYPE, "text/calendar; charset=utf-8"),
            (
                header::CONTENT_DISPOSITION,
                "attachment; filename=\"training-session.ics\"",
            ),
        ],
        body,
    )
        .into_response())
}
