//! The JSON reader: positions, exact numbers, and every kind of bad input reported, never a panic.

use onramp_fhir::json::{parse, parse_with, JsonIssueKind, JsonKind, ReaderOptions};

fn kinds(input: &[u8]) -> Vec<JsonIssueKind> {
    parse(input).issues.iter().map(|i| i.kind).collect()
}

#[test]
fn values_carry_their_line_and_column() {
    let parsed = parse(b"{\n  \"a\": [1,\n   \"x\"],\n  \"b\": true\n}");
    let root = parsed.value.unwrap();
    let a = root.get("a").unwrap();
    assert_eq!((a.pos.line, a.pos.column), (2, 8));
    let x = &a.items()[1];
    assert_eq!((x.pos.line, x.pos.column), (3, 4));
    let b = root.get("b").unwrap();
    assert_eq!((b.pos.line, b.pos.column), (4, 8));
}

#[test]
fn columns_count_characters_not_bytes() {
    let root = parse("{\"é\": \"ü\", \"n\": 1}".as_bytes()).value.unwrap();
    assert_eq!(root.get("n").unwrap().pos.column, 17);
}

#[test]
fn numbers_keep_the_text_they_were_written_with() {
    let root = parse(b"[1.50, 1e400, -0, 123456789012345678901234567890]")
        .value
        .unwrap();
    let texts: Vec<&str> = root
        .items()
        .iter()
        .map(|v| v.number_text().unwrap())
        .collect();
    assert_eq!(
        texts,
        ["1.50", "1e400", "-0", "123456789012345678901234567890"]
    );
    assert_eq!(
        root.to_serde()[3].to_string(),
        "123456789012345678901234567890"
    );
}

#[test]
fn escapes_and_surrogate_pairs_are_decoded() {
    let root = parse(br#"["a\n\"b\u00e9\ud83d\ude00"]"#).value.unwrap();
    assert_eq!(root.items()[0].as_str(), Some("a\n\"bé😀"));
}

#[test]
fn a_duplicate_key_is_reported_and_the_first_value_kept() {
    let parsed = parse(br#"{"a": 1, "a": 2}"#);
    assert_eq!(parsed.issues[0].kind, JsonIssueKind::DuplicateKey);
    assert_eq!(
        parsed.value.unwrap().get("a").unwrap().number_text(),
        Some("1")
    );
}

#[test]
fn truncated_input_is_reported() {
    for input in [&b"{\"a\": [1, 2"[..], b"{\"a\"", b"\"abc", b"", b"[1, 2,"] {
        let parsed = parse(input);
        assert!(parsed.value.is_none(), "{input:?}");
        assert_eq!(kinds(input), [JsonIssueKind::Truncated], "{input:?}");
    }
}

#[test]
fn syntax_errors_are_reported_with_their_position() {
    let parsed = parse(b"{\"a\": 1,\n \"b\" 2}");
    assert!(parsed.value.is_none());
    let issue = &parsed.issues[0];
    assert_eq!(issue.kind, JsonIssueKind::Syntax);
    assert_eq!((issue.pos.line, issue.pos.column), (2, 6));
    assert!(issue.message.contains("':'"), "{}", issue.message);
    for input in [
        &b"{,}"[..],
        b"01",
        b"[tru]",
        b"\"\\x\"",
        b"[1] 2",
        b"-x",
        b"1.e",
        b"\"a\x01\"",
    ] {
        assert_eq!(kinds(input), [JsonIssueKind::Syntax], "{input:?}");
    }
}

#[test]
fn deep_nesting_stops_at_the_limit_without_overflowing_the_stack() {
    let deep = "[".repeat(100_000);
    assert_eq!(kinds(deep.as_bytes()), [JsonIssueKind::TooDeep]);
    let options = ReaderOptions {
        max_depth: 3,
        first_line: 1,
    };
    assert!(parse_with(b"[[[1]]]", options).value.is_some());
    assert!(parse_with(b"[[[[1]]]]", options).value.is_none());
}

#[test]
fn invalid_utf8_is_reported_and_read_as_replacement_characters() {
    let parsed = parse(b"{\"a\": \"x\xff\"}");
    assert_eq!(parsed.issues[0].kind, JsonIssueKind::InvalidUtf8);
    assert_eq!(parsed.issues[0].pos.column, 9);
    assert_eq!(
        parsed.value.unwrap().get("a").unwrap().as_str(),
        Some("x\u{FFFD}")
    );
}

#[test]
fn huge_arrays_are_read() {
    let big = format!("[{}1]", "1,".repeat(200_000));
    let root = parse(big.as_bytes()).value.unwrap();
    assert!(matches!(&root.kind, JsonKind::Array(items) if items.len() == 200_001));
}

#[test]
fn the_first_line_can_be_set_for_ndjson() {
    let options = ReaderOptions {
        max_depth: 10,
        first_line: 7,
    };
    let root = parse_with(b"{\"a\": 1}", options).value.unwrap();
    assert_eq!(root.get("a").unwrap().pos.line, 7);
}

#[test]
fn comments_and_comma_mistakes_are_reported_and_read_past() {
    let parsed = parse(b"{\"a\": [1, 2,], // note\n \"b\": 1 \"c\": {\"d\": 1,}}");
    let found: Vec<JsonIssueKind> = parsed.issues.iter().map(|i| i.kind).collect();
    assert_eq!(
        found,
        [
            JsonIssueKind::TrailingComma,
            JsonIssueKind::Comment,
            JsonIssueKind::MissingComma,
            JsonIssueKind::TrailingComma
        ]
    );
    let root = parsed.value.unwrap();
    assert_eq!(root.get("a").unwrap().items().len(), 2);
    assert!(root.get("c").unwrap().get("d").is_some());
}

#[test]
fn values_print_as_json_that_reads_back_the_same() {
    let input =
        "{\"a\": [1.50, 1e400, -0, true, null], \"s\": \"q\\\"\\\\\\n\\t\\u0001é😀\", \"o\": {}}";
    let root = parse(input.as_bytes()).value.unwrap();
    let printed = root.to_string();
    assert_eq!(
        printed,
        "{\"a\":[1.50,1e400,-0,true,null],\"s\":\"q\\\"\\\\\\n\\t\\u0001é😀\",\"o\":{}}"
    );
    let again = parse(printed.as_bytes());
    assert!(again.issues.is_empty(), "{:?}", again.issues);
    assert!(again.value.unwrap().same_content(&root));
}

#[test]
fn content_equality_ignores_positions_and_member_order_but_not_number_text() {
    let left = parse(b"{\"a\": 1, \"b\": [\"x\"]}").value.unwrap();
    let right = parse(b"{\n  \"b\": [\"x\"],\n  \"a\": 1\n}").value.unwrap();
    assert!(left.same_content(&right));
    let other = parse(b"{\"a\": 1.0, \"b\": [\"x\"]}").value.unwrap();
    assert!(!left.same_content(&other));
    let from_serde =
        onramp_fhir::json::JsonValue::from_serde(&serde_json::json!({"b": ["x"], "a": 1}));
    assert!(from_serde.same_content(&left));
}
