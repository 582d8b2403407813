//! The invariant sweep: every `constraint.expression` in the snapshots of hl7.fhir.r4.core's
//! StructureDefinitions compiles, and evaluates without an error on the spec examples
//! (`../shared/fhir/corpus/spec-examples-r4/`): resource invariants on every resource of their
//! type (Bundle entries included), data type invariants on every element of their type, and
//! extension invariants on every extension with their URL.

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use onramp_fhir::fhirpath::{render, Engine, Environment, Expression, Item};
use onramp_fhir::json::JsonValue;
use onramp_fhir::model::Model;
use onramp_fhir::package::{Package, PackageSet};

use crate::shared::shared_dir;

/// An invariant of one element of a StructureDefinition.
struct Invariant {
    /// `<constraint key> (<element path> in <StructureDefinition url>)`
    label: String,
    /// The element path below the type (`contact.name`), empty for the type itself.
    relative_path: String,
    expression: Expression,
}

/// What a StructureDefinition's invariants apply to.
#[derive(Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
enum Target {
    /// Resources or elements of this type.
    Type(String),
    /// Extensions with this URL.
    Extension(String),
}

#[derive(Default)]
struct Tally {
    expressions: usize,
    evaluations: usize,
    resources: usize,
    errors: BTreeMap<String, (usize, String)>,
    /// Invariants that evaluated to false (the examples are not all valid): reported, not asserted.
    violations: BTreeMap<String, (usize, String)>,
}

fn relative_path(path: &str) -> String {
    path.split('.')
        .skip(1)
        .map(|segment| format!("`{}`", segment.trim_end_matches("[x]")))
        .collect::<Vec<_>>()
        .join(".")
}

/// Compiles every snapshot constraint, grouped by what it applies to; returns the compile errors.
fn load_invariants(
    engine: &Engine,
    package: &Package,
    tally: &mut Tally,
) -> (BTreeMap<Target, Vec<Invariant>>, Vec<String>) {
    let mut targets: BTreeMap<Target, Vec<Invariant>> = BTreeMap::new();
    let mut compile_errors = Vec::new();
    for (position, entry) in package.index().iter().enumerate() {
        if entry.resource_type != "StructureDefinition" {
            continue;
        }
        let definition = package
            .resource_at(position)
            .expect("a StructureDefinition parses");
        let type_name = definition["type"].as_str().unwrap_or("").to_string();
        let url = definition["url"].as_str().unwrap_or("").to_string();
        let target = match (
            definition["kind"].as_str(),
            definition["derivation"].as_str(),
        ) {
            (Some("logical"), _) => None,
            (_, Some("constraint")) if type_name == "Extension" => {
                Some(Target::Extension(url.clone()))
            }
            _ => Some(Target::Type(type_name.clone())),
        };
        let elements = definition["snapshot"]["element"]
            .as_array()
            .cloned()
            .unwrap_or_default();
        for element in &elements {
            let path = element["path"].as_str().unwrap_or("");
            for constraint in element["constraint"].as_array().into_iter().flatten() {
                let Some(text) = constraint["expression"].as_str() else {
                    continue;
                };
                tally.expressions += 1;
                let label = format!(
                    "{} ({path} in {url})",
                    constraint["key"].as_str().unwrap_or("?")
                );
                match engine.compile(text) {
                    Ok(expression) => {
                        if let Some(target) = &target {
                            let invariant = Invariant {
                                label,
                                relative_path: relative_path(path),
                                expression,
                            };
                            targets.entry(target.clone()).or_default().push(invariant);
                        }
                    }
                    Err(error) => compile_errors.push(format!("{label}: {text}: {error}")),
                }
            }
        }
    }
    (targets, compile_errors)
}

