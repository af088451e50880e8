//! Module quizzes: the quiz page (settings, history, start) and an attempt (the
//! questions while open, the result and review once graded).
mod attempt;
mod overview;

pub use attempt::AttemptPage;
pub(crate) use attempt::{Question, Result as QuizResult};
pub use overview::QuizPage;

/// A score as people write it: "3", or "2.5" when it is not whole.
fn score_text(score: f64) -> String {
    if (score - score.round()).abs() < 1e-9 {
        format!("{score:.0}")
    } else {
        let text = format!("{score:.2}");
        text.trim_end_matches('0').to_owned()
    }
}
