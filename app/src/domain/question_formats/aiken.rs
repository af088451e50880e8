//! Aiken, the simplest of Moodle's formats: single-choice questions only.
//!
//! ```text
//! What is the capital of Korea?
//! A. Busan
//! B) Seoul
//! ANSWER: B
//! ```
//!
//! An option is a capital letter, `.` or `)`, then a space or tab; `ANSWER:` must be
//! in capitals too, as Moodle requires. The prompt may run over several lines (all
//! before the first option). Moodle needs no blank line between questions, since the
//! `ANSWER:` line ends one; a blank line, or a text line after the options, ends an
//! unfinished question, which is refused, so one missing `ANSWER:` line does not
//! swallow the next question.
use super::{ImportOutcome, ImportedQuestion, Refusal, localized, numbered_lines};
use crate::domain::quiz::grading::{Choice, QuestionSpec};
use crate::domain::{Lang, Localized};

/// Reads an Aiken file: one outcome per question, in file order.
pub fn parse_aiken(text: &str, lang: Lang) -> Vec<ImportOutcome> {
    let mut outcomes = Vec::new();
    let mut draft: Option<Draft> = None;
    for (number, line) in numbered_lines(text) {
        let line = line.trim();
        if line.is_empty() {
            outcomes.extend(draft.take().map(Draft::unfinished));
        } else if let Some(answer) = line.strip_prefix("ANSWER:") {
            outcomes.push(match draft.take() {
                Some(draft) => draft.finish(answer.trim(), lang),
                // An answer with no question before it.
                None => ImportOutcome::Refused {
                    line: number,
                    title: None,
                    reason: Refusal::EmptyQuestion,
                },
            });
        } else {
            match (&mut draft, option(line)) {
                // A line like "A. Lincoln …" with no question open is the question.
                (Some(open), Some(option)) => open.options.push(option),
                (Some(open), None) if open.options.is_empty() => open.prompt.push(line),
                (_, _) => {
                    outcomes.extend(draft.take().map(Draft::unfinished));
                    draft = Some(Draft {
                        line: number,
                        prompt: vec![line],
                        options: Vec::new(),
                    });
                }
            }
        }
    }
    outcomes.extend(draft.map(Draft::unfinished));
    outcomes
}

/// `A. text` or `A) text`: the letter and the text.
fn option(line: &str) -> Option<(char, &str)> {
    let mut chars = line.chars();
    let letter = chars.next().filter(char::is_ascii_uppercase)?;
    chars.next().filter(|c| matches!(c, '.' | ')'))?;
    let text = chars.as_str();
    text.starts_with([' ', '\t']).then(|| (letter, text.trim()))
}

/// A question read up to, not yet including, its `ANSWER:` line.
struct Draft<'a> {
    line: usize,
    prompt: Vec<&'a str>,
    options: Vec<(char, &'a str)>,
}

impl Draft<'_> {
    fn refuse(&self, reason: Refusal) -> ImportOutcome {
        ImportOutcome::Refused {
            line: self.line,
            title: None,
            reason,
        }
    }

    /// The question ended before its `ANSWER:` line.
    fn unfinished(self) -> ImportOutcome {
        self.refuse(if self.options.is_empty() {
            Refusal::TooFewChoices
        } else {
            Refusal::MissingAnswerLine
        })
    }

    fn finish(self, answer: &str, lang: Lang) -> ImportOutcome {
        if self.options.len() < 2 {
            return self.refuse(Refusal::TooFewChoices);
        }
        for (i, (letter, _)) in self.options.iter().enumerate() {
            if self.options[..i].iter().any(|(seen, _)| seen == letter) {
                return self.refuse(Refusal::DuplicateOptionLetter(*letter));
            }
        }
        let right = self
            .options
            .iter()
            .position(|(letter, _)| answer.len() == 1 && answer.starts_with(*letter));
        let Some(right) = right else {
            return self.refuse(Refusal::AnswerNotAnOption(answer.to_owned()));
        };
        let choices = self
            .options
            .iter()
            .enumerate()
            .map(|(i, (_, text))| Choice {
                id: format!("choice-{i}"),
                text: localized(lang, (*text).to_owned()),
                correct: i == right,
                feedback: Localized::default(),
            })
            .collect();
        ImportOutcome::Imported(ImportedQuestion {
            line: self.line,
            title: None,
            category: None,
            prompt: localized(lang, self.prompt.join("\n")),
            feedback: Localized::default(),
            points: 1,
            spec: QuestionSpec::SingleChoice { choices },
            notes: Vec::new(),
        })
    }
}
