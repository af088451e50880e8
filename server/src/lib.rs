//! The axum server around the Leptos app: configuration, database, sessions, routes.
//! `main.rs` → `cli` → `config` → `telemetry` → `db` (pool, migrations) → `router` → serve.
pub mod cli;
pub mod config;
pub mod db;
pub mod health;
pub mod lang;
pub mod router;
pub mod seed;
pub mod telemetry;
