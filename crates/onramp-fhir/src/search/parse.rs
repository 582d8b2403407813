//! Search query parsing: the `name[:modifier][.chain]=value[,value]` pairs of a FHIR R4 search
//! (<https://hl7.org/fhir/R4/search.html>) into a [`Query`], checked against the search
//! parameters of the resource type.

use super::index::is_id;
use super::matching::Prefix;
use super::params::{ParamKind, SearchParameter, SearchParameters};
use super::query::{
    Chain, Clause, Control, Include, Modifier, Query, QueryValue, SearchProblem, SortKey, Summary,
    TokenSystem, Total,
};
use super::values::{normalize_string, parse_date, parse_number};

const PREFIX_LIST: &str = "eq, ne, gt, lt, ge, le, sa, eb or ap";

impl SearchParameters {
    /// Parses the decoded query pairs of a search on `resource_type`: repeated parameters are
    /// ANDed clauses, comma-separated values are ORed, `\,` `\$` `\|` `\\` are escapes. An empty
    /// value (`name=`, or empty items in `a,,b`) is skipped. Unknown parameters go to
    /// [`Query::ignored`]; every problem found is returned, not only the first.
    pub fn parse_query(
        &self,
        resource_type: &str,
        pairs: &[(String, String)],
    ) -> Result<Query, Vec<SearchProblem>> {
        if !self.is_resource_type(resource_type) {
            return Err(vec![SearchProblem {
                param: resource_type.to_string(),
                message: format!("'{resource_type}' is not a resource type"),
            }]);
        }
        let mut parser = QueryParser {
            parameters: self,
            resource_type,
            problems: Vec::new(),
            query: Query {
                resource_type: resource_type.to_string(),
                clauses: Vec::new(),
                control: Control::default(),
                ignored: Vec::new(),
            },
            seen_singletons: Vec::new(),
        };
        for (name, value) in pairs {
            parser.pair(name, value);
        }
        if parser.problems.is_empty() {
            Ok(parser.query)
        } else {
            Err(parser.problems)
        }
    }
}

struct QueryParser<'p> {
    parameters: &'p SearchParameters,
    resource_type: &'p str,
    problems: Vec<SearchProblem>,
    query: Query,
    seen_singletons: Vec<String>,
}

/// The modifiers each kind takes, for messages.
fn modifiers_of(kind: ParamKind) -> &'static str {
    match kind {
        ParamKind::String => ":exact, :contains or :missing",
        ParamKind::Token => ":text, :not, :of-type or :missing",
        ParamKind::Reference => ":[type] (such as :Patient), :identifier or :missing",
        ParamKind::Uri => ":above, :below or :missing",
        ParamKind::Number | ParamKind::Date | ParamKind::Quantity => ":missing",
    }
}

