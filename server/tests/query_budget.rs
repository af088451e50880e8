//! A bounded number of SQL statements per page, whatever the size of the data behind it
//! (no N+1): each main page is rendered for a small and a large case and must issue the
//! same, small number of statements, counted from sqlx's own `sqlx::query` events.
//! The only test in this file, because it installs a process-wide subscriber.
mod common;

use app::ssr::db::cohorts as cohort_db;
use common::cohorts::{admin_session, city, cohort, users};
use common::*;
use sqlx::PgPool;
use std::sync::{
    Arc,
    atomic::{AtomicUsize, Ordering},
};
use tracing_subscriber::{Layer, layer::SubscriberExt};

/// Counts the SQL statements sqlx runs (its `sqlx::query` events).
struct Count(Arc<AtomicUsize>);

impl<S: tracing::Subscriber> Layer<S> for Count {
    fn on_event(&self, event: &tracing::Event<'_>, _: tracing_subscriber::layer::Context<'_, S>) {
        if event.metadata().target() == "sqlx::query" {
            self.0.fetch_add(1, Ordering::SeqCst);
        }
    }
}

/// One page measured in two cases that differ in size.
#[derive(Debug)]
struct Measured {
    page: &'static str,
    /// (what varies, how many statements) for the small and the large case.
    small: (usize, usize),
    large: (usize, usize),
    /// The most statements the page may use: what it uses today (the session and its
    /// user are one read, see `ssr::sessions`). Raise one only for a query the page
    /// cannot do without.
    limit: usize,
}

struct Counter {
    app: axum::Router,
    statements: Arc<AtomicUsize>,
}

impl Counter {
    /// Statements one GET of `uri` runs, as `session` (or anonymous), after a warm-up
    /// request (the first after a change may also refresh the session).
    async fn statements(&self, uri: &str, session: Option<&str>) -> usize {
        let request = || match session {
            Some(session) => page(uri, session),
            None => get(uri),
        };
        let (response, body) = send(&self.app, request()).await;
        assert_eq!(response.status(), 200, "GET {uri}: {body}");
        let before = self.statements.load(Ordering::SeqCst);
        send(&self.app, request()).await;
        self.statements.load(Ordering::SeqCst) - before
    }
}

async fn enrol(app: &axum::Router, session: &str, course: &str) {
    let (response, text) = send(
        app,
        call(
            "/api/learning/enrol",
            &form(&[("course", course)]),
            Some(session),
        ),
    )
    .await;
    assert!(
        response.status().is_success() || response.status().is_redirection(),
        "{text}"
    );
}

const COURSES: [&str; 3] = [
    "human-rights-cities",
    "human-rights-cities-2030",
    "local-government-and-human-rights",
];

