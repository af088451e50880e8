//! Authoring: courses an educator writes, their one draft, and publishing.
//!
//! Every change goes to the course's draft (`course_versions.published_at is null`).
//! [`draft_for_edit`] finds it, or makes it by copying the current published version
//! (items keep their `lineage`, so [`changes`] can say what is new, gone or edited).
//! Publishing stamps the draft and makes it the course's current version: learners
//! enrolled earlier keep their version, and with it their progress.
//!
//! Each function that changes a draft takes the course id the caller was authorised
//! for and checks in SQL that the item it names belongs to that course's draft: an id
//! from another course is "not found", never a change there.
use crate::domain::{Lang, Localized, Topic};
use sqlx::{PgPool, Postgres, Transaction, types::Json};
use time::OffsetDateTime;
use uuid::Uuid;

pub(crate) type Tx<'a> = Transaction<'a, Postgres>;

/// What an educator may do with a course.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AuthorRole {
    Owner,
    Editor,
    /// A platform admin who is not an author of the course.
    Admin,
}

/// The course's id and the viewer's role in it (`None` if they are not an author;
/// platform admins author every course), or `None` if there is no such course.
pub async fn author_role(
    pool: &PgPool,
    user_id: Uuid,
    is_admin: bool,
    slug: &str,
) -> sqlx::Result<Option<(Uuid, Option<AuthorRole>)>> {
    let row: Option<(Uuid, Option<String>)> = sqlx::query_as(
        "select c.id, a.role from courses c
         left join course_authors a on a.course_id = c.id and a.user_id = $2
         where c.slug = $1",
    )
    .bind(slug)
    .bind(user_id)
    .fetch_optional(pool)
    .await?;
    Ok(row.map(|(id, role)| {
        let role = match role.as_deref() {
            Some("owner") => Some(AuthorRole::Owner),
            Some(_) => Some(AuthorRole::Editor),
            None if is_admin => Some(AuthorRole::Admin),
            None => None,
        };
        (id, role)
    }))
}

#[derive(Debug, sqlx::FromRow)]
pub struct AuthoredCourseRow {
    pub slug: String,
    pub title: Json<Localized>,
    pub published_number: Option<i32>,
    pub has_draft: bool,
    pub archived: bool,
    pub enrolments: i64,
    pub edited_at: OffsetDateTime,
}

/// The courses `user_id` authors (every course, for a platform admin), most recently
/// edited first: one query.
pub async fn authored_courses(
    pool: &PgPool,
    user_id: Uuid,
    is_admin: bool,
) -> sqlx::Result<Vec<AuthoredCourseRow>> {
    sqlx::query_as(
        "select c.slug,
                coalesce(d.title, p.title) as title,
                p.number as published_number,
                d.id is not null as has_draft,
                c.archived_at is not null as archived,
                (select count(*) from enrolments e where e.course_id = c.id) as enrolments,
                coalesce(d.edited_at, p.published_at, p.edited_at) as edited_at
         from courses c
         left join course_versions p on p.id = c.current_version_id
         left join course_versions d on d.course_id = c.id and d.published_at is null
         where $2 or exists (select 1 from course_authors a where a.course_id = c.id and a.user_id = $1)
         order by edited_at desc, c.slug",
    )
    .bind(user_id)
    .bind(is_admin)
    .fetch_all(pool)
    .await
}

pub struct NewCourse<'a> {
    pub slug: &'a str,
    pub topic: Topic,
    pub title: &'a Localized,
    pub summary: &'a Localized,
    pub languages: &'a [Lang],
    pub estimated_minutes: i32,
}

/// Creates a course with an empty draft (version 1), owned by `owner`. `None` when
/// the slug is taken.
pub async fn create_course(
    pool: &PgPool,
    owner: Uuid,
    course: &NewCourse<'_>,
) -> sqlx::Result<Option<Uuid>> {
    let mut tx = pool.begin().await?;
    let id = create_course_in(&mut tx, owner, course).await?;
    if id.is_some() {
        tx.commit().await?;
    }
    Ok(id)
}

/// [`create_course`] inside the caller's transaction (a course import adds the rest).
pub async fn create_course_in(
    tx: &mut Tx<'_>,
    owner: Uuid,
    course: &NewCourse<'_>,
) -> sqlx::Result<Option<Uuid>> {
    let id: Option<Uuid> = sqlx::query_scalar(
        "insert into courses (slug, topic) values ($1, $2) on conflict (slug) do nothing returning id",
    )
    .bind(course.slug)
    .bind(course.topic.code())
    .fetch_optional(&mut **tx)
    .await?;
    let Some(id) = id else {
        return Ok(None);
    };
    let languages: Vec<&str> = course.languages.iter().map(|l| l.code()).collect();
    sqlx::query(
        "insert into course_versions (course_id, number, title, summary, languages, estimated_minutes)
         values ($1, 1, $2, $3, $4, $5)",
    )
    .bind(id)
    .bind(Json(course.title))
    .bind(Json(course.summary))
    .bind(&languages)
    .bind(course.estimated_minutes)
    .execute(&mut **tx)
    .await?;
    sqlx::query("insert into course_authors (course_id, user_id, role) values ($1, $2, 'owner')")
        .bind(id)
        .bind(owner)
        .execute(&mut **tx)
        .await?;
    Ok(Some(id))
}

/// Records a form's one-time token; `false` if it was submitted before (the caller
/// then does nothing and answers as if it had just succeeded).
pub async fn first_submission(tx: &mut Tx<'_>, token: Uuid) -> sqlx::Result<bool> {
    let inserted =
        sqlx::query("insert into form_tokens (token) values ($1) on conflict do nothing")
            .bind(token)
            .execute(&mut **tx)
            .await?;
    Ok(inserted.rows_affected() == 1)
}

