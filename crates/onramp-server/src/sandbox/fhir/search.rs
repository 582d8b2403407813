//! Search: the query read against the environment's SearchParameters (from its pinned packages,
//! never a hand-kept list), turned into the store's filters, run on the index, and answered as a
//! `searchset` Bundle with `_include`/`_revinclude`, `_sort`, `_count`, `_summary=count`, a total
//! and paging links.

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::Response;
use onramp_core::sandbox::scopes::{permits, Permission};
use onramp_fhir::search::{
    approximate_date_range, approximate_number_range, Clause, Modifier, ParamKind,
    Prefix as FhirPrefix, Query, QueryValue, Summary, TokenSystem,
};
use onramp_store::sandbox::resources::{self, StoredResource};
use onramp_store::sandbox::search::{
    self as index, Filter, IndexKind, Prefix, Search, SortKey, StringMatch, SystemMatch,
};
use serde_json::{json, Value};

use super::interactions::{handle, page_links, paging, Request};
use super::respond::{outcome_json, Answer, IssueCode};
use crate::state::AppState;

fn prefix(prefix: FhirPrefix) -> Prefix {
    match prefix {
        FhirPrefix::Eq => Prefix::Eq,
        FhirPrefix::Ne => Prefix::Ne,
        FhirPrefix::Gt => Prefix::Gt,
        FhirPrefix::Lt => Prefix::Lt,
        FhirPrefix::Ge => Prefix::Ge,
        FhirPrefix::Le => Prefix::Le,
        FhirPrefix::Sa => Prefix::Sa,
        FhirPrefix::Eb => Prefix::Eb,
        FhirPrefix::Ap => Prefix::Ap,
    }
}

/// The index table of a parameter kind.
pub fn index_kind(kind: ParamKind) -> IndexKind {
    match kind {
        ParamKind::Token => IndexKind::Token,
        ParamKind::String | ParamKind::Uri => IndexKind::String,
        ParamKind::Date => IndexKind::Date,
        ParamKind::Reference => IndexKind::Reference,
        ParamKind::Number | ParamKind::Quantity => IndexKind::Number,
    }
}

fn unsupported(param: &str, what: &str) -> Answer {
    Answer::outcome(
        StatusCode::BAD_REQUEST,
        IssueCode::NotSupported,
        format!("{param}: {what} is not supported by this sandbox"),
    )
}

/// The filter of one value of a parameter.
fn value_filter(
    param: &str,
    kind: ParamKind,
    modifier: Option<&Modifier>,
    value: &QueryValue,
) -> Result<Filter, Answer> {
    Ok(match value {
        QueryValue::Missing(missing) => Filter::Missing {
            param: param.to_owned(),
            kind: index_kind(kind),
            missing: *missing,
        },
        QueryValue::Token { system, code } => Filter::Token {
            param: param.to_owned(),
            system: match system {
                TokenSystem::Any => SystemMatch::Any,
                TokenSystem::None => SystemMatch::None,
                TokenSystem::Is(system) => SystemMatch::Is(system.clone()),
            },
            code: code.clone(),
        },
        QueryValue::String { value, exact } => match (kind, modifier) {
            (ParamKind::Token, _) => Filter::TokenText {
                param: param.to_owned(),
                text: value.clone(),
            },
            (_, Some(Modifier::Exact)) => Filter::String {
                param: param.to_owned(),
                value: exact.clone(),
                mode: StringMatch::Exact,
            },
            (_, Some(Modifier::Contains)) => Filter::String {
                param: param.to_owned(),
                value: value.clone(),
                mode: StringMatch::Contains,
            },
            _ => Filter::String {
                param: param.to_owned(),
                value: value.clone(),
                mode: StringMatch::Starts,
            },
        },
        QueryValue::Date {
            prefix: asked,
            range,
        } => {
            let range = if *asked == FhirPrefix::Ap {
                approximate_date_range(*range)
            } else {
                *range
            };
            Filter::Date {
                param: param.to_owned(),
                prefix: prefix(*asked),
                low_ms: range.low_ms,
                high_ms: range.high_ms,
            }
        }
        QueryValue::Number {
            prefix: asked,
            number,
        } => number_filter(param, *asked, number, None, None),
        QueryValue::Quantity {
            prefix: asked,
            number,
            system,
            code,
        } => number_filter(param, *asked, number, system.clone(), code.clone()),
        QueryValue::Reference {
            target_type,
            id,
            url,
            ..
        } => Filter::Reference {
            param: param.to_owned(),
            target_type: target_type.clone(),
            target_id: id.clone(),
            url: if id.is_some() { None } else { url.clone() },
        },
        QueryValue::Uri { value } => match modifier {
            Some(Modifier::Below) => Filter::String {
                param: param.to_owned(),
                value: value.clone(),
                mode: StringMatch::Starts,
            },
            Some(Modifier::Above) => return Err(unsupported(param, ":above")),
            _ => Filter::String {
                param: param.to_owned(),
                value: value.clone(),
                mode: StringMatch::Exact,
            },
        },
        QueryValue::OfType { .. } => return Err(unsupported(param, ":of-type")),
    })
}