/// The example resources of a file: the resource, and recursively the resources of Bundle entries
/// and contained resources.
fn resources_of<'v>(value: &'v JsonValue, out: &mut Vec<&'v JsonValue>) {
    if value.get("resourceType").is_none() {
        return;
    }
    out.push(value);
    for entry in value.get("entry").map(JsonValue::items).unwrap_or_default() {
        if let Some(resource) = entry.get("resource") {
            resources_of(resource, out);
        }
    }
    for contained in value
        .get("contained")
        .map(JsonValue::items)
        .unwrap_or_default()
    {
        resources_of(contained, out);
    }
}

struct Sweep<'e> {
    engine: &'e Engine,
    targets: BTreeMap<Target, Vec<Invariant>>,
    /// The element paths of the invariants, compiled once.
    paths: HashMap<String, Expression>,
}

impl<'e> Sweep<'e> {
    fn new(engine: &'e Engine, targets: BTreeMap<Target, Vec<Invariant>>) -> Sweep<'e> {
        let mut paths = HashMap::new();
        for invariant in targets.values().flatten() {
            let relative = &invariant.relative_path;
            if !relative.is_empty() && !paths.contains_key(relative) {
                paths.insert(
                    relative.clone(),
                    engine.compile(relative).expect("element paths compile"),
                );
            }
        }
        Sweep {
            engine,
            targets,
            paths,
        }
    }

    /// Evaluates the invariants of `target` on `node` (and on the elements below it they name).
    fn evaluate<'a>(
        &'a self,
        target: &Target,
        node: &Item<'a>,
        resource: &Item<'a>,
        root: &Item<'a>,
        file: &str,
        tally: &mut Tally,
    ) {
        let Some(invariants) = self.targets.get(target) else {
            return;
        };
        let mut environment = Environment::new();
        environment.set("resource", vec![resource.clone()]);
        environment.set("rootResource", vec![root.clone()]);
        let mut contexts: HashMap<&str, Vec<Item<'a>>> = HashMap::new();
        for invariant in invariants {
            let relative = invariant.relative_path.as_str();
            if contexts.contains_key(relative) {
                continue;
            }
            let nodes = match self.paths.get(relative) {
                None => vec![node.clone()],
                Some(path) => self
                    .engine
                    .evaluate_with(path, vec![node.clone()], &environment)
                    .unwrap_or_default(),
            };
            contexts.insert(relative, nodes);
        }
        for invariant in invariants {
            for context in contexts
                .get(invariant.relative_path.as_str())
                .into_iter()
                .flatten()
            {
                tally.evaluations += 1;
                let key = || format!("{}: {}", invariant.label, invariant.expression.text());
                match self.engine.evaluate_with(
                    &invariant.expression,
                    vec![context.clone()],
                    &environment,
                ) {
                    Err(error) => {
                        let slot = tally.errors.entry(key()).or_insert((0, String::new()));
                        slot.0 += 1;
                        if slot.1.is_empty() {
                            slot.1 = format!("{file}: {error}");
                        }
                    }
                    Ok(result) if matches!(result.as_slice(), [Item::Boolean(false)]) => {
                        let slot = tally.violations.entry(key()).or_insert((0, String::new()));
                        slot.0 += 1;
                        if slot.1.is_empty() {
                            slot.1 = file.to_string();
                        }
                    }
                    Ok(_) => {}
                }
            }
        }
    }
}