/// The course's draft, made now from its current published version if it has none.
/// Locks the course row, so two educators starting to edit at once share one draft.
pub async fn draft_for_edit(tx: &mut Tx<'_>, course_id: Uuid) -> sqlx::Result<Uuid> {
    let current: Option<Uuid> =
        sqlx::query_scalar("select current_version_id from courses where id = $1 for update")
            .bind(course_id)
            .fetch_one(&mut **tx)
            .await?;
    let draft: Option<Uuid> = sqlx::query_scalar(
        "select id from course_versions where course_id = $1 and published_at is null",
    )
    .bind(course_id)
    .fetch_optional(&mut **tx)
    .await?;
    match (draft, current) {
        (Some(draft), _) => Ok(draft),
        (None, Some(published)) => copy_version(tx, course_id, published).await,
        // Every course is created with a draft, and publishing needs one to publish.
        (None, None) => Err(sqlx::Error::RowNotFound),
    }
}

/// A new draft with everything of `from`: modules, lessons, quizzes and questions,
/// each keeping its lineage. Set-based: a handful of statements whatever the size.
async fn copy_version(tx: &mut Tx<'_>, course_id: Uuid, from: Uuid) -> sqlx::Result<Uuid> {
    let draft: Uuid = sqlx::query_scalar(
        "insert into course_versions (course_id, number, title, summary, languages, estimated_minutes)
         select course_id, (select max(number) + 1 from course_versions where course_id = $1),
                title, summary, languages, estimated_minutes
         from course_versions where id = $2
         returning id",
    )
    .bind(course_id)
    .bind(from)
    .fetch_one(&mut **tx)
    .await?;
    sqlx::query(
        "insert into modules (version_id, slug, position, title, lineage)
         select $1, slug, position, title, lineage from modules where version_id = $2",
    )
    .bind(draft)
    .bind(from)
    .execute(&mut **tx)
    .await?;
    sqlx::query(
        "insert into lessons (module_id, version_id, slug, position, title, body, estimated_minutes,
                              is_preview, is_required, lineage)
         select nm.id, $1, l.slug, l.position, l.title, l.body, l.estimated_minutes,
                l.is_preview, l.is_required, l.lineage
         from lessons l
         join modules om on om.id = l.module_id
         join modules nm on nm.version_id = $1 and nm.lineage = om.lineage
         where l.version_id = $2",
    )
    .bind(draft)
    .bind(from)
    .execute(&mut **tx)
    .await?;
    sqlx::query(
        "insert into quizzes (module_id, version_id, pass_percent, max_attempts, time_limit_seconds,
                              shuffle_questions, shuffle_choices, draw_count, one_per_page, review, lineage)
         select nm.id, $1, q.pass_percent, q.max_attempts, q.time_limit_seconds,
                q.shuffle_questions, q.shuffle_choices, q.draw_count, q.one_per_page, q.review, q.lineage
         from quizzes q
         join modules om on om.id = q.module_id
         join modules nm on nm.version_id = $1 and nm.lineage = om.lineage
         where q.version_id = $2",
    )
    .bind(draft)
    .bind(from)
    .execute(&mut **tx)
    .await?;
    sqlx::query(
        "insert into questions (quiz_id, position, points, prompt, feedback, spec, lineage)
         select nq.id, qu.position, qu.points, qu.prompt, qu.feedback, qu.spec, qu.lineage
         from questions qu
         join quizzes oq on oq.id = qu.quiz_id and oq.version_id = $2
         join quizzes nq on nq.version_id = $1 and nq.lineage = oq.lineage",
    )
    .bind(draft)
    .bind(from)
    .execute(&mut **tx)
    .await?;
    Ok(draft)
}

/// Marks the draft as changed now.
async fn touch(tx: &mut Tx<'_>, draft: Uuid) -> sqlx::Result<()> {
    sqlx::query("update course_versions set edited_at = now() where id = $1")
        .bind(draft)
        .execute(&mut **tx)
        .await?;
    Ok(())
}

#[derive(Debug, sqlx::FromRow)]
pub struct DraftRow {
    pub version_id: Uuid,
    pub number: i32,
    pub title: Json<Localized>,
    pub summary: Json<Localized>,
    pub languages: Vec<String>,
    pub estimated_minutes: i32,
    #[sqlx(try_from = "String")]
    pub topic: Topic,
    pub edited_at: OffsetDateTime,
}

#[derive(Debug, sqlx::FromRow)]
pub struct OutlineItemRow {
    /// The module's lineage (items are named by lineage: see [`draft_module`]).
    pub module_id: Uuid,
    pub module_position: i32,
    pub module_title: Json<Localized>,
    pub lesson_id: Option<Uuid>,
    pub lesson_title: Option<Json<Localized>>,
    /// Languages the lesson body is written in.
    pub lesson_langs: Option<Vec<String>>,
    pub question_count: i64,
}

/// The draft's settings, or `None` when the course has no draft (it is as published).
pub async fn draft(pool: &PgPool, course_id: Uuid) -> sqlx::Result<Option<DraftRow>> {
    sqlx::query_as(
        "select v.id as version_id, v.number, v.title, v.summary, v.languages, v.estimated_minutes,
                c.topic, v.edited_at
         from course_versions v join courses c on c.id = v.course_id
         where v.course_id = $1 and v.published_at is null",
    )
    .bind(course_id)
    .fetch_optional(pool)
    .await
}

/// The draft's modules in order, each with its lessons in order (one row per lesson,
/// or one row for a module without lessons) and its quiz's question count.
pub async fn outline(pool: &PgPool, version_id: Uuid) -> sqlx::Result<Vec<OutlineItemRow>> {
    sqlx::query_as(
        "select m.lineage as module_id, m.position as module_position, m.title as module_title,
                l.lineage as lesson_id, l.title as lesson_title,
                case when l.id is null then null else
                    array(select jsonb_object_keys(l.body) order by 1) end as lesson_langs,
                coalesce((select count(*) from questions qu join quizzes q on q.id = qu.quiz_id
                          where q.module_id = m.id), 0) as question_count
         from modules m
         left join lessons l on l.module_id = m.id
         where m.version_id = $1
         order by m.position, l.position",
    )
    .bind(version_id)
    .fetch_all(pool)
    .await
}

pub struct CourseSettings<'a> {
    pub topic: Topic,
    pub title: &'a Localized,
    pub summary: &'a Localized,
    pub languages: &'a [Lang],
    pub estimated_minutes: i32,
}

