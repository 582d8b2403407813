//! `onramp testscript run`: runs FHIR R4 TestScripts against a FHIR server with Onramp's engine and
//! writes their TestReports. Credentials: a bearer token, or a SMART Backend Services client (a
//! client assertion signed with the private key, RS384 or ES384, exchanged at the token URL).
//! Exit codes: 0 every script passed, 1 any failed (or was skipped, or is invalid), 2 usage,
//! package, credential or IO problems.

use std::io::IsTerminal as _;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::Arc;
use std::time::Duration;

use anyhow::Context as _;
use onramp_fhir::fhirpath::Engine;
use onramp_fhir::model::Model;
use onramp_fhir::package::{LoadOptions, PackageCache, PackageSet};
use onramp_fhir::testscript::{self, http::UreqTransport, FixtureSource, ReportResult, Script};
use onramp_fhir::validate::{Definitions, Validator};
use serde_json::json;

use super::validate::{package_location, read_package};

const CORE_PACKAGE: &str = "hl7.fhir.r4.core#4.0.1";

#[derive(Debug, clap::Subcommand)]
pub enum TestscriptCommand {
    /// Run TestScripts against a server; print the results and write the TestReports.
    Run(RunArgs),
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    Text,
    Json,
}

#[derive(Debug, clap::Args)]
pub struct RunArgs {
    /// TestScript resources (JSON files).
    #[arg(required = true, value_name = "SCRIPT.json")]
    scripts: Vec<PathBuf>,
    /// The FHIR base URL of the server under test.
    #[arg(long, value_name = "URL")]
    server: String,
    /// A bearer token sent with every request.
    #[arg(long, value_name = "TOKEN", conflicts_with_all = ["client_id", "private_key", "token_url"])]
    bearer: Option<String>,
    /// A SMART Backend Services client id (with --private-key and --token-url).
    #[arg(long, value_name = "ID", requires_all = ["private_key", "token_url"])]
    client_id: Option<String>,
    /// The client's private key (PEM; RSA signs RS384, EC P-384 signs ES384).
    #[arg(long, value_name = "FILE.pem", requires = "client_id")]
    private_key: Option<PathBuf>,
    /// The key's `kid`, as in the client's registered JWKS.
    #[arg(long, value_name = "KID")]
    key_id: Option<String>,
    /// The authorization server's token endpoint.
    #[arg(long, value_name = "URL", requires = "client_id")]
    token_url: Option<String>,
    /// The scopes asked for.
    #[arg(long, default_value = "system/*.cruds")]
    scope: String,
    /// A package for validateProfileId asserts and FHIRPath (repeatable): NAME#VERSION in the
    /// cache, or a .tgz file. R4 core is always loaded.
    #[arg(long = "package", value_name = "ID#VERSION|FILE.tgz")]
    packages: Vec<String>,
    /// A value for a variable (repeatable): what a script's `hint`-only variables ask of the
    /// person running it, or a value to use instead of what the script would evaluate.
    #[arg(long = "var", value_name = "NAME=VALUE", value_parser = parse_var)]
    vars: Vec<(String, String)>,
    /// Where to write each script's TestReport (`NAME.testreport.json`).
    #[arg(long, value_name = "DIR")]
    report_dir: Option<PathBuf>,
    #[arg(long, value_enum, default_value = "text")]
    format: Format,
    /// The R4 core package: a .tgz or folder, or NAME#VERSION in the cache.
    #[arg(long, value_name = "FILE.tgz|ID#VERSION", default_value = CORE_PACKAGE)]
    core: String,
    /// The package cache folder [default: $FHIR_PACKAGE_CACHE, else ~/.fhir/packages].
    #[arg(long, env = "ONRAMP_PACKAGE_CACHE", value_name = "DIR")]
    cache: Option<PathBuf>,
    /// Seconds each request may take.
    #[arg(long, default_value_t = 30)]
    timeout: u64,
}

pub fn run(command: TestscriptCommand) -> ExitCode {
    let TestscriptCommand::Run(args) = command;
    match run_checked(&args) {
        Ok(true) => ExitCode::SUCCESS,
        Ok(false) => ExitCode::from(1),
        Err(error) => {
            eprintln!("error: {error:#}");
            ExitCode::from(2)
        }
    }
}

/// Fixtures named by path relative to the script, or `Type/id` as `Type-id.json` beside it.
struct FilesBeside(PathBuf);

impl FixtureSource for FilesBeside {
    fn load(&self, reference: &str) -> Option<Result<Vec<u8>, String>> {
        let candidates = [
            self.0.join(reference),
            self.0.join(format!("{}.json", reference.replace('/', "-"))),
        ];
        let found = candidates
            .iter()
            .find(|path| path.is_file() && !reference.contains(".."))?;
        Some(std::fs::read(found).map_err(|error| format!("{}: {error}", found.display())))
    }
}

