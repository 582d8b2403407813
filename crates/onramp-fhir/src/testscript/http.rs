//! [`UreqTransport`]: the blocking [`Transport`] over `ureq` — a timeout (30 s by default), 4xx
//! and 5xx answered as responses (never errors), redirects not followed, every header and the
//! whole body returned. Connection failures and timeouts are `Err` with ureq's message.

use std::time::Duration;

use super::{HttpRequest, HttpResponse, Transport};

/// The largest response body read (64 MiB).
const MAX_BODY_BYTES: u64 = 64 * 1024 * 1024;

/// Sends the engine's requests over HTTP(S).
pub struct UreqTransport {
    agent: ureq::Agent,
    timeout: Duration,
}

impl Default for UreqTransport {
    fn default() -> UreqTransport {
        UreqTransport::new(Duration::from_secs(30))
    }
}

impl UreqTransport {
    /// A transport whose every request must complete within `timeout`.
    pub fn new(timeout: Duration) -> UreqTransport {
        let agent = ureq::Agent::config_builder()
            .timeout_global(Some(timeout))
            .http_status_as_error(false)
            .max_redirects(0)
            .allow_non_standard_methods(true)
            .build()
            .into();
        UreqTransport { agent, timeout }
    }

    /// A transport over the caller's `agent` (its resolver, TLS and redirect settings kept: the
    /// server's guarded agent reaches public addresses only), each request within `timeout` and
    /// any method allowed.
    pub fn with_agent(agent: ureq::Agent, timeout: Duration) -> UreqTransport {
        UreqTransport { agent, timeout }
    }

    fn run<B: ureq::AsSendBody>(
        &self,
        built: ureq::http::Request<B>,
    ) -> Result<ureq::http::Response<ureq::Body>, String> {
        let configured = self
            .agent
            .configure_request(built)
            .timeout_global(Some(self.timeout))
            .allow_non_standard_methods(true)
            .http_status_as_error(false)
            .build();
        self.agent
            .run(configured)
            .map_err(|error| error.to_string())
    }
}

impl Transport for UreqTransport {
    fn send(&self, request: &HttpRequest) -> Result<HttpResponse, String> {
        let mut builder = ureq::http::Request::builder()
            .method(request.method.as_str())
            .uri(request.url.as_str());
        for (name, value) in &request.headers {
            builder = builder.header(name.as_str(), value.as_str());
        }
        let sent = match &request.body {
            Some(body) => builder
                .body(body.clone())
                .map_err(|error| format!("invalid request: {error}"))
                .and_then(|built| self.run(built)),
            None => builder
                .body(())
                .map_err(|error| format!("invalid request: {error}"))
                .and_then(|built| self.run(built)),
        };
        let mut response = sent?;
        let status = response.status().as_u16();
        let headers = response
            .headers()
            .iter()
            .map(|(name, value)| {
                (
                    name.as_str().to_string(),
                    String::from_utf8_lossy(value.as_bytes()).into_owned(),
                )
            })
            .collect();
        let body = response
            .body_mut()
            .with_config()
            .limit(MAX_BODY_BYTES)
            .read_to_vec()
            .map_err(|error| format!("reading the response body failed: {error}"))?;
        Ok(HttpResponse {
            status,
            headers,
            body,
        })
    }
}
