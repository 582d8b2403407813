//! Live training sessions: a trainer creates one, partner people register themselves (never past
//! the capacity, never for a cancelled or started session), only staff see who registered, the
//! trainer takes attendance with an audit event per person, a cancellation emails those
//! registered, and each session downloads as one folded iCalendar event in UTC. Time moves on a
//! `ManualClock`.

use axum::http::{header, Method, StatusCode};
use onramp_core::Role;
use onramp_server::platform::clock::{Clock, ManualClock};
use serde_json::{json, Value};

use crate::registry_support::post;
use crate::support::{backends, Client, TestResponse};
use crate::training_api::{app, partner};

const HOUR_MS: i64 = 3_600_000;

fn rfc3339(ms: i64) -> String {
    jiff::Timestamp::from_millisecond(ms).unwrap().to_string()
}

/// Creates a session through the API that starts `starts_in` from now and lasts an hour and a
/// half; returns its JSON.
async fn session(
    trainer: &mut Client,
    clock: &ManualClock,
    title: &str,
    starts_in: i64,
    capacity: i64,
) -> Value {
    let starts_at = clock.now_ms() + starts_in;
    let created = post(
        trainer,
        "/api/v1/training/sessions",
        json!({
            "kind": "workshop",
            "title": title,
            "description": "Bring a laptop.",
            "location": "Room 4, Main St",
            "starts_at": rfc3339(starts_at),
            "ends_at": rfc3339(starts_at + 3 * HOUR_MS / 2),
            "capacity": capacity,
        }),
    )
    .await;
    assert_eq!(created.status, StatusCode::CREATED, "{}", created.body);
    created.json()
}

async fn register(client: &mut Client, id: &str) -> TestResponse {
    post(
        client,
        &format!("/api/v1/training/sessions/{id}/registrations"),
        json!({}),
    )
    .await
}

fn count(actions: &[String], action: &str) -> usize {
    actions.iter().filter(|found| *found == action).count()
}

