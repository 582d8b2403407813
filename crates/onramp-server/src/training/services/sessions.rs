//! Live sessions — workshops, webinars and office hours: trainers (and program admins) create and
//! cancel them, partner people register themselves (never more than the session seats, never for
//! a cancelled or started session), trainers take attendance — which completes the session's
//! course module for those who attended — and anyone signed in downloads a session as an
//! iCalendar file. Who registered is for staff; a partner person sees their own registration.

use jiff::tz::TimeZone;
use onramp_core::platform::outbox::MailFamily;
use onramp_core::training::{ModuleCompletion, SessionKind};
use onramp_core::Role;
use onramp_store::platform::audit::{self, Change};
use onramp_store::training::sessions::{
    self as store, NewSession, Registered, Registrant, Session, UserRegistration,
};
use onramp_store::StoreError;

use crate::platform::outbox::{queue_mail, Mail};
use crate::registry::services::scope;
use crate::state::AppState;
use crate::tracks::timeline::{escape_text, push_line};
use crate::training::services::progress::{record_module, RecordModule};
use crate::web::actor::Actor;
use crate::web::error::{AppError, FieldError};

/// Who creates and cancels sessions and takes attendance.
pub const TRAINERS: &[Role] = &[Role::Trainer, Role::ProgramAdmin];

/// The most people a session seats.
pub const MAX_CAPACITY: i64 = 10_000;

/// How many sessions each list shows.
const LIST_LIMIT: i64 = 200;

/// Whether `role` creates and cancels sessions and takes attendance.
pub fn is_trainer(role: Role) -> bool {
    TRAINERS.contains(&role)
}

/// What a new session says, as a form or a JSON body sent it.
#[derive(Clone, Copy, Debug)]
pub struct SessionInput<'a> {
    /// A [`SessionKind`] name.
    pub kind: &'a str,
    pub title: &'a str,
    pub description: &'a str,
    pub location: &'a str,
    /// RFC 3339 with its offset, or a date and time (`2027-01-04 14:00`) read in `zone`.
    pub starts_at: &'a str,
    pub ends_at: &'a str,
    /// None when what was sent is not a whole number.
    pub capacity: Option<i64>,
    /// Both or neither: attending then completes this module of this course.
    pub course_key: &'a str,
    pub module_key: &'a str,
    /// The zone times without an offset are read in (the reader's on the portal, UTC on the API).
    pub zone: &'a TimeZone,
}

/// The sessions a signed-in person sees: those to come (and under way), those past, and their
/// own registrations (a partner person's; staff register for nothing).
#[derive(Clone, Debug)]
pub struct Listing {
    pub upcoming: Vec<Session>,
    pub past: Vec<Session>,
    pub mine: Vec<UserRegistration>,
}

impl Listing {
    /// The reader's registration for session `id`, if any.
    pub fn registration(&self, id: &str) -> Option<&UserRegistration> {
        self.mine
            .iter()
            .find(|registration| registration.session.id == id)
    }
}

/// A session as one person may see it.
#[derive(Clone, Debug)]
pub struct Detail {
    pub session: Session,
    /// Everyone registered: for staff only.
    pub registrants: Option<Vec<Registrant>>,
    /// The reader's own registration.
    pub mine: Option<Registrant>,
}

pub async fn list(state: &AppState, actor: &Actor) -> Result<Listing, AppError> {
    let user = scope::user(actor)?;
    let now = state.clock.now_ms();
    let pool = state.store.pool();
    Ok(Listing {
        upcoming: store::upcoming(pool, now, LIST_LIMIT).await?,
        past: store::past(pool, now, LIST_LIMIT).await?,
        mine: store::of_user(pool, &user.id).await?,
    })
}

async fn find(state: &AppState, id: &str) -> Result<Session, AppError> {
    match store::find(state.store.pool(), id).await {
        Ok(session) => Ok(session),
        Err(StoreError::NotFound) => Err(AppError::NotFound("session")),
        Err(other) => Err(other.into()),
    }
}

/// A session, with its registrants for staff and the reader's own registration.
pub async fn detail(state: &AppState, actor: &Actor, id: &str) -> Result<Detail, AppError> {
    let user = scope::user(actor)?;
    let session = find(state, id).await?;
    let pool = state.store.pool();
    let registrants = if user.role.is_staff() {
        Some(store::registrants(pool, id).await?)
    } else {
        None
    };
    let mine = store::registration(pool, id, &user.id).await?;
    Ok(Detail {
        session,
        registrants,
        mine,
    })
}

