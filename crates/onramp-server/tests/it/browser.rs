//! In a real headless Chromium: sign in, enrol an authenticator app, sign out, sign in again with
//! the second factor. Needs `chromium` and `chromedriver` (Debian packages `chromium`,
//! `chromium-driver`); CI installs them, elsewhere the test is skipped with a notice.

use std::net::SocketAddr;

use fantoccini::Locator;
use onramp_core::Role;

use crate::browser_support::{
    browser, fill, sign_in, start_driver, submit, wait_for, wait_for_path,
};
use crate::second_factor::code_at;
use crate::support::{TestApp, TestBackend};

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
