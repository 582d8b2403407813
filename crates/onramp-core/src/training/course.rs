//! The course document: what a trainer writes to define a course — its modules with hours and
//! credits, its assessment's question bank, the certificate it earns — read from JSON (errors
//! with line and column), checked as a whole (every problem at once, with its path), and compared
//! between versions as a list of sentences.

use std::collections::BTreeSet;
use std::fmt;

use serde::{Deserialize, Serialize};

use super::{JobRole, QuestionKind, Tenths, DEFAULT_ATTEMPT_LIMIT, DEFAULT_CERTIFICATE_DAYS};

/// A course as its author wrote it. Storing one makes a new version; a version is never edited.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CourseDocument {
    /// Names the course across its versions: lowercase letters, digits and `-`, 2–64 characters.
    pub key: String,
    pub title: String,
    /// Markdown: what the course is for and who should take it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub summary: Option<String>,
    /// The job roles the course is meant for (informational; suggests assignments).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub audience: Vec<JobRole>,
    /// Keys of the courses a learner must have completed first.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub prerequisites: Vec<String>,
    pub modules: Vec<Module>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub assessment: Option<Assessment>,
    /// Completing the course (every module, and the assessment passed) earns a certificate.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub certification: Option<Certification>,
}

/// A module: a Markdown body, or external material (`link`) the learner attests to having
/// completed (`attestation`, the sentence they confirm).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Module {
    pub key: String,
    pub title: String,
    pub hours: Tenths,
    pub credits: Tenths,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub markdown: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub link: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub attestation: Option<String>,
}

/// An assessment: a bank of questions, a few drawn for each attempt.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Assessment {
    /// The percentage an attempt must reach, 1–100.
    pub pass_mark: u32,
    /// How many questions an attempt draws; none: all of them.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub questions_per_attempt: Option<u32>,
    /// How many attempts a learner has; none: [`DEFAULT_ATTEMPT_LIMIT`].
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub attempt_limit: Option<u32>,
    /// None: no time limit.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub time_limit_minutes: Option<u32>,
    pub questions: Vec<Question>,
}

impl Assessment {
    /// How many questions an attempt draws: the number given, else the whole bank (never more
    /// than the bank holds).
    pub fn questions_per_attempt(&self) -> u32 {
        let bank = u32::try_from(self.questions.len()).unwrap_or(u32::MAX);
        self.questions_per_attempt.map_or(bank, |n| n.min(bank))
    }

    /// How many attempts a learner has.
    pub fn attempt_limit(&self) -> u32 {
        self.attempt_limit.unwrap_or(DEFAULT_ATTEMPT_LIMIT)
    }

    /// The time an attempt may take, in minutes; none: no limit.
    pub fn time_limit_minutes(&self) -> Option<u32> {
        self.time_limit_minutes
    }

    /// The question with this key.
    pub fn question(&self, key: &str) -> Option<&Question> {
        self.questions.iter().find(|question| question.key == key)
    }
}

/// A question of the bank. Which fields it needs depends on its kind: choices for single and
/// multiple choice, `answer` for true or false, neither for a short answer.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Question {
    pub key: String,
    pub kind: QuestionKind,
    pub prompt: String,
    /// What the question is worth, 1–1000 (default 1).
    #[serde(default = "one", skip_serializing_if = "is_one")]
    pub points: u32,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub choices: Vec<Choice>,
    /// The correct answer of a true-or-false question.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub answer: Option<bool>,
    /// What the trainer looks for when grading (shown to trainers only).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub guidance: Option<String>,
}

impl Question {
    /// The keys of the correct choices.
    pub fn correct_keys(&self) -> BTreeSet<&str> {
        self.choices
            .iter()
            .filter(|choice| choice.correct)
            .map(|choice| choice.key.as_str())
            .collect()
    }
}

/// One choice of a single or multiple choice question.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Choice {
    pub key: String,
    pub text: String,
    #[serde(default, skip_serializing_if = "is_false")]
    pub correct: bool,
}

/// The certificate completing the course earns.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Certification {
    /// What the certificate is called: "Certified Implementation Specialist".
    pub title: String,
    /// How long a certificate is valid, 1–3650 days (default 365).
    #[serde(default = "default_valid_days")]
    pub valid_days: u32,
    /// Credits from other courses that recertify a holder without the assessment, when earned
    /// between the certificate's issue and its expiry; none: only retaking the course does.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub recertification_credits: Option<Tenths>,
}

