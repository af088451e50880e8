//! Route components, one module (or folder) per area of the site.
pub mod account;
pub mod admin;
pub mod catalog;
pub mod certificates;
pub mod cohorts;
pub mod home;
pub mod learning;
pub mod not_found;
pub mod quiz;
pub mod teach;
