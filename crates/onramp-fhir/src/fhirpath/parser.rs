//! The FHIRPath parser: precedence climbing over the tokens of [`super::lexer`], producing the
//! syntax tree of [`super::ast`]. Errors carry the position of the offending token.

use super::ast::{BinaryOp, Expr, ExprKind, TypeOp};
use super::error::{FhirPathError, Position, Span};
use super::lexer::{tokenize, Token, TokenKind};

/// Expressions nest deeper than this only when someone is trying to exhaust the stack: the syntax
/// tree is walked recursively by the compiler and the evaluator.
pub(crate) const MAX_DEPTH: usize = 100;

const CALENDAR_UNITS: &[&str] = &[
    "year",
    "years",
    "month",
    "months",
    "week",
    "weeks",
    "day",
    "days",
    "hour",
    "hours",
    "minute",
    "minutes",
    "second",
    "seconds",
    "millisecond",
    "milliseconds",
];

pub(crate) fn parse(text: &str) -> Result<Expr, FhirPathError> {
    let tokens = tokenize(text)?;
    let mut parser = Parser {
        text,
        tokens,
        index: 0,
        depth: 0,
    };
    if parser.peek_kind() == &TokenKind::End {
        return Err(parser.error_here("the expression is empty"));
    }
    let expr = parser.expression(0)?;
    if parser.peek_kind() != &TokenKind::End {
        return Err(parser.error_here(&format!("unexpected {}", parser.describe_current())));
    }
    if deeper_than(&expr, MAX_DEPTH) {
        let position = Position::locate(text, expr.span.start);
        return Err(FhirPathError::Syntax {
            message: "the expression is nested too deeply".to_string(),
            position,
        });
    }
    Ok(expr)
}

/// Whether the tree is deeper than `limit` (long paths and operator chains nest to the left).
fn deeper_than(expr: &Expr, limit: usize) -> bool {
    if limit == 0 {
        return true;
    }
    let below = limit - 1;
    match &expr.kind {
        ExprKind::Member { target, .. } => target
            .as_deref()
            .is_some_and(|target| deeper_than(target, below)),
        ExprKind::Call { target, args, .. } => {
            target
                .as_deref()
                .is_some_and(|target| deeper_than(target, below))
                || args.iter().any(|arg| deeper_than(arg, below))
        }
        ExprKind::Index { target, index } => {
            deeper_than(target, below) || deeper_than(index, below)
        }
        ExprKind::Negate { operand, .. } | ExprKind::Type { operand, .. } => {
            deeper_than(operand, below)
        }
        ExprKind::Binary { left, right, .. } => {
            deeper_than(left, below) || deeper_than(right, below)
        }
        _ => false,
    }
}

struct Parser<'t> {
    text: &'t str,
    tokens: Vec<Token>,
    index: usize,
    depth: usize,
}

/// Binding strength of each binary operator (higher binds tighter); `is`/`as` sit at level 8.
fn binary_level(kind: &TokenKind) -> Option<(BinaryOp, u8)> {
    let op = match kind {
        TokenKind::Identifier(word) => match word.as_str() {
            "implies" => (BinaryOp::Implies, 1),
            "or" => (BinaryOp::Or, 2),
            "xor" => (BinaryOp::Xor, 2),
            "and" => (BinaryOp::And, 3),
            "in" => (BinaryOp::In, 4),
            "contains" => (BinaryOp::Contains, 4),
            "div" => (BinaryOp::Div, 10),
            "mod" => (BinaryOp::Mod, 10),
            _ => return None,
        },
        TokenKind::Symbol(symbol) => match *symbol {
            "=" => (BinaryOp::Equal, 5),
            "!=" => (BinaryOp::NotEqual, 5),
            "~" => (BinaryOp::Equivalent, 5),
            "!~" => (BinaryOp::NotEquivalent, 5),
            "<" => (BinaryOp::LessThan, 6),
            "<=" => (BinaryOp::LessOrEqual, 6),
            ">" => (BinaryOp::GreaterThan, 6),
            ">=" => (BinaryOp::GreaterOrEqual, 6),
            "|" => (BinaryOp::Union, 7),
            "+" => (BinaryOp::Add, 9),
            "-" => (BinaryOp::Subtract, 9),
            "&" => (BinaryOp::Concatenate, 9),
            "*" => (BinaryOp::Multiply, 10),
            "/" => (BinaryOp::Divide, 10),
            _ => return None,
        },
        _ => return None,
    };
    Some(op)
}

const TYPE_LEVEL: u8 = 8;