fn one() -> u32 {
    1
}

fn is_one(value: &u32) -> bool {
    *value == 1
}

fn is_false(value: &bool) -> bool {
    !*value
}

fn default_valid_days() -> u32 {
    DEFAULT_CERTIFICATE_DAYS
}

impl CourseDocument {
    /// The hours of every module.
    pub fn total_hours(&self) -> Tenths {
        self.modules.iter().map(|module| module.hours).sum()
    }

    /// The credits of every module.
    pub fn total_credits(&self) -> Tenths {
        self.modules.iter().map(|module| module.credits).sum()
    }

    /// Whether completing the course earns a certificate.
    pub fn is_certification(&self) -> bool {
        self.certification.is_some()
    }

    /// The module with this key.
    pub fn module(&self, key: &str) -> Option<&Module> {
        self.modules.iter().find(|module| module.key == key)
    }
}

/// One thing wrong with a course document (or with the answers to an attempt): where
/// (`modules[2].credits`; a question key for answers) and what. An empty path is the whole
/// document.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Problem {
    pub path: String,
    pub message: String,
}

impl Problem {
    pub(crate) fn new(path: impl Into<String>, message: impl Into<String>) -> Problem {
        Problem {
            path: path.into(),
            message: message.into(),
        }
    }
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.path.is_empty() {
            f.write_str(&self.message)
        } else {
            write!(f, "{}: {}", self.path, self.message)
        }
    }
}

/// Reads and checks a course document, reporting every problem at once.
///
/// A document that is not JSON, or does not have the document's shape (an unknown field, a
/// string where a number belongs), is one problem whose message gives the line and column. Hours
/// and credits that are not numbers with at most one decimal are the exception: each is reported
/// with its path (`modules[2].credits`), all at once.
pub fn parse(text: &str) -> Result<CourseDocument, Vec<Problem>> {
    let document: CourseDocument = serde_json::from_str(text).map_err(|error| {
        let message = strip_position(&error.to_string()).to_owned();
        let whole = Problem::new(
            "",
            format!(
                "not a course document (line {}, column {}): {message}",
                error.line(),
                error.column(),
            ),
        );
        let mut problems = if error.classify() == serde_json::error::Category::Data {
            tenths_problems(text)
        } else {
            Vec::new()
        };
        if problems.is_empty() || !message.contains(super::TENTHS_EXPECTED) {
            problems.insert(0, whole);
        }
        problems
    })?;
    let problems = check(&document);
    if problems.is_empty() {
        Ok(document)
    } else {
        Err(problems)
    }
}

fn strip_position(message: &str) -> &str {
    message
        .rfind(" at line ")
        .and_then(|at| message.get(..at))
        .unwrap_or(message)
}

/// Every hours or credits number of a document that serde refused, with its path.
fn tenths_problems(text: &str) -> Vec<Problem> {
    let Ok(value) = serde_json::from_str::<serde_json::Value>(text) else {
        return Vec::new();
    };
    let mut problems = Vec::new();
    let mut look = |path: String, number: Option<&serde_json::Value>| {
        if let Some(number) = number {
            if number.as_f64().and_then(Tenths::from_number).is_none() {
                problems.push(Problem::new(
                    path,
                    format!("`{number}` is not {}", super::TENTHS_EXPECTED),
                ));
            }
        }
    };
    if let Some(modules) = value.get("modules").and_then(|m| m.as_array()) {
        for (index, module) in modules.iter().enumerate() {
            look(format!("modules[{index}].hours"), module.get("hours"));
            look(format!("modules[{index}].credits"), module.get("credits"));
        }
    }
    look(
        "certification.recertification_credits".to_owned(),
        value
            .get("certification")
            .and_then(|c| c.get("recertification_credits"))
            .filter(|credits| !credits.is_null()),
    );
    problems
}

