//! Partner cities: their admins' pages (organisations, a city, a cohort's dashboard,
//! a staff list's report), joining (code or invitation), and the public `/cities`.
mod cities;
mod dashboard;
mod import;
mod join;
mod organisation;
mod organisations;

pub use cities::CitiesPage;
pub use dashboard::CohortPage;
pub use import::ImportPage;
pub use join::{InvitationPage, JoinPage};
pub use organisation::OrganisationPage;
pub use organisations::OrganisationsPage;
