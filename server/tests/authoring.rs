//! Authoring in the database and over HTTP: a course from nothing to version 2, with
//! learners of version 1 keeping their version and progress; reordering; one-time form
//! tokens; the lesson editor's preview and its refusals.
mod common;

use app::domain::{Lang, Localized, Topic};
use app::ssr::db::authoring::{self as db, Change, Direction, Unpublishable};
use app::ssr::db::learning::{self, Enrolment, Marked};
use common::*;
use sqlx::PgPool;
use uuid::Uuid;

const SLUG: &str = "right-to-the-city";

fn both(en: &str, ko: &str) -> Localized {
    Localized {
        en: Some(en.into()),
        ko: Some(ko.into()),
    }
}

async fn user(pool: &PgPool, email: &str, role: &str) -> Uuid {
    sqlx::query_scalar(
        "insert into users (email, display_name, password_hash, role) values ($1, 'U', 'x', $2) returning id",
    )
    .bind(email)
    .bind(role)
    .fetch_one(pool)
    .await
    .expect("user")
}

async fn new_course(pool: &PgPool, owner: Uuid) -> Uuid {
    db::create_course(
        pool,
        owner,
        &db::NewCourse {
            slug: SLUG,
            topic: Topic::HumanRightsCities,
            title: &both("The right to the city", "도시에 대한 권리"),
            summary: &both("What a city owes its people.", "도시가 시민에게 지는 의무."),
            languages: &[Lang::En, Lang::Ko],
            estimated_minutes: 60,
        },
    )
    .await
    .expect("create")
    .expect("slug is free")
}

/// The draft's (or else the published version's) modules and lessons, by title.
async fn outline(pool: &PgPool, course: Uuid) -> Vec<(String, Vec<String>)> {
    let version = match db::draft(pool, course).await.expect("draft") {
        Some(d) => d.version_id,
        None => {
            db::published_settings(pool, course)
                .await
                .expect("published")
                .expect("a version")
                .version_id
        }
    };
    let mut modules: Vec<(Uuid, String, Vec<String>)> = Vec::new();
    for row in db::outline(pool, version).await.expect("outline") {
        if modules.last().is_none_or(|m| m.0 != row.module_id) {
            modules.push((
                row.module_id,
                row.module_title.en.clone().unwrap_or_default(),
                Vec::new(),
            ));
        }
        if let Some(title) = row.lesson_title {
            modules
                .last_mut()
                .expect("module")
                .2
                .push(title.en.clone().unwrap_or_default());
        }
    }
    modules.into_iter().map(|(_, t, l)| (t, l)).collect()
}

async fn module_ids(pool: &PgPool, course: Uuid) -> Vec<Uuid> {
    let draft = db::draft(pool, course)
        .await
        .expect("draft")
        .expect("a draft");
    let mut ids: Vec<Uuid> = Vec::new();
    for row in db::outline(pool, draft.version_id).await.expect("outline") {
        if ids.last() != Some(&row.module_id) {
            ids.push(row.module_id);
        }
    }
    ids
}

async fn lesson_ids(pool: &PgPool, course: Uuid) -> Vec<Uuid> {
    let draft = db::draft(pool, course)
        .await
        .expect("draft")
        .expect("a draft");
    db::outline(pool, draft.version_id)
        .await
        .expect("outline")
        .into_iter()
        .filter_map(|row| row.lesson_id)
        .collect()
}

#[sqlx::test(migrator = "server::db::MIGRATOR")]
async fn a_course_goes_from_nothing_to_version_two_and_learners_keep_their_version(pool: PgPool) {
    let owner = user(&pool, "educator@example.org", "educator").await;
    let course = new_course(&pool, owner).await;
    assert_eq!(
        db::publish(&pool, course, "").await.expect("publish"),
        Err(Unpublishable::NoLessons),
        "an empty course cannot be published"
    );

    for title in ["Rights", "Cities"] {
        assert!(
            db::add_module(&pool, course, Uuid::new_v4(), &both(title, title), "module")
                .await
                .expect("module")
        );
    }
    let modules = module_ids(&pool, course).await;
    for (module, title) in [(modules[0], "Dignity"), (modules[1], "Gwangju")] {
        let slug = title.to_lowercase();
        let change = db::add_lesson(
            &pool,
            course,
            Uuid::new_v4(),
            module,
            &both(title, title),
            &slug,
        )
        .await
        .expect("lesson");
        assert_eq!(change, Change::Done);
    }
    assert_eq!(
        db::publish(&pool, course, "First").await.expect("publish"),
        Ok(1)
    );
    assert!(db::draft(&pool, course).await.expect("draft").is_none());

    let first = user(&pool, "first@example.org", "learner").await;
    assert_eq!(
        learning::enrol(&pool, first, SLUG).await.expect("enrol"),
        Enrolment::Enrolled
    );
    let slugs: Vec<String> = sqlx::query_scalar(
        "select l.slug from lessons l join courses c on c.current_version_id = l.version_id
         join modules m on m.id = l.module_id where c.slug = $1 order by m.position, l.position",
    )
    .bind(SLUG)
    .fetch_all(&pool)
    .await
    .expect("slugs");
    assert_eq!(slugs, ["dignity", "gwangju"]);
    assert!(matches!(
        learning::mark_done(&pool, first, SLUG, "dignity")
            .await
            .expect("done"),
        Marked::Done { .. }
    ));

    // Version 2: the first lesson edited, a lesson added, the second module renamed.
    // No draft now: the next change makes one, copied from version 1.
    let change = db::rename_module(
        &pool,
        course,
        modules[1],
        &both("Human rights cities", "인권도시"),
    )
    .await
    .expect("rename");
    assert_eq!(
        change,
        Change::Done,
        "modules are named by lineage across versions"
    );
    let lessons = lesson_ids(&pool, course).await;
    let change = db::update_lesson(
        &pool,
        course,
        lessons[0],
        &db::LessonEdit {
            title: &both("Dignity for all", "모두의 존엄"),
            body: &both("# Dignity\n\nFor all.", "# 존엄\n\n모두에게."),
            estimated_minutes: 10,
            is_required: true,
            is_preview: true,
        },
    )
    .await
    .expect("edit");
    assert_eq!(change, Change::Done);
    db::add_lesson(
        &pool,
        course,
        Uuid::new_v4(),
        modules[1],
        &both("Forum", "포럼"),
        "forum",
    )
    .await
    .expect("lesson");

    let changes: Vec<(String, String, Option<String>)> = db::changes(&pool, course)
        .await
        .expect("changes")
        .into_iter()
        .map(|c| (c.item, c.change, c.title.0.en))
        .collect();
    assert_eq!(
        changes,
        [
            (
                "module".into(),
                "edited".into(),
                Some("Human rights cities".into())
            ),
            (
                "lesson".into(),
                "edited".into(),
                Some("Dignity for all".into())
            ),
            ("lesson".into(), "added".into(), Some("Forum".into())),
        ]
    );
    assert_eq!(
        db::publish(&pool, course, "Second").await.expect("publish"),
        Ok(2)
    );

    // The first learner is still in version 1, with their lesson done.
    let progress = learning::progress(&pool, first, SLUG)
        .await
        .expect("progress")
        .expect("enrolled");
    assert_eq!((progress.required, progress.done), (2, 1));
    let version: i32 = sqlx::query_scalar(
        "select v.number from enrolments e join course_versions v on v.id = e.version_id
         where e.user_id = $1",
    )
    .bind(first)
    .fetch_one(&pool)
    .await
    .expect("version");
    assert_eq!(version, 1);

    // A new learner gets version 2: three lessons, none done.
    let second = user(&pool, "second@example.org", "learner").await;
    learning::enrol(&pool, second, SLUG).await.expect("enrol");
    let progress = learning::progress(&pool, second, SLUG)
        .await
        .expect("progress")
        .expect("enrolled");
    assert_eq!((progress.required, progress.done), (3, 0));
    let versions: Vec<(i32, String, i64)> = db::versions(&pool, course)
        .await
        .expect("versions")
        .into_iter()
        .map(|v| (v.number, v.note, v.enrolments))
        .collect();
    assert_eq!(versions, [(2, "Second".into(), 1), (1, "First".into(), 1)]);
}

