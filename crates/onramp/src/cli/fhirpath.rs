//! `onramp fhirpath`: evaluate one expression (printing the result collection as JSON) or a batch
//! of them (printing each result's items with their types and FHIRPath strings, for scoring).

use std::collections::HashMap;
use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::str::FromStr as _;
use std::sync::Arc;

use anyhow::Context as _;
use onramp_fhir::fhirpath::{render, Engine, Environment, FhirPathError, Item};
use onramp_fhir::json::JsonValue;
use onramp_fhir::model::Model;
use onramp_fhir::package::{Package, PackageCache, PackageId, PackageSet};
use rust_decimal::Decimal;
use serde_json::{json, Map, Value};

const DEFAULT_PACKAGE: &str = "hl7.fhir.r4.core#4.0.1";

/// Exit codes: 0 evaluated, 1 the expression failed on the input, 2 syntax, usage or file error.
#[derive(Debug, clap::Args)]
pub struct FhirpathArgs {
    /// The FHIRPath expression (not with --batch).
    #[arg(required_unless_present = "batch", conflicts_with = "batch")]
    expression: Option<String>,
    /// The resource to evaluate on (JSON). Without it the expression has no input.
    #[arg(long, value_name = "FILE.json", conflicts_with = "batch")]
    input: Option<PathBuf>,
    /// A variable for %NAME, as a string (repeatable).
    #[arg(long = "var", value_name = "NAME=VALUE", conflicts_with = "batch")]
    vars: Vec<String>,
    /// Check the expression against the input's type first and make unknown elements errors.
    #[arg(long, conflicts_with = "batch")]
    strict: bool,
    /// A JSON array of {"id", "expression", "input"?, "env"?, "mode"?}; prints {"<id>": {"error", "items"}}.
    /// Relative input paths are read from the batch file's folder. `env` maps names to JSON
    /// values: strings, numbers and booleans, `null` for the empty collection, objects as
    /// resources, arrays as collections.
    #[arg(long, value_name = "FILE.json")]
    batch: Option<PathBuf>,
    /// The FHIR core package that types the input: an archive or folder, or NAME#VERSION in the
    /// package cache.
    #[arg(long, value_name = "FILE.tgz|ID#VERSION", default_value = DEFAULT_PACKAGE)]
    package: String,
    /// The package cache folder [default: $FHIR_PACKAGE_CACHE, else ~/.fhir/packages].
    #[arg(long, env = "ONRAMP_PACKAGE_CACHE", value_name = "DIR")]
    cache: Option<PathBuf>,
}

/// A failure and the exit code it maps to.
struct Failure {
    code: u8,
    error: anyhow::Error,
}

impl Failure {
    fn usage(error: anyhow::Error) -> Failure {
        Failure { code: 2, error }
    }
}

pub fn run(args: FhirpathArgs) -> ExitCode {
    match run_checked(args) {
        Ok(()) => ExitCode::SUCCESS,
        Err(failure) => {
            eprintln!("error: {:#}", failure.error);
            ExitCode::from(failure.code)
        }
    }
}

fn run_checked(args: FhirpathArgs) -> Result<(), Failure> {
    let cache = PackageCache::new(
        args.cache
            .clone()
            .unwrap_or_else(PackageCache::default_location),
    );
    let package_path = package_location(&cache, &args.package).map_err(Failure::usage)?;
    match (&args.batch, &args.expression) {
        (Some(batch), _) => run_batch(&package_path, &cache, batch),
        (None, Some(expression)) => run_single(&args, &package_path, &cache, expression),
        (None, None) => Err(Failure::usage(anyhow::anyhow!(
            "give an EXPRESSION or --batch FILE.json"
        ))),
    }
}

