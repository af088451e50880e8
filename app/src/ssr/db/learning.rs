//! Enrolment, lesson completion, progress and course completion.
//!
//! Progress and the completion rule live in one SQL function, `learner_progress`
//! (migration `quizzes`): a course is complete when every required item of the enrolled
//! version is done, that is every required lesson and every module quiz passed.
use sqlx::{PgPool, Postgres, Transaction};
use time::OffsetDateTime;
use uuid::Uuid;

/// Enrols `user_id` in the current published version of the course; `false` if there
/// is no such published course. Enrolling twice changes nothing.
/// What came of a request to enrol.
#[derive(Debug, PartialEq, Eq)]
pub enum Enrolment {
    /// Enrolled now, or already enrolled before.
    Enrolled,
    NoSuchCourse,
    /// A prerequisite course is not completed yet; nothing was written.
    PrerequisitesMissing,
}

/// Enrols the learner in the course's current version, once. Refused while any of the
/// course's prerequisites is not completed (checked in the same statement as the insert).
pub async fn enrol(pool: &PgPool, user_id: Uuid, slug: &str) -> sqlx::Result<Enrolment> {
    let course: Option<(Uuid, Uuid)> = sqlx::query_as(
        "select c.id, c.current_version_id from courses c
         join course_versions v on v.id = c.current_version_id
         where c.slug = $1 and v.published_at is not null and c.archived_at is null",
    )
    .bind(slug)
    .fetch_optional(pool)
    .await?;
    let Some((course_id, version_id)) = course else {
        return Ok(Enrolment::NoSuchCourse);
    };
    // Enrolled already (true), enrolled now (true), or refused for a prerequisite (no row).
    let outcome: Option<bool> = sqlx::query_scalar(
        "with existing as (
             select true from enrolments where user_id = $1 and course_id = $2
         ), inserted as (
             insert into enrolments (user_id, course_id, version_id)
             select $1, $2, $3
             where not exists (
                 select 1 from course_prerequisites p
                 where p.course_id = $2
                   and not exists (
                       select 1 from enrolments done
                       where done.user_id = $1
                         and done.course_id = p.required_course_id
                         and done.completed_at is not null))
             on conflict (user_id, course_id) do nothing
             returning true
         )
         select true from existing union all select true from inserted limit 1",
    )
    .bind(user_id)
    .bind(course_id)
    .bind(version_id)
    .fetch_optional(pool)
    .await?;
    Ok(match outcome {
        Some(_) => Enrolment::Enrolled,
        None => Enrolment::PrerequisitesMissing,
    })
}

/// What happened when a lesson was marked as done.
#[derive(Debug, PartialEq, Eq)]
pub enum Marked {
    /// Recorded (or already recorded: marking twice is the same as once).
    Done {
        course_completed_now: bool,
    },
    NotEnrolled,
    NoSuchLesson,
}

/// Records the lesson as done, then the course as complete if that was the last
/// requirement, in one transaction.
///
/// The enrolment row is locked first, so two requests for the same learner and course
/// (a double click, two tabs finishing the last two lessons) run one after the other:
/// the second sees the first's lesson, and completion is recorded exactly once.
pub async fn mark_done(
    pool: &PgPool,
    user_id: Uuid,
    course_slug: &str,
    lesson_slug: &str,
) -> sqlx::Result<Marked> {
    let mut tx = pool.begin().await?;
    let enrolment: Option<(Uuid, Uuid)> = sqlx::query_as(
        "select e.course_id, e.version_id from enrolments e join courses c on c.id = e.course_id
         where e.user_id = $1 and c.slug = $2
         for update of e",
    )
    .bind(user_id)
    .bind(course_slug)
    .fetch_optional(&mut *tx)
    .await?;
    let Some((course_id, version_id)) = enrolment else {
        return Ok(Marked::NotEnrolled);
    };
    let lesson: Option<Uuid> =
        sqlx::query_scalar("select id from lessons where version_id = $1 and slug = $2")
            .bind(version_id)
            .bind(lesson_slug)
            .fetch_optional(&mut *tx)
            .await?;
    let Some(lesson_id) = lesson else {
        return Ok(Marked::NoSuchLesson);
    };
    sqlx::query("insert into lesson_completions (user_id, lesson_id) values ($1, $2) on conflict do nothing")
        .bind(user_id)
        .bind(lesson_id)
        .execute(&mut *tx)
        .await?;
    let course_completed_now = record_completion_if_due(&mut tx, user_id, course_id).await?;
    tx.commit().await?;
    Ok(Marked::Done {
        course_completed_now,
    })
}

/// The completion rule: sets `completed_at` if every requirement of the enrolled
/// version is met and it was not set before.
const COMPLETION_DUE: &str = "
    update enrolments e set completed_at = now()
    where e.user_id = $1 and e.course_id = $2 and e.completed_at is null
      and (select p.done = p.required from learner_progress(e.user_id, e.version_id) p)
    returning e.version_id, e.completed_at";

/// Records completion, raises `course_completed` and issues the certificate when due;
/// `true` if it happened now.
/// The caller holds the enrolment row's lock (taken by an earlier statement, so that
/// this one's snapshot sees everything committed before the lock was granted).
pub(crate) async fn record_completion_if_due(
    tx: &mut Transaction<'_, Postgres>,
    user_id: Uuid,
    course_id: Uuid,
) -> sqlx::Result<bool> {
    let completed: Option<(Uuid, OffsetDateTime)> = sqlx::query_as(COMPLETION_DUE)
        .bind(user_id)
        .bind(course_id)
        .fetch_optional(&mut **tx)
        .await?;
    let Some((version_id, completed_at)) = completed else {
        return Ok(false);
    };
    sqlx::query(
        "insert into domain_events (kind, user_id, payload)
         values ('course_completed', $1, jsonb_build_object(
             'course_id', $2::text, 'version_id', $3::text, 'completed_at', $4::timestamptz))",
    )
    .bind(user_id)
    .bind(course_id)
    .bind(version_id)
    .bind(completed_at)
    .execute(&mut **tx)
    .await?;
    // The certificate commits with the completion (when the learner has confirmed the
    // name to print; otherwise confirming it issues this one).
    super::certificates::issue_if_due(tx, user_id, course_id, &crate::ssr::messages::issuer())
        .await?;
    Ok(true)
}

