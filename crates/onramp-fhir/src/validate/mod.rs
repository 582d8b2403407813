//! The profile validator: an instance (JSON text, a Bundle, NDJSON) against R4 core and the
//! profiles of the loaded packages, reporting [`Issue`]s with severity, IssueType, message,
//! FHIRPath location and line/column.
//!
//! # Overview
//!
//! - [`Definitions`]: packages, model, FHIRPath engine and compiled profiles; built once, shared.
//! - [`Validator`]: validates bytes or a parsed [`crate::json::JsonValue`]; `Err` means "could not
//!   run" (an unknown profile asked for), never "the resource is invalid".
//! - `rules/`: one module per issue family (structure and JSON shape, primitives, fixed and
//!   pattern values, slicing, extensions, references, bindings, invariants, Bundles).
//!
//! # What is a slice?
//!
//! A profile can split a repeating element into named parts (`Observation.component:systolic`)
//! told apart by *discriminators* (the value at a path, its type, its profile, whether it exists).
//! Each value is assigned to the first slice whose discriminators it matches, then validated
//! against that slice's definition; `closed` slicing forbids values that match no slice.

mod context;
mod health_card;
mod issue;
mod known;
mod location;
mod profile;
mod rules;
mod snapshot;
mod walk;

use std::sync::Arc;

pub use context::{package_from_resources, Definitions};
pub use health_card::is_health_card;
pub use issue::{Issue, IssueSink, IssueType, Severity};
pub use profile::Profile;

use crate::json::{parse_with, JsonIssueKind, JsonValue, ReaderOptions};

/// Why validation could not run.
#[derive(Debug, thiserror::Error)]
pub enum ValidateError {
    #[error("the profile {0} is not in the loaded packages")]
    UnknownProfile(String),
    #[error(transparent)]
    Package(#[from] crate::package::PackageError),
    #[error(transparent)]
    Model(#[from] crate::model::ModelError),
    #[error("{0}")]
    Io(String),
}

/// The result for one resource of the input.
#[derive(Clone, Debug)]
pub struct ResourceResult {
    /// Position in a Bundle or an NDJSON file; `None` for a single resource.
    pub index: Option<usize>,
    pub resource_type: Option<String>,
    pub id: Option<String>,
    pub issues: Vec<Issue>,
}

impl ResourceResult {
    pub fn error_count(&self) -> usize {
        self.issues.iter().filter(|i| i.severity.is_error()).count()
    }
}

/// Policies of the reference validator that are settings there (and flags of its test cases).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct ValidationOptions {
    /// Strings that look like embedded HTML are errors (information otherwise).
    pub security_checks: bool,
    /// Markdown that looks like embedded HTML is an error (a warning otherwise).
    pub no_html_in_markdown: bool,
    /// Whether `uri`, `url` and `canonical` values are resolved, and against what (the
    /// reference's resource fetcher); off by default, as in the reference without a fetcher.
    pub url_resolution: UrlResolution,
    /// Example URLs (`example.org`, `acme.com`, …) are allowed where a URL is resolved (the
    /// reference's allow-example-URLs setting); they are errors otherwise, and so are unknown
    /// extensions on example domains. Without a URL resolution it has no effect.
    pub allow_example_urls: bool,
    /// How far a canonical that resolves is checked (the reference's reference policy).
    pub canonical_policy: CanonicalPolicy,
}

impl ValidationOptions {
    /// The defaults, usable in constants: no security checks, no URL resolution.
    pub const DEFAULT: ValidationOptions = ValidationOptions {
        security_checks: false,
        no_html_in_markdown: false,
        url_resolution: UrlResolution::Off,
        allow_example_urls: false,
        canonical_policy: CanonicalPolicy::Ignore,
    };
}

/// What a `uri`, `url` or `canonical` value is resolved against (see
/// `rules::primitive::url_resolution`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum UrlResolution {
    /// Values are not resolved.
    #[default]
    Off,
    /// Only example URLs fail to resolve: every other value is taken as resolving (the reference's
    /// own test harness, and a "no example URLs in this data" check).
    ExamplesOnly,
    /// Values resolve against the loaded packages and the reference's lists of well-known URIs;
    /// URLs in HL7 namespaces (`http://hl7.org/fhir/…`, `http://terminology.hl7.org/…`) that a
    /// loaded package covers must be defined there, and canonicals must be defined anywhere;
    /// other URLs are taken as resolving (no network: the reference's standalone fetcher offline),
    /// except those on the reserved example domains.
    Definitions,
}

