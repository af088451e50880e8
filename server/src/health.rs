//! `GET /healthz`: 200 when the database answers, 503 when it does not.
use axum::{Json, extract::State, http::StatusCode, response::IntoResponse};
use serde_json::json;
use sqlx::PgPool;
use std::time::Duration;

pub async fn healthz(State(pool): State<PgPool>) -> impl IntoResponse {
    let probe = sqlx::query_scalar::<_, i32>("select 1").fetch_one(&pool);
    match tokio::time::timeout(Duration::from_secs(2), probe).await {
        Ok(Ok(_)) => (
            StatusCode::OK,
            Json(json!({ "status": "ok", "database": "up" })),
        ),
        Ok(Err(err)) => {
            tracing::warn!(error = %err, "health check: database error");
            (
                StatusCode::SERVICE_UNAVAILABLE,
                Json(json!({ "status": "unavailable", "database": "down" })),
            )
        }
        Err(_) => {
            tracing::warn!("health check: database timed out");
            (
                StatusCode::SERVICE_UNAVAILABLE,
                Json(json!({ "status": "unavailable", "database": "timeout" })),
            )
        }
    }
}
