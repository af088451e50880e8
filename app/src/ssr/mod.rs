//! Server-only code: the request context, authentication and authorization, passwords,
//! throttling, mail and database access. Nothing here is compiled into the wasm bundle,
//! so nothing here can leak to the browser by accident.
pub mod auth;
pub mod certificate;
pub mod cohort_csv;
pub mod ctx;
pub mod db;
pub mod http;
pub mod mail;
pub mod markdown;
pub mod messages;
pub mod password;
pub mod quiz;
pub mod reset_token;
pub mod sessions;
pub mod throttle;

use crate::error::AppError;

impl From<sqlx::Error> for AppError {
    /// A database failure is logged here, once, and reaches the user as `Internal`.
    fn from(err: sqlx::Error) -> Self {
        match err {
            sqlx::Error::RowNotFound => AppError::NotFound,
            err => {
                tracing::error!(error = %err, "database error");
                AppError::Internal
            }
        }
    }
}

impl From<tower_sessions::session::Error> for AppError {
    fn from(err: tower_sessions::session::Error) -> Self {
        tracing::error!(error = %err, "session store error");
        AppError::Internal
    }
}
