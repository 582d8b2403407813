//! The OpenAPI document (`/api/v1/openapi.json`) is right: every operation has a unique
//! `operationId` and a summary, query parameters are in the query and optional ones are not
//! required, and every operation lists the problem responses its route can give. Then outside
//! tools judge it: `openapi-spec-validator` validates it against the OpenAPI 3.1 schema,
//! `openapi-python-client` generates a client from it that imports and talks to a real server, and
//! schemathesis fuzzes a running server as a program admin and as a partner admin, finding no 5xx
//! and no answer the document does not describe. The tools are installed from PyPI into a virtual
//! environment under the target directory the first time (see [`python_tools`]); where that
//! cannot be done the tests say so and pass, except in CI, where they fail.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use axum::http::{Method, StatusCode};
use onramp_core::Role;
use onramp_server::web::access::Access;
use serde_json::Value;

use crate::support::{backends, TestApp, TestBackend};

const PROBLEM_JSON: &str = "application/problem+json";
const PROBLEM_SCHEMA: &str = "#/components/schemas/Problem";
const HTTP_METHODS: [&str; 8] = [
    "get", "put", "post", "delete", "options", "head", "patch", "trace",
];

/// The document as served.
async fn served_document() -> Value {
    let app = TestApp::new(&TestBackend::Sqlite).await;
    let response = app.client().get("/api/v1/openapi.json").await;
    assert_eq!(response.status, StatusCode::OK);
    response.json()
}

/// One operation of the document.
struct Operation<'a> {
    method: String,
    path: &'a str,
    operation: &'a Value,
}

impl Operation<'_> {
    fn name(&self) -> String {
        format!("{} {}", self.method.to_uppercase(), self.path)
    }

    fn parameters(&self) -> impl Iterator<Item = &Value> {
        self.operation["parameters"]
            .as_array()
            .into_iter()
            .flatten()
    }

    fn response(&self, status: &str) -> Option<&Value> {
        self.operation["responses"].get(status)
    }
}

fn operations(document: &Value) -> Vec<Operation<'_>> {
    let mut found = Vec::new();
    for (path, item) in document["paths"].as_object().unwrap() {
        for (method, operation) in item.as_object().unwrap() {
            assert!(
                HTTP_METHODS.contains(&method.as_str()),
                "{path}: `{method}` is not an HTTP method"
            );
            found.push(Operation {
                method: method.clone(),
                path,
                operation,
            });
        }
    }
    assert!(found.len() > 40, "only {} operations", found.len());
    found
}

#[tokio::test]
async fn every_operation_has_a_unique_readable_operation_id_and_a_summary() {
    let document = served_document().await;
    let mut ids: BTreeMap<String, String> = BTreeMap::new();
    let mut summaries: BTreeMap<String, String> = BTreeMap::new();
    for operation in operations(&document) {
        let name = operation.name();
        let id = operation.operation["operationId"]
            .as_str()
            .unwrap_or_else(|| panic!("{name} has no operationId"));
        // camelCase: a verb and what it acts on (`listOrganizations`), never a Rust fn name.
        assert!(
            id.len() >= 5
                && id.starts_with(|c: char| c.is_ascii_lowercase())
                && id.chars().all(|c| c.is_ascii_alphanumeric())
                && id.chars().any(|c| c.is_ascii_uppercase()),
            "{name}: operationId `{id}` is not camelCase verb + noun"
        );
        if let Some(other) = ids.insert(id.to_owned(), name.clone()) {
            panic!("operationId `{id}` is used by both {other} and {name}");
        }
        let summary = operation.operation["summary"]
            .as_str()
            .unwrap_or_else(|| panic!("{name} has no summary"));
        assert!(
            !summary.trim().is_empty() && !summary.contains('\n') && summary.len() <= 80,
            "{name}: summary `{summary}` should be one short line"
        );
        if let Some(other) = summaries.insert(summary.to_owned(), name.clone()) {
            panic!("summary `{summary}` is used by both {other} and {name}");
        }
    }
}