/// Where the core package is: an existing file or folder, or a package in the cache.
fn package_location(cache: &PackageCache, package: &str) -> anyhow::Result<PathBuf> {
    let as_path = PathBuf::from(package);
    if as_path.exists() {
        return Ok(as_path);
    }
    let id = PackageId::parse(package).with_context(|| {
        format!("--package {package} is neither a file nor a NAME#VERSION package id")
    })?;
    let folder = cache.folder_of(&id);
    if !folder.is_dir() {
        anyhow::bail!(
            "the package {id} is not in the package cache ({}); install it with `onramp packages install {id}`, \
             or pass --package with the path of its .tgz",
            cache.root().display()
        );
    }
    Ok(folder)
}

/// Builds the engine; the packages (for memberOf, conformsTo, subsumes) only when an expression
/// needs them, since reading the whole core package takes longer than the model's compact cache.
fn build_engine(
    package_path: &Path,
    cache: &PackageCache,
    with_packages: bool,
) -> Result<Engine, Failure> {
    let model_cache = cache.root().join(".onramp").join("models");
    let (model, _) = Model::from_package_path(package_path, &model_cache)
        .with_context(|| format!("loading the FHIR model from {}", package_path.display()))
        .map_err(Failure::usage)?;
    let engine = Engine::new(Arc::new(model));
    if !with_packages {
        return Ok(engine);
    }
    let package = if package_path.is_dir() {
        Package::from_folder(package_path)
    } else {
        Package::from_tgz(package_path)
    };
    let package = package
        .with_context(|| format!("reading {}", package_path.display()))
        .map_err(Failure::usage)?;
    let mut packages = PackageSet::new();
    packages.add(package);
    Ok(engine.with_packages(Arc::new(packages)))
}

fn needs_packages(expression: &str) -> bool {
    ["memberOf", "conformsTo", "subsumes", "subsumedBy"]
        .iter()
        .any(|name| expression.contains(name))
}

fn read_json(path: &Path) -> anyhow::Result<Value> {
    let text =
        std::fs::read_to_string(path).with_context(|| format!("cannot read {}", path.display()))?;
    serde_json::from_str(&text).with_context(|| format!("{} is not JSON", path.display()))
}

/// An input resource, as the tree FHIRPath evaluates on.
fn read_input(path: &Path) -> anyhow::Result<JsonValue> {
    read_json(path).map(|value| JsonValue::from_serde(&value))
}

/// The expression with a caret under the error position.
fn pointed(expression: &str, error: &FhirPathError) -> String {
    let position = error.position();
    let line = expression
        .lines()
        .nth(position.line.saturating_sub(1))
        .unwrap_or("");
    format!(
        "{error}\n  {line}\n  {}^",
        " ".repeat(position.column.saturating_sub(1))
    )
}

fn run_single(
    args: &FhirpathArgs,
    package_path: &Path,
    cache: &PackageCache,
    text: &str,
) -> Result<(), Failure> {
    let input = args
        .input
        .as_deref()
        .map(read_input)
        .transpose()
        .map_err(Failure::usage)?;
    let mut environment = Environment::new();
    for var in &args.vars {
        let (name, value) = var
            .split_once('=')
            .ok_or_else(|| Failure::usage(anyhow::anyhow!("--var {var}: expected NAME=VALUE")))?;
        environment.set_string(name.trim_start_matches('%'), value);
    }
    environment.set_strict(args.strict);
    let trace = |name: &str, items: &[Item<'_>]| {
        let values: Vec<String> = items.iter().map(|item| json_of(item).to_string()).collect();
        let _ = writeln!(
            std::io::stderr().lock(),
            "trace {name}: [{}]",
            values.join(", ")
        );
    };
    environment.set_trace(&trace);
    let engine = build_engine(package_path, cache, needs_packages(text))?;
    let expression = engine
        .compile(text)
        .map_err(|error| Failure::usage(anyhow::anyhow!(pointed(text, &error))))?;
    if args.strict {
        if let Some(resource_type) = input
            .as_ref()
            .and_then(|input| input.get("resourceType"))
            .and_then(JsonValue::as_str)
        {
            engine
                .check(&expression, resource_type)
                .map_err(|error| Failure::usage(anyhow::anyhow!(pointed(text, &error))))?;
        }
    }
    let context = input
        .as_ref()
        .map(|input| engine.node(input, None))
        .into_iter()
        .collect();
    let result = engine
        .evaluate_with(&expression, context, &environment)
        .map_err(|error| Failure {
            code: 1,
            error: anyhow::anyhow!(pointed(text, &error)),
        })?;
    let values: Vec<Value> = result.iter().map(json_of).collect();
    let printed =
        serde_json::to_string_pretty(&values).map_err(|error| Failure::usage(error.into()))?;
    print_out(&printed)
}

