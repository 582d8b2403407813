//! Search over a sandbox's index: filters built by the FHIR layer (which parsed the query against
//! the pinned packages' SearchParameters) become one SQL statement, each filter an `IN` over
//! its index table. Values are always bound, never written into the SQL text. Every subquery is
//! tied to the searched resource's environment.

use sqlx::{Any, Executor};

use super::resources::{from_row, StoredResource};
use crate::StoreError;

/// The comparison of a date, number or quantity (FHIR search prefixes).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Prefix {
    Eq,
    Ne,
    Gt,
    Lt,
    Ge,
    Le,
    Sa,
    Eb,
    Ap,
}

/// A token's system as asked: any, none (`|code`), or this one.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SystemMatch {
    Any,
    None,
    Is(String),
}

/// How a string value matches.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum StringMatch {
    /// Starts with (normalized): the default.
    Starts,
    /// Equal, case and accents included.
    Exact,
    /// Contains (normalized).
    Contains,
}

/// Which index table a parameter's values live in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum IndexKind {
    Token,
    String,
    Date,
    Reference,
    Number,
}

impl IndexKind {
    fn table(self) -> &'static str {
        match self {
            IndexKind::Token => "fhir_index_tokens",
            IndexKind::String => "fhir_index_strings",
            IndexKind::Date => "fhir_index_dates",
            IndexKind::Reference => "fhir_index_references",
            IndexKind::Number => "fhir_index_numbers",
        }
    }
}

/// One condition on the searched resources.
#[derive(Clone, Debug, PartialEq)]
pub enum Filter {
    /// Any of these (a comma-separated value list).
    AnyOf(Vec<Filter>),
    /// None of these (`:not`).
    Not(Box<Filter>),
    Id(String),
    /// `_lastUpdated`: the resource's version time, an instant.
    LastUpdated {
        prefix: Prefix,
        low_ms: i64,
        high_ms: i64,
    },
    Token {
        param: String,
        system: SystemMatch,
        /// `None`: any code of that system (`system|`).
        code: Option<String>,
    },
    /// `:text` on a token: the display text starts with the value (normalized by the caller).
    TokenText {
        param: String,
        text: String,
    },
    String {
        param: String,
        value: String,
        mode: StringMatch,
    },
    Date {
        param: String,
        prefix: Prefix,
        low_ms: i64,
        high_ms: i64,
    },
    Reference {
        param: String,
        target_type: Option<String>,
        target_id: Option<String>,
        url: Option<String>,
    },
    /// A number or quantity: the value's range `[low, high)` by its precision, with `value` as
    /// written for the prefixes that compare with it.
    Number {
        param: String,
        prefix: Prefix,
        value: f64,
        low: f64,
        high: f64,
        system: Option<String>,
        code: Option<String>,
    },
    /// `:missing`: the resource has (`false`) or lacks (`true`) a value of the parameter.
    Missing {
        param: String,
        kind: IndexKind,
        missing: bool,
    },
    /// A chain (`subject:Patient.name=x`): a reference of `param`, to `target_type` when given,
    /// whose target matches `inner`.
    Chain {
        param: String,
        target_type: Option<String>,
        inner: Box<Filter>,
    },
}

/// Sorting by a parameter.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SortKey {
    LastUpdated {
        descending: bool,
    },
    Id {
        descending: bool,
    },
    Param {
        param: String,
        kind: IndexKind,
        descending: bool,
    },
}

/// A search of one type in one environment.
#[derive(Clone, Debug, PartialEq)]
pub struct Search<'a> {
    pub environment_id: &'a str,
    pub resource_type: &'a str,
    pub filters: Vec<Filter>,
    pub sort: Vec<SortKey>,
}

enum Bind {
    Text(String),
    Int(i64),
    Float(f64),
}

struct Sql {
    binds: Vec<Bind>,
}

impl Sql {
    fn bind(&mut self, value: Bind) -> String {
        self.binds.push(value);
        format!("${}", self.binds.len())
    }

    fn text(&mut self, value: &str) -> String {
        self.bind(Bind::Text(value.to_owned()))
    }

