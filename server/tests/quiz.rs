//! The quiz engine against a real PostgreSQL: attempts that resume, saves that stop at
//! the deadline, submissions graded exactly once however many arrive, and passing as
//! part of course completion.
use app::domain::quiz::Answer;
use app::domain::quiz::grading::QuestionSpec;
use app::ssr::db::learning::{self, Marked};
use app::ssr::db::quiz::{self, QuizRow, Saved, Started, Submitted};
use sqlx::PgPool;
use sqlx::types::Json;
use uuid::Uuid;

const COURSE: &str = "human-rights-cities-2030";

async fn seeded(pool: &PgPool) {
    server::db::migrate(pool).await.expect("migrations");
    server::seed::demo_courses(pool).await.expect("seed");
}

/// `n` learners enrolled in [`COURSE`], in one statement.
async fn learners(pool: &PgPool, n: i32) -> Vec<Uuid> {
    let ids: Vec<Uuid> = sqlx::query_scalar(
        "insert into users (email, display_name, password_hash)
         select 'learner-' || gen_random_uuid() || '@example.org', 'Learner ' || i, 'x' from generate_series(1, $1) i
         returning id",
    )
    .bind(n)
    .fetch_all(pool)
    .await
    .expect("users");
    for id in &ids {
        learning::enrol(pool, *id, COURSE).await.expect("enrol");
    }
    ids
}

/// The course's quizzes, in module order.
async fn quizzes(pool: &PgPool) -> Vec<QuizRow> {
    let (version, modules): (Uuid, Vec<String>) = sqlx::query_as(
        "select c.current_version_id, array_agg(m.slug order by m.position)
         from courses c join quizzes q on q.version_id = c.current_version_id
         join modules m on m.id = q.module_id
         where c.slug = $1 group by c.current_version_id",
    )
    .bind(COURSE)
    .fetch_one(pool)
    .await
    .expect("quizzes");
    let mut found = Vec::new();
    for module in modules {
        found.push(
            quiz::quiz(pool, version, &module)
                .await
                .expect("quiz")
                .expect("exists"),
        );
    }
    found
}

async fn open(pool: &PgPool, user: Uuid, quiz: &QuizRow) -> Uuid {
    match quiz::start(pool, user, quiz).await.expect("start") {
        Started::Open(id) => id,
        other => panic!("no attempt: {other:?}"),
    }
}

/// The questions of an attempt with their answer keys, in the attempt's order.
async fn questions(pool: &PgPool, attempt: Uuid) -> Vec<(Uuid, i32, QuestionSpec)> {
    let rows: Vec<(Uuid, i32, Json<QuestionSpec>)> = sqlx::query_as(
        "select q.id, q.points, q.spec from quiz_attempts a
         cross join lateral unnest(a.question_ids) with ordinality as u(id, n)
         join questions q on q.id = u.id
         where a.id = $1 order by u.n",
    )
    .bind(attempt)
    .fetch_all(pool)
    .await
    .expect("questions");
    rows.into_iter().map(|(id, p, s)| (id, p, s.0)).collect()
}

/// The answer that earns every point.
fn right(spec: &QuestionSpec) -> Answer {
    spec.model_answer()
}

async fn count(pool: &PgPool, sql: &str) -> i64 {
    sqlx::query_scalar(sql)
        .fetch_one(pool)
        .await
        .expect("count")
}

#[sqlx::test(migrator = "server::db::MIGRATOR")]
async fn every_seeded_module_has_a_quiz_and_option_ids_reveal_nothing(pool: PgPool) {
    seeded(&pool).await;
    let report = server::seed::demo_courses(&pool).await.expect("seed again");
    assert_eq!(
        count(&pool, "select count(*) from questions").await,
        report.questions as i64,
        "seeding twice adds nothing"
    );
    assert_eq!(
        count(&pool, "select count(*) from modules m where not exists (select 1 from quizzes q where q.module_id = m.id)").await,
        0
    );
    // Ids are 12 hex digits, all different, and not the option's index.
    let ids: Vec<String> = sqlx::query_scalar(
        "select c ->> 'id' from questions q, jsonb_array_elements(q.spec -> 'choices') c",
    )
    .fetch_all(&pool)
    .await
    .expect("ids");
    assert!(ids.len() > 50);
    let distinct: std::collections::BTreeSet<_> = ids.iter().collect();
    assert_eq!(distinct.len(), ids.len());
    assert!(
        ids.iter()
            .all(|id| id.len() == 12 && id.bytes().all(|b| b.is_ascii_hexdigit()))
    );
}

