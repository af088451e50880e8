//! Platform administration pages.
mod users;

pub use users::AdminUsersPage;