    /// The condition of `filter` on the resource whose id is the column expression `id`, of the
    /// environment and type `env` and `rtype` (bound values, or — in a chain to a target of
    /// unknown type — a column). Each condition is `id IN (the ids the index holds for it)`: the
    /// subquery is not correlated, so the database reads the few matching index rows along their
    /// index and looks the resources up by key, rather than testing every resource of the type.
    fn filter(&mut self, filter: &Filter, env: &str, rtype: &str, id: &str) -> String {
        let keyed = |alias: &str| {
            format!("{alias}.environment_id = {env} AND {alias}.resource_type = {rtype}")
        };
        match filter {
            Filter::AnyOf(filters) => {
                if filters.is_empty() {
                    return "1 = 0".to_owned();
                }
                let parts: Vec<String> = filters
                    .iter()
                    .map(|filter| self.filter(filter, env, rtype, id))
                    .collect();
                format!("({})", parts.join(" OR "))
            }
            Filter::Not(inner) => format!("NOT ({})", self.filter(inner, env, rtype, id)),
            Filter::Id(value) => format!("{id} = {}", self.text(value)),
            Filter::LastUpdated {
                prefix,
                low_ms,
                high_ms,
            } => {
                // The version time is an instant: its range is [t, t + 1 ms).
                let exists = format!(
                    "{id} IN (SELECT lu.id FROM fhir_resources lu WHERE lu.environment_id = {env} \
                     AND lu.resource_type = {rtype} AND lu.current = 1 AND {})",
                    self.range(
                        *prefix,
                        "lu.last_updated",
                        "(lu.last_updated + 1)",
                        *low_ms,
                        *high_ms
                    )
                );
                exists
            }
            Filter::Token {
                param,
                system,
                code,
            } => {
                let mut conditions = vec![keyed("t"), format!("t.param = {}", self.text(param))];
                if let Some(code) = code {
                    conditions.push(format!("t.code = {}", self.text(code)));
                }
                match system {
                    SystemMatch::Any => {}
                    SystemMatch::None => conditions.push("t.system IS NULL".to_owned()),
                    SystemMatch::Is(system) => {
                        conditions.push(format!("t.system = {}", self.text(system)));
                    }
                }
                format!(
                    "{id} IN (SELECT t.resource_id FROM fhir_index_tokens t WHERE {})",
                    conditions.join(" AND ")
                )
            }
            Filter::TokenText { param, text } => {
                let param = self.text(param);
                let pattern = self.text(&format!("{}%", like_escape(text)));
                format!(
                    "{id} IN (SELECT t.resource_id FROM fhir_index_tokens t WHERE {} AND t.param = {param} \
                     AND LOWER(t.text) LIKE {pattern} ESCAPE '\\')",
                    keyed("t")
                )
            }
            Filter::String { param, value, mode } => {
                let param = self.text(param);
                let condition = match mode {
                    StringMatch::Exact => format!("s.exact = {}", self.text(value)),
                    StringMatch::Starts => format!(
                        "s.normalized LIKE {} ESCAPE '\\'",
                        self.text(&format!("{}%", like_escape(value)))
                    ),
                    StringMatch::Contains => format!(
                        "s.normalized LIKE {} ESCAPE '\\'",
                        self.text(&format!("%{}%", like_escape(value)))
                    ),
                };
                format!(
                    "{id} IN (SELECT s.resource_id FROM fhir_index_strings s WHERE {} AND s.param = {param} AND {condition})",
                    keyed("s")
                )
            }
            Filter::Date {
                param,
                prefix,
                low_ms,
                high_ms,
            } => {
                let param = self.text(param);
                let range = self.range(*prefix, "d.low_ms", "d.high_ms", *low_ms, *high_ms);
                format!(
                    "{id} IN (SELECT d.resource_id FROM fhir_index_dates d WHERE {} AND d.param = {param} AND {range})",
                    keyed("d")
                )
            }
            Filter::Reference {
                param,
                target_type,
                target_id,
                url,
            } => {
                let mut conditions = vec![keyed("x"), format!("x.param = {}", self.text(param))];
                if let Some(target_type) = target_type {
                    conditions.push(format!("x.target_type = {}", self.text(target_type)));
                }
                if let Some(target_id) = target_id {
                    conditions.push(format!("x.target_id = {}", self.text(target_id)));
                }
                if let Some(url) = url {
                    conditions.push(format!("x.url = {}", self.text(url)));
                }
                format!(
                    "{id} IN (SELECT x.resource_id FROM fhir_index_references x WHERE {})",
                    conditions.join(" AND ")
                )
            }
            Filter::Number {
                param,
                prefix,
                value,
                low,
                high,
                system,
                code,
            } => {
                let mut conditions = vec![keyed("n"), format!("n.param = {}", self.text(param))];
                conditions.push(self.number(*prefix, *value, *low, *high));
                if let Some(system) = system {
                    conditions.push(format!("n.system = {}", self.text(system)));
                }
                if let Some(code) = code {
                    conditions.push(format!("n.code = {}", self.text(code)));
                }
                format!(
                    "{id} IN (SELECT n.resource_id FROM fhir_index_numbers n WHERE {})",
                    conditions.join(" AND ")
                )
            }
            Filter::Missing {
                param,
                kind,
                missing,
            } => {
                let exists = format!(
                    "{id} IN (SELECT m.resource_id FROM {} m WHERE {} AND m.param = {})",
                    kind.table(),
                    keyed("m"),
                    self.text(param)
                );
                if *missing {
                    format!("NOT {exists}")
                } else {
                    exists
                }
            }
            Filter::Chain {
                param,
                target_type,
                inner,
            } => {
                let mut conditions = vec![keyed("c"), format!("c.param = {}", self.text(param))];
                match target_type {
                    // The target type known: the targets matching `inner` are found once.
                    Some(target_type) => {
                        let target = self.text(target_type);
                        conditions.push(format!("c.target_type = {target}"));
                        conditions.push(self.filter(inner, env, &target, "c.target_id"));
                    }
                    None => {
                        conditions.push(self.filter(inner, env, "c.target_type", "c.target_id"))
                    }
                }
                format!(
                    "{id} IN (SELECT c.resource_id FROM fhir_index_references c WHERE {})",
                    conditions.join(" AND ")
                )
            }
        }
    }