/// `NAME=VALUE` of `--var`.
fn parse_var(text: &str) -> Result<(String, String), String> {
    match text.split_once('=') {
        Some((name, value)) if !name.trim().is_empty() => {
            Ok((name.trim().to_owned(), value.to_owned()))
        }
        _ => Err(format!("`{text}` is not NAME=VALUE")),
    }
}

/// Returns whether every script passed.
fn run_checked(args: &RunArgs) -> anyhow::Result<bool> {
    let server = url_of(&args.server, "--server")?;
    let cache = PackageCache::new(
        args.cache
            .clone()
            .unwrap_or_else(PackageCache::default_location),
    );
    let (engine, validator) = load(args, &cache)?;
    let headers = match (&args.bearer, &args.client_id) {
        (Some(token), _) => vec![("Authorization".to_owned(), format!("Bearer {token}"))],
        (None, Some(client_id)) => {
            let token = smart_token(args, client_id)?;
            vec![("Authorization".to_owned(), format!("Bearer {token}"))]
        }
        (None, None) => Vec::new(),
    };
    if let Some(dir) = &args.report_dir {
        std::fs::create_dir_all(dir).with_context(|| format!("creating {}", dir.display()))?;
    }
    let transport = UreqTransport::new(Duration::from_secs(args.timeout.max(1)));
    let tester = format!("Onramp {}", env!("CARGO_PKG_VERSION"));
    let bar = std::io::stderr().is_terminal().then(|| {
        let bar = indicatif::ProgressBar::new(args.scripts.len() as u64);
        bar.set_style(
            indicatif::ProgressStyle::with_template("{bar:40} {pos}/{len} scripts {msg}")
                .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
        );
        bar
    });
    let mut all_passed = true;
    let mut json_results = Vec::new();
    // Report names already written: scripts of the same file name in different folders get
    // `NAME-2`, `NAME-3`, … instead of overwriting each other.
    let mut written: std::collections::BTreeSet<String> = std::collections::BTreeSet::new();
    for path in &args.scripts {
        let bytes = std::fs::read(path).with_context(|| format!("reading {}", path.display()))?;
        let issued = jiff::Timestamp::now().to_string();
        let settings = testscript::RunSettings {
            base_url: server.as_str().trim_end_matches('/'),
            fhirpath: &engine,
            validator: Some(&validator),
            issued: &issued,
            tester: &tester,
            extra_headers: &headers,
            variables: &args.vars,
        };
        let name = path
            .file_stem()
            .map_or_else(|| "script".to_owned(), |s| s.to_string_lossy().into_owned());
        if let Some(bar) = &bar {
            bar.set_message(name.clone());
        }
        let (result, lines, report) = match Script::parse(&bytes) {
            Err(problems) => (
                "invalid".to_owned(),
                problems.iter().map(ToString::to_string).collect::<Vec<_>>(),
                testscript::report_for_invalid(&bytes, &problems, &settings),
            ),
            Ok(script) => {
                let fixtures =
                    FilesBeside(path.parent().map(Path::to_path_buf).unwrap_or_default());
                let outcome =
                    testscript::run(&script, &settings, &transport, &fixtures, &mut |_| {});
                let mut lines = Vec::new();
                if let Some(reason) = &outcome.summary.skipped_reason {
                    lines.push(format!("skipped: {reason}"));
                }
                for test in &outcome.summary.tests {
                    lines.push(match &test.message {
                        Some(message) => {
                            format!("{} {}: {message}", test.result.as_str(), test.name)
                        }
                        None => format!("{} {}", test.result.as_str(), test.name),
                    });
                }
                let result = match outcome.summary.result {
                    ReportResult::Pass if outcome.summary.skipped_reason.is_none() => "pass",
                    ReportResult::Pass | ReportResult::Pending => "skipped",
                    ReportResult::Fail => "fail",
                };
                (result.to_owned(), lines, outcome.report)
            }
        };
        all_passed &= result == "pass";
        if let Some(dir) = &args.report_dir {
            let mut stem = name.clone();
            let mut next = 2;
            while !written.insert(stem.clone()) {
                stem = format!("{name}-{next}");
                next += 1;
            }
            let file = dir.join(format!("{stem}.testreport.json"));
            let text = serde_json::to_string_pretty(&report)?;
            std::fs::write(&file, text).with_context(|| format!("writing {}", file.display()))?;
        }
        match args.format {
            Format::Text => {
                let print = |text: String| match &bar {
                    Some(bar) => bar.println(text),
                    None => println!("{text}"),
                };
                print(format!("{} {}", result.to_uppercase(), path.display()));
                for line in lines {
                    print(format!("  {line}"));
                }
            }
            Format::Json => json_results.push(json!({
                "script": path.display().to_string(),
                "result": result,
                "details": lines,
                "report": report,
            })),
        }
        if let Some(bar) = &bar {
            bar.inc(1);
        }
    }
    if let Some(bar) = bar {
        bar.finish_and_clear();
    }
    if args.format == Format::Json {
        println!("{}", serde_json::to_string_pretty(&json_results)?);
    }
    Ok(all_passed)
}

