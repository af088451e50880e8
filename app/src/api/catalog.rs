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
    pub modules: Vec<ModuleOutline>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ModuleOutline {
    pub title: LocalText,
    pub lessons: Vec<LessonOutline>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct LessonOutline {
    pub slug: String,
    pub title: LocalText,
    pub estimated_minutes: i32,
    pub is_preview: bool,
}

/// Every published course, in catalogue order.
#[server(prefix = "/api", endpoint = "catalog/courses", input = GetUrl)]
pub async fn list_courses(lang: Lang) -> Result<Vec<CourseCard>, AppError> {
    use crate::ssr::{ctx, db};
    let pool = ctx::pool()?;
    let rows = db::catalog::published_courses(&pool).await?;
    Ok(rows.into_iter().map(|row| row.into_card(lang)).collect())
}

/// The outline of one published course; `NotFound` when there is none by that slug.
#[server(prefix = "/api", endpoint = "catalog/course", input = GetUrl)]
pub async fn get_course(slug: String, lang: Lang) -> Result<CourseOutline, AppError> {
    use crate::ssr::{ctx, db};
    let pool = ctx::pool()?;
    db::catalog::course_outline(&pool, &slug, lang)
        .await?
        .ok_or(AppError::NotFound)
}
