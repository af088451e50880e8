//! A microcache of the public pages that anonymous readers load most: home, the
//! catalogue, course pages, lesson previews, the city list and certificate checks.
//!
//! When a city announces its mandatory course, thousands of people open the same few
//! pages within minutes. Each of them is a full render with its queries; the page is the
//! same for everyone without a session who sends the same language preference. So such
//! a page is kept for a couple of seconds (`PAGE_CACHE_MILLIS`) and sent again as is,
//! with a fresh CSP nonce.
//!
//! Freshness:
//! - Anything that may write (every method but GET/HEAD/OPTIONS) and every server error
//!   starts a new *generation*. The generation is part of the key, so no page rendered
//!   before the write finished is served after it, on this instance. A page rendered
//!   while the write was running was stored under the old generation and is never read.
//! - Other instances see the change when their copy expires, at most the TTL later
//!   (docs/scaling.md).
//!
//! Privacy: only requests without a session cookie are looked up or stored, and only
//! `200 text/html` answers that set no cookie and do not say `private` or `no-store`.
use axum::{
    body::{Body, Bytes},
    extract::{Request, State},
    http::{HeaderMap, HeaderValue, Method, StatusCode, header},
    middleware::Next,
    response::{IntoResponse, Response},
};
use std::{
    sync::{
        Arc,
        atomic::{AtomicU64, Ordering},
    },
    time::Duration,
};

/// Pages larger than this are not kept (ours are under 50 KB; see the page-weight test).
const MAX_PAGE_BYTES: usize = 512 * 1024;
/// Memory the cache may hold in all, in bytes of page bodies.
const MAX_TOTAL_BYTES: u64 = 16 * 1024 * 1024;

#[derive(Clone)]
pub struct PageCache {
    inner: Arc<Inner>,
}

struct Inner {
    pages: moka::sync::Cache<Key, Arc<Page>>,
    generation: AtomicU64,
    session_cookie: &'static str,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq)]
struct Key {
    generation: u64,
    path_and_query: String,
    /// The page's language comes from our cookie or `Accept-Language`.
    cookie: Option<HeaderValue>,
    accept_language: Option<HeaderValue>,
}

struct Page {
    headers: HeaderMap,
    body: Bytes,
    /// The nonce this copy was rendered with, in its body and its CSP header.
    nonce: Option<String>,
}

impl PageCache {
    /// `None` when `ttl` is zero: caching is off.
    pub fn new(ttl: Duration, session_cookie: &'static str) -> Option<Self> {
        if ttl.is_zero() {
            return None;
        }
        let pages = moka::sync::Cache::builder()
            .time_to_live(ttl)
            .max_capacity(MAX_TOTAL_BYTES)
            .weigher(|key: &Key, page: &Arc<Page>| {
                u32::try_from(page.body.len() + key.path_and_query.len()).unwrap_or(u32::MAX)
            })
            .build();
        Some(PageCache {
            inner: Arc::new(Inner {
                pages,
                generation: AtomicU64::new(0),
                session_cookie,
            }),
        })
    }

    /// Pages stored so far have been superseded by a write (or an outage).
    fn new_generation(&self) {
        self.inner.generation.fetch_add(1, Ordering::AcqRel);
    }

