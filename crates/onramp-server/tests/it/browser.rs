//! In a real headless Chromium: sign in, enrol an authenticator app, sign out, sign in again with
//! the second factor. Needs `chromium` and `chromedriver` (Debian packages `chromium`,
//! `chromium-driver`); CI installs them, elsewhere the test is skipped with a notice.

use std::net::SocketAddr;
use std::process::Stdio;
use std::time::Duration;

use fantoccini::{Client, ClientBuilder, Locator};
use onramp_core::Role;

use crate::second_factor::code_at;
use crate::support::{TestApp, TestBackend, PASSWORD};

fn find_program(names: &[&str]) -> Option<std::path::PathBuf> {
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path)
        .flat_map(|dir| names.iter().map(move |name| dir.join(name)))
        .find(|candidate| candidate.is_file())
}

/// A chromedriver on a free port, killed on drop.
struct Driver {
    child: tokio::process::Child,
    port: u16,
}

impl Drop for Driver {
    fn drop(&mut self) {
        let _ = self.child.start_kill();
    }
}

async fn start_driver() -> Option<Driver> {
    let Some(chromedriver) = find_program(&["chromedriver"]) else {
        if std::env::var_os("CI").is_some() {
            panic!("chromedriver is not installed; .ci/run installs chromium-driver");
        }
        eprintln!("notice: skipping the browser test: chromedriver is not installed");
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

async fn browser(driver: &Driver, profile: &std::path::Path) -> Client {
    let binary = find_program(&["chromium", "chromium-browser", "google-chrome"])
        .map(|path| path.display().to_string())
        .unwrap_or_else(|| "/usr/bin/chromium".to_owned());
    let capabilities = serde_json::json!({
        "goog:chromeOptions": {
            "binary": binary,
            "args": [
                "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-quic", "--no-first-run", "--disable-background-networking",
                "--disable-component-update", "--disable-sync",
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

/// Waits for the page to show `selector` (navigation after a click is asynchronous).
async fn wait_for(client: &Client, selector: &str) -> fantoccini::elements::Element {
    client
        .wait()
        .at_most(Duration::from_secs(20))
        .for_element(Locator::Css(selector))
        .await
        .unwrap_or_else(|error| panic!("{selector} never appeared: {error}"))
}

/// Waits until the browser is at a URL whose path is `path`.
async fn wait_for_path(client: &Client, path: &str) {
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

async fn fill(client: &Client, selector: &str, text: &str) {
    let element = client.find(Locator::Css(selector)).await.unwrap();
    element.clear().await.unwrap();
    element.send_keys(text).await.unwrap();
}

async fn submit(client: &Client, form_action: &str) {
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

async fn sign_in(client: &Client, base: &str, email: &str) {
    client.goto(&format!("{base}/login")).await.unwrap();
    fill(client, "#email", email).await;
    fill(client, "#password", PASSWORD).await;
    submit(client, "/login").await;
}

fn now() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs()
}

#[tokio::test]
async fn in_a_browser_a_user_enrols_totp_and_signs_in_with_it() {
    let Some(driver) = start_driver().await else {
        return;
    };
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr: SocketAddr = listener.local_addr().unwrap();
    let base = format!("http://{addr}");
    let app = TestApp::with_config(&TestBackend::Sqlite, |config| {
        config.public_base_url = base.clone();
    })
    .await;
    let user = app
        .user(
            "ada@lakeside.test",
            Role::PartnerAdmin,
            Some("Lakeside Health"),
        )
        .await;
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let server = tokio::spawn(onramp_server::serve(app.state.clone(), listener, async {
        let _ = stopped.await;
    }));

    let profile = tempfile::tempdir().unwrap();
    let client = browser(&driver, profile.path()).await;

    sign_in(&client, &base, &user.email).await;
    wait_for_path(&client, "/").await;
    let welcome = wait_for(&client, "main h1").await.text().await.unwrap();
    assert!(welcome.starts_with("Welcome"), "{welcome}");

    client
        .goto(&format!("{base}/account/second-factor"))
        .await
        .unwrap();
    let qr = wait_for(&client, "img.qr").await;
    assert!(qr
        .attr("src")
        .await
        .unwrap()
        .unwrap()
        .starts_with("data:image/svg+xml;base64,"));
    let secret = client
        .find(Locator::Id("totp-secret"))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    fill(&client, "#code", &code_at(&secret, &user.email, now())).await;
    submit(&client, "/account/second-factor").await;
    wait_for(&client, "#recovery-codes").await;
    let codes = client
        .find_all(Locator::Css("#recovery-codes li"))
        .await
        .unwrap();
    assert_eq!(codes.len(), 10, "{}", client.source().await.unwrap());

    submit(&client, "/logout").await;
    let notice = wait_for(&client, "[role=status]")
        .await
        .text()
        .await
        .unwrap();
    assert!(notice.contains("signed out"), "{notice}");

    sign_in(&client, &base, &user.email).await;
    wait_for_path(&client, "/login/second-factor").await;
    fill(&client, "#code", &code_at(&secret, &user.email, now() + 30)).await;
    submit(&client, "/login/second-factor").await;
    wait_for_path(&client, "/").await;
    let welcome = wait_for(&client, "main h1").await.text().await.unwrap();
    assert!(welcome.starts_with("Welcome"), "{welcome}");

    client.close().await.unwrap();
    let _ = stop.send(());
    server.await.unwrap().unwrap();
}