/// A time as RFC 3339 with its offset, or as a date and time in `zone`.
pub fn parse_time(text: &str, zone: &TimeZone) -> Option<i64> {
    let text = text.trim();
    if let Ok(timestamp) = text.parse::<jiff::Timestamp>() {
        return Some(timestamp.as_millisecond());
    }
    let civil = text.parse::<jiff::civil::DateTime>().ok()?;
    civil
        .to_zoned(zone.clone())
        .ok()
        .map(|zoned| zoned.timestamp().as_millisecond())
}

fn check_length(fields: &mut Vec<FieldError>, field: &str, text: &str, max: usize, what: &str) {
    if text.chars().count() > max {
        fields.push(FieldError::new(
            field,
            format!("{what}: at most {max} characters"),
        ));
    }
}

/// Checks the module a session completes: both keys or neither, the course stored and the module
/// in its latest version.
async fn check_module(
    state: &AppState,
    fields: &mut Vec<FieldError>,
    course_key: &str,
    module_key: &str,
) -> Result<(), AppError> {
    match (course_key.is_empty(), module_key.is_empty()) {
        (true, true) => return Ok(()),
        (false, true) => {
            fields.push(FieldError::new(
                "module_key",
                "the module of the course that attending completes (or leave the course empty too)",
            ));
            return Ok(());
        }
        (true, false) => {
            fields.push(FieldError::new(
                "course_key",
                "the course whose module attending completes (or leave the module empty too)",
            ));
            return Ok(());
        }
        (false, false) => {}
    }
    let versions =
        onramp_store::training::courses::versions(state.store.pool(), course_key).await?;
    let Some(latest) = versions.first() else {
        fields.push(FieldError::new(
            "course_key",
            format!("no course has the key `{course_key}`"),
        ));
        return Ok(());
    };
    let document = onramp_core::training::course::parse(&latest.document).map_err(|_| {
        AppError::Internal(format!(
            "course {} v{}: the stored document does not parse",
            latest.key, latest.version
        ))
    })?;
    if document.module(module_key).is_none() {
        fields.push(FieldError::new(
            "module_key",
            format!("the course “{}” has no module `{module_key}`", latest.title),
        ));
    }
    Ok(())
}

/// Creates a session (trainers and program admins), led by its creator.
pub async fn create(
    state: &AppState,
    actor: &Actor,
    input: &SessionInput<'_>,
) -> Result<Session, AppError> {
    let user = scope::user(actor)?;
    if !is_trainer(user.role) {
        return Err(AppError::Forbidden);
    }
    let now = state.clock.now_ms();
    let mut fields = Vec::new();
    let kind = match input.kind.parse::<SessionKind>() {
        Ok(kind) => Some(kind),
        Err(unknown) => {
            fields.push(FieldError::new("kind", unknown.to_string()));
            None
        }
    };
    let title = input.title.trim();
    if title.is_empty() {
        fields.push(FieldError::new("title", "what the session is called"));
    }
    check_length(&mut fields, "title", title, 200, "the title");
    let description = input.description.trim();
    check_length(
        &mut fields,
        "description",
        description,
        5000,
        "the description",
    );
    let location = input.location.trim();
    check_length(&mut fields, "location", location, 500, "the location");
    let starts_at = match parse_time(input.starts_at, input.zone) {
        Some(at) if at > now => Some(at),
        Some(_) => {
            fields.push(FieldError::new("starts_at", "a time after now"));
            None
        }
        None => {
            fields.push(FieldError::new(
                "starts_at",
                "a date and time such as 2027-01-04 14:00, or 2027-01-04T14:00:00Z",
            ));
            None
        }
    };
    let ends_at = match parse_time(input.ends_at, input.zone) {
        Some(at) => Some(at),
        None => {
            fields.push(FieldError::new(
                "ends_at",
                "a date and time such as 2027-01-04 15:30, or 2027-01-04T15:30:00Z",
            ));
            None
        }
    };
    if let (Some(starts), Some(ends)) = (starts_at, ends_at) {
        if ends <= starts {
            fields.push(FieldError::new(
                "ends_at",
                "a time after the session starts",
            ));
        }
    }
    let capacity = match input.capacity {
        Some(capacity) if (1..=MAX_CAPACITY).contains(&capacity) => capacity,
        _ => {
            fields.push(FieldError::new(
                "capacity",
                format!(
                    "how many people the session seats: a whole number from 1 to {MAX_CAPACITY}"
                ),
            ));
            0
        }
    };
    let course_key = input.course_key.trim();
    let module_key = input.module_key.trim();
    check_module(state, &mut fields, course_key, module_key).await?;
    let (Some(kind), Some(starts_at), Some(ends_at), true) =
        (kind, starts_at, ends_at, fields.is_empty())
    else {
        return Err(AppError::validation(fields));
    };
    let context = actor.audit_context();
    let mut tx = state.store.begin().await?;
    let session = store::insert(
        &mut tx,
        NewSession {
            course_key: (!course_key.is_empty()).then_some(course_key),
            module_key: (!module_key.is_empty()).then_some(module_key),
            kind: kind.as_str(),
            title,
            description,
            location,
            starts_at,
            ends_at,
            capacity,
            trainer_id: Some(&user.id),
        },
    )
    .await?;
    audit::append(
        &mut tx,
        &context,
        Change {
            action: "training_session.created",
            entity_type: "training_session",
            entity_id: &session.id,
            organization_id: None,
            summary: format!(
                "{} “{title}” at {} for {capacity} people",
                kind.label().to_lowercase(),
                utc(starts_at)
            ),
        },
    )
    .await?;
    tx.commit().await?;
    Ok(session)
}

