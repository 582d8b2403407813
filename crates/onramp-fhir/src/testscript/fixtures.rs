//! Fixtures during a run: the static ones (`fixture.resource`: a contained resource `#id`, or
//! whatever the caller's [`FixtureSource`] loads), the requests and responses stored under
//! `requestId`/`responseId`, the last request and response, and where the server really put the
//! resources created from fixtures (for `targetId` and `autodelete`).

use std::collections::HashMap;

use super::parse::Script;
use super::{FixtureSource, HttpRequest, HttpResponse};

/// A fixture's content: a body, and for requests and responses their headers, status, method and
/// URL.
#[derive(Clone, Debug, Default)]
pub(crate) struct Stored {
    pub body: Option<Vec<u8>>,
    pub headers: Vec<(String, String)>,
    /// The status of a response.
    pub status: Option<u16>,
    /// The method (lower case) and URL of a request.
    pub method: Option<String>,
    pub url: Option<String>,
}

impl Stored {
    pub fn from_request(request: &HttpRequest) -> Stored {
        Stored {
            body: request.body.clone(),
            headers: request.headers.clone(),
            status: None,
            method: Some(request.method.to_ascii_lowercase()),
            url: Some(request.url.clone()),
        }
    }

    pub fn from_response(response: &HttpResponse) -> Stored {
        Stored {
            body: Some(response.body.clone()),
            headers: response.headers.clone(),
            status: Some(response.status),
            method: None,
            url: None,
        }
    }

    /// A header's value (names compare case-insensitively; repeated headers are joined by `, `).
    pub fn header(&self, name: &str) -> Option<String> {
        let values: Vec<&str> = self
            .headers
            .iter()
            .filter(|(field, _)| field.eq_ignore_ascii_case(name))
            .map(|(_, value)| value.as_str())
            .collect();
        (!values.is_empty()).then(|| values.join(", "))
    }

    /// The body as JSON (`serde_json`), if it is.
    pub fn json(&self) -> Option<serde_json::Value> {
        self.body
            .as_deref()
            .and_then(|body| serde_json::from_slice(body).ok())
    }

    /// Where the content is on a server: the `Location` (or `Content-Location`) header of a
    /// response, else the body's `resourceType`, `id` and `meta.versionId`.
    pub fn target(&self) -> Option<Target> {
        if self.status.is_some() {
            let location = self
                .header("Location")
                .or_else(|| self.header("Content-Location"));
            if let Some(target) = location.as_deref().and_then(Target::from_location) {
                return Some(target);
            }
        }
        let json = self.json()?;
        let text =
            |value: Option<&serde_json::Value>| value.and_then(|v| v.as_str()).map(str::to_string);
        Some(Target {
            resource_type: text(json.get("resourceType"))?,
            id: text(json.get("id"))?,
            version: text(json.get("meta").and_then(|meta| meta.get("versionId"))),
        })
    }
}

/// A resource's place on the server: `[type]/[id]` and perhaps `_history/[vid]`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Target {
    pub resource_type: String,
    pub id: String,
    pub version: Option<String>,
}

impl Target {
    /// From a `Location` URL: `…/Patient/123/_history/2` or `…/Patient/123`.
    pub fn from_location(location: &str) -> Option<Target> {
        let path = location.split(['?', '#']).next().unwrap_or_default();
        let parts: Vec<&str> = path.split('/').filter(|part| !part.is_empty()).collect();
        let (resource_type, id, version) = match parts.as_slice() {
            [.., resource_type, id, "_history", version] => (*resource_type, *id, Some(*version)),
            [.., resource_type, id] => (*resource_type, *id, None),
            _ => return None,
        };
        let is_type = resource_type
            .chars()
            .next()
            .is_some_and(|c| c.is_ascii_uppercase())
            && resource_type.chars().all(|c| c.is_ascii_alphanumeric());
        is_type.then(|| Target {
            resource_type: resource_type.to_string(),
            id: id.to_string(),
            version: version.map(str::to_string),
        })
    }

    /// `[type]/[id]`.
    pub fn path(&self) -> String {
        format!("{}/{}", self.resource_type, self.id)
    }
}

/// Every fixture of a run.
#[derive(Debug, Default)]
pub(crate) struct Fixtures {
    stored: HashMap<String, Stored>,
    /// Fixture id → where the server created it (autocreate, or a create/update sending it).
    pub created: HashMap<String, Target>,
    pub last_request: Option<Stored>,
    pub last_response: Option<Stored>,
}

impl Fixtures {
    /// Loads every static fixture (all are required, says the spec); the errors name the fixtures
    /// that could not be loaded.
    pub fn load(script: &Script, source: &dyn FixtureSource) -> (Fixtures, Vec<(String, String)>) {
        let mut fixtures = Fixtures::default();
        let mut failures = Vec::new();
        for fixture in &script.fixtures {
            let (Some(id), Some(reference)) = (
                fixture.id.as_ref(),
                fixture.resource.as_ref().and_then(|r| r.reference.as_ref()),
            ) else {
                continue;
            };
            match load_static(script, source, reference) {
                Ok(body) => {
                    fixtures.stored.insert(
                        id.clone(),
                        Stored {
                            body: Some(body),
                            ..Stored::default()
                        },
                    );
                }
                Err(message) => failures.push((id.clone(), message)),
            }
        }
        (fixtures, failures)
    }

    /// A fixture by id.
    pub fn get(&self, id: &str) -> Result<&Stored, String> {
        self.stored
            .get(id)
            .ok_or_else(|| format!("the fixture {id} has no content (yet)"))
    }

    pub fn store(&mut self, id: &str, stored: Stored) {
        self.stored.insert(id.to_string(), stored);
    }

    /// Where a `targetId` points: what was created from the fixture, else the fixture's own
    /// location or resource.
    pub fn target(&self, id: &str) -> Result<Target, String> {
        if let Some(created) = self.created.get(id) {
            return Ok(created.clone());
        }
        self.get(id)?.target().ok_or_else(|| {
            format!("the fixture {id} names no resource (no Location, no resourceType and id)")
        })
    }
}

/// A static fixture's bytes: a contained resource, or the caller's.
fn load_static(
    script: &Script,
    source: &dyn FixtureSource,
    reference: &str,
) -> Result<Vec<u8>, String> {
    if let Some(local) = reference.strip_prefix('#') {
        let contained = script
            .contained
            .iter()
            .find(|resource| resource.get("id").and_then(|id| id.as_str()) == Some(local))
            .ok_or_else(|| format!("no contained resource has the id {local}"))?;
        return serde_json::to_vec(contained).map_err(|error| error.to_string());
    }
    match source.load(reference) {
        Some(Ok(bytes)) => Ok(bytes),
        Some(Err(error)) => Err(format!("{reference} could not be loaded: {error}")),
        None => Err(format!("{reference} was not found")),
    }
}
