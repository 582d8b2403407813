//! Attempts at an assessment: which questions an attempt draws and in what order their choices
//! are shown (from a seed kept with the attempt), checking the answers a learner sends, and
//! scoring them — all or nothing, partial credit, or a trainer's grade.
//!
//! # What is a draw?
//!
//! When an attempt starts, the server picks a seed and keeps it (and the [`Drawn`] it gives) with
//! the attempt. [`draw`] is a pure function of the assessment and the seed: the same version of
//! the course and the same seed give the same questions in the same order with the same choice
//! order, on every machine and in every release, so a trainer reviewing the attempt sees what the
//! learner saw.

use std::collections::{BTreeMap, BTreeSet};

use serde::{Deserialize, Serialize};

use super::course::{Assessment, Problem, Question};
use super::{AttemptState, QuestionKind};
use crate::tracks::random::SplitMix64;

/// The questions an attempt asks, in the order it asks them.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Drawn {
    pub questions: Vec<DrawnQuestion>,
}

/// One question of an attempt and the order its choices are shown in.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DrawnQuestion {
    pub key: String,
    /// Choice keys in the order shown; `["true", "false"]` for a true or false question, empty
    /// for a short answer.
    pub choice_order: Vec<String>,
}

impl Drawn {
    /// The drawn question with this key.
    pub fn question(&self, key: &str) -> Option<&DrawnQuestion> {
        self.questions.iter().find(|question| question.key == key)
    }
}

/// Draws an attempt's questions from `seed`.
///
/// The bank is shuffled (Fisher–Yates, with SplitMix64 seeded by `seed` and an unbiased bound),
/// the first `questions_per_attempt` are taken, and then each taken question's choices are
/// shuffled with the same generator, in the order the questions are asked. A true or false
/// question's order is always `true`, `false`; a short answer has no choices. The same
/// assessment and seed always give the same result.
pub fn draw(assessment: &Assessment, seed: u64) -> Drawn {
    let mut random = SplitMix64::new(seed);
    let mut bank: Vec<&Question> = assessment.questions.iter().collect();
    shuffle(&mut bank, &mut random);
    let count = usize::try_from(assessment.questions_per_attempt()).unwrap_or(usize::MAX);
    let questions = bank
        .into_iter()
        .take(count)
        .map(|question| {
            let choice_order = match question.kind {
                QuestionKind::SingleChoice | QuestionKind::MultipleChoice => {
                    let mut keys: Vec<String> =
                        question.choices.iter().map(|c| c.key.clone()).collect();
                    shuffle(&mut keys, &mut random);
                    keys
                }
                QuestionKind::TrueFalse => vec!["true".to_owned(), "false".to_owned()],
                QuestionKind::ShortAnswer => Vec::new(),
            };
            DrawnQuestion {
                key: question.key.clone(),
                choice_order,
            }
        })
        .collect();
    Drawn { questions }
}

/// Fisher–Yates: every order equally likely.
fn shuffle<T>(items: &mut [T], random: &mut SplitMix64) {
    for index in (1..items.len()).rev() {
        let other = below(random, index as u64 + 1);
        items.swap(index, usize::try_from(other).unwrap_or(index));
    }
}

/// Uniform in `0..bound` (`bound` ≥ 1): numbers below `2^64 mod bound` are drawn again, so that
/// every remainder is equally likely.
fn below(random: &mut SplitMix64, bound: u64) -> u64 {
    let Some(rejected_below) = bound.wrapping_neg().checked_rem(bound) else {
        return 0;
    };
    loop {
        let value = random.next_u64();
        if value >= rejected_below {
            return value.checked_rem(bound).unwrap_or(0);
        }
    }
}

/// A learner's answer to one question.
///
/// On the wire, externally tagged: `{"choices": ["a", "c"]}`, `{"true_false": true}`,
/// `{"text": "…"}`. A true or false question also takes `{"choices": ["true"]}`, the keys of its
/// drawn choice order, for forms that show it as two choices.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Answer {
    Choices(Vec<String>),
    TrueFalse(bool),
    Text(String),
}

