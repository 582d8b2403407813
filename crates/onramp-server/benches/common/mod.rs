//! What the server's benches share: reading sizes from the environment, the fixed-seed
//! generator, bulk multi-row INSERTs, timing (warm-up, then p50/p99), signing in through the
//! router, and the figures table printed as Markdown. Each bench names it with `mod common;`.
#![allow(dead_code)]

use std::fmt::Write as _;
use std::future::Future;
use std::time::Instant;

use axum::body::Body;
use axum::http::{header, Request, StatusCode};
use onramp_server::state::AppState;
use tower::ServiceExt;

pub fn env_number(name: &str, default: usize) -> usize {
    std::env::var(name)
        .ok()
        .and_then(|text| text.parse().ok())
        .unwrap_or(default)
}

/// SplitMix64: a fixed seed gives the same data on every run and engine.
pub struct Random(pub u64);

impl Random {
    pub fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// In `low..high` (`high > low`).
    pub fn range(&mut self, low: i64, high: i64) -> i64 {
        low + (self.next() % (high - low) as u64) as i64
    }

    /// True with probability `p`.
    pub fn chance(&mut self, p: f64) -> bool {
        (self.next() >> 11) as f64 / (1u64 << 53) as f64 <= p
    }
}

/// A value bound into a generated multi-row INSERT.
pub enum V {
    T(String),
    I(i64),
    OI(Option<i64>),
    OT(Option<String>),
}

/// Rows of one table waiting to be written.
pub struct Table {
    pub name: &'static str,
    pub columns: &'static [&'static str],
    pub rows: Vec<Vec<V>>,
}

impl Table {
    pub fn new(name: &'static str, columns: &'static [&'static str]) -> Table {
        Table {
            name,
            columns,
            rows: Vec::new(),
        }
    }

    /// Writes the rows (a few thousand bound values per statement) and forgets them.
    pub async fn flush(&mut self, state: &AppState) {
        if self.rows.is_empty() {
            return;
        }
        let per_statement = (3_000 / self.columns.len()).max(1);
        let mut tx = state.store.begin().await.unwrap();
        for chunk in self.rows.chunks(per_statement) {
            let mut sql = format!(
                "INSERT INTO {} ({}) VALUES ",
                self.name,
                self.columns.join(", ")
            );
            let mut parameter = 0;
            for (index, _) in chunk.iter().enumerate() {
                sql.push_str(if index == 0 { "(" } else { ", (" });
                for column in 0..self.columns.len() {
                    parameter += 1;
                    let separator = if column == 0 { "" } else { ", " };
                    write!(sql, "{separator}${parameter}").unwrap();
                }
                sql.push(')');
            }
            let mut query = sqlx::query(&sql);
            for row in chunk {
                for value in row {
                    query = match value {
                        V::T(text) => query.bind(text.as_str()),
                        V::I(number) => query.bind(*number),
                        V::OI(number) => query.bind(*number),
                        V::OT(text) => query.bind(text.as_deref()),
                    };
                }
            }
            query.execute(tx.conn()).await.unwrap();
        }
        tx.commit().await.unwrap();
        self.rows.clear();
    }
}

/// p50 and p99 of `times`.
pub fn percentiles(times: &mut [f64]) -> (f64, f64) {
    times.sort_by(f64::total_cmp);
    let at = |fraction: f64| {
        let rank = ((fraction * times.len() as f64).ceil() as usize).max(1);
        times[rank - 1]
    };
    (at(0.50), at(0.99))
}

/// Runs `work` five times to warm up, then `runs` times: (p50, p99) in milliseconds.
pub async fn time_runs<F, Fut>(runs: usize, mut work: F) -> (f64, f64)
where
    F: FnMut() -> Fut,
    Fut: Future<Output = ()>,
{
    let mut times = Vec::with_capacity(runs);
    for round in 0..runs + 5 {
        let started = Instant::now();
        work().await;
        if round >= 5 {
            times.push(started.elapsed().as_secs_f64() * 1000.0);
        }
    }
    percentiles(&mut times)
}

/// The cookies a response sets, as `name=value` pairs.
pub fn cookies_of(response: &axum::response::Response) -> Vec<String> {
    response
        .headers()
        .get_all(header::SET_COOKIE)
        .iter()
        .filter_map(|value| value.to_str().ok())
        .filter_map(|value| value.split(';').next())
        .map(str::to_owned)
        .collect()
}

/// Signs in through the login form; returns the `Cookie` header of the session.
pub async fn session_cookie(state: &AppState, email: &str, password: &str) -> String {
    let router = onramp_server::app(state.clone());
    let form = router
        .clone()
        .oneshot(Request::get("/login").body(Body::empty()).unwrap())
        .await
        .unwrap();
    let mut jar = cookies_of(&form);
    let body = axum::body::to_bytes(form.into_body(), usize::MAX)
        .await
        .unwrap();
    let page = String::from_utf8_lossy(&body);
    let marker = "name=\"csrf_token\" value=\"";
    let start = page.find(marker).unwrap() + marker.len();
    let token = &page[start..start + page[start..].find('"').unwrap()];
    let fields = serde_urlencoded::to_string([
        ("csrf_token", token),
        ("email", email),
        ("password", password),
    ])
    .unwrap();
    let signed_in = router
        .oneshot(
            Request::post("/login")
                .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
                .header(header::COOKIE, jar.join("; "))
                .body(Body::from(fields))
                .unwrap(),
        )
        .await
        .unwrap();
    assert_eq!(signed_in.status(), StatusCode::SEE_OTHER);
    jar.extend(cookies_of(&signed_in));
    jar.join("; ")
}

/// One row of the final table: what, and the figure per engine.
pub type Figures = Vec<(String, Vec<String>)>;

pub fn record(figures: &mut Figures, engine: usize, label: &str, value: String) {
    if let Some((_, values)) = figures.iter_mut().find(|(row, _)| row == label) {
        values.resize(values.len().max(engine + 1), String::new());
        values[engine] = value;
    } else {
        let mut values = vec![String::new(); engine + 1];
        values[engine] = value;
        figures.push((label.to_owned(), values));
    }
}

pub fn ms(p50: f64, p99: f64) -> String {
    format!("{p50:.2} ms / {p99:.2} ms")
}