fn number_filter(
    param: &str,
    asked: FhirPrefix,
    number: &onramp_fhir::search::NumberRange,
    system: Option<String>,
    code: Option<String>,
) -> Filter {
    let (low, high) = if asked == FhirPrefix::Ap {
        approximate_number_range(number)
    } else {
        (number.low, number.high)
    };
    Filter::Number {
        param: param.to_owned(),
        prefix: prefix(asked),
        value: number.value,
        low,
        high,
        system,
        code,
    }
}

/// The filter of a clause: its values ORed, `:not` negated, a chain through its reference.
fn clause_filter(clause: &Clause) -> Result<Filter, Answer> {
    if matches!(clause.modifier, Some(Modifier::Identifier)) {
        return Err(unsupported(&clause.param, ":identifier"));
    }
    let (param, kind, modifier) = match &clause.chain {
        Some(chain) => (chain.param.as_str(), chain.kind, chain.modifier.as_ref()),
        None => (clause.param.as_str(), clause.kind, clause.modifier.as_ref()),
    };
    let mut values = Vec::new();
    for value in &clause.values {
        let mut filter = value_filter(param, kind, modifier, value)?;
        // `subject:Patient=123`: the type from the modifier.
        if let (Filter::Reference { target_type, .. }, Some(Modifier::Type(type_name))) =
            (&mut filter, modifier)
        {
            target_type.get_or_insert_with(|| type_name.clone());
        }
        values.push(filter);
    }
    let mut filter = match values.len() {
        1 => values.pop().unwrap_or(Filter::AnyOf(Vec::new())),
        _ => Filter::AnyOf(values),
    };
    if matches!(modifier, Some(Modifier::Not)) {
        filter = Filter::Not(Box::new(filter));
    }
    if let Some(chain) = &clause.chain {
        let target_type =
            chain
                .target_type
                .clone()
                .or_else(|| match chain.target_types.as_slice() {
                    [only] => Some(only.clone()),
                    _ => None,
                });
        filter = Filter::Chain {
            param: clause.param.clone(),
            target_type,
            inner: Box::new(filter),
        };
    }
    Ok(filter)
}

/// The store's search for a parsed query.
fn to_search<'a>(environment_id: &'a str, query: &'a Query) -> Result<Search<'a>, Answer> {
    let filters = query
        .clauses
        .iter()
        .map(clause_filter)
        .collect::<Result<Vec<_>, _>>()?;
    let sort = query
        .control
        .sort
        .iter()
        .map(|key| match key.param.as_str() {
            "_lastUpdated" => SortKey::LastUpdated {
                descending: key.descending,
            },
            "_id" => SortKey::Id {
                descending: key.descending,
            },
            _ => SortKey::Param {
                param: key.param.clone(),
                kind: index_kind(key.kind),
                descending: key.descending,
            },
        })
        .collect();
    Ok(Search {
        environment_id,
        resource_type: &query.resource_type,
        filters,
        sort,
    })
}

fn problems_answer(problems: &[onramp_fhir::search::SearchProblem]) -> Answer {
    let issues: Vec<Value> = problems
        .iter()
        .map(|problem| {
            json!({"severity": "error", "code": "invalid", "details": {"text": problem.to_string()}, "expression": [problem.param]})
        })
        .collect();
    Answer::new(
        StatusCode::BAD_REQUEST,
        Some(json!({"resourceType": "OperationOutcome", "issue": issues})),
    )
}

/// Parses a search; unknown parameters are refused under `Prefer: handling=strict`.
fn parse(
    request: &Request,
    resource_type: &str,
    pairs: &[(String, String)],
) -> Result<Query, Answer> {
    let query = request
        .engine
        .search
        .parse_query(resource_type, pairs)
        .map_err(|problems| problems_answer(&problems))?;
    if request.strict() && !query.ignored.is_empty() {
        return Err(Answer::outcome(
            StatusCode::BAD_REQUEST,
            IssueCode::NotSupported,
            format!(
                "unknown search parameter(s) for {resource_type}: {} (Prefer: handling=strict)",
                query.ignored.join(", ")
            ),
        ));
    }
    Ok(query)
}