/// A time in UTC for summaries and mail: `2027-01-04 14:00 UTC`.
fn utc(ms: i64) -> String {
    jiff::Timestamp::from_millisecond(ms)
        .map(|at| at.strftime("%Y-%m-%d %H:%M UTC").to_string())
        .unwrap_or_else(|_| ms.to_string())
}

fn kind_label(session: &Session) -> String {
    onramp_core::vocabulary::label_of::<SessionKind>(&session.kind).to_owned()
}

/// Cancels a session that is not over (trainers and program admins); everyone registered is
/// mailed. Its registrations stay, so the record shows who was to come.
pub async fn cancel(state: &AppState, actor: &Actor, id: &str) -> Result<Session, AppError> {
    let user = scope::user(actor)?;
    if !is_trainer(user.role) {
        return Err(AppError::Forbidden);
    }
    let session = find(state, id).await?;
    if session.cancelled_at.is_some() {
        return Err(AppError::Conflict(format!(
            "“{}” is already cancelled",
            session.title
        )));
    }
    let context = actor.audit_context();
    let mut tx = state.store.begin().await?;
    let now = tx.now_ms();
    if session.ends_at <= now {
        return Err(AppError::Conflict(format!(
            "“{}” is over; only a session still to come or under way can be cancelled",
            session.title
        )));
    }
    store::cancel(&mut tx, id).await?;
    let registrants = store::registrants(tx.conn(), id).await?;
    for registrant in &registrants {
        let body = format!(
            "Hello {},\n\nThe {} “{}” planned for {} is cancelled.\n\nYour registration needs nothing more from you. Other sessions: {}/training/sessions\n\nYou can turn these emails off on your account page.\n",
            registrant.user_name,
            kind_label(&session).to_lowercase(),
            session.title,
            utc(session.starts_at),
            state.config.public_base_url.trim_end_matches('/'),
        );
        queue_mail(
            &mut tx,
            now,
            Mail {
                family: MailFamily::Training,
                to: &registrant.user_email,
                subject: &format!("Cancelled: {}", session.title),
                body,
                event_id: None,
            },
        )
        .await?;
    }
    audit::append(
        &mut tx,
        &context,
        Change {
            action: "training_session.cancelled",
            entity_type: "training_session",
            entity_id: id,
            organization_id: None,
            summary: format!(
                "“{}” of {} cancelled; {} registered people emailed",
                session.title,
                utc(session.starts_at),
                registrants.len()
            ),
        },
    )
    .await?;
    tx.commit().await?;
    find(state, id).await
}

