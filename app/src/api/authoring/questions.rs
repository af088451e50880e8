//! The question editor and the quiz preview.
//!
//! The editor sends the question's answer key to its page: the page is for the
//! course's authors only ([`super::server::course_for_author`]), who write that key.
//! The preview sends what a learner would get ([`QuestionView`]s) and grades what is
//! answered there without recording anything: no attempt, no answer, no score.
use crate::api::quiz::AttemptResult;
use crate::domain::quiz::QuestionView;
use crate::domain::quiz::question_form::QuestionForm;
use crate::domain::quiz::{Answer, QuestionKind};
use crate::domain::{Lang, LocalText};
use crate::error::AppError;
use leptos::prelude::*;
use leptos::server_fn::codec::GetUrl;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct QuestionEditor {
    pub course_slug: String,
    pub course_title: LocalText,
    pub module: Uuid,
    pub module_title: LocalText,
    /// The question's lineage; `None` for a new one.
    pub question: Option<Uuid>,
    /// Its number in the quiz; `None` for a new one.
    pub number: Option<i32>,
    pub kind: QuestionKind,
    /// The course's languages: one input per language for every text.
    pub languages: Vec<Lang>,
    pub form: QuestionForm,
    /// Makes the Save of a new question create it once, however often it is sent.
    pub token: Uuid,
}

/// A question of a module's quiz to edit, or an empty one of `kind` (`question` empty).
#[server(prefix = "/api", endpoint = "teach/question", input = GetUrl)]
pub async fn get_question_editor(
    slug: String,
    module: Uuid,
    question: Option<Uuid>,
    kind: Option<String>,
    lang: Lang,
) -> Result<QuestionEditor, AppError> {
    use crate::ssr::db::authoring;
    let pool = super::server::pool().await?;
    let (_, course_id, _) = super::server::course_for_author(&pool, &slug).await?;
    let found = authoring::module_quiz(&pool, course_id, module)
        .await?
        .ok_or(AppError::NotFound)?;
    let course_title = authoring::course_title(&pool, course_id)
        .await?
        .ok_or(AppError::NotFound)?;
    let languages = super::server::languages(&authoring::edited_languages(&pool, course_id).await?);
    let (number, form) = match question {
        Some(question) => {
            let row = authoring::question(&pool, course_id, module, question)
                .await?
                .ok_or(AppError::NotFound)?;
            let form =
                QuestionForm::from_question(row.points, &row.prompt, &row.feedback, &row.spec);
            (Some(row.position), form)
        }
        None => {
            let kind = kind
                .as_deref()
                .and_then(QuestionKind::from_code)
                .ok_or(AppError::NotFound)?;
            (None, QuestionForm::new(kind))
        }
    };
    Ok(QuestionEditor {
        course_slug: slug,
        course_title: course_title.resolve(lang),
        module,
        module_title: found.module_title.resolve(lang),
        question,
        number,
        kind: QuestionKind::from_code(&form.kind).ok_or(AppError::Internal)?,
        languages,
        form,
        token: Uuid::new_v4(),
    })
}

/// Saves a question to the module's quiz in the draft: a new one at the end (once per
/// `token`), or the one named by `question` in its place. Refused with every problem
/// beside its field, and the form as it was sent.
#[server(prefix = "/api", endpoint = "teach/questions/save")]
pub async fn save_question(
    slug: String,
    module: String,
    #[server(default)] question: String,
    #[server(default)] token: String,
    q: QuestionForm,
) -> Result<(), AppError> {
    use crate::ssr::db::authoring::{self, Change, NewQuestion};
    let pool = super::server::pool().await?;
    let (_, course_id, _) = super::server::course_for_author(&pool, &slug).await?;
    let module = super::server::parse_uuid("module", &module)?;
    let languages = super::server::languages(&authoring::edited_languages(&pool, course_id).await?);
    let valid = q.read(&languages).map_err(AppError::Invalid)?;
    let new = NewQuestion {
        points: valid.points,
        prompt: valid.prompt,
        feedback: valid.feedback,
        spec: valid.spec,
    };
    let change = if question.is_empty() {
        let token = super::server::parse_uuid("token", &token)?;
        let mut tx = pool.begin().await?;
        if authoring::first_submission(&mut tx, token).await? {
            let change = authoring::append_questions(&mut tx, course_id, module, &[new]).await?;
            if change == Change::Done {
                tx.commit().await?;
            }
            change
        } else {
            Change::Done
        }
    } else {
        let question = super::server::parse_uuid("question", &question)?;
        authoring::update_question(&pool, course_id, module, question, &new).await?
    };
    match change {
        Change::NotFound => Err(AppError::NotFound),
        Change::Done | Change::AtEdge => {
            super::server::redirect_done(
                &format!("/teach/{slug}/quizzes/{module}"),
                "question_saved",
            );
            Ok(())
        }
    }
}

