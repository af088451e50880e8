//! The current HTTP request and response, as server functions see them.
use crate::domain::Lang;
use crate::locale::{lang_cookie, negotiate};
use axum::http::{HeaderValue, header, request::Parts};
use leptos::prelude::use_context;
use leptos_axum::ResponseOptions;

/// The language the current request is served in (cookie, then `Accept-Language`).
pub fn request_lang() -> Lang {
    let Some(parts) = use_context::<Parts>() else {
        return Lang::default();
    };
    let cookies: Vec<&str> = parts
        .headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .collect();
    let accept = parts
        .headers
        .get(header::ACCEPT_LANGUAGE)
        .and_then(|v| v.to_str().ok());
    negotiate(&cookies, accept)
}

/// Makes `lang` the reader's interface language from the next page on.
pub fn set_lang_cookie(lang: Lang) {
    let secure = super::ctx::services()
        .map(|s| s.cookie_secure)
        .unwrap_or(true);
    if let (Some(response), Ok(value)) = (
        use_context::<ResponseOptions>(),
        HeaderValue::from_str(&lang_cookie(lang, secure)),
    ) {
        response.append_header(header::SET_COOKIE, value);
    }
}
