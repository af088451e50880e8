//! Route components, one module (or folder) per area of the site.
pub mod catalog;
pub mod home;
pub mod not_found;
