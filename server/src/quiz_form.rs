//! `POST /attempts/{id}`: the attempt page's form, posted by its buttons (with or
//! without JavaScript; the autosave island posts each change to `/api/quiz/autosave`). "Save answers" saves and comes back to the attempt;
//! "Submit for grading" saves, grades and shows the result. A quiz with one question
//! per page posts `page-N` (save, then go to question N) or `save-N` (save, stay). An attempt whose time is
//! up is graded with what was saved in time, and the learner sees that result.
use crate::router::{AppState, status_of, viewer_or_sign_in};
use app::{
    domain::Permission,
    error::AppError,
    ssr::{db, quiz},
};
use axum::{
    Form,
    extract::{Path, State},
    http::StatusCode,
    response::{IntoResponse, Redirect, Response},
};
use tower_sessions::Session;
use uuid::Uuid;

pub async fn post(
    State(state): State<AppState>,
    session: Session,
    Path(attempt): Path<String>,
    Form(fields): Form<Vec<(String, String)>>,
) -> Response {
    let Ok(attempt) = attempt.parse::<Uuid>() else {
        return StatusCode::NOT_FOUND.into_response();
    };
    let here = format!("/attempts/{attempt}");
    let viewer = match viewer_or_sign_in(&state, &session, Permission::OwnAccount, &here).await {
        Ok(viewer) => viewer,
        Err(response) => return response,
    };
    let intent = fields
        .iter()
        .find(|(name, _)| name == "intent")
        .map_or("save", |(_, value)| value.as_str());
    // Where to go after saving: another page of a paged quiz, or back with "saved".
    let after_save = match intent {
        "submit" => None,
        _ => Some(match intent.split_once('-') {
            Some(("page", n)) => format!("{here}?page={}", n.parse::<usize>().unwrap_or(1)),
            Some(("save", n)) => format!("{here}?page={}&saved=1", n.parse::<usize>().unwrap_or(1)),
            _ => format!("{here}?saved=1"),
        }),
    };
    let final_answers = match after_save {
        Some(next) => match quiz::save_form(&state.pool, viewer.id, attempt, &fields).await {
            Ok(()) => return Redirect::to(&next).into_response(),
            // Time is up (or it was submitted in another tab): grade it, show the result.
            Err(AppError::Invalid(_)) => Vec::new(),
            Err(error) => return status_of(&error).into_response(),
        },
        // Submitted: the last answers are written in the grading's own transaction.
        None => match quiz::form_answers(&state.pool, viewer.id, attempt, &fields).await {
            Ok(answers) => answers,
            Err(error) => return status_of(&error).into_response(),
        },
    };
    match db::quiz::submit_with(&state.pool, viewer.id, attempt, &final_answers).await {
        Ok(db::quiz::Submitted::Graded { .. }) => Redirect::to(&here).into_response(),
        Ok(db::quiz::Submitted::NotFound) => StatusCode::NOT_FOUND.into_response(),
        Err(error) => status_of(&AppError::from(error)).into_response(),
    }
}
