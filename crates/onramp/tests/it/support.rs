//! Running the real `onramp` executable: one-shot commands, and `serve` processes that report the
//! address they listen on; a small cookie-keeping HTTP client for them.

use std::collections::BTreeMap;
use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Child, Command, Output, Stdio};
use std::time::Duration;

pub const PASSWORD: &str = "a long test password";

/// `../shared/fhir` beside the repository (override the folder with `ONRAMP_SHARED_DIR`), or
/// `None` — skip, with a notice — when it is absent outside CI; CI always has it.
pub fn shared_fhir_dir() -> Option<std::path::PathBuf> {
    let shared = match std::env::var_os("ONRAMP_SHARED_DIR") {
        Some(dir) => std::path::PathBuf::from(dir),
        None => std::path::PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../../../shared")),
    };
    let dir = shared.join("fhir");
    if dir.is_dir() {
        return Some(dir);
    }
    assert!(
        std::env::var_os("CI").is_none(),
        "../shared is missing at {} and CI must have it",
        shared.display()
    );
    eprintln!(
        "notice: skipping, ../shared not found at {}",
        shared.display()
    );
    None
}

pub fn onramp() -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_onramp"));
    // The caller's environment must not leak settings into the test.
    for (key, _) in std::env::vars() {
        if key.starts_with("ONRAMP_") && key != "ONRAMP_TEST_POSTGRES_URL" {
            command.env_remove(key);
        }
    }
    command
}

/// Runs `onramp ARGS --data-dir DIR [--database-url URL]`, with `stdin` on standard input.
pub fn run(data_dir: &Path, database_url: Option<&str>, args: &[&str], stdin: &str) -> Output {
    let mut command = onramp();
    command.args(args).arg("--data-dir").arg(data_dir);
    if let Some(url) = database_url {
        command.arg("--database-url").arg(url);
    }
    let mut child = command
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    {
        use std::io::Write;
        let mut input = child.stdin.take().unwrap();
        input.write_all(stdin.as_bytes()).unwrap();
    }
    child.wait_with_output().unwrap()
}

pub fn create_user(data_dir: &Path, database_url: Option<&str>, email: &str, role: &str) {
    let output = run(
        data_dir,
        database_url,
        &[
            "admin",
            "create-user",
            "--email",
            email,
            "--name",
            "Test User",
            "--role",
            role,
            "--password-stdin",
        ],
        &format!("{PASSWORD}\n"),
    );
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
}

/// A fresh PostgreSQL schema, as a database URL, when `ONRAMP_TEST_POSTGRES_URL` is set.
pub async fn postgres_url() -> Option<String> {
    let base_url = onramp_store::testing::postgres_base_url()?;
    Some(
        onramp_store::testing::fresh_postgres_schema(&base_url)
            .await
            .expect("ONRAMP_TEST_POSTGRES_URL must point at a reachable PostgreSQL server"),
    )
}

/// A running `onramp serve`; stopped with SIGTERM on drop.
pub struct Server {
    child: Child,
    pub base: String,
}

impl Server {
    pub fn start(data_dir: &Path, database_url: Option<&str>) -> Server {
        let mut command = onramp();
        command
            .args([
                "serve",
                "--bind",
                "127.0.0.1:0",
                "--log-format",
                "json",
                "--data-dir",
            ])
            .arg(data_dir);
        if let Some(url) = database_url {
            command.arg("--database-url").arg(url);
        }
        Server::spawn(command)
    }

    /// Starts `command` (an `onramp serve`, JSON logs) and waits until it listens.
    fn spawn(mut command: Command) -> Server {
        let mut child = command
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let stderr = child.stderr.take().unwrap();
        let mut lines = BufReader::new(stderr).lines();
        let addr = loop {
            let line = lines
                .next()
                .expect("onramp serve exited before listening")
                .unwrap();
            let Ok(record) = serde_json::from_str::<serde_json::Value>(&line) else {
                continue;
            };
            if record["message"] == "onramp listening" {
                break record["addr"].as_str().unwrap().to_owned();
            }
        };
        // Keep draining the log so the server never blocks on a full pipe.
        std::thread::spawn(move || for _ in lines {});
        Server {
            child,
            base: format!("http://{addr}"),
        }
    }