impl QueryParser<'_> {
    fn problem(&mut self, param: &str, message: String) {
        self.problems.push(SearchProblem {
            param: param.to_string(),
            message,
        });
    }

    fn pair(&mut self, name: &str, value: &str) {
        let base_name = name.split([':', '.']).next().unwrap_or(name);
        if ["_page", "_offset", "_cursor"]
            .iter()
            .any(|prefix| name.starts_with(prefix))
        {
            self.query
                .control
                .paging
                .push((name.to_string(), value.to_string()));
            return;
        }
        match base_name {
            "_count" | "_sort" | "_include" | "_revinclude" | "_summary" | "_elements"
            | "_total" | "_format" | "_pretty" => self.control(name, base_name, value),
            _ => self.clause(name, base_name, value),
        }
    }

    /// Records a result parameter that may be given once; `false` (and a problem) the second time.
    fn singleton(&mut self, name: &str) -> bool {
        if self.seen_singletons.iter().any(|seen| seen == name) {
            self.problem(name, "is given more than once; give it once".to_string());
            return false;
        }
        self.seen_singletons.push(name.to_string());
        true
    }

    fn control(&mut self, name: &str, base_name: &str, value: &str) {
        if value.trim().is_empty() {
            return;
        }
        let modifier = name.get(base_name.len()..).unwrap_or_default();
        let includes = matches!(base_name, "_include" | "_revinclude");
        let iterate = includes && matches!(modifier, ":iterate" | ":recurse");
        if !(modifier.is_empty() || iterate) {
            let allowed = if includes {
                "; only :iterate is allowed here"
            } else {
                ""
            };
            self.problem(
                name,
                format!("'{modifier}' is not a modifier of {base_name}{allowed}"),
            );
            return;
        }
        if !includes && !self.singleton(base_name) {
            return;
        }
        let control = &mut self.query.control;
        let problem = match base_name {
            "_count" => match value.trim().parse::<u32>() {
                Ok(count) => {
                    control.count = Some(count);
                    None
                }
                Err(_) => Some(format!(
                    "'{value}' is not a count; use a whole number of 0 or more"
                )),
            },
            "_sort" => {
                self.sort(name, value);
                None
            }
            "_include" | "_revinclude" => {
                let reverse = base_name == "_revinclude";
                if let Some(include) = self.include(name, reverse, value, iterate) {
                    if reverse {
                        self.query.control.revinclude.push(include);
                    } else {
                        self.query.control.include.push(include);
                    }
                }
                None
            }
            "_summary" => match value {
                "true" | "false" | "text" | "data" | "count" => {
                    control.summary = Some(match value {
                        "true" => Summary::True,
                        "false" => Summary::False,
                        "text" => Summary::Text,
                        "data" => Summary::Data,
                        _ => Summary::Count,
                    });
                    None
                }
                _ => Some(format!(
                    "'{value}' is not a summary; use true, false, text, data or count"
                )),
            },
            "_elements" => {
                let elements: Vec<String> = value
                    .split(',')
                    .map(str::trim)
                    .filter(|element| !element.is_empty())
                    .map(str::to_string)
                    .collect();
                let bad = elements.iter().find(|element| {
                    !element
                        .chars()
                        .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '.')
                });
                match bad {
                    Some(bad) => Some(format!(
                        "'{bad}' is not an element name; list top-level element names such as identifier,name"
                    )),
                    None => {
                        control.elements = elements;
                        None
                    }
                }
            }
            "_total" => match value {
                "none" | "estimate" | "accurate" => {
                    control.total = Some(match value {
                        "none" => Total::None,
                        "estimate" => Total::Estimate,
                        _ => Total::Accurate,
                    });
                    None
                }
                _ => Some(format!(
                    "'{value}' is not a total mode; use none, estimate or accurate"
                )),
            },
            "_format" => {
                control.format = Some(value.to_string());
                None
            }
            "_pretty" => match value {
                "true" | "false" => {
                    control.pretty = Some(value == "true");
                    None
                }
                _ => Some(format!("'{value}' is not true or false")),
            },
            _ => None,
        };
        if let Some(message) = problem {
            self.problem(name, message);
        }
    }

    fn sort(&mut self, name: &str, value: &str) {
        let mut keys = Vec::new();
        for key in value.split(',').map(str::trim) {
            let (descending, param) = match key.strip_prefix('-') {
                Some(param) => (true, param),
                None => (false, key),
            };
            if param.is_empty() {
                self.problem(
                    name,
                    format!("'{value}' has an empty sort key; use a comma list such as -date,_id"),
                );
                return;
            }
            match self.parameters.get(self.resource_type, param) {
                Some(parameter) => keys.push(SortKey {
                    param: param.to_string(),
                    kind: parameter.kind,
                    descending,
                }),
                None => {
                    self.problem(
                        name,
                        format!(
                            "'{param}' is not a search parameter of {}; sort by one of its parameters, _id or _lastUpdated",
                            self.resource_type
                        ),
                    );
                    return;
                }
            }
        }
        self.query.control.sort = keys;
    }

    fn include(
        &mut self,
        name: &str,
        reverse: bool,
        value: &str,
        iterate: bool,
    ) -> Option<Include> {
        if value == "*" {
            return Some(Include {
                source_type: None,
                param: None,
                target_type: None,
                iterate,
            });
        }
        let parts: Vec<&str> = value.split(':').collect();
        let (source_type, param, target_type) = match parts.as_slice() {
            [source_type, param] => (*source_type, *param, None),
            [source_type, param, target_type] => (*source_type, *param, Some(*target_type)),
            _ => {
                self.problem(
                    name,
                    format!("'{value}' is not an include; use Type:param or Type:param:TargetType, such as Observation:subject:Patient"),
                );
                return None;
            }
        };
        if !self.parameters.is_resource_type(source_type) {
            self.problem(name, format!("'{source_type}' is not a resource type"));
            return None;
        }
        if !reverse && !iterate && source_type != self.resource_type {
            self.problem(
                name,
                format!(
                    "'{value}' starts from {source_type} but the search is on {}; use {}:<param>, or _include:iterate",
                    self.resource_type, self.resource_type
                ),
            );
            return None;
        }
        let Some(parameter) = self.parameters.get(source_type, param) else {
            self.problem(
                name,
                format!("'{param}' is not a search parameter of {source_type}"),
            );
            return None;
        };
        if parameter.kind != ParamKind::Reference {
            self.problem(
                name,
                format!(
                    "{source_type}:{param} is a {} parameter; only reference parameters can be included",
                    parameter.kind.code()
                ),
            );
            return None;
        }
        if let Some(target_type) = target_type {
            if !self.parameters.is_resource_type(target_type) {
                self.problem(name, format!("'{target_type}' is not a resource type"));
                return None;
            }
            if !points_to(parameter, target_type) {
                self.problem(
                    name,
                    format!(
                        "{source_type}:{param} cannot point to {target_type}; it points to {}",
                        parameter.targets.join(", ")
                    ),
                );
                return None;
            }
        }
        if reverse && !iterate {
            let searched = target_type.unwrap_or(self.resource_type);
            if searched != self.resource_type || !points_to(parameter, self.resource_type) {
                self.problem(
                    name,
                    format!(
                        "{source_type}:{param} cannot point to {}, the type searched",
                        self.resource_type
                    ),
                );
                return None;
            }
        }
        Some(Include {
            source_type: Some(source_type.to_string()),
            param: Some(param.to_string()),
            target_type: target_type.map(str::to_string),
            iterate,
        })
    }

    fn clause(&mut self, name: &str, base_name: &str, value: &str) {
        let Some(parameter) = self.parameters.get(self.resource_type, base_name) else {
            self.query.ignored.push(name.to_string());
            return;
        };
        let (head, chain_text) = match name.split_once('.') {
            Some((head, chain_text)) => (head, Some(chain_text)),
            None => (name, None),
        };
        let modifier_text = head.split_once(':').map(|(_, modifier)| modifier);
        let values_text = split_unescaped(value, ',');
        let values_text: Vec<&str> = values_text.into_iter().filter(|v| !v.is_empty()).collect();
        if values_text.is_empty() {
            return;
        }
        match chain_text {
            None => {
                let Some(modifier) = self.modifier(name, parameter, modifier_text) else {
                    return;
                };
                let values = self.values(name, parameter, modifier.as_ref(), &values_text);
                if let Some(values) = values {
                    self.query.clauses.push(Clause {
                        param: parameter.code.clone(),
                        kind: parameter.kind,
                        modifier,
                        chain: None,
                        values,
                        text: value.to_string(),
                    });
                }
            }
            Some(chain_text) => {
                let Some(chain) = self.chain(name, parameter, modifier_text, chain_text) else {
                    return;
                };
                let Some(chained) = chain
                    .target_types
                    .first()
                    .and_then(|target| self.parameters.get(target, &chain.param))
                else {
                    return;
                };
                let values = self.values(name, chained, chain.modifier.as_ref(), &values_text);
                if let Some(values) = values {
                    self.query.clauses.push(Clause {
                        param: parameter.code.clone(),
                        kind: parameter.kind,
                        modifier: None,
                        chain: Some(chain),
                        values,
                        text: value.to_string(),
                    });
                }
            }
        }
    }

    /// The modifier written after `:`, checked against the parameter's kind. `Some(None)` when
    /// there is none; `None` after reporting a problem.
    fn modifier(
        &mut self,
        name: &str,
        parameter: &SearchParameter,
        text: Option<&str>,
    ) -> Option<Option<Modifier>> {
        let Some(text) = text else {
            return Some(None);
        };
        let kind = parameter.kind;
        let modifier = match text {
            "missing" => Some(Modifier::Missing),
            "exact" => Some(Modifier::Exact),
            "contains" => Some(Modifier::Contains),
            "text" => Some(Modifier::Text),
            "not" => Some(Modifier::Not),
            "above" => Some(Modifier::Above),
            "below" => Some(Modifier::Below),
            "of-type" => Some(Modifier::OfType),
            "identifier" => Some(Modifier::Identifier),
            _ => None,
        };
        let allowed = matches!(
            (&modifier, kind),
            (Some(Modifier::Missing), _)
                | (
                    Some(Modifier::Exact | Modifier::Contains),
                    ParamKind::String
                )
                | (
                    Some(Modifier::Text | Modifier::Not | Modifier::OfType),
                    ParamKind::Token
                )
                | (Some(Modifier::Above | Modifier::Below), ParamKind::Uri)
                | (Some(Modifier::Identifier), ParamKind::Reference)
        );
        if allowed {
            return Some(modifier);
        }
        if modifier.is_none() && kind == ParamKind::Reference {
            if self.parameters.is_resource_type(text) {
                if !points_to(parameter, text) {
                    self.problem(
                        name,
                        format!(
                            "':{text}' is not a target of {}; use one of {}",
                            parameter.code,
                            parameter.targets.join(", ")
                        ),
                    );
                    return None;
                }
                return Some(Some(Modifier::Type(text.to_string())));
            }
            self.problem(
                name,
                format!("':{text}' is neither a search modifier nor a resource type; reference parameters take {}", modifiers_of(kind)),
            );
            return None;
        }
        let unsupported = matches!(text, "in" | "not-in" | "type")
            || (kind == ParamKind::Token && matches!(text, "above" | "below"));
        let message = if unsupported {
            format!(
                "':{text}' is not supported by this server; {} parameters here take {}",
                kind.code(),
                modifiers_of(kind)
            )
        } else if modifier.is_some() {
            format!(
                "':{text}' does not apply to {} parameters; they take {}",
                kind.code(),
                modifiers_of(kind)
            )
        } else {
            format!(
                "':{text}' is not a search modifier; {} parameters take {}",
                kind.code(),
                modifiers_of(kind)
            )
        };
        self.problem(name, message);
        None
    }

    fn chain(
        &mut self,
        name: &str,
        parameter: &SearchParameter,
        modifier_text: Option<&str>,
        chain_text: &str,
    ) -> Option<Chain> {
        if parameter.kind != ParamKind::Reference {
            self.problem(
                name,
                format!(
                    "'{}' is a {} parameter; only reference parameters can be chained",
                    parameter.code,
                    parameter.kind.code()
                ),
            );
            return None;
        }
        if chain_text.contains('.') {
            self.problem(
                name,
                "chains of more than one level are not supported; search the intermediate resources first".to_string(),
            );
            return None;
        }
        let target_type = match modifier_text {
            None => None,
            Some(text) if self.parameters.is_resource_type(text) => {
                if !points_to(parameter, text) {
                    self.problem(
                        name,
                        format!(
                            "':{text}' is not a target of {}; use one of {}",
                            parameter.code,
                            parameter.targets.join(", ")
                        ),
                    );
                    return None;
                }
                Some(text.to_string())
            }
            Some(text) => {
                self.problem(
                    name,
                    format!(
                        "':{text}' before a chain must be a resource type, such as {}:Patient.name",
                        parameter.code
                    ),
                );
                return None;
            }
        };
        let (chained_code, chained_modifier) = match chain_text.split_once(':') {
            Some((code, modifier)) => (code, Some(modifier)),
            None => (chain_text, None),
        };
        let candidates: Vec<String> = match &target_type {
            Some(target_type) => vec![target_type.clone()],
            None => parameter.targets.clone(),
        };
        let target_types: Vec<String> = candidates
            .iter()
            .filter(|target| self.parameters.get(target, chained_code).is_some())
            .cloned()
            .collect();
        let chained: Vec<&SearchParameter> = target_types
            .iter()
            .filter_map(|target| self.parameters.get(target, chained_code))
            .collect();
        let Some(first) = chained.first() else {
            let on = match &target_type {
                Some(target_type) => target_type.clone(),
                None if candidates.is_empty() => format!("the targets of {}", parameter.code),
                None => format!(
                    "any target of {} ({})",
                    parameter.code,
                    candidates.join(", ")
                ),
            };
            self.problem(
                name,
                format!("'{chained_code}' is not a search parameter of {on}"),
            );
            return None;
        };
        if let Some(other) = chained.iter().find(|other| other.kind != first.kind) {
            self.problem(
                name,
                format!(
                    "'{chained_code}' is a {} parameter of {} but a {} parameter of {}; name the type, such as {}:{}.{chained_code}",
                    first.kind.code(),
                    first.resource_type,
                    other.kind.code(),
                    other.resource_type,
                    parameter.code,
                    target_types.first().map_or("", String::as_str),
                ),
            );
            return None;
        }
        let modifier = self.modifier(name, first, chained_modifier)?;
        Some(Chain {
            target_type,
            param: chained_code.to_string(),
            kind: first.kind,
            modifier,
            target_types,
        })
    }

    fn values(
        &mut self,
        name: &str,
        parameter: &SearchParameter,
        modifier: Option<&Modifier>,
        values_text: &[&str],
    ) -> Option<Vec<QueryValue>> {
        let mut values = Vec::new();
        let mut failed = false;
        for text in values_text {
            match self.value(parameter, modifier, text) {
                Ok(value) => values.push(value),
                Err(message) => {
                    self.problem(name, message);
                    failed = true;
                }
            }
        }
        (!failed).then_some(values)
    }

    fn value(
        &self,
        parameter: &SearchParameter,
        modifier: Option<&Modifier>,
        escaped: &str,
    ) -> Result<QueryValue, String> {
        let unescaped = unescape(escaped);
        match modifier {
            Some(Modifier::Missing) => {
                return match unescaped.as_str() {
                    "true" => Ok(QueryValue::Missing(true)),
                    "false" => Ok(QueryValue::Missing(false)),
                    _ => Err(format!("':missing' takes true or false, not '{unescaped}'")),
                }
            }
            Some(Modifier::Text) => return Ok(string_value(&unescaped)),
            Some(Modifier::Identifier) => return Ok(token_value(escaped)),
            Some(Modifier::OfType) => return of_type_value(escaped),
            _ => {}
        }
        match parameter.kind {
            ParamKind::String => Ok(string_value(&unescaped)),
            ParamKind::Token => {
                let value = token_value(escaped);
                if value
                    == (QueryValue::Token {
                        system: TokenSystem::None,
                        code: None,
                    })
                {
                    return Err("'|' has neither a system nor a code; use code, system|code, |code or system|".to_string());
                }
                Ok(value)
            }
            ParamKind::Uri => Ok(QueryValue::Uri { value: unescaped }),
            ParamKind::Date => {
                let (prefix, rest) = prefix(&unescaped, |rest| parse_date(rest).is_some())?;
                match parse_date(rest) {
                    Some(range) => Ok(QueryValue::Date { prefix, range }),
                    None => Err(format!(
                        "'{unescaped}' is not a date; use YYYY, YYYY-MM, YYYY-MM-DD or a dateTime"
                    )),
                }
            }
            ParamKind::Number => {
                let (prefix, rest) = prefix(&unescaped, |rest| parse_number(rest).is_some())?;
                match parse_number(rest) {
                    Some(number) => Ok(QueryValue::Number { prefix, number }),
                    None => Err(format!(
                        "'{unescaped}' is not a number; use a decimal such as 5, -0.5 or 1e3, with an optional prefix ({PREFIX_LIST})"
                    )),
                }
            }
            ParamKind::Quantity => quantity_value(escaped),
            ParamKind::Reference => self.reference_value(parameter, modifier, &unescaped),
        }
    }

    fn reference_value(
        &self,
        parameter: &SearchParameter,
        modifier: Option<&Modifier>,
        text: &str,
    ) -> Result<QueryValue, String> {
        let typed = match modifier {
            Some(Modifier::Type(type_name)) => Some(type_name.clone()),
            _ => None,
        };
        if text.contains("://") || text.starts_with("urn:") {
            let (url, version) = match text.split_once('|') {
                Some((url, version)) => (url, Some(version.to_string())),
                None => (text, None),
            };
            let (target_type, id) = self.parameters.split_reference(url);
            if let (Some(typed), Some(found)) = (&typed, &target_type) {
                if typed != found {
                    return Err(format!("'{text}' points to {found}, not {typed}"));
                }
            }
            return Ok(QueryValue::Reference {
                target_type: target_type.or(typed),
                id,
                url: Some(url.to_string()),
                version,
            });
        }
        let segments: Vec<&str> = text.split('/').collect();
        let (target_type, id) = match segments.as_slice() {
            [id] => {
                let only_target = match parameter.targets.as_slice() {
                    [only] => Some(only.clone()),
                    _ => None,
                };
                (typed.clone().or(only_target), *id)
            }
            [type_name, id] | [type_name, id, "_history", _] => {
                if !self.parameters.is_resource_type(type_name) {
                    return Err(format!(
                        "'{text}' names {type_name}, which is not a resource type; use id, Type/id or an absolute URL"
                    ));
                }
                if let Some(typed) = &typed {
                    if typed != type_name {
                        return Err(format!("'{text}' points to {type_name}, not {typed}"));
                    }
                }
                if !points_to(parameter, type_name) {
                    return Err(format!(
                        "{} cannot point to {type_name}; it points to {}",
                        parameter.code,
                        parameter.targets.join(", ")
                    ));
                }
                (Some(type_name.to_string()), *id)
            }
            _ => {
                return Err(format!(
                    "'{text}' is not a reference; use id, Type/id or an absolute URL"
                ))
            }
        };
        if !is_id(id) {
            return Err(format!(
                "'{id}' is not a resource id (1 to 64 letters, digits, '-' and '.')"
            ));
        }
        Ok(QueryValue::Reference {
            target_type,
            id: Some(id.to_string()),
            url: None,
            version: None,
        })
    }
}

