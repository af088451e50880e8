//! The current HTTP request and response, as server functions see them.
use crate::domain::Lang;
use crate::locale::lang_cookie;
use axum::http::{HeaderValue, header, request::Parts};
use leptos::prelude::use_context;
use leptos_axum::ResponseOptions;

/// The language the current request is served in (cookie, then `Accept-Language`).
pub fn request_lang() -> Lang {
    use_context::<Parts>().map_or_else(Lang::default, |parts| {
        crate::locale::lang_of_headers(&parts.headers)
    })
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