#[test]
fn every_r4_core_invariant_compiles_and_evaluates_on_the_spec_examples() {
    let Some(shared) = shared_dir() else { return };
    let package_path = shared.join("fhir/packages/hl7.fhir.r4.core-4.0.1.tgz");
    let cache = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("models");
    let (model, _) =
        Model::from_package_path(&package_path, &cache).expect("the R4 core model builds");
    let package = Package::from_tgz(&package_path).expect("the R4 core package loads");
    let mut packages = PackageSet::new();
    packages.add(Package::from_tgz(&package_path).expect("the R4 core package loads"));
    let engine = Engine::new(Arc::new(model)).with_packages(Arc::new(packages));
    let mut tally = Tally::default();
    let (targets, compile_errors) = load_invariants(&engine, &package, &mut tally);
    let descendants = engine
        .compile("descendants()")
        .expect("descendants() compiles");
    let sweep = Sweep::new(&engine, targets);

    let examples = examples_dir(&shared);
    let mut files: Vec<PathBuf> = std::fs::read_dir(&examples)
        .expect("the examples folder is readable")
        .filter_map(|entry| entry.ok().map(|entry| entry.path()))
        .filter(|path| {
            path.extension()
                .is_some_and(|extension| extension == "json")
        })
        .filter(|path| {
            !path.file_name().is_some_and(|name| {
                name.to_string_lossy().starts_with('.') || name == "package.json"
            })
        })
        .collect();
    files.sort();
    for path in &files {
        let file = path
            .file_name()
            .map(|name| name.to_string_lossy().into_owned())
            .unwrap_or_default();
        let text = std::fs::read_to_string(path).expect("an example is readable");
        let Some(json) = onramp_fhir::json::parse(text.as_bytes()).value else {
            continue;
        };
        let mut resources = Vec::new();
        resources_of(&json, &mut resources);
        let root = engine.node(&json, None);
        for resource in resources {
            tally.resources += 1;
            let node = engine.node(resource, None);
            let resource_type = resource
                .get("resourceType")
                .and_then(JsonValue::as_str)
                .unwrap_or("")
                .to_string();
            sweep.evaluate(
                &Target::Type(resource_type),
                &node,
                &node,
                &root,
                &file,
                &mut tally,
            );
            let elements = engine
                .evaluate_with(&descendants, vec![node.clone()], &Environment::new())
                .expect("descendants() evaluates");
            for element in elements {
                // Resources below this one (entries, contained) are swept as resources of their own.
                if element
                    .as_node()
                    .is_some_and(|node| engine.types().is_resource(node.type_id))
                {
                    continue;
                }
                let rendered_type = render(&engine, &element).type_name;
                if rendered_type == "Extension" {
                    if let Some(url) = element
                        .as_node()
                        .and_then(|node| node.value.get("url"))
                        .and_then(JsonValue::as_str)
                    {
                        sweep.evaluate(
                            &Target::Extension(url.to_string()),
                            &element,
                            &node,
                            &root,
                            &file,
                            &mut tally,
                        );
                    }
                }
                sweep.evaluate(
                    &Target::Type(rendered_type),
                    &element,
                    &node,
                    &root,
                    &file,
                    &mut tally,
                );
            }
        }
    }
    println!(
        "invariant sweep: {} constraint expressions, {} compile errors; {} resources in {} files; {} evaluations, {} invariants with errors",
        tally.expressions,
        compile_errors.len(),
        tally.resources,
        files.len(),
        tally.evaluations,
        tally.errors.len()
    );
    let n_violations: usize = tally.violations.values().map(|(count, _)| count).sum();
    println!(
        "{n_violations} evaluations of {} invariants are false (examples that break an invariant)",
        tally.violations.len()
    );
    if std::env::var_os("FHIRPATH_SWEEP_VERBOSE").is_some() {
        for (invariant, (count, first)) in &tally.violations {
            println!("{count} false: {invariant}\n    first: {first}");
        }
    }
    for error in &compile_errors {
        println!("compile error: {error}");
    }
    for (invariant, (count, first)) in &tally.errors {
        println!("{count} errors: {invariant}\n    first: {first}");
    }
    assert!(
        compile_errors.is_empty(),
        "{} constraint expressions do not compile",
        compile_errors.len()
    );
    assert!(
        tally.errors.is_empty(),
        "{} invariants fail to evaluate on the examples",
        tally.errors.len()
    );
}

fn examples_dir(shared: &Path) -> PathBuf {
    shared.join("fhir/corpus/spec-examples-r4/hl7.fhir.r4.examples#4.0.1/package")
}
