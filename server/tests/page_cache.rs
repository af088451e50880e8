//! The anonymous page microcache (`server/src/page_cache.rs`) through the whole router:
//! a repeat is served from the cache with a nonce of its own, a write on this instance
//! makes the next reader see the change, and signed-in readers never touch the cache.
mod common;

use axum::{
    Router,
    body::Body,
    http::{Request, header},
};
use common::*;
use sqlx::PgPool;
use std::time::Duration;

const CATALOGUE: &str = "/courses";

/// A reader without a session, asking for `uri` in `language`.
fn anonymous_in(uri: &str, language: &str) -> Request<Body> {
    Request::get(uri)
        .header(header::HOST, HOST)
        .header(header::ACCEPT_LANGUAGE, language)
        .body(Body::empty())
        .expect("request")
}

fn anonymous(uri: &str) -> Request<Body> {
    anonymous_in(uri, "en")
}

async fn cached_app(pool: PgPool) -> Router {
    let config = server::config::Config {
        page_cache_ttl: Duration::from_secs(600),
        ..test_config()
    };
    seeded_app_with(pool, &config).await
}

/// The nonce of the page's CSP header; the test fails if the body does not carry it.
fn nonce_of(response: &axum::http::Response<()>, body: &str) -> String {
    let policy = response
        .headers()
        .get(header::CONTENT_SECURITY_POLICY)
        .and_then(|v| v.to_str().ok())
        .expect("a page has a CSP");
    let start = policy.find("'nonce-").expect("a nonce in the CSP") + "'nonce-".len();
    let nonce = &policy[start..start + policy[start..].find('\'').expect("closing quote")];
    assert!(
        body.contains(&format!("nonce=\"{nonce}\"")),
        "the scripts carry the header's nonce {nonce}"
    );
    nonce.to_owned()
}

/// Renames every course in English, behind the app's back.
async fn rename_courses_in_database(pool: &PgPool, title: &str) {
    sqlx::query("update course_versions set title = jsonb_set(title, '{en}', to_jsonb($1::text))")
        .bind(title)
        .execute(pool)
        .await
        .expect("rename");
}

#[sqlx::test(migrator = "server::db::MIGRATOR")]
async fn a_repeat_comes_from_the_cache_with_a_fresh_nonce(pool: PgPool) {
    let app = cached_app(pool.clone()).await;
    let (first, first_body) = send(&app, anonymous(CATALOGUE)).await;
    assert_eq!(first.status(), 200, "{first_body}");

    // A change the app does not know of: the cached copy is still what readers get.
    rename_courses_in_database(&pool, "Renamed behind the cache").await;
    let (second, second_body) = send(&app, anonymous(CATALOGUE)).await;
    assert_eq!(second.status(), 200);
    assert!(
        !second_body.contains("Renamed behind the cache"),
        "served from the cache"
    );

    let (first_nonce, second_nonce) = (
        nonce_of(&first, &first_body),
        nonce_of(&second, &second_body),
    );
    assert_ne!(first_nonce, second_nonce, "each response has its own nonce");
    assert_eq!(
        first_body.replace(&first_nonce, "N"),
        second_body.replace(&second_nonce, "N"),
        "the same page apart from the nonce"
    );
    assert!(
        !second_body.contains(&first_nonce),
        "the old nonce is gone from the page"
    );

    // Another language is another page.
    let (_, korean) = send(&app, anonymous_in(CATALOGUE, "ko")).await;
    assert!(
        korean.contains("lang=\"ko\""),
        "a Korean reader gets the Korean page"
    );
}

#[sqlx::test(migrator = "server::db::MIGRATOR")]
async fn a_write_on_this_instance_makes_readers_see_the_change(pool: PgPool) {
    let app = cached_app(pool.clone()).await;
    let (_, before) = send(&app, anonymous(CATALOGUE)).await;
    rename_courses_in_database(&pool, "Renamed then written").await;

    // Any state-changing request starts a new generation; choosing a language is one.
    let (switched, _) = send(
        &app,
        Request::post("/lang")
            .header(header::HOST, HOST)
            .header(header::ORIGIN, ORIGIN)
            .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
            .body(Body::from("lang=en&next=/courses"))
            .expect("request"),
    )
    .await;
    assert!(switched.status().is_redirection(), "{}", switched.status());

    let (_, after) = send(&app, anonymous(CATALOGUE)).await;
    assert!(!before.contains("Renamed then written"));
    assert!(
        after.contains("Renamed then written"),
        "the page is rendered again after a write"
    );
}

#[sqlx::test(migrator = "server::db::MIGRATOR")]
async fn signed_in_readers_bypass_the_cache(pool: PgPool) {
    let app = cached_app(pool.clone()).await;
    let session = register(&app, "cache-reader@example.org").await;
    let (_, anonymous_page) = send(&app, anonymous(CATALOGUE)).await;
    let (_, signed_in_page) = send(&app, page(CATALOGUE, &session)).await;
    assert!(
        signed_in_page.contains("Tester"),
        "the signed-in page names its reader"
    );
    assert!(!anonymous_page.contains("Tester"));

    // And what a signed-in reader got is not kept for anyone else.
    let (_, anonymous_again) = send(&app, anonymous(CATALOGUE)).await;
    assert!(
        !anonymous_again.contains("Tester"),
        "no signed-in page reaches an anonymous reader"
    );

    // A signed-in reader sees the database now, not the anonymous copy.
    rename_courses_in_database(&pool, "Fresh for members").await;
    let (_, member_view) = send(&app, page(CATALOGUE, &session)).await;
    assert!(member_view.contains("Fresh for members"));
}
