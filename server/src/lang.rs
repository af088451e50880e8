//! `POST /lang`: the language switch. Sets the cookie that the i18n layer reads
//! (before `Accept-Language`) and sends the reader back where they were.
use crate::router::AppState;
use app::{domain::Lang, locale::LANG_COOKIE};
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
    let secure = if state.cookie_secure { "; Secure" } else { "" };
    let cookie = format!(
        "{LANG_COOKIE}={}; Path=/; Max-Age=31536000; SameSite=Lax{secure}",
        lang.code()
    );
    let mut response = (
        StatusCode::SEE_OTHER,
        [(header::LOCATION, local_path(&form.next))],
    )
        .into_response();
    if let Ok(value) = HeaderValue::from_str(&cookie) {
        response.headers_mut().insert(header::SET_COOKIE, value);
    }
    response
}

/// Only paths on this site: anything else (`//evil.example`, `https://…`) goes home,
/// so the switch cannot be used as an open redirect.
fn local_path(next: &str) -> String {
    let is_local = next.starts_with('/') && !next.starts_with("//") && !next.contains('\\');
    let is_clean = !next.chars().any(|c| c.is_control());
    if is_local && is_clean {
        next.to_owned()
    } else {
        "/".to_owned()
    }
}

#[cfg(test)]
mod tests {
    use super::local_path;

    #[test]
    fn keeps_local_paths_only() {
        assert_eq!(local_path("/courses?page=2"), "/courses?page=2");
        assert_eq!(local_path("//evil.example/x"), "/");
        assert_eq!(local_path("https://evil.example"), "/");
        assert_eq!(local_path("/\\evil.example"), "/");
        assert_eq!(local_path("/a\r\nSet-Cookie: x=y"), "/");
        assert_eq!(local_path(""), "/");
    }
}
