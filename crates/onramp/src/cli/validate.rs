//! `onramp validate`: validate FHIR JSON files, directories, Bundles and NDJSON against R4 core and
//! the profiles of loaded packages, in parallel across cores, printing text or one JSON line per
//! resource. Exit codes: 0 no errors, 1 errors found, 2 usage, package or IO problems.

use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};

use anyhow::Context as _;
use onramp_fhir::model::Model;
use onramp_fhir::outcome::operation_outcome;
use onramp_fhir::package::{LoadOptions, Package, PackageCache, PackageId, PackageSet};
use onramp_fhir::validate::{
    split_bundle, type_and_id, CanonicalPolicy, Definitions, Issue, Profile, ResourceResult,
    UrlResolution, ValidationOptions, Validator,
};
use serde_json::json;

const CORE_PACKAGE: &str = "hl7.fhir.r4.core#4.0.1";

/// Output formats.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    Text,
    Json,
}

/// What `uri`, `url` and `canonical` values are resolved against.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum ResolveUrls {
    /// Values are not resolved.
    Off,
    /// Only example URLs (example.org, acme.com, …) fail to resolve.
    Examples,
    /// Values resolve against the loaded packages and well-known URIs (no network).
    Definitions,
}

/// How a canonical that resolves is checked (the reference validator's reference policy).
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum CanonicalPolicyArg {
    Ignore,
    CheckExists,
    CheckExistsAndType,
    CheckTypeIfExists,
    CheckValid,
}

#[derive(Debug, clap::Args)]
pub struct ValidateArgs {
    /// Files or directories (`*.json`, `*.ndjson`; SMART Health Cards as `*.smart-health-card`,
    /// `*.jws`, `*.jwt` or `shc:/` text); a Bundle is reported per entry.
    #[arg(required = true, value_name = "PATH")]
    paths: Vec<PathBuf>,
    /// A package to load besides R4 core: NAME#VERSION from the package cache, or a .tgz file
    /// (repeatable). Its dependencies are loaded from the cache when present.
    #[arg(long = "package", value_name = "ID#VERSION|FILE.tgz")]
    packages: Vec<String>,
    /// Validate every resource against this profile as well (repeatable).
    #[arg(long = "profile", value_name = "CANONICAL")]
    profiles: Vec<String>,
    #[arg(long, value_enum, default_value = "text")]
    format: Format,
    /// The R4 core package: a .tgz or folder, or NAME#VERSION in the cache.
    #[arg(long, value_name = "FILE.tgz|ID#VERSION", default_value = CORE_PACKAGE)]
    core: String,
    /// The package cache folder [default: $FHIR_PACKAGE_CACHE, else ~/.fhir/packages].
    #[arg(long, env = "ONRAMP_PACKAGE_CACHE", value_name = "DIR")]
    cache: Option<PathBuf>,
    /// Worker threads [default: the number of cores].
    #[arg(long)]
    jobs: Option<usize>,
    /// Text that looks like embedded HTML in a string is an error (information otherwise).
    #[arg(long)]
    security_checks: bool,
    /// Markdown that contains HTML tags is an error (a warning otherwise).
    #[arg(long)]
    no_html_in_markdown: bool,
    /// Resolve `uri`, `url` and `canonical` values: an HL7 URL that does not resolve is an error,
    /// an example URL is an error unless --allow-example-urls, an unknown canonical a hint.
    #[arg(long, value_enum, default_value = "off", value_name = "WHAT")]
    resolve_urls: ResolveUrls,
    /// Example URLs (example.org, acme.com, …) are allowed where URLs are resolved.
    #[arg(long)]
    allow_example_urls: bool,
    /// How canonicals are checked when URLs are resolved.
    #[arg(long, value_enum, default_value = "ignore", value_name = "POLICY")]
    canonical_policy: CanonicalPolicyArg,
}

pub fn run(args: ValidateArgs) -> ExitCode {
    match run_checked(&args) {
        Ok(true) => ExitCode::from(1),
        Ok(false) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("error: {error:#}");
            ExitCode::from(2)
        }
    }
}

