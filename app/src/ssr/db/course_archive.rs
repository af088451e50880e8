//! Course archives in the database: reading the version an educator edits into a
//! [`CourseArchive`], and making a new course from one, in one transaction (an
//! archive is imported whole or not at all).
use super::authoring::{
    EDITED_VERSION, NewCourse, NewQuestion, Tx, create_course_in, insert_question,
};
use crate::domain::Localized;
use crate::domain::course_archive::{
    ArchivedImage, ArchivedLesson, ArchivedModule, ArchivedQuestion, ArchivedQuiz, CourseArchive,
    FORMAT, FORMAT_VERSION, rewrite_media,
};
use crate::domain::quiz::grading::QuestionSpec;
use sqlx::{PgPool, types::Json};
use uuid::Uuid;

/// An image of a course: its id, content type and bytes.
pub type ImageFile = (Uuid, String, Vec<u8>);

#[derive(sqlx::FromRow)]
struct ModuleRow {
    id: Uuid,
    slug: String,
    title: Json<Localized>,
}

#[derive(sqlx::FromRow)]
struct LessonRow {
    module_id: Uuid,
    slug: String,
    title: Json<Localized>,
    body: Json<Localized>,
    estimated_minutes: i32,
    is_preview: bool,
    is_required: bool,
}

#[derive(sqlx::FromRow)]
struct QuizRow {
    id: Uuid,
    module_id: Uuid,
    #[sqlx(flatten)]
    settings: super::authoring::QuizSettingsRow,
}

#[derive(sqlx::FromRow)]
struct QuestionRow {
    quiz_id: Uuid,
    points: i32,
    prompt: Json<Localized>,
    feedback: Json<Localized>,
    spec: Json<QuestionSpec>,
}

/// The course as its editors see it now (draft, else published), with its images.
/// A handful of queries, whatever the size of the course.
pub async fn export(
    pool: &PgPool,
    course_id: Uuid,
) -> sqlx::Result<Option<(CourseArchive, Vec<ImageFile>)>> {
    let version: Option<super::authoring::DraftRow> = sqlx::query_as(&format!(
        "select v.id as version_id, v.number, v.title, v.summary, v.languages, v.estimated_minutes,
                c.topic, v.edited_at
         from course_versions v join courses c on c.id = v.course_id
         where v.id = {EDITED_VERSION}"
    ))
    .bind(course_id)
    .fetch_optional(pool)
    .await?;
    let Some(version) = version else {
        return Ok(None);
    };
    let slug: String = sqlx::query_scalar("select slug from courses where id = $1")
        .bind(course_id)
        .fetch_one(pool)
        .await?;
    let v = version.version_id;
    let modules: Vec<ModuleRow> = sqlx::query_as(
        "select id, slug, title from modules where version_id = $1 order by position",
    )
    .bind(v)
    .fetch_all(pool)
    .await?;
    let lessons: Vec<LessonRow> = sqlx::query_as(
        "select module_id, slug, title, body, estimated_minutes, is_preview, is_required
         from lessons where version_id = $1 order by position",
    )
    .bind(v)
    .fetch_all(pool)
    .await?;
    let quizzes: Vec<QuizRow> = sqlx::query_as(
        "select id, module_id, pass_percent, max_attempts, time_limit_seconds, shuffle_questions,
                shuffle_choices, draw_count, one_per_page, review
         from quizzes where version_id = $1",
    )
    .bind(v)
    .fetch_all(pool)
    .await?;
    let questions: Vec<QuestionRow> = sqlx::query_as(
        "select qu.quiz_id, qu.points, qu.prompt, qu.feedback, qu.spec
         from questions qu join quizzes q on q.id = qu.quiz_id
         where q.version_id = $1 order by qu.position",
    )
    .bind(v)
    .fetch_all(pool)
    .await?;
    let images: Vec<ImageFile> = sqlx::query_as(
        "select id, content_type, bytes from course_images where course_id = $1 order by uploaded_at",
    )
    .bind(course_id)
    .fetch_all(pool)
    .await?;
    let mut quizzes = quizzes;
    let modules = modules
        .into_iter()
        .map(|m| {
            let quiz = quizzes
                .iter()
                .position(|q| q.module_id == m.id)
                .map(|i| quizzes.swap_remove(i))
                .map(|quiz| ArchivedQuiz {
                    settings: quiz.settings.settings(),
                    questions: questions
                        .iter()
                        .filter(|q| q.quiz_id == quiz.id)
                        .map(|q| ArchivedQuestion {
                            points: q.points,
                            prompt: q.prompt.0.clone(),
                            feedback: q.feedback.0.clone(),
                            spec: q.spec.0.clone(),
                        })
                        .collect(),
                });
            ArchivedModule {
                slug: m.slug,
                title: m.title.0,
                lessons: lessons
                    .iter()
                    .filter(|l| l.module_id == m.id)
                    .map(|l| ArchivedLesson {
                        slug: l.slug.clone(),
                        title: l.title.0.clone(),
                        body: l.body.0.clone(),
                        estimated_minutes: l.estimated_minutes,
                        is_preview: l.is_preview,
                        is_required: l.is_required,
                    })
                    .collect(),
                quiz,
            }
        })
        .collect();
    let archive = CourseArchive {
        format: FORMAT.to_owned(),
        format_version: FORMAT_VERSION,
        slug,
        topic: version.topic,
        title: version.title.0,
        summary: version.summary.0,
        languages: version
            .languages
            .iter()
            .filter_map(|c| c.parse().ok())
            .collect(),
        estimated_minutes: version.estimated_minutes,
        modules,
        images: images
            .iter()
            .map(|(id, _, _)| ArchivedImage { id: *id })
            .collect(),
    };
    Ok(Some((archive, images)))
}

