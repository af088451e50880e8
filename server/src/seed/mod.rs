//! `server seed`: the demo courses, from the TOML files in `server/seed/courses/`
//! (compiled into the binary). Idempotent: courses, modules and lessons are upserted on
//! their slugs, so a second run changes nothing and an edited file updates the texts.
//! The demo courses' version 1 is the one place where published content is rewritten.
mod model;
pub mod scale;

use anyhow::Context;
use model::SeedCourse;
use sqlx::{PgPool, types::Json};

/// The demo courses, in catalogue order.
const COURSES: [(&str, &str); 3] = [
    (
        "human-rights-cities",
        include_str!("../../seed/courses/human-rights-cities.toml"),
    ),
    (
        "local-government-and-human-rights",
        include_str!("../../seed/courses/local-government-and-human-rights.toml"),
    ),
    (
        "human-rights-cities-2030",
        include_str!("../../seed/courses/human-rights-cities-2030.toml"),
    ),
];

#[derive(Debug, Default, PartialEq, Eq)]
pub struct SeedReport {
    pub courses: usize,
    pub lessons: usize,
    pub questions: usize,
}

/// Parses and checks every demo course (no database needed).
pub fn demo_course_files() -> anyhow::Result<Vec<SeedCourse>> {
    COURSES
        .iter()
        .map(|(name, text)| {
            let course: SeedCourse =
                toml::from_str(text).with_context(|| format!("parsing {name}.toml"))?;
            course
                .validate()
                .with_context(|| format!("checking {name}.toml"))?;
            anyhow::ensure!(
                course.slug == *name,
                "{name}.toml: slug {:?} must match the file name",
                course.slug
            );
            Ok(course)
        })
        .collect()
}

/// Loads the demo courses, each in its own transaction, published as version 1.
pub async fn demo_courses(pool: &PgPool) -> anyhow::Result<SeedReport> {
    let mut report = SeedReport::default();
    for course in demo_course_files()? {
        upsert_course(pool, &course)
            .await
            .with_context(|| format!("seeding {}", course.slug))?;
        report.courses += 1;
        report.lessons += course.lesson_count();
        report.questions += course.question_count();
    }
    Ok(report)
}