fn url_of(text: &str, flag: &str) -> anyhow::Result<url_like::Url> {
    url_like::Url::parse(text).with_context(|| format!("{flag}: `{text}` is not an http(s) URL"))
}

/// Just enough URL checking for the command line (scheme and host).
mod url_like {
    pub struct Url(String);

    impl Url {
        pub fn parse(text: &str) -> anyhow::Result<Url> {
            let rest = text
                .strip_prefix("https://")
                .or_else(|| text.strip_prefix("http://"))
                .ok_or_else(|| anyhow::anyhow!("it must start with http:// or https://"))?;
            if rest.is_empty() || rest.starts_with('/') {
                anyhow::bail!("it has no host");
            }
            Ok(Url(text.to_owned()))
        }

        pub fn as_str(&self) -> &str {
            &self.0
        }
    }
}

fn load(args: &RunArgs, cache: &PackageCache) -> anyhow::Result<(Engine, Validator)> {
    let core_path = package_location(cache, &args.core)?;
    let model_cache = cache.root().join(".onramp").join("models");
    let (model, _) = Model::from_package_path(&core_path, &model_cache)
        .with_context(|| format!("loading the FHIR model from {}", core_path.display()))?;
    let model = Arc::new(model);
    let mut packages = PackageSet::new();
    packages.add(read_package(&core_path)?);
    for spec in &args.packages {
        packages.add(read_package(&package_location(cache, spec)?)?);
    }
    packages.follow_dependencies(
        cache,
        &LoadOptions {
            allow_missing_dependencies: true,
        },
    )?;
    let packages = Arc::new(packages);
    let engine = Engine::new(model.clone()).with_packages(packages.clone());
    let validator = Validator::new(Arc::new(Definitions::new(packages, model)));
    Ok((engine, validator))
}

/// A SMART Backend Services access token: a client assertion signed with the private key,
/// exchanged at the token URL.
fn smart_token(args: &RunArgs, client_id: &str) -> anyhow::Result<String> {
    let (Some(key_file), Some(token_url)) = (&args.private_key, &args.token_url) else {
        anyhow::bail!("--client-id needs --private-key and --token-url");
    };
    let pem = std::fs::read(key_file).with_context(|| format!("reading {}", key_file.display()))?;
    let now = jiff::Timestamp::now().as_second();
    let claims = json!({
        "iss": client_id, "sub": client_id, "aud": token_url,
        "exp": now + 240, "iat": now,
        "jti": format!("{client_id}-{}-{}", now, std::process::id()),
    });
    let sign = |algorithm: jsonwebtoken::Algorithm, key: jsonwebtoken::EncodingKey| {
        let mut header = jsonwebtoken::Header::new(algorithm);
        header.kid = args.key_id.clone();
        jsonwebtoken::encode(&header, &claims, &key)
    };
    let assertion = jsonwebtoken::EncodingKey::from_ec_pem(&pem)
        .ok()
        .and_then(|key| sign(jsonwebtoken::Algorithm::ES384, key).ok())
        .or_else(|| {
            jsonwebtoken::EncodingKey::from_rsa_pem(&pem)
                .ok()
                .and_then(|key| sign(jsonwebtoken::Algorithm::RS384, key).ok())
        })
        .with_context(|| {
            format!(
                "{} is neither an RSA nor a P-384 EC private key (PEM)",
                key_file.display()
            )
        })?;
    let form = [
        ("grant_type", "client_credentials"),
        ("scope", args.scope.as_str()),
        (
            "client_assertion_type",
            "urn:ietf:params:oauth:client-assertion-type:jwt-bearer",
        ),
        ("client_assertion", assertion.as_str()),
    ];
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .http_status_as_error(false)
        .timeout_global(Some(Duration::from_secs(args.timeout.max(1))))
        .build()
        .into();
    let mut response = agent
        .post(token_url)
        .send_form(form)
        .with_context(|| format!("asking {token_url} for a token"))?;
    let status = response.status().as_u16();
    let text = response
        .body_mut()
        .read_to_string()
        .with_context(|| format!("reading the token endpoint's answer ({status})"))?;
    let body: serde_json::Value = serde_json::from_str(&text)
        .with_context(|| format!("the token endpoint answered {status} without JSON"))?;
    if status != 200 {
        anyhow::bail!(
            "the token endpoint refused ({status}): {} {}",
            body["error"].as_str().unwrap_or_default(),
            body["error_description"].as_str().unwrap_or_default()
        );
    }
    body["access_token"]
        .as_str()
        .map(str::to_owned)
        .context("the token endpoint's answer has no access_token")
}