#[tokio::test]
async fn a_trainer_creates_a_session_and_a_partner_developer_registers_for_it_once() {
    for backend in backends() {
        let (app, clock) = app(&backend).await;
        let (trainer_user, mut trainer) = app.signed_in(Role::Trainer).await;
        let created = session(
            &mut trainer,
            &clock,
            "FHIR basics workshop",
            48 * HOUR_MS,
            20,
        )
        .await;
        let id = created["id"].as_str().unwrap().to_owned();
        assert_eq!(created["kind"], "workshop");
        assert_eq!(created["capacity"], 20);
        assert_eq!(created["seats_left"], 20);
        assert_eq!(created["trainer_name"], trainer_user.name.as_str());
        assert!(created["cancelled_at"].is_null());

        let (developer, mut developer_client) = partner(
            &app,
            "dev@acme.example",
            Role::PartnerDeveloper,
            "Acme Clinic",
        )
        .await;
        let registered = register(&mut developer_client, &id).await;
        assert_eq!(
            registered.status,
            StatusCode::CREATED,
            "{}",
            registered.body
        );
        assert_eq!(registered.json()["user_id"], developer.id.as_str());
        assert!(registered.json()["attended"].is_null());
        // Registering again changes nothing.
        let again = register(&mut developer_client, &id).await;
        assert_eq!(again.status, StatusCode::OK, "{}", again.body);

        let listed = developer_client.get("/api/v1/training/sessions").await;
        assert_eq!(listed.status, StatusCode::OK, "{}", listed.body);
        let listed = listed.json();
        let mine = listed
            .as_array()
            .unwrap()
            .iter()
            .find(|session| session["id"] == id.as_str())
            .unwrap();
        assert_eq!(mine["seats_left"], 19);
        assert_eq!(mine["registration"]["user_id"], developer.id.as_str());
        assert_eq!(
            developer_client
                .get("/api/v1/training/sessions?when=past")
                .await
                .json(),
            json!([])
        );

        // The page shows the session with its kind's label, the seats and the way back out.
        let page = developer_client.get("/training/sessions").await;
        assert_eq!(page.status, StatusCode::OK);
        assert!(page.body.contains("FHIR basics workshop"), "{}", page.body);
        assert!(page.body.contains("Workshop"));
        assert!(page.body.contains("19 of 20"));
        assert!(page.body.contains("Cancel registration"));
        assert!(!page.body.contains("New session"), "partners create none");

        // A partner member registers through the page.
        let (_, mut member) = partner(
            &app,
            "member@acme.example",
            Role::PartnerMember,
            "Acme Clinic",
        )
        .await;
        let page = member.get("/training/sessions").await;
        assert!(page
            .body
            .contains(&format!("/training/sessions/{id}/register")));
        let done = member
            .post_form(&format!("/training/sessions/{id}/register"), &[])
            .await;
        assert_eq!(done.status, StatusCode::SEE_OTHER, "{}", done.body);
        assert_eq!(
            done.location(),
            Some(format!("/training/sessions/{id}?notice=registered").as_str())
        );
        let shown = member.get(done.location().unwrap()).await;
        assert!(shown.body.contains("You are registered"), "{}", shown.body);
        // …and takes it back.
        let undone = member
            .post_form(&format!("/training/sessions/{id}/unregister"), &[])
            .await;
        assert_eq!(undone.status, StatusCode::SEE_OTHER, "{}", undone.body);

        // The trainer's list offers the form; partners may not create.
        let page = trainer.get("/training/sessions").await;
        assert!(page.body.contains("New session"));
        let refused = post(
            &mut developer_client,
            "/api/v1/training/sessions",
            json!({"kind": "webinar", "title": "Mine", "starts_at": rfc3339(clock.now_ms() + HOUR_MS),
                   "ends_at": rfc3339(clock.now_ms() + 2 * HOUR_MS), "capacity": 5}),
        )
        .await;
        assert_eq!(refused.status, StatusCode::FORBIDDEN, "{}", refused.body);

        let actions = app.audit_actions().await;
        assert_eq!(count(&actions, "training_session.created"), 1);
        assert_eq!(count(&actions, "training_session.registered"), 2);
        assert_eq!(count(&actions, "training_session.unregistered"), 1);
    }
}

#[tokio::test]
async fn a_full_session_refuses_the_next_registration_with_a_conflict() {
    for backend in backends() {
        let (app, clock) = app(&backend).await;
        let (_, mut trainer) = app.signed_in(Role::Trainer).await;
        let created = session(&mut trainer, &clock, "Office hours", 24 * HOUR_MS, 2).await;
        let id = created["id"].as_str().unwrap().to_owned();
        for email in ["one@acme.example", "two@acme.example"] {
            let (_, mut client) = partner(&app, email, Role::PartnerDeveloper, "Acme Clinic").await;
            assert_eq!(register(&mut client, &id).await.status, StatusCode::CREATED);
        }
        let (_, mut third) = partner(
            &app,
            "three@lakeside.example",
            Role::PartnerAdmin,
            "Lakeside Health",
        )
        .await;
        let refused = register(&mut third, &id).await;
        assert_eq!(refused.status, StatusCode::CONFLICT, "{}", refused.body);
        assert_eq!(refused.content_type(), "application/problem+json");
        let problem = refused.json();
        assert_eq!(problem["code"], "resource.conflict");
        assert!(
            problem["detail"]
                .as_str()
                .unwrap()
                .contains("every seat of “Office hours” is taken"),
            "{problem}"
        );
        // The page says the same on the form, with the status.
        third.get(&format!("/training/sessions/{id}")).await;
        let page = third
            .post_form(&format!("/training/sessions/{id}/register"), &[])
            .await;
        assert_eq!(page.status, StatusCode::CONFLICT);
        assert!(page.body.contains("There is a problem"), "{}", page.body);
        assert!(page.body.contains("every seat of “Office hours” is taken"));
        let shown = third.get(&format!("/training/sessions/{id}")).await;
        assert!(shown.body.contains("Every seat is taken."));

        let read = third
            .get(&format!("/api/v1/training/sessions/{id}"))
            .await
            .json();
        assert_eq!(read["registered"], 2);
        assert_eq!(read["seats_left"], 0);
        assert!(read["registration"].is_null());
        assert_eq!(
            count(&app.audit_actions().await, "training_session.registered"),
            2
        );
    }
}

