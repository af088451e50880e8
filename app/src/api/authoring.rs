//! Authoring: the teaching dashboard, the course and structure editor, the lesson
//! editor, publishing and co-authors.
//!
//! Every function is addressed by the course's slug and starts with
//! [`server::course_for_author`]: the viewer must hold `Permission::AuthorCourses` and
//! be one of the course's authors (platform admins author every course); anyone else
//! is refused, and never sees a draft. Items inside a course
//! are named by lineage (`ssr::db::authoring`), checked in SQL to belong to its draft.
// Server functions take one argument per form field.
#![allow(clippy::too_many_arguments)]

pub mod questions;

use crate::domain::{Lang, LocalText, Localized, Topic};
use crate::error::AppError;
use leptos::prelude::*;
use leptos::server_fn::codec::GetUrl;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum CourseStatus {
    /// Never published.
    Draft,
    Published,
    /// Published, with unpublished changes.
    PublishedWithDraft,
    Archived,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct AuthoredCourse {
    pub slug: String,
    pub title: LocalText,
    pub status: CourseStatus,
    pub enrolments: i64,
    /// `YYYY-MM-DD`.
    pub edited_on: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct TeachHome {
    pub courses: Vec<AuthoredCourse>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct EditorLesson {
    pub id: Uuid,
    pub title: LocalText,
    /// Course languages the lesson body is not written in yet.
    pub missing: Vec<Lang>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct EditorModule {
    pub id: Uuid,
    pub title: Localized,
    pub lessons: Vec<EditorLesson>,
    pub question_count: i64,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct VersionInfo {
    pub number: i32,
    pub published_on: String,
    pub note: String,
    pub enrolments: i64,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum ItemKind {
    Module,
    Lesson,
    Question,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum ChangeKind {
    Added,
    Removed,
    Edited,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ChangeInfo {
    pub item: ItemKind,
    pub change: ChangeKind,
    pub title: LocalText,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CoAuthor {
    pub user_id: Uuid,
    pub display_name: String,
    pub is_owner: bool,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CourseEditor {
    pub slug: String,
    pub topic: Topic,
    pub title: Localized,
    pub summary: Localized,
    pub languages: Vec<Lang>,
    pub estimated_minutes: i32,
    /// The number the draft will publish as; `None` when there is no draft (the
    /// course is as published, and the first change makes one).
    pub draft_number: Option<i32>,
    pub archived: bool,
    pub modules: Vec<EditorModule>,
    pub versions: Vec<VersionInfo>,
    pub changes: Vec<ChangeInfo>,
    pub authors: Vec<CoAuthor>,
    /// Whether the viewer may add and remove co-authors (the owner, or an admin).
    pub manages_authors: bool,
    /// A fresh one-time token for each form that creates something.
    pub tokens: FormTokens,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct FormTokens {
    pub add_module: Uuid,
    /// One per module, in module order.
    pub add_lesson: Vec<Uuid>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct LessonEditor {
    pub course_slug: String,
    pub course_title: LocalText,
    pub id: Uuid,
    pub title: Localized,
    pub body: Localized,
    pub languages: Vec<Lang>,
    pub estimated_minutes: i32,
    pub is_required: bool,
    pub is_preview: bool,
    /// The body rendered exactly as learners will see it, one per course language.
    pub rendered: Vec<(Lang, String)>,
}

#[cfg(feature = "ssr")]
mod server {
    use super::*;
    use crate::domain::{Permission, Viewer};
    use crate::error::{FormErrors, Problem};
    use crate::ssr::db::authoring::AuthorRole;
    use crate::ssr::{auth, ctx};
    use sqlx::PgPool;

    /// The viewer, the course's id and their role in it; `Forbidden` for a course
    /// they do not author.
    pub async fn course_for_author(
        pool: &PgPool,
        slug: &str,
    ) -> Result<(Viewer, Uuid, AuthorRole), AppError> {
        let viewer = auth::require(Permission::AuthorCourses).await?;
        let is_admin = viewer.may(Permission::ManageUsers);
        let (id, role) = crate::ssr::db::authoring::author_role(pool, viewer.id, is_admin, slug)
            .await?
            .ok_or(AppError::NotFound)?;
        let role = role.ok_or(AppError::Forbidden)?;
        Ok((viewer, id, role))
    }

    pub async fn pool() -> Result<PgPool, AppError> {
        ctx::pool()
    }

    /// A text in each language the form offers; empty inputs are absent languages.
    pub fn localized(en: &str, ko: &str) -> Localized {
        let some = |s: &str| Some(s.trim().to_owned()).filter(|s| !s.is_empty());
        Localized {
            en: some(en),
            ko: some(ko),
        }
    }

    /// Checks a title: present in at least one language, at most `max` characters.
    pub fn check_title(
        mut errors: FormErrors,
        prefix: &str,
        text: &Localized,
        max: usize,
    ) -> FormErrors {
        if text.en.is_none() && text.ko.is_none() {
            errors = errors.with(&format!("{prefix}_en"), Problem::Required);
        }
        for (lang, value) in [("en", &text.en), ("ko", &text.ko)] {
            if value.as_ref().is_some_and(|v| v.chars().count() > max) {
                errors = errors.with(&format!("{prefix}_{lang}"), Problem::TooLong);
            }
        }
        errors
    }

    /// A URL-safe name from a title (Korean is romanised), or `fallback`.
    pub fn slug_from(title: &Localized, fallback: &str) -> String {
        let base = slug::slugify(title.en.as_deref().or(title.ko.as_deref()).unwrap_or(""));
        let base: String = base.chars().take(60).collect();
        let base = base.trim_end_matches('-').to_owned();
        if base.is_empty() {
            fallback.to_owned()
        } else {
            base
        }
    }

    pub fn date(at: time::OffsetDateTime) -> String {
        at.date().to_string()
    }

    pub fn parse_uuid(field: &str, value: &str) -> Result<Uuid, AppError> {
        value
            .parse()
            .map_err(|_| AppError::field(field, Problem::Unknown))
    }

    pub fn languages(codes: &[String]) -> Vec<Lang> {
        codes.iter().filter_map(|c| c.parse().ok()).collect()
    }

    pub fn minutes(field: &str, value: &str, errors: FormErrors) -> (Option<i32>, FormErrors) {
        match value.trim().parse::<i32>() {
            Ok(n) if (1..=10_000).contains(&n) => (Some(n), errors),
            _ => (None, errors.with(field, Problem::MinutesInvalid)),
        }
    }

    /// Back to an editor page after a change, saying what was done. The address is new
    /// each time (`n`), so the same action twice in a row lands on a new address, never
    /// on a copy of the page kept from the first time.
    pub fn redirect_done(path: &str, done: &str) {
        let nonce = Uuid::new_v4().simple().to_string();
        leptos_axum::redirect(&format!("{path}?done={done}&n={}", &nonce[..8]));
    }

    /// What the change functions answer with: back to the editor, or the reason.
    pub fn after_change(
        slug: &str,
        change: crate::ssr::db::authoring::Change,
        done: &str,
    ) -> Result<(), AppError> {
        use crate::ssr::db::authoring::Change;
        match change {
            Change::NotFound => Err(AppError::NotFound),
            Change::Done | Change::AtEdge => {
                server::redirect_done(&format!("/teach/{slug}"), done);
                Ok(())
            }
        }
    }
}

#[cfg(feature = "ssr")]
pub use server::course_for_author;

/// The courses the viewer authors, for `/teach`.
#[server(prefix = "/api", endpoint = "teach/home", input = GetUrl)]
pub async fn get_teach_home(lang: Lang) -> Result<TeachHome, AppError> {
    use crate::domain::Permission;
    use crate::ssr::{auth, db::authoring};
    let viewer = auth::require(Permission::AuthorCourses).await?;
    let is_admin = viewer.may(Permission::ManageUsers);
    let rows = authoring::authored_courses(&server::pool().await?, viewer.id, is_admin).await?;
    Ok(TeachHome {
        courses: rows
            .into_iter()
            .map(|row| AuthoredCourse {
                title: row.title.resolve(lang),
                status: match (row.archived, row.published_number, row.has_draft) {
                    (true, _, _) => CourseStatus::Archived,
                    (false, None, _) => CourseStatus::Draft,
                    (false, Some(_), true) => CourseStatus::PublishedWithDraft,
                    (false, Some(_), false) => CourseStatus::Published,
                },
                enrolments: row.enrolments,
                edited_on: server::date(row.edited_at),
                slug: row.slug,
            })
            .collect(),
    })
}

/// Creates a course (an empty draft, version 1) owned by the viewer.
#[server(prefix = "/api", endpoint = "teach/create")]
pub async fn create_course(
    slug: String,
    topic: String,
    title_en: String,
    title_ko: String,
    summary_en: String,
    summary_ko: String,
    estimated_minutes: String,
) -> Result<(), AppError> {
    use crate::domain::Permission;
    use crate::error::{FormErrors, Problem};
    use crate::ssr::{auth, db::authoring};
    let viewer = auth::require(Permission::AuthorCourses).await?;
    let mut errors = FormErrors::default()
        .keep("slug", &slug)
        .keep("title_en", &title_en)
        .keep("title_ko", &title_ko)
        .keep("summary_en", &summary_en)
        .keep("summary_ko", &summary_ko)
        .keep("estimated_minutes", &estimated_minutes);
    let slug = slug.trim().to_lowercase();
    if !crate::domain::is_course_slug(&slug) {
        errors = errors.with("slug", Problem::SlugInvalid);
    }
    let title = server::localized(&title_en, &title_ko);
    let summary = server::localized(&summary_en, &summary_ko);
    errors = server::check_title(errors, "title", &title, 120);
    errors = server::check_title(errors, "summary", &summary, 600);
    let topic: Option<Topic> = topic.parse().ok();
    if topic.is_none() {
        errors = errors.with("topic", Problem::Unknown);
    }
    let (minutes, errors) = server::minutes("estimated_minutes", &estimated_minutes, errors);
    let (Some(topic), Some(minutes)) = (topic, minutes) else {
        return Err(AppError::Invalid(errors));
    };
    if !errors.is_empty() {
        return Err(AppError::Invalid(errors));
    }
    let languages: Vec<Lang> = title.langs().collect();
    let created = authoring::create_course(
        &server::pool().await?,
        viewer.id,
        &authoring::NewCourse {
            slug: &slug,
            topic,
            title: &title,
            summary: &summary,
            languages: &languages,
            estimated_minutes: minutes,
        },
    )
    .await?;
    if created.is_none() {
        return Err(AppError::Invalid(errors.with("slug", Problem::SlugTaken)));
    }
    leptos_axum::redirect(&format!("/teach/{slug}"));
    Ok(())
}

/// Everything the course editor shows: settings, structure, versions, what changed
/// since the last publication, and co-authors.
#[server(prefix = "/api", endpoint = "teach/course", input = GetUrl)]
pub async fn get_course_editor(slug: String, lang: Lang) -> Result<CourseEditor, AppError> {
    use crate::ssr::db::authoring;
    let pool = server::pool().await?;
    let (_, course_id, role) = server::course_for_author(&pool, &slug).await?;
    let draft = authoring::draft(&pool, course_id).await?;
    // Without a draft the editor shows the published version (the first change copies it).
    let (settings, version_id) = match &draft {
        Some(d) => (
            (
                d.topic,
                d.title.0.clone(),
                d.summary.0.clone(),
                server::languages(&d.languages),
                d.estimated_minutes,
            ),
            d.version_id,
        ),
        None => {
            let row = authoring::published_settings(&pool, course_id)
                .await?
                .ok_or(AppError::NotFound)?;
            (
                (
                    row.topic,
                    row.title.0,
                    row.summary.0,
                    server::languages(&row.languages),
                    row.estimated_minutes,
                ),
                row.version_id,
            )
        }
    };
    let (topic, title, summary, languages, estimated_minutes) = settings;
    let mut modules: Vec<EditorModule> = Vec::new();
    for row in authoring::outline(&pool, version_id).await? {
        if modules.last().is_none_or(|m| m.id != row.module_id) {
            modules.push(EditorModule {
                id: row.module_id,
                title: row.module_title.0.clone(),
                lessons: Vec::new(),
                question_count: row.question_count,
            });
        }
        if let (Some(id), Some(title), Some(langs), Some(module)) = (
            row.lesson_id,
            row.lesson_title,
            row.lesson_langs,
            modules.last_mut(),
        ) {
            module.lessons.push(EditorLesson {
                id,
                title: title.resolve(lang),
                missing: languages
                    .iter()
                    .copied()
                    .filter(|l| !langs.iter().any(|c| c == l.code()))
                    .collect(),
            });
        }
    }
    let versions = authoring::versions(&pool, course_id)
        .await?
        .into_iter()
        .map(|v| VersionInfo {
            number: v.number,
            published_on: server::date(v.published_at),
            note: v.note,
            enrolments: v.enrolments,
        })
        .collect();
    let changes = authoring::changes(&pool, course_id)
        .await?
        .into_iter()
        .filter_map(|c| {
            Some(ChangeInfo {
                item: match c.item.as_str() {
                    "module" => ItemKind::Module,
                    "lesson" => ItemKind::Lesson,
                    "question" => ItemKind::Question,
                    _ => return None,
                },
                change: match c.change.as_str() {
                    "added" => ChangeKind::Added,
                    "removed" => ChangeKind::Removed,
                    _ => ChangeKind::Edited,
                },
                title: c.title.resolve(lang),
            })
        })
        .collect();
    let authors = authoring::authors(&pool, course_id)
        .await?
        .into_iter()
        .map(|a| CoAuthor {
            user_id: a.user_id,
            display_name: a.display_name,
            is_owner: a.role == "owner",
        })
        .collect();
    let archived = authoring::is_archived(&pool, course_id).await?;
    let tokens = FormTokens {
        add_module: Uuid::new_v4(),
        add_lesson: modules.iter().map(|_| Uuid::new_v4()).collect(),
    };
    Ok(CourseEditor {
        slug,
        topic,
        title,
        summary,
        languages,
        estimated_minutes,
        draft_number: draft.map(|d| d.number),
        archived,
        modules,
        versions,
        changes,
        authors,
        manages_authors: role != authoring::AuthorRole::Editor,
        tokens,
    })
}

/// Saves the course's title, summary, topic and time to its draft. The languages of
/// the course are those its title is written in.
#[server(prefix = "/api", endpoint = "teach/settings")]
pub async fn update_course_settings(
    slug: String,
    topic: String,
    title_en: String,
    title_ko: String,
    summary_en: String,
    summary_ko: String,
    estimated_minutes: String,
) -> Result<(), AppError> {
    use crate::error::{FormErrors, Problem};
    use crate::ssr::db::authoring;
    let pool = server::pool().await?;
    let (_, course_id, _) = server::course_for_author(&pool, &slug).await?;
    let mut errors = FormErrors::default()
        .keep("title_en", &title_en)
        .keep("title_ko", &title_ko)
        .keep("summary_en", &summary_en)
        .keep("summary_ko", &summary_ko)
        .keep("estimated_minutes", &estimated_minutes);
    let title = server::localized(&title_en, &title_ko);
    let summary = server::localized(&summary_en, &summary_ko);
    errors = server::check_title(errors, "title", &title, 120);
    errors = server::check_title(errors, "summary", &summary, 600);
    let topic: Option<Topic> = topic.parse().ok();
    if topic.is_none() {
        errors = errors.with("topic", Problem::Unknown);
    }
    let (minutes, errors) = server::minutes("estimated_minutes", &estimated_minutes, errors);
    let (Some(topic), Some(minutes)) = (topic, minutes) else {
        return Err(AppError::Invalid(errors));
    };
    if !errors.is_empty() {
        return Err(AppError::Invalid(errors));
    }
    let languages: Vec<Lang> = title.langs().collect();
    authoring::update_settings(
        &pool,
        course_id,
        &authoring::CourseSettings {
            topic,
            title: &title,
            summary: &summary,
            languages: &languages,
            estimated_minutes: minutes,
        },
    )
    .await?;
    server::redirect_done(&format!("/teach/{slug}"), "settings");
    Ok(())
}

#[server(prefix = "/api", endpoint = "teach/modules/add")]
pub async fn add_module(
    slug: String,
    token: String,
    title_en: String,
    title_ko: String,
) -> Result<(), AppError> {
    use crate::error::FormErrors;
    use crate::ssr::db::authoring;
    let pool = server::pool().await?;
    let (_, course_id, _) = server::course_for_author(&pool, &slug).await?;
    let token = server::parse_uuid("token", &token)?;
    let title = server::localized(&title_en, &title_ko);
    let errors = server::check_title(
        FormErrors::default()
            .keep("title_en", &title_en)
            .keep("title_ko", &title_ko),
        "title",
        &title,
        120,
    );
    if !errors.is_empty() {
        return Err(AppError::Invalid(errors));
    }
    let base = server::slug_from(&title, "module");
    authoring::add_module(&pool, course_id, token, &title, &base).await?;
    server::redirect_done(&format!("/teach/{slug}"), "module_added");
    Ok(())
}

#[server(prefix = "/api", endpoint = "teach/modules/rename")]
pub async fn rename_module(
    slug: String,
    module: String,
    title_en: String,
    title_ko: String,
) -> Result<(), AppError> {
    use crate::error::FormErrors;
    use crate::ssr::db::authoring;
    let pool = server::pool().await?;
    let (_, course_id, _) = server::course_for_author(&pool, &slug).await?;
    let module = server::parse_uuid("module", &module)?;
    let title = server::localized(&title_en, &title_ko);
    let errors = server::check_title(FormErrors::default(), "title", &title, 120);
    if !errors.is_empty() {
        return Err(AppError::Invalid(errors));
    }
    let change = authoring::rename_module(&pool, course_id, module, &title).await?;
    server::after_change(&slug, change, "module_renamed")
}

/// Moves a module or a lesson one place up or down (`direction` "up" or "down").
#[server(prefix = "/api", endpoint = "teach/move")]
pub async fn move_item(
    slug: String,
    item: String,
    id: String,
    direction: String,
) -> Result<(), AppError> {
    use crate::error::Problem;
    use crate::ssr::db::authoring::{self, Direction};
    let pool = server::pool().await?;
    let (_, course_id, _) = server::course_for_author(&pool, &slug).await?;
    let id = server::parse_uuid("id", &id)?;
    let direction = match direction.as_str() {
        "up" => Direction::Up,
        "down" => Direction::Down,
        _ => return Err(AppError::field("direction", Problem::Unknown)),
    };
    let change = match item.as_str() {
        "module" => authoring::move_module(&pool, course_id, id, direction).await?,
        "lesson" => authoring::move_lesson(&pool, course_id, id, direction).await?,
        _ => return Err(AppError::field("item", Problem::Unknown)),
    };
    server::after_change(&slug, change, "moved")
}

/// Removes a module (with its lessons and quiz) or a lesson from the draft. Published
/// versions keep them, so no learner loses progress.
#[server(prefix = "/api", endpoint = "teach/remove")]
pub async fn remove_item(slug: String, item: String, id: String) -> Result<(), AppError> {
    use crate::error::Problem;
    use crate::ssr::db::authoring;
    let pool = server::pool().await?;
    let (_, course_id, _) = server::course_for_author(&pool, &slug).await?;
    let id = server::parse_uuid("id", &id)?;
    let change = match item.as_str() {
        "module" => authoring::remove_module(&pool, course_id, id).await?,
        "lesson" => authoring::remove_lesson(&pool, course_id, id).await?,
        _ => return Err(AppError::field("item", Problem::Unknown)),
    };
    server::after_change(&slug, change, "removed")
}

#[server(prefix = "/api", endpoint = "teach/lessons/add")]
pub async fn add_lesson(
    slug: String,
    token: String,
    module: String,
    title_en: String,
    title_ko: String,
) -> Result<(), AppError> {
    use crate::error::FormErrors;
    use crate::ssr::db::authoring;
    let pool = server::pool().await?;
    let (_, course_id, _) = server::course_for_author(&pool, &slug).await?;
    let token = server::parse_uuid("token", &token)?;
    let module = server::parse_uuid("module", &module)?;
    let title = server::localized(&title_en, &title_ko);
    let errors = server::check_title(
        FormErrors::default()
            .keep("title_en", &title_en)
            .keep("title_ko", &title_ko),
        "title",
        &title,
        120,
    );
    if !errors.is_empty() {
        return Err(AppError::Invalid(errors));
    }
    let base = server::slug_from(&title, "lesson");
    let change = authoring::add_lesson(&pool, course_id, token, module, &title, &base).await?;
    server::after_change(&slug, change, "lesson_added")
}

/// A lesson of the course with its body rendered by the learner's pipeline.
#[server(prefix = "/api", endpoint = "teach/lesson", input = GetUrl)]
pub async fn get_lesson_editor(
    slug: String,
    lesson: Uuid,
    lang: Lang,
) -> Result<LessonEditor, AppError> {
    use crate::ssr::{db::authoring, markdown};
    let pool = server::pool().await?;
    let (_, course_id, _) = server::course_for_author(&pool, &slug).await?;
    let row = authoring::lesson(&pool, course_id, lesson)
        .await?
        .ok_or(AppError::NotFound)?;
    let course_title = authoring::course_title(&pool, course_id)
        .await?
        .map(|t| t.resolve(lang))
        .ok_or(AppError::NotFound)?;
    let languages = server::languages(&row.languages);
    let rendered = languages
        .iter()
        .filter_map(|l| row.body.get(*l).map(|md| (*l, markdown::render(md))))
        .collect();
    Ok(LessonEditor {
        course_slug: slug,
        course_title,
        id: row.lineage,
        title: row.title.0,
        body: row.body.0,
        languages,
        estimated_minutes: row.estimated_minutes,
        is_required: row.is_required,
        is_preview: row.is_preview,
        rendered,
    })
}

/// Saves a lesson to the draft. `intent` "preview" saves too (a draft is for trying
/// things), then shows the preview instead of going back to the course.
#[server(prefix = "/api", endpoint = "teach/lessons/save")]
pub async fn save_lesson(
    slug: String,
    lesson: String,
    title_en: String,
    title_ko: String,
    body_en: String,
    body_ko: String,
    estimated_minutes: String,
    is_required: Option<String>,
    is_preview: Option<String>,
    intent: Option<String>,
) -> Result<(), AppError> {
    use crate::error::{FormErrors, Problem};
    use crate::ssr::db::authoring;
    let pool = server::pool().await?;
    let (_, course_id, _) = server::course_for_author(&pool, &slug).await?;
    let lesson = server::parse_uuid("lesson", &lesson)?;
    let mut errors = FormErrors::default()
        .keep("title_en", &title_en)
        .keep("title_ko", &title_ko)
        .keep("body_en", &body_en)
        .keep("body_ko", &body_ko)
        .keep("estimated_minutes", &estimated_minutes);
    let title = server::localized(&title_en, &title_ko);
    // Browsers send a textarea's line ends as CRLF; Markdown is kept with LF.
    let body = server::localized(
        &body_en.replace("\r\n", "\n"),
        &body_ko.replace("\r\n", "\n"),
    );
    errors = server::check_title(errors, "title", &title, 120);
    if body.en.is_none() && body.ko.is_none() {
        errors = errors.with("body_en", Problem::Required);
    }
    for (field, text) in [("body_en", &body.en), ("body_ko", &body.ko)] {
        if text.as_ref().is_some_and(|t| t.len() > 200_000) {
            errors = errors.with(field, Problem::TooLong);
        }
        if text
            .as_deref()
            .is_some_and(crate::ssr::markdown::has_image_without_alt)
        {
            errors = errors.with(field, Problem::ImageAltMissing);
        }
    }
    let (minutes, errors) = server::minutes("estimated_minutes", &estimated_minutes, errors);
    let Some(minutes) = minutes else {
        return Err(AppError::Invalid(errors));
    };
    if !errors.is_empty() {
        return Err(AppError::Invalid(errors));
    }
    let change = authoring::update_lesson(
        &pool,
        course_id,
        lesson,
        &authoring::LessonEdit {
            title: &title,
            body: &body,
            estimated_minutes: minutes,
            is_required: is_required.is_some(),
            is_preview: is_preview.is_some(),
        },
    )
    .await?;
    if change == authoring::Change::NotFound {
        return Err(AppError::NotFound);
    }
    if intent.as_deref() == Some("preview") {
        // To the preview itself, which the page's `#preview` section holds.
        server::redirect_done(&format!("/teach/{slug}/lessons/{lesson}"), "preview");
    } else {
        server::redirect_done(&format!("/teach/{slug}/lessons/{lesson}"), "saved");
    }
    Ok(())
}

/// Publishes the draft as a new version, with a note for the version list.
#[server(prefix = "/api", endpoint = "teach/publish")]
pub async fn publish_course(slug: String, note: String) -> Result<(), AppError> {
    use crate::error::{FormErrors, Problem};
    use crate::ssr::db::authoring::{self, Unpublishable};
    let pool = server::pool().await?;
    let (_, course_id, _) = server::course_for_author(&pool, &slug).await?;
    let note = note.trim();
    if note.chars().count() > 500 {
        return Err(AppError::Invalid(
            FormErrors::default()
                .keep("note", note)
                .with("note", Problem::TooLong),
        ));
    }
    match authoring::publish(&pool, course_id, note).await? {
        Ok(_version) => {
            server::redirect_done(&format!("/teach/{slug}"), "published");
            Ok(())
        }
        Err(reason) => Err(AppError::Invalid(
            FormErrors::default().keep("note", note).with(
                "note",
                match reason {
                    Unpublishable::NoDraft => Problem::NothingToPublish,
                    Unpublishable::NoLessons => Problem::NoLessons,
                    Unpublishable::EmptyModule => Problem::EmptyModule,
                },
            ),
        )),
    }
}

/// Archives a course (`archived` "true") or brings it back to the catalogue.
#[server(prefix = "/api", endpoint = "teach/archive")]
pub async fn set_course_archived(slug: String, archived: String) -> Result<(), AppError> {
    use crate::ssr::db::authoring;
    let pool = server::pool().await?;
    let (_, course_id, role) = server::course_for_author(&pool, &slug).await?;
    if role == authoring::AuthorRole::Editor {
        return Err(AppError::Forbidden);
    }
    let archived = archived == "true";
    authoring::set_archived(&pool, course_id, archived).await?;
    let done = if archived { "archived" } else { "restored" };
    server::redirect_done(&format!("/teach/{slug}"), done);
    Ok(())
}

/// Adds an educator, by email, as an editor of the course (owner or admin only).
#[server(prefix = "/api", endpoint = "teach/authors/add")]
pub async fn add_course_author(slug: String, email: String) -> Result<(), AppError> {
    use crate::error::{FormErrors, Problem};
    use crate::ssr::db::authoring::{self, AddAuthor};
    let pool = server::pool().await?;
    let (_, course_id, role) = server::course_for_author(&pool, &slug).await?;
    if role == authoring::AuthorRole::Editor {
        return Err(AppError::Forbidden);
    }
    match authoring::add_author(&pool, course_id, &email).await? {
        AddAuthor::Added => {
            server::redirect_done(&format!("/teach/{slug}"), "author_added");
            Ok(())
        }
        AddAuthor::NoSuchEducator => Err(AppError::Invalid(
            FormErrors::default()
                .keep("email", &email)
                .with("email", Problem::NoSuchEducator),
        )),
    }
}

#[server(prefix = "/api", endpoint = "teach/authors/remove")]
pub async fn remove_course_author(slug: String, user_id: String) -> Result<(), AppError> {
    use crate::ssr::db::authoring;
    let pool = server::pool().await?;
    let (_, course_id, role) = server::course_for_author(&pool, &slug).await?;
    if role == authoring::AuthorRole::Editor {
        return Err(AppError::Forbidden);
    }
    let user_id = server::parse_uuid("user_id", &user_id)?;
    authoring::remove_author(&pool, course_id, user_id).await?;
    server::redirect_done(&format!("/teach/{slug}"), "author_removed");
    Ok(())
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct QuestionSummary {
    /// Names the question to its editor.
    pub lineage: Uuid,
    pub position: i32,
    pub kind: crate::domain::quiz::QuestionKind,
    pub points: i32,
    pub prompt: LocalText,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ItemFigures {
    pub position: i32,
    pub prompt: LocalText,
    pub attempts: i64,
    /// Percent of the points earned, 0..=100.
    pub facility: i32,
    /// Top third's facility minus the bottom third's, -100..=100.
    pub discrimination: Option<i32>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ItemAnalysis {
    /// The published version whose attempts these are.
    pub version: i32,
    pub learners: i64,
    /// Figures are shown from this many learners on.
    pub minimum: i64,
    /// Empty below the minimum.
    pub items: Vec<ItemFigures>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct QuizEditor {
    pub course_slug: String,
    pub course_title: LocalText,
    pub module: Uuid,
    pub module_title: LocalText,
    pub questions: Vec<QuestionSummary>,
    /// The quiz's rules (the defaults while the module has no quiz).
    pub settings: crate::domain::quiz::QuizSettings,
    /// `None` while the module has no published quiz.
    pub analysis: Option<ItemAnalysis>,
}

/// Fewer learners than this say more about the learners than about the questions.
pub const ITEM_ANALYSIS_MINIMUM: i64 = 10;

/// A module's quiz questions (draft, else published) and the item analysis of its
/// published quiz.
#[server(prefix = "/api", endpoint = "teach/quiz", input = GetUrl)]
pub async fn get_quiz_editor(
    slug: String,
    module: Uuid,
    lang: Lang,
) -> Result<QuizEditor, AppError> {
    use crate::ssr::db::{authoring, item_analysis};
    let pool = server::pool().await?;
    let (_, course_id, _) = server::course_for_author(&pool, &slug).await?;
    let found = authoring::module_quiz(&pool, course_id, module)
        .await?
        .ok_or(AppError::NotFound)?;
    let (questions, settings) = match found.quiz_id {
        Some(quiz) => (
            authoring::questions(&pool, quiz).await?,
            authoring::quiz_settings(&pool, quiz).await?.settings(),
        ),
        None => (Vec::new(), crate::domain::quiz::QuizSettings::default()),
    };
    let analysis = match authoring::published_quiz(&pool, course_id, module).await? {
        None => None,
        Some((quiz, version)) => {
            let (learners, rows) = item_analysis::item_analysis(&pool, quiz).await?;
            let percent = |x: f64| (x * 100.0).round() as i32;
            let items = if learners < ITEM_ANALYSIS_MINIMUM {
                Vec::new()
            } else {
                rows.into_iter()
                    .map(|row| ItemFigures {
                        position: row.position,
                        prompt: row.prompt.resolve(lang),
                        attempts: row.attempts,
                        facility: percent(row.facility),
                        discrimination: row.discrimination.map(percent),
                    })
                    .collect()
            };
            Some(ItemAnalysis {
                version,
                learners,
                minimum: ITEM_ANALYSIS_MINIMUM,
                items,
            })
        }
    };
    let course_title = authoring::course_title(&pool, course_id)
        .await?
        .map(|t| t.resolve(lang))
        .ok_or(AppError::NotFound)?;
    Ok(QuizEditor {
        course_slug: slug,
        course_title,
        module,
        module_title: found.module_title.resolve(lang),
        questions: questions
            .into_iter()
            .map(|q| QuestionSummary {
                lineage: q.lineage,
                position: q.position,
                kind: q.spec.kind(),
                points: q.points,
                prompt: q.prompt.resolve(lang),
            })
            .collect(),
        settings,
        analysis,
    })
}

/// Saves a module's quiz settings to the draft. Empty limits mean none.
#[server(prefix = "/api", endpoint = "teach/quiz/settings")]
pub async fn save_quiz_settings(
    slug: String,
    module: String,
    pass_percent: String,
    max_attempts: String,
    time_limit_minutes: String,
    draw_count: String,
    review: String,
    shuffle_questions: Option<String>,
    shuffle_choices: Option<String>,
    one_per_page: Option<String>,
) -> Result<(), AppError> {
    use crate::domain::quiz::{QuizSettings, ReviewPolicy};
    use crate::error::{FormErrors, Problem};
    use crate::ssr::db::authoring::{self, Change};
    let pool = server::pool().await?;
    let (_, course_id, _) = server::course_for_author(&pool, &slug).await?;
    let module = server::parse_uuid("module", &module)?;
    let mut errors = FormErrors::default()
        .keep("pass_percent", &pass_percent)
        .keep("max_attempts", &max_attempts)
        .keep("time_limit_minutes", &time_limit_minutes)
        .keep("draw_count", &draw_count);
    let pass = match pass_percent.trim().parse::<i32>() {
        Ok(n) if (0..=100).contains(&n) => n,
        _ => {
            errors = errors.with("pass_percent", Problem::PercentInvalid);
            0
        }
    };
    // An optional positive whole number: empty is "no limit".
    let mut limit = |field: &str, value: &str| match value.trim() {
        "" => None,
        v => match v.parse::<i32>() {
            Ok(n) if (1..=10_000).contains(&n) => Some(n),
            _ => {
                errors = std::mem::take(&mut errors).with(field, Problem::LimitInvalid);
                None
            }
        },
    };
    let max_attempts = limit("max_attempts", &max_attempts);
    let time_limit = limit("time_limit_minutes", &time_limit_minutes);
    let draw_count = limit("draw_count", &draw_count);
    let review =
        ReviewPolicy::try_from(review).map_err(|_| AppError::field("review", Problem::Unknown))?;
    if !errors.is_empty() {
        return Err(AppError::Invalid(errors));
    }
    let settings = QuizSettings {
        pass_percent: pass,
        max_attempts,
        time_limit_seconds: time_limit.map(|m| m * 60),
        shuffle_questions: shuffle_questions.is_some(),
        shuffle_choices: shuffle_choices.is_some(),
        draw_count,
        one_per_page: one_per_page.is_some(),
        review,
    };
    match authoring::save_quiz_settings(&pool, course_id, module, &settings).await? {
        Change::NotFound => Err(AppError::NotFound),
        Change::Done | Change::AtEdge => {
            server::redirect_done(&format!("/teach/{slug}/quizzes/{module}"), "settings");
            Ok(())
        }
    }
}

/// Why a question of an uploaded file was refused (see `domain::question_formats`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum RefusalCode {
    UnsupportedType,
    EmptyQuestion,
    UnclosedTitle,
    UnclosedBrace,
    UnexpectedClosingBrace,
    SeveralAnswerBlocks,
    EmptyAnswer,
    TooFewChoices,
    TooFewPairs,
    PairWithoutArrow,
    NoCorrectAnswer,
    NoFullyCorrectAnswer,
    SeveralFullyCorrect,
    BadWeight,
    BadNumber,
    NegativeTolerance,
    ReversedRange,
    MissingAnswerLine,
    AnswerNotAnOption,
    DuplicateOptionLetter,
}

/// What an import adapted in a question it accepted.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum NoteCode {
    PartialCreditDropped,
    TrueFalseFeedbackMerged,
    AnswerFeedbackDropped,
    MatchingDistractorsDropped,
    TextFormatIgnored,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum ImportLineOutcome {
    Accepted {
        kind: crate::domain::quiz::QuestionKind,
        prompt: String,
        notes: Vec<NoteCode>,
    },
    Refused {
        reason: RefusalCode,
        /// The offending text (a type name, a number, a letter), if any.
        detail: String,
    },
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ImportLine {
    pub line: usize,
    pub title: Option<String>,
    pub outcome: ImportLineOutcome,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct QuestionImportReport {
    pub course_slug: String,
    pub module: Uuid,
    pub module_title: LocalText,
    pub lines: Vec<ImportLine>,
    pub accepted: usize,
    pub imported: bool,
}

#[cfg(feature = "ssr")]
mod imports {
    use super::*;
    use crate::domain::question_formats::{
        ImportNote, ImportOutcome, Refusal, parse_aiken, parse_gift,
    };
    use crate::ssr::db::authoring::{NewQuestion, QuestionImportRow};

    pub fn parse(row: &QuestionImportRow) -> Vec<ImportOutcome> {
        let lang: Lang = row.lang.parse().unwrap_or(Lang::En);
        match row.format.as_str() {
            "aiken" => parse_aiken(&row.source, lang),
            _ => parse_gift(&row.source, lang),
        }
    }

    pub fn accepted(row: &QuestionImportRow) -> Vec<NewQuestion> {
        parse(row)
            .into_iter()
            .filter_map(|outcome| match outcome {
                ImportOutcome::Imported(q) => Some(NewQuestion {
                    points: q.points,
                    prompt: q.prompt,
                    feedback: q.feedback,
                    spec: q.spec,
                }),
                ImportOutcome::Refused { .. } => None,
            })
            .collect()
    }

    pub fn refusal(reason: Refusal) -> (RefusalCode, String) {
        match reason {
            Refusal::UnsupportedType(kind) => (RefusalCode::UnsupportedType, kind.to_owned()),
            Refusal::EmptyQuestion => (RefusalCode::EmptyQuestion, String::new()),
            Refusal::UnclosedTitle => (RefusalCode::UnclosedTitle, String::new()),
            Refusal::UnclosedBrace => (RefusalCode::UnclosedBrace, String::new()),
            Refusal::UnexpectedClosingBrace => (RefusalCode::UnexpectedClosingBrace, String::new()),
            Refusal::SeveralAnswerBlocks => (RefusalCode::SeveralAnswerBlocks, String::new()),
            Refusal::EmptyAnswer => (RefusalCode::EmptyAnswer, String::new()),
            Refusal::TooFewChoices => (RefusalCode::TooFewChoices, String::new()),
            Refusal::TooFewPairs => (RefusalCode::TooFewPairs, String::new()),
            Refusal::PairWithoutArrow => (RefusalCode::PairWithoutArrow, String::new()),
            Refusal::NoCorrectAnswer => (RefusalCode::NoCorrectAnswer, String::new()),
            Refusal::NoFullyCorrectAnswer => (RefusalCode::NoFullyCorrectAnswer, String::new()),
            Refusal::SeveralFullyCorrect => (RefusalCode::SeveralFullyCorrect, String::new()),
            Refusal::BadWeight(w) => (RefusalCode::BadWeight, w),
            Refusal::BadNumber(n) => (RefusalCode::BadNumber, n),
            Refusal::NegativeTolerance => (RefusalCode::NegativeTolerance, String::new()),
            Refusal::ReversedRange => (RefusalCode::ReversedRange, String::new()),
            Refusal::MissingAnswerLine => (RefusalCode::MissingAnswerLine, String::new()),
            Refusal::AnswerNotAnOption(a) => (RefusalCode::AnswerNotAnOption, a),
            Refusal::DuplicateOptionLetter(c) => {
                (RefusalCode::DuplicateOptionLetter, c.to_string())
            }
        }
    }

    pub fn note(note: ImportNote) -> NoteCode {
        match note {
            ImportNote::PartialCreditDropped => NoteCode::PartialCreditDropped,
            ImportNote::TrueFalseFeedbackMerged => NoteCode::TrueFalseFeedbackMerged,
            ImportNote::AnswerFeedbackDropped => NoteCode::AnswerFeedbackDropped,
            ImportNote::MatchingDistractorsDropped => NoteCode::MatchingDistractorsDropped,
            ImportNote::TextFormatIgnored(_) => NoteCode::TextFormatIgnored,
        }
    }
}

/// The dry-run report of an uploaded question file: each question accepted (with
/// what was adapted) or refused with its line and reason. Nothing is saved yet.
#[server(prefix = "/api", endpoint = "teach/import", input = GetUrl)]
pub async fn get_question_import(
    slug: String,
    import: Uuid,
    lang: Lang,
) -> Result<QuestionImportReport, AppError> {
    use crate::domain::question_formats::ImportOutcome;
    use crate::ssr::db::authoring;
    let pool = server::pool().await?;
    let (_, course_id, _) = server::course_for_author(&pool, &slug).await?;
    let row = authoring::question_import(&pool, course_id, import)
        .await?
        .ok_or(AppError::NotFound)?;
    let module = authoring::module_quiz(&pool, course_id, row.module_lineage)
        .await?
        .ok_or(AppError::NotFound)?;
    let lines: Vec<ImportLine> = imports::parse(&row)
        .into_iter()
        .map(|outcome| match outcome {
            ImportOutcome::Imported(q) => ImportLine {
                line: q.line,
                title: q.title,
                outcome: ImportLineOutcome::Accepted {
                    kind: q.spec.kind(),
                    prompt: q.prompt.resolve(lang).text,
                    notes: q.notes.into_iter().map(imports::note).collect(),
                },
            },
            ImportOutcome::Refused {
                line,
                title,
                reason,
            } => {
                let (reason, detail) = imports::refusal(reason);
                ImportLine {
                    line,
                    title,
                    outcome: ImportLineOutcome::Refused { reason, detail },
                }
            }
        })
        .collect();
    let accepted = lines
        .iter()
        .filter(|l| matches!(l.outcome, ImportLineOutcome::Accepted { .. }))
        .count();
    Ok(QuestionImportReport {
        course_slug: slug,
        module: row.module_lineage,
        module_title: module.module_title.resolve(lang),
        lines,
        accepted,
        imported: row.imported_at.is_some(),
    })
}

/// Imports every question the report accepted, in one transaction, once.
#[server(prefix = "/api", endpoint = "teach/import/confirm")]
pub async fn confirm_question_import(slug: String, import: String) -> Result<(), AppError> {
    use crate::ssr::db::authoring::{self, Change};
    let pool = server::pool().await?;
    let (_, course_id, _) = server::course_for_author(&pool, &slug).await?;
    let import = server::parse_uuid("import", &import)?;
    let module = authoring::question_import(&pool, course_id, import)
        .await?
        .ok_or(AppError::NotFound)?
        .module_lineage;
    match authoring::confirm_import(&pool, course_id, import, imports::accepted).await? {
        Change::NotFound => Err(AppError::NotFound),
        Change::Done | Change::AtEdge => {
            server::redirect_done(&format!("/teach/{slug}/quizzes/{module}"), "imported");
            Ok(())
        }
    }
}