/// Prints to standard output; a reader that closed the pipe (`onramp fhirpath … | head`) has
/// read all it wanted, so that is no error.
fn print_out(text: &str) -> Result<(), Failure> {
    let mut stdout = std::io::stdout().lock();
    match writeln!(stdout, "{text}").and_then(|()| stdout.flush()) {
        Err(error) if error.kind() != std::io::ErrorKind::BrokenPipe => Err(Failure {
            code: 2,
            error: anyhow::Error::new(error).context("writing the result"),
        }),
        _ => Ok(()),
    }
}

/// An item as JSON: elements as they are in the input, system values as JSON scalars (dates,
/// times and quantities as their FHIRPath strings).
fn json_of(item: &Item<'_>) -> Value {
    match item {
        Item::Node(node) if !node.value.is_null() => node.value.to_serde(),
        Item::Boolean(value) => Value::Bool(*value),
        Item::Integer(value) => json!(value),
        Item::Decimal(value) => serde_json::from_str(&value.to_string())
            .unwrap_or_else(|_| Value::String(value.to_string())),
        Item::String(value) => Value::String(value.to_string()),
        Item::Quantity(quantity) => {
            json!({"value": serde_json::from_str::<Value>(&quantity.value.to_string()).unwrap_or(Value::Null), "unit": quantity.unit})
        }
        other => Value::String(other_string(other)),
    }
}

fn other_string(item: &Item<'_>) -> String {
    match item {
        Item::Date(date) => date.to_string(),
        Item::DateTime(value) => value.to_string(),
        Item::Time(time) => time.to_string(),
        Item::Type(type_name) => type_name.to_string(),
        _ => String::new(),
    }
}

fn run_batch(package_path: &Path, cache: &PackageCache, batch_path: &Path) -> Result<(), Failure> {
    let batch = read_json(batch_path).map_err(Failure::usage)?;
    let Value::Array(cases) = batch else {
        return Err(Failure::usage(anyhow::anyhow!(
            "{} must hold a JSON array of cases",
            batch_path.display()
        )));
    };
    let base = batch_path.parent().unwrap_or(Path::new("."));
    let with_packages = cases.iter().any(|case| {
        case.get("expression")
            .and_then(Value::as_str)
            .is_some_and(needs_packages)
    });
    let engine = build_engine(package_path, cache, with_packages)?;
    let mut inputs: HashMap<PathBuf, Result<JsonValue, String>> = HashMap::new();
    let mut results = Map::new();
    for (position, case) in cases.iter().enumerate() {
        let id = match case.get("id") {
            Some(Value::String(id)) => id.clone(),
            Some(other) => other.to_string(),
            None => position.to_string(),
        };
        let outcome = match run_case(&engine, base, case, &mut inputs) {
            Ok(items) => json!({"error": null, "items": items}),
            Err(message) => json!({"error": message, "items": []}),
        };
        results.insert(id, outcome);
    }
    let printed = serde_json::to_string_pretty(&Value::Object(results))
        .map_err(|error| Failure::usage(error.into()))?;
    print_out(&printed)
}