#[tokio::test]
async fn query_parameters_are_in_the_query_and_optional_ones_are_not_required() {
    let document = served_document().await;
    let mut query_parameters = BTreeSet::new();
    for operation in operations(&document) {
        let name = operation.name();
        let template_names: BTreeSet<&str> = operation
            .path
            .split('/')
            .filter_map(|segment| segment.strip_prefix('{')?.strip_suffix('}'))
            .collect();
        for parameter in operation.parameters() {
            let parameter_name = parameter["name"].as_str().unwrap();
            let location = parameter["in"].as_str().unwrap();
            if template_names.contains(parameter_name) {
                assert_eq!(location, "path", "{name}: {parameter_name}");
                assert_eq!(parameter["required"], true, "{name}: {parameter_name}");
                continue;
            }
            // Everything else the API reads from the URL is a query parameter, and every query
            // struct's field is an `Option`: none is required.
            assert_eq!(
                location, "query",
                "{name}: {parameter_name} is not `in: query`"
            );
            assert_ne!(
                parameter["required"], true,
                "{name}: the optional query parameter {parameter_name} is required"
            );
            query_parameters.insert(format!("{name} ?{parameter_name}"));
        }
        for template_name in template_names {
            assert!(
                operation
                    .parameters()
                    .any(|parameter| parameter["name"] == template_name),
                "{name}: the path parameter {template_name} is not described"
            );
        }
    }
    // The lists that take filters and paging describe them.
    for expected in [
        "GET /api/v1/organizations ?state",
        "GET /api/v1/organizations ?per_page",
        "GET /api/v1/organizations.csv ?country",
        "GET /api/v1/jobs ?state",
        "GET /api/v1/jobs ?page",
        "GET /api/v1/audit-events ?from",
        "GET /api/v1/audit-events ?per_page",
    ] {
        assert!(
            query_parameters.contains(expected),
            "{expected} is missing; found {query_parameters:?}"
        );
    }
}

/// Every 4xx an operation lists is problem details; and each lists those its route can give:
/// 422 everywhere (a control character in the path or query), 401 unless public, 403 when only
/// some roles may call it or when it writes (a session's write from another site), 400 and 413
/// when it takes a body, 400 when it takes query parameters, 404 when its path names a record,
/// and 429 where a rate limit applies.
#[tokio::test]
async fn every_operation_lists_the_problem_responses_its_route_can_give() {
    let document = served_document().await;
    let table = onramp_server::routes::table();
    let rate_limited = ["POST /api/v1/registrations", "POST /api/v1/invitations"];
    for operation in operations(&document) {
        let name = operation.name();
        let responses = operation.operation["responses"].as_object().unwrap();
        for (status, response) in responses {
            if !status.starts_with('4') {
                continue;
            }
            let content = response["content"].as_object();
            let media_types: Vec<&String> = content.into_iter().flat_map(|c| c.keys()).collect();
            assert_eq!(
                media_types,
                [PROBLEM_JSON],
                "{name}: {status} is not problem details"
            );
            assert_eq!(
                response["content"][PROBLEM_JSON]["schema"]["$ref"], PROBLEM_SCHEMA,
                "{name}: {status} does not use the Problem schema"
            );
            assert!(
                response["description"]
                    .as_str()
                    .is_some_and(|text| !text.trim().is_empty()),
                "{name}: {status} has no description"
            );
        }
        let route = table
            .iter()
            .find(|route| {
                route
                    .method
                    .as_str()
                    .eq_ignore_ascii_case(&operation.method)
                    && route.path == operation.path
            })
            .unwrap_or_else(|| panic!("{name} is not in the route table"));
        let writes = operation.method != "get";
        let mut expected = vec!["422"];
        if !matches!(route.access, Access::Public) {
            expected.push("401");
        }
        if matches!(route.access, Access::Staff | Access::Roles(_)) || writes {
            expected.push("403");
        }
        if operation.operation.get("requestBody").is_some() {
            expected.extend(["400", "413"]);
        }
        if operation
            .parameters()
            .any(|parameter| parameter["in"] == "query")
        {
            expected.push("400");
        }
        if operation.path.contains("{id}") {
            expected.push("404");
        }
        if rate_limited.contains(&name.as_str()) {
            expected.push("429");
        }
        for status in expected {
            assert!(
                operation.response(status).is_some(),
                "{name} does not list its {status} problem response"
            );
        }
        if let Some(unauthenticated) = operation.response("401") {
            assert!(
                unauthenticated["headers"].get("WWW-Authenticate").is_some(),
                "{name}: 401 without WWW-Authenticate"
            );
        }
        if let Some(rate_limited) = operation.response("429") {
            assert!(
                rate_limited["headers"].get("Retry-After").is_some(),
                "{name}: 429 without Retry-After"
            );
        }
    }
    assert!(document["components"]["schemas"]["Problem"]["properties"]
        .get("type")
        .is_some());
}

