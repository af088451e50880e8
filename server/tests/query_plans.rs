//! Queries that stay fast as data grows: at scale M (20,000 learners, 2,000,000
//! lesson completions, 200,000 attempts), the main pages run through the app while
//! PostgreSQL's auto_explain sends the plan of every statement back as a notice (and
//! sqlx turns notices into tracing events). No plan may read a table of more than
//! 10,000 rows with a sequential scan. The only test in this file, because it installs
//! a process-wide subscriber.
mod common;

use common::*;
use sqlx::PgPool;
use std::sync::{Arc, Mutex};
use tracing::field::{Field, Visit};
use tracing_subscriber::{Layer, layer::SubscriberExt};

/// Keeps the text of every `sqlx::postgres::notice` event.
struct Notices(Arc<Mutex<Vec<String>>>);

struct Message<'a>(&'a mut String);
impl Visit for Message<'_> {
    fn record_str(&mut self, field: &Field, value: &str) {
        if field.name() == "message" {
            self.0.push_str(value);
        }
    }
    fn record_debug(&mut self, field: &Field, value: &dyn std::fmt::Debug) {
        if field.name() == "message" {
            self.0.push_str(&format!("{value:?}"));
        }
    }
}

impl<S: tracing::Subscriber> Layer<S> for Notices {
    fn on_event(&self, event: &tracing::Event<'_>, _: tracing_subscriber::layer::Context<'_, S>) {
        if event.metadata().target() == "sqlx::postgres::notice" {
            let mut text = String::new();
            event.record(&mut Message(&mut text));
            if let Ok(mut all) = self.0.lock() {
                all.push(text);
            }
        }
    }
}

/// Every relation read by a sequential scan anywhere in a plan tree.
fn seq_scans(plan: &serde_json::Value, out: &mut Vec<String>) {
    if plan["Node Type"] == "Seq Scan" {
        out.push(plan["Relation Name"].as_str().unwrap_or("?").to_owned());
    }
    for child in plan["Plans"].as_array().into_iter().flatten() {
        seq_scans(child, out);
    }
}

#[sqlx::test(migrator = "server::db::MIGRATOR")]
async fn main_pages_never_scan_a_large_table_at_scale_m(pool: PgPool) {
    server::db::migrate(&pool).await.expect("migrations");
    server::seed::demo_courses(&pool)
        .await
        .expect("demo courses");
    server::seed::scale::load(&pool, server::seed::scale::Scale::M, 1)
        .await
        .expect("scale M loads");

    let notices = Arc::new(Mutex::new(Vec::new()));
    tracing::subscriber::set_global_default(
        tracing_subscriber::registry().with(Notices(notices.clone())),
    )
    .expect("the only subscriber");
    // The app's own pool, with every statement's plan sent back to the client.
    let explained = sqlx::postgres::PgPoolOptions::new()
        .max_connections(4)
        .connect_with(pool.connect_options().as_ref().clone().options([
            ("session_preload_libraries", "auto_explain"),
            ("auto_explain.log_min_duration", "0"),
            ("auto_explain.log_format", "json"),
            ("auto_explain.log_level", "notice"),
            ("auto_explain.log_nested_statements", "on"),
        ]))
        .await
        .expect("a pool with auto_explain");
    let app = server::router::build(&test_config(), explained).expect("router");

    let password = server::seed::scale::PASSWORD;
    let (_, learner) = sign_in(&app, "learner8@scale.example.org", password, None).await;
    let learner = learner.expect("learner8 signs in");
    let (_, admin) = sign_in(&app, "city-admin0@scale.example.org", password, None).await;
    let admin = admin.expect("the city admin signs in");
    let cohort: uuid::Uuid = sqlx::query_scalar(
        "select c.id from cohorts c join organisations o on o.id = c.organisation_id
         where o.slug = 'city-0' order by c.seat_limit desc limit 1",
    )
    .fetch_one(&pool)
    .await
    .expect("the big cohort");
    let code: String = sqlx::query_scalar("select code from certificates limit 1")
        .fetch_one(&pool)
        .await
        .expect("a certificate");

    let course = "city-course-0";
    let mut pages: Vec<(String, Option<&str>)> = vec![
        ("/".into(), None),
        ("/courses?q=housing".into(), None),
        ("/courses?topic=local-government&page=2".into(), None),
        (format!("/courses/{course}"), None),
        (format!("/verify/{code}"), None),
        ("/me/learning".into(), Some(&learner)),
        (format!("/courses/{course}"), Some(&learner)),
        (
            format!("/courses/{course}/lessons/lesson-3-2"),
            Some(&learner),
        ),
        (
            format!("/courses/{course}/quizzes/module-1"),
            Some(&learner),
        ),
        (format!("/org/city-0/cohorts/{cohort}"), Some(&admin)),
        (
            format!("/org/city-0/cohorts/{cohort}/members.csv"),
            Some(&admin),
        ),
    ];
    let mut report = Vec::new();
    let mut check = |what: &str, before: usize| {
        let all = notices.lock().expect("notices");
        let mut scans = Vec::new();
        for notice in &all[before..] {
            if let Some(start) = notice.find('{')
                && let Ok(plan) = serde_json::from_str::<serde_json::Value>(&notice[start..])
            {
                seq_scans(&plan["Plan"], &mut scans);
            }
        }
        report.push((what.to_owned(), all.len() - before, scans));
    };
    for (uri, session) in pages.drain(..) {
        let before = notices.lock().expect("notices").len();
        let request = session.map_or_else(|| get(&uri), |id| page(&uri, id));
        let (response, _) = send(&app, request).await;
        assert!(
            response.status().is_success(),
            "{uri}: {}",
            response.status()
        );
        check(&uri, before);
    }
    // The writes: mark a lesson done, open an attempt, autosave, submit.
    let before = notices.lock().expect("notices").len();
    let done = form(&[("course", course), ("lesson", "lesson-3-2")]);
    send(&app, call("/api/learning/done", &done, Some(&learner))).await;
    check("mark done", before);
    let before = notices.lock().expect("notices").len();
    let start = form(&[("course", course), ("module", "module-1")]);
    send(&app, call("/api/quiz/start", &start, Some(&learner))).await;
    check("start attempt", before);
    let attempt: uuid::Uuid = sqlx::query_scalar(
        "select a.id from quiz_attempts a join users u on u.id = a.user_id
         where u.email = 'learner8@scale.example.org' and a.state = 'in_progress'",
    )
    .fetch_one(&pool)
    .await
    .expect("an open attempt");
    let before = notices.lock().expect("notices").len();
    send(&app, autosave(&attempt.to_string(), "", &learner)).await;
    check("autosave", before);
    let before = notices.lock().expect("notices").len();
    let submit = post_form(&format!("/attempts/{attempt}"), "intent=submit", &learner);
    send(&app, submit).await;
    check("submit attempt", before);

    let large: Vec<String> = sqlx::query_scalar(
        "select relname::text from pg_class where relkind = 'r' and reltuples > 10000",
    )
    .fetch_all(&pool)
    .await
    .expect("table sizes");
    assert!(
        large.iter().any(|t| t == "lesson_completions"),
        "statistics are there: {large:?}"
    );
    let planned: usize = report.iter().map(|(_, n, _)| n).sum();
    assert!(planned > 20, "auto_explain reported the plans: {report:?}");
    let bad: Vec<_> = report
        .iter()
        .filter(|(_, _, scans)| scans.iter().any(|t| large.contains(t)))
        .collect();
    assert!(
        bad.is_empty(),
        "sequential scans of large tables ({large:?}): {bad:?}"
    );
}
