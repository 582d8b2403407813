//! DNS proof of a web domain: Onramp issues a token, the applicant publishes the TXT record
//! `onramp-verification=<token>` on the domain, and [`find_token`] looks it up through the
//! configured resolver (`dns_resolver`: the system's, or one `IP:PORT` name server).

use std::time::Duration;

use hickory_resolver::config::{NameServerConfig, ResolverConfig, ResolverOpts};
use hickory_resolver::name_server::TokioConnectionProvider;
use hickory_resolver::proto::xfer::Protocol;
use hickory_resolver::Resolver;

use crate::config::DnsResolver;

/// The TXT record's prefix.
pub const TXT_PREFIX: &str = "onramp-verification=";

/// What a lookup found.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum DnsOutcome {
    /// A TXT record carries the token.
    Found,
    /// The domain answered, but no record carries the token; `seen` counts verification records.
    Missing { n_verification_records: usize },
    /// The lookup failed (no such domain, timeout, refused).
    Failed(String),
}

/// Looks up `domain`'s TXT records and says whether one is `onramp-verification=<token>`.
pub async fn find_token(resolver_setting: DnsResolver, domain: &str, token: &str) -> DnsOutcome {
    let mut options = ResolverOpts::default();
    options.timeout = Duration::from_secs(3);
    options.attempts = 1;
    options.cache_size = 0;
    let resolver = match resolver_setting {
        DnsResolver::System => match Resolver::builder_tokio() {
            Ok(builder) => builder.with_options(options).build(),
            Err(error) => return DnsOutcome::Failed(format!("system resolver: {error}")),
        },
        DnsResolver::Server(addr) => {
            let mut config = ResolverConfig::new();
            config.add_name_server(NameServerConfig::new(addr, Protocol::Udp));
            Resolver::builder_with_config(config, TokioConnectionProvider::default())
                .with_options(options)
                .build()
        }
    };
    let fqdn = format!("{}.", domain.trim_end_matches('.'));
    match resolver.txt_lookup(fqdn).await {
        Ok(lookup) => {
            let texts: Vec<String> = lookup
                .iter()
                .map(|txt| {
                    txt.txt_data()
                        .iter()
                        .map(|part| String::from_utf8_lossy(part).into_owned())
                        .collect::<String>()
                })
                .collect();
            let expected = format!("{TXT_PREFIX}{token}");
            if texts.iter().any(|text| text.trim() == expected) {
                DnsOutcome::Found
            } else {
                DnsOutcome::Missing {
                    n_verification_records: texts
                        .iter()
                        .filter(|text| text.starts_with(TXT_PREFIX))
                        .count(),
                }
            }
        }
        Err(error) if error.is_no_records_found() => DnsOutcome::Missing {
            n_verification_records: 0,
        },
        Err(error) => DnsOutcome::Failed(error.to_string()),
    }
}