/// How a canonical reference is checked, as the reference's `ReferenceValidationPolicy`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum CanonicalPolicy {
    /// A canonical that does not resolve is a hint (an error if it is an example URL).
    #[default]
    Ignore,
    /// A canonical must resolve: an error in HL7 namespaces, a warning elsewhere.
    CheckExists,
    /// It must resolve, and to a resource of a type its element allows.
    CheckExistsAndType,
    /// When it resolves, the resource is of a type its element allows.
    CheckTypeIfExists,
    /// It resolves to a definition that is available, of an allowed type.
    CheckValid,
}

impl CanonicalPolicy {
    /// A canonical that does not resolve is reported at more than a hint.
    pub(crate) fn checks_existence(self) -> bool {
        matches!(
            self,
            CanonicalPolicy::CheckExists | CanonicalPolicy::CheckExistsAndType
        )
    }

    /// The resource a canonical resolves to is fetched and its type checked.
    pub(crate) fn checks_type(self) -> bool {
        matches!(
            self,
            CanonicalPolicy::CheckExistsAndType
                | CanonicalPolicy::CheckTypeIfExists
                | CanonicalPolicy::CheckValid
        )
    }
}

/// Validates instances against the loaded definitions. Cheap to clone; `Send + Sync`.
#[derive(Clone)]
pub struct Validator {
    defs: Arc<Definitions>,
    options: ValidationOptions,
}

impl Validator {
    pub fn new(defs: Arc<Definitions>) -> Validator {
        Validator {
            defs,
            options: ValidationOptions::default(),
        }
    }

    /// The same validator with other policy settings.
    pub fn with_options(mut self, options: ValidationOptions) -> Validator {
        self.options = options;
        self
    }

    pub fn definitions(&self) -> &Definitions {
        &self.defs
    }

    /// Resolves profiles asked for explicitly; an unknown one is an error.
    pub fn profiles(&self, canonicals: &[String]) -> Result<Vec<Arc<Profile>>, ValidateError> {
        canonicals
            .iter()
            .map(|c| {
                self.defs
                    .profile(c)
                    .ok_or_else(|| ValidateError::UnknownProfile(c.clone()))
            })
            .collect()
    }

    /// Validates one JSON document (a resource, possibly a Bundle).
    pub fn validate_bytes(&self, bytes: &[u8], profiles: &[Arc<Profile>]) -> Vec<Issue> {
        self.validate_document(bytes, 1, profiles)
    }

    fn validate_document(
        &self,
        bytes: &[u8],
        first_line: u32,
        profiles: &[Arc<Profile>],
    ) -> Vec<Issue> {
        let options = ReaderOptions {
            first_line,
            ..ReaderOptions::default()
        };
        let parsed = parse_with(bytes, options);
        let mut sink = IssueSink::default();
        for issue in &parsed.issues {
            let (severity, code, id) = match issue.kind {
                JsonIssueKind::DuplicateKey => {
                    (Severity::Error, IssueType::Structure, "json.duplicate_key")
                }
                JsonIssueKind::InvalidUtf8 => {
                    (Severity::Error, IssueType::Invalid, "json.invalid_utf8")
                }
                JsonIssueKind::TooDeep => (Severity::Fatal, IssueType::TooLong, "json.too_deep"),
                JsonIssueKind::Truncated => {
                    (Severity::Fatal, IssueType::Structure, "json.truncated")
                }
                JsonIssueKind::Syntax => (Severity::Fatal, IssueType::Structure, "json.syntax"),
                JsonIssueKind::Comment => (Severity::Error, IssueType::Structure, "json.comment"),
                JsonIssueKind::TrailingComma => {
                    (Severity::Error, IssueType::Structure, "json.trailing_comma")
                }
                JsonIssueKind::MissingComma => {
                    (Severity::Error, IssueType::Structure, "json.missing_comma")
                }
            };
            sink.push(severity, code, id, "", issue.pos, issue.message.clone());
        }
        if let Some(value) = &parsed.value {
            self.validate_value_into(value, profiles, &mut sink);
        }
        finish(sink.issues)
    }

