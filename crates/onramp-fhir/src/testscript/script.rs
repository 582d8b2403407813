//! The TestScript as the engine reads it: the elements of R4 `TestScript` that drive execution,
//! deserialized with serde (unknown elements such as `text` or extensions are ignored), and the
//! closed vocabularies (operation types, operators, directions) with their HTTP meaning.

use serde::Deserialize;

/// `TestScript.fixture`.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct Fixture {
    pub id: Option<String>,
    #[serde(default)]
    pub autocreate: bool,
    #[serde(default)]
    pub autodelete: bool,
    pub resource: Option<Reference>,
}

/// A `Reference` (only what the engine uses).
#[derive(Clone, Debug, Default, Deserialize)]
pub(crate) struct Reference {
    pub reference: Option<String>,
}

/// `TestScript.profile` with its element id, the name `validateProfileId` uses.
#[derive(Clone, Debug, Default, Deserialize)]
pub(crate) struct Profile {
    pub id: Option<String>,
    pub reference: Option<String>,
}

/// `TestScript.variable`.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct Variable {
    pub name: String,
    pub default_value: Option<String>,
    pub expression: Option<String>,
    pub header_field: Option<String>,
    pub path: Option<String>,
    pub source_id: Option<String>,
    pub hint: Option<String>,
}

/// `TestScript.metadata`.
#[derive(Clone, Debug, Default, Deserialize)]
pub(crate) struct Metadata {
    #[serde(default)]
    pub capability: Vec<Capability>,
}

/// `TestScript.metadata.capability`.
#[derive(Clone, Debug, Default, Deserialize)]
pub(crate) struct Capability {
    #[serde(default)]
    pub required: bool,
    #[serde(default)]
    pub validated: bool,
    pub description: Option<String>,
    pub destination: Option<i64>,
    pub capabilities: Option<String>,
}

/// `TestScript.origin` / `TestScript.destination`.
#[derive(Clone, Debug, Default, Deserialize)]
pub(crate) struct Party {
    pub index: Option<i64>,
}

/// `TestScript.setup`, `TestScript.test` and `TestScript.teardown` (the test's name and
/// description are empty for setup and teardown).
#[derive(Clone, Debug, Default, Deserialize)]
pub(crate) struct Section {
    pub name: Option<String>,
    pub description: Option<String>,
    #[serde(default)]
    pub action: Vec<serde_json::Value>,
}

/// One action: an operation or an assert (never both; checked by the parser).
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct Action {
    pub operation: Option<Operation>,
    #[serde(rename = "assert")]
    pub assertion: Option<Assert>,
}

/// `TestScript.setup.action.operation`.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct Operation {
    #[serde(rename = "type")]
    pub kind: Option<Coding>,
    pub resource: Option<String>,
    pub label: Option<String>,
    pub description: Option<String>,
    pub accept: Option<String>,
    pub content_type: Option<String>,
    pub destination: Option<i64>,
    #[serde(default = "yes")]
    pub encode_request_url: bool,
    pub method: Option<String>,
    pub origin: Option<i64>,
    pub params: Option<String>,
    #[serde(default)]
    pub request_header: Vec<RequestHeader>,
    pub request_id: Option<String>,
    pub response_id: Option<String>,
    pub source_id: Option<String>,
    pub target_id: Option<String>,
    pub url: Option<String>,
}

fn yes() -> bool {
    true
}

/// A `Coding` (only what the engine uses).
#[derive(Clone, Debug, Default, Deserialize)]
pub(crate) struct Coding {
    pub system: Option<String>,
    pub code: Option<String>,
}

/// `operation.requestHeader`.
#[derive(Clone, Debug, Default, Deserialize)]
pub(crate) struct RequestHeader {
    pub field: String,
    pub value: String,
}

/// `TestScript.setup.action.assert`.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct Assert {
    pub label: Option<String>,
    pub description: Option<String>,
    pub direction: Option<String>,
    pub compare_to_source_id: Option<String>,
    pub compare_to_source_expression: Option<String>,
    pub compare_to_source_path: Option<String>,
    pub content_type: Option<String>,
    pub expression: Option<String>,
    pub header_field: Option<String>,
    pub minimum_id: Option<String>,
    pub navigation_links: Option<bool>,
    pub operator: Option<String>,
    pub path: Option<String>,
    pub request_method: Option<String>,
    #[serde(rename = "requestURL")]
    pub request_url: Option<String>,
    pub resource: Option<String>,
    pub response: Option<String>,
    pub response_code: Option<String>,
    pub source_id: Option<String>,
    pub validate_profile_id: Option<String>,
    pub value: Option<String>,
    #[serde(default)]
    pub warning_only: bool,
}

