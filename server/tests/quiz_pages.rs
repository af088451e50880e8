//! Quizzes over HTTP: what reaches the browser during an attempt (never the answer
//! key), the attempt form posted without JavaScript, and other people's attempts.
mod common;

use app::domain::quiz::grading::QuestionSpec;
use axum::body::Body;
use axum::http::{Request, header};
use common::*;
use sqlx::PgPool;
use sqlx::types::Json;
use uuid::Uuid;

const COURSE: &str = "human-rights-cities";
const MODULE: &str = "the-2020-forum";

/// A learner enrolled in [`COURSE`], with an open attempt at its first quiz.
async fn learner_with_attempt(app: &axum::Router, pool: &PgPool, email: &str) -> (String, Uuid) {
    let session = register(app, email).await;
    let (response, text) = send(
        app,
        call(
            "/api/learning/enrol",
            &form(&[("course", COURSE)]),
            Some(&session),
        ),
    )
    .await;
    assert!(
        response.status().is_success() || response.status().is_redirection(),
        "{text}"
    );
    let (response, text) = send(
        app,
        call(
            "/api/quiz/start",
            &form(&[("course", COURSE), ("module", MODULE)]),
            Some(&session),
        ),
    )
    .await;
    assert!(
        response.status().is_success() || response.status().is_redirection(),
        "{text}"
    );
    let attempt = sqlx::query_scalar(
        "select a.id from quiz_attempts a join users u on u.id = a.user_id
         where u.email = $1 and a.state = 'in_progress'",
    )
    .bind(email)
    .fetch_one(pool)
    .await
    .expect("an open attempt");
    (session, attempt)
}

async fn specs(pool: &PgPool, attempt: Uuid) -> Vec<(Uuid, QuestionSpec, String)> {
    let rows: Vec<(Uuid, Json<QuestionSpec>, String)> = sqlx::query_as(
        "select q.id, q.spec, q.feedback::text from quiz_attempts a join questions q on q.id = any(a.question_ids)
         where a.id = $1",
    )
    .bind(attempt)
    .fetch_all(pool)
    .await
    .expect("specs");
    rows.into_iter()
        .map(|(id, spec, fb)| (id, spec.0, fb))
        .collect()
}

/// Texts of the answer key that must not reach the browser before grading.
fn secrets(specs: &[(Uuid, QuestionSpec, String)]) -> Vec<String> {
    let mut secrets = Vec::new();
    for (_, spec, feedback) in specs {
        let feedback: serde_json::Value = serde_json::from_str(feedback).expect("json");
        for text in feedback.as_object().expect("object").values() {
            secrets.push(text.as_str().expect("text").to_owned());
        }
        match spec {
            QuestionSpec::SingleChoice { choices } | QuestionSpec::MultipleResponse { choices } => {
                for choice in choices {
                    secrets.extend(choice.feedback.en.clone());
                    secrets.extend(choice.feedback.ko.clone());
                }
            }
            QuestionSpec::ShortAnswer { accepted } => secrets.extend(accepted.clone()),
            _ => {}
        }
    }
    secrets
}

/// Every option id of the attempt, with whether it is a right answer.
fn option_ids(specs: &[(Uuid, QuestionSpec, String)]) -> Vec<(String, bool)> {
    specs
        .iter()
        .flat_map(|(_, spec, _)| match spec {
            QuestionSpec::SingleChoice { choices } | QuestionSpec::MultipleResponse { choices } => {
                choices.iter().map(|c| (c.id.clone(), c.correct)).collect()
            }
            _ => Vec::new(),
        })
        .collect()
}

/// The form fields of an answer to every kind of question: a wrong option for choice
/// questions, the key for the others.
fn answer_fields(id: Uuid, spec: &QuestionSpec) -> Vec<(String, String)> {
    let name = format!("q.{id}");
    let mut fields = vec![("shown".to_owned(), id.to_string())];
    match spec {
        QuestionSpec::SingleChoice { choices } | QuestionSpec::MultipleResponse { choices } => {
            for c in choices.iter().filter(|c| !c.correct).take(1) {
                fields.push((name.clone(), c.id.clone()));
            }
        }
        QuestionSpec::TrueFalse { answer } => fields.push((name, answer.to_string())),
        QuestionSpec::Numerical { value, .. } => fields.push((name, value.to_string())),
        QuestionSpec::ShortAnswer { .. } => fields.push((name, "a guess".into())),
        QuestionSpec::Matching { pairs } => {
            for p in pairs {
                fields.push((format!("q.{id}.{}", p.item_id), p.option_id.clone()));
            }
        }
    }
    fields
}