/// An attempt's answers by question key; a question not named is unanswered.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Answers(pub BTreeMap<String, Answer>);

/// The answers' problems that make the server refuse them (422): a question the attempt did not
/// draw, an answer of the wrong form for its question, a choice the question does not have, a
/// choice given twice, or more than one choice for a single choice or true or false question.
/// The path of each problem is the question's key.
pub fn check_answers(assessment: &Assessment, drawn: &Drawn, answers: &Answers) -> Vec<Problem> {
    let mut problems = Vec::new();
    for (key, answer) in &answers.0 {
        let (Some(question), Some(drawn_question)) =
            (assessment.question(key), drawn.question(key))
        else {
            problems.push(Problem::new(key, "not a question of this attempt"));
            continue;
        };
        let wrong_form = |expected: &str| {
            Problem::new(
                key,
                format!(
                    "a {} question is answered with {expected}",
                    kind_noun(question.kind)
                ),
            )
        };
        match (question.kind, answer) {
            (QuestionKind::ShortAnswer, Answer::Text(_))
            | (QuestionKind::TrueFalse, Answer::TrueFalse(_)) => {}
            (QuestionKind::ShortAnswer, _) => problems.push(wrong_form("text")),
            (QuestionKind::TrueFalse, Answer::Text(_)) => {
                problems.push(wrong_form("true or false"))
            }
            (
                QuestionKind::SingleChoice | QuestionKind::MultipleChoice,
                Answer::TrueFalse(_) | Answer::Text(_),
            ) => problems.push(wrong_form("choice keys")),
            (kind, Answer::Choices(keys)) => {
                let mut seen = BTreeSet::new();
                for choice in keys {
                    if !drawn_question.choice_order.contains(choice) {
                        problems.push(Problem::new(
                            key,
                            format!("`{choice}` is not a choice of this question"),
                        ));
                    } else if !seen.insert(choice.as_str()) {
                        problems.push(Problem::new(key, format!("`{choice}` is chosen twice")));
                    }
                }
                if kind != QuestionKind::MultipleChoice && keys.len() > 1 {
                    problems.push(Problem::new(key, "choose one answer only"));
                }
            }
        }
    }
    problems
}

/// What a kind of question is called inside a sentence.
fn kind_noun(kind: QuestionKind) -> &'static str {
    match kind {
        QuestionKind::SingleChoice => "single choice",
        QuestionKind::MultipleChoice => "multiple choice",
        QuestionKind::TrueFalse => "true or false",
        QuestionKind::ShortAnswer => "short answer",
    }
}

/// One question's score, in tenths of a point.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct QuestionScore {
    pub key: String,
    pub earned_tenths: u32,
    /// The question's points × 10.
    pub possible_tenths: u32,
    /// A short answer that waits for a trainer's grade (it earns 0 until graded).
    pub needs_grading: bool,
}

/// An attempt's score.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Score {
    pub earned_tenths: u32,
    pub possible_tenths: u32,
    /// In the order the questions were asked.
    pub per_question: Vec<QuestionScore>,
    /// Some short answer waits for a trainer's grade.
    pub needs_grading: bool,
    /// Earned over possible, rounded down to a whole percent (0 when nothing is possible).
    pub percent: u32,
}

impl Score {
    /// Whether the score reaches the pass mark. An attempt waiting for grading has not passed
    /// (yet).
    pub fn passed(&self, pass_mark: u32) -> bool {
        !self.needs_grading && self.percent >= pass_mark
    }

    /// What a submitted attempt in time comes to: awaiting grading, passed or failed.
    pub fn outcome(&self, pass_mark: u32) -> AttemptState {
        if self.needs_grading {
            AttemptState::AwaitingGrading
        } else if self.passed(pass_mark) {
            AttemptState::Passed
        } else {
            AttemptState::Failed
        }
    }
}

