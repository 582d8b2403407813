//! Index values: what each search parameter finds in a resource, in the forms queries compare
//! against (tokens, folded strings, instant ranges, parsed references, quantities, numbers, URIs).

use crate::fhirpath::{render, Item};
use crate::json::{JsonKind, JsonValue};

use super::params::{ParamKind, Path, SearchParameter, SearchParameters};
use super::values::{normalize_string, parse_date, DateRange};

/// One value of one search parameter of a resource.
#[derive(Clone, Debug, PartialEq)]
pub struct IndexEntry {
    /// The parameter's code (`birthdate`).
    pub param: String,
    pub value: IndexValue,
}

/// A system and a code (or value): an identifier's type coding, a reference's identifier.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Coded {
    pub system: Option<String>,
    pub code: Option<String>,
}

/// An indexed value, by parameter type.
#[derive(Clone, Debug, PartialEq)]
pub enum IndexValue {
    /// From a Coding (system, code, `display` as text), each coding of a CodeableConcept (its
    /// `text` as text; a CodeableConcept with text only gives one entry without code), an
    /// Identifier (system, value, `type.text` as text; one entry per `type` coding, in `of_type`,
    /// for `:of-type`), a ContactPoint (value), and code, string, id, uri and boolean primitives
    /// (code only; booleans as `true`/`false`). A `code` primitive's system is implied by its
    /// binding and is not recorded.
    Token {
        system: Option<String>,
        code: Option<String>,
        /// For `:text`, as written (fold it with [`super::normalize_string`] to compare).
        text: Option<String>,
        of_type: Option<Coded>,
    },
    /// A string, or each part of a HumanName (family, given, prefix, suffix, text) or an Address
    /// (line, city, district, state, postalCode, country, text).
    String {
        /// Folded by [`super::normalize_string`]: what the default and `:contains` compare.
        value: String,
        /// As written: what `:exact` compares.
        exact: String,
    },
    /// The instants covered (see [`DateRange`]): a date, dateTime or instant; a Period from its
    /// start's low to its end's high, an open end being `i64::MIN` / `i64::MAX`; each event of a
    /// Timing.
    Date {
        low_ms: i64,
        high_ms: i64,
    },
    /// From Reference.reference: `Patient/123` (type and id), an absolute URL (kept in `url`,
    /// with type and id when it ends in `Type/id`), `urn:uuid:…` and `#contained` (url only; the
    /// type from `Reference.type` when given). From a canonical or uri value for a reference
    /// parameter (`ValueSet.url` targets): the URL, with type and id when it ends in `Type/id`.
    /// A `/_history/n` suffix is dropped from type and id but kept in `url`.
    Reference {
        target_type: Option<String>,
        id: Option<String>,
        /// The reference as written; empty when the Reference has only an identifier.
        url: String,
        /// `Reference.identifier`, for `:identifier`.
        identifier: Option<Coded>,
    },
    /// A Quantity (and Age, Duration, Count, Distance, SimpleQuantity, MoneyQuantity); Money
    /// (system `urn:iso:std:iso:4217`, code the currency). Without a value, nothing is indexed.
    Quantity {
        /// The decimal as written (`1.50`), for precision-exact comparisons.
        value: String,
        /// The same as `f64`, for range comparisons.
        number: f64,
        system: Option<String>,
        code: Option<String>,
        unit: Option<String>,
    },
    Number {
        value: String,
        number: f64,
    },
    Uri {
        value: String,
    },
}

impl SearchParameters {
    /// Every index value of `resource` (JSON with a `resourceType`), for every parameter of its
    /// type; identical values of one parameter are given once. The resource is indexed once
    /// ([`crate::fhirpath::Engine::document`]) and each parameter's paths evaluated on it; a path
    /// that fails to evaluate on this resource gives nothing. Nothing for JSON without a known
    /// `resourceType`.
    pub fn index(&self, resource: &JsonValue) -> Vec<IndexEntry> {
        let Some(resource_type) = resource.get("resourceType").and_then(JsonValue::as_str) else {
            return Vec::new();
        };
        let document = self.engine.document(resource);
        let mut entries = Vec::new();
        for parameter in self.for_type(resource_type) {
            let first = entries.len();
            for path in &parameter.paths {
                let Ok(items) = self.engine.evaluate_document(&path.expression, &document) else {
                    continue;
                };
                let mut values = Vec::new();
                for item in &items {
                    self.extract(parameter, path, item, &mut values);
                }
                for value in values {
                    let duplicate = entries
                        .get(first..)
                        .unwrap_or_default()
                        .iter()
                        .any(|entry: &IndexEntry| entry.value == value);
                    if !duplicate {
                        entries.push(IndexEntry {
                            param: parameter.code.clone(),
                            value,
                        });
                    }
                }
            }
        }
        entries
    }