/// `chosen`: the options the learner ticked, which their saved answers name once more.
fn assert_keeps_the_key(
    what: &str,
    body: &str,
    specs: &[(Uuid, QuestionSpec, String)],
    chosen: &[String],
) {
    for key in [
        "\"correct\"",
        "\"accepted\"",
        "\"tolerance\"",
        "\"feedback\"",
        "\"spec\"",
    ] {
        assert!(!body.contains(key), "{what} carries {key}");
    }
    for secret in secrets(specs) {
        assert!(!body.contains(&secret), "{what} carries {secret:?}");
    }
    // Every option the learner did not choose is there the same number of times, right
    // or wrong: nothing singles out the right ones. A chosen (wrong) option may be named
    // once more, by the saved answer, where the body carries one (JSON does; an HTML
    // page says it with `checked` instead).
    let counts: Vec<(usize, bool, bool)> = option_ids(specs)
        .into_iter()
        .map(|(id, correct)| (body.matches(&id).count(), correct, chosen.contains(&id)))
        .collect();
    let unchosen: Vec<usize> = counts.iter().filter(|c| !c.2).map(|c| c.0).collect();
    let expected = unchosen.first().copied().unwrap_or_default();
    assert!(
        unchosen.iter().all(|n| *n == expected),
        "{what}: options not chosen appear unevenly: {counts:?}"
    );
    assert!(
        counts
            .iter()
            .filter(|c| c.2)
            .all(|c| c.0 == expected || c.0 == expected + 1),
        "{what}: chosen options appear unevenly: {counts:?}"
    );
}

#[sqlx::test(migrator = "server::db::MIGRATOR")]
async fn nothing_that_reaches_the_browser_during_an_attempt_carries_the_answer_key(pool: PgPool) {
    let app = seeded_app(pool.clone()).await;
    let (session, attempt) = learner_with_attempt(&app, &pool, "secret@example.org").await;
    let specs = specs(&pool, attempt).await;
    assert!(option_ids(&specs).iter().any(|(_, correct)| *correct));

    // Save an answer to every question first, so saved answers are on the page too. The
    // options chosen are wrong ones: a right option must never be named more often
    // than an unchosen wrong one.
    let fields: Vec<(String, String)> = specs
        .iter()
        .flat_map(|(id, spec, _)| answer_fields(*id, spec))
        .collect();
    let encoded = serde_urlencoded::to_string(&fields).expect("encode");
    let (response, text) = send(&app, autosave(&attempt.to_string(), &encoded, &session)).await;
    assert_eq!(response.status(), 200, "{text}");
    let chosen: Vec<String> = fields
        .iter()
        .filter(|(name, _)| name.starts_with("q."))
        .map(|(_, value)| value.clone())
        .collect();
    assert_keeps_the_key("the autosave answer", &text, &specs, &chosen);

    for lang in ["en", "ko"] {
        let pages = [
            format!("/attempts/{attempt}"),
            format!("/courses/{COURSE}/quizzes/{MODULE}"),
        ];
        for uri in pages {
            let mut request = page(&uri, &session);
            request.headers_mut().insert(
                header::COOKIE,
                format!("{SESSION_COOKIE}={session}; i18n_pref_locale={lang}")
                    .parse()
                    .expect("cookie"),
            );
            let (response, html) = send(&app, request).await;
            assert_eq!(response.status(), 200, "{uri}");
            assert_keeps_the_key(&uri, &html, &specs, &chosen);
        }
        for uri in [
            format!("/api/quiz/attempt?attempt={attempt}&lang={lang}"),
            format!("/api/quiz/overview?course={COURSE}&module={MODULE}&lang={lang}"),
        ] {
            let (response, json) = send(&app, call_get(&uri, Some(&session))).await;
            assert_eq!(response.status(), 200, "{uri}: {json}");
            assert_keeps_the_key(&uri, &json, &specs, &chosen);
        }
    }
    let (_, html) = send(&app, page(&format!("/attempts/{attempt}"), &session)).await;
    assert!(
        html.contains("name=\"intent\""),
        "the page is the open attempt"
    );
    for (id, _) in option_ids(&specs) {
        assert!(html.contains(&id), "the open attempt offers option {id}");
    }

    // Once submitted, the review (allowed after each attempt) shows the feedback.
    let (response, _) = send(
        &app,
        post_form(&format!("/attempts/{attempt}"), "intent=submit", &session),
    )
    .await;
    assert_eq!(response.status(), 303);
    let (_, html) = send(&app, page(&format!("/attempts/{attempt}"), &session)).await;
    let general_feedback: serde_json::Value = serde_json::from_str(&specs[0].2).expect("feedback");
    let feedback = general_feedback["en"].as_str().expect("en");
    assert!(
        html.contains(&feedback.replace('\'', "&#39;")) || html.contains(feedback),
        "the review shows the feedback"
    );
}

