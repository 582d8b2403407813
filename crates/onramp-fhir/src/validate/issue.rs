//! Findings: severity, IssueType code, a stable message id, the message, the FHIRPath location and
//! the line and column. Rules push them into an [`IssueSink`]; nothing is thrown.

use crate::json::Pos;

/// OperationOutcome.issue.severity.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    Fatal,
    Error,
    Warning,
    Information,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Fatal => "fatal",
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Information => "information",
        }
    }

    /// `fatal` and `error`.
    pub fn is_error(self) -> bool {
        matches!(self, Severity::Fatal | Severity::Error)
    }
}

/// OperationOutcome.issue.code (the IssueType value set), the values the validator uses.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum IssueType {
    Invalid,
    Structure,
    Required,
    Value,
    Invariant,
    CodeInvalid,
    Extension,
    NotFound,
    NotSupported,
    BusinessRule,
    Informational,
    Processing,
    TooLong,
}

impl IssueType {
    pub fn as_str(self) -> &'static str {
        match self {
            IssueType::Invalid => "invalid",
            IssueType::Structure => "structure",
            IssueType::Required => "required",
            IssueType::Value => "value",
            IssueType::Invariant => "invariant",
            IssueType::CodeInvalid => "code-invalid",
            IssueType::Extension => "extension",
            IssueType::NotFound => "not-found",
            IssueType::NotSupported => "not-supported",
            IssueType::BusinessRule => "business-rule",
            IssueType::Informational => "informational",
            IssueType::Processing => "processing",
            IssueType::TooLong => "too-long",
        }
    }
}

/// One finding.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Issue {
    pub severity: Severity,
    pub code: IssueType,
    /// A stable identifier of the rule and message (`structure.unknown_property`); tests and
    /// configuration refer to it, never to the text.
    pub message_id: &'static str,
    /// What was expected and what was found.
    pub message: String,
    /// The FHIRPath location (`Patient.name[0].given[1]`).
    pub expression: String,
    /// Where the value starts in the input.
    pub pos: Pos,
}

/// Where rules put their findings.
#[derive(Debug, Default)]
pub struct IssueSink {
    pub issues: Vec<Issue>,
}

impl IssueSink {
    pub fn push(
        &mut self,
        severity: Severity,
        code: IssueType,
        message_id: &'static str,
        expression: &str,
        pos: Pos,
        message: String,
    ) {
        self.issues.push(Issue {
            severity,
            code,
            message_id,
            message,
            expression: expression.to_string(),
            pos,
        });
    }

    pub fn error(
        &mut self,
        code: IssueType,
        id: &'static str,
        at: &str,
        pos: Pos,
        message: String,
    ) {
        self.push(Severity::Error, code, id, at, pos, message);
    }

    pub fn warning(
        &mut self,
        code: IssueType,
        id: &'static str,
        at: &str,
        pos: Pos,
        message: String,
    ) {
        self.push(Severity::Warning, code, id, at, pos, message);
    }

    pub fn info(&mut self, code: IssueType, id: &'static str, at: &str, pos: Pos, message: String) {
        self.push(Severity::Information, code, id, at, pos, message);
    }

    pub fn error_count(&self) -> usize {
        self.issues
            .iter()
            .filter(|issue| issue.severity.is_error())
            .count()
    }
}
