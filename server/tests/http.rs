//! The HTTP surface end to end in-process: pages, languages, 404s, the language switch
//! and the health check, through the same router and layers as production.
mod common;

use axum::{
    body::Body,
    http::{Request, StatusCode, header},
};
use common::{get, get_in, page, register, seeded_app, send};
use sqlx::PgPool;

#[sqlx::test(migrator = "server::db::MIGRATOR")]
async fn the_catalogue_is_rendered_on_the_server_in_the_readers_language(pool: PgPool) {
    let app = seeded_app(pool).await;
    let files = server::seed::demo_course_files().expect("seed files");

    let (response, html) = send(&app, get_in("/courses", "en-GB,en;q=0.9")).await;
    assert_eq!(response.status(), StatusCode::OK);
    assert!(html.contains(r#"<html lang="en""#), "html lang=en");
    for file in &files {
        assert!(
            html.contains(file.title.en.as_deref().expect("en title")),
            "{} in English",
            file.slug
        );
    }

    let (response, html) = send(&app, get_in("/courses", "ko-KR,ko;q=0.9,en;q=0.5")).await;
    assert_eq!(response.status(), StatusCode::OK);
    assert!(html.contains(r#"<html lang="ko""#), "html lang=ko");
    for file in &files {
        assert!(
            html.contains(file.title.ko.as_deref().expect("ko title")),
            "{} in Korean",
            file.slug
        );
    }
}

#[sqlx::test(migrator = "server::db::MIGRATOR")]
async fn the_language_cookie_wins_over_accept_language(pool: PgPool) {
    let app = seeded_app(pool).await;
    let request = Request::get("/")
        .header(header::ACCEPT_LANGUAGE, "en")
        .header(header::COOKIE, "i18n_pref_locale=ko")
        .body(Body::empty())
        .expect("request");
    let (_, html) = send(&app, request).await;
    assert!(html.contains(r#"<html lang="ko""#));
}

#[sqlx::test(migrator = "server::db::MIGRATOR")]
async fn a_course_page_shows_its_outline(pool: PgPool) {
    let app = seeded_app(pool).await;
    let file = server::seed::demo_course_files()
        .expect("seed files")
        .remove(0);
    let (response, html) = send(&app, get(&format!("/courses/{}", file.slug))).await;
    assert_eq!(response.status(), StatusCode::OK);
    for module in &file.modules {
        assert!(html.contains(module.title.en.as_deref().expect("module title")));
    }
    // The outline never carries lesson bodies or quiz data.
    let first_body = file.modules[0].lessons[0].body.en.as_deref().expect("body");
    let first_line = first_body
        .lines()
        .find(|l| l.len() > 40 && !l.starts_with('#'))
        .expect("a long line");
    assert!(
        !html.contains(first_line),
        "lesson text must not be on the course page"
    );
}

#[sqlx::test(migrator = "server::db::MIGRATOR")]
async fn unknown_pages_and_courses_are_real_404s(pool: PgPool) {
    let app = seeded_app(pool).await;
    for uri in ["/no/such/page", "/courses/no-such-course"] {
        let (response, html) = send(&app, get_in(uri, "en")).await;
        assert_eq!(response.status(), StatusCode::NOT_FOUND, "{uri}");
        assert!(
            html.contains("Page not found"),
            "{uri} renders the 404 page"
        );
    }
}

/// The server reads the signed-in user before it renders (router::with_viewer), for page
/// routes and for the fallback that renders "not found" alike.
#[sqlx::test(migrator = "server::db::MIGRATOR")]
async fn the_header_shows_who_is_signed_in_on_every_page_even_not_found(pool: PgPool) {
    let app = seeded_app(pool).await;
    let session = register(&app, "header@example.org").await;
    for uri in ["/", "/me/learning", "/no/such/page"] {
        let (_, html) = send(&app, page(uri, &session)).await;
        assert!(
            html.contains("href=\"/account\"") && !html.contains("href=\"/sign-in\""),
            "{uri}: the signed-in menu"
        );
    }
    for uri in ["/", "/no/such/page"] {
        let (_, html) = send(&app, get_in(uri, "en")).await;
        assert!(
            html.contains("href=\"/sign-in\"") && !html.contains("href=\"/account\""),
            "{uri}: the signed-out menu"
        );
    }
}

#[sqlx::test(migrator = "server::db::MIGRATOR")]
async fn the_language_switch_sets_the_cookie_and_returns_to_the_page(pool: PgPool) {
    let app = seeded_app(pool).await;
    let post = |body: &'static str| {
        Request::post("/lang")
            .header(header::HOST, common::HOST)
            .header(header::ORIGIN, common::ORIGIN)
            .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
            .body(Body::from(body))
            .expect("request")
    };
    let (response, _) = send(&app, post("lang=ko&next=%2Fcourses%3Fpage%3D2")).await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    assert_eq!(response.headers()[header::LOCATION], "/courses?page=2");
    let cookie = response.headers()[header::SET_COOKIE]
        .to_str()
        .expect("ascii");
    assert!(cookie.starts_with("i18n_pref_locale=ko;"), "{cookie}");

    let (response, _) = send(&app, post("lang=en&next=%2F%2Fevil.example")).await;
    assert_eq!(
        response.headers()[header::LOCATION],
        "/",
        "no open redirect"
    );

    let (response, _) = send(&app, post("lang=fr&next=%2F")).await;
    assert_eq!(response.status(), StatusCode::BAD_REQUEST);
}

#[sqlx::test(migrator = "server::db::MIGRATOR")]
async fn every_response_carries_a_request_id(pool: PgPool) {
    let app = seeded_app(pool).await;
    let (response, _) = send(&app, get("/healthz")).await;
    let id = response.headers()["x-request-id"].to_str().expect("ascii");
    assert_eq!(id.len(), 36, "a uuid: {id}");
}

#[sqlx::test(migrator = "server::db::MIGRATOR")]
async fn health_is_503_when_the_database_is_unreachable(pool: PgPool) {
    let app = seeded_app(pool.clone()).await;
    let (response, body) = send(&app, get("/healthz")).await;
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(body, r#"{"database":"up","status":"ok"}"#);

    pool.close().await;
    let (response, body) = send(&app, get("/healthz")).await;
    assert_eq!(response.status(), StatusCode::SERVICE_UNAVAILABLE);
    assert!(body.contains(r#""status":"unavailable""#), "{body}");
}

#[sqlx::test(migrator = "server::db::MIGRATOR")]
async fn html_is_compressed_for_clients_that_accept_it(pool: PgPool) {
    let app = seeded_app(pool).await;
    let request = Request::get("/courses")
        .header(header::ACCEPT_ENCODING, "br, gzip")
        .body(Body::empty())
        .expect("request");
    let (response, _) = send(&app, request).await;
    assert_eq!(response.headers()[header::CONTENT_ENCODING], "br");
}

#[sqlx::test(migrator = "server::db::MIGRATOR")]
async fn pages_set_no_cookies_and_send_safety_headers(pool: PgPool) {
    let app = seeded_app(pool).await;
    for uri in ["/", "/courses", "/courses/human-rights-cities"] {
        let request = Request::get(uri)
            .header(header::COOKIE, "i18n_pref_locale=ko")
            .body(Body::empty())
            .expect("request");
        let (response, _) = send(&app, request).await;
        let headers = response.headers();
        // Only the language switch sets the language cookie, with attributes we choose.
        assert!(
            headers.get(header::SET_COOKIE).is_none(),
            "{uri} sets a cookie"
        );
        assert_eq!(headers[header::X_CONTENT_TYPE_OPTIONS], "nosniff");
        assert_eq!(headers[header::X_FRAME_OPTIONS], "DENY");
        let vary: Vec<_> = headers
            .get_all(header::VARY)
            .iter()
            .filter_map(|v| v.to_str().ok())
            .collect();
        assert!(
            vary.iter().any(|v| v.contains("accept-language")),
            "{uri}: Vary {vary:?}"
        );
    }
}

#[sqlx::test(migrator = "server::db::MIGRATOR")]
async fn pages_carry_a_content_security_policy_whose_nonce_marks_every_script(pool: PgPool) {
    let app = seeded_app(pool).await;
    let mut nonces = Vec::new();
    for uri in ["/", "/sign-in", "/no-such-page"] {
        let (response, html) = send(&app, get(uri)).await;
        let policy = response.headers()["content-security-policy"]
            .to_str()
            .expect("ascii")
            .to_owned();
        for directive in [
            "default-src 'self'",
            "object-src 'none'",
            "frame-ancestors 'none'",
            "form-action 'self'",
        ] {
            assert!(
                policy.contains(directive),
                "{uri}: {directive} missing in {policy}"
            );
        }
        let nonce = policy
            .split("'nonce-")
            .nth(1)
            .and_then(|rest| rest.split('\'').next())
            .expect("a nonce")
            .to_owned();
        // leptos_i18n leaves an empty `<script></script>` placeholder: nothing to run.
        let scripts = html.matches("<script").count() - html.matches("<script></script>").count();
        let marked = html.matches(&format!("nonce=\"{nonce}\"")).count();
        assert!(scripts > 0, "{uri}: no scripts?");
        let unmarked: Vec<&str> = html
            .split("<script")
            .skip(1)
            .filter(|tag| {
                !tag.starts_with("></script>") && !tag.contains(&format!("nonce=\"{nonce}\""))
            })
            .map(|tag| &tag[..tag.len().min(120)])
            .collect();
        assert!(
            marked >= scripts,
            "{uri}: {scripts} scripts, {marked} with the nonce; unmarked: {unmarked:?}"
        );
        nonces.push(nonce);
    }
    nonces.dedup();
    assert_eq!(nonces.len(), 3, "a fresh nonce per response");
}
