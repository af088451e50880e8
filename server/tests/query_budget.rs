//! A bounded number of SQL statements per page, whatever the size of the course:
//! counted from sqlx's own `sqlx::query` events. The only test in this file, because
//! it installs a process-wide subscriber.
mod common;

use common::*;
use sqlx::PgPool;
use std::sync::{
    Arc,
    atomic::{AtomicUsize, Ordering},
};
use tracing_subscriber::{Layer, layer::SubscriberExt};

/// Counts the SQL statements sqlx runs on this thread (its `sqlx::query` events).
struct Count(Arc<AtomicUsize>);

impl<S: tracing::Subscriber> Layer<S> for Count {
    fn on_event(&self, event: &tracing::Event<'_>, _: tracing_subscriber::layer::Context<'_, S>) {
        if event.metadata().target() == "sqlx::query" {
            self.0.fetch_add(1, Ordering::SeqCst);
        }
    }
}

#[sqlx::test(migrator = "server::db::MIGRATOR")]
async fn course_and_lesson_pages_make_a_bounded_number_of_queries(pool: PgPool) {
    let counter = Arc::new(AtomicUsize::new(0));
    // Global: pages render on spawned tasks, on any worker thread. This file holds
    // this one test, so nothing else runs queries meanwhile.
    tracing::subscriber::set_global_default(
        tracing_subscriber::registry().with(Count(counter.clone())),
    )
    .expect("the only subscriber");
    let statements = |before: usize| counter.load(Ordering::SeqCst) - before;
    let app = seeded_app(pool.clone()).await;
    let session = register(&app, "counter@example.org").await;
    let mut per_page = Vec::new();
    for course in ["human-rights-cities", "human-rights-cities-2030"] {
        send(
            &app,
            call(
                "/api/learning/enrol",
                &form(&[("course", course)]),
                Some(&session),
            ),
        )
        .await;
        let lessons = lessons_in_order(&pool, course).await;
        let cookie = format!("{SESSION_COOKIE}={session}");
        let page = |uri: String| {
            let app = app.clone();
            let cookie = cookie.clone();
            async move {
                let request = axum::http::Request::get(uri)
                    .header(axum::http::header::COOKIE, cookie)
                    .body(axum::body::Body::empty())
                    .expect("request");
                let (response, _) = send(&app, request).await;
                assert_eq!(response.status(), 200);
            }
        };
        // Warm up first: the first request after enrolling may also refresh the session.
        page(format!("/courses/{course}")).await;
        page(format!("/courses/{course}/lessons/{}", lessons[1].0)).await;
        let before = counter.load(Ordering::SeqCst);
        page(format!("/courses/{course}")).await;
        let course_page = statements(before);
        let before = counter.load(Ordering::SeqCst);
        page(format!("/courses/{course}/lessons/{}", lessons[1].0)).await;
        let lesson_page = statements(before);
        per_page.push((course, lessons.len(), course_page, lesson_page));
    }
    let (_, big, course_big, lesson_big) = per_page[0];
    let (_, small, course_small, lesson_small) = per_page[1];
    assert_ne!(big, small, "the courses differ in size");
    assert_eq!(
        course_big, course_small,
        "course page queries depend on the course size: {per_page:?}"
    );
    assert_eq!(
        lesson_big, lesson_small,
        "lesson page queries depend on the course size: {per_page:?}"
    );
    assert!(course_big > 0, "the counter sees queries");
    assert!(course_big <= 8 && lesson_big <= 6, "{per_page:?}");
}
