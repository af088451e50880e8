//! What a server function may ask of the request it serves. The server provides a
//! [`Services`] value as Leptos context for every page render and server-function call,
//! and a [`RequestScope`] in the request's extensions, with the signed-in user already
//! read (`server::router`), so that a page knows its viewer before it renders.
use super::auth::AuthSettings;
use super::mail::Mailer;
use crate::domain::Viewer;
use crate::error::AppError;
use axum::http::request::Parts;
use leptos::prelude::use_context;
use sqlx::PgPool;
use std::sync::Arc;
use tokio::sync::Mutex;

/// Long-lived services, cloned into every request.
#[derive(Clone)]
pub struct Services {
    pub pool: PgPool,
    pub auth: AuthSettings,
    pub mailer: Arc<dyn Mailer>,
    /// The site's public address (scheme, host and port, no trailing slash), for links in mail.
    pub public_url: String,
    /// Whether cookies we set ourselves (the language choice) carry `Secure`.
    pub cookie_secure: bool,
}

/// Values computed at most once per request.
#[derive(Clone, Default)]
pub struct RequestScope {
    /// `None` until the session has been read; then the signed-in user, if any. An
    /// async lock: resources of one page that ask at the same time wait for one read.
    pub(super) viewer: Arc<Mutex<Option<Option<Viewer>>>>,
}

impl RequestScope {
    /// A scope whose signed-in user (or nobody) is already known.
    pub fn known(viewer: Option<Viewer>) -> Self {
        Self {
            viewer: Arc::new(Mutex::new(Some(viewer))),
        }
    }
}

pub fn services() -> Result<Services, AppError> {
    use_context::<Services>().ok_or_else(|| {
        tracing::error!("no Services in the Leptos context");
        AppError::Internal
    })
}

/// The shared connection pool.
pub fn pool() -> Result<PgPool, AppError> {
    Ok(services()?.pool)
}

/// The request's scope: the one the server put in the request's extensions, else one
/// provided as context, else a fresh one (nothing shared).
pub(super) fn request_scope() -> RequestScope {
    use_context::<Parts>()
        .and_then(|parts| parts.extensions.get::<RequestScope>().cloned())
        .or_else(use_context::<RequestScope>)
        .unwrap_or_default()
}