    /// A value range `[low_col, high_col)` against the asked range `[low, high)`, by prefix (R4
    /// search §3.1.1.4, as `onramp_fhir::search::date_matches` states it: eq — within; gt/lt —
    /// extends above/below; ge/le — either; sa/eb — starts after / ends before; ap — overlaps).
    fn range(
        &mut self,
        prefix: Prefix,
        low_col: &str,
        high_col: &str,
        low: i64,
        high: i64,
    ) -> String {
        match prefix {
            Prefix::Eq => {
                let (l, h) = (self.bind(Bind::Int(low)), self.bind(Bind::Int(high)));
                format!("({low_col} >= {l} AND {high_col} <= {h})")
            }
            Prefix::Ne => {
                let (l, h) = (self.bind(Bind::Int(low)), self.bind(Bind::Int(high)));
                format!("NOT ({low_col} >= {l} AND {high_col} <= {h})")
            }
            Prefix::Gt => format!("{high_col} > {}", self.bind(Bind::Int(high))),
            Prefix::Lt => format!("{low_col} < {}", self.bind(Bind::Int(low))),
            Prefix::Ge => {
                let (l, h) = (self.bind(Bind::Int(low)), self.bind(Bind::Int(high)));
                format!("({high_col} > {h} OR ({low_col} >= {l} AND {high_col} <= {h}))")
            }
            Prefix::Le => {
                let (l, h) = (self.bind(Bind::Int(low)), self.bind(Bind::Int(high)));
                format!("({low_col} < {l} OR ({low_col} >= {l} AND {high_col} <= {h}))")
            }
            Prefix::Sa => format!("{low_col} >= {}", self.bind(Bind::Int(high))),
            Prefix::Eb => format!("{high_col} <= {}", self.bind(Bind::Int(low))),
            // The caller gives the widened range `ap` accepts.
            Prefix::Ap => {
                let (l, h) = (self.bind(Bind::Int(low)), self.bind(Bind::Int(high)));
                format!("({low_col} < {h} AND {high_col} > {l})")
            }
        }
    }

    /// A number against the asked value, as `onramp_fhir::search::number_matches` states it:
    /// `eq`/`ne` use the range its precision implies, `gt`/`lt`/`ge`/`le` the value exactly,
    /// `sa`/`eb` lie outside the range, `ap` within the range given.
    fn number(&mut self, prefix: Prefix, value: f64, low: f64, high: f64) -> String {
        match prefix {
            Prefix::Eq => {
                let (l, h) = (self.bind(Bind::Float(low)), self.bind(Bind::Float(high)));
                format!("(n.value >= {l} AND n.value <= {h})")
            }
            Prefix::Ne => {
                let (l, h) = (self.bind(Bind::Float(low)), self.bind(Bind::Float(high)));
                format!("NOT (n.value >= {l} AND n.value < {h})")
            }
            Prefix::Gt => format!("n.value > {}", self.bind(Bind::Float(value))),
            Prefix::Lt => format!("n.value < {}", self.bind(Bind::Float(value))),
            Prefix::Ge => format!("n.value >= {}", self.bind(Bind::Float(value))),
            Prefix::Le => format!("n.value <= {}", self.bind(Bind::Float(value))),
            Prefix::Sa => format!("n.value >= {}", self.bind(Bind::Float(high))),
            Prefix::Eb => format!("n.value < {}", self.bind(Bind::Float(low))),
            // The caller gives the range `ap` accepts.
            Prefix::Ap => {
                let (l, h) = (self.bind(Bind::Float(low)), self.bind(Bind::Float(high)));
                format!("(n.value >= {l} AND n.value <= {h})")
            }
        }
    }

