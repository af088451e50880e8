//! The catalogue's SQL and the seed, against a real PostgreSQL (a fresh database per test).
use app::domain::{Lang, Topic};
use app::ssr::db::catalog;
use sqlx::PgPool;

async fn content_snapshot(pool: &PgPool) -> serde_json::Value {
    sqlx::query_scalar(
        "select jsonb_build_object(
            'courses', (select jsonb_agg(to_jsonb(c) order by c.slug) from courses c),
            'versions', (select jsonb_agg(to_jsonb(v) order by v.id) from course_versions v),
            'modules', (select jsonb_agg(to_jsonb(m) order by m.id) from modules m),
            'lessons', (select jsonb_agg(to_jsonb(l) order by l.id) from lessons l))",
    )
    .fetch_one(pool)
    .await
    .expect("snapshot query")
}

#[sqlx::test(migrator = "server::db::MIGRATOR")]
async fn seeding_twice_changes_nothing(pool: PgPool) {
    let first = server::seed::demo_courses(&pool).await.expect("first seed");
    let before = content_snapshot(&pool).await;
    let second = server::seed::demo_courses(&pool)
        .await
        .expect("second seed");
    assert_eq!(first, second);
    // Not assert_eq: on failure the whole content would be printed.
    assert!(
        before == content_snapshot(&pool).await,
        "a second seed must not change any row"
    );

    let lessons: i64 = sqlx::query_scalar("select count(*) from lessons")
        .fetch_one(&pool)
        .await
        .expect("count");
    assert_eq!(lessons as usize, first.lessons);
    assert_eq!(first.courses, 3);
}

#[sqlx::test(migrator = "server::db::MIGRATOR")]
async fn lists_every_published_course_with_its_lesson_count(pool: PgPool) {
    let report = server::seed::demo_courses(&pool).await.expect("seed");
    let courses = catalog::newest_courses(&pool, 100).await.expect("query");
    assert_eq!(courses.len(), 3);
    let total: i64 = courses.iter().map(|c| c.lesson_count).sum();
    assert_eq!(total as usize, report.lessons);

    let cards: Vec<_> = courses.into_iter().map(|c| c.into_card(Lang::Ko)).collect();
    let hrc = cards
        .iter()
        .find(|c| c.slug == "human-rights-cities")
        .expect("seeded course");
    assert_eq!(hrc.topic, Topic::HumanRightsCities);
    assert_eq!(hrc.title.lang, Lang::Ko);
    assert!(
        hrc.title.text.contains("인권"),
        "Korean title expected, got {:?}",
        hrc.title.text
    );
    assert_eq!(hrc.languages, vec![Lang::En, Lang::Ko]);
}

#[sqlx::test(migrator = "server::db::MIGRATOR")]
async fn the_home_page_has_the_newest_courses_first_and_no_more_than_asked(pool: PgPool) {
    server::seed::demo_courses(&pool).await.expect("seed");
    // Published a day apart, human-rights-cities last.
    sqlx::query(
        "update course_versions v set published_at = now() - make_interval(days => x.age)
         from (select c.current_version_id as id,
                      case c.slug when 'human-rights-cities' then 0 else row_number() over (order by c.slug) end::int as age
               from courses c) x
         where v.id = x.id",
    )
    .execute(&pool)
    .await
    .expect("dates");
    let newest: Vec<String> = catalog::newest_courses(&pool, 2)
        .await
        .expect("query")
        .into_iter()
        .map(|c| c.slug)
        .collect();
    assert_eq!(newest.len(), 2);
    assert_eq!(newest[0], "human-rights-cities");
    let all = catalog::newest_courses(&pool, 100).await.expect("query");
    assert_eq!(all.len(), 3, "a limit above the count gives every course");
}

#[sqlx::test(migrator = "server::db::MIGRATOR")]
async fn a_draft_course_stays_out_of_the_catalogue(pool: PgPool) {
    server::seed::demo_courses(&pool).await.expect("seed");
    sqlx::query("update course_versions set published_at = null where course_id = (select id from courses where slug = 'human-rights-cities')")
        .execute(&pool)
        .await
        .expect("unpublish");
    let slugs: Vec<String> = catalog::newest_courses(&pool, 100)
        .await
        .expect("query")
        .into_iter()
        .map(|c| c.slug)
        .collect();
    assert!(!slugs.contains(&"human-rights-cities".to_owned()));
    assert!(
        catalog::course_outline(&pool, "human-rights-cities", Lang::En, None)
            .await
            .expect("query")
            .is_none()
    );
}

