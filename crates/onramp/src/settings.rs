//! Settings for `onramp serve` and the other database commands, in layers: built-in defaults, then
//! `onramp.toml` (in the data directory, or `--config FILE`), then `ONRAMP_*` environment
//! variables, then flags. Flags and variables are read by clap (each flag names its variable in
//! `--help`); this module reads the file, merges, and checks every value, naming the setting that
//! is wrong.

use std::net::SocketAddr;
use std::path::{Path, PathBuf};

use onramp_server::config::{sqlite_url_in, ServerConfig, SmtpConfig, SmtpSecurity};
use serde::Deserialize;

/// The options every database command shares.
#[derive(Debug, Clone, clap::Args)]
pub struct CommonArgs {
    /// Read settings from this TOML file instead of `<data-dir>/onramp.toml`.
    #[arg(long, env = "ONRAMP_CONFIG", value_name = "FILE", global = true)]
    pub config: Option<PathBuf>,
    /// Where Onramp keeps its files (the SQLite database, development mail) [default: ./onramp-data].
    #[arg(long, env = "ONRAMP_DATA_DIR", value_name = "DIR", global = true)]
    pub data_dir: Option<PathBuf>,
    /// `sqlite://FILE` or `postgres://USER@HOST/DB` [default: <data-dir>/onramp.db].
    #[arg(
        long,
        env = "ONRAMP_DATABASE_URL",
        value_name = "URL",
        global = true,
        hide_env_values = true
    )]
    pub database_url: Option<String>,
    /// Log format: `human` or `json` [default: human].
    #[arg(long, env = "ONRAMP_LOG_FORMAT", value_name = "FORMAT", global = true)]
    pub log_format: Option<String>,
    /// The audit chain key file (hex), kept outside the database; created by the commands that
    /// write when absent [default: <data-dir>/audit-chain.key].
    #[arg(
        long,
        env = "ONRAMP_AUDIT_KEY_FILE",
        value_name = "FILE",
        global = true
    )]
    pub audit_key_file: Option<PathBuf>,
    /// The Ed25519 key file (hex) that signs audit checkpoints; its public half is FILE.pub
    /// [default: <data-dir>/audit-signing.key].
    #[arg(
        long,
        env = "ONRAMP_AUDIT_SIGNING_KEY_FILE",
        value_name = "FILE",
        global = true
    )]
    pub audit_signing_key_file: Option<PathBuf>,
}

/// The options only `serve` has.
#[derive(Debug, Clone, Default, clap::Args)]
pub struct ServeArgs {
    /// Address and port to listen on [default: 127.0.0.1:8080].
    #[arg(long, env = "ONRAMP_BIND", value_name = "ADDR")]
    pub bind: Option<String>,
    /// The URL people reach Onramp at, used in emailed links [default: http://<bind>].
    #[arg(long, env = "ONRAMP_PUBLIC_BASE_URL", value_name = "URL")]
    pub public_base_url: Option<String>,
    /// Seed a demo program (staff of every role, partner organizations) into an empty database and
    /// print how to sign in.
    #[arg(long)]
    pub demo: bool,
    #[arg(
        long,
        env = "ONRAMP_SMTP_HOST",
        value_name = "HOST",
        help = "SMTP relay host; without it, mail is written to <data-dir>/mail/"
    )]
    pub smtp_host: Option<String>,
    #[arg(
        long,
        env = "ONRAMP_SMTP_PORT",
        value_name = "PORT",
        help = "SMTP port [default: 587]"
    )]
    pub smtp_port: Option<String>,
    #[arg(
        long,
        env = "ONRAMP_SMTP_USERNAME",
        value_name = "USER",
        help = "SMTP user name"
    )]
    pub smtp_username: Option<String>,
    #[arg(
        long,
        env = "ONRAMP_SMTP_PASSWORD",
        value_name = "PASSWORD",
        hide_env_values = true,
        help = "SMTP password"
    )]
    pub smtp_password: Option<String>,
    #[arg(
        long,
        env = "ONRAMP_SMTP_SECURITY",
        value_name = "MODE",
        help = "starttls, tls or none [default: starttls]"
    )]
    pub smtp_security: Option<String>,
    #[arg(
        long,
        env = "ONRAMP_MAIL_FROM",
        value_name = "MAILBOX",
        help = "The From: of Onramp's mail [default: Onramp <onramp@localhost>]"
    )]
    pub mail_from: Option<String>,
    #[arg(
        long,
        env = "ONRAMP_AUDIT_CHECKPOINT_DIR",
        value_name = "DIR",
        help = "Where signed audit checkpoints are written [default: <data-dir>/audit-checkpoints]"
    )]
    pub audit_checkpoint_dir: Option<PathBuf>,
    #[arg(
        long,
        env = "ONRAMP_AUDIT_CHECKPOINT_MINUTES",
        value_name = "MINUTES",
        help = "Minutes between signed audit checkpoints; 0 writes none [default: 60]"
    )]
    pub audit_checkpoint_minutes: Option<String>,
}