/// Saves the course's title, summary, languages and time to the draft.
pub async fn update_settings(
    pool: &PgPool,
    course_id: Uuid,
    settings: &CourseSettings<'_>,
) -> sqlx::Result<()> {
    let mut tx = pool.begin().await?;
    let draft = draft_for_edit(&mut tx, course_id).await?;
    let languages: Vec<&str> = settings.languages.iter().map(|l| l.code()).collect();
    sqlx::query(
        "update course_versions set title = $2, summary = $3, languages = $4, estimated_minutes = $5,
                edited_at = now()
         where id = $1",
    )
    .bind(draft)
    .bind(Json(settings.title))
    .bind(Json(settings.summary))
    .bind(&languages)
    .bind(settings.estimated_minutes)
    .execute(&mut *tx)
    .await?;
    sqlx::query("update courses set topic = $2 where id = $1")
        .bind(course_id)
        .bind(settings.topic.code())
        .execute(&mut *tx)
        .await?;
    tx.commit().await
}

/// A slug not yet used by the draft's modules (`table` "modules") or lessons, from `base`.
async fn free_slug(tx: &mut Tx<'_>, table: &str, draft: Uuid, base: &str) -> sqlx::Result<String> {
    let taken: Vec<String> = sqlx::query_scalar(&format!(
        "select slug from {table} where version_id = $1 and (slug = $2 or slug like $2 || '-%')"
    ))
    .bind(draft)
    .bind(base)
    .fetch_all(&mut **tx)
    .await?;
    Ok(std::iter::once(base.to_owned())
        .chain((2..).map(|n| format!("{base}-{n}")))
        .find(|candidate| !taken.contains(candidate))
        .unwrap_or_else(|| base.to_owned()))
}

/// Adds a module at the end of the draft. `false` when the token was used before.
pub async fn add_module(
    pool: &PgPool,
    course_id: Uuid,
    token: Uuid,
    title: &Localized,
    slug_base: &str,
) -> sqlx::Result<bool> {
    let mut tx = pool.begin().await?;
    if !first_submission(&mut tx, token).await? {
        return Ok(false);
    }
    let draft = draft_for_edit(&mut tx, course_id).await?;
    let slug = free_slug(&mut tx, "modules", draft, slug_base).await?;
    sqlx::query(
        "insert into modules (version_id, slug, position, title)
         select $1, $2, coalesce(max(position), 0) + 1, $3 from modules where version_id = $1",
    )
    .bind(draft)
    .bind(&slug)
    .bind(Json(title))
    .execute(&mut *tx)
    .await?;
    touch(&mut tx, draft).await?;
    tx.commit().await?;
    Ok(true)
}

/// The draft's module of this lineage: items are named by lineage in forms, because
/// the first change to a published course copies it and the ids change.
async fn draft_module(tx: &mut Tx<'_>, draft: Uuid, lineage: Uuid) -> sqlx::Result<Option<Uuid>> {
    Item::Module(lineage).in_draft(tx, draft).await
}

/// An item of a course, named by its lineage (the id the editor pages use, the same in
/// every version).
#[derive(Clone, Copy, Debug)]
pub enum Item {
    Module(Uuid),
    Lesson(Uuid),
    /// A question of the quiz of a module.
    Question {
        module: Uuid,
        question: Uuid,
    },
}

impl Item {
    /// The item's row id in the draft `draft`, if it is there.
    async fn in_draft(self, tx: &mut Tx<'_>, draft: Uuid) -> sqlx::Result<Option<Uuid>> {
        let query = match self {
            Item::Module(lineage) => {
                sqlx::query_scalar("select id from modules where version_id = $1 and lineage = $2")
                    .bind(draft)
                    .bind(lineage)
            }
            Item::Lesson(lineage) => {
                sqlx::query_scalar("select id from lessons where version_id = $1 and lineage = $2")
                    .bind(draft)
                    .bind(lineage)
            }
            Item::Question { module, question } => sqlx::query_scalar(
                "select qu.id from questions qu
                 join quizzes q on q.id = qu.quiz_id
                 join modules m on m.id = q.module_id
                 where m.version_id = $1 and m.lineage = $2 and qu.lineage = $3",
            )
            .bind(draft)
            .bind(module)
            .bind(question),
        };
        query.fetch_optional(&mut **tx).await
    }
}

/// Runs `change` on one item of the course's draft (making the draft first if there is
/// none), in one transaction that also marks the draft edited. An item that is not in
/// this course's draft is `NotFound`, and nothing is changed.
async fn edit_item(
    pool: &PgPool,
    course_id: Uuid,
    item: Item,
    change: impl AsyncFnOnce(&mut Tx<'_>, Uuid) -> sqlx::Result<Change>,
) -> sqlx::Result<Change> {
    let mut tx = pool.begin().await?;
    let draft = draft_for_edit(&mut tx, course_id).await?;
    let Some(id) = item.in_draft(&mut tx, draft).await? else {
        return Ok(Change::NotFound);
    };
    let outcome = change(&mut tx, id).await?;
    touch(&mut tx, draft).await?;
    tx.commit().await?;
    Ok(outcome)
}

/// Deletes one row of an item table (its children go with it, by cascade).
async fn delete_row(tx: &mut Tx<'_>, table: &str, id: Uuid) -> sqlx::Result<Change> {
    sqlx::query(&format!("delete from {table} where id = $1"))
        .bind(id)
        .execute(&mut **tx)
        .await?;
    Ok(Change::Done)
}

/// What a change to one item came to.
#[derive(Debug, PartialEq, Eq)]
pub enum Change {
    Done,
    /// No such item in this course.
    NotFound,
    /// The item is already first (up) or last (down).
    AtEdge,
}

pub async fn rename_module(
    pool: &PgPool,
    course_id: Uuid,
    module: Uuid,
    title: &Localized,
) -> sqlx::Result<Change> {
    edit_item(
        pool,
        course_id,
        Item::Module(module),
        async |tx: &mut Tx<'_>, id| {
            sqlx::query("update modules set title = $2 where id = $1")
                .bind(id)
                .bind(Json(title))
                .execute(&mut **tx)
                .await?;
            Ok(Change::Done)
        },
    )
    .await
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Direction {
    Up,
    Down,
}

/// Swaps the item with its neighbour among `siblings` rows (same `parent` value).
async fn swap_with_neighbour(
    tx: &mut Tx<'_>,
    table: &str,
    parent_column: &str,
    id: Uuid,
    direction: Direction,
) -> sqlx::Result<Change> {
    let (compare, order) = match direction {
        Direction::Up => ("<", "desc"),
        Direction::Down => (">", "asc"),
    };
    sqlx::query("set constraints all deferred")
        .execute(&mut **tx)
        .await?;
    let swapped = sqlx::query(&format!(
        "with me as (select id, position, {parent_column} as parent from {table} where id = $1),
              other as (
                  select t.id, t.position from {table} t, me
                  where t.{parent_column} = me.parent and t.position {compare} me.position
                  order by t.position {order} limit 1)
         update {table} t set position = case when t.id = me.id then other.position else me.position end
         from me, other where t.id in (me.id, other.id)"
    ))
    .bind(id)
    .execute(&mut **tx)
    .await?;
    Ok(if swapped.rows_affected() == 2 {
        Change::Done
    } else {
        Change::AtEdge
    })
}

pub async fn move_module(
    pool: &PgPool,
    course_id: Uuid,
    module: Uuid,
    direction: Direction,
) -> sqlx::Result<Change> {
    edit_item(
        pool,
        course_id,
        Item::Module(module),
        async |tx: &mut Tx<'_>, id| {
            swap_with_neighbour(tx, "modules", "version_id", id, direction).await
        },
    )
    .await
}

