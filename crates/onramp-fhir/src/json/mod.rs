//! A JSON reader for partner input: every value keeps its line and column, numbers keep the exact
//! text they were written with, and problems (duplicate keys, nesting too deep, invalid UTF-8,
//! truncated input, syntax errors) are reported as [`JsonIssue`]s instead of panics.
//!
//! # Example
//!
//! ```
//! use onramp_fhir::json::{parse, JsonKind};
//!
//! let parsed = parse(br#"{"a": 1.50}"#);
//! let root = parsed.value.unwrap();
//! let (key, value) = root.members().next().unwrap();
//! assert_eq!((key, value.number_text()), ("a", Some("1.50")));
//! assert_eq!((value.pos.line, value.pos.column), (1, 7));
//! ```

mod reader;
mod string;
mod value;

pub use reader::{parse, parse_with, ReaderOptions};
pub use value::{
    JsonIssue, JsonIssueKind, JsonKind, JsonObject, JsonValue, Member, Parsed, Pos, NULL,
};
