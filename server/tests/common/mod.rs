//! Shared by the HTTP-level tests: the app as a `Router` over a test database.
#![allow(dead_code)] // each test file uses its own subset

use axum::{
    Router,
    body::Body,
    http::{Request, Response, header},
};
use http_body_util::BodyExt;
use leptos::config::LeptosOptions;
use server::config::Config;
use sqlx::PgPool;
use std::time::Duration;
use tower::ServiceExt;

pub fn test_config() -> Config {
    Config {
        database_url: String::new(),
        db_max_connections: 4,
        leptos: LeptosOptions::builder()
            .output_name("ihrec-learn")
            .site_root("target/site")
            .build(),
        log_filter: "warn".into(),
        cookie_secure: false,
        session_idle: Duration::from_secs(3600),
    }
}

/// The whole app over a migrated and seeded database.
pub async fn seeded_app(pool: PgPool) -> Router {
    server::db::migrate(&pool).await.expect("migrations apply");
    server::seed::demo_courses(&pool).await.expect("seed loads");
    server::router::build(&test_config(), pool)
}

pub async fn send(app: &Router, request: Request<Body>) -> (Response<()>, String) {
    let response = app.clone().oneshot(request).await.expect("router answers");
    let (parts, body) = response.into_parts();
    let bytes = body.collect().await.expect("body reads").to_bytes();
    (
        Response::from_parts(parts, ()),
        String::from_utf8_lossy(&bytes).into_owned(),
    )
}

pub fn get(uri: &str) -> Request<Body> {
    Request::get(uri)
        .body(Body::empty())
        .expect("valid request")
}

pub fn get_in(uri: &str, accept_language: &str) -> Request<Body> {
    Request::get(uri)
        .header(header::ACCEPT_LANGUAGE, accept_language)
        .body(Body::empty())
        .expect("valid request")
}