impl Parser<'_> {
    fn peek(&self) -> Option<&Token> {
        self.tokens.get(self.index)
    }

    fn peek_kind(&self) -> &TokenKind {
        self.peek().map_or(&TokenKind::End, |token| &token.kind)
    }

    fn peek_kind_at(&self, ahead: usize) -> &TokenKind {
        self.tokens
            .get(self.index + ahead)
            .map_or(&TokenKind::End, |token| &token.kind)
    }

    fn current_span(&self) -> Span {
        self.peek()
            .map_or(Span::new(self.text.len(), self.text.len()), |token| {
                token.span
            })
    }

    fn advance(&mut self) -> Token {
        let token = self.peek().cloned().unwrap_or(Token {
            kind: TokenKind::End,
            span: self.current_span(),
        });
        if self.index < self.tokens.len() {
            self.index += 1;
        }
        token
    }

    fn error_at(&self, offset: usize, message: &str) -> FhirPathError {
        FhirPathError::Syntax {
            message: message.to_string(),
            position: Position::locate(self.text, offset),
        }
    }

    fn error_here(&self, message: &str) -> FhirPathError {
        self.error_at(self.current_span().start, message)
    }

    fn describe_current(&self) -> String {
        match self.peek_kind() {
            TokenKind::End => "end of expression".to_string(),
            _ => {
                let span = self.current_span();
                format!("'{}'", self.text.get(span.start..span.end).unwrap_or(""))
            }
        }
    }

    fn is_symbol(&self, symbol: &str) -> bool {
        matches!(self.peek_kind(), TokenKind::Symbol(found) if *found == symbol)
    }

    fn expect_symbol(&mut self, symbol: &str) -> Result<Span, FhirPathError> {
        if self.is_symbol(symbol) {
            Ok(self.advance().span)
        } else {
            Err(self.error_here(&format!(
                "expected '{symbol}' but found {}",
                self.describe_current()
            )))
        }
    }

    fn enter(&mut self) -> Result<(), FhirPathError> {
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            return Err(self.error_here("the expression is nested too deeply"));
        }
        Ok(())
    }

    fn expression(&mut self, min_level: u8) -> Result<Expr, FhirPathError> {
        self.enter()?;
        let mut left = self.unary()?;
        loop {
            if let TokenKind::Identifier(word) = self.peek_kind() {
                let op = match word.as_str() {
                    "is" => Some(TypeOp::Is),
                    "as" => Some(TypeOp::As),
                    _ => None,
                };
                if let Some(op) = op {
                    if TYPE_LEVEL < min_level {
                        break;
                    }
                    self.advance();
                    let (type_name, type_span) = self.type_specifier()?;
                    let span = left.span.to(type_span);
                    left = Expr {
                        kind: ExprKind::Type {
                            op,
                            operand: Box::new(left),
                            type_name,
                        },
                        span,
                    };
                    continue;
                }
            }
            let Some((op, level)) = binary_level(self.peek_kind()) else {
                break;
            };
            if level < min_level {
                break;
            }
            self.advance();
            let right = self.expression(level + 1)?;
            let span = left.span.to(right.span);
            left = Expr {
                kind: ExprKind::Binary {
                    op,
                    left: Box::new(left),
                    right: Box::new(right),
                },
                span,
            };
        }
        self.depth -= 1;
        Ok(left)
    }

    fn unary(&mut self) -> Result<Expr, FhirPathError> {
        if self.is_symbol("-") || self.is_symbol("+") {
            let token = self.advance();
            let minus = token.kind == TokenKind::Symbol("-");
            self.enter()?;
            let operand = self.unary()?;
            self.depth -= 1;
            let span = token.span.to(operand.span);
            return Ok(Expr {
                kind: ExprKind::Negate {
                    operand: Box::new(operand),
                    minus,
                },
                span,
            });
        }
        self.postfix()
    }

    fn postfix(&mut self) -> Result<Expr, FhirPathError> {
        let mut expr = self.term()?;
        loop {
            if self.is_symbol(".") {
                self.advance();
                expr = self.invocation(Some(expr))?;
            } else if self.is_symbol("[") {
                self.advance();
                let index = self.expression(0)?;
                let close = self.expect_symbol("]")?;
                let span = expr.span.to(close);
                expr = Expr {
                    kind: ExprKind::Index {
                        target: Box::new(expr),
                        index: Box::new(index),
                    },
                    span,
                };
            } else {
                return Ok(expr);
            }
        }
    }

    /// A member name, a function call, or `$this`-like special after a `.` (or at the start).
    fn invocation(&mut self, target: Option<Expr>) -> Result<Expr, FhirPathError> {
        let token = self.advance();
        let start = target.as_ref().map_or(token.span, |target| target.span);
        let name = match token.kind {
            TokenKind::Identifier(name) | TokenKind::Delimited(name) => name,
            TokenKind::Special(name) if target.is_none() || name == "this" => {
                if target.is_some() {
                    return Err(self.error_at(token.span.start, "$this cannot follow a '.'"));
                }
                return Ok(Expr {
                    kind: ExprKind::Special(name),
                    span: token.span,
                });
            }
            _ => {
                let found = self
                    .text
                    .get(token.span.start..token.span.end)
                    .unwrap_or("");
                let found = if found.is_empty() {
                    "end of expression".to_string()
                } else {
                    format!("'{found}'")
                };
                return Err(self.error_at(
                    token.span.start,
                    &format!("expected a name but found {found}"),
                ));
            }
        };
        if self.is_symbol("(") {
            self.advance();
            let mut args = Vec::new();
            if !self.is_symbol(")") {
                loop {
                    args.push(self.expression(0)?);
                    if self.is_symbol(",") {
                        self.advance();
                    } else {
                        break;
                    }
                }
            }
            let close = self.expect_symbol(")")?;
            let kind = ExprKind::Call {
                target: target.map(Box::new),
                name,
                name_span: token.span,
                args,
            };
            return Ok(Expr {
                kind,
                span: start.to(close),
            });
        }
        Ok(Expr {
            kind: ExprKind::Member {
                target: target.map(Box::new),
                name,
            },
            span: start.to(token.span),
        })
    }

    fn term(&mut self) -> Result<Expr, FhirPathError> {
        let span = self.current_span();
        let kind = match self.peek_kind().clone() {
            TokenKind::Identifier(word) if word == "true" || word == "false" => {
                self.advance();
                ExprKind::Boolean(word == "true")
            }
            TokenKind::Identifier(word)
                if is_reserved(&word)
                    && !matches!(self.peek_kind_at(1), TokenKind::Symbol("(")) =>
            {
                return Err(self.error_here(&format!("unexpected keyword '{word}'")));
            }
            TokenKind::Identifier(_) | TokenKind::Delimited(_) | TokenKind::Special(_) => {
                return self.invocation(None)
            }
            TokenKind::String(value) => {
                self.advance();
                ExprKind::String(value)
            }
            TokenKind::Number(value) => {
                self.advance();
                return Ok(self.maybe_quantity(value, span));
            }
            TokenKind::Date(text) => {
                self.advance();
                ExprKind::Date(text)
            }
            TokenKind::DateTime(text) => {
                self.advance();
                ExprKind::DateTime(text)
            }
            TokenKind::Time(text) => {
                self.advance();
                ExprKind::Time(text)
            }
            TokenKind::External(name) => {
                self.advance();
                ExprKind::External(name)
            }
            TokenKind::Symbol("(") => {
                self.advance();
                let inner = self.expression(0)?;
                let close = self.expect_symbol(")")?;
                return Ok(Expr {
                    kind: inner.kind,
                    span: span.to(close),
                });
            }
            TokenKind::Symbol("{") => {
                self.advance();
                let close = self.expect_symbol("}")?;
                return Ok(Expr {
                    kind: ExprKind::Empty,
                    span: span.to(close),
                });
            }
            _ => return Err(self.error_here(&format!("unexpected {}", self.describe_current()))),
        };
        Ok(Expr { kind, span })
    }

    fn maybe_quantity(&mut self, value: String, span: Span) -> Expr {
        let unit = match self.peek_kind() {
            TokenKind::String(unit) => Some((unit.clone(), false)),
            TokenKind::Identifier(word) if CALENDAR_UNITS.contains(&word.as_str()) => {
                Some((word.clone(), true))
            }
            _ => None,
        };
        match unit {
            Some((unit, calendar)) => {
                let unit_span = self.advance().span;
                Expr {
                    kind: ExprKind::Quantity {
                        value,
                        unit,
                        calendar,
                    },
                    span: span.to(unit_span),
                }
            }
            None => Expr {
                kind: ExprKind::Number(value),
                span,
            },
        }
    }

    fn type_specifier(&mut self) -> Result<(Vec<String>, Span), FhirPathError> {
        let mut names = Vec::new();
        let mut span = self.current_span();
        loop {
            let token = self.advance();
            match token.kind {
                TokenKind::Identifier(name) | TokenKind::Delimited(name) => names.push(name),
                _ => return Err(self.error_at(token.span.start, "expected a type name")),
            }
            span = span.to(token.span);
            if self.is_symbol(".")
                && matches!(
                    self.peek_kind_at(1),
                    TokenKind::Identifier(_) | TokenKind::Delimited(_)
                )
            {
                self.advance();
            } else {
                return Ok((names, span));
            }
        }
    }
}

/// Words that cannot start a term (they are operators). The grammar lets `as`, `is`, `in` and
/// `contains` be identifiers (`repeat(contains)`), so they are not reserved here.
fn is_reserved(word: &str) -> bool {
    matches!(word, "and" | "or" | "xor" | "implies" | "div" | "mod")
}

#[cfg(test)]
mod tests;
