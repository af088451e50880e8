//! Lesson and course pages over HTTP: who sees a lesson's body, enrolment and
//! "Mark as done" through the server functions, and a bounded number of SQL
//! statements per page whatever the size of the course.
mod common;

use common::*;
use sqlx::PgPool;
use std::sync::{
    Arc,
    atomic::{AtomicUsize, Ordering},
};
use tracing_subscriber::{Layer, layer::SubscriberExt};

/// The first sentence of a lesson's English body, as seeded.
async fn body_excerpt(pool: &PgPool, slug: &str) -> String {
    let body: String = sqlx::query_scalar("select body ->> 'en' from lessons where slug = $1 limit 1")
        .bind(slug)
        .fetch_one(pool)
        .await
        .expect("lesson");
    body.lines()
        .find(|line| line.len() > 40 && !line.starts_with('#') && !line.contains(['*', '[', '`', '_', '>']))
        .expect("a plain line")
        .trim()
        .chars()
        .take(30)
        .collect()
}

async fn lessons_in_order(pool: &PgPool, course: &str) -> Vec<(String, bool)> {
    sqlx::query_as(
        "select l.slug, l.is_preview from lessons l join modules m on m.id = l.module_id
         join courses c on c.current_version_id = l.version_id
         where c.slug = $1 order by m.position, l.position",
    )
    .bind(course)
    .fetch_all(pool)
    .await
    .expect("lessons")
}

#[sqlx::test(migrator = "server::db::MIGRATOR")]
async fn only_enrolled_learners_read_lessons_beyond_the_preview(pool: PgPool) {
    let app = seeded_app(pool.clone()).await;
    let course = "human-rights-cities";
    let lessons = lessons_in_order(&pool, course).await;
    let (preview, _) = lessons.iter().find(|(_, p)| *p).expect("a preview lesson").clone();
    let (locked, _) = lessons.iter().find(|(_, p)| !*p).expect("a locked lesson").clone();

    let (response, html) = send(&app, get(&format!("/courses/{course}/lessons/{preview}"))).await;
    assert_eq!(response.status(), 200);
    assert!(html.contains(&body_excerpt(&pool, &preview).await), "a preview is public");

    let secret = body_excerpt(&pool, &locked).await;
    let (response, html) = send(&app, get(&format!("/courses/{course}/lessons/{locked}"))).await;
    assert_eq!(response.status(), 200);
    assert!(!html.contains(&secret), "the body of a locked lesson is not sent");
    assert!(html.contains("This lesson is for enrolled learners"));

    let session = register(&app, "reader@example.org").await;
    let (response, _) = send(&app, call("/api/learning/enrol", &form(&[("course", course)]), Some(&session))).await;
    assert!(response.status().as_u16() < 400);
    let (response, text) = send(&app, call_get(&format!("/api/learning/lesson?course={course}&lesson={locked}&lang=en"), Some(&session))).await;
    assert_eq!(response.status(), 200);
    assert!(text.contains(&secret), "enrolled learners read it");

    // Marking done moves to the next lesson and counts once.
    for _ in 0..2 {
        let (response, _) = send(&app, call("/api/learning/done", &form(&[("course", course), ("lesson", &locked)]), Some(&session))).await;
        assert!(response.status().as_u16() < 400);
    }
    let done: i64 = sqlx::query_scalar("select count(*) from lesson_completions").fetch_one(&pool).await.expect("count");
    assert_eq!(done, 1);
    let (_, text) = send(&app, call_get(&format!("/api/learning/progress?course={course}"), Some(&session))).await;
    let progress: serde_json::Value = serde_json::from_str(&text).expect("json");
    assert_eq!(progress["done"], 1);
    assert_eq!(progress["resume"], lessons[0].0.as_str());

    // Not enrolled: marking is refused.
    let other = register(&app, "other@example.org").await;
    let (response, _) = send(&app, call("/api/learning/done", &form(&[("course", course), ("lesson", &locked)]), Some(&other))).await;
    assert_eq!(response.status(), 403);
}

/// Counts the SQL statements sqlx runs while `work` runs on this thread.
async fn statements<F: std::future::Future<Output = ()>>(work: F) -> usize {
    struct Count(Arc<AtomicUsize>);
    impl<S: tracing::Subscriber> Layer<S> for Count {
        fn on_event(&self, event: &tracing::Event<'_>, _: tracing_subscriber::layer::Context<'_, S>) {
            if event.metadata().target() == "sqlx::query" {
                self.0.fetch_add(1, Ordering::SeqCst);
            }
        }
    }
    let counter = Arc::new(AtomicUsize::new(0));
    let subscriber = tracing_subscriber::registry().with(Count(counter.clone()));
    let guard = tracing::subscriber::set_default(subscriber);
    work.await;
    drop(guard);
    counter.load(Ordering::SeqCst)
}

#[sqlx::test(migrator = "server::db::MIGRATOR")]
async fn course_and_lesson_pages_make_a_bounded_number_of_queries(pool: PgPool) {
    let app = seeded_app(pool.clone()).await;
    let session = register(&app, "counter@example.org").await;
    let mut per_page = Vec::new();
    for course in ["human-rights-cities", "human-rights-cities-2030"] {
        send(&app, call("/api/learning/enrol", &form(&[("course", course)]), Some(&session))).await;
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
        let course_page = statements(page(format!("/courses/{course}"))).await;
        let lesson_page = statements(page(format!("/courses/{course}/lessons/{}", lessons[1].0))).await;
        per_page.push((course, lessons.len(), course_page, lesson_page));
    }
    let (_, big, course_big, lesson_big) = per_page[0];
    let (_, small, course_small, lesson_small) = per_page[1];
    assert_ne!(big, small, "the courses differ in size");
    assert_eq!(course_big, course_small, "course page queries depend on the course size: {per_page:?}");
    assert_eq!(lesson_big, lesson_small, "lesson page queries depend on the course size: {per_page:?}");
    assert!(course_big > 0, "the counter sees queries");
    assert!(course_big <= 8 && lesson_big <= 6, "{per_page:?}");
}
