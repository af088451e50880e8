//! IHREC Learn: the Leptos application, rendered on the server and hydrated in the browser.
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

/// Entry point of the wasm bundle: attaches the app to the server-rendered HTML.
#[cfg(feature = "hydrate")]
#[wasm_bindgen::prelude::wasm_bindgen]
pub fn hydrate() {
    console_error_panic_hook::set_once();
    leptos::mount::hydrate_body(app::App);
    // A marker for the browser tests (and a CSS hook): the page is now interactive.
    if let Some(body) = leptos::prelude::document().body() {
        let _ = body.set_attribute("data-hydrated", "true");
    }
}