    /// The ORDER BY of a search. With filters, the version time is written `r.last_updated + 0`:
    /// an expression no index can give in order, so the database finds the few matches through
    /// the filters' index rows and sorts them, instead of walking every resource of the type in
    /// time order testing each.
    fn order(&mut self, sort: &[SortKey], filtered: bool) -> String {
        let time = if filtered {
            "(r.last_updated + 0)"
        } else {
            "r.last_updated"
        };
        let mut keys = Vec::new();
        for key in sort {
            match key {
                SortKey::LastUpdated { descending } => {
                    keys.push(format!("{time}{}", direction(*descending)));
                }
                SortKey::Id { descending } => keys.push(format!("r.id{}", direction(*descending))),
                SortKey::Param {
                    param,
                    kind,
                    descending,
                } => {
                    let column = match kind {
                        IndexKind::Token => "code",
                        IndexKind::String => "normalized",
                        IndexKind::Date => "low_ms",
                        IndexKind::Reference => "url",
                        IndexKind::Number => "value",
                    };
                    let aggregate = if *descending { "MAX" } else { "MIN" };
                    keys.push(format!(
                        "(SELECT {aggregate}(o.{column}) FROM {} o WHERE o.environment_id = r.environment_id \
                         AND o.resource_type = r.resource_type AND o.resource_id = r.id AND o.param = {}){}",
                        kind.table(),
                        self.text(param),
                        direction(*descending)
                    ));
                }
            }
        }
        keys.push(format!("{time} DESC"));
        keys.push("r.id".to_owned());
        keys.join(", ")
    }

    /// The WHERE of a search. With filters, `current` and `deleted` are written `+ 0` so that no
    /// index offers them: the database then reaches the resources by key from the filters' ids
    /// (0.1 ms for a patient's 99 Observations among 100,000, measured on SQLite without
    /// statistics) instead of walking the type's current versions (16 ms).
    fn base(&mut self, search: &Search<'_>) -> String {
        let env = self.text(search.environment_id);
        let rtype = self.text(search.resource_type);
        let (current, deleted) = if search.filters.is_empty() {
            ("r.current = 1", "r.deleted = 0")
        } else {
            ("(r.current + 0) = 1", "(r.deleted + 0) = 0")
        };
        let mut conditions = vec![
            format!("r.environment_id = {env}"),
            format!("r.resource_type = {rtype}"),
            current.to_owned(),
            deleted.to_owned(),
        ];
        for filter in &search.filters {
            conditions.push(self.filter(filter, &env, &rtype, "r.id"));
        }
        conditions.join(" AND ")
    }

    fn query<'q>(
        &'q self,
        sql: &'q str,
    ) -> sqlx::query::Query<'q, Any, sqlx::any::AnyArguments<'q>> {
        let mut query = sqlx::query(sql);
        for bind in &self.binds {
            query = match bind {
                Bind::Text(value) => query.bind(value.as_str()),
                Bind::Int(value) => query.bind(*value),
                Bind::Float(value) => query.bind(*value),
            };
        }
        query
    }
}

fn direction(descending: bool) -> &'static str {
    if descending {
        " DESC"
    } else {
        ""
    }
}

/// Escapes `%`, `_` and `\` for a LIKE pattern with `ESCAPE '\'`.
fn like_escape(value: &str) -> String {
    let mut escaped = String::with_capacity(value.len());
    for c in value.chars() {
        if matches!(c, '%' | '_' | '\\') {
            escaped.push('\\');
        }
        escaped.push(c);
    }
    escaped
}

