//! Quiz attempts: start, save answers, submit and grade.
//!
//! The rules that keep attempts honest are in the database, not in checks made before
//! writing:
//! - one open attempt per learner and quiz (a partial unique index): two tabs pressing
//!   "Start" get the same attempt;
//! - an answer is saved only while its attempt is open and before its deadline, by a
//!   statement that locks the attempt row (`FOR SHARE`), so a save racing a submit
//!   either lands before the grading or is refused;
//! - submitting locks the attempt row, grades, and moves it out of `in_progress` with
//!   `UPDATE … WHERE state = 'in_progress'`; every other submit of the same attempt
//!   (a double click, a replay, a second tab) finds it graded and returns that result.
use crate::domain::Localized;
use crate::domain::quiz::grading::QuestionSpec;
use crate::domain::quiz::{Answer, QuizSettings, ReviewPolicy, meets_pass_mark, shuffled};
use rand::Rng;
use sha2::{Digest, Sha256};
use sqlx::types::Json;
use sqlx::{PgExecutor, PgPool, Postgres, Transaction};
use time::OffsetDateTime;
use uuid::Uuid;

/// The opaque id of one option of a question: derived from the quiz's server-only salt,
/// so it is stable (answers keep pointing at their option) and reveals nothing.
pub fn option_id(salt: Uuid, question_position: i32, side: &str, index: usize) -> String {
    let mut hash = Sha256::new();
    hash.update(salt.as_bytes());
    hash.update(question_position.to_be_bytes());
    hash.update(side.as_bytes());
    hash.update((index as u64).to_be_bytes());
    hash.finalize()[..6]
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// A quiz as the learner's enrolled version has it.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct QuizRow {
    // Read as `quiz_id`, so that a row can carry an attempt (whose `id` is its own) and
    // its quiz together (see `attempt_and_quiz`).
    #[sqlx(rename = "quiz_id")]
    pub id: Uuid,
    pub version_id: Uuid,
    pub course_id: Uuid,
    pub course_slug: String,
    pub course_title: Json<Localized>,
    pub module_slug: String,
    pub module_title: Json<Localized>,
    pub pass_percent: i32,
    pub max_attempts: Option<i32>,
    pub time_limit_seconds: Option<i32>,
    pub shuffle_questions: bool,
    pub shuffle_choices: bool,
    pub draw_count: Option<i32>,
    pub one_per_page: bool,
    #[sqlx(try_from = "String")]
    pub review: ReviewPolicy,
    /// The pool's questions, in the educator's order: what an attempt draws from.
    pub pool_ids: Vec<Uuid>,
}