/// Scores an attempt (docs/training.md, "Scoring").
///
/// - Single choice and true or false: all the points or none (a single choice with more than
///   one key earns nothing).
/// - Multiple choice: with `c` correct choices worth `points` together, each correct choice
///   selected earns `points / c` and each wrong one (an unknown key included) takes as much
///   away, never below zero. In tenths, exactly: `⌊points × 10 × (right − wrong) / c⌋`.
/// - Short answer: the trainer's grade from `grades` (whole points, capped at `points`); without
///   one, an answered question needs grading and earns 0 meanwhile. An unanswered (or blank)
///   short answer earns 0 and needs no grading, unless a grade is given anyway.
/// - An unanswered question, or one answered in the wrong form, earns 0.
///
/// Drawn questions the assessment does not have (a draw from another version) are left out.
pub fn score(
    assessment: &Assessment,
    drawn: &Drawn,
    answers: &Answers,
    grades: &BTreeMap<String, u32>,
) -> Score {
    let per_question: Vec<QuestionScore> = drawn
        .questions
        .iter()
        .filter_map(|drawn_question| assessment.question(&drawn_question.key))
        .map(|question| {
            score_question(
                question,
                answers.0.get(&question.key),
                grades.get(&question.key).copied(),
            )
        })
        .collect();
    let earned: u64 = per_question
        .iter()
        .map(|q| u64::from(q.earned_tenths))
        .sum();
    let possible: u64 = per_question
        .iter()
        .map(|q| u64::from(q.possible_tenths))
        .sum();
    let percent = (earned * 100).checked_div(possible).unwrap_or(0);
    Score {
        earned_tenths: saturate(earned),
        possible_tenths: saturate(possible),
        needs_grading: per_question.iter().any(|q| q.needs_grading),
        percent: saturate(percent),
        per_question,
    }
}

fn score_question(
    question: &Question,
    answer: Option<&Answer>,
    grade: Option<u32>,
) -> QuestionScore {
    let possible = u64::from(question.points) * 10;
    let mut needs_grading = false;
    let earned = match (question.kind, answer) {
        (QuestionKind::SingleChoice, Some(Answer::Choices(keys))) => match keys.as_slice() {
            [only] if question.correct_keys().contains(only.as_str()) => possible,
            _ => 0,
        },
        (QuestionKind::TrueFalse, Some(answer)) => {
            let given = match answer {
                Answer::TrueFalse(value) => Some(*value),
                Answer::Choices(keys) => match keys.as_slice() {
                    [only] if only == "true" => Some(true),
                    [only] if only == "false" => Some(false),
                    _ => None,
                },
                Answer::Text(_) => None,
            };
            if given.is_some() && given == question.answer {
                possible
            } else {
                0
            }
        }
        (QuestionKind::MultipleChoice, Some(Answer::Choices(keys))) => {
            let correct = question.correct_keys();
            let selected: BTreeSet<&str> = keys.iter().map(String::as_str).collect();
            let right = selected.intersection(&correct).count() as u64;
            let wrong = selected.len() as u64 - right;
            let net = right.saturating_sub(wrong);
            (possible * net)
                .checked_div(correct.len() as u64)
                .unwrap_or(0)
        }
        (QuestionKind::ShortAnswer, answer) => match grade {
            Some(grade) => u64::from(grade.min(question.points)) * 10,
            None => {
                needs_grading =
                    matches!(answer, Some(Answer::Text(text)) if !text.trim().is_empty());
                0
            }
        },
        _ => 0,
    };
    QuestionScore {
        key: question.key.clone(),
        earned_tenths: saturate(earned),
        possible_tenths: saturate(possible),
        needs_grading,
    }
}

