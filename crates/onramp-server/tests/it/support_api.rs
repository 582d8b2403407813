//! The support desk's API end to end, on every backend: the SLA preview anyone calls without a
//! token (the wire example, a 24/7 calendar, every problem of a bad body at its path); a partner
//! opening a ticket, staff working it from the queue with an internal note and a public reply, the
//! partner never getting the note and never reaching another organization's ticket; status moves
//! that pause the clock and a partner's reply that opens the ticket again; assignment, the SLA
//! policies and the report.

use axum::http::{Method, StatusCode};
use onramp_core::Role;
use serde_json::{json, Value};

use crate::support::{backends, Client, TestApp, TestResponse, PASSWORD};

const PROBLEM_JSON: &str = "application/problem+json";

async fn send(client: &mut Client, method: Method, path: &str, body: Value) -> TestResponse {
    client.send_json(method, path, &body.to_string()).await
}

/// A partner person of `organization` (created when new), signed in.
async fn partner(app: &TestApp, email: &str, role: Role, organization: &str) -> Client {
    app.user(email, role, Some(organization)).await;
    let mut client = app.client();
    assert_eq!(
        client.login(email, PASSWORD).await.status,
        StatusCode::SEE_OTHER
    );
    client
}

fn assert_problem(response: &TestResponse, status: StatusCode) -> Value {
    assert_eq!(response.status, status, "{}", response.body);
    assert_eq!(response.content_type(), PROBLEM_JSON, "{}", response.body);
    response.json()
}

/// The `field`s of a problem's `errors`, in order.
fn error_fields(problem: &Value) -> Vec<String> {
    problem
        .get("errors")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(|error| error.get("field").and_then(Value::as_str))
        .map(str::to_owned)
        .collect()
}

fn ids(page: &Value) -> Vec<String> {
    page["tickets"]
        .as_array()
        .unwrap()
        .iter()
        .map(|ticket| ticket["id"].as_str().unwrap().to_owned())
        .collect()
}

/// Opens a ticket as `client`; its id.
async fn open_ticket(client: &mut Client, subject: &str) -> String {
    let opened = send(
        client,
        Method::POST,
        "/api/v1/support/tickets",
        json!({
            "subject": subject,
            "description": "Our sandbox client gets 401 on every token request.",
            "severity": "normal",
            "category": "sandbox",
        }),
    )
    .await;
    assert_eq!(opened.status, StatusCode::CREATED, "{}", opened.body);
    opened.json()["id"].as_str().unwrap().to_owned()
}