#[sqlx::test(migrator = "server::db::MIGRATOR")]
async fn reordering_swaps_neighbours_and_stops_at_the_edges(pool: PgPool) {
    let owner = user(&pool, "educator@example.org", "educator").await;
    let course = new_course(&pool, owner).await;
    for title in ["A", "B", "C"] {
        db::add_module(&pool, course, Uuid::new_v4(), &both(title, title), "m")
            .await
            .expect("module");
    }
    let ids = module_ids(&pool, course).await;
    let titles = |o: Vec<(String, Vec<String>)>| o.into_iter().map(|(t, _)| t).collect::<Vec<_>>();
    assert_eq!(
        db::move_module(&pool, course, ids[0], Direction::Up)
            .await
            .expect("move"),
        Change::AtEdge
    );
    assert_eq!(
        db::move_module(&pool, course, ids[0], Direction::Down)
            .await
            .expect("move"),
        Change::Done
    );
    assert_eq!(titles(outline(&pool, course).await), ["B", "A", "C"]);
    db::move_module(&pool, course, ids[2], Direction::Up)
        .await
        .expect("move");
    assert_eq!(titles(outline(&pool, course).await), ["B", "C", "A"]);
    assert_eq!(
        db::remove_module(&pool, course, ids[1])
            .await
            .expect("remove"),
        Change::Done
    );
    assert_eq!(titles(outline(&pool, course).await), ["C", "A"]);
}

#[sqlx::test(migrator = "server::db::MIGRATOR")]
async fn a_form_submitted_twice_creates_one_item(pool: PgPool) {
    let owner = user(&pool, "educator@example.org", "educator").await;
    let course = new_course(&pool, owner).await;
    let token = Uuid::new_v4();
    let title = both("Once", "한 번");
    assert!(
        db::add_module(&pool, course, token, &title, "once")
            .await
            .expect("first")
    );
    assert!(
        !db::add_module(&pool, course, token, &title, "once")
            .await
            .expect("again")
    );
    assert_eq!(outline(&pool, course).await.len(), 1);
}

#[sqlx::test(migrator = "server::db::MIGRATOR")]
async fn an_item_of_another_course_is_not_found(pool: PgPool) {
    let owner = user(&pool, "educator@example.org", "educator").await;
    let course = new_course(&pool, owner).await;
    server::seed::demo_courses(&pool).await.expect("seed");
    let other_module: Uuid = sqlx::query_scalar(
        "select m.lineage from modules m join courses c on c.current_version_id = m.version_id
         where c.slug = 'human-rights-cities' limit 1",
    )
    .fetch_one(&pool)
    .await
    .expect("module");
    assert_eq!(
        db::remove_module(&pool, course, other_module)
            .await
            .expect("remove"),
        Change::NotFound
    );
    assert_eq!(
        db::rename_module(&pool, course, other_module, &both("X", "X"))
            .await
            .expect("rename"),
        Change::NotFound
    );
}

/// Signs in an educator who owns the course, over HTTP.
async fn educator_session(app: &axum::Router, pool: &PgPool) -> (String, Uuid) {
    register(app, "educator@example.org").await;
    let id: Uuid =
        sqlx::query_scalar("update users set role = 'educator' where email = $1 returning id")
            .bind("educator@example.org")
            .fetch_one(pool)
            .await
            .expect("role");
    let session = sign_in(app, "educator@example.org", PASSWORD, None)
        .await
        .1
        .expect("signed in");
    (session, id)
}