/// Removes a module, its lessons and its quiz from the draft. Published versions keep
/// theirs, and with them every learner's progress.
pub async fn remove_module(pool: &PgPool, course_id: Uuid, module: Uuid) -> sqlx::Result<Change> {
    edit_item(
        pool,
        course_id,
        Item::Module(module),
        async |tx: &mut Tx<'_>, id| delete_row(tx, "modules", id).await,
    )
    .await
}

/// Adds a lesson at the end of a module of the draft.
pub async fn add_lesson(
    pool: &PgPool,
    course_id: Uuid,
    token: Uuid,
    module: Uuid,
    title: &Localized,
    slug_base: &str,
) -> sqlx::Result<Change> {
    let mut tx = pool.begin().await?;
    if !first_submission(&mut tx, token).await? {
        return Ok(Change::Done);
    }
    let draft = draft_for_edit(&mut tx, course_id).await?;
    let Some(module_id) = draft_module(&mut tx, draft, module).await? else {
        return Ok(Change::NotFound);
    };
    let slug = free_slug(&mut tx, "lessons", draft, slug_base).await?;
    // A body must not be empty: the title stands in until the educator writes one
    // (as a paragraph: the lesson page already shows the title as its heading).
    let body = title.clone();
    sqlx::query(
        "insert into lessons (module_id, version_id, slug, position, title, body, estimated_minutes)
         select $1, $2, $3, coalesce(max(position), 0) + 1, $4, $5, 5 from lessons where module_id = $1",
    )
    .bind(module_id)
    .bind(draft)
    .bind(&slug)
    .bind(Json(title))
    .bind(Json(&body))
    .execute(&mut *tx)
    .await?;
    touch(&mut tx, draft).await?;
    tx.commit().await?;
    Ok(Change::Done)
}

pub async fn move_lesson(
    pool: &PgPool,
    course_id: Uuid,
    lesson: Uuid,
    direction: Direction,
) -> sqlx::Result<Change> {
    edit_item(
        pool,
        course_id,
        Item::Lesson(lesson),
        async |tx: &mut Tx<'_>, id| {
            swap_with_neighbour(tx, "lessons", "module_id", id, direction).await
        },
    )
    .await
}

pub async fn remove_lesson(pool: &PgPool, course_id: Uuid, lesson: Uuid) -> sqlx::Result<Change> {
    edit_item(
        pool,
        course_id,
        Item::Lesson(lesson),
        async |tx: &mut Tx<'_>, id| delete_row(tx, "lessons", id).await,
    )
    .await
}

#[derive(Debug, sqlx::FromRow)]
pub struct LessonDraftRow {
    pub lineage: Uuid,
    pub slug: String,
    pub title: Json<Localized>,
    pub body: Json<Localized>,
    pub estimated_minutes: i32,
    pub is_required: bool,
    pub is_preview: bool,
    pub languages: Vec<String>,
}

/// A lesson of the course, as in its draft if there is one, else as published.
pub async fn lesson(
    pool: &PgPool,
    course_id: Uuid,
    lesson: Uuid,
) -> sqlx::Result<Option<LessonDraftRow>> {
    sqlx::query_as(
        "select l.lineage, l.slug, l.title, l.body, l.estimated_minutes, l.is_required, l.is_preview,
                v.languages
         from lessons l join course_versions v on v.id = l.version_id
         where v.course_id = $1 and l.lineage = $2
           and v.id = coalesce((select d.id from course_versions d
                                where d.course_id = $1 and d.published_at is null),
                               (select current_version_id from courses where id = $1))",
    )
    .bind(course_id)
    .bind(lesson)
    .fetch_optional(pool)
    .await
}

pub struct LessonEdit<'a> {
    pub title: &'a Localized,
    pub body: &'a Localized,
    pub estimated_minutes: i32,
    pub is_required: bool,
    pub is_preview: bool,
}

pub async fn update_lesson(
    pool: &PgPool,
    course_id: Uuid,
    lesson: Uuid,
    edit: &LessonEdit<'_>,
) -> sqlx::Result<Change> {
    edit_item(
        pool,
        course_id,
        Item::Lesson(lesson),
        async |tx: &mut Tx<'_>, id| {
            sqlx::query(
            "update lessons set title = $2, body = $3, estimated_minutes = $4, is_required = $5,
                                is_preview = $6
             where id = $1",
        )
        .bind(id)
        .bind(Json(edit.title))
        .bind(Json(edit.body))
        .bind(edit.estimated_minutes)
        .bind(edit.is_required)
        .bind(edit.is_preview)
        .execute(&mut **tx)
        .await?;
            Ok(Change::Done)
        },
    )
    .await
}

/// Why a draft cannot be published yet.
#[derive(Debug, PartialEq, Eq)]
pub enum Unpublishable {
    NoDraft,
    NoLessons,
    /// A module without a lesson or a quiz question.
    EmptyModule,
}