    /// The cache key, when this request may be answered from the cache.
    fn key_for(&self, request: &Request) -> Option<Key> {
        if request.method() != Method::GET || !is_public_page(request.uri().path()) {
            return None;
        }
        let headers = request.headers();
        let cookie = headers.get(header::COOKIE).cloned();
        if cookie
            .as_ref()
            .is_some_and(|value| has_cookie(value, self.inner.session_cookie))
        {
            return None;
        }
        Some(Key {
            generation: self.inner.generation.load(Ordering::Acquire),
            path_and_query: request.uri().path_and_query()?.as_str().to_owned(),
            cookie,
            accept_language: headers.get(header::ACCEPT_LANGUAGE).cloned(),
        })
    }
}

/// The middleware: answers from the cache, or renders and keeps what may be kept.
pub async fn serve(
    State(cache): State<Option<PageCache>>,
    request: Request,
    next: Next,
) -> Response {
    let Some(cache) = cache else {
        return next.run(request).await;
    };
    let Some(key) = cache.key_for(&request) else {
        let may_write = !request.method().is_safe();
        let response = next.run(request).await;
        if may_write || response.status().is_server_error() {
            cache.new_generation();
        }
        return response;
    };
    if let Some(page) = cache.inner.pages.get(&key) {
        return page.replay();
    }
    let response = next.run(request).await;
    if response.status().is_server_error() {
        cache.new_generation();
        return response;
    }
    if !may_keep(&response) {
        return response;
    }
    let (parts, body) = response.into_parts();
    let Ok(body) = axum::body::to_bytes(body, MAX_PAGE_BYTES).await else {
        tracing::warn!(path = %key.path_and_query, "page too large or broken; not cached");
        return StatusCode::INTERNAL_SERVER_ERROR.into_response();
    };
    let page = Page {
        nonce: csp_nonce(&parts.headers),
        headers: parts.headers.clone(),
        body: body.clone(),
    };
    cache.inner.pages.insert(key, Arc::new(page));
    Response::from_parts(parts, Body::from(body))
}

impl Page {
    /// This page again, with a nonce of its own: a nonce must not be guessable from an
    /// earlier response.
    fn replay(&self) -> Response {
        let mut headers = self.headers.clone();
        let body = match &self.nonce {
            None => self.body.clone(),
            Some(old) => {
                let fresh = leptos::nonce::Nonce::new().to_string();
                if let Some(policy) = headers
                    .get(header::CONTENT_SECURITY_POLICY)
                    .and_then(|v| v.to_str().ok())
                    .and_then(|v| HeaderValue::from_str(&v.replace(old.as_str(), &fresh)).ok())
                {
                    headers.insert(header::CONTENT_SECURITY_POLICY, policy);
                }
                // Rendered HTML is UTF-8; the nonce is base64, so it matches only itself.
                match std::str::from_utf8(&self.body) {
                    Ok(html) => Bytes::from(html.replace(old.as_str(), &fresh)),
                    Err(_) => self.body.clone(),
                }
            }
        };
        let mut response = Response::new(Body::from(body));
        *response.headers_mut() = headers;
        response
    }
}

/// The pages anyone may read without signing in, and that are the same for all of them.
fn is_public_page(path: &str) -> bool {
    path == "/"
        || path == "/cities"
        || path == "/courses"
        || path.starts_with("/courses/")
        || path.starts_with("/verify/")
}

fn may_keep(response: &Response) -> bool {
    let headers = response.headers();
    let text = |name| {
        headers
            .get(name)
            .and_then(|v: &HeaderValue| v.to_str().ok())
    };
    response.status() == StatusCode::OK
        && !headers.contains_key(header::SET_COOKIE)
        && text(header::CONTENT_TYPE).is_some_and(|v| v.starts_with("text/html"))
        && !text(header::CACHE_CONTROL)
            .is_some_and(|v| v.contains("private") || v.contains("no-store"))
}

fn has_cookie(header: &HeaderValue, name: &str) -> bool {
    header.to_str().is_ok_and(|cookies| {
        cookies
            .split(';')
            .filter_map(|pair| pair.split_once('='))
            .any(|(key, _)| key.trim() == name)
    })
}

/// `'nonce-…'` in the Content-Security-Policy header.
fn csp_nonce(headers: &HeaderMap) -> Option<String> {
    let policy = headers
        .get(header::CONTENT_SECURITY_POLICY)?
        .to_str()
        .ok()?;
    let start = policy.find("'nonce-")? + "'nonce-".len();
    let len = policy[start..].find('\'')?;
    Some(policy[start..start + len].to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_the_session_cookie_among_others() {
        let name = "ihrec_session";
        assert!(has_cookie(
            &HeaderValue::from_static("lang=ko; ihrec_session=abc"),
            name
        ));
        assert!(!has_cookie(
            &HeaderValue::from_static("lang=ko; not_ihrec_session=abc"),
            name
        ));
        assert!(!has_cookie(&HeaderValue::from_static("lang=ko"), name));
    }

    #[test]
    fn reads_the_nonce_from_the_policy() {
        let mut headers = HeaderMap::new();
        headers.insert(
            header::CONTENT_SECURITY_POLICY,
            HeaderValue::from_static(
                "default-src 'self'; script-src 'self' 'nonce-AbC+/9=' 'wasm-unsafe-eval'",
            ),
        );
        assert_eq!(csp_nonce(&headers).as_deref(), Some("AbC+/9="));
        assert_eq!(csp_nonce(&HeaderMap::new()), None);
    }

    #[test]
    fn only_public_pages_are_candidates() {
        for path in [
            "/",
            "/courses",
            "/courses/housing/lessons/rights",
            "/verify/7K3M",
            "/cities",
        ] {
            assert!(is_public_page(path), "{path}");
        }
        for path in [
            "/me/learning",
            "/sign-in",
            "/teach/housing",
            "/api/mark_done",
            "/org/gwangju",
            "/coursesx",
        ] {
            assert!(!is_public_page(path), "{path}");
        }
    }
}