#[tokio::test]
async fn registrants_are_for_staff_and_a_partner_sees_only_their_own_registration() {
    for backend in backends() {
        let (app, clock) = app(&backend).await;
        let (_, mut trainer) = app.signed_in(Role::Trainer).await;
        let created = session(&mut trainer, &clock, "Bulk data webinar", 24 * HOUR_MS, 10).await;
        let id = created["id"].as_str().unwrap().to_owned();
        let (acme, mut acme_client) = partner(
            &app,
            "ada@acme.example",
            Role::PartnerDeveloper,
            "Acme Clinic",
        )
        .await;
        let (lakeside, mut lakeside_client) = partner(
            &app,
            "lin@lakeside.example",
            Role::PartnerAdmin,
            "Lakeside Health",
        )
        .await;
        assert_eq!(
            register(&mut acme_client, &id).await.status,
            StatusCode::CREATED
        );
        assert_eq!(
            register(&mut lakeside_client, &id).await.status,
            StatusCode::CREATED
        );

        // A partner reads the session with their own registration and nobody else's.
        let read = lakeside_client
            .get(&format!("/api/v1/training/sessions/{id}"))
            .await;
        assert_eq!(read.status, StatusCode::OK, "{}", read.body);
        let read = read.json();
        assert!(read.get("registrants").is_none(), "{read}");
        assert_eq!(read["registration"]["user_id"], lakeside.id.as_str());
        assert_eq!(
            read["registered"], 2,
            "the count is public, the names are not"
        );
        assert!(!read.to_string().contains(&acme.id));
        let page = lakeside_client
            .get(&format!("/training/sessions/{id}"))
            .await;
        assert_eq!(page.status, StatusCode::OK);
        assert!(!page.body.contains("ada@acme.example"));
        assert!(!page.body.contains("Acme Clinic"), "{}", page.body);
        assert!(!page.body.contains(&acme.name));
        assert!(!page.body.contains("Registered people"));

        // Staff see everyone, with their organizations.
        for role in [Role::Trainer, Role::SupportAgent] {
            let mut client = if role == Role::Trainer {
                trainer.clone()
            } else {
                app.signed_in(role).await.1
            };
            let read = client
                .get(&format!("/api/v1/training/sessions/{id}"))
                .await
                .json();
            let registrants = read["registrants"].as_array().unwrap();
            assert_eq!(registrants.len(), 2, "{read}");
            let organizations: Vec<&str> = registrants
                .iter()
                .map(|registrant| registrant["organization"].as_str().unwrap())
                .collect();
            assert_eq!(organizations, ["Acme Clinic", "Lakeside Health"]);
            let page = client.get(&format!("/training/sessions/{id}")).await;
            assert!(page.body.contains("Registered people"));
            assert!(page.body.contains("Acme Clinic") && page.body.contains("Lakeside Health"));
        }

        // Partners take no attendance and cancel nothing.
        let refused = post(
            &mut acme_client,
            &format!("/api/v1/training/sessions/{id}/attendance"),
            json!({"attendance": [{"user_id": acme.id, "attended": true}]}),
        )
        .await;
        assert_eq!(refused.status, StatusCode::FORBIDDEN);
        let refused = post(
            &mut acme_client,
            &format!("/api/v1/training/sessions/{id}/cancel"),
            json!({}),
        )
        .await;
        assert_eq!(refused.status, StatusCode::FORBIDDEN);
        // Staff register for nothing.
        assert_eq!(
            register(&mut trainer, &id).await.status,
            StatusCode::FORBIDDEN
        );
        // An unknown session is not found.
        let missing = acme_client
            .get("/api/v1/training/sessions/00000000-0000-4000-8000-000000000000")
            .await;
        assert_eq!(missing.status, StatusCode::NOT_FOUND);
    }
}

