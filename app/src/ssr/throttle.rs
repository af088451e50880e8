//! Rate limits for sign-in, registration and password reset, kept in PostgreSQL so
//! they hold across app nodes and restarts. Each attempt is a row keyed by a SHA-256
//! of what is limited (an account's email or a client address), never the value itself.
use super::auth::AuthSettings;
use crate::error::AppError;
use sha2::{Digest, Sha256};
use sqlx::PgPool;
use std::time::Duration;

#[derive(Clone, Copy, Debug)]
pub enum Action {
    SignIn,
    Register,
    Reset,
}

impl Action {
    fn code(self) -> &'static str {
        match self {
            Action::SignIn => "sign_in",
            Action::Register => "register",
            Action::Reset => "reset",
        }
    }
}

/// One thing that is limited, with its allowance.
pub struct Limit {
    subject: Vec<u8>,
    max: u32,
    window: Duration,
}

impl Limit {
    /// Per account: `email` in any case counts as the same account.
    pub fn account(email: &str, settings: &AuthSettings) -> Self {
        Limit {
            subject: digest("account", &email.to_lowercase()),
            max: settings.attempts_per_account,
            window: settings.attempt_window,
        }
    }

    /// Per client address, whatever account is tried.
    pub fn address(address: &str, settings: &AuthSettings) -> Self {
        Limit {
            subject: digest("address", address),
            max: settings.attempts_per_address,
            window: settings.attempt_window,
        }
    }
}

fn digest(kind: &str, value: &str) -> Vec<u8> {
    Sha256::new()
        .chain_update(kind)
        .chain_update(":")
        .chain_update(value)
        .finalize()
        .to_vec()
}

/// `TooManyRequests` (with the seconds until a slot frees up) if `limit` is used up.
/// Refuses when the window already holds `max` attempts (`max` 0: no limit at all).
pub async fn check(pool: &PgPool, action: Action, limit: &Limit) -> Result<(), AppError> {
    if limit.max == 0 {
        return Ok(());
    }
    // Counts at most `max` rows, the oldest first: the work per attempt stays bounded
    // by the limit, however many attempts a busy address has made.
    let (count, retry_after): (i64, Option<f64>) = sqlx::query_as(
        "select count(*),
                extract(epoch from min(at) + make_interval(secs => $3) - now())::float8
         from (select at from auth_attempts
               where action = $1 and subject = $2 and at > now() - make_interval(secs => $3)
               order by at limit $4) recent",
    )
    .bind(action.code())
    .bind(&limit.subject)
    .bind(limit.window.as_secs_f64())
    .bind(i64::from(limit.max))
    .fetch_one(pool)
    .await?;
    if count >= i64::from(limit.max) {
        let retry_after_secs = retry_after.unwrap_or(1.0).ceil().max(1.0) as u64;
        return Err(AppError::TooManyRequests { retry_after_secs });
    }
    Ok(())
}

/// Counts one attempt against `limit`.
pub async fn record(pool: &PgPool, action: Action, limit: &Limit) -> Result<(), AppError> {
    if limit.max == 0 {
        return Ok(());
    }
    sqlx::query("insert into auth_attempts (action, subject) values ($1, $2)")
        .bind(action.code())
        .bind(&limit.subject)
        .execute(pool)
        .await?;
    Ok(())
}

/// Checks every limit, then counts the attempt against each.
pub async fn check_and_record(
    pool: &PgPool,
    action: Action,
    limits: &[&Limit],
) -> Result<(), AppError> {
    for limit in limits {
        check(pool, action, limit).await?;
    }
    for limit in limits {
        record(pool, action, limit).await?;
    }
    Ok(())
}

/// Deletes attempts older than `older_than`; run periodically by the server.
pub async fn purge(pool: &PgPool, older_than: Duration) -> sqlx::Result<u64> {
    let done =
        sqlx::query("delete from auth_attempts where at < now() - make_interval(secs => $1)")
            .bind(older_than.as_secs_f64())
            .execute(pool)
            .await?;
    Ok(done.rows_affected())
}

/// The client's address as the server saw it (the TCP peer).
pub fn client_address() -> String {
    use axum::extract::ConnectInfo;
    use std::net::SocketAddr;
    leptos::prelude::use_context::<axum::http::request::Parts>()
        .and_then(|parts| {
            parts
                .extensions
                .get::<ConnectInfo<SocketAddr>>()
                .map(|info| info.0.ip().to_string())
        })
        .unwrap_or_else(|| "unknown".to_owned())
}
