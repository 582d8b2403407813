//! Helpers for the partner registry tests: a small DNS server on loopback that answers TXT
//! queries from a table the test fills, applying through the API, and reading emailed links.

use std::net::SocketAddr;
use std::sync::{Arc, Mutex};

use axum::http::{Method, StatusCode};
use hickory_proto::op::{Message, MessageType, ResponseCode};
use hickory_proto::rr::rdata::TXT;
use hickory_proto::rr::{RData, Record};
use onramp_core::Role;
use onramp_server::config::DnsResolver;

use crate::support::{Client, TestApp, TestBackend, PASSWORD};

/// TXT records the loopback DNS server serves: (domain, text).
#[derive(Clone, Default)]
pub struct TxtRecords(Arc<Mutex<Vec<(String, String)>>>);

impl TxtRecords {
    pub fn publish(&self, domain: &str, text: &str) {
        self.0
            .lock()
            .unwrap()
            .push((domain.to_owned(), text.to_owned()));
    }
}

/// Starts a DNS server on 127.0.0.1 (UDP) that answers TXT queries from `records`.
pub async fn dns_server(records: TxtRecords) -> SocketAddr {
    let socket = tokio::net::UdpSocket::bind("127.0.0.1:0").await.unwrap();
    let addr = socket.local_addr().unwrap();
    tokio::spawn(async move {
        let mut buffer = vec![0_u8; 2048];
        loop {
            let Ok((n, peer)) = socket.recv_from(&mut buffer).await else {
                return;
            };
            let Ok(query) = Message::from_vec(&buffer[..n]) else {
                continue;
            };
            let mut response = Message::new();
            response
                .set_id(query.id())
                .set_message_type(MessageType::Response)
                .set_op_code(query.op_code())
                .set_recursion_desired(query.recursion_desired())
                .set_recursion_available(true)
                .set_authoritative(true)
                .set_response_code(ResponseCode::NoError);
            response.add_queries(query.queries().to_vec());
            let table = records.0.lock().unwrap().clone();
            for question in query.queries() {
                let asked = question
                    .name()
                    .to_string()
                    .trim_end_matches('.')
                    .to_lowercase();
                for (domain, text) in &table {
                    if *domain == asked {
                        response.add_answer(Record::from_rdata(
                            question.name().clone(),
                            60,
                            RData::TXT(TXT::new(vec![text.clone()])),
                        ));
                    }
                }
            }
            let bytes = response.to_vec().unwrap();
            let _ = socket.send_to(&bytes, peer).await;
        }
    });
    addr
}

/// An app whose DNS verification asks the loopback server serving `records`.
pub async fn app_with_dns(backend: &TestBackend, records: &TxtRecords) -> TestApp {
    let addr = dns_server(records.clone()).await;
    TestApp::with_config(backend, |config| {
        config.dns_resolver = DnsResolver::Server(addr);
    })
    .await
}

/// A valid application for `name` at `domain`, contact `email`.
pub fn application(name: &str, domain: &str, email: &str) -> serde_json::Value {
    serde_json::json!({
        "legal_name": name,
        "category": "healthcare_organization",
        "org_type": "community_hospital",
        "size_band": "51-500",
        "country": "us",
        "region": "Ohio",
        "web_domain": domain,
        "identifiers": [{"system": "NPI", "value": "1234567893"}],
        "use_case": "Send lab results to the exchange",
        "timeline": "Live by Q3 2027",
        "contact_name": "Ada Admin",
        "contact_email": email,
        "directory_opt_in": true
    })
}

/// The token of the last emailed `/account/activate` link to `email`.
pub async fn activation_token(app: &TestApp, email: &str) -> String {
    let mail = app
        .mails()
        .await
        .into_iter()
        .rev()
        .find(|mail| mail.contains(email) && mail.contains("activate"))
        .unwrap_or_else(|| panic!("no activation mail to {email}"));
    let joined = mail
        .replace("=\r\n", "")
        .replace("=\n", "")
        .replace("=3D", "=");
    let start = joined.find("/account/activate?token=").unwrap() + "/account/activate?token=".len();
    let rest = &joined[start..];
    let end = rest.find(char::is_whitespace).unwrap_or(rest.len());
    rest[..end].to_owned()
}

