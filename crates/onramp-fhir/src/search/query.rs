//! What a parsed search asks for: clauses (parameter, modifier, chain, values), result
//! parameters, and the problems that stop a search. [`super::SearchParameters::parse_query`]
//! builds them (in `parse.rs`).

use std::fmt;

use super::matching::Prefix;
use super::params::ParamKind;
use super::values::{DateRange, NumberRange};

/// A parsed search: what to match, how to present results, and what was not understood.
#[derive(Clone, Debug, PartialEq)]
pub struct Query {
    pub resource_type: String,
    /// All must match (a repeated parameter is two clauses).
    pub clauses: Vec<Clause>,
    pub control: Control,
    /// Parameter names (as written, modifiers included) that are not search or result
    /// parameters of the type, or that this module does not support (`_has`, `_text`,
    /// `_content`, `_list`, `_type`, `_contained`, …). The server decides: lenient handling
    /// leaves them out of the self link, `Prefer: handling=strict` refuses the search.
    pub ignored: Vec<String>,
}

/// One `name=value` of a search.
#[derive(Clone, Debug, PartialEq)]
pub struct Clause {
    /// The parameter's code (`subject`, never with its modifier or chain).
    pub param: String,
    pub kind: ParamKind,
    pub modifier: Option<Modifier>,
    /// For `subject:Patient.name=x` and `subject.name=x`; the values are then of the chained
    /// parameter's kind.
    pub chain: Option<Chain>,
    /// Any one may match (the comma-separated values).
    pub values: Vec<QueryValue>,
    /// The value as written, escapes kept (for the self link).
    pub text: String,
}

/// A search modifier.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum Modifier {
    /// `:missing` (any kind); the value is [`QueryValue::Missing`].
    Missing,
    /// `:exact` (string): the whole string, case and accents as written.
    Exact,
    /// `:contains` (string): anywhere in the folded string.
    Contains,
    /// `:text` (token): the folded text of the CodeableConcept, Coding display or Identifier type.
    Text,
    /// `:not` (token): resources with no matching value (including those with no value).
    Not,
    /// `:above` (uri): the indexed URI is a prefix of the value.
    Above,
    /// `:below` (uri): the value is a prefix of the indexed URI.
    Below,
    /// `:of-type` (token on identifiers): the value is [`QueryValue::OfType`].
    OfType,
    /// `:identifier` (reference): matches `Reference.identifier`; the value is a token.
    Identifier,
    /// `:[type]` (reference): the target type, `subject:Patient=123`.
    Type(String),
}

impl Modifier {
    /// The modifier as written after the colon.
    pub fn code(&self) -> &str {
        match self {
            Modifier::Missing => "missing",
            Modifier::Exact => "exact",
            Modifier::Contains => "contains",
            Modifier::Text => "text",
            Modifier::Not => "not",
            Modifier::Above => "above",
            Modifier::Below => "below",
            Modifier::OfType => "of-type",
            Modifier::Identifier => "identifier",
            Modifier::Type(type_name) => type_name,
        }
    }
}

/// A chained search (one level): `subject:Patient.name=x` is the clause `subject` with the chain
/// `{ target_type: Patient, param: name }`.
#[derive(Clone, Debug, PartialEq)]
pub struct Chain {
    /// The type written after the reference parameter (`:Patient`), if any.
    pub target_type: Option<String>,
    /// The parameter of the referenced resources (`name`).
    pub param: String,
    /// Its kind, which the clause's values have.
    pub kind: ParamKind,
    /// A modifier on the chained parameter (`subject.name:exact=x`).
    pub modifier: Option<Modifier>,
    /// The types the chained parameter is searched on: `target_type` when given, otherwise the
    /// reference's targets that define `param`.
    pub target_types: Vec<String>,
}

/// Which system a token value asks for.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum TokenSystem {
    /// `code`: any system, or none.
    Any,
    /// `|code`: no system.
    None,
    /// `system|code` or `system|`.
    Is(String),
}

/// One of the comma-separated values of a clause, by kind and modifier.
#[derive(Clone, Debug, PartialEq)]
pub enum QueryValue {
    /// `:missing=true` (no value indexed) or `false` (some value).
    Missing(bool),
    Number {
        prefix: Prefix,
        number: NumberRange,
    },
    /// The range the date covers, as an indexed date would (see [`super::parse_date`]).
    Date {
        prefix: Prefix,
        range: DateRange,
    },
    /// A string value, and the value of `:text` on tokens.
    String {
        /// Folded by [`super::normalize_string`] (default, `:contains`, `:text`).
        value: String,
        /// As written, unescaped (`:exact`).
        exact: String,
    },
    /// `code`, `system|code`, `|code`, `system|`; also the value of `:identifier`.
    Token {
        system: TokenSystem,
        /// `None` for `system|` (any code of the system).
        code: Option<String>,
    },
    /// `:of-type`: `type-system|type-code|value`.
    OfType {
        type_system: String,
        type_code: String,
        value: String,
    },
    /// `id` (with the type from a `:Type` modifier, or the only target), `Type/id`,
    /// `Type/id/_history/n`, an absolute URL (kept in `url`; type and id when it ends in
    /// `Type/id`), or a canonical `url|version`.
    Reference {
        target_type: Option<String>,
        id: Option<String>,
        url: Option<String>,
        version: Option<String>,
    },
    /// `number`, `number|system|code`, `number||code` (see [`super::quantity_units_match`]).
    Quantity {
        prefix: Prefix,
        number: NumberRange,
        system: Option<String>,
        code: Option<String>,
    },
    Uri {
        value: String,
    },
}