/// What the document says of a query value that does not fit (a 400 problem naming it, not
/// axum's plain text; found by schemathesis) and of a created webhook (its `id` once) holds.
#[tokio::test]
async fn a_query_value_that_does_not_fit_is_a_400_problem_and_a_new_webhook_names_its_id_once() {
    for backend in backends() {
        let app = TestApp::new(&backend).await;
        let (_, mut admin) = app.signed_in(Role::ProgramAdmin).await;
        for (path, parameter) in [
            ("/api/v1/jobs?per_page=many", "per_page"),
            ("/api/v1/audit-events?page=9223372036854775808", "page"),
            ("/api/v1/organizations?per_page=1.5", "per_page"),
            ("/api/v1/organizations.csv?state=active&page=-", "page"),
        ] {
            let refused = admin.get(path).await;
            assert_eq!(refused.status, StatusCode::BAD_REQUEST, "{path}");
            assert_eq!(refused.content_type(), PROBLEM_JSON, "{path}");
            let problem = refused.json();
            assert_eq!(problem["code"], "request.malformed", "{path}");
            let detail = problem["detail"].as_str().unwrap();
            assert!(
                detail.starts_with(&format!("the query parameter {parameter}: ")),
                "{path}: {detail}"
            );
        }
        let created = admin
            .send_json(
                Method::POST,
                "/api/v1/webhooks",
                r#"{"url": "https://hooks.example.org/onramp", "events": ["organization.applied"]}"#,
            )
            .await;
        assert_eq!(created.status, StatusCode::CREATED, "{}", created.body);
        assert_eq!(
            created.body.matches("\"id\":").count(),
            1,
            "{}",
            created.body
        );
    }
}

/// The Python tools the checks below run, pinned.
const PYTHON_TOOLS: [&str; 3] = [
    "openapi-spec-validator==0.9.0",
    "openapi-python-client==0.29.1",
    "schemathesis==4.32.5",
];

/// The Python of a virtual environment holding [`PYTHON_TOOLS`] (`target/tmp/openapi-tools`);
/// `None` where it cannot be made here (see [`crate::python_tools::pinned_python`]).
fn python_tools() -> Option<PathBuf> {
    crate::python_tools::pinned_python("openapi-tools", &PYTHON_TOOLS, "the OpenAPI tools")
}

/// A real server over `app` on a loopback port, until the returned sender is dropped or used.
async fn serve(app: &TestApp) -> (String, tokio::sync::oneshot::Sender<()>) {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base_url = format!("http://{}", listener.local_addr().unwrap());
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    // The router alone, without `serve`'s job workers: nothing the fuzzer queues (webhook
    // deliveries to the URLs it makes up, mail) is ever run.
    let router = onramp_server::app(app.state.clone())
        .into_make_service_with_connect_info::<std::net::SocketAddr>();
    tokio::spawn(async move {
        axum::serve(listener, router)
            .with_graceful_shutdown(async {
                let _ = stopped.await;
            })
            .await
            .unwrap();
    });
    (base_url, stop)
}

/// A program admin's personal API token (`onr_…`).
async fn staff_token(app: &TestApp) -> String {
    let (_, mut client) = app.signed_in(Role::ProgramAdmin).await;
    let created = client
        .send_json(
            Method::POST,
            "/api/v1/tokens",
            r#"{"name": "openapi checks", "expires_in_days": 1}"#,
        )
        .await;
    assert_eq!(created.status, StatusCode::CREATED, "{}", created.body);
    created.json()["token"].as_str().unwrap().to_owned()
}

