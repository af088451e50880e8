//! Configuration from the environment, with defaults for local use. The README lists
//! every variable.
use anyhow::{Context, bail};
use app::ssr::auth::AuthSettings;
use leptos::config::LeptosOptions;
use std::time::Duration;

#[derive(Clone, Debug)]
pub struct Config {
    pub database_url: String,
    pub db_max_connections: u32,
    /// Requests handled at once; more wait their turn, in order, before anything is
    /// read or allocated for them. Zero: no limit.
    pub max_concurrent_requests: usize,
    pub leptos: LeptosOptions,
    /// `tracing` filter, e.g. `info` or `server=debug,tower_http=debug`.
    pub log_filter: String,
    /// Whether cookies carry `Secure` (and the session cookie the `__Host-` prefix).
    /// Off only for plain-http local use.
    pub cookie_secure: bool,
    /// A session unused for this long expires.
    pub session_idle: Duration,
    pub auth: AuthSettings,
    /// The site's address as users reach it, e.g. `https://learn.example.org`: the
    /// only `Origin` accepted on state-changing requests, and the base of links in mail.
    /// When unset, `Origin` must match the request's `Host`, and mail links use `site_addr`.
    pub public_url: Option<String>,
    pub mail: MailConfig,
    /// How long anonymous public pages are kept and sent again (`page_cache`); zero turns it off.
    pub page_cache_ttl: Duration,
}

#[derive(Clone, Debug)]
pub enum MailConfig {
    /// Development default: messages go to the `outbox` table and the log.
    Outbox,
    Smtp {
        url: String,
        from: String,
    },
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
        let mail = match std::env::var("MAIL_TRANSPORT").as_deref() {
            Err(_) | Ok("outbox") => MailConfig::Outbox,
            Ok("smtp") => MailConfig::Smtp {
                url: std::env::var("SMTP_URL").context("MAIL_TRANSPORT=smtp needs SMTP_URL")?,
                from: std::env::var("MAIL_FROM").context("MAIL_TRANSPORT=smtp needs MAIL_FROM")?,
            },
            Ok(other) => bail!("MAIL_TRANSPORT={other:?}: use outbox or smtp"),
        };
        Ok(Config {
            database_url: std::env::var("DATABASE_URL")
                .context("DATABASE_URL is not set: point it at PostgreSQL, or start the app with scripts/run")?,
            db_max_connections: parse_env("DB_MAX_CONNECTIONS", 16)?,
            max_concurrent_requests: parse_env("MAX_CONCURRENT_REQUESTS", 128)?,
            leptos,
            log_filter: std::env::var("RUST_LOG").unwrap_or_else(|_| "info".into()),
            cookie_secure: parse_env("COOKIE_SECURE", true)?,
            session_idle: Duration::from_secs(60 * parse_env::<u64>("SESSION_IDLE_MINUTES", 120)?),
            auth: AuthSettings {
                absolute_lifetime: Duration::from_secs(60 * 60 * parse_env::<u64>("SESSION_ABSOLUTE_HOURS", 12)?),
                attempts_per_account: parse_env("AUTH_ATTEMPTS_PER_ACCOUNT", 5)?,
                attempts_per_address: parse_env("AUTH_ATTEMPTS_PER_ADDRESS", 50)?,
                attempt_window: Duration::from_secs(parse_env("AUTH_ATTEMPT_WINDOW_SECONDS", 900)?),
            },
            public_url: std::env::var("PUBLIC_URL").ok().map(|url| url.trim_end_matches('/').to_owned()),
            mail,
            page_cache_ttl: Duration::from_millis(parse_env("PAGE_CACHE_MILLIS", 2000)?),
        })
    }

    /// Where links in mail point.
    pub fn link_base(&self) -> String {
        self.public_url
            .clone()
            .unwrap_or_else(|| format!("http://{}", self.leptos.site_addr))
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
