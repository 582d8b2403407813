//! The server's settings: a plain struct, built once by the binary (from `onramp.toml`, `ONRAMP_*`
//! variables and flags) or directly by tests.

use std::net::SocketAddr;
use std::path::PathBuf;

/// Everything `onramp serve` needs to know.
#[derive(Clone, Debug)]
pub struct ServerConfig {
    /// Where to listen; default 127.0.0.1:8080.
    pub bind: SocketAddr,
    /// Files Onramp keeps: the SQLite database, development mail (`mail/`).
    pub data_dir: PathBuf,
    /// `sqlite://…` or `postgres://…`; default: `<data_dir>/onramp.db`.
    pub database_url: String,
    /// The URL people reach Onramp at, used in emailed links; default `http://<bind>`.
    pub public_base_url: String,
    /// Outgoing mail; `None` writes `.eml` files under `<data_dir>/mail/`.
    pub smtp: Option<SmtpConfig>,
    /// The From: of every message.
    pub mail_from: String,
    /// Sessions end after this long without a request.
    pub session_idle_minutes: u32,
    /// Sessions end this long after login, however active.
    pub session_absolute_hours: u32,
    /// Requests with larger bodies are refused with 413.
    pub max_body_bytes: usize,
    /// Take the client address from `X-Forwarded-For` (only behind a proxy that sets it).
    pub behind_proxy: bool,
    /// Failed password or second-factor attempts before the account locks.
    pub lockout_threshold: u32,
    /// How long a lock lasts.
    pub lockout_minutes: u32,
    /// Limits on sign-in, second factor, password reset, registration and invitation.
    pub rate_limits: crate::accounts::rate_limit::RateLimits,
    /// Answers that must not reveal whether an address has an account (sign-in, password reset,
    /// registration, invitation) take at least this long, whatever the address.
    pub uniform_response_ms: u32,
    /// Database connections per instance.
    pub max_db_connections: u32,
    /// Where DNS verification looks up TXT records: the system's resolver, or one name server.
    pub dns_resolver: DnsResolver,
    /// Display names of the tiers (public, registered, collaborative), renamable per deployment.
    pub tier_names: [String; 3],
    /// What each tier means to partners (public, registered, collaborative), renamable likewise.
    pub tier_descriptions: [String; 3],
    /// The audit chain key (HMAC-SHA256, hex), never stored in the database; created when absent.
    /// Default `<data_dir>/audit-chain.key`; production keeps it off the database host's backups.
    pub audit_key_file: PathBuf,
    /// The Ed25519 key that signs audit checkpoints (hex); created when absent, with its public
    /// half beside it (`.pub`). Default `<data_dir>/audit-signing.key`.
    pub audit_signing_key_file: PathBuf,
    /// Where `serve` writes signed audit checkpoints. Default `<data_dir>/audit-checkpoints`.
    pub audit_checkpoint_dir: PathBuf,
    /// Minutes between signed audit checkpoints; 0 writes none. Default 60.
    pub audit_checkpoint_minutes: u32,
    /// Job workers per instance (each runs one job at a time); 0 runs no jobs on this instance.
    pub job_workers: usize,
    /// How often an idle worker looks for due jobs.
    pub job_poll_interval_ms: u64,
    /// How long a claimed job is leased; the worker renews it every third of this while the job
    /// runs, and a job whose worker died is run again once it expires.
    pub job_lease_seconds: u64,
    /// Finished jobs, sent mail and settled webhook deliveries are deleted after this many days
    /// (failed and dead jobs, pending deliveries, unsent mail and the audit trail are kept).
    pub retention_days: u32,
    /// A folder of business-day calendars, one file per country named by its ISO 3166-1 code
    /// (`CA.toml`: working days and holidays, docs/tracks.md). Organizations of other countries,
    /// and every organization when there is no folder, work Monday to Friday without holidays.
    pub calendars_dir: Option<PathBuf>,
    /// The FHIR package cache (`NAME#VERSION` folders) sandboxes load their pinned packages
    /// from; by default `$FHIR_PACKAGE_CACHE`, else `~/.fhir/packages`.
    pub fhir_package_cache: PathBuf,
    /// A folder of package archives (`hl7.fhir.r4.core-4.0.1.tgz`) searched after the cache.
    pub fhir_package_dir: Option<PathBuf>,
    /// A folder of transaction Bundles (`*.json`) partners load into their sandbox as the
    /// program's test data (Synthea patients, say); none: only the built-in sample.
    pub sandbox_seed_dir: Option<PathBuf>,
    /// Sandbox messages older than this many days are deleted by the retention job.
    pub sandbox_message_retention_days: u32,
    /// Let webhook subscriptions reach loopback, private and link-local addresses, over plain
    /// `http` too (development and tests). Off: `https` to public addresses only.
    pub webhook_allow_private_addresses: bool,
    /// How long one webhook delivery may take, connecting included.
    pub webhook_timeout_ms: u64,
}

