//! The FHIRPath functions, one file per section of the specification, dispatched from the one
//! table below: name, how many arguments, how the arguments are read, and the implementation.

pub(crate) mod aggregates;
pub(crate) mod boundary;
pub(crate) mod combining;
pub(crate) mod components;
pub(crate) mod conversion;
pub(crate) mod existence;
pub(crate) mod fhir;
pub(crate) mod filtering;
pub(crate) mod logic;
pub(crate) mod math;
pub(crate) mod strings;
pub(crate) mod subsetting;
pub(crate) mod tree;
pub(crate) mod types;
pub(crate) mod utility;

use super::error::{eval_error, EvalResult};
use super::eval::{Call, Evaluator};
use super::value::{Collection, Item};

/// How a function reads its arguments.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Params {
    /// Evaluated in the caller's frame when the function asks.
    Values,
    /// Evaluated once per input item with `$this` set (`where`, `select`, …).
    Lambda,
    /// The first argument is a type name (`is`, `as`, `ofType`).
    Type,
    /// The first argument is a regular expression, compiled once when it is a literal.
    Regex,
}

pub(crate) type Implementation = for<'a, 'e, 'f> fn(
    &mut Evaluator<'a, 'e>,
    &Call<'a, 'f>,
    Collection<'a>,
) -> EvalResult<Collection<'a>>;

pub(crate) struct FunctionDef {
    pub name: &'static str,
    pub min_args: usize,
    pub max_args: usize,
    pub params: Params,
    pub run: Implementation,
}

impl std::fmt::Debug for FunctionDef {
    fn fmt(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(formatter, "{}()", self.name)
    }
}

const fn def(
    name: &'static str,
    min_args: usize,
    max_args: usize,
    params: Params,
    run: Implementation,
) -> FunctionDef {
    FunctionDef {
        name,
        min_args,
        max_args,
        params,
        run,
    }
}

use Params::{Lambda, Regex, Type, Values};

