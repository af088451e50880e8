//! The connection pool and the migrations, embedded in the binary.
use crate::config::Config;
use anyhow::Context;
use sqlx::{PgPool, postgres::PgPoolOptions};
use std::time::Duration;

pub static MIGRATOR: sqlx::migrate::Migrator = sqlx::migrate!("../migrations");

pub async fn connect(config: &Config) -> anyhow::Result<PgPool> {
    PgPoolOptions::new()
        .max_connections(config.db_max_connections)
        // Fail a request quickly when the database is away, rather than queueing forever;
        // the pool reconnects by itself when it comes back.
        .acquire_timeout(Duration::from_secs(3))
        .connect(&config.database_url)
        .await
        .context("connecting to PostgreSQL (DATABASE_URL)")
}

/// Applies our migrations and the session store's table.
pub async fn migrate(pool: &PgPool) -> anyhow::Result<()> {
    MIGRATOR.run(pool).await.context("applying migrations")?;
    tower_sessions_sqlx_store::PostgresStore::new(pool.clone())
        .migrate()
        .await
        .context("creating the session table")?;
    Ok(())
}
