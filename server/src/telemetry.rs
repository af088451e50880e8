//! Logging: one line per event, request id attached by the router's trace span.
use tracing_subscriber::{EnvFilter, fmt};

pub fn init(filter: &str) {
    let filter = EnvFilter::try_new(filter).unwrap_or_else(|_| EnvFilter::new("info"));
    // A second init (in tests) is harmless: keep the first subscriber.
    let _ = fmt().with_env_filter(filter).with_target(true).try_init();
}
