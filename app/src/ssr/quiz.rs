//! The attempt flow shared by the server functions and the no-JavaScript form handler:
//! saving a posted form, and building what the attempt page may show.
use crate::api::quiz::{AttemptPage, AttemptResult, AttemptState, QuestionReview, ReviewText};
use crate::domain::quiz::grading::QuestionSpec;
use crate::domain::quiz::{Answer, AskedQuestion, Outcome, answers_from_form};
use crate::domain::{Lang, Localized};
use crate::error::{AppError, Problem};
use crate::ssr::db::quiz::{self as db, AnswerRow, AskedRow, Saved};
use sqlx::PgPool;
use time::OffsetDateTime;
use uuid::Uuid;

/// Saves the answers of a posted attempt form. `Invalid(AttemptClosed)` when the
/// attempt is submitted or past its deadline; `NotFound` when it is not the learner's.
pub async fn save_form(
    pool: &PgPool,
    user_id: Uuid,
    attempt_id: Uuid,
    fields: &[(String, String)],
) -> Result<(), AppError> {
    let answers = form_answers(pool, user_id, attempt_id, fields).await?;
    match db::save(pool, user_id, attempt_id, &answers).await? {
        Saved::Saved => Ok(()),
        Saved::Closed => Err(AppError::field("", Problem::AttemptClosed)),
    }
}

/// The answers a posted attempt form holds (`None` for a question left empty).
pub async fn form_answers(
    pool: &PgPool,
    user_id: Uuid,
    attempt_id: Uuid,
    fields: &[(String, String)],
) -> Result<Vec<(Uuid, Option<Answer>)>, AppError> {
    let asked: Vec<AskedQuestion> = db::asked(pool, user_id, attempt_id)
        .await?
        .iter()
        .map(|row| row.spec.asked(row.id))
        .collect();
    // Every attempt asks at least one question (an empty quiz cannot be started), so
    // nothing asked means no such attempt of this user's.
    if asked.is_empty() {
        return Err(AppError::NotFound);
    }
    Ok(answers_from_form(&asked, fields))
}

/// The attempt page: questions and saved answers while open (an open attempt past its
/// deadline is graded first), the result once graded.
pub async fn attempt_page(
    pool: &PgPool,
    user_id: Uuid,
    attempt_id: Uuid,
    lang: Lang,
    page: Option<usize>,
) -> Result<AttemptPage, AppError> {
    let (mut attempt, quiz) = db::attempt_and_quiz(pool, user_id, attempt_id)
        .await?
        .ok_or(AppError::NotFound)?;
    let now = OffsetDateTime::now_utc();
    if attempt.is_expired(now) {
        db::submit(pool, user_id, attempt_id).await?;
        attempt = db::attempt(pool, user_id, attempt_id)
            .await?
            .ok_or(AppError::NotFound)?;
    }
    let (asked, answers) = db::asked_and_answers(pool, attempt_id).await?;
    let state = if attempt.is_open() {
        let seed = attempt.shuffle_seed as u64;
        let pages = asked.len().max(1);
        let paging = quiz
            .one_per_page
            .then(|| (page.unwrap_or(1).clamp(1, pages), pages));
        let shown = match paging {
            Some((page, _)) => &asked[page - 1..page],
            None => &asked[..],
        };
        AttemptState::Open {
            paging,
            questions: shown
                .iter()
                .map(|q| {
                    let order = quiz.shuffle_choices.then(|| seed ^ q.id.as_u64_pair().1);
                    q.spec.view(q.id, q.points, &q.prompt, lang, order)
                })
                .collect(),
            saved: answers
                .into_iter()
                .map(|a| (a.question_id, a.answer.0))
                .collect(),
            seconds_left: attempt.deadline.map(|d| (d - now).whole_seconds().max(0)),
        }
    } else {
        let history = db::attempts(pool, user_id, quiz.id).await?;
        let used = history.len() as i32;
        let passed_ever = history.iter().any(|a| a.passed == Some(true));
        let settings = quiz.settings();
        let (score, max_score) = (
            attempt.score.unwrap_or_default(),
            attempt.max_score.unwrap_or_default(),
        );
        AttemptState::Graded(AttemptResult {
            score,
            max_score,
            percent: if max_score > 0.0 {
                (score * 100.0 / max_score).floor() as i64
            } else {
                0
            },
            passed: attempt.passed == Some(true),
            pass_percent: quiz.pass_percent,
            attempts_left: settings.max_attempts.map(|max| (max - used).max(0)),
            review: settings
                .may_review(passed_ever, used)
                .then(|| review(&asked, &answers, lang)),
        })
    };
    Ok(AttemptPage {
        id: attempt.id,
        number: attempt.number,
        course_slug: quiz.course_slug,
        course_title: quiz.course_title.resolve(lang),
        module_slug: quiz.module_slug,
        module_title: quiz.module_title.resolve(lang),
        state,
    })
}

