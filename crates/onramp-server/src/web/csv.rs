//! CSV for downloads: every cell quoted, and a leading `=`, `+`, `-` or `@` defused so that a
//! spreadsheet does not read a cell someone typed as a formula; and the download response.

use axum::http::header;
use axum::response::{IntoResponse, Response};

/// One cell, quoted.
pub fn cell(text: &str) -> String {
    let text = if text.starts_with(['=', '+', '-', '@']) {
        format!("'{text}")
    } else {
        text.to_owned()
    };
    format!("\"{}\"", text.replace('"', "\"\""))
}

/// One line of cells, ending in a newline.
pub fn row<S: AsRef<str>>(cells: &[S]) -> String {
    let mut line = cells
        .iter()
        .map(|text| cell(text.as_ref()))
        .collect::<Vec<_>>()
        .join(",");
    line.push('\n');
    line
}

/// A CSV file as a download named `name`.
pub fn download(name: &str, body: String) -> Response {
    (
        [
            (header::CONTENT_TYPE, "text/csv; charset=utf-8".to_owned()),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"{name}\""),
            ),
        ],
        body,
    )
        .into_response()
}

/// A CSV file as a download named `name`, its body sent chunk by chunk as `chunks` yields them;
/// an error midway is already logged by the producer and ends the body early (a truncated
/// download, never a silently shortened one: the connection closes without the final chunk).
pub fn streamed<S>(name: &str, chunks: S) -> Response
where
    S: futures_util::Stream<Item = Result<axum::body::Bytes, onramp_store::StoreError>>
        + Send
        + 'static,
{
    (
        [
            (header::CONTENT_TYPE, "text/csv; charset=utf-8".to_owned()),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"{name}\""),
            ),
        ],
        axum::body::Body::from_stream(chunks),
    )
        .into_response()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cells_are_quoted_and_formulas_defused() {
        assert_eq!(
            row(&["plain", "say \"hi\"", "=SUM(A1)", "a,b"]),
            "\"plain\",\"say \"\"hi\"\"\",\"'=SUM(A1)\",\"a,b\"\n"
        );
    }
}