#[sqlx::test(migrator = "server::db::MIGRATOR")]
async fn outlines_keep_module_and_lesson_order(pool: PgPool) {
    server::seed::demo_courses(&pool).await.expect("seed");
    let files = server::seed::demo_course_files().expect("seed files");
    for file in files {
        let outline = catalog::course_outline(&pool, &file.slug, Lang::En, None)
            .await
            .expect("query")
            .expect("exists");
        assert_eq!(outline.version, 1);
        assert_eq!(outline.modules.len(), file.modules.len());
        for (module, seeded) in outline.modules.iter().zip(&file.modules) {
            assert_eq!(Some(module.title.text.as_str()), seeded.title.get(Lang::En));
            let slugs: Vec<&str> = module.lessons.iter().map(|l| l.slug.as_str()).collect();
            let expected: Vec<&str> = seeded.lessons.iter().map(|l| l.slug.as_str()).collect();
            assert_eq!(slugs, expected);
        }
        let minutes: i32 = outline
            .modules
            .iter()
            .flat_map(|m| &m.lessons)
            .map(|l| l.estimated_minutes)
            .sum();
        assert_eq!(
            minutes, outline.estimated_minutes,
            "course time is the sum of its lessons"
        );
        let previews = outline
            .modules
            .iter()
            .flat_map(|m| &m.lessons)
            .filter(|l| l.is_preview)
            .count();
        assert_eq!(
            previews, 1,
            "{}: exactly the first lesson is a public preview",
            file.slug
        );
    }
    assert!(
        catalog::course_outline(&pool, "no-such-course", Lang::En, None)
            .await
            .expect("query")
            .is_none()
    );
}

#[sqlx::test(migrator = "server::db::MIGRATOR")]
async fn the_schema_refuses_text_without_a_language(pool: PgPool) {
    let course: uuid::Uuid = sqlx::query_scalar(
        "insert into courses (slug, topic) values ('x', 'global-movement') returning id",
    )
    .fetch_one(&pool)
    .await
    .expect("course");
    for bad in [
        r#"{}"#,
        r#"{"fr": "Bonjour"}"#,
        r#"{"en": "  "}"#,
        r#""just a string""#,
    ] {
        let err = sqlx::query(
            "insert into course_versions (course_id, number, title, summary, languages, estimated_minutes)
             values ($1, 1, $2::jsonb, '{\"en\": \"S\"}', array['en'], 5)",
        )
        .bind(course)
        .bind(bad)
        .execute(&pool)
        .await
        .expect_err("invalid localized text must be refused");
        let constraint = err
            .as_database_error()
            .and_then(|e| e.constraint())
            .map(str::to_owned);
        assert_eq!(
            constraint.as_deref(),
            Some("course_versions_title_localized"),
            "for {bad}"
        );
    }
}

/// Adds `n` small published courses (one module, one lesson), titled "Extra course NN".
async fn add_courses(pool: &PgPool, n: i32) {
    sqlx::query(
        r#"
        with c as (
            insert into courses (slug, topic)
            select 'extra-' || lpad(i::text, 2, '0'), 'global-movement' from generate_series(1, $1) i
            returning id, slug
        ), v as (
            insert into course_versions (course_id, number, title, summary, languages, estimated_minutes, published_at)
            select id, 1, jsonb_build_object('en', 'Extra course ' || slug), '{"en": "A summary"}', array['en'], 10, now()
            from c
            returning id, course_id
        ), m as (
            insert into modules (version_id, slug, position, title)
            select id, 'm', 1, '{"en": "Module"}' from v
            returning id, version_id
        )
        insert into lessons (module_id, version_id, slug, position, title, body, estimated_minutes)
        select id, version_id, 'l', 1, '{"en": "Lesson"}', '{"en": "Body"}', 10 from m
        "#,
    )
    .bind(n)
    .execute(pool)
    .await
    .expect("extra courses");
    sqlx::query(
        "update courses c set current_version_id = v.id from course_versions v
         where v.course_id = c.id and c.current_version_id is null",
    )
    .execute(pool)
    .await
    .expect("current versions");
}

async fn page_slugs(pool: &PgPool, q: &str, page: i64) -> (Vec<String>, i64) {
    use app::domain::{COURSES_PER_PAGE, CatalogFilter};
    let filter = CatalogFilter {
        q: q.to_owned(),
        page,
        ..Default::default()
    };
    let rows = catalog::search(
        pool,
        &filter,
        None,
        COURSES_PER_PAGE,
        (page - 1) * COURSES_PER_PAGE,
    )
    .await
    .expect("search");
    let total = rows.first().map_or(0, |row| row.total);
    (rows.into_iter().map(|row| row.slug).collect(), total)
}

#[sqlx::test(migrator = "server::db::MIGRATOR")]
async fn pages_cover_every_course_once(pool: PgPool) {
    server::seed::demo_courses(&pool).await.expect("seed");
    add_courses(&pool, 25).await;
    let mut seen = std::collections::BTreeSet::new();
    let mut sizes = Vec::new();
    for page in 1..=3 {
        let (slugs, total) = page_slugs(&pool, "", page).await;
        assert_eq!(total, 28, "page {page}");
        sizes.push(slugs.len());
        for slug in slugs {
            assert!(seen.insert(slug.clone()), "{slug} appears on two pages");
        }
    }
    assert_eq!(sizes, [12, 12, 4]);
    assert_eq!(seen.len(), 28);
    assert!(page_slugs(&pool, "", 4).await.0.is_empty(), "past the end");

    // A search pages the same way, with its own total.
    let (first, total) = page_slugs(&pool, "extra course", 1).await;
    assert_eq!((first.len(), total), (12, 25));
    let (third, _) = page_slugs(&pool, "extra course", 3).await;
    assert_eq!(third, ["extra-25"], "ordered by publication, then slug");
}