impl QuizRow {
    pub fn settings(&self) -> QuizSettings {
        QuizSettings {
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

    /// Questions in the pool.
    pub fn pool_size(&self) -> i64 {
        self.pool_ids.len() as i64
    }

    /// Questions each attempt gets.
    pub fn questions_per_attempt(&self) -> i64 {
        let pool = self.pool_size();
        self.draw_count.map_or(pool, |n| i64::from(n).min(pool))
    }
}

const QUIZ_COLUMNS: &str =
    "q.id as quiz_id, m.version_id, v.course_id, c.slug as course_slug, v.title as course_title,
    m.slug as module_slug, m.title as module_title,
    q.pass_percent, q.max_attempts, q.time_limit_seconds, q.shuffle_questions, q.shuffle_choices,
    q.draw_count, q.one_per_page, q.review,
    array(select qs.id from questions qs where qs.quiz_id = q.id order by qs.position) as pool_ids";

/// The quiz of module `module_slug` in the version `version_id`.
pub async fn quiz(
    pool: &PgPool,
    version_id: Uuid,
    module_slug: &str,
) -> sqlx::Result<Option<QuizRow>> {
    sqlx::query_as(&format!(
        "select {QUIZ_COLUMNS}
         {QUIZ_JOINS} where m.version_id = $1 and m.slug = $2"
    ))
    .bind(version_id)
    .bind(module_slug)
    .fetch_optional(pool)
    .await
}

/// A quiz as a reader of its course finds it: in the version they enrolled in, else
/// the current published one; with the reader's attempts at it so far.
#[derive(Debug, sqlx::FromRow)]
pub struct ReaderQuiz {
    pub enrolled: bool,
    #[sqlx(flatten)]
    pub quiz: QuizRow,
    #[sqlx(flatten)]
    pub so_far: SoFar,
}

/// A learner's attempts at a quiz, counted: enough to start one, or to know there is no
/// history to show.
#[derive(Debug, Clone, Default, PartialEq, sqlx::FromRow)]
pub struct SoFar {
    pub open_attempt: Option<Uuid>,
    /// Attempts started, the open one included.
    pub attempts_used: i64,
}

/// The open attempt and the count, as a select list over `quiz_attempts a`.
const SO_FAR_COLUMNS: &str =
    "(array_agg(a.id) filter (where a.state = 'in_progress'))[1] as open_attempt,
    count(a.id) as attempts_used";

/// The quiz of module `module_slug` in the course `course_slug` as `user_id` reads it
/// (see [`crate::ssr::db::learning::course_access`], which it folds in), with what
/// they did so far ([`SoFar`]; nothing for `None`): one round trip for the quiz page
/// and the start of an attempt, which a cohort's exam spike sends for every learner
/// within the same second.
pub async fn reader_quiz(
    pool: &PgPool,
    course_slug: &str,
    module_slug: &str,
    user_id: Option<Uuid>,
) -> sqlx::Result<Option<ReaderQuiz>> {
    sqlx::query_as(&format!(
        "select {QUIZ_COLUMNS}, e.user_id is not null as enrolled, s.*
         from courses c
         left join enrolments e on e.course_id = c.id and e.user_id = $2
         join course_versions v on v.id = coalesce(e.version_id, c.current_version_id)
         join modules m on m.version_id = v.id and m.slug = $3
         join quizzes q on q.module_id = m.id
         cross join lateral (
             select {SO_FAR_COLUMNS} from quiz_attempts a
             where a.user_id = $2 and a.quiz_id = q.id) s
         where c.slug = $1 and v.published_at is not null"
    ))
    .bind(course_slug)
    .bind(user_id)
    .bind(module_slug)
    .fetch_optional(pool)
    .await
}

const QUIZ_JOINS: &str = "from quizzes q join modules m on m.id = q.module_id
    join course_versions v on v.id = m.version_id join courses c on c.id = v.course_id";

/// A question of an attempt, with its key (for grading and review on the server).
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct AskedRow {
    pub id: Uuid,
    pub points: i32,
    pub prompt: Json<Localized>,
    pub feedback: Json<Localized>,
    pub spec: Json<QuestionSpec>,
}

/// The attempt's questions, in the attempt's order.
pub async fn asked(pool: &PgPool, user_id: Uuid, attempt_id: Uuid) -> sqlx::Result<Vec<AskedRow>> {
    sqlx::query_as(
        "select q.id, q.points, q.prompt, q.feedback, q.spec
         from quiz_attempts a
         cross join lateral unnest(a.question_ids) with ordinality as u(id, n)
         join questions q on q.id = u.id
         where a.id = $1 and a.user_id = $2 order by u.n",
    )
    .bind(attempt_id)
    .bind(user_id)
    .fetch_all(pool)
    .await
}

/// One attempt, as the attempt and result pages need it.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct AttemptRow {
    pub id: Uuid,
    pub quiz_id: Uuid,
    pub user_id: Uuid,
    pub number: i32,
    pub state: String,
    pub question_ids: Vec<Uuid>,
    pub shuffle_seed: i64,
    pub started_at: OffsetDateTime,
    pub deadline: Option<OffsetDateTime>,
    pub submitted_at: Option<OffsetDateTime>,
    pub score: Option<f64>,
    pub max_score: Option<f64>,
    pub passed: Option<bool>,
}

impl AttemptRow {
    pub fn is_open(&self) -> bool {
        self.state == "in_progress"
    }