/// `listOrganizations` → `list_organizations`, the generated client's module name.
fn snake_case(operation_id: &str) -> String {
    let mut snake = String::new();
    for character in operation_id.chars() {
        if character.is_ascii_uppercase() {
            snake.push('_');
        }
        snake.push(character.to_ascii_lowercase());
    }
    snake
}

async fn run_python(python: &Path, args: &[&str], dir: &Path) -> (bool, String) {
    let output = tokio::process::Command::new(python)
        .args(args)
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .kill_on_drop(true)
        .output()
        .await
        .unwrap();
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    (output.status.success(), text)
}

/// The generated client imports, has a module with `sync_detailed` for every operation, and
/// talks to a real server: its models read the answers.
const CLIENT_CHECK: &str = r#"
import importlib, json, pkgutil, sys
sys.path.insert(0, sys.argv[1])
import onramp_client.api
from onramp_client import AuthenticatedClient
found = []
for tag in pkgutil.iter_modules(onramp_client.api.__path__):
    package = importlib.import_module(f"onramp_client.api.{tag.name}")
    for module in pkgutil.iter_modules(package.__path__):
        operation = importlib.import_module(f"onramp_client.api.{tag.name}.{module.name}")
        assert callable(operation.sync_detailed) and callable(operation.asyncio_detailed)
        found.append(module.name)
from onramp_client.api.account import get_me
from onramp_client.api.jobs import list_jobs
from onramp_client.models import Me, JobPageView, Problem
client = AuthenticatedClient(base_url=sys.argv[2], token=sys.argv[3])
me = get_me.sync(client=client)
assert isinstance(me, Me) and me.role == "program_admin", me
jobs = list_jobs.sync(client=client, per_page=5)
assert isinstance(jobs, JobPageView) and jobs.per_page == 5, jobs
refused = list_jobs.sync(client=client, per_page=0)
assert isinstance(refused, Problem) and refused.status == 422, refused
print(json.dumps(sorted(found)))
"#;

#[tokio::test]
async fn the_document_is_valid_openapi_3_1_and_a_working_client_generates_from_it() {
    let Some(python) = python_tools() else {
        return;
    };
    let app = TestApp::new(&TestBackend::Sqlite).await;
    let token = staff_token(&app).await;
    let (base_url, stop) = serve(&app).await;
    let work = tempfile::tempdir().unwrap();
    let document_text = app.client().get("/api/v1/openapi.json").await.body;
    let document: Value = serde_json::from_str(&document_text).unwrap();
    let document_file = work.path().join("openapi.json");
    std::fs::write(&document_file, &document_text).unwrap();
    let document_path = document_file.to_str().unwrap();

    let (valid, report) = run_python(
        &python,
        &[
            "-m",
            "openapi_spec_validator",
            "--schema",
            "3.1",
            document_path,
        ],
        work.path(),
    )
    .await;
    assert!(valid, "not valid OpenAPI 3.1:\n{report}");

    // `--fail-on-warning`: an operation or schema the generator cannot express fails the test.
    std::fs::write(work.path().join("generator.yml"), "post_hooks: []\n").unwrap();
    let (generated, report) = run_python(
        &python,
        &[
            "-m",
            "openapi_python_client",
            "generate",
            "--path",
            document_path,
            "--output-path",
            "onramp_client",
            "--meta",
            "none",
            "--fail-on-warning",
            "--config",
            "generator.yml",
        ],
        work.path(),
    )
    .await;
    assert!(generated, "the client did not generate cleanly:\n{report}");
    let (compiled, report) = run_python(
        &python,
        &["-m", "compileall", "-q", "onramp_client"],
        work.path(),
    )
    .await;
    assert!(compiled, "the generated client does not compile:\n{report}");
    let work_dir = work.path().to_str().unwrap();
    let (works, report) = run_python(
        &python,
        &["-c", CLIENT_CHECK, work_dir, &base_url, &token],
        work.path(),
    )
    .await;
    assert!(works, "the generated client does not work:\n{report}");
    let found: BTreeSet<String> =
        serde_json::from_str(report.lines().last().unwrap_or_default()).unwrap();
    let expected: BTreeSet<String> = operations(&document)
        .iter()
        .map(|operation| snake_case(operation.operation["operationId"].as_str().unwrap()))
        .collect();
    assert_eq!(found, expected, "the client's operations");
    let _ = stop.send(());
}

