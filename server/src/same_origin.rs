//! Cross-site request forgery defence. Leptos server functions do no CSRF check, so
//! this layer refuses every state-changing request (anything but GET, HEAD, OPTIONS)
//! that does not provably come from a page of this site: its `Origin` must be ours;
//! without `Origin`, `Sec-Fetch-Site` must say `same-origin`; without either, the
//! `Referer` must be ours. A request with none of the three is refused.
use app::{error::AppError, ssr::messages};
use axum::{
    extract::{Request, State},
    http::{HeaderMap, HeaderName, Method, StatusCode, header},
    middleware::Next,
    response::{Html, IntoResponse, Response},
};

/// What counts as this site.
#[derive(Clone, Debug)]
pub struct SiteOrigin {
    /// `scheme://host[:port]` from `PUBLIC_URL`; `None` means "the request's own `Host`".
    pub configured: Option<String>,
}

pub async fn require_same_origin(
    State(site): State<SiteOrigin>,
    request: Request,
    next: Next,
) -> Response {
    if matches!(
        *request.method(),
        Method::GET | Method::HEAD | Method::OPTIONS
    ) || is_same_origin(request.headers(), &site)
    {
        return next.run(request).await;
    }
    tracing::warn!(
        origin = ?request.headers().get(header::ORIGIN),
        path = %request.uri().path(),
        "cross-origin request refused"
    );
    refusal(request.headers())
}

pub fn is_same_origin(headers: &HeaderMap, site: &SiteOrigin) -> bool {
    let text = |name| headers.get(name).and_then(|v| v.to_str().ok());
    let matches = |origin: &str| match &site.configured {
        Some(expected) => origin.eq_ignore_ascii_case(expected),
        None => {
            let authority = origin.split_once("://").map(|(_, rest)| rest);
            authority.is_some() && authority == text(header::HOST)
        }
    };
    if let Some(origin) = text(header::ORIGIN) {
        return matches(origin);
    }
    if let Some(site) = text(HeaderName::from_static("sec-fetch-site")) {
        return site == "same-origin";
    }
    text(header::REFERER)
        .and_then(origin_of)
        .is_some_and(|origin| matches(&origin))
}

/// `scheme://authority` of a URL.
fn origin_of(url: &str) -> Option<String> {
    let (scheme, rest) = url.split_once("://")?;
    let authority = rest.split(['/', '?', '#']).next()?;
    Some(format!("{scheme}://{authority}"))
}

/// A page for people, the app's JSON error for the app's own client.
fn refusal(headers: &HeaderMap) -> Response {
    let wants_html = headers
        .get(header::ACCEPT)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|accept| accept.contains("text/html"));
    if !wants_html {
        let body = serde_json::to_string(&AppError::Forbidden).unwrap_or_default();
        return (
            StatusCode::FORBIDDEN,
            [(header::CONTENT_TYPE, "application/json")],
            body,
        )
            .into_response();
    }
    let lang = app::locale::lang_of_headers(headers);
    let text = messages::cross_origin_page(lang);
    let page = format!(
        "<!DOCTYPE html><html lang=\"{lang}\"><head><meta charset=\"utf-8\">\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
         <title>{title}</title><link rel=\"stylesheet\" href=\"/pkg/ihrec-learn.css\"></head>\
         <body><main id=\"main\" class=\"standalone\"><h1>{title}</h1><p>{body}</p>\
         <p><a href=\"/\">{home}</a></p></main></body></html>",
        lang = lang.code(),
        title = text.title,
        body = text.body,
        home = text.home,
    );
    (StatusCode::FORBIDDEN, Html(page)).into_response()
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::HeaderValue;

    fn headers(pairs: &[(&'static str, &'static str)]) -> HeaderMap {
        let mut map = HeaderMap::new();
        for (name, value) in pairs {
            map.insert(*name, HeaderValue::from_static(value));
        }
        map
    }

    #[test]
    fn origin_must_match_host_or_configured_url() {
        let by_host = SiteOrigin { configured: None };
        let configured = SiteOrigin {
            configured: Some("https://learn.example.org".into()),
        };
        assert!(is_same_origin(
            &headers(&[
                ("host", "127.0.0.1:3000"),
                ("origin", "http://127.0.0.1:3000")
            ]),
            &by_host
        ));
        assert!(!is_same_origin(
            &headers(&[
                ("host", "127.0.0.1:3000"),
                ("origin", "http://evil.example")
            ]),
            &by_host
        ));
        assert!(!is_same_origin(
            &headers(&[("host", "127.0.0.1:3000"), ("origin", "null")]),
            &by_host
        ));
        assert!(is_same_origin(
            &headers(&[("origin", "https://learn.example.org")]),
            &configured
        ));
        assert!(!is_same_origin(
            &headers(&[("origin", "http://learn.example.org")]),
            &configured
        ));
    }

    #[test]
    fn falls_back_to_fetch_metadata_then_referer() {
        let site = SiteOrigin { configured: None };
        assert!(is_same_origin(
            &headers(&[("sec-fetch-site", "same-origin")]),
            &site
        ));
        assert!(!is_same_origin(
            &headers(&[("sec-fetch-site", "cross-site")]),
            &site
        ));
        assert!(is_same_origin(
            &headers(&[("host", "a.test"), ("referer", "https://a.test/x?y")]),
            &site
        ));
        assert!(!is_same_origin(
            &headers(&[("host", "a.test"), ("referer", "https://a.test.evil/x")]),
            &site
        ));
        assert!(!is_same_origin(&headers(&[("host", "a.test")]), &site));
    }
}
