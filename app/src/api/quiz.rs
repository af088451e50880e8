//! Module quizzes for the learner: the quiz page, starting an attempt, the attempt
//! itself, autosave, and the result.
//!
//! Nothing here carries an answer key. An open attempt is sent as [`QuestionView`]s
//! (prompts and options only) and the learner's own saved answers; a graded one as
//! scores, plus a review only when the quiz's review setting allows it.
use crate::domain::LocalText;
use crate::domain::quiz::{Answer, Outcome, QuestionView};
use crate::error::AppError;
use leptos::prelude::*;
use leptos::server_fn::codec::GetUrl;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct QuizOverview {
    pub course_slug: String,
    pub course_title: LocalText,
    pub module_slug: String,
    pub module_title: LocalText,
    pub questions: i64,
    pub pass_percent: i32,
    pub max_attempts: Option<i32>,
    pub time_limit_minutes: Option<i32>,
    pub signed_in: bool,
    pub enrolled: bool,
    /// Latest first.
    pub attempts: Vec<AttemptSummary>,
    /// The attempt to resume, if one is open.
    pub open_attempt: Option<Uuid>,
    /// A new attempt may start (enrolled, and attempts left).
    pub may_start: bool,
    pub passed: bool,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct AttemptSummary {
    pub id: Uuid,
    pub number: i32,
    /// ISO date of submission; `None` while open.
    pub submitted_on: Option<String>,
    pub score: Option<f64>,
    pub max_score: Option<f64>,
    pub passed: Option<bool>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct AttemptPage {
    pub id: Uuid,
    pub number: i32,
    pub course_slug: String,
    pub course_title: LocalText,
    pub module_slug: String,
    pub module_title: LocalText,
    pub state: AttemptState,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum AttemptState {
    Open {
        /// The questions on this page: all of them, or one when the quiz pages them.
        questions: Vec<QuestionView>,
        /// With one question per page: this page (1-based) and the number of pages.
        paging: Option<(usize, usize)>,
        /// The learner's own answers, saved so far.
        saved: Vec<(Uuid, Answer)>,
        /// Seconds until the deadline, by the server's clock; `None` if untimed.
        seconds_left: Option<i64>,
    },
    Graded(AttemptResult),
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct AttemptResult {
    pub score: f64,
    pub max_score: f64,
    pub percent: i64,
    pub passed: bool,
    pub pass_percent: i32,
    /// `None`: unlimited.
    pub attempts_left: Option<i32>,
    /// Per question, only when the quiz's review setting allows it now.
    pub review: Option<Vec<QuestionReview>>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct QuestionReview {
    pub prompt: LocalText,
    pub points: i32,
    pub score: f64,
    pub outcome: Outcome,
    pub given: Vec<ReviewText>,
    pub correct: Vec<ReviewText>,
    pub feedback: LocalText,
    /// Feedback on the options the learner chose.
    pub chosen_feedback: Vec<LocalText>,
}

/// A piece of an answer as the review shows it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum ReviewText {
    Text(LocalText),
    Plain(String),
    Bool(bool),
    /// A matching item and the option given (or due) for it.
    Pair(LocalText, LocalText),
}

#[server(prefix = "/api", endpoint = "quiz/overview", input = GetUrl)]
pub async fn get_quiz(
    course: String,
    module: String,
    lang: crate::domain::Lang,
) -> Result<QuizOverview, AppError> {
    use crate::ssr::{auth, ctx, db};
    let viewer = auth::viewer().await?;
    let pool = ctx::pool()?;
    let db::quiz::ReaderQuiz {
        enrolled,
        quiz,
        so_far,
    } = db::quiz::reader_quiz(&pool, &course, &module, viewer.as_ref().map(|v| v.id))
        .await?
        .ok_or(AppError::NotFound)?;
    // A learner who never started has no history to read (a cohort's whole exam spike).
    let attempts = match (&viewer, enrolled) {
        (Some(viewer), true) if so_far.attempts_used > 0 => {
            db::quiz::finish_expired(&pool, viewer.id, &quiz).await?;
            db::quiz::attempts(&pool, viewer.id, quiz.id).await?
        }
        _ => Vec::new(),
    };
    let settings = quiz.settings();
    let open_attempt = attempts.iter().find(|a| a.is_open()).map(|a| a.id);
    Ok(QuizOverview {
        course_slug: quiz.course_slug.clone(),
        course_title: quiz.course_title.resolve(lang),
        module_slug: quiz.module_slug.clone(),
        module_title: quiz.module_title.resolve(lang),
        questions: quiz.questions_per_attempt(),
        pass_percent: quiz.pass_percent,
        max_attempts: quiz.max_attempts,
        time_limit_minutes: quiz.time_limit_seconds.map(|s| (s + 59) / 60),
        signed_in: viewer.is_some(),
        enrolled,
        may_start: enrolled && settings.may_start(attempts.len() as i32),
        passed: attempts.iter().any(|a| a.passed == Some(true)),
        open_attempt,
        attempts: attempts
            .into_iter()
            .filter(|a| !a.is_open())
            .map(|a| AttemptSummary {
                id: a.id,
                number: a.number,
                submitted_on: a.submitted_at.map(|at| at.date().to_string()),
                score: a.score,
                max_score: a.max_score,
                passed: a.passed,
            })
            .collect(),
    })
}

/// Starts an attempt (or resumes the open one) and opens it.
#[server(prefix = "/api", endpoint = "quiz/start")]
pub async fn start_quiz(course: String, module: String) -> Result<(), AppError> {
    use crate::domain::Permission;
    use crate::error::Problem;
    use crate::ssr::{auth, ctx, db};
    let viewer = auth::require(Permission::OwnAccount).await?;
    let pool = ctx::pool()?;
    let db::quiz::ReaderQuiz {
        enrolled,
        quiz,
        so_far,
    } = db::quiz::reader_quiz(&pool, &course, &module, Some(viewer.id))
        .await?
        .ok_or(AppError::NotFound)?;
    if !enrolled {
        return Err(AppError::Forbidden);
    }
    match db::quiz::start_after(&pool, viewer.id, &quiz, Some(&so_far)).await? {
        db::quiz::Started::Open(id) => {
            leptos_axum::redirect(&format!("/attempts/{id}"));
            Ok(())
        }
        db::quiz::Started::NoAttemptsLeft => Err(AppError::field("", Problem::NoAttemptsLeft)),
        db::quiz::Started::Empty => Err(AppError::NotFound),
    }
}

/// One of the viewer's attempts: the questions while open, the result once graded.
/// Someone else's attempt is `NotFound`, whoever asks.
#[server(prefix = "/api", endpoint = "quiz/attempt", input = GetUrl)]
pub async fn get_attempt(
    attempt: Uuid,
    lang: crate::domain::Lang,
    page: Option<usize>,
) -> Result<AttemptPage, AppError> {
    use crate::domain::Permission;
    use crate::ssr::{auth, ctx, quiz};
    let viewer = auth::require(Permission::OwnAccount).await?;
    quiz::attempt_page(&ctx::pool()?, viewer.id, attempt, lang, page).await
}

/// The autosave island's call: the attempt form's fields, URL-encoded, exactly as the
/// page would post them. Returns the server's time of the save (HH:MM:SS, UTC).
#[server(prefix = "/api", endpoint = "quiz/autosave")]
pub async fn autosave_attempt(attempt: Uuid, fields: String) -> Result<String, AppError> {
    use crate::domain::Permission;
    use crate::ssr::{auth, ctx, quiz};
    let viewer = auth::require(Permission::OwnAccount).await?;
    let fields: Vec<(String, String)> = serde_urlencoded::from_str(&fields)
        .map_err(|_| AppError::field("", crate::error::Problem::Unknown))?;
    quiz::save_form(&ctx::pool()?, viewer.id, attempt, &fields).await?;
    let now = time::OffsetDateTime::now_utc();
    Ok(format!(
        "{:02}:{:02}:{:02}",
        now.hour(),
        now.minute(),
        now.second()
    ))
}