/// What the fuzzer may name in a path: real records, so that it gets past "not found".
struct Seeded {
    /// (dictionary, path pattern of the operations whose `{id}` it fills, ids)
    dictionaries: Vec<(&'static str, &'static str, Vec<String>)>,
    /// The partner admin's session cookies and CSRF token, for the partner pass.
    partner_cookie: String,
    partner_csrf_token: String,
}

/// Records of every kind the API names by id: an active organization with its partner admin, a
/// pending invitation, a document and a signature; an organization still applying; a draft and
/// a published agreement; a program-wide and a partner webhook subscription; the queued jobs; a
/// spare API token; a support ticket with an internal note.
async fn seed(app: &TestApp, staff: &mut crate::support::Client) -> Seeded {
    use crate::registry_support::{applied_and_confirmed, approved, post, published_agreement};
    let (active, mut partner) = applied_and_confirmed(
        app,
        "Fuzz Clinic",
        "fuzz-clinic.example",
        "ada@fuzz-clinic.example",
    )
    .await;
    approved(staff, &active).await;
    let (applying, _) = applied_and_confirmed(
        app,
        "Second Lab",
        "second-lab.example",
        "bo@second-lab.example",
    )
    .await;
    let published = published_agreement(staff, "participation", None).await;
    let draft = post(
        staff,
        "/api/v1/agreements",
        serde_json::json!({"kind": "data_sharing", "title": "Data sharing", "body_markdown": "Share."}),
    )
    .await;
    assert_eq!(draft.status, StatusCode::CREATED, "{}", draft.body);
    let signature = post(
        &mut partner,
        &format!("/api/v1/agreements/{published}/signatures"),
        serde_json::json!({"signer_name": "Ada Admin", "signer_title": "CEO", "confirm": true}),
    )
    .await;
    assert_eq!(signature.status, StatusCode::CREATED, "{}", signature.body);
    let invited = post(
        &mut partner,
        "/api/v1/invitations",
        serde_json::json!({"email": "cy@fuzz-clinic.example", "name": "Cy", "role": "partner_member"}),
    )
    .await;
    assert_eq!(invited.status, StatusCode::ACCEPTED, "{}", invited.body);
    use base64::Engine;
    let document = post(
        staff,
        &format!("/api/v1/organizations/{active}/documents"),
        serde_json::json!({
            "filename": "licence.png",
            "content_base64": base64::engine::general_purpose::STANDARD.encode(crate::registry_support::PNG),
        }),
    )
    .await;
    assert_eq!(document.status, StatusCode::CREATED, "{}", document.body);
    let webhook = post(
        staff,
        "/api/v1/webhooks",
        serde_json::json!({"url": "https://hooks.example.org/onramp", "events": ["organization.applied"]}),
    )
    .await;
    assert_eq!(webhook.status, StatusCode::CREATED, "{}", webhook.body);
    let partner_webhook = post(
        &mut partner,
        "/api/v1/webhooks",
        serde_json::json!({"url": "https://hooks.fuzz-clinic.example/onramp", "events": ["agreement.signed"]}),
    )
    .await;
    assert_eq!(
        partner_webhook.status,
        StatusCode::CREATED,
        "{}",
        partner_webhook.body
    );
    let spare_token = post(
        staff,
        "/api/v1/tokens",
        serde_json::json!({"name": "spare"}),
    )
    .await;
    assert_eq!(
        spare_token.status,
        StatusCode::CREATED,
        "{}",
        spare_token.body
    );
    // A support ticket the partner opened, with a staff internal note the partner pass must
    // never be given.
    let ticket = post(
        &mut partner,
        "/api/v1/support/tickets",
        serde_json::json!({"subject": "Fuzzing the desk", "description": "A ticket to fuzz.",
            "severity": "normal", "category": "other"}),
    )
    .await;
    assert_eq!(ticket.status, StatusCode::CREATED, "{}", ticket.body);
    let ticket_id = ticket.json()["id"].as_str().unwrap().to_owned();
    let note = post(
        staff,
        &format!("/api/v1/support/tickets/{ticket_id}/messages"),
        serde_json::json!({"body": "Internal: fuzz", "internal": true}),
    )
    .await;
    assert_eq!(note.status, StatusCode::CREATED, "{}", note.body);
    let ids = |listed: Value, key: &str| -> Vec<String> {
        listed
            .pointer(key)
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .filter_map(|item| item["id"].as_str().map(str::to_owned))
            .collect()
    };
    let jobs = ids(staff.get("/api/v1/jobs?per_page=20").await.json(), "/jobs");
    assert!(!jobs.is_empty(), "mail jobs are queued");
    let members = ids(partner.get("/api/v1/members").await.json(), "");
    let id = |response: &crate::support::TestResponse| {
        response.json()["id"].as_str().unwrap().to_owned()
    };
    partner.refresh_csrf().await;
    Seeded {
        dictionaries: vec![
            (
                "organization",
                "^/api/v1/organizations/",
                vec![active, applying],
            ),
            (
                "agreement",
                "^/api/v1/agreements/",
                vec![published, id(&draft)],
            ),
            ("signature", "^/api/v1/signatures/", vec![id(&signature)]),
            ("member", "^/api/v1/members/", members),
            (
                "webhook",
                "^/api/v1/webhooks/",
                vec![id(&webhook), id(&partner_webhook)],
            ),
            ("job", "^/api/v1/jobs/", jobs),
            ("token", "^/api/v1/tokens/", vec![id(&spare_token)]),
            ("ticket", "^/api/v1/support/tickets/", vec![ticket_id]),
        ],
        partner_cookie: partner
            .cookies
            .iter()
            .map(|(name, value)| format!("{name}={value}"))
            .collect::<Vec<_>>()
            .join("; "),
        partner_csrf_token: partner.csrf_token.clone().unwrap_or_default(),
    }
}

