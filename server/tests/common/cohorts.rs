//! Partner cities for the tests: a city, a cohort of [`COURSE`], bulk accounts, an admin.
use super::{PASSWORD, register, sign_in};
use app::ssr::db::cohorts::{self, NewCohort, Profile};
use sqlx::PgPool;
use uuid::Uuid;

/// The course the cohorts follow.
pub const COURSE: &str = "human-rights-cities";

pub async fn city(pool: &PgPool, slug: &str) -> Uuid {
    let name = app::domain::Localized {
        en: Some(slug.to_uppercase()),
        ko: Some(format!("{slug} 시")),
    };
    cohorts::create_organisation(
        pool,
        slug,
        &Profile {
            name: &name,
            country: Some("KR"),
            region: None,
            declared_year: Some(2012),
            website: None,
        },
    )
    .await
    .expect("org")
    .expect("new slug")
}

pub async fn cohort(pool: &PgPool, org: Uuid, seats: i32, visible: bool) -> cohorts::CohortRow {
    let date = time::macros::date!(2026 - 12 - 01);
    let id = cohorts::create_cohort(
        pool,
        org,
        &NewCohort {
            course_slug: COURSE,
            name: "Staff 2026",
            starts_on: date,
            ends_on: date,
            seat_limit: seats,
            progress_visible: visible,
        },
    )
    .await
    .expect("cohort")
    .expect("published course");
    cohorts::cohort(pool, org, id)
        .await
        .expect("read")
        .expect("exists")
}

pub async fn count(pool: &PgPool, sql: &str) -> i64 {
    sqlx::query_scalar(sql)
        .fetch_one(pool)
        .await
        .expect("count")
}

pub async fn users(pool: &PgPool, prefix: &str, n: i32) -> Vec<Uuid> {
    sqlx::query_scalar(
        "insert into users (email, display_name, password_hash)
         select $1 || i || '@example.org', 'User ' || i, 'x' from generate_series(1, $2) i returning id",
    )
    .bind(prefix)
    .bind(n)
    .fetch_all(pool)
    .await
    .expect("users")
}

pub async fn admin_session(app: &axum::Router, pool: &PgPool, email: &str, org: Uuid) -> String {
    register(app, email).await;
    sqlx::query(
        "insert into memberships (organisation_id, user_id, role)
         select $1, id, 'admin' from users where email = $2",
    )
    .bind(org)
    .bind(email)
    .execute(pool)
    .await
    .expect("admin");
    sign_in(app, email, PASSWORD, None)
        .await
        .1
        .expect("signed in")
}