/// Whether a reference parameter may point to `type_name` (no targets, or `Resource`, means any).
fn points_to(parameter: &SearchParameter, type_name: &str) -> bool {
    parameter.targets.is_empty()
        || parameter
            .targets
            .iter()
            .any(|target| target == type_name || target == "Resource")
}

/// Splits off a comparison prefix: two lower-case letters before something `parses` accepts.
fn prefix(text: &str, parses: impl Fn(&str) -> bool) -> Result<(Prefix, &str), String> {
    let (Some(head), Some(rest)) = (text.get(..2), text.get(2..)) else {
        return Ok((Prefix::Eq, text));
    };
    if !head.bytes().all(|b| b.is_ascii_lowercase()) || parses(text) {
        return Ok((Prefix::Eq, text));
    }
    match Prefix::from_code(head) {
        Some(prefix) => Ok((prefix, rest)),
        None if parses(rest) => Err(format!(
            "'{text}' starts with '{head}', which is not a prefix; use {PREFIX_LIST}"
        )),
        None => Ok((Prefix::Eq, text)),
    }
}

fn string_value(text: &str) -> QueryValue {
    QueryValue::String {
        value: normalize_string(text),
        exact: text.to_string(),
    }
}

fn token_value(escaped: &str) -> QueryValue {
    match split_unescaped_once(escaped, '|') {
        None => QueryValue::Token {
            system: TokenSystem::Any,
            code: Some(unescape(escaped)),
        },
        Some((system, code)) => QueryValue::Token {
            system: if system.is_empty() {
                TokenSystem::None
            } else {
                TokenSystem::Is(unescape(system))
            },
            code: (!code.is_empty()).then(|| unescape(code)),
        },
    }
}

