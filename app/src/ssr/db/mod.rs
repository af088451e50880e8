//! SQL, one module per domain. Functions take a pool (or a transaction) and return
//! row types; the `api` layer turns those into wire types.
pub mod accounts;
pub mod authoring;
pub mod catalog;
pub mod certificates;
pub mod cohorts;
pub mod course_archive;
pub mod item_analysis;
pub mod learning;
pub mod quiz;
