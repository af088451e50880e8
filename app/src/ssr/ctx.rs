//! What a server function may ask of the request it serves. The server provides
//! these values as Leptos context for every page render and server-function call.
use crate::error::AppError;
use leptos::prelude::use_context;
use sqlx::PgPool;

/// The shared connection pool.
pub fn pool() -> Result<PgPool, AppError> {
    use_context::<PgPool>().ok_or_else(|| {
        tracing::error!("no PgPool in the Leptos context");
        AppError::Internal
    })
}
