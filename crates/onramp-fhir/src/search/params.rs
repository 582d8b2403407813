//! The search parameters of the loaded packages, per resource type, with their FHIRPath
//! expressions narrowed to that type and compiled once.

use std::collections::{BTreeMap, HashMap};
use std::sync::{Arc, OnceLock};

use serde_json::Value;

use crate::fhirpath::{Engine, Expression};
use crate::package::PackageSet;

/// The search parameter types this module indexes and queries (`composite` and `special` are
/// recorded as [`Unsupported`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ParamKind {
    Number,
    Date,
    String,
    Token,
    Reference,
    Quantity,
    Uri,
}

impl ParamKind {
    /// The kind of a `SearchParameter.type` code; `None` for `composite`, `special` and unknown codes.
    pub fn from_code(code: &str) -> Option<ParamKind> {
        Some(match code {
            "number" => ParamKind::Number,
            "date" => ParamKind::Date,
            "string" => ParamKind::String,
            "token" => ParamKind::Token,
            "reference" => ParamKind::Reference,
            "quantity" => ParamKind::Quantity,
            "uri" => ParamKind::Uri,
            _ => return None,
        })
    }

    /// The `SearchParameter.type` code.
    pub fn code(self) -> &'static str {
        match self {
            ParamKind::Number => "number",
            ParamKind::Date => "date",
            ParamKind::String => "string",
            ParamKind::Token => "token",
            ParamKind::Reference => "reference",
            ParamKind::Quantity => "quantity",
            ParamKind::Uri => "uri",
        }
    }
}

/// One search parameter as it applies to one base resource type.
#[derive(Debug)]
pub struct SearchParameter {
    /// `SearchParameter.url`.
    pub url: String,
    /// The name used in queries (`birthdate`, `_id`).
    pub code: String,
    /// The base this entry serves: a resource type, or `Resource` / `DomainResource` for the
    /// parameters every resource type inherits.
    pub resource_type: String,
    /// Every base the SearchParameter declares.
    pub bases: Vec<String>,
    pub kind: ParamKind,
    /// The resource types a reference parameter may point to on this base (empty for other
    /// kinds): the declared targets, narrowed to `T` when every path is
    /// `x.where(resolve() is T)` (`Observation.patient` targets Patient, not Patient and Group).
    pub targets: Vec<String>,
    /// The alternatives of the expression that apply to `resource_type`, as the SearchParameter
    /// writes them, joined by ` | `.
    pub expression: String,
    pub(crate) paths: Vec<Path>,
}

/// One alternative of an expression, rewritten and compiled.
#[derive(Debug)]
pub(crate) struct Path {
    pub(crate) expression: Expression,
    /// From `x.where(resolve() is T)`: only references in `x` whose type is `T` are kept.
    pub(crate) reference_type: Option<String>,
}

/// A SearchParameter (or one base of it) that was not taken, and why.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Unsupported {
    pub url: String,
    pub code: String,
    pub reason: String,
}

/// Every search parameter of a package set, by resource type and code.
///
/// # Expressions per base
///
/// R4 writes one expression for all the bases of a shared parameter, alternatives joined by
/// ` | ` (`AllergyIntolerance.patient | CarePlan.subject.where(resolve() is Patient) | …`). For
/// each base only the alternatives that start with that type name, or with no type name
/// (`name | alias`), are kept, so indexing a resource evaluates only its own paths. Each kept
/// alternative is then rewritten:
///
/// - `x.where(resolve() is T)` becomes `x`, with a filter that keeps the references whose type
///   (from `T/id`, an absolute URL ending in `T/id`, or `Reference.type`) is `T`. An index cannot
///   resolve references, so a reference whose type cannot be read (`urn:uuid:…`, `#contained`
///   without `type`) is left out of such a parameter.
/// - `(x as T)` and `x.as(T)` become `x.ofType(T)`: `as` fails on more than one item
///   (`ActivityDefinition.useContext.value as Quantity` with two contexts), `ofType` filters.
///
/// Alternatives are compiled once, when the set is loaded (about 1,800 for R4 core, a few
/// microseconds each). One that fails to compile is recorded in [`SearchParameters::unsupported`]
/// and left out.
///
/// # Duplicates
///
/// When two SearchParameters give the same code to the same base, a non-experimental one wins
/// over an experimental one (R4 core's `SearchParameter-example` also defines `Resource._id`),
/// then the first loaded wins; the other is recorded as unsupported.
pub struct SearchParameters {
    pub(crate) engine: Arc<Engine>,
    /// Base type name → code → parameter (`Resource` and `DomainResource` included).
    by_type: HashMap<String, BTreeMap<String, Entry>>,
    unsupported: Vec<Unsupported>,
}