#[sqlx::test(migrator = "server::db::MIGRATOR")]
async fn a_quiz_that_never_shows_answers_keeps_them_after_grading_too(pool: PgPool) {
    let app = seeded_app(pool.clone()).await;
    sqlx::query("update quizzes set review = 'never'")
        .execute(&pool)
        .await
        .expect("policy");
    let (session, attempt) = learner_with_attempt(&app, &pool, "never@example.org").await;
    let specs = specs(&pool, attempt).await;
    let (response, _) = send(
        &app,
        post_form(&format!("/attempts/{attempt}"), "intent=submit", &session),
    )
    .await;
    assert_eq!(response.status(), 303);
    let (_, html) = send(&app, page(&format!("/attempts/{attempt}"), &session)).await;
    assert!(html.contains("result"), "the result page");
    for secret in secrets(&specs) {
        assert!(!html.contains(&secret), "the result carries {secret:?}");
    }
}

#[sqlx::test(migrator = "server::db::MIGRATOR")]
async fn the_attempt_form_saves_and_submits_without_javascript(pool: PgPool) {
    let app = seeded_app(pool.clone()).await;
    let (session, attempt) = learner_with_attempt(&app, &pool, "nojs@example.org").await;
    let specs = specs(&pool, attempt).await;
    let (tf_id, tf_answer) = specs
        .iter()
        .find_map(|(id, spec, _)| match spec {
            QuestionSpec::TrueFalse { answer } => Some((*id, *answer)),
            _ => None,
        })
        .expect("a true/false question");
    let uri = format!("/attempts/{attempt}");
    let body = form(&[
        ("shown", &tf_id.to_string()),
        (&format!("q.{tf_id}"), &tf_answer.to_string()),
        ("intent", "save"),
    ]);
    let (response, _) = send(&app, post_form(&uri, &body, &session)).await;
    assert_eq!(response.status(), 303);
    assert_eq!(
        response.headers()[header::LOCATION],
        format!("{uri}?saved=1")
    );
    let saved: i64 =
        sqlx::query_scalar("select count(*) from attempt_answers where attempt_id = $1")
            .bind(attempt)
            .fetch_one(&pool)
            .await
            .expect("count");
    assert_eq!(saved, 1);
    let (_, html) = send(&app, page(&format!("{uri}?saved=1"), &session)).await;
    assert!(html.contains("checked"), "the saved answer is ticked again");

    let body = form(&[("intent", "submit")]);
    let (response, _) = send(&app, post_form(&uri, &body, &session)).await;
    assert_eq!(response.status(), 303);
    assert_eq!(response.headers()[header::LOCATION], uri);
    let (state, score): (String, Option<f64>) =
        sqlx::query_as("select state, score from quiz_attempts where id = $1")
            .bind(attempt)
            .fetch_one(&pool)
            .await
            .expect("attempt");
    assert_eq!(state, "submitted");
    assert!(
        score.is_some_and(|s| s >= 1.0),
        "the saved answer was graded: {score:?}"
    );

    // Posting again (a replay, the back button) grades nothing twice.
    let (response, _) = send(&app, post_form(&uri, &body, &session)).await;
    assert_eq!(response.status(), 303);
    let graded: i64 =
        sqlx::query_scalar("select count(*) from quiz_attempts where state = 'submitted'")
            .fetch_one(&pool)
            .await
            .expect("count");
    assert_eq!(graded, 1);
}