/// Every problem of the document as a whole (see docs/training.md for the rules).
pub fn check(document: &CourseDocument) -> Vec<Problem> {
    let mut problems = Vec::new();
    check_course_key(&mut problems, "key", &document.key);
    check_text(&mut problems, "title", &document.title, 200);
    if let Some(summary) = &document.summary {
        check_text(&mut problems, "summary", summary, 20_000);
    }
    let mut audience = BTreeSet::new();
    for (index, role) in document.audience.iter().enumerate() {
        if !audience.insert(role) {
            problems.push(Problem::new(
                format!("audience[{index}]"),
                format!("`{role}` is given twice"),
            ));
        }
    }
    let mut prerequisites = BTreeSet::new();
    for (index, prerequisite) in document.prerequisites.iter().enumerate() {
        let path = format!("prerequisites[{index}]");
        check_course_key(&mut problems, &path, prerequisite);
        if *prerequisite == document.key {
            problems.push(Problem::new(
                &path,
                "a course cannot be its own prerequisite",
            ));
        } else if !prerequisites.insert(prerequisite.as_str()) {
            problems.push(Problem::new(
                &path,
                format!("`{prerequisite}` is given twice"),
            ));
        }
    }
    check_modules(&mut problems, &document.modules);
    if let Some(assessment) = &document.assessment {
        check_assessment(&mut problems, assessment);
    }
    if let Some(certification) = &document.certification {
        check_text(
            &mut problems,
            "certification.title",
            &certification.title,
            200,
        );
        if !(1..=3650).contains(&certification.valid_days) {
            problems.push(Problem::new(
                "certification.valid_days",
                "between 1 and 3650 days",
            ));
        }
        if certification.recertification_credits == Some(Tenths::ZERO) {
            problems.push(Problem::new(
                "certification.recertification_credits",
                "more than 0 (leave it out if only retaking the course recertifies)",
            ));
        }
    }
    problems
}

fn check_modules(problems: &mut Vec<Problem>, modules: &[Module]) {
    if modules.is_empty() {
        problems.push(Problem::new(
            "modules",
            "a course needs at least one module",
        ));
    }
    let mut keys = BTreeSet::new();
    for (index, module) in modules.iter().enumerate() {
        let path = format!("modules[{index}]");
        check_item_key(problems, &format!("{path}.key"), &module.key);
        if !keys.insert(module.key.as_str()) {
            problems.push(Problem::new(
                format!("{path}.key"),
                format!("`{}` is given twice", module.key),
            ));
        }
        check_text(problems, &format!("{path}.title"), &module.title, 200);
        match (&module.markdown, &module.link, &module.attestation) {
            (Some(markdown), None, None) => {
                check_text(problems, &format!("{path}.markdown"), markdown, 200_000);
            }
            (None, Some(_), Some(attestation)) => {
                check_text(problems, &format!("{path}.attestation"), attestation, 1000);
            }
            _ => problems.push(Problem::new(
                &path,
                "give either `markdown` (the body) or `link` and `attestation` (external material)",
            )),
        }
        if let Some(link) = &module.link {
            if !(link.starts_with("https://") || link.starts_with("http://")) {
                problems.push(Problem::new(
                    format!("{path}.link"),
                    "an http(s) URL of the material",
                ));
            }
        }
    }
}

fn check_assessment(problems: &mut Vec<Problem>, assessment: &Assessment) {
    if !(1..=100).contains(&assessment.pass_mark) {
        problems.push(Problem::new(
            "assessment.pass_mark",
            "a percentage from 1 to 100",
        ));
    }
    let bank = assessment.questions.len();
    if let Some(count) = assessment.questions_per_attempt {
        if count == 0 || usize::try_from(count).map_or(true, |count| count > bank) {
            problems.push(Problem::new(
                "assessment.questions_per_attempt",
                format!("between 1 and the number of questions ({bank})"),
            ));
        }
    }
    if assessment.attempt_limit == Some(0) {
        problems.push(Problem::new("assessment.attempt_limit", "at least 1"));
    }
    if assessment.time_limit_minutes == Some(0) {
        problems.push(Problem::new(
            "assessment.time_limit_minutes",
            "at least 1 minute (leave it out for no limit)",
        ));
    }
    if assessment.questions.is_empty() {
        problems.push(Problem::new(
            "assessment.questions",
            "an assessment needs at least one question",
        ));
    }
    let mut keys = BTreeSet::new();
    for (index, question) in assessment.questions.iter().enumerate() {
        let path = format!("assessment.questions[{index}]");
        check_item_key(problems, &format!("{path}.key"), &question.key);
        if !keys.insert(question.key.as_str()) {
            problems.push(Problem::new(
                format!("{path}.key"),
                format!("`{}` is given twice", question.key),
            ));
        }
        check_question(problems, &path, question);
    }
}