/// Returns whether any error was found.
fn run_checked(args: &ValidateArgs) -> anyhow::Result<bool> {
    let cache = PackageCache::new(
        args.cache
            .clone()
            .unwrap_or_else(PackageCache::default_location),
    );
    let validator = load(args, &cache)?;
    let profiles = validator.profiles(&args.profiles)?;
    let files = collect_files(&args.paths)?;
    let jobs = args
        .jobs
        .unwrap_or_else(|| std::thread::available_parallelism().map_or(1, |n| n.get()))
        .max(1);
    let progress = (files.len() > 20).then(|| {
        let bar = indicatif::ProgressBar::new(files.len() as u64);
        bar.set_style(
            indicatif::ProgressStyle::with_template("{bar:40} {pos}/{len} files {elapsed}")
                .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
        );
        bar
    });
    let next = AtomicUsize::new(0);
    let any_error = Mutex::new(false);
    let io_error: Mutex<Option<anyhow::Error>> = Mutex::new(None);
    let stdout = Mutex::new(std::io::stdout());
    std::thread::scope(|scope| {
        for _ in 0..jobs.min(files.len().max(1)) {
            scope.spawn(|| loop {
                let position = next.fetch_add(1, Ordering::Relaxed);
                let Some(file) = files.get(position) else {
                    break;
                };
                match validate_file(&validator, &profiles, file) {
                    Ok(results) => {
                        let text = render(file, &results, args.format);
                        let errors = results.iter().any(|r| r.error_count() > 0);
                        if errors {
                            if let Ok(mut flag) = any_error.lock() {
                                *flag = true;
                            }
                        }
                        if let Ok(mut out) = stdout.lock() {
                            let _ = out.write_all(text.as_bytes());
                        }
                    }
                    Err(error) => {
                        if let Ok(mut slot) = io_error.lock() {
                            slot.get_or_insert(error);
                        }
                    }
                }
                if let Some(bar) = &progress {
                    bar.inc(1);
                }
            });
        }
    });
    if let Some(bar) = progress {
        bar.finish_and_clear();
    }
    if let Some(error) = io_error.into_inner().ok().flatten() {
        return Err(error);
    }
    Ok(any_error.into_inner().unwrap_or(true))
}

fn load(args: &ValidateArgs, cache: &PackageCache) -> anyhow::Result<Validator> {
    let core_path = package_location(cache, &args.core)?;
    let model_cache = cache.root().join(".onramp").join("models");
    let (model, _) = Model::from_package_path(&core_path, &model_cache)
        .with_context(|| format!("loading the FHIR model from {}", core_path.display()))?;
    let mut packages = PackageSet::new();
    packages.add(read_package(&core_path)?);
    for spec in &args.packages {
        packages.add(read_package(&package_location(cache, spec)?)?);
    }
    let options = LoadOptions {
        allow_missing_dependencies: true,
    };
    packages.follow_dependencies(cache, &options)?;
    for missing in packages.missing() {
        eprintln!("notice: {missing} is not available; what needs it is reported as not checked");
    }
    let defs = Definitions::new(Arc::new(packages), Arc::new(model));
    Ok(
        Validator::new(Arc::new(defs)).with_options(ValidationOptions {
            security_checks: args.security_checks,
            no_html_in_markdown: args.no_html_in_markdown,
            url_resolution: match args.resolve_urls {
                ResolveUrls::Off => UrlResolution::Off,
                ResolveUrls::Examples => UrlResolution::ExamplesOnly,
                ResolveUrls::Definitions => UrlResolution::Definitions,
            },
            allow_example_urls: args.allow_example_urls,
            canonical_policy: match args.canonical_policy {
                CanonicalPolicyArg::Ignore => CanonicalPolicy::Ignore,
                CanonicalPolicyArg::CheckExists => CanonicalPolicy::CheckExists,
                CanonicalPolicyArg::CheckExistsAndType => CanonicalPolicy::CheckExistsAndType,
                CanonicalPolicyArg::CheckTypeIfExists => CanonicalPolicy::CheckTypeIfExists,
                CanonicalPolicyArg::CheckValid => CanonicalPolicy::CheckValid,
            },
        }),
    )
}