/// `onramp.toml`: every key optional; unknown keys are errors, so typos do not pass silently.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct FileSettings {
    bind: Option<String>,
    data_dir: Option<PathBuf>,
    database_url: Option<String>,
    public_base_url: Option<String>,
    log_format: Option<String>,
    mail_from: Option<String>,
    behind_proxy: Option<bool>,
    session_idle_minutes: Option<u32>,
    session_absolute_hours: Option<u32>,
    max_body_bytes: Option<usize>,
    lockout_threshold: Option<u32>,
    lockout_minutes: Option<u32>,
    max_db_connections: Option<u32>,
    /// Job workers per instance (0: this instance runs no jobs).
    job_workers: Option<usize>,
    /// How often an idle job worker looks for due jobs, in milliseconds.
    job_poll_interval_ms: Option<u64>,
    /// How long a claimed job is leased before another instance may run it again, in seconds.
    job_lease_seconds: Option<u64>,
    /// Days after which finished jobs, sent mail and settled webhook records are deleted.
    retention_days: Option<u32>,
    /// A folder of business-day calendars, one file per country (`CA.toml`).
    calendars_dir: Option<PathBuf>,
    /// The FHIR package cache sandboxes load their pinned packages from.
    fhir_package_cache: Option<PathBuf>,
    /// A folder of FHIR package archives (`NAME-VERSION.tgz`) searched after the cache.
    fhir_package_dir: Option<PathBuf>,
    /// A folder of transaction Bundles partners load into their sandboxes as test data.
    sandbox_seed_dir: Option<PathBuf>,
    /// Days sandbox messages are kept.
    sandbox_message_retention_days: Option<u32>,
    /// Let webhooks reach loopback and private addresses over plain http (development only).
    webhook_allow_private_addresses: Option<bool>,
    /// How long one webhook delivery may take, in milliseconds.
    webhook_timeout_ms: Option<u64>,
    /// `system` or `IP:PORT`: where DNS verification looks up TXT records.
    dns_resolver: Option<String>,
    /// Display names of the public, registered and collaborative tiers.
    tier_names: Option<[String; 3]>,
    /// What the public, registered and collaborative tiers mean, as partners read it.
    tier_descriptions: Option<[String; 3]>,
    /// The audit chain key file (kept outside the database).
    audit_key_file: Option<PathBuf>,
    /// The Ed25519 key file that signs audit checkpoints.
    audit_signing_key_file: Option<PathBuf>,
    /// Where `serve` writes signed audit checkpoints.
    audit_checkpoint_dir: Option<PathBuf>,
    /// Minutes between signed audit checkpoints; 0 writes none.
    audit_checkpoint_minutes: Option<u32>,
    /// Answers that must not reveal whether an address has an account take at least this long.
    uniform_response_ms: Option<u32>,
    /// Rate limits: `sign_in_per_client = { max = 30, window_seconds = 300 }`, …
    rate_limits: Option<FileRateLimits>,
    smtp: Option<FileSmtp>,
}

/// One rate limit as written in `onramp.toml`.
#[derive(Debug, Clone, Copy, Deserialize)]
#[serde(deny_unknown_fields)]
struct FileRateLimit {
    max: u32,
    window_seconds: u32,
}

/// `[rate_limits]`: each key optional, named as `ServerConfig::rate_limits`' fields.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct FileRateLimits {
    sign_in_per_client: Option<FileRateLimit>,
    sign_in_per_account: Option<FileRateLimit>,
    second_factor_per_client: Option<FileRateLimit>,
    second_factor_per_account: Option<FileRateLimit>,
    password_reset_per_client: Option<FileRateLimit>,
    password_reset_per_account: Option<FileRateLimit>,
    registration_per_client: Option<FileRateLimit>,
    registration_per_address: Option<FileRateLimit>,
    invitation_per_organization: Option<FileRateLimit>,
    invitation_per_address: Option<FileRateLimit>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct FileSmtp {
    host: Option<String>,
    port: Option<u16>,
    username: Option<String>,
    password: Option<String>,
    security: Option<String>,
}