#[sqlx::test(migrator = "server::db::MIGRATOR")]
async fn the_lesson_editor_previews_with_the_learners_pipeline_and_refuses_images_without_alt(
    pool: PgPool,
) {
    let app = seeded_app(pool.clone()).await;
    let (session, id) = educator_session(&app, &pool).await;
    let course = new_course(&pool, id).await;
    db::add_module(&pool, course, Uuid::new_v4(), &both("M", "M"), "m")
        .await
        .expect("module");
    let module = module_ids(&pool, course).await[0];
    db::add_lesson(&pool, course, Uuid::new_v4(), module, &both("L", "L"), "l")
        .await
        .expect("lesson");
    let lesson = lesson_ids(&pool, course).await[0].to_string();

    let save = |body_en: &'static str| {
        form(&[
            ("slug", SLUG),
            ("lesson", &lesson),
            ("title_en", "Dignity"),
            ("title_ko", ""),
            ("body_en", body_en),
            ("body_ko", ""),
            ("estimated_minutes", "5"),
            ("intent", "preview"),
        ])
    };
    let (response, text) = send(
        &app,
        call(
            "/api/teach/lessons/save",
            &save("![](/media/x.png) text"),
            Some(&session),
        ),
    )
    .await;
    assert_eq!(response.status(), 422, "{text}");
    assert!(text.contains("image_alt_missing"), "{text}");

    let markdown =
        "# Dignity\n\nThe *right* to <script>alert(1)</script></textarea><b>the city</b>.";
    let (response, text) = send(
        &app,
        call("/api/teach/lessons/save", &save(markdown), Some(&session)),
    )
    .await;
    assert!(response.status().is_success(), "{text}");

    let mut page = get_in(
        &format!("/teach/{SLUG}/lessons/{lesson}?done=preview"),
        "en",
    );
    page.headers_mut().insert(
        axum::http::header::COOKIE,
        format!("{SESSION_COOKIE}={session}")
            .parse()
            .expect("cookie"),
    );
    let (response, html) = send(&app, page).await;
    assert_eq!(response.status(), 200);
    assert!(html.contains("<em>right</em>"), "rendered Markdown: {html}");
    let at = html
        .find("<script>alert(1)")
        .map(|i| &html[i.saturating_sub(300)..(i + 100).min(html.len())]);
    assert!(
        at.is_none(),
        "sanitised like a learner's lesson, escaped in the editor: {at:?}"
    );
    assert!(
        !html.contains("</textarea><b>"),
        "the body cannot close its field"
    );
    assert!(
        html.contains("&lt;/textarea&gt;&lt;b&gt;"),
        "the field holds the text as written"
    );
    assert!(
        html.contains("Korean translation missing"),
        "the missing translation is marked"
    );
    // Learners of the published catalogue see nothing of a course never published.
    let (response, _) = send(&app, get_in(&format!("/courses/{SLUG}"), "en")).await;
    assert_eq!(response.status(), 404);
}

/// Item analysis against numbers worked out by hand. Two questions (2 points and 1
/// point), six learners' first attempts (share of each question earned):
///
/// | learner | q1 | q2 | total |
/// |---------|----|----|-------|
/// | a       | 1  | 1  | 1     |
/// | b       | 1  | 0  | 2/3   |
/// | c       | 0  | 1  | 1/3   |
/// | d       | 0  | 0  | 0     |
/// | e       | 1  | 1  | 1     |
/// | f       | 0  | 1  | 1/3   |
///
/// Thirds by total: bottom {d, c|f}, middle {c|f, b}, top {a, e} (c and f score alike).
/// q1: facility 3/6 = 0.5, top 1, bottom 0, discrimination 1.
/// q2: facility 4/6, top 1, bottom (0 + 1)/2, discrimination 0.5.
/// A second attempt by d with full marks is ignored (first attempts only).
#[sqlx::test(migrator = "server::db::MIGRATOR")]
async fn item_analysis_matches_the_hand_computed_figures(pool: PgPool) {
    let owner = user(&pool, "educator@example.org", "educator").await;
    let course = new_course(&pool, owner).await;
    db::add_module(&pool, course, Uuid::new_v4(), &both("M", "M"), "m")
        .await
        .expect("module");
    let version = db::draft(&pool, course)
        .await
        .expect("draft")
        .expect("draft")
        .version_id;
    let quiz: Uuid = sqlx::query_scalar(
        "insert into quizzes (module_id, version_id) select id, version_id from modules where version_id = $1 returning id",
    )
    .bind(version)
    .fetch_one(&pool)
    .await
    .expect("quiz");
    let mut questions = Vec::new();
    for (position, points) in [(1, 2), (2, 1)] {
        let id: Uuid = sqlx::query_scalar(
            r#"insert into questions (quiz_id, position, points, prompt, feedback, spec)
               values ($1, $2, $3, '{"en": "Q"}', '{"en": "F"}', '{"kind": "true_false", "answer": true}')
               returning id"#,
        )
        .bind(quiz)
        .bind(position)
        .bind(points)
        .fetch_one(&pool)
        .await
        .expect("question");
        questions.push((id, f64::from(points)));
    }
    let shares = [
        ("a", 1, [1.0, 1.0]),
        ("b", 1, [1.0, 0.0]),
        ("c", 1, [0.0, 1.0]),
        ("d", 1, [0.0, 0.0]),
        ("e", 1, [1.0, 1.0]),
        ("f", 1, [0.0, 1.0]),
        ("d", 2, [1.0, 1.0]),
    ];
    for (name, number, share) in shares {
        let email = format!("{name}@example.org");
        sqlx::query(
            "insert into users (email, display_name, password_hash)
             select $1, $1, 'x' where not exists (select 1 from users where email = $1)",
        )
        .bind(&email)
        .execute(&pool)
        .await
        .expect("learner");
        let learner: Uuid = sqlx::query_scalar("select id from users where email = $1")
            .bind(&email)
            .fetch_one(&pool)
            .await
            .expect("learner");
        let score: f64 = questions.iter().zip(share).map(|((_, p), s)| p * s).sum();
        let ids: Vec<Uuid> = questions.iter().map(|(id, _)| *id).collect();
        let attempt: Uuid = sqlx::query_scalar(
            "insert into quiz_attempts (quiz_id, user_id, number, state, question_ids, shuffle_seed,
                                        submitted_at, score, max_score, passed)
             values ($1, $2, $3, 'submitted', $4, 0, now(), $5, 3, $5 >= 2) returning id",
        )
        .bind(quiz)
        .bind(learner)
        .bind(number)
        .bind(&ids)
        .bind(score)
        .fetch_one(&pool)
        .await
        .expect("attempt");
        for ((question, points), s) in questions.iter().zip(share) {
            // An unanswered question has no row at all; a wrong one scores 0.
            if s == 0.0 && name == "d" {
                continue;
            }
            sqlx::query(
                "insert into attempt_answers (attempt_id, question_id, answer, score, outcome)
                 values ($1, $2, '{}', $3, $4)",
            )
            .bind(attempt)
            .bind(question)
            .bind(points * s)
            .bind(if s > 0.0 { "correct" } else { "wrong" })
            .execute(&pool)
            .await
            .expect("answer");
        }
    }
    let (learners, items) = app::ssr::db::item_analysis::item_analysis(&pool, quiz)
        .await
        .expect("analysis");
    assert_eq!(learners, 6);
    let figures: Vec<(i64, f64, Option<f64>)> = items
        .iter()
        .map(|i| (i.attempts, i.facility, i.discrimination))
        .collect();
    let close = |a: f64, b: f64| (a - b).abs() < 1e-9;
    assert_eq!(figures.len(), 2);
    assert_eq!((figures[0].0, figures[1].0), (6, 6));
    assert!(close(figures[0].1, 0.5), "{figures:?}");
    assert!(close(figures[0].2.expect("d"), 1.0), "{figures:?}");
    assert!(close(figures[1].1, 4.0 / 6.0), "{figures:?}");
    assert!(close(figures[1].2.expect("d"), 0.5), "{figures:?}");
}