#[tokio::test]
async fn attendance_is_taken_once_the_session_starts_with_an_audit_event_per_person() {
    for backend in backends() {
        let (app, clock) = app(&backend).await;
        let (trainer_user, mut trainer) = app.signed_in(Role::Trainer).await;
        let created = session(&mut trainer, &clock, "Security workshop", 2 * HOUR_MS, 10).await;
        let id = created["id"].as_str().unwrap().to_owned();
        let (present, mut present_client) = partner(
            &app,
            "present@acme.example",
            Role::PartnerDeveloper,
            "Acme Clinic",
        )
        .await;
        let (absent, mut absent_client) = partner(
            &app,
            "absent@lakeside.example",
            Role::PartnerMember,
            "Lakeside Health",
        )
        .await;
        for client in [&mut present_client, &mut absent_client] {
            assert_eq!(register(client, &id).await.status, StatusCode::CREATED);
        }
        let attendance = format!("/api/v1/training/sessions/{id}/attendance");

        // Not before it starts.
        let early = post(
            &mut trainer,
            &attendance,
            json!({"attendance": [{"user_id": present.id, "attended": true}]}),
        )
        .await;
        assert_eq!(early.status, StatusCode::CONFLICT, "{}", early.body);
        assert!(early.json()["detail"]
            .as_str()
            .unwrap()
            .contains("has not started"));
        let page = trainer.get(&format!("/training/sessions/{id}")).await;
        assert!(page
            .body
            .contains("Attendance is taken once the session has started."));

        clock.advance(2 * HOUR_MS + 10 * 60_000);
        // Registration closed when it began.
        let (_, mut late) = partner(
            &app,
            "late@acme.example",
            Role::PartnerDeveloper,
            "Acme Clinic",
        )
        .await;
        let refused = register(&mut late, &id).await;
        assert_eq!(refused.status, StatusCode::CONFLICT);
        assert!(refused.json()["detail"]
            .as_str()
            .unwrap()
            .contains("has started"));
        // Nor may a registration be taken back now.
        let kept = absent_client
            .send_json(
                Method::DELETE,
                &format!("/api/v1/training/sessions/{id}/registrations"),
                "{}",
            )
            .await;
        assert_eq!(kept.status, StatusCode::CONFLICT, "{}", kept.body);

        // Someone not registered is named.
        let unknown = post(
            &mut trainer,
            &attendance,
            json!({"attendance": [{"user_id": trainer_user.id, "attended": true}]}),
        )
        .await;
        assert_eq!(unknown.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(
            unknown.json()["errors"][0]["field"],
            "attendance[0].user_id"
        );

        // The trainer's page: a box per person; ticking one marks the others absent.
        let page = trainer.get(&format!("/training/sessions/{id}")).await;
        assert!(page.body.contains("Record attendance"), "{}", page.body);
        assert!(page.body.contains(&format!("value=\"{}\"", present.id)));
        let recorded = trainer
            .post_form(
                &format!("/training/sessions/{id}/attendance"),
                &[("attended", present.id.as_str())],
            )
            .await;
        assert_eq!(recorded.status, StatusCode::SEE_OTHER, "{}", recorded.body);
        assert_eq!(
            recorded.location(),
            Some(format!("/training/sessions/{id}?notice=attendance_saved").as_str())
        );

        let read = trainer
            .get(&format!("/api/v1/training/sessions/{id}"))
            .await
            .json();
        let attended = |user_id: &str| {
            read["registrants"]
                .as_array()
                .unwrap()
                .iter()
                .find(|registrant| registrant["user_id"] == user_id)
                .unwrap()["attended"]
                .clone()
        };
        assert_eq!(attended(&present.id), json!(true));
        assert_eq!(attended(&absent.id), json!(false));
        let own = present_client
            .get(&format!("/api/v1/training/sessions/{id}"))
            .await
            .json();
        assert_eq!(own["registration"]["attended"], true);
        let page = absent_client.get(&format!("/training/sessions/{id}")).await;
        assert!(page.body.contains("Absent"), "{}", page.body);

        // A correction through the API replaces the mark.
        let corrected = post(
            &mut trainer,
            &attendance,
            json!({"attendance": [{"user_id": absent.id, "attended": true}]}),
        )
        .await;
        assert_eq!(corrected.status, StatusCode::OK, "{}", corrected.body);
        assert!(corrected
            .json()
            .as_array()
            .unwrap()
            .iter()
            .all(|registrant| registrant["attended"] == true));

        let events = onramp_store::platform::audit::list(
            app.state.store.pool(),
            &onramp_store::platform::audit::AuditFilter::default(),
            1000,
            0,
        )
        .await
        .unwrap()
        .events;
        let marks: Vec<_> = events
            .iter()
            .filter(|event| event.action == "training_session.attendance_recorded")
            .collect();
        assert_eq!(marks.len(), 3, "one per person marked, each time");
        assert!(marks.iter().all(|event| event.entity_id == id
            && event.actor_id.as_deref() == Some(trainer_user.id.as_str())));
        assert!(marks
            .iter()
            .any(|event| event.summary.contains("as absent from")
                && event.organization_id == absent.organization_id));
    }
}

#[tokio::test]
async fn a_cancelled_session_refuses_registration_and_its_registrants_are_emailed() {
    for backend in backends() {
        let (app, clock) = app(&backend).await;
        let (_, mut admin) = app.signed_in(Role::ProgramAdmin).await;
        let created = session(&mut admin, &clock, "Go-live clinic", 24 * HOUR_MS, 10).await;
        let id = created["id"].as_str().unwrap().to_owned();
        let (_, mut registered) = partner(
            &app,
            "kim@acme.example",
            Role::PartnerDeveloper,
            "Acme Clinic",
        )
        .await;
        assert_eq!(
            register(&mut registered, &id).await.status,
            StatusCode::CREATED
        );

        // The page asks first.
        admin.get(&format!("/training/sessions/{id}")).await;
        let asked = admin
            .post_form(&format!("/training/sessions/{id}/cancel"), &[])
            .await;
        assert_eq!(asked.status, StatusCode::OK);
        assert!(
            asked.body.contains("Cancel “Go-live clinic”?"),
            "{}",
            asked.body
        );
        assert!(asked.body.contains("The one person registered is emailed."));
        let cancelled = admin
            .post_form(
                &format!("/training/sessions/{id}/cancel"),
                &[("confirmed", "yes")],
            )
            .await;
        assert_eq!(
            cancelled.status,
            StatusCode::SEE_OTHER,
            "{}",
            cancelled.body
        );

        let (_, mut newcomer) = partner(
            &app,
            "sam@lakeside.example",
            Role::PartnerDeveloper,
            "Lakeside Health",
        )
        .await;
        let refused = register(&mut newcomer, &id).await;
        assert_eq!(refused.status, StatusCode::CONFLICT);
        assert!(refused.json()["detail"]
            .as_str()
            .unwrap()
            .contains("is cancelled"));
        let again = post(
            &mut admin,
            &format!("/api/v1/training/sessions/{id}/cancel"),
            json!({}),
        )
        .await;
        assert_eq!(again.status, StatusCode::CONFLICT);
        let page = newcomer.get("/training/sessions").await;
        assert!(page.body.contains("Cancelled"));
        assert!(!page
            .body
            .contains(&format!("/training/sessions/{id}/register")));

        let mails = app.mails().await;
        let notice = mails
            .iter()
            .find(|mail| mail.contains("kim@acme.example"))
            .expect("the registered person is emailed");
        assert!(notice.contains("Cancelled: Go-live clinic"), "{notice}");
        assert!(!mails
            .iter()
            .any(|mail| mail.contains("sam@lakeside.example")));
        assert_eq!(
            count(&app.audit_actions().await, "training_session.cancelled"),
            1
        );
        let ics = registered
            .get(&format!("/training/sessions/{id}/calendar.ics"))
            .await;
        assert!(
            ics.body.contains("\r\nSTATUS:CANCELLED\r\n"),
            "{}",
            ics.body
        );
    }
}

/// The physical lines of a calendar file (each must end in CRLF).
fn physical_lines(ics: &str) -> Vec<&str> {
    assert!(ics.ends_with("\r\n"));
    ics.trim_end_matches("\r\n").split("\r\n").collect()
}

/// The content lines, continuation lines joined back (RFC 5545 §3.1).
fn unfolded(ics: &str) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    for line in physical_lines(ics) {
        match line.strip_prefix(' ') {
            Some(rest) => lines.last_mut().unwrap().push_str(rest),
            None => lines.push(line.to_owned()),
        }
    }
    lines
}