    /// Kills the process with SIGKILL, as a crash or an OOM killer would: no clean-up runs.
    pub fn kill(mut self) {
        let pid = self.child.id().to_string();
        Command::new("kill").args(["-KILL", &pid]).status().unwrap();
        self.child.wait().unwrap();
    }

    /// Sends SIGTERM and waits; returns whether the process exited successfully.
    pub fn stop(mut self) -> bool {
        let pid = self.child.id().to_string();
        Command::new("kill").args(["-TERM", &pid]).status().unwrap();
        for _ in 0..100 {
            if let Some(status) = self.child.try_wait().unwrap() {
                return status.success();
            }
            std::thread::sleep(Duration::from_millis(100));
        }
        false
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        if matches!(self.child.try_wait(), Ok(Some(_))) {
            return;
        }
        let _ = Command::new("kill")
            .args(["-TERM", &self.child.id().to_string()])
            .status();
        let _ = self.child.wait();
    }
}

/// An HTTP client that keeps cookies and never follows redirects.
pub struct Browser {
    agent: ureq::Agent,
    pub cookies: BTreeMap<String, String>,
}

pub struct Reply {
    pub status: u16,
    pub location: Option<String>,
    pub body: String,
}

impl Reply {
    pub fn input_value(&self, name: &str) -> Option<String> {
        let marker = format!("name=\"{name}\" value=\"");
        let start = self.body.find(&marker)? + marker.len();
        let end = self.body[start..].find('"')? + start;
        Some(self.body[start..end].to_owned())
    }
}

impl Default for Browser {
    fn default() -> Self {
        Browser::new()
    }
}

impl Browser {
    pub fn new() -> Browser {
        let agent = ureq::Agent::config_builder()
            .max_redirects(0)
            .http_status_as_error(false)
            .build()
            .into();
        Browser {
            agent,
            cookies: BTreeMap::new(),
        }
    }

    fn cookie_header(&self) -> String {
        self.cookies
            .iter()
            .map(|(name, value)| format!("{name}={value}"))
            .collect::<Vec<_>>()
            .join("; ")
    }

    fn absorb(&mut self, mut response: ureq::http::Response<ureq::Body>) -> Reply {
        for value in response.headers().get_all("set-cookie") {
            let text = value.to_str().unwrap();
            let pair = text.split(';').next().unwrap();
            let (name, value) = pair.split_once('=').unwrap();
            if value.is_empty() || text.contains("Max-Age=0") {
                self.cookies.remove(name);
            } else {
                self.cookies.insert(name.to_owned(), value.to_owned());
            }
        }
        Reply {
            status: response.status().as_u16(),
            location: response
                .headers()
                .get("location")
                .map(|value| value.to_str().unwrap().to_owned()),
            body: response.body_mut().read_to_string().unwrap_or_default(),
        }
    }

    pub fn get(&mut self, url: &str) -> Reply {
        let response = self
            .agent
            .get(url)
            .header("Cookie", &self.cookie_header())
            .call()
            .unwrap();
        self.absorb(response)
    }

    pub fn post_form(&mut self, url: &str, fields: &[(&str, &str)]) -> Reply {
        let body = serde_urlencoded::to_string(fields).unwrap();
        let response = self
            .agent
            .post(url)
            .header("Cookie", &self.cookie_header())
            .header("Content-Type", "application/x-www-form-urlencoded")
            .send(body)
            .unwrap();
        self.absorb(response)
    }

    /// Signs in through the login form.
    pub fn login(&mut self, base: &str, email: &str) -> Reply {
        let page = self.get(&format!("{base}/login"));
        let token = page.input_value("csrf_token").unwrap();
        self.post_form(
            &format!("{base}/login"),
            &[
                ("csrf_token", &token),
                ("email", email),
                ("password", PASSWORD),
            ],
        )
    }
}

impl Server {
    /// `onramp serve --demo` on `127.0.0.1:PORT`, with `onramp.toml` already in `data_dir`; the
    /// demo writes its sandboxes' URLs, built from the bound address, into
    /// `<data_dir>/demo/sandboxes.json`.
    pub fn start_demo(data_dir: &Path, port: u16) -> Server {
        let mut command = onramp();
        command
            .args(["serve", "--demo", "--log-format", "json", "--bind"])
            .arg(format!("127.0.0.1:{port}"))
            .arg("--data-dir")
            .arg(data_dir);
        Server::spawn(command)
    }
}
