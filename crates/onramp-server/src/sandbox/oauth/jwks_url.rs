//! Client keys published at a URL (a JWKS URL registered instead of the keys themselves): fetched
//! over https with the guarded outbound agent (public addresses only, no redirects, a size limit),
//! checked like an inline JWKS, and kept for a minute so that a burst of token requests fetches
//! once. A `kid` not in the kept copy is fetched again at once (the client rotated its keys).

use std::collections::HashMap;
use std::sync::{Mutex, OnceLock};
use std::time::Duration;

use super::assertion::check_jwks;
use crate::state::AppState;

/// How long a fetched JWKS is used before it is fetched again.
const KEEP_MS: i64 = 60_000;
/// The most a JWKS may weigh.
const MAX_BYTES: u64 = 64 * 1024;

fn kept() -> &'static Mutex<HashMap<String, (i64, String)>> {
    static KEPT: OnceLock<Mutex<HashMap<String, (i64, String)>>> = OnceLock::new();
    KEPT.get_or_init(|| Mutex::new(HashMap::new()))
}

/// Fetches and checks the JWKS at `url` now.
pub async fn fetch(state: &AppState, url: &str) -> Result<String, String> {
    let allow_private = state.config.webhook_allow_private_addresses;
    crate::platform::webhooks::check_url(url, allow_private)
        .map_err(|reason| reason.replace("webhook URL", "JWKS URL"))?;
    let timeout = Duration::from_millis(state.config.webhook_timeout_ms);
    let target = url.to_owned();
    let text = tokio::task::spawn_blocking(move || {
        let agent = crate::platform::webhooks::agent(allow_private);
        let response = agent
            .get(&target)
            .config()
            .timeout_global(Some(timeout))
            .build()
            .call()
            .map_err(|error| format!("the JWKS URL could not be read: {error}"))?;
        let status = response.status().as_u16();
        if status != 200 {
            return Err(format!("the JWKS URL answered {status}"));
        }
        response
            .into_body()
            .with_config()
            .limit(MAX_BYTES)
            .read_to_string()
            .map_err(|error| format!("the JWKS URL's answer cannot be read: {error}"))
    })
    .await
    .map_err(|error| format!("fetching the JWKS: {error}"))??;
    check_jwks(&text)?;
    if let Ok(mut map) = kept().lock() {
        map.insert(url.to_owned(), (state.clock.now_ms(), text.clone()));
    }
    Ok(text)
}

/// The JWKS at `url`: the copy fetched within the last minute holding `kid`, else a new fetch.
pub async fn keys(state: &AppState, url: &str, kid: Option<&str>) -> Result<String, String> {
    let now = state.clock.now_ms();
    let recent = kept().lock().ok().and_then(|map| {
        map.get(url)
            .filter(|(at, text)| {
                now - at < KEEP_MS && kid.is_none_or(|kid| text.contains(&format!("\"{kid}\"")))
            })
            .map(|(_, text)| text.clone())
    });
    match recent {
        Some(text) => Ok(text),
        None => fetch(state, url).await,
    }
}
