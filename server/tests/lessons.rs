//! Lesson and course pages over HTTP: who sees a lesson's body, and enrolment and
//! "Mark as done" through the server functions.
mod common;

use common::*;
use sqlx::PgPool;

/// The first sentence of a lesson's English body, as seeded.
async fn body_excerpt(pool: &PgPool, slug: &str) -> String {
    let body: String =
        sqlx::query_scalar("select body ->> 'en' from lessons where slug = $1 limit 1")
            .bind(slug)
            .fetch_one(pool)
            .await
            .expect("lesson");
    body.lines()
        .find(|line| {
            line.len() > 40 && !line.starts_with('#') && !line.contains(['*', '[', '`', '_', '>'])
        })
        .expect("a plain line")
        .trim()
        .chars()
        .take(30)
        .collect()
}

#[sqlx::test(migrator = "server::db::MIGRATOR")]
async fn only_enrolled_learners_read_lessons_beyond_the_preview(pool: PgPool) {
    let app = seeded_app(pool.clone()).await;
    let course = "human-rights-cities";
    let lessons = lessons_in_order(&pool, course).await;
    let (preview, _) = lessons
        .iter()
        .find(|(_, p)| *p)
        .expect("a preview lesson")
        .clone();
    let (locked, _) = lessons
        .iter()
        .find(|(_, p)| !*p)
        .expect("a locked lesson")
        .clone();

    let (response, html) = send(&app, get(&format!("/courses/{course}/lessons/{preview}"))).await;
    assert_eq!(response.status(), 200);
    assert!(
        html.contains(&body_excerpt(&pool, &preview).await),
        "a preview is public"
    );

    let secret = body_excerpt(&pool, &locked).await;
    let (response, html) = send(&app, get(&format!("/courses/{course}/lessons/{locked}"))).await;
    assert_eq!(response.status(), 200);
    assert!(
        !html.contains(&secret),
        "the body of a locked lesson is not sent"
    );
    assert!(html.contains("This lesson is for enrolled learners"));

    let session = register(&app, "reader@example.org").await;
    let (response, _) = send(
        &app,
        call(
            "/api/learning/enrol",
            &form(&[("course", course)]),
            Some(&session),
        ),
    )
    .await;
    assert!(response.status().as_u16() < 400);
    let (response, text) = send(
        &app,
        call_get(
            &format!("/api/learning/lesson?course={course}&lesson={locked}&lang=en"),
            Some(&session),
        ),
    )
    .await;
    assert_eq!(response.status(), 200);
    assert!(text.contains(&secret), "enrolled learners read it");

    // Marking done moves to the next lesson and counts once.
    for _ in 0..2 {
        let (response, _) = send(
            &app,
            call(
                "/api/learning/done",
                &form(&[("course", course), ("lesson", &locked)]),
                Some(&session),
            ),
        )
        .await;
        assert!(response.status().as_u16() < 400);
    }
    let done: i64 = sqlx::query_scalar("select count(*) from lesson_completions")
        .fetch_one(&pool)
        .await
        .expect("count");
    assert_eq!(done, 1);
    let (_, text) = send(
        &app,
        call_get(
            &format!("/api/learning/progress?course={course}"),
            Some(&session),
        ),
    )
    .await;
    let progress: serde_json::Value = serde_json::from_str(&text).expect("json");
    assert_eq!(progress["done"], 1);
    assert_eq!(
        progress["resume"],
        format!("/courses/{course}/lessons/{}", lessons[0].0).as_str()
    );

    // Not enrolled: marking is refused.
    let other = register(&app, "other@example.org").await;
    let (response, _) = send(
        &app,
        call(
            "/api/learning/done",
            &form(&[("course", course), ("lesson", &locked)]),
            Some(&other),
        ),
    )
    .await;
    assert_eq!(response.status(), 403);
}