#[tokio::test]
async fn the_sla_preview_needs_no_token_and_reports_every_problem_at_its_path() {
    for backend in backends() {
        let app = TestApp::new(&backend).await;
        let mut anyone = app.client();

        let example = json!({
            "calendar": {
                "time_zone": "Europe/Paris",
                "days": ["mon", "tue", "wed", "thu", "fri"],
                "open": "09:00",
                "close": "17:00",
                "holidays": ["2026-12-25"],
            },
            "target_minutes": 240,
            "opened": "2026-12-07T15:05:00+01:00",
            "pauses": [["2026-12-08T09:00:00+01:00", "2026-12-08T11:10:00+01:00"]],
        });
        let found = send(&mut anyone, Method::POST, "/api/v1/sla/preview", example).await;
        assert_eq!(found.status, StatusCode::OK, "{}", found.body);
        let found = found.json();
        assert_eq!(found["due"], "2026-12-08T12:15:00Z");
        let explanation = found["explanation"].as_str().unwrap();
        assert!(explanation.contains("paused 2 h 10 min"), "{explanation}");
        assert!(
            explanation.starts_with("due Tue 13:15 Europe/Paris (2026-12-08)"),
            "{explanation}"
        );

        // Around the clock: every minute counts, across midnight and the weekend.
        let always = json!({
            "calendar": {"time_zone": "UTC", "kind": "24x7"},
            "target_minutes": 5,
            "opened": "2026-12-05T23:58:00Z",
        });
        let found = send(&mut anyone, Method::POST, "/api/v1/sla/preview", always).await;
        assert_eq!(found.status, StatusCode::OK, "{}", found.body);
        assert_eq!(
            found.json(),
            json!({
                "due": "2026-12-06T00:03:00Z",
                "explanation": "due Sun 00:03 UTC (2026-12-06): 5 min around the clock from Sat 23:58 (2026-12-05)",
            })
        );

        // Every problem at once, each at its path.
        let bad = json!({
            "calendar": {
                "time_zone": "Mars/Base",
                "days": ["mon", "funday"],
                "open": "09:00",
                "close": "17:00",
            },
            "target_minutes": 0,
            "opened": "yesterday",
            "pauses": [["2026-12-08T10:00:00Z", "2026-12-08T09:00:00Z"]],
        });
        let refused = send(&mut anyone, Method::POST, "/api/v1/sla/preview", bad).await;
        let problem = assert_problem(&refused, StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(problem["code"], "request.invalid");
        assert_eq!(
            error_fields(&problem),
            [
                "calendar.time_zone",
                "calendar.days[1]",
                "target_minutes",
                "opened",
                "pauses[0]"
            ]
        );
        assert!(refused.body.contains("funday"), "{}", refused.body);
        assert!(refused.body.contains("Mars/Base"), "{}", refused.body);

        // A 24x7 calendar with business hours, and an unknown field: refused, as problems.
        let mixed = json!({
            "calendar": {"time_zone": "UTC", "kind": "24x7", "days": ["mon"]},
            "target_minutes": 5,
            "opened": "2026-12-05T23:58:00Z",
        });
        let refused = send(&mut anyone, Method::POST, "/api/v1/sla/preview", mixed).await;
        let problem = assert_problem(&refused, StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(error_fields(&problem), ["calendar.days"]);
        let unknown = json!({
            "calendar": {"time_zone": "UTC", "kind": "24x7"},
            "target_minutes": 5,
            "opened": "2026-12-05T23:58:00Z",
            "deadline": "soon",
        });
        let refused = send(&mut anyone, Method::POST, "/api/v1/sla/preview", unknown).await;
        let problem = assert_problem(&refused, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(
            problem["detail"].as_str().unwrap().contains("deadline"),
            "{problem}"
        );
        let malformed = anyone
            .send_json(Method::POST, "/api/v1/sla/preview", "{\"calendar\": ")
            .await;
        let problem = assert_problem(&malformed, StatusCode::BAD_REQUEST);
        assert_eq!(problem["code"], "request.malformed");
    }
}

#[tokio::test]
async fn staff_work_a_partners_ticket_and_internal_notes_never_reach_the_partner() {
    for backend in backends() {
        let app = TestApp::new(&backend).await;
        let mut acme = partner(&app, "ada@acme.example", Role::PartnerAdmin, "Acme Clinic").await;
        let mut other = partner(
            &app,
            "bo@other.example",
            Role::PartnerDeveloper,
            "Other Hospital",
        )
        .await;
        let (_, mut staff) = app.signed_in(Role::SupportAgent).await;

        // The partner opens a ticket through the API.
        let opened = send(
            &mut acme,
            Method::POST,
            "/api/v1/support/tickets",
            json!({
                "subject": "Token endpoint answers 401",
                "description": "Our sandbox client gets 401 on every token request.",
                "severity": "high",
                "category": "sandbox",
                "links": [],
            }),
        )
        .await;
        assert_eq!(opened.status, StatusCode::CREATED, "{}", opened.body);
        let ticket = opened.json();
        let id = ticket["id"].as_str().unwrap().to_owned();
        let path = format!("/api/v1/support/tickets/{id}");
        assert_eq!(opened.location(), Some(path.as_str()));
        assert_eq!(ticket["status"], "new");
        assert_eq!(ticket["severity"], "high");
        assert_eq!(ticket["organization"]["name"], "Acme Clinic");
        let acme_id = ticket["organization"]["id"].clone();
        assert_eq!(ticket["source"], "partner");
        assert!(ticket["opened_at"].as_str().unwrap().ends_with('Z'));
        let metrics: Vec<&str> = ticket["targets"]
            .as_array()
            .unwrap()
            .iter()
            .map(|target| target["metric"].as_str().unwrap())
            .collect();
        assert!(
            metrics.contains(&"first_reply") && metrics.contains(&"resolution"),
            "{metrics:?}"
        );
        assert!(ticket["sla"]["due_at"].is_string(), "{ticket}");

        // Staff see it in the queue.
        let queue = staff.get("/api/v1/support/tickets?open=true").await;
        assert_eq!(queue.status, StatusCode::OK, "{}", queue.body);
        let queue = queue.json();
        assert!(ids(&queue).contains(&id), "{queue}");
        assert_eq!(queue["page"], 1);
        assert_eq!(queue["per_page"], 50);
        let filtered = staff
            .get("/api/v1/support/tickets?severity=high&status=new&per_page=10")
            .await
            .json();
        assert_eq!(ids(&filtered), [id.as_str()], "{filtered}");
        let none = staff
            .get("/api/v1/support/tickets?severity=low")
            .await
            .json();
        assert!(!ids(&none).contains(&id), "{none}");

        // An internal note, then a public reply.
        let note = "NOTE: their client id looks revoked, check the audit log";
        let noted = send(
            &mut staff,
            Method::POST,
            &format!("{path}/messages"),
            json!({"body": note, "internal": true}),
        )
        .await;
        assert_eq!(noted.status, StatusCode::CREATED, "{}", noted.body);
        assert!(noted.body.contains(note));
        let reply = "Could you send us the client id you use?";
        let replied = send(
            &mut staff,
            Method::POST,
            &format!("{path}/messages"),
            json!({"body": reply}),
        )
        .await;
        assert_eq!(replied.status, StatusCode::CREATED, "{}", replied.body);
        assert_eq!(replied.json()["status"], "open");

        // The partner reads the reply, never the note.
        let seen = acme.get(&path).await;
        assert_eq!(seen.status, StatusCode::OK, "{}", seen.body);
        assert!(!seen.body.contains(note), "{}", seen.body);
        assert!(!seen.body.contains("internal"), "{}", seen.body);
        let seen = seen.json();
        let messages = seen["messages"].as_array().unwrap();
        assert_eq!(messages.len(), 1, "{seen}");
        assert_eq!(messages[0]["body"], reply);
        assert_eq!(messages[0]["visibility"], "public");
        assert_eq!(messages[0]["author"]["staff"], true);
        let listed = acme.get("/api/v1/support/tickets").await;
        assert_eq!(listed.status, StatusCode::OK, "{}", listed.body);
        assert!(!listed.body.contains(note));
        assert_eq!(ids(&listed.json()), [id.as_str()]);

        // Staff read both.
        let staff_view = staff.get(&path).await;
        assert_eq!(staff_view.status, StatusCode::OK, "{}", staff_view.body);
        let staff_view = staff_view.json();
        let visibilities: Vec<(&str, &str)> = staff_view["messages"]
            .as_array()
            .unwrap()
            .iter()
            .map(|message| {
                (
                    message["visibility"].as_str().unwrap(),
                    message["body"].as_str().unwrap(),
                )
            })
            .collect();
        assert_eq!(visibilities, [("internal", note), ("public", reply)]);

        // A partner may not write an internal note, nor move the ticket.
        let refused = send(
            &mut acme,
            Method::POST,
            &format!("{path}/messages"),
            json!({"body": "a note of my own", "internal": true}),
        )
        .await;
        assert_problem(&refused, StatusCode::FORBIDDEN);
        let refused = send(
            &mut acme,
            Method::POST,
            &format!("{path}/messages"),
            json!({"body": "done", "status": "solved"}),
        )
        .await;
        assert_problem(&refused, StatusCode::FORBIDDEN);
        let refused = send(
            &mut acme,
            Method::POST,
            &format!("{path}/status"),
            json!({"status": "solved"}),
        )
        .await;
        assert_problem(&refused, StatusCode::FORBIDDEN);
        assert!(!acme.get(&path).await.body.contains("a note of my own"));

        // Another organization's partner finds nothing.
        assert_problem(&other.get(&path).await, StatusCode::NOT_FOUND);
        let refused = send(
            &mut other,
            Method::POST,
            &format!("{path}/messages"),
            json!({"body": "hello?"}),
        )
        .await;
        assert_problem(&refused, StatusCode::NOT_FOUND);
        let listed = other.get("/api/v1/support/tickets").await;
        assert_eq!(listed.status, StatusCode::OK, "{}", listed.body);
        let listed = listed.json();
        assert!(ids(&listed).is_empty(), "{listed}");
        assert_eq!(listed["total"], 0);
        // Whatever the filters say.
        let listed = other
            .get("/api/v1/support/tickets?severity=high&open=true")
            .await
            .json();
        assert!(ids(&listed).is_empty(), "{listed}");

        // A partner's ticket is always their own organization's, whatever they send.
        let opened = send(
            &mut other,
            Method::POST,
            "/api/v1/support/tickets",
            json!({
                "subject": "A question",
                "description": "How long is a sandbox kept?",
                "severity": "low",
                "category": "other",
                "organization_id": acme_id,
            }),
        )
        .await;
        assert_eq!(opened.status, StatusCode::CREATED, "{}", opened.body);
        assert_eq!(opened.json()["organization"]["name"], "Other Hospital");

        // Bad input is named field by field.
        let refused = send(
            &mut acme,
            Method::POST,
            "/api/v1/support/tickets",
            json!({"subject": " ", "description": "x", "severity": "urgent", "category": "misc"}),
        )
        .await;
        let problem = assert_problem(&refused, StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(error_fields(&problem), ["subject", "severity", "category"]);
        let refused = staff.get("/api/v1/support/tickets?sla=late&page=0").await;
        let problem = assert_problem(&refused, StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(error_fields(&problem), ["sla", "page"]);
        let refused = staff.get("/api/v1/support/tickets?open=maybe").await;
        assert_problem(&refused, StatusCode::BAD_REQUEST);
        let missing = staff
            .get("/api/v1/support/tickets/00000000-0000-4000-8000-000000000000")
            .await;
        assert_problem(&missing, StatusCode::NOT_FOUND);
    }
}

#[tokio::test]
async fn waiting_on_the_partner_pauses_the_clock_until_they_reply_and_bad_moves_conflict() {
    for backend in backends() {
        let app = TestApp::new(&backend).await;
        let mut acme = partner(&app, "ada@acme.example", Role::PartnerMember, "Acme Clinic").await;
        let (_, mut staff) = app.signed_in(Role::SupportAgent).await;
        let id = open_ticket(&mut acme, "Certificate upload fails").await;
        let path = format!("/api/v1/support/tickets/{id}");
        let status = |response: &TestResponse| response.json()["status"].clone();

        let moved = send(
            &mut staff,
            Method::POST,
            &format!("{path}/messages"),
            json!({"body": "Which file did you upload?", "status": "waiting_on_partner"}),
        )
        .await;
        assert_eq!(moved.status, StatusCode::CREATED, "{}", moved.body);
        assert_eq!(status(&moved), "waiting_on_partner");
        let waiting = moved.json();
        let states: Vec<(&str, &str)> = waiting["targets"]
            .as_array()
            .unwrap()
            .iter()
            .map(|target| {
                (
                    target["metric"].as_str().unwrap(),
                    target["state"].as_str().unwrap(),
                )
            })
            .collect();
        assert!(states.contains(&("first_reply", "achieved")), "{states:?}");
        assert!(states.contains(&("resolution", "paused")), "{states:?}");
        assert!(waiting["sla"]["due_at"].is_null(), "{waiting}");
        let paused = staff.get("/api/v1/support/tickets?sla=paused").await.json();
        assert_eq!(ids(&paused), [id.as_str()]);

        // The partner answers: the ticket is open again and its clock runs.
        let answered = send(
            &mut acme,
            Method::POST,
            &format!("{path}/messages"),
            json!({"body": "The PEM file from our CA."}),
        )
        .await;
        assert_eq!(answered.status, StatusCode::CREATED, "{}", answered.body);
        assert_eq!(status(&answered), "open");
        let reopened = staff.get(&path).await.json();
        assert_eq!(reopened["status"], "open");
        assert!(reopened["sla"]["due_at"].is_string(), "{reopened}");
        assert!(ids(&staff.get("/api/v1/support/tickets?sla=paused").await.json()).is_empty());

        // Moves by the status operation: allowed ones answer the ticket, others conflict.
        let moved = send(
            &mut staff,
            Method::POST,
            &format!("{path}/status"),
            json!({"status": "waiting_on_partner"}),
        )
        .await;
        assert_eq!(moved.status, StatusCode::OK, "{}", moved.body);
        assert_eq!(status(&moved), "waiting_on_partner");
        let refused = send(
            &mut staff,
            Method::POST,
            &format!("{path}/status"),
            json!({"status": "closed"}),
        )
        .await;
        assert_problem(&refused, StatusCode::CONFLICT);
        let refused = send(
            &mut staff,
            Method::POST,
            &format!("{path}/status"),
            json!({"status": "archived"}),
        )
        .await;
        let problem = assert_problem(&refused, StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(error_fields(&problem), ["status"]);
        let solved = send(
            &mut staff,
            Method::POST,
            &format!("{path}/status"),
            json!({"status": "solved"}),
        )
        .await;
        assert_eq!(solved.status, StatusCode::OK, "{}", solved.body);
        let solved = solved.json();
        assert_eq!(solved["status"], "solved");
        assert!(solved["solved_at"].is_string(), "{solved}");
        let partner_view = acme.get(&path).await.json();
        assert_eq!(partner_view["reopenable"], true);
        let refused = send(
            &mut staff,
            Method::POST,
            &format!("{path}/status"),
            json!({"status": "waiting_on_partner"}),
        )
        .await;
        assert_problem(&refused, StatusCode::CONFLICT);
        let closed = send(
            &mut staff,
            Method::POST,
            &format!("{path}/status"),
            json!({"status": "closed"}),
        )
        .await;
        assert_eq!(closed.status, StatusCode::OK, "{}", closed.body);
        let refused = send(
            &mut acme,
            Method::POST,
            &format!("{path}/messages"),
            json!({"body": "one more thing"}),
        )
        .await;
        assert_problem(&refused, StatusCode::CONFLICT);
        let missing = send(
            &mut staff,
            Method::POST,
            "/api/v1/support/tickets/00000000-0000-4000-8000-000000000000/status",
            json!({"status": "open"}),
        )
        .await;
        assert_problem(&missing, StatusCode::NOT_FOUND);
    }
}

#[tokio::test]
async fn staff_assign_tickets_read_the_policies_and_the_report_and_admins_store_policies() {
    for backend in backends() {
        let app = TestApp::new(&backend).await;
        let mut acme = partner(&app, "ada@acme.example", Role::PartnerAdmin, "Acme Clinic").await;
        let (agent, mut staff) = app.signed_in(Role::SupportAgent).await;
        let (_, mut admin) = app.signed_in(Role::ProgramAdmin).await;
        let id = open_ticket(&mut acme, "Where is our sandbox?").await;
        let path = format!("/api/v1/support/tickets/{id}");

        // Assignment: only what is sent changes.
        let assigned = send(
            &mut staff,
            Method::POST,
            &format!("{path}/assignment"),
            json!({"assignee_id": agent.id, "tags": ["VIP", "sandbox"]}),
        )
        .await;
        assert_eq!(assigned.status, StatusCode::OK, "{}", assigned.body);
        let assigned = assigned.json();
        assert_eq!(assigned["assignee"]["id"], agent.id.as_str());
        assert_eq!(assigned["tags"], json!(["sandbox", "vip"]));
        assert_eq!(assigned["group"]["key"], "support");
        let mine = staff
            .get("/api/v1/support/tickets?assignee=me")
            .await
            .json();
        assert_eq!(ids(&mine), [id.as_str()]);
        let retagged = send(
            &mut staff,
            Method::POST,
            &format!("{path}/assignment"),
            json!({"tags": []}),
        )
        .await
        .json();
        assert_eq!(retagged["tags"], json!([]));
        assert_eq!(retagged["assignee"]["id"], agent.id.as_str());
        let refused = send(
            &mut staff,
            Method::POST,
            &format!("{path}/assignment"),
            json!({"group": "nope", "assignee_id": "nobody", "tags": ["two words"]}),
        )
        .await;
        let problem = assert_problem(&refused, StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(error_fields(&problem), ["tags[0]"]);
        let refused = send(
            &mut staff,
            Method::POST,
            &format!("{path}/assignment"),
            json!({"group": "nope", "assignee_id": "nobody"}),
        )
        .await;
        let problem = assert_problem(&refused, StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(error_fields(&problem), ["group", "assignee_id"]);
        let refused = send(
            &mut acme,
            Method::POST,
            &format!("{path}/assignment"),
            json!({"tags": ["mine"]}),
        )
        .await;
        assert_problem(&refused, StatusCode::FORBIDDEN);

        // The policies: the defaults on their calendars.
        let listed = staff.get("/api/v1/support/policies").await;
        assert_eq!(listed.status, StatusCode::OK, "{}", listed.body);
        let listed = listed.json();
        let calendars = listed["calendars"].as_array().unwrap();
        assert_eq!(calendars.len(), 2, "{listed}");
        let always = calendars
            .iter()
            .find(|calendar| calendar["calendar"]["kind"] == "24x7")
            .unwrap();
        assert_eq!(
            always["calendar"],
            json!({"time_zone": "UTC", "kind": "24x7"})
        );
        assert_eq!(always["description"], "around the clock (24/7), UTC");
        let business = calendars
            .iter()
            .find(|calendar| calendar["calendar"]["kind"].is_null())
            .unwrap();
        assert_eq!(business["calendar"]["open"], "09:00");
        let policies = listed["policies"].as_array().unwrap();
        assert_eq!(policies.len(), 4, "{listed}");
        assert!(policies.iter().all(|policy| policy["scope"] == "default"));
        let critical = &policies[0];
        assert_eq!(critical["severity"], "critical");
        assert_eq!(critical["first_reply_minutes"], 10);
        assert_eq!(critical["calendar_id"], always["id"]);
        let normal = policies
            .iter()
            .find(|policy| policy["severity"] == "normal")
            .unwrap();
        assert!(normal["periodic_update_minutes"].is_null(), "{normal}");

        // A program admin stores a tier's policy; a support agent may not.
        let body = json!({
            "tier": "gold",
            "severity": "high",
            "calendar_id": always["id"],
            "first_reply_minutes": 30,
            "resolution_minutes": 480,
            "warn_before_minutes": 10,
            "escalate_every_minutes": 30,
            "partner_wait_minutes": 600,
        });
        let refused = send(
            &mut staff,
            Method::POST,
            "/api/v1/support/policies",
            body.clone(),
        )
        .await;
        assert_problem(&refused, StatusCode::FORBIDDEN);
        let saved = send(&mut admin, Method::POST, "/api/v1/support/policies", body).await;
        assert_eq!(saved.status, StatusCode::OK, "{}", saved.body);
        let saved_id = saved.json()["id"].as_str().unwrap().to_owned();
        let listed = staff.get("/api/v1/support/policies").await.json();
        let gold = listed["policies"]
            .as_array()
            .unwrap()
            .iter()
            .find(|policy| policy["id"] == saved_id.as_str())
            .unwrap()
            .clone();
        assert_eq!(gold["scope"], "tier:gold");
        assert_eq!(gold["first_reply_minutes"], 30);
        assert!(gold["next_reply_minutes"].is_null(), "{gold}");
        assert_eq!(gold["partner_wait_minutes"], 600);
        let refused = send(
            &mut admin,
            Method::POST,
            "/api/v1/support/policies",
            json!({
                "severity": "dire",
                "calendar_id": "none",
                "first_reply_minutes": 0,
                "warn_before_minutes": -1,
                "escalate_every_minutes": 0,
                "partner_wait_minutes": 0,
            }),
        )
        .await;
        let problem = assert_problem(&refused, StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(
            error_fields(&problem),
            [
                "severity",
                "calendar_id",
                "first_reply_minutes",
                "warn_before_minutes",
                "escalate_every_minutes"
            ]
        );

        // The report.
        let report = staff.get("/api/v1/support/reports/sla?days=7").await;
        assert_eq!(report.status, StatusCode::OK, "{}", report.body);
        let report = report.json();
        let backlog = report["backlog"].as_array().unwrap();
        assert_eq!(backlog.len(), 7, "{report}");
        let today = &backlog[6];
        assert_eq!(today["opened"], 1, "{report}");
        assert_eq!(today["open_at_end"], 1, "{report}");
        assert_eq!(today["day"].as_str().unwrap().len(), 10);
        assert_eq!(
            report["first_reply"]["buckets"].as_array().unwrap().len(),
            7
        );
        assert_eq!(report["first_reply"]["total"], 0);
        assert!(report["first_reply"]["median_minutes"].is_null());
        assert_eq!(
            report["satisfaction"],
            json!({"1": 0, "2": 0, "3": 0, "4": 0, "5": 0})
        );
        assert!(report["to"].as_str().unwrap().ends_with("T00:00:00Z"));
        let attainment = report["attainment"].as_array().unwrap();
        assert!(
            attainment
                .iter()
                .all(|row| row["severity"] == "normal" && row["group"] == "support"),
            "{report}"
        );
        let refused = staff.get("/api/v1/support/reports/sla?days=0").await;
        let problem = assert_problem(&refused, StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(error_fields(&problem), ["days"]);
        assert_problem(
            &acme.get("/api/v1/support/reports/sla").await,
            StatusCode::FORBIDDEN,
        );
        assert_problem(
            &acme.get("/api/v1/support/policies").await,
            StatusCode::FORBIDDEN,
        );
        assert_problem(
            &app.client().get("/api/v1/support/tickets").await,
            StatusCode::UNAUTHORIZED,
        );
    }
}

#[tokio::test]
async fn the_openapi_document_describes_the_support_operations() {
    let app = TestApp::new(&crate::support::TestBackend::Sqlite).await;
    let document = app.client().get("/api/v1/openapi.json").await.json();
    let operation = |method: &str, path: &str| {
        document
            .pointer(&format!("/paths/{}/{method}", path.replace('/', "~1")))
            .cloned()
            .unwrap_or_else(|| panic!("{method} {path} is not documented"))
    };
    for (method, path, id) in [
        ("post", "/api/v1/sla/preview", "previewSlaDueTime"),
        ("get", "/api/v1/support/tickets", "listSupportTickets"),
        ("post", "/api/v1/support/tickets", "openSupportTicket"),
        ("get", "/api/v1/support/tickets/{id}", "getSupportTicket"),
        (
            "post",
            "/api/v1/support/tickets/{id}/messages",
            "replyToSupportTicket",
        ),
        (
            "post",
            "/api/v1/support/tickets/{id}/status",
            "setSupportTicketStatus",
        ),
        (
            "post",
            "/api/v1/support/tickets/{id}/assignment",
            "assignSupportTicket",
        ),
        ("get", "/api/v1/support/policies", "listSlaPolicies"),
        ("post", "/api/v1/support/policies", "saveSlaPolicy"),
        ("get", "/api/v1/support/reports/sla", "getSupportSlaReport"),
    ] {
        let found = operation(method, path);
        assert_eq!(found["operationId"], id, "{method} {path}");
        assert_eq!(found["tags"], json!(["support"]), "{method} {path}");
    }
    // The preview is public; the others need a sign-in or a token.
    let preview = operation("post", "/api/v1/sla/preview");
    assert!(preview.get("security").is_none(), "{preview}");
    assert!(preview["responses"].get("401").is_none(), "{preview}");
    let opened = operation("post", "/api/v1/support/tickets");
    assert!(opened["responses"]["201"]["headers"]
        .get("Location")
        .is_some());
    assert!(opened["description"]
        .as_str()
        .unwrap()
        .contains("Attachments can only be sent through the portal"));
}
