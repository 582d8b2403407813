//! `UreqTransport` against a one-shot HTTP server on loopback: 4xx answers are responses,
//! redirects are not followed, headers and body come back, a refused connection is an error.

use std::io::{Read, Write};
use std::net::TcpListener;
use std::time::Duration;

use onramp_fhir::testscript::http::UreqTransport;
use onramp_fhir::testscript::{HttpRequest, Transport};

/// Serves one connection with `answer`; returns the base URL and what the client sent.
fn serve_once(answer: &'static str) -> (String, std::thread::JoinHandle<String>) {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    let handle = std::thread::spawn(move || {
        let (mut stream, _) = listener.accept().unwrap();
        stream
            .set_read_timeout(Some(Duration::from_secs(5)))
            .unwrap();
        let mut received = Vec::new();
        let mut buffer = [0u8; 4096];
        while !String::from_utf8_lossy(&received).contains("\r\n\r\n") {
            let n = stream.read(&mut buffer).unwrap();
            if n == 0 {
                break;
            }
            received.extend_from_slice(&buffer[..n]);
        }
        let text = String::from_utf8_lossy(&received).into_owned();
        let length: usize = text
            .lines()
            .find_map(|l| {
                l.to_ascii_lowercase()
                    .strip_prefix("content-length: ")
                    .map(|v| v.trim().parse().unwrap())
            })
            .unwrap_or(0);
        let head = text.find("\r\n\r\n").unwrap() + 4;
        while received.len() < head + length {
            let n = stream.read(&mut buffer).unwrap();
            received.extend_from_slice(&buffer[..n]);
        }
        stream.write_all(answer.as_bytes()).unwrap();
        String::from_utf8_lossy(&received).into_owned()
    });
    (base, handle)
}

fn request(method: &str, url: String, body: Option<&str>) -> HttpRequest {
    HttpRequest {
        method: method.to_string(),
        url,
        headers: vec![("Accept".to_string(), "application/fhir+json".to_string())],
        body: body.map(|b| b.as_bytes().to_vec()),
    }
}

#[test]
fn error_statuses_are_answers_with_headers_and_body() {
    let (base, server) = serve_once(
        "HTTP/1.1 404 Not Found\r\nContent-Type: application/fhir+json\r\nX-Trace: abc\r\nContent-Length: 2\r\n\r\n{}",
    );
    let transport = UreqTransport::default();
    let response = transport
        .send(&request(
            "POST",
            format!("{base}/Patient/$validate"),
            Some("{\"a\":1}"),
        ))
        .unwrap();
    assert_eq!(response.status, 404);
    assert_eq!(response.body, b"{}");
    assert!(response
        .headers
        .iter()
        .any(|(n, v)| n == "x-trace" && v == "abc"));
    let sent = server.join().unwrap();
    assert!(
        sent.starts_with("POST /Patient/$validate HTTP/1.1"),
        "{sent}"
    );
    assert!(sent.ends_with("{\"a\":1}"));
}

#[test]
fn redirects_are_not_followed() {
    let (base, server) = serve_once(
        "HTTP/1.1 302 Found\r\nLocation: http://127.0.0.1:1/elsewhere\r\nContent-Length: 0\r\n\r\n",
    );
    let response = UreqTransport::new(Duration::from_secs(5))
        .send(&request("GET", format!("{base}/metadata"), None))
        .unwrap();
    assert_eq!(response.status, 302);
    server.join().unwrap();
}

#[test]
fn no_server_is_an_error() {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    drop(listener);
    let result = UreqTransport::new(Duration::from_secs(5)).send(&request("GET", base, None));
    assert!(result.is_err());
}
