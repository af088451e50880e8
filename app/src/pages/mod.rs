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

/// A resource's key, read once when the page is built and never tracked. The pages
/// are rendered on the server from their address (islands: no client-side router ever
/// changes it under a page), so a key has nothing to follow; a key that tracked the
/// route's signals made Leptos rerun its resource in a task of its own, which, late
/// under load, found the request's signals already disposed and panicked.
pub fn page_key<K>(
    key: impl Fn() -> K + Send + Sync + 'static,
) -> impl Fn() -> K + Send + Sync + 'static {
    move || leptos::prelude::untrack(&key)
}