/// A multipart body of text fields and one file field.
fn multipart(fields: &[(&str, &str)], file: (&str, &str, &[u8])) -> Vec<u8> {
    let mut body = Vec::new();
    for (name, value) in fields {
        body.extend_from_slice(
            format!("--X\r\nContent-Disposition: form-data; name=\"{name}\"\r\n\r\n{value}\r\n")
                .as_bytes(),
        );
    }
    let (name, filename, bytes) = file;
    body.extend_from_slice(
        format!(
            "--X\r\nContent-Disposition: form-data; name=\"{name}\"; filename=\"{filename}\"\r\nContent-Type: image/png\r\n\r\n"
        )
        .as_bytes(),
    );
    body.extend_from_slice(bytes);
    body.extend_from_slice(b"\r\n--X--\r\n");
    body
}

fn post_multipart(
    path: &str,
    session: &str,
    body: Vec<u8>,
) -> axum::http::Request<axum::body::Body> {
    axum::http::Request::post(path)
        .header("cookie", format!("{SESSION_COOKIE}={session}"))
        .header("origin", ORIGIN)
        .header("host", HOST)
        .header("content-type", "multipart/form-data; boundary=X")
        .body(axum::body::Body::from(body))
        .expect("request")
}

async fn images(pool: &PgPool) -> i64 {
    sqlx::query_scalar("select count(*) from course_images")
        .fetch_one(pool)
        .await
        .expect("count")
}

