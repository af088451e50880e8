//! The learner's road: enrol, read lessons, mark them done, see progress.
//!
//! Which lessons are public: a lesson marked `is_preview` (by convention the first of a
//! course) is readable by anyone, signed in or not; every other lesson's body is sent
//! only to learners enrolled in the course. Others get the lesson's title, place and
//! an invitation to enrol, never its content.
use crate::domain::LocalText;
use crate::error::AppError;
use leptos::prelude::*;
use leptos::server_fn::codec::GetUrl;
use serde::{Deserialize, Serialize};

/// What the reader may do with a lesson.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum LessonAccess {
    /// Enrolled: the whole lesson, and "Mark as done".
    Enrolled,
    /// A public preview, for a reader who is not enrolled.
    Preview,
    /// Not enrolled and not a preview: the body is withheld.
    Locked,
}

/// A neighbour in course order: a lesson, or the module's quiz after its last lesson.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct LessonLink {
    pub href: String,
    pub title: LocalText,
    pub is_quiz: bool,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct LessonView {
    pub course_slug: String,
    pub course_title: LocalText,
    pub module_title: LocalText,
    pub slug: String,
    pub title: LocalText,
    /// Sanitised HTML of the body, in `body_lang`; `None` when the reader may not see it.
    pub body_html: Option<String>,
    pub body_lang: crate::domain::Lang,
    pub estimated_minutes: i32,
    pub access: LessonAccess,
    pub signed_in: bool,
    pub done: bool,
    pub prev: Option<LessonLink>,
    pub next: Option<LessonLink>,
}

#[server(prefix = "/api", endpoint = "learning/lesson", input = GetUrl)]
pub async fn get_lesson(
    course: String,
    lesson: String,
    lang: crate::domain::Lang,
) -> Result<LessonView, AppError> {
    use crate::ssr::{auth, ctx, db::learning, markdown};
    let viewer = auth::viewer().await?;
    let user_id = viewer.as_ref().map(|v| v.id);
    let pool = ctx::pool()?;
    let course_access = learning::course_access(&pool, &course, user_id)
        .await?
        .ok_or(AppError::NotFound)?;
    let row = learning::lesson(&pool, course_access.version_id, &lesson, user_id)
        .await?
        .ok_or(AppError::NotFound)?;
    let access = if course_access.enrolled {
        LessonAccess::Enrolled
    } else if row.is_preview {
        LessonAccess::Preview
    } else {
        LessonAccess::Locked
    };
    let body = row.body.resolve(lang);
    let body_html = (access != LessonAccess::Locked)
        .then(|| markdown::lesson_html(row.id, body.lang, &body.text).to_string());
    let link = |slug: Option<String>,
                title: Option<sqlx::types::Json<crate::domain::Localized>>| {
        slug.zip(title).map(|(slug, title)| LessonLink {
            href: format!("/courses/{course}/lessons/{slug}"),
            title: title.resolve(lang),
            is_quiz: false,
        })
    };
    let prev = link(row.prev_slug, row.prev_title);
    let next = if row.quiz_next {
        Some(LessonLink {
            href: format!("/courses/{course}/quizzes/{}", row.module_slug),
            title: row.module_title.resolve(lang),
            is_quiz: true,
        })
    } else {
        link(row.next_slug, row.next_title)
    };
    Ok(LessonView {
        course_slug: course,
        course_title: course_access.title.resolve(lang),
        module_title: row.module_title.resolve(lang),
        title: row.title.resolve(lang),
        body_html,
        body_lang: body.lang,
        estimated_minutes: row.estimated_minutes,
        access,
        signed_in: viewer.is_some(),
        done: row.done,
        prev,
        next,
        slug: row.slug,
    })
}

/// A learner's progress in a course, for the course page.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ProgressSummary {
    pub percent: i64,
    pub done: i64,
    pub required: i64,
    /// ISO date of completion, once complete.
    pub completed_on: Option<String>,
    /// Where "Continue" leads: the first unfinished lesson or quiz (a local path).
    pub resume: Option<String>,
}