/// Registers the partner person themselves (any partner role), while the session is open and
/// has a seat. Registering again changes nothing; the answer says whether this call registered.
pub async fn register(
    state: &AppState,
    actor: &Actor,
    id: &str,
) -> Result<(Registrant, bool), AppError> {
    let (user, organization_id) = scope::own_organization(actor)?;
    let session = find(state, id).await?;
    let context = actor.audit_context();
    let mut tx = state.store.begin().await?;
    let outcome = match store::register(&mut tx, id, &user.id, organization_id).await {
        Ok(outcome) => outcome,
        Err(StoreError::NotFound) => return Err(AppError::NotFound("session")),
        Err(other) => return Err(other.into()),
    };
    let refusal = match outcome {
        Registered::Registered | Registered::AlreadyRegistered => None,
        Registered::Full => Some(format!(
            "every seat of “{}” is taken ({} of {})",
            session.title, session.capacity, session.capacity
        )),
        Registered::Cancelled => Some(format!(
            "“{}” is cancelled; it takes no registrations",
            session.title
        )),
        Registered::Started => Some(format!(
            "“{}” has started; registration closed when it began",
            session.title
        )),
    };
    if let Some(refusal) = refusal {
        return Err(AppError::Conflict(refusal));
    }
    let created = outcome == Registered::Registered;
    if created {
        audit::append(
            &mut tx,
            &context,
            Change {
                action: "training_session.registered",
                entity_type: "training_session",
                entity_id: id,
                organization_id: Some(organization_id),
                summary: format!(
                    "{} registered for “{}” of {}",
                    user.name,
                    session.title,
                    utc(session.starts_at)
                ),
            },
        )
        .await?;
    }
    let registrant = store::registration(tx.conn(), id, &user.id)
        .await?
        .ok_or(AppError::NotFound("registration"))?;
    tx.commit().await?;
    Ok((registrant, created))
}

