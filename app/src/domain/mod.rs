//! Pure domain types and rules: no Leptos, no database, no I/O.
mod access;
pub mod account;
mod catalog_filter;
mod certificate_code;
pub mod cohort;
// Holds answer keys: server build only.
#[cfg(feature = "ssr")]
pub mod course_archive;
mod lang;
mod localized;
mod navigation;
// Reads answer keys, so the browser build does not contain it (see `quiz::grading`).
#[cfg(feature = "ssr")]
pub mod question_formats;
pub mod quiz;
mod slug;
mod topic;

pub use access::{Permission, Role, UnknownRole, Viewer};
pub use catalog_filter::{COURSES_PER_PAGE, CatalogFilter, Length};
pub use certificate_code::{CertificateCode, CodeError};
pub use lang::Lang;
pub use localized::{LocalText, Localized};
pub use navigation::{encode_query, local_path};
pub use slug::{is_course_slug, is_slug};
pub use topic::Topic;