/// schemathesis's configuration: each operation with an `{id}` draws it from the seeded records
/// most of the time, and makes one up otherwise.
fn schemathesis_config(seeded: &Seeded) -> String {
    let mut config = String::new();
    for (name, _, ids) in &seeded.dictionaries {
        config.push_str(&format!(
            "[dictionaries.{name}]\nvalues = {}\n\n",
            serde_json::to_string(ids).unwrap()
        ));
    }
    for (name, pattern, _) in &seeded.dictionaries {
        config.push_str(&format!(
            "[[operations]]\ninclude-path-regex = \"{pattern}\"\nparameters = {{ \"path.id\" = {{ dictionary = \"{name}\", probability = 0.8 }} }}\n\n"
        ));
    }
    config
}

/// How many cases schemathesis generates per operation and phase: enough to try every
/// operation's boundaries and some random input, few enough for under a minute per backend on two
/// cores. `ONRAMP_FUZZ_MAX_EXAMPLES` asks for more (and `ONRAMP_FUZZ_SEED` for other input).
const MAX_EXAMPLES: &str = "25";
const SEED: &str = "20261202";

/// The conformance checks: no 5xx, and every answer's status, content type and body are the
/// ones the document gives for the operation.
const CHECKS: &str = "not_a_server_error,status_code_conformance,content_type_conformance,response_schema_conformance";

/// The end of a schemathesis report: phases, warnings and counts.
fn summary(report: &str) -> String {
    let lines: Vec<&str> = report.lines().collect();
    lines[lines.len().saturating_sub(16)..].join("\n")
}

/// The operations a partner admin may call: the partner pass fuzzes only these (the others
/// refuse a partner before reading anything).
fn partner_operations() -> Vec<String> {
    onramp_server::routes::table()
        .iter()
        .filter(|route| route.path.starts_with("/api/v1/"))
        .filter(|route| match route.access {
            Access::SignedIn => true,
            Access::Roles(roles) => roles.contains(&Role::PartnerAdmin),
            _ => false,
        })
        .map(|route| format!("{} {}", route.method, route.path))
        .collect()
}