/// A setting that stops start-up. The message names the setting.
#[derive(Debug, thiserror::Error)]
#[error("configuration: {0}")]
pub struct SettingsError(String);

/// How logs are written.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LogFormat {
    Human,
    Json,
}

/// Settings after merging, ready to use.
#[derive(Debug, Clone)]
pub struct Settings {
    pub server: ServerConfig,
    pub log_format: LogFormat,
}

fn read_file(path: &Path, required: bool) -> Result<FileSettings, SettingsError> {
    match std::fs::read_to_string(path) {
        Ok(text) => toml::from_str(&text)
            .map_err(|error| SettingsError(format!("{}: {error}", path.display()))),
        Err(error) if !required && error.kind() == std::io::ErrorKind::NotFound => {
            Ok(FileSettings::default())
        }
        Err(error) => Err(SettingsError(format!(
            "cannot read {}: {error}",
            path.display()
        ))),
    }
}

fn parse_log_format(text: &str, source: &str) -> Result<LogFormat, SettingsError> {
    match text.trim().to_ascii_lowercase().as_str() {
        "human" | "text" => Ok(LogFormat::Human),
        "json" => Ok(LogFormat::Json),
        other => Err(SettingsError(format!(
            "{source} is `{other}`; use `human` or `json`"
        ))),
    }
}

