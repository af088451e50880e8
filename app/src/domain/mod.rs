//! Pure domain types and rules: no Leptos, no database, no I/O.
mod access;
pub mod account;
mod lang;
mod localized;
mod navigation;
mod topic;

pub use access::{Permission, Role, UnknownRole, Viewer};
pub use lang::Lang;
pub use localized::{LocalText, Localized};
pub use navigation::local_path;
pub use topic::Topic;