fn saturate(value: u64) -> u32 {
    u32::try_from(value).unwrap_or(u32::MAX)
}

/// When an attempt started at `started_ms` must be submitted by; none without a time limit.
pub fn deadline_ms(started_ms: i64, time_limit_minutes: Option<u32>) -> Option<i64> {
    time_limit_minutes.map(|minutes| started_ms.saturating_add(i64::from(minutes) * 60_000))
}

/// Whether an attempt submitted (or looked at) at `at_ms` is past its time limit: it is then
/// [`AttemptState::Expired`] and earns nothing.
pub fn is_late(started_ms: i64, time_limit_minutes: Option<u32>, at_ms: i64) -> bool {
    deadline_ms(started_ms, time_limit_minutes).is_some_and(|deadline| at_ms > deadline)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::training::course::Choice;

    fn choice(key: &str, correct: bool) -> Choice {
        Choice {
            key: key.to_owned(),
            text: key.to_uppercase(),
            correct,
        }
    }

    fn question(key: &str, kind: QuestionKind, points: u32, choices: Vec<Choice>) -> Question {
        Question {
            key: key.to_owned(),
            kind,
            prompt: "?".to_owned(),
            points,
            choices,
            answer: (kind == QuestionKind::TrueFalse).then_some(true),
            guidance: None,
        }
    }

    fn assessment(questions: Vec<Question>) -> Assessment {
        Assessment {
            pass_mark: 80,
            questions_per_attempt: None,
            attempt_limit: None,
            time_limit_minutes: None,
            questions,
        }
    }

    fn bank(size: usize) -> Assessment {
        assessment(
            (0..size)
                .map(|index| {
                    question(
                        &format!("q{index}"),
                        QuestionKind::SingleChoice,
                        1,
                        vec![
                            choice("a", true),
                            choice("b", false),
                            choice("c", false),
                            choice("d", false),
                        ],
                    )
                })
                .collect(),
        )
    }

    fn keys(drawn: &Drawn) -> Vec<&str> {
        drawn.questions.iter().map(|q| q.key.as_str()).collect()
    }

    fn answers(pairs: &[(&str, Answer)]) -> Answers {
        Answers(
            pairs
                .iter()
                .map(|(k, a)| ((*k).to_owned(), a.clone()))
                .collect(),
        )
    }

    fn choices(keys: &[&str]) -> Answer {
        Answer::Choices(keys.iter().map(|k| (*k).to_owned()).collect())
    }

    /// One question, drawn as it is.
    fn score_one(question: Question, answer: Option<Answer>, grade: Option<u32>) -> Score {
        let key = question.key.clone();
        let assessment = assessment(vec![question]);
        let drawn = draw(&assessment, 1);
        let answers = answers(&answer.map(|a| vec![(key.as_str(), a)]).unwrap_or_default());
        let grades = grade
            .map(|g| BTreeMap::from([(key.clone(), g)]))
            .unwrap_or_default();
        score(&assessment, &drawn, &answers, &grades)
    }

    #[test]
    fn the_same_seed_draws_the_same_questions_and_choice_order() {
        let mut bank = bank(20);
        bank.questions_per_attempt = Some(10);
        let first = draw(&bank, 42);
        assert_eq!(first, draw(&bank, 42));
        assert_eq!(first.questions.len(), 10);
        let distinct: BTreeSet<&str> = keys(&first).into_iter().collect();
        assert_eq!(distinct.len(), 10, "no question twice");
        for question in &first.questions {
            let mut order = question.choice_order.clone();
            order.sort();
            assert_eq!(order, ["a", "b", "c", "d"]);
        }
        assert_ne!(keys(&first), keys(&draw(&bank, 43)));
        // Different seeds reach different draws, both in questions and in choice order.
        let draws: BTreeSet<Vec<String>> = (0..50)
            .map(|seed| {
                draw(&bank, seed)
                    .questions
                    .iter()
                    .map(|q| format!("{}:{}", q.key, q.choice_order.join("")))
                    .collect()
            })
            .collect();
        assert_eq!(draws.len(), 50);
    }

    #[test]
    fn every_question_is_drawn_without_a_limit_and_fixed_orders_are_kept() {
        let assessment = assessment(vec![
            question("tf", QuestionKind::TrueFalse, 1, Vec::new()),
            question("short", QuestionKind::ShortAnswer, 1, Vec::new()),
        ]);
        let drawn = draw(&assessment, 7);
        assert_eq!(drawn.questions.len(), 2);
        assert_eq!(
            drawn.question("tf").map(|q| q.choice_order.clone()),
            Some(vec!["true".to_owned(), "false".to_owned()])
        );
        assert_eq!(
            drawn.question("short").map(|q| q.choice_order.len()),
            Some(0)
        );
    }

    #[test]
    fn shuffles_are_roughly_uniform() {
        // Where the first of four questions lands over 4000 draws: about 1000 times each place.
        let bank = bank(4);
        let mut places = [0u32; 4];
        for seed in 0..4000 {
            let drawn = draw(&bank, seed);
            if let Some(place) = drawn.questions.iter().position(|q| q.key == "q0") {
                if let Some(count) = places.get_mut(place) {
                    *count += 1;
                }
            }
        }
        assert!(
            places.iter().all(|&n| (850..1150).contains(&n)),
            "{places:?}"
        );
    }

    #[test]
    fn single_choice_and_true_false_earn_all_or_nothing() {
        let single = || {
            question(
                "s",
                QuestionKind::SingleChoice,
                2,
                vec![choice("a", true), choice("b", false)],
            )
        };
        assert_eq!(
            score_one(single(), Some(choices(&["a"])), None).earned_tenths,
            20
        );
        assert_eq!(
            score_one(single(), Some(choices(&["b"])), None).earned_tenths,
            0
        );
        assert_eq!(
            score_one(single(), Some(choices(&["a", "b"])), None).earned_tenths,
            0
        );
        assert_eq!(score_one(single(), None, None).earned_tenths, 0);
        assert_eq!(score_one(single(), None, None).possible_tenths, 20);
        let true_false = || question("t", QuestionKind::TrueFalse, 1, Vec::new());
        assert_eq!(
            score_one(true_false(), Some(Answer::TrueFalse(true)), None).earned_tenths,
            10
        );
        assert_eq!(
            score_one(true_false(), Some(Answer::TrueFalse(false)), None).earned_tenths,
            0
        );
        assert_eq!(
            score_one(true_false(), Some(choices(&["true"])), None).earned_tenths,
            10
        );
        assert_eq!(
            score_one(true_false(), Some(Answer::Text("true".to_owned())), None).earned_tenths,
            0
        );
    }

    #[test]
    fn multiple_choice_earns_partial_credit_rounded_down_to_a_tenth() {
        // Three correct of four choices, 2 points: each correct choice is worth 2/3 point.
        let three_of_four = || {
            question(
                "m",
                QuestionKind::MultipleChoice,
                2,
                vec![
                    choice("a", true),
                    choice("b", true),
                    choice("c", true),
                    choice("d", false),
                ],
            )
        };
        let earned =
            |keys: &[&str]| score_one(three_of_four(), Some(choices(keys)), None).earned_tenths;
        assert_eq!(earned(&["a", "b", "c"]), 20);
        assert_eq!(earned(&["a"]), 6, "⌊20 × 1 / 3⌋");
        assert_eq!(earned(&["a", "b"]), 13, "⌊20 × 2 / 3⌋");
        assert_eq!(
            earned(&["a", "b", "d"]),
            6,
            "two right, one wrong: ⌊20 × 1 / 3⌋"
        );
        assert_eq!(earned(&["a", "d"]), 0);
        assert_eq!(earned(&["d"]), 0, "never below zero");
        assert_eq!(
            earned(&["a", "b", "c", "d"]),
            13,
            "everything: ⌊20 × (3 − 1) / 3⌋"
        );
        assert_eq!(earned(&["a", "zz"]), 0, "an unknown key counts as wrong");
        assert_eq!(
            earned(&["a", "a", "b"]),
            13,
            "a key given twice counts once"
        );

        // Three correct of four choices, 3 points: two right and one wrong earn (2 − 1) × 10 = 10.
        let mut three_points = three_of_four();
        three_points.points = 3;
        assert_eq!(
            score_one(three_points, Some(choices(&["a", "b", "d"])), None).earned_tenths,
            10
        );

        // Two correct of four, 3 points: each is worth 1.5; two right and one wrong earn 15.
        let two_of_four = question(
            "m",
            QuestionKind::MultipleChoice,
            3,
            vec![
                choice("a", true),
                choice("b", true),
                choice("c", false),
                choice("d", false),
            ],
        );
        assert_eq!(
            score_one(two_of_four.clone(), Some(choices(&["a", "b", "c"])), None).earned_tenths,
            15
        );
        // Selecting every choice earns nothing unless every choice is correct.
        assert_eq!(
            score_one(two_of_four, Some(choices(&["a", "b", "c", "d"])), None).earned_tenths,
            0
        );
    }

    #[test]
    fn a_short_answer_waits_for_its_grade() {
        let short = || question("s", QuestionKind::ShortAnswer, 3, Vec::new());
        let written = || Some(Answer::Text("Tokens from the EHR".to_owned()));
        let waiting = score_one(short(), written(), None);
        assert!(waiting.needs_grading);
        assert!(waiting
            .per_question
            .first()
            .is_some_and(|q| q.needs_grading));
        assert_eq!((waiting.earned_tenths, waiting.possible_tenths), (0, 30));
        assert!(!waiting.passed(1));
        assert_eq!(waiting.outcome(80), AttemptState::AwaitingGrading);
        let graded = score_one(short(), written(), Some(2));
        assert!(!graded.needs_grading);
        assert_eq!((graded.earned_tenths, graded.percent), (20, 66));
        assert_eq!(
            score_one(short(), written(), Some(9)).earned_tenths,
            30,
            "capped at points"
        );
        let blank = score_one(short(), Some(Answer::Text("  ".to_owned())), None);
        assert!(!blank.needs_grading);
        assert!(!score_one(short(), None, None).needs_grading);
    }

    #[test]
    fn the_percent_is_rounded_down_and_the_pass_mark_is_inclusive() {
        // Three 1-point questions, two right: 66 %, not 67.
        let assessment = assessment(vec![
            question("a", QuestionKind::TrueFalse, 1, Vec::new()),
            question("b", QuestionKind::TrueFalse, 1, Vec::new()),
            question("c", QuestionKind::TrueFalse, 1, Vec::new()),
        ]);
        let drawn = draw(&assessment, 3);
        let two_right = answers(&[
            ("a", Answer::TrueFalse(true)),
            ("b", Answer::TrueFalse(true)),
        ]);
        let score = score(&assessment, &drawn, &two_right, &BTreeMap::new());
        assert_eq!(
            (score.earned_tenths, score.possible_tenths, score.percent),
            (20, 30, 66)
        );
        assert!(score.passed(66));
        assert!(!score.passed(67));
        assert_eq!(score.outcome(66), AttemptState::Passed);
        assert_eq!(score.outcome(67), AttemptState::Failed);
        assert_eq!(
            score
                .per_question
                .iter()
                .map(|q| q.key.as_str())
                .collect::<Vec<_>>(),
            keys(&drawn),
            "in the order asked"
        );
    }

    #[test]
    fn only_drawn_questions_are_scored() {
        let mut bank = bank(5);
        bank.questions_per_attempt = Some(2);
        let drawn = draw(&bank, 9);
        let all_right = Answers(
            bank.questions
                .iter()
                .map(|q| (q.key.clone(), choices(&["a"])))
                .collect(),
        );
        let score = score(&bank, &drawn, &all_right, &BTreeMap::new());
        assert_eq!(
            (score.earned_tenths, score.possible_tenths, score.percent),
            (20, 20, 100)
        );
    }

    #[test]
    fn answers_that_do_not_fit_the_draw_are_refused() {
        let assessment = assessment(vec![
            question(
                "s",
                QuestionKind::SingleChoice,
                1,
                vec![choice("a", true), choice("b", false)],
            ),
            question(
                "m",
                QuestionKind::MultipleChoice,
                1,
                vec![choice("a", true), choice("b", false)],
            ),
            question("t", QuestionKind::TrueFalse, 1, Vec::new()),
            question("w", QuestionKind::ShortAnswer, 1, Vec::new()),
        ]);
        let drawn = draw(&assessment, 5);
        let fine = answers(&[
            ("s", choices(&["a"])),
            ("m", choices(&["a", "b"])),
            ("t", choices(&["false"])),
            ("w", Answer::Text("…".to_owned())),
        ]);
        assert_eq!(check_answers(&assessment, &drawn, &fine), []);
        let bad = answers(&[
            ("s", choices(&["a", "b"])),
            ("m", choices(&["a", "z", "a"])),
            ("t", Answer::Text("yes".to_owned())),
            ("w", Answer::TrueFalse(true)),
            ("x", Answer::TrueFalse(true)),
        ]);
        let problems: Vec<String> = check_answers(&assessment, &drawn, &bad)
            .iter()
            .map(ToString::to_string)
            .collect();
        assert_eq!(
            problems,
            [
                "m: `z` is not a choice of this question",
                "m: `a` is chosen twice",
                "s: choose one answer only",
                "t: a true or false question is answered with true or false",
                "w: a short answer question is answered with text",
                "x: not a question of this attempt",
            ]
        );
        // A question of the bank that this attempt did not draw.
        let mut one_of_four = assessment.clone();
        one_of_four.questions_per_attempt = Some(1);
        let drawn = draw(&one_of_four, 5);
        let undrawn = one_of_four
            .questions
            .iter()
            .find(|q| drawn.question(&q.key).is_none())
            .map(|q| q.key.clone())
            .unwrap_or_default();
        let problems = check_answers(
            &one_of_four,
            &drawn,
            &answers(&[(undrawn.as_str(), Answer::TrueFalse(true))]),
        );
        assert_eq!(
            problems.iter().map(|p| p.path.as_str()).collect::<Vec<_>>(),
            [undrawn.as_str()]
        );
    }

    #[test]
    fn answers_and_draws_travel_as_json() -> Result<(), serde_json::Error> {
        let answers = answers(&[
            ("q1", choices(&["a"])),
            ("q2", Answer::TrueFalse(false)),
            ("q3", Answer::Text("x".to_owned())),
        ]);
        let text = serde_json::to_string(&answers)?;
        assert_eq!(
            text,
            r#"{"q1":{"choices":["a"]},"q2":{"true_false":false},"q3":{"text":"x"}}"#
        );
        assert_eq!(serde_json::from_str::<Answers>(&text)?, answers);
        let drawn = draw(&bank(3), 11);
        assert_eq!(
            serde_json::from_str::<Drawn>(&serde_json::to_string(&drawn)?)?,
            drawn
        );
        Ok(())
    }

    #[test]
    fn an_attempt_past_its_time_limit_is_late() {
        assert_eq!(deadline_ms(1_000, Some(30)), Some(1_801_000));
        assert!(!is_late(1_000, Some(30), 1_801_000));
        assert!(is_late(1_000, Some(30), 1_801_001));
        assert!(!is_late(1_000, None, i64::MAX));
    }
}