fn check_question(problems: &mut Vec<Problem>, path: &str, question: &Question) {
    check_text(problems, &format!("{path}.prompt"), &question.prompt, 5000);
    if !(1..=1000).contains(&question.points) {
        problems.push(Problem::new(format!("{path}.points"), "between 1 and 1000"));
    }
    if let Some(guidance) = &question.guidance {
        check_text(problems, &format!("{path}.guidance"), guidance, 5000);
    }
    let n_correct = question.choices.iter().filter(|c| c.correct).count();
    match question.kind {
        QuestionKind::SingleChoice | QuestionKind::MultipleChoice => {
            if question.choices.len() < 2 {
                problems.push(Problem::new(
                    format!("{path}.choices"),
                    format!(
                        "a {} question needs at least two choices",
                        if question.kind == QuestionKind::SingleChoice {
                            "single choice"
                        } else {
                            "multiple choice"
                        }
                    ),
                ));
            }
            if question.kind == QuestionKind::SingleChoice && n_correct != 1 {
                problems.push(Problem::new(
                    format!("{path}.choices"),
                    format!(
                        "a single choice question has exactly one correct choice, not {n_correct}"
                    ),
                ));
            }
            if question.kind == QuestionKind::MultipleChoice && n_correct == 0 {
                problems.push(Problem::new(
                    format!("{path}.choices"),
                    "a multiple choice question has at least one correct choice",
                ));
            }
            if question.answer.is_some() {
                problems.push(Problem::new(
                    format!("{path}.answer"),
                    "only a true or false question has `answer`; mark the correct choices instead",
                ));
            }
        }
        QuestionKind::TrueFalse => {
            if question.answer.is_none() {
                problems.push(Problem::new(
                    format!("{path}.answer"),
                    "a true or false question needs `answer` (true or false)",
                ));
            }
            if !question.choices.is_empty() {
                problems.push(Problem::new(
                    format!("{path}.choices"),
                    "a true or false question has no choices",
                ));
            }
        }
        QuestionKind::ShortAnswer => {
            if !question.choices.is_empty() {
                problems.push(Problem::new(
                    format!("{path}.choices"),
                    "a short answer question has no choices",
                ));
            }
            if question.answer.is_some() {
                problems.push(Problem::new(
                    format!("{path}.answer"),
                    "a short answer question has no `answer`; a trainer grades it",
                ));
            }
        }
    }
    let mut choice_keys = BTreeSet::new();
    for (index, choice) in question.choices.iter().enumerate() {
        let choice_path = format!("{path}.choices[{index}]");
        check_item_key(problems, &format!("{choice_path}.key"), &choice.key);
        if !choice_keys.insert(choice.key.as_str()) {
            problems.push(Problem::new(
                format!("{choice_path}.key"),
                format!("`{}` is given twice", choice.key),
            ));
        }
        check_text(problems, &format!("{choice_path}.text"), &choice.text, 1000);
    }
}

/// A course key: lowercase letters, digits and `-`, 2–64 characters.
pub fn is_course_key(key: &str) -> bool {
    (2..=64).contains(&key.len())
        && key
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
}

fn check_course_key(problems: &mut Vec<Problem>, path: &str, key: &str) {
    if !is_course_key(key) {
        problems.push(Problem::new(
            path,
            format!("`{key}` is not a course key: 2 to 64 lowercase letters, digits or `-`"),
        ));
    }
}

/// Module, question and choice keys: lowercase letters, digits, `-` and `_`, 1–64 characters
/// (a choice is often just `a`).
fn check_item_key(problems: &mut Vec<Problem>, path: &str, key: &str) {
    let valid = (1..=64).contains(&key.len())
        && key
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-' || c == '_');
    if !valid {
        problems.push(Problem::new(
            path,
            format!("`{key}` is not a key: 1 to 64 lowercase letters, digits, `-` or `_`"),
        ));
    }
}

fn check_text(problems: &mut Vec<Problem>, path: &str, text: &str, max: usize) {
    if text.trim().is_empty() {
        problems.push(Problem::new(path, "must not be empty"));
    } else if text.chars().count() > max {
        problems.push(Problem::new(path, format!("at most {max} characters")));
    }
}