/// Publishes the draft as the course's new current version, with `note`. Learners
/// already enrolled keep their version; new enrolments get this one.
pub async fn publish(
    pool: &PgPool,
    course_id: Uuid,
    note: &str,
) -> sqlx::Result<Result<i32, Unpublishable>> {
    let mut tx = pool.begin().await?;
    sqlx::query("select 1 from courses where id = $1 for update")
        .bind(course_id)
        .execute(&mut *tx)
        .await?;
    let draft: Option<(Uuid, i32)> = sqlx::query_as(
        "select id, number from course_versions where course_id = $1 and published_at is null",
    )
    .bind(course_id)
    .fetch_optional(&mut *tx)
    .await?;
    let Some((draft, number)) = draft else {
        return Ok(Err(Unpublishable::NoDraft));
    };
    let (lessons, empty_modules): (i64, i64) = sqlx::query_as(
        "select (select count(*) from lessons where version_id = $1),
                (select count(*) from modules m where m.version_id = $1
                   and not exists (select 1 from lessons l where l.module_id = m.id)
                   and not exists (select 1 from quizzes q join questions qu on qu.quiz_id = q.id
                                   where q.module_id = m.id))",
    )
    .bind(draft)
    .fetch_one(&mut *tx)
    .await?;
    if lessons == 0 {
        return Ok(Err(Unpublishable::NoLessons));
    }
    if empty_modules > 0 {
        return Ok(Err(Unpublishable::EmptyModule));
    }
    // A quiz without questions would be an item nobody can pass.
    sqlx::query(
        "delete from quizzes q where q.version_id = $1
         and not exists (select 1 from questions qu where qu.quiz_id = q.id)",
    )
    .bind(draft)
    .execute(&mut *tx)
    .await?;
    sqlx::query("update course_versions set published_at = now(), note = $2 where id = $1")
        .bind(draft)
        .bind(note)
        .execute(&mut *tx)
        .await?;
    sqlx::query("update courses set current_version_id = $2 where id = $1")
        .bind(course_id)
        .bind(draft)
        .execute(&mut *tx)
        .await?;
    tx.commit().await?;
    Ok(Ok(number))
}

#[derive(Debug, sqlx::FromRow)]
pub struct VersionRow {
    pub number: i32,
    pub published_at: OffsetDateTime,
    pub note: String,
    pub enrolments: i64,
}

/// The course's published versions, newest first, with how many learners each has.
pub async fn versions(pool: &PgPool, course_id: Uuid) -> sqlx::Result<Vec<VersionRow>> {
    sqlx::query_as(
        "select v.number, v.published_at, v.note,
                (select count(*) from enrolments e where e.version_id = v.id) as enrolments
         from course_versions v
         where v.course_id = $1 and v.published_at is not null
         order by v.number desc",
    )
    .bind(course_id)
    .fetch_all(pool)
    .await
}

/// One difference between the draft and the current published version.
#[derive(Debug, PartialEq, Eq, sqlx::FromRow)]
pub struct ChangeRow {
    /// "module", "lesson" or "question".
    pub item: String,
    /// "added", "removed" or "edited".
    pub change: String,
    pub title: Json<Localized>,
}

/// What the draft adds, removes and edits compared with the current published version
/// (item by lineage; a move counts as an edit). Empty when there is no draft or no
/// published version.
pub async fn changes(pool: &PgPool, course_id: Uuid) -> sqlx::Result<Vec<ChangeRow>> {
    sqlx::query_as(
        r#"with d as (select id from course_versions where course_id = $1 and published_at is null),
                p as (select current_version_id as id from courses where id = $1),
                dm as (select m.* from modules m, d where m.version_id = d.id),
                pm as (select m.* from modules m, p where m.version_id = p.id),
                dl as (select l.*, m.lineage as module_lineage from lessons l join dm m on m.id = l.module_id),
                pl as (select l.*, m.lineage as module_lineage from lessons l join pm m on m.id = l.module_id),
                dq as (select qu.*, m.lineage as module_lineage from questions qu
                       join quizzes q on q.id = qu.quiz_id join dm m on m.id = q.module_id),
                pq as (select qu.*, m.lineage as module_lineage from questions qu
                       join quizzes q on q.id = qu.quiz_id join pm m on m.id = q.module_id)
           select item, change, title from (
               select 'module' as item, 1 as kind_order,
                      case when a.id is null then 'removed' when b.id is null then 'added' else 'edited' end as change,
                      coalesce(a.title, b.title) as title, coalesce(a.position, b.position) as position
               from dm a full join pm b on a.lineage = b.lineage
               where (select id from p) is not null and (select id from d) is not null
                 and (a.id is null or b.id is null or a.title <> b.title or a.position <> b.position)
               union all
               select 'lesson', 2,
                      case when a.id is null then 'removed' when b.id is null then 'added' else 'edited' end,
                      coalesce(a.title, b.title), coalesce(a.position, b.position)
               from dl a full join pl b on a.lineage = b.lineage
               where (select id from p) is not null and (select id from d) is not null
                 and (a.id is null or b.id is null or a.title <> b.title or a.body <> b.body
                      or a.position <> b.position or a.module_lineage <> b.module_lineage
                      or a.estimated_minutes <> b.estimated_minutes or a.is_required <> b.is_required
                      or a.is_preview <> b.is_preview)
               union all
               select 'question', 3,
                      case when a.id is null then 'removed' when b.id is null then 'added' else 'edited' end,
                      coalesce(a.prompt, b.prompt), coalesce(a.position, b.position)
               from dq a full join pq b on a.lineage = b.lineage
               where (select id from p) is not null and (select id from d) is not null
                 and (a.id is null or b.id is null or a.prompt <> b.prompt or a.spec <> b.spec
                      or a.feedback <> b.feedback or a.points <> b.points)
           ) changes
           order by kind_order, position"#,
    )
    .bind(course_id)
    .fetch_all(pool)
    .await
}

/// Archives a course (out of the catalogue, enrolments kept) or brings it back.
pub async fn set_archived(pool: &PgPool, course_id: Uuid, archived: bool) -> sqlx::Result<()> {
    sqlx::query(
        "update courses set archived_at = case when $2 then coalesce(archived_at, now()) end where id = $1",
    )
    .bind(course_id)
    .bind(archived)
    .execute(pool)
    .await?;
    Ok(())
}

