//! Driving headless Chromium through chromedriver for the browser tests: starting the driver
//! (skipped with a notice where it is missing, except in CI), a browser with a fresh profile, and
//! waiting, filling and submitting helpers that tolerate asynchronous navigation.

use std::process::Stdio;
use std::time::Duration;

use fantoccini::{Client, ClientBuilder, Locator};

use crate::support::PASSWORD;

pub(crate) fn find_program(names: &[&str]) -> Option<std::path::PathBuf> {
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path)
        .flat_map(|dir| names.iter().map(move |name| dir.join(name)))
        .find(|candidate| candidate.is_file())
}

pub(crate) struct Driver {
    child: tokio::process::Child,
    port: u16,
}

impl Drop for Driver {
    fn drop(&mut self) {
        let _ = self.child.start_kill();
    }
}

pub(crate) async fn start_driver() -> Option<Driver> {
    let Some(chromedriver) = find_program(&["chromedriver"]) else {
        if std::env::var_os("CI").is_some() {
            panic!("chromedriver is not installed; .ci/run installs chromium-driver");
        }
        eprintln!("notice: skipping the registry browser test: chromedriver is not installed");
        return None;
    };
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let child = tokio::process::Command::new(chromedriver)
        .arg(format!("--port={port}"))
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .kill_on_drop(true)
        .spawn()
        .unwrap();
    for _ in 0..100 {
        if tokio::net::TcpStream::connect(("127.0.0.1", port))
            .await
            .is_ok()
        {
            return Some(Driver { child, port });
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!("chromedriver did not start");
}

pub(crate) async fn browser(driver: &Driver, profile: &std::path::Path) -> Client {
    let binary = find_program(&["chromium", "chromium-browser", "google-chrome"])
        .map(|path| path.display().to_string())
        .unwrap_or_else(|| "/usr/bin/chromium".to_owned());
    let capabilities = serde_json::json!({
        "goog:chromeOptions": {
            "binary": binary,
            "args": [
                "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--no-first-run", "--disable-background-networking", "--disable-sync",
                format!("--user-data-dir={}", profile.display()),
            ]
        }
    });
    let serde_json::Value::Object(capabilities) = capabilities else {
        unreachable!()
    };
    ClientBuilder::new(hyper_util::client::legacy::connect::HttpConnector::new())
        .capabilities(capabilities)
        .connect(&format!("http://127.0.0.1:{}", driver.port))
        .await
        .unwrap()
}

pub(crate) async fn wait_for(client: &Client, selector: &str) -> fantoccini::elements::Element {
    client
        .wait()
        .at_most(Duration::from_secs(20))
        .for_element(Locator::Css(selector))
        .await
        .unwrap_or_else(|error| panic!("{selector} never appeared: {error}"))
}

pub(crate) async fn wait_for_text(client: &Client, selector: &str, text: &str) {
    for _ in 0..200 {
        if let Ok(element) = client.find(Locator::Css(selector)).await {
            if element.text().await.unwrap_or_default().contains(text) {
                return;
            }
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    panic!(
        "{selector} never said {text:?}: {}",
        client.source().await.unwrap()
    );
}

pub(crate) async fn fill(client: &Client, selector: &str, text: &str) {
    let element = client.find(Locator::Css(selector)).await.unwrap();
    element.clear().await.unwrap();
    element.send_keys(text).await.unwrap();
}

pub(crate) async fn choose(client: &Client, selector: &str, value: &str) {
    client
        .find(Locator::Css(selector))
        .await
        .unwrap()
        .select_by_value(value)
        .await
        .unwrap();
}

pub(crate) async fn submit(client: &Client, form_action: &str) {
    client
        .find(Locator::Css(&format!(
            "form[action='{form_action}'] button[type=submit]"
        )))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
}

/// Fills and submits the login form; the caller waits for wherever sign-in leads.
pub(crate) async fn sign_in(client: &Client, base: &str, email: &str) {
    client.goto(&format!("{base}/login")).await.unwrap();
    fill(client, "#email", email).await;
    fill(client, "#password", PASSWORD).await;
    submit(client, "/login").await;
}

pub(crate) async fn sign_out(client: &Client) {
    submit(client, "/logout").await;
    wait_for_text(client, "[role=status]", "signed out").await;
}

/// Waits until the browser is at a URL whose path is `path`.
pub(crate) async fn wait_for_path(client: &Client, path: &str) {
    for _ in 0..200 {
        if client.current_url().await.unwrap().path() == path {
            return;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    panic!(
        "the browser never reached {path}: {}",
        client.source().await.unwrap()
    );
}