/// What changed from `old` to `new`, as sentences: the title, summary, audience and
/// prerequisites; modules and questions added, removed or changed (a changed module names what
/// changed); the assessment's settings; the certificate's.
pub fn diff(old: &CourseDocument, new: &CourseDocument) -> Vec<String> {
    let mut changes = Vec::new();
    if old.title != new.title {
        changes.push(format!(
            "Title changed from “{}” to “{}”.",
            old.title, new.title
        ));
    }
    if old.summary != new.summary {
        changes.push("Summary changed.".to_owned());
    }
    if old.audience != new.audience {
        changes.push(format!(
            "Audience changed from {} to {}.",
            roles(&old.audience),
            roles(&new.audience)
        ));
    }
    for added in new
        .prerequisites
        .iter()
        .filter(|p| !old.prerequisites.contains(p))
    {
        changes.push(format!("Prerequisite {added} added."));
    }
    for removed in old
        .prerequisites
        .iter()
        .filter(|p| !new.prerequisites.contains(p))
    {
        changes.push(format!("Prerequisite {removed} removed."));
    }
    for module in &new.modules {
        match old.module(&module.key) {
            None => changes.push(format!("Module {} added.", module.key)),
            Some(before) => {
                let mut what = Vec::new();
                if before.title != module.title {
                    what.push(format!("title “{}” → “{}”", before.title, module.title));
                }
                if before.hours != module.hours {
                    what.push(format!("hours {} → {}", before.hours, module.hours));
                }
                if before.credits != module.credits {
                    what.push(format!("credits {} → {}", before.credits, module.credits));
                }
                if before.markdown != module.markdown
                    || before.link != module.link
                    || before.attestation != module.attestation
                {
                    what.push("content".to_owned());
                }
                if !what.is_empty() {
                    changes.push(format!(
                        "Module {} changed: {}.",
                        module.key,
                        what.join("; ")
                    ));
                }
            }
        }
    }
    for module in &old.modules {
        if new.module(&module.key).is_none() {
            changes.push(format!("Module {} removed.", module.key));
        }
    }
    let order = |document: &CourseDocument| -> Vec<String> {
        document.modules.iter().map(|m| m.key.clone()).collect()
    };
    let (old_order, new_order) = (order(old), order(new));
    let kept_old: Vec<&String> = old_order.iter().filter(|k| new_order.contains(k)).collect();
    let kept_new: Vec<&String> = new_order.iter().filter(|k| old_order.contains(k)).collect();
    if kept_old != kept_new {
        changes.push("Modules reordered.".to_owned());
    }
    match (&old.assessment, &new.assessment) {
        (None, Some(_)) => changes.push("Assessment added.".to_owned()),
        (Some(_), None) => changes.push("Assessment removed.".to_owned()),
        (Some(before), Some(after)) => diff_assessment(&mut changes, before, after),
        (None, None) => {}
    }
    match (&old.certification, &new.certification) {
        (None, Some(_)) => changes.push("Certification added.".to_owned()),
        (Some(_), None) => changes.push("Certification removed.".to_owned()),
        (Some(before), Some(after)) => {
            if before.title != after.title {
                changes.push(format!(
                    "Certificate title changed from “{}” to “{}”.",
                    before.title, after.title
                ));
            }
            if before.valid_days != after.valid_days {
                changes.push(format!(
                    "Certificates valid for {} days instead of {}.",
                    after.valid_days, before.valid_days
                ));
            }
            if before.recertification_credits != after.recertification_credits {
                changes.push(format!(
                    "Recertification credits changed from {} to {}.",
                    credits(before.recertification_credits),
                    credits(after.recertification_credits)
                ));
            }
        }
        (None, None) => {}
    }
    changes
}

