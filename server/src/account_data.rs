//! `GET /account/data`: "download my data", everything we hold on the signed-in user
//! as one JSON file. A plain link, so it works without JavaScript.
use crate::router::{AppState, status_of, viewer_or_sign_in};
use app::{domain::Permission, error::AppError, ssr::db};
use axum::{
    extract::State,
    http::header,
    response::{IntoResponse, Response},
};
use tower_sessions::Session;

pub async fn download(State(state): State<AppState>, session: Session) -> Response {
    let viewer = match viewer_or_sign_in(&state, &session, Permission::OwnAccount, "/account").await
    {
        Ok(viewer) => viewer,
        Err(response) => return response,
    };
    match db::accounts::export(&state.pool, viewer.id).await {
        Ok(data) => (
            [
                (header::CONTENT_TYPE, "application/json; charset=utf-8"),
                (
                    header::CONTENT_DISPOSITION,
                    "attachment; filename=\"ihrec-learn-my-data.json\"",
                ),
                (header::CACHE_CONTROL, "no-store"),
            ],
            serde_json::to_string_pretty(&data).unwrap_or_default(),
        )
            .into_response(),
        Err(err) => status_of(&AppError::from(err)).into_response(),
    }
}