#[derive(Debug, sqlx::FromRow)]
pub struct AuthorRow {
    pub user_id: Uuid,
    pub display_name: String,
    pub email: String,
    pub role: String,
}

pub async fn authors(pool: &PgPool, course_id: Uuid) -> sqlx::Result<Vec<AuthorRow>> {
    sqlx::query_as(
        "select u.id as user_id, u.display_name, u.email, a.role
         from course_authors a join users u on u.id = a.user_id
         where a.course_id = $1
         order by a.role desc, u.display_name",
    )
    .bind(course_id)
    .fetch_all(pool)
    .await
}

/// What came of adding a co-author.
#[derive(Debug, PartialEq, Eq)]
pub enum AddAuthor {
    Added,
    NoSuchEducator,
}

/// Adds the educator with this email as an editor of the course (again: no change).
pub async fn add_author(pool: &PgPool, course_id: Uuid, email: &str) -> sqlx::Result<AddAuthor> {
    let added = sqlx::query(
        "insert into course_authors (course_id, user_id, role)
         select $1, u.id, 'editor' from users u
         where lower(u.email) = lower($2) and u.role in ('educator', 'platform_admin')
         on conflict (course_id, user_id) do nothing",
    )
    .bind(course_id)
    .bind(email.trim())
    .execute(pool)
    .await?;
    if added.rows_affected() == 1 {
        return Ok(AddAuthor::Added);
    }
    let exists: bool = sqlx::query_scalar(
        "select exists (select 1 from course_authors a join users u on u.id = a.user_id
                        where a.course_id = $1 and lower(u.email) = lower($2))",
    )
    .bind(course_id)
    .bind(email.trim())
    .fetch_one(pool)
    .await?;
    Ok(if exists {
        AddAuthor::Added
    } else {
        AddAuthor::NoSuchEducator
    })
}

/// Removes an editor. The owner cannot be removed (a course always has one).
pub async fn remove_author(pool: &PgPool, course_id: Uuid, user_id: Uuid) -> sqlx::Result<bool> {
    let removed = sqlx::query(
        "delete from course_authors where course_id = $1 and user_id = $2 and role = 'editor'",
    )
    .bind(course_id)
    .bind(user_id)
    .execute(pool)
    .await?;
    Ok(removed.rows_affected() == 1)
}

/// The current published version's settings, for the editor of a course with no draft.
pub async fn published_settings(pool: &PgPool, course_id: Uuid) -> sqlx::Result<Option<DraftRow>> {
    sqlx::query_as(
        "select v.id as version_id, v.number, v.title, v.summary, v.languages, v.estimated_minutes,
                c.topic, v.edited_at
         from courses c join course_versions v on v.id = c.current_version_id
         where c.id = $1",
    )
    .bind(course_id)
    .fetch_optional(pool)
    .await
}

pub async fn is_archived(pool: &PgPool, course_id: Uuid) -> sqlx::Result<bool> {
    sqlx::query_scalar("select archived_at is not null from courses where id = $1")
        .bind(course_id)
        .fetch_one(pool)
        .await
}

/// The course's title as in its draft, or else as published.
pub async fn course_title(pool: &PgPool, course_id: Uuid) -> sqlx::Result<Option<Localized>> {
    let title: Option<Json<Localized>> = sqlx::query_scalar(
        "select v.title from course_versions v
         where v.course_id = $1 and (v.published_at is null
               or v.id = (select current_version_id from courses where id = $1))
         order by v.published_at is null desc limit 1",
    )
    .bind(course_id)
    .fetch_optional(pool)
    .await?;
    Ok(title.map(|t| t.0))
}

/// The version an educator sees: the draft if there is one, else the published one.
pub(crate) const EDITED_VERSION: &str = "coalesce(
    (select d.id from course_versions d where d.course_id = $1 and d.published_at is null),
    (select current_version_id from courses where id = $1))";

/// The languages of the version an educator edits (the draft, else the published one).
pub async fn edited_languages(pool: &PgPool, course_id: Uuid) -> sqlx::Result<Vec<String>> {
    sqlx::query_scalar(&format!(
        "select languages from course_versions where id = {EDITED_VERSION}"
    ))
    .bind(course_id)
    .fetch_optional(pool)
    .await
    .map(Option::unwrap_or_default)
}

#[derive(Debug, sqlx::FromRow)]
pub struct ModuleQuizRow {
    pub module_title: Json<Localized>,
    pub quiz_id: Option<Uuid>,
}

/// A module of the course (by lineage) as the educator sees it, with its quiz if any.
pub async fn module_quiz(
    pool: &PgPool,
    course_id: Uuid,
    module: Uuid,
) -> sqlx::Result<Option<ModuleQuizRow>> {
    sqlx::query_as(&format!(
        "select m.title as module_title, q.id as quiz_id
         from modules m left join quizzes q on q.module_id = m.id
         where m.version_id = {EDITED_VERSION} and m.lineage = $2"
    ))
    .bind(course_id)
    .bind(module)
    .fetch_optional(pool)
    .await
}

#[derive(Debug, sqlx::FromRow)]
pub struct QuestionRow {
    pub id: Uuid,
    pub lineage: Uuid,
    pub position: i32,
    pub points: i32,
    pub prompt: Json<Localized>,
    pub feedback: Json<Localized>,
    pub spec: Json<crate::domain::quiz::grading::QuestionSpec>,
}

/// A quiz's questions in order, answer keys included (for its educators only).
pub async fn questions(pool: &PgPool, quiz_id: Uuid) -> sqlx::Result<Vec<QuestionRow>> {
    sqlx::query_as(
        "select id, lineage, position, points, prompt, feedback, spec from questions
         where quiz_id = $1 order by position",
    )
    .bind(quiz_id)
    .fetch_all(pool)
    .await
}