/// The ids of at most `limit` resources matching `pairs` (conditional interactions).
pub async fn matching_ids(
    request: &Request,
    resource_type: &str,
    pairs: &[(String, String)],
    limit: i64,
) -> Result<Vec<String>, Answer> {
    let query = parse(request, resource_type, pairs)?;
    if query.clauses.is_empty() {
        return Err(Answer::outcome(
            StatusCode::BAD_REQUEST,
            IssueCode::Invalid,
            "a condition needs at least one search parameter the sandbox knows".to_owned(),
        ));
    }
    let search = to_search(request.environment_id(), &query)?;
    let found = index::page(request.state.store.pool(), &search, limit, 0)
        .await
        .map_err(Answer::store_error)?;
    Ok(found.into_iter().map(|resource| resource.id).collect())
}

/// What of each matched resource a search returns (`_summary`, `_elements`).
#[derive(Clone, Debug, Default)]
enum Subset {
    #[default]
    Whole,
    /// `_summary=true`: the elements the definitions mark as summary.
    Summary,
    /// `_summary=text`: the narrative and the mandatory elements.
    Text,
    /// `_summary=data`: everything but the narrative.
    Data,
    /// `_elements=a,b`: these, and the mandatory elements.
    Elements(Vec<String>),
}

impl Subset {
    fn of(query: &Query) -> Subset {
        match query.control.summary {
            Some(Summary::True) => Subset::Summary,
            Some(Summary::Text) => Subset::Text,
            Some(Summary::Data) => Subset::Data,
            _ if !query.control.elements.is_empty() => Subset::Elements(
                query
                    .control
                    .elements
                    .iter()
                    .map(|element| {
                        element
                            .rsplit('.')
                            .next()
                            .unwrap_or(element.as_str())
                            .to_owned()
                    })
                    .collect(),
            ),
            _ => Subset::Whole,
        }
    }

    /// `resource` cut down to the subset (top-level elements, as read by the model), marked
    /// `SUBSETTED` in `meta.tag` when anything was left out.
    fn apply(&self, model: &onramp_fhir::model::Model, mut resource: Value) -> Value {
        if matches!(self, Subset::Whole) {
            return resource;
        }
        let Some(resource_type) = resource
            .get("resourceType")
            .and_then(Value::as_str)
            .map(str::to_owned)
        else {
            return resource;
        };
        let owner = onramp_fhir::model::TypeKey::Named(resource_type);
        let Some(object) = resource.as_object_mut() else {
            return resource;
        };
        let before = object.len();
        object.retain(|name, _| {
            if matches!(name.as_str(), "resourceType" | "id" | "meta") {
                return true;
            }
            let plain = name.trim_start_matches('_');
            let element = model
                .resolve_json_property(&owner, plain)
                .map(|(element, _)| element);
            let mandatory = element.is_some_and(|element| element.min > 0);
            match self {
                Subset::Whole => true,
                Subset::Summary => element.is_some_and(|element| element.is_summary),
                Subset::Text => plain == "text" || mandatory,
                Subset::Data => plain != "text",
                Subset::Elements(names) => {
                    mandatory
                        || element.is_some_and(|element| names.iter().any(|n| n == element.name))
                }
            }
        });
        if object.len() < before {
            let meta = object
                .entry("meta")
                .or_insert_with(|| Value::Object(serde_json::Map::new()));
            if let Some(meta) = meta.as_object_mut() {
                let tags = meta
                    .entry("tag")
                    .or_insert_with(|| Value::Array(Vec::new()));
                if let Some(tags) = tags.as_array_mut() {
                    tags.push(json!({
                        "system": "http://terminology.hl7.org/CodeSystem/v3-ObservationValue",
                        "code": "SUBSETTED",
                    }));
                }
            }
        }
        resource
    }
}

fn entry(base: &str, resource: &StoredResource, mode: &str) -> Option<Value> {
    entry_with(base, resource, mode, None)
}

fn entry_with(
    base: &str,
    resource: &StoredResource,
    mode: &str,
    subset: Option<(&Subset, &onramp_fhir::model::Model)>,
) -> Option<Value> {
    let mut body: Value = serde_json::from_str(resource.body.as_deref()?).ok()?;
    if let Some((subset, model)) = subset {
        body = subset.apply(model, body);
    }
    Some(json!({
        "fullUrl": format!("{base}/{}/{}", resource.resource_type, resource.id),
        "resource": body,
        "search": {"mode": mode},
    }))
}