fn diff_assessment(changes: &mut Vec<String>, old: &Assessment, new: &Assessment) {
    if old.pass_mark != new.pass_mark {
        changes.push(format!(
            "Pass mark changed from {} % to {} %.",
            old.pass_mark, new.pass_mark
        ));
    }
    if old.questions_per_attempt() != new.questions_per_attempt() {
        changes.push(format!(
            "Questions per attempt changed from {} to {}.",
            old.questions_per_attempt(),
            new.questions_per_attempt()
        ));
    }
    if old.attempt_limit() != new.attempt_limit() {
        changes.push(format!(
            "Attempt limit changed from {} to {}.",
            old.attempt_limit(),
            new.attempt_limit()
        ));
    }
    if old.time_limit_minutes != new.time_limit_minutes {
        let limit = |minutes: Option<u32>| {
            minutes.map_or_else(|| "none".to_owned(), |m| format!("{m} minutes"))
        };
        changes.push(format!(
            "Time limit changed from {} to {}.",
            limit(old.time_limit_minutes),
            limit(new.time_limit_minutes)
        ));
    }
    for question in &new.questions {
        match old.question(&question.key) {
            None => changes.push(format!("Question {} added.", question.key)),
            Some(before) if before != question => {
                changes.push(format!("Question {} changed.", question.key));
            }
            Some(_) => {}
        }
    }
    for question in &old.questions {
        if new.question(&question.key).is_none() {
            changes.push(format!("Question {} removed.", question.key));
        }
    }
}

fn roles(roles: &[JobRole]) -> String {
    if roles.is_empty() {
        "none".to_owned()
    } else {
        roles
            .iter()
            .map(|role| role.label())
            .collect::<Vec<_>>()
            .join(", ")
    }
}