#[sqlx::test(migrator = "server::db::MIGRATOR")]
async fn main_pages_make_a_small_fixed_number_of_queries(pool: PgPool) {
    let statements = Arc::new(AtomicUsize::new(0));
    // Global: pages render on spawned tasks, on any worker thread. This file holds
    // this one test, so nothing else runs queries meanwhile.
    tracing::subscriber::set_global_default(
        tracing_subscriber::registry().with(Count(statements.clone())),
    )
    .expect("the only subscriber");
    let app = seeded_app(pool.clone()).await;
    let counter = Counter {
        app: app.clone(),
        statements,
    };
    let mut measured = Vec::new();

    // A learner in one course and a learner in all three.
    let one = register(&app, "one-course@example.org").await;
    enrol(&app, &one, COURSES[1]).await;
    let all = register(&app, "all-courses@example.org").await;
    for course in COURSES {
        enrol(&app, &all, course).await;
    }

    // Course and lesson pages: a small and a large course.
    let small = lessons_in_order(&pool, COURSES[1]).await;
    let large = lessons_in_order(&pool, COURSES[0]).await;
    assert!(small.len() < large.len(), "the courses differ in size");
    let course_page = |course: &str| format!("/courses/{course}");
    let lesson_page = |course: &str, lessons: &[(String, bool)]| {
        format!("/courses/{course}/lessons/{}", lessons[1].0)
    };
    measured.push(Measured {
        page: "course",
        small: (
            small.len(),
            counter
                .statements(&course_page(COURSES[1]), Some(&all))
                .await,
        ),
        large: (
            large.len(),
            counter
                .statements(&course_page(COURSES[0]), Some(&all))
                .await,
        ),
        limit: 4,
    });
    measured.push(Measured {
        page: "lesson",
        small: (
            small.len(),
            counter
                .statements(&lesson_page(COURSES[1], &small), Some(&all))
                .await,
        ),
        large: (
            large.len(),
            counter
                .statements(&lesson_page(COURSES[0], &large), Some(&all))
                .await,
        ),
        limit: 3,
    });

    // My learning: one enrolment, three enrolments.
    measured.push(Measured {
        page: "my learning",
        small: (1, counter.statements("/me/learning", Some(&one)).await),
        large: (3, counter.statements("/me/learning", Some(&all)).await),
        limit: 5,
    });

    // The catalogue: a search with one result, the whole list.
    let catalogue_count = |needle: &'static str| {
        let pool = pool.clone();
        async move {
            let count: i64 = sqlx::query_scalar(
                "select count(*) from courses c join course_versions v on v.id = c.current_version_id
                 where v.title->>'en' ilike '%' || $1 || '%'",
            )
            .bind(needle)
            .fetch_one(&pool)
            .await
            .expect("count");
            count as usize
        }
    };
    measured.push(Measured {
        page: "catalogue",
        small: (
            catalogue_count("2030").await,
            counter.statements("/courses?q=2030", None).await,
        ),
        large: (
            catalogue_count("").await,
            counter.statements("/courses", None).await,
        ),
        limit: 1,
    });

    // A quiz page: the quiz with the fewest questions and the one with the most.
    let quizzes: Vec<(String, String, i64)> = sqlx::query_as(
        "select c.slug, m.slug, count(qq.id) from quizzes q
         join modules m on m.id = q.module_id
         join courses c on c.current_version_id = q.version_id
         join questions qq on qq.quiz_id = q.id
         group by c.slug, m.slug order by count(qq.id), c.slug, m.slug",
    )
    .fetch_all(&pool)
    .await
    .expect("quizzes");
    let (fewest, most) = (
        quizzes.first().expect("a quiz"),
        quizzes.last().expect("a quiz"),
    );
    assert!(fewest.2 < most.2, "the quizzes differ in size: {quizzes:?}");
    let quiz_page =
        |(course, module, _): &(String, String, i64)| format!("/courses/{course}/quizzes/{module}");
    measured.push(Measured {
        page: "quiz",
        small: (
            fewest.2 as usize,
            counter.statements(&quiz_page(fewest), Some(&all)).await,
        ),
        large: (
            most.2 as usize,
            counter.statements(&quiz_page(most), Some(&all)).await,
        ),
        limit: 2,
    });

    // A cohort dashboard: 2 members, then 40, half of whom have started.
    let org = city(&pool, "busan").await;
    let admin = admin_session(&app, &pool, "busan-admin@example.org", org).await;
    let far = time::OffsetDateTime::now_utc() + time::Duration::days(7);
    let mut dashboards = Vec::new();
    for (tag, size) in [("few", 2), ("many", 40)] {
        let row = cohort(&pool, org, 100, true).await;
        let code = cohort_db::create_code(&pool, row.id, far, 100)
            .await
            .expect("code");
        for (i, user) in users(&pool, tag, size).await.into_iter().enumerate() {
            cohort_db::join_with_code(&pool, user, &code)
                .await
                .expect("join");
            if i % 2 == 0 {
                app::ssr::db::learning::mark_done(
                    &pool,
                    user,
                    common::cohorts::COURSE,
                    &large[0].0,
                )
                .await
                .expect("done");
            }
        }
        let uri = format!("/org/busan/cohorts/{}", row.id);
        dashboards.push((size as usize, counter.statements(&uri, Some(&admin)).await));
    }
    measured.push(Measured {
        page: "cohort dashboard",
        small: dashboards[0],
        large: dashboards[1],
        limit: 5,
    });

    eprintln!("statements per page: {measured:#?}");
    for m in &measured {
        assert!(
            m.small.1 > 0,
            "the counter sees the {} page's queries: {m:?}",
            m.page
        );
        assert_eq!(
            m.small.1, m.large.1,
            "the {} page's statements depend on the size of its data: {measured:#?}",
            m.page
        );
        assert!(
            m.large.1 <= m.limit,
            "the {} page runs too many statements: {measured:#?}",
            m.page
        );
    }
}