#[sqlx::test(migrator = "server::db::MIGRATOR")]
async fn an_attempt_resumes_with_the_same_questions_and_every_saved_answer(pool: PgPool) {
    seeded(&pool).await;
    let user = learners(&pool, 1).await[0];
    let quiz = &quizzes(&pool).await[0];
    let attempt = open(&pool, user, quiz).await;
    let asked = questions(&pool, attempt).await;
    assert_eq!(asked.len() as i64, quiz.questions_per_attempt());

    let given: Vec<(Uuid, Option<Answer>)> = asked
        .iter()
        .map(|(id, _, spec)| (*id, Some(right(spec))))
        .collect();
    assert_eq!(
        quiz::save(&pool, user, attempt, &given)
            .await
            .expect("save"),
        Saved::Saved
    );
    // Starting again (a reload, another tab) resumes the same attempt.
    assert_eq!(open(&pool, user, quiz).await, attempt);
    assert_eq!(questions(&pool, attempt).await, asked);
    let mut saved = quiz::answers(&pool, attempt).await.expect("answers");
    saved.sort_by_key(|row| row.question_id);
    let mut expected: Vec<_> = given
        .into_iter()
        .map(|(id, a)| (id, a.expect("some")))
        .collect();
    expected.sort_by_key(|(id, _)| *id);
    assert_eq!(
        saved
            .into_iter()
            .map(|row| (row.question_id, row.answer.0))
            .collect::<Vec<_>>(),
        expected
    );

    // Clearing an answer deletes it; a question from outside the attempt is ignored.
    let (first, ..) = asked[0];
    quiz::save(
        &pool,
        user,
        attempt,
        &[
            (first, None),
            (Uuid::new_v4(), Some(Answer::TrueFalse { value: true })),
        ],
    )
    .await
    .expect("save");
    assert_eq!(
        quiz::answers(&pool, attempt).await.expect("answers").len(),
        asked.len() - 1
    );
    // The attempt page's single read agrees with the two it replaces: every question in
    // the attempt's order, and only the answers saved (the cleared one is not there).
    let (together_asked, together_answers) = quiz::asked_and_answers(&pool, attempt)
        .await
        .expect("one read");
    let ids = |rows: &[quiz::AskedRow]| rows.iter().map(|q| q.id).collect::<Vec<_>>();
    let apart_asked = quiz::asked(&pool, user, attempt).await.expect("asked");
    assert_eq!(ids(&together_asked), ids(&apart_asked));
    let answered = |rows: Vec<quiz::AnswerRow>| {
        let mut rows: Vec<_> = rows
            .into_iter()
            .map(|a| (a.question_id, a.answer.0))
            .collect();
        rows.sort_by_key(|(id, _)| *id);
        rows
    };
    assert_eq!(
        answered(together_answers),
        answered(quiz::answers(&pool, attempt).await.expect("answers"))
    );
    assert!(!ids(&together_asked).is_empty() && ids(&together_asked).contains(&first));

    // Concurrent starts by another learner still make one attempt.
    let other = learners(&pool, 1).await;
    let other = other[0];
    let starts: Vec<_> = (0..10)
        .map(|_| {
            let (pool, quiz) = (pool.clone(), quiz.clone());
            tokio::spawn(async move { quiz::start(&pool, other, &quiz).await })
        })
        .collect();
    let mut ids = std::collections::BTreeSet::new();
    for start in starts {
        match start.await.expect("task").expect("start") {
            Started::Open(id) => ids.insert(id),
            other => panic!("{other:?}"),
        };
    }
    assert_eq!(ids.len(), 1, "ten starts, one attempt");
}

