//! `POST /lang`: the language switch. Sets the cookie that the i18n layer reads
//! (before `Accept-Language`) and sends the reader back where they were.
use crate::router::AppState;
use app::{
    domain::{Lang, local_path},
    locale::lang_cookie,
};
use axum::{
    Form,
    extract::State,
    http::{HeaderValue, StatusCode, header},
    response::{IntoResponse, Response},
};
use serde::Deserialize;

#[derive(Deserialize)]
pub struct LangForm {
    lang: String,
    #[serde(default)]
    next: String,
}

pub async fn switch(State(state): State<AppState>, Form(form): Form<LangForm>) -> Response {
    let Ok(lang) = form.lang.parse::<Lang>() else {
        return StatusCode::BAD_REQUEST.into_response();
    };
    let mut response = (
        StatusCode::SEE_OTHER,
        [(header::LOCATION, local_path(&form.next))],
    )
        .into_response();
    if let Ok(value) = HeaderValue::from_str(&lang_cookie(lang, state.cookie_secure)) {
        response.headers_mut().insert(header::SET_COOKIE, value);
    }
    response
}