fn review(asked: &[AskedRow], answers: &[AnswerRow], lang: Lang) -> Vec<QuestionReview> {
    asked
        .iter()
        .map(|q| {
            let saved = answers.iter().find(|a| a.question_id == q.id);
            let outcome = saved
                .and_then(|a| a.outcome.as_deref())
                .map_or(Outcome::Unanswered, outcome_of);
            let score = saved.and_then(|a| a.score).unwrap_or_default();
            let question = Reviewed {
                spec: &q.spec.0,
                points: q.points,
                prompt: &q.prompt.0,
                feedback: &q.feedback.0,
            };
            question.review(saved.map(|a| &a.answer.0), score, outcome, lang)
        })
        .collect()
}

/// A question with its key, to review an answer to it.
pub struct Reviewed<'a> {
    pub spec: &'a QuestionSpec,
    pub points: i32,
    pub prompt: &'a Localized,
    pub feedback: &'a Localized,
}

impl Reviewed<'_> {
    /// The review of `given`, graded `score` and `outcome`: the answer and the right
    /// one in words, and the feedback.
    pub fn review(
        &self,
        given: Option<&Answer>,
        score: f64,
        outcome: Outcome,
        lang: Lang,
    ) -> QuestionReview {
        QuestionReview {
            prompt: self.prompt.resolve(lang),
            points: self.points,
            score,
            outcome,
            given: given.map_or_else(Vec::new, |a| describe_given(self.spec, a, lang)),
            correct: describe_key(self.spec, lang),
            feedback: self.feedback.resolve(lang),
            chosen_feedback: self
                .spec
                .chosen_feedback(given)
                .into_iter()
                .map(|f| f.resolve(lang))
                .collect(),
        }
    }
}

fn outcome_of(code: &str) -> Outcome {
    match code {
        "correct" => Outcome::Correct,
        "partial" => Outcome::Partial,
        "wrong" => Outcome::Wrong,
        _ => Outcome::Unanswered,
    }
}

/// The learner's answer in words: the options' texts rather than their ids.
fn describe_given(spec: &QuestionSpec, answer: &Answer, lang: Lang) -> Vec<ReviewText> {
    let text = |t: &Localized| ReviewText::Text(t.resolve(lang));
    match (spec, answer) {
        (QuestionSpec::SingleChoice { choices }, Answer::Choice { choice }) => choices
            .iter()
            .filter(|c| c.id == *choice)
            .map(|c| text(&c.text))
            .collect(),
        (QuestionSpec::MultipleResponse { choices }, Answer::Choices { choices: chosen }) => {
            choices
                .iter()
                .filter(|c| chosen.contains(&c.id))
                .map(|c| text(&c.text))
                .collect()
        }
        (QuestionSpec::Matching { pairs }, Answer::Matches { pairs: given }) => pairs
            .iter()
            .filter_map(|pair| {
                let (_, option) = given.iter().find(|(item, _)| *item == pair.item_id)?;
                let chosen = pairs.iter().find(|p| p.option_id == *option)?;
                Some(ReviewText::Pair(
                    pair.item.resolve(lang),
                    chosen.option.resolve(lang),
                ))
            })
            .collect(),
        (_, Answer::TrueFalse { value }) => vec![ReviewText::Bool(*value)],
        (_, Answer::Text { text }) => vec![ReviewText::Plain(text.clone())],
        (_, Answer::Number { value }) => vec![ReviewText::Plain(value.to_string())],
        _ => Vec::new(),
    }
}

/// The right answer in words.
fn describe_key(spec: &QuestionSpec, lang: Lang) -> Vec<ReviewText> {
    let text = |t: &Localized| ReviewText::Text(t.resolve(lang));
    match spec {
        QuestionSpec::SingleChoice { choices } | QuestionSpec::MultipleResponse { choices } => {
            choices
                .iter()
                .filter(|c| c.correct)
                .map(|c| text(&c.text))
                .collect()
        }
        QuestionSpec::TrueFalse { answer } => vec![ReviewText::Bool(*answer)],
        QuestionSpec::ShortAnswer { accepted } => accepted
            .iter()
            .take(1)
            .map(|a| ReviewText::Plain(a.clone()))
            .collect(),
        QuestionSpec::Numerical { value, tolerance } => {
            vec![ReviewText::Plain(if *tolerance > 0.0 {
                format!("{value} ± {tolerance}")
            } else {
                value.to_string()
            })]
        }
        QuestionSpec::Matching { pairs } => pairs
            .iter()
            .map(|p| ReviewText::Pair(p.item.resolve(lang), p.option.resolve(lang)))
            .collect(),
    }
}
