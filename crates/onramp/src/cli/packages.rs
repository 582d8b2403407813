//! `onramp packages`: list the package cache, import an archive, install from a registry.

use std::path::PathBuf;
use std::process::ExitCode;

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use onramp_fhir::package::{
    DownloadProgress, InstallOptions, PackageCache, PackageError, PackageId, RegistryClient,
    DEFAULT_REGISTRY,
};

/// Manage FHIR packages in the package cache shared with HL7 tooling (`<cache>/<name>#<version>/package/…`).
#[derive(Debug, clap::Args)]
pub struct PackagesArgs {
    /// The package cache folder [default: $FHIR_PACKAGE_CACHE, else ~/.fhir/packages].
    #[arg(long, global = true, env = "ONRAMP_PACKAGE_CACHE", value_name = "DIR")]
    cache: Option<PathBuf>,
    /// The base URL of the package registry.
    #[arg(long, global = true, env = "ONRAMP_PACKAGE_REGISTRY", default_value = DEFAULT_REGISTRY, value_name = "URL")]
    registry: String,
    #[command(subcommand)]
    command: PackagesCommand,
}

#[derive(Debug, clap::Subcommand)]
enum PackagesCommand {
    /// List the packages in the cache, one `name#version` a line.
    List,
    /// Check a package archive (.tgz) and copy it into the cache.
    Import {
        /// The package archive.
        file: PathBuf,
    },
    /// Download a package and its dependencies from the registry into the cache.
    Install {
        /// `name#version`, or `name` for the registry's latest version.
        package: String,
        /// Do not install the dependencies.
        #[arg(long)]
        no_deps: bool,
        /// Download again even when the cache already holds the package.
        #[arg(long)]
        force: bool,
    },
}

/// Exit codes: 0 done, 1 the package or registry failed, 2 usage or file-system error.
pub fn run(args: PackagesArgs) -> ExitCode {
    let cache = PackageCache::new(args.cache.unwrap_or_else(PackageCache::default_location));
    let result = match args.command {
        PackagesCommand::List => list(&cache),
        PackagesCommand::Import { file } => import(&cache, &file),
        PackagesCommand::Install {
            package,
            no_deps,
            force,
        } => {
            let options = InstallOptions {
                with_dependencies: !no_deps,
                reinstall: force,
            };
            install(&cache, &args.registry, &package, &options)
        }
    };
    match result {
        Ok(code) => code,
        Err(error) => {
            eprintln!("error: {error}");
            exit_code_of(&error)
        }
    }
}

fn exit_code_of(error: &PackageError) -> ExitCode {
    match error {
        PackageError::Io { .. } | PackageError::InvalidPackageId { .. } => ExitCode::from(2),
        _ => ExitCode::from(1),
    }
}

fn list(cache: &PackageCache) -> Result<ExitCode, PackageError> {
    let ids = cache.list()?;
    if ids.is_empty() {
        eprintln!("no packages in {}", cache.root().display());
    }
    for id in ids {
        println!("{id}");
    }
    Ok(ExitCode::SUCCESS)
}

fn import(cache: &PackageCache, file: &std::path::Path) -> Result<ExitCode, PackageError> {
    let id = cache.import_tgz(file)?;
    println!("imported {id} into {}", cache.folder_of(&id).display());
    Ok(ExitCode::SUCCESS)
}

fn install(
    cache: &PackageCache,
    registry_url: &str,
    spec: &str,
    options: &InstallOptions,
) -> Result<ExitCode, PackageError> {
    let (name, version) = PackageId::parse_spec(spec)?;
    let registry = RegistryClient::new(registry_url);
    let mut progress = BarProgress::default();
    let report = registry.install(cache, &name, version.as_deref(), options, &mut progress);
    progress.clear();
    let report = report?;
    for id in &report.installed {
        println!("installed {id}");
    }
    for id in &report.already_cached {
        println!("already in cache {id}");
    }
    for failed in &report.failed {
        eprintln!(
            "error: dependency {} of {} was not installed: {}",
            failed.dependency, failed.required_by, failed.error
        );
    }
    if report.failed.is_empty() {
        Ok(ExitCode::SUCCESS)
    } else {
        Ok(ExitCode::from(1))
    }
}

/// A byte-counting progress bar on stderr (hidden when stderr is not a terminal).
#[derive(Default)]
struct BarProgress {
    bar: Option<ProgressBar>,
}

impl BarProgress {
    fn clear(&mut self) {
        if let Some(bar) = self.bar.take() {
            bar.finish_and_clear();
        }
    }
}

impl DownloadProgress for BarProgress {
    fn started(&mut self, id: &PackageId, total_bytes: Option<u64>) {
        self.clear();
        let bar = match total_bytes {
            Some(total) => ProgressBar::with_draw_target(Some(total), ProgressDrawTarget::stderr()),
            None => ProgressBar::with_draw_target(None, ProgressDrawTarget::stderr()),
        };
        let template = if total_bytes.is_some() {
            "{msg} [{bar:30}] {bytes}/{total_bytes} {bytes_per_sec}"
        } else {
            "{msg} {spinner} {bytes} {bytes_per_sec}"
        };
        if let Ok(style) = ProgressStyle::with_template(template) {
            bar.set_style(style.progress_chars("=> "));
        }
        bar.set_message(format!("downloading {id}"));
        self.bar = Some(bar);
    }

    fn advanced(&mut self, bytes_so_far: u64) {
        if let Some(bar) = &self.bar {
            bar.set_position(bytes_so_far);
        }
    }

    /// Downloaded: a spinner stays while the archive is checked and unpacked into the cache.
    fn finished(&mut self, id: &PackageId) {
        if let Some(bar) = &self.bar {
            if let Ok(style) = ProgressStyle::with_template("{msg} {spinner}") {
                bar.set_style(style);
            }
            bar.set_message(format!("unpacking {id}"));
            bar.enable_steady_tick(std::time::Duration::from_millis(120));
        }
    }
}