/// Takes the partner person's own registration back, before the session starts.
pub async fn unregister(state: &AppState, actor: &Actor, id: &str) -> Result<(), AppError> {
    let (user, organization_id) = scope::own_organization(actor)?;
    let session = find(state, id).await?;
    let context = actor.audit_context();
    let mut tx = state.store.begin().await?;
    if session.starts_at <= tx.now_ms() && session.cancelled_at.is_none() {
        return Err(AppError::Conflict(format!(
            "“{}” has started; its registrations are kept for the attendance record",
            session.title
        )));
    }
    if !store::unregister(&mut tx, id, &user.id).await? {
        return Err(AppError::NotFound("registration"));
    }
    audit::append(
        &mut tx,
        &context,
        Change {
            action: "training_session.unregistered",
            entity_type: "training_session",
            entity_id: id,
            organization_id: Some(organization_id),
            summary: format!(
                "{} took back their registration for “{}”",
                user.name, session.title
            ),
        },
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// One person's attendance, as the trainer marks it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Mark {
    pub user_id: String,
    pub attended: bool,
}

/// Records who attended (trainers and program admins), once the session has started; marking
/// again replaces a mark. Each person marked as attended completes the session's module, when
/// it has one. Returns the registrants as marked.
pub async fn take_attendance(
    state: &AppState,
    actor: &Actor,
    id: &str,
    marks: &[Mark],
) -> Result<Vec<Registrant>, AppError> {
    let user = scope::user(actor)?;
    if !is_trainer(user.role) {
        return Err(AppError::Forbidden);
    }
    let session = find(state, id).await?;
    if session.cancelled_at.is_some() {
        return Err(AppError::Conflict(format!(
            "“{}” is cancelled; it has no attendance to take",
            session.title
        )));
    }
    let registrants = store::registrants(state.store.pool(), id).await?;
    let mut fields = Vec::new();
    if marks.is_empty() {
        fields.push(FieldError::new(
            "attendance",
            "mark at least one registered person",
        ));
    }
    for (index, mark) in marks.iter().enumerate() {
        if !registrants
            .iter()
            .any(|registrant| registrant.user_id == mark.user_id)
        {
            fields.push(FieldError::new(
                &format!("attendance[{index}].user_id"),
                "not registered for this session",
            ));
        } else if marks
            .iter()
            .take(index)
            .any(|earlier| earlier.user_id == mark.user_id)
        {
            fields.push(FieldError::new(
                &format!("attendance[{index}].user_id"),
                "marked twice",
            ));
        }
    }
    if !fields.is_empty() {
        return Err(AppError::validation(fields));
    }
    let context = actor.audit_context();
    let mut tx = state.store.begin().await?;
    if tx.now_ms() < session.starts_at {
        return Err(AppError::Conflict(format!(
            "“{}” has not started; attendance is taken once it has",
            session.title
        )));
    }
    for mark in marks {
        let Some(registrant) = registrants
            .iter()
            .find(|registrant| registrant.user_id == mark.user_id)
        else {
            continue;
        };
        if !store::mark_attendance(&mut tx, id, &mark.user_id, mark.attended, &user.id).await? {
            return Err(AppError::StaleState(format!(
                "{} is no longer registered",
                registrant.user_name
            )));
        }
        if mark.attended {
            if let (Some(course_key), Some(module_key)) = (&session.course_key, &session.module_key)
            {
                record_module(
                    &mut tx,
                    state,
                    Some(&user.id),
                    RecordModule {
                        organization_id: &registrant.organization_id,
                        user_id: &registrant.user_id,
                        course_key,
                        module_key,
                        completion: ModuleCompletion::Attended,
                    },
                )
                .await?;
            }
        }
        audit::append(
            &mut tx,
            &context,
            Change {
                action: "training_session.attendance_recorded",
                entity_type: "training_session",
                entity_id: id,
                organization_id: Some(&registrant.organization_id),
                summary: format!(
                    "{} of {} marked {} “{}”",
                    registrant.user_name,
                    registrant.organization_name,
                    if mark.attended {
                        "as having attended"
                    } else {
                        "as absent from"
                    },
                    session.title
                ),
            },
        )
        .await?;
    }
    let marked = store::registrants(tx.conn(), id).await?;
    tx.commit().await?;
    Ok(marked)
}

/// The host part of the public base URL, for calendar UIDs (`onramp.example.org`).
fn host(state: &AppState) -> String {
    url::Url::parse(&state.config.public_base_url)
        .ok()
        .and_then(|url| url.host_str().map(str::to_owned))
        .unwrap_or_else(|| "onramp".to_owned())
}

/// The session as an iCalendar file (RFC 5545): one `VEVENT` in UTC, cancelled ones marked so
/// calendars that imported it strike it out. `now_ms` is its `DTSTAMP`.
pub fn calendar(state: &AppState, session: &Session, now_ms: i64) -> String {
    let base = state.config.public_base_url.trim_end_matches('/');
    let details = format!("{base}/training/sessions/{}", session.id);
    let mut description = String::new();
    if !session.description.is_empty() {
        description.push_str(&session.description);
        description.push_str("\n\n");
    }
    description.push_str(&format!("{}. Details: {details}", kind_label(session)));
    let cancelled = session.cancelled_at.is_some();
    let mut out = String::new();
    for line in [
        "BEGIN:VCALENDAR".to_owned(),
        "VERSION:2.0".to_owned(),
        "PRODID:-//Onramp//Training//EN".to_owned(),
        "CALSCALE:GREGORIAN".to_owned(),
        "METHOD:PUBLISH".to_owned(),
        "BEGIN:VEVENT".to_owned(),
        format!(
            "UID:{}",
            escape_text(&format!("{}@{}", session.id, host(state)))
        ),
        format!("DTSTAMP:{}", ical_utc(now_ms)),
        format!("DTSTART:{}", ical_utc(session.starts_at)),
        format!("DTEND:{}", ical_utc(session.ends_at)),
        format!("SUMMARY:{}", escape_text(&session.title)),
        format!("DESCRIPTION:{}", escape_text(&description)),
        format!("LOCATION:{}", escape_text(&session.location)),
        format!("URL:{details}"),
        format!(
            "STATUS:{}",
            if cancelled { "CANCELLED" } else { "CONFIRMED" }
        ),
        // A cancellation is a new revision of the event, which calendars apply over the old one.
        format!("SEQUENCE:{}", u8::from(cancelled)),
        "END:VEVENT".to_owned(),
        "END:VCALENDAR".to_owned(),
    ] {
        push_line(&mut out, &line);
    }
    out
}

/// A UTC DATE-TIME (RFC 5545 §3.3.5, form 2): `20270104T140000Z`.
fn ical_utc(ms: i64) -> String {
    jiff::Timestamp::from_millisecond(ms)
        .map(|at| at.strftime("%Y%m%dT%H%M%SZ").to_string())
        .unwrap_or_else(|_| "19700101T000000Z".to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn times_without_an_offset_are_read_in_the_zone_given() {
        let paris = TimeZone::get("Europe/Paris").unwrap();
        let utc = parse_time("2027-01-04T13:00:00Z", &paris).unwrap();
        assert_eq!(parse_time("2027-01-04 14:00", &paris), Some(utc));
        assert_eq!(parse_time("2027-01-04T14:00", &paris), Some(utc));
        assert_eq!(parse_time("next tuesday", &paris), None);
        assert_eq!(ical_utc(utc), "20270104T130000Z");
    }
}
