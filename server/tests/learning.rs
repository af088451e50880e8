//! The learner's road in the database: enrolment, marking lessons done (once, however
//! many clicks), progress and resume, and completion recorded exactly once.
use app::ssr::db::learning::{self, Enrolment, Marked};
use sqlx::PgPool;
use uuid::Uuid;

const COURSE: &str = "human-rights-cities-2030";

async fn learner(pool: &PgPool, email: &str) -> Uuid {
    server::db::migrate(pool).await.expect("migrations");
    server::seed::demo_courses(pool).await.expect("seed");
    sqlx::query_scalar(
        "insert into users (email, display_name, password_hash) values ($1, 'L', 'x') returning id",
    )
    .bind(email)
    .fetch_one(pool)
    .await
    .expect("user")
}

async fn lesson_slugs(pool: &PgPool) -> Vec<String> {
    sqlx::query_scalar(
        "select l.slug from lessons l join modules m on m.id = l.module_id
         join courses c on c.current_version_id = l.version_id
         where c.slug = $1 order by m.position, l.position",
    )
    .bind(COURSE)
    .fetch_all(pool)
    .await
    .expect("lessons")
}

/// The module quizzes of the course (each one a requirement).
async fn quiz_count(pool: &PgPool) -> i64 {
    sqlx::query_scalar(
        "select count(*) from quizzes q join courses c on c.current_version_id = q.version_id
         where c.slug = $1",
    )
    .bind(COURSE)
    .fetch_one(pool)
    .await
    .expect("quizzes")
}

/// Records a passed attempt (at 100%, with this attempt number) at every quiz of the
/// course (the quiz engine has its own tests; here only the lessons are under test).
async fn pass_quizzes(pool: &PgPool, user: Uuid, number: i32) {
    sqlx::query(
        "insert into quiz_attempts (quiz_id, user_id, number, state, question_ids, shuffle_seed,
                                    submitted_at, score, max_score, passed)
         select q.id, $1, $3, 'submitted', '{}', 0, now(), 1, 1, true
         from quizzes q join courses c on c.current_version_id = q.version_id where c.slug = $2",
    )
    .bind(user)
    .bind(COURSE)
    .bind(number)
    .execute(pool)
    .await
    .expect("passed attempts");
}

async fn count(pool: &PgPool, sql: &str) -> i64 {
    sqlx::query_scalar(sql)
        .fetch_one(pool)
        .await
        .expect("count")
}

#[sqlx::test(migrator = "server::db::MIGRATOR")]
async fn marking_a_lesson_done_twice_records_one_row(pool: PgPool) {
    let user = learner(&pool, "twice@example.org").await;
    let lessons = lesson_slugs(&pool).await;
    assert_eq!(
        learning::mark_done(&pool, user, COURSE, &lessons[0])
            .await
            .expect("mark"),
        Marked::NotEnrolled
    );
    assert_eq!(
        learning::enrol(&pool, user, COURSE).await.expect("enrol"),
        Enrolment::Enrolled
    );
    assert_eq!(
        learning::enrol(&pool, user, COURSE)
            .await
            .expect("enrol again"),
        Enrolment::Enrolled,
        "enrolling twice is harmless"
    );
    assert_eq!(count(&pool, "select count(*) from enrolments").await, 1);

    let (a, b) = tokio::join!(
        learning::mark_done(&pool, user, COURSE, &lessons[0]),
        learning::mark_done(&pool, user, COURSE, &lessons[0]),
    );
    assert!(matches!(a.expect("first"), Marked::Done { .. }));
    assert!(matches!(b.expect("second"), Marked::Done { .. }));
    assert_eq!(
        count(&pool, "select count(*) from lesson_completions").await,
        1
    );
    assert_eq!(
        learning::mark_done(&pool, user, COURSE, "no-such-lesson")
            .await
            .expect("mark"),
        Marked::NoSuchLesson
    );
}

