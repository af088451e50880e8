//! Server-only code: the request context and database access. Nothing here is
//! compiled into the wasm bundle, so nothing here can leak to the browser by accident.
pub mod ctx;
pub mod db;

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
