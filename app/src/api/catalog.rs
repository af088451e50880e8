//! The public catalogue: published courses and their outlines. Readable by anyone.
use crate::domain::{Lang, LocalText, Topic};
use crate::error::AppError;
use leptos::prelude::*;
use leptos::server_fn::codec::GetUrl;
use serde::{Deserialize, Serialize};

/// A course as a catalogue card shows it, in the reader's language.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CourseCard {
    pub slug: String,
    pub title: LocalText,
    pub summary: LocalText,
    pub topic: Topic,
    pub languages: Vec<Lang>,
    pub estimated_minutes: i32,
    pub lesson_count: i64,
    /// The reader's progress in percent, if they are enrolled.
    pub progress: Option<i32>,
}

/// One page of catalogue results.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CatalogResults {
    pub courses: Vec<CourseCard>,
    pub total: i64,
    pub page: i64,
    pub pages: i64,
}

/// A course page: the published version's outline, without lesson bodies.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CourseOutline {
    pub slug: String,
    pub title: LocalText,
    pub summary: LocalText,
    pub topic: Topic,
    pub languages: Vec<Lang>,
    pub estimated_minutes: i32,
    pub version: i32,
    /// Courses to complete before enrolling; enrolment refuses until they are.
    pub prerequisites: Vec<CourseLink>,
    pub modules: Vec<ModuleOutline>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CourseLink {
    pub slug: String,
    pub title: LocalText,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ModuleOutline {
    pub title: LocalText,
    /// The module's slug when it ends with a quiz (`/courses/{course}/quizzes/{slug}`).
    pub quiz: Option<String>,
    pub lessons: Vec<LessonOutline>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct LessonOutline {
    pub slug: String,
    pub title: LocalText,
    pub estimated_minutes: i32,
    pub is_preview: bool,
}

/// Courses on the home page: the newest few. The catalogue has the rest; a city's
/// 300 courses on one page were 169 KB of HTML, on every signed-in learner's first view.
pub const HOME_COURSES: i64 = 6;

/// The newest published courses, [`HOME_COURSES`] of them, newest first.
#[server(prefix = "/api", endpoint = "catalog/courses", input = GetUrl)]
pub async fn newest_courses(lang: Lang) -> Result<Vec<CourseCard>, AppError> {
    use crate::ssr::{ctx, db};
    let pool = ctx::pool()?;
    let rows = db::catalog::newest_courses(&pool, HOME_COURSES).await?;
    Ok(rows.into_iter().map(|row| row.into_card(lang)).collect())
}

/// The catalogue: search, filters and pagination, with the signed-in reader's progress.
#[server(prefix = "/api", endpoint = "catalog/search", input = GetUrl)]
pub async fn search_courses(
    lang: Lang,
    filter: crate::domain::CatalogFilter,
) -> Result<CatalogResults, AppError> {
    use crate::domain::COURSES_PER_PAGE;
    use crate::ssr::{auth, ctx, db};
    let reader = auth::viewer().await?.map(|v| v.id);
    let page = filter.page.max(1);
    let rows = db::catalog::search(
        &ctx::pool()?,
        &filter,
        reader,
        COURSES_PER_PAGE,
        (page - 1) * COURSES_PER_PAGE,
    )
    .await?;
    let total = rows.first().map_or(0, |row| row.total);
    Ok(CatalogResults {
        courses: rows.into_iter().map(|row| row.into_card(lang)).collect(),
        total,
        page,
        pages: (total + COURSES_PER_PAGE - 1) / COURSES_PER_PAGE,
    })
}

/// The outline of one published course; `NotFound` when there is none by that slug.
#[server(prefix = "/api", endpoint = "catalog/course", input = GetUrl)]
pub async fn get_course(slug: String, lang: Lang) -> Result<CourseOutline, AppError> {
    use crate::ssr::{auth, ctx, db};
    let pool = ctx::pool()?;
    // An enrolled learner sees the version they enrolled in: later versions never
    // change a course under someone who is taking it.
    let reader = auth::viewer().await?.map(|v| v.id);
    db::catalog::course_outline(&pool, &slug, lang, reader)
        .await?
        .ok_or(AppError::NotFound)
}