struct Entry {
    parameter: SearchParameter,
    experimental: bool,
}

impl std::fmt::Debug for SearchParameters {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SearchParameters")
            .field("types", &self.by_type.len())
            .field("unsupported", &self.unsupported.len())
            .finish()
    }
}

impl SearchParameters {
    /// Reads every SearchParameter of `packages` and compiles its expressions with `engine` (the
    /// engine [`SearchParameters::index`] evaluates them with). Nothing here is fatal: what cannot
    /// be used is listed in [`SearchParameters::unsupported`].
    pub fn load(packages: &PackageSet, engine: Arc<Engine>) -> SearchParameters {
        let mut parameters = SearchParameters {
            engine,
            by_type: HashMap::new(),
            unsupported: Vec::new(),
        };
        for (package, position, entry) in packages.entries_of_type("SearchParameter") {
            match package.resource_at(position) {
                Ok(resource) => parameters.add(&resource),
                Err(error) => parameters.unsupported.push(Unsupported {
                    url: entry.url.clone().unwrap_or_default(),
                    code: String::new(),
                    reason: format!("cannot be read: {error}"),
                }),
            }
        }
        parameters
    }

    /// Adds one SearchParameter resource (JSON), as [`SearchParameters::load`] does for each.
    pub fn add(&mut self, resource: &Value) {
        let text = |name: &str| resource.get(name).and_then(Value::as_str);
        let strings = |name: &str| -> Vec<String> {
            resource
                .get(name)
                .and_then(Value::as_array)
                .map(|items| {
                    items
                        .iter()
                        .filter_map(Value::as_str)
                        .map(str::to_string)
                        .collect()
                })
                .unwrap_or_default()
        };
        let url = text("url").unwrap_or_default().to_string();
        let code = text("code").unwrap_or_default().to_string();
        let mut refuse = |reason: String| {
            self.unsupported.push(Unsupported {
                url: url.clone(),
                code: code.clone(),
                reason,
            });
        };
        let type_code = text("type").unwrap_or_default();
        let Some(kind) = ParamKind::from_code(type_code) else {
            refuse(format!("type '{type_code}' is not supported"));
            return;
        };
        if code.is_empty() {
            refuse("it has no code".to_string());
            return;
        }
        let Some(expression) = text("expression").filter(|e| !e.trim().is_empty()) else {
            refuse("it has no FHIRPath expression".to_string());
            return;
        };
        let bases = strings("base");
        if bases.is_empty() {
            refuse("it has no base".to_string());
            return;
        }
        let targets = if kind == ParamKind::Reference {
            strings("target")
        } else {
            Vec::new()
        };
        let experimental = resource.get("experimental").and_then(Value::as_bool) == Some(true);
        let alternatives = split_alternatives(expression);
        for base in &bases {
            let kept: Vec<&str> = alternatives
                .iter()
                .copied()
                .filter(|alternative| applies_to(alternative, base))
                .collect();
            if kept.is_empty() {
                self.refuse(
                    &url,
                    &code,
                    format!("no alternative of its expression starts with {base}"),
                );
                continue;
            }
            let mut paths = Vec::new();
            for alternative in &kept {
                let (rewritten, reference_type) = rewrite(alternative);
                match self.engine.compile(&rewritten) {
                    Ok(expression) => paths.push(Path {
                        expression,
                        reference_type,
                    }),
                    Err(error) => self.refuse(
                        &url,
                        &code,
                        format!("{base}: '{alternative}' does not compile: {error}"),
                    ),
                }
            }
            if paths.is_empty() {
                continue;
            }
            let parameter = SearchParameter {
                url: url.clone(),
                code: code.clone(),
                resource_type: base.clone(),
                bases: bases.clone(),
                kind,
                targets: narrow_targets(&targets, &paths),
                expression: kept.join(" | "),
                paths,
            };
            self.insert(Entry {
                parameter,
                experimental,
            });
        }
    }

