//! Moodle's question formats: reading GIFT and Aiken files into our question types,
//! and writing questions as GIFT. Pure functions over strings; the authoring pages
//! show the per-question report ([`ImportOutcome`]) before anything is saved.
//!
//! Both readers accept UTF-8 with or without a byte-order mark, and LF, CRLF or CR
//! line ends. Every question comes back as one outcome, in file order, carrying the
//! 1-based line it starts on, so an author can fix a file by its report alone.
//! Texts are trimmed and set only in the language the import was asked for.
//!
//! # GIFT (see [`gift`] for the grammar details)
//!
//! | GIFT | becomes |
//! |---|---|
//! | `// comment` line | skipped, also inside an answer block |
//! | `$CATEGORY: path` | `category` of the questions after it, as written (an empty path clears it) |
//! | `::title::` | `title` |
//! | `\~ \= \# \{ \} \:` `\\` | the character itself; `\n` a line break; any other `\x` stays as written |
//! | `[html]`, `[markdown]` before a text | text kept as written, note [`ImportNote::TextFormatIgnored`] (the platform shows question texts as plain text) |
//! | `[plain]`, `[moodle]` | marker removed; nothing to note, as that is how the text is shown anyway |
//! | `{T}` `{TRUE}` `{F}` `{FALSE}` | `TrueFalse`; `{T#wrong#right}` feedback goes to the general feedback when there is none ([`ImportNote::TrueFalseFeedbackMerged`]), else is dropped ([`ImportNote::AnswerFeedbackDropped`]) |
//! | `{=a ~b ~c}` (an `=` present) | `SingleChoice`: exactly one answer at 100 % (`=` or `~%100%`); other weights become wrong options ([`ImportNote::PartialCreditDropped`]) |
//! | `{~%50%a ~%50%b ~%-100%c}` (no `=`) | `MultipleResponse`: positive weight → correct, zero or negative → wrong; right options not weighted evenly are noted ([`ImportNote::PartialCreditDropped`]). As in Moodle, the absence of `=` is what makes the question multiple-answer |
//! | `{=a =b}`, `{a}` (no `~`) | `ShortAnswer` with the 100 % answers; `*` wildcards keep Moodle's meaning |
//! | `{#3.14:0.01}` `{#1822}` | `Numerical { value, tolerance }` |
//! | `{#1..5}` | `Numerical { value: 3, tolerance: 2 }` |
//! | `{#=2:0 =%50%2:1}` | the one 100 % answer; the others dropped ([`ImportNote::PartialCreditDropped`]) |
//! | `{=cat -> food =dog -> bone}` | `Matching`; items sharing an option text share its id; `= -> spare` options dropped ([`ImportNote::MatchingDistractorsDropped`]) |
//! | answers inside the sentence | missing word: the prompt gets `_____` where the braces were |
//! | `#feedback` after an answer | choice feedback; for short-answer and numerical answers there is no place for it ([`ImportNote::AnswerFeedbackDropped`]) |
//! | `####feedback` | general `feedback` |
//! | `{}` `{####…}` / no braces | refused: [`Refusal::UnsupportedType`] `"essay"` / `"description"` |
//!
//! Refused, each with its [`Refusal`]: a question without text, unbalanced or
//! repeated braces (often a missing blank line between two questions), fewer than two
//! choices or pairs, no right answer, several fully right answers where only one can
//! be (`{=a =b ~c}`, two 100 % numerical answers), weights outside ±100 %, numbers
//! that are not finite decimals, negative tolerances and reversed ranges, empty
//! answers.
//!
//! # Aiken (see [`aiken`])
//!
//! A question line (or several), options `A) …` or `A. …`, then `ANSWER: X`; every
//! question becomes `SingleChoice`. A blank line or a new question before the
//! `ANSWER:` line refuses the unfinished one ([`Refusal::MissingAnswerLine`]); so do
//! fewer than two options, a repeated letter, and an answer letter that is not an
//! option. An `ANSWER:` line with no question before it is refused as
//! [`Refusal::EmptyQuestion`].
//!
//! # Writing GIFT
//!
//! [`to_gift`] writes what [`parse_gift`] reads back to the same spec, prompt, title
//! and feedback (the tests check this for arbitrary specs). Two things GIFT cannot
//! say: an `->` inside a matching item is written `→`, and inside a short answer
//! `-*>` (which still accepts `->`), since Moodle would otherwise read the answers as
//! pairs; and multiple-response weights are written as an even split (`100/C` % for
//! each right option, `-100/W` % for each wrong one), the closest Moodle has to our
//! grading rule.
pub mod aiken;
pub mod gift;

pub use aiken::parse_aiken;
pub use gift::{ExportQuestion, parse_gift, to_gift};

use crate::domain::quiz::grading::QuestionSpec;
use crate::domain::{Lang, Localized};