#[tokio::test]
async fn the_calendar_file_is_one_folded_event_in_utc() {
    for backend in backends() {
        let (app, clock) = app(&backend).await;
        let (_, mut trainer) = app.signed_in(Role::Trainer).await;
        let title =
            "SMART on FHIR, Bulk Data; and the US Core profiles — a full day of hands-on exercises";
        let created = session(&mut trainer, &clock, title, 72 * HOUR_MS, 30).await;
        let id = created["id"].as_str().unwrap().to_owned();
        let starts_at = created["starts_at"].as_i64().unwrap();
        let (_, mut reader) =
            partner(&app, "cal@acme.example", Role::PartnerMember, "Acme Clinic").await;
        let response = reader
            .get(&format!("/training/sessions/{id}/calendar.ics"))
            .await;
        assert_eq!(response.status, StatusCode::OK);
        assert_eq!(response.content_type(), "text/calendar; charset=utf-8");
        assert!(response
            .headers
            .get(header::CONTENT_DISPOSITION)
            .unwrap()
            .to_str()
            .unwrap()
            .starts_with("attachment"));

        let ics = &response.body;
        for line in physical_lines(ics) {
            assert!(line.len() <= 75, "longer than 75 octets: {line:?}");
            assert!(!line.contains('\n') && !line.contains('\r'));
        }
        assert!(
            physical_lines(ics).iter().any(|line| line.starts_with(' ')),
            "the long summary is folded"
        );
        let lines = unfolded(ics);
        assert_eq!(lines.first().map(String::as_str), Some("BEGIN:VCALENDAR"));
        assert_eq!(lines.last().map(String::as_str), Some("END:VCALENDAR"));
        assert!(lines.contains(&"VERSION:2.0".to_owned()));
        assert_eq!(
            lines.iter().filter(|line| *line == "BEGIN:VEVENT").count(),
            1
        );
        let value = |name: &str| {
            lines
                .iter()
                .find_map(|line| line.strip_prefix(&format!("{name}:")))
                .unwrap_or_else(|| panic!("no {name} in {lines:?}"))
                .to_owned()
        };
        let utc = |ms: i64| {
            jiff::Timestamp::from_millisecond(ms)
                .unwrap()
                .strftime("%Y%m%dT%H%M%SZ")
                .to_string()
        };
        assert_eq!(value("UID"), format!("{id}@onramp.test"));
        assert_eq!(value("DTSTART"), utc(starts_at));
        assert_eq!(value("DTEND"), utc(starts_at + 3 * HOUR_MS / 2));
        assert_eq!(value("DTSTAMP"), utc(clock.now_ms()));
        assert_eq!(
            value("SUMMARY"),
            "SMART on FHIR\\, Bulk Data\\; and the US Core profiles — a full day of hands-on exercises"
        );
        assert_eq!(value("LOCATION"), "Room 4\\, Main St");
        assert!(value("DESCRIPTION").starts_with("Bring a laptop.\\n\\nWorkshop."));
        assert_eq!(value("STATUS"), "CONFIRMED");

        let missing = reader
            .get("/training/sessions/00000000-0000-4000-8000-000000000000/calendar.ics")
            .await;
        assert_eq!(missing.status, StatusCode::NOT_FOUND);
    }
}

