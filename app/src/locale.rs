//! Which language a request is served in: the `i18n_pref_locale` cookie set by the
//! language switch (`POST /lang`), else the browser's `Accept-Language`, else English.
//!
//! The server decides, and renders each page in that language. The i18n
//! library's own cookie handling is off, so no page response ever sets a cookie: only
//! the switch does, with the attributes the server chooses.
use crate::domain::Lang;
use crate::i18n::*;
use leptos_i18n::context::UseLocalesOptions;

/// The cookie that remembers the reader's choice.
pub const LANG_COOKIE: &str = "i18n_pref_locale";

impl From<Locale> for Lang {
    fn from(locale: Locale) -> Self {
        match locale {
            Locale::en => Lang::En,
            Locale::ko => Lang::Ko,
        }
    }
}

/// The reader's language, for resources to key on. A plain value, not a signal: the
/// language switch is a form that reloads the page, so it never changes under a page.
pub fn use_lang() -> Lang {
    Lang::from(use_i18n().get_locale_untracked())
}

/// Tells the i18n layer, during server rendering, which languages the request asks for:
/// the cookie's language first, then the `Accept-Language` list.
pub fn request_languages() -> UseLocalesOptions {
    UseLocalesOptions::default().ssr_lang_header_getter(move || {
        #[cfg(feature = "ssr")]
        {
            use axum::http::{header, request::Parts};
            let parts = leptos::prelude::use_context::<Parts>()?;
            let from_cookie = parts
                .headers
                .get_all(header::COOKIE)
                .iter()
                .filter_map(|value| value.to_str().ok())
                .find_map(cookie_lang);
            let accept = parts
                .headers
                .get(header::ACCEPT_LANGUAGE)
                .and_then(|v| v.to_str().ok());
            match (from_cookie, accept) {
                (Some(lang), Some(accept)) => Some(format!("{},{accept}", lang.code())),
                (Some(lang), None) => Some(lang.code().to_owned()),
                (None, accept) => accept.map(str::to_owned),
            }
        }
        #[cfg(not(feature = "ssr"))]
        None
    })
}

/// The language in a `Cookie` header's `i18n_pref_locale`, if valid.
pub fn cookie_lang(cookie_header: &str) -> Option<Lang> {
    cookie_header
        .split(';')
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(name, _)| *name == LANG_COOKIE)
        .and_then(|(_, value)| value.trim().parse().ok())
}

/// The `Set-Cookie` value that remembers `lang` for a year.
pub fn lang_cookie(lang: Lang, secure: bool) -> String {
    let secure = if secure { "; Secure" } else { "" };
    format!(
        "{LANG_COOKIE}={}; Path=/; Max-Age=31536000; SameSite=Lax{secure}",
        lang.code()
    )
}

/// The language to serve: the cookie's, else the first supported one in
/// `Accept-Language` (weights are ignored: browsers list in preference order), else English.
pub fn negotiate(cookie_headers: &[&str], accept_language: Option<&str>) -> Lang {
    cookie_headers
        .iter()
        .find_map(|header| cookie_lang(header))
        .or_else(|| {
            accept_language?
                .split(',')
                .find_map(|tag| tag.split(';').next()?.trim().parse().ok())
        })
        .unwrap_or_default()
}

/// The language of a request from its headers (the language cookie, then
/// `Accept-Language`), for the server's handlers outside Leptos.
#[cfg(feature = "ssr")]
pub fn lang_of_headers(headers: &axum::http::HeaderMap) -> Lang {
    use axum::http::header;
    let cookies: Vec<&str> = headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .collect();
    let accept = headers
        .get(header::ACCEPT_LANGUAGE)
        .and_then(|v| v.to_str().ok());
    negotiate(&cookies, accept)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_language_cookie_among_others() {
        assert_eq!(cookie_lang("a=1; i18n_pref_locale=ko; b=2"), Some(Lang::Ko));
        assert_eq!(cookie_lang("i18n_pref_locale=en"), Some(Lang::En));
        assert_eq!(cookie_lang("i18n_pref_locale=fr"), None);
        assert_eq!(cookie_lang("x_i18n_pref_locale=ko"), None);
        assert_eq!(cookie_lang(""), None);
    }

    #[test]
    fn negotiates_cookie_then_accept_language() {
        assert_eq!(negotiate(&["i18n_pref_locale=ko"], Some("en")), Lang::Ko);
        assert_eq!(negotiate(&[], Some("fr-FR, ko;q=0.8, en;q=0.5")), Lang::Ko);
        assert_eq!(negotiate(&[], Some("fr")), Lang::En);
        assert_eq!(negotiate(&[], None), Lang::En);
    }
}
