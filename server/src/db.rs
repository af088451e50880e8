//! The connection pool and the migrations, embedded in the binary.
use crate::config::Config;
use anyhow::Context;
use sqlx::{
    Connection, PgPool,
    postgres::{PgConnectOptions, PgPoolOptions},
};
use std::time::Duration;

/// How long a pooled connection may sit unused before it is pinged on its next use.
/// Under load a connection is reused within milliseconds and never pinged; after the
/// database restarts, every connection from before has sat at least this long (a
/// restart takes longer), so none of them fails a request. At 30 s, those used in the
/// seconds before the restart each failed one page afterwards (the outage browser test).
const PING_WHEN_IDLE_FOR: Duration = Duration::from_secs(1);

pub static MIGRATOR: sqlx::migrate::Migrator = sqlx::migrate!("../migrations");

pub async fn connect(config: &Config) -> anyhow::Result<PgPool> {
    let options: PgConnectOptions = config
        .database_url
        .parse()
        .context("reading DATABASE_URL")?;
    // No JIT: it pays off for long analytic queries, not for ours. Compiling a plan whose
    // estimated cost passes jit_above_cost took 100 ms of the cohort dashboard's 230 ms
    // (5,000 members, scale M), far more than the query itself gained.
    let options = options.options([("jit", "off")]);
    PgPoolOptions::new()
        .max_connections(config.db_max_connections)
        // Fail a request quickly when the database is away, rather than queueing forever;
        // the pool reconnects by itself when it comes back.
        .acquire_timeout(Duration::from_secs(3))
        // sqlx pings every connection it hands out (and again on every release, which
        // cannot be turned off), so each query cost three round trips. A busy
        // connection has just proved itself alive; only one left idle a while is
        // checked before use. One that died anyway fails one query, and the release
        // ping then drops it from the pool.
        .test_before_acquire(false)
        .before_acquire(|conn, meta| {
            Box::pin(async move {
                if meta.idle_for >= PING_WHEN_IDLE_FOR {
                    conn.ping().await?;
                }
                Ok(true)
            })
        })
        .connect_with(options)
        .await
        .context("connecting to PostgreSQL (DATABASE_URL)")
}

/// Applies our migrations (the session table among them).
pub async fn migrate(pool: &PgPool) -> anyhow::Result<()> {
    MIGRATOR.run(pool).await.context("applying migrations")
}