/// `None` for a reader who is not signed in or not enrolled.
#[server(prefix = "/api", endpoint = "learning/progress", input = GetUrl)]
pub async fn course_progress(course: String) -> Result<Option<ProgressSummary>, AppError> {
    use crate::ssr::{auth, ctx, db::learning};
    let Some(viewer) = auth::viewer().await? else {
        return Ok(None);
    };
    let progress = learning::progress(&ctx::pool()?, viewer.id, &course).await?;
    Ok(progress.map(|p| ProgressSummary {
        percent: p.percent(),
        done: p.done,
        required: p.required,
        completed_on: p.completed_at.map(|at| at.date().to_string()),
        resume: p.resume.map(|tail| format!("/courses/{course}/{tail}")),
    }))
}

/// Enrols the signed-in learner, then opens the course's first unfinished lesson.
#[server(prefix = "/api", endpoint = "learning/enrol")]
pub async fn enrol(course: String) -> Result<(), AppError> {
    use crate::domain::Permission;
    use crate::ssr::{auth, ctx, db::learning};
    let viewer = auth::require(Permission::OwnAccount).await?;
    let pool = ctx::pool()?;
    match learning::enrol(&pool, viewer.id, &course).await? {
        learning::Enrolment::Enrolled => {}
        learning::Enrolment::NoSuchCourse => return Err(AppError::NotFound),
        learning::Enrolment::PrerequisitesMissing => {
            return Err(AppError::field(
                "",
                crate::error::Problem::PrerequisitesMissing,
            ));
        }
    }
    let resume = learning::progress(&pool, viewer.id, &course)
        .await?
        .and_then(|p| p.resume);
    leptos_axum::redirect(&match resume {
        Some(tail) => format!("/courses/{course}/{tail}"),
        None => format!("/courses/{course}"),
    });
    Ok(())
}

/// Records the lesson as done (once, however many clicks) and moves on to `next` (the
/// next lesson or the module's quiz, a path in this course), or back to the course page
/// after the last one.
#[server(prefix = "/api", endpoint = "learning/done")]
pub async fn mark_lesson_done(
    course: String,
    lesson: String,
    next: Option<String>,
) -> Result<(), AppError> {
    use crate::domain::Permission;
    use crate::ssr::{auth, ctx, db::learning};
    let viewer = auth::require(Permission::OwnAccount).await?;
    match learning::mark_done(&ctx::pool()?, viewer.id, &course, &lesson).await? {
        learning::Marked::NotEnrolled => Err(AppError::Forbidden),
        learning::Marked::NoSuchLesson => Err(AppError::NotFound),
        learning::Marked::Done { .. } => {
            let in_course = format!("/courses/{course}/");
            let next = next
                .map(|n| crate::domain::local_path(&n))
                .filter(|n| n.starts_with(&in_course));
            leptos_axum::redirect(&next.unwrap_or_else(|| format!("/courses/{course}?done=1")));
            Ok(())
        }
    }
}

/// One course on "My learning".
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct MyCourse {
    pub slug: String,
    pub title: LocalText,
    pub percent: i64,
    pub completed_on: Option<String>,
    pub resume: Option<String>,
}

/// The signed-in learner's courses, in progress first.
#[server(prefix = "/api", endpoint = "learning/mine", input = GetUrl)]
pub async fn my_learning(lang: crate::domain::Lang) -> Result<Vec<MyCourse>, AppError> {
    use crate::domain::Permission;
    use crate::ssr::{auth, ctx, db::learning};
    let viewer = auth::require(Permission::OwnAccount).await?;
    let rows = learning::my_courses(&ctx::pool()?, viewer.id).await?;
    Ok(rows
        .into_iter()
        .map(|row| MyCourse {
            percent: if row.completed_at.is_some() || row.required == 0 {
                100
            } else {
                row.done * 100 / row.required
            },
            completed_on: row.completed_at.map(|at| at.date().to_string()),
            resume: row
                .resume
                .map(|tail| format!("/courses/{}/{tail}", row.slug)),
            title: row.title.resolve(lang),
            slug: row.slug,
        })
        .collect())
}
