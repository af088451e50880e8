//! Reads of the published catalogue.
use crate::api::catalog::{CourseCard, CourseLink, CourseOutline, LessonOutline, ModuleOutline};
use crate::domain::{Lang, Localized, Topic};
use sqlx::{PgPool, types::Json};

#[derive(Debug, sqlx::FromRow)]
pub struct CourseRow {
    pub version_id: uuid::Uuid,
    pub slug: String,
    #[sqlx(try_from = "String")]
    pub topic: Topic,
    pub title: Json<Localized>,
    pub summary: Json<Localized>,
    pub languages: Vec<String>,
    pub estimated_minutes: i32,
    pub version: i32,
    pub lesson_count: i64,
    /// The reader's progress, when they are enrolled (search only).
    #[sqlx(default)]
    pub progress: Option<i32>,
    /// Matches of the whole search, all pages together (search only).
    #[sqlx(default)]
    pub total: i64,
    /// Courses to complete first, in title order (course page only).
    #[sqlx(default)]
    pub prerequisites: Option<Json<Vec<PrerequisiteRow>>>,
}

#[derive(Debug, serde::Deserialize)]
pub struct PrerequisiteRow {
    slug: String,
    title: Localized,
}

impl CourseRow {
    pub fn into_card(self, lang: Lang) -> CourseCard {
        CourseCard {
            title: self.title.resolve(lang),
            summary: self.summary.resolve(lang),
            languages: parse_langs(&self.languages),
            slug: self.slug,
            topic: self.topic,
            estimated_minutes: self.estimated_minutes,
            lesson_count: self.lesson_count,
            progress: self.progress,
        }
    }
}

fn parse_langs(codes: &[String]) -> Vec<Lang> {
    codes.iter().filter_map(|c| c.parse().ok()).collect()
}

/// The current published version of each course, with its lesson count: one query.
const COURSES: &str = r#"
    select v.id as version_id, c.slug, c.topic, v.title, v.summary, v.languages, v.estimated_minutes,
           v.number as version,
           (select count(*) from lessons l where l.version_id = v.id) as lesson_count
    from courses c
    join course_versions v on v.id = c.current_version_id
    where v.published_at is not null and c.archived_at is null
"#;