/// The result parameters of a search.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Control {
    /// `_count` (0 asks for the total only).
    pub count: Option<u32>,
    /// `_sort`, in order.
    pub sort: Vec<SortKey>,
    pub include: Vec<Include>,
    pub revinclude: Vec<Include>,
    pub summary: Option<Summary>,
    /// `_elements`, as written.
    pub elements: Vec<String>,
    pub total: Option<Total>,
    /// `_format`, as written.
    pub format: Option<String>,
    pub pretty: Option<bool>,
    /// Every parameter whose name starts with `_page`, `_offset` or `_cursor`, untouched, for the
    /// server's own paging.
    pub paging: Vec<(String, String)>,
}

/// One key of `_sort`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SortKey {
    pub param: String,
    pub kind: ParamKind,
    /// Written with a leading `-`.
    pub descending: bool,
}

/// One `_include` or `_revinclude`: `Type:param[:target]`, or `*` (then `source_type` and
/// `param` are `None`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Include {
    /// The type holding the reference: the searched type for `_include`, the including type
    /// for `_revinclude`.
    pub source_type: Option<String>,
    /// A reference parameter of `source_type`.
    pub param: Option<String>,
    /// Only references to this type.
    pub target_type: Option<String>,
    /// `:iterate` (or R3's `:recurse`): applies to included resources too.
    pub iterate: bool,
}

/// `_summary`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Summary {
    True,
    False,
    Text,
    Data,
    Count,
}

/// `_total`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Total {
    None,
    Estimate,
    Accurate,
}

/// Why a search cannot run: the parameter (as written) and what to do about it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SearchProblem {
    pub param: String,
    pub message: String,
}

impl fmt::Display for SearchProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.param, self.message)
    }
}

impl std::error::Error for SearchProblem {}

impl Query {
    /// The parameters actually applied, for the Bundle's `self` link: each clause with its
    /// modifier and chain and its value as written, then the result parameters in a fixed order
    /// (`_count`, `_sort`, `_include`, `_revinclude`, `_summary`, `_elements`, `_total`,
    /// `_format`, `_pretty`). Ignored parameters and paging parameters are left out; the server
    /// adds its own paging.
    pub fn canonical_self_link_params(&self) -> Vec<(String, String)> {
        let mut params = Vec::new();
        for clause in &self.clauses {
            let mut name = clause.param.clone();
            if let Some(modifier) = &clause.modifier {
                name.push(':');
                name.push_str(modifier.code());
            }
            if let Some(chain) = &clause.chain {
                if let Some(target_type) = &chain.target_type {
                    name.push(':');
                    name.push_str(target_type);
                }
                name.push('.');
                name.push_str(&chain.param);
                if let Some(modifier) = &chain.modifier {
                    name.push(':');
                    name.push_str(modifier.code());
                }
            }
            params.push((name, clause.text.clone()));
        }
        let control = &self.control;
        if let Some(count) = control.count {
            params.push(("_count".to_string(), count.to_string()));
        }
        if !control.sort.is_empty() {
            let keys: Vec<String> = control
                .sort
                .iter()
                .map(|key| {
                    let sign = if key.descending { "-" } else { "" };
                    format!("{sign}{}", key.param)
                })
                .collect();
            params.push(("_sort".to_string(), keys.join(",")));
        }
        for (name, includes) in [
            ("_include", &control.include),
            ("_revinclude", &control.revinclude),
        ] {
            for include in includes {
                let name = if include.iterate {
                    format!("{name}:iterate")
                } else {
                    name.to_string()
                };
                params.push((name, render_include(include)));
            }
        }
        if let Some(summary) = control.summary {
            let value = match summary {
                Summary::True => "true",
                Summary::False => "false",
                Summary::Text => "text",
                Summary::Data => "data",
                Summary::Count => "count",
            };
            params.push(("_summary".to_string(), value.to_string()));
        }
        if !control.elements.is_empty() {
            params.push(("_elements".to_string(), control.elements.join(",")));
        }
        if let Some(total) = control.total {
            let value = match total {
                Total::None => "none",
                Total::Estimate => "estimate",
                Total::Accurate => "accurate",
            };
            params.push(("_total".to_string(), value.to_string()));
        }
        if let Some(format) = &control.format {
            params.push(("_format".to_string(), format.clone()));
        }
        if let Some(pretty) = control.pretty {
            params.push(("_pretty".to_string(), pretty.to_string()));
        }
        params
    }
}

fn render_include(include: &Include) -> String {
    match (&include.source_type, &include.param) {
        (Some(source_type), Some(param)) => match &include.target_type {
            Some(target_type) => format!("{source_type}:{param}:{target_type}"),
            None => format!("{source_type}:{param}"),
        },
        _ => "*".to_string(),
    }
}