pub(crate) fn read_package(path: &Path) -> anyhow::Result<Package> {
    let package = if path.is_dir() {
        Package::from_folder(path)
    } else {
        Package::from_tgz(path)
    };
    package.with_context(|| format!("reading the package {}", path.display()))
}

/// An existing file or folder, or a package in the cache.
pub(crate) fn package_location(cache: &PackageCache, package: &str) -> anyhow::Result<PathBuf> {
    let as_path = PathBuf::from(package);
    if as_path.exists() {
        return Ok(as_path);
    }
    let id = PackageId::parse(package)
        .with_context(|| format!("{package} is neither a file nor a NAME#VERSION package id"))?;
    let folder = cache.folder_of(&id);
    if !folder.is_dir() {
        anyhow::bail!(
            "the package {id} is not in the package cache ({}); install it with `onramp packages install {id}`, or give the path of its .tgz",
            cache.root().display()
        );
    }
    Ok(folder)
}

fn collect_files(paths: &[PathBuf]) -> anyhow::Result<Vec<PathBuf>> {
    let mut files = Vec::new();
    for path in paths {
        if path.is_dir() {
            walk_dir(path, &mut files)?;
        } else if path.is_file() {
            files.push(path.clone());
        } else {
            anyhow::bail!("{} does not exist", path.display());
        }
    }
    Ok(files)
}

fn walk_dir(dir: &Path, files: &mut Vec<PathBuf>) -> anyhow::Result<()> {
    let mut entries: Vec<PathBuf> = std::fs::read_dir(dir)
        .with_context(|| format!("reading {}", dir.display()))?
        .filter_map(|entry| entry.ok().map(|e| e.path()))
        .collect();
    entries.sort();
    for path in entries {
        if path.is_dir() {
            walk_dir(&path, files)?;
        } else if is_package_metadata(&path) {
            // A package folder's manifest and index describe the package, not a resource.
        } else if is_ndjson(&path)
            || path.extension().is_some_and(|e| e == "json")
            || is_health_card_file(&path)
        {
            files.push(path);
        }
    }
    Ok(())
}

/// `package.json` and `.index.json`: an NPM package's manifest and the FHIR package index.
fn is_package_metadata(path: &Path) -> bool {
    path.file_name()
        .is_some_and(|name| name == "package.json" || name == ".index.json")
}

/// A file a directory walk takes as a SMART Health Card: a card file (`.smart-health-card`), a
/// bare JWS (`.jws`, `.jwt`), or text (`.txt`) that holds a `shc:/` QR payload.
fn is_health_card_file(path: &Path) -> bool {
    match path.extension().and_then(|e| e.to_str()) {
        Some("smart-health-card" | "jws" | "jwt") => true,
        Some("txt") => std::fs::read(path).is_ok_and(|bytes| {
            String::from_utf8_lossy(bytes.get(..16).unwrap_or(bytes.as_slice()))
                .trim_start()
                .starts_with("shc:/")
        }),
        _ => false,
    }
}

fn is_ndjson(path: &Path) -> bool {
    path.extension()
        .is_some_and(|e| e == "ndjson" || e == "jsonl")
}