    /// Open, but past its deadline: it must be graded before anything else.
    pub fn is_expired(&self, now: OffsetDateTime) -> bool {
        self.is_open() && self.deadline.is_some_and(|d| now > d)
    }
}

/// An attempt's columns but its `quiz_id`, which a row with the quiz takes from there.
macro_rules! attempt_own_columns {
    () => {
        "a.id, a.user_id, a.number, a.state, a.question_ids, a.shuffle_seed,
        a.started_at, a.deadline, a.submitted_at, a.score, a.max_score, a.passed"
    };
}
const ATTEMPT_COLUMNS: &str = concat!("a.quiz_id, ", attempt_own_columns!());

/// The learner's attempts at a quiz, latest first.
pub async fn attempts(
    pool: &PgPool,
    user_id: Uuid,
    quiz_id: Uuid,
) -> sqlx::Result<Vec<AttemptRow>> {
    sqlx::query_as(&format!(
        "select {ATTEMPT_COLUMNS} from quiz_attempts a
         where a.user_id = $1 and a.quiz_id = $2 order by a.number desc"
    ))
    .bind(user_id)
    .bind(quiz_id)
    .fetch_all(pool)
    .await
}

/// One attempt of `user_id`; `None` for anyone else's.
pub async fn attempt(
    pool: &PgPool,
    user_id: Uuid,
    attempt_id: Uuid,
) -> sqlx::Result<Option<AttemptRow>> {
    sqlx::query_as(&format!(
        "select {ATTEMPT_COLUMNS} from quiz_attempts a where a.id = $1 and a.user_id = $2"
    ))
    .bind(attempt_id)
    .bind(user_id)
    .fetch_optional(pool)
    .await
}

/// One attempt of `user_id` with its quiz, in one round trip (the attempt page, which a
/// cohort opens all at once); `None` for anyone else's.
pub async fn attempt_and_quiz(
    pool: &PgPool,
    user_id: Uuid,
    attempt_id: Uuid,
) -> sqlx::Result<Option<(AttemptRow, QuizRow)>> {
    #[derive(sqlx::FromRow)]
    struct Row {
        #[sqlx(flatten)]
        attempt: AttemptRow,
        #[sqlx(flatten)]
        quiz: QuizRow,
    }
    let row: Option<Row> = sqlx::query_as(&format!(
        "select {}, {QUIZ_COLUMNS}
         {QUIZ_JOINS} join quiz_attempts a on a.quiz_id = q.id
         where a.id = $1 and a.user_id = $2",
        attempt_own_columns!()
    ))
    .bind(attempt_id)
    .bind(user_id)
    .fetch_optional(pool)
    .await?;
    Ok(row.map(|row| (row.attempt, row.quiz)))
}

#[derive(Debug, PartialEq)]
pub enum Started {
    /// A new attempt, or the open one (which is resumed, never replaced).
    Open(Uuid),
    /// Every allowed attempt is used.
    NoAttemptsLeft,
    /// The quiz has no questions yet.
    Empty,
}

/// Starts an attempt, or returns the learner's open one. The caller has checked that
/// the learner is enrolled in the quiz's version.
pub async fn start(pool: &PgPool, user_id: Uuid, quiz: &QuizRow) -> sqlx::Result<Started> {
    start_after(pool, user_id, quiz, None).await
}

/// [`start`], given what [`reader_quiz`] has just read of the learner's attempts, which
/// spares a round trip when nothing can have changed it since: in an untimed quiz
/// (a timed one's open attempt may have expired, and is graded first).
pub async fn start_after(
    pool: &PgPool,
    user_id: Uuid,
    quiz: &QuizRow,
    known: Option<&SoFar>,
) -> sqlx::Result<Started> {
    // No transaction: under READ COMMITTED it would isolate nothing, and the unique
    // indexes (one open attempt; one attempt per number) settle two starts at once.
    // BEGIN and COMMIT would be two round trips more for every learner of a spike.
    let so_far = match known {
        Some(known) if quiz.time_limit_seconds.is_none() => known.clone(),
        _ => {
            // An attempt left open past its deadline is graded first: it counts as used.
            finish_expired(pool, user_id, quiz).await?;
            sqlx::query_as(&format!(
                "select {SO_FAR_COLUMNS} from quiz_attempts a
                 where a.user_id = $1 and a.quiz_id = $2"
            ))
            .bind(user_id)
            .bind(quiz.id)
            .fetch_one(pool)
            .await?
        }
    };
    if let Some(id) = so_far.open_attempt {
        return Ok(Started::Open(id));
    }
    let used = so_far.attempts_used;
    if !quiz.settings().may_start(used as i32) {
        return Ok(Started::NoAttemptsLeft);
    }
    if quiz.pool_ids.is_empty() {
        return Ok(Started::Empty);
    }
    let (draw_seed, order_seed, shuffle_seed) = {
        let mut rng = rand::thread_rng();
        (rng.r#gen::<u64>(), rng.r#gen::<u64>(), rng.r#gen::<i64>())
    };
    let mut question_ids = quiz.pool_ids.clone();
    if let Some(n) = quiz.draw_count {
        // A random draw of n, kept in the educator's order unless the quiz shuffles.
        let mut drawn: Vec<usize> = shuffled((0..question_ids.len()).collect(), draw_seed);
        drawn.truncate(n.max(1) as usize);
        drawn.sort_unstable();
        question_ids = drawn.into_iter().map(|i| question_ids[i]).collect();
    }
    if quiz.shuffle_questions {
        question_ids = shuffled(question_ids, order_seed);
    }
    // Two starts at once: one insert wins; the other finds the winner's attempt.
    let inserted: Option<Uuid> = sqlx::query_scalar(
        "insert into quiz_attempts (quiz_id, user_id, number, question_ids, shuffle_seed, deadline)
         values ($1, $2, $3, $4, $5, now() + make_interval(secs => $6))
         on conflict do nothing
         returning id",
    )
    .bind(quiz.id)
    .bind(user_id)
    .bind(used as i32 + 1)
    .bind(&question_ids)
    .bind(shuffle_seed)
    .bind(quiz.time_limit_seconds.map(f64::from))
    .fetch_optional(pool)
    .await?;
    match inserted {
        Some(id) => Ok(Started::Open(id)),
        None => {
            let open: Option<Uuid> = sqlx::query_scalar(
                "select id from quiz_attempts where user_id = $1 and quiz_id = $2 and state = 'in_progress'",
            )
            .bind(user_id)
            .bind(quiz.id)
            .fetch_optional(pool)
            .await?;
            // The other start's attempt may already be submitted: then start afresh.
            match open {
                Some(id) => Ok(Started::Open(id)),
                None => Box::pin(start_after(pool, user_id, quiz, None)).await,
            }
        }
    }
}

/// A saved answer; `score` and `outcome` once graded.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct AnswerRow {
    pub question_id: Uuid,
    pub answer: Json<Answer>,
    pub score: Option<f64>,
    pub outcome: Option<String>,
}

/// The saved answers of an attempt.
pub async fn answers(pool: &PgPool, attempt_id: Uuid) -> sqlx::Result<Vec<AnswerRow>> {
    sqlx::query_as(
        "select question_id, answer, score, outcome from attempt_answers where attempt_id = $1",
    )
    .bind(attempt_id)
    .fetch_all(pool)
    .await
}

/// The attempt's questions in its order ([`asked`]) and its saved answers ([`answers`]),
/// in one round trip: the attempt page reads both, and a cohort opens it all at once.
pub async fn asked_and_answers(
    pool: &PgPool,
    attempt_id: Uuid,
) -> sqlx::Result<(Vec<AskedRow>, Vec<AnswerRow>)> {
    #[derive(sqlx::FromRow)]
    struct Row {
        #[sqlx(flatten)]
        asked: AskedRow,
        answer: Option<Json<Answer>>,
        score: Option<f64>,
        outcome: Option<String>,
    }
    let rows: Vec<Row> = sqlx::query_as(
        "select q.id, q.points, q.prompt, q.feedback, q.spec, aa.answer, aa.score, aa.outcome
         from quiz_attempts a
         cross join lateral unnest(a.question_ids) with ordinality as u(id, n)
         join questions q on q.id = u.id
         left join attempt_answers aa on aa.attempt_id = a.id and aa.question_id = q.id
         where a.id = $1 order by u.n",
    )
    .bind(attempt_id)
    .fetch_all(pool)
    .await?;
    let mut asked = Vec::with_capacity(rows.len());
    let mut answers = Vec::new();
    for row in rows {
        if let Some(answer) = row.answer {
            answers.push(AnswerRow {
                question_id: row.asked.id,
                answer,
                score: row.score,
                outcome: row.outcome,
            });
        }
        asked.push(row.asked);
    }
    Ok((asked, answers))
}

#[derive(Debug, PartialEq, Eq)]
pub enum Saved {
    Saved,
    /// Submitted, past its deadline, or not this learner's: nothing was written.
    Closed,
}

/// Saves (or clears, with `None`) answers of an open attempt, all or none. Questions
/// that are not part of the attempt are ignored.
pub async fn save(
    pool: &PgPool,
    user_id: Uuid,
    attempt_id: Uuid,
    answers: &[(Uuid, Option<Answer>)],
) -> sqlx::Result<Saved> {
    Ok(
        if write_answers(pool, user_id, attempt_id, answers).await? {
            Saved::Saved
        } else {
            Saved::Closed
        },
    )
}

/// Writes answers of `user_id`'s attempt while it is open and in time: set, or cleared
/// with `None`; questions not part of the attempt are ignored. `false` when the attempt
/// is closed (or not theirs). One statement, so a save on its own is one round trip and
/// atomic. Its FOR SHARE lets many saves run together, but not alongside a submit,
/// which takes the row FOR UPDATE: a save that waited re-reads the row, finds it
/// submitted, and writes nothing.
async fn write_answers(
    db: impl PgExecutor<'_>,
    user_id: Uuid,
    attempt_id: Uuid,
    answers: &[(Uuid, Option<Answer>)],
) -> sqlx::Result<bool> {
    let (mut set_ids, mut set_answers, mut cleared) = (Vec::new(), Vec::new(), Vec::new());
    for (question, answer) in answers {
        match answer {
            Some(answer) => {
                set_ids.push(*question);
                set_answers.push(Json(answer.clone()));
            }
            None => cleared.push(*question),
        }
    }
    sqlx::query_scalar(
        "with open as (
             select id, question_ids from quiz_attempts
             where id = $1 and user_id = $2 and state = 'in_progress'
               and (deadline is null or now() <= deadline)
             for share
         ), set as (
             insert into attempt_answers (attempt_id, question_id, answer)
             select open.id, t.q, t.a from open, unnest($3::uuid[], $4::jsonb[]) as t(q, a)
             where t.q = any(open.question_ids)
             on conflict (attempt_id, question_id)
             do update set answer = excluded.answer, saved_at = now()
         ), cleared as (
             delete from attempt_answers aa using open
             where aa.attempt_id = open.id and aa.question_id = any($5)
         )
         select exists (select from open)",
    )
    .bind(attempt_id)
    .bind(user_id)
    .bind(&set_ids)
    .bind(&set_answers)
    .bind(&cleared)
    .fetch_one(db)
    .await
}