#[sqlx::test(migrator = "server::db::MIGRATOR")]
async fn fifty_submits_of_one_attempt_grade_it_once(pool: PgPool) {
    seeded(&pool).await;
    let user = learners(&pool, 1).await[0];
    let quiz = &quizzes(&pool).await[0];
    let attempt = open(&pool, user, quiz).await;
    let asked = questions(&pool, attempt).await;
    // Half right: the first half of the questions answered correctly.
    let given: Vec<_> = asked
        .iter()
        .take(asked.len() / 2)
        .map(|(id, _, spec)| (*id, Some(right(spec))))
        .collect();
    quiz::save(&pool, user, attempt, &given)
        .await
        .expect("save");
    let expected: f64 = asked
        .iter()
        .take(asked.len() / 2)
        .map(|(_, points, _)| f64::from(*points))
        .sum();

    let submits: Vec<_> = (0..50)
        .map(|_| {
            let pool = pool.clone();
            tokio::spawn(async move { quiz::submit(&pool, user, attempt).await })
        })
        .collect();
    let mut results = Vec::new();
    for submit in submits {
        results.push(submit.await.expect("task").expect("submit"));
    }
    assert!(
        results.iter().all(|r| *r == results[0]),
        "every submit reports the one grading: {results:?}"
    );
    match &results[0] {
        Submitted::Graded { score, .. } => assert_eq!(*score, expected),
        other => panic!("{other:?}"),
    }
    assert_eq!(
        count(
            &pool,
            "select count(*) from quiz_attempts where state = 'submitted'"
        )
        .await,
        1
    );
    // Saving after the submission is refused.
    assert_eq!(
        quiz::save(&pool, user, attempt, &given)
            .await
            .expect("save"),
        Saved::Closed
    );
}

#[sqlx::test(migrator = "server::db::MIGRATOR")]
async fn autosaves_racing_the_submit_land_before_the_grading_or_not_at_all(pool: PgPool) {
    seeded(&pool).await;
    let user = learners(&pool, 1).await[0];
    let quiz = &quizzes(&pool).await[0];
    let attempt = open(&pool, user, quiz).await;
    let asked = questions(&pool, attempt).await;
    // Forty saves, each of one right answer, and a submit in their midst.
    let mut tasks = Vec::new();
    for i in 0..40 {
        let (id, _, spec) = &asked[i % asked.len()];
        let answer = vec![(*id, Some(right(spec)))];
        let saver = pool.clone();
        tasks.push(tokio::spawn(async move {
            quiz::save(&saver, user, attempt, &answer).await.map(Some)
        }));
        if i == 20 {
            let submitter = pool.clone();
            tasks.push(tokio::spawn(async move {
                quiz::submit(&submitter, user, attempt).await.map(|_| None)
            }));
        }
    }
    let mut outcomes = Vec::new();
    for task in tasks {
        outcomes.push(task.await.expect("task").expect("save or submit"));
    }
    // Every answer stored was there when the attempt was graded: each has its score,
    // and the attempt's score is their sum.
    let (stored, ungraded, sum, score): (i64, i64, f64, f64) = sqlx::query_as(
        "select count(aa.question_id), count(aa.question_id) filter (where aa.score is null),
                coalesce(sum(aa.score), 0)::float8, a.score::float8
         from quiz_attempts a left join attempt_answers aa on aa.attempt_id = a.id
         where a.id = $1 and a.state = 'submitted' group by a.id",
    )
    .bind(attempt)
    .fetch_one(&pool)
    .await
    .expect("the graded attempt");
    assert_eq!(ungraded, 0, "an answer landed after the grading");
    assert_eq!(sum, score);
    // A save told "saved" is among them: some saves ran before the submit.
    let saved = outcomes
        .iter()
        .flatten()
        .filter(|s| **s == Saved::Saved)
        .count();
    assert!(saved > 0 && stored > 0, "{outcomes:?}");
}

#[sqlx::test(migrator = "server::db::MIGRATOR")]
async fn two_hundred_learners_submitting_three_times_make_two_hundred_graded_attempts(
    pool: PgPool,
) {
    seeded(&pool).await;
    let users = learners(&pool, 200).await;
    let quiz = quizzes(&pool).await.remove(0);
    let mut attempts = Vec::new();
    for user in &users {
        attempts.push((*user, open(&pool, *user, &quiz).await));
    }
    let submits: Vec<_> = attempts
        .iter()
        .flat_map(|attempt| std::iter::repeat_n(*attempt, 3))
        .map(|(user, attempt)| {
            let pool = pool.clone();
            tokio::spawn(async move { quiz::submit(&pool, user, attempt).await })
        })
        .collect();
    for submit in submits {
        assert!(matches!(
            submit.await.expect("task").expect("submit"),
            Submitted::Graded { .. }
        ));
    }
    assert_eq!(
        count(
            &pool,
            "select count(*) from quiz_attempts where state = 'submitted'"
        )
        .await,
        200
    );
    assert_eq!(
        count(&pool, "select count(*) from quiz_attempts").await,
        200
    );
}