/// Removes a question from the module's quiz in the draft (published versions keep it).
#[server(prefix = "/api", endpoint = "teach/questions/remove")]
pub async fn remove_question(
    slug: String,
    module: String,
    question: String,
) -> Result<(), AppError> {
    use crate::ssr::db::authoring::{self, Change};
    let pool = super::server::pool().await?;
    let (_, course_id, _) = super::server::course_for_author(&pool, &slug).await?;
    let module = super::server::parse_uuid("module", &module)?;
    let question = super::server::parse_uuid("question", &question)?;
    match authoring::remove_question(&pool, course_id, module, question).await? {
        Change::NotFound => Err(AppError::NotFound),
        Change::Done | Change::AtEdge => {
            super::server::redirect_done(
                &format!("/teach/{slug}/quizzes/{module}"),
                "question_removed",
            );
            Ok(())
        }
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct QuizPreview {
    pub course_slug: String,
    pub course_title: LocalText,
    pub module: Uuid,
    pub module_title: LocalText,
    /// Every question of the bank, as a learner would see it.
    pub questions: Vec<QuestionView>,
    /// What was answered, to show it again beside the result.
    pub given: Vec<(Uuid, Answer)>,
    /// The grade of the answers, with a full review; `None` before any.
    pub result: Option<AttemptResult>,
}

/// The module's quiz (draft, else published) as a learner would take it, and, when
/// `answers` holds a submitted preview form (URL-encoded), its grade. Nothing is saved.
#[server(prefix = "/api", endpoint = "teach/quiz/preview", input = GetUrl)]
pub async fn preview_quiz(
    slug: String,
    module: Uuid,
    lang: Lang,
    #[server(default)] answers: String,
) -> Result<QuizPreview, AppError> {
    use crate::domain::quiz::{AskedQuestion, answers_from_form, meets_pass_mark};
    use crate::ssr::db::authoring;
    use crate::ssr::quiz::Reviewed;
    let pool = super::server::pool().await?;
    let (_, course_id, _) = super::server::course_for_author(&pool, &slug).await?;
    let found = authoring::module_quiz(&pool, course_id, module)
        .await?
        .ok_or(AppError::NotFound)?;
    let course_title = authoring::course_title(&pool, course_id)
        .await?
        .ok_or(AppError::NotFound)?;
    let (rows, settings) = match found.quiz_id {
        Some(quiz) => (
            authoring::questions(&pool, quiz).await?,
            authoring::quiz_settings(&pool, quiz).await?.settings(),
        ),
        None => (Vec::new(), crate::domain::quiz::QuizSettings::default()),
    };
    let fields: Vec<(String, String)> = serde_urlencoded::from_str(&answers)
        .map_err(|_| AppError::field("", crate::error::Problem::Unknown))?;
    let asked: Vec<AskedQuestion> = rows.iter().map(|row| row.spec.asked(row.id)).collect();
    let submitted = answers_from_form(&asked, &fields);
    let given: Vec<(Uuid, Answer)> = submitted
        .iter()
        .filter_map(|(id, answer)| answer.clone().map(|a| (*id, a)))
        .collect();
    let result = (!submitted.is_empty()).then(|| {
        let (mut score, mut max_score) = (0.0, 0.0);
        let review = rows
            .iter()
            .map(|row| {
                let answer = given.iter().find(|(id, _)| *id == row.id).map(|(_, a)| a);
                let graded = row.spec.grade(row.points, answer);
                score += graded.score;
                max_score += f64::from(row.points);
                let question = Reviewed {
                    spec: &row.spec.0,
                    points: row.points,
                    prompt: &row.prompt.0,
                    feedback: &row.feedback.0,
                };
                question.review(answer, graded.score, graded.outcome, lang)
            })
            .collect();
        AttemptResult {
            score,
            max_score,
            percent: if max_score > 0.0 {
                (score * 100.0 / max_score).floor() as i64
            } else {
                0
            },
            passed: meets_pass_mark(settings.pass_percent, score, max_score),
            pass_percent: settings.pass_percent,
            attempts_left: None,
            review: Some(review),
        }
    });
    Ok(QuizPreview {
        course_slug: slug,
        course_title: course_title.resolve(lang),
        module,
        module_title: found.module_title.resolve(lang),
        questions: rows
            .iter()
            .map(|row| row.spec.view(row.id, row.points, &row.prompt, lang, None))
            .collect(),
        given,
        result,
    })
}
