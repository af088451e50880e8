//! Pure domain types and rules: no Leptos, no database, no I/O.
mod lang;
mod localized;
mod topic;

pub use lang::Lang;
pub use localized::{LocalText, Localized};
pub use topic::Topic;