#[sqlx::test(migrator = "server::db::MIGRATOR")]
async fn an_attempt_past_its_deadline_is_graded_on_what_was_saved_in_time(pool: PgPool) {
    seeded(&pool).await;
    let user = learners(&pool, 1).await[0];
    let quiz = &quizzes(&pool).await[0];
    sqlx::query("update quizzes set time_limit_seconds = 600 where id = $1")
        .bind(quiz.id)
        .execute(&pool)
        .await
        .expect("time limit");
    let quiz = &quizzes(&pool).await[0];
    let attempt = open(&pool, user, quiz).await;
    let asked = questions(&pool, attempt).await;
    let (first, first_points, first_spec) = &asked[0];
    quiz::save(&pool, user, attempt, &[(*first, Some(right(first_spec)))])
        .await
        .expect("save");

    // The clock runs out (moved, rather than waited for).
    sqlx::query("update quiz_attempts set deadline = now() - interval '1 second' where id = $1")
        .bind(attempt)
        .execute(&pool)
        .await
        .expect("deadline");
    let late: Vec<_> = asked[1..]
        .iter()
        .map(|(id, _, spec)| (*id, Some(right(spec))))
        .collect();
    assert_eq!(
        quiz::save(&pool, user, attempt, &late).await.expect("save"),
        Saved::Closed,
        "answers after the deadline are refused"
    );
    // Another learner's expired attempt is graded by the sweep, without them coming back.
    let absent = learners(&pool, 1).await[0];
    let left = open(&pool, absent, quiz).await;
    sqlx::query("update quiz_attempts set deadline = now() - interval '1 minute' where id = $1")
        .bind(left)
        .execute(&pool)
        .await
        .expect("deadline");
    assert_eq!(
        quiz::finish_all_expired(&pool, 100).await.expect("sweep"),
        2
    );
    assert_eq!(
        quiz::finish_all_expired(&pool, 100).await.expect("sweep"),
        0
    );

    // Starting again opens a new attempt; the expired one was graded.
    let next = open(&pool, user, quiz).await;
    assert_ne!(next, attempt);
    let graded = quiz::attempt(&pool, user, attempt)
        .await
        .expect("attempt")
        .expect("mine");
    assert_eq!(graded.state, "submitted");
    assert_eq!(graded.score, Some(f64::from(*first_points)));
    assert_eq!(
        graded.submitted_at, graded.deadline,
        "closed at the deadline"
    );
    assert_eq!(graded.passed, Some(false));
}

#[sqlx::test(migrator = "server::db::MIGRATOR")]
async fn attempts_stop_at_the_maximum_and_nobody_saves_into_anothers_attempt(pool: PgPool) {
    seeded(&pool).await;
    let users = learners(&pool, 2).await;
    let (user, intruder) = (users[0], users[1]);
    let quiz = &quizzes(&pool).await[0];
    sqlx::query("update quizzes set max_attempts = 2 where id = $1")
        .bind(quiz.id)
        .execute(&pool)
        .await
        .expect("max attempts");
    let quiz = &quizzes(&pool).await[0];
    for _ in 0..2 {
        let attempt = open(&pool, user, quiz).await;
        let asked = questions(&pool, attempt).await;
        assert_eq!(
            quiz::save(
                &pool,
                intruder,
                attempt,
                &[(asked[0].0, Some(right(&asked[0].2)))]
            )
            .await
            .expect("save"),
            Saved::Closed
        );
        assert_eq!(
            quiz::submit(&pool, intruder, attempt)
                .await
                .expect("submit"),
            Submitted::NotFound
        );
        quiz::submit(&pool, user, attempt).await.expect("submit");
    }
    assert_eq!(
        quiz::start(&pool, user, quiz).await.expect("start"),
        Started::NoAttemptsLeft
    );
}