/// Every function, by spec section.
static FUNCTIONS: &[FunctionDef] = &[
    // 5.1 Existence
    def("empty", 0, 0, Values, existence::empty),
    def("exists", 0, 1, Lambda, existence::exists),
    def("all", 1, 1, Lambda, existence::all),
    def("allTrue", 0, 0, Values, existence::all_true),
    def("anyTrue", 0, 0, Values, existence::any_true),
    def("allFalse", 0, 0, Values, existence::all_false),
    def("anyFalse", 0, 0, Values, existence::any_false),
    def("subsetOf", 1, 1, Values, existence::subset_of),
    def("supersetOf", 1, 1, Values, existence::superset_of),
    def("count", 0, 0, Values, existence::count),
    def("distinct", 0, 0, Values, existence::distinct),
    def("isDistinct", 0, 0, Values, existence::is_distinct),
    // 5.2 Filtering and projection
    def("where", 1, 1, Lambda, filtering::where_),
    def("select", 1, 1, Lambda, filtering::select),
    def("repeat", 1, 1, Lambda, filtering::repeat),
    def("ofType", 1, 1, Type, filtering::of_type),
    // 5.3 Subsetting
    def("single", 0, 0, Values, subsetting::single),
    def("first", 0, 0, Values, subsetting::first),
    def("last", 0, 0, Values, subsetting::last),
    def("tail", 0, 0, Values, subsetting::tail),
    def("skip", 1, 1, Values, subsetting::skip),
    def("take", 1, 1, Values, subsetting::take),
    def("intersect", 1, 1, Values, subsetting::intersect),
    def("exclude", 1, 1, Values, subsetting::exclude),
    // 5.4 Combining
    def("union", 1, 1, Values, combining::union),
    def("combine", 1, 1, Values, combining::combine),
    // 5.5 Conversion
    def("iif", 2, 3, Lambda, conversion::iif),
    def("toBoolean", 0, 0, Values, conversion::to_boolean),
    def(
        "convertsToBoolean",
        0,
        0,
        Values,
        conversion::converts_to_boolean,
    ),
    def("toInteger", 0, 0, Values, conversion::to_integer),
    def(
        "convertsToInteger",
        0,
        0,
        Values,
        conversion::converts_to_integer,
    ),
    // Long (FHIRPath 2.0, STU) is this engine's 64-bit Integer.
    def("toLong", 0, 0, Values, conversion::to_integer),
    def(
        "convertsToLong",
        0,
        0,
        Values,
        conversion::converts_to_integer,
    ),
    def("toDecimal", 0, 0, Values, conversion::to_decimal),
    def(
        "convertsToDecimal",
        0,
        0,
        Values,
        conversion::converts_to_decimal,
    ),
    def("toString", 0, 0, Values, conversion::to_string),
    def(
        "convertsToString",
        0,
        0,
        Values,
        conversion::converts_to_string,
    ),
    def("toDate", 0, 0, Values, conversion::to_date),
    def("convertsToDate", 0, 0, Values, conversion::converts_to_date),
    def("toDateTime", 0, 0, Values, conversion::to_date_time),
    def(
        "convertsToDateTime",
        0,
        0,
        Values,
        conversion::converts_to_date_time,
    ),
    def("toTime", 0, 0, Values, conversion::to_time),
    def("convertsToTime", 0, 0, Values, conversion::converts_to_time),
    def("toQuantity", 0, 1, Values, conversion::to_quantity),
    def(
        "convertsToQuantity",
        0,
        1,
        Values,
        conversion::converts_to_quantity,
    ),
    // 5.6 String manipulation
    def("indexOf", 1, 1, Values, strings::index_of),
    def("lastIndexOf", 1, 1, Values, strings::last_index_of),
    def("substring", 1, 2, Values, strings::substring),
    def("startsWith", 1, 1, Values, strings::starts_with),
    def("endsWith", 1, 1, Values, strings::ends_with),
    def("contains", 1, 1, Values, strings::contains),
    def("upper", 0, 0, Values, strings::upper),
    def("lower", 0, 0, Values, strings::lower),
    def("replace", 2, 2, Values, strings::replace),
    def("matches", 1, 1, Regex, strings::matches),
    def("matchesFull", 1, 1, Regex, strings::matches),
    def("replaceMatches", 2, 2, Regex, strings::replace_matches),
    def("length", 0, 0, Values, strings::length),
    def("toChars", 0, 0, Values, strings::to_chars),
    def("trim", 0, 0, Values, strings::trim),
    def("split", 1, 1, Values, strings::split),
    def("join", 0, 1, Values, strings::join),
    def("encode", 1, 1, Values, strings::encode),
    def("decode", 1, 1, Values, strings::decode),
    def("escape", 1, 1, Values, strings::escape),
    def("unescape", 1, 1, Values, strings::unescape),
    // 5.7 Math
    def("abs", 0, 0, Values, math::abs),
    def("ceiling", 0, 0, Values, math::ceiling),
    def("exp", 0, 0, Values, math::exp),
    def("floor", 0, 0, Values, math::floor),
    def("ln", 0, 0, Values, math::ln),
    def("log", 1, 1, Values, math::log),
    def("power", 1, 1, Values, math::power),
    def("round", 0, 1, Values, math::round),
    def("sqrt", 0, 0, Values, math::sqrt),
    def("truncate", 0, 0, Values, math::truncate),
    // 5.8 Tree navigation
    def("children", 0, 0, Values, tree::children),
    def("descendants", 0, 0, Values, tree::descendants),
    // 5.9 Utility
    def("trace", 1, 2, Lambda, utility::trace),
    def("now", 0, 0, Values, utility::now),
    def("timeOfDay", 0, 0, Values, utility::time_of_day),
    def("today", 0, 0, Values, utility::today),
    def("aggregate", 1, 2, Lambda, utility::aggregate),
    def("sort", 0, 8, Lambda, utility::sort),
    def("lowBoundary", 0, 1, Values, boundary::low_boundary),
    def("highBoundary", 0, 1, Values, boundary::high_boundary),
    def("precision", 0, 0, Values, boundary::precision),
    def("comparable", 1, 1, Values, boundary::comparable),
    def("defineVariable", 1, 2, Lambda, utility::define_variable),
    // Aggregates (FHIRPath 3.0 §7, the shortcuts for aggregate())
    def("sum", 0, 0, Values, aggregates::sum),
    def("min", 0, 0, Values, aggregates::min),
    def("max", 0, 0, Values, aggregates::max),
    def("avg", 0, 0, Values, aggregates::avg),
    // Date, DateTime and Time components (FHIRPath 3.0, STU)
    def("yearOf", 0, 0, Values, components::year_of),
    def("monthOf", 0, 0, Values, components::month_of),
    def("dayOf", 0, 0, Values, components::day_of),
    def("hourOf", 0, 0, Values, components::hour_of),
    def("minuteOf", 0, 0, Values, components::minute_of),
    def("secondOf", 0, 0, Values, components::second_of),
    def("millisecondOf", 0, 0, Values, components::millisecond_of),
    def(
        "timezoneOffsetOf",
        0,
        0,
        Values,
        components::timezone_offset_of,
    ),
    def("dateOf", 0, 0, Values, components::date_of),
    def("timeOf", 0, 0, Values, components::time_of),
    // 6.3 Types
    def("is", 1, 1, Type, types::is),
    def("as", 1, 1, Type, types::as_),
    def("type", 0, 0, Values, types::type_),
    // 6.5 Boolean logic
    def("not", 0, 0, Values, logic::not),
    // FHIR additions (FHIR R4 §2.1.9.1.7)
    def("extension", 1, 1, Values, fhir::extension),
    def("hasValue", 0, 0, Values, fhir::has_value),
    def("getValue", 0, 0, Values, fhir::get_value),
    def("resolve", 0, 0, Values, fhir::resolve),
    def("conformsTo", 1, 1, Values, fhir::conforms_to),
    def("memberOf", 1, 1, Values, fhir::member_of),
    def("subsumes", 1, 1, Values, fhir::subsumes),
    def("subsumedBy", 1, 1, Values, fhir::subsumed_by),
    def("htmlChecks", 0, 0, Values, fhir::html_checks),
    def("htmlchecks", 0, 0, Values, fhir::html_checks),
];

/// The one input item of a function that takes at most one (`None` when the input is empty).
pub(super) fn single_input<'a, 'c>(
    call: &Call<'a, '_>,
    input: &'c [Item<'a>],
) -> EvalResult<Option<&'c Item<'a>>> {
    match input {
        [] => Ok(None),
        // A primitive with only extensions has no value: the function sees nothing.
        [item] if super::eval::has_no_value(item) => Ok(None),
        [item] => Ok(Some(item)),
        _ => Err(eval_error!(
            "{}() needs a single input item, not {}",
            call.name,
            input.len()
        )),
    }
}

pub(crate) fn lookup(name: &str) -> Option<&'static FunctionDef> {
    FUNCTIONS.iter().find(|function| function.name == name)
}