/// The name server DNS verification asks.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DnsResolver {
    /// `/etc/resolv.conf` (or the platform's equivalent).
    System,
    /// One name server, `IP:PORT`, asked over UDP.
    Server(SocketAddr),
}

impl std::str::FromStr for DnsResolver {
    type Err = String;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        match text.trim() {
            "system" => Ok(DnsResolver::System),
            other => other
                .parse::<SocketAddr>()
                .map(DnsResolver::Server)
                .map_err(|_| format!("`{other}` is neither `system` nor an IP:PORT address")),
        }
    }
}

impl ServerConfig {
    /// Defaults for a data directory: SQLite inside it, loopback, development mail.
    pub fn with_data_dir(data_dir: PathBuf) -> ServerConfig {
        let bind = SocketAddr::from(([127, 0, 0, 1], 8080));
        ServerConfig {
            bind,
            database_url: sqlite_url_in(&data_dir),
            audit_key_file: data_dir.join("audit-chain.key"),
            audit_signing_key_file: data_dir.join("audit-signing.key"),
            audit_checkpoint_dir: data_dir.join("audit-checkpoints"),
            audit_checkpoint_minutes: 60,
            data_dir,
            public_base_url: format!("http://{bind}"),
            smtp: None,
            mail_from: "Onramp <onramp@localhost>".to_owned(),
            session_idle_minutes: 30,
            session_absolute_hours: 12,
            max_body_bytes: 1024 * 1024,
            behind_proxy: false,
            lockout_threshold: 5,
            lockout_minutes: 15,
            rate_limits: crate::accounts::rate_limit::RateLimits::default(),
            uniform_response_ms: 400,
            max_db_connections: 10,
            dns_resolver: DnsResolver::System,
            tier_names: [
                "Public".to_owned(),
                "Registered".to_owned(),
                "Collaborative".to_owned(),
            ],
            tier_descriptions: onramp_core::registry::tier::Tier::ALL
                .map(|tier| tier.default_description().to_owned()),
            job_workers: 2,
            job_poll_interval_ms: 1_000,
            job_lease_seconds: 60,
            retention_days: 30,
            calendars_dir: None,
            fhir_package_cache: onramp_fhir::package::PackageCache::from_env()
                .root()
                .to_path_buf(),
            fhir_package_dir: None,
            sandbox_seed_dir: None,
            sandbox_message_retention_days: 90,
            webhook_allow_private_addresses: false,
            webhook_timeout_ms: 10_000,
        }
    }

    /// The configured display name of a tier.
    pub fn tier_name(&self, tier: onramp_core::registry::tier::Tier) -> &str {
        let index = match tier {
            onramp_core::registry::tier::Tier::Public => 0,
            onramp_core::registry::tier::Tier::Registered => 1,
            onramp_core::registry::tier::Tier::Collaborative => 2,
        };
        self.tier_names.get(index).map_or("", String::as_str)
    }

    /// The configured description of a tier.
    pub fn tier_description(&self, tier: onramp_core::registry::tier::Tier) -> &str {
        let index = match tier {
            onramp_core::registry::tier::Tier::Public => 0,
            onramp_core::registry::tier::Tier::Registered => 1,
            onramp_core::registry::tier::Tier::Collaborative => 2,
        };
        self.tier_descriptions.get(index).map_or("", String::as_str)
    }

    /// Whether cookies must be marked `Secure`.
    pub fn https(&self) -> bool {
        self.public_base_url.starts_with("https://")
    }
}

/// The default database: `onramp.db` in the data directory, created when missing.
pub fn sqlite_url_in(data_dir: &std::path::Path) -> String {
    format!("sqlite://{}?mode=rwc", data_dir.join("onramp.db").display())
}

/// An SMTP relay.
#[derive(Clone)]
pub struct SmtpConfig {
    pub host: String,
    pub port: u16,
    pub username: Option<String>,
    pub password: Option<String>,
    /// `starttls` (default), `tls` (implicit, port 465) or `none` (local relays only).
    pub security: SmtpSecurity,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SmtpSecurity {
    StartTls,
    Tls,
    None,
}

impl std::fmt::Debug for SmtpConfig {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SmtpConfig")
            .field("host", &self.host)
            .field("port", &self.port)
            .field("username", &self.username)
            .field("password", &self.password.as_ref().map(|_| "***"))
            .field("security", &self.security)
            .finish()
    }
}