#[sqlx::test(migrator = "server::db::MIGRATOR")]
async fn passing_the_last_quiz_completes_the_course_once(pool: PgPool) {
    seeded(&pool).await;
    let user = learners(&pool, 1).await[0];
    let lessons: Vec<String> = sqlx::query_scalar(
        "select l.slug from lessons l join courses c on c.current_version_id = l.version_id
         where c.slug = $1",
    )
    .bind(COURSE)
    .fetch_all(&pool)
    .await
    .expect("lessons");
    for slug in &lessons {
        assert_eq!(
            learning::mark_done(&pool, user, COURSE, slug)
                .await
                .expect("mark"),
            Marked::Done {
                course_completed_now: false
            },
            "the quizzes are still to pass"
        );
    }
    let progress = learning::progress(&pool, user, COURSE)
        .await
        .expect("progress")
        .expect("enrolled");
    assert!(
        progress
            .resume
            .as_deref()
            .is_some_and(|r| r.starts_with("quizzes/"))
    );

    let all = quizzes(&pool).await;
    for (n, quiz) in all.iter().enumerate() {
        // A failed attempt first: it does not count.
        let failed = open(&pool, user, quiz).await;
        quiz::submit(&pool, user, failed).await.expect("submit");
        let attempt = open(&pool, user, quiz).await;
        let answers: Vec<_> = questions(&pool, attempt)
            .await
            .iter()
            .map(|(id, _, spec)| (*id, Some(right(spec))))
            .collect();
        quiz::save(&pool, user, attempt, &answers)
            .await
            .expect("save");
        let result = quiz::submit(&pool, user, attempt).await.expect("submit");
        assert!(
            matches!(result, Submitted::Graded { passed: true, .. }),
            "{result:?}"
        );
        let completed = count(
            &pool,
            "select count(*) from enrolments where completed_at is not null",
        )
        .await;
        assert_eq!(
            completed,
            i64::from(n + 1 == all.len()),
            "after quiz {}",
            n + 1
        );
    }
    assert_eq!(
        count(
            &pool,
            "select count(*) from domain_events where kind = 'course_completed'"
        )
        .await,
        1
    );
    let progress = learning::progress(&pool, user, COURSE)
        .await
        .expect("progress")
        .expect("enrolled");
    assert_eq!((progress.percent(), progress.resume), (100, None));
}

#[sqlx::test(migrator = "server::db::MIGRATOR")]
async fn an_attempt_draws_its_questions_from_the_pool_and_keeps_the_order_it_drew(pool: PgPool) {
    seeded(&pool).await;
    let users = learners(&pool, 20).await;
    let quiz = &quizzes(&pool).await[1];
    sqlx::query("update quizzes set draw_count = 2, shuffle_questions = false where id = $1")
        .bind(quiz.id)
        .execute(&pool)
        .await
        .expect("settings");
    let quiz = &quizzes(&pool).await[1];
    let pool_order: Vec<Uuid> =
        sqlx::query_scalar("select id from questions where quiz_id = $1 order by position")
            .bind(quiz.id)
            .fetch_all(&pool)
            .await
            .expect("pool");
    assert!(pool_order.len() > 2);
    let mut drawn_sets = std::collections::BTreeSet::new();
    for user in users {
        let attempt = open(&pool, user, quiz).await;
        let drawn: Vec<Uuid> = questions(&pool, attempt)
            .await
            .iter()
            .map(|q| q.0)
            .collect();
        assert_eq!(drawn.len(), 2);
        assert_ne!(drawn[0], drawn[1]);
        let positions: Vec<usize> = drawn
            .iter()
            .map(|id| {
                pool_order
                    .iter()
                    .position(|p| p == id)
                    .expect("from the pool")
            })
            .collect();
        assert!(
            positions[0] < positions[1],
            "unshuffled: the educator's order"
        );
        drawn_sets.insert(drawn);
    }
    assert!(
        drawn_sets.len() > 1,
        "twenty learners do not all draw the same two"
    );
}