/// One page of matches: `limit` from `offset`, in the search's order.
pub async fn page<'e, E>(
    executor: E,
    search: &Search<'_>,
    limit: i64,
    offset: i64,
) -> Result<Vec<StoredResource>, StoreError>
where
    E: Executor<'e, Database = Any>,
{
    let mut sql = Sql { binds: Vec::new() };
    let conditions = sql.base(search);
    let order = sql.order(&search.sort, !search.filters.is_empty());
    let limit = sql.bind(Bind::Int(limit));
    let offset = sql.bind(Bind::Int(offset));
    let text = format!(
        "SELECT r.resource_type, r.id, r.version, r.deleted, r.last_updated, r.body \
         FROM fhir_resources r WHERE {conditions} ORDER BY {order} LIMIT {limit} OFFSET {offset}"
    );
    let rows = sql.query(&text).fetch_all(executor).await?;
    rows.iter().map(from_row).collect()
}

/// How many resources match.
pub async fn count<'e, E>(executor: E, search: &Search<'_>) -> Result<i64, StoreError>
where
    E: Executor<'e, Database = Any>,
{
    let mut sql = Sql { binds: Vec::new() };
    let conditions = sql.base(search);
    let text = format!("SELECT COUNT(*) AS n FROM fhir_resources r WHERE {conditions}");
    let row = sql.query(&text).fetch_one(executor).await?;
    Ok(sqlx::Row::try_get(&row, "n")?)
}

/// The references of `param` (or of every parameter, `None`) held by the given resources of
/// `resource_type`: `(target_type, target_id)` pairs for `_include`.
pub async fn references_of<'e, E>(
    executor: E,
    environment_id: &str,
    resource_type: &str,
    ids: &[String],
    param: Option<&str>,
) -> Result<Vec<(String, String)>, StoreError>
where
    E: Executor<'e, Database = Any>,
{
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    let mut sql = Sql { binds: Vec::new() };
    let env = sql.text(environment_id);
    let rtype = sql.text(resource_type);
    let ids_list: Vec<String> = ids.iter().map(|id| sql.text(id)).collect();
    let param_condition = match param {
        Some(param) => format!(" AND param = {}", sql.text(param)),
        None => String::new(),
    };
    let text = format!(
        "SELECT DISTINCT target_type, target_id FROM fhir_index_references \
         WHERE environment_id = {env} AND resource_type = {rtype} AND resource_id IN ({}){param_condition} \
         AND target_type IS NOT NULL AND target_id IS NOT NULL ORDER BY target_type, target_id",
        ids_list.join(", ")
    );
    let rows = sql.query(&text).fetch_all(executor).await?;
    rows.iter()
        .map(|row| {
            Ok((
                sqlx::Row::try_get(row, "target_type")?,
                sqlx::Row::try_get(row, "target_id")?,
            ))
        })
        .collect()
}

/// Current resources of `source_type` that refer by `param` (any, `None`) to one of `targets`:
/// `_revinclude`, at most `limit`.
pub async fn referring<'e, E>(
    executor: E,
    environment_id: &str,
    source_type: &str,
    param: Option<&str>,
    targets: &[(String, String)],
    limit: i64,
) -> Result<Vec<StoredResource>, StoreError>
where
    E: Executor<'e, Database = Any>,
{
    if targets.is_empty() {
        return Ok(Vec::new());
    }
    let mut sql = Sql { binds: Vec::new() };
    let env = sql.text(environment_id);
    let source = sql.text(source_type);
    let mut target_conditions = Vec::new();
    for (target_type, target_id) in targets {
        let (t, i) = (sql.text(target_type), sql.text(target_id));
        target_conditions.push(format!("(x.target_type = {t} AND x.target_id = {i})"));
    }
    let param_condition = match param {
        Some(param) => format!(" AND x.param = {}", sql.text(param)),
        None => String::new(),
    };
    let limit = sql.bind(Bind::Int(limit));
    let text = format!(
        "SELECT r.resource_type, r.id, r.version, r.deleted, r.last_updated, r.body \
         FROM fhir_resources r WHERE r.environment_id = {env} AND r.resource_type = {source} \
         AND r.current = 1 AND r.deleted = 0 AND r.id IN (SELECT x.resource_id \
         FROM fhir_index_references x WHERE x.environment_id = {env} AND x.resource_type = {source}\
         {param_condition} AND ({})) ORDER BY r.id LIMIT {limit}",
        target_conditions.join(" OR ")
    );
    let rows = sql.query(&text).fetch_all(executor).await?;
    rows.iter().map(from_row).collect()
}