async fn upsert_course(pool: &PgPool, course: &SeedCourse) -> anyhow::Result<()> {
    let mut tx = pool.begin().await?;
    // Positions are unique per parent; deferring the checks lets a reordered file swap them.
    sqlx::query("set constraints all deferred")
        .execute(&mut *tx)
        .await?;

    let course_id: uuid::Uuid = sqlx::query_scalar(
        "insert into courses (slug, topic) values ($1, $2)
         on conflict (slug) do update set topic = excluded.topic
         returning id",
    )
    .bind(&course.slug)
    .bind(course.topic.code())
    .fetch_one(&mut *tx)
    .await?;

    let languages: Vec<&str> = course.languages.iter().map(|l| l.code()).collect();
    let version_id: uuid::Uuid = sqlx::query_scalar(
        "insert into course_versions (course_id, number, title, summary, languages, estimated_minutes, published_at)
         values ($1, 1, $2, $3, $4, $5, now())
         on conflict (course_id, number) do update
            set title = excluded.title, summary = excluded.summary, languages = excluded.languages,
                estimated_minutes = excluded.estimated_minutes
         returning id",
    )
    .bind(course_id)
    .bind(Json(&course.title))
    .bind(Json(&course.summary))
    .bind(&languages)
    .bind(course.estimated_minutes())
    .fetch_one(&mut *tx)
    .await?;

    // Only a course new to this database: once educators publish a later version, the
    // seed must not move new learners back to version 1.
    sqlx::query(
        "update courses set current_version_id = $2 where id = $1 and current_version_id is null",
    )
    .bind(course_id)
    .bind(version_id)
    .execute(&mut *tx)
    .await?;

    for (module_position, module) in (1..).zip(&course.modules) {
        let module_id: uuid::Uuid = sqlx::query_scalar(
            "insert into modules (version_id, slug, position, title) values ($1, $2, $3, $4)
             on conflict (version_id, slug) do update set position = excluded.position, title = excluded.title
             returning id",
        )
        .bind(version_id)
        .bind(&module.slug)
        .bind(module_position)
        .bind(Json(&module.title))
        .fetch_one(&mut *tx)
        .await?;

        upsert_quiz(&mut tx, version_id, module_id, module).await?;

        for (lesson_position, lesson) in (1..).zip(&module.lessons) {
            sqlx::query(
                "insert into lessons (module_id, version_id, slug, position, title, body, estimated_minutes, is_preview)
                 values ($1, $2, $3, $4, $5, $6, $7, $8)
                 on conflict (version_id, slug) do update
                    set module_id = excluded.module_id, position = excluded.position, title = excluded.title,
                        body = excluded.body, estimated_minutes = excluded.estimated_minutes,
                        is_preview = excluded.is_preview",
            )
            .bind(module_id)
            .bind(version_id)
            .bind(&lesson.slug)
            .bind(lesson_position)
            .bind(Json(&lesson.title))
            .bind(Json(&lesson.body))
            .bind(lesson.minutes)
            .bind(lesson.preview)
            .execute(&mut *tx)
            .await?;
        }
    }

    // What the file no longer has goes too, or its old positions would collide with the
    // new ones. (Demo content only: published versions of real courses are never edited.)
    let lesson_slugs: Vec<&str> = course
        .modules
        .iter()
        .flat_map(|m| &m.lessons)
        .map(|l| l.slug.as_str())
        .collect();
    sqlx::query("delete from lessons where version_id = $1 and slug <> all($2)")
        .bind(version_id)
        .bind(&lesson_slugs)
        .execute(&mut *tx)
        .await?;
    let module_slugs: Vec<&str> = course.modules.iter().map(|m| m.slug.as_str()).collect();
    sqlx::query("delete from modules where version_id = $1 and slug <> all($2)")
        .bind(version_id)
        .bind(&module_slugs)
        .execute(&mut *tx)
        .await?;
    tx.commit().await?;
    Ok(())
}

/// The module's quiz and its questions (upserted on their position), or no quiz when
/// the module has no questions. Settings are left as they are once the quiz exists.
async fn upsert_quiz(
    tx: &mut sqlx::Transaction<'_, sqlx::Postgres>,
    version_id: uuid::Uuid,
    module_id: uuid::Uuid,
    module: &model::SeedModule,
) -> anyhow::Result<()> {
    if module.questions.is_empty() {
        sqlx::query("delete from quizzes where module_id = $1")
            .bind(module_id)
            .execute(&mut **tx)
            .await?;
        return Ok(());
    }
    sqlx::query(
        "insert into quizzes (module_id, version_id) values ($1, $2) on conflict (module_id) do nothing",
    )
    .bind(module_id)
    .bind(version_id)
    .execute(&mut **tx)
    .await?;
    let (quiz_id, salt): (uuid::Uuid, uuid::Uuid) =
        sqlx::query_as("select id, id_salt from quizzes where module_id = $1")
            .bind(module_id)
            .fetch_one(&mut **tx)
            .await?;
    for (position, question) in (1..).zip(&module.questions) {
        let (points, prompt, feedback, spec) = question
            .to_spec(|side, index| app::ssr::db::quiz::option_id(salt, position, side, index));
        sqlx::query(
            "insert into questions (quiz_id, position, points, prompt, feedback, spec)
             values ($1, $2, $3, $4, $5, $6)
             on conflict (quiz_id, position) do update
                set points = excluded.points, prompt = excluded.prompt,
                    feedback = excluded.feedback, spec = excluded.spec",
        )
        .bind(quiz_id)
        .bind(position)
        .bind(points)
        .bind(Json(prompt))
        .bind(Json(feedback))
        .bind(Json(&spec))
        .execute(&mut **tx)
        .await?;
    }
    sqlx::query("delete from questions where quiz_id = $1 and position > $2")
        .bind(quiz_id)
        .bind(module.questions.len() as i32)
        .execute(&mut **tx)
        .await?;
    Ok(())
}
