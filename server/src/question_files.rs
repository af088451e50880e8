//! The two question-bank requests that are files: uploading a GIFT or Aiken file, or
//! the same text pasted (multipart, so it works as a plain form without JavaScript;
//! the upload is kept and its report shown before anything is imported) and downloading a quiz's questions as
//! GIFT.
use crate::router::{AppState, course_for_author, status_of};
use app::domain::Lang;
use app::domain::question_formats::{ExportQuestion, to_gift};
use app::error::AppError;
use app::ssr::db::authoring;
use axum::{
    extract::{Multipart, Path, State},
    http::{HeaderMap, StatusCode, header},
    response::{IntoResponse, Redirect, Response},
};
use tower_sessions::Session;
use uuid::Uuid;

/// The largest question file accepted: a bank of a thousand questions fits easily.
pub const MAX_UPLOAD_BYTES: usize = 1024 * 1024;

/// `POST /teach/{slug}/quizzes/{module}/import`: keeps the file, then shows its report.
pub async fn upload(
    State(state): State<AppState>,
    session: Session,
    Path((slug, module)): Path<(String, Uuid)>,
    mut form: Multipart,
) -> Response {
    let bank = format!("/teach/{slug}/quizzes/{module}");
    let (viewer, course) = match course_for_author(&state, &session, &slug, &bank).await {
        Ok(found) => found,
        Err(response) => return response,
    };
    let (mut format, mut lang, mut text) = (String::new(), Lang::En, None);
    while let Ok(Some(field)) = form.next_field().await {
        match field.name() {
            Some("format") => format = field.text().await.unwrap_or_default(),
            Some("lang") => {
                lang = field
                    .text()
                    .await
                    .ok()
                    .and_then(|l| l.parse().ok())
                    .unwrap_or(Lang::En)
            }
            // A file, or the same text pasted into the form (a file wins when both come).
            Some(name @ ("file" | "text")) => {
                let is_file = name == "file";
                let read = field
                    .bytes()
                    .await
                    .ok()
                    .and_then(|b| String::from_utf8(b.to_vec()).ok())
                    .filter(|t| !t.trim().is_empty());
                if read.is_some() && (is_file || text.is_none()) {
                    text = read;
                }
            }
            _ => {}
        }
    }
    let refused = Redirect::to(&format!("{bank}?upload=invalid#import")).into_response();
    let Some(text) = text.filter(|t| !t.trim().is_empty()) else {
        return refused;
    };
    if !matches!(format.as_str(), "gift" | "aiken") {
        return refused;
    }
    match authoring::module_quiz(&state.pool, course, module).await {
        Ok(Some(_)) => {}
        Ok(None) => return StatusCode::NOT_FOUND.into_response(),
        Err(err) => return status_of(&AppError::from(err)).into_response(),
    }
    match authoring::save_import(&state.pool, course, module, &format, lang, &text, viewer.id).await
    {
        Ok(import) => Redirect::to(&format!("{bank}/imports/{import}")).into_response(),
        Err(err) => status_of(&AppError::from(err)).into_response(),
    }
}

/// `GET /teach/{slug}/quizzes/{module}/questions.gift`: the module's questions (as in
/// the draft, else as published), in the reader's language where written in it.
pub async fn export(
    State(state): State<AppState>,
    session: Session,
    headers: HeaderMap,
    Path((slug, module)): Path<(String, Uuid)>,
) -> Response {
    let bank = format!("/teach/{slug}/quizzes/{module}");
    let (_, course) = match course_for_author(&state, &session, &slug, &bank).await {
        Ok(found) => found,
        Err(response) => return response,
    };
    let lang = app::locale::lang_of_headers(&headers);
    let quiz = match authoring::module_quiz(&state.pool, course, module).await {
        Ok(Some(found)) => found.quiz_id,
        Ok(None) => return StatusCode::NOT_FOUND.into_response(),
        Err(err) => return status_of(&AppError::from(err)).into_response(),
    };
    let rows = match quiz {
        Some(quiz) => match authoring::questions(&state.pool, quiz).await {
            Ok(rows) => rows,
            Err(err) => return status_of(&AppError::from(err)).into_response(),
        },
        None => Vec::new(),
    };
    // Each question in the reader's language when it has it, else in its other one.
    let texts: Vec<(Lang, String, Option<String>)> = rows
        .iter()
        .map(|row| {
            let prompt = row.prompt.resolve(lang);
            let feedback = row.feedback.get(prompt.lang).map(str::to_owned);
            (prompt.lang, prompt.text, feedback)
        })
        .collect();
    let questions: Vec<ExportQuestion<'_>> = rows
        .iter()
        .zip(&texts)
        .map(|(row, (lang, prompt, feedback))| ExportQuestion {
            title: None,
            prompt,
            feedback: feedback.as_deref(),
            spec: &row.spec,
            lang: *lang,
        })
        .collect();
    (
        [
            (header::CONTENT_TYPE, "text/plain; charset=utf-8".to_owned()),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"questions-{module}.gift\""),
            ),
            (header::CACHE_CONTROL, "private, no-store".to_owned()),
        ],
        to_gift(&questions),
    )
        .into_response()
}