    fn refuse(&mut self, url: &str, code: &str, reason: String) {
        self.unsupported.push(Unsupported {
            url: url.to_string(),
            code: code.to_string(),
            reason,
        });
    }

    fn insert(&mut self, entry: Entry) {
        let codes = self
            .by_type
            .entry(entry.parameter.resource_type.clone())
            .or_default();
        let code = entry.parameter.code.clone();
        let (kept, dropped) = match codes.remove(&code) {
            None => (entry, None),
            Some(existing) if existing.experimental && !entry.experimental => {
                (entry, Some(existing))
            }
            Some(existing) => (existing, Some(entry)),
        };
        let kept_url = kept.parameter.url.clone();
        codes.insert(code, kept);
        if let Some(dropped) = dropped {
            let reason = format!(
                "{} already has {} from {kept_url}",
                dropped.parameter.resource_type, dropped.parameter.code
            );
            self.refuse(&dropped.parameter.url, &dropped.parameter.code, reason);
        }
    }

    /// The parameter `code` of `resource_type`, its own or inherited from `DomainResource` or
    /// `Resource`.
    pub fn get(&self, resource_type: &str, code: &str) -> Option<&SearchParameter> {
        self.lineage(resource_type)
            .into_iter()
            .find_map(|base| self.by_type.get(base)?.get(code))
            .map(|entry| &entry.parameter)
    }

    /// Every parameter of `resource_type`: its own, then those it inherits (a code it defines
    /// itself shadows an inherited one). Empty for a name that is not a resource type.
    pub fn for_type<'a>(
        &'a self,
        resource_type: &str,
    ) -> impl Iterator<Item = &'a SearchParameter> + 'a {
        let lineage = self.lineage(resource_type);
        let mut parameters = Vec::new();
        for (depth, base) in lineage.iter().enumerate() {
            let Some(codes) = self.by_type.get(*base) else {
                continue;
            };
            let closer = lineage.get(..depth).unwrap_or_default();
            for (code, entry) in codes {
                let shadowed = closer.iter().any(|closer_base| {
                    self.by_type
                        .get(*closer_base)
                        .is_some_and(|codes| codes.contains_key(code))
                });
                if !shadowed {
                    parameters.push(&entry.parameter);
                }
            }
        }
        parameters.into_iter()
    }

    /// What was not taken, and why: composite and special parameters, parameters without an
    /// expression or base, alternatives that do not compile, duplicates.
    pub fn unsupported(&self) -> &[Unsupported] {
        &self.unsupported
    }

    /// The engine the expressions were compiled with.
    pub fn engine(&self) -> &Arc<Engine> {
        &self.engine
    }

    /// Whether `name` is a concrete resource type of the model (`Patient`; not `Resource`,
    /// `DomainResource`, a data type or an unknown name).
    pub fn is_resource_type(&self, name: &str) -> bool {
        let types = self.engine.types();
        !matches!(name, "Resource" | "DomainResource")
            && types.named(name).is_some_and(|id| types.is_resource(id))
    }

    /// `resource_type`, then `DomainResource` when it is one, then `Resource`; empty when it is
    /// not a resource type.
    fn lineage<'a>(&self, resource_type: &'a str) -> Vec<&'a str> {
        let types = self.engine.types();
        let Some(id) = types
            .named(resource_type)
            .filter(|id| types.is_resource(*id))
        else {
            return Vec::new();
        };
        let mut lineage = vec![resource_type];
        if resource_type != "DomainResource"
            && types
                .named("DomainResource")
                .is_some_and(|domain| types.is_subtype(id, domain))
        {
            lineage.push("DomainResource");
        }
        if resource_type != "Resource" {
            lineage.push("Resource");
        }
        lineage
    }
}