#[sqlx::test(migrator = "server::db::MIGRATOR")]
async fn progress_counts_in_sql_and_resume_is_the_first_unfinished_lesson(pool: PgPool) {
    let user = learner(&pool, "progress@example.org").await;
    let lessons = lesson_slugs(&pool).await;
    assert_eq!(
        learning::progress(&pool, user, COURSE)
            .await
            .expect("progress"),
        None
    );
    learning::enrol(&pool, user, COURSE).await.expect("enrol");
    learning::mark_done(&pool, user, COURSE, &lessons[0])
        .await
        .expect("mark");
    learning::mark_done(&pool, user, COURSE, &lessons[2])
        .await
        .expect("mark");
    let progress = learning::progress(&pool, user, COURSE)
        .await
        .expect("progress")
        .expect("enrolled");
    let quizzes = quiz_count(&pool).await;
    assert!(quizzes > 0, "the seed has module quizzes");
    assert_eq!(progress.required, lessons.len() as i64 + quizzes);
    assert_eq!(progress.done, 2);
    assert_eq!(
        progress.percent(),
        2 * 100 / (lessons.len() as i64 + quizzes)
    );
    assert_eq!(
        progress.resume.as_deref(),
        Some(format!("lessons/{}", lessons[1]).as_str()),
        "the gap comes first"
    );
    assert_eq!(progress.completed_at, None);
}

#[sqlx::test(migrator = "server::db::MIGRATOR")]
async fn completion_is_recorded_once_even_when_the_last_two_lessons_finish_together(pool: PgPool) {
    let user = learner(&pool, "finish@example.org").await;
    let lessons = lesson_slugs(&pool).await;
    learning::enrol(&pool, user, COURSE).await.expect("enrol");
    pass_quizzes(&pool, user, 1).await;
    let (last_two, first) = lessons.split_at(2);
    for slug in first {
        let marked = learning::mark_done(&pool, user, COURSE, slug)
            .await
            .expect("mark");
        assert_eq!(
            marked,
            Marked::Done {
                course_completed_now: false
            }
        );
    }
    // Two requests at once, on two connections, each finishing one of the last lessons.
    let (a, b) = tokio::join!(
        tokio::spawn({
            let (pool, slug) = (pool.clone(), last_two[0].clone());
            async move { learning::mark_done(&pool, user, COURSE, &slug).await }
        }),
        tokio::spawn({
            let (pool, slug) = (pool.clone(), last_two[1].clone());
            async move { learning::mark_done(&pool, user, COURSE, &slug).await }
        }),
    );
    let outcomes = [
        a.expect("task").expect("mark"),
        b.expect("task").expect("mark"),
    ];
    let completions = outcomes
        .iter()
        .filter(|m| {
            **m == Marked::Done {
                course_completed_now: true,
            }
        })
        .count();
    assert_eq!(
        completions, 1,
        "exactly one request completes the course: {outcomes:?}"
    );
    assert_eq!(
        count(
            &pool,
            "select count(*) from domain_events where kind = 'course_completed'"
        )
        .await,
        1
    );
    assert_eq!(
        count(
            &pool,
            "select count(*) from enrolments where completed_at is not null"
        )
        .await,
        1
    );

    // Marking again later changes nothing.
    learning::mark_done(&pool, user, COURSE, &lessons[0])
        .await
        .expect("mark");
    assert_eq!(count(&pool, "select count(*) from domain_events").await, 1);
    let progress = learning::progress(&pool, user, COURSE)
        .await
        .expect("progress")
        .expect("enrolled");
    assert_eq!(progress.percent(), 100);
    assert_eq!(progress.resume, None);
    assert!(progress.completed_at.is_some());
}

