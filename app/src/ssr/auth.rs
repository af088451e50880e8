//! Who is asking, and may they? The one place that turns a session into a [`Viewer`]
//! and a [`Permission`] into an allow or a deny. Every server function and handler
//! that is not public calls [`require`] (or [`require_viewer`] outside Leptos).
//!
//! A session stores only `{user_id, epoch, signed_in_at, touched_at}`. Each request
//! re-reads the user's role and `session_epoch` (with the session itself: see
//! [`super::sessions`]), so a role change or "sign out everywhere" (which bumps the
//! epoch) takes effect on the very next request, on every device.
use super::ctx;
use super::db;
use super::db::accounts::ViewerRow;
use super::sessions::{AUTH_KEY, OWNER_KEY};
use crate::domain::{Permission, Viewer};
use crate::error::AppError;
use serde::{Deserialize, Serialize};
use sqlx::PgPool;
use std::time::Duration;
use time::OffsetDateTime;
use tower_sessions::Session;
use uuid::Uuid;

/// A session in use is renewed (its idle expiry pushed back, its cookie re-sent) when
/// it was last renewed longer ago than this: at most one write per session per period,
/// rather than one per request. So "idle for N minutes" ends a session after N minus at
/// most this many minutes without a request.
const RENEW_AFTER_SECS: i64 = 5 * 60;

/// Limits that come from the server's configuration.
#[derive(Clone, Debug)]
pub struct AuthSettings {
    /// A session is ended this long after sign-in, however active it is.
    pub absolute_lifetime: Duration,
    /// Sign-in failures (or registration/reset requests) allowed per account per window.
    pub attempts_per_account: u32,
    /// Attempts allowed per client address per window, all accounts together.
    pub attempts_per_address: u32,
    pub attempt_window: Duration,
}

#[derive(Debug, Serialize, Deserialize)]
struct SessionAuth {
    user_id: Uuid,
    epoch: i32,
    signed_in_at: i64,
    /// When the session was last renewed (unix seconds).
    #[serde(default)]
    touched_at: i64,
}

/// The signed-in user of this session, or `None`. An expired or revoked session is
/// flushed on the spot (server-side record and cookie).
pub async fn load_viewer(
    session: &Session,
    pool: &PgPool,
    settings: &AuthSettings,
) -> Result<Option<Viewer>, AppError> {
    let Some(auth) = session.get::<SessionAuth>(AUTH_KEY).await? else {
        return Ok(None);
    };
    let now = OffsetDateTime::now_utc().unix_timestamp();
    let age = now - auth.signed_in_at;
    if age < 0 || age as u64 > settings.absolute_lifetime.as_secs() {
        session.flush().await?;
        return Ok(None);
    }
    // The store read the user with the session; the row is the session's own user's
    // unless someone else signed in earlier in this request.
    let row = match session.get::<ViewerRow>(OWNER_KEY).await? {
        Some(row) if row.id == auth.user_id => Some(row),
        _ => db::accounts::viewer(pool, auth.user_id).await?,
    };
    match row {
        Some(row) if row.session_epoch == auth.epoch => {
            if now - auth.touched_at.max(auth.signed_in_at) > RENEW_AFTER_SECS {
                let renewed = SessionAuth {
                    touched_at: now,
                    ..auth
                };
                session.insert(AUTH_KEY, renewed).await?;
            }
            Ok(Some(row.into_viewer()))
        }
        _ => {
            session.flush().await?;
            Ok(None)
        }
    }
}

/// Allows or refuses: `Unauthenticated` for nobody, `Forbidden` for the wrong somebody.
pub fn authorize(viewer: Option<Viewer>, permission: Permission) -> Result<Viewer, AppError> {
    match viewer {
        None => Err(AppError::Unauthenticated),
        Some(viewer) if viewer.may(permission) => Ok(viewer),
        Some(_) => Err(AppError::Forbidden),
    }
}

/// For axum handlers outside Leptos.
pub async fn require_viewer(
    session: &Session,
    pool: &PgPool,
    settings: &AuthSettings,
    permission: Permission,
) -> Result<Viewer, AppError> {
    authorize(load_viewer(session, pool, settings).await?, permission)
}

/// The signed-in user of the current request (read once per request).
pub async fn viewer() -> Result<Option<Viewer>, AppError> {
    let scope = ctx::request_scope();
    let mut slot = scope.viewer.lock().await;
    if let Some(known) = slot.as_ref() {
        return Ok(known.clone());
    }
    let services = ctx::services()?;
    let viewer = load_viewer(&session().await?, &services.pool, &services.auth).await?;
    *slot = Some(viewer.clone());
    Ok(viewer)
}

/// The signed-in user, if the request's scope already knows them, without waiting: for
/// rendering, where the server has read the user before the page starts (see
/// [`ctx::RequestScope::known`]). `None` when nobody is signed in or nothing was read.
pub fn known_viewer() -> Option<Viewer> {
    let scope = ctx::request_scope();
    let slot = scope.viewer.try_lock().ok()?;
    slot.clone().flatten()
}

/// The current user, if they hold `permission`; the error to return otherwise.
pub async fn require(permission: Permission) -> Result<Viewer, AppError> {
    authorize(viewer().await?, permission)
}

/// Signs `user_id` in: a new session id (no fixation), then the auth record.
pub async fn start_session(user_id: Uuid, epoch: i32) -> Result<(), AppError> {
    let session = session().await?;
    session.cycle_id().await?;
    let now = OffsetDateTime::now_utc().unix_timestamp();
    session
        .insert(
            AUTH_KEY,
            SessionAuth {
                user_id,
                epoch,
                signed_in_at: now,
                touched_at: now,
            },
        )
        .await?;
    *ctx::request_scope().viewer.lock().await = None;
    Ok(())
}

/// Signs out: deletes the session record on the server and expires the cookie.
pub async fn end_session() -> Result<(), AppError> {
    session().await?.flush().await?;
    *ctx::request_scope().viewer.lock().await = Some(None);
    Ok(())
}

async fn session() -> Result<Session, AppError> {
    leptos_axum::extract::<Session>().await.map_err(|err| {
        tracing::error!(error = %err, "no session layer in front of the app");
        AppError::Internal
    })
}