/// The targets of a reference parameter on one base: when every path keeps only references of
/// some types (`.where(resolve() is Patient)`), those types; otherwise all declared targets.
fn narrow_targets(targets: &[String], paths: &[Path]) -> Vec<String> {
    let mut filtered: Vec<&str> = Vec::new();
    for path in paths {
        match &path.reference_type {
            Some(type_name) => filtered.push(type_name),
            None => return targets.to_vec(),
        }
    }
    targets
        .iter()
        .filter(|target| filtered.contains(&target.as_str()))
        .cloned()
        .collect()
}

/// The top-level ` | ` alternatives of an expression (a `|` inside parentheses, brackets or a
/// string literal does not split).
fn split_alternatives(expression: &str) -> Vec<&str> {
    let mut alternatives = Vec::new();
    let mut depth = 0i32;
    let mut quote: Option<char> = None;
    let mut escaped = false;
    let mut start = 0;
    for (at, c) in expression.char_indices() {
        if let Some(open) = quote {
            if escaped {
                escaped = false;
            } else if c == '\\' {
                escaped = true;
            } else if c == open {
                quote = None;
            }
            continue;
        }
        match c {
            '\'' | '`' | '"' => quote = Some(c),
            '(' | '[' | '{' => depth += 1,
            ')' | ']' | '}' => depth -= 1,
            '|' if depth == 0 => {
                if let Some(alternative) = expression.get(start..at) {
                    alternatives.push(alternative.trim());
                }
                start = at + 1;
            }
            _ => {}
        }
    }
    if let Some(alternative) = expression.get(start..) {
        alternatives.push(alternative.trim());
    }
    alternatives.retain(|alternative| !alternative.is_empty());
    alternatives
}

/// Whether an alternative applies to `base`: it starts with that type name, or with no type name.
fn applies_to(alternative: &str, base: &str) -> bool {
    let name: String = alternative
        .trim_start_matches(|c: char| c == '(' || c.is_whitespace())
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
        .collect();
    !name.starts_with(|c: char| c.is_ascii_uppercase()) || name == base
}

/// Rewrites one alternative for an index: strips a trailing `.where(resolve() is T)` (returned as
/// the reference type to keep) and turns `as` into `ofType`.
pub(crate) fn rewrite(alternative: &str) -> (String, Option<String>) {
    let (path, reference_type) = split_resolve_filter(alternative.trim());
    (replace_as(path), reference_type)
}

fn split_resolve_filter(alternative: &str) -> (&str, Option<String>) {
    let found = (|| {
        let body = alternative.strip_suffix(')')?;
        let at = body.rfind(".where(")?;
        let condition = body.get(at + ".where(".len()..)?.trim();
        let type_name = condition
            .strip_prefix("resolve()")?
            .trim_start()
            .strip_prefix("is")?
            .trim();
        let type_name = type_name.strip_prefix("FHIR.").unwrap_or(type_name);
        let is_name = !type_name.is_empty() && type_name.chars().all(|c| c.is_ascii_alphanumeric());
        is_name.then(|| (body.get(..at), type_name.to_string()))
    })();
    match found {
        Some((Some(path), type_name)) => (path, Some(type_name)),
        _ => (alternative, None),
    }
}

