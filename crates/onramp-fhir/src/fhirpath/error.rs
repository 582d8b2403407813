//! The one error type of the FHIRPath area: syntax errors (with the position in the expression),
//! semantic errors found when an expression is checked against the model, and evaluation errors.

use std::fmt;

/// Where something is in the text of an expression: byte offset, and 1-based line and column
/// (columns count characters, not bytes).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub struct Position {
    pub offset: usize,
    pub line: usize,
    pub column: usize,
}

impl Position {
    /// The position of byte `offset` in `text` (clamped to the end of the text).
    pub fn locate(text: &str, offset: usize) -> Position {
        let offset = offset.min(text.len());
        let mut line = 1;
        let mut column = 1;
        for (index, character) in text.char_indices() {
            if index >= offset {
                break;
            }
            if character == '\n' {
                line += 1;
                column = 1;
            } else {
                column += 1;
            }
        }
        Position {
            offset,
            line,
            column,
        }
    }
}

impl fmt::Display for Position {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(formatter, "line {}, column {}", self.line, self.column)
    }
}

/// A byte range in the expression text.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub struct Span {
    pub start: usize,
    pub end: usize,
}

impl Span {
    pub fn new(start: usize, end: usize) -> Span {
        Span { start, end }
    }

    pub fn to(self, other: Span) -> Span {
        Span {
            start: self.start.min(other.start),
            end: self.end.max(other.end),
        }
    }
}

/// Everything that can go wrong with a FHIRPath expression.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum FhirPathError {
    /// The text is not a FHIRPath expression.
    #[error("syntax error at {position}: {message}")]
    Syntax { message: String, position: Position },
    /// The expression parses but cannot be right: an unknown function, a wrong number of
    /// arguments, an unknown type, or (in strict mode) an element the model does not have.
    #[error("semantic error at {position}: {message}")]
    Semantic { message: String, position: Position },
    /// Evaluating the expression on this input failed (the spec calls these run-time errors).
    #[error("evaluation error at {position}: {message}")]
    Evaluation { message: String, position: Position },
}

impl FhirPathError {
    pub fn message(&self) -> &str {
        match self {
            FhirPathError::Syntax { message, .. }
            | FhirPathError::Semantic { message, .. }
            | FhirPathError::Evaluation { message, .. } => message,
        }
    }

    pub fn position(&self) -> Position {
        match self {
            FhirPathError::Syntax { position, .. }
            | FhirPathError::Semantic { position, .. }
            | FhirPathError::Evaluation { position, .. } => *position,
        }
    }
}

/// An evaluation failure before it knows where it happened in the text; the evaluator attaches
/// the span of the node being evaluated.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct EvalError {
    pub message: String,
    pub span: Option<Span>,
}

impl EvalError {
    pub fn new(message: impl Into<String>) -> EvalError {
        EvalError {
            message: message.into(),
            span: None,
        }
    }

    pub fn at(mut self, span: Span) -> EvalError {
        if self.span.is_none() {
            self.span = Some(span);
        }
        self
    }
}

/// Shorthand for building an evaluation error with `format!` arguments.
macro_rules! eval_error {
    ($($arg:tt)*) => {
        $crate::fhirpath::error::EvalError::new(format!($($arg)*))
    };
}
pub(crate) use eval_error;

pub(crate) type EvalResult<T> = Result<T, EvalError>;