/// A learner's standing in one course, computed in SQL.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct Progress {
    pub required: i64,
    pub done: i64,
    pub completed_at: Option<OffsetDateTime>,
    /// The first unfinished item in course order, as a path below the course
    /// (`lessons/{slug}` or `quizzes/{module}`); `None` when all are done.
    pub resume: Option<String>,
}

impl Progress {
    pub fn percent(&self) -> i64 {
        if self.required == 0 {
            100
        } else {
            self.done * 100 / self.required
        }
    }
}

/// `None` if the learner is not enrolled.
pub async fn progress(
    pool: &PgPool,
    user_id: Uuid,
    course_slug: &str,
) -> sqlx::Result<Option<Progress>> {
    sqlx::query_as(
        "select p.required, p.done, e.completed_at, p.resume
         from enrolments e join courses c on c.id = e.course_id
         cross join lateral learner_progress(e.user_id, e.version_id) p
         where e.user_id = $1 and c.slug = $2",
    )
    .bind(user_id)
    .bind(course_slug)
    .fetch_optional(pool)
    .await
}

/// The version a reader sees of a course: the one they enrolled in, else the current one.
#[derive(Debug, sqlx::FromRow)]
pub struct CourseAccess {
    pub version_id: Uuid,
    pub title: sqlx::types::Json<crate::domain::Localized>,
    pub enrolled: bool,
}

pub async fn course_access(
    pool: &PgPool,
    course_slug: &str,
    user_id: Option<Uuid>,
) -> sqlx::Result<Option<CourseAccess>> {
    sqlx::query_as(
        "select v.id as version_id, v.title, e.user_id is not null as enrolled
         from courses c
         left join enrolments e on e.course_id = c.id and e.user_id = $2
         join course_versions v on v.id = coalesce(e.version_id, c.current_version_id)
         where c.slug = $1 and v.published_at is not null",
    )
    .bind(course_slug)
    .bind(user_id)
    .fetch_optional(pool)
    .await
}

/// A lesson with its neighbours in course order and whether the reader has done it:
/// one query, whatever the size of the course.
#[derive(Debug, sqlx::FromRow)]
pub struct LessonRow {
    pub id: Uuid,
    pub slug: String,
    pub title: sqlx::types::Json<crate::domain::Localized>,
    pub body: sqlx::types::Json<crate::domain::Localized>,
    pub module_title: sqlx::types::Json<crate::domain::Localized>,
    pub estimated_minutes: i32,
    pub is_preview: bool,
    pub prev_slug: Option<String>,
    pub prev_title: Option<sqlx::types::Json<crate::domain::Localized>>,
    pub next_slug: Option<String>,
    pub next_title: Option<sqlx::types::Json<crate::domain::Localized>>,
    pub done: bool,
    /// The lesson's module ends with a quiz, and this is its last lesson: the quiz
    /// comes next.
    pub quiz_next: bool,
    pub module_slug: String,
}

pub async fn lesson(
    pool: &PgPool,
    version_id: Uuid,
    lesson_slug: &str,
    user_id: Option<Uuid>,
) -> sqlx::Result<Option<LessonRow>> {
    sqlx::query_as(
        "select * from (
            select l.id, l.slug, l.title, l.body, m.title as module_title, l.estimated_minutes, l.is_preview,
                   lag(l.slug) over course_order as prev_slug, lag(l.title) over course_order as prev_title,
                   lead(l.slug) over course_order as next_slug, lead(l.title) over course_order as next_title,
                   exists(select 1 from lesson_completions lc where lc.lesson_id = l.id and lc.user_id = $3) as done,
                   m.slug as module_slug,
                   exists(select 1 from quizzes q where q.module_id = m.id)
                       and lead(m.id) over course_order is distinct from m.id as quiz_next
            from lessons l join modules m on m.id = l.module_id
            where l.version_id = $1
            window course_order as (order by m.position, l.position)
         ) ordered
         where slug = $2",
    )
    .bind(version_id)
    .bind(lesson_slug)
    .bind(user_id)
    .fetch_optional(pool)
    .await
}

/// Every course the learner is enrolled in, with progress and where to resume: one query.
#[derive(Debug, sqlx::FromRow)]
pub struct MyCourseRow {
    pub slug: String,
    pub title: sqlx::types::Json<crate::domain::Localized>,
    pub required: i64,
    pub done: i64,
    pub completed_at: Option<OffsetDateTime>,
    /// As in [`Progress::resume`].
    pub resume: Option<String>,
}

pub async fn my_courses(pool: &PgPool, user_id: Uuid) -> sqlx::Result<Vec<MyCourseRow>> {
    sqlx::query_as(
        "select c.slug, v.title, p.required, p.done, e.completed_at, p.resume
         from enrolments e
         join courses c on c.id = e.course_id
         join course_versions v on v.id = e.version_id
         cross join lateral learner_progress(e.user_id, e.version_id) p
         where e.user_id = $1
         order by e.completed_at desc nulls first, e.enrolled_at desc",
    )
    .bind(user_id)
    .fetch_all(pool)
    .await
}