const PNG: &[u8] = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x01\0\0\0\x01\x08\x06\0\0\0\x1f\x15\xc4\x89\0\0\0\rIDATx\x9cc\xf8\x0f\0\0\x01\x01\0\x05\x18\xd8N\0\0\0\0IEND\xaeB`\x82";

#[sqlx::test(migrator = "server::db::MIGRATOR")]
async fn images_are_checked_by_their_bytes_and_served_from_our_origin(pool: PgPool) {
    let app = seeded_app(pool.clone()).await;
    let (session, id) = educator_session(&app, &pool).await;
    new_course(&pool, id).await;
    let path = format!("/teach/{SLUG}/lessons/{}/images", Uuid::new_v4());
    let location = |response: &axum::http::Response<()>| {
        response
            .headers()
            .get("location")
            .and_then(|l| l.to_str().ok())
            .unwrap_or_default()
            .to_owned()
    };

    // HTML named .png: refused, nothing stored.
    let html = b"<!doctype html><script>alert(document.cookie)</script>";
    let (response, _) = send(
        &app,
        post_multipart(
            &path,
            &session,
            multipart(&[("alt", "A map")], ("file", "map.png", html)),
        ),
    )
    .await;
    assert!(
        location(&response).contains("image_error=not_an_image"),
        "{response:?}"
    );
    assert_eq!(images(&pool).await, 0);

    // Over the limit: refused with its reason, nothing stored.
    let mut large = PNG.to_vec();
    large.resize(server::lesson_images::MAX_IMAGE_BYTES + 1, 0);
    let (response, _) = send(
        &app,
        post_multipart(
            &path,
            &session,
            multipart(&[("alt", "A map")], ("file", "map.png", &large)),
        ),
    )
    .await;
    assert!(
        location(&response).contains("image_error=too_large"),
        "{response:?}"
    );
    assert_eq!(images(&pool).await, 0);

    // No description: refused.
    let (response, _) = send(
        &app,
        post_multipart(
            &path,
            &session,
            multipart(&[("alt", " ")], ("file", "map.png", PNG)),
        ),
    )
    .await;
    assert!(
        location(&response).contains("image_error=alt_missing"),
        "{response:?}"
    );
    assert_eq!(images(&pool).await, 0);

    // A real PNG: stored once, served with its type, nosniff and a long cache.
    let (response, _) = send(
        &app,
        post_multipart(
            &path,
            &session,
            multipart(&[("alt", "A map")], ("file", "map.gif", PNG)),
        ),
    )
    .await;
    let to = location(&response);
    assert!(to.contains("image="), "{to}");
    assert_eq!(images(&pool).await, 1);
    let image: Uuid = sqlx::query_scalar("select id from course_images")
        .fetch_one(&pool)
        .await
        .expect("image");
    let (response, _) = send(&app, get(&format!("/media/{image}"))).await;
    assert_eq!(response.status(), 200);
    let header = |name: &str| {
        response
            .headers()
            .get(name)
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default()
            .to_owned()
    };
    assert_eq!(
        header("content-type"),
        "image/png",
        "the type read from the bytes, not the name"
    );
    assert_eq!(header("x-content-type-options"), "nosniff");
    assert!(header("cache-control").contains("max-age=31536000"));

    // Someone who does not author the course cannot upload to it.
    let learner = register(&app, "learner@example.org").await;
    let (response, _) = send(
        &app,
        post_multipart(
            &path,
            &learner,
            multipart(&[("alt", "A map")], ("file", "map.png", PNG)),
        ),
    )
    .await;
    assert_eq!(response.status(), 403);
    assert_eq!(images(&pool).await, 1);
}

#[sqlx::test(migrator = "server::db::MIGRATOR")]
async fn a_gift_file_is_reported_then_imported_once_and_exported_back(pool: PgPool) {
    let app = seeded_app(pool.clone()).await;
    let (session, id) = educator_session(&app, &pool).await;
    let course = new_course(&pool, id).await;
    db::add_module(&pool, course, Uuid::new_v4(), &both("M", "M"), "m")
        .await
        .expect("module");
    let module = module_ids(&pool, course).await[0];
    let gift = "::Capital::Where did the Forum begin? {=Gwangju ~Seoul ~Busan}\n\n\
                Write an essay. {}\n\n\
                The Forum is held every year. {T}\n";
    let bank = format!("/teach/{SLUG}/quizzes/{module}");
    let body = multipart(
        &[("format", "gift"), ("lang", "en")],
        ("file", "bank.gift", gift.as_bytes()),
    );
    let (response, _) = send(
        &app,
        post_multipart(&format!("{bank}/import"), &session, body),
    )
    .await;
    let location = response
        .headers()
        .get("location")
        .and_then(|l| l.to_str().ok())
        .unwrap_or_default()
        .to_owned();
    let import = location
        .rsplit('/')
        .next()
        .and_then(|id| id.parse::<Uuid>().ok())
        .unwrap_or_else(|| panic!("redirected to the report: {location}"));

    // The report: two accepted, the essay refused at line 3; nothing imported yet.
    let (response, text) = send(
        &app,
        call_get(
            &format!("/api/teach/import?slug={SLUG}&import={import}&lang=en"),
            Some(&session),
        ),
    )
    .await;
    assert_eq!(response.status(), 200, "{text}");
    let report: serde_json::Value = serde_json::from_str(&text).expect("json");
    assert_eq!(report["accepted"], 2);
    assert_eq!(report["lines"][1]["line"], 3);
    assert_eq!(
        report["lines"][1]["outcome"]["Refused"]["reason"],
        "UnsupportedType"
    );
    let questions = || async {
        sqlx::query_scalar::<_, i64>(
            "select count(*) from questions qu join quizzes q on q.id = qu.quiz_id
                                      join modules m on m.id = q.module_id where m.lineage = $1",
        )
        .bind(module)
        .fetch_one(&pool)
        .await
        .expect("count")
    };
    assert_eq!(questions().await, 0);

    // Confirm twice (a double click): imported once.
    for _ in 0..2 {
        let (response, text) = send(
            &app,
            call(
                "/api/teach/import/confirm",
                &form(&[("slug", SLUG), ("import", &import.to_string())]),
                Some(&session),
            ),
        )
        .await;
        assert!(response.status().is_success(), "{text}");
    }
    assert_eq!(questions().await, 2);

    // Exported as GIFT, the questions read back the same.
    let mut export = get_in(&format!("{bank}/questions.gift"), "en");
    export.headers_mut().insert(
        axum::http::header::COOKIE,
        format!("{SESSION_COOKIE}={session}")
            .parse()
            .expect("cookie"),
    );
    let (response, text) = send(&app, export).await;
    assert_eq!(response.status(), 200);
    let again = app::domain::question_formats::parse_gift(&text, Lang::En);
    assert_eq!(again.len(), 2, "{text}");
    let specs: Vec<String> = again
        .iter()
        .map(|outcome| match outcome {
            app::domain::question_formats::ImportOutcome::Imported(q) => {
                format!("{:?}", q.spec.kind())
            }
            refused => panic!("refused on the way back: {refused:?}"),
        })
        .collect();
    assert_eq!(specs, ["SingleChoice", "TrueFalse"]);
}

#[sqlx::test(migrator = "server::db::MIGRATOR")]
async fn quiz_settings_are_saved_to_the_drafts_quiz(pool: PgPool) {
    use app::domain::quiz::{QuizSettings, ReviewPolicy};
    let owner = user(&pool, "educator@example.org", "educator").await;
    let course = new_course(&pool, owner).await;
    db::add_module(&pool, course, Uuid::new_v4(), &both("M", "M"), "m")
        .await
        .expect("module");
    let module = module_ids(&pool, course).await[0];
    let settings = QuizSettings {
        pass_percent: 80,
        max_attempts: Some(3),
        time_limit_seconds: Some(600),
        shuffle_questions: false,
        shuffle_choices: true,
        draw_count: Some(5),
        one_per_page: true,
        review: ReviewPolicy::AfterPassing,
    };
    assert_eq!(
        db::save_quiz_settings(&pool, course, module, &settings)
            .await
            .expect("save"),
        Change::Done
    );
    let quiz = db::module_quiz(&pool, course, module)
        .await
        .expect("module")
        .expect("found")
        .quiz_id
        .expect("a quiz now");
    assert_eq!(
        db::quiz_settings(&pool, quiz)
            .await
            .expect("settings")
            .settings(),
        settings
    );
    // Saving again changes the same quiz.
    let stricter = QuizSettings {
        pass_percent: 90,
        ..settings
    };
    db::save_quiz_settings(&pool, course, module, &stricter)
        .await
        .expect("save");
    assert_eq!(
        db::quiz_settings(&pool, quiz)
            .await
            .expect("settings")
            .settings()
            .pass_percent,
        90
    );
}

/// The question's lineages in the module's draft quiz, in order.
async fn question_lineages(pool: &PgPool, module: Uuid) -> Vec<Uuid> {
    sqlx::query_scalar(
        "select qu.lineage from questions qu join quizzes q on q.id = qu.quiz_id
         join modules m on m.id = q.module_id join course_versions v on v.id = m.version_id
         where m.lineage = $1 and v.published_at is null order by qu.position",
    )
    .bind(module)
    .fetch_all(pool)
    .await
    .expect("questions")
}

#[sqlx::test(migrator = "server::db::MIGRATOR")]
async fn the_question_editor_explains_refusals_creates_once_and_edits_in_place(pool: PgPool) {
    let app = seeded_app(pool.clone()).await;
    let (session, id) = educator_session(&app, &pool).await;
    let course = new_course(&pool, id).await;
    db::add_module(&pool, course, Uuid::new_v4(), &both("M", "M"), "m")
        .await
        .expect("module");
    let module = module_ids(&pool, course).await[0];
    let module_text = module.to_string();
    let token = Uuid::new_v4().to_string();
    let save = |question: &str, fields: &[(&str, &str)]| {
        let mut all = vec![
            ("slug", SLUG),
            ("module", module_text.as_str()),
            ("question", question),
            ("token", token.as_str()),
        ];
        all.extend_from_slice(fields);
        call("/api/teach/questions/save", &form(&all), Some(&session))
    };
    let single = |correct: &'static str| {
        vec![
            ("q[kind]", "single_choice"),
            ("q[points]", "2"),
            ("q[prompt_en]", "Where did the Forum begin?"),
            ("q[prompt_ko]", "포럼은 어디에서 시작되었나요?"),
            ("q[choices][0][text_en]", "Gwangju"),
            ("q[choices][0][feedback_en]", "Since 2011."),
            ("q[choices][1][text_en]", "Seoul"),
            ("q[choices][2][text_en]", ""),
            ("q[correct]", correct),
        ]
    };

    // No right choice: refused beside the choices, with the form kept; nothing saved.
    let (response, text) = send(&app, save("", &single(""))).await;
    assert_eq!(response.status(), 422, "{text}");
    assert!(text.contains("one_right_choice"), "{text}");
    assert!(
        text.contains("Since 2011."),
        "what was typed comes back: {text}"
    );
    assert!(question_lineages(&pool, module).await.is_empty());

    // Each type's own rule, each refused for its field.
    for (fields, problem) in [
        (
            vec![
                ("q[kind]", "matching"),
                ("q[points]", "1"),
                ("q[prompt_en]", "Match"),
                ("q[pairs][0][item_en]", "UDHR"),
                ("q[pairs][0][option_en]", "1948"),
            ],
            "too_few_pairs",
        ),
        (
            vec![
                ("q[kind]", "numerical"),
                ("q[points]", "1"),
                ("q[prompt_en]", "How many?"),
                ("q[value]", "30"),
                ("q[tolerance]", "-1"),
            ],
            "tolerance_negative",
        ),
        (
            vec![
                ("q[kind]", "multiple_response"),
                ("q[points]", "0"),
                ("q[prompt_en]", "Which?"),
                ("q[choices][0][text_en]", "a"),
                ("q[choices][1][text_en]", "b"),
                ("q[choices][1][correct]", "on"),
            ],
            "points_invalid",
        ),
    ] {
        let (response, text) = send(&app, save("", &fields)).await;
        assert_eq!(response.status(), 422, "{problem}: {text}");
        assert!(text.contains(problem), "{problem}: {text}");
    }
    assert!(question_lineages(&pool, module).await.is_empty());

    // Valid, sent twice with the same token (a double click): one question.
    for _ in 0..2 {
        let (response, text) = send(&app, save("", &single("0"))).await;
        assert!(response.status().is_success(), "{text}");
    }
    let lineages = question_lineages(&pool, module).await;
    assert_eq!(lineages.len(), 1);
    let stored = || async {
        let row = db::question(&pool, course, module, lineages[0])
            .await
            .expect("question")
            .expect("found");
        (row.position, row.points, row.spec.0)
    };
    let (position, points, spec) = stored().await;
    assert_eq!((position, points), (1, 2));
    let app::domain::quiz::grading::QuestionSpec::SingleChoice { choices } = spec else {
        panic!("single choice: {spec:?}")
    };
    assert_eq!(
        choices.iter().map(|c| c.correct).collect::<Vec<_>>(),
        [true, false],
        "the empty row is left out"
    );
    assert_ne!(choices[0].id, "choice-0", "ids come from the quiz's salt");

    // Edited: the same question, in its place, now with Seoul right.
    let lineage = lineages[0].to_string();
    let (response, text) = send(&app, save(&lineage, &single("1"))).await;
    assert!(response.status().is_success(), "{text}");
    assert_eq!(question_lineages(&pool, module).await, lineages);
    let (position, _, spec) = stored().await;
    let app::domain::quiz::grading::QuestionSpec::SingleChoice { choices } = spec else {
        panic!("single choice")
    };
    assert_eq!((position, choices[1].correct), (1, true));

    // Signed out, the editor (which holds the key) is refused.
    let (response, _) = send(
        &app,
        call_get(
            &format!("/api/teach/question?slug={SLUG}&module={module}&question={lineage}&lang=en"),
            None,
        ),
    )
    .await;
    assert_eq!(response.status(), 401);

    // Removed: gone from the draft.
    let (response, text) = send(
        &app,
        call(
            "/api/teach/questions/remove",
            &form(&[
                ("slug", SLUG),
                ("module", &module_text),
                ("question", &lineage),
            ]),
            Some(&session),
        ),
    )
    .await;
    assert!(response.status().is_success(), "{text}");
    assert!(question_lineages(&pool, module).await.is_empty());
}

#[sqlx::test(migrator = "server::db::MIGRATOR")]
async fn the_quiz_preview_grades_like_an_attempt_and_records_nothing(pool: PgPool) {
    use app::domain::quiz::grading::QuestionSpec;
    let app = seeded_app(pool.clone()).await;
    let (session, id) = educator_session(&app, &pool).await;
    let course = new_course(&pool, id).await;
    db::add_module(&pool, course, Uuid::new_v4(), &both("M", "M"), "m")
        .await
        .expect("module");
    let module = module_ids(&pool, course).await[0];
    let mut tx = pool.begin().await.expect("tx");
    let question = |points, prompt: &str, spec| db::NewQuestion {
        points,
        prompt: both(prompt, prompt),
        feedback: both("Well read.", "잘 읽었습니다."),
        spec,
    };
    db::append_questions(
        &mut tx,
        course,
        module,
        &[
            question(
                2,
                "The Forum began in 2011.",
                QuestionSpec::TrueFalse { answer: true },
            ),
            question(
                1,
                "How many articles has the UDHR?",
                QuestionSpec::Numerical {
                    value: 30.0,
                    tolerance: 0.0,
                },
            ),
        ],
    )
    .await
    .expect("append");
    tx.commit().await.expect("commit");
    let ids: Vec<Uuid> = sqlx::query_scalar(
        "select qu.id from questions qu join quizzes q on q.id = qu.quiz_id
         join modules m on m.id = q.module_id where m.lineage = $1 order by qu.position",
    )
    .bind(module)
    .fetch_all(&pool)
    .await
    .expect("ids");
    let preview = |answers: &str| {
        call_get(
            &format!(
                "/api/teach/quiz/preview?slug={SLUG}&module={module}&lang=en&answers={}",
                app::domain::encode_query(answers)
            ),
            Some(&session),
        )
    };

    // Before answering: the questions as a learner gets them, nothing of the key.
    let (response, text) = send(&app, preview("")).await;
    assert_eq!(response.status(), 200, "{text}");
    let page: serde_json::Value = serde_json::from_str(&text).expect("json");
    assert_eq!(page["questions"].as_array().map(Vec::len), Some(2));
    assert!(page["result"].is_null());
    for secret in ["\"answer\"", "\"tolerance\"", "\"value\"", "Well read"] {
        assert!(!text.contains(secret), "{secret} before grading: {text}");
    }

    // Answered: the first right, the second wrong; graded with the review.
    let answers = format!(
        "shown={a}&q.{a}=true&shown={b}&q.{b}=31",
        a = ids[0],
        b = ids[1]
    );
    let (response, text) = send(&app, preview(&answers)).await;
    assert_eq!(response.status(), 200, "{text}");
    let page: serde_json::Value = serde_json::from_str(&text).expect("json");
    assert_eq!(page["result"]["score"], 2.0);
    assert_eq!(page["result"]["max_score"], 3.0);
    assert_eq!(page["result"]["review"][1]["outcome"], "wrong");
    assert_eq!(
        page["result"]["review"][1]["feedback"]["text"],
        "Well read."
    );

    // Nothing was recorded.
    let recorded: i64 = sqlx::query_scalar(
        "select (select count(*) from quiz_attempts) + (select count(*) from attempt_answers)",
    )
    .fetch_one(&pool)
    .await
    .expect("count");
    assert_eq!(recorded, 0);
}

/// The archive with what an import renames (the slug, image ids in the list and in
/// lesson bodies) set to placeholders, to compare two courses' contents.
fn comparable(
    mut archive: app::domain::course_archive::CourseArchive,
) -> app::domain::course_archive::CourseArchive {
    let ids: Vec<Uuid> = archive.images.iter().map(|i| i.id).collect();
    let placeholders: Vec<(Uuid, Uuid)> = ids
        .iter()
        .enumerate()
        .map(|(i, id)| (*id, Uuid::from_u128(i as u128 + 1)))
        .collect();
    archive.slug = String::new();
    for image in &mut archive.images {
        image.id = placeholders
            .iter()
            .find(|(o, _)| *o == image.id)
            .expect("listed")
            .1;
    }
    for module in &mut archive.modules {
        for lesson in &mut module.lessons {
            for body in [&mut lesson.body.en, &mut lesson.body.ko]
                .into_iter()
                .flatten()
            {
                *body = app::domain::course_archive::rewrite_media(body, &placeholders);
            }
        }
        // Option ids come from each quiz's own salt.
        if let Some(quiz) = &mut module.quiz {
            for q in &mut quiz.questions {
                q.spec = q.spec.rekeyed(|side, i| format!("{side}-{i}"));
            }
        }
    }
    archive
}

#[sqlx::test(migrator = "server::db::MIGRATOR")]
async fn a_course_exported_then_imported_is_the_same_course_and_a_bad_archive_leaves_nothing(
    pool: PgPool,
) {
    use app::domain::quiz::grading::{Pair, QuestionSpec};
    use app::ssr::db::course_archive;
    let app = seeded_app(pool.clone()).await;
    let (session, id) = educator_session(&app, &pool).await;
    let course = new_course(&pool, id).await;
    db::add_module(
        &pool,
        course,
        Uuid::new_v4(),
        &both("Rights", "권리"),
        "rights",
    )
    .await
    .expect("module");
    let module = module_ids(&pool, course).await[0];
    db::add_lesson(
        &pool,
        course,
        Uuid::new_v4(),
        module,
        &both("Dignity", "존엄"),
        "dignity",
    )
    .await
    .expect("lesson");
    let lesson = lesson_ids(&pool, course).await[0];
    let image = db::save_image(&pool, course, "image/png", PNG, "sha-of-png", id)
        .await
        .expect("image");
    let body = both(
        &format!("# Dignity\n\n![A map of Gwangju](/media/{image})"),
        &format!("# 존엄\n\n![광주 지도](/media/{image})"),
    );
    db::update_lesson(
        &pool,
        course,
        lesson,
        &db::LessonEdit {
            title: &both("Dignity", "존엄"),
            body: &body,
            estimated_minutes: 12,
            is_required: false,
            is_preview: true,
        },
    )
    .await
    .expect("lesson saved");
    let mut tx = pool.begin().await.expect("tx");
    let pair = |n: usize, item: &str, option: &str| Pair {
        item_id: format!("item-{n}"),
        item: both(item, item),
        option_id: format!("option-{n}"),
        option: both(option, option),
    };
    db::append_questions(
        &mut tx,
        course,
        module,
        &[
            db::NewQuestion {
                points: 2,
                prompt: both("The Forum began in 2011.", "포럼은 2011년에 시작되었다."),
                feedback: both("It did.", "그렇습니다."),
                spec: QuestionSpec::TrueFalse { answer: true },
            },
            db::NewQuestion {
                points: 1,
                prompt: both("Match", "연결"),
                feedback: Localized::default(),
                spec: QuestionSpec::Matching {
                    pairs: vec![pair(0, "UDHR", "1948"), pair(1, "Gwangju", "1980")],
                },
            },
        ],
    )
    .await
    .expect("questions");
    tx.commit().await.expect("commit");

    // Exported by its author (and by nobody else).
    let export = |session: Option<&str>| {
        let mut request = get_in(&format!("/teach/{SLUG}/export"), "en");
        if let Some(session) = session {
            request.headers_mut().insert(
                axum::http::header::COOKIE,
                format!("{SESSION_COOKIE}={session}")
                    .parse()
                    .expect("cookie"),
            );
        }
        request
    };
    let (response, _) = send_for_bytes(&app, export(None)).await;
    assert_eq!(response.status(), 303, "signed out: to the sign-in page");
    let (response, archive) = send_for_bytes(&app, export(Some(&session))).await;
    assert_eq!(response.status(), 200);
    assert_eq!(response.headers()["content-type"], "application/gzip");

    // Imported: a new course (the slug is taken here, so `-2`), the same contents.
    let import = |bytes: &[u8]| {
        let mut body = b"--X\r\nContent-Disposition: form-data; name=\"file\"; filename=\"c.tar.gz\"\r\nContent-Type: application/gzip\r\n\r\n".to_vec();
        body.extend_from_slice(bytes);
        body.extend_from_slice(b"\r\n--X--\r\n");
        post_multipart("/teach/import", &session, body)
    };
    let (response, _) = send(&app, import(&archive)).await;
    assert_eq!(
        response.headers()["location"],
        format!("/teach/{SLUG}-2?done=imported")
    );
    let copy: Uuid = sqlx::query_scalar("select id from courses where slug = $1")
        .bind(format!("{SLUG}-2"))
        .fetch_one(&pool)
        .await
        .expect("imported course");
    let (original, original_images) = course_archive::export(&pool, course)
        .await
        .expect("export")
        .expect("found");
    let (imported, imported_images) = course_archive::export(&pool, copy)
        .await
        .expect("export")
        .expect("found");
    assert_eq!(imported.slug, format!("{SLUG}-2"));
    assert_ne!(imported.images[0].id, image, "the image got a new id");
    assert!(
        imported.modules[0].lessons[0]
            .body
            .en
            .as_deref()
            .is_some_and(|b| b.contains(&format!("/media/{}", imported.images[0].id))),
        "the lesson shows the new image"
    );
    assert_eq!(comparable(imported), comparable(original));
    assert_eq!(imported_images[0].2, original_images[0].2, "the same bytes");
    let owner: Uuid = sqlx::query_scalar(
        "select user_id from course_authors where course_id = $1 and role = 'owner'",
    )
    .bind(copy)
    .fetch_one(&pool)
    .await
    .expect("owner");
    assert_eq!(owner, id, "the importer owns the copy");

    // Refused whole: not an archive; an "image" that is HTML; a question the editor
    // would refuse. Nothing is created.
    let courses = || async {
        sqlx::query_scalar::<_, i64>("select count(*) from courses")
            .fetch_one(&pool)
            .await
            .expect("count")
    };
    let before = (courses().await, images(&pool).await);
    let (checked, files) = server::course_archive::unpack(&archive).expect("our own archive reads");
    let html_image: Vec<(Uuid, String, Vec<u8>)> = files
        .iter()
        .map(|(id, kind, _, _)| {
            (
                *id,
                kind.to_string(),
                b"<!doctype html><script>alert(1)</script>".to_vec(),
            )
        })
        .collect();
    let mut one_choice = checked.clone();
    one_choice.modules[0].quiz.as_mut().expect("quiz").questions[0].spec =
        QuestionSpec::SingleChoice {
            choices: Vec::new(),
        };
    let with_pictures: Vec<(Uuid, String, Vec<u8>)> = files
        .iter()
        .map(|(id, kind, bytes, _)| (*id, kind.to_string(), bytes.clone()))
        .collect();
    for bad in [
        b"not a tar.gz at all".to_vec(),
        server::course_archive::pack(&checked, &html_image).expect("pack"),
        server::course_archive::pack(&one_choice, &with_pictures).expect("pack"),
    ] {
        let (response, _) = send(&app, import(&bad)).await;
        assert_eq!(
            response.headers()["location"],
            "/teach?import_error=invalid#import"
        );
    }
    assert_eq!((courses().await, images(&pool).await), before);
}