/// Applies through the API, confirms the email with the emailed link, and signs the new partner
/// admin in. Returns the organization id and the signed-in client.
pub async fn applied_and_confirmed(
    app: &TestApp,
    name: &str,
    domain: &str,
    email: &str,
) -> (String, Client) {
    let mut anonymous = app.client();
    let applied = anonymous
        .send_json(
            Method::POST,
            "/api/v1/registrations",
            &application(name, domain, email).to_string(),
        )
        .await;
    assert_eq!(applied.status, StatusCode::ACCEPTED, "{}", applied.body);
    assert_eq!(applied.json()["state"], "received");
    let token = activation_token(app, email).await;
    let activated = anonymous
        .send_json(
            Method::POST,
            "/api/v1/activations",
            &serde_json::json!({"token": token, "name": "Ada Admin", "password": PASSWORD})
                .to_string(),
        )
        .await;
    assert_eq!(
        activated.status,
        StatusCode::NO_CONTENT,
        "{}",
        activated.body
    );
    let mut client = app.client();
    assert_eq!(
        client.login(email, PASSWORD).await.status,
        StatusCode::SEE_OTHER
    );
    let me = client.get("/api/v1/me").await;
    let organization_id = me.json()["organization_id"].as_str().unwrap().to_owned();
    (organization_id, client)
}

/// A staff client of `role`, signed in.
pub async fn staff(app: &TestApp, role: Role) -> Client {
    app.signed_in(role).await.1
}

/// Drafts and publishes a participation agreement as `admin`; returns its id.
pub async fn published_agreement(
    admin: &mut Client,
    kind: &str,
    resign_within_days: Option<i64>,
) -> String {
    let draft = admin
        .send_json(
            Method::POST,
            "/api/v1/agreements",
            &serde_json::json!({"kind": kind, "title": "Participation agreement", "body_markdown": "# Terms\n\nThe partner **agrees**.\n\n- to test first\n- to keep data safe"}).to_string(),
        )
        .await;
    assert_eq!(draft.status, StatusCode::CREATED, "{}", draft.body);
    let id = draft.json()["id"].as_str().unwrap().to_owned();
    let published = admin
        .send_json(
            Method::POST,
            &format!("/api/v1/agreements/{id}/publish"),
            &serde_json::json!({"resign_within_days": resign_within_days}).to_string(),
        )
        .await;
    assert_eq!(published.status, StatusCode::OK, "{}", published.body);
    id
}

/// A minimal PDF file.
pub const PDF: &[u8] =
    b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n";
/// The first bytes of a PNG file, enough to be recognised as one.
pub const PNG: &[u8] = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR";

/// Posts `bytes` as the `file` field of a multipart form (declared as `declared_type`) to
/// `path`, with the client's CSRF token in the query string when `with_token`.
pub async fn upload(
    client: &mut Client,
    path: &str,
    filename: &str,
    declared_type: &str,
    bytes: &[u8],
    with_token: bool,
) -> crate::support::TestResponse {
    let boundary = "onramp-test-boundary-7f3a";
    let mut body = Vec::new();
    body.extend_from_slice(
        format!(
            "--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"{filename}\"\r\nContent-Type: {declared_type}\r\n\r\n"
        )
        .as_bytes(),
    );
    body.extend_from_slice(bytes);
    body.extend_from_slice(format!("\r\n--{boundary}--\r\n").as_bytes());
    let uri = if with_token {
        let token = client.csrf_token.clone().unwrap_or_default();
        format!("{path}?csrf_token={token}")
    } else {
        path.to_owned()
    };
    client
        .send(
            axum::http::Request::post(uri)
                .header(
                    axum::http::header::CONTENT_TYPE,
                    format!("multipart/form-data; boundary={boundary}"),
                )
                .body(axum::body::Body::from(body))
                .unwrap(),
        )
        .await
}

/// The ids of the documents linked from a page, in order.
pub fn document_ids(page: &str) -> Vec<String> {
    page.match_indices("href=\"/documents/")
        .map(|(at, marker)| {
            let rest = &page[at + marker.len()..];
            rest[..rest.find('"').unwrap()].to_owned()
        })
        .collect()
}

/// Records a passing identifier check and approves the organization, as `reviewer`.
pub async fn approved(reviewer: &mut Client, organization_id: &str) {
    let evidence = reviewer
        .send_json(
            Method::POST,
            &format!("/api/v1/organizations/{organization_id}/evidence"),
            &serde_json::json!({"kind": "identifier", "system": "NPI", "value": "1234567893", "passed": true})
                .to_string(),
        )
        .await;
    assert_eq!(evidence.status, StatusCode::CREATED, "{}", evidence.body);
    for action in ["start_review", "approve"] {
        let decided = reviewer
            .send_json(
                Method::POST,
                &format!("/api/v1/organizations/{organization_id}/transitions"),
                &serde_json::json!({"action": action, "reason": "verified"}).to_string(),
            )
            .await;
        assert_eq!(decided.status, StatusCode::CREATED, "{}", decided.body);
    }
}

/// Posts `body` as JSON.
pub async fn post(
    client: &mut Client,
    path: &str,
    body: serde_json::Value,
) -> crate::support::TestResponse {
    client
        .send_json(Method::POST, path, &body.to_string())
        .await
}
