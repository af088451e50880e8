//! The axum server around the Leptos app: configuration, database, sessions, routes.
//! `main.rs` → `cli` → `config` → `telemetry` → `db` (pool, migrations) → `router` → serve.
pub mod account_data;
pub mod admin;
pub mod certificates;
pub mod cli;
pub mod cohort_files;
pub mod config;
pub mod course_archive;
pub mod db;
pub mod health;
pub mod lang;
pub mod lesson_images;
pub mod page_cache;
pub mod question_files;
pub mod quiz_form;
pub mod router;
pub mod same_origin;
pub mod seed;
pub mod telemetry;