fn credits(credits: Option<Tenths>) -> String {
    credits.map_or_else(|| "none".to_owned(), |credits| credits.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The example of docs/training.md, with the prompts filled in.
    const COURSE: &str = r#"{
      "key": "implementation-specialist",
      "title": "Implementation Specialist certification",
      "summary": "Markdown: what the course is for and who should take it.",
      "audience": ["implementation_specialist", "it_staff"],
      "prerequisites": ["fhir-fundamentals"],
      "modules": [
        { "key": "fhir-basics", "title": "FHIR resources and REST", "hours": 2, "credits": 1.5,
          "markdown": "Resources\n\nBody in Markdown." },
        { "key": "ig-walkthrough", "title": "The implementation guide, page by page",
          "hours": 1.5, "credits": 1.5, "link": "https://example.org/ig/",
          "attestation": "I have read every page of the implementation guide." }
      ],
      "assessment": {
        "pass_mark": 80, "questions_per_attempt": 3, "attempt_limit": 3, "time_limit_minutes": 30,
        "questions": [
          { "key": "q-rest-create", "kind": "single_choice", "prompt": "Which HTTP verb creates a resource?",
            "points": 1,
            "choices": [ { "key": "a", "text": "POST", "correct": true }, { "key": "b", "text": "GET" } ] },
          { "key": "q-must-support", "kind": "multiple_choice", "prompt": "Which are true?", "points": 2,
            "choices": [ { "key": "a", "text": "One", "correct": true }, { "key": "b", "text": "Two", "correct": true },
                         { "key": "c", "text": "Three" } ] },
          { "key": "q-tf-id", "kind": "true_false", "prompt": "A server may change the id a client sent in a create.", "answer": true },
          { "key": "q-short-oauth", "kind": "short_answer", "prompt": "Explain SMART on FHIR.", "points": 3,
            "guidance": "What the trainer looks for when grading." }
        ]
      },
      "certification": {
        "title": "Certified Implementation Specialist",
        "valid_days": 730,
        "recertification_credits": 12
      }
    }"#;

    fn course() -> Result<CourseDocument, Vec<Problem>> {
        parse(COURSE)
    }

    fn problems_of(text: &str) -> Vec<Problem> {
        parse(text).err().unwrap_or_default()
    }

    fn paths(problems: &[Problem]) -> Vec<&str> {
        problems.iter().map(|p| p.path.as_str()).collect()
    }

    #[test]
    fn the_documented_example_is_read_with_its_defaults() -> Result<(), Vec<Problem>> {
        let course = course()?;
        assert_eq!(course.key, "implementation-specialist");
        assert_eq!(
            course.audience,
            [JobRole::ImplementationSpecialist, JobRole::ItStaff]
        );
        assert_eq!(course.total_hours(), Tenths(35));
        assert_eq!(course.total_credits(), Tenths(30));
        assert!(course.is_certification());
        let assessment = course.assessment.as_ref().ok_or_else(Vec::new)?;
        assert_eq!(assessment.questions_per_attempt(), 3);
        assert_eq!(assessment.attempt_limit(), 3);
        assert_eq!(assessment.time_limit_minutes(), Some(30));
        let true_false = assessment.question("q-tf-id").ok_or_else(Vec::new)?;
        assert_eq!((true_false.points, true_false.answer), (1, Some(true)));
        let certification = course.certification.as_ref().ok_or_else(Vec::new)?;
        assert_eq!(certification.valid_days, 730);
        assert_eq!(certification.recertification_credits, Some(Tenths(120)));
        Ok(())
    }

    #[test]
    fn defaults_apply_when_left_out_and_the_document_round_trips() -> Result<(), Vec<Problem>> {
        let basics = parse(
            r#"{"key": "basics", "title": "Basics",
                "modules": [{"key": "m", "title": "M", "hours": 0, "credits": 0, "markdown": "x"}],
                "assessment": {"pass_mark": 50, "questions": [
                    {"key": "q", "kind": "true_false", "prompt": "?", "answer": false}]},
                "certification": {"title": "Basic"}}"#,
        )?;
        let assessment = basics.assessment.as_ref().ok_or_else(Vec::new)?;
        assert_eq!(assessment.questions_per_attempt(), 1);
        assert_eq!(assessment.attempt_limit(), DEFAULT_ATTEMPT_LIMIT);
        assert_eq!(assessment.time_limit_minutes(), None);
        assert_eq!(
            basics.certification.as_ref().map(|c| c.valid_days),
            Some(DEFAULT_CERTIFICATE_DAYS)
        );
        let full = course()?;
        let written = serde_json::to_string(&full).map_err(|_| Vec::new())?;
        assert_eq!(parse(&written)?, full);
        Ok(())
    }

    #[test]
    fn every_problem_is_reported_with_its_path() {
        let text = r#"{"key": "Bad Key", "title": " ", "audience": ["nurse", "nurse"],
          "prerequisites": ["bad key", "x-course"],
          "modules": [
            {"key": "m", "title": "M", "hours": 1, "credits": 1, "markdown": "x", "link": "https://x"},
            {"key": "m", "title": "", "hours": 1, "credits": 1, "link": "ftp://x", "attestation": "I did"},
            {"key": "M!", "title": "M", "hours": 1, "credits": 1, "link": "https://x"}
          ],
          "assessment": {"pass_mark": 0, "questions_per_attempt": 9, "attempt_limit": 0,
            "time_limit_minutes": 0, "questions": [
              {"key": "s", "kind": "single_choice", "prompt": "?", "points": 0,
               "choices": [{"key": "a", "text": "A", "correct": true}, {"key": "a", "text": "B", "correct": true}]},
              {"key": "s", "kind": "multiple_choice", "prompt": "?", "choices": [{"key": "a", "text": "A"}], "answer": true},
              {"key": "t", "kind": "true_false", "prompt": "?", "choices": [{"key": "a", "text": "A"}]},
              {"key": "u", "kind": "short_answer", "prompt": "", "answer": false, "choices": [{"key": "a", "text": ""}]}
          ]},
          "certification": {"title": "", "valid_days": 0, "recertification_credits": 0}}"#;
        let problems = problems_of(text);
        let paths = paths(&problems);
        for expected in [
            "key",
            "title",
            "audience[1]",
            "prerequisites[0]",
            "modules[0]",
            "modules[1].key",
            "modules[1].title",
            "modules[1].link",
            "modules[2].key",
            "modules[2]",
            "assessment.pass_mark",
            "assessment.questions_per_attempt",
            "assessment.attempt_limit",
            "assessment.time_limit_minutes",
            "assessment.questions[0].points",
            "assessment.questions[0].choices",
            "assessment.questions[0].choices[1].key",
            "assessment.questions[1].key",
            "assessment.questions[1].choices",
            "assessment.questions[1].answer",
            "assessment.questions[2].answer",
            "assessment.questions[2].choices",
            "assessment.questions[3].prompt",
            "assessment.questions[3].answer",
            "assessment.questions[3].choices",
            "assessment.questions[3].choices[0].text",
            "certification.title",
            "certification.valid_days",
            "certification.recertification_credits",
        ] {
            assert!(
                paths.contains(&expected),
                "{expected} missing from {paths:?}"
            );
        }
        // A single choice question with two correct choices says how many it has.
        assert!(problems
            .iter()
            .any(|p| p.path == "assessment.questions[0].choices" && p.message.contains("not 2")));
    }

    #[test]
    fn a_course_needs_a_module_and_an_assessment_a_question_and_may_not_require_itself() {
        let problems = problems_of(
            r#"{"key": "solo", "title": "Solo", "prerequisites": ["solo"], "modules": [],
                "assessment": {"pass_mark": 80, "questions": []}}"#,
        );
        assert_eq!(
            paths(&problems),
            ["prerequisites[0]", "modules", "assessment.questions"],
            "{problems:?}"
        );
        assert_eq!(
            problems.first().map(ToString::to_string).as_deref(),
            Some("prerequisites[0]: a course cannot be its own prerequisite")
        );
    }

    #[test]
    fn a_course_key_is_two_to_sixty_four_lowercase_characters() {
        assert!(is_course_key("fhir-basics"));
        assert!(is_course_key("a1"));
        assert!(!is_course_key("a"));
        assert!(!is_course_key("fhir_basics"));
        assert!(!is_course_key(&"a".repeat(65)));
    }

    #[test]
    fn hours_and_credits_with_two_decimals_are_reported_with_their_paths() {
        let problems = problems_of(
            r#"{"key": "basics", "title": "Basics", "modules": [
                {"key": "a", "title": "A", "hours": 1, "credits": 1, "markdown": "x"},
                {"key": "b", "title": "B", "hours": 1.25, "credits": -1, "markdown": "x"}]}"#,
        );
        assert_eq!(
            paths(&problems),
            ["modules[1].hours", "modules[1].credits"],
            "{problems:?}"
        );
        // Another shape problem comes first, with its line and column.
        let problems = problems_of(
            r#"{"key": "basics", "title": "Basics", "colour": "red", "modules": [
                {"key": "b", "title": "B", "hours": 1.25, "credits": 1, "markdown": "x"}]}"#,
        );
        assert_eq!(paths(&problems), ["", "modules[0].hours"], "{problems:?}");
    }

    #[test]
    fn syntax_errors_name_line_and_column_and_unknown_fields_are_refused() {
        let problems = problems_of("{\n  \"key\": \"x\",\n  oops }");
        assert!(
            problems
                .first()
                .is_some_and(|p| p.message.contains("line 3, column")),
            "{problems:?}"
        );
        let problems = problems_of(r#"{"key": "xy", "title": "x", "modules": [], "chapters": []}"#);
        assert!(
            problems.len() == 1
                && problems
                    .first()
                    .is_some_and(|p| p.message.contains("unknown field `chapters`")),
            "{problems:?}"
        );
        let problems =
            problems_of(r#"{"key": "xy", "title": "x", "audience": ["surgeon"], "modules": []}"#);
        assert!(
            problems
                .first()
                .is_some_and(|p| p.message.contains("unknown variant `surgeon`")),
            "{problems:?}"
        );
    }

    #[test]
    fn the_diff_names_what_changed() -> Result<(), Vec<Problem>> {
        let old = course()?;
        let mut new = old.clone();
        new.modules.push(Module {
            key: "smart".to_owned(),
            title: "SMART on FHIR".to_owned(),
            hours: Tenths(10),
            credits: Tenths(10),
            markdown: Some("Body".to_owned()),
            link: None,
            attestation: None,
        });
        if let Some(module) = new.modules.first_mut() {
            module.credits = Tenths(20);
        }
        if let Some(assessment) = new.assessment.as_mut() {
            assessment.pass_mark = 75;
            assessment.questions.retain(|q| q.key != "q-tf-id");
            if let Some(question) = assessment.questions.first_mut() {
                question.prompt = "Which verb?".to_owned();
            }
        }
        if let Some(certification) = new.certification.as_mut() {
            certification.recertification_credits = None;
        }
        assert_eq!(
            diff(&old, &new),
            [
                "Module fhir-basics changed: credits 1.5 → 2.",
                "Module smart added.",
                "Pass mark changed from 80 % to 75 %.",
                "Question q-rest-create changed.",
                "Question q-tf-id removed.",
                "Recertification credits changed from 12 to none.",
            ]
        );
        assert!(diff(&old, &old).is_empty());
        new.modules.reverse();
        assert!(diff(&old, &new).contains(&"Modules reordered.".to_owned()));
        Ok(())
    }
}
