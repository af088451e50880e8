//! What the browser may see of a question before it is graded: the prompt and the
//! options, never which are right. Built on the server from the grading spec.
use crate::domain::LocalText;
use serde::{Deserialize, Serialize};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum QuestionKind {
    SingleChoice,
    MultipleResponse,
    TrueFalse,
    ShortAnswer,
    Numerical,
    Matching,
}

/// An option to pick, or one side of a matching pair. `id` is opaque: it says nothing
/// about whether the option is right or where the educator placed it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChoiceView {
    pub id: String,
    pub text: LocalText,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct QuestionView {
    pub id: uuid::Uuid,
    pub kind: QuestionKind,
    pub points: i32,
    pub prompt: LocalText,
    /// Single choice and multiple response: the options, in this attempt's order.
    pub choices: Vec<ChoiceView>,
    /// Matching: the items to match (left), and the answers to pick from (right).
    pub match_items: Vec<ChoiceView>,
    pub match_options: Vec<ChoiceView>,
}

/// How one answer fared, once graded.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Outcome {
    Correct,
    Partial,
    Wrong,
    Unanswered,
}

impl Outcome {
    pub fn code(self) -> &'static str {
        match self {
            Outcome::Correct => "correct",
            Outcome::Partial => "partial",
            Outcome::Wrong => "wrong",
            Outcome::Unanswered => "unanswered",
        }
    }
}

/// A learner's answer to one question, as saved during an attempt.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Answer {
    /// Single choice: the id of the chosen option.
    Choice {
        choice: String,
    },
    /// Multiple response: the ids of every chosen option.
    Choices {
        choices: Vec<String>,
    },
    TrueFalse {
        value: bool,
    },
    Text {
        text: String,
    },
    Number {
        value: f64,
    },
    /// Matching: (item id, chosen option id) for each item answered.
    Matches {
        pairs: Vec<(String, String)>,
    },
}