#[derive(Debug, PartialEq)]
pub enum Submitted {
    /// Graded now, or earlier (a repeated submit returns the first grading).
    Graded {
        score: f64,
        max_score: f64,
        passed: bool,
    },
    NotFound,
}

#[derive(sqlx::FromRow)]
struct GradingRow {
    id: Uuid,
    points: i32,
    spec: Json<QuestionSpec>,
    answer: Option<Json<Answer>>,
}

/// Grades and closes the attempt, once. Answers saved after the deadline do not exist
/// (saving refuses them), so an attempt graded late is graded on what was saved in time.
pub async fn submit(pool: &PgPool, user_id: Uuid, attempt_id: Uuid) -> sqlx::Result<Submitted> {
    submit_with(pool, user_id, attempt_id, &[]).await
}

/// Writes the form's last answers and grades, in one transaction under the attempt's
/// lock: an autosave still on its way waits for the lock, then finds the attempt
/// closed, so it can never land between the final answers and the grading.
pub async fn submit_with(
    pool: &PgPool,
    user_id: Uuid,
    attempt_id: Uuid,
    final_answers: &[(Uuid, Option<Answer>)],
) -> sqlx::Result<Submitted> {
    let mut tx = pool.begin().await?;
    let attempt: Option<AttemptRow> = sqlx::query_as(&format!(
        "select {ATTEMPT_COLUMNS} from quiz_attempts a where a.id = $1 and a.user_id = $2
         for update"
    ))
    .bind(attempt_id)
    .bind(user_id)
    .fetch_optional(&mut *tx)
    .await?;
    let Some(attempt) = attempt else {
        return Ok(Submitted::NotFound);
    };
    if !attempt.is_open() {
        return Ok(Submitted::Graded {
            score: attempt.score.unwrap_or_default(),
            max_score: attempt.max_score.unwrap_or_default(),
            passed: attempt.passed.unwrap_or_default(),
        });
    }
    let in_time = attempt
        .deadline
        .is_none_or(|deadline| OffsetDateTime::now_utc() <= deadline);
    if in_time && !final_answers.is_empty() {
        write_answers(&mut *tx, user_id, attempt_id, final_answers).await?;
    }
    let (quiz_id, question_ids) = (attempt.quiz_id, attempt.question_ids);
    let rows: Vec<GradingRow> = sqlx::query_as(
        "select q.id, q.points, q.spec, aa.answer
         from questions q
         left join attempt_answers aa on aa.question_id = q.id and aa.attempt_id = $1
         where q.id = any($2)",
    )
    .bind(attempt_id)
    .bind(&question_ids)
    .fetch_all(&mut *tx)
    .await?;
    let (mut ids, mut scores, mut outcomes) = (Vec::new(), Vec::new(), Vec::new());
    let (mut total, mut max) = (0.0, 0.0);
    for row in &rows {
        let graded = row
            .spec
            .grade(row.points, row.answer.as_ref().map(|a| &a.0));
        total += graded.score;
        max += f64::from(row.points);
        if row.answer.is_some() {
            ids.push(row.id);
            scores.push(graded.score);
            outcomes.push(graded.outcome.code());
        }
    }
    sqlx::query(
        "update attempt_answers aa set score = t.score, outcome = t.outcome
         from unnest($2::uuid[], $3::float8[], $4::text[]) as t(question_id, score, outcome)
         where aa.attempt_id = $1 and aa.question_id = t.question_id",
    )
    .bind(attempt_id)
    .bind(&ids)
    .bind(&scores)
    .bind(&outcomes)
    .execute(&mut *tx)
    .await?;
    let pass_percent: i32 = sqlx::query_scalar("select pass_percent from quizzes where id = $1")
        .bind(quiz_id)
        .fetch_one(&mut *tx)
        .await?;
    let passed = meets_pass_mark(pass_percent, total, max);
    let closed = sqlx::query(
        "update quiz_attempts
         set state = 'submitted', submitted_at = least(now(), coalesce(deadline, now())),
             score = $2, max_score = $3, passed = $4
         where id = $1 and state = 'in_progress'",
    )
    .bind(attempt_id)
    .bind(total)
    .bind(max)
    .bind(passed)
    .execute(&mut *tx)
    .await?;
    debug_assert_eq!(
        closed.rows_affected(),
        1,
        "the row is locked by this transaction"
    );
    if passed {
        complete_course_if_due(&mut tx, user_id, quiz_id).await?;
    }
    tx.commit().await?;
    Ok(Submitted::Graded {
        score: total,
        max_score: max,
        passed,
    })
}