impl Assert {
    /// The names of the kinds of check this assert makes (tst-5: at most one), `requestURL`
    /// included.
    pub fn kinds(&self) -> Vec<&'static str> {
        let present = [
            ("contentType", self.content_type.is_some()),
            ("expression", self.expression.is_some()),
            ("headerField", self.header_field.is_some()),
            ("minimumId", self.minimum_id.is_some()),
            ("navigationLinks", self.navigation_links.is_some()),
            ("path", self.path.is_some()),
            ("requestMethod", self.request_method.is_some()),
            ("requestURL", self.request_url.is_some()),
            ("resource", self.resource.is_some()),
            ("responseCode", self.response_code.is_some()),
            ("response", self.response.is_some()),
            ("validateProfileId", self.validate_profile_id.is_some()),
        ];
        present
            .into_iter()
            .filter_map(|(name, is)| is.then_some(name))
            .collect()
    }

    /// `direction = request`.
    pub fn is_request(&self) -> bool {
        self.direction.as_deref() == Some("request")
    }

    /// The label or description, for messages.
    pub fn title(&self) -> Option<&str> {
        self.label.as_deref().or(self.description.as_deref())
    }
}

/// The two systems of `testscript-operation-codes` (R4 publishes the terminology.hl7.org one;
/// scripts written for earlier builds use the hl7.org/fhir one).
pub(crate) const OPERATION_SYSTEMS: [&str; 2] = [
    "http://terminology.hl7.org/CodeSystem/testscript-operation-codes",
    "http://hl7.org/fhir/testscript-operation-codes",
];

/// The RESTful interactions of `testscript-operation-codes`; every other code is a named
/// operation (`$code`).
pub(crate) const INTERACTIONS: [&str; 14] = [
    "read",
    "vread",
    "update",
    "updateCreate",
    "patch",
    "delete",
    "deleteCondSingle",
    "deleteCondMultiple",
    "history",
    "create",
    "search",
    "batch",
    "transaction",
    "capabilities",
];

/// The named operations of `testscript-operation-codes` (R4).
pub(crate) const NAMED_OPERATIONS: [&str; 33] = [
    "apply",
    "closure",
    "find-matches",
    "conforms",
    "data-requirements",
    "document",
    "evaluate",
    "evaluate-measure",
    "everything",
    "expand",
    "find",
    "graphql",
    "implements",
    "lastn",
    "lookup",
    "match",
    "meta",
    "meta-add",
    "meta-delete",
    "populate",
    "populatehtml",
    "populatelink",
    "process-message",
    "questionnaire",
    "stats",
    "subset",
    "subsumes",
    "transform",
    "translate",
    "validate",
    "validate-code",
    "snapshot",
    "versions",
];

/// `http-operations`: the values `operation.method` may take.
pub(crate) const METHODS: [&str; 7] = ["delete", "get", "options", "patch", "post", "put", "head"];

/// `assert-operator-codes`.
pub(crate) const OPERATORS: [&str; 11] = [
    "equals",
    "notEquals",
    "in",
    "notIn",
    "greaterThan",
    "lessThan",
    "empty",
    "notEmpty",
    "contains",
    "notContains",
    "eval",
];

/// `assert-response-code-types` and the status code each one means.
pub(crate) const RESPONSES: [(&str, u16); 12] = [
    ("okay", 200),
    ("created", 201),
    ("noContent", 204),
    ("notModified", 304),
    ("bad", 400),
    ("forbidden", 403),
    ("notFound", 404),
    ("methodNotAllowed", 405),
    ("conflict", 409),
    ("gone", 410),
    ("preconditionFailed", 412),
    ("unprocessable", 422),
];

/// The status code of an `assert.response` code.
pub(crate) fn response_status(code: &str) -> Option<u16> {
    RESPONSES
        .iter()
        .find(|(name, _)| *name == code)
        .map(|(_, status)| *status)
}

/// The MIME type a `accept`/`contentType` code means: the short forms of the earlier releases
/// (`json`, `xml`, `ttl`) or a MIME type as R4 binds it. `None` for `none` (no header).
pub(crate) fn mime_type(code: &str) -> Option<String> {
    match code {
        "none" => None,
        "json" => Some("application/fhir+json".to_string()),
        "xml" => Some("application/fhir+xml".to_string()),
        "ttl" => Some("text/turtle".to_string()),
        other => Some(other.to_string()),
    }
}

/// Whether a MIME code asks for a format other than JSON (which this engine cannot send or read).
pub(crate) fn is_unsupported_format(code: &str) -> bool {
    let lower = code.to_ascii_lowercase();
    lower == "xml" || lower == "ttl" || lower.contains("xml") || lower.contains("turtle")
}

/// Whether a `path` is an XPath (or JSONPath) rather than FHIRPath: `fhir:` prefixes, a leading
/// `/` or `$.`, attributes (`@value`) or steps joined by `/` (`Patient/id`), outside quotes.
pub(crate) fn is_xpath(path: &str) -> bool {
    // FHIRPath string literals may hold anything.
    let mut quoted = false;
    let unquoted: String = path
        .trim()
        .chars()
        .filter(|c| {
            if *c == '\'' {
                quoted = !quoted;
            }
            !quoted && *c != '\''
        })
        .collect();
    let trimmed = unquoted.as_str();
    if trimmed.contains("fhir:")
        || trimmed.starts_with('/')
        || trimmed.starts_with("$.")
        || trimmed.starts_with("$[")
        || trimmed.contains('@')
    {
        return true;
    }
    let bytes = trimmed.as_bytes();
    bytes.windows(3).any(|window| match window {
        [before, b'/', after] => {
            (before.is_ascii_alphanumeric() || matches!(before, b']' | b')' | b'_'))
                && (after.is_ascii_alphabetic() || *after == b'*')
        }
        _ => false,
    })
}