#[tokio::test]
async fn the_create_form_names_each_wrong_field_and_keeps_the_input() {
    for backend in backends() {
        let (app, clock) = app(&backend).await;
        let (_, mut trainer) = app.signed_in(Role::Trainer).await;
        trainer.get("/training/sessions").await;
        let refused = trainer
            .post_form(
                "/training/sessions",
                &[
                    ("kind", "lecture"),
                    ("title", "  "),
                    ("location", "Room <4>"),
                    ("starts_at", "tomorrow"),
                    ("ends_at", ""),
                    ("capacity", "0"),
                    ("course_key", "fhir-basics"),
                ],
            )
            .await;
        assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
        let body = &refused.body;
        assert!(body.contains("There is a problem"), "{body}");
        for field in [
            "kind",
            "title",
            "starts_at",
            "ends_at",
            "capacity",
            "module_key",
        ] {
            assert!(
                body.contains(&format!("href=\"#{field}\"")),
                "no summary entry for {field}: {body}"
            );
            assert!(
                body.contains(&format!("aria-describedby=\"{field}-error\"")),
                "{field} is not marked"
            );
        }
        assert!(body.contains("choose a session kind: Workshop, Webinar or Office hours"));
        assert!(
            body.contains("value=\"Room &lt;4&gt;\""),
            "the input is kept"
        );
        assert!(!body.contains("office_hours\" selected"), "nothing chosen");

        // An end before the start is named; times are read in the reader's zone (UTC here).
        let start = jiff::Timestamp::from_millisecond(clock.now_ms() + 24 * HOUR_MS).unwrap();
        let at = |timestamp: jiff::Timestamp| timestamp.strftime("%Y-%m-%d %H:%M").to_string();
        let backwards = trainer
            .post_form(
                "/training/sessions",
                &[
                    ("kind", "office_hours"),
                    ("title", "Ask us anything"),
                    ("starts_at", &at(start)),
                    ("ends_at", &at(start)),
                    ("capacity", "15"),
                ],
            )
            .await;
        assert_eq!(backwards.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(backwards.body.contains("a time after the session starts"));

        let end = start
            .checked_add(jiff::SignedDuration::from_hours(1))
            .unwrap();
        let created = trainer
            .post_form(
                "/training/sessions",
                &[
                    ("kind", "office_hours"),
                    ("title", "Ask us anything"),
                    ("starts_at", &at(start)),
                    ("ends_at", &at(end)),
                    ("capacity", "15"),
                ],
            )
            .await;
        assert_eq!(created.status, StatusCode::SEE_OTHER, "{}", created.body);
        let shown = trainer.get(created.location().unwrap()).await;
        assert!(shown.body.contains("The session is created."));
        assert!(shown.body.contains("Office hours"), "the kind's label");
        assert!(
            !shown.body.contains("office_hours<"),
            "never the stored name"
        );

        // The API names fields too.
        let refused = post(
            &mut trainer,
            "/api/v1/training/sessions",
            json!({"kind": "webinar", "title": "Too big", "starts_at": rfc3339(clock.now_ms() + HOUR_MS),
                   "ends_at": rfc3339(clock.now_ms() + 2 * HOUR_MS), "capacity": 10_001}),
        )
        .await;
        assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
        let problem = refused.json();
        assert_eq!(problem["code"], "request.invalid");
        assert_eq!(problem["errors"][0]["field"], "capacity", "{problem}");
        let past = post(
            &mut trainer,
            "/api/v1/training/sessions",
            json!({"kind": "webinar", "title": "Yesterday", "starts_at": rfc3339(clock.now_ms() - HOUR_MS),
                   "ends_at": rfc3339(clock.now_ms() + HOUR_MS), "capacity": 10}),
        )
        .await;
        assert_eq!(past.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(past.json()["errors"][0]["field"], "starts_at");
        assert_eq!(
            count(&app.audit_actions().await, "training_session.created"),
            1
        );
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn concurrent_registrations_never_take_more_seats_than_the_session_has() {
    for backend in backends() {
        let (app, clock) = app(&backend).await;
        let (_, mut trainer) = app.signed_in(Role::Trainer).await;
        let created = session(&mut trainer, &clock, "Small room", 24 * HOUR_MS, 1).await;
        let id = created["id"].as_str().unwrap().to_owned();
        let first = app
            .user(
                "first@acme.example",
                Role::PartnerDeveloper,
                Some("Acme Clinic"),
            )
            .await;
        let second = app
            .user(
                "second@lakeside.example",
                Role::PartnerDeveloper,
                Some("Lakeside Health"),
            )
            .await;

        // The first registration holds the last seat, uncommitted, while the second tries: it
        // waits (for the session's row lock on PostgreSQL, the write lock on SQLite), then finds
        // the session full.
        let store = app.state.store.clone();
        let mut holding = store.begin().await.unwrap();
        let taken = onramp_store::training::sessions::register(
            &mut holding,
            &id,
            &first.id,
            first.organization_id.as_deref().unwrap(),
        )
        .await
        .unwrap();
        assert_eq!(
            taken,
            onramp_store::training::sessions::Registered::Registered
        );
        let (second_store, second_id) = (store.clone(), id.clone());
        let waiting = tokio::spawn(async move {
            let mut tx = second_store.begin().await.unwrap();
            let outcome = onramp_store::training::sessions::register(
                &mut tx,
                &second_id,
                &second.id,
                second.organization_id.as_deref().unwrap(),
            )
            .await;
            tx.commit().await.unwrap();
            outcome
        });
        tokio::time::sleep(std::time::Duration::from_millis(200)).await;
        holding.commit().await.unwrap();
        assert_eq!(
            waiting.await.unwrap().unwrap(),
            onramp_store::training::sessions::Registered::Full,
            "{backend:?}"
        );

        // Through HTTP, many at once: exactly the seats are taken, the rest are told 409.
        let created = session(&mut trainer, &clock, "Medium room", 24 * HOUR_MS, 3).await;
        let id = created["id"].as_str().unwrap().to_owned();
        let mut clients = Vec::new();
        for n in 0..8 {
            let (_, client) = partner(
                &app,
                &format!("crowd{n}@acme.example"),
                Role::PartnerMember,
                "Acme Clinic",
            )
            .await;
            clients.push(client);
        }
        let mut attempts = tokio::task::JoinSet::new();
        for mut client in clients {
            let id = id.clone();
            attempts.spawn(async move { register(&mut client, &id).await.status });
        }
        let mut statuses = Vec::new();
        while let Some(status) = attempts.join_next().await {
            statuses.push(status.unwrap());
        }
        let registered = statuses
            .iter()
            .filter(|status| **status == StatusCode::CREATED)
            .count();
        let refused = statuses
            .iter()
            .filter(|status| **status == StatusCode::CONFLICT)
            .count();
        assert_eq!((registered, refused), (3, 5), "{backend:?}: {statuses:?}");
        let read = trainer
            .get(&format!("/api/v1/training/sessions/{id}"))
            .await
            .json();
        assert_eq!(read["registered"], 3);
        assert_eq!(read["registrants"].as_array().unwrap().len(), 3);
    }
}