/// Merges the layers and checks every value.
pub fn resolve(common: &CommonArgs, serve: &ServeArgs) -> Result<Settings, SettingsError> {
    // The data directory decides where the default file is, so it comes first.
    let flag_data_dir = common.data_dir.clone();
    let file = match &common.config {
        Some(path) => read_file(path, true)?,
        None => {
            let data_dir = flag_data_dir
                .clone()
                .unwrap_or_else(|| PathBuf::from("./onramp-data"));
            read_file(&data_dir.join("onramp.toml"), false)?
        }
    };
    let data_dir = flag_data_dir
        .or(file.data_dir.clone())
        .unwrap_or_else(|| PathBuf::from("./onramp-data"));
    let mut server = ServerConfig::with_data_dir(data_dir.clone());

    let bind_text = serve.bind.clone().or(file.bind.clone());
    if let Some(text) = bind_text {
        server.bind = text.parse::<SocketAddr>().map_err(|_| {
            SettingsError(format!(
                "bind (--bind / ONRAMP_BIND) is `{text}`; use an address and port like 127.0.0.1:8080"
            ))
        })?;
    }

    let database_url = common
        .database_url
        .clone()
        .or(file.database_url.clone())
        .unwrap_or_else(|| sqlite_url_in(&data_dir));
    if !(database_url.starts_with("sqlite:")
        || database_url.starts_with("postgres://")
        || database_url.starts_with("postgresql://"))
    {
        return Err(SettingsError(
            "database_url (--database-url / ONRAMP_DATABASE_URL) must start with sqlite: or postgres://".to_owned(),
        ));
    }
    server.database_url = database_url;

    server.public_base_url = serve
        .public_base_url
        .clone()
        .or(file.public_base_url.clone())
        .unwrap_or_else(|| format!("http://{}", server.bind));
    if !(server.public_base_url.starts_with("http://")
        || server.public_base_url.starts_with("https://"))
    {
        return Err(SettingsError(format!(
            "public_base_url (--public-base-url / ONRAMP_PUBLIC_BASE_URL) is `{}`; it must start with http:// or https://",
            server.public_base_url
        )));
    }
    server.public_base_url = server.public_base_url.trim_end_matches('/').to_owned();

    if let Some(path) = common
        .audit_key_file
        .clone()
        .or(file.audit_key_file.clone())
    {
        server.audit_key_file = path;
    }
    if let Some(path) = common
        .audit_signing_key_file
        .clone()
        .or(file.audit_signing_key_file.clone())
    {
        server.audit_signing_key_file = path;
    }
    if let Some(path) = serve
        .audit_checkpoint_dir
        .clone()
        .or(file.audit_checkpoint_dir.clone())
    {
        server.audit_checkpoint_dir = path;
    }
    match &serve.audit_checkpoint_minutes {
        Some(text) => {
            server.audit_checkpoint_minutes = text.trim().parse::<u32>().map_err(|_| {
                SettingsError(format!(
                    "audit_checkpoint_minutes (--audit-checkpoint-minutes / ONRAMP_AUDIT_CHECKPOINT_MINUTES) is `{text}`; use a number of minutes, 0 for none"
                ))
            })?;
        }
        None => {
            if let Some(minutes) = file.audit_checkpoint_minutes {
                server.audit_checkpoint_minutes = minutes;
            }
        }
    }

    if let Some(mail_from) = serve.mail_from.clone().or(file.mail_from.clone()) {
        server.mail_from = mail_from;
    }
    if let Some(value) = &file.dns_resolver {
        server.dns_resolver = value
            .parse()
            .map_err(|error| SettingsError(format!("dns_resolver: {error}")))?;
    }
    if let Some(names) = file.tier_names.clone() {
        if names
            .iter()
            .any(|name| name.trim().is_empty() || name.chars().count() > 40)
        {
            return Err(SettingsError(
                "tier_names: three names of 1 to 40 characters".to_owned(),
            ));
        }
        server.tier_names = names;
    }
    if let Some(descriptions) = file.tier_descriptions.clone() {
        if descriptions
            .iter()
            .any(|text| text.trim().is_empty() || text.chars().count() > 300)
        {
            return Err(SettingsError(
                "tier_descriptions: three descriptions of 1 to 300 characters".to_owned(),
            ));
        }
        server.tier_descriptions = descriptions;
    }
    if let Some(value) = file.behind_proxy {
        server.behind_proxy = value;
    }
    for (name, value, target) in [
        (
            "session_idle_minutes",
            file.session_idle_minutes,
            &mut server.session_idle_minutes,
        ),
        (
            "session_absolute_hours",
            file.session_absolute_hours,
            &mut server.session_absolute_hours,
        ),
        (
            "lockout_threshold",
            file.lockout_threshold,
            &mut server.lockout_threshold,
        ),
        (
            "lockout_minutes",
            file.lockout_minutes,
            &mut server.lockout_minutes,
        ),
        (
            "max_db_connections",
            file.max_db_connections,
            &mut server.max_db_connections,
        ),
    ] {
        if let Some(value) = value {
            if value == 0 {
                return Err(SettingsError(format!("{name} must be at least 1")));
            }
            *target = value;
        }
    }
    if let Some(value) = file.uniform_response_ms {
        if value > 10_000 {
            return Err(SettingsError(
                "uniform_response_ms must be at most 10000".to_owned(),
            ));
        }
        server.uniform_response_ms = value;
    }
    if let Some(limits) = &file.rate_limits {
        let target = &mut server.rate_limits;
        for (name, value, slot) in [
            (
                "sign_in_per_client",
                limits.sign_in_per_client,
                &mut target.sign_in_per_client,
            ),
            (
                "sign_in_per_account",
                limits.sign_in_per_account,
                &mut target.sign_in_per_account,
            ),
            (
                "second_factor_per_client",
                limits.second_factor_per_client,
                &mut target.second_factor_per_client,
            ),
            (
                "second_factor_per_account",
                limits.second_factor_per_account,
                &mut target.second_factor_per_account,
            ),
            (
                "password_reset_per_client",
                limits.password_reset_per_client,
                &mut target.password_reset_per_client,
            ),
            (
                "password_reset_per_account",
                limits.password_reset_per_account,
                &mut target.password_reset_per_account,
            ),
            (
                "registration_per_client",
                limits.registration_per_client,
                &mut target.registration_per_client,
            ),
            (
                "registration_per_address",
                limits.registration_per_address,
                &mut target.registration_per_address,
            ),
            (
                "invitation_per_organization",
                limits.invitation_per_organization,
                &mut target.invitation_per_organization,
            ),
            (
                "invitation_per_address",
                limits.invitation_per_address,
                &mut target.invitation_per_address,
            ),
        ] {
            if let Some(limit) = value {
                if limit.max == 0 || limit.window_seconds == 0 || limit.window_seconds > 86_400 {
                    return Err(SettingsError(format!(
                        "rate_limits.{name} needs max of at least 1 and window_seconds from 1 to 86400"
                    )));
                }
                *slot = onramp_server::accounts::rate_limit::RateLimit::new(
                    limit.max,
                    limit.window_seconds,
                );
            }
        }
    }
    if let Some(dir) = &file.calendars_dir {
        server.calendars_dir = Some(dir.clone());
    }
    if let Some(dir) = &file.fhir_package_cache {
        server.fhir_package_cache = dir.clone();
    }
    if let Some(dir) = &file.fhir_package_dir {
        server.fhir_package_dir = Some(dir.clone());
    }
    if let Some(dir) = &file.sandbox_seed_dir {
        server.sandbox_seed_dir = Some(dir.clone());
    }
    if let Some(value) = file.sandbox_message_retention_days {
        if !(1..=3_650).contains(&value) {
            return Err(SettingsError(
                "sandbox_message_retention_days must be between 1 and 3650".to_owned(),
            ));
        }
        server.sandbox_message_retention_days = value;
    }
    if let Some(value) = file.retention_days {
        if !(1..=3_650).contains(&value) {
            return Err(SettingsError(
                "retention_days must be between 1 and 3650".to_owned(),
            ));
        }
        server.retention_days = value;
    }
    if let Some(value) = file.job_workers {
        if value > 64 {
            return Err(SettingsError("job_workers must be at most 64".to_owned()));
        }
        server.job_workers = value;
    }
    if let Some(value) = file.job_poll_interval_ms {
        if !(10..=60_000).contains(&value) {
            return Err(SettingsError(
                "job_poll_interval_ms must be between 10 and 60000".to_owned(),
            ));
        }
        server.job_poll_interval_ms = value;
    }
    if let Some(value) = file.job_lease_seconds {
        if !(1..=3_600).contains(&value) {
            return Err(SettingsError(
                "job_lease_seconds must be between 1 and 3600".to_owned(),
            ));
        }
        server.job_lease_seconds = value;
    }
    if let Some(value) = file.webhook_allow_private_addresses {
        server.webhook_allow_private_addresses = value;
    }
    if let Some(value) = file.webhook_timeout_ms {
        if !(100..=60_000).contains(&value) {
            return Err(SettingsError(
                "webhook_timeout_ms must be between 100 and 60000".to_owned(),
            ));
        }
        server.webhook_timeout_ms = value;
    }
    if let Some(value) = file.max_body_bytes {
        if value < 1024 {
            return Err(SettingsError(
                "max_body_bytes must be at least 1024".to_owned(),
            ));
        }
        server.max_body_bytes = value;
    }

    let file_smtp = file.smtp.unwrap_or_default();
    let smtp_host = serve.smtp_host.clone().or(file_smtp.host);
    server.smtp = match smtp_host {
        None => None,
        Some(host) => {
            let port = match &serve.smtp_port {
                Some(text) => text.parse::<u16>().map_err(|_| {
                    SettingsError(format!(
                        "smtp port (--smtp-port / ONRAMP_SMTP_PORT) is `{text}`; use a port number"
                    ))
                })?,
                None => file_smtp.port.unwrap_or(587),
            };
            let security = match serve
                .smtp_security
                .clone()
                .or(file_smtp.security)
                .as_deref()
                .map(str::to_ascii_lowercase)
                .as_deref()
            {
                None | Some("starttls") => SmtpSecurity::StartTls,
                Some("tls") => SmtpSecurity::Tls,
                Some("none") => SmtpSecurity::None,
                Some(other) => {
                    return Err(SettingsError(format!(
                        "smtp security (--smtp-security / ONRAMP_SMTP_SECURITY) is `{other}`; use starttls, tls or none"
                    )))
                }
            };
            Some(SmtpConfig {
                host,
                port,
                username: serve.smtp_username.clone().or(file_smtp.username),
                password: serve.smtp_password.clone().or(file_smtp.password),
                security,
            })
        }
    };

    let log_format = match (&common.log_format, &file.log_format) {
        (Some(text), _) => parse_log_format(text, "log format (--log-format / ONRAMP_LOG_FORMAT)")?,
        (None, Some(text)) => parse_log_format(text, "log_format")?,
        (None, None) => LogFormat::Human,
    };
    Ok(Settings { server, log_format })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn common(data_dir: &Path) -> CommonArgs {
        CommonArgs {
            config: None,
            data_dir: Some(data_dir.to_path_buf()),
            database_url: None,
            log_format: None,
            audit_key_file: None,
            audit_signing_key_file: None,
        }
    }

    #[test]
    fn defaults_put_sqlite_in_the_data_directory() {
        let dir = tempfile::tempdir().unwrap();
        let settings = resolve(&common(dir.path()), &ServeArgs::default()).unwrap();
        assert_eq!(settings.server.bind.to_string(), "127.0.0.1:8080");
        assert!(settings.server.database_url.starts_with("sqlite://"));
        assert!(settings.server.database_url.contains("onramp.db"));
        assert_eq!(settings.server.public_base_url, "http://127.0.0.1:8080");
        assert_eq!(settings.log_format, LogFormat::Human);
        assert_eq!(
            settings.server.audit_key_file,
            dir.path().join("audit-chain.key")
        );
        assert_eq!(settings.server.audit_checkpoint_minutes, 60);
    }

    #[test]
    fn audit_key_files_layer_file_then_flags() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(
            dir.path().join("onramp.toml"),
            "audit_key_file = \"/etc/onramp/chain.key\"\naudit_signing_key_file = \"/etc/onramp/signing.key\"\naudit_checkpoint_minutes = 0\n",
        )
        .unwrap();
        let settings = resolve(&common(dir.path()), &ServeArgs::default()).unwrap();
        assert_eq!(
            settings.server.audit_key_file,
            PathBuf::from("/etc/onramp/chain.key")
        );
        assert_eq!(settings.server.audit_checkpoint_minutes, 0);
        let mut flags = common(dir.path());
        flags.audit_key_file = Some(PathBuf::from("/run/keys/chain.key"));
        let serve = ServeArgs {
            audit_checkpoint_minutes: Some("15".to_owned()),
            ..ServeArgs::default()
        };
        let settings = resolve(&flags, &serve).unwrap();
        assert_eq!(
            settings.server.audit_key_file,
            PathBuf::from("/run/keys/chain.key")
        );
        assert_eq!(
            settings.server.audit_signing_key_file,
            PathBuf::from("/etc/onramp/signing.key")
        );
        assert_eq!(settings.server.audit_checkpoint_minutes, 15);
    }

    #[test]
    fn the_file_is_read_and_flags_win_over_it() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(
            dir.path().join("onramp.toml"),
            "bind = \"127.0.0.1:9000\"\npublic_base_url = \"https://onramp.example.org/\"\nlog_format = \"json\"\n[smtp]\nhost = \"mail.example.org\"\n",
        )
        .unwrap();
        let serve = ServeArgs {
            bind: Some("127.0.0.1:9100".to_owned()),
            ..ServeArgs::default()
        };
        let settings = resolve(&common(dir.path()), &serve).unwrap();
        assert_eq!(settings.server.bind.to_string(), "127.0.0.1:9100");
        assert_eq!(
            settings.server.public_base_url,
            "https://onramp.example.org"
        );
        assert_eq!(settings.log_format, LogFormat::Json);
        let smtp = settings.server.smtp.unwrap();
        assert_eq!((smtp.host.as_str(), smtp.port), ("mail.example.org", 587));
    }

    #[test]
    fn rate_limits_and_the_uniform_answer_time_come_from_the_file() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(
            dir.path().join("onramp.toml"),
            "uniform_response_ms = 250\n[rate_limits]\nsign_in_per_client = { max = 100, window_seconds = 60 }\n",
        )
        .unwrap();
        let settings = resolve(&common(dir.path()), &ServeArgs::default()).unwrap();
        assert_eq!(settings.server.uniform_response_ms, 250);
        let limits = settings.server.rate_limits;
        assert_eq!(
            limits.sign_in_per_client,
            onramp_server::accounts::rate_limit::RateLimit::new(100, 60)
        );
        assert_eq!(
            limits.registration_per_client,
            onramp_server::accounts::rate_limit::RateLimits::default().registration_per_client,
            "a limit not named keeps its default"
        );
    }

    #[test]
    fn bad_values_name_their_setting() {
        let dir = tempfile::tempdir().unwrap();
        let cases: [(&str, &str); 7] = [
            ("uniform_response_ms = 99999", "uniform_response_ms"),
            (
                "[rate_limits]\nsign_in_per_client = { max = 0, window_seconds = 60 }",
                "rate_limits.sign_in_per_client",
            ),
            ("bind = \"nowhere\"", "bind"),
            (
                "public_base_url = \"onramp.example.org\"",
                "public_base_url",
            ),
            ("log_format = \"xml\"", "log_format"),
            ("sesion_idle_minutes = 5", "sesion_idle_minutes"),
            (
                "tier_descriptions = [\"a\", \"\", \"c\"]",
                "tier_descriptions",
            ),
        ];
        for (text, setting) in cases {
            std::fs::write(dir.path().join("onramp.toml"), text).unwrap();
            let error = resolve(&common(dir.path()), &ServeArgs::default()).unwrap_err();
            assert!(
                error.to_string().contains(setting),
                "{text}: {error} does not name {setting}"
            );
        }
    }
}