#[sqlx::test(migrator = "server::db::MIGRATOR")]
async fn an_enrolment_keeps_its_version_when_a_new_one_is_published(pool: PgPool) {
    let early = learner(&pool, "early@example.org").await;
    let lessons = lesson_slugs(&pool).await;
    let quizzes = quiz_count(&pool).await;
    learning::enrol(&pool, early, COURSE).await.expect("enrol");
    learning::mark_done(&pool, early, COURSE, &lessons[0])
        .await
        .expect("mark");

    // Version 2 is published: an empty new version is enough to tell them apart.
    let v2: Uuid = sqlx::query_scalar(
        "insert into course_versions (course_id, number, title, summary, languages, estimated_minutes, published_at)
         select course_id, 2, title, summary, languages, estimated_minutes, now()
         from course_versions where id = (select current_version_id from courses where slug = $1)
         returning id",
    )
    .bind(COURSE)
    .fetch_one(&pool)
    .await
    .expect("version 2");
    sqlx::query("update courses set current_version_id = $2 where slug = $1")
        .bind(COURSE)
        .bind(v2)
        .execute(&pool)
        .await
        .expect("publish");

    let progress = learning::progress(&pool, early, COURSE)
        .await
        .expect("progress")
        .expect("enrolled");
    assert_eq!(
        progress.required,
        lessons.len() as i64 + quizzes,
        "the early learner keeps version 1"
    );
    assert_eq!(progress.done, 1);
    assert!(matches!(
        learning::mark_done(&pool, early, COURSE, &lessons[1])
            .await
            .expect("mark"),
        Marked::Done { .. }
    ));

    let late: Uuid = sqlx::query_scalar("insert into users (email, display_name, password_hash) values ('late@example.org', 'L', 'x') returning id")
        .fetch_one(&pool)
        .await
        .expect("user");
    learning::enrol(&pool, late, COURSE).await.expect("enrol");
    let version: Uuid = sqlx::query_scalar("select version_id from enrolments where user_id = $1")
        .bind(late)
        .fetch_one(&pool)
        .await
        .expect("enrolment");
    assert_eq!(version, v2, "a new learner gets the current version");
}

#[sqlx::test(migrator = "server::db::MIGRATOR")]
async fn a_prerequisite_is_completed_before_enrolling(pool: PgPool) {
    let user = learner(&pool, "prereq@example.org").await;
    sqlx::query(
        "insert into course_prerequisites (course_id, required_course_id)
         select c.id, r.id from courses c, courses r
         where c.slug = $1 and r.slug = 'human-rights-cities'",
    )
    .bind(COURSE)
    .execute(&pool)
    .await
    .expect("prerequisite");

    let outline = app::ssr::db::catalog::course_outline(&pool, COURSE, app::domain::Lang::Ko, None)
        .await
        .expect("outline")
        .expect("published");
    let required: Vec<&str> = outline
        .prerequisites
        .iter()
        .map(|p| p.slug.as_str())
        .collect();
    assert_eq!(required, ["human-rights-cities"]);
    assert_eq!(outline.prerequisites[0].title.lang, app::domain::Lang::Ko);

    assert_eq!(
        learning::enrol(&pool, user, COURSE).await.expect("enrol"),
        Enrolment::PrerequisitesMissing
    );
    assert_eq!(count(&pool, "select count(*) from enrolments").await, 0);

    // Enrolled in the prerequisite is not enough: it must be completed.
    assert_eq!(
        learning::enrol(&pool, user, "human-rights-cities")
            .await
            .expect("enrol"),
        Enrolment::Enrolled
    );
    assert_eq!(
        learning::enrol(&pool, user, COURSE).await.expect("enrol"),
        Enrolment::PrerequisitesMissing
    );
    sqlx::query("update enrolments set completed_at = now() where user_id = $1")
        .bind(user)
        .execute(&pool)
        .await
        .expect("complete");
    assert_eq!(
        learning::enrol(&pool, user, COURSE).await.expect("enrol"),
        Enrolment::Enrolled
    );
    assert_eq!(count(&pool, "select count(*) from enrolments").await, 2);
    assert_eq!(
        learning::enrol(&pool, user, "no-such-course")
            .await
            .expect("enrol"),
        Enrolment::NoSuchCourse
    );
}

/// Enrolments whose kept figures (`lessons_done`, `quizzes_passed`, `quiz_percent`)
/// differ from a count from scratch: `learner_progress`, and the mean best score.
async fn stale_progress(pool: &PgPool) -> i64 {
    count(
        pool,
        "select count(*) from enrolments e
         cross join lateral learner_progress(e.user_id, e.version_id) p
         cross join lateral (
             select avg(best) as percent from (
                 select max(a.score * 100.0 / nullif(a.max_score, 0)) as best
                 from quizzes z
                 join quiz_attempts a on a.quiz_id = z.id and a.user_id = e.user_id
                                     and a.state = 'submitted'
                 where z.version_id = e.version_id group by z.id) b
         ) q
         where e.lessons_done + e.quizzes_passed <> p.done
            or (e.quiz_percent is null) <> (q.percent is null)
            or abs(e.quiz_percent - q.percent) > 1e-9",
    )
    .await
}

