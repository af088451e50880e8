//! The signed-in user, as the interface sees it. The server reads the user before a page
//! renders (`server::router`), so this is a plain value: the header and the pages that
//! differ by viewer need no Suspense of their own, and only islands ever hydrate (none
//! of which asks who is signed in), so the browser's copy is always `None`.
use crate::domain::Viewer;
use leptos::prelude::*;

#[derive(Clone)]
pub struct ViewerState {
    pub viewer: Option<Viewer>,
}

pub fn provide_viewer() {
    #[cfg(feature = "ssr")]
    let viewer = crate::ssr::auth::known_viewer();
    #[cfg(not(feature = "ssr"))]
    let viewer = None;
    provide_context(ViewerState { viewer });
}

pub fn use_viewer() -> ViewerState {
    expect_context::<ViewerState>()
}