/// A question read from a file, ready to be saved into a quiz.
#[derive(Clone, Debug, PartialEq)]
pub struct ImportedQuestion {
    /// The 1-based line where the question starts (its first line that is not a comment).
    pub line: usize,
    pub title: Option<String>,
    /// The `$CATEGORY` in force (GIFT only), as written in the file.
    pub category: Option<String>,
    /// Set in the import's language only.
    pub prompt: Localized,
    /// General feedback; `Localized::default()` when there is none.
    pub feedback: Localized,
    /// Always 1: neither format says how many points a question is worth.
    pub points: i32,
    /// Choice ids are `choice-0`, `choice-1`…, matching ids `item-0`…, `option-0`….
    pub spec: QuestionSpec,
    /// What was adapted on the way in, for the author to review.
    pub notes: Vec<ImportNote>,
}

/// Something in the file that our question types cannot hold as written, and what
/// the import did about it. Each is said once per question.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ImportNote {
    /// Partial-credit or penalty weights were turned into plain right and wrong:
    /// partly right single-choice options became wrong, partial short-answer and
    /// numerical answers were dropped, uneven multiple-response weights became even.
    PartialCreditDropped,
    /// True/false feedback for the right and wrong answer became the general feedback.
    TrueFalseFeedbackMerged,
    /// Feedback on a particular answer had nowhere to go (short answer, numerical,
    /// or true/false beside a general feedback) and was left out.
    AnswerFeedbackDropped,
    /// Matching options that belong to no item (`= -> spare`) were left out.
    MatchingDistractorsDropped,
    /// A text marked as HTML or Markdown was kept as written; the platform will
    /// show its markup as plain text.
    TextFormatIgnored(TextFormat),
}

/// The text formats a GIFT text can be marked with (`[html]` …).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TextFormat {
    Moodle,
    Html,
    Plain,
    Markdown,
}

/// Why a question was not imported. An enum, not a message: the page says each in
/// the reader's language.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Refusal {
    /// A Moodle question type the platform does not have: `"essay"`, `"description"`.
    UnsupportedType(&'static str),
    /// No question text (only a title, or only answers).
    EmptyQuestion,
    /// `::title` without the closing `::`.
    UnclosedTitle,
    /// `{` without its `}` (before the next blank line).
    UnclosedBrace,
    /// `}` without a `{` before it.
    UnexpectedClosingBrace,
    /// A second `{…}` in one question: most often a blank line missing between two.
    SeveralAnswerBlocks,
    /// An answer, option or pair side with no text.
    EmptyAnswer,
    /// Fewer than two options (multiple choice, Aiken).
    TooFewChoices,
    /// Fewer than two item–option pairs (matching).
    TooFewPairs,
    /// A matching answer without `->`.
    PairWithoutArrow,
    /// No answer with a positive weight, or no answer at all.
    NoCorrectAnswer,
    /// Answers with partial credit, none at 100 %.
    NoFullyCorrectAnswer,
    /// Several answers at 100 % where the question can have only one (`{=a =b ~c}`,
    /// or two full-credit numerical answers).
    SeveralFullyCorrect,
    /// A `%weight%` outside -100..=100, as written.
    BadWeight(String),
    /// A numerical answer that is not a finite decimal number, as written.
    BadNumber(String),
    /// A numerical answer `value:tolerance` with a negative tolerance.
    NegativeTolerance,
    /// A numerical range `low..high` with `high < low`.
    ReversedRange,
    /// Aiken: the options were not followed by an `ANSWER:` line.
    MissingAnswerLine,
    /// Aiken: the `ANSWER:` letter (as written) is not one of the options.
    AnswerNotAnOption(String),
    /// Aiken: two options with the same letter.
    DuplicateOptionLetter(char),
}

/// What became of one question of the file.
#[derive(Clone, Debug, PartialEq)]
pub enum ImportOutcome {
    Imported(ImportedQuestion),
    Refused {
        line: usize,
        title: Option<String>,
        reason: Refusal,
    },
}

/// The file's lines, numbered from 1, without a byte-order mark or line-end characters.
fn numbered_lines(text: &str) -> impl Iterator<Item = (usize, &str)> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    // `\r\n` splits at the `\n` and leaves a `\r` to trim; a lone `\r` (old Mac
    // files) is a line end of its own.
    text.split('\n')
        .flat_map(|line| {
            let line = line.strip_suffix('\r').unwrap_or(line);
            line.split('\r')
        })
        .enumerate()
        .map(|(index, line)| (index + 1, line))
}

/// `text` in `lang` alone; an empty text is no text.
fn localized(lang: Lang, text: String) -> Localized {
    let mut localized = Localized::default();
    if !text.is_empty() {
        match lang {
            Lang::En => localized.en = Some(text),
            Lang::Ko => localized.ko = Some(text),
        }
    }
    localized
}

/// The notes of one question, each kept once, in the order first met.
#[derive(Default)]
struct Notes(Vec<ImportNote>);

impl Notes {
    fn add(&mut self, note: ImportNote) {
        if !self.0.contains(&note) {
            self.0.push(note);
        }
    }
}