fn of_type_value(escaped: &str) -> Result<QueryValue, String> {
    let parts = split_unescaped(escaped, '|');
    match parts.as_slice() {
        [type_system, type_code, value]
            if !type_code.is_empty() && !value.is_empty() =>
        {
            Ok(QueryValue::OfType {
                type_system: unescape(type_system),
                type_code: unescape(type_code),
                value: unescape(value),
            })
        }
        _ => Err(format!(
            "':of-type' takes type-system|type-code|value, such as http://terminology.hl7.org/CodeSystem/v2-0203|MR|446053, not '{}'",
            unescape(escaped)
        )),
    }
}

fn quantity_value(escaped: &str) -> Result<QueryValue, String> {
    let parts = split_unescaped(escaped, '|');
    let (number_text, system, code) = match parts.as_slice() {
        [number] => (*number, None, None),
        [number, system, code] => (
            *number,
            (!system.is_empty()).then(|| unescape(system)),
            (!code.is_empty()).then(|| unescape(code)),
        ),
        _ => {
            return Err(format!(
                "'{}' is not a quantity; use number, number|system|code or number||code",
                unescape(escaped)
            ))
        }
    };
    let number_text = unescape(number_text);
    let (prefix, rest) = prefix(&number_text, |rest| parse_number(rest).is_some())?;
    match parse_number(rest) {
        Some(number) => Ok(QueryValue::Quantity {
            prefix,
            number,
            system,
            code,
        }),
        None => Err(format!(
            "'{number_text}' is not a number; a quantity starts with a decimal, such as 5.4|http://unitsofmeasure.org|mg"
        )),
    }
}