/// Runs schemathesis over the operations named `METHOD /path` (all when none), sending `headers`.
async fn schemathesis(
    python: &Path,
    work: &Path,
    base_url: &str,
    headers: &[String],
    operations: &[String],
) -> String {
    let setting =
        |name: &str, default: &str| std::env::var(name).unwrap_or_else(|_| default.to_owned());
    let (max_examples, seed) = (
        setting("ONRAMP_FUZZ_MAX_EXAMPLES", MAX_EXAMPLES),
        setting("ONRAMP_FUZZ_SEED", SEED),
    );
    let mut args: Vec<String> = [
        "-m",
        "schemathesis.cli",
        "--config-file",
        "schemathesis.toml",
        "run",
        "openapi.json",
        "--url",
        base_url,
        "--checks",
        CHECKS,
        "--max-examples",
        &max_examples,
        "--seed",
        &seed,
        "--workers",
        "1",
        "--generation-database",
        "none",
        "--no-color",
        "--request-timeout",
        "30",
    ]
    .iter()
    .map(|arg| (*arg).to_owned())
    .collect();
    for header in headers {
        args.extend(["-H".to_owned(), header.clone()]);
    }
    for operation in operations {
        args.extend(["--include-name".to_owned(), operation.clone()]);
    }
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let run = tokio::time::timeout(
        std::time::Duration::from_secs(600),
        run_python(python, &args, work),
    )
    .await;
    let Ok((passed, report)) = run else {
        panic!("schemathesis did not finish in 10 minutes");
    };
    assert!(
        passed,
        "schemathesis found answers the document does not allow, or 5xx:\n{report}"
    );
    report
}

/// schemathesis fuzzes a running server, as a program admin (bearer token) over every operation
/// and as a partner admin (session) over those partners use, on every backend: no answer is a 5xx,
/// and each has a status, content type and body the document gives for its operation.
#[tokio::test]
async fn fuzzing_the_api_finds_no_server_error_and_no_undocumented_answer() {
    let Some(python) = python_tools() else {
        return;
    };
    for backend in backends() {
        let started = std::time::Instant::now();
        let dns = crate::registry_support::dns_server(Default::default()).await;
        let app = TestApp::with_config(&backend, |config| {
            // Answers that hide whether an address has an account take their time: not here.
            config.uniform_response_ms = 0;
            config.dns_resolver = onramp_server::config::DnsResolver::Server(dns);
        })
        .await;
        let (_, mut staff) = app.signed_in(Role::ProgramAdmin).await;
        let token = {
            let created = staff
                .send_json(Method::POST, "/api/v1/tokens", r#"{"name": "fuzzing"}"#)
                .await;
            assert_eq!(created.status, StatusCode::CREATED, "{}", created.body);
            created.json()["token"].as_str().unwrap().to_owned()
        };
        let seeded = seed(&app, &mut staff).await;
        let work = tempfile::tempdir().unwrap();
        std::fs::write(
            work.path().join("openapi.json"),
            app.client().get("/api/v1/openapi.json").await.body,
        )
        .unwrap();
        std::fs::write(
            work.path().join("schemathesis.toml"),
            schemathesis_config(&seeded),
        )
        .unwrap();
        let (base_url, stop) = serve(&app).await;

        let report = schemathesis(
            &python,
            work.path(),
            &base_url,
            &[format!("Authorization: Bearer {token}")],
            &[],
        )
        .await;
        eprintln!("{}", summary(&report));
        let report = schemathesis(
            &python,
            work.path(),
            &base_url,
            &[
                format!("Cookie: {}", seeded.partner_cookie),
                format!("x-csrf-token: {}", seeded.partner_csrf_token),
            ],
            &partner_operations(),
        )
        .await;
        eprintln!("{}", summary(&report));

        // The fuzzer worked as the program admin throughout: it never revoked the token it used.
        let me = app
            .client()
            .send(
                axum::http::Request::get("/api/v1/me")
                    .header("authorization", format!("Bearer {token}"))
                    .body(axum::body::Body::empty())
                    .unwrap(),
            )
            .await;
        assert_eq!(me.status, StatusCode::OK, "{}", me.body);
        let _ = stop.send(());
        eprintln!("fuzzing on {backend:?} took {:?}", started.elapsed());
    }
}
