//! Quizzes, without I/O: how answers are graded ([`grading`], server build only, so the
//! browser build does not even contain the type that knows the answers), the quiz's
//! settings, and the question as a learner may see it ([`QuestionView`]).
mod form;
#[cfg(feature = "ssr")]
pub mod grading;
pub mod question_form;
mod settings;
mod shuffle;
mod view;

pub use form::{AskedQuestion, answer_field, answers_from_form, parse_number};
pub use settings::{QuizSettings, ReviewPolicy, meets_pass_mark};
pub use shuffle::shuffled;
pub use view::{Answer, ChoiceView, Outcome, QuestionKind, QuestionView};