/// A new course, owned by `owner`, from a checked archive and its images (each already
/// checked by its bytes: `(archive id, content type, bytes, sha-256)`). Its slug is the
/// archive's, or the first free `{slug}-2`, `{slug}-3`…; everything lands in its
/// first draft. Returns the new course's id and slug.
pub async fn import(
    pool: &PgPool,
    owner: Uuid,
    archive: &CourseArchive,
    images: &[(Uuid, &str, &[u8], String)],
) -> sqlx::Result<(Uuid, String)> {
    let mut tx = pool.begin().await?;
    let taken: Vec<String> =
        sqlx::query_scalar("select slug from courses where slug = $1 or slug like $2 || '-%'")
            .bind(&archive.slug)
            .bind(
                archive
                    .slug
                    .chars()
                    .take(52)
                    .collect::<String>()
                    .trim_end_matches('-'),
            )
            .fetch_all(&mut *tx)
            .await?;
    // Room for the suffix within the 60 characters of a course slug.
    let base: String = archive.slug.chars().take(52).collect();
    let base = base.trim_end_matches('-');
    let slug = std::iter::once(archive.slug.clone())
        .chain((2..).map(|n| format!("{base}-{n}")))
        .find(|candidate| !taken.contains(candidate))
        .unwrap_or_else(|| archive.slug.clone());
    let course = NewCourse {
        slug: &slug,
        topic: archive.topic,
        title: &archive.title,
        summary: &archive.summary,
        languages: &archive.languages,
        estimated_minutes: archive.estimated_minutes,
    };
    let course_id = create_course_in(&mut tx, owner, &course)
        .await?
        .ok_or(sqlx::Error::RowNotFound)?;
    let draft: Uuid = sqlx::query_scalar("select id from course_versions where course_id = $1")
        .bind(course_id)
        .fetch_one(&mut *tx)
        .await?;
    let mut renamed = Vec::with_capacity(images.len());
    for (old, content_type, bytes, sha256) in images {
        let new: Uuid = sqlx::query_scalar(
            "insert into course_images (course_id, content_type, bytes, sha256, uploaded_by)
             values ($1, $2, $3, $4, $5)
             on conflict (course_id, sha256) do update set sha256 = excluded.sha256
             returning id",
        )
        .bind(course_id)
        .bind(content_type)
        .bind(bytes)
        .bind(sha256)
        .bind(owner)
        .fetch_one(&mut *tx)
        .await?;
        renamed.push((*old, new));
    }
    for (position, module) in (1..).zip(&archive.modules) {
        import_module(
            &mut tx,
            draft,
            position,
            module,
            &archive.languages,
            &renamed,
        )
        .await?;
    }
    tx.commit().await?;
    Ok((course_id, slug))
}

async fn import_module(
    tx: &mut Tx<'_>,
    draft: Uuid,
    position: i32,
    module: &ArchivedModule,
    languages: &[crate::domain::Lang],
    images: &[(Uuid, Uuid)],
) -> sqlx::Result<()> {
    let module_id: Uuid = sqlx::query_scalar(
        "insert into modules (version_id, slug, position, title) values ($1, $2, $3, $4) returning id",
    )
    .bind(draft)
    .bind(&module.slug)
    .bind(position)
    .bind(Json(&module.title))
    .fetch_one(&mut **tx)
    .await?;
    for (position, lesson) in (1..).zip(&module.lessons) {
        let body = Localized {
            en: lesson.body.en.as_deref().map(|b| rewrite_media(b, images)),
            ko: lesson.body.ko.as_deref().map(|b| rewrite_media(b, images)),
        };
        sqlx::query(
            "insert into lessons (module_id, version_id, slug, position, title, body, estimated_minutes,
                                  is_preview, is_required)
             values ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
        )
        .bind(module_id)
        .bind(draft)
        .bind(&lesson.slug)
        .bind(position)
        .bind(Json(&lesson.title))
        .bind(Json(&body))
        .bind(lesson.estimated_minutes)
        .bind(lesson.is_preview)
        .bind(lesson.is_required)
        .execute(&mut **tx)
        .await?;
    }
    let Some(quiz) = &module.quiz else {
        return Ok(());
    };
    let s = &quiz.settings;
    let (quiz_id, salt): (Uuid, Uuid) = sqlx::query_as(
        "insert into quizzes (module_id, version_id, pass_percent, max_attempts, time_limit_seconds,
                              shuffle_questions, shuffle_choices, draw_count, one_per_page, review)
         values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
         returning id, id_salt",
    )
    .bind(module_id)
    .bind(draft)
    .bind(s.pass_percent)
    .bind(s.max_attempts)
    .bind(s.time_limit_seconds)
    .bind(s.shuffle_questions)
    .bind(s.shuffle_choices)
    .bind(s.draw_count)
    .bind(s.one_per_page)
    .bind(s.review.code())
    .fetch_one(&mut **tx)
    .await?;
    for (position, question) in (1..).zip(&quiz.questions) {
        // As the question editor would have saved it; `check` refused any it would not.
        let q = CourseArchive::normalised_question(question, languages)
            .ok_or(sqlx::Error::RowNotFound)?;
        let question = NewQuestion {
            points: q.points,
            prompt: q.prompt,
            feedback: q.feedback,
            spec: q.spec,
        };
        insert_question(tx, (quiz_id, salt), position, &question).await?;
    }
    Ok(())
}