/// The module's quiz in the current published version, and that version's number:
/// the attempts item analysis reads.
pub async fn published_quiz(
    pool: &PgPool,
    course_id: Uuid,
    module: Uuid,
) -> sqlx::Result<Option<(Uuid, i32)>> {
    sqlx::query_as(
        "select q.id, v.number from courses c
         join course_versions v on v.id = c.current_version_id
         join modules m on m.version_id = v.id and m.lineage = $2
         join quizzes q on q.module_id = m.id
         where c.id = $1",
    )
    .bind(course_id)
    .bind(module)
    .fetch_optional(pool)
    .await
}

/// A question to add to a quiz (from an import or the question editor).
pub struct NewQuestion {
    pub points: i32,
    pub prompt: Localized,
    pub feedback: Localized,
    pub spec: crate::domain::quiz::grading::QuestionSpec,
}

/// Appends questions to the module's quiz in the draft (making the draft, and the
/// quiz, if needed), all in one transaction. Option ids are given anew from the
/// quiz's salt, so they say nothing about where the right answer was in the file.
pub async fn append_questions(
    tx: &mut Tx<'_>,
    course_id: Uuid,
    module: Uuid,
    questions: &[NewQuestion],
) -> sqlx::Result<Change> {
    let draft = draft_for_edit(tx, course_id).await?;
    let Some(module_id) = draft_module(tx, draft, module).await? else {
        return Ok(Change::NotFound);
    };
    sqlx::query(
        "insert into quizzes (module_id, version_id) values ($1, $2) on conflict (module_id) do nothing",
    )
    .bind(module_id)
    .bind(draft)
    .execute(&mut **tx)
    .await?;
    let (quiz_id, salt, last): (Uuid, Uuid, i32) = sqlx::query_as(
        "select q.id, q.id_salt, coalesce((select max(position) from questions where quiz_id = q.id), 0)
         from quizzes q where q.module_id = $1",
    )
    .bind(module_id)
    .fetch_one(&mut **tx)
    .await?;
    for (position, question) in (last + 1..).zip(questions) {
        insert_question(tx, (quiz_id, salt), position, question).await?;
    }
    touch(tx, draft).await?;
    Ok(Change::Done)
}

/// Inserts a question at `position` of the quiz `(id, salt)`, its option ids derived
/// from the quiz's salt, so they say nothing about where the right answer was written.
pub(crate) async fn insert_question(
    tx: &mut Tx<'_>,
    (quiz_id, salt): (Uuid, Uuid),
    position: i32,
    question: &NewQuestion,
) -> sqlx::Result<()> {
    let spec = question
        .spec
        .rekeyed(|side, index| super::quiz::option_id(salt, position, side, index));
    sqlx::query(
        "insert into questions (quiz_id, position, points, prompt, feedback, spec)
         values ($1, $2, $3, $4, $5, $6)",
    )
    .bind(quiz_id)
    .bind(position)
    .bind(question.points)
    .bind(Json(&question.prompt))
    .bind(Json(&question.feedback))
    .bind(Json(&spec))
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// One question of a module's quiz, as the educator sees it (draft, else published).
pub async fn question(
    pool: &PgPool,
    course_id: Uuid,
    module: Uuid,
    question: Uuid,
) -> sqlx::Result<Option<QuestionRow>> {
    sqlx::query_as(&format!(
        "select qu.id, qu.lineage, qu.position, qu.points, qu.prompt, qu.feedback, qu.spec
         from modules m join quizzes q on q.module_id = m.id join questions qu on qu.quiz_id = q.id
         where m.version_id = {EDITED_VERSION} and m.lineage = $2 and qu.lineage = $3"
    ))
    .bind(course_id)
    .bind(module)
    .bind(question)
    .fetch_optional(pool)
    .await
}

/// Replaces a question of the draft with `edit`, keeping its place and lineage (and so
/// its history in the list of changes). Option ids are derived anew, as for a new one.
pub async fn update_question(
    pool: &PgPool,
    course_id: Uuid,
    module: Uuid,
    question: Uuid,
    edit: &NewQuestion,
) -> sqlx::Result<Change> {
    let item = Item::Question { module, question };
    edit_item(pool, course_id, item, async |tx: &mut Tx<'_>, id| {
        let (salt, position): (Uuid, i32) = sqlx::query_as(
            "select q.id_salt, qu.position from questions qu join quizzes q on q.id = qu.quiz_id
             where qu.id = $1",
        )
        .bind(id)
        .fetch_one(&mut **tx)
        .await?;
        let spec = edit
            .spec
            .rekeyed(|side, index| super::quiz::option_id(salt, position, side, index));
        sqlx::query(
            "update questions set points = $2, prompt = $3, feedback = $4, spec = $5 where id = $1",
        )
        .bind(id)
        .bind(edit.points)
        .bind(Json(&edit.prompt))
        .bind(Json(&edit.feedback))
        .bind(Json(&spec))
        .execute(&mut **tx)
        .await?;
        Ok(Change::Done)
    })
    .await
}

/// Removes a question from the draft's quiz and closes the gap in the numbering.
/// Attempts are only ever made on published versions, which keep their questions.
pub async fn remove_question(
    pool: &PgPool,
    course_id: Uuid,
    module: Uuid,
    question: Uuid,
) -> sqlx::Result<Change> {
    let item = Item::Question { module, question };
    edit_item(pool, course_id, item, async |tx: &mut Tx<'_>, id| {
        let (quiz, position): (Uuid, i32) =
            sqlx::query_as("delete from questions where id = $1 returning quiz_id, position")
                .bind(id)
                .fetch_one(&mut **tx)
                .await?;
        // Through negative numbers: the (quiz, position) key is checked row by row.
        for statement in [
            "update questions set position = -position where quiz_id = $1 and position > $2",
            "update questions set position = -position - 1 where quiz_id = $1 and position < 0",
        ] {
            sqlx::query(statement)
                .bind(quiz)
                .bind(position)
                .execute(&mut **tx)
                .await?;
        }
        Ok(Change::Done)
    })
    .await
}

#[derive(Debug, sqlx::FromRow)]
pub struct QuestionImportRow {
    pub id: Uuid,
    pub module_lineage: Uuid,
    pub format: String,
    pub lang: String,
    pub source: String,
    pub imported_at: Option<OffsetDateTime>,
}

