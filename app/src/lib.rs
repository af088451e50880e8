//! IHREC Learn: the Leptos application, rendered on the server; its few islands
//! (`#[island]`) are hydrated in the browser.
//!
//! - `domain/`: pure types and rules (no I/O), shared by both sides.
//! - `api/`: `#[server]` functions and the wire types they send.
//! - `ssr/`: server-only code (database access, request context).
//! - `pages/` and `components/`: the views; `app.rs` holds the route table.
#![recursion_limit = "256"]

pub mod api;
pub mod app;
pub mod components;
pub mod domain;
pub mod error;
pub mod locale;
pub mod pages;
#[cfg(feature = "ssr")]
pub mod ssr;
pub mod viewer;

include!(concat!(env!("OUT_DIR"), "/i18n/mod.rs"));

/// Entry point of the wasm bundle: readies the reactive system for the page's islands,
/// which the hydration script (`app.rs`) then hydrates one by one.
#[cfg(feature = "hydrate")]
#[wasm_bindgen::prelude::wasm_bindgen]
pub fn hydrate() {
    console_error_panic_hook::set_once();
    leptos::mount::hydrate_islands();
}
