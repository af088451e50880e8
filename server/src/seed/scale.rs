//! `server seed --scale s|m|l`: a platform the size of a city network, for the
//! benchmark (`scripts/bench`) and the query-plan tests. The data itself is made by
//! `server/seed/scale.sql`, inside PostgreSQL, with one set-based insert per table;
//! this file picks the sizes, makes what needs Rust (password hashes, certificate
//! codes with their check symbol) and runs it all in one transaction.
use anyhow::Context;
use app::domain::CertificateCode;
use app::ssr::certificate::signing;
use argon2::{Algorithm, Argon2, Params, PasswordHasher, Version, password_hash::SaltString};
use rand::{Rng, SeedableRng, rngs::StdRng};
use sqlx::PgPool;
use std::time::{Duration, Instant};

/// The password of every generated account (`learner{i}@scale.example.org`,
/// `signin{k}@…`, `educator{e}@…`, `city-admin{c}@…`). Test data only.
pub const PASSWORD: &str = "scale-seed-password";

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Scale {
    S,
    M,
    L,
}

/// The sizes of one scale.
#[derive(Debug, Clone, Copy)]
pub struct Sizes {
    pub learners: u32,
    /// Including the one shaped like Moodle's size S test course.
    pub courses: u32,
    pub cities: u32,
    pub cohorts: u32,
    /// Members of cohort 0, the city's mandatory course.
    pub big_cohort: u32,
}

impl Scale {
    pub fn sizes(self) -> Sizes {
        match self {
            Scale::S => Sizes {
                learners: 1_000,
                courses: 50,
                cities: 10,
                cohorts: 30,
                big_cohort: 250,
            },
            Scale::M => Sizes {
                learners: 20_000,
                courses: 300,
                cities: 100,
                cohorts: 300,
                big_cohort: 5_000,
            },
            Scale::L => Sizes {
                learners: 200_000,
                courses: 1_000,
                cities: 1_000,
                cohorts: 3_000,
                big_cohort: 5_000,
            },
        }
    }
}

#[derive(Debug)]
pub enum Outcome {
    Loaded(Duration),
    AlreadyThere,
}

/// Loads `scale` generated from `seed`, unless it is already there. Refuses a
/// database holding another scale (or another seed): they would mix.
pub async fn load(pool: &PgPool, scale: Scale, seed: u64) -> anyhow::Result<Outcome> {
    let sizes = scale.sizes();
    let started = Instant::now();
    let learners: i64 = sqlx::query_scalar(
        "select count(*) from users where email like 'learner%@scale.example.org'",
    )
    .fetch_one(pool)
    .await?;
    if learners == i64::from(sizes.learners) {
        let first_id: Option<uuid::Uuid> =
            sqlx::query_scalar("select id from users where email = 'learner0@scale.example.org'")
                .fetch_optional(pool)
                .await?;
        let expected: uuid::Uuid = sqlx::query_scalar("select md5($1 || ':user:0:0:0')::uuid")
            .bind(seed.to_string())
            .fetch_one(pool)
            .await?;
        anyhow::ensure!(
            first_id == Some(expected),
            "this database holds scale data made from another seed; use a fresh database"
        );
        return Ok(Outcome::AlreadyThere);
    }
    anyhow::ensure!(
        learners == 0,
        "this database holds another scale ({learners} generated learners); use a fresh database"
    );

    let (password_hash, signin_hash) = tokio::task::spawn_blocking(|| -> anyhow::Result<_> {
        // The bulk accounts get a cheap hash so that a benchmark can sign thousands of
        // them in before an exam; the sign-in accounts carry the production cost.
        let cheap = Argon2::new(
            Algorithm::Argon2id,
            Version::V0x13,
            Params::new(1024, 1, 1, None).map_err(anyhow::Error::msg)?,
        );
        let salt = SaltString::from_b64("c2NhbGVzZWVkc2FsdA").map_err(anyhow::Error::msg)?;
        let hash = |argon: &Argon2| -> anyhow::Result<String> {
            Ok(argon
                .hash_password(PASSWORD.as_bytes(), &salt)
                .map_err(anyhow::Error::msg)?
                .to_string())
        };
        Ok((hash(&cheap)?, hash(&Argon2::default())?))
    })
    .await??;

    let mut tx = pool.begin().await?;
    let kid = signing::active_kid(&mut tx).await?;
    let block = (sizes.learners - sizes.big_cohort) / (sizes.cohorts - 1).max(1);
    let settings = [
        ("scale.seed", seed.to_string()),
        ("scale.learners", sizes.learners.to_string()),
        ("scale.courses", sizes.courses.to_string()),
        ("scale.cities", sizes.cities.to_string()),
        ("scale.cohorts", sizes.cohorts.to_string()),
        ("scale.big_cohort", sizes.big_cohort.to_string()),
        ("scale.block", block.max(1).to_string()),
        ("scale.password_hash", password_hash),
        ("scale.signin_hash", signin_hash),
        (
            "scale.issuer",
            serde_json::to_string(&app::ssr::messages::issuer())?,
        ),
        ("scale.kid", kid),
    ];
    for (name, value) in settings {
        sqlx::query("select set_config($1, $2, true)")
            .bind(name)
            .bind(value)
            .execute(&mut *tx)
            .await?;
    }
    // One certificate per complete enrolment of a learner with a confirmed name: two
    // complete courses per learner, every other learner (see scale.sql).
    let mut rng = StdRng::seed_from_u64(seed);
    let codes: Vec<String> = (0..sizes.learners)
        .map(|_| {
            CertificateCode::from_random(rng.r#gen())
                .as_str()
                .to_owned()
        })
        .collect();
    sqlx::query(
        "create temporary table scale_codes (n bigint primary key, code text) on commit drop",
    )
    .execute(&mut *tx)
    .await?;
    sqlx::query("insert into scale_codes select n, code from unnest($1::text[]) with ordinality as c(code, n)")
        .bind(&codes)
        .execute(&mut *tx)
        .await?;
    // Statement by statement (they are separated by blank lines), to report progress.
    for statement in include_str!("../../seed/scale.sql").split(";\n\n") {
        let sql = statement.trim();
        let Some(first) = sql
            .lines()
            .find(|line| !line.is_empty() && !line.starts_with("--"))
        else {
            continue;
        };
        let step = Instant::now();
        let done = sqlx::raw_sql(sql)
            .execute(&mut *tx)
            .await
            .with_context(|| format!("server/seed/scale.sql: {first}"))?;
        tracing::info!(
            rows = done.rows_affected(),
            seconds = step.elapsed().as_secs_f64(),
            "scale seed: {first}"
        );
    }
    tx.commit().await?;
    Ok(Outcome::Loaded(started.elapsed()))
}