#[sqlx::test(migrator = "server::db::MIGRATOR")]
async fn a_reader_finds_the_quiz_and_whether_they_are_enrolled_in_one_read(pool: PgPool) {
    seeded(&pool).await;
    let quiz = &quizzes(&pool).await[0];
    let enrolled = learners(&pool, 1).await[0];
    let found = quiz::reader_quiz(&pool, COURSE, &quiz.module_slug, Some(enrolled))
        .await
        .expect("read")
        .expect("the quiz");
    assert!(found.enrolled);
    assert_eq!(found.quiz.id, quiz.id);
    assert_eq!(found.quiz.pool_ids, quiz.pool_ids);
    assert_eq!(found.so_far, quiz::SoFar::default(), "no attempt yet");

    // Signed out, or signed in without enrolling: the same quiz, not enrolled.
    let stranger: Uuid = sqlx::query_scalar(
        "insert into users (email, display_name, password_hash)
         values ('stranger@example.org', 'Stranger', 'x') returning id",
    )
    .fetch_one(&pool)
    .await
    .expect("user");
    for reader in [None, Some(stranger)] {
        let found = quiz::reader_quiz(&pool, COURSE, &quiz.module_slug, reader)
            .await
            .expect("read")
            .expect("the quiz");
        assert!(!found.enrolled);
        assert_eq!(found.quiz.id, quiz.id);
    }

    // No such module, no such course, or a course withdrawn from publication: nothing.
    for (course, module) in [
        (COURSE, "no-such-module"),
        ("no-such-course", quiz.module_slug.as_str()),
    ] {
        assert!(
            quiz::reader_quiz(&pool, course, module, Some(enrolled))
                .await
                .expect("read")
                .is_none()
        );
    }
    sqlx::query("update course_versions set published_at = null where id = $1")
        .bind(quiz.version_id)
        .execute(&pool)
        .await
        .expect("unpublish");
    assert!(
        quiz::reader_quiz(&pool, COURSE, &quiz.module_slug, None)
            .await
            .expect("read")
            .is_none()
    );
}

#[sqlx::test(migrator = "server::db::MIGRATOR")]
async fn the_read_of_a_quiz_counts_the_readers_attempts_and_a_start_trusts_it(pool: PgPool) {
    seeded(&pool).await;
    let quiz = &quizzes(&pool).await[0];
    assert!(
        quiz.time_limit_seconds.is_none(),
        "the seeded quiz is untimed"
    );
    let [learner, other] = learners(&pool, 2).await[..] else {
        panic!("two learners")
    };
    let read = |user| {
        let pool = pool.clone();
        let module = quiz.module_slug.clone();
        async move {
            quiz::reader_quiz(&pool, COURSE, &module, Some(user))
                .await
                .expect("read")
                .expect("the quiz")
                .so_far
        }
    };

    // The start given the read opens the attempt the next read finds open.
    let before = read(learner).await;
    let Started::Open(first) = quiz::start_after(&pool, learner, quiz, Some(&before))
        .await
        .expect("start")
    else {
        panic!("no attempt")
    };
    let open = quiz::SoFar {
        open_attempt: Some(first),
        attempts_used: 1,
    };
    assert_eq!(read(learner).await, open);
    assert_eq!(
        read(other).await,
        quiz::SoFar::default(),
        "only the reader's"
    );

    // A start given a read taken before the first (a second tab): the insert loses to
    // the open attempt, which is resumed, not doubled.
    assert_eq!(
        quiz::start_after(&pool, learner, quiz, Some(&before))
            .await
            .expect("start again"),
        Started::Open(first)
    );
    assert_eq!(read(learner).await, open);

    // Graded, it is no longer open but still counts as used.
    assert!(matches!(
        quiz::submit(&pool, learner, first).await.expect("submit"),
        Submitted::Graded { .. }
    ));
    let graded = read(learner).await;
    assert_eq!(graded.open_attempt, None);
    assert_eq!(graded.attempts_used, 1);
    let Started::Open(second) = quiz::start_after(&pool, learner, quiz, Some(&graded))
        .await
        .expect("a second attempt")
    else {
        panic!("no second attempt")
    };
    assert_ne!(second, first);
    assert_eq!(
        count(
            &pool,
            &format!("select count(*) from quiz_attempts where user_id = '{learner}'")
        )
        .await,
        2
    );
}