async fn search_in(
    request: &Request,
    resource_type: &str,
    pairs: &[(String, String)],
) -> Result<Answer, Answer> {
    request.known_type(resource_type)?;
    request.caller.require(resource_type, Permission::Search)?;
    let query = parse(request, resource_type, pairs)?;
    let search = to_search(request.environment_id(), &query)?;
    let pool = request.state.store.pool();
    let (count, offset) = paging(pairs)?;
    let count = query
        .control
        .count
        .map_or(count, |asked| i64::from(asked).min(500));
    let total = index::count(pool, &search)
        .await
        .map_err(Answer::store_error)?;
    let base = request.base();
    let url = format!("{base}/{resource_type}");
    let mut applied = query.canonical_self_link_params();
    applied.retain(|(name, _)| name != "_count");
    if matches!(query.control.summary, Some(Summary::Count)) || count == 0 {
        return Ok(Answer::new(
            StatusCode::OK,
            Some(json!({
                "resourceType": "Bundle",
                "type": "searchset",
                "total": total,
                "link": page_links(&url, &applied, count, 0, 0),
            })),
        ));
    }
    let page = index::page(pool, &search, count, offset)
        .await
        .map_err(Answer::store_error)?;
    let subset = Subset::of(&query);
    let model = request.engine.validator.definitions().model();
    let mut entries: Vec<Value> = page
        .iter()
        .filter_map(|found| entry_with(&base, found, "match", Some((&subset, model))))
        .collect();
    let ids: Vec<String> = page.iter().map(|found| found.id.clone()).collect();
    let mut included: Vec<StoredResource> = Vec::new();
    for include in &query.control.include {
        let source = include.source_type.as_deref().unwrap_or(resource_type);
        if source != resource_type {
            continue;
        }
        let mut targets = index::references_of(
            pool,
            request.environment_id(),
            resource_type,
            &ids,
            include.param.as_deref(),
        )
        .await
        .map_err(Answer::store_error)?;
        if let Some(target_type) = &include.target_type {
            targets.retain(|(found_type, _)| found_type == target_type);
        }
        included.extend(
            resources::current_many(pool, request.environment_id(), &targets)
                .await
                .map_err(Answer::store_error)?,
        );
    }
    let page_targets: Vec<(String, String)> = ids
        .iter()
        .map(|id| (resource_type.to_owned(), id.clone()))
        .collect();
    for include in &query.control.revinclude {
        let Some(source) = include.source_type.as_deref() else {
            continue;
        };
        included.extend(
            index::referring(
                pool,
                request.environment_id(),
                source,
                include.param.as_deref(),
                &page_targets,
                500,
            )
            .await
            .map_err(Answer::store_error)?,
        );
    }
    let mut seen: Vec<(String, String)> = page_targets;
    for resource in included {
        let key = (resource.resource_type.clone(), resource.id.clone());
        // Included resources the token may not read are left out.
        if seen.contains(&key)
            || !permits(
                &request.caller.scopes,
                &resource.resource_type,
                Permission::Read,
            )
        {
            continue;
        }
        seen.push(key);
        if let Some(found) = entry(&base, &resource, "include") {
            entries.push(found);
        }
    }
    if !query.ignored.is_empty() {
        entries.push(json!({
            "resource": outcome_json(
                "warning",
                IssueCode::NotSupported,
                &format!("ignored unknown search parameter(s): {}", query.ignored.join(", ")),
            ),
            "search": {"mode": "outcome"},
        }));
    }
    Ok(Answer::new(
        StatusCode::OK,
        Some(json!({
            "resourceType": "Bundle",
            "type": "searchset",
            "total": total,
            "link": page_links(&url, &applied, count, offset, total),
            "entry": entries,
        })),
    ))
}

/// `GET /{type}?…`.
pub async fn search_get(
    State(state): State<AppState>,
    Path((environment, resource_type)): Path<(String, String)>,
    incoming: axum::extract::Request,
) -> Response {
    handle(
        &state,
        &environment,
        incoming,
        "search-type",
        (Some(&resource_type), None),
        async |request, _| {
            let pairs = request.query.clone();
            search_in(request, &resource_type, &pairs)
                .await
                .map(|answer| (answer, None))
        },
    )
    .await
}

/// `POST /{type}/_search` with the parameters in the form body (and the URL).
pub async fn search_post(
    State(state): State<AppState>,
    Path((environment, resource_type)): Path<(String, String)>,
    incoming: axum::extract::Request,
) -> Response {
    handle(
        &state,
        &environment,
        incoming,
        "search-type",
        (Some(&resource_type), None),
        async |request, body| {
            let mut pairs = request.query.clone();
            pairs.extend(
                serde_urlencoded::from_bytes::<Vec<(String, String)>>(body).unwrap_or_default(),
            );
            search_in(request, &resource_type, &pairs)
                .await
                .map(|answer| (answer, None))
        },
    )
    .await
}
