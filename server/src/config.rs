//! Configuration from the environment, with defaults for local use. The README lists
//! every variable.
use anyhow::{Context, bail};
use leptos::config::LeptosOptions;
use std::time::Duration;

#[derive(Clone, Debug)]
pub struct Config {
    pub database_url: String,
    pub db_max_connections: u32,
    pub leptos: LeptosOptions,
    /// `tracing` filter, e.g. `info` or `server=debug,tower_http=debug`.
    pub log_filter: String,
    /// Whether cookies carry the `Secure` attribute. Off only for plain-http local use.
    pub cookie_secure: bool,
    /// A session unused for this long expires.
    pub session_idle: Duration,
}

impl Config {
    pub fn from_env() -> anyhow::Result<Self> {
        let mut leptos = leptos::config::get_configuration(None)
            .context("reading the LEPTOS_* settings")?
            .leptos_options;
        // A binary built by plain `cargo build` (not cargo-leptos) has no bundle name baked in.
        if leptos.output_name.is_empty() {
            leptos.output_name = "ihrec-learn".into();
        }
        // Leptos defaults to DEV, which adds a live-reload socket to every page: a
        // deployment must not get that by forgetting a variable.
        if std::env::var_os("LEPTOS_ENV").is_none() {
            leptos.env = leptos::config::Env::PROD;
        }
        Ok(Config {
            database_url: std::env::var("DATABASE_URL")
                .context("DATABASE_URL is not set: point it at PostgreSQL, or start the app with scripts/run")?,
            db_max_connections: parse_env("DB_MAX_CONNECTIONS", 16)?,
            leptos,
            log_filter: std::env::var("RUST_LOG").unwrap_or_else(|_| "info".into()),
            cookie_secure: parse_env("COOKIE_SECURE", true)?,
            session_idle: Duration::from_secs(60 * parse_env::<u64>("SESSION_IDLE_MINUTES", 120)?),
        })
    }
}

fn parse_env<T: std::str::FromStr>(name: &str, default: T) -> anyhow::Result<T> {
    match std::env::var(name) {
        Err(_) => Ok(default),
        Ok(value) => match value.parse() {
            Ok(parsed) => Ok(parsed),
            Err(_) => bail!("{name}={value:?} is not valid"),
        },
    }
}
