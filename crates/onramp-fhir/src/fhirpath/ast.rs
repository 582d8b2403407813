//! The FHIRPath syntax tree, as the parser builds it: every node keeps its span in the text.

use super::error::Span;

#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Expr {
    pub kind: ExprKind,
    pub span: Span,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum BinaryOp {
    Multiply,
    Divide,
    Div,
    Mod,
    Add,
    Subtract,
    Concatenate,
    Union,
    LessThan,
    LessOrEqual,
    GreaterThan,
    GreaterOrEqual,
    Equal,
    NotEqual,
    Equivalent,
    NotEquivalent,
    In,
    Contains,
    And,
    Or,
    Xor,
    Implies,
}

impl BinaryOp {
    pub fn symbol(self) -> &'static str {
        match self {
            BinaryOp::Multiply => "*",
            BinaryOp::Divide => "/",
            BinaryOp::Div => "div",
            BinaryOp::Mod => "mod",
            BinaryOp::Add => "+",
            BinaryOp::Subtract => "-",
            BinaryOp::Concatenate => "&",
            BinaryOp::Union => "|",
            BinaryOp::LessThan => "<",
            BinaryOp::LessOrEqual => "<=",
            BinaryOp::GreaterThan => ">",
            BinaryOp::GreaterOrEqual => ">=",
            BinaryOp::Equal => "=",
            BinaryOp::NotEqual => "!=",
            BinaryOp::Equivalent => "~",
            BinaryOp::NotEquivalent => "!~",
            BinaryOp::In => "in",
            BinaryOp::Contains => "contains",
            BinaryOp::And => "and",
            BinaryOp::Or => "or",
            BinaryOp::Xor => "xor",
            BinaryOp::Implies => "implies",
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum TypeOp {
    Is,
    As,
}

#[derive(Clone, Debug, PartialEq)]
pub(crate) enum ExprKind {
    /// `{}`
    Empty,
    Boolean(bool),
    String(String),
    /// A number as written; a `.` makes it a Decimal.
    Number(String),
    Date(String),
    DateTime(String),
    Time(String),
    /// `4 'mg'` or `7 days` (`calendar` when the unit is a calendar keyword).
    Quantity {
        value: String,
        unit: String,
        calendar: bool,
    },
    /// `$this`, `$index`, `$total`
    Special(String),
    /// `%name`
    External(String),
    /// `name` read from the focus (`target` absent) or from `target.name`.
    Member {
        target: Option<Box<Expr>>,
        name: String,
    },
    /// `fn(args)` on the focus or `target.fn(args)`.
    Call {
        target: Option<Box<Expr>>,
        name: String,
        name_span: Span,
        args: Vec<Expr>,
    },
    /// `target[index]`
    Index {
        target: Box<Expr>,
        index: Box<Expr>,
    },
    /// `-x` or `+x`
    Negate {
        operand: Box<Expr>,
        minus: bool,
    },
    Binary {
        op: BinaryOp,
        left: Box<Expr>,
        right: Box<Expr>,
    },
    /// `x is T`, `x as T` with a (possibly qualified) type name.
    Type {
        op: TypeOp,
        operand: Box<Expr>,
        type_name: Vec<String>,
    },
}

impl Expr {
    /// The (possibly qualified) name this expression spells if it is only identifiers joined by
    /// dots, as type arguments such as `ofType(FHIR.Patient)` are.
    pub fn as_qualified_name(&self) -> Option<Vec<String>> {
        match &self.kind {
            ExprKind::Member { target: None, name } => Some(vec![name.clone()]),
            ExprKind::Member {
                target: Some(target),
                name,
            } => {
                let mut names = target.as_qualified_name()?;
                names.push(name.clone());
                Some(names)
            }
            _ => None,
        }
    }
}