/// Splits at each `separator` not preceded by an escaping backslash; escapes are kept.
fn split_unescaped(text: &str, separator: char) -> Vec<&str> {
    let mut parts = Vec::new();
    let mut start = 0;
    let mut escaped = false;
    for (at, c) in text.char_indices() {
        if escaped {
            escaped = false;
        } else if c == '\\' {
            escaped = true;
        } else if c == separator {
            parts.push(text.get(start..at).unwrap_or_default());
            start = at + c.len_utf8();
        }
    }
    parts.push(text.get(start..).unwrap_or_default());
    parts
}

fn split_unescaped_once(text: &str, separator: char) -> Option<(&str, &str)> {
    let parts = split_unescaped(text, separator);
    let first = parts.first()?;
    if parts.len() < 2 {
        return None;
    }
    Some((first, text.get(first.len() + separator.len_utf8()..)?))
}

/// Removes the backslash of `\,` `\$` `\|` `\\`; other backslashes stay.
fn unescape(text: &str) -> String {
    let mut unescaped = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '\\' {
            if let Some(next) = chars
                .peek()
                .copied()
                .filter(|n| matches!(n, ',' | '$' | '|' | '\\'))
            {
                unescaped.push(next);
                chars.next();
                continue;
            }
        }
        unescaped.push(c);
    }
    unescaped
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_are_kept_while_splitting_and_removed_after() {
        assert_eq!(split_unescaped(r"a\,b,c", ','), vec![r"a\,b", "c"]);
        assert_eq!(unescape(r"a\,b\|c\$d\\e\x"), r"a,b|c$d\e\x");
        assert_eq!(split_unescaped(r"a\\,b", ','), vec![r"a\\", "b"]);
        assert_eq!(
            split_unescaped_once(r"s\|x|c|d", '|'),
            Some((r"s\|x", "c|d"))
        );
    }
}