/// Keeps an uploaded question file for its report page.
pub async fn save_import(
    pool: &PgPool,
    course_id: Uuid,
    module: Uuid,
    format: &str,
    lang: Lang,
    source: &str,
    uploaded_by: Uuid,
) -> sqlx::Result<Uuid> {
    sqlx::query_scalar(
        "insert into question_imports (course_id, module_lineage, format, lang, source, uploaded_by)
         values ($1, $2, $3, $4, $5, $6) returning id",
    )
    .bind(course_id)
    .bind(module)
    .bind(format)
    .bind(lang.code())
    .bind(source)
    .bind(uploaded_by)
    .fetch_one(pool)
    .await
}

pub async fn question_import(
    pool: &PgPool,
    course_id: Uuid,
    import: Uuid,
) -> sqlx::Result<Option<QuestionImportRow>> {
    sqlx::query_as(
        "select id, module_lineage, format, lang, source, imported_at from question_imports
         where course_id = $1 and id = $2",
    )
    .bind(course_id)
    .bind(import)
    .fetch_optional(pool)
    .await
}

/// Imports the accepted questions of an uploaded file, once: the import row is locked
/// and stamped in the same transaction, so a second Confirm imports nothing.
pub async fn confirm_import(
    pool: &PgPool,
    course_id: Uuid,
    import: Uuid,
    accept: impl FnOnce(&QuestionImportRow) -> Vec<NewQuestion>,
) -> sqlx::Result<Change> {
    let mut tx = pool.begin().await?;
    let row: Option<QuestionImportRow> = sqlx::query_as(
        "select id, module_lineage, format, lang, source, imported_at from question_imports
         where course_id = $1 and id = $2 for update",
    )
    .bind(course_id)
    .bind(import)
    .fetch_optional(&mut *tx)
    .await?;
    let Some(row) = row else {
        return Ok(Change::NotFound);
    };
    if row.imported_at.is_some() {
        return Ok(Change::Done);
    }
    let questions = accept(&row);
    let change = append_questions(&mut tx, course_id, row.module_lineage, &questions).await?;
    if change != Change::Done {
        return Ok(change);
    }
    sqlx::query("update question_imports set imported_at = now() where id = $1")
        .bind(import)
        .execute(&mut *tx)
        .await?;
    tx.commit().await?;
    Ok(Change::Done)
}

/// Stores an image of the course (once per content: the same bytes give the same id).
pub async fn save_image(
    pool: &PgPool,
    course_id: Uuid,
    content_type: &str,
    bytes: &[u8],
    sha256: &str,
    uploaded_by: Uuid,
) -> sqlx::Result<Uuid> {
    sqlx::query_scalar(
        "insert into course_images (course_id, content_type, bytes, sha256, uploaded_by)
         values ($1, $2, $3, $4, $5)
         on conflict (course_id, sha256) do update set sha256 = excluded.sha256
         returning id",
    )
    .bind(course_id)
    .bind(content_type)
    .bind(bytes)
    .bind(sha256)
    .bind(uploaded_by)
    .fetch_one(pool)
    .await
}

/// An image's content type and bytes.
pub async fn image(pool: &PgPool, id: Uuid) -> sqlx::Result<Option<(String, Vec<u8>)>> {
    sqlx::query_as("select content_type, bytes from course_images where id = $1")
        .bind(id)
        .fetch_optional(pool)
        .await
}

#[derive(Debug, sqlx::FromRow)]
pub struct QuizSettingsRow {
    pub pass_percent: i32,
    pub max_attempts: Option<i32>,
    pub time_limit_seconds: Option<i32>,
    pub shuffle_questions: bool,
    pub shuffle_choices: bool,
    pub draw_count: Option<i32>,
    pub one_per_page: bool,
    #[sqlx(try_from = "String")]
    pub review: crate::domain::quiz::ReviewPolicy,
}

impl QuizSettingsRow {
    pub fn settings(self) -> crate::domain::quiz::QuizSettings {
        crate::domain::quiz::QuizSettings {
            pass_percent: self.pass_percent,
            max_attempts: self.max_attempts,
            time_limit_seconds: self.time_limit_seconds,
            shuffle_questions: self.shuffle_questions,
            shuffle_choices: self.shuffle_choices,
            draw_count: self.draw_count,
            one_per_page: self.one_per_page,
            review: self.review,
        }
    }
}

pub async fn quiz_settings(pool: &PgPool, quiz_id: Uuid) -> sqlx::Result<QuizSettingsRow> {
    sqlx::query_as(
        "select pass_percent, max_attempts, time_limit_seconds, shuffle_questions, shuffle_choices,
                draw_count, one_per_page, review
         from quizzes where id = $1",
    )
    .bind(quiz_id)
    .fetch_one(pool)
    .await
}

/// Saves the module's quiz settings to the draft (making the draft and the quiz if
/// needed).
pub async fn save_quiz_settings(
    pool: &PgPool,
    course_id: Uuid,
    module: Uuid,
    settings: &crate::domain::quiz::QuizSettings,
) -> sqlx::Result<Change> {
    let mut tx = pool.begin().await?;
    let draft = draft_for_edit(&mut tx, course_id).await?;
    let Some(module_id) = draft_module(&mut tx, draft, module).await? else {
        return Ok(Change::NotFound);
    };
    sqlx::query(
        "insert into quizzes (module_id, version_id, pass_percent, max_attempts, time_limit_seconds,
                              shuffle_questions, shuffle_choices, draw_count, one_per_page, review)
         values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
         on conflict (module_id) do update set
             pass_percent = excluded.pass_percent, max_attempts = excluded.max_attempts,
             time_limit_seconds = excluded.time_limit_seconds,
             shuffle_questions = excluded.shuffle_questions, shuffle_choices = excluded.shuffle_choices,
             draw_count = excluded.draw_count, one_per_page = excluded.one_per_page,
             review = excluded.review",
    )
    .bind(module_id)
    .bind(draft)
    .bind(settings.pass_percent)
    .bind(settings.max_attempts)
    .bind(settings.time_limit_seconds)
    .bind(settings.shuffle_questions)
    .bind(settings.shuffle_choices)
    .bind(settings.draw_count)
    .bind(settings.one_per_page)
    .bind(settings.review.code())
    .execute(&mut *tx)
    .await?;
    touch(&mut tx, draft).await?;
    tx.commit().await?;
    Ok(Change::Done)
}