async fn kept(pool: &PgPool, user: Uuid) -> (i32, i32, Option<f64>) {
    sqlx::query_as(
        "select e.lessons_done, e.quizzes_passed, e.quiz_percent
         from enrolments e join courses c on c.id = e.course_id where e.user_id = $1 and c.slug = $2",
    )
    .bind(user)
    .bind(COURSE)
    .fetch_one(pool)
    .await
    .expect("enrolment")
}

#[sqlx::test(migrator = "server::db::MIGRATOR")]
async fn each_enrolment_keeps_its_progress_through_bulk_loads_and_single_writes(pool: PgPool) {
    let user = learner(&pool, "kept@example.org").await;
    // A bulk load: every completion and attempt of scale S in a few statements.
    server::seed::scale::load(&pool, server::seed::scale::Scale::S, 1)
        .await
        .expect("scale S");
    assert_eq!(stale_progress(&pool).await, 0, "after the scale seed");
    assert!(
        count(
            &pool,
            "select count(*) from enrolments where lessons_done > 0"
        )
        .await
            > 100
            && count(
                &pool,
                "select count(*) from enrolments where quizzes_passed > 0"
            )
            .await
                > 100
            && count(
                &pool,
                "select count(*) from enrolments where quiz_percent > 0"
            )
            .await
                > 100,
        "the seed's progress is counted"
    );

    // The app's writes, one at a time.
    let lessons = lesson_slugs(&pool).await;
    learning::enrol(&pool, user, COURSE).await.expect("enrol");
    assert_eq!(kept(&pool, user).await, (0, 0, None));
    for slug in &lessons[..2] {
        learning::mark_done(&pool, user, COURSE, slug)
            .await
            .expect("mark");
    }
    // Twice is still once.
    learning::mark_done(&pool, user, COURSE, &lessons[0])
        .await
        .expect("mark");
    assert_eq!(kept(&pool, user).await, (2, 0, None));

    // An attempt counts when it is graded, not when it starts.
    let attempt: Uuid = sqlx::query_scalar(
        "insert into quiz_attempts (quiz_id, user_id, number, question_ids, shuffle_seed)
         select q.id, $1, 1, '{}', 0 from quizzes q join courses c on c.current_version_id = q.version_id
         where c.slug = $2 order by q.id limit 1 returning id",
    )
    .bind(user)
    .bind(COURSE)
    .fetch_one(&pool)
    .await
    .expect("attempt");
    assert_eq!(kept(&pool, user).await, (2, 0, None));
    sqlx::query(
        "update quiz_attempts set state = 'submitted', submitted_at = now(), score = 1,
                max_score = 4, passed = false where id = $1",
    )
    .bind(attempt)
    .execute(&pool)
    .await
    .expect("graded");
    assert_eq!(kept(&pool, user).await, (2, 0, Some(25.0)));

    // Passing every quiz (a second attempt at the first, at 100%).
    pass_quizzes(&pool, user, 2).await;
    let quizzes = quiz_count(&pool).await as i32;
    assert_eq!(kept(&pool, user).await, (2, quizzes, Some(100.0)));

    // A completion taken back.
    sqlx::query(
        "delete from lesson_completions where user_id = $1
         and lesson_id = (select l.id from lessons l join courses c on c.current_version_id = l.version_id
                          where c.slug = $2 and l.slug = $3)",
    )
    .bind(user)
    .bind(COURSE)
    .bind(&lessons[0])
    .execute(&pool)
    .await
    .expect("undone");
    assert_eq!(kept(&pool, user).await, (1, quizzes, Some(100.0)));
    assert_eq!(stale_progress(&pool).await, 0, "after single writes");
}
