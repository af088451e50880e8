//! Platform administration pages.
mod certificates;
mod keys;
mod users;

pub use certificates::AdminCertificatesPage;
pub use keys::AdminKeysPage;
pub use users::AdminUsersPage;