/// One page of the published courses matching `filter`, with the reader's progress in
/// each: one query. Every search word must appear in a title or summary, in either
/// language (a substring match served by the trigram index on `search_text`).
pub async fn search(
    pool: &PgPool,
    filter: &crate::domain::CatalogFilter,
    reader: Option<uuid::Uuid>,
    limit: i64,
    offset: i64,
) -> sqlx::Result<Vec<CourseRow>> {
    let mut query = sqlx::QueryBuilder::new(
        "select v.id as version_id, c.slug, c.topic, v.title, v.summary, v.languages, v.estimated_minutes,
                v.number as version,
                (select count(*) from lessons l where l.version_id = v.id) as lesson_count,
                count(*) over () as total,
                (select case when e.completed_at is not null then 100
                             else (p.done * 100 / greatest(p.required, 1))::int end
                 from enrolments e cross join lateral learner_progress(e.user_id, e.version_id) p
                 where e.course_id = c.id and e.user_id = ",
    );
    query.push_bind(reader);
    query.push(
        ") as progress
         from courses c join course_versions v on v.id = c.current_version_id
         where v.published_at is not null and c.archived_at is null",
    );
    for term in filter.terms() {
        let escaped = term
            .replace('\\', "\\\\")
            .replace('%', "\\%")
            .replace('_', "\\_");
        query
            .push(" and v.search_text like ")
            .push_bind(format!("%{escaped}%"));
    }
    if let Some(lang) = filter.language {
        query
            .push(" and ")
            .push_bind(lang.code())
            .push(" = any(v.languages)");
    }
    if let Some(topic) = filter.topic {
        query.push(" and c.topic = ").push_bind(topic.code());
    }
    if let Some(length) = filter.length {
        let (from, to) = length.minutes();
        if let Some(from) = from {
            query.push(" and v.estimated_minutes >= ").push_bind(from);
        }
        if let Some(to) = to {
            query.push(" and v.estimated_minutes < ").push_bind(to);
        }
    }
    query
        .push(" order by v.published_at, c.slug limit ")
        .push_bind(limit);
    query.push(" offset ").push_bind(offset);
    query.build_query_as().fetch_all(pool).await
}

/// The `limit` most recently published courses, newest first.
pub async fn newest_courses(pool: &PgPool, limit: i64) -> sqlx::Result<Vec<CourseRow>> {
    sqlx::query_as(&format!(
        "{COURSES} order by v.published_at desc, c.slug limit $1"
    ))
    .bind(limit)
    .fetch_all(pool)
    .await
}

/// Every published course's slug and title, for choosing one (a cohort's course).
pub async fn published_titles(pool: &PgPool) -> sqlx::Result<Vec<(String, Json<Localized>)>> {
    sqlx::query_as(
        "select c.slug, v.title from courses c join course_versions v on v.id = c.current_version_id
         where v.published_at is not null and c.archived_at is null
         order by v.title ->> 'en', c.slug",
    )
    .fetch_all(pool)
    .await
}

/// [`COURSES`] with the course's prerequisites, published or not (a learner who
/// completed a course that is now withdrawn still meets the requirement).
const OUTLINE_HEAD: &str = r#"
    select v.id as version_id, c.slug, c.topic, v.title, v.summary, v.languages, v.estimated_minutes,
           v.number as version,
           (select count(*) from lessons l where l.version_id = v.id) as lesson_count,
           (select jsonb_agg(jsonb_build_object('slug', rc.slug, 'title', rv.title)
                             order by rc.slug)
            from course_prerequisites p
            join courses rc on rc.id = p.required_course_id
            join course_versions rv on rv.id = rc.current_version_id
            where p.course_id = c.id) as prerequisites
    from courses c
    -- The reader's own version when enrolled ($2), else the current one.
    join course_versions v on v.id = coalesce(
        (select e.version_id from enrolments e where e.course_id = c.id and e.user_id = $2),
        c.current_version_id)
    where v.published_at is not null
"#;

#[derive(Debug, sqlx::FromRow)]
struct OutlineLessonRow {
    module_title: Json<Localized>,
    module_position: i32,
    module_slug: String,
    module_has_quiz: bool,
    slug: String,
    title: Json<Localized>,
    estimated_minutes: i32,
    is_preview: bool,
}

/// A course's outline in two queries (the course, then all its lessons in order),
/// whatever the number of modules.
pub async fn course_outline(
    pool: &PgPool,
    slug: &str,
    lang: Lang,
    reader: Option<uuid::Uuid>,
) -> sqlx::Result<Option<CourseOutline>> {
    let Some(course) = sqlx::query_as::<_, CourseRow>(&format!("{OUTLINE_HEAD} and c.slug = $1"))
        .bind(slug)
        .bind(reader)
        .fetch_optional(pool)
        .await?
    else {
        return Ok(None);
    };
    let lessons: Vec<OutlineLessonRow> = sqlx::query_as(
        r#"
        select m.title as module_title, m.position as module_position, m.slug as module_slug,
               exists (select 1 from quizzes q where q.module_id = m.id) as module_has_quiz,
               l.slug, l.title, l.estimated_minutes, l.is_preview
        from modules m
        join lessons l on l.module_id = m.id
        where m.version_id = $1
        order by m.position, l.position
        "#,
    )
    // By version id, not slug: a version published between the two queries cannot
    // mix one version's course with another's lessons.
    .bind(course.version_id)
    .fetch_all(pool)
    .await?;

    let mut modules: Vec<(i32, ModuleOutline)> = Vec::new();
    for row in lessons {
        let lesson = LessonOutline {
            slug: row.slug,
            title: row.title.resolve(lang),
            estimated_minutes: row.estimated_minutes,
            is_preview: row.is_preview,
        };
        match modules.last_mut() {
            Some((position, module)) if *position == row.module_position => {
                module.lessons.push(lesson)
            }
            _ => modules.push((
                row.module_position,
                ModuleOutline {
                    title: row.module_title.resolve(lang),
                    quiz: row.module_has_quiz.then_some(row.module_slug),
                    lessons: vec![lesson],
                },
            )),
        }
    }

    Ok(Some(CourseOutline {
        title: course.title.resolve(lang),
        summary: course.summary.resolve(lang),
        languages: parse_langs(&course.languages),
        slug: course.slug,
        topic: course.topic,
        estimated_minutes: course.estimated_minutes,
        version: course.version,
        prerequisites: course
            .prerequisites
            .map(|rows| rows.0)
            .unwrap_or_default()
            .into_iter()
            .map(|row| CourseLink {
                title: row.title.resolve(lang),
                slug: row.slug,
            })
            .collect(),
        modules: modules.into_iter().map(|(_, m)| m).collect(),
    }))
}
