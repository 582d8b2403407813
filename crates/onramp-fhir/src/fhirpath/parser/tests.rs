//! Parser tests: precedence, literals, and error positions.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use super::parse;
use crate::fhirpath::ast::{BinaryOp, Expr, ExprKind, TypeOp};
use crate::fhirpath::error::FhirPathError;

/// A compact rendering of the tree: `(op left right)`, `name`, `fn(args)`.
fn show(expr: &Expr) -> String {
    match &expr.kind {
        ExprKind::Empty => "{}".to_string(),
        ExprKind::Boolean(value) => value.to_string(),
        ExprKind::String(value) => format!("'{value}'"),
        ExprKind::Number(value) => value.clone(),
        ExprKind::Date(value) | ExprKind::DateTime(value) => format!("@{value}"),
        ExprKind::Time(value) => format!("@T{value}"),
        ExprKind::Quantity { value, unit, .. } => format!("{value}[{unit}]"),
        ExprKind::Special(name) => format!("${name}"),
        ExprKind::External(name) => format!("%{name}"),
        ExprKind::Member { target: None, name } => name.clone(),
        ExprKind::Member {
            target: Some(target),
            name,
        } => format!("{}.{name}", show(target)),
        ExprKind::Call {
            target, name, args, ..
        } => {
            let args: Vec<String> = args.iter().map(show).collect();
            match target {
                Some(target) => format!("{}.{name}({})", show(target), args.join(", ")),
                None => format!("{name}({})", args.join(", ")),
            }
        }
        ExprKind::Index { target, index } => format!("{}[{}]", show(target), show(index)),
        ExprKind::Negate { operand, minus } => {
            format!("({} {})", if *minus { "-" } else { "+" }, show(operand))
        }
        ExprKind::Binary { op, left, right } => {
            format!("({} {} {})", op.symbol(), show(left), show(right))
        }
        ExprKind::Type {
            op,
            operand,
            type_name,
        } => {
            let word = if *op == TypeOp::Is { "is" } else { "as" };
            format!("({word} {} {})", show(operand), type_name.join("."))
        }
    }
}

fn check(text: &str, expected: &str) {
    let expr = parse(text).unwrap_or_else(|error| panic!("{text}: {error}"));
    assert_eq!(show(&expr), expected, "{text}");
}

fn syntax_error(text: &str) -> (usize, usize, String) {
    match parse(text) {
        Err(FhirPathError::Syntax { message, position }) => {
            (position.line, position.column, message)
        }
        other => panic!("{text}: expected a syntax error, got {other:?}"),
    }
}

#[test]
fn operators_bind_by_the_spec_precedence() {
    check("1 + 2 * 3 + 4", "(+ (+ 1 (* 2 3)) 4)");
    check("a and b or c implies d", "(implies (or (and a b) c) d)");
    check("1 > 2 is Boolean", "(> 1 (is 2 Boolean))");
    check("1 | 1 is Integer", "(| 1 (is 1 Integer))");
    check(
        "true and '0215' in ('0215' | '0216')",
        "(and true (in '0215' (| '0215' '0216')))",
    );
    check("a = b implies c != d", "(implies (= a b) (!= c d))");
    check("x xor y", "(xor x y)");
}

#[test]
fn unary_minus_applies_to_the_whole_invocation_chain() {
    check("-1.convertsToInteger()", "(- 1.convertsToInteger())");
    check(
        "-Patient.name.count() = -5",
        "(= (- Patient.name.count()) (- 5))",
    );
    check("(-1).abs()", "(- 1).abs()");
}

#[test]
fn literals_of_every_kind_parse() {
    check(
        "@2015-02-04T14:34:28.123+10:00",
        "@2015-02-04T14:34:28.123+10:00",
    );
    check("@2015T", "@2015T");
    check("@T14:34", "@T14:34");
    check("4.5 'mg'", "4.5[mg]");
    check("7 days", "7[days]");
    check("'a\\'b\\u0065'", "'a'be'");
    check("{}", "{}");
    check("1.587.lowBoundary()", "1.587.lowBoundary()");
}

#[test]
fn paths_indexers_functions_and_variables_parse() {
    check("Patient.name[0].given", "Patient.name[0].given");
    check(
        "name.where($this.use = 'official')",
        "name.where((= $this.use 'official'))",
    );
    check("%`vs-administrative-gender`", "%vs-administrative-gender");
    check("`Patient`.name.`given`", "Patient.name.given");
    check("repeat(contains)", "repeat(contains)");
    check("value.as(FHIR.Quantity)", "value.as(FHIR.Quantity)");
    check("(value as Quantity).unit", "(as value Quantity).unit");
    check("text.div", "text.div");
}

#[test]
fn comments_are_skipped() {
    check("2 + 2 // a comment", "(+ 2 2)");
    check("2 /* inline */ + 2", "(+ 2 2)");
}

#[test]
fn syntax_errors_say_where() {
    let (line, column, message) = syntax_error("2 + 2 /");
    assert_eq!((line, column), (1, 8));
    assert!(message.contains("end of expression"), "{message}");
    let (line, column, _) = syntax_error("name.where(\n  use = )");
    assert_eq!((line, column), (2, 9));
    let (_, column, message) = syntax_error("2 + 2 /* not finished");
    assert_eq!(column, 7);
    assert!(message.contains("*/"), "{message}");
    let (_, column, _) = syntax_error("'unterminated");
    assert_eq!(column, 1);
    assert!(matches!(parse(""), Err(FhirPathError::Syntax { .. })));
    assert!(matches!(parse("a and"), Err(FhirPathError::Syntax { .. })));
    assert!(matches!(parse("a b"), Err(FhirPathError::Syntax { .. })));
    assert!(matches!(parse("and"), Err(FhirPathError::Syntax { .. })));
}

#[test]
fn deep_nesting_is_an_error_not_a_stack_overflow() {
    let text = format!("{}1{}", "(".repeat(5000), ")".repeat(5000));
    let (_, _, message) = syntax_error(&text);
    assert!(message.contains("nested too deeply"), "{message}");
    let unary = format!("{}1", "-".repeat(5000));
    assert!(parse(&unary).is_err());
}

#[test]
fn operator_symbols_round_trip() {
    assert_eq!(BinaryOp::NotEquivalent.symbol(), "!~");
}

#[test]
fn the_deepest_allowed_expressions_compile_and_evaluate_on_a_2_mib_stack() {
    use crate::fhirpath::Engine;
    let depth = super::MAX_DEPTH - 2;
    let shapes = [
        format!("{}1{}", "(".repeat(depth), ")".repeat(depth)),
        format!("{}1", "-".repeat(depth)),
        format!("a{}", ".b".repeat(depth)),
        vec!["1"; depth].join(" + "),
        format!(
            "{}true{}",
            "(true and ".repeat(depth / 2),
            ")".repeat(depth / 2)
        ),
        format!("{}1{}", "select(".repeat(depth / 2), ")".repeat(depth / 2)),
    ];
    let engine = Engine::untyped();
    let input = crate::json::JsonValue::from_serde(&serde_json::json!({"a": {"b": 1}}));
    let handle = std::thread::Builder::new()
        .stack_size(2 << 20)
        .spawn(move || {
            for text in &shapes {
                let expression = engine
                    .compile(text)
                    .unwrap_or_else(|error| panic!("{text}: {error}"));
                engine
                    .evaluate(&expression, &input)
                    .unwrap_or_else(|error| panic!("{text}: {error}"));
            }
        })
        .unwrap();
    handle.join().expect("no stack overflow");
}