/// Passing a quiz may be the course's last requirement.
async fn complete_course_if_due(
    tx: &mut Transaction<'_, Postgres>,
    user_id: Uuid,
    quiz_id: Uuid,
) -> sqlx::Result<()> {
    // Lock the enrolment in its own statement (as marking a lesson done does), so the
    // completion check that follows sees every lesson committed before the lock.
    let course: Option<Uuid> = sqlx::query_scalar(
        "select e.course_id from enrolments e
         join quizzes q on q.version_id = e.version_id
         where q.id = $2 and e.user_id = $1
         for update of e",
    )
    .bind(user_id)
    .bind(quiz_id)
    .fetch_optional(&mut **tx)
    .await?;
    if let Some(course_id) = course {
        super::learning::record_completion_if_due(tx, user_id, course_id).await?;
    }
    Ok(())
}

/// Grades attempts left open past their deadline, oldest first, at most `limit`; the
/// number graded. (Pages grade a learner's own expired attempt as soon as they look;
/// this sweep covers learners who never come back, so completion does not wait.)
pub async fn finish_all_expired(pool: &PgPool, limit: i64) -> sqlx::Result<usize> {
    let expired: Vec<(Uuid, Uuid)> = sqlx::query_as(
        "select user_id, id from quiz_attempts
         where state = 'in_progress' and deadline < now()
         order by deadline limit $1",
    )
    .bind(limit)
    .fetch_all(pool)
    .await?;
    for (user_id, id) in &expired {
        submit(pool, *user_id, *id).await?;
    }
    Ok(expired.len())
}

/// Grades the learner's attempt at `quiz` if it is open past its deadline. An untimed
/// quiz's attempts have no deadline (a published quiz's settings never change), so
/// there is nothing to ask the database: one round trip fewer on the quiz page and at
/// the start of an attempt, which a cohort's exam spike makes for every learner at once.
pub async fn finish_expired(pool: &PgPool, user_id: Uuid, quiz: &QuizRow) -> sqlx::Result<()> {
    if quiz.time_limit_seconds.is_none() {
        return Ok(());
    }
    let quiz_id = quiz.id;
    let expired: Option<Uuid> = sqlx::query_scalar(
        "select id from quiz_attempts
         where user_id = $1 and quiz_id = $2 and state = 'in_progress' and deadline < now()",
    )
    .bind(user_id)
    .bind(quiz_id)
    .fetch_optional(pool)
    .await?;
    if let Some(id) = expired {
        submit(pool, user_id, id).await?;
    }
    Ok(())
}