fn replace_as(path: &str) -> String {
    static PATTERNS: OnceLock<Option<(regex::Regex, regex::Regex)>> = OnceLock::new();
    let Some((operator, function)) = PATTERNS
        .get_or_init(|| {
            let operator =
                regex::Regex::new(r"\(([A-Za-z][A-Za-z0-9_.]*) as ([A-Za-z][A-Za-z0-9_.]*)\)")
                    .ok()?;
            let function = regex::Regex::new(r"\.as\(([A-Za-z][A-Za-z0-9_.]*)\)").ok()?;
            Some((operator, function))
        })
        .as_ref()
    else {
        return path.to_string();
    };
    let path = operator.replace_all(path, "$1.ofType($2)");
    function.replace_all(&path, ".ofType($1)").into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::search::tests::r4;

    #[test]
    fn alternatives_split_at_the_top_level_only() {
        assert_eq!(
            split_alternatives("A.b | C.d.where(e = 'x|y') | (F.g | F.h).i"),
            vec!["A.b", "C.d.where(e = 'x|y')", "(F.g | F.h).i"]
        );
        assert!(applies_to("(Observation.value as Quantity)", "Observation"));
        assert!(!applies_to("CarePlan.subject", "Observation"));
        assert!(applies_to("name", "Organization"));
    }

    #[test]
    fn alternatives_are_rewritten_for_an_index() {
        assert_eq!(
            rewrite("CarePlan.subject.where(resolve() is Patient)"),
            ("CarePlan.subject".to_string(), Some("Patient".to_string()))
        );
        assert_eq!(
            rewrite("(Observation.value as CodeableConcept).text"),
            (
                "Observation.value.ofType(CodeableConcept).text".to_string(),
                None
            )
        );
        assert_eq!(
            rewrite("Condition.onset.as(Age)"),
            ("Condition.onset.ofType(Age)".to_string(), None)
        );
        assert_eq!(
            rewrite("Patient.telecom.where(system='email')"),
            ("Patient.telecom.where(system='email')".to_string(), None)
        );
    }

    #[test]
    fn r4_core_parameters_are_narrowed_to_their_base() {
        let params = r4();
        let patient = params.get("Observation", "patient").unwrap();
        assert_eq!(patient.kind, ParamKind::Reference);
        assert_eq!(
            patient.expression,
            "Observation.subject.where(resolve() is Patient)"
        );
        assert_eq!(patient.paths.len(), 1);
        assert_eq!(patient.paths[0].reference_type.as_deref(), Some("Patient"));
        assert_eq!(patient.targets, vec!["Patient".to_string()]);
        let gender = params.get("Patient", "gender").unwrap();
        assert_eq!(
            (gender.kind, gender.expression.as_str()),
            (ParamKind::Token, "Patient.gender")
        );
        let id = params.get("Patient", "_id").unwrap();
        assert_eq!(
            (
                id.resource_type.as_str(),
                id.expression.as_str(),
                id.url.as_str()
            ),
            (
                "Resource",
                "Resource.id",
                "http://hl7.org/fhir/SearchParameter/Resource-id"
            )
        );
        assert!(params.get("Patient", "no-such").is_none());
        assert!(params.get("NotAType", "_id").is_none());
        let codes: Vec<&str> = params
            .for_type("Patient")
            .map(|p| p.code.as_str())
            .collect();
        for code in [
            "name",
            "birthdate",
            "identifier",
            "_id",
            "_lastUpdated",
            "_profile",
            "_tag",
        ] {
            assert!(codes.contains(&code), "{code} in {codes:?}");
        }
        assert_eq!(codes.iter().filter(|code| **code == "_id").count(), 1);
        // Composite and special parameters and those without expression are recorded.
        let unsupported = params.unsupported();
        assert!(unsupported
            .iter()
            .any(|u| u.code == "code-value-quantity" && u.reason.contains("composite")));
        assert!(unsupported
            .iter()
            .any(|u| u.url == "http://hl7.org/fhir/SearchParameter/example"));
        // The one R4 core alternative that does not compile uses `hasExtension()`, which
        // FHIRPath does not define.
        let not_compiled: Vec<&str> = unsupported
            .iter()
            .filter(|u| u.reason.contains("does not compile"))
            .map(|u| u.code.as_str())
            .collect();
        assert_eq!(not_compiled, vec!["item-subject"]);
        assert_eq!(
            unsupported
                .iter()
                .filter(|u| u.reason.contains("composite"))
                .count(),
            46
        );
    }
}