    fn extract(
        &self,
        parameter: &SearchParameter,
        path: &Path,
        item: &Item<'_>,
        values: &mut Vec<IndexValue>,
    ) {
        let node = match item {
            Item::Node(node) => *node,
            Item::Boolean(_)
            | Item::Integer(_)
            | Item::Decimal(_)
            | Item::String(_)
            | Item::Date(_)
            | Item::DateTime(_) => {
                let text = render(&self.engine, item).value;
                system_value(parameter.kind, item, text, values);
                return;
            }
            Item::Time(_) | Item::Quantity(_) | Item::Type(_) => return,
        };
        let type_name = self.engine.types().name(node.type_id);
        let json = node.value;
        match parameter.kind {
            ParamKind::Token => token(type_name, json, values),
            ParamKind::String => string(type_name, json, values),
            ParamKind::Date => date(type_name, json, values),
            ParamKind::Reference => {
                let value = match type_name {
                    "Reference" => self.reference(json),
                    _ => json.as_str().map(|url| self.url_reference(url)),
                };
                let Some(value) = value else { return };
                let IndexValue::Reference { target_type, .. } = &value else {
                    return;
                };
                if let Some(wanted) = &path.reference_type {
                    if target_type.as_deref() != Some(wanted.as_str()) {
                        return;
                    }
                }
                values.push(value);
            }
            ParamKind::Quantity => quantity(type_name, json, values),
            ParamKind::Number => {
                if let Some(text) = json.number_text() {
                    if let Ok(number) = text.parse::<f64>() {
                        values.push(IndexValue::Number {
                            value: text.to_string(),
                            number,
                        });
                    }
                }
            }
            ParamKind::Uri => {
                if let Some(text) = json.as_str() {
                    values.push(IndexValue::Uri {
                        value: text.to_string(),
                    });
                }
            }
        }
    }

    fn reference(&self, json: &JsonValue) -> Option<IndexValue> {
        let identifier = json.get("identifier").map(|identifier| Coded {
            system: text(identifier, "system"),
            code: text(identifier, "value"),
        });
        let declared_type = text(json, "type").filter(|name| self.is_resource_type(name));
        match json.get("reference").and_then(JsonValue::as_str) {
            Some(reference) => {
                let (target_type, id) = self.split_reference(reference);
                Some(IndexValue::Reference {
                    target_type: target_type.or(declared_type),
                    id,
                    url: reference.to_string(),
                    identifier,
                })
            }
            None if identifier.is_some() => Some(IndexValue::Reference {
                target_type: declared_type,
                id: None,
                url: String::new(),
                identifier,
            }),
            None => None,
        }
    }

    fn url_reference(&self, url: &str) -> IndexValue {
        let without_version = url.split_once('|').map_or(url, |(url, _)| url);
        let (target_type, id) = self.split_reference(without_version);
        IndexValue::Reference {
            target_type,
            id,
            url: url.to_string(),
            identifier: None,
        }
    }

    /// The type and id of `Type/id`, `…/Type/id` or either with `/_history/n`, when `Type` is a
    /// resource type.
    pub(crate) fn split_reference(&self, reference: &str) -> (Option<String>, Option<String>) {
        if reference.starts_with('#') || reference.starts_with("urn:") {
            return (None, None);
        }
        let mut segments: Vec<&str> = reference.split('/').collect();
        if segments.len() >= 4 && segments.get(segments.len() - 2) == Some(&"_history") {
            segments.truncate(segments.len() - 2);
        }
        let (Some(id), Some(type_name)) = (segments.pop(), segments.pop()) else {
            return (None, None);
        };
        if self.is_resource_type(type_name) && is_id(id) {
            (Some(type_name.to_string()), Some(id.to_string()))
        } else {
            (None, None)
        }
    }
}

/// Whether `text` is a resource id: 1 to 64 letters, digits, `-` and `.`.
pub(crate) fn is_id(text: &str) -> bool {
    (1..=64).contains(&text.len())
        && text
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'.')
}

fn text(json: &JsonValue, name: &str) -> Option<String> {
    json.get(name)
        .and_then(JsonValue::as_str)
        .map(str::to_string)
}

fn texts<'j>(json: &'j JsonValue, name: &str) -> impl Iterator<Item = &'j str> {
    let value = json.get(name);
    let single = value.and_then(JsonValue::as_str);
    let many = value.map(JsonValue::items).unwrap_or_default();
    single
        .into_iter()
        .chain(many.iter().filter_map(JsonValue::as_str))
}

fn system_value(kind: ParamKind, item: &Item<'_>, text: String, values: &mut Vec<IndexValue>) {
    match (kind, item) {
        (ParamKind::Token, Item::Boolean(_) | Item::String(_) | Item::Integer(_)) => {
            values.push(IndexValue::Token {
                system: None,
                code: Some(text),
                text: None,
                of_type: None,
            });
        }
        (ParamKind::String, Item::String(_)) => values.push(IndexValue::String {
            value: normalize_string(&text),
            exact: text,
        }),
        (ParamKind::Uri, Item::String(_)) => values.push(IndexValue::Uri { value: text }),
        (ParamKind::Date, Item::Date(_) | Item::DateTime(_)) => {
            if let Some(range) = parse_date(&text) {
                values.push(date_value(range));
            }
        }
        (ParamKind::Number, Item::Integer(_) | Item::Decimal(_)) => {
            if let Ok(number) = text.parse() {
                values.push(IndexValue::Number {
                    value: text,
                    number,
                });
            }
        }
        _ => {}
    }
}

