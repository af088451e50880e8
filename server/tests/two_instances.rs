//! Two app instances on one database, as behind a load balancer with no sticky
//! sessions (docs/scaling.md): a session begun on one continues on the other, and so
//! does a quiz attempt saved on one. Each instance has its own router, session layer
//! and connection pool; they share nothing but PostgreSQL.
mod common;

use app::domain::quiz::grading::QuestionSpec;
use common::*;
use sqlx::{PgPool, postgres::PgPoolOptions, types::Json};
use uuid::Uuid;

const COURSE: &str = "human-rights-cities";
const MODULE: &str = "the-2020-forum";

#[sqlx::test(migrator = "server::db::MIGRATOR")]
async fn a_session_and_an_attempt_continue_on_the_other_instance(pool: PgPool) {
    let first = seeded_app(pool.clone()).await;
    let own_pool = PgPoolOptions::new()
        .max_connections(4)
        .connect_with(pool.connect_options().as_ref().clone())
        .await
        .expect("a second pool on the same database");
    let second = server::router::build(&test_config(), own_pool).expect("second instance");

    // A session begun on the first instance is known to the second.
    let session = register(&first, "two-instances@example.org").await;
    assert_eq!(who(&second, &session).await.as_deref(), Some("Tester"));

    // Enrol on the second, open the quiz on the first.
    for (app, path, body) in [
        (&second, "/api/learning/enrol", form(&[("course", COURSE)])),
        (
            &first,
            "/api/quiz/start",
            form(&[("course", COURSE), ("module", MODULE)]),
        ),
    ] {
        let (response, text) = send(app, call(path, &body, Some(&session))).await;
        assert!(
            response.status().is_success() || response.status().is_redirection(),
            "{path}: {text}"
        );
    }
    let (attempt, questions): (Uuid, Vec<Uuid>) = sqlx::query_as(
        "select a.id, a.question_ids from quiz_attempts a join users u on u.id = a.user_id
         where u.email = 'two-instances@example.org' and a.state = 'in_progress'",
    )
    .fetch_one(&pool)
    .await
    .expect("an open attempt");

    // Answer a question on the first instance (the autosave call)…
    let specs: Vec<(Uuid, Json<QuestionSpec>)> =
        sqlx::query_as("select id, spec from questions where id = any($1)")
            .bind(&questions)
            .fetch_all(&pool)
            .await
            .expect("the questions");
    let (question, value) = specs
        .iter()
        .find_map(|(id, Json(spec))| match spec {
            QuestionSpec::TrueFalse { answer } => Some((*id, answer.to_string())),
            QuestionSpec::SingleChoice { choices } => Some((*id, choices[0].id.clone())),
            _ => None,
        })
        .expect("a true/false or single-choice question");
    let fields = form(&[
        ("shown", &question.to_string()),
        (&format!("q.{question}"), &value),
    ]);
    let (response, text) = send(&first, autosave(&attempt.to_string(), &fields, &session)).await;
    assert_eq!(response.status(), 200, "{text}");

    // …and the second instance shows it saved, then takes the submission.
    let (response, html) = send(&second, page(&format!("/attempts/{attempt}"), &session)).await;
    assert_eq!(response.status(), 200);
    assert!(
        html.contains(&format!("name=\"q.{question}\" value=\"{value}\" checked")),
        "the second instance shows the open attempt with the saved answer"
    );
    let saved: i64 =
        sqlx::query_scalar("select count(*) from attempt_answers where attempt_id = $1")
            .bind(attempt)
            .fetch_one(&pool)
            .await
            .expect("count");
    assert_eq!(saved, 1, "one answer saved");
    let submit = post_form(&format!("/attempts/{attempt}"), "intent=submit", &session);
    let (response, _) = send(&second, submit).await;
    assert_eq!(response.status(), 303);
    let state: String = sqlx::query_scalar("select state from quiz_attempts where id = $1")
        .bind(attempt)
        .fetch_one(&pool)
        .await
        .expect("state");
    assert_eq!(state, "submitted");

    // Signing out on the second ends the session on the first too.
    let (response, _) = send(&second, call("/api/account/sign-out", "", Some(&session))).await;
    assert!(response.status().is_success() || response.status().is_redirection());
    assert_eq!(who(&first, &session).await, None);
}