#[sqlx::test(migrator = "server::db::MIGRATOR")]
async fn nobody_reads_or_writes_another_learners_attempt(pool: PgPool) {
    let app = seeded_app(pool.clone()).await;
    let (_, attempt) = learner_with_attempt(&app, &pool, "owner@example.org").await;
    let (intruder, _) = learner_with_attempt(&app, &pool, "intruder@example.org").await;
    let uri = format!("/attempts/{attempt}");

    let (response, _) = send(&app, page(&uri, &intruder)).await;
    assert_eq!(response.status(), 404);
    let (response, _) = send(
        &app,
        call_get(
            &format!("/api/quiz/attempt?attempt={attempt}&lang=en"),
            Some(&intruder),
        ),
    )
    .await;
    assert_eq!(response.status(), 404);
    let (response, _) = send(&app, post_form(&uri, "intent=submit", &intruder)).await;
    assert_eq!(response.status(), 404);
    let (response, _) = send(&app, autosave(&attempt.to_string(), "", &intruder)).await;
    assert_eq!(response.status(), 404);
    let state: String = sqlx::query_scalar("select state from quiz_attempts where id = $1")
        .bind(attempt)
        .fetch_one(&pool)
        .await
        .expect("attempt");
    assert_eq!(state, "in_progress", "untouched");

    // Signed out: the form goes to sign-in; from another site it is refused.
    let anonymous = Request::post(&uri)
        .header(header::HOST, HOST)
        .header(header::ORIGIN, ORIGIN)
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .body(Body::from("intent=submit"))
        .expect("request");
    let (response, _) = send(&app, anonymous).await;
    assert_eq!(response.status(), 303);
    assert!(
        response.headers()[header::LOCATION]
            .to_str()
            .expect("ascii")
            .starts_with("/sign-in")
    );
    let mut cross_site = post_form(&uri, "intent=submit", &intruder);
    cross_site.headers_mut().insert(
        header::ORIGIN,
        "https://evil.example".parse().expect("origin"),
    );
    let (response, _) = send(&app, cross_site).await;
    assert_eq!(response.status(), 403);
}

#[sqlx::test(migrator = "server::db::MIGRATOR")]
async fn a_quiz_with_one_question_per_page_moves_through_pages_and_keeps_answers(pool: PgPool) {
    let app = seeded_app(pool.clone()).await;
    sqlx::query("update quizzes set one_per_page = true")
        .execute(&pool)
        .await
        .expect("paged");
    let (session, attempt) = learner_with_attempt(&app, &pool, "paged@example.org").await;
    let order: Vec<Uuid> =
        sqlx::query_scalar("select question_ids from quiz_attempts where id = $1")
            .bind(attempt)
            .fetch_one(&pool)
            .await
            .expect("order");
    let uri = format!("/attempts/{attempt}");

    // Page 1 shows the first question only.
    let (_, html) = send(&app, page(&uri, &session)).await;
    assert_eq!(
        html.matches("<fieldset ").count(),
        1,
        "one question on the page"
    );
    assert!(html.contains(&format!("name=\"shown\" value=\"{}\"", order[0])));
    assert!(html.contains("value=\"page-2\""), "a Next button");
    assert!(
        !html.contains("value=\"page-0\""),
        "no Previous on the first page"
    );

    // "Next" saves the answer on page 1 and opens page 2.
    let first = order[0];
    let spec = specs(&pool, attempt)
        .await
        .into_iter()
        .find(|(id, ..)| *id == first)
        .expect("the first question")
        .1;
    let mut fields = answer_fields(first, &spec);
    fields.push(("intent".into(), "page-2".into()));
    let body = serde_urlencoded::to_string(&fields).expect("encode");
    let (response, _) = send(&app, post_form(&uri, &body, &session)).await;
    assert_eq!(response.status(), 303);
    assert_eq!(
        response.headers()[header::LOCATION],
        format!("{uri}?page=2")
    );
    let (_, html) = send(&app, page(&format!("{uri}?page=2"), &session)).await;
    assert!(html.contains(&format!("name=\"shown\" value=\"{}\"", order[1])));
    assert!(html.contains("value=\"page-1\""), "a Previous button");
    let saved: i64 = sqlx::query_scalar(
        "select count(*) from attempt_answers where attempt_id = $1 and question_id = $2",
    )
    .bind(attempt)
    .bind(first)
    .fetch_one(&pool)
    .await
    .expect("count");
    assert_eq!(saved, 1, "moving on saved the first page");

    // Page 2 posted with nothing chosen leaves page 1's answer alone.
    let body = form(&[("shown", &order[1].to_string()), ("intent", "save-2")]);
    let (response, _) = send(&app, post_form(&uri, &body, &session)).await;
    assert_eq!(
        response.headers()[header::LOCATION],
        format!("{uri}?page=2&saved=1")
    );
    let kept: i64 =
        sqlx::query_scalar("select count(*) from attempt_answers where attempt_id = $1")
            .bind(attempt)
            .fetch_one(&pool)
            .await
            .expect("count");
    assert_eq!(kept, 1);

    // A page past the end shows the last question.
    let (_, html) = send(&app, page(&format!("{uri}?page=999"), &session)).await;
    assert!(html.contains(&format!(
        "name=\"shown\" value=\"{}\"",
        order[order.len() - 1]
    )));
}
