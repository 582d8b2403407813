//! Test support for this and other crates' integration tests (feature `testing`): a package
//! registry served on loopback the way packages.fhir.org serves packages.

use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};

/// Serves the `<name>-<version>.tgz` files of `dir` on a loopback port: `GET /<name>` answers the
/// version list (with `dist-tags.latest` and tarball URLs), `GET /<name>/<version>` the archive,
/// anything else 404. Returns the base URL; the server runs until the process ends.
pub fn serve_registry(dir: PathBuf) -> std::io::Result<String> {
    let listener = TcpListener::bind("127.0.0.1:0")?;
    let base = format!("http://{}", listener.local_addr()?);
    let base_for_thread = base.clone();
    std::thread::spawn(move || {
        for stream in listener.incoming().flatten() {
            answer(stream, &dir, &base_for_thread);
        }
    });
    Ok(base)
}

fn answer(mut stream: TcpStream, dir: &Path, base: &str) {
    let mut head = Vec::new();
    let mut byte = [0u8; 1];
    while !head.ends_with(b"\r\n\r\n") && stream.read(&mut byte).is_ok_and(|n| n == 1) {
        head.extend_from_slice(&byte);
    }
    let head = String::from_utf8_lossy(&head);
    let target = head
        .split_whitespace()
        .nth(1)
        .unwrap_or("/")
        .trim_matches('/')
        .to_owned();
    let (status, body) =
        respond(dir, base, &target).unwrap_or(("500 Internal Server Error", Vec::new()));
    let header = format!(
        "HTTP/1.1 {status}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
        body.len()
    );
    let _ = stream
        .write_all(header.as_bytes())
        .and_then(|()| stream.write_all(&body));
}

fn respond(dir: &Path, base: &str, target: &str) -> std::io::Result<(&'static str, Vec<u8>)> {
    let (name, wanted) = match target.split_once('/') {
        Some((name, version)) => (name, Some(version)),
        None => (target, None),
    };
    let mut versions = serde_json::Map::new();
    for file in std::fs::read_dir(dir)? {
        let file_name = file?.file_name().to_string_lossy().into_owned();
        let Some(version) = file_name
            .strip_prefix(&format!("{name}-"))
            .and_then(|rest| rest.strip_suffix(".tgz"))
        else {
            continue;
        };
        if wanted == Some(version) {
            return Ok(("200 OK", std::fs::read(dir.join(&file_name))?));
        }
        let tarball = format!("{base}/{name}/{version}");
        versions.insert(
            version.to_owned(),
            serde_json::json!({"name": name, "version": version, "dist": {"tarball": tarball}}),
        );
    }
    let Some(latest) = versions.keys().max().cloned() else {
        return Ok(("404 Not Found", b"{\"error\":\"not found\"}".to_vec()));
    };
    if wanted.is_some() {
        return Ok(("404 Not Found", b"{\"error\":\"not found\"}".to_vec()));
    }
    let listing =
        serde_json::json!({"name": name, "dist-tags": {"latest": latest}, "versions": versions});
    Ok((
        "200 OK",
        serde_json::to_vec(&listing).map_err(std::io::Error::other)?,
    ))
}
