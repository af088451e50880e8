//! `/courses` and `/courses/{slug}`: the public catalogue.
mod course;
mod list;

pub use course::CoursePage;
pub use list::CatalogPage;