    /// Validates a parsed JSON value.
    pub fn validate_value(&self, json: &JsonValue, profiles: &[Arc<Profile>]) -> Vec<Issue> {
        let mut sink = IssueSink::default();
        self.validate_value_into(json, profiles, &mut sink);
        finish(sink.issues)
    }

    fn validate_value_into(
        &self,
        json: &JsonValue,
        profiles: &[Arc<Profile>],
        sink: &mut IssueSink,
    ) {
        if !json.is_object() {
            sink.push(
                Severity::Fatal,
                IssueType::Structure,
                "resource.not_object",
                "",
                json.pos,
                format!(
                    "A FHIR resource must be a JSON object, found a {}",
                    json.kind_name()
                ),
            );
            return;
        }
        let mut walk = walk::Walk {
            defs: &self.defs,
            options: self.options,
            sink,
            resource: json,
            root: json,
            depth: 0,
            bundle: None,
            container: None,
            environment: None,
        };
        rules::resource::resource(&mut walk, json, "", profiles);
    }

    /// Validates an NDJSON file: one resource per line (blank lines skipped).
    pub fn validate_ndjson(&self, bytes: &[u8], profiles: &[Arc<Profile>]) -> Vec<ResourceResult> {
        let mut results = Vec::new();
        let mut line_number: u32 = 0;
        for line in bytes.split(|&b| b == b'\n') {
            line_number = line_number.saturating_add(1);
            if line.iter().all(u8::is_ascii_whitespace) {
                continue;
            }
            let index = results.len();
            let issues = self.validate_document(line, line_number, profiles);
            let (resource_type, id) = type_and_id(line);
            results.push(ResourceResult {
                index: Some(index),
                resource_type,
                id,
                issues,
            });
        }
        results
    }
}

/// `resourceType` and `id` of a JSON document, when readable.
pub fn type_and_id(bytes: &[u8]) -> (Option<String>, Option<String>) {
    let parsed = crate::json::parse(bytes);
    let Some(value) = parsed.value else {
        return (None, None);
    };
    let text = |key: &str| {
        value
            .get(key)
            .and_then(JsonValue::as_str)
            .map(str::to_string)
    };
    (text("resourceType"), text("id"))
}

/// Removes repeated findings (a value checked against the core definition and a profile); the
/// first of each stays, in order.
fn finish(issues: Vec<Issue>) -> Vec<Issue> {
    let same = |a: &Issue, b: &Issue| {
        a.message_id == b.message_id
            && a.pos == b.pos
            && a.expression == b.expression
            && a.message == b.message
    };
    let mut kept: Vec<Issue> = Vec::with_capacity(issues.len());
    if issues.len() <= 32 {
        // A handful (the usual case): compare with those kept, without hashing or copying.
        for issue in issues {
            if !kept.iter().any(|earlier| same(earlier, &issue)) {
                kept.push(issue);
            }
        }
        return kept;
    }
    let mut seen = std::collections::HashSet::new();
    let keep: Vec<bool> = issues
        .iter()
        .map(|issue| {
            seen.insert((
                issue.message_id,
                issue.expression.as_str(),
                issue.message.as_str(),
                issue.pos,
            ))
        })
        .collect();
    drop(seen);
    kept.extend(
        issues
            .into_iter()
            .zip(keep)
            .filter_map(|(issue, keep)| keep.then_some(issue)),
    );
    kept
}

/// Splits the issues of a Bundle per entry (`Bundle.entry[i].resource…`), for per-resource output.
pub fn split_bundle(issues: Vec<Issue>) -> (Vec<Issue>, Vec<(usize, Vec<Issue>)>) {
    let mut own = Vec::new();
    let mut entries: Vec<(usize, Vec<Issue>)> = Vec::new();
    for issue in issues {
        let index = issue
            .expression
            .strip_prefix("Bundle.entry[")
            .and_then(|rest| rest.split_once(']'))
            .filter(|(_, after)| after.starts_with(".resource"))
            .and_then(|(number, _)| number.parse::<usize>().ok());
        match index {
            Some(index) => match entries.iter_mut().find(|(i, _)| *i == index) {
                Some((_, list)) => list.push(issue),
                None => entries.push((index, vec![issue])),
            },
            None => own.push(issue),
        }
    }
    (own, entries)
}