fn token(type_name: &str, json: &JsonValue, values: &mut Vec<IndexValue>) {
    match type_name {
        "Coding" => values.push(coding(json, text(json, "display"))),
        "CodeableConcept" => {
            let concept_text = text(json, "text");
            let codings = json.get("coding").map(JsonValue::items).unwrap_or_default();
            for coding_json in codings {
                values.push(coding(coding_json, concept_text.clone()));
            }
            if codings.is_empty() && concept_text.is_some() {
                values.push(IndexValue::Token {
                    system: None,
                    code: None,
                    text: concept_text,
                    of_type: None,
                });
            }
        }
        "Identifier" => {
            let identifier_type = json.get("type");
            let type_codings = identifier_type
                .and_then(|t| t.get("coding"))
                .map(JsonValue::items)
                .unwrap_or_default();
            let entry = |of_type: Option<Coded>| IndexValue::Token {
                system: text(json, "system"),
                code: text(json, "value"),
                text: identifier_type.and_then(|t| text(t, "text")),
                of_type,
            };
            if type_codings.is_empty() {
                values.push(entry(None));
            }
            for type_coding in type_codings {
                values.push(entry(Some(Coded {
                    system: text(type_coding, "system"),
                    code: text(type_coding, "code"),
                })));
            }
        }
        "ContactPoint" => {
            if let Some(value) = text(json, "value") {
                values.push(IndexValue::Token {
                    system: None,
                    code: Some(value),
                    text: None,
                    of_type: None,
                });
            }
        }
        _ => {
            let code = match &json.kind {
                JsonKind::String(value) => value.to_string(),
                JsonKind::Bool(value) => value.to_string(),
                JsonKind::Number(value) => value.to_string(),
                _ => return,
            };
            values.push(IndexValue::Token {
                system: None,
                code: Some(code),
                text: None,
                of_type: None,
            });
        }
    }
}

fn coding(json: &JsonValue, text_value: Option<String>) -> IndexValue {
    IndexValue::Token {
        system: text(json, "system"),
        code: text(json, "code"),
        text: text_value,
        of_type: None,
    }
}

fn string(type_name: &str, json: &JsonValue, values: &mut Vec<IndexValue>) {
    let parts: &[&str] = match type_name {
        "HumanName" => &["family", "given", "prefix", "suffix", "text"],
        "Address" => &[
            "line",
            "city",
            "district",
            "state",
            "postalCode",
            "country",
            "text",
        ],
        _ => {
            if let Some(value) = json.as_str() {
                push_string(value, values);
            }
            return;
        }
    };
    for part in parts {
        for value in texts(json, part) {
            push_string(value, values);
        }
    }
}

fn push_string(value: &str, values: &mut Vec<IndexValue>) {
    let folded = normalize_string(value);
    if !folded.is_empty() {
        values.push(IndexValue::String {
            value: folded,
            exact: value.to_string(),
        });
    }
}

fn date_value(range: DateRange) -> IndexValue {
    IndexValue::Date {
        low_ms: range.low_ms,
        high_ms: range.high_ms,
    }
}

fn date(type_name: &str, json: &JsonValue, values: &mut Vec<IndexValue>) {
    match type_name {
        "Period" => {
            let start = json
                .get("start")
                .and_then(JsonValue::as_str)
                .map(parse_date);
            let end = json.get("end").and_then(JsonValue::as_str).map(parse_date);
            let low_ms = match start {
                Some(Some(range)) => range.low_ms,
                Some(None) => return,
                None => i64::MIN,
            };
            let high_ms = match end {
                Some(Some(range)) => range.high_ms,
                Some(None) => return,
                None => i64::MAX,
            };
            if low_ms != i64::MIN || high_ms != i64::MAX {
                values.push(IndexValue::Date { low_ms, high_ms });
            }
        }
        "Timing" => {
            for event in texts(json, "event") {
                if let Some(range) = parse_date(event) {
                    values.push(date_value(range));
                }
            }
        }
        _ => {
            if let Some(range) = json.as_str().and_then(parse_date) {
                values.push(date_value(range));
            }
        }
    }
}

fn quantity(type_name: &str, json: &JsonValue, values: &mut Vec<IndexValue>) {
    let Some(value) = json.get("value").and_then(JsonValue::number_text) else {
        return;
    };
    let Ok(number) = value.parse::<f64>() else {
        return;
    };
    let (system, code, unit) = match type_name {
        "Money" => (
            Some("urn:iso:std:iso:4217".to_string()),
            text(json, "currency"),
            None,
        ),
        "Range" | "SampledData" | "Ratio" => return,
        _ => (text(json, "system"), text(json, "code"), text(json, "unit")),
    };
    values.push(IndexValue::Quantity {
        value: value.to_string(),
        number,
        system,
        code,
        unit,
    });
}