/// A batch variable's items from its JSON: a string, number or boolean is one system value,
/// `null` is the empty collection, an object is a resource (typed by its `resourceType`), and an
/// array is the collection of its items.
fn env_items<'a>(engine: &Engine, value: &'a JsonValue) -> Result<Vec<Item<'a>>, String> {
    if let Some(items) = value.as_array() {
        let mut collection = Vec::with_capacity(items.len());
        for item in items {
            collection.extend(env_items(engine, item)?);
        }
        return Ok(collection);
    }
    let serde = value.to_serde();
    Ok(match serde {
        Value::Null => Vec::new(),
        Value::Bool(flag) => vec![Item::Boolean(flag)],
        Value::String(text) => vec![Item::string(text)],
        Value::Number(number) => {
            let text = number.to_string();
            let item = match text.parse::<i64>() {
                Ok(integer) => Item::Integer(integer),
                Err(_) => Decimal::from_str(&text)
                    .or_else(|_| Decimal::from_scientific(&text))
                    .map(Item::Decimal)
                    .map_err(|_| format!("{text} is not a FHIRPath number"))?,
            };
            vec![item]
        }
        Value::Object(_) => vec![engine.node(value, None)],
        Value::Array(_) => Vec::new(),
    })
}

/// One case of a batch: its items as `{"t": type, "v": FHIRPath string}`, or the error message.
fn run_case(
    engine: &Engine,
    base: &Path,
    case: &Value,
    inputs: &mut HashMap<PathBuf, Result<JsonValue, String>>,
) -> Result<Vec<Value>, String> {
    let text = case
        .get("expression")
        .and_then(Value::as_str)
        .ok_or("the case has no \"expression\" string")?;
    let input_path = match case.get("input") {
        None | Some(Value::Null) => None,
        Some(Value::String(path)) => Some(if Path::new(path).is_absolute() {
            PathBuf::from(path)
        } else {
            base.join(path)
        }),
        Some(_) => return Err("\"input\" must be a path".to_string()),
    };
    if let Some(path) = &input_path {
        inputs
            .entry(path.clone())
            .or_insert_with(|| read_input(path).map_err(|error| format!("{error:#}")));
    }
    let input = match input_path.as_ref().and_then(|path| inputs.get(path)) {
        Some(Ok(value)) => Some(value),
        Some(Err(message)) => return Err(message.clone()),
        None => None,
    };
    let strict = case.get("mode").and_then(Value::as_str) == Some("strict");
    // The variables' JSON, kept while the evaluation points into it (objects are resources).
    let env_values: Vec<(String, JsonValue)> = match case.get("env") {
        None | Some(Value::Null) => Vec::new(),
        Some(Value::Object(env)) => env
            .iter()
            .map(|(name, value)| {
                (
                    name.trim_start_matches('%').to_string(),
                    JsonValue::from_serde(value),
                )
            })
            .collect(),
        Some(_) => return Err("\"env\" must be an object of variables".to_string()),
    };
    let mut environment = Environment::new();
    environment.set_strict(strict);
    for (name, value) in &env_values {
        let items = env_items(engine, value).map_err(|message| format!("%{name}: {message}"))?;
        environment.set(name, items);
    }
    let expression = engine.compile(text).map_err(|error| error.to_string())?;
    if strict {
        if let Some(resource_type) = input
            .and_then(|input| input.get("resourceType"))
            .and_then(JsonValue::as_str)
        {
            engine
                .check(&expression, resource_type)
                .map_err(|error| error.to_string())?;
        }
    }
    let context = input
        .map(|input| engine.node(input, None))
        .into_iter()
        .collect();
    let result = engine
        .evaluate_with(&expression, context, &environment)
        .map_err(|error| error.to_string())?;
    Ok(result
        .iter()
        .map(|item| {
            let rendered = render(engine, item);
            json!({"t": rendered.type_name, "v": rendered.value})
        })
        .collect())
}
