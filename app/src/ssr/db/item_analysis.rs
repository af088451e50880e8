//! Item analysis of a quiz, computed in SQL from graded attempts: per question, its
//! facility (the mean share of its points earned) and its discrimination (facility in
//! the top third of learners by attempt score, minus facility in the bottom third).
//!
//! Each learner counts once, with their first graded attempt, as in Moodle's quiz
//! statistics: later attempts are practice on questions already seen. A question an
//! attempt drew but left unanswered counts as 0.
use crate::domain::Localized;
use sqlx::{PgPool, types::Json};
use uuid::Uuid;

#[derive(Debug, sqlx::FromRow)]
pub struct ItemRow {
    pub question_id: Uuid,
    pub position: i32,
    pub prompt: Json<Localized>,
    /// First attempts that drew this question.
    pub attempts: i64,
    /// 0.0..=1.0.
    pub facility: f64,
    /// -1.0..=1.0; `None` while the top or bottom third is empty.
    pub discrimination: Option<f64>,
}

/// The learners with a graded attempt at the quiz, and each question's figures.
pub async fn item_analysis(pool: &PgPool, quiz_id: Uuid) -> sqlx::Result<(i64, Vec<ItemRow>)> {
    let learners: i64 = sqlx::query_scalar(
        "select count(distinct user_id) from quiz_attempts where quiz_id = $1 and state = 'submitted'",
    )
    .bind(quiz_id)
    .fetch_one(pool)
    .await?;
    let items = sqlx::query_as(
        "with firsts as (
             select distinct on (user_id) id, question_ids,
                    coalesce(score / nullif(max_score, 0), 0) as total
             from quiz_attempts
             where quiz_id = $1 and state = 'submitted'
             order by user_id, number
         ), ranked as (
             select id, question_ids, ntile(3) over (order by total, id) as third from firsts
         ), items as (
             select q.id as question_id, q.position, q.prompt, r.third,
                    coalesce(a.score, 0) / q.points as share
             from ranked r
             cross join lateral unnest(r.question_ids) as drawn(question_id)
             join questions q on q.id = drawn.question_id
             left join attempt_answers a on a.attempt_id = r.id and a.question_id = q.id
         )
         select question_id, position, prompt, count(*) as attempts,
                avg(share)::float8 as facility,
                (avg(share) filter (where third = 3) - avg(share) filter (where third = 1))::float8
                    as discrimination
         from items
         group by question_id, position, prompt
         order by position",
    )
    .bind(quiz_id)
    .fetch_all(pool)
    .await?;
    Ok((learners, items))
}