/// The results of one file: one per resource (a Bundle: itself, then each entry).
fn validate_file(
    validator: &Validator,
    profiles: &[Arc<Profile>],
    file: &Path,
) -> anyhow::Result<Vec<ResourceResult>> {
    let bytes = std::fs::read(file).with_context(|| format!("reading {}", file.display()))?;
    if is_ndjson(file) {
        return Ok(validator.validate_ndjson(&bytes, profiles));
    }
    if onramp_fhir::validate::is_health_card(&bytes) {
        return Ok(vec![ResourceResult {
            index: None,
            resource_type: Some("SMART Health Card".to_string()),
            id: None,
            issues: validator.validate_health_card(&bytes, profiles),
        }]);
    }
    let issues = validator.validate_bytes(&bytes, profiles);
    let (resource_type, id) = type_and_id(&bytes);
    if resource_type.as_deref() != Some("Bundle") {
        return Ok(vec![ResourceResult {
            index: None,
            resource_type,
            id,
            issues,
        }]);
    }
    let entries = bundle_entries(&bytes);
    let (own, by_entry) = split_bundle(issues);
    let mut results = vec![ResourceResult {
        index: None,
        resource_type,
        id,
        issues: own,
    }];
    for (index, (entry_type, entry_id)) in entries.into_iter().enumerate() {
        let issues: Vec<Issue> = by_entry
            .iter()
            .find(|(i, _)| *i == index)
            .map(|(_, list)| list.clone())
            .unwrap_or_default();
        results.push(ResourceResult {
            index: Some(index),
            resource_type: entry_type,
            id: entry_id,
            issues,
        });
    }
    Ok(results)
}

fn bundle_entries(bytes: &[u8]) -> Vec<(Option<String>, Option<String>)> {
    let parsed = onramp_fhir::json::parse(bytes);
    let Some(bundle) = parsed.value else {
        return Vec::new();
    };
    bundle
        .get("entry")
        .map(|entries| entries.items())
        .unwrap_or_default()
        .iter()
        .map(|entry| {
            let resource = entry.get("resource");
            let text = |key: &str| {
                resource
                    .and_then(|r| r.get(key))
                    .and_then(|v| v.as_str())
                    .map(str::to_string)
            };
            (text("resourceType"), text("id"))
        })
        .collect()
}

fn render(file: &Path, results: &[ResourceResult], format: Format) -> String {
    let mut out = String::new();
    if results.is_empty() && is_ndjson(file) {
        // An NDJSON file without a line holding a resource: say so rather than print nothing.
        let message = "the NDJSON file holds no resources (it is empty)";
        match format {
            Format::Json => {
                let line = json!({
                    "file": file.display().to_string(),
                    "index": null,
                    "resourceType": null,
                    "id": null,
                    "outcome": {
                        "resourceType": "OperationOutcome",
                        "issue": [{
                            "severity": "warning",
                            "code": "informational",
                            "diagnostics": message,
                        }],
                    },
                });
                out.push_str(&line.to_string());
                out.push('\n');
            }
            Format::Text => {
                out.push_str(&format!(
                    "ok {}: 0 errors, 1 warnings\n  warning {message}\n",
                    file.display()
                ));
            }
        }
    }
    for result in results {
        match format {
            Format::Json => {
                let line = json!({
                    "file": file.display().to_string(),
                    "index": result.index,
                    "resourceType": result.resource_type,
                    "id": result.id,
                    "outcome": operation_outcome(&result.issues),
                });
                out.push_str(&line.to_string());
                out.push('\n');
            }
            Format::Text => {
                let errors = result.error_count();
                let warnings = result
                    .issues
                    .iter()
                    .filter(|i| !i.severity.is_error() && i.severity.as_str() == "warning")
                    .count();
                let index = result.index.map(|i| format!("[{i}]")).unwrap_or_default();
                let what = format!(
                    "{}/{}",
                    result.resource_type.as_deref().unwrap_or("?"),
                    result.id.as_deref().unwrap_or("-")
                );
                let status = if errors > 0 { "FAIL" } else { "ok" };
                out.push_str(&format!(
                    "{status} {}{index} {what}: {errors} errors, {warnings} warnings\n",
                    file.display()
                ));
                for issue in &result.issues {
                    out.push_str(&format!(
                        "  {} {}:{} {}: {} [{}]\n",
                        issue.severity.as_str(),
                        issue.pos.line,
                        issue.pos.column,
                        if issue.expression.is_empty() {
                            "-"
                        } else {
                            &issue.expression
                        },
                        issue.message,
                        issue.message_id
                    ));
                }
            }
        }
    }
    out
}
