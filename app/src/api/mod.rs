//! `#[server]` functions, one module per domain, and the wire types they return.
//! Every function here is a public HTTP endpoint: each checks access itself, through
//! `ssr::auth::require`, before doing anything else.
pub mod account;
pub mod admin;
pub mod authoring;
pub mod catalog;
pub mod certificates;
pub mod cohorts;
pub mod learning;
pub mod organisation;
pub mod quiz;
